//go:build cgo

package crypto

import "testing"

func TestJavaInventory(t *testing.T) {
	runAssetCases(t, JavaAnalyzer{}, "A.java", []assetCase{
		{name: "JCA factories of safe algorithms", src: `import java.security.*;
import javax.crypto.*;

class A {
  void f() throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    Cipher c2 = Cipher.getInstance("ChaCha20-Poly1305");
    Mac m = Mac.getInstance("HmacSHA384");
    SecretKeyFactory k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    MessageDigest d3 = MessageDigest.getInstance("SHA3-512");
  }
}
`, want: []string{"L6 SHA-256 hash safe", "L7 AES/gcm ae safe", "L8 ChaCha20-Poly1305 ae safe", "L9 HMAC-SHA-384 mac safe",
			"L10 PBKDF2-SHA-256 kdf safe", "L11 SHA3-512 hash safe"}},
		{name: "flagged uses once, with their class", src: `import java.security.*;
import javax.crypto.*;

class A {
  void f() throws Exception {
    MessageDigest d = MessageDigest.getInstance("MD5");
    Cipher c = Cipher.getInstance("AES");
    Signature s = Signature.getInstance("SHA256withECDSA");
    Cipher r = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
  }
}
`, want: []string{"L6 MD5 hash weak-hash", "L7 AES/ecb block-cipher ecb-mode", "L8 ECDSA-SHA-256 signature quantum-vulnerable",
			"L9 RSA pke quantum-vulnerable"}},
		{name: "post-quantum: ML-KEM, ML-DSA, parameter specs", src: `import java.security.*;
import java.security.spec.NamedParameterSpec;
import javax.crypto.KEM;

class A {
  void f() throws Exception {
    KEM kem = KEM.getInstance("ML-KEM");
    KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
    g.initialize(NamedParameterSpec.ML_DSA_65);
    Signature s = Signature.getInstance("ML-DSA-87");
  }
}
`, want: []string{"L7 ML-KEM kem safe", "L8 ML-DSA signature safe", "L9 ML-DSA-65 signature safe", "L10 ML-DSA-87 signature safe"}},
		{name: "liboqs-java and Bouncy Castle's lightweight API", src: `import org.openquantumsafe.KeyEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.*;
import org.bouncycastle.pqc.crypto.mldsa.MLDSASigner;
import java.security.KeyPairGenerator;

class A {
  void f() throws Exception {
    KeyEncapsulation kem = new KeyEncapsulation("ML-KEM-1024");
    MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
    g.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
    MLDSASigner s = new MLDSASigner();
    KeyPairGenerator k = KeyPairGenerator.getInstance("Dilithium", "BCPQC");
  }
}
`, want: []string{"L8 ML-KEM-1024 kem safe", "L9 ML-KEM kem safe", "L10 ML-KEM-768 kem safe", "L11 ML-DSA signature safe",
			"L12 ML-DSA signature safe"}},
		{name: "TLS protocol versions", src: `import javax.net.ssl.SSLContext;

class A {
  void f() throws Exception {
    SSLContext a = SSLContext.getInstance("TLSv1.3");
    SSLContext b = SSLContext.getInstance("TLSv1");
  }
}
`, want: []string{"L5 TLS 1.3 protocol safe", "L6 TLS 1.0 protocol weak-tls"}},
		{name: "comments, strings and look-alikes", src: `class A {
  // MessageDigest.getInstance("SHA-256")
  String s = "Cipher.getInstance(\"AES/GCM/NoPadding\")";
  void f() { Factory.getInstance("SHA-256"); MessageDigest.getInstance("NOT-A-HASH"); }
}
`, want: nil},
	})
}
