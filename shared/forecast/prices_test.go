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
	// verify is set where the reference asks for the figure to be verified (or has it from third-party
	// tables only): the snapshot must not mark it verified.
	verify bool
}{
	{"lambda.duration.x86_64", 0.0000166667, "GB-seconds", "Lambda duration x86_64", false},
	{"lambda.duration.arm64", 0.0000133334, "GB-seconds", "Lambda duration arm64", false},
	{"lambda.requests", 0.20, "1M requests", "Lambda requests", false},
	{"dynamodb.ondemand.write", 0.625, "1M WRU", "DynamoDB on-demand writes / reads", false},
	{"dynamodb.ondemand.read", 0.125, "1M RRU", "DynamoDB on-demand writes / reads", false},
	{"dynamodb.provisioned.wcu", 0.00065, "WCU-hours", "DynamoDB provisioned WCU / RCU", false},
	{"dynamodb.provisioned.rcu", 0.00013, "RCU-hours", "DynamoDB provisioned WCU / RCU", false},
	{"dynamodb.storage", 0.25, "GB-months", "DynamoDB storage", true},
	{"s3.standard.storage", 0.023, "GB-months", "S3 Standard storage", false},
	{"natgateway.hours", 0.045, "hours", "NAT gateway", false},
	{"natgateway.data", 0.045, "GB", "NAT gateway", false},
	{"vpcendpoint.interface.hours", 0.01, "AZ-hours", "VPC interface endpoint", true},
	{"vpcendpoint.interface.data", 0.01, "GB", "VPC interface endpoint", true},
	{"ec2.publicipv4.hours", 0.005, "hours", "public IPv4 address", true},
	{"rds.instance.mysql.db.t3.micro", 0.017, "hours", "RDS db.t3.micro MySQL single-AZ", false},
	{"ebs.gp3.storage", 0.08, "GB-months", "EBS gp3", false},
	{"ebs.gp2.storage", 0.10, "GB-months", "EBS gp2", true},
	{"kms.key", 1.00, "months", "KMS customer managed key", false},
	{"logs.ingestion", 0.50, "GB", "CloudWatch Logs ingestion", false},
	{"sfn.standard.transitions", 0.025, "1k state transitions", "Step Functions Standard", true},
	{"sqs.standard.requests", 0.40, "1M requests", "SQS standard requests", true},
	{"sns.publish", 0.50, "1M requests", "SNS publishes", true},
	{"secretsmanager.secret", 0.40, "months", "Secrets Manager", true},
	{"elb.application.hours", 0.0225, "hours", "Application Load Balancer", true},
	{"elb.application.lcu", 0.008, "LCU-hours", "Application Load Balancer", true},
	{"cloudwatch.alarm.standard", 0.10, "months", "CloudWatch standard alarm", true},
	{"eks.cluster.hours", 0.10, "hours", "EKS cluster", true},
	{"fargate.vcpu", 0.04048, "vCPU-hours", "Fargate", true},
	{"fargate.memory", 0.004445, "GB-hours", "Fargate", true},
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
			if f.verify && p.Verified {
				t.Errorf("%s is marked verified; the reference asks for it to be verified first", f.id)
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
		{"us-west-2", true},
		{"eu-west-1", true},
		{"eu-central-1", true},
		{"ap-south-1", false},
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
	if got := strings.Join(forecast.PriceRegions(), ","); got != "eu-central-1,eu-west-1,us-east-1,us-west-2" {
		t.Errorf("PriceRegions() = %q; want eu-central-1,eu-west-1,us-east-1,us-west-2", got)
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

// TestRegionalSnapshots checks every embedded region: it parses (units known, sources and dates present),
// and each us-east-1 price is either carried or listed as omitted with a reason, so that a resource
// unpriced in a region always says why.
func TestRegionalSnapshots(t *testing.T) {
	base, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, region := range forecast.PriceRegions() {
		t.Run(region, func(t *testing.T) {
			table, err := forecast.LoadPrices(region)
			if err != nil {
				t.Fatal(err)
			}
			omitted := map[string]string{}
			for _, o := range table.Omitted {
				omitted[o.ID] = o.Reason
			}
			for _, p := range table.Prices {
				if _, ok := forecast.Units[p.Unit]; !ok {
					t.Errorf("%s: unknown unit %q", p.ID, p.Unit)
				}
				if bp, ok := base.Lookup(p.ID); !ok || bp.Unit != p.Unit {
					t.Errorf("%s: not in us-east-1 with unit %q (got %+v)", p.ID, p.Unit, bp)
				}
			}
			for _, p := range base.Prices {
				_, has := table.Lookup(p.ID)
				if !has && omitted[p.ID] == "" {
					t.Errorf("%s is neither carried nor omitted with a reason", p.ID)
				}
			}
			if region == "us-east-1" && len(table.Omitted) != 0 {
				t.Errorf("us-east-1 omits %d prices; it must carry every price a pricer reads", len(table.Omitted))
			}
		})
	}
}

// TestInstanceTable checks the instance table against the priced classes: every EC2 type and every
// managed-service class with a us-east-1 price has vCPU and memory figures, so its carbon is either
// estimated or reported as not estimated for a named reason.
func TestInstanceTable(t *testing.T) {
	m, err := forecast.LoadCarbon()
	if err != nil {
		t.Fatal(err)
	}
	table, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, ip := range table.Instances {
		classes = append(classes, ip.Type)
	}
	for _, p := range table.Prices {
		for _, prefix := range []string{"rds.instance.mysql.", "rds.instance.postgres.", "rds.instance.mariadb.", "rds.instance.aurora-mysql.", "rds.instance.aurora-postgresql.", "elasticache.node.", "opensearch.instance."} {
			if c, ok := strings.CutPrefix(p.ID, prefix); ok {
				classes = append(classes, c)
			}
		}
	}
	if len(classes) < 50 {
		t.Fatalf("only %d priced instance classes", len(classes))
	}
	for _, c := range classes {
		_, ok, why := m.EC2(c, 730, "us-east-1")
		if !ok && !strings.Contains(why, "AWS Graviton3") {
			t.Errorf("%s: no carbon estimate: %s", c, why)
		}
	}
	for name, spec := range m.InstanceTypes {
		if spec.VCPU <= 0 || spec.MemoryGiB <= 0 || spec.Source == "" {
			t.Errorf("%s: incomplete %+v", name, spec)
		}
	}
}
