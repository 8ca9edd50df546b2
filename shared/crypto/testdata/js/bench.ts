// Benchmark input: a service module of typical size, with crypto, TLS and unrelated code.
// Browser and edge-runtime key handling with WebCrypto.
import { webcrypto } from 'node:crypto';

const subtle: SubtleCrypto = globalThis.crypto?.subtle ?? (webcrypto.subtle as SubtleCrypto);

const RSA_SIGN: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 1024, 
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

async function legacySigningKey(): Promise<CryptoKeyPair> {
  return subtle.generateKey(RSA_SIGN, false, ['sign', 'verify']);
}

async function wrappingKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, 
    true,
    ['wrapKey', 'unwrapKey'],
  );
}

async function ecdsaKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']); 
}

async function ecdhKey(): Promise<CryptoKeyPair> {
  const params: EcKeyGenParams = { name: 'ECDH', namedCurve: 'P-384' }; 
  return crypto.subtle.generateKey(params, false, ['deriveBits']);
}

async function importPeer(spki: ArrayBuffer): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']); 
}

async function legacyFingerprint(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', data); 
}

async function sha1Signer(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    {
      name: 'RSA-PSS', 
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: { name: 'SHA-1' }, 
    },
    true,
    ['sign'],
  );
}

async function dataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']); 
}

async function cbcKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, ['encrypt']); 
}

async function digest(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data); 
}

// crypto.subtle.digest('SHA-1', data) is what version 1 used. attest-expect: none
type LegacyAlg = 'SHA-1' | 'RSASSA-PKCS1-v1_5'; 
interface KeySpec { name: 'ECDSA'; namedCurve: 'P-256' } 
const docs: Record<string, string> = { sha1: 'SHA-1 is deprecated' }; 
{ docs };
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
  minVersion: 'TLSv1.1', 
  maxVersion: 'TLSv1.3', 
};

function connectPartner(): tls.TLSSocket {
  return tls.connect(PARTNER);
}

function insecureAgent(): Agent {
  return new Agent({ rejectUnauthorized: false as boolean }); 
}

function get(url: string): void {
  https.get(url, { rejectUnauthorized: true, minVersion: 'TLSv1.2' }); 
}

tls.DEFAULT_MIN_VERSION = 'TLSv1'; 

function cacheKey(parts: string[]): string {
  const cacheKey = createHash('md5').update(parts.join('|')).digest('hex'); 
  return cacheKey;
}

function passwordHash(pw: string): string {
  return createHash('sha1').update(pw).digest('hex'); 
}

function seal(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(8);
  const c = createCipheriv('bf-cbc', key, iv); 
  return Buffer.concat([iv, c.update(data), c.final()]);
}

function sealModern(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 }); 
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

const options: TlsOptions = { minVersion: 'TLSv1.3' }; 
{ options };
// Names that look like crypto APIs but are not.
import { createHash as projectHash } from './hash';
import type { Hash } from 'node:crypto';

class Subtle {
  generateKey(alg: { name: string; modulusLength?: number }): string {
    return alg.name;
  }
}

const subtle = new Subtle();
subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024 }); 
projectHash('md5'); 

function describe(h: Hash | undefined): string {
  const algorithm: string = 'sha1'; 
  return `${algorithm}:${h === undefined}`;
}

const settings = {
  cipherName: 'des-ede3-cbc', 
  curve: 'secp192r1', 
  rejectUnauthorizedDefault: false, 
};
// Browser and edge-runtime key handling with WebCrypto.
import { webcrypto } from 'node:crypto';

const subtle: SubtleCrypto = globalThis.crypto?.subtle ?? (webcrypto.subtle as SubtleCrypto);

const RSA_SIGN: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 1024, 
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

async function legacySigningKey(): Promise<CryptoKeyPair> {
  return subtle.generateKey(RSA_SIGN, false, ['sign', 'verify']);
}

async function wrappingKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, 
    true,
    ['wrapKey', 'unwrapKey'],
  );
}

async function ecdsaKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']); 
}

async function ecdhKey(): Promise<CryptoKeyPair> {
  const params: EcKeyGenParams = { name: 'ECDH', namedCurve: 'P-384' }; 
  return crypto.subtle.generateKey(params, false, ['deriveBits']);
}

async function importPeer(spki: ArrayBuffer): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']); 
}

async function legacyFingerprint(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', data); 
}

async function sha1Signer(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    {
      name: 'RSA-PSS', 
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: { name: 'SHA-1' }, 
    },
    true,
    ['sign'],
  );
}

async function dataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']); 
}

async function cbcKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, ['encrypt']); 
}

async function digest(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data); 
}

// crypto.subtle.digest('SHA-1', data) is what version 1 used. attest-expect: none
type LegacyAlg = 'SHA-1' | 'RSASSA-PKCS1-v1_5'; 
interface KeySpec { name: 'ECDSA'; namedCurve: 'P-256' } 
const docs: Record<string, string> = { sha1: 'SHA-1 is deprecated' }; 
{ docs };
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
  minVersion: 'TLSv1.1', 
  maxVersion: 'TLSv1.3', 
};

function connectPartner(): tls.TLSSocket {
  return tls.connect(PARTNER);
}

function insecureAgent(): Agent {
  return new Agent({ rejectUnauthorized: false as boolean }); 
}

function get(url: string): void {
  https.get(url, { rejectUnauthorized: true, minVersion: 'TLSv1.2' }); 
}

tls.DEFAULT_MIN_VERSION = 'TLSv1'; 

function cacheKey(parts: string[]): string {
  const cacheKey = createHash('md5').update(parts.join('|')).digest('hex'); 
  return cacheKey;
}

function passwordHash(pw: string): string {
  return createHash('sha1').update(pw).digest('hex'); 
}

function seal(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(8);
  const c = createCipheriv('bf-cbc', key, iv); 
  return Buffer.concat([iv, c.update(data), c.final()]);
}

function sealModern(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 }); 
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

const options: TlsOptions = { minVersion: 'TLSv1.3' }; 
{ options };
// Names that look like crypto APIs but are not.
import { createHash as projectHash } from './hash';
import type { Hash } from 'node:crypto';

class Subtle {
  generateKey(alg: { name: string; modulusLength?: number }): string {
    return alg.name;
  }
}

const subtle = new Subtle();
subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024 }); 
projectHash('md5'); 

function describe(h: Hash | undefined): string {
  const algorithm: string = 'sha1'; 
  return `${algorithm}:${h === undefined}`;
}

const settings = {
  cipherName: 'des-ede3-cbc', 
  curve: 'secp192r1', 
  rejectUnauthorizedDefault: false, 
};
// Browser and edge-runtime key handling with WebCrypto.
import { webcrypto } from 'node:crypto';

const subtle: SubtleCrypto = globalThis.crypto?.subtle ?? (webcrypto.subtle as SubtleCrypto);

const RSA_SIGN: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 1024, 
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

async function legacySigningKey(): Promise<CryptoKeyPair> {
  return subtle.generateKey(RSA_SIGN, false, ['sign', 'verify']);
}

async function wrappingKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, 
    true,
    ['wrapKey', 'unwrapKey'],
  );
}

async function ecdsaKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']); 
}

async function ecdhKey(): Promise<CryptoKeyPair> {
  const params: EcKeyGenParams = { name: 'ECDH', namedCurve: 'P-384' }; 
  return crypto.subtle.generateKey(params, false, ['deriveBits']);
}

async function importPeer(spki: ArrayBuffer): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']); 
}

async function legacyFingerprint(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', data); 
}

async function sha1Signer(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    {
      name: 'RSA-PSS', 
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: { name: 'SHA-1' }, 
    },
    true,
    ['sign'],
  );
}

async function dataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']); 
}

async function cbcKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, ['encrypt']); 
}

async function digest(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data); 
}

// crypto.subtle.digest('SHA-1', data) is what version 1 used. attest-expect: none
type LegacyAlg = 'SHA-1' | 'RSASSA-PKCS1-v1_5'; 
interface KeySpec { name: 'ECDSA'; namedCurve: 'P-256' } 
const docs: Record<string, string> = { sha1: 'SHA-1 is deprecated' }; 
{ docs };
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
  minVersion: 'TLSv1.1', 
  maxVersion: 'TLSv1.3', 
};

function connectPartner(): tls.TLSSocket {
  return tls.connect(PARTNER);
}

function insecureAgent(): Agent {
  return new Agent({ rejectUnauthorized: false as boolean }); 
}

function get(url: string): void {
  https.get(url, { rejectUnauthorized: true, minVersion: 'TLSv1.2' }); 
}

tls.DEFAULT_MIN_VERSION = 'TLSv1'; 

function cacheKey(parts: string[]): string {
  const cacheKey = createHash('md5').update(parts.join('|')).digest('hex'); 
  return cacheKey;
}

function passwordHash(pw: string): string {
  return createHash('sha1').update(pw).digest('hex'); 
}

function seal(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(8);
  const c = createCipheriv('bf-cbc', key, iv); 
  return Buffer.concat([iv, c.update(data), c.final()]);
}

function sealModern(key: Buffer, data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 }); 
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

const options: TlsOptions = { minVersion: 'TLSv1.3' }; 
{ options };
// Names that look like crypto APIs but are not.
import { createHash as projectHash } from './hash';
import type { Hash } from 'node:crypto';

class Subtle {
  generateKey(alg: { name: string; modulusLength?: number }): string {
    return alg.name;
  }
}

const subtle = new Subtle();
subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024 }); 
projectHash('md5'); 

function describe(h: Hash | undefined): string {
  const algorithm: string = 'sha1'; 
  return `${algorithm}:${h === undefined}`;
}

const settings = {
  cipherName: 'des-ede3-cbc', 
  curve: 'secp192r1', 
  rejectUnauthorizedDefault: false, 
};
