package crypto

// JavaScriptAnalyzer finds cryptography in JavaScript and TypeScript source with tree-sitter: Node's crypto,
// tls and https modules (through require, import, node: specifiers, destructuring and aliases), WebCrypto
// (crypto.subtle) and CryptoJS. It resolves what a callee names rather than matching text, and reads
// algorithm names, key sizes and option objects held in constants of the same file, so that comments,
// strings that are not arguments of a crypto API, and look-alike names are not matched.
// Tree-sitter is C: a build without cgo has an analyzer that reports every file as not analysed.
type JavaScriptAnalyzer struct{}

// Language returns "javascript"; TypeScript is read by the same analyzer.
func (JavaScriptAnalyzer) Language() string { return "javascript" }

// Extensions returns the JavaScript and TypeScript extensions, JSX and TSX included.
func (JavaScriptAnalyzer) Extensions() []string {
	return []string{".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}
}
