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
// To add a language, add a file with a type that implements Analyzer and list it in Analyzers; to add a rule
// family, add a file with its rules and finding constructor and list the rules in Rules.
package crypto
