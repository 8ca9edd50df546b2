"""Client for the partner key vault, with the legacy code paths still in use."""
import hashlib
import ssl

import requests
import urllib3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dh, dsa, ec, ed25519, padding, rsa, x25519
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

LEGACY_BITS = 1024
KEY_BITS = 3072
VAULT_URL = "https://vault.internal.example/v1"


def legacy_rsa():
    return rsa.generate_private_key(public_exponent=65537, key_size=LEGACY_BITS)  # attest-expect: crypto/short-key


def interim_rsa():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)  # attest-expect: crypto/quantum-vulnerable


def legacy_dsa():
    return dsa.generate_private_key(key_size=1024)  # attest-expect: crypto/short-key


def dsa_signer():
    return dsa.generate_private_key(key_size=2048)  # attest-expect: crypto/quantum-vulnerable


def dh_params():
    return dh.generate_parameters(generator=2, key_size=2048)  # attest-expect: crypto/quantum-vulnerable


def tiny_curve():
    return ec.generate_private_key(ec.SECP192R1())  # attest-expect: crypto/short-key


def signer():
    return ec.generate_private_key(ec.SECP384R1())  # attest-expect: crypto/quantum-vulnerable


def sign(key, data):
    return key.sign(data, ec.ECDSA(hashes.SHA256()))  # attest-expect: crypto/quantum-vulnerable


def agree(private_key, peer_public_key):
    return private_key.exchange(ec.ECDH(), peer_public_key)  # attest-expect: crypto/quantum-vulnerable


def ed_key():
    return ed25519.Ed25519PrivateKey.generate()  # attest-expect: crypto/quantum-vulnerable


def x_key():
    return x25519.X25519PrivateKey.generate()  # attest-expect: crypto/quantum-vulnerable


def wrap_legacy(key, iv, data):
    enc = Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()  # attest-expect: crypto/weak-cipher
    return enc.update(data) + enc.finalize()


def wrap_ecb(key, data):
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # attest-expect: crypto/ecb-mode
    return enc.update(data) + enc.finalize()


def wrap(key, nonce, data):
    return AESGCM(key).encrypt(nonce, data, None)  # attest-expect: none


def stream(key):
    return Cipher(algorithms.ARC4(key), mode=None)  # attest-expect: crypto/weak-cipher


def fingerprint(public_bytes):
    digest = hashes.Hash(hashes.SHA1())  # attest-expect: crypto/weak-hash
    digest.update(public_bytes)
    return digest.finalize()


def modern_fingerprint(public_bytes):
    digest = hashes.Hash(hashes.SHA256())  # attest-expect: none
    digest.update(public_bytes)
    return digest.finalize()


def password_hash(password):
    return hashlib.sha1(password.encode()).hexdigest()  # attest-expect: crypto/weak-hash


def object_etag(body):
    return hashlib.md5(body).hexdigest()  # attest-expect: crypto/weak-hash


def blob_id(body):
    return hashlib.md5(body, usedforsecurity=False).hexdigest()  # attest-expect: crypto/weak-hash


def modern_digest(body):
    return hashlib.sha256(body).hexdigest()  # attest-expect: none


def oaep():
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)  # attest-expect: none


def fetch_secret(name):
    return requests.get(f"{VAULT_URL}/{name}", verify=False)  # attest-expect: crypto/weak-tls


def fetch_secret_verified(name):
    return requests.get(f"{VAULT_URL}/{name}", timeout=10)  # attest-expect: none


def legacy_pool():
    return urllib3.PoolManager(cert_reqs="CERT_NONE")  # attest-expect: crypto/weak-tls


def pool():
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED")  # attest-expect: none


def legacy_context():
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # attest-expect: crypto/weak-tls


def unverified_context():
    return ssl._create_unverified_context()  # attest-expect: crypto/weak-tls


def context():
    ctx = ssl.create_default_context()  # attest-expect: none
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2  # attest-expect: none
    return ctx


def lax_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # attest-expect: none
    ctx.minimum_version = ssl.TLSVersion.TLSv1  # attest-expect: crypto/weak-tls
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # attest-expect: crypto/weak-tls
    return ctx


def sha3_digest(body):
    return hashlib.sha3_256(body).hexdigest()  # attest-expect: none


def blake(body):
    return hashlib.new("blake2b", body).hexdigest()  # attest-expect: none


def strong_rsa_padding(public_key, data):
    return public_key.encrypt(data, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))  # attest-expect: none


def describe(ctx):
    if ctx.minimum_version == ssl.TLSVersion.TLSv1_1:  # attest-expect: none
        return "requests.get(url, verify=False) is not allowed"  # attest-expect: none
    return "ok"
