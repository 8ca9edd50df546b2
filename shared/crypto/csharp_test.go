//go:build cgo

package crypto

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestCSharpAnalyzer(t *testing.T) {
	runCases(t, CSharpAnalyzer{}, "src/X.cs", csCases)
}

// csHeader is the usual using block; each case states the usings it needs beyond it.
const csHeader = "using System;\nusing System.Security.Cryptography;\n"

// csCases are the table of analyzer cases, also the fuzz corpus seeds. Line numbers count the header's two lines.
var csCases = []analyzerCase{
	{name: "weak hash factories and classes", src: csHeader + `class A {
  byte[] F(byte[] d) {
    using var a = MD5.Create();
    using var b = SHA1.Create();
    var c = new MD5CryptoServiceProvider();
    var e = new SHA1Managed();
    var g = SHA1.HashData(d);
    var h = MD5.HashData(d);
    var i = SHA256.Create();
    return SHA512.HashData(d);
  }
}`, want: []string{"L5 weak-hash error MD5", "L6 weak-hash error SHA-1", "L7 weak-hash error MD5",
		"L8 weak-hash error SHA-1", "L9 weak-hash error SHA-1", "L10 weak-hash error MD5"}},
	{name: "hash by name through constants", src: csHeader + `class A {
  const string Name = "MD" + "5";
  static readonly string Legacy = "SHA1";
  void F(string userChoice) {
    var a = HashAlgorithm.Create(Name);
    var b = HashAlgorithm.Create(Legacy);
    var c = (HashAlgorithm)CryptoConfig.CreateFromName("System.Security.Cryptography.MD5");
    var d = HashAlgorithm.Create("SHA256");
    var e = HashAlgorithm.Create(userChoice);
    var f = SymmetricAlgorithm.Create("TripleDES");
  }
}`, want: []string{"L7 weak-hash error MD5", "L8 weak-hash error SHA-1", "L9 weak-hash error MD5",
		"L12 ATT-CRYPTO-WEAK-CIPHER error 3DES"}},
	{name: "hmac: md5 is an error, sha1 a note", src: csHeader + `class A {
  void F(byte[] k, byte[] d) {
    var a = new HMACMD5(k);
    var b = new HMACSHA1(k);
    var c = HMACSHA1.HashData(k, d);
    var e = new HMACSHA256(k);
  }
}`, want: []string{"L5 weak-hash error HMAC-MD5", "L6 weak-hash note HMAC-SHA-1", "L7 weak-hash note HMAC-SHA-1"}},
	{name: "checksum and etag context lowers to a note", src: csHeader + `class A {
  string ComputeETag(byte[] body) {
    using var md5 = MD5.Create();
    return Convert.ToHexString(md5.ComputeHash(body));
  }
  void G(byte[] d) {
    var cacheKey = Convert.ToHexString(SHA1.HashData(d));
    var token = Convert.ToHexString(SHA1.HashData(d));
  }
}`, want: []string{"L5 weak-hash note MD5", "L9 weak-hash note SHA-1", "L10 weak-hash error SHA-1"}},
	{name: "hash algorithm names", src: csHeader + `class A {
  void F(RSA rsa, byte[] d, string pw, byte[] salt) {
    rsa.SignData(d, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    using var h = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    var kdf = new Rfc2898DeriveBytes(pw, salt, 600000, HashAlgorithmName.SHA1);
    rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    if (h.AlgorithmName == HashAlgorithmName.SHA1) { }
    var legacy = new Rfc2898DeriveBytes(pw, salt, 1000);
    var modern = new Rfc2898DeriveBytes(pw, salt, 600000, HashAlgorithmName.SHA512);
  }
}`, want: []string{"L5 weak-hash error SHA-1", "L6 weak-hash error MD5", "L7 weak-hash note HMAC-SHA-1",
		"L10 weak-hash note HMAC-SHA-1"}},
	{name: "weak ciphers", src: csHeader + `class A {
  void F() {
    using var a = DES.Create();
    using var b = TripleDES.Create();
    using var c = RC2.Create();
    var d = new DESCryptoServiceProvider();
    var e = new TripleDESCryptoServiceProvider();
    var g = new RC2CryptoServiceProvider();
    using var h = Aes.Create();
  }
}`, want: []string{"L5 ATT-CRYPTO-WEAK-CIPHER error DES", "L6 ATT-CRYPTO-WEAK-CIPHER error 3DES",
		"L7 ATT-CRYPTO-WEAK-CIPHER error RC2", "L8 ATT-CRYPTO-WEAK-CIPHER error DES",
		"L9 ATT-CRYPTO-WEAK-CIPHER error 3DES", "L10 ATT-CRYPTO-WEAK-CIPHER error RC2"}},
	{name: "ecb mode", src: csHeader + `class A {
  byte[] F(byte[] d, CipherMode m) {
    using var aes = Aes.Create();
    aes.Mode = CipherMode.ECB;
    aes.Mode = CipherMode.CBC;
    if (m == CipherMode.ECB) throw new ArgumentException();
    var x = aes.EncryptEcb(d, PaddingMode.PKCS7);
    return aes.DecryptCbc(d, new byte[16]);
  }
}`, want: []string{"L6 ATT-CRYPTO-ECB-MODE error AES", "L9 ATT-CRYPTO-ECB-MODE error AES"}},
	{name: "rsa sizes, constants and defaults", src: csHeader + `class A {
  const int KeyBits = 1024;
  void F(int bits) {
    var a = new RSACryptoServiceProvider(KeyBits);
    var b = new RSACryptoServiceProvider();
    using var c = RSA.Create(2048);
    using var d = RSA.Create();
    using var e = RSA.Create(bits);
    var size = 512 * 2;
    using var g = RSA.Create(size);
    d.KeySize = 1024;
    using var h = RSA.Create(4096);
  }
}`, want: []string{"L6 short-key error RSA-1024", "L7 short-key error RSA-1024", "L8 quantum warning RSA-2048",
		"L9 quantum warning RSA-2048", "L10 quantum warning RSA-unknown", "L12 short-key error RSA-1024",
		"L13 short-key error RSA-1024", "L14 quantum warning RSA-4096"}},
	{name: "ecdsa, ecdh and dsa", src: csHeader + `class A {
  void F() {
    using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    using var b = ECDsa.Create(ECCurve.NamedCurves.brainpoolP160r1);
    using var c = ECDiffieHellman.Create();
    using var d = DSA.Create(1024);
    using var e = DSA.Create(2048);
    var g = new DSACryptoServiceProvider();
    using var h = ECDsa.Create(ECCurve.CreateFromFriendlyName("secp384r1"));
  }
}`, want: []string{"L5 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA-256", "L6 ATT-CRYPTO-SHORT-KEY-EC error ECDSA-160",
		"L7 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning ECDH", "L8 ATT-CRYPTO-SHORT-KEY-DSA error DSA-1024",
		"L9 ATT-CRYPTO-QUANTUM-VULNERABLE-DSA warning DSA-2048", "L10 ATT-CRYPTO-SHORT-KEY-DSA error DSA-1024",
		"L11 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA-384"}},
	{name: "symmetric key size", src: csHeader + `class A {
  void F() {
    using var aes = Aes.Create();
    aes.KeySize = 64;
    aes.KeySize = 256;
  }
}`, want: []string{"L6 ATT-CRYPTO-SHORT-KEY-SYMMETRIC error AES-64"}},
	{name: "tls versions", src: csHeader + `using System.Net;
using System.Net.Security;
using System.Security.Authentication;
class A {
  void F(SslStream s, SslProtocols p) {
    ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;
    ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3;
    ServicePointManager.SecurityProtocol &= ~(SecurityProtocolType.Tls | SecurityProtocolType.Tls11);
    s.AuthenticateAsClient("host", null, SslProtocols.Tls11, false);
    s.AuthenticateAsClient("host", null, SslProtocols.Tls12 | SslProtocols.Tls13, false);
    if (p == SslProtocols.Tls) { }
    if (p.HasFlag(SslProtocols.Tls11)) { }
  }
}`, want: []string{"L8 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.0", "L9 ATT-CRYPTO-WEAK-TLS-VERSION error SSL 3.0",
		"L11 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.1"}},
	{name: "certificate validation callbacks", src: csHeader + `using System.Net;
using System.Net.Http;
using System.Net.Security;
class A {
  static bool AcceptAll(object s, object c, object ch, SslPolicyErrors e) => true;
  static bool Check(object s, object c, object ch, SslPolicyErrors e) { return e == SslPolicyErrors.None; }
  void F(System.IO.Stream inner) {
    ServicePointManager.ServerCertificateValidationCallback = (s, c, ch, e) => true;
    var h = new HttpClientHandler {
      ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    };
    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { Console.WriteLine(e); return true; };
    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => e == SslPolicyErrors.None;
    ServicePointManager.ServerCertificateValidationCallback += delegate { return true; };
    ServicePointManager.ServerCertificateValidationCallback = AcceptAll;
    ServicePointManager.ServerCertificateValidationCallback = Check;
    var ssl = new SslStream(inner, false, (s, c, ch, e) => true);
    h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { if (e != SslPolicyErrors.None) return false; return true; };
  }
}`, want: []string{"L10 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS", "L12 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS",
		"L14 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS", "L16 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS",
		"L17 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS", "L19 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS"}},
	{name: "look-alikes, comments and strings", src: `using System;
namespace Acme {
  // MD5.Create() and DES.Create() are gone from this file.
  class MD5 { public static MD5 Create() => new MD5(); }
  class A {
    void F(ILogger log) {
      var m = MD5.Create();
      log.Info("migrated from SHA1.Create() and new RSACryptoServiceProvider(1024)");
      var s = "SslProtocols.Tls";
    }
  }
}`, want: nil},
	{name: "a user type that shadows a framework type", src: csHeader + `namespace Acme {
  class DES { public static DES Create() => new DES(); }
  class A {
    void F() {
      var d = DES.Create();
      var m = System.Security.Cryptography.MD5.Create();
    }
  }
}`, want: []string{"L8 weak-hash error MD5"}},
	{name: "aliases and qualified names", src: `using Crypto = System.Security.Cryptography;
using Legacy = System.Security.Cryptography.SHA1;
class A {
  void F() {
    var a = Crypto.MD5.Create();
    var b = Legacy.Create();
    var c = global::System.Security.Cryptography.TripleDES.Create();
  }
}`, want: []string{"L5 weak-hash error MD5", "L6 weak-hash error SHA-1", "L7 ATT-CRYPTO-WEAK-CIPHER error 3DES"}},
	{name: "no cryptography namespace", src: `using Acme.Hashing;
class A { void F() { var m = MD5.Create(); var d = DES.Create(); } }`, want: nil},
	{name: "a property named like its type", src: csHeader + `using System.Security.Authentication;
class Options {
  public SslProtocols SslProtocols { get; set; }
  void F() {
    SslProtocols = SslProtocols.Tls11;
  }
}`, want: []string{"L7 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.1"}},
}

func TestCSharpMessages(t *testing.T) {
	src := csHeader + `class A {
  const int KeyBits = 1024;
  void F() {
    var a = new RSACryptoServiceProvider();
    var b = new RSACryptoServiceProvider(KeyBits);
    using var c = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    using var d = Aes.Create();
    d.Mode = CipherMode.ECB;
  }
}`
	fs, err := findingsOf(CSharpAnalyzer{}.Analyze(context.Background(), "X.cs", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	byLine := map[int]string{}
	for _, f := range fs {
		byLine[f.Line] = f.Message
	}
	tests := []struct {
		name string
		line int
		want []string
	}{
		{"parameterless CSP explains its default", 6, []string{"1024 bits", ".NET Framework", "SP 800-131A"}},
		{"a constant size names the constant", 7, []string{"raise KeyBits to 3072", "ML-DSA-65", "ML-KEM-768"}},
		{"quantum message states the dates", 8, []string{"nistP384", "after 2030", "after 2035", "ML-DSA-65"}},
		{"ecb names the algorithm and the fix", 10, []string{"AES in ECB mode", "AES-256-GCM"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg, ok := byLine[tc.line]
			if !ok {
				t.Fatalf("got no finding on line %d; want one", tc.line)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("got message %q; want it to contain %q", msg, w)
				}
			}
		})
	}
}

func TestCSharpProps(t *testing.T) {
	src := csHeader + `class A { void F() { using var c = ECDsa.Create(ECCurve.NamedCurves.nistP256); } }`
	fs, err := findingsOf(CSharpAnalyzer{}.Analyze(context.Background(), "X.cs", []byte(src)))
	if err != nil || len(fs) != 1 {
		t.Fatalf("got %d findings, err %v; want 1 finding", len(fs), err)
	}
	want := map[string]string{"algorithm": "ECDSA", "curve": "nistP256", "keySize": "256",
		"api": "ECDsa.Create(ECCurve.NamedCurves.nistP256)", "deprecatedAfter": "2030", "disallowedAfter": "2035"}
	for k, v := range want {
		if got := fs[0].Props[k]; got != v {
			t.Errorf("got props[%s] = %q; want %q", k, got, v)
		}
	}
	if fs[0].Column != 36 {
		t.Errorf("got column %d; want 36 (the Create call)", fs[0].Column)
	}
}

func TestCSharpSyntaxError(t *testing.T) {
	_, err := CSharpAnalyzer{}.Analyze(context.Background(), "Bad.cs", []byte("class A { void F( { MD5.Create(); }\n"))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got error %v; want a *ParseError", err)
	}
	if pe.Path != "Bad.cs" || pe.Line != 1 {
		t.Errorf("got %s:%d; want Bad.cs:1", pe.Path, pe.Line)
	}
}

func TestCSharpCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (CSharpAnalyzer{}).Analyze(ctx, "X.cs", []byte(csHeader)); !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v; want context.Canceled", err)
	}
}
