package explain_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

var update = flag.Bool("update", false, "rewrite golden files")

// contextDir is the shared snapshot fixtures of the sample world.
const contextDir = "../../testdata/context"

// ordersErrors is the sample world's metric alarm on the orders function.
func ordersErrors() explain.Alarm {
	return explain.Alarm{
		Name:    "orders-errors",
		ARN:     "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors",
		Region:  "us-east-1",
		Account: "123456789012",
		Time:    time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC),
		State:   "ALARM",
		Reason:  "Threshold Crossed: 1 out of the last 1 datapoints [3.0 (20/11/26 14:04:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).",
		Period:  time.Minute,
		Metrics: []explain.Metric{{
			ID: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", Namespace: "AWS/Lambda", Name: "Errors",
			Dimensions: map[string]string{"FunctionName": "orders"}, Stat: "Sum", Period: time.Minute,
		}},
	}
}

func explainSnapshot(t testing.TB, dir string, a explain.Alarm) *explain.Explanation {
	t.Helper()
	snap, err := snapshot.Open(filepath.Join(contextDir, dir))
	if err != nil {
		t.Fatal(err)
	}
	x := &explain.Explainer{Context: snap}
	exp, err := x.Explain(context.Background(), a)
	if err != nil {
		t.Fatalf("Explain(%s): %v", dir, err)
	}
	return exp
}

// scenarioEvent reads the alarm from the snapshot's own event.json.
const scenarioEvent = "@event.json"

func TestGoldenExplanations(t *testing.T) {
	tests := []struct {
		name       string
		snapshot   string
		event      string // a sample event under events/; empty means ordersErrors()
		rootCause  string
		confidence string
	}{
		{"vpc-no-egress", "vpc-no-egress", "", "vpc-no-egress", explain.Confirmed},
		{"nat-available", "nat-available", "", explain.UnknownCause, explain.Inconclusive},
		{"missing-route-tables", "missing-route-tables", "", "vpc-no-egress", explain.Inconclusive},
		{"composite", "vpc-no-egress", "cloudwatch-alarm-composite.json", "vpc-no-egress", explain.Confirmed},
		{"out-of-memory", "out-of-memory", scenarioEvent, "out-of-memory", explain.Confirmed},
		{"init-timeout", "init-timeout", scenarioEvent, "init-timeout", explain.Confirmed},
		{"bad-deploy", "bad-deploy", scenarioEvent, "bad-deploy", explain.Confirmed},
		{"kms-env-access-denied", "kms-env-access-denied", scenarioEvent, "kms-env-access-denied", explain.Confirmed},
		{"vpc-ip-exhaustion", "vpc-ip-exhaustion", scenarioEvent, "vpc-ip-exhaustion", explain.Confirmed},
		{"downstream-rate-limited", "downstream-rate-limited", scenarioEvent, "downstream-rate-limited", explain.Confirmed},
		{"egress-blocked-nacl", "egress-blocked-nacl", scenarioEvent, "egress-blocked", explain.Confirmed},
		{"iam-missing-permission", "iam-missing-permission", scenarioEvent, "iam-missing-permission", explain.Confirmed},
		{"iam-explicit-deny", "iam-explicit-deny", scenarioEvent, "iam-explicit-deny", explain.Likely},
		{"dynamodb-capacity-exceeded", "dynamodb-capacity-exceeded", scenarioEvent, "dynamodb-capacity-exceeded", explain.Confirmed},
		{"sqs-visibility-timeout", "sqs-visibility-timeout", scenarioEvent, "sqs-visibility-timeout", explain.Confirmed},
		{"reserved-concurrency-zero", "reserved-concurrency-zero", scenarioEvent, "reserved-concurrency-too-low", explain.Confirmed},
		{"account-concurrency-exhausted", "account-concurrency-exhausted", scenarioEvent, "account-concurrency-exhausted", explain.Confirmed},
		{"kms-data-access-denied", "kms-data-access-denied", scenarioEvent, "kms-data-access-denied", explain.Confirmed},
		{"stream-poison-pill", "stream-poison-pill", scenarioEvent, "stream-poison-pill", explain.Confirmed},
		{"provisioned-concurrency-spillover", "provisioned-concurrency-spillover", scenarioEvent, "provisioned-concurrency-spillover", explain.Confirmed},
		{"provisioned-concurrency-bypassed", "provisioned-concurrency-bypassed", scenarioEvent, "provisioned-concurrency-spillover", explain.Confirmed},
		{"apigw-invoke-permission", "apigw-invoke-permission", scenarioEvent, "apigw-invoke-permission", explain.Confirmed},
		{"downstream-slow", "downstream-slow", scenarioEvent, "downstream-slow", explain.Confirmed},
		{"recursive-loop", "recursive-loop", scenarioEvent, "recursive-loop", explain.Confirmed},
		{"recursive-loop-unconfirmed", "recursive-loop-unconfirmed", scenarioEvent, "recursive-loop", explain.Inconclusive},
		{"timeouts-unattributed", "timeouts-unattributed", scenarioEvent, explain.UnknownCause, explain.Inconclusive},
		{"vpc-endpoint-sg-closed", "vpc-endpoint-sg-closed", scenarioEvent, "vpc-endpoint-misconfigured", explain.Confirmed},
		{"efs-mount-failure", "efs-mount-failure", scenarioEvent, "efs-mount-failure", explain.Likely},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			alarm := ordersErrors()
			if tt.event != "" {
				raw := []byte(mustRead(tt.event))
				if tt.event == scenarioEvent {
					var err error
					if raw, err = os.ReadFile(filepath.Join(contextDir, tt.snapshot, "event.json")); err != nil {
						t.Fatal(err)
					}
				}
				a, err := explain.DecodeAlarmEvent(raw)
				if err != nil {
					t.Fatal(err)
				}
				alarm = a
			}
			exp := explainSnapshot(t, tt.snapshot, alarm)
			if exp.RootCause.ID != tt.rootCause || exp.RootCause.Confidence != tt.confidence {
				t.Errorf("rootCause = %s (%s); want %s (%s)", exp.RootCause.ID, exp.RootCause.Confidence, tt.rootCause, tt.confidence)
			}
			got, err := exp.MarshalIndent()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.name+".explanation.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("explanation differs from %s (run with -update after checking):\ngot:\n%s", golden, got)
			}
			md := exp.Markdown()
			mdGolden := filepath.Join("testdata", tt.name+".explanation.md")
			if *update {
				if err := os.WriteFile(mdGolden, md, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantMD, err := os.ReadFile(mdGolden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if !bytes.Equal(md, wantMD) {
				t.Errorf("Markdown differs from %s (run with -update after checking):\ngot:\n%s", mdGolden, md)
			}
		})
	}
}
