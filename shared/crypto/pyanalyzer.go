package crypto

// PythonAnalyzer finds cryptography in Python source with tree-sitter. It resolves names the way Python
// binds them (imports, aliases, module and function scopes, global declarations), so `import hashlib as h`,
// `from hashlib import md5` and constants holding algorithm names or key sizes are followed, while comments,
// strings that are not arguments of a crypto API, and look-alike names are not matched.
// Tree-sitter is C: a build without cgo has an analyzer that reports every file as not analysed.
type PythonAnalyzer struct{}

// Language returns "python".
func (PythonAnalyzer) Language() string { return "python" }

// Extensions returns ".py".
func (PythonAnalyzer) Extensions() []string { return []string{".py"} }
