import * as tls from 'node:tls';
import https, { Agent } from 'node:https';
import { createHash, createCipheriv, randomBytes } from 'node:crypto';

interface TlsOptions {
  minVersion?: tls.SecureVersion;
  rejectUnauthorized?: boolean;
}

const PARTNER: tls.ConnectionOptions = {
  host: 'partner.example',
  port: 8443,
  minVersion: 'TLSv1.1', // attest-expect: crypto/weak-tls
  maxVersion: 'TLSv1.3', // attest-expect: none
};

export function connectPartner(): tls.TLSSocket {
  return tls.connect(PARTNER);
}

export function insecureAgent(): Agent {
  return new Agent({ rejectUnauthorized: false as boolean }); // attest-expect: crypto/weak-tls
}

export function get(url: string): void {
  https.get(url, { rejectUnauthorized: true, minVersion: 'TLSv1.2' }); // attest-expect: none
}

tls.DEFAULT_MIN_VERSION = 'TLSv1'; // attest-expect: crypto/weak-tls

export function cacheKey(parts: string[]): string {
  const cacheKey = createHash('md5').update(parts.join('|')).digest('hex'); // attest-expect: crypto/weak-hash
  return cacheKey;
}

export function passwordHash(pw: string): string {
  return createHash('sha1').update(pw).digest('hex'); // attest-expect: crypto/weak-hash
}

export function seal(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(8);
  const c = createCipheriv('bf-cbc', key, iv); // attest-expect: crypto/weak-cipher
  return Buffer.concat([iv, c.update(data), c.final()]);
}

export function sealModern(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 }); // attest-expect: none
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

const options: TlsOptions = { minVersion: 'TLSv1.3' }; // attest-expect: none
export { options };
