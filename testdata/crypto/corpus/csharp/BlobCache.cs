using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Acme.Storage
{
    // Content-addressed cache in front of S3. MD5 is what S3 uses for ETags, so the ETag code keeps it;
    // the integrity check of downloaded blobs uses SHA-256.
    public sealed class BlobCache
    {
        private readonly ConcurrentDictionary<string, byte[]> _entries = new();

        public static string ComputeETag(byte[] body)
        {
            using var md5 = MD5.Create(); // attest-expect: crypto/weak-hash
            return "\"" + Convert.ToHexString(md5.ComputeHash(body)).ToLowerInvariant() + "\"";
        }

        public static string CacheKey(string bucket, string key)
        {
            var cacheKey = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(bucket + "/" + key))); // attest-expect: crypto/weak-hash
            return cacheKey;
        }

        public static byte[] Integrity(Stream blob)
        {
            using var sha = SHA256.Create(); // attest-expect: none
            return sha.ComputeHash(blob);
        }

        public static byte[] PasswordVerifier(string password, byte[] salt)
        {
            var verifier = MD5.HashData(Encoding.UTF8.GetBytes(password + Convert.ToBase64String(salt))); // attest-expect: crypto/weak-hash
            return verifier;
        }

        public static byte[] DeriveKey(string password, byte[] salt)
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32); // attest-expect: none
        }

        public static byte[] LegacyDeriveKey(string password, byte[] salt)
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, 100_000, HashAlgorithmName.SHA1, 32); // attest-expect: crypto/weak-hash
        }

        public static byte[] LegacyWrappingKey(string password, byte[] salt)
        {
            using var kdf = new Rfc2898DeriveBytes(password, salt, 10_000); // attest-expect: crypto/weak-hash
            return kdf.GetBytes(32);
        }

        public static byte[] WebhookSignature(byte[] secret, byte[] body)
        {
            using var mac = new HMACSHA1(secret); // attest-expect: crypto/weak-hash
            return mac.ComputeHash(body);
        }

        public static byte[] ModernWebhookSignature(byte[] secret, byte[] body)
        {
            return HMACSHA256.HashData(secret, body); // attest-expect: none
        }

        public void Put(string key, byte[] value)
        {
            var md5Sum = value.Length; // attest-expect: none
            _entries[key] = value;
        }

        public bool TryGet(string key, out byte[] value) => _entries.TryGetValue(key, out value); // attest-expect: none
    }
}
