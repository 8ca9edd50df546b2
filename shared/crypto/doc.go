// Package crypto finds weak, broken and quantum-vulnerable cryptography in source code and reports it as
// findings of the crypto classes (crypto/weak-hash, crypto/short-key, crypto/quantum-vulnerable, …).
//
// # Rules
//
// Rules are data, listed in one explicit registry (Rules). A rule ID has the form
//
//	ATT-CRYPTO-<CLASS>[-<FAMILY>]
//
// where CLASS is the crypto class in upper case (WEAK-HASH, SHORT-KEY, QUANTUM-VULNERABLE, WEAK-CIPHER,
// ECB-MODE, WEAK-TLS) and FAMILY names the algorithm family when one class holds rules whose remediation
// differs by family (ATT-CRYPTO-SHORT-KEY-RSA, ATT-CRYPTO-QUANTUM-VULNERABLE-RSA). A rule ID is never renamed
// or reused for another meaning: SARIF consumers and suppressions key on it. One rule serves every language;
// the language only changes the message's suggested code.
//
// # Analyzers
//
// An Analyzer reads the files of one language (Analyzers lists them): Go through go/parser and go/types, with
// imports synthesized so that no Go toolchain or export data is needed at run time; go.mod files (their go and
// godebug lines); Python, Java, JavaScript/TypeScript and C# through tree-sitter grammars (cgo; without cgo those
// files are reported as not analysed). CloudFormation crypto settings (load-balancer, CloudFront, API Gateway,
// OpenSearch and Transfer policies, KMS key specs, RDS CAs) are checked by ScanTemplate on the typed template
// model. All of them resolve what the code names rather than matching text: an aliased or dot import is followed, a local
// variable that merely shares a package's name is not, and key sizes are read from literals, constants and
// local variables assigned once from a constant. A key size the analyzer cannot see is reported as unknown,
// never skipped.
//
// # Inventory
//
// The same walk that finds the violations inventories every use of cryptography it recognises, safe or not
// (AES-GCM, SHA-2/SHA-3/BLAKE2, HMAC, HKDF/PBKDF2/scrypt/Argon2, ChaCha20-Poly1305, ML-KEM, ML-DSA, SLH-DSA,
// X25519MLKEM768, TLS versions, KMS key specs): Analyze returns a Result with both, and ScanTemplateResult does
// the same for templates. Each language's inventoried APIs sit in its *_inventory.go file; algorithm names
// given as strings ("AES/GCM/NoPadding", "aes-256-gcm", "ML-KEM-768") are read by AssetFromName. A use that a
// finding flags is inventoried once, with the class of its worst finding; a use no rule looked at takes the
// class of its algorithm (RSA stays quantum-vulnerable) or is safe. The facts of an asset (OID, classical and
// NIST quantum security levels, key exchange or signature, post-quantum or not) come from one table,
// catalog.go, through AssetFacts.
//
// To add a language, add a file with a type that implements Analyzer and list it in Analyzers; to add a rule
// family, add a file with its rules and finding constructor and list the rules in Rules.
package crypto
