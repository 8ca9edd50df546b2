const https = require('https');
const tls = require('tls');
const axios = require('axios');
const { Pool } = require('pg');

const insecureAgent = new https.Agent({
  keepAlive: true,
  rejectUnauthorized: false, // attest-expect: crypto/weak-tls
});

const strictAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: true }); // attest-expect: none

const LEGACY_TLS = {
  host: 'legacy.partner.example',
  port: 443,
  minVersion: 'TLSv1', // attest-expect: crypto/weak-tls
};

function connectLegacy() {
  return tls.connect(LEGACY_TLS);
}

function connectModern(host) {
  return tls.connect({ host, port: 443, minVersion: 'TLSv1.2', servername: host }); // attest-expect: none
}

function sslv3Context() {
  return tls.createSecureContext({ secureProtocol: 'SSLv3_method' }); // attest-expect: crypto/weak-tls
}

function oldCiphers() {
  return tls.createServer({ ciphers: 'RC4-SHA:DES-CBC3-SHA:HIGH' }); // attest-expect: crypto/weak-tls
}

function safeCiphers() {
  return tls.createServer({ ciphers: 'TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-GCM-SHA256:!RC4:!aNULL' }); // attest-expect: none
}

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: { rejectUnauthorized: false }, // attest-expect: crypto/weak-tls
});

if (process.env.ALLOW_SELF_SIGNED === 'yes') {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // attest-expect: crypto/weak-tls
}
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1'; // attest-expect: none

const client = axios.create({ httpsAgent: insecureAgent, timeout: 5000 });
const verify = process.env.NODE_ENV === 'production';
const maybeStrict = new https.Agent({ rejectUnauthorized: verify }); // attest-expect: none

const docs = 'set rejectUnauthorized: false only on your laptop'; // attest-expect: none
// tls.connect({ minVersion: 'TLSv1' }) was removed in 2024 attest-expect: none

module.exports = { insecureAgent, strictAgent, connectLegacy, connectModern, sslv3Context, oldCiphers, safeCiphers,
  pool, client, maybeStrict, docs };
