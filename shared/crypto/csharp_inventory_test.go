//go:build cgo

package crypto

import "testing"

func TestCSharpInventory(t *testing.T) {
	runAssetCases(t, CSharpAnalyzer{}, "X.cs", []assetCase{
		{name: "hashes, HMAC, AEAD, KDFs", src: `using System.Security.Cryptography;

class X {
  void F(byte[] key, byte[] data, byte[] salt) {
    var h = SHA256.HashData(data);
    using var s = SHA512.Create();
    using var m = new HMACSHA384(key);
    using var g = new AesGcm(key, 16);
    using var c = new ChaCha20Poly1305(key);
    var k = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32);
    using var p = new Rfc2898DeriveBytes(key, salt, 600000, HashAlgorithmName.SHA512);
    using var a = Aes.Create();
  }
}
`, want: []string{"L5 SHA-256 hash safe", "L6 SHA-512 hash safe", "L7 HMAC-SHA-384 mac safe", "L8 AES/gcm ae safe",
			"L9 ChaCha20-Poly1305 ae safe", "L10 HKDF-SHA-256 kdf safe", "L11 PBKDF2-SHA-512 kdf safe", "L12 AES block-cipher safe"}},
		{name: ".NET 10 post-quantum", src: `using System.Security.Cryptography;

class X {
  void F() {
    using MLKem kem = MLKem.GenerateKey(MLKemAlgorithm.MLKem768);
    using MLDsa dsa = MLDsa.GenerateKey(MLDsaAlgorithm.MLDsa65);
  }
}
`, want: []string{"L5 ML-KEM-768 kem safe", "L6 ML-DSA-65 signature safe"}},
		{name: "TLS protocols and flagged uses", src: `using System.Security.Authentication;
using System.Security.Cryptography;

class X {
  SslProtocols p = SslProtocols.Tls12 | SslProtocols.Tls13;
  SslProtocols q = SslProtocols.Tls11;
  void F() { using var r = RSA.Create(3072); using var m = MD5.Create(); }
}
`, want: []string{"L5 TLS 1.2 protocol safe", "L5 TLS 1.3 protocol safe", "L6 TLS 1.1 protocol weak-tls",
			"L7 MD5 hash weak-hash", "L7 RSA-3072 pke quantum-vulnerable"}},
		{name: "comments, strings and look-alikes", src: `using System.Security.Cryptography;

class SHA384 { public static int HashData(byte[] b) => 0; }
class X {
  // SHA256.HashData(data)
  string s = "new AesGcm(key)";
  void F() { SHA384.HashData(null); }
}
`, want: nil},
	})
}
