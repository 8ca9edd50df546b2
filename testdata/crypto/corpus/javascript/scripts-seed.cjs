#!/usr/bin/env node
'use strict';
const { generateKeyPairSync, createHash } = require('node:crypto');
const { writeFileSync } = require('node:fs');

const SEED_KEY_BITS = 2048;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: SEED_KEY_BITS }); // attest-expect: crypto/quantum-vulnerable
writeFileSync('seed-key.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }));

const fingerprint = createHash('sha256').update(privateKey.export({ type: 'pkcs8', format: 'der' })).digest('hex'); // attest-expect: none
console.log(`seed key ${fingerprint} (rsa, modulusLength ${SEED_KEY_BITS})`); // attest-expect: none
