package forecast_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

// one forecasts a single-file change and returns the forecast.
func one(t testing.TB, base, head string, opts forecast.Options) *forecast.Forecast {
	t.Helper()
	pair := forecast.FilePair{Path: "template.yaml"}
	if base != "" {
		pair.Base = []byte(base)
	}
	if head != "" {
		pair.Head = []byte(head)
	}
	fc, err := forecast.New().Forecast(context.Background(), []forecast.FilePair{pair}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

func resource(fc *forecast.Forecast, id string) *forecast.ResourceForecast {
	for i := range fc.Resources {
		if fc.Resources[i].LogicalID == id {
			return &fc.Resources[i]
		}
	}
	return nil
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestPricers(t *testing.T) {
	const lambdaTmpl = `
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: 1024
      %s
`
	const tableTmpl = `
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      %s
`
	tests := []struct {
		name     string
		template string
		usage    forecast.Usage
		id       string
		wantUSD  float64
		// wantUnpriced is a substring of the unpriced reason; the resource must then not be priced.
		wantUnpriced string
		wantAssume   string
	}{
		{
			// 1M requests × 0.2 s × 1 GB = 200,000 GB-s × $0.0000166667 + $0.20 = $3.53
			name: "Lambda x86_64 at default usage", template: fmt.Sprintf(lambdaTmpl, "Architectures: [x86_64]"), id: "Fn",
			wantUSD: 0.20 + 200000*0.0000166667, wantAssume: "requests per month: 1000000 (default",
		},
		{
			name: "Lambda arm64 is cheaper per GB-second", template: fmt.Sprintf(lambdaTmpl, "Architectures: [arm64]"), id: "Fn",
			wantUSD: 0.20 + 200000*0.0000133334,
		},
		{
			name: "Lambda usage by logical ID beats usage by type", template: fmt.Sprintf(lambdaTmpl, ""), id: "Fn",
			usage:   forecast.Usage{"Fn": {"monthlyRequests": 10e6}, "AWS::Lambda::Function": {"monthlyRequests": 1, "averageDurationMs": 100}},
			wantUSD: 2.00 + 10e6*0.1*0.0000166667, wantAssume: "requests per month: 10000000 from the usage file (Fn)",
		},
		{
			name: "Lambda memory from a parameter default", id: "Fn",
			template: `
Parameters:
  Memory: {Type: Number, Default: 2048}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Memory
`,
			wantUSD: 0.20 + 1e6*0.2*2*0.0000166667,
		},
		{
			name: "Lambda memory from a parameter without default is unpriced", id: "Fn",
			template: `
Parameters:
  Memory: {Type: Number}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Memory
`,
			wantUnpriced: "MemorySize is not known before deployment: parameter Memory has no default",
		},
		{
			name: "DynamoDB on-demand", template: fmt.Sprintf(tableTmpl, "BillingMode: PAY_PER_REQUEST"), id: "Table",
			wantUSD: 0.625 + 0.125 + 0.25,
		},
		{
			// 10 WCU × 730 h × $0.00065 + 10 RCU × 730 h × $0.00013 + 1 GB × $0.25
			name: "DynamoDB provisioned", id: "Table",
			template: fmt.Sprintf(tableTmpl, "BillingMode: PROVISIONED\n      ProvisionedThroughput: {ReadCapacityUnits: 10, WriteCapacityUnits: 10}"),
			wantUSD:  4.745 + 0.949 + 0.25,
		},
		{
			name: "DynamoDB defaults to provisioned", id: "Table",
			template:     fmt.Sprintf(tableTmpl, "TableName: t"),
			wantUnpriced: "BillingMode PROVISIONED without ProvisionedThroughput",
		},
		{
			name: "EC2 m5.large", id: "Vm", wantUSD: 0.096 * 730,
			template: "Resources:\n  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: m5.large}\n",
		},
		{
			name: "EC2 unknown instance type is unpriced, not zero", id: "Vm",
			template:     "Resources:\n  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: x9.mega}\n",
			wantUnpriced: "no embedded price for instance type x9.mega",
		},
		{
			name: "EC2 without InstanceType launches m1.small, which has no price", id: "Vm",
			template:     "Resources:\n  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-1}\n",
			wantUnpriced: "m1.small",
		},
		{
			name: "EC2 unverified price is flagged", id: "Vm", wantUSD: 0.17 * 730,
			template:   "Resources:\n  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: c5.xlarge}\n",
			wantAssume: "not verified against the AWS Price List",
		},
		{
			name: "NAT gateway", id: "Nat", wantUSD: 0.045*730 + 0.045*10,
			template: "Resources:\n  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: subnet-1}\n",
		},
		{
			name: "a type without a pricer is unpriced", id: "Job",
			template:     "Resources:\n  Job:\n    Type: AWS::Glue::Job\n",
			wantUnpriced: "no pricer for AWS::Glue::Job",
		},
		{
			name: "a free type costs nothing and says so", id: "Role", wantUSD: 0,
			template:   "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: {AssumeRolePolicyDocument: {}}\n",
			wantAssume: "no charge of its own",
		},
		{
			name: "a condition that cannot be evaluated is priced as deployed", id: "Nat", wantUSD: 0.045*730 + 0.045*10,
			template: `
Parameters:
  Env: {Type: String}
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  Nat:
    Type: AWS::EC2::NatGateway
    Condition: Prod
`,
			wantAssume: "priced as deployed: condition Prod",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := one(t, "", tt.template, forecast.Options{Usage: tt.usage})
			r := resource(fc, tt.id)
			if tt.wantUnpriced != "" {
				if r != nil {
					t.Fatalf("%s priced at $%v; want unpriced", tt.id, r.Head.MonthlyUSD)
				}
				if len(fc.Unpriced) != 1 || !strings.Contains(fc.Unpriced[0].Reason, tt.wantUnpriced) {
					t.Fatalf("unpriced = %+v; want a reason containing %q", fc.Unpriced, tt.wantUnpriced)
				}
				return
			}
			if r == nil {
				t.Fatalf("%s not priced; unpriced = %+v", tt.id, fc.Unpriced)
			}
			if !near(r.Head.MonthlyUSD, tt.wantUSD) {
				t.Errorf("monthlyUSD = %v; want %.2f (components %+v)", r.Head.MonthlyUSD, tt.wantUSD, r.Head.Components)
			}
			if r.Change != forecast.Added || !near(r.DeltaMonthlyUSD, tt.wantUSD) {
				t.Errorf("change %s delta %v; want added, %.2f", r.Change, r.DeltaMonthlyUSD, tt.wantUSD)
			}
			if tt.wantAssume != "" && !strings.Contains(strings.Join(r.Assumptions, "\n"), tt.wantAssume) {
				t.Errorf("assumptions %q lack %q", r.Assumptions, tt.wantAssume)
			}
			sum := 0.0
			for _, c := range r.Head.Components {
				sum += c.MonthlyUSD
				if c.Unit == "" || c.Name == "" {
					t.Errorf("component %+v lacks a name or unit", c)
				}
			}
			if math.Abs(sum-r.Head.MonthlyUSD) > 0.01 {
				t.Errorf("components add up to %v; resource says %v", sum, r.Head.MonthlyUSD)
			}
		})
	}
}

func TestChangeKinds(t *testing.T) {
	const nat = "  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: %s}\n"
	const vm = "  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: %s}\n"
	base := "Resources:\n" + fmt.Sprintf(nat, "subnet-1") + fmt.Sprintf(vm, "t3.micro")
	head := "Resources:\n" + fmt.Sprintf(nat, "subnet-2") + fmt.Sprintf(vm, "t3.micro") + "  Role:\n    Type: AWS::IAM::Role\n"
	fc := one(t, base, head, forecast.Options{})
	want := map[string]string{"Nat": forecast.Changed, "Vm": forecast.Unchanged, "Role": forecast.Added}
	for id, change := range want {
		if r := resource(fc, id); r == nil || r.Change != change {
			t.Errorf("%s: %+v; want change %s", id, r, change)
		}
	}
	removed := one(t, base, "Resources:\n"+fmt.Sprintf(nat, "subnet-1"), forecast.Options{})
	if r := resource(removed, "Vm"); r == nil || r.Change != forecast.Removed || !near(r.DeltaMonthlyUSD, -0.0104*730) || len(r.Head.Components) != 0 {
		t.Errorf("Vm: %+v; want removed with a negative delta and no head components", r)
	}
	if !near(removed.Totals.DeltaMonthlyUSD, -0.0104*730) {
		t.Errorf("total delta %v; want %.2f", removed.Totals.DeltaMonthlyUSD, -0.0104*730)
	}
}

func TestOtherRegions(t *testing.T) {
	head := "Resources:\n  Nat:\n    Type: AWS::EC2::NatGateway\n  Role:\n    Type: AWS::IAM::Role\n"
	tests := []struct {
		region, reason string
		// wantUSD is the NAT gateway's cost where the region's snapshot prices it.
		wantUSD float64
	}{
		{region: "ap-south-1", reason: "no embedded prices for ap-south-1"},
		{region: "eu-central-1", reason: "no embedded price natgateway.hours in eu-central-1: the sources found disagree"},
		// eu-west-1 Price List: 730 h × $0.048 + 10 GB × $0.048
		{region: "eu-west-1", wantUSD: 730*0.048 + 10*0.048},
		{region: "us-west-2", wantUSD: 730*0.045 + 10*0.045},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			fc := one(t, "", head, forecast.Options{Region: tt.region})
			if fc.Region != tt.region {
				t.Errorf("region = %q; want %s", fc.Region, tt.region)
			}
			if tt.reason == "" {
				if len(fc.Unpriced) != 0 || !near(fc.Totals.HeadMonthlyUSD, tt.wantUSD) {
					t.Errorf("unpriced %+v, head total %v; want the NAT gateway priced at %.2f", fc.Unpriced, fc.Totals.HeadMonthlyUSD, tt.wantUSD)
				}
				return
			}
			if len(fc.Unpriced) != 1 || !strings.HasPrefix(fc.Unpriced[0].Reason, tt.reason) {
				t.Errorf("unpriced = %+v; want the NAT gateway, with a reason starting %q", fc.Unpriced, tt.reason)
			}
			if fc.Totals.HeadMonthlyUSD != 0 {
				t.Errorf("head total = %v; want 0 (nothing priced)", fc.Totals.HeadMonthlyUSD)
			}
		})
	}
}

func TestBrokenAndForeignFiles(t *testing.T) {
	tests := []struct {
		name         string
		pair         forecast.FilePair
		wantUnpriced string
		wantNothing  bool
	}{
		{name: "malformed head template", pair: forecast.FilePair{Path: "t.yaml", Head: []byte("Resources:\n  A: [\n")}, wantUnpriced: "head template could not be parsed"},
		{name: "binary file", pair: forecast.FilePair{Path: "t.json", Head: []byte{0x00, 0x01, 0xff}}, wantUnpriced: "binary"},
		{name: "YAML that is not a template", pair: forecast.FilePair{Path: "config.yml", Head: []byte("a: 1\n")}, wantNothing: true},
		{name: "not a template extension", pair: forecast.FilePair{Path: "main.go", Head: []byte("Resources:\n  A:\n    Type: AWS::EC2::NatGateway\n")}, wantNothing: true},
		{
			name: "alias bomb", pair: forecast.FilePair{Path: "bomb.yaml", Head: []byte(`a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
Resources: {A: {Type: AWS::EC2::NatGateway, Properties: {X: *g}}}
`)}, wantUnpriced: "could not be parsed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc, err := forecast.New().Forecast(context.Background(), []forecast.FilePair{tt.pair}, forecast.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantNothing {
				if len(fc.Resources)+len(fc.Unpriced) != 0 {
					t.Errorf("got %d resources, %d unpriced; want the file skipped", len(fc.Resources), len(fc.Unpriced))
				}
				return
			}
			if len(fc.Unpriced) != 1 || fc.Unpriced[0].LogicalID != "" || !strings.Contains(fc.Unpriced[0].Reason, tt.wantUnpriced) {
				t.Errorf("unpriced = %+v; want one file-level entry containing %q", fc.Unpriced, tt.wantUnpriced)
			}
		})
	}
}

func TestFormatDelta(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{34.123, "+34.12"}, {-3, "-3.00"}, {0, "0.00"}, {0.004, "0.00"}, {-0.006, "-0.01"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := forecast.FormatDelta(tt.in); got != tt.want {
				t.Errorf("FormatDelta(%v) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// largeTemplate builds a template with n resources of every priced kind, parameters and conditions.
func largeTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Memory: {Type: Number, Default: 512}\n  Size: {Type: String, Default: m5.large}\nResources:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  Fn%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !Ref Memory\n      Architectures: [arm64]\n      Role: !GetAtt Role%d.Arn\n", i, i)
		fmt.Fprintf(&b, "  Role%d:\n    Type: AWS::IAM::Role\n    Properties: {AssumeRolePolicyDocument: {}}\n", i)
		fmt.Fprintf(&b, "  Table%d:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PROVISIONED\n      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}\n", i)
		fmt.Fprintf(&b, "  Vm%d:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: !Ref Size}\n", i)
	}
	return []byte(b.String())
}

func BenchmarkForecastLargeTemplate(b *testing.B) {
	base, head := largeTemplate(500), largeTemplate(520)
	files := []forecast.FilePair{{Path: "big.yaml", Base: base, Head: head}}
	svc := forecast.New()
	b.SetBytes(int64(len(base) + len(head)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fc, err := svc.Forecast(context.Background(), files, forecast.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(fc.Resources) != 4*520 {
			b.Fatalf("priced %d resources; want %d", len(fc.Resources), 4*520)
		}
	}
}
