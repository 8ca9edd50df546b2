using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Acme.Identity.Tokens
{
    /// <summary>
    /// Signs and verifies session tokens. Legacy tenants still use the RSA-1024 keys issued in 2014;
    /// new tenants get ECDSA P-256. Do not use MD5.Create() or SHA1.Create() here. // attest-expect: none
    /// </summary>
    public sealed class TokenSigner : IDisposable
    {
        private const int LegacyKeyBits = 1024;
        private const int ModernKeyBits = 3072;
        private const string LegacyDigest = "SHA1";
        private static readonly string AuditDigest = "SHA256";

        private readonly RSA _legacy;
        private readonly RSA _modern;
        private readonly ECDsa _ecdsa;

        public TokenSigner()
        {
            _legacy = new RSACryptoServiceProvider(LegacyKeyBits); // attest-expect: crypto/short-key
            _modern = RSA.Create(ModernKeyBits); // attest-expect: crypto/quantum-vulnerable
            _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256); // attest-expect: crypto/quantum-vulnerable
        }

        public byte[] SignLegacy(byte[] payload)
        {
            using var digest = HashAlgorithm.Create(LegacyDigest); // attest-expect: crypto/weak-hash
            var hash = digest.ComputeHash(payload);
            return _legacy.SignHash(hash, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1); // attest-expect: crypto/weak-hash
        }

        public byte[] SignModern(byte[] payload)
        {
            return _modern.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pss); // attest-expect: none
        }

        public byte[] SignCompact(byte[] payload)
        {
            return _ecdsa.SignData(payload, HashAlgorithmName.SHA384); // attest-expect: none
        }

        public byte[] AuditHash(byte[] payload)
        {
            using var audit = HashAlgorithm.Create(AuditDigest); // attest-expect: none
            return audit.ComputeHash(payload);
        }

        public static RSA ImportFromPem(string pem)
        {
            var rsa = RSA.Create(); // attest-expect: crypto/quantum-vulnerable
            rsa.ImportFromPem(pem);
            return rsa;
        }

        public static RSA Downgrade(RSA key)
        {
            key.KeySize = LegacyKeyBits; // attest-expect: crypto/short-key
            return key;
        }

        public static DSA LegacyDsa() => DSA.Create(1024); // attest-expect: crypto/short-key

        public static string Describe() => "RSA.Create(1024) was replaced by RSA.Create(3072)"; // attest-expect: none

        public void Dispose()
        {
            _legacy.Dispose();
            _modern.Dispose();
            _ecdsa.Dispose();
        }
    }
}
