package forecast_test

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

// referenceFigures are the us-east-1 prices of reference/forecast.md that the embedded table must carry.
var referenceFigures = []struct {
	id     string
	usd    float64
	unit   string
	refRow string // the row of the reference table that gives it
}{
	{"lambda.duration.x86_64", 0.0000166667, "GB-seconds", "Lambda duration x86_64"},
	{"lambda.duration.arm64", 0.0000133334, "GB-seconds", "Lambda duration arm64"},
	{"lambda.requests", 0.20, "1M requests", "Lambda requests"},
	{"dynamodb.ondemand.write", 0.625, "1M WRU", "DynamoDB on-demand writes / reads"},
	{"dynamodb.ondemand.read", 0.125, "1M RRU", "DynamoDB on-demand writes / reads"},
	{"dynamodb.provisioned.wcu", 0.00065, "WCU-hours", "DynamoDB provisioned WCU / RCU"},
	{"dynamodb.provisioned.rcu", 0.00013, "RCU-hours", "DynamoDB provisioned WCU / RCU"},
	{"dynamodb.storage", 0.25, "GB-months", "DynamoDB storage"},
	{"s3.standard.storage", 0.023, "GB-months", "S3 Standard storage"},
	{"natgateway.hours", 0.045, "hours", "NAT gateway"},
	{"natgateway.data", 0.045, "GB", "NAT gateway"},
	{"vpcendpoint.interface.hours", 0.01, "AZ-hours", "VPC interface endpoint"},
	{"vpcendpoint.interface.data", 0.01, "GB", "VPC interface endpoint"},
	{"ec2.publicipv4.hours", 0.005, "hours", "public IPv4 address"},
}

var referenceInstances = []struct {
	typ    string
	hourly float64
}{
	{"t3.micro", 0.0104},
	{"m5.large", 0.096},
	{"m6g.large", 0.077},
	{"c5.xlarge", 0.17},
}

func TestEmbeddedPricesMatchReference(t *testing.T) {
	table, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range referenceFigures {
		t.Run(f.id, func(t *testing.T) {
			p, ok := table.Lookup(f.id)
			if !ok {
				t.Fatalf("price %s missing", f.id)
			}
			if p.USD != f.usd || p.Unit != f.unit {
				t.Errorf("%s = $%v per %s; want $%v per %s", f.id, p.USD, p.Unit, f.usd, f.unit)
			}
			if p.Source == "" || p.AsOf == "" {
				t.Errorf("%s has no source or as-of date", f.id)
			}
		})
	}
	for _, f := range referenceInstances {
		t.Run(f.typ, func(t *testing.T) {
			p, ok := table.Instance(f.typ)
			if !ok || p.HourlyUSD != f.hourly {
				t.Errorf("%s = %+v, %v; want $%v per hour", f.typ, p, ok, f.hourly)
			}
		})
	}
	// The reference flags these as seen only in third-party tables: they must not pass as verified.
	for _, typ := range []string{"m6g.large", "c5.xlarge"} {
		if p, _ := table.Instance(typ); p.Verified {
			t.Errorf("%s is marked verified; the reference has it from third-party tables only", typ)
		}
	}
}

// TestReferenceTableAgrees cross-checks the figures above against reference/forecast.md itself, where the
// shared reference is checked out beside the repository.
func TestReferenceTableAgrees(t *testing.T) {
	doc, err := os.ReadFile("../../../shared/reference/forecast.md")
	if err != nil {
		t.Skipf("reference not beside the checkout: %v", err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) >= 4 {
			rows[strings.TrimSpace(cells[1])] = cells[2]
		}
	}
	num := regexp.MustCompile(`\$([0-9.]+)`)
	for _, f := range referenceFigures {
		row, ok := rows[f.refRow]
		if !ok {
			t.Errorf("reference has no row %q", f.refRow)
			continue
		}
		found := false
		for _, m := range num.FindAllStringSubmatch(row, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			found = found || math.Abs(v-f.usd) < 1e-12
		}
		if !found {
			t.Errorf("reference row %q (%s) does not give $%v for %s", f.refRow, strings.TrimSpace(row), f.usd, f.id)
		}
	}
}

func TestLoadPricesRegions(t *testing.T) {
	tests := []struct {
		region string
		ok     bool
	}{
		{"us-east-1", true},
		{"eu-west-1", false},
		{"../prices/us-east-1", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			_, err := forecast.LoadPrices(tt.region)
			if (err == nil) != tt.ok {
				t.Errorf("LoadPrices(%q) error = %v; want ok %v", tt.region, err, tt.ok)
			}
		})
	}
	if got := strings.Join(forecast.PriceRegions(), ","); got != "us-east-1" {
		t.Errorf("PriceRegions() = %q; want us-east-1", got)
	}
}

func TestCarbonWorkedFigure(t *testing.T) {
	m, err := forecast.LoadCarbon()
	if err != nil {
		t.Fatal(err)
	}
	// reference/forecast.md: m5.large in us-east-1 for 730 hours is about 1.5 kg compute, 0.8 kg memory and
	// 0.7 kg embodied.
	c, ok, why := m.EC2("m5.large", 730, "us-east-1")
	if !ok {
		t.Fatal(why)
	}
	parts := []struct {
		name      string
		got, want float64
	}{
		{"compute", c.ComputeKg, 1.5},
		{"memory", c.MemoryKg, 0.8},
		{"embodied", c.EmbodiedKg, 0.7},
	}
	for _, p := range parts {
		// "About" in the reference is one significant figure: within half a unit of the last digit.
		if math.Abs(p.got-p.want) > 0.05+1e-9 {
			t.Errorf("%s = %.3f kg; want about %.1f kg", p.name, p.got, p.want)
		}
	}
	t.Run("an unknown region uses the average grid", func(t *testing.T) {
		us, _, _ := m.EC2("m5.large", 730, "us-east-1")
		xx, _, _ := m.EC2("m5.large", 730, "xx-nowhere-1")
		if xx.ComputeKg <= us.ComputeKg || xx.EmbodiedKg != us.EmbodiedKg {
			t.Errorf("unknown region compute %.3f vs us-east-1 %.3f; want the higher average grid and the same embodied", xx.ComputeKg, us.ComputeKg)
		}
	})
	t.Run("burstable families have no memory estimate", func(t *testing.T) {
		t3, ok, _ := m.EC2("t3.micro", 730, "us-east-1")
		if !ok || t3.MemoryKg != 0 || t3.ComputeKg <= 0 {
			t.Errorf("t3.micro = %+v, %v; want compute and no memory", t3, ok)
		}
	})
	t.Run("no coefficients", func(t *testing.T) {
		if _, ok, why := m.EC2("p4d.24xlarge", 730, "us-east-1"); ok || why == "" {
			t.Errorf("p4d.24xlarge estimated (%v, %q); want a reason instead", ok, why)
		}
	})
}
