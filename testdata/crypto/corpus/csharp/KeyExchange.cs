using System;
using System.Security.Cryptography;

namespace Acme.Messaging
{
    // End-to-end encryption for device messages: ECDH key agreement + AES-256-GCM.
    public sealed class KeyExchange
    {
        private static readonly ECCurve Curve = ECCurve.NamedCurves.nistP384;

        public static ECDiffieHellman NewEphemeral() => ECDiffieHellman.Create(Curve); // attest-expect: crypto/quantum-vulnerable

        public static ECDiffieHellman NewIoTEphemeral()
        {
            return ECDiffieHellman.Create(ECCurve.CreateFromFriendlyName("secp160r1")); // attest-expect: crypto/short-key
        }

        public static ECDsa DeviceIdentity() => new ECDsaCng(256); // attest-expect: crypto/quantum-vulnerable

        public static byte[] Derive(ECDiffieHellman mine, ECDiffieHellmanPublicKey theirs)
        {
            return mine.DeriveKeyFromHash(theirs, HashAlgorithmName.SHA256); // attest-expect: none
        }

        public static RSA Wrapping(int bits) => RSA.Create(bits); // attest-expect: crypto/quantum-vulnerable

        public static RSA ArchiveKey()
        {
            var size = 2048;
            return new RSACng(size); // attest-expect: crypto/quantum-vulnerable
        }

        public static byte[] Seal(byte[] key, byte[] plaintext)
        {
            using var aes = new AesGcm(key, 16); // attest-expect: none
            var nonce = RandomNumberGenerator.GetBytes(12);
            var tag = new byte[16];
            var ct = new byte[plaintext.Length];
            aes.Encrypt(nonce, plaintext, ct, tag);
            return ct;
        }

        public static bool IsWeak(ECCurve curve) => curve.Oid.FriendlyName == "secp160r1"; // attest-expect: none

        public static DSA Legacy() => new DSACryptoServiceProvider(); // attest-expect: crypto/short-key

        public static byte[] Fingerprint(byte[] publicKey)
        {
            return SHA1.HashData(publicKey); // attest-expect: crypto/weak-hash
        }
    }
}
