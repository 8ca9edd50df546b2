package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/store"
)

// memStore is an in-memory evidence store, so fixtures of many packs build quickly.
type memStore struct {
	mu   sync.Mutex
	objs map[string][]byte
}

func newMem() *memStore { return &memStore{objs: map[string][]byte{}} }

func (m *memStore) Get(_ context.Context, k string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objs[k]
	if !ok {
		return nil, fmt.Errorf("get %s: %w", k, store.ErrNotFound)
	}
	return b, nil
}

func (m *memStore) Put(_ context.Context, k string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objs[k] = append([]byte(nil), b...)
	return nil
}

func (m *memStore) PutIfAbsent(_ context.Context, k string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objs[k]; ok {
		return fmt.Errorf("put %s: %w", k, store.ErrExists)
	}
	m.objs[k] = append([]byte(nil), b...)
	return nil
}

func (m *memStore) List(_ context.Context, prefix string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for k := range m.objs {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

type fixture struct {
	st     *memStore
	signer *evidence.LocalSigner
	writer *evidence.Writer
	keys   evidence.KeyRing
}

var day = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "k.pem"))
	if err != nil {
		t.Fatal(err)
	}
	st := newMem()
	clock := day
	f := &fixture{st: st, signer: signer, keys: evidence.KeyRing{}}
	f.writer = &evidence.Writer{Store: st, Signer: signer, Now: func() time.Time { clock = clock.Add(time.Second); return clock }}
	f.keys.Add(signer.Public())
	return f
}

// pack writes a pack whose controls.json holds the given evaluations.
func (f *fixture) pack(t testing.TB, id, kind, repo string, at time.Time, evals []finding.Evaluation, extra map[string][]byte) *evidence.Manifest {
	t.Helper()
	controls := evidence.BuildControls(evals, nil)
	cb, err := controls.Encode()
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{evidence.ControlsFile: cb}
	for k, v := range extra {
		files[k] = v
	}
	subject := map[string]any{"repository": repo}
	if kind == "alarm" {
		subject = map[string]any{"alarm": repo}
	}
	m, err := f.writer.Write(context.Background(), evidence.Input{ID: id, Kind: kind, Date: at, Subject: subject, Stream: kind + "/" + repo, Files: files, Controls: controls.Summary()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func eval(rule, status string, sup string, controls ...string) finding.Evaluation {
	e := finding.Evaluation{RuleID: rule, ConfigRule: rule, Status: finding.Status(status), Controls: controls, ResourceType: "AWS::S3::Bucket", ResourceID: "b-" + rule}
	if sup != "" {
		e.Suppression = &finding.Suppression{Kind: finding.SuppressionInSource, Justification: sup, Source: "Metadata.attest"}
	}
	return e
}

const (
	hipaaA = "HIPAA/164.312(a)(1)"
	hipaaE = "HIPAA/164.312(a)(2)(iv)"
	soc2   = "SOC2/CC6.1"
)

// standard writes five packs over three days: passes, a failure, a suppressed failure, an alarm.
func (f *fixture) standard(t testing.TB) {
	f.pack(t, "push-1", "push", "orders", day, []finding.Evaluation{eval("s3-sse", "PASS", "", hipaaE), eval("s3-pab", "PASS", "", hipaaA, soc2)}, nil)
	f.pack(t, "push-2", "push", "orders", day.Add(24*time.Hour), []finding.Evaluation{eval("s3-sse", "FAIL", "", hipaaE), eval("s3-pab", "PASS", "", hipaaA, soc2)}, nil)
	f.pack(t, "push-3", "push", "payments", day.Add(25*time.Hour), []finding.Evaluation{eval("s3-pab", "FAIL", "public website", hipaaA, soc2)}, nil)
	f.pack(t, "alarm-1", "alarm", "orders-errors", day.Add(26*time.Hour), nil, map[string][]byte{"explanation.json": []byte(`{"rootCause":{"id":"vpc-no-egress"}}`)})
	f.pack(t, "push-4", "push", "orders", day.Add(72*time.Hour), []finding.Evaluation{eval("s3-sse", "PASS", "", hipaaE)}, nil)
}

func (f *fixture) export(t testing.TB, req Request) ([]byte, *Manifest) {
	t.Helper()
	var buf bytes.Buffer
	e := &Exporter{Store: f.st, Signer: f.signer, Now: func() time.Time { return day.Add(30 * 24 * time.Hour) }, Generator: "attest test"}
	m, err := e.Write(context.Background(), &buf, req)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), m
}

func openZip(t testing.TB, b []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func readMember(t testing.TB, zr *zip.Reader, name string) []byte {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExportSelectsPacks(t *testing.T) {
	f := newFixture(t)
	f.standard(t)
	cases := []struct {
		name string
		req  Request
		want []string
	}{
		{"everything", Request{}, []string{"push-1", "push-2", "push-3", "alarm-1", "push-4"}},
		{"one day", Request{From: day.Add(24 * time.Hour).Truncate(24 * time.Hour), To: day.Add(48 * time.Hour).Truncate(24 * time.Hour).Add(-time.Nanosecond)}, []string{"push-2", "push-3", "alarm-1"}},
		{"framework leaves out packs without its controls", Request{Framework: "soc2"}, []string{"push-1", "push-2", "push-3"}},
		{"framework and period", Request{Framework: "HIPAA", From: day.Add(48 * time.Hour)}, []string{"push-4"}},
		{"empty period", Request{From: day.Add(-48 * time.Hour), To: day.Add(-24 * time.Hour)}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, m := f.export(t, tc.req)
			if got := m.PackIDs(); strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got packs %v; want %v", got, tc.want)
			}
			v, err := Verify(openZip(t, b), f.keys)
			if err != nil {
				t.Fatal(err)
			}
			if !v.OK() {
				t.Errorf("got problems %v; want an intact export", v.Problems)
			}
			if v.Packs != len(tc.want) {
				t.Errorf("verified %d packs; want %d", v.Packs, len(tc.want))
			}
		})
	}
}

func TestExportBadRequest(t *testing.T) {
	f := newFixture(t)
	e := &Exporter{Store: f.st, Signer: f.signer}
	for name, req := range map[string]Request{
		"unknown framework": {Framework: "ISO27001"},
		"reversed period":   {From: day, To: day.Add(-time.Hour)},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := e.Write(context.Background(), io.Discard, req); err == nil {
				t.Error("got no error; want the request refused")
			}
		})
	}
}

func TestExportControlFolders(t *testing.T) {
	f := newFixture(t)
	f.standard(t)
	b, _ := f.export(t, Request{Framework: "HIPAA"})
	zr := openZip(t, b)
	cases := []struct {
		control string
		status  string
		packs   int
		just    string
	}{
		{hipaaE, evidence.ControlFail, 3, ""},
		{hipaaA, evidence.ControlSuppressed, 3, "public website"},
	}
	for _, tc := range cases {
		t.Run(tc.control, func(t *testing.T) {
			var cp ControlPacks
			if err := json.Unmarshal(readMember(t, zr, ControlFolder(tc.control)+ControlIndex), &cp); err != nil {
				t.Fatal(err)
			}
			if cp.Status != tc.status || len(cp.Packs) != tc.packs {
				t.Errorf("got %s over %d packs; want %s over %d", cp.Status, len(cp.Packs), tc.status, tc.packs)
			}
			for _, p := range cp.Packs {
				if _, err := zr.Open(p.Path + evidence.ManifestFile); err != nil {
					t.Errorf("control index references %s, which is not in the export", p.Path)
				}
			}
			if tc.just != "" && !bytes.Contains(readMember(t, zr, ControlFolder(tc.control)+ControlIndex), []byte(tc.just)) {
				t.Errorf("control index does not carry the justification %q", tc.just)
			}
		})
	}
	if _, err := zr.Open(ControlFolder(soc2) + ControlIndex); err == nil {
		t.Error("a HIPAA export has a SOC2 control folder")
	}
	// Packs are referenced, never copied into control folders.
	n := 0
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/"+evidence.ManifestFile) {
			n++
		}
	}
	if n != 4 {
		t.Errorf("got %d pack manifests in the zip; want each of the 4 packs once", n)
	}
	html := string(readMember(t, zr, SummaryFile))
	for _, want := range []string{"HIPAA", hipaaA, `class="suppressed"`, "push-4", "attest verify"} {
		if !strings.Contains(html, want) {
			t.Errorf("summary.html lacks %q", want)
		}
	}
	if regexp.MustCompile(`(?i)(src|href)="https?:`).MatchString(html) {
		t.Error("summary.html loads an external asset")
	}
}

func TestControlToken(t *testing.T) {
	for in, want := range map[string]string{
		"HIPAA/164.312(a)(2)(iv)":   "HIPAA-164.312-a-2-iv",
		"PCI-DSS-4.0/3.5.1":         "PCI-DSS-4.0-3.5.1",
		"SOC2/CC6.1":                "SOC2-CC6.1",
		"POLICY/cost-monthly-delta": "POLICY-cost-monthly-delta",
		"1/2":                       "_1-2",
	} {
		if got := ControlToken(in); got != want {
			t.Errorf("ControlToken(%q): got %q; want %q", in, got, want)
		}
	}
}

func TestRecorder(t *testing.T) {
	f := newFixture(t)
	r := &Recorder{Writer: f.writer}
	m, err := r.Record(context.Background(), Access{Action: ActionDownload, Who: "alice", At: day, Packs: []string{"push-1"}, Via: "portal"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != "export" || m.Subject["who"] != "alice" || m.Subject["pack"] != "push-1" {
		t.Errorf("got kind %s subject %v; want an export-kind record naming alice and push-1", m.Kind, m.Subject)
	}
	if _, err := r.Record(context.Background(), Access{Action: ActionDownload}); err == nil {
		t.Error("recorded an access without a principal")
	}
	if _, err := r.Record(context.Background(), Access{Action: "delete", Who: "x"}); err == nil {
		t.Error("recorded an unknown action")
	}
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add([]byte(`{"schema":"attest.export/v1","id":"e","packs":[]}`))
	f.Add([]byte(`{"schema":"attest.pack/v1"}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeManifest(b)
		if err == nil && (m.ID == "" || m.Schema != Schema) {
			t.Fatalf("accepted %q", b)
		}
	})
}

func TestExportNamesPendingPacks(t *testing.T) {
	f := newFixture(t)
	f.standard(t)
	// A write interrupted after its index entry: the manifest is not there.
	m := f.pack(t, "push-9", "push", "orders", day.Add(5*time.Hour), nil, nil)
	for k := range f.st.objs {
		if strings.HasSuffix(k, "/push-9/"+evidence.ManifestFile) {
			delete(f.st.objs, k)
		}
	}
	b, em := f.export(t, Request{})
	if len(em.Pending) != 1 || em.Pending[0].ID != m.ID {
		t.Fatalf("got pending %+v; want push-9", em.Pending)
	}
	if strings.Contains(strings.Join(em.PackIDs(), ","), "push-9") {
		t.Error("a pack without a manifest is listed as exported")
	}
	if v, err := Verify(openZip(t, b), f.keys); err != nil || !v.OK() {
		t.Errorf("got %v %v; want an intact export", v, err)
	}
	if !strings.Contains(string(readMember(t, openZip(t, b), SummaryFile)), "push-9") {
		t.Error("summary.html does not name the pending pack")
	}
}
