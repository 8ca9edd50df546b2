"""Keys for the partner mTLS channel."""
from Crypto.PublicKey import RSA as LegacyRSA
from cryptography.hazmat.primitives.asymmetric import rsa

PARTNER_KEY_SIZE = 2048
LEGACY_BITS = 512 * 2


def partner_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=PARTNER_KEY_SIZE)


def legacy_key():
    return LegacyRSA.generate(LEGACY_BITS)


def key_for(bits):
    return rsa.generate_private_key(65537, bits)


def look_alike():
    class FakeRSA:
        @staticmethod
        def generate(bits):
            return bits

    return FakeRSA.generate(1024)
