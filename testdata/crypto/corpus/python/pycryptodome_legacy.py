"""Legacy token encryption on PyCryptodome, kept to read old tokens."""
from Crypto.Cipher import AES, ARC4, DES, DES3, PKCS1_OAEP
from Crypto.Hash import MD5, SHA1, SHA256
from Crypto.PublicKey import DSA, ECC
from Crypto.Signature import DSS, pkcs1_15, pss

TOKEN_MODE = AES.MODE_ECB
DSA_BITS = 1024


def old_token(key, data):
    return DES3.new(key, DES3.MODE_CBC, iv=b"\0" * 8).encrypt(data)  # attest-expect: crypto/weak-cipher


def rc4_token(key, data):
    return ARC4.new(key).encrypt(data)  # attest-expect: crypto/weak-cipher


def ecb_token(key, data):
    return AES.new(key, TOKEN_MODE).encrypt(data)  # attest-expect: crypto/ecb-mode


def ecb_explicit(key, data):
    return AES.new(key, AES.MODE_ECB).encrypt(data)  # attest-expect: crypto/ecb-mode


def gcm_token(key, data):
    cipher = AES.new(key, AES.MODE_GCM)  # attest-expect: none
    return cipher.encrypt_and_digest(data)


def token_digest(data):
    return MD5.new(data).hexdigest()  # attest-expect: crypto/weak-hash


def token_sha1(data):
    return SHA1.new(data).digest()  # attest-expect: crypto/weak-hash


def cache_key(data):
    return MD5.new(data).hexdigest()  # attest-expect: crypto/weak-hash


def token_sha256(data):
    return SHA256.new(data).digest()  # attest-expect: none


def dsa_key():
    return DSA.generate(DSA_BITS)  # attest-expect: crypto/short-key


def ecc_key():
    return ECC.generate(curve="P-256")  # attest-expect: crypto/quantum-vulnerable


def sign_rsa(key, h):
    return pkcs1_15.new(key).sign(h)  # attest-expect: crypto/quantum-vulnerable


def sign_pss(key, h):
    return pss.new(key).sign(h)  # attest-expect: crypto/quantum-vulnerable


def sign_dss(key, h):
    return DSS.new(key, "fips-186-3").sign(h)  # attest-expect: crypto/quantum-vulnerable


def encrypt_rsa(key, data):
    return PKCS1_OAEP.new(key).encrypt(data)  # attest-expect: crypto/quantum-vulnerable


# AES.new(key, AES.MODE_ECB) is how the v1 tokens were made.  attest-expect: none
NOTE = "DES3.new(key) and ARC4.new(key) are banned"  # attest-expect: none


def chacha_token(key, data):
    from Crypto.Cipher import ChaCha20_Poly1305  # attest-expect: none
    cipher = ChaCha20_Poly1305.new(key=key)  # attest-expect: none
    return cipher.encrypt_and_digest(data)


def ctr_token(key, data):
    return AES.new(key, AES.MODE_CTR, nonce=b"\0" * 8).encrypt(data)  # attest-expect: none


def eax_token(key, data):
    return AES.new(key, mode=AES.MODE_EAX).encrypt_and_digest(data)  # attest-expect: none


def sha3_token(data):
    from Crypto.Hash import SHA3_256  # attest-expect: none
    return SHA3_256.new(data).digest()  # attest-expect: none
