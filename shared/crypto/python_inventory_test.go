//go:build cgo

package crypto

import "testing"

func TestPythonInventory(t *testing.T) {
	runAssetCases(t, PythonAnalyzer{}, "app/x.py", []assetCase{
		{name: "hashlib", src: `import hashlib
a = hashlib.sha256(b"x").hexdigest()
b = hashlib.sha3_512(b"x")
c = hashlib.new("sha384")
d = hashlib.blake2b(b"x")
e = hashlib.md5(b"x")
`, want: []string{"L2 SHA-256 hash safe", "L3 SHA3-512 hash safe", "L4 SHA-384 hash safe", "L5 BLAKE2b-512 hash safe",
			"L6 MD5 hash weak-hash"}},
		{name: "HMAC and PBKDF2 with the hash as a string or a function", src: `import hashlib, hmac
mac = hmac.new(key, msg, hashlib.sha256)
mac2 = hmac.new(key, msg, digestmod="sha512")
dk = hashlib.pbkdf2_hmac("sha256", pw, salt, 600000)
`, want: []string{"L2 HMAC-SHA-256 mac safe", "L3 HMAC-SHA-512 mac safe", "L4 PBKDF2-SHA-256 kdf safe"}},
		{name: "cryptography AEAD, Cipher with a mode, KDFs", src: `from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

a = AESGCM(key)
b = ChaCha20Poly1305(key)
c = Cipher(algorithms.AES(key), modes.CBC(iv))
h = hmac.HMAC(key, hashes.SHA256())
k = HKDF(algorithm=hashes.SHA384(), length=32, salt=None, info=b"x")
p = Argon2id(salt=salt, length=32, iterations=1, lanes=4, memory_cost=65536)
d = hashes.Hash(hashes.SHA512())
`, want: []string{"L7 AES/gcm ae safe", "L8 ChaCha20-Poly1305 ae safe", "L9 AES/cbc block-cipher safe",
			"L10 HMAC-SHA-256 mac safe", "L11 HKDF-SHA-384 kdf safe", "L12 Argon2-Argon2id kdf safe", "L13 SHA-512 hash safe"}},
		{name: "PyCryptodome AES modes", src: `from Crypto.Cipher import AES
from Crypto.Hash import SHA256
a = AES.new(key, AES.MODE_GCM)
b = AES.new(key, AES.MODE_CTR, nonce=n)
c = AES.new(key, AES.MODE_ECB)
h = SHA256.new(b"x")
`, want: []string{"L3 AES/gcm ae safe", "L4 AES/ctr block-cipher safe", "L5 AES/ecb block-cipher ecb-mode", "L6 SHA-256 hash safe"}},
		{name: "post-quantum: liboqs and pqcrypto", src: `import oqs
from pqcrypto.kem.ml_kem_768 import generate_keypair
from pqcrypto.sign import ml_dsa_65
kem = oqs.KeyEncapsulation("ML-KEM-1024")
sig = oqs.Signature("ML-DSA-87")
pk, sk = generate_keypair()
s = ml_dsa_65.sign(sk, msg)
`, want: []string{"L4 ML-KEM-1024 kem safe", "L5 ML-DSA-87 signature safe", "L6 ML-KEM-768 kem safe", "L7 ML-DSA-65 signature safe"}},
		{name: "TLS versions", src: `import ssl
ctx = ssl.create_default_context()
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
old = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
`, want: []string{"L3 TLS 1.3 protocol safe", "L4 TLS 1.0 protocol weak-tls"}},
		{name: "classical public keys keep their class", src: `from cryptography.hazmat.primitives.asymmetric import rsa, ed25519
k = rsa.generate_private_key(public_exponent=65537, key_size=3072)
e = ed25519.Ed25519PrivateKey.generate()
`, want: []string{"L2 RSA-3072 pke quantum-vulnerable", "L3 Ed25519 signature quantum-vulnerable"}},
		{name: "comments, strings and look-alikes", src: `import hashlib
# hashlib.sha256(b"x") in a comment
s = "hashlib.sha256(b'x') AESGCM(key)"
class AESGCM:
    pass
a = AESGCM()
def sha256(x):
    return x
b = sha256(b"x")
hashlib = None
`, want: nil},
	})
}
