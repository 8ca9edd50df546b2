package main

import (
	"bytes"
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/attestdev/attest/infra/lambdabuild"
	"github.com/attestdev/attest/infra/settings"
	"github.com/attestdev/attest/infra/statemachine"
)

// functionID returns the logical ID of a function.
func functionID(t *testing.T, tm template, name string) string {
	t.Helper()
	id, _ := tm.one(t, "AWS::Lambda::Function", "Fn"+strings.ToUpper(name[:1])+name[1:])
	return id
}

func TestFunctions(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	for _, f := range functions() {
		t.Run(f.name, func(t *testing.T) {
			id := functionID(t, tm, f.name)
			p := tm.Resources[id].Properties
			checks := []struct {
				what string
				got  any
				want any
			}{
				{"Runtime", p["Runtime"], "provided.al2023"},
				{"Architectures", p["Architectures"], []any{"arm64"}},
				{"Handler", p["Handler"], "bootstrap"},
				{"TracingConfig", p["TracingConfig"], map[string]any{"Mode": "Active"}},
				{"MemorySize", p["MemorySize"], float64(f.memory)},
				{"Timeout", p["Timeout"], f.timeout.Seconds()},
			}
			for _, c := range checks {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s = %v; want %v", c.what, c.got, c.want)
				}
			}
			lg := get(p, "LoggingConfig.LogGroup")
			found := false
			for _, lid := range tm.ofType("AWS::Logs::LogGroup") {
				if refersTo(lg, lid) {
					found = true
					if r := tm.Resources[lid].Properties["RetentionInDays"]; r != float64(365) {
						t.Errorf("log group %s RetentionInDays = %v; want 365", lid, r)
					}
				}
			}
			if !found {
				t.Errorf("LoggingConfig.LogGroup = %v; want one of the stack's log groups", lg)
			}
		})
	}
	if mem := tm.Resources[functionID(t, tm, "scan")].Properties["MemorySize"]; mem != float64(1024) {
		t.Errorf("scan MemorySize = %v; want 1024", mem)
	}
}

// TestAssets checks that each function's code is the arm64 bootstrap built during synth.
func TestAssets(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	for _, f := range functions() {
		t.Run(f.name, func(t *testing.T) {
			r := tm.Resources[functionID(t, tm, f.name)]
			// The code is the asset staged as <outdir>/asset.<hash> and uploaded as <hash>.zip.
			key, _ := get(r.Properties, "Code.S3Key").(string)
			hash, ok := strings.CutSuffix(key, ".zip")
			if !ok || hash == "" {
				t.Fatalf("Code.S3Key = %v; want <asset hash>.zip", get(r.Properties, "Code.S3Key"))
			}
			asset := filepath.Join(s.outdir, "asset."+hash)
			staged, err := os.ReadFile(filepath.Join(asset, lambdabuild.Executable))
			if err != nil {
				t.Fatalf("staged asset: %v", err)
			}
			built, err := os.ReadFile(filepath.Join(s.buildDir, f.name, lambdabuild.Executable))
			if err != nil {
				t.Fatalf("built binary: %v", err)
			}
			if !bytes.Equal(staged, built) {
				t.Error("staged asset differs from the binary built for it")
			}
			e, err := elf.NewFile(bytes.NewReader(staged))
			if err != nil {
				t.Fatalf("bootstrap is not an ELF executable: %v", err)
			}
			if e.Machine != elf.EM_AARCH64 {
				t.Errorf("bootstrap machine = %v; want EM_AARCH64", e.Machine)
			}
		})
	}
}

func env(t *testing.T, tm template, name string) map[string]any {
	t.Helper()
	v, _ := get(tm.Resources[functionID(t, tm, name)].Properties, "Environment.Variables").(map[string]any)
	return v
}

func TestEnvironment(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	evidenceID, workID, _ := bucketIDs(t, tm)
	workKey, _ := tm.one(t, "AWS::KMS::Key", "WorkKey")
	evidenceKey, _ := tm.one(t, "AWS::KMS::Key", "EvidenceKey")
	signingKey, _ := tm.one(t, "AWS::KMS::Key", "SigningKey")
	topicID, _ := tm.one(t, "AWS::SNS::Topic", "NotificationTopic")
	smID, _ := tm.one(t, "AWS::StepFunctions::StateMachine", "Pipeline")

	type ref struct{ id string } // the value must refer to this resource
	want := map[string]map[string]any{
		"router":   {"STATE_MACHINE_ARN": ref{smID}, "WATCH_REPOSITORIES": sampleRepository, "SCAN_TAGS": "false"},
		"fetch":    {"MAX_FILE_BYTES": "1048576"},
		"evaluate": {"CONFIG_DELIVERY_BUCKETS": sampleDelivery},
		"evidence": {"EVIDENCE_BUCKET": ref{evidenceID}, "EVIDENCE_KMS_KEY_ARN": ref{evidenceKey}, "SIGNING_KEY_ID": ref{signingKey},
			"RETENTION_DAYS": "2192"},
		"notify": {"TOPIC_ARN": ref{topicID}, "EVIDENCE_BUCKET": ref{evidenceID}, "PORTAL_URL": "https://audit.example.com",
			"SECURITY_HUB": "true", "DIGEST": "true"},
		"review":  {"PORTAL_URL": "https://audit.example.com"},
		"explain": {"EVIDENCE_BUCKET": ref{evidenceID}, "EVIDENCE_KMS_KEY_ARN": ref{evidenceKey}},
		"scan":    {}, "forecast": {},
	}
	for _, f := range functions() {
		t.Run(f.name, func(t *testing.T) {
			vars := env(t, tm, f.name)
			w := map[string]any{"WORK_BUCKET": ref{workID}, "WORK_KMS_KEY_ARN": ref{workKey}}
			for k, v := range want[f.name] {
				w[k] = v
			}
			if len(vars) != len(w) {
				t.Errorf("variables %v; want exactly %v", keys(vars), keys(w))
			}
			for k, v := range w {
				got, ok := vars[k]
				switch v := v.(type) {
				case ref:
					if !refersTo(got, v.id) {
						t.Errorf("%s = %v; want a reference to %s", k, got, v.id)
					}
				default:
					if !ok || got != v {
						t.Errorf("%s = %v; want %v", k, got, v)
					}
				}
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestStateMachine(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	_, sm := tm.one(t, "AWS::StepFunctions::StateMachine", "Pipeline")
	p := sm.Properties
	if p["StateMachineType"] != "STANDARD" {
		t.Errorf("StateMachineType = %v; want STANDARD", p["StateMachineType"])
	}
	if get(p, "TracingConfiguration.Enabled") != true {
		t.Errorf("TracingConfiguration = %v; want enabled", p["TracingConfiguration"])
	}
	if get(p, "LoggingConfiguration.Level") != "ALL" || get(p, "LoggingConfiguration.IncludeExecutionData") != false {
		t.Errorf("LoggingConfiguration = %v; want ALL without execution data", p["LoggingConfiguration"])
	}
	want, err := statemachine.Definition(statemachine.Placeholders())
	if err != nil {
		t.Fatal(err)
	}
	if p["DefinitionString"] != string(want) {
		t.Errorf("DefinitionString is not the generated definition:\n%v", p["DefinitionString"])
	}
	subs, _ := p["DefinitionSubstitutions"].(map[string]any)
	if len(subs) != len(statemachine.Steps()) {
		t.Errorf("got %d substitutions; want %d", len(subs), len(statemachine.Steps()))
	}
	roleID := strings.TrimSuffix(get(p, "RoleArn.Fn::GetAtt.0").(string), "")
	invoke := statementsOf(t, tm, roleID)
	for _, step := range statemachine.Steps() {
		fid := functionID(t, tm, step.Name)
		v := subs[statemachine.SubstitutionKey(step)]
		if get(v, "Fn::GetAtt.0") != fid || get(v, "Fn::GetAtt.1") != "Arn" {
			t.Errorf("substitution %s = %v; want the ARN of %s", statemachine.SubstitutionKey(step), v, fid)
		}
		if !allows(invoke, "lambda:InvokeFunction", fid) {
			t.Errorf("state machine role cannot invoke %s", fid)
		}
	}
}

// statement is one IAM policy statement of a role.
type statement struct {
	Sid       string
	Effect    string
	Actions   []string
	Resources []any
	Condition any
}

// statementsOf collects the statements of every AWS::IAM::Policy attached to a role, and fails on managed
// policies (whose permissions the template does not show).
func statementsOf(t *testing.T, tm template, roleID string) []statement {
	t.Helper()
	role, ok := tm.Resources[roleID]
	if !ok || role.Type != "AWS::IAM::Role" {
		t.Fatalf("%s is not a role", roleID)
	}
	if mp := role.Properties["ManagedPolicyArns"]; mp != nil {
		t.Errorf("role %s has managed policies %v; want only its own statements", roleID, mp)
	}
	var out []statement
	for _, id := range tm.ofType("AWS::IAM::Policy") {
		p := tm.Resources[id].Properties
		attached := false
		for _, r := range p["Roles"].([]any) {
			if refersTo(r, roleID) {
				attached = true
			}
		}
		if !attached {
			continue
		}
		for _, st := range get(p, "PolicyDocument.Statement").([]any) {
			s := statement{Effect: get(st, "Effect").(string), Actions: strs(get(st, "Action")), Condition: get(st, "Condition")}
			s.Sid, _ = get(st, "Sid").(string)
			switch r := get(st, "Resource").(type) {
			case []any:
				s.Resources = r
			default:
				s.Resources = []any{r}
			}
			out = append(out, s)
		}
	}
	return out
}

// allows reports whether a statement allows action on a resource that mentions target ("*" for any).
func allows(stmts []statement, action, target string) bool {
	for _, s := range stmts {
		if s.Effect != "Allow" || !slices.Contains(s.Actions, action) {
			continue
		}
		for _, r := range s.Resources {
			if target == "*" && r == "*" || target != "*" && mentions(r, target) {
				return true
			}
		}
	}
	return false
}

func roleOf(t *testing.T, tm template, name string) string {
	t.Helper()
	r := get(tm.Resources[functionID(t, tm, name)].Properties, "Role.Fn::GetAtt.0")
	id, ok := r.(string)
	if !ok {
		t.Fatalf("function %s has no role of the stack", name)
	}
	return id
}

func TestLeastPrivilege(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	base := []string{"logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTelemetryRecords", "xray:PutTraceSegments"}
	workRW := []string{"kms:Decrypt", "kms:GenerateDataKey", "s3:GetObject", "s3:PutObject"}
	want := map[string][]string{
		"router": append(append([]string{"states:StartExecution", "sqs:SendMessage"}, base...), workRW...),
		"fetch": append(append([]string{"codecommit:GetBlob", "codecommit:GetBranch", "codecommit:GetDifferences",
			"codecommit:GetFile", "codecommit:GetMergeCommit", "codecommit:GetRepository"}, base...), workRW...),
		"scan":     append(append([]string{}, base...), workRW...),
		"forecast": append(append([]string{"pricing:GetProducts"}, base...), workRW...),
		"explain": append(append([]string{"cloudtrail:LookupEvents", "cloudwatch:DescribeAlarms", "cloudwatch:GetMetricStatistics",
			"config:GetResourceConfigHistory", "dynamodb:DescribeTable", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways",
			"ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
			"ec2:DescribeVpcEndpoints", "iam:GetAccountAuthorizationDetails", "kms:DescribeKey", "kms:GetKeyPolicy",
			"lambda:GetAccountSettings", "lambda:GetFunctionConcurrency", "lambda:GetFunctionConfiguration", "lambda:GetPolicy",
			"lambda:ListAliases", "lambda:ListEventSourceMappings", "lambda:ListFunctions", "lambda:ListProvisionedConcurrencyConfigs",
			"logs:FilterLogEvents", "s3:ListBucket", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "states:DescribeStateMachine"}, base...), workRW...),
		"evaluate": append(append([]string{}, base...), workRW...),
		"evidence": append(append([]string{"kms:GetPublicKey", "kms:Sign", "s3:ListBucket", "s3:PutObjectRetention"}, base...), workRW...),
		"notify": append([]string{"kms:Decrypt", "kms:GenerateDataKey", "s3:GetObject", "s3:ListBucket", "s3:PutObject", "securityhub:BatchImportFindings",
			"sns:Publish"}, base...),
		"review": append(append([]string{"codecommit:GetCommentsForPullRequest", "codecommit:PostCommentForPullRequest",
			"codecommit:UpdateComment", "codecommit:UpdatePullRequestApprovalState"}, base...), "kms:Decrypt", "s3:GetObject"),
	}
	perRole := map[string][]statement{}
	for _, f := range functions() {
		t.Run(f.name+" has exactly its actions", func(t *testing.T) {
			stmts := statementsOf(t, tm, roleOf(t, tm, f.name))
			perRole[f.name] = stmts
			got := map[string]bool{}
			for _, s := range stmts {
				if s.Effect != "Allow" {
					continue
				}
				for _, a := range s.Actions {
					if strings.Contains(a, "*") {
						t.Errorf("statement %s allows the wildcard action %s", s.Sid, a)
					}
					got[a] = true
				}
			}
			w := map[string]bool{}
			for _, a := range want[f.name] {
				w[a] = true
			}
			if !reflect.DeepEqual(keys(got), keys(w)) {
				t.Errorf("actions %v; want %v", keys(got), keys(w))
			}
		})
	}

	evidenceID, workID, _ := bucketIDs(t, tm)
	signingKey, _ := tm.one(t, "AWS::KMS::Key", "SigningKey")
	topicID, _ := tm.one(t, "AWS::SNS::Topic", "NotificationTopic")
	smID, _ := tm.one(t, "AWS::StepFunctions::StateMachine", "Pipeline")
	scoped := []struct {
		name, fn, action, target string
	}{
		{"fetch reads only the watched repository", "fetch", "codecommit:GetDifferences", ":codecommit:us-east-1:123456789012:" + sampleRepository},
		{"router starts only the pipeline", "router", "states:StartExecution", smID},
		{"evidence signs only with the signing key", "evidence", "kms:Sign", signingKey},
		{"evidence writes the evidence bucket", "evidence", "s3:PutObject", evidenceID},
		{"evidence lists the evidence bucket", "evidence", "s3:ListBucket", evidenceID},
		{"evidence reads the work bucket", "evidence", "s3:GetObject", workID},
		{"notify publishes only to the topic", "notify", "sns:Publish", topicID},
		{"notify reads the evidence bucket", "notify", "s3:GetObject", evidenceID},
		{"notify imports into Security Hub as the account's product", "notify", "securityhub:BatchImportFindings", ":securityhub:us-east-1:123456789012:product/123456789012/default"},
		{"review comments only in the watched repository", "review", "codecommit:PostCommentForPullRequest", ":codecommit:us-east-1:123456789012:" + sampleRepository},
		{"review approves only in the watched repository", "review", "codecommit:UpdatePullRequestApprovalState", ":codecommit:us-east-1:123456789012:" + sampleRepository},
		{"evaluate reads the Config delivery bucket", "evaluate", "s3:GetObject", "s3:::" + sampleDelivery + "/*"},
		{"explain reads functions of this account", "explain", "lambda:GetFunctionConfiguration", ":lambda:us-east-1:123456789012:function:*"},
		{"explain lists without resource-level permissions", "explain", "ec2:DescribeRouteTables", "*"},
		{"forecast reads list prices, which have no resource-level permissions", "forecast", "pricing:GetProducts", "*"},
	}
	for _, tc := range scoped {
		t.Run(tc.name, func(t *testing.T) {
			stmts := statementsOf(t, tm, roleOf(t, tm, tc.fn))
			if !allows(stmts, tc.action, tc.target) {
				t.Errorf("%s cannot %s on %s", tc.fn, tc.action, tc.target)
			}
			for _, s := range stmts {
				if !slices.Contains(s.Actions, tc.action) {
					continue
				}
				for _, r := range s.Resources {
					if r == "*" && tc.target != "*" {
						t.Errorf("statement %s allows %s on *", s.Sid, tc.action)
					}
				}
			}
		})
	}

	t.Run("only evidence signs, only notify publishes, nobody deletes", func(t *testing.T) {
		for _, f := range functions() {
			stmts := statementsOf(t, tm, roleOf(t, tm, f.name))
			for _, s := range stmts {
				for _, a := range s.Actions {
					if a == "kms:Sign" && f.name != "evidence" || a == "sns:Publish" && f.name != "notify" ||
						strings.HasPrefix(a, "codecommit:") && f.name != "fetch" && f.name != "review" || strings.Contains(a, "Delete") {
						t.Errorf("%s may %s", f.name, a)
					}
				}
			}
		}
	})

	t.Run("explain is read-only", func(t *testing.T) {
		for _, s := range statementsOf(t, tm, roleOf(t, tm, "explain")) {
			for _, a := range s.Actions {
				verb := a[strings.Index(a, ":")+1:]
				readOnly := strings.HasPrefix(verb, "Get") || strings.HasPrefix(verb, "List") || strings.HasPrefix(verb, "Describe") ||
					verb == "FilterLogEvents" || verb == "LookupEvents" || verb == "Decrypt"
				// Its own output to the work store, its logs and traces are its only writes.
				ownWrites := a == "s3:PutObject" && mentions(s.Resources, workID) || a == "kms:GenerateDataKey" ||
					strings.HasPrefix(a, "logs:Create") || strings.HasPrefix(a, "logs:Put") || strings.HasPrefix(a, "xray:")
				if !readOnly && !ownWrites {
					t.Errorf("explain may %s", a)
				}
			}
		}
	})

	t.Run("KMS data key use is only through S3 or SNS", func(t *testing.T) {
		for _, f := range functions() {
			for _, s := range statementsOf(t, tm, roleOf(t, tm, f.name)) {
				if (slices.Contains(s.Actions, "kms:Decrypt") || slices.Contains(s.Actions, "kms:GenerateDataKey")) && !mentions(s.Condition, "kms:ViaService") {
					t.Errorf("%s statement %s uses a key outside S3/SNS", f.name, s.Sid)
				}
			}
		}
	})
}

func TestOutputs(t *testing.T) {
	tm := sample(t).tmpl
	for _, name := range []string{"EvidenceBucketName", "WorkBucketName", "LogsBucketName", "TopicArn", "StateMachineArn", "SigningKeyArn", "SigningKeyId"} {
		if _, ok := tm.Outputs[name]; !ok {
			t.Errorf("no output %s", name)
		}
	}
}

func TestAlarms(t *testing.T) {
	tm := sample(t).tmpl
	topicID, _ := tm.one(t, "AWS::SNS::Topic", "NotificationTopic")
	for _, id := range tm.ofType("AWS::CloudWatch::Alarm") {
		p := tm.Resources[id].Properties
		if acts := p["AlarmActions"].([]any); len(acts) != 1 || !refersTo(acts[0], topicID) {
			t.Errorf("%s AlarmActions = %v; want the topic", id, acts)
		}
	}
}

// TestVariant synthesizes once more with every option changed, from the binaries of the first synth (the
// prebuilt path of ATTEST_LAMBDA_BUILD_DIR).
func TestVariant(t *testing.T) {
	first := sample(t)
	s, err := synthesize("variant", map[string]any{
		"attest:cloudTrail":       "false",
		"attest:signingKeySpec":   "ECC_NIST_P384",
		"attest:retentionDays":    "2555",
		"attest:scanTags":         true,
		"attest:logRetentionDays": 731,
	}, func(k string) string {
		if k == EnvBuildDir {
			return first.buildDir
		}
		return ""
	})
	if err != nil {
		t.Fatalf("synth: %v", err)
	}
	tm := s.tmpl
	if _, err := os.Stat(s.buildDir); err == nil {
		t.Error("the prebuilt synth built binaries; want none built")
	}
	if n := len(tm.ofType("AWS::CloudTrail::Trail")); n != 0 {
		t.Errorf("got %d trails with attest:cloudTrail=false; want 0", n)
	}
	if n := len(tm.ofType("AWS::KMS::Key")); n != 4 {
		t.Errorf("got %d keys; want 4 without the trail key", n)
	}
	_, key := tm.one(t, "AWS::KMS::Key", "SigningKey")
	if key.Properties["KeySpec"] != "ECC_NIST_P384" {
		t.Errorf("signing KeySpec = %v; want ECC_NIST_P384", key.Properties["KeySpec"])
	}
	evidenceID, _, _ := bucketIDs(t, tm)
	wantLock := map[string]any{"Mode": "COMPLIANCE", "Days": float64(2555)}
	if got := get(tm.Resources[evidenceID].Properties, "ObjectLockConfiguration.Rule.DefaultRetention"); !reflect.DeepEqual(got, wantLock) {
		t.Errorf("default retention = %v; want %v", got, wantLock)
	}
	if got := env(t, tm, "evidence")["RETENTION_DAYS"]; got != "2555" {
		t.Errorf("RETENTION_DAYS = %v; want 2555", got)
	}
	if got := env(t, tm, "router"); got["SCAN_TAGS"] != "true" || got["WATCH_REPOSITORIES"] != "" {
		t.Errorf("router env = %v; want SCAN_TAGS true and no repositories", got)
	}
	if got := env(t, tm, "evaluate")["CONFIG_DELIVERY_BUCKETS"]; got != "" {
		t.Errorf("CONFIG_DELIVERY_BUCKETS = %v; want empty", got)
	}
	_, push := tm.one(t, "AWS::Events::Rule", "PushRule")
	if got := get(push.Properties, "EventPattern.detail.referenceType"); !reflect.DeepEqual(got, []any{"branch", "tag"}) {
		t.Errorf("referenceType = %v; want branch and tag", got)
	}
	if got := get(push.Properties, "EventPattern.detail.repositoryName"); got != nil {
		t.Errorf("repositoryName = %v; want no filter", got)
	}
	fetch := statementsOf(t, tm, roleOf(t, tm, "fetch"))
	if !allows(fetch, "codecommit:GetBlob", ":codecommit:us-east-1:123456789012:*") {
		t.Error("fetch cannot read every repository of the account when none is named")
	}
	for _, st := range statementsOf(t, tm, roleOf(t, tm, "evaluate")) {
		for _, r := range st.Resources {
			if slices.Contains(st.Actions, "s3:GetObject") && !mentions(r, "WorkBucket") {
				t.Errorf("evaluate may read %v with no delivery bucket named", r)
			}
		}
	}
	for _, id := range tm.ofType("AWS::Logs::LogGroup") {
		if r := tm.Resources[id].Properties["RetentionInDays"]; r != float64(731) {
			t.Errorf("%s RetentionInDays = %v; want 731", id, r)
		}
	}
}

func TestSynthRejects(t *testing.T) {
	tests := []struct {
		name   string
		ctx    map[string]any
		getenv func(string) string
		want   string
	}{
		{name: "bad context", ctx: map[string]any{"attest:scanTags": "maybe"}, want: "attest:scanTags"},
		{name: "missing cross compiler", getenv: func(k string) string {
			if k == EnvCC {
				return "no-such-aarch64-linux-gnu-gcc"
			}
			return ""
		}, want: "install the Debian package gcc-aarch64-linux-gnu"},
		{name: "missing prebuilt binaries", getenv: func(k string) string {
			if k == EnvBuildDir {
				return "/nonexistent-attest-build"
			}
			return ""
		}, want: "no bootstrap for router"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := tc.getenv
			if getenv == nil {
				getenv = func(string) string { return "" }
			}
			_, err := synthesize("reject-"+strings.ReplaceAll(tc.name, " ", "-"), tc.ctx, getenv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("synth error = %v; want one containing %q", err, tc.want)
			}
		})
	}
}

// TestFunctionsDoNotImportCDK keeps the CDK (and its JavaScript runtime) out of the Lambda binaries.
func TestFunctionsDoNotImportCDK(t *testing.T) {
	root, err := lambdabuild.FindModuleRoot(".", lambdabuild.ModulePath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps", "-tags", "lambda.norpc", "-f", "{{.ImportPath}}", "./functions/...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=1")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, lambdabuild.ModulePath+"/functions/"+statemachine.Evidence.Name) {
		t.Fatalf("go list did not list the functions: %v", deps)
	}
	for _, d := range deps {
		for _, banned := range []string{"github.com/aws/aws-cdk-go/", "github.com/aws/constructs-go/", "github.com/aws/jsii-runtime-go"} {
			if strings.HasPrefix(d, banned) {
				t.Errorf("a function depends on %s", d)
			}
		}
	}
}

// TestCDKJSON checks cdk.json: the app command, and that its context defaults are the documented options
// with valid values.
func TestCDKJSON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "cdk.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		App     string         `json:"app"`
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("parse cdk.json: %v", err)
	}
	if c.App != "go run ./infra" {
		t.Errorf("app = %q; want %q", c.App, "go run ./infra")
	}
	var attest []string
	for k := range c.Context {
		if strings.HasPrefix(k, "attest:") {
			attest = append(attest, k)
			if !slices.Contains(settings.Keys(), k) {
				t.Errorf("cdk.json sets unknown option %s", k)
			}
		}
	}
	cfg, err := settings.Parse(settings.FromMap(c.Context))
	if err != nil {
		t.Fatalf("cdk.json context: %v", err)
	}
	def, _ := settings.Parse(settings.FromMap(nil))
	if !reflect.DeepEqual(cfg, def) {
		t.Errorf("cdk.json context gives %+v; want the defaults %+v", cfg, def)
	}
	for _, k := range settings.Keys() {
		if k != settings.KeyRetentionDays && !slices.Contains(attest, k) {
			t.Errorf("cdk.json does not document %s", k)
		}
	}
}
