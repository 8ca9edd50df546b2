package explain_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

// scenarios are the context snapshots under testdata/context that carry an alarm event (event.json), with
// the root cause each must yield. Decoys pair a cause's signals with context that must not confirm it.
var scenarios = []struct {
	dir        string
	rootCause  string
	confidence string
	ruledOut   []string
}{
	{"vpc-no-egress", "vpc-no-egress", explain.Confirmed, []string{"out-of-memory", "init-timeout", "bad-deploy"}},
	{"states-task-no-egress", "vpc-no-egress", explain.Confirmed, []string{"out-of-memory", "init-timeout", "bad-deploy"}},
	{"states-no-lambda-task", explain.UnknownCause, explain.Inconclusive, nil},
	{"nat-available", explain.UnknownCause, explain.Inconclusive, []string{"vpc-no-egress"}},
	{"missing-route-tables", "vpc-no-egress", explain.Inconclusive, nil},
	{"out-of-memory", "out-of-memory", explain.Confirmed, []string{"init-timeout", "bad-deploy", "vpc-no-egress"}},
	{"out-of-memory-legacy", "out-of-memory", explain.Likely, []string{"init-timeout", "bad-deploy"}},
	{"memory-near-limit", explain.UnknownCause, explain.Inconclusive, []string{"out-of-memory", "init-timeout", "bad-deploy"}},
	{"init-timeout", "init-timeout", explain.Confirmed, []string{"out-of-memory", "bad-deploy"}},
	{"bad-deploy", "bad-deploy", explain.Confirmed, []string{"out-of-memory", "init-timeout"}},
	{"bad-deploy-old-package", "bad-deploy", explain.Inconclusive, []string{"out-of-memory", "init-timeout"}},
	{"kms-env-access-denied", "kms-env-access-denied", explain.Confirmed, nil},
	{"kms-env-grant-lost", "kms-env-access-denied", explain.Likely, nil},
	{"reserved-concurrency-zero", "reserved-concurrency-too-low", explain.Confirmed, []string{"account-concurrency-exhausted"}},
	{"account-concurrency-exhausted", "account-concurrency-exhausted", explain.Confirmed, []string{"reserved-concurrency-too-low"}},
	{"vpc-ip-exhaustion", "vpc-ip-exhaustion", explain.Confirmed, []string{"vpc-no-egress"}},
	{"vpc-ip-low-but-no-egress", "vpc-no-egress", explain.Confirmed, nil},
	{"downstream-rate-limited", "downstream-rate-limited", explain.Confirmed, []string{"out-of-memory", "bad-deploy"}},
	{"dynamodb-throttled-not-downstream", "dynamodb-capacity-exceeded", explain.Likely, []string{"downstream-rate-limited"}},
	{"dynamodb-capacity-exceeded", "dynamodb-capacity-exceeded", explain.Confirmed, nil},
	{"dynamodb-hot-key", "dynamodb-capacity-exceeded", explain.Likely, nil},
	{"egress-blocked-sg", "egress-blocked", explain.Confirmed, []string{"vpc-no-egress"}},
	{"egress-blocked-nacl", "egress-blocked", explain.Confirmed, []string{"vpc-no-egress"}},
	{"egress-open", explain.UnknownCause, explain.Inconclusive, []string{"vpc-no-egress", "egress-blocked"}},
	{"iam-missing-permission", "iam-missing-permission", explain.Confirmed, []string{"iam-explicit-deny", "out-of-memory"}},
	{"iam-allowed-now", explain.UnknownCause, explain.Inconclusive, []string{"iam-missing-permission", "iam-explicit-deny"}},
	{"iam-explicit-deny", "iam-explicit-deny", explain.Likely, []string{"iam-missing-permission"}},
	{"sqs-visibility-timeout", "sqs-visibility-timeout", explain.Confirmed, nil},
	{"sqs-visibility-ok", explain.UnknownCause, explain.Inconclusive, []string{"sqs-visibility-timeout"}},
	{"apigw-integration-timeout", "apigw-integration-timeout", explain.Confirmed, nil},
	{"apigw-fast-integration", explain.UnknownCause, explain.Inconclusive, []string{"apigw-integration-timeout"}},
	{"throttles-below-limit", explain.UnknownCause, explain.Inconclusive, []string{"reserved-concurrency-too-low", "account-concurrency-exhausted"}},
	{"kms-data-access-denied", "kms-data-access-denied", explain.Confirmed, []string{"iam-missing-permission", "iam-explicit-deny", "kms-env-access-denied"}},
	{"kms-data-allowed-now", explain.UnknownCause, explain.Inconclusive, []string{"kms-data-access-denied", "iam-missing-permission"}},
	{"stream-poison-pill", "stream-poison-pill", explain.Confirmed, nil},
	{"stream-lag-no-errors", explain.UnknownCause, explain.Inconclusive, []string{"stream-poison-pill"}},
	{"provisioned-concurrency-spillover", "provisioned-concurrency-spillover", explain.Confirmed, []string{"out-of-memory", "init-timeout", "downstream-slow"}},
	{"provisioned-concurrency-bypassed", "provisioned-concurrency-spillover", explain.Confirmed, []string{"out-of-memory", "vpc-no-egress"}},
	{"provisioned-concurrency-covered", explain.UnknownCause, explain.Inconclusive, []string{"provisioned-concurrency-spillover", "downstream-slow"}},
	{"apigw-invoke-permission", "apigw-invoke-permission", explain.Confirmed, []string{"apigw-integration-timeout"}},
	{"apigw-malformed-proxy-response", explain.UnknownCause, explain.Inconclusive, []string{"apigw-invoke-permission", "apigw-integration-timeout"}},
	{"downstream-slow", "downstream-slow", explain.Confirmed, []string{"vpc-no-egress", "egress-blocked", "out-of-memory"}},
	{"timeouts-unattributed", explain.UnknownCause, explain.Inconclusive, []string{"vpc-no-egress", "out-of-memory"}},
	{"recursive-loop", "recursive-loop", explain.Confirmed, nil},
	{"recursive-loop-unconfirmed", "recursive-loop", explain.Inconclusive, nil},
	{"vpc-endpoint-private-dns-off", "vpc-endpoint-misconfigured", explain.Confirmed, []string{"vpc-no-egress", "egress-blocked"}},
	{"vpc-endpoint-sg-closed", "vpc-endpoint-misconfigured", explain.Confirmed, []string{"vpc-no-egress", "egress-blocked"}},
	{"efs-mount-failure", "efs-mount-failure", explain.Likely, []string{"vpc-no-egress", "egress-blocked"}},
	{"efs-mount-ok", explain.UnknownCause, explain.Inconclusive, []string{"efs-mount-failure", "out-of-memory"}},
	{"efs-mount-missing-az", "efs-mount-failure", explain.Likely, []string{"vpc-no-egress", "egress-blocked"}},
	{"apigw-permission-ambiguous", "apigw-invoke-permission", explain.Inconclusive, []string{"apigw-integration-timeout"}},
	{"vpc-endpoint-ok-partner-down", explain.UnknownCause, explain.Inconclusive, []string{"vpc-endpoint-misconfigured", "vpc-no-egress", "egress-blocked"}},
}

func TestScenarios(t *testing.T) {
	listed := map[string]bool{}
	for _, sc := range scenarios {
		listed[sc.dir] = true
		t.Run(sc.dir, func(t *testing.T) {
			dir := filepath.Join(contextDir, sc.dir)
			raw, err := os.ReadFile(filepath.Join(dir, "event.json"))
			if err != nil {
				t.Fatal(err)
			}
			alarm, err := explain.DecodeAlarmEvent(raw)
			if err != nil {
				t.Fatalf("event.json: %v", err)
			}
			snap, err := snapshot.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			exp, err := (&explain.Explainer{Context: snap}).Explain(context.Background(), alarm)
			if err != nil {
				t.Fatal(err)
			}
			if exp.RootCause.ID != sc.rootCause || exp.RootCause.Confidence != sc.confidence {
				t.Errorf("rootCause = %s (%s): %s; want %s (%s)", exp.RootCause.ID, exp.RootCause.Confidence, exp.RootCause.Summary, sc.rootCause, sc.confidence)
			}
			for _, id := range sc.ruledOut {
				found := false
				for _, r := range exp.RuledOut {
					found = found || r.ID == id
				}
				if !found {
					t.Errorf("ruledOut = %+v; want %s among them", exp.RuledOut, id)
				}
			}
			if exp.RootCause.ID != explain.UnknownCause {
				if len(exp.Evidence) == 0 {
					t.Error("a named root cause with no evidence")
				}
				if exp.RootCause.Confidence != explain.Confirmed && len(exp.MissingContext) == 0 && exp.RootCause.Confidence == explain.Likely {
					t.Error("a likely root cause that names no missing context")
				}
			}
			if exp.RootCause.Confidence == explain.Confirmed && (exp.Fix.Summary == "" || exp.Impact.Summary == "") {
				t.Errorf("fix %q, impact %q; want both for a confirmed cause", exp.Fix.Summary, exp.Impact.Summary)
			}
		})
	}
	// Every scenario directory is in the table, so none is silently skipped.
	entries, err := os.ReadDir(contextDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(contextDir, e.Name(), "event.json")); err == nil && !listed[e.Name()] {
			t.Errorf("scenario %s has an event.json but no expectation in this table", e.Name())
		}
	}
}
