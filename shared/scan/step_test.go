package scan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// putJSON stores v as JSON.
func putJSON(t *testing.T, s store.Store, key string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(context.Background(), key, b); err != nil {
		t.Fatal(err)
	}
}

// sampleHead puts the sample repository's head tree into the work store as fetch would, and returns the
// changeset.
func sampleHead(t *testing.T, work store.Store) run.Changeset {
	t.Helper()
	cs := run.Changeset{Repository: "attest-sample", BaseCommit: strings.Repeat("a", 40), HeadCommit: strings.Repeat("b", 40)}
	for _, p := range []string{"app/orders.py", "signer/signer.go", "infra/template.yaml"} {
		data, err := os.ReadFile("../../testdata/sample-repo/02-head/" + p)
		if err != nil {
			t.Fatal(err)
		}
		key := "runs/r1/head/" + p
		if err := work.Put(context.Background(), key, data); err != nil {
			t.Fatal(err)
		}
		cs.Files = append(cs.Files, run.ChangedFile{Path: p, Change: run.ChangeModified, BaseKey: "runs/r1/base/" + p, HeadKey: key, Size: int64(len(data))})
	}
	cs.Files = append(cs.Files,
		run.ChangedFile{Path: "old/removed.go", Change: run.ChangeDeleted, BaseKey: "runs/r1/base/old/removed.go"},
		run.ChangedFile{Path: "app/lost.py", Change: run.ChangeAdded, HeadKey: "runs/r1/head/app/lost.py"},
		run.ChangedFile{Path: "app/nokey.py", Change: run.ChangeAdded},
	)
	cs.Skipped = []run.SkippedFile{{Path: "assets/logo.png", Reason: "binary file over the fetch limit"}}
	return cs
}

func TestStepRun(t *testing.T) {
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	putJSON(t, work, "runs/r1/changes.json", sampleHead(t, work))
	in := run.State{RunID: "r1", Flow: run.FlowPush, Files: map[string]string{run.ChangesetFile: "runs/r1/changes.json"}}
	before := maps.Clone(in.Files)

	step := &Step{Work: work, Service: &Service{Templates: fakeTemplates{}}, Version: "test"}
	out, err := step.Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(in.Files, before) {
		t.Errorf("input files changed to %v; the step must not write to its input's maps", in.Files)
	}
	for _, name := range []string{FindingsFile, EvaluationsFile} {
		if got, want := out.Files[name], "runs/r1/"+name; got != want {
			t.Errorf("file %s at %q; want %q", name, got, want)
		}
	}
	raw, err := work.Get(context.Background(), out.Files[FindingsFile])
	if err != nil {
		t.Fatal(err)
	}
	var log finding.SARIFLog
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatalf("findings.sarif.json: %v", err)
	}
	if len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "attest" || log.Runs[0].Tool.Driver.Version != "test" {
		t.Fatalf("SARIF runs %+v; want one run of attest test", log.Runs)
	}
	var results []string
	for _, r := range log.Runs[0].Results {
		results = append(results, fmt.Sprintf("%s:%d %s %s", r.Locations[0].PhysicalLocation.ArtifactLocation.URI,
			r.Locations[0].PhysicalLocation.Region.StartLine, r.RuleID, r.Level))
	}
	wantResults := []string{
		"app/orders.py:12 ATT-CRYPTO-WEAK-HASH error",
		"app/orders.py:17 ATT-CRYPTO-WEAK-HASH note",
		"infra/template.yaml:3 FAKE-IAC-1 error",
		"signer/signer.go:15 ATT-CRYPTO-SHORT-KEY-RSA error",
		"signer/signer.go:20 ATT-CRYPTO-WEAK-HASH error",
	}
	if strings.Join(results, "\n") != strings.Join(wantResults, "\n") {
		t.Errorf("results\n%s\nwant\n%s", strings.Join(results, "\n"), strings.Join(wantResults, "\n"))
	}
	notes := map[string]string{}
	for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
		notes[n.Locations[0].PhysicalLocation.ArtifactLocation.URI] = n.Message.Text
	}
	for p, want := range map[string]string{
		"assets/logo.png": "not scanned: binary file over the fetch limit",
		"app/lost.py":     "not scanned: cannot read: head content runs/r1/head/app/lost.py is missing from the work store",
		"app/nokey.py":    "not scanned: no head content in the changeset",
	} {
		if notes[p] != want {
			t.Errorf("notification for %s: got %q; want %q", p, notes[p], want)
		}
	}
	if _, ok := notes["old/removed.go"]; ok {
		t.Error("a deleted file is reported as skipped; want it ignored")
	}

	rawEvals, err := work.Get(context.Background(), out.Files[EvaluationsFile])
	if err != nil {
		t.Fatal(err)
	}
	var evals []finding.Evaluation
	if err := json.Unmarshal(rawEvals, &evals); err != nil {
		t.Fatalf("evaluations.json: %v", err)
	}
	// The fake rule's one evaluation, and the environment checks of the template's functions (joined with
	// the code pushed with it): one evaluation per function and environment rule.
	byRule := map[string]int{}
	for _, e := range evals {
		byRule[strings.SplitN(e.RuleID, "-", 2)[0]]++
	}
	if byRule["FAKE"] != 1 || byRule["env"]+byRule["eff"] == 0 || len(evals) != byRule["FAKE"]+byRule["env"]+byRule["eff"] {
		t.Errorf("evaluations by rule family %v; want FAKE 1 and the environment checks", byRule)
	}
	if got, want := out.Summary["findings"], "4 error, 0 warning, 1 note"; got != want {
		t.Errorf("summary findings %q; want %q", got, want)
	}
	if got, want := out.Summary["scanned"], "3 files, 3 skipped"; got != want {
		t.Errorf("summary scanned %q; want %q", got, want)
	}
	// SHA-256 at orders.py:8, MD5 at orders.py:12 and :17 and signer.go:20, RSA-1024 at signer.go:15.
	if got, want := out.Summary["cryptography"], "5 uses: 3 weak-hash, 1 short-key, 1 safe; post-quantum 0 of 1 "+
		"public-key uses (0%): key exchange 0/1, signatures 0/0"; got != want {
		t.Errorf("summary cryptography %q; want %q", got, want)
	}
	rawBOM, err := work.Get(context.Background(), out.Files[CBOMFile])
	if err != nil {
		t.Fatalf("%s: %v", CBOMFile, err)
	}
	var bom struct {
		Components []struct {
			Name     string `json:"name"`
			Evidence struct {
				Occurrences []struct {
					Location string `json:"location"`
					Line     int    `json:"line"`
				} `json:"occurrences"`
			} `json:"evidence"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rawBOM, &bom); err != nil {
		t.Fatalf("%s: %v", CBOMFile, err)
	}
	var comps []string
	for _, c := range bom.Components {
		comps = append(comps, fmt.Sprintf("%s x%d", c.Name, len(c.Evidence.Occurrences)))
	}
	if got, want := strings.Join(comps, ", "), "MD5 x3, RSA-1024 x1, SHA-256 x1"; got != want {
		t.Errorf("CBOM components %s; want %s", got, want)
	}
	if len(out.Gaps) != 1 || out.Gaps[0].Step != "scan" ||
		out.Gaps[0].Reason != "2 files not analysed: app/lost.py (cannot read: head content runs/r1/head/app/lost.py is missing from the work store); app/nokey.py (no head content in the changeset)" {
		t.Errorf("gaps %+v; want one naming the two files that could not be analysed", out.Gaps)
	}
}

func TestStepWithoutChangeset(t *testing.T) {
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out, err := (&Step{Work: work}).Run(context.Background(), run.State{RunID: "r2", Flow: run.FlowPush})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Gaps) != 1 || !strings.Contains(out.Gaps[0].Reason, "no changeset") || len(out.Files) != 0 {
		t.Errorf("got gaps %+v and files %v; want a gap and no files", out.Gaps, out.Files)
	}
}

func TestStepInvalidChangeset(t *testing.T) {
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := work.Put(context.Background(), "runs/r3/changes.json", []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	_, err = (&Step{Work: work}).Run(context.Background(), run.State{RunID: "r3", Files: map[string]string{run.ChangesetFile: "runs/r3/changes.json"}})
	var ice *InvalidChangesetError
	if !errors.As(err, &ice) || ice.Key != "runs/r3/changes.json" {
		t.Errorf("got %v; want an *InvalidChangesetError for runs/r3/changes.json", err)
	}
}

// failingStore fails reads of one key, as S3 does when it throttles.
type failingStore struct {
	store.Store
	failKey string
}

var errThrottled = errors.New("SlowDown: please reduce your request rate")

func (f failingStore) Get(ctx context.Context, key string) ([]byte, error) {
	if key == f.failKey {
		return nil, errThrottled
	}
	return f.Store.Get(ctx, key)
}

func TestStepStoreErrorsAreReturned(t *testing.T) {
	local, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	putJSON(t, local, "runs/r4/changes.json", sampleHead(t, local))
	in := run.State{RunID: "r4", Files: map[string]string{run.ChangesetFile: "runs/r4/changes.json"}}
	for _, key := range []string{"runs/r4/changes.json", "runs/r1/head/signer/signer.go"} {
		t.Run(key, func(t *testing.T) {
			_, err := (&Step{Work: failingStore{local, key}, Service: &Service{Templates: fakeTemplates{}}}).Run(context.Background(), in)
			if !errors.Is(err, errThrottled) {
				t.Errorf("got %v; want the store's error, for the state machine to retry", err)
			}
		})
	}
}
