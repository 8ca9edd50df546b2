package main

import (
	"context"
	"os"
	"path/filepath"
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

// fakePriceList points the command at a Price List server over the recorded answers.
func fakePriceList(t *testing.T, throttle int) *pricelisttest.Server {
	t.Helper()
	srv, err := pricelisttest.New("testdata/aws-recorded/pricing", 2)
	if err != nil {
		t.Fatal(err)
	}
	srv.Throttle = throttle
	t.Cleanup(srv.Close)
	old := newPricingAPI
	newPricingAPI = func(context.Context) (pricelist.API, error) {
		cfg := aws.Config{Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), HTTPClient: srv.Client()}
		return pricelist.NewAPI(cfg, func(o *pricing.Options) {
			o.BaseEndpoint = aws.String(srv.URL)
			o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
				so.MaxAttempts = 3
				so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}), nil
	}
	t.Cleanup(func() { newPricingAPI = old })
	return srv
}

func TestPricesRefresh(t *testing.T) {
	fakePriceList(t, 1) // the first request is throttled and retried
	out := t.TempDir()
	code, stdout, stderr := attest(t, nil, "prices", "refresh", "--region", "us-east-1", "--out", out)
	if code != exitOK {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	path := filepath.Join(out, "us-east-1.json")
	if strings.TrimSpace(stdout) != path {
		t.Errorf("got stdout %q; want the path written", stdout)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	table, err := forecast.ParsePriceTable(b)
	if err != nil {
		t.Fatalf("refreshed file does not parse as a price table: %v", err)
	}
	p, ok := table.Lookup("natgateway.hours")
	if !ok || p.USD != 0.045 || !strings.HasPrefix(p.Source, "AWS Price List API GetProducts, ") || !p.Verified {
		t.Errorf("natgateway.hours: got %+v; want $0.045 from the Price List, verified", p)
	}
	if ip, ok := table.Instance("m5.large"); !ok || ip.HourlyUSD != 0.096 {
		t.Errorf("m5.large: got %+v; want $0.096", ip)
	}
}

func TestPricesRefreshErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"prices"}, "attest prices refresh"},
		{"bad region", []string{"prices", "refresh", "--region", "../x"}, "not a region name"},
		{"out is not a directory", []string{"prices", "refresh", "--out", "go.mod"}, "not a directory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := attest(t, nil, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
		})
	}
	t.Run("API failure writes nothing", func(t *testing.T) {
		fakePriceList(t, 1<<30)
		out := t.TempDir()
		code, _, stderr := attest(t, nil, "prices", "refresh", "--out", out)
		if code == exitOK || !strings.Contains(stderr, "ThrottlingException") {
			t.Errorf("got exit %d, stderr %q; want a failure naming the throttling", code, stderr)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("got %d files written; want none", len(entries))
		}
	})
}
