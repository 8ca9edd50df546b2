'use strict';

// Object storage helpers: content addressing, legacy record decryption and upload integrity.
const crypto = require('node:crypto');
const fs = require('fs');
const path = require('path');

const LEGACY_CIPHER = 'des-ede3-cbc';
const RECORD_CIPHER = 'aes-256-gcm';
const DIGEST = 'sha256';

// Content-MD5 is what S3 wants on PutObject; MD5 is required by the API here.
function contentMd5(body) {
  return crypto.createHash('md5').update(body).digest('base64'); // attest-expect: crypto/weak-hash
}

function etagFor(body) {
  return crypto.createHash('md5').update(body).digest('hex'); // attest-expect: crypto/weak-hash
}

function objectId(body) {
  return crypto.createHash('sha1').update(body).digest('hex'); // attest-expect: crypto/weak-hash
}

function contentId(body) {
  return crypto.createHash(DIGEST).update(body).digest('hex'); // attest-expect: none
}

function decryptLegacy(key, iv, data) {
  const d = crypto.createDecipheriv(LEGACY_CIPHER, key, iv); // attest-expect: crypto/weak-cipher
  return Buffer.concat([d.update(data), d.final()]);
}

function encryptRecord(key, plain) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv(RECORD_CIPHER, key, iv); // attest-expect: none
  const body = Buffer.concat([c.update(plain), c.final()]);
  return { iv, body, tag: c.getAuthTag() };
}

function obfuscateId(key, id) {
  const c = crypto.createCipheriv('aes-128-ecb', key, null); // attest-expect: crypto/ecb-mode
  return Buffer.concat([c.update(String(id)), c.final()]).toString('hex');
}

function scrambleLegacyToken(key, token) {
  const c = crypto.createCipheriv('rc4', key, ''); // attest-expect: crypto/weak-cipher
  return c.update(token, 'utf8', 'hex');
}

function signUpload(secret, payload) {
  return crypto.createHmac('sha1', secret).update(payload).digest('hex'); // attest-expect: crypto/weak-hash
}

function signWebhook(secret, payload) {
  return crypto.createHmac('sha256', secret).update(payload).digest('hex'); // attest-expect: none
}

// The next helper used crypto.createHash('md5') before 2023; kept for reference. attest-expect: none
const HASH_NAMES = ['md5', 'sha1', 'sha256']; // attest-expect: none
const DOC = "call crypto.createCipheriv('des-cbc', key, iv) only in migrations"; // attest-expect: none

function readManifest(dir) {
  const raw = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  return JSON.parse(raw);
}

module.exports = { contentMd5, etagFor, objectId, contentId, decryptLegacy, encryptRecord, obfuscateId,
  scrambleLegacyToken, signUpload, signWebhook, readManifest, HASH_NAMES, DOC };
