const assert = require('node:assert');
const { test } = require('node:test');
const storage = require('./storage');

// Test fixtures: algorithm names as data, never passed to a crypto API.
const vectors = [
  { alg: 'md5', input: 'abc', hex: '900150983cd24fb0d6963f7d28e17f72' }, // attest-expect: none
  { alg: 'sha1', input: 'abc', hex: 'a9993e364706816aba3e25717850c26c9cd0d89d' }, // attest-expect: none
];

test('etag is stable', () => {
  assert.strictEqual(storage.etagFor(Buffer.from('abc')), vectors[0].hex);
});

test('documents the legacy cipher', () => {
  assert.match(storage.DOC, /createCipheriv\('des-cbc'/); // attest-expect: none
});

const mockCrypto = {
  createHash: (alg) => ({ alg, update() { return this; }, digest: () => 'x' }),
  createCipheriv: (alg) => ({ alg }),
};
mockCrypto.createHash('md5'); // attest-expect: none
mockCrypto.createCipheriv('des-ede3-cbc'); // attest-expect: none

function createHash(alg) { return `hash:${alg}`; }
createHash('md5'); // attest-expect: none

const tlsConfig = { minVersion: process.env.TLS_MIN || 'TLSv1.2' }; // attest-expect: none
const appConfig = { minVersion: '1.0.3', maxVersion: '2.x' }; // attest-expect: none
const logMessage = `generateKeyPairSync('rsa', { modulusLength: 1024 })`; // attest-expect: none

module.exports = { tlsConfig, appConfig, logMessage };
