package crypto

// CSharpAnalyzer finds cryptography in C# source with tree-sitter. It resolves the names the file uses
// against its using directives (namespaces and aliases) and the types it declares itself, so MD5.Create()
// is reported only where MD5 is System.Security.Cryptography.MD5, and it reads algorithm names and key sizes
// held in constants, readonly fields and local variables of the same file. Library defaults count: the
// parameterless RSACryptoServiceProvider makes 1024-bit keys.
// Tree-sitter is C: a build without cgo has an analyzer that reports every file as not analysed.
type CSharpAnalyzer struct{}

// Language returns "csharp".
func (CSharpAnalyzer) Language() string { return "csharp" }

// Extensions returns ".cs".
func (CSharpAnalyzer) Extensions() []string { return []string{".cs"} }
