"""Test doubles that look like the crypto libraries but are not: none of this is cryptography."""
import hashlib as _unused_hashlib  # attest-expect: none

from .fakes import ssl_stub as ssl  # attest-expect: none


class DES:  # attest-expect: none
    MODE_ECB = 1  # attest-expect: none

    @staticmethod
    def new(key, mode=MODE_ECB):  # attest-expect: none
        return (key, mode)


class Session:
    verify = True

    def get(self, url, verify=True):  # attest-expect: none
        return url


def md5(data):  # attest-expect: none
    return data[::-1]


def test_round_trip():
    assert DES.new(b"k" * 8, DES.MODE_ECB)  # attest-expect: none
    assert md5(b"abc") == b"cba"  # attest-expect: none
    Session().get("https://example.test", verify=False)  # attest-expect: none
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # attest-expect: none
    assert ctx
    generate_private_key = lambda key_size: key_size  # attest-expect: none
    assert generate_private_key(key_size=512) == 512  # attest-expect: none
    # hashlib.md5(b"x") and rsa.generate_private_key(65537, 512) are examples only.  attest-expect: none
    sample = "Cipher(algorithms.TripleDES(key), modes.ECB())"  # attest-expect: none
    assert sample
