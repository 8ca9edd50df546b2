package forecast_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/policy"
)

func TestEvaluateGate(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name         string
		base, head   float64
		cost         policy.Cost
		wantNil      bool
		wantBlocking bool
		wantReason   string
	}{
		{"no thresholds, no gate", 100, 900, policy.Cost{}, true, false, ""},
		{"absolute exceeded", 100, 250.01, policy.Cost{MaxMonthlyDeltaUSD: f(150)}, false, true, "$150.01, above the limit of $150.00"},
		{"absolute met exactly passes", 100, 250, policy.Cost{MaxMonthlyDeltaUSD: f(150)}, false, false, ""},
		{"percent exceeded", 200, 230, policy.Cost{MaxMonthlyDeltaPercent: f(10)}, false, true, "15%, above the limit of 10%"},
		{"percent within", 200, 215, policy.Cost{MaxMonthlyDeltaPercent: f(10)}, false, false, ""},
		{"percent not applied to an empty base", 0, 500, policy.Cost{MaxMonthlyDeltaPercent: f(10)}, false, false, "base costs nothing"},
		{"absolute still applies to an empty base", 0, 500, policy.Cost{MaxMonthlyDeltaUSD: f(100), MaxMonthlyDeltaPercent: f(10)}, false, true, "$500.00"},
		{"a decrease never blocks", 500, 100, policy.Cost{MaxMonthlyDeltaUSD: f(0), MaxMonthlyDeltaPercent: f(0)}, false, false, ""},
		{"zero tolerance blocks any increase", 10, 10.01, policy.Cost{MaxMonthlyDeltaUSD: f(0)}, false, true, "$0.01"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tot := forecast.Totals{BaseMonthlyUSD: tc.base, HeadMonthlyUSD: tc.head, DeltaMonthlyUSD: tc.head - tc.base}
			g := forecast.Evaluate(tot, tc.cost)
			if (g == nil) != tc.wantNil {
				t.Fatalf("got gate %+v; want nil: %v", g, tc.wantNil)
			}
			if g == nil {
				return
			}
			if g.Blocking != tc.wantBlocking {
				t.Errorf("got blocking %v (%v); want %v", g.Blocking, g.Reasons, tc.wantBlocking)
			}
			if joined := strings.Join(g.Reasons, "; "); !strings.Contains(joined, tc.wantReason) {
				t.Errorf("got reasons %q; want one containing %q", joined, tc.wantReason)
			}
			if s := g.Summary(tot); !strings.HasPrefix(s, map[bool]string{true: "fail: ", false: "pass: "}[tc.wantBlocking]) {
				t.Errorf("got summary %q; want it to start with the outcome", s)
			}
		})
	}
}

// TestWarnings prices small changes and checks which cost bombs are reported, with the saving computed from
// the embedded us-east-1 prices by hand.
func TestWarnings(t *testing.T) {
	const hdr = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
	nat := func(id string) string {
		return "  " + id + ":\n    Type: AWS::EC2::NatGateway\n    Properties:\n      SubnetId: subnet-1\n      AllocationId: eipalloc-1\n"
	}
	cases := []struct {
		name       string
		base, head string
		usage      string
		wantID     string // empty: no warning
		wantSaving float64
	}{
		{
			// 50 WCU and 50 RCU: 50×730×0.00065 + 50×730×0.00013 = 23.725 + 4.745 = 28.47; on-demand at the
			// defaults (1M writes, 1M reads): 0.625 + 0.125 = 0.75; saving 27.72.
			name:   "provisioned table far above on-demand",
			head:   hdr + "  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      ProvisionedThroughput: {ReadCapacityUnits: 50, WriteCapacityUnits: 50}\n",
			wantID: forecast.WarnDynamoDBProvisioned, wantSaving: 27.72,
		},
		{
			// 1 WCU + 1 RCU = 0.4745 + 0.0949 = 0.5694 a month; on-demand for 100M writes and reads is 75.
			name:  "provisioned table cheaper than on-demand for heavy usage",
			head:  hdr + "  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}\n",
			usage: "T: {monthlyWriteRequestUnits: 100000000, monthlyReadRequestUnits: 100000000}\n",
		},
		{
			name: "on-demand table",
			head: hdr + "  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n",
		},
		{
			// m5.large 0.096 against m6g.large 0.077: 0.019 × 730 = 13.87.
			name:   "x86 instance with a cheaper Graviton equivalent",
			head:   hdr + "  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m5.large\n",
			wantID: forecast.WarnGraviton, wantSaving: 13.87,
		},
		{
			name: "Graviton instance",
			head: hdr + "  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m6g.large\n",
		},
		{
			name: "unchanged instance is not re-reviewed",
			base: hdr + "  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m5.large\n",
			head: hdr + "  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m5.large\n",
		},
		{
			// 100M requests × 1 s × 1 GB = 100M GB-s; (0.0000166667 − 0.0000133334) × 1e8 = 333.33.
			name:   "x86 function with heavy usage",
			head:   hdr + "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 1024\n",
			usage:  "F: {monthlyRequests: 100000000, averageDurationMs: 1000}\n",
			wantID: forecast.WarnGraviton, wantSaving: 333.33,
		},
		{
			// Defaults: 1M × 0.2 s × 0.125 GB = 25,000 GB-s; saving 0.08, below the $1 noise floor.
			name: "x86 function at default usage saves too little to mention",
			head: hdr + "  F:\n    Type: AWS::Lambda::Function\n    Properties: {}\n",
		},
		{
			// Three gateways at the default 10 GB each: keep one, save 2 × 0.045 × 730 = 65.70.
			name:   "one NAT gateway per AZ for a light workload",
			head:   hdr + nat("NatA") + nat("NatB") + nat("NatC"),
			wantID: forecast.WarnNATPerAZ, wantSaving: 65.7,
		},
		{
			name:  "NAT gateways per AZ for heavy traffic",
			head:  hdr + nat("NatA") + nat("NatB"),
			usage: "AWS::EC2::NatGateway: {monthlyDataProcessedGB: 5000}\n",
		},
		{
			name: "a single NAT gateway",
			head: hdr + nat("NatA"),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts forecast.Options
			if tc.usage != "" {
				u, err := forecast.ParseUsage([]byte(tc.usage))
				if err != nil {
					t.Fatal(err)
				}
				opts.Usage = u
			}
			pair := forecast.FilePair{Path: "t.yaml", Head: []byte(tc.head)}
			if tc.base != "" {
				pair.Base = []byte(tc.base)
			}
			fc, err := forecast.New().Forecast(context.Background(), []forecast.FilePair{pair}, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.Unpriced) > 0 {
				t.Fatalf("unpriced: %+v", fc.Unpriced)
			}
			if tc.wantID == "" {
				if len(fc.Warnings) != 0 {
					t.Errorf("got warnings %+v; want none", fc.Warnings)
				}
				return
			}
			if len(fc.Warnings) != 1 {
				t.Fatalf("got warnings %+v; want one %s", fc.Warnings, tc.wantID)
			}
			w := fc.Warnings[0]
			if w.ID != tc.wantID || w.MonthlySavingUSD != tc.wantSaving || w.File != "t.yaml" || w.LogicalID == "" || w.Message == "" {
				t.Errorf("got %+v; want %s saving %v on a named resource of t.yaml", w, tc.wantID, tc.wantSaving)
			}
		})
	}
}
