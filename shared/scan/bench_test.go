package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goTemplate is a realistic service file; every third one uses weak or quantum-vulnerable cryptography.
func goSource(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Package svc%d handles one slice of the orders service.\npackage svc%d\n\nimport (\n", i, i)
	b.WriteString("\t\"context\"\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"time\"\n")
	if i%3 == 0 {
		b.WriteString("\t\"crypto/md5\"\n\t\"crypto/rand\"\n\t\"crypto/rsa\"\n")
	}
	b.WriteString(")\n\n")
	if i%3 == 0 {
		fmt.Fprintf(&b, "const keyBits = %d\n\n", 1024*(1+i%4))
	}
	for j := range 12 {
		fmt.Fprintf(&b, `// Order%[1]d is one order record.
type Order%[1]d struct {
	ID        string            `+"`json:\"id\"`"+`
	Items     []string          `+"`json:\"items\"`"+`
	Total     float64           `+"`json:\"total\"`"+`
	CreatedAt time.Time         `+"`json:\"createdAt\"`"+`
	Labels    map[string]string `+"`json:\"labels\"`"+`
}

// Handle%[1]d decodes, validates and stores an order.
func Handle%[1]d(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	var o Order%[1]d
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		return fmt.Errorf("decode order: %%w", err)
	}
	if o.ID == "" || len(o.Items) == 0 {
		return errors.New("order needs an id and items")
	}
	for k, v := range o.Labels {
		if len(k) > 64 || len(v) > 256 {
			return fmt.Errorf("label %%s too long", k)
		}
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
	}
	w.WriteHeader(http.StatusCreated)
	return json.NewEncoder(w).Encode(map[string]any{"id": o.ID, "total": o.Total, "n": %[1]d})
}

`, j)
	}
	if i%3 == 0 {
		b.WriteString("// Digest hashes a receipt.\nfunc Digest(b []byte) [16]byte { return md5.Sum(b) }\n\n")
		b.WriteString("// Key makes a signing key.\nfunc Key() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, keyBits) }\n")
	}
	return b.String()
}

// pySource is a realistic handler module; every third one uses weak or quantum-vulnerable cryptography.
func pySource(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\"\"\"Handlers for slice %d of the orders service.\"\"\"\nimport json\nimport logging\nimport os\nfrom dataclasses import dataclass, field\nfrom typing import Any\n", i)
	if i%3 == 0 {
		b.WriteString("import hashlib\nfrom cryptography.hazmat.primitives.asymmetric import rsa\n\n")
		fmt.Fprintf(&b, "KEY_SIZE = %d\n", 1024*(1+i%4))
	}
	b.WriteString("\nlog = logging.getLogger(__name__)\nTABLE = os.environ.get(\"TABLE\", \"orders\")\n\n")
	for j := range 12 {
		fmt.Fprintf(&b, `
@dataclass
class Order%[1]d:
    id: str
    items: list[str] = field(default_factory=list)
    total: float = 0.0
    labels: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        if not self.id or not self.items:
            raise ValueError("order needs an id and items")
        for key, value in self.labels.items():
            if len(key) > 64 or len(value) > 256:
                raise ValueError(f"label {key} too long")


def handle_%[1]d(event: dict[str, Any], context: Any) -> dict[str, Any]:
    body = json.loads(event.get("body") or "{}")
    order = Order%[1]d(**body)
    order.validate()
    log.info("order %%s stored in %%s", order.id, TABLE)
    return {"statusCode": 201, "body": json.dumps({"id": order.id, "total": order.total, "n": %[1]d})}
`, j)
	}
	if i%3 == 0 {
		b.WriteString("\n\ndef digest(body: bytes) -> str:\n    return hashlib.md5(body).hexdigest()\n")
		b.WriteString("\n\ndef etag(body: bytes) -> str:\n    return hashlib.md5(body, usedforsecurity=False).hexdigest()\n")
		b.WriteString("\n\ndef key():\n    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)\n")
	}
	return b.String()
}

// BenchmarkScan scans 200 generated Go and Python files (about 1.5 MB), a push far larger than typical.
// Its memory metrics are those of the scale benchmarks (scale_bench_test.go); they have to stay far below the
// scan function's memory size.
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	var total int64
	for i := range 100 {
		for name, src := range map[string]string{
			fmt.Sprintf("go/svc%d/svc.go", i):     goSource(i),
			fmt.Sprintf("python/handler%d.py", i): pySource(i),
		} {
			full := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(src), 0o644); err != nil {
				b.Fatal(err)
			}
			total += int64(len(src))
		}
	}
	svc := New()
	fsys := os.DirFS(dir)
	ctx := context.Background()
	b.SetBytes(total)
	b.ReportAllocs()
	var findings int
	probe := startMemoryProbe(b)
	for b.Loop() {
		rep, err := svc.Scan(ctx, fsys, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Scanned) != 200 || len(rep.Skipped) != 0 {
			b.Fatalf("scanned %d files, skipped %v; want 200 and none", len(rep.Scanned), rep.Skipped)
		}
		findings = len(rep.Findings)
		probe.add(total)
	}
	probe.report(b)
	b.ReportMetric(float64(findings), "findings")
}
