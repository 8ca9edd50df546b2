package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

// defaultSnapshotBudget bounds a whole capture: every call has its own timeout, and all of them together
// stay within this.
const defaultSnapshotBudget = 2 * time.Minute

func (c *cli) snapshot(ctx context.Context, args []string) error {
	fl := c.flags("snapshot", "--alarm NAME [--region R] [--time T] [--no-redact] [--timeout D] DIR")
	name := fl.String("alarm", "", "the CloudWatch alarm to capture the context of")
	region := fl.String("region", "", "the alarm's region (default: AWS_REGION or the profile's)")
	at := fl.String("time", "", "the moment to explain, RFC 3339 (default: the alarm's last state change)")
	noRedact := fl.Bool("no-redact", false, "keep the values of functions' environment variables (redacted by default)")
	budget := fl.Duration("timeout", defaultSnapshotBudget, "time budget of the whole capture")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("snapshot takes one DIR")
	}
	dir := pos[0]
	if *name == "" {
		return usagef("--alarm NAME is required")
	}
	if *budget <= 0 {
		return usagef("--timeout must be positive")
	}
	var when time.Time
	if *at != "" {
		if when, err = time.Parse(time.RFC3339, *at); err != nil {
			return usagef("--time %q is not an RFC 3339 time (2026-11-20T14:05:00Z)", *at)
		}
	}
	// Refuse before any AWS call: a snapshot never overwrites or mixes with another.
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return usagef("%s is not empty: give a new or empty directory", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return usagef("%v", err)
	}

	cfg, err := c.awsConfig(ctx, *region)
	if err != nil {
		return err
	}
	if cfg.Region == "" {
		return usagef("no AWS region: give --region or set AWS_REGION")
	}
	ctx, cancel := context.WithTimeout(ctx, *budget)
	defer cancel()
	live := awscontext.FromConfig(cfg, awscontext.WithReserve(0))

	alarms, err := live.DescribeAlarms(ctx, []string{*name})
	if err != nil {
		return fmt.Errorf("read alarm %s: %w", *name, err)
	}
	event, err := snapshot.AlarmEvent(alarms, *name, cfg.Region, when)
	if errors.Is(err, snapshot.ErrAlarmNotFound) {
		return usagef("no alarm named %q in %s", *name, cfg.Region)
	}
	if err != nil {
		return err
	}
	alarm, err := explain.DecodeAlarmEvent(event)
	if err != nil {
		return fmt.Errorf("alarm %s: the event written for it does not read back: %w", *name, err)
	}
	rec, exp, err := snapshot.Take(ctx, live, alarm)
	if err != nil {
		return fmt.Errorf("explain %s: %w", *name, err)
	}
	files, err := rec.Write(dir, snapshot.Capture{
		Alarm: *name, Region: cfg.Region, Account: alarm.Account,
		Start: alarm.Time.Add(-24 * time.Hour), End: alarm.Time.Add(5 * time.Minute), Taken: time.Now(),
		Redact: !*noRedact, Extra: map[string][]byte{snapshot.AlarmEventFile: event},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %d files to %s (alarm %s at %s; root cause %s, %s)\n", len(files), dir, *name,
		alarm.Time.Format(time.RFC3339), exp.RootCause.ID, exp.RootCause.Confidence)
	fmt.Fprintf(c.stdout, "explain it offline: attest explain --event %s --context %s\n", filepath.Join(dir, snapshot.AlarmEventFile), dir)
	if alarm.State != "ALARM" {
		fmt.Fprintf(c.stderr, "attest snapshot: warning: alarm %s is in state %s; the snapshot covers the window around %s\n",
			*name, alarm.State, alarm.Time.Format(time.RFC3339))
	}
	if failed := rec.Failures(); len(failed) > 0 {
		calls := make([]string, 0, len(failed))
		for _, f := range failed {
			calls = append(calls, f.Call)
		}
		fmt.Fprintf(c.stderr, "attest snapshot: warning: %d calls failed (listed in %s): %s\n", len(failed),
			filepath.Join(dir, snapshot.ReadmeFile), strings.Join(calls, ", "))
	}
	return nil
}

// awsConfig loads the default AWS configuration (credential chain, profile, region), with the region when
// given. The environment the command reads (not only the process's) may name an endpoint
// (AWS_ENDPOINT_URL), static credentials and the retry attempts (AWS_MAX_ATTEMPTS): a test, or a VPC
// endpoint, points every client at it.
func (c *cli) awsConfig(ctx context.Context, region string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if region = firstOf(region, c.getenv("AWS_REGION")); region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	if u := c.getenv("AWS_ENDPOINT_URL"); u != "" {
		opts = append(opts, config.WithBaseEndpoint(u))
	}
	if id, secret := c.getenv("AWS_ACCESS_KEY_ID"), c.getenv("AWS_SECRET_ACCESS_KEY"); id != "" && secret != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(id, secret, c.getenv("AWS_SESSION_TOKEN"))))
	}
	if s := c.getenv("AWS_MAX_ATTEMPTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return aws.Config{}, usagef("AWS_MAX_ATTEMPTS %q is not a positive number", s)
		}
		opts = append(opts, config.WithRetryMaxAttempts(n))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, usagef("load AWS configuration: %v", err)
	}
	return cfg, nil
}
