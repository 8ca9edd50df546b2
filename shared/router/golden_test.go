package router_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/golden"
	"github.com/attestdev/attest/shared/router"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestDecisionsGolden pins the execution input (the run state) the router starts for every sample event,
// run IDs included: a change to them changes which executions count as duplicates.
func TestDecisionsGolden(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "..", "events"))
	if err != nil {
		t.Fatal(err)
	}
	type decision struct {
		Ignore bool            `json:"ignore,omitempty"`
		Reason string          `json:"reason,omitempty"`
		State  json.RawMessage `json:"state"`
	}
	got := map[string]decision{}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" {
			continue
		}
		env, err := event.Parse(sample(t, e.Name()))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		d, err := router.Decide(env, router.Config{ScanTags: true})
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		st, _ := json.Marshal(d.State)
		got[e.Name()] = decision{Ignore: d.Ignore, Reason: d.Reason, State: st}
	}
	out, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, '\n')
	golden.Check(t, filepath.Join("testdata", "decisions.golden.json"), out, *update)
}
