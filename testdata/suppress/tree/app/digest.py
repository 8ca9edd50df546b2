import hashlib


def password_digest(password):
    # attest:ignore ATT-CRYPTO-WEAK-HASH migration shim: verifies legacy hashes once, then rehashes with scrypt
    return hashlib.md5(password).hexdigest()


def token_digest(token):
    return hashlib.sha1(token).hexdigest()  # attest:ignore crypto/weak-hash


def banner():
    return "# attest:ignore ATT-CRYPTO-WEAK-HASH inside a string, which suppresses nothing"


def signature(key):
    return hashlib.sha1(key).digest()  # attest:ignore ATT-CRYPTO-WEAK-CIPHER wrong rule named here
