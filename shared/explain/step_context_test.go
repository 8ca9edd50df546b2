package explain_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// runWithContext runs the step with the context recorded and returns its output, the stored explanation
// and the pack's context files by name (without the context/ folder).
func runWithContext(t *testing.T, x *explain.Explainer, event []byte) (run.State, *explain.Explanation, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	in := run.State{RunID: "alarm-ctx-1", Flow: run.FlowAlarm, EventKey: "runs/alarm-ctx-1/event.json"}
	if err := work.Put(ctx, in.EventKey, event); err != nil {
		t.Fatal(err)
	}
	out, err := (&explain.Step{Work: work, Explainer: x, Record: snapshot.Record}).Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := work.Get(ctx, out.Files[explain.File])
	if err != nil {
		t.Fatal(err)
	}
	var exp explain.Explanation
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for name, key := range out.Files {
		if rel, ok := strings.CutPrefix(name, explain.ContextDir+"/"); ok {
			if files[rel], err = work.Get(ctx, key); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out, &exp, files
}

// unpack writes context files into a directory, as an unpacked pack holds them.
func unpack(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// scenarioCopy copies a scenario of testdata/context into a directory the test may change.
func scenarioCopy(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(contextDir, name)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// editJSON changes one JSON file of a scenario copy.
func editJSON(t *testing.T, file string, edit func(map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestStepStoresContext(t *testing.T) {
	const secretValue = "hunter2-prod-db-password"
	dir := scenarioCopy(t, "vpc-no-egress")
	editJSON(t, filepath.Join(dir, "lambda.get-function-configuration.orders.json"), func(m map[string]any) {
		m["Environment"].(map[string]any)["Variables"].(map[string]any)["DB_PASSWORD"] = secretValue
	})
	event, err := os.ReadFile(filepath.Join(dir, "event.json"))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, exp, files := runWithContext(t, &explain.Explainer{Context: snap}, event)

	t.Run("pack files", func(t *testing.T) {
		for _, want := range []string{"README.md", "lambda.get-function-configuration.orders.json", "ec2.describe-route-tables.json",
			"ec2.describe-subnets.json", "ec2.describe-nat-gateways.json", "logs.filter-log-events.json"} {
			if _, ok := files[want]; !ok {
				t.Errorf("context files %v; want %s", keys(files), want)
			}
		}
		for name := range files {
			if name != "README.md" && !strings.HasSuffix(name, ".json") {
				t.Errorf("context file %s: want only snapshot JSON and the README", name)
			}
		}
	})
	t.Run("environment values redacted, names kept", func(t *testing.T) {
		fn := string(files["lambda.get-function-configuration.orders.json"])
		if strings.Contains(fn, secretValue) {
			t.Errorf("the function configuration keeps the value %q", secretValue)
		}
		if !strings.Contains(fn, `"DB_PASSWORD": "`+snapshot.Redacted+`"`) {
			t.Errorf("got configuration %s; want DB_PASSWORD kept with the value %s", fn, snapshot.Redacted)
		}
	})
	t.Run("summary for the notification", func(t *testing.T) {
		if got, want := out.Summary["rootCause"], "vpc-no-egress (confirmed)"; got != want {
			t.Errorf("got rootCause %q; want %q", got, want)
		}
		if got := out.Summary["cause"]; got == "" || strings.Contains(got, "\n") || !strings.HasPrefix(exp.RootCause.Summary, strings.TrimSuffix(got, "…")) {
			t.Errorf("got cause %q; want the one-line root cause summary %q", got, exp.RootCause.Summary)
		}
		if got := out.Summary["fix"]; got == "" || !strings.HasPrefix(exp.Fix.Summary, strings.TrimSuffix(got, "…")) {
			t.Errorf("got fix %q; want the fix summary %q", got, exp.Fix.Summary)
		}
	})
	t.Run("round trip", func(t *testing.T) {
		again, err := snapshot.Open(unpack(t, files))
		if err != nil {
			t.Fatal(err)
		}
		a, err := explain.DecodeAlarmEvent(event)
		if err != nil {
			t.Fatal(err)
		}
		got, err := (&explain.Explainer{Context: again}).Explain(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		got = got.Redacted()
		if got.RootCause != exp.RootCause {
			t.Errorf("got root cause %+v from the pack's context; want %+v", got.RootCause, exp.RootCause)
		}
		if len(got.Evidence) != len(exp.Evidence) {
			t.Errorf("got %d evidence items from the pack's context; want %d", len(got.Evidence), len(exp.Evidence))
		}
	})
}

// policyReader is a rule that reads the role's policies and a key's policy, as the IAM and KMS rules do,
// and cites only the sources it is told to.
func policyReader(keyID string, cite ...string) explain.Rule {
	return explain.Rule{
		ID: "policy-reader", Title: "Reads both policies",
		AppliesTo: func(explain.Alarm, explain.Resource) bool { return true },
		Diagnose: func(ctx context.Context, in *explain.Input) explain.Verdict {
			_, _ = in.Context.AuthorizationDetails(ctx)
			if kp, ok := in.Context.(explain.KeyPolicyReader); ok {
				_, _ = kp.KeyPolicy(ctx, keyID)
			}
			v := explain.Verdict{Outcome: explain.ConfirmedOutcome, Summary: "Both policies were read."}
			for _, c := range cite {
				v.Evidence = append(v.Evidence, explain.Evidence{Source: c, Fact: "read"})
			}
			return v
		},
	}
}

func TestStepRedactsUncitedPolicies(t *testing.T) {
	const (
		iamFile = "iam.get-account-authorization-details.json"
		// Text of the scenario's policies: a statement id of the key policy, an action of the function
		// role's inline policy, one of the managed policy attached to it.
		keyPolicyText = "Allow administration of the key"
		roleText      = "s3:GetObject"
		attachedText  = "logs:CreateLogGroup"
		// Added below: a role the function does not run as, and a managed policy attached to nothing.
		otherRoleText    = "dynamodb:DeleteTable"
		unattachedText   = "ec2:TerminateInstances"
		unattachedPolicy = "arn:aws:iam::123456789012:policy/fleet-admin"
	)
	dir := scenarioCopy(t, "kms-data-access-denied")
	kmsFile := ""
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "kms.get-key-policy.") {
			kmsFile = e.Name()
		}
	}
	doc := func(action string) map[string]any {
		return map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": action, "Resource": "*"}}}
	}
	editJSON(t, filepath.Join(dir, iamFile), func(m map[string]any) {
		m["RoleDetailList"] = append(m["RoleDetailList"].([]any), map[string]any{
			"RoleName": "billing-admin", "Arn": "arn:aws:iam::123456789012:role/billing-admin",
			"RolePolicyList": []any{map[string]any{"PolicyName": "tables", "PolicyDocument": doc(otherRoleText)}},
		})
		m["Policies"] = append(m["Policies"].([]any), map[string]any{
			"PolicyName": "fleet-admin", "Arn": unattachedPolicy, "DefaultVersionId": "v1",
			"PolicyVersionList": []any{map[string]any{"VersionId": "v1", "IsDefaultVersion": true, "Document": doc(unattachedText)}},
		})
	})
	for file, text := range map[string]string{kmsFile: keyPolicyText, iamFile: roleText + " " + attachedText} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Fields(text) {
			if !strings.Contains(string(b), w) {
				t.Fatalf("the scenario's %s no longer holds %q: the test would prove nothing", file, w)
			}
		}
	}
	keyID := strings.TrimSuffix(strings.TrimPrefix(kmsFile, "kms.get-key-policy."), ".json")
	event, err := os.ReadFile(filepath.Join(dir, "event.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		cite             []string
		keepIAM, keepKey bool
	}{
		{name: "key policy cited", cite: []string{"kms.get-key-policy"}, keepKey: true},
		{name: "role policies cited", cite: []string{"iam.get-account-authorization-details"}, keepIAM: true},
		{name: "both cited in one source", cite: []string{"kms.get-key-policy, iam.get-account-authorization-details"}, keepIAM: true, keepKey: true},
		{name: "none cited", cite: []string{"lambda.get-function-configuration"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := snapshot.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			_, exp, files := runWithContext(t, &explain.Explainer{Context: snap, Rules: []explain.Rule{policyReader(keyID, tt.cite...)}}, event)
			if exp.RootCause.ID != "policy-reader" {
				t.Fatalf("got root cause %s; want the test rule's", exp.RootCause.ID)
			}
			for _, c := range []struct {
				what, file, text string
				keep             bool
			}{
				{"the function role's policy", iamFile, roleText, tt.keepIAM},
				{"the managed policy attached to it", iamFile, attachedText, tt.keepIAM},
				{"another role's policy", iamFile, otherRoleText, false},
				{"an unattached managed policy", iamFile, unattachedText, false},
				{"the key policy", kmsFile, keyPolicyText, tt.keepKey},
			} {
				got, ok := files[c.file]
				if !ok {
					t.Fatalf("context files %v; want %s", keys(files), c.file)
				}
				if kept := strings.Contains(string(got), c.text); kept != c.keep {
					t.Errorf("%s: got %s kept %v; want %v:\n%s", c.file, c.what, kept, c.keep, got)
				}
			}
			for _, file := range []string{iamFile, kmsFile} {
				// Whatever is left out leaves the marker: the reader sees a policy was there.
				if !strings.Contains(string(files[file]), snapshot.PolicyNotCited) && !(file == kmsFile && tt.keepKey) {
					t.Errorf("%s: got no redaction marker; want one where a document was left out:\n%s", file, files[file])
				}
			}
			if !strings.Contains(string(files[iamFile]), "billing-admin") || !strings.Contains(string(files[iamFile]), unattachedPolicy) {
				t.Errorf("%s: got the other role or policy dropped; want them listed with their documents redacted", iamFile)
			}
			// A redacted file still reads as the snapshot type it is.
			again, err := snapshot.Open(unpack(t, files))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := again.AuthorizationDetails(context.Background()); err != nil {
				t.Errorf("the pack's %s does not read back: %v", iamFile, err)
			}
			if _, err := again.KeyPolicy(context.Background(), keyID); err != nil {
				t.Errorf("the pack's %s does not read back: %v", kmsFile, err)
			}
		})
	}
}

// TestStepContextMasksSecrets: a secret a function logged is masked in the pack's context as in the
// explanation, and the log line stays.
func TestStepContextMasksSecrets(t *testing.T) {
	w := baseWorld()
	w.logs = append(w.logs, logEvent(alarmAt.Add(-14*time.Minute), "Error: connect ETIMEDOUT 52.94.0.1:443 while calling https://app:hunter22@api.example.com with key AKIAIOSFODNN7EXAMPLE"))
	event, err := os.ReadFile(filepath.Join(eventsDir, "cloudwatch-alarm-lambda-errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, files := runWithContext(t, &explain.Explainer{Context: w}, event)
	logs, ok := files["logs.filter-log-events.json"]
	if !ok {
		t.Fatalf("context files %v; want the logs", keys(files))
	}
	for _, secret := range []string{"hunter22", "AKIAIOSFODNN7EXAMPLE"} {
		if strings.Contains(string(logs), secret) {
			t.Errorf("the pack's logs contain %q", secret)
		}
	}
	if !strings.Contains(string(logs), "connect ETIMEDOUT 52.94.0.1:443") {
		t.Errorf("the pack's logs lost the line around the secret:\n%s", logs)
	}
}

func TestStepWithoutRecordStoresNoContext(t *testing.T) {
	event, err := os.ReadFile(filepath.Join(eventsDir, "cloudwatch-alarm-lambda-errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	in := run.State{RunID: "alarm-ctx-2", Flow: run.FlowAlarm, EventKey: "runs/alarm-ctx-2/event.json"}
	if err := work.Put(ctx, in.EventKey, event); err != nil {
		t.Fatal(err)
	}
	out, err := (&explain.Step{Work: work, Explainer: &explain.Explainer{Context: baseWorld()}}).Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	for name := range out.Files {
		if strings.HasPrefix(name, explain.ContextDir+"/") {
			t.Errorf("got %s without Record; want no context", name)
		}
	}
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
