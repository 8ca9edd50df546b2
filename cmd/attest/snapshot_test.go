package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext/awsreplay"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

// recordedAWS serves the recorded AWS responses and returns the environment that points attest at them.
func recordedAWS(t *testing.T) (*awsreplay.Server, map[string]string) {
	t.Helper()
	srv := awsreplay.Start(filepath.Join("testdata", "aws-recorded"))
	t.Cleanup(srv.Close)
	return srv, map[string]string{
		"AWS_ENDPOINT_URL":      srv.URL,
		"AWS_ACCESS_KEY_ID":     "AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_REGION":            "us-east-1",
		"AWS_MAX_ATTEMPTS":      "1",
		"ATTEST_STORE":          filepath.Join(t.TempDir(), "no-store"),
	}
}

func decodeExplanation(t *testing.T, out string) explain.Explanation {
	t.Helper()
	var e explain.Explanation
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("explanation does not parse: %v\n%s", err, out)
	}
	return e
}

// TestSnapshotThenExplainMatchesLive takes a snapshot from recorded AWS responses served to the real SDK
// clients, then explains the alarm from the snapshot and from the same responses live: the two must agree.
func TestSnapshotThenExplainMatchesLive(t *testing.T) {
	_, env := recordedAWS(t)
	dir := filepath.Join(t.TempDir(), "snap")
	code, out, stderr := attest(t, env, "snapshot", "--alarm", "orders-errors", dir)
	if code != exitOK {
		t.Fatalf("snapshot: got exit %d; want 0 (stderr %q)", code, stderr)
	}
	if !strings.Contains(out, "root cause vpc-no-egress") {
		t.Errorf("snapshot output %q; want the root cause named", out)
	}
	if stderr != "" {
		t.Errorf("snapshot stderr %q; want none when every call answered", stderr)
	}
	event := filepath.Join(dir, snapshot.AlarmEventFile)
	code, fromSnap, stderr := attest(t, env, "explain", "--event", event, "--context", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("explain --context: exit %d (%s)", code, stderr)
	}
	code, fromLive, stderr := attest(t, env, "explain", "--event", event, "--live", "--format", "json")
	if code != exitOK {
		t.Fatalf("explain --live: exit %d (%s)", code, stderr)
	}
	snap, live := decodeExplanation(t, fromSnap), decodeExplanation(t, fromLive)
	if snap.RootCause.ID != "vpc-no-egress" || snap.RootCause.Confidence != explain.Confirmed {
		t.Errorf("from the snapshot: root cause %s (%s); want vpc-no-egress (confirmed)", snap.RootCause.ID, snap.RootCause.Confidence)
	}
	if !reflect.DeepEqual(snap, live) {
		t.Errorf("explanations differ:\nsnapshot: %s\nlive:     %s", fromSnap, fromLive)
	}

	// The same event as the one delivered by EventBridge explains the same way.
	code, fromEvent, _ := attest(t, env, "explain", "--event", "testdata/context/vpc-no-egress/event.json", "--context", dir, "--format", "json")
	if e := decodeExplanation(t, fromEvent); code != exitOK || e.RootCause.ID != snap.RootCause.ID {
		t.Errorf("delivered event over the snapshot: exit %d, root cause %s; want %s", code, e.RootCause.ID, snap.RootCause.ID)
	}

	// Support-ticket hygiene: environment values are redacted, names kept.
	b, err := os.ReadFile(filepath.Join(dir, "lambda.get-function-configuration.orders.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fn struct {
		Environment struct{ Variables map[string]string }
	}
	if err := json.Unmarshal(b, &fn); err != nil {
		t.Fatal(err)
	}
	if len(fn.Environment.Variables) == 0 {
		t.Errorf("environment variable names are gone; want them kept")
	}
	for k, v := range fn.Environment.Variables {
		if v != snapshot.Redacted {
			t.Errorf("variable %s = %q; want %s", k, v, snapshot.Redacted)
		}
	}
	readme, err := os.ReadFile(filepath.Join(dir, snapshot.ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"orders-errors", "## Calls that failed\n\nNone.", "ec2.describe-internet-gateways.json", "config.get-resource-config-history.json"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README does not mention %q:\n%s", want, readme)
		}
	}
}

func TestSnapshotNoRedact(t *testing.T) {
	_, env := recordedAWS(t)
	dir := filepath.Join(t.TempDir(), "snap")
	if code, _, stderr := attest(t, env, "snapshot", "--alarm", "orders-errors", "--no-redact", dir); code != exitOK {
		t.Fatalf("got exit %d (%s); want 0", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "lambda.get-function-configuration.orders.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"TABLE_NAME": "orders"`) {
		t.Errorf("--no-redact: values are not kept:\n%s", b)
	}
}

// TestSnapshotWithDeniedCalls denies several calls: the snapshot is still written, lists the failures,
// exits 0 with one warning line, and explaining it names what is missing.
func TestSnapshotWithDeniedCalls(t *testing.T) {
	srv, env := recordedAWS(t)
	srv.Deny("ec2:DescribeNatGateways", "logs:FilterLogEvents", "iam:GetAccountAuthorizationDetails", "cloudtrail:LookupEvents")
	dir := filepath.Join(t.TempDir(), "snap")
	code, _, stderr := attest(t, env, "snapshot", "--alarm", "orders-errors", dir)
	if code != exitOK {
		t.Fatalf("got exit %d (%s); want 0", code, stderr)
	}
	if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; lines != 1 || !strings.Contains(stderr, "warning: 4 calls failed") {
		t.Errorf("stderr %q; want one warning line naming 4 failed calls", stderr)
	}
	readme, err := os.ReadFile(filepath.Join(dir, snapshot.ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range []string{"ec2.describe-nat-gateways", "logs.filter-log-events", "iam.get-account-authorization-details", "cloudtrail.lookup-events"} {
		if !strings.Contains(string(readme), "| "+call+" |") {
			t.Errorf("README does not list the failed %s:\n%s", call, readme)
		}
		if _, err := os.Stat(filepath.Join(dir, call+".json")); err == nil {
			t.Errorf("%s.json written for a failed call; want it absent (unknown)", call)
		}
	}
	// Unknown in the snapshot exactly where it was unknown live.
	event := filepath.Join(dir, snapshot.AlarmEventFile)
	code, fromSnap, _ := attest(t, env, "explain", "--event", event, "--context", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("explain --context: exit %d", code)
	}
	code, fromLive, _ := attest(t, env, "explain", "--event", event, "--live", "--format", "json")
	if code != exitOK {
		t.Fatalf("explain --live: exit %d", code)
	}
	snap, live := decodeExplanation(t, fromSnap), decodeExplanation(t, fromLive)
	if snap.RootCause != live.RootCause || !reflect.DeepEqual(snap.Evidence, live.Evidence) {
		t.Errorf("root cause or evidence differ:\nsnapshot: %s\nlive:     %s", fromSnap, fromLive)
	}
	if !strings.Contains(strings.Join(snap.MissingContext, "\n"), "cloudtrail.lookup-events.json") {
		t.Errorf("missingContext %q; want the denied cloudtrail.lookup-events.json", snap.MissingContext)
	}
	if !strings.Contains(strings.Join(live.MissingContext, "\n"), "cloudtrail:LookupEvents") {
		t.Errorf("live missingContext %q; want the denied cloudtrail:LookupEvents", live.MissingContext)
	}
}

func TestSnapshotUsage(t *testing.T) {
	srv, env := recordedAWS(t)
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "keep.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no directory", []string{"snapshot", "--alarm", "orders-errors"}, "snapshot takes one DIR"},
		{"no alarm", []string{"snapshot", t.TempDir()}, "--alarm NAME is required"},
		{"bad time", []string{"snapshot", "--alarm", "orders-errors", "--time", "yesterday", t.TempDir()}, "not an RFC 3339 time"},
		{"non-empty directory", []string{"snapshot", "--alarm", "orders-errors", full}, "is not empty"},
		{"unknown alarm", []string{"snapshot", "--alarm", "nope", filepath.Join(t.TempDir(), "s")}, `no alarm named "nope"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := attest(t, env, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
		})
	}
	for _, r := range srv.Requests() {
		if r.Operation != "DescribeAlarms" {
			t.Errorf("a refused snapshot called %s:%s; want no call beyond DescribeAlarms", r.Service, r.Operation)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(full, "keep.txt")); string(b) != "x" {
		t.Errorf("the non-empty directory was changed")
	}
}

// TestSnapshotThenExplainWithNarrative explains a snapshot with --narrative against a recorded Bedrock
// Converse response: the narrative is kept, and it is off unless asked for.
func TestSnapshotThenExplainWithNarrative(t *testing.T) {
	srv, env := recordedAWS(t)
	dir := filepath.Join(t.TempDir(), "snap")
	if code, _, stderr := attest(t, env, "snapshot", "--alarm", "orders-errors", dir); code != exitOK {
		t.Fatalf("snapshot: exit %d (%s)", code, stderr)
	}
	event := filepath.Join(dir, snapshot.AlarmEventFile)
	code, out, stderr := attest(t, env, "explain", "--event", event, "--context", dir, "--narrative", "--format", "json")
	if code != exitOK {
		t.Fatalf("explain --narrative: exit %d (%s)", code, stderr)
	}
	e := decodeExplanation(t, out)
	if e.NarrativeStatus != "used" || !strings.Contains(e.Narrative, "vpc-0a1b2c3d4e5f60718") {
		t.Errorf("narrative %q (%s); want the recorded one, used", e.Narrative, e.NarrativeStatus)
	}
	var converse int
	for _, r := range srv.Requests() {
		if r.Service == "bedrock" {
			converse++
			if r.Resource != "meta.llama3-70b-instruct-v1:0" {
				t.Errorf("model %q; want the default meta.llama3-70b-instruct-v1:0", r.Resource)
			}
		}
	}
	if converse != 1 {
		t.Errorf("%d Converse calls; want 1", converse)
	}
	code, text, _ := attest(t, env, "explain", "--event", event, "--context", dir)
	if code != exitOK || strings.Contains(text, "Narrative") {
		t.Errorf("without --narrative: exit %d, output mentions a narrative:\n%s", code, text)
	}

	srv.Deny("bedrock:Converse")
	code, text, _ = attest(t, env, "explain", "--event", event, "--context", dir, "--narrative")
	if code != exitOK || !strings.Contains(text, "Narrative: unavailable: ") || !strings.Contains(text, "Root cause: vpc-no-egress") {
		t.Errorf("denied Bedrock: exit %d; want the deterministic explanation and the narrative unavailable:\n%s", code, text)
	}
}

// TestSnapshotOfACompositeAlarm captures a composite alarm: its members are read too, and the snapshot
// explains it through the member that fired, as live does.
func TestSnapshotOfACompositeAlarm(t *testing.T) {
	_, env := recordedAWS(t)
	dir := filepath.Join(t.TempDir(), "snap")
	code, _, stderr := attest(t, env, "snapshot", "--alarm", "orders-service-health", dir)
	if code != exitOK {
		t.Fatalf("snapshot: exit %d (%s)", code, stderr)
	}
	event := filepath.Join(dir, snapshot.AlarmEventFile)
	_, fromSnap, _ := attest(t, env, "explain", "--event", event, "--context", dir, "--format", "json")
	_, fromLive, _ := attest(t, env, "explain", "--event", event, "--live", "--format", "json")
	snap, live := decodeExplanation(t, fromSnap), decodeExplanation(t, fromLive)
	if snap.Alarm.Name != "orders-service-health" || snap.RootCause.ID != "vpc-no-egress" {
		t.Errorf("from the snapshot: alarm %s, root cause %s; want orders-service-health explained as vpc-no-egress", snap.Alarm.Name, snap.RootCause.ID)
	}
	if !reflect.DeepEqual(snap, live) {
		t.Errorf("explanations differ:\nsnapshot: %s\nlive:     %s", fromSnap, fromLive)
	}
	b, err := os.ReadFile(filepath.Join(dir, "cloudwatch.describe-alarms.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"orders-service-health"`, `"orders-errors"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("cloudwatch.describe-alarms.json lacks %s", name)
		}
	}
}
