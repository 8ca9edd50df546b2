import hashlib
import oqs
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def fingerprint(data):
    return hashlib.sha256(data).hexdigest()


def legacy_id(data):
    return hashlib.md5(data).hexdigest()


def box(key, nonce, data):
    return AESGCM(key).encrypt(nonce, data, None)


def signer():
    return oqs.Signature("ML-DSA-65")
