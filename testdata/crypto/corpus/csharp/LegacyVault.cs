using System;
using System.Security.Cryptography;

namespace Acme.Payments.Vault
{
    // Decrypts card data written by the 2012 vault (3DES-CBC) and re-encrypts it with AES-256-GCM.
    public static class LegacyVault
    {
        private const CipherMode LegacyMode = CipherMode.CBC;

        public static byte[] DecryptV1(byte[] key, byte[] iv, byte[] data)
        {
            using var tdes = TripleDES.Create(); // attest-expect: crypto/weak-cipher
            tdes.Key = key;
            tdes.IV = iv;
            tdes.Mode = LegacyMode; // attest-expect: none
            using var decryptor = tdes.CreateDecryptor();
            return decryptor.TransformFinalBlock(data, 0, data.Length);
        }

        public static byte[] DecryptV0(byte[] key, byte[] data)
        {
            using var des = new DESCryptoServiceProvider(); // attest-expect: crypto/weak-cipher
            des.Mode = CipherMode.ECB; // attest-expect: crypto/ecb-mode
            des.Key = key;
            using var decryptor = des.CreateDecryptor();
            return decryptor.TransformFinalBlock(data, 0, data.Length);
        }

        public static byte[] WrapKey(byte[] kek, byte[] key)
        {
            using var aes = Aes.Create(); // attest-expect: none
            aes.Key = kek;
            return aes.EncryptEcb(key, PaddingMode.None); // attest-expect: crypto/ecb-mode
        }

        public static byte[] TokenizePan(byte[] key, byte[] pan)
        {
            using var aes = Aes.Create();
            aes.KeySize = 256; // attest-expect: none
            aes.Key = key;
            aes.Mode = CipherMode.ECB; // attest-expect: crypto/ecb-mode
            using var enc = aes.CreateEncryptor();
            return enc.TransformFinalBlock(pan, 0, pan.Length);
        }

        public static byte[] EncryptV2(byte[] key, byte[] plaintext, byte[] associated)
        {
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize); // attest-expect: none
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            var ciphertext = new byte[plaintext.Length];
            using var gcm = new AesGcm(key, tag.Length); // attest-expect: none
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, associated);
            return ciphertext;
        }

        public static void Guard(SymmetricAlgorithm alg)
        {
            if (alg.Mode == CipherMode.ECB) // attest-expect: none
            {
                throw new CryptographicException("ECB is not allowed");
            }
        }

        public static SymmetricAlgorithm ByName(string name) => SymmetricAlgorithm.Create("RC2"); // attest-expect: crypto/weak-cipher

        public static byte[] ExportLegacy(byte[] key, byte[] data)
        {
            var rc2 = new RC2CryptoServiceProvider(); // attest-expect: crypto/weak-cipher
            rc2.Key = key;
            return rc2.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
        }
    }
}
