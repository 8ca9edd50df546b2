package forecast_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

// regionalStack is one EC2 instance, one NAT gateway and one Lambda function on their default usage
// (NAT: 10 GB processed; Lambda: 1M requests of 200 ms at 128 MB).
const regionalStack = `Resources:
  Vm:
    Type: AWS::EC2::Instance
    Properties: {InstanceType: m5.large}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: subnet-0a1b2c3d}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/fn
      Code: {ZipFile: "def handler(e, c): return e"}
`

// TestRegionalSnapshotsPriceTheirOwnFigures forecasts the same stack in each region with an embedded
// snapshot and checks every monthly figure against that region's cited price, worked out by hand: a
// regional table must never fall back to another region's figure, and a price it lacks must leave the
// resource unpriced with the reason.
func TestRegionalSnapshotsPriceTheirOwnFigures(t *testing.T) {
	tests := []struct {
		region string
		// m5Hourly is the cited on-demand Linux price of m5.large in prices/<region>.json.
		m5Hourly float64
		wantVM   float64
		// wantNAT is zero when the region carries no NAT gateway price; natUnpriced is then the reason.
		wantNAT     float64
		natUnpriced string
		wantFn      float64
	}{
		{
			// m5.large $0.096 × 730 h = $70.08; NAT $0.045 × 730 h + 10 GB × $0.045 = $32.85 + $0.45;
			// Lambda 1M × $0.20/1M + 1M × 0.2 s × 0.125 GB = 25,000 GB-s × $0.0000166667 = $0.20 + $0.4167.
			region: "us-east-1", m5Hourly: 0.096, wantVM: 70.08, wantNAT: 33.30, wantFn: 0.62,
		},
		{
			// m5.large $0.096 × 730 h = $70.08; NAT $0.045 × 730 h + 10 GB × $0.045 = $33.30;
			// Lambda $0.20 + 25,000 GB-s × $0.0000166667 = $0.62.
			region: "us-west-2", m5Hourly: 0.096, wantVM: 70.08, wantNAT: 33.30, wantFn: 0.62,
		},
		{
			// m5.large $0.107 × 730 h = $78.11; NAT $0.048 × 730 h + 10 GB × $0.048 = $35.04 + $0.48;
			// Lambda $0.20 + 25,000 GB-s × $0.0000166667 = $0.62.
			region: "eu-west-1", m5Hourly: 0.107, wantVM: 78.11, wantNAT: 35.52, wantFn: 0.62,
		},
		{
			// m5.large $0.115 × 730 h = $83.95; no citable NAT gateway figure for Frankfurt, so the gateway
			// is unpriced; Lambda $0.20 + 25,000 GB-s × $0.0000166667 = $0.62.
			region: "eu-central-1", m5Hourly: 0.115, wantVM: 83.95,
			natUnpriced: "no embedded price natgateway.hours in eu-central-1", wantFn: 0.62,
		},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			table, err := forecast.LoadPrices(tt.region)
			if err != nil {
				t.Fatalf("LoadPrices(%s): %v", tt.region, err)
			}
			if ip, ok := table.Instance("m5.large"); !ok || ip.HourlyUSD != tt.m5Hourly {
				t.Fatalf("m5.large in %s = %v (found %v); want the cited $%v", tt.region, ip.HourlyUSD, ok, tt.m5Hourly)
			}
			fc, err := forecast.New().Forecast(context.Background(),
				[]forecast.FilePair{{Path: "stack.yaml", Head: []byte(regionalStack)}},
				forecast.Options{Region: tt.region})
			if err != nil {
				t.Fatalf("Forecast: %v", err)
			}
			if fc.Region != tt.region {
				t.Errorf("forecast region = %q; want %q", fc.Region, tt.region)
			}
			checkRegionalResource(t, fc, "Vm", tt.wantVM)
			checkRegionalResource(t, fc, "Fn", tt.wantFn)
			if tt.natUnpriced == "" {
				checkRegionalResource(t, fc, "Nat", tt.wantNAT)
				return
			}
			if r := findRegionalResource(fc, "Nat"); r != nil {
				t.Fatalf("Nat priced at $%v in %s (%+v); want unpriced", r.Head.MonthlyUSD, tt.region, r.Head.Components)
			}
			for _, u := range fc.Unpriced {
				if u.LogicalID == "Nat" && strings.Contains(u.Reason, tt.natUnpriced) {
					return
				}
			}
			t.Errorf("unpriced = %+v; want Nat with a reason containing %q", fc.Unpriced, tt.natUnpriced)
		})
	}
}

// findRegionalResource returns the priced resource with the logical ID, or nil when it was not priced.
func findRegionalResource(fc *forecast.Forecast, id string) *forecast.ResourceForecast {
	for i := range fc.Resources {
		if fc.Resources[i].LogicalID == id {
			return &fc.Resources[i]
		}
	}
	return nil
}

// checkRegionalResource fails unless the resource was priced at exactly want dollars a month.
func checkRegionalResource(t *testing.T, fc *forecast.Forecast, id string, want float64) {
	t.Helper()
	r := findRegionalResource(fc, id)
	if r == nil {
		t.Fatalf("%s not priced in %s; unpriced = %+v", id, fc.Region, fc.Unpriced)
	}
	if math.Abs(r.Head.MonthlyUSD-want) > 1e-9 {
		t.Errorf("%s in %s: monthlyUSD = %v; want %.2f (components %+v)", id, fc.Region, r.Head.MonthlyUSD, want, r.Head.Components)
	}
}
