using System.Security.Cryptography;

class Keys {
  byte[] Seal(byte[] key, byte[] nonce, byte[] data, byte[] tag) {
    var ct = new byte[data.Length];
    using var g = new AesGcm(key, 16);
    g.Encrypt(nonce, data, ct, tag);
    using MLKem kem = MLKem.GenerateKey(MLKemAlgorithm.MLKem1024);
    using var rsa = RSA.Create(3072);
    return ct;
  }
}
