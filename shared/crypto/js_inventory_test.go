//go:build cgo

package crypto

import "testing"

func TestJavaScriptInventory(t *testing.T) {
	runAssetCases(t, JavaScriptAnalyzer{}, "a.ts", []assetCase{
		{name: "Node crypto: hashes, HMAC, ciphers, KDFs", src: `import crypto from 'node:crypto';
const a = crypto.createHash('sha256').update(x).digest('hex');
const b = crypto.createHmac('sha512', key);
const c = crypto.createCipheriv('aes-256-gcm', key, iv);
const d = crypto.createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 });
const e = crypto.pbkdf2Sync(pw, salt, 600000, 32, 'sha256');
const f = crypto.scryptSync(pw, salt, 32);
const g = crypto.createHash('md5');
`, want: []string{"L2 SHA-256 hash safe", "L3 HMAC-SHA-512 mac safe", "L4 AES-256/gcm ae safe", "L5 ChaCha20-Poly1305 ae safe",
			"L6 PBKDF2-SHA-256 kdf safe", "L7 scrypt kdf safe", "L8 MD5 hash weak-hash"}},
		{name: "WebCrypto", src: `const k = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
const h = await crypto.subtle.digest('SHA-384', data);
const m = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const e = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
`, want: []string{"L1 AES-256/gcm ae safe", "L2 SHA-384 hash safe", "L3 HMAC-SHA-256 mac safe", "L4 ECDSA P-256 signature quantum-vulnerable"}},
		{name: "post-quantum: noble and Node's ML-KEM", src: `import { ml_kem768 } from '@noble/post-quantum/ml-kem';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { generateKeyPairSync } from 'node:crypto';
const keys = ml_kem768.keygen();
const sig = ml_dsa65.sign(sk, msg);
const kp = generateKeyPairSync('ml-kem-1024');
`, want: []string{"L4 ML-KEM-768 kem safe", "L5 ML-DSA-65 signature safe", "L6 ML-KEM-1024 kem safe"}},
		{name: "TLS versions", src: `import tls from 'node:tls';
tls.connect({ host: 'x', minVersion: 'TLSv1.3' });
tls.connect({ host: 'y', minVersion: 'TLSv1' });
`, want: []string{"L2 TLS 1.3 protocol safe", "L3 TLS 1.0 protocol weak-tls"}},
		{name: "comments, strings and look-alikes", src: `// crypto.createHash('sha256')
const s = "crypto.createCipheriv('aes-256-gcm')";
const crypto = { createHash: (x) => x };
crypto.createHash('sha256');
function ml_kem768() {}
`, want: nil},
	})
}
