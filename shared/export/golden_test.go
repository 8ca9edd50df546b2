package export

import (
	"bytes"
	"encoding/pem"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixedFixture is a fixture whose signing key comes from a fixed seed, so manifests and every document
// derived from them are the same on every run.
func fixedFixture(t *testing.T) *fixture {
	t.Helper()
	p := filepath.Join(t.TempDir(), "k.pem")
	seed := bytes.Repeat([]byte{7}, 32)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "ML-DSA-65 PRIVATE KEY SEED", Bytes: seed}), 0o600); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	signer, err := evidence.LoadOrCreateLocalSigner(p)
	if err != nil {
		t.Fatal(err)
	}
	f.signer, f.writer.Signer, f.keys = signer, signer, evidence.KeyRing{}
	f.keys.Add(signer.Public())
	return f
}

func TestGoldenDocuments(t *testing.T) {
	f := fixedFixture(t)
	f.standard(t)
	b, _ := f.export(t, Request{Framework: "HIPAA", From: day.Add(-24 * time.Hour), To: day.AddDate(0, 0, 30)})
	zr := openZip(t, b)
	for _, tc := range []struct{ member, golden string }{
		{OSCALFile, "assessment-results.golden.json"},
		{SummaryFile, "summary.golden.html"},
		{ControlFolder(hipaaA) + ControlIndex, "control-index.golden.json"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			got := readMember(t, zr, tc.member)
			golden.Check(t, filepath.Join("testdata", tc.golden), got, *update)
		})
	}
}
