package event_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/event"
)

const eventsDir = "../../events"

func readEvent(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(eventsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleFiles(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(eventsDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 11 {
		t.Fatalf("found %d sample events in %s; want at least 11", len(names), eventsDir)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// TestRoundTrip parses every sample event, re-encodes it from the typed structs and compares the result with
// the original member by member, so that no field is lost or changed.
func TestRoundTrip(t *testing.T) {
	for _, name := range sampleFiles(t) {
		t.Run(name, func(t *testing.T) {
			raw := readEvent(t, name)
			env, err := event.Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			// Drop the raw detail so that the typed detail alone is written.
			env.Detail = nil
			out, err := json.Marshal(env)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var want, got any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("re-encoded event is not JSON: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip differs:\ngot  %s\nwant %s", out, raw)
			}
		})
	}
}

func TestRoundTripKeepsUnknownMembers(t *testing.T) {
	raw := []byte(`{"version":"0","id":"x","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch",
		"account":"123456789012","time":"2026-11-20T14:05:00Z","region":"us-east-1","resources":[],"replay-name":"r1",
		"detail":{"alarmName":"a","future":{"k":[1,2]},"state":{"value":"ALARM","timestamp":"2026-11-20T14:05:00.000+0000","evaluationState":"PARTIAL_DATA","reason":null},
		"configuration":{"metrics":[{"id":"m1","accountId":"123456789012","metricStat":{"metric":{"namespace":"N","name":"M","extra":true},"period":60,"stat":"Sum"},"returnData":false}]}}}`)
	env, err := event.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	env.Detail = nil
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	json.Unmarshal(raw, &want)
	json.Unmarshal(out, &got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %s\nwant %s", out, raw)
	}
}

func TestMarshalReflectsChanges(t *testing.T) {
	env, err := event.Parse(readEvent(t, "codecommit-reference-updated.json"))
	if err != nil {
		t.Fatal(err)
	}
	env.CodeCommit.CommitID = strings.Repeat("d", 40)
	env.Region = "eu-west-1"
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	again, err := event.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if again.CodeCommit.CommitID != strings.Repeat("d", 40) || again.Region != "eu-west-1" {
		t.Errorf("got commit %s region %s; want the changed values", again.CodeCommit.CommitID, again.Region)
	}
}

func TestMarshalBuiltInCode(t *testing.T) {
	env := event.Envelope{Version: "0", Source: event.SourceCodeCommit, DetailType: event.DetailTypeCodeCommit,
		Account: "123456789012", Region: "us-east-1", Time: event.Time{Time: time.Date(2026, 11, 20, 13, 56, 12, 0, time.UTC)},
		CodeCommit: &event.CodeCommitReferenceChange{Event: event.ReferenceUpdated, RepositoryName: "attest-sample",
			ReferenceName: "main", ReferenceType: "branch", CommitID: "b", OldCommitID: "a"}}
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	got, err := event.Parse(out)
	if err != nil {
		t.Fatalf("Parse(%s): %v", out, err)
	}
	if got.Time.RFC3339() != "2026-11-20T13:56:12Z" || got.CodeCommit.OldCommitID != "a" {
		t.Errorf("got time %s old commit %q; want 2026-11-20T13:56:12Z and a", got.Time.RFC3339(), got.CodeCommit.OldCommitID)
	}
	if strings.Contains(string(out), "mergeOption") {
		t.Errorf("empty optional member written: %s", out)
	}
}

func TestParseCodeCommit(t *testing.T) {
	tests := []struct {
		file, event, ref, refType, commit, old string
	}{
		{"codecommit-reference-created.json", event.ReferenceCreated, "feature/tls", "branch", "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a", ""},
		{"codecommit-reference-updated.json", event.ReferenceUpdated, "main", "branch", "92f6181645c4659bbf347ceec7891e773757074b", "058df7cb6c465ca7a59d2903141dae2bd9f9a171"},
		{"codecommit-reference-deleted.json", event.ReferenceDeleted, "feature/tls", "branch", "", "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a"},
		{"codecommit-tag-created.json", event.ReferenceCreated, "v1.4.0", "tag", "92f6181645c4659bbf347ceec7891e773757074b", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env, err := event.Parse(readEvent(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			c := env.CodeCommit
			if env.Kind != event.KindCodeCommit || c == nil || env.Alarm != nil || env.Config != nil {
				t.Fatalf("got kind %q; want only the CodeCommit detail", env.Kind)
			}
			if c.Event != tt.event || c.ReferenceName != tt.ref || c.ReferenceType != tt.refType || c.CommitID != tt.commit || c.OldCommitID != tt.old {
				t.Errorf("got %s %s %s %q %q; want %s %s %s %q %q", c.Event, c.ReferenceName, c.ReferenceType, c.CommitID, c.OldCommitID,
					tt.event, tt.ref, tt.refType, tt.commit, tt.old)
			}
			if c.RepositoryName != "attest-sample" || env.Account != "123456789012" || env.Region != "us-east-1" {
				t.Errorf("got %s %s %s; want the sample world's", c.RepositoryName, env.Account, env.Region)
			}
			wantFull := "refs/heads/" + tt.ref
			if tt.refType == "tag" {
				wantFull = "refs/tags/" + tt.ref
			}
			if c.FullReference() != wantFull {
				t.Errorf("FullReference() = %s; want %s", c.FullReference(), wantFull)
			}
		})
	}
}

func TestParseAlarm(t *testing.T) {
	tests := []struct {
		file, name, state, stamp string
		metrics, exprs           int
		children                 []string
	}{
		{"cloudwatch-alarm-lambda-errors.json", "orders-errors", "ALARM", "2026-11-20T14:05:00Z", 1, 0, nil},
		{"cloudwatch-alarm-ok.json", "orders-errors", "OK", "2026-11-20T15:31:00.21Z", 1, 0, nil},
		{"cloudwatch-alarm-composite.json", "orders-service-health", "ALARM", "2026-11-20T14:05:01.118Z", 0, 0, []string{"orders-errors", "orders-throttles"}},
		{"cloudwatch-alarm-metric-math.json", "orders-error-rate", "ALARM", "2026-11-20T14:06:00.047Z", 2, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env, err := event.Parse(readEvent(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a := env.Alarm
			if env.Kind != event.KindAlarm || a == nil {
				t.Fatalf("got kind %q; want alarm", env.Kind)
			}
			if a.AlarmName != tt.name || a.State.Value != tt.state || a.State.Timestamp.RFC3339() != tt.stamp {
				t.Errorf("got %s %s %s; want %s %s %s", a.AlarmName, a.State.Value, a.State.Timestamp.RFC3339(), tt.name, tt.state, tt.stamp)
			}
			if len(a.Metrics()) != tt.metrics || len(a.Expressions()) != tt.exprs {
				t.Errorf("got %d metrics, %d expressions; want %d, %d", len(a.Metrics()), len(a.Expressions()), tt.metrics, tt.exprs)
			}
			children, err := a.ChildAlarms()
			if err != nil {
				t.Fatalf("ChildAlarms: %v", err)
			}
			if !reflect.DeepEqual(children, tt.children) || a.IsComposite() != (tt.children != nil) {
				t.Errorf("ChildAlarms() = %q, composite %v; want %q", children, a.IsComposite(), tt.children)
			}
			rd, err := a.State.DecodeReasonData()
			if err != nil || rd == nil {
				t.Fatalf("DecodeReasonData: %v, %v", rd, err)
			}
			if tt.children != nil {
				if len(rd.TriggeringAlarms) != 1 || !strings.HasSuffix(rd.TriggeringAlarms[0].Arn, ":alarm:orders-errors") {
					t.Errorf("triggering alarms = %+v; want orders-errors", rd.TriggeringAlarms)
				}
			} else if rd.Threshold == nil || len(rd.EvaluatedDatapoints) != 1 || rd.EvaluatedDatapoints[0].Timestamp.IsZero() {
				t.Errorf("reason data = %+v; want a threshold and one evaluated datapoint", rd)
			}
		})
	}
}

func TestAlarmMetrics(t *testing.T) {
	env, err := event.Parse(readEvent(t, "cloudwatch-alarm-lambda-errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	a := env.Alarm
	if got := a.Metrics(); len(got) != 1 || got[0].String() != "AWS/Lambda Errors FunctionName=orders" {
		t.Errorf("Metrics() = %v; want AWS/Lambda Errors FunctionName=orders", got)
	}
	ms := a.MetricStats()[0].MetricStat
	if ms.Period != 60 || ms.Stat != "Sum" {
		t.Errorf("got period %d stat %s; want 60 Sum", ms.Period, ms.Stat)
	}
	rd, _ := a.State.DecodeReasonData()
	if *rd.Threshold != 1 || rd.Statistic != "Sum" || rd.Period != 60 {
		t.Errorf("reason data = %+v; want threshold 1, Sum, 60", rd)
	}

	env, err = event.Parse(readEvent(t, "cloudwatch-alarm-metric-math.json"))
	if err != nil {
		t.Fatal(err)
	}
	a = env.Alarm
	ev, ok := a.Evaluated()
	if !ok || ev.ID != "e1" || ev.Expression != "100*m1/m2" {
		t.Fatalf("Evaluated() = %+v, %v; want e1", ev, ok)
	}
	var ids []string
	for _, m := range a.Inputs(ev) {
		ids = append(ids, m.ID+"="+m.MetricStat.Metric.Name)
	}
	if got := strings.Join(ids, ","); got != "m1=Errors,m2=Invocations" {
		t.Errorf("Inputs(e1) = %s; want m1=Errors,m2=Invocations", got)
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		file, id, status  string
		oversized, delete bool
	}{
		{"config-s3-bucket-update.json", "attest-sample-uploads", "OK", false, false},
		{"config-s3-bucket-deleted.json", "attest-sample-legacy", "ResourceDeleted", false, true},
		{"config-oversized.json", "attest-sample-logs", "OK", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env, err := event.Parse(readEvent(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			c := env.Config
			if env.Kind != event.KindConfig || c == nil {
				t.Fatalf("got kind %q; want config", env.Kind)
			}
			id := c.Identity()
			if id.ResourceType != "AWS::S3::Bucket" || id.ResourceID != tt.id || id.Status != tt.status || id.ARN != "arn:aws:s3:::"+tt.id {
				t.Errorf("got %+v; want AWS::S3::Bucket %s %s", id, tt.id, tt.status)
			}
			if id.Account != "123456789012" || id.Region != "us-east-1" || id.CaptureTime.IsZero() || id.StateID == "" {
				t.Errorf("got account %s region %s capture %v state %q; want the sample world's", id.Account, id.Region, id.CaptureTime, id.StateID)
			}
			if c.Oversized() != tt.oversized || id.Deleted() != tt.delete {
				t.Errorf("got oversized %v deleted %v; want %v %v", c.Oversized(), id.Deleted(), tt.oversized, tt.delete)
			}
			bucket, key, ok := c.S3Location()
			if ok != tt.oversized || (ok && (bucket != "config-bucket-123456789012" || !strings.HasSuffix(key, ".json.gz"))) {
				t.Errorf("S3Location() = %s, %s, %v; want a location only when oversized", bucket, key, ok)
			}
		})
	}
}

func TestSupplementary(t *testing.T) {
	env, err := event.Parse(readEvent(t, "config-s3-bucket-update.json"))
	if err != nil {
		t.Fatal(err)
	}
	ci := env.Config.ConfigurationItem
	type pab struct {
		RestrictPublicBuckets *bool `json:"restrictPublicBuckets"`
		BlockPublicAcls       *bool `json:"blockPublicAcls"`
	}
	check := func(t *testing.T, ci *event.ConfigurationItem) {
		t.Helper()
		raw, ok, err := ci.Supplementary("PublicAccessBlockConfiguration")
		if err != nil || !ok {
			t.Fatalf("Supplementary: %v, %v", ok, err)
		}
		var p pab
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatalf("decode %s: %v", raw, err)
		}
		if p.RestrictPublicBuckets == nil || *p.RestrictPublicBuckets || p.BlockPublicAcls == nil || !*p.BlockPublicAcls {
			t.Errorf("got %s; want restrictPublicBuckets false and blockPublicAcls true", raw)
		}
		obj, err := ci.Object()
		if err != nil || !strings.Contains(string(obj), `"attest-sample-uploads"`) {
			t.Errorf("Object() = %s, %v; want the bucket's configuration", obj, err)
		}
	}
	t.Run("objects", func(t *testing.T) { check(t, ci) })
	t.Run("strings", func(t *testing.T) {
		// The same item as other delivery paths write it: each value a JSON string.
		str := *ci
		str.SupplementaryConfiguration = map[string]json.RawMessage{}
		for k, v := range ci.SupplementaryConfiguration {
			s, _ := json.Marshal(string(v))
			str.SupplementaryConfiguration[k] = s
		}
		s, _ := json.Marshal(string(ci.Configuration))
		str.Configuration = s
		check(t, &str)
	})
	t.Run("absent", func(t *testing.T) {
		if _, ok, err := ci.Supplementary("BucketWebsiteConfiguration"); ok || err != nil {
			t.Errorf("got ok %v err %v; want not found", ok, err)
		}
	})
	t.Run("bad string", func(t *testing.T) {
		bad := *ci
		bad.SupplementaryConfiguration = map[string]json.RawMessage{"PublicAccessBlockConfiguration": json.RawMessage(`"{not json"`)}
		var me *event.MalformedError
		if _, _, err := bad.Supplementary("PublicAccessBlockConfiguration"); !errors.As(err, &me) {
			t.Errorf("got %v; want *MalformedError", err)
		}
	})
	t.Run("deleted has none", func(t *testing.T) {
		env, err := event.Parse(readEvent(t, "config-s3-bucket-deleted.json"))
		if err != nil {
			t.Fatal(err)
		}
		if obj, err := env.Config.ConfigurationItem.Object(); obj != nil || err != nil {
			t.Errorf("Object() = %s, %v; want nil", obj, err)
		}
	})
}
