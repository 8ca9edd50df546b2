//go:build cgo

package crypto

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestJavaAnalyzer(t *testing.T) {
	runCases(t, JavaAnalyzer{}, "src/A.java", javaCases)
}

// javaHeader imports the JCA packages on demand; each case adds the imports it needs beyond it. Line numbers
// in the cases count the header's three lines.
const javaHeader = "import java.security.*;\nimport javax.crypto.*;\nimport javax.net.ssl.*;\n"

// javaCases are the table of analyzer cases, also the fuzz corpus seeds.
var javaCases = []analyzerCase{
	{name: "weak digests by literal and constant", src: javaHeader + `class A {
  static final String ALG = "SHA" + "-1";
  byte[] f(byte[] d) throws Exception {
    MessageDigest.getInstance("MD5");
    MessageDigest.getInstance("md2");
    MessageDigest.getInstance(ALG);
    MessageDigest.getInstance("SHA1");
    MessageDigest.getInstance("SHA-256");
    return MessageDigest.getInstance("SHA-512/256").digest(d);
  }
}`, want: []string{"L7 weak-hash error MD5", "L8 weak-hash error MD2", "L9 weak-hash error SHA-1",
		"L10 weak-hash error SHA-1"}},
	{name: "library digest helpers and static imports", src: "import org.apache.commons.codec.digest.DigestUtils;\n" +
		"import static org.apache.commons.codec.digest.DigestUtils.*;\nimport com.google.common.hash.Hashing;\n" + `class A {
  void f(byte[] d) {
    DigestUtils.md5Hex(d);
    sha1Hex(d);
    Hashing.sha1();
    Hashing.sha256();
    DigestUtils.sha256Hex(d);
    org.springframework.util.DigestUtils.md5DigestAsHex(d);
  }
}`, want: []string{"L6 weak-hash error MD5", "L7 weak-hash error SHA-1", "L8 weak-hash error SHA-1",
		"L11 weak-hash error MD5"}},
	{name: "checksum and etag context lowers to a note", src: javaHeader + `class A {
  byte[] checksum(byte[] d) throws Exception { return MessageDigest.getInstance("MD5").digest(d); }
  void g(byte[] d) throws Exception {
    MessageDigest contentMd5 = MessageDigest.getInstance("MD5");
    MessageDigest setAgent = MessageDigest.getInstance("MD5");
  }
}`, want: []string{"L5 weak-hash note MD5", "L7 weak-hash note MD5", "L8 weak-hash error MD5"}},
	{name: "ciphers, modes and defaults", src: javaHeader + `class A {
  private static final String T = "DES/ECB/PKCS5Padding";
  void f() throws Exception {
    Cipher.getInstance(T);
    Cipher.getInstance("DESede");
    Cipher.getInstance("RC2");
    Cipher.getInstance("IDEA/CBC/NoPadding");
    Cipher.getInstance("AES");
    Cipher.getInstance("AES_256/ECB/NoPadding");
    Cipher.getInstance("AES/CBC/PKCS5Padding");
    Cipher.getInstance("AES/GCM/NoPadding");
    Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
  }
}`, want: []string{"L7 ATT-CRYPTO-WEAK-CIPHER error DES", "L8 ATT-CRYPTO-WEAK-CIPHER error 3DES",
		"L9 ATT-CRYPTO-WEAK-CIPHER error RC2", "L10 ATT-CRYPTO-WEAK-CIPHER error IDEA",
		"L11 ATT-CRYPTO-ECB-MODE error AES", "L12 ATT-CRYPTO-ECB-MODE error AES", "L15 quantum warning RSA"}},
	{name: "rsa key sizes from literals, constants, locals and specs", src: javaHeader +
		"import java.security.spec.RSAKeyGenParameterSpec;\n" + `class A {
  static final int BITS = 1 << 10;
  final int big;
  A() { this.big = 4096; }
  void f(int n) throws Exception {
    KeyPairGenerator a = KeyPairGenerator.getInstance("RSA");
    a.initialize(BITS);
    KeyPairGenerator b = KeyPairGenerator.getInstance("RSA");
    b.initialize(2048);
    KeyPairGenerator c = KeyPairGenerator.getInstance("RSA");
    c.initialize(this.big);
    KeyPairGenerator d = KeyPairGenerator.getInstance("RSA");
    d.initialize(n);
    KeyPairGenerator e = KeyPairGenerator.getInstance("RSASSA-PSS");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
  }
}`, want: []string{"L11 short-key error RSA-1024", "L13 quantum warning RSA-2048", "L15 quantum warning RSA-4096",
		"L17 quantum warning RSA-unknown", "L18 quantum warning RSA-unknown", "L20 short-key error RSA-1024"}},
	{name: "a local shadows a field, and a reassigned local is unknown", src: javaHeader + `class A {
  static final int SIZE = 4096;
  void f() throws Exception {
    int SIZE = 1024;
    KeyPairGenerator a = KeyPairGenerator.getInstance("RSA");
    a.initialize(SIZE);
  }
  void g(boolean big) throws Exception {
    int bits = 1024;
    if (big) { bits = 4096; }
    KeyPairGenerator a = KeyPairGenerator.getInstance("RSA");
    a.initialize(bits);
  }
}`, want: []string{"L9 short-key error RSA-1024", "L15 quantum warning RSA-unknown"}},
	{name: "dsa, dh, ec and edwards keys", src: javaHeader + "import java.security.spec.ECGenParameterSpec;\n" + `class A {
  void f() throws Exception {
    KeyPairGenerator d = KeyPairGenerator.getInstance("DSA");
    d.initialize(1024);
    KeyPairGenerator h = KeyPairGenerator.getInstance("DH");
    h.initialize(2048);
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
    e.initialize(new ECGenParameterSpec("secp384r1"));
    ECGenParameterSpec weak = new ECGenParameterSpec("prime192v1");
    KeyPairGenerator w = KeyPairGenerator.getInstance("EC");
    w.initialize(weak);
    KeyPairGenerator.getInstance("Ed448");
    KeyPairGenerator.getInstance("XDH");
    KeyPairGenerator.getInstance("ML-DSA-87");
  }
}`, want: []string{"L8 ATT-CRYPTO-SHORT-KEY-DSA error DSA-1024", "L10 ATT-CRYPTO-QUANTUM-VULNERABLE-DH warning DH-2048",
		"L12 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning EC-384", "L13 ATT-CRYPTO-SHORT-KEY-EC error EC-192",
		"L16 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning Ed448", "L17 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning XDH"}},
	{name: "signatures: weak hash is the worst class", src: javaHeader + `class A {
  void f() throws Exception {
    Signature.getInstance("SHA1withRSA");
    Signature.getInstance("SHA1withECDSA");
    Signature.getInstance("DSA");
    Signature.getInstance("SHA256withRSA/PSS");
    Signature.getInstance("SHA512withDSA");
    Signature.getInstance("EdDSA");
    Signature.getInstance("ML-DSA");
  }
}`, want: []string{"L6 weak-hash error SHA-1", "L7 weak-hash error SHA-1", "L8 weak-hash error SHA-1",
		"L9 quantum warning RSA", "L10 ATT-CRYPTO-QUANTUM-VULNERABLE-DSA warning DSA",
		"L11 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning EdDSA"}},
	{name: "key agreement and symmetric key sizes", src: javaHeader + `class A {
  static final int WEAK = 56;
  void f() throws Exception {
    KeyAgreement.getInstance("DH");
    KeyAgreement.getInstance("ECDH");
    KeyGenerator k = KeyGenerator.getInstance("AES");
    k.init(WEAK);
    KeyGenerator r = KeyGenerator.getInstance("RC4");
    KeyGenerator ok = KeyGenerator.getInstance("AES");
    ok.init(128);
  }
}`, want: []string{"L7 ATT-CRYPTO-QUANTUM-VULNERABLE-DH warning DH", "L8 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning ECDH",
		"L10 ATT-CRYPTO-SHORT-KEY-SYMMETRIC error AES-56", "L11 ATT-CRYPTO-WEAK-CIPHER error RC4"}},
	{name: "tls versions", src: javaHeader + `class A {
  static final String[] P = {"TLSv1.2", "TLSv1.1"};
  void f(SSLSocket s, SSLEngine e) throws Exception {
    SSLContext.getInstance("SSLv3");
    SSLContext.getInstance("TLSv1");
    SSLContext.getInstance("TLSv1.2");
    s.setEnabledProtocols(P);
    e.setEnabledProtocols(new String[] {"TLSv1.3"});
    System.setProperty("jdk.tls.client.protocols", "TLSv1.1");
  }
}`, want: []string{"L7 ATT-CRYPTO-WEAK-TLS-VERSION error SSLv3", "L8 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1",
		"L10 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1.1", "L12 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1.1"}},
	{name: "trust managers and hostname verifiers", src: javaHeader + "import java.security.cert.X509Certificate;\n" + `class A {
  static class T extends X509ExtendedTrustManager {
    public void checkServerTrusted(X509Certificate[] c, String a) { return; }
  }
  static class V implements HostnameVerifier {
    public boolean verify(String h, SSLSession s) { return true; }
  }
  static class Strict implements HostnameVerifier {
    public boolean verify(String h, SSLSession s) { return h.equals("api.example.com"); }
  }
  void f(HttpsURLConnection c) {
    HostnameVerifier hv = (h, s) -> true;
    c.setHostnameVerifier(hv);
    HttpsURLConnection.setDefaultHostnameVerifier((h, s) -> { return true; });
    c.setHostnameVerifier((h, s) -> false);
  }
}`, want: []string{"L7 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS", "L10 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS",
		"L16 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS", "L18 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS"}},
	{name: "comments, strings and look-alikes are not uses", src: `import java.util.*;
// MessageDigest.getInstance("MD5")
class A {
  /* Cipher.getInstance("DES") */
  String s = "Signature.getInstance(\"SHA1withRSA\")";
  void f(Map<String, Object> m, Object messageDigest) {
    m.get("MD5");
    MessageDigest.getInstance("MD5");
    Cipher.getInstance("DES");
  }
}`, want: nil},
	{name: "a class declared in the file shadows the imported one", src: javaHeader + `class A {
  static class MessageDigest { static MessageDigest getInstance(String n) { return null; } }
  void f() { MessageDigest.getInstance("MD5"); java.security.MessageDigest.getInstance("MD5"); }
}`, want: []string{"L6 weak-hash error MD5"}},
	{name: "bouncy castle and apache http", src: "import org.bouncycastle.crypto.digests.*;\n" +
		"import org.bouncycastle.crypto.engines.DESEngine;\nimport org.apache.hc.client5.http.conn.ssl.NoopHostnameVerifier;\n" +
		"import javax.crypto.spec.*;\nimport okhttp3.*;\n" + `class A {
  void f(byte[] k) {
    new MD5Digest();
    new SHA256Digest();
    new DESEngine();
    new NoopHostnameVerifier();
    new DESedeKeySpec(k);
    new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_0);
    new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(TlsVersion.TLS_1_3);
  }
}`, want: []string{"L8 weak-hash error MD5", "L10 ATT-CRYPTO-WEAK-CIPHER error DES", "L11 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS",
		"L12 ATT-CRYPTO-WEAK-CIPHER error 3DES", "L13 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1"}},
}

func TestJavaMessages(t *testing.T) {
	src := javaHeader + `class A {
  void f() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    Cipher.getInstance("DES");
  }
}`
	fs, err := findingsOf(JavaAnalyzer{}.Analyze(context.Background(), "A.java", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("got %d findings; want 2", len(fs))
	}
	for _, want := range []string{"2030", "2035", "ML-DSA-65", "NIST IR 8547", "256"} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("quantum message %q; want it to mention %q", fs[0].Message, want)
		}
	}
	if fs[0].Props["keySize"] != "256" || fs[0].Props["api"] == "" {
		t.Errorf("got props %v; want keySize 256 and an api", fs[0].Props)
	}
	for _, want := range []string{"SP 800-131A", "AES/GCM/NoPadding"} {
		if !strings.Contains(fs[1].Message, want) {
			t.Errorf("cipher message %q; want it to mention %q", fs[1].Message, want)
		}
	}
}

func TestJavaBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{name: "syntax error", src: "class A { void f() { MessageDigest.getInstance(\"MD5\" } }"},
		{name: "binary", src: "\x00\x01\x02class\xff\xfe"},
		{name: "unclosed class", src: "import java.security.*; class A {"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := findingsOf(JavaAnalyzer{}.Analyze(context.Background(), "A.java", []byte(tc.src)))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error %v; want a *ParseError", err)
			}
			if len(fs) != 0 {
				t.Errorf("got %d findings; want none for a file that does not parse", len(fs))
			}
		})
	}
}

func TestJavaDeepNesting(t *testing.T) {
	src := javaHeader + "class A { int x = " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) +
		"; static final String S = " + strings.Repeat("\"a\" + ", 3000) + "\"b\"; void f() throws Exception { MessageDigest.getInstance(S); } }"
	if _, err := (JavaAnalyzer{}).Analyze(context.Background(), "A.java", []byte(src)); err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("got error %v; want nil or a *ParseError", err)
		}
	}
}

func TestJavaCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (JavaAnalyzer{}).Analyze(ctx, "A.java", []byte("class A {}")); !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v; want context.Canceled", err)
	}
}

func TestJavaTriggersCoverOneAPIFiles(t *testing.T) {
	tests := []struct{ name, src string }{
		{name: "okhttp", src: "import okhttp3.*;\nclass A { Object s = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(TlsVersion.TLS_1_1); }"},
		{name: "des key spec", src: "import javax.crypto.spec.DESKeySpec;\nclass A { Object k(byte[] b) throws Exception { return new DESKeySpec(b); } }"},
		{name: "trust strategy lambda", src: "class A { void f(SSLContextBuilder b) throws Exception { b.loadTrustMaterial(null, (chain, type) -> true); } }"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := findingsOf(JavaAnalyzer{}.Analyze(context.Background(), "A.java", []byte(tc.src)))
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 {
				t.Errorf("got %d findings; want 1", len(fs))
			}
		})
	}
}
