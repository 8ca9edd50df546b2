package crypto

// JavaAnalyzer finds cryptography in Java source with tree-sitter. It resolves the class names a file uses
// against its imports (single-type, on-demand and static) and the types it declares itself, so
// MessageDigest.getInstance("MD5") is reported only where MessageDigest is java.security.MessageDigest, and it
// reads algorithm names and key sizes held in constants, final fields and local variables of the same file.
// Library defaults count: Cipher.getInstance("AES") is AES in ECB mode, and a KeyPairGenerator that is never
// initialized makes keys of the provider's default size.
// Tree-sitter is C: a build without cgo has an analyzer that reports every file as not analysed.
type JavaAnalyzer struct{}

// Language returns "java".
func (JavaAnalyzer) Language() string { return "java" }

// Extensions returns ".java".
func (JavaAnalyzer) Extensions() []string { return []string{".java"} }
