package pricelist_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/pricing"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/forecast/pricelist"
	"github.com/attestdev/attest/shared/forecast/pricelist/pricelisttest"
)

const recorded = "../../../testdata/aws-recorded/pricing"

func newFake(t *testing.T, pageSize int) *pricelisttest.Server {
	t.Helper()
	f, err := pricelisttest.New(recorded, pageSize)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// client returns the real Pricing client pointed at the fake, retrying without delay.
func client(t *testing.T, srv *pricelisttest.Server) *pricelist.Client {
	cfg := aws.Config{
		Region:      "eu-west-1", // NewAPI must override it with the Price List endpoint region
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:  srv.Client(),
	}
	api := pricelist.NewAPI(cfg, func(o *pricing.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 3
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	})
	if api.Options().Region != pricelist.Endpoint {
		t.Errorf("client region = %s; want %s", api.Options().Region, pricelist.Endpoint)
	}
	return &pricelist.Client{API: api, Now: func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }}
}

func TestPricesUSEast1(t *testing.T) {
	f := newFake(t, 2) // two products a page: every multi-product query is paginated
	table, err := client(t, f).Prices(context.Background(), "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	// Each figure is the recorded product's first non-zero tier, in the table's unit.
	want := map[string]float64{
		"lambda.requests":             0.2, // $0.0000002 per request, per million
		"lambda.duration.x86_64":      0.0000166667,
		"lambda.duration.arm64":       0.0000133334,
		"dynamodb.ondemand.write":     0.625,
		"dynamodb.ondemand.read":      0.125,
		"dynamodb.provisioned.wcu":    0.00065, // the free tier's $0 dimension skipped
		"dynamodb.provisioned.rcu":    0.00013,
		"dynamodb.storage":            0.25,
		"natgateway.hours":            0.045,
		"natgateway.data":             0.045,
		"vpcendpoint.interface.hours": 0.01,
		"vpcendpoint.interface.data":  0.01,
		"ec2.publicipv4.hours":        0.005,
		"s3.standard.storage":         0.023,
		"ebs.gp3.storage":             0.08, // beside a gp3 IOPS product of the same volumeApiName
		"ebs.gp2.storage":             0.10,
		"elb.application.hours":       0.0225,
		"elb.application.lcu":         0.008,
		"elb.network.hours":           0.0225, // the same usagetype as the ALB's, told apart by product family
		"elb.network.nlcu":            0.006,
		"kms.key":                     1.0, // not the asymmetric key's usagetype
	}
	for id, usd := range want {
		t.Run(id, func(t *testing.T) {
			p, ok := table.Lookup(id)
			if !ok {
				t.Fatalf("price %s missing", id)
			}
			if p.USD != usd || !p.Verified || p.Source != "AWS Price List API GetProducts, 2026-11-27" || p.AsOf != "2026-11" {
				t.Errorf("got %+v; want $%v, verified, from the Price List on 2026-11-27", p, usd)
			}
		})
	}
	for typ, usd := range map[string]float64{"m5.large": 0.096, "t3.micro": 0.0104, "t3.medium": 0.0416, "m6g.large": 0.077, "c5.xlarge": 0.17} {
		if ip, ok := table.Instance(typ); !ok || ip.HourlyUSD != usd || !ip.Verified {
			t.Errorf("instance %s: got %+v, %v; want $%v an hour, verified", typ, ip, ok, usd)
		}
	}
	// Ids the catalog does not map keep the snapshot's figure in its own region, and say so.
	snap, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range snap.Prices {
		got, ok := table.Lookup(p.ID)
		if !ok {
			t.Errorf("price %s of the snapshot missing from the refreshed table", p.ID)
		} else if _, mapped := want[p.ID]; !mapped && got != p {
			t.Errorf("unmapped price %s: got %+v; want the snapshot's %+v", p.ID, got, p)
		}
	}
	if table.PricesAsOf != "2026-11-27" || table.Region != "us-east-1" {
		t.Errorf("got region %s as of %s; want us-east-1 as of 2026-11-27", table.Region, table.PricesAsOf)
	}
}

func TestPricesOtherRegion(t *testing.T) {
	f := newFake(t, 100)
	table, err := client(t, f).Prices(context.Background(), "us-east-2")
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := table.Lookup("natgateway.hours"); !ok || p.USD != 0.045 {
		t.Errorf("natgateway.hours: got %+v, %v; want the USE2-prefixed product's $0.045", p, ok)
	}
	if ip, ok := table.Instance("m5.large"); !ok || ip.HourlyUSD != 0.096 {
		t.Errorf("m5.large: got %+v, %v; want $0.096", ip, ok)
	}
	// No us-east-2 product is recorded for these: they are left out and named, not copied from us-east-1.
	for _, id := range []string{"dynamodb.storage", "vpcendpoint.gateway"} {
		if p, ok := table.Lookup(id); ok {
			t.Errorf("%s: got %+v; want it left out of us-east-2", id, p)
		}
	}
	if _, ok := table.Instance("t3.micro"); ok || !strings.Contains(table.Note, "t3.micro") {
		t.Errorf("t3.micro: want it left out and named in the note %q", table.Note)
	}
}

func TestThrottledFirstPageIsRetried(t *testing.T) {
	f := newFake(t, 100)
	f.Throttle = 1
	table, err := client(t, f).Prices(context.Background(), "us-east-1")
	if err != nil {
		t.Fatalf("got %v; want the throttled request retried", err)
	}
	if p, _ := table.Lookup("lambda.requests"); p.USD != 0.2 {
		t.Errorf("lambda.requests after the retry: got %v; want 0.2", p.USD)
	}
	// The throttled attempt reached the server but was not counted as a service query.
	all, lambda := f.Requests("AWSLambda")
	if lambda == 0 || all < 2 {
		t.Errorf("requests = %d (%d to AWSLambda); want the throttled one repeated", all, lambda)
	}
}

func TestPersistentThrottlingFails(t *testing.T) {
	f := newFake(t, 100)
	f.Throttle = 1 << 30
	_, err := client(t, f).Prices(context.Background(), "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "ThrottlingException") {
		t.Errorf("got %v; want the throttling error after the retries", err)
	}
	// The first query to give up has been tried three times; queries in flight then are cancelled.
	if all, _ := f.Requests(""); all < 3 {
		t.Errorf("requests = %d; want at least the three attempts of one query", all)
	}
}

func TestAmbiguousProductIsRefused(t *testing.T) {
	f := newFake(t, 100)
	// A second on-demand write product with the same attributes: the adapter must not pick one.
	dup := strings.Replace(f.Products["AmazonDynamoDB"][0], `"sku":"`, `"sku":"X`, -1)
	f.Products["AmazonDynamoDB"] = append(f.Products["AmazonDynamoDB"], dup)
	_, err := client(t, f).Prices(context.Background(), "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "refusing to pick one") {
		t.Errorf("got %v; want an ambiguity error", err)
	}
}

// TestRefreshRoundTrip fetches a table, encodes it as prices/<region>.json is written, and parses it back
// through the forecast's own checks; then prices a template from it.
func TestRefreshRoundTrip(t *testing.T) {
	f := newFake(t, 3)
	c := client(t, f)
	table, err := c.Prices(context.Background(), "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := table.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := forecast.ParsePriceTable(b)
	if err != nil {
		t.Fatalf("refreshed table does not parse: %v\n%s", err, b)
	}
	again, err := back.Encode()
	if err != nil || string(again) != string(b) {
		t.Errorf("encode is not stable across a round trip:\n%s\n---\n%s", b, again)
	}
	tmpl := []byte("Resources:\n  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: s, AllocationId: a}\n")
	fc, err := forecast.New().WithSource(staticSource{back}).Forecast(context.Background(), []forecast.FilePair{{Path: "t.yaml", Head: tmpl}}, forecast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 730 h × $0.045 + 10 GB (default) × $0.045 = 32.85 + 0.45.
	if got := fc.Totals.HeadMonthlyUSD; math.Abs(got-33.30) > 0.005 || fc.PricesAsOf != "2026-11-27" {
		t.Errorf("got $%v as of %s; want $33.30 as of 2026-11-27", got, fc.PricesAsOf)
	}
}

type staticSource struct{ t *forecast.PriceTable }

func (s staticSource) Prices(_ context.Context, region string) (*forecast.PriceTable, error) {
	if region != s.t.Region {
		return nil, errors.New("wrong region")
	}
	return s.t, nil
}

// TestUnmatchedPriceKeepsRegionalFigure checks that a mapped price the Price List no longer matches (a
// renamed attribute, say) keeps the region's embedded figure, unverified as it was, and is named in the note.
func TestUnmatchedPriceKeepsRegionalFigure(t *testing.T) {
	f := newFake(t, 100)
	var kept []string
	for _, p := range f.Products["AmazonEC2"] {
		if !strings.Contains(p, `"volumeApiName":"gp2"`) {
			kept = append(kept, p)
		}
	}
	f.Products["AmazonEC2"] = kept
	table, err := client(t, f).Prices(context.Background(), "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := snap.Lookup("ebs.gp2.storage")
	if got, ok := table.Lookup("ebs.gp2.storage"); !ok || got != want {
		t.Errorf("got %+v, %v; want the snapshot's %+v", got, ok, want)
	}
	if !strings.Contains(table.Note, "ebs.gp2.storage") {
		t.Errorf("note %q does not name ebs.gp2.storage", table.Note)
	}
}
