"""Keys for the partner mTLS channel."""
from cryptography.hazmat.primitives.asymmetric import rsa

PARTNER_KEY_SIZE = 2048


def partner_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=PARTNER_KEY_SIZE)
