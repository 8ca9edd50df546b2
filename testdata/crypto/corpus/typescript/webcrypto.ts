// Browser and edge-runtime key handling with WebCrypto.
import { webcrypto } from 'node:crypto';

const subtle: SubtleCrypto = globalThis.crypto?.subtle ?? (webcrypto.subtle as SubtleCrypto);

const RSA_SIGN: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 1024, // attest-expect: crypto/short-key
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

export async function legacySigningKey(): Promise<CryptoKeyPair> {
  return subtle.generateKey(RSA_SIGN, false, ['sign', 'verify']);
}

export async function wrappingKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, // attest-expect: crypto/quantum-vulnerable
    true,
    ['wrapKey', 'unwrapKey'],
  );
}

export async function ecdsaKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']); // attest-expect: crypto/quantum-vulnerable
}

export async function ecdhKey(): Promise<CryptoKeyPair> {
  const params: EcKeyGenParams = { name: 'ECDH', namedCurve: 'P-384' }; // attest-expect: crypto/quantum-vulnerable
  return crypto.subtle.generateKey(params, false, ['deriveBits']);
}

export async function importPeer(spki: ArrayBuffer): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']); // attest-expect: crypto/quantum-vulnerable
}

export async function legacyFingerprint(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', data); // attest-expect: crypto/weak-hash
}

export async function sha1Signer(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    {
      name: 'RSA-PSS', // attest-expect: crypto/quantum-vulnerable
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: { name: 'SHA-1' }, // attest-expect: crypto/weak-hash
    },
    true,
    ['sign'],
  );
}

export async function dataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']); // attest-expect: none
}

export async function cbcKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, ['encrypt']); // attest-expect: none
}

export async function digest(data: BufferSource): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data); // attest-expect: none
}

// crypto.subtle.digest('SHA-1', data) is what version 1 used. attest-expect: none
export type LegacyAlg = 'SHA-1' | 'RSASSA-PKCS1-v1_5'; // attest-expect: none
export interface KeySpec { name: 'ECDSA'; namedCurve: 'P-256' } // attest-expect: none
const docs: Record<string, string> = { sha1: 'SHA-1 is deprecated' }; // attest-expect: none
export { docs };
