//go:build cgo

package cbom_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/attestdev/attest/shared/cbom"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/scan"
)

var update = flag.Bool("update", false, "rewrite the golden CBOMs under testdata")

// scanTree scans a directory as attest cbom does.
func scanTree(t *testing.T, dir string) *finding.Report {
	t.Helper()
	rep, err := scan.New().Scan(context.Background(), os.DirFS(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestGoldenCBOM scans fixture trees and compares their CBOMs with reviewed golden files (refresh them with
// go test -run TestGoldenCBOM -update), after checking them against the CycloneDX 1.6 schema.
func TestGoldenCBOM(t *testing.T) {
	for _, tc := range []struct{ name, dir, golden string }{
		{"safe and post-quantum tree", "testdata/tree", "testdata/tree.cdx.json"},
		{"crypto fixtures", "../../testdata/crypto/src", "testdata/crypto-src.cdx.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := scanTree(t, tc.dir)
			bom, err := cbom.Build(rep, cbom.Options{Subject: filepath.Base(tc.dir), Version: "test",
				Now: time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			got, err := cbom.Encode(bom)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(got))
			if err != nil {
				t.Fatal(err)
			}
			if err := cbom.Schema(t).Validate(doc); err != nil {
				t.Fatalf("CBOM does not validate against the CycloneDX 1.6 schema: %v", err)
			}
			if *update {
				if err := os.WriteFile(tc.golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(tc.golden)
			if err != nil {
				t.Fatalf("%v (run the test with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("CBOM differs from %s; review the change and run the test with -update\ngot:\n%s", tc.golden, got)
			}
		})
	}
}

// TestTreeReadiness checks the readiness of the fixture tree, counted by hand from its sources: 23 uses;
// MD5 is a weak hash; ECDSA P-256, RSA with SHA-256 and RSA-3072 are quantum-vulnerable. Key exchange:
// ML-KEM-768 (Go, TypeScript), ML-KEM-1024 (C#), X25519MLKEM768 (Go's TLS config and the -PQ- listener
// policy) and RSA-3072; signatures: ML-DSA (Python, Java, the KMS key), ECDSA and RSA.
func TestTreeReadiness(t *testing.T) {
	r := cbom.ReadinessOf(scanTree(t, "testdata/tree").Assets)
	if r.Uses != 23 || r.ByClass["safe"] != 19 || r.ByClass["crypto/weak-hash"] != 1 || r.ByClass["crypto/quantum-vulnerable"] != 3 {
		t.Errorf("got %d uses by class %v; want 23: 19 safe, 1 weak-hash, 3 quantum-vulnerable", r.Uses, r.ByClass)
	}
	if r.KeyExchange != 6 || r.KeyExchangePQ != 5 || r.Signature != 5 || r.SignaturePQ != 3 {
		t.Errorf("got key exchange %d/%d, signatures %d/%d; want 5/6 and 3/5", r.KeyExchangePQ, r.KeyExchange, r.SignaturePQ, r.Signature)
	}
	if r.Asymmetric() != 11 || r.PostQuantum() != 8 {
		t.Errorf("got %d post-quantum of %d public-key uses; want 8 of 11", r.PostQuantum(), r.Asymmetric())
	}
}
