package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/forecast/pricelist"
)

// newPricingAPI builds the Price List client from the default credential chain. AWS_ENDPOINT_URL_PRICING,
// which the SDK honours, points it elsewhere.
var newPricingAPI = func(ctx context.Context) (pricelist.API, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	return pricelist.NewAPI(cfg), nil
}

var awsRegion = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)

// regionList is a repeatable --region flag.
type regionList []string

func (r *regionList) String() string { return strings.Join(*r, ",") }

func (r *regionList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*r = append(*r, s)
		}
	}
	return nil
}

func (c *cli) prices(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(c.stderr, "usage: attest prices refresh [--region R …] [--out DIR]")
		return flag.ErrHelp
	}
	if len(args) == 0 || args[0] != "refresh" {
		return usagef("usage: attest prices refresh [--region R …] [--out DIR]")
	}
	fl := c.flags("prices refresh", "[--region R …] [--out DIR]")
	var regions regionList
	fl.Var(&regions, "region", "a region to fetch (repeatable or comma-separated; default: the regions with embedded prices)")
	out := fl.String("out", ".", "directory to write <region>.json into (shared/forecast/prices refreshes the embedded snapshot)")
	pos, err := parse(fl, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("prices refresh takes no positional arguments")
	}
	if len(regions) == 0 {
		regions = forecast.PriceRegions()
	}
	for _, r := range regions {
		if !awsRegion.MatchString(r) {
			return usagef("--region %q is not a region name", r)
		}
	}
	if st, err := os.Stat(*out); err != nil || !st.IsDir() {
		return usagef("--out %s: not a directory", *out)
	}
	api, err := newPricingAPI(ctx)
	if err != nil {
		return err
	}
	client := &pricelist.Client{API: api}
	// Fetch every region before writing any, so a failure leaves nothing half-refreshed.
	bodies := make([][]byte, len(regions))
	for i, r := range regions {
		t, err := client.Prices(ctx, r)
		if err != nil {
			return fmt.Errorf("refresh %s: %w", r, err)
		}
		if bodies[i], err = t.Encode(); err != nil {
			return fmt.Errorf("encode %s: %w", r, err)
		}
	}
	for i, r := range regions {
		path := filepath.Join(*out, r+".json")
		if err := writeAtomic(path, bodies[i]); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%s\n", path)
	}
	return nil
}

// writeAtomic replaces a file through a temporary file in the same directory and a rename.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
