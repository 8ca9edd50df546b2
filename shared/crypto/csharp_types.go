package crypto

import "github.com/attestdev/attest/shared/finding"

// csKind is what a known .NET type is, for the analyzer.
type csKind uint8

const (
	csHash             csKind = iota + 1 // a weak hash algorithm class (MD5, SHA1Managed)
	csHMAC                               // an HMAC over a weak hash (HMACMD5, HMACSHA1)
	csCipher                             // a weak cipher class (DES, TripleDES, RC2)
	csSafeCipher                         // a block cipher that is fine in itself (Aes): only its mode and key size matter
	csRSA                                // an RSA class
	csDSA                                // a DSA class
	csECDsa                              // an ECDSA class
	csECDH                               // an ECDH class
	csFactory                            // a class that creates an algorithm from its name (HashAlgorithm.Create("MD5"))
	csCipherMode                         // System.Security.Cryptography.CipherMode
	csHashName                           // System.Security.Cryptography.HashAlgorithmName
	csCurve                              // System.Security.Cryptography.ECCurve
	csSslProtocols                       // System.Security.Authentication.SslProtocols
	csSecurityProtocol                   // System.Net.SecurityProtocolType
	csHandler                            // System.Net.Http.HttpClientHandler
	csSslStream                          // System.Net.Security.SslStream
	csPBKDF2                             // System.Security.Cryptography.Rfc2898DeriveBytes, which defaults to HMAC-SHA1
	csSafe                               // an algorithm no rule flags, inventoried: inv
)

// csType is a known .NET type.
type csType struct {
	kind csKind
	alg  string   // the algorithm it implements, as findings name it
	hash weakHash // csHash, csHMAC
	// ctorBits is the key size of the parameterless constructor, and createBits that of the parameterless
	// static Create(); 0 when the type has neither.
	ctorBits, createBits int
	// defaultWhy explains where ctorBits comes from, for the message.
	defaultWhy string
	inv        finding.CryptoAsset // csSafe: the algorithm
}

const (
	csCryptoNS = "System.Security.Cryptography"
	csAuthNS   = "System.Security.Authentication"
	csNetNS    = "System.Net"
	csHTTPNS   = "System.Net.Http"
	csSecNS    = "System.Net.Security"
)

// csTypes maps the fully qualified names of the types the analyzer knows.
var csTypes = func() map[string]csType {
	rsaCSP := "the parameterless RSACryptoServiceProvider constructor generates a 1024-bit key on .NET Framework and .NET"
	dsaCSP := "the parameterless DSACryptoServiceProvider constructor generates a 1024-bit key"
	m := map[string]csType{}
	add := func(ns string, t csType, names ...string) {
		for _, n := range names {
			m[ns+"."+n] = t
		}
	}
	add(csCryptoNS, csType{kind: csHash, alg: "MD5", hash: hashMD5}, "MD5", "MD5CryptoServiceProvider", "MD5Cng")
	add(csCryptoNS, csType{kind: csHash, alg: "SHA-1", hash: hashSHA1}, "SHA1", "SHA1Managed", "SHA1CryptoServiceProvider", "SHA1Cng")
	add(csCryptoNS, csType{kind: csHMAC, alg: "HMAC-MD5", hash: hashMD5}, "HMACMD5")
	add(csCryptoNS, csType{kind: csHMAC, alg: "HMAC-SHA1", hash: hashSHA1}, "HMACSHA1")
	add(csCryptoNS, csType{kind: csCipher, alg: "DES"}, "DES", "DESCryptoServiceProvider")
	add(csCryptoNS, csType{kind: csCipher, alg: "3DES"}, "TripleDES", "TripleDESCryptoServiceProvider", "TripleDESCng", "MACTripleDES")
	add(csCryptoNS, csType{kind: csCipher, alg: "RC2"}, "RC2", "RC2CryptoServiceProvider")
	add(csCryptoNS, csType{kind: csSafeCipher, alg: "AES"}, "Aes", "AesManaged", "AesCryptoServiceProvider", "AesCng", "Rijndael", "RijndaelManaged")
	add(csCryptoNS, csType{kind: csSafeCipher, alg: "block cipher"}, "SymmetricAlgorithm")
	add(csCryptoNS, csType{kind: csRSA, alg: "RSA", createBits: 2048}, "RSA")
	add(csCryptoNS, csType{kind: csRSA, alg: "RSA", ctorBits: 1024, defaultWhy: rsaCSP}, "RSACryptoServiceProvider")
	add(csCryptoNS, csType{kind: csRSA, alg: "RSA", ctorBits: 2048}, "RSACng", "RSAOpenSsl")
	add(csCryptoNS, csType{kind: csDSA, alg: "DSA", createBits: 2048}, "DSA")
	add(csCryptoNS, csType{kind: csDSA, alg: "DSA", ctorBits: 1024, defaultWhy: dsaCSP}, "DSACryptoServiceProvider")
	add(csCryptoNS, csType{kind: csDSA, alg: "DSA", ctorBits: 2048}, "DSACng", "DSAOpenSsl")
	add(csCryptoNS, csType{kind: csECDsa, alg: "ECDSA"}, "ECDsa", "ECDsaCng", "ECDsaOpenSsl")
	add(csCryptoNS, csType{kind: csECDH, alg: "ECDH"}, "ECDiffieHellman", "ECDiffieHellmanCng", "ECDiffieHellmanOpenSsl")
	add(csCryptoNS, csType{kind: csFactory}, "HashAlgorithm", "KeyedHashAlgorithm", "HMAC", "CryptoConfig")
	add(csCryptoNS, csType{kind: csCipherMode}, "CipherMode")
	add(csCryptoNS, csType{kind: csPBKDF2, alg: "PBKDF2", hash: hashSHA1}, "Rfc2898DeriveBytes")
	add(csCryptoNS, csType{kind: csHashName}, "HashAlgorithmName")
	add(csCryptoNS, csType{kind: csCurve}, "ECCurve")
	add(csAuthNS, csType{kind: csSslProtocols}, "SslProtocols")
	add(csNetNS, csType{kind: csSecurityProtocol}, "SecurityProtocolType")
	add(csHTTPNS, csType{kind: csHandler}, "HttpClientHandler")
	add(csSecNS, csType{kind: csSslStream}, "SslStream")
	safe := func(a finding.CryptoAsset, names ...string) { add(csCryptoNS, csType{kind: csSafe, inv: a}, names...) }
	safe(finding.CryptoAsset{Algorithm: "SHA-256"}, "SHA256", "SHA256Managed", "SHA256CryptoServiceProvider", "SHA256Cng")
	safe(finding.CryptoAsset{Algorithm: "SHA-384"}, "SHA384", "SHA384Managed", "SHA384CryptoServiceProvider", "SHA384Cng")
	safe(finding.CryptoAsset{Algorithm: "SHA-512"}, "SHA512", "SHA512Managed", "SHA512CryptoServiceProvider", "SHA512Cng")
	safe(finding.CryptoAsset{Algorithm: "SHA3-256"}, "SHA3_256")
	safe(finding.CryptoAsset{Algorithm: "SHA3-384"}, "SHA3_384")
	safe(finding.CryptoAsset{Algorithm: "SHA3-512"}, "SHA3_512")
	safe(finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: "SHA-256"}, "HMACSHA256")
	safe(finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: "SHA-384"}, "HMACSHA384")
	safe(finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: "SHA-512"}, "HMACSHA512")
	safe(finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: "SHA3-256"}, "HMACSHA3_256")
	safe(finding.CryptoAsset{Algorithm: "AES", Mode: "gcm", Primitive: PrimitiveAE}, "AesGcm")
	safe(finding.CryptoAsset{Algorithm: "AES", Mode: "ccm", Primitive: PrimitiveAE}, "AesCcm")
	safe(finding.CryptoAsset{Algorithm: "ChaCha20-Poly1305"}, "ChaCha20Poly1305")
	safe(finding.CryptoAsset{Algorithm: "HKDF"}, "HKDF")
	safe(finding.CryptoAsset{Algorithm: "ML-KEM"}, "MLKem")
	safe(finding.CryptoAsset{Algorithm: "ML-DSA"}, "MLDsa")
	safe(finding.CryptoAsset{Algorithm: "SLH-DSA"}, "SlhDsa")
	return m
}()

// csNamedAlgs maps the names CryptoConfig accepts (HashAlgorithm.Create("MD5"), CryptoConfig.CreateFromName)
// to the types they create.
var csNamedAlgs = map[string]string{
	"md5": "MD5", "system.security.cryptography.md5": "MD5",
	"sha1": "SHA1", "sha": "SHA1", "sha-1": "SHA1", "system.security.cryptography.sha1": "SHA1",
	"hmacmd5": "HMACMD5", "system.security.cryptography.hmacmd5": "HMACMD5",
	"hmacsha1": "HMACSHA1", "system.security.cryptography.hmacsha1": "HMACSHA1",
	"des": "DES", "system.security.cryptography.des": "DES",
	"3des": "TripleDES", "tripledes": "TripleDES", "triple des": "TripleDES", "system.security.cryptography.tripledes": "TripleDES",
	"rc2": "RC2", "system.security.cryptography.rc2": "RC2",
}

// csCurveBits maps the ECCurve.NamedCurves members and the friendly names of curves to their sizes.
var csCurveBits = map[string]int{
	"nistp256": 256, "nistp384": 384, "nistp521": 521,
	"brainpoolp160r1": 160, "brainpoolp160t1": 160, "brainpoolp192r1": 192, "brainpoolp192t1": 192,
	"brainpoolp224r1": 224, "brainpoolp224t1": 224, "brainpoolp256r1": 256, "brainpoolp256t1": 256,
	"brainpoolp320r1": 320, "brainpoolp320t1": 320, "brainpoolp384r1": 384, "brainpoolp384t1": 384,
	"brainpoolp512r1": 512, "brainpoolp512t1": 512,
	"secp160r1": 160, "secp160r2": 160, "secp192r1": 192, "prime192v1": 192, "secp224r1": 224,
	"secp256r1": 256, "prime256v1": 256, "secp384r1": 384, "secp521r1": 521, "secp256k1": 256,
}

// csWeakTLS maps the SslProtocols and SecurityProtocolType members that allow a deprecated protocol.
var csWeakTLS = map[string]string{"Ssl2": "SSL 2.0", "Ssl3": "SSL 3.0", "Tls": "TLS 1.0", "Tls11": "TLS 1.1"}

// csVerifyCallbacks are the properties that take a server-certificate validation callback.
var csVerifyCallbacks = map[string]bool{
	"ServerCertificateValidationCallback":       true,
	"ServerCertificateCustomValidationCallback": true,
	"RemoteCertificateValidationCallback":       true,
}

// csNonSecurityWords mark a name as evidence that a hash is not used for security.
var csNonSecurityWords = []string{"checksum", "etag", "cachekey", "contentmd5", "dedup"}
