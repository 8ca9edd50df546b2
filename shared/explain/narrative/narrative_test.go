package narrative_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/narrative"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// golden is the engine's explanation of the vpc-no-egress scenario.
func golden(t testing.TB) *explain.Explanation {
	t.Helper()
	b, err := os.ReadFile("testdata/vpc-no-egress.explanation.json")
	if err != nil {
		t.Fatal(err)
	}
	var e explain.Explanation
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return &e
}

func TestCheck(t *testing.T) {
	e := golden(t)
	tests := []struct {
		name, text string
		// want is a part of the reason, or "" for a narrative that stands.
		want string
	}{
		{"restates the evidence", "The orders function in vpc-0a1b2c3d4e5f60718 has no route out of subnet-0a1b2c3d4e5f60001: the route table holds only 10.0.0.0/16, so calls time out after 30 s.", ""},
		{"names the engine's cause and a ruled-out one", "This is vpc-no-egress; out-of-memory was ruled out.", ""},
		{"log group from the evidence", "The log group /aws/lambda/orders shows the timeouts.", ""},
		{"empty", "  \n", "empty reply"},
		{"too long", strings.Repeat("word ", 400), "more than"},
		{"another root cause", "The real problem is downstream-slow: the database is overloaded.", "names the root cause downstream-slow"},
		{"an invented resource ID", "NAT gateway nat-0f3e2d1c0b9a88776 was deleted.", `"nat-0f3e2d1c0b9a88776"`},
		{"an invented ARN", "The role arn:aws:iam::123456789012:role/admin lacks access.", `"arn:aws:iam::123456789012:role/admin"`},
		{"an invented account", "Account 210987654321 owns the VPC.", `"210987654321"`},
		{"an invented address", "It cannot reach 52.94.0.12 on port 443.", `"52.94.0.12"`},
		{"an invented quoted name", "Check the `payments-db` cluster.", `"payments-db"`},
		{"an invented log group", "See /aws/lambda/payments for details.", `"/aws/lambda/payments"`},
		{"an id inside a longer word is not a root cause", "Its pre-bad-deployment state was fine.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := narrative.Check(e, tt.text, narrative.DefaultMaxChars)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v; want the narrative kept", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v; want a discard mentioning %s", err, tt.want)
			}
			var d *narrative.DiscardError
			if err != nil && !errors.As(err, &d) {
				t.Errorf("got %T; want *narrative.DiscardError", err)
			}
		})
	}
}

func TestPromptHoldsOnlyTheExplanation(t *testing.T) {
	e := golden(t)
	system, prompt := narrative.Prompt(e)
	for _, want := range []string{e.RootCause.ID, e.RootCause.Summary, e.Evidence[0].Fact, e.RuledOut[0].ID + ": " + e.RuledOut[0].Why, e.Fix.Summary, e.Impact.Summary} {
		if !strings.Contains(prompt, want) {
			t.Errorf("prompt lacks %q", want)
		}
	}
	if !strings.Contains(system, "do not use any root-cause identifier other than the one given") {
		t.Errorf("system prompt %q; want the instruction to keep the engine's root cause", system)
	}
	// Everything in the prompt comes from the explanation: an identifier check of the prompt against the
	// explanation itself passes.
	if err := narrative.Check(e, prompt, len(prompt)+1); err != nil {
		t.Errorf("the prompt holds something not in the explanation: %v", err)
	}
}

type modelFunc func(ctx context.Context, system, prompt string) (string, error)

func (f modelFunc) Complete(ctx context.Context, system, prompt string) (string, error) {
	return f(ctx, system, prompt)
}

func TestNarrateStatuses(t *testing.T) {
	e := golden(t)
	tests := []struct {
		name       string
		n          *narrative.Narrator
		wantStatus string
		wantText   bool
	}{
		{"no model", &narrative.Narrator{}, "unavailable: no model configured", false},
		{"used", &narrative.Narrator{Model: modelFunc(func(context.Context, string, string) (string, error) {
			return "  The orders function has no route out of its subnets.\n", nil
		})}, "used", true},
		{"discarded", &narrative.Narrator{Model: modelFunc(func(context.Context, string, string) (string, error) {
			return "It is a recursive-loop of the function.", nil
		})}, "discarded: names the root cause recursive-loop", false},
		{"model error", &narrative.Narrator{Model: modelFunc(func(context.Context, string, string) (string, error) {
			return "", errors.New("ThrottlingException: Too many requests")
		})}, "unavailable: ThrottlingException", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, status := tt.n.Narrate(context.Background(), e)
			if !strings.HasPrefix(status, tt.wantStatus) {
				t.Errorf("status %q; want it to start with %q", status, tt.wantStatus)
			}
			if (text != "") != tt.wantText {
				t.Errorf("text %q; want text: %v", text, tt.wantText)
			}
			if tt.wantText && text != strings.TrimSpace(text) {
				t.Errorf("text %q; want it trimmed", text)
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	e := golden(f)
	f.Add("The orders function has no route out of vpc-0a1b2c3d4e5f60718.")
	f.Add("`x` arn:aws:s3:::b 10.0.0.1 123456789012 vpc-no-egress")
	f.Fuzz(func(t *testing.T, text string) {
		_ = narrative.Check(e, text, narrative.DefaultMaxChars) // must not panic on any reply
	})
}

// TestStepAddsTheNarrative runs the explain step with a Narrator: explanation.json carries the narrative
// and its status; without a Narrator it carries neither.
func TestStepAddsTheNarrative(t *testing.T) {
	ctx := context.Background()
	snap, err := snapshot.Open("../../../testdata/context/vpc-no-egress")
	if err != nil {
		t.Fatal(err)
	}
	event, err := os.ReadFile("../../../testdata/context/vpc-no-egress/event.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		narrator   explain.Narrator
		wantStatus string
	}{
		{"with a model", &narrative.Narrator{Model: modelFunc(func(_ context.Context, _, prompt string) (string, error) {
			if !strings.Contains(prompt, "vpc-no-egress") {
				return "", errors.New("prompt without the root cause")
			}
			return "The orders function cannot leave vpc-0a1b2c3d4e5f60718.", nil
		})}, "used"},
		{"without", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if err := work.Put(ctx, "events/e.json", event); err != nil {
				t.Fatal(err)
			}
			step := &explain.Step{Work: work, Explainer: &explain.Explainer{Context: snap}, Narrator: tt.narrator}
			out, err := step.Run(ctx, run.State{RunID: "r1", EventKey: "events/e.json"})
			if err != nil {
				t.Fatal(err)
			}
			body, err := work.Get(ctx, out.Files[explain.File])
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(body, &doc); err != nil {
				t.Fatal(err)
			}
			status, _ := doc["narrativeStatus"].(string)
			if status != tt.wantStatus {
				t.Errorf("narrativeStatus %q; want %q", status, tt.wantStatus)
			}
			if _, has := doc["narrative"]; has != (tt.wantStatus == "used") {
				t.Errorf("narrative present: %v; want %v", has, tt.wantStatus == "used")
			}
		})
	}
}
