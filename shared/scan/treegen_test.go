package scan

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// The generator writes source trees for the benchmarks: realistic shapes of Go, Python, Java, JavaScript,
// TypeScript and C# (types, handlers, loops, error handling, comments), with a sprinkling of cryptography,
// weak and sound. It is deterministic: file i of seed s is the same bytes on every machine, whatever else is
// generated, because each file draws from its own PCG stream.

// genFile is one generated file.
type genFile struct {
	path string // slash-separated, relative to the tree root
	lang string
	data []byte
	// flagged counts the crypto snippets that must be reported (weak or quantum-vulnerable); sound counts
	// those that must not.
	flagged, sound int
}

// snippet is one piece of cryptography in a language, with the imports it needs.
type snippet struct {
	imports []string
	code    string // a format with %[1]d, the snippet's unique number
	flagged bool
}

// genLang generates files of one language.
type genLang struct {
	name   string
	weight int // share of the files, in percent
	path   func(r *rand.Rand, i int) string
	file   func(b *strings.Builder, r *rand.Rand, units int, picked []snippet)
	crypto []snippet
}

// fileUnits draws how many units (functions, methods, types) a file holds: log-normal, as file sizes in real
// repositories are, with a median of about 8 units (5 KB) and a long tail capped at 150 units (about 100 KB).
func fileUnits(r *rand.Rand) int {
	return min(3+int(math.Exp(1.6+0.9*r.NormFloat64())), 150)
}

// pickCrypto gives about one file in five one to three crypto snippets.
func pickCrypto(r *rand.Rand, all []snippet) []snippet {
	if r.IntN(5) != 0 {
		return nil
	}
	n := 1 + r.IntN(3)
	picked := make([]snippet, n)
	for i := range picked {
		picked[i] = all[r.IntN(len(all))]
	}
	return picked
}

func importsOf(base []string, picked []snippet) []string {
	imps := slices.Clone(base)
	for _, s := range picked {
		imps = append(imps, s.imports...)
	}
	slices.Sort(imps)
	return slices.Compact(imps)
}

// genSource generates file i of the tree with seed.
func genSource(seed uint64, i int) genFile {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	w := r.IntN(100)
	lang := genLangs[len(genLangs)-1]
	for _, l := range genLangs {
		if w < l.weight {
			lang = l
			break
		}
		w -= l.weight
	}
	picked := pickCrypto(r, lang.crypto)
	var b strings.Builder
	lang.file(&b, r, fileUnits(r), picked)
	f := genFile{path: lang.path(r, i), lang: lang.name, data: []byte(b.String())}
	for _, s := range picked {
		if s.flagged {
			f.flagged++
		} else {
			f.sound++
		}
	}
	return f
}

// genWriteTree writes generated files under dir until they total at least minBytes, and returns them without
// their content.
func genWriteTree(dir string, seed uint64, minBytes int64) ([]genFile, int64, error) {
	var files []genFile
	var total int64
	for i := 0; total < minBytes; i++ {
		f := genSource(seed, i)
		if err := genWriteFile(dir, f.path, f.data); err != nil {
			return nil, 0, err
		}
		total += int64(len(f.data))
		f.data = nil
		files = append(files, f)
	}
	return files, total, nil
}

func genWriteFile(dir, p string, data []byte) error {
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("generate %s: %w", p, err)
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("generate %s: %w", p, err)
	}
	return nil
}

var genLangs = []genLang{
	{name: "go", weight: 25, file: goFile, crypto: goCrypto, path: func(r *rand.Rand, i int) string {
		return fmt.Sprintf("services/svc%03d/internal/part%d/file%d.go", i%97, r.IntN(4), i)
	}},
	{name: "python", weight: 20, file: pyFile, crypto: pyCrypto, path: func(r *rand.Rand, i int) string {
		return fmt.Sprintf("python/app%02d/handlers/module_%d.py", i%41, i)
	}},
	{name: "java", weight: 20, file: javaFile, crypto: javaCrypto, path: func(r *rand.Rand, i int) string {
		return fmt.Sprintf("java/src/main/java/com/example/m%02d/Service%d.java", i%37, i)
	}},
	{name: "javascript", weight: 10, file: jsFile, crypto: jsCrypto, path: func(r *rand.Rand, i int) string {
		return fmt.Sprintf("web/src/lib%02d/module%d.js", i%29, i)
	}},
	{name: "typescript", weight: 10, file: tsFile, crypto: tsCrypto, path: func(r *rand.Rand, i int) string {
		return fmt.Sprintf("web/src/app%02d/service%d.ts", i%31, i)
	}},
	{name: "csharp", weight: 15, file: csFile, crypto: csCrypto, path: func(r *rand.Rand, i int) string {
		return fmt.Sprintf("dotnet/Project%02d/Services/Service%d.cs", i%23, i)
	}},
}

// writeSnippets appends the picked snippets, numbered so that their names are unique in the file.
func writeSnippets(b *strings.Builder, picked []snippet) {
	for k, s := range picked {
		fmt.Fprintf(b, s.code, k)
	}
}

// --- Go ---

var goCrypto = []snippet{
	{[]string{"crypto/md5"}, "// etag%[1]d is the storage ETag of a body.\nfunc etag%[1]d(b []byte) string { return fmt.Sprintf(\"%%x\", md5.Sum(b)) }\n\n", true},
	{[]string{"crypto/sha1"}, "// legacySum%[1]d is the partner's checksum.\nfunc legacySum%[1]d(b []byte) []byte {\n\ts := sha1.Sum(b)\n\treturn s[:]\n}\n\n", true},
	{[]string{"crypto/cipher", "crypto/des"}, "// legacyBlock%[1]d is the mainframe's cipher.\nfunc legacyBlock%[1]d(key []byte) (cipher.Block, error) { return des.NewCipher(key) }\n\n", true},
	{[]string{"crypto/rand", "crypto/rsa"}, "// newKey%[1]d makes a signing key.\nfunc newKey%[1]d() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 1024) }\n\n", true},
	{[]string{"crypto/tls"}, "// gatewayTLS%[1]d talks to the old gateway.\nfunc gatewayTLS%[1]d() *tls.Config { return &tls.Config{MinVersion: tls.VersionTLS10} }\n\n", true},
	{[]string{"crypto/sha256"}, "// digest%[1]d is the content address of a body.\nfunc digest%[1]d(b []byte) []byte {\n\ts := sha256.Sum256(b)\n\treturn s[:]\n}\n\n", false},
	{[]string{"crypto/aes", "crypto/cipher"}, "// sealer%[1]d encrypts records at rest.\nfunc sealer%[1]d(key []byte) (cipher.AEAD, error) {\n\tblock, err := aes.NewCipher(key)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"sealer: %%w\", err)\n\t}\n\treturn cipher.NewGCM(block)\n}\n\n", false},
	{[]string{"crypto/tls"}, "// serverTLS%[1]d is the public listener's configuration.\nfunc serverTLS%[1]d() *tls.Config { return &tls.Config{MinVersion: tls.VersionTLS13} }\n\n", false},
}

func goFile(b *strings.Builder, r *rand.Rand, units int, picked []snippet) {
	pkg := fmt.Sprintf("part%d", r.IntN(1000))
	fmt.Fprintf(b, "// Package %s handles one part of the billing service.\npackage %s\n\nimport (\n", pkg, pkg)
	for _, imp := range importsOf([]string{"context", "errors", "fmt", "strings", "time"}, picked) {
		fmt.Fprintf(b, "\t%q\n", imp)
	}
	b.WriteString(")\n\n")
	for u := range units {
		switch u % 3 {
		case 0:
			fmt.Fprintf(b, `// Invoice%[1]d is one invoice as the ledger stores it.
type Invoice%[1]d struct {
	ID       string
	Customer string
	Amounts  []int64
	Due      time.Time
	Labels   map[string]string
}

// Validate checks an invoice before it is stored.
func (v *Invoice%[1]d) Validate() error {
	if v.ID == "" {
		return errors.New("invoice %[1]d: no id")
	}
	var total int64
	for i, a := range v.Amounts {
		if a < 0 {
			return fmt.Errorf("invoice %%s: amount %%d is negative", v.ID, i)
		}
		total += a
	}
	if total > %[2]d {
		return fmt.Errorf("invoice %%s: total %%d is over the limit", v.ID, total)
	}
	return nil
}

`, u, 1000+r.IntN(1000000))
		case 1:
			fmt.Fprintf(b, `// process%[1]d applies step to every item until ctx is done.
func process%[1]d(ctx context.Context, items []string, step func(string) (string, error)) ([]string, error) {
	out := make([]string, 0, len(items))
	for _, it := range items {
		select {
		case <-ctx.Done():
			return out, ctx.Err()
		default:
		}
		v, err := step(strings.TrimSpace(it))
		if err != nil {
			return out, fmt.Errorf("item %%q: %%w", it, err)
		}
		if len(out) >= %[2]d {
			break
		}
		out = append(out, v)
	}
	return out, nil
}

`, u, 10+r.IntN(500))
		default:
			fmt.Fprintf(b, `// parseMode%[1]d maps a configuration word to a mode or a period in milliseconds.
func parseMode%[1]d(s string) (int, error) {
	switch strings.ToLower(s) {
	case "fast":
		return 1, nil
	case "safe", "default":
		return %[2]d, nil
	case "":
		return 0, errors.New("empty mode")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("mode %%q: %%w", s, err)
	}
	return int(d / time.Millisecond), nil
}

`, u, 2+r.IntN(50))
		}
	}
	writeSnippets(b, picked)
}

// --- Python ---

var pyCrypto = []snippet{
	{[]string{"import hashlib"}, "\n\ndef legacy_digest_%[1]d(body: bytes) -> str:\n    return hashlib.md5(body).hexdigest()\n", true},
	{[]string{"import hashlib"}, "\n\ndef partner_sum_%[1]d(body: bytes) -> str:\n    return hashlib.sha1(body).hexdigest()\n", true},
	{[]string{"from cryptography.hazmat.primitives.asymmetric import rsa"}, "\n\ndef signing_key_%[1]d():\n    return rsa.generate_private_key(public_exponent=65537, key_size=1024)\n", true},
	{[]string{"from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes"}, "\n\ndef table_cipher_%[1]d(key: bytes):\n    return Cipher(algorithms.AES(key), modes.ECB())\n", true},
	{[]string{"import ssl"}, "\n\ndef gateway_context_%[1]d():\n    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n", true},
	{[]string{"import hashlib"}, "\n\ndef content_address_%[1]d(body: bytes) -> str:\n    return hashlib.sha256(body).hexdigest()\n", false},
	{[]string{"from cryptography.hazmat.primitives.ciphers.aead import AESGCM"}, "\n\ndef sealer_%[1]d(key: bytes) -> AESGCM:\n    return AESGCM(key)\n", false},
}

func pyFile(b *strings.Builder, r *rand.Rand, units int, picked []snippet) {
	fmt.Fprintf(b, "\"\"\"Handlers for part %d of the billing service.\"\"\"\n", r.IntN(1000))
	for _, imp := range importsOf([]string{"import json", "import logging", "import os", "from dataclasses import dataclass, field", "from typing import Any"}, picked) {
		b.WriteString(imp + "\n")
	}
	b.WriteString("\nlog = logging.getLogger(__name__)\nTABLE = os.environ.get(\"TABLE\", \"invoices\")\n")
	for u := range units {
		switch u % 3 {
		case 0:
			fmt.Fprintf(b, `

@dataclass
class Invoice%[1]d:
    id: str
    customer: str = ""
    amounts: list[int] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        if not self.id:
            raise ValueError("invoice %[1]d: no id")
        total = 0
        for i, amount in enumerate(self.amounts):
            if amount < 0:
                raise ValueError(f"invoice {self.id}: amount {i} is negative")
            total += amount
        if total > %[2]d:
            raise ValueError(f"invoice {self.id}: total {total} is over the limit")
`, u, 1000+r.IntN(1000000))
		case 1:
			fmt.Fprintf(b, `

def handle_%[1]d(event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError as err:
        log.warning("bad body: %%s", err)
        return {"statusCode": 400, "body": json.dumps({"error": str(err)})}
    items = [str(item).strip() for item in body.get("items", []) if item]
    if len(items) > %[2]d:
        return {"statusCode": 413, "body": json.dumps({"error": "too many items"})}
    log.info("stored %%d items in %%s", len(items), TABLE)
    return {"statusCode": 201, "body": json.dumps({"items": items, "n": %[1]d})}
`, u, 10+r.IntN(500))
		default:
			fmt.Fprintf(b, `

class Mode%[1]d:
    """Maps configuration words to modes."""

    WORDS = {"fast": 1, "safe": %[2]d, "default": %[2]d}

    def __init__(self, word: str) -> None:
        self.word = word.lower().strip()

    def value(self) -> int:
        if not self.word:
            raise ValueError("empty mode")
        if self.word in self.WORDS:
            return self.WORDS[self.word]
        if self.word.endswith("ms"):
            return int(self.word[:-2])
        return int(float(self.word.rstrip("s")) * 1000)
`, u, 2+r.IntN(50))
		}
	}
	writeSnippets(b, picked)
}

// --- Java ---

var javaCrypto = []snippet{
	{[]string{"java.security.MessageDigest"}, "\n    static byte[] legacyDigest%[1]d(byte[] body) throws Exception {\n        return MessageDigest.getInstance(\"MD5\").digest(body);\n    }\n", true},
	{[]string{"javax.crypto.Cipher"}, "\n    static Cipher mainframeCipher%[1]d() throws Exception {\n        return Cipher.getInstance(\"DESede/CBC/PKCS5Padding\");\n    }\n", true},
	{[]string{"java.security.KeyPair", "java.security.KeyPairGenerator"}, "\n    static KeyPair signingKey%[1]d() throws Exception {\n        KeyPairGenerator kpg = KeyPairGenerator.getInstance(\"RSA\");\n        kpg.initialize(1024);\n        return kpg.generateKeyPair();\n    }\n", true},
	{[]string{"javax.net.ssl.SSLContext"}, "\n    static SSLContext gatewayContext%[1]d() throws Exception {\n        return SSLContext.getInstance(\"TLSv1\");\n    }\n", true},
	{[]string{"java.security.MessageDigest"}, "\n    static byte[] contentAddress%[1]d(byte[] body) throws Exception {\n        return MessageDigest.getInstance(\"SHA-256\").digest(body);\n    }\n", false},
	{[]string{"javax.crypto.Cipher"}, "\n    static Cipher recordCipher%[1]d() throws Exception {\n        return Cipher.getInstance(\"AES/GCM/NoPadding\");\n    }\n", false},
}

func javaFile(b *strings.Builder, r *rand.Rand, units int, picked []snippet) {
	n := r.IntN(1000)
	fmt.Fprintf(b, "package com.example.billing.part%d;\n\n", n)
	for _, imp := range importsOf([]string{"java.time.Instant", "java.util.ArrayList", "java.util.List", "java.util.Map", "java.util.Objects"}, picked) {
		fmt.Fprintf(b, "import %s;\n", imp)
	}
	fmt.Fprintf(b, "\n/** Handles one part of the billing service. */\npublic final class Service%d {\n", n)
	b.WriteString("    private final Map<String, String> labels;\n\n    public Service" + fmt.Sprint(n) + "(Map<String, String> labels) {\n        this.labels = Objects.requireNonNull(labels);\n    }\n")
	for u := range units {
		switch u % 3 {
		case 0:
			fmt.Fprintf(b, `
    /** Validates an invoice's amounts and returns their total. */
    long validate%[1]d(String id, List<Long> amounts) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("invoice %[1]d: no id");
        }
        long total = 0;
        for (int i = 0; i < amounts.size(); i++) {
            long amount = amounts.get(i);
            if (amount < 0) {
                throw new IllegalArgumentException("invoice " + id + ": amount " + i + " is negative");
            }
            total += amount;
        }
        if (total > %[2]dL) {
            throw new IllegalStateException("invoice " + id + ": total " + total + " is over the limit");
        }
        return total;
    }
`, u, 1000+r.IntN(1000000))
		case 1:
			fmt.Fprintf(b, `
    /** Keeps the labelled items, trimmed, up to a limit. */
    List<String> select%[1]d(List<String> items, Instant since) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            String trimmed = item.trim();
            if (trimmed.isEmpty() || !labels.containsKey(trimmed)) {
                continue;
            }
            if (out.size() >= %[2]d || Instant.now().isBefore(since)) {
                break;
            }
            out.add(labels.get(trimmed) + ":" + trimmed);
        }
        return out;
    }
`, u, 10+r.IntN(500))
		default:
			fmt.Fprintf(b, `
    /** Maps a configuration word to a mode. */
    static int mode%[1]d(String word) {
        switch (word.toLowerCase()) {
            case "fast":
                return 1;
            case "safe":
            case "default":
                return %[2]d;
            default:
                try {
                    return Integer.parseInt(word);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("mode " + word, e);
                }
        }
    }
`, u, 2+r.IntN(50))
		}
	}
	writeSnippets(b, picked)
	b.WriteString("}\n")
}

// --- JavaScript and TypeScript ---

var jsCrypto = []snippet{
	{nil, "\nfunction legacyDigest%[1]d(body) {\n  return crypto.createHash('md5').update(body).digest('hex');\n}\n", true},
	{nil, "\nfunction mainframeCipher%[1]d(key, iv) {\n  return crypto.createCipheriv('des-ede3-cbc', key, iv);\n}\n", true},
	{nil, "\nfunction signingKey%[1]d() {\n  return crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });\n}\n", true},
	{nil, "\nfunction contentAddress%[1]d(body) {\n  return crypto.createHash('sha256').update(body).digest('hex');\n}\n", false},
	{nil, "\nfunction recordCipher%[1]d(key, iv) {\n  return crypto.createCipheriv('aes-256-gcm', key, iv);\n}\n", false},
}

var tsCrypto = []snippet{
	{nil, "\nexport function legacyDigest%[1]d(body: Buffer): string {\n  return crypto.createHash('sha1').update(body).digest('hex');\n}\n", true},
	{nil, "\nexport function tableCipher%[1]d(key: Buffer): crypto.Cipher {\n  return crypto.createCipheriv('aes-128-ecb', key, null);\n}\n", true},
	{nil, "\nexport function signingKey%[1]d(): crypto.KeyPairKeyObjectResult {\n  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });\n}\n", true},
	{nil, "\nexport function contentAddress%[1]d(body: Buffer): string {\n  return crypto.createHash('sha512').update(body).digest('hex');\n}\n", false},
}

func jsFile(b *strings.Builder, r *rand.Rand, units int, picked []snippet) {
	fmt.Fprintf(b, "'use strict';\n// Handlers for part %d of the billing front end.\n", r.IntN(1000))
	if len(picked) > 0 {
		b.WriteString("const crypto = require('crypto');\n")
	}
	b.WriteString("const { promisify } = require('util');\n\nconst LIMIT = Number(process.env.LIMIT || 100);\n")
	names := jsUnits(b, r, units, false)
	writeSnippets(b, picked)
	fmt.Fprintf(b, "\nmodule.exports = { %s };\n", strings.Join(names, ", "))
}

func tsFile(b *strings.Builder, r *rand.Rand, units int, picked []snippet) {
	fmt.Fprintf(b, "// Services for part %d of the billing front end.\n", r.IntN(1000))
	if len(picked) > 0 {
		b.WriteString("import * as crypto from 'node:crypto';\n")
	}
	b.WriteString("import { promisify } from 'node:util';\n\nconst LIMIT = Number(process.env.LIMIT ?? 100);\n")
	b.WriteString("\nexport interface Invoice {\n  id: string;\n  customer?: string;\n  amounts: number[];\n  labels: Record<string, string>;\n}\n")
	jsUnits(b, r, units, true)
	writeSnippets(b, picked)
}

// jsUnits writes the units of a JavaScript or TypeScript file and returns the names to export.
func jsUnits(b *strings.Builder, r *rand.Rand, units int, ts bool) []string {
	t := func(js, typ string) string {
		if ts {
			return typ
		}
		return js
	}
	var names []string
	for u := range units {
		switch u % 3 {
		case 0:
			names = append(names, fmt.Sprintf("validate%d", u))
			fmt.Fprintf(b, `
/** Checks an invoice and returns its total. */
%[3]sfunction validate%[1]d(invoice%[4]s)%[5]s {
  if (!invoice.id) {
    throw new Error('invoice %[1]d: no id');
  }
  let total = 0;
  for (const [i, amount] of invoice.amounts.entries()) {
    if (amount < 0) {
      throw new RangeError(`+"`invoice ${invoice.id}: amount ${i} is negative`"+`);
    }
    total += amount;
  }
  if (total > %[2]d) {
    throw new RangeError(`+"`invoice ${invoice.id}: total ${total} is over the limit`"+`);
  }
  return total;
}
`, u, 1000+r.IntN(1000000), t("", "export "), t("", ": Invoice"), t("", ": number"))
		case 1:
			names = append(names, fmt.Sprintf("load%d", u))
			fmt.Fprintf(b, `
/** Fetches the items of a page, keeping at most LIMIT. */
%[3]sasync function load%[1]d(fetcher%[4]s, page%[5]s)%[6]s {
  const wait = promisify(setTimeout);
  for (let attempt = 0; attempt < %[2]d; attempt++) {
    try {
      const res = await fetcher(`+"`/items?page=${page}`"+`);
      const items = (res.items || []).map((item) => String(item).trim()).filter(Boolean);
      return items.slice(0, LIMIT);
    } catch (err) {
      if (attempt === %[2]d - 1) {
        throw new Error(`+"`page ${page}: ${err}`"+`);
      }
      await wait(100 * 2 ** attempt);
    }
  }
  return [];
}
`, u, 2+r.IntN(5), t("", "export "), t("", ": (url: string) => Promise<{ items?: unknown[] }>"), t("", ": number"), t("", ": Promise<string[]>"))
		default:
			names = append(names, fmt.Sprintf("Mode%d", u))
			fmt.Fprintf(b, `
/** Maps configuration words to modes. */
%[3]sclass Mode%[1]d {
  %[4]sconstructor(%[5]s) {
    this.word = word.toLowerCase().trim();
  }

  value()%[6]s {
    switch (this.word) {
      case 'fast':
        return 1;
      case 'safe':
      case 'default':
        return %[2]d;
      default: {
        const n = Number.parseInt(this.word, 10);
        if (Number.isNaN(n)) {
          throw new Error(`+"`mode ${this.word}`"+`);
        }
        return n;
      }
    }
  }
}
`, u, 2+r.IntN(50), t("", "export "), t("", "readonly word: string;\n\n  "), t("word", "word: string"), t("", ": number"))
		}
	}
	return names
}

// --- C# ---

var csCrypto = []snippet{
	{[]string{"System.Security.Cryptography"}, "\n        public static byte[] LegacyDigest%[1]d(byte[] body)\n        {\n            using var md5 = MD5.Create();\n            return md5.ComputeHash(body);\n        }\n", true},
	{[]string{"System.Security.Cryptography"}, "\n        public static RSA SigningKey%[1]d()\n        {\n            return new RSACryptoServiceProvider(1024);\n        }\n", true},
	{[]string{"System.Security.Cryptography"}, "\n        public static SymmetricAlgorithm MainframeCipher%[1]d()\n        {\n            return TripleDES.Create();\n        }\n", true},
	{[]string{"System.Security.Cryptography"}, "\n        public static byte[] ContentAddress%[1]d(byte[] body)\n        {\n            using var sha = SHA256.Create();\n            return sha.ComputeHash(body);\n        }\n", false},
	{[]string{"System.Security.Cryptography"}, "\n        public static AesGcm RecordCipher%[1]d(byte[] key)\n        {\n            return new AesGcm(key, 16);\n        }\n", false},
}

func csFile(b *strings.Builder, r *rand.Rand, units int, picked []snippet) {
	n := r.IntN(1000)
	for _, imp := range importsOf([]string{"System", "System.Collections.Generic", "System.Linq"}, picked) {
		fmt.Fprintf(b, "using %s;\n", imp)
	}
	fmt.Fprintf(b, "\nnamespace Billing.Part%d\n{\n    /// <summary>Handles one part of the billing service.</summary>\n    public sealed class Service%d\n    {\n", n, n)
	b.WriteString("        private readonly IDictionary<string, string> labels;\n\n        public Service" + fmt.Sprint(n) + "(IDictionary<string, string> labels)\n        {\n            this.labels = labels ?? throw new ArgumentNullException(nameof(labels));\n        }\n")
	for u := range units {
		switch u % 3 {
		case 0:
			fmt.Fprintf(b, `
        /// <summary>Validates an invoice's amounts and returns their total.</summary>
        public long Validate%[1]d(string id, IReadOnlyList<long> amounts)
        {
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException("invoice %[1]d: no id");
            }
            long total = 0;
            for (var i = 0; i < amounts.Count; i++)
            {
                if (amounts[i] < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(amounts), $"invoice {id}: amount {i} is negative");
                }
                total += amounts[i];
            }
            if (total > %[2]dL)
            {
                throw new InvalidOperationException($"invoice {id}: total {total} is over the limit");
            }
            return total;
        }
`, u, 1000+r.IntN(1000000))
		case 1:
			fmt.Fprintf(b, `
        /// <summary>Keeps the labelled items, trimmed, up to a limit.</summary>
        public IList<string> Select%[1]d(IEnumerable<string> items, DateTimeOffset since)
        {
            return items
                .Select(item => item.Trim())
                .Where(item => item.Length > 0 && labels.ContainsKey(item) && DateTimeOffset.UtcNow >= since)
                .Take(%[2]d)
                .Select(item => labels[item] + ":" + item)
                .ToList();
        }
`, u, 10+r.IntN(500))
		default:
			fmt.Fprintf(b, `
        /// <summary>Maps a configuration word to a mode.</summary>
        public static int Mode%[1]d(string word)
        {
            switch (word.ToLowerInvariant())
            {
                case "fast":
                    return 1;
                case "safe":
                case "default":
                    return %[2]d;
                default:
                    if (!int.TryParse(word, out var n))
                    {
                        throw new FormatException($"mode {word}");
                    }
                    return n;
            }
        }
`, u, 2+r.IntN(50))
		}
	}
	writeSnippets(b, picked)
	b.WriteString("    }\n}\n")
}

// --- CloudFormation ---

// genTemplate is a CloudFormation template of a typical service stack; every other one has an old TLS
// policy on its load balancer listener.
func genTemplate(seed uint64, i int) genFile {
	r := rand.New(rand.NewPCG(seed, 1<<32+uint64(i)))
	policy := "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
	flagged := 0
	if i%2 == 0 {
		policy, flagged = "ELBSecurityPolicy-2016-08", 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `AWSTemplateFormatVersion: "2010-09-09"
Description: Billing service part %[1]d
Parameters:
  Stage:
    Type: String
    Default: prod
  CertificateArn:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: %[2]d
      KmsMasterKeyId: alias/aws/sqs
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: pk, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
      Subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Port: 443
      Protocol: HTTPS
      SslPolicy: %[3]s
      Certificates:
        - CertificateArn: !Ref CertificateArn
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig: {StatusCode: "404"}
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      MemorySize: %[4]d
      Timeout: 30
      Role: !GetAtt Role.Arn
      Code:
        S3Bucket: !Ref Bucket
        S3Key: app.zip
      Environment:
        Variables:
          TABLE: !Ref Table
          QUEUE: !Ref Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`, i, 30+r.IntN(600), policy, 128*(1+r.IntN(8)))
	return genFile{path: fmt.Sprintf("infra/stacks/part%d.yaml", i), lang: "cloudformation", data: []byte(b.String()), flagged: flagged}
}

// genCryptoFindings counts the crypto findings of a report per file.
func genCryptoFindings(rep *finding.Report) map[string]int {
	classOf := map[string]string{}
	for _, r := range rep.Rules {
		classOf[r.ID] = r.Class
	}
	out := map[string]int{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(classOf[f.RuleID], "crypto/") {
			out[f.Path]++
		}
	}
	return out
}

// TestGeneratedSources keeps the benchmarks honest: every generated file parses and is analysed, every
// weak snippet is reported and no sound one is, and generation is deterministic.
func TestGeneratedSources(t *testing.T) {
	const seed, n = 7, 150
	dir := t.TempDir()
	var files []genFile
	for i := range n {
		files = append(files, genSource(seed, i))
	}
	for i := range 4 {
		files = append(files, genTemplate(seed, i))
	}
	langs := map[string]int{}
	for _, f := range files {
		if err := genWriteFile(dir, f.path, f.data); err != nil {
			t.Fatal(err)
		}
		langs[f.lang]++
	}
	for _, l := range append(genLangs, genLang{name: "cloudformation"}) {
		if langs[l.name] == 0 {
			t.Errorf("no %s file among %d generated; want every language", l.name, len(files))
		}
	}
	rep, err := New().Scan(context.Background(), os.DirFS(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped %v; want every generated file analysed", rep.Skipped)
	}
	if len(rep.Scanned) != len(files) {
		t.Errorf("scanned %d files; want %d", len(rep.Scanned), len(files))
	}
	found := genCryptoFindings(rep)
	flagged := 0
	for _, f := range files {
		t.Run(f.path, func(t *testing.T) {
			switch got := found[f.path]; {
			case f.flagged > 0 && got < f.flagged:
				t.Errorf("got %d crypto findings; want at least %d (the weak snippets)\n%s", got, f.flagged, f.data)
			case f.flagged == 0 && got > 0:
				t.Errorf("got %d crypto findings; want none (%d sound snippets)\n%s", got, f.sound, f.data)
			}
		})
		flagged += f.flagged
	}
	if flagged == 0 {
		t.Error("no weak snippet generated; want some")
	}
	t.Run("deterministic", func(t *testing.T) {
		for _, i := range []int{0, 1, 99} {
			a, b := genSource(seed, i), genSource(seed, i)
			if a.path != b.path || !bytes.Equal(a.data, b.data) {
				t.Errorf("file %d differs between two generations of seed %d", i, seed)
			}
			if c := genSource(seed+1, i); bytes.Equal(a.data, c.data) {
				t.Errorf("file %d is the same for seeds %d and %d; want the seed to matter", i, seed, seed+1)
			}
		}
	})
}
