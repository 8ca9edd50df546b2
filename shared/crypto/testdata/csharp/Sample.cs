using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;

namespace Acme.Payments
{
    public sealed class LegacyCrypto
    {
        private const int KeyBits = 1024;
        private const string DigestName = "MD5";
        private static readonly int StrongBits = 4096;

        public byte[] Fingerprint(byte[] data)
        {
            using var md5 = MD5.Create();
            return md5.ComputeHash(data);
        }

        public string ComputeETag(byte[] body)
        {
            using (var hasher = MD5.Create())
            {
                return Convert.ToHexString(hasher.ComputeHash(body));
            }
        }

        public byte[] Sign(byte[] data)
        {
            var sha = new SHA1Managed();
            var byName = HashAlgorithm.Create(DigestName);
            var mac = new HMACSHA1(Encoding.UTF8.GetBytes("k"));
            var mac5 = new HMACMD5(Encoding.UTF8.GetBytes("k"));
            byte[] quick = SHA1.HashData(data);
            using var rsa = new RSACryptoServiceProvider(KeyBits);
            using var rsaDefault = new RSACryptoServiceProvider();
            using var rsa2 = RSA.Create(StrongBits);
            using var rsa3 = RSA.Create();
            rsa3.KeySize = 1024;
            return rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }

        public byte[] Encrypt(byte[] key, byte[] data)
        {
            using var des = DES.Create();
            using var tdes = new TripleDESCryptoServiceProvider();
            using var aes = Aes.Create();
            aes.Mode = CipherMode.ECB;
            aes.KeySize = 64;
            if (aes.Mode == CipherMode.ECB) { throw new InvalidOperationException(); }
            return aes.EncryptEcb(data, PaddingMode.PKCS7);
        }

        public void Keys()
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var weakEc = ECDsa.Create(ECCurve.NamedCurves.brainpoolP160r1);
            using var ecdh = ECDiffieHellman.Create();
            using var dsa = DSA.Create(1024);
        }

        public HttpClient Client()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;
            ServicePointManager.SecurityProtocol &= ~SecurityProtocolType.Tls11;
            ServicePointManager.ServerCertificateValidationCallback = (sender, cert, chain, errors) => true;
            var handler = new HttpClientHandler
            {
                SslProtocols = SslProtocols.Tls11,
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            };
            handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => e == SslPolicyErrors.None;
            return new HttpClient(handler);
        }
    }
}
