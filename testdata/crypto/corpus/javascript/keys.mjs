import { generateKeyPairSync, generateKeyPair, createECDH, createDiffieHellman, getDiffieHellman } from 'crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

const KEY_BITS = 1024;
const SIGNING = { modulusLength: 3072, publicExponent: 0x10001 };

export function deviceKey() {
  return generateKeyPairSync('rsa', { modulusLength: KEY_BITS }); // attest-expect: crypto/short-key
}

export function serviceKey() {
  return generateKeyPairSync('rsa', SIGNING); // attest-expect: crypto/quantum-vulnerable
}

export async function tenantKey() {
  return generate('rsa', {
    modulusLength: 512, // attest-expect: crypto/short-key
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

export function sessionSigner() {
  return generateKeyPairSync('ed25519'); // attest-expect: crypto/quantum-vulnerable
}

export function legacyDsa() {
  return generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }); // attest-expect: crypto/short-key
}

export function ecSigner() {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }); // attest-expect: crypto/quantum-vulnerable
}

export function tinyCurve() {
  return generateKeyPairSync('ec', { namedCurve: 'secp192r1' }); // attest-expect: crypto/short-key
}

export function agreement() {
  const ecdh = createECDH('secp384r1'); // attest-expect: crypto/quantum-vulnerable
  return ecdh.generateKeys();
}

export function weakGroup() {
  const dh = createDiffieHellman(768); // attest-expect: crypto/short-key
  return dh.generateKeys();
}

export function modp2() {
  return getDiffieHellman('modp2'); // attest-expect: crypto/short-key
}

export function x25519() {
  return generateKeyPairSync('x25519'); // attest-expect: crypto/quantum-vulnerable
}

export function postQuantum() {
  return generateKeyPairSync('ml-dsa-65'); // attest-expect: none
}

// generateKeyPairSync('rsa', { modulusLength: 1024 }) is what the old CLI did. attest-expect: none
export const fixtures = {
  rsa: { modulusLength: 1024 }, // attest-expect: none
  curve: 'secp192r1', // attest-expect: none
};

// A look-alike: a test double that records calls and generates nothing.
const fakeCrypto = { generateKeyPairSync: (type, opts) => ({ type, opts }) };
fakeCrypto.generateKeyPairSync('rsa', { modulusLength: 1024 }); // attest-expect: none
