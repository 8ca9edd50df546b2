package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// The sample world: account, region and repository the tests and the demo agree on.
const (
	sampleAccount    = "123456789012"
	sampleRegion     = "us-east-1"
	sampleRepository = "attest-sample"
	sampleEmail      = "oncall@example.com"
	sampleDelivery   = "config-bucket-123456789012"
)

// template is a synthesized CloudFormation template.
type template struct {
	Resources map[string]resource `json:"Resources"`
	Outputs   map[string]any      `json:"Outputs"`
}

type resource struct {
	Type           string         `json:"Type"`
	Properties     map[string]any `json:"Properties"`
	DeletionPolicy string         `json:"DeletionPolicy"`
	Metadata       map[string]any `json:"Metadata"`
}

// synthesized is one synth of the stack: the template, and where its cloud assembly and binaries are.
type synthesized struct {
	tmpl     template
	cdk      assertions.Template
	outdir   string
	buildDir string
	stack    *AttestStack
}

var (
	mainOnce  sync.Once
	mainSynth *synthesized
	mainErr   error
	tmpRoot   string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "attest-infra-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tmpRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	jsii.Close()
	os.Exit(code)
}

// synthesize runs the app's synth path with the given context; getenv stands in for the environment.
func synthesize(name string, ctx map[string]any, getenv func(string) string) (*synthesized, error) {
	outdir := filepath.Join(tmpRoot, name, "cdk.out")
	app := newApp(outdir, ctx)
	env := &awscdk.Environment{Account: jsii.String(sampleAccount), Region: jsii.String(sampleRegion)}
	stack, err := synth(context.Background(), app, env, getenv)
	if err != nil {
		return nil, err
	}
	cdk := assertions.Template_FromStack(stack.Stack, nil)
	raw, err := json.Marshal(cdk.ToJSON())
	if err != nil {
		return nil, err
	}
	s := &synthesized{cdk: cdk, outdir: outdir, buildDir: buildDirFor(outdir), stack: stack}
	if err := json.Unmarshal(raw, &s.tmpl); err != nil {
		return nil, err
	}
	return s, nil
}

// sample is the stack as deployed for the sample world; it builds the real binaries (once for all tests).
func sample(t *testing.T) *synthesized {
	t.Helper()
	mainOnce.Do(func() {
		mainSynth, mainErr = synthesize("sample", map[string]any{
			"attest:repositories":          sampleRepository,
			"attest:notificationEmail":     sampleEmail,
			"attest:configDeliveryBuckets": sampleDelivery,
			"attest:portalUrl":             "https://audit.example.com",
			"attest:securityHub":           true,
			"attest:dailyDigest":           true,
		}, func(string) string { return "" })
	})
	if mainErr != nil {
		t.Fatalf("synth: %v", mainErr)
	}
	return mainSynth
}

// ofType returns the logical IDs of the resources of a type, sorted.
func (tm template) ofType(typ string) []string {
	var ids []string
	for id, r := range tm.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// one returns the single resource of a type whose logical ID starts with prefix.
func (tm template) one(t *testing.T, typ, prefix string) (string, resource) {
	t.Helper()
	var found []string
	for _, id := range tm.ofType(typ) {
		if strings.HasPrefix(id, prefix) {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		t.Fatalf("resources of type %s starting with %s: got %v; want exactly one", typ, prefix, found)
	}
	return found[0], tm.Resources[found[0]]
}

// get walks a path of map keys and list indexes ("a.b.0.c").
func get(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// refersTo reports whether v is a Ref or Fn::GetAtt of the logical ID.
func refersTo(v any, id string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if r, ok := m["Ref"].(string); ok {
		return r == id
	}
	if ga, ok := m["Fn::GetAtt"].([]any); ok && len(ga) > 0 {
		return ga[0] == id
	}
	return false
}

// mentions reports whether the JSON of v contains the string s (a logical ID inside Fn::Join, a value).
func mentions(v any, s string) bool {
	b, _ := json.Marshal(v)
	return strings.Contains(string(b), s)
}

func TestResourceCounts(t *testing.T) {
	s := sample(t)
	want := map[string]int{
		"AWS::S3::Bucket":                  3, // evidence, work, logs
		"AWS::S3::BucketPolicy":            3,
		"AWS::KMS::Key":                    5,  // work, evidence, trail, signing, topic
		"AWS::Lambda::Function":            10, // router + 8 steps + the portal API, and no CDK helper functions
		"AWS::IAM::Role":                   11, // one per function + the state machine
		"AWS::Logs::LogGroup":              11, // one per function + the state machine
		"AWS::Events::Rule":                5,  // four event rules and the digest schedule
		"AWS::SQS::Queue":                  6,  // one per rule target + the router's
		"AWS::StepFunctions::StateMachine": 1,
		"AWS::CloudTrail::Trail":           1,
		"AWS::SNS::Topic":                  1,
		"AWS::SNS::Subscription":           1,
		"AWS::CloudWatch::Alarm":           9, // 6 queues, failed and timed-out runs, router errors
	}
	for typ, n := range want {
		t.Run(typ, func(t *testing.T) {
			if got := len(s.tmpl.ofType(typ)); got != n {
				t.Errorf("got %d %s; want %d", got, typ, n)
			}
			// The same count through the CDK assertions library.
			assertNoPanic(t, func() { s.cdk.ResourceCountIs(jsii.String(typ), jsii.Number(float64(n))) })
		})
	}
}

// assertNoPanic turns a failed CDK assertion (a JavaScript error, raised as a panic) into a test error.
func assertNoPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("CDK assertion failed: %v", r)
		}
	}()
	f()
}

func bucketIDs(t *testing.T, tm template) (evidence, work, logs string) {
	t.Helper()
	evidence, _ = tm.one(t, "AWS::S3::Bucket", "EvidenceBucket")
	work, _ = tm.one(t, "AWS::S3::Bucket", "WorkBucket")
	logs, _ = tm.one(t, "AWS::S3::Bucket", "LogsBucket")
	return
}

func TestBuckets(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	evidenceID, workID, logsID := bucketIDs(t, tm)
	evidenceKey, _ := tm.one(t, "AWS::KMS::Key", "EvidenceKey")
	workKey, _ := tm.one(t, "AWS::KMS::Key", "WorkKey")

	pab := map[string]any{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}
	for _, id := range []string{evidenceID, workID, logsID} {
		t.Run(id+" blocks public access and is retained", func(t *testing.T) {
			r := tm.Resources[id]
			if got := r.Properties["PublicAccessBlockConfiguration"]; !reflect.DeepEqual(got, pab) {
				t.Errorf("PublicAccessBlockConfiguration = %v; want all four flags", got)
			}
			if r.DeletionPolicy != "Retain" {
				t.Errorf("DeletionPolicy = %q; want Retain", r.DeletionPolicy)
			}
			if got := get(r.Properties, "OwnershipControls.Rules.0.ObjectOwnership"); got != "BucketOwnerEnforced" {
				t.Errorf("ObjectOwnership = %v; want BucketOwnerEnforced (no ACLs)", got)
			}
		})
	}

	t.Run("evidence bucket", func(t *testing.T) {
		p := tm.Resources[evidenceID].Properties
		if got := p["ObjectLockEnabled"]; got != true {
			t.Errorf("ObjectLockEnabled = %v; want true", got)
		}
		wantLock := map[string]any{"Mode": "COMPLIANCE", "Years": float64(6)}
		if got := get(p, "ObjectLockConfiguration.Rule.DefaultRetention"); !reflect.DeepEqual(got, wantLock) {
			t.Errorf("default retention = %v; want %v", got, wantLock)
		}
		if got := get(p, "ObjectLockConfiguration.ObjectLockEnabled"); got != "Enabled" {
			t.Errorf("ObjectLockConfiguration.ObjectLockEnabled = %v; want Enabled", got)
		}
		if got := get(p, "VersioningConfiguration.Status"); got != "Enabled" {
			t.Errorf("versioning = %v; want Enabled", got)
		}
		sse := get(p, "BucketEncryption.ServerSideEncryptionConfiguration.0")
		if get(sse, "ServerSideEncryptionByDefault.SSEAlgorithm") != "aws:kms" ||
			!refersTo(get(sse, "ServerSideEncryptionByDefault.KMSMasterKeyID"), evidenceKey) || get(sse, "BucketKeyEnabled") != true {
			t.Errorf("encryption = %v; want aws:kms with %s and a bucket key", sse, evidenceKey)
		}
		if !refersTo(get(p, "LoggingConfiguration.DestinationBucketName"), logsID) {
			t.Errorf("access logs go to %v; want the logs bucket %s", get(p, "LoggingConfiguration.DestinationBucketName"), logsID)
		}
	})

	t.Run("work bucket", func(t *testing.T) {
		p := tm.Resources[workID].Properties
		if _, ok := p["ObjectLockEnabled"]; ok {
			t.Error("work bucket has Object Lock; want none")
		}
		sse := get(p, "BucketEncryption.ServerSideEncryptionConfiguration.0")
		if get(sse, "ServerSideEncryptionByDefault.SSEAlgorithm") != "aws:kms" || !refersTo(get(sse, "ServerSideEncryptionByDefault.KMSMasterKeyID"), workKey) {
			t.Errorf("encryption = %v; want aws:kms with %s", sse, workKey)
		}
		found := false
		for _, rule := range get(p, "LifecycleConfiguration.Rules").([]any) {
			if get(rule, "Prefix") == "runs/" && get(rule, "ExpirationInDays") == float64(14) && get(rule, "Status") == "Enabled" {
				found = true
			}
		}
		if !found {
			t.Errorf("lifecycle rules %v; want runs/ expiring after 14 days", get(p, "LifecycleConfiguration.Rules"))
		}
		if !refersTo(get(p, "LoggingConfiguration.DestinationBucketName"), logsID) {
			t.Errorf("access logs go to %v; want the logs bucket", get(p, "LoggingConfiguration.DestinationBucketName"))
		}
	})

	t.Run("logs bucket", func(t *testing.T) {
		p := tm.Resources[logsID].Properties
		if got := get(p, "BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm"); got != "AES256" {
			t.Errorf("SSE = %v; want AES256 (server access logs cannot be delivered to an SSE-KMS bucket)", got)
		}
		if got := get(p, "VersioningConfiguration.Status"); got != "Enabled" {
			t.Errorf("versioning = %v; want Enabled", got)
		}
		if _, ok := p["ObjectLockEnabled"]; ok {
			t.Error("logs bucket has Object Lock; server access logs cannot be delivered to it")
		}
		if get(p, "LifecycleConfiguration.Rules.0.ExpirationInDays") != float64(2192) {
			t.Errorf("lifecycle = %v; want expiry after the evidence retention, 2192 days", get(p, "LifecycleConfiguration.Rules"))
		}
		if _, ok := p["LoggingConfiguration"]; ok {
			t.Error("logs bucket logs to itself")
		}
	})
}

// statements returns the statements of the bucket policy of a bucket.
func bucketPolicy(t *testing.T, tm template, bucket string) []any {
	t.Helper()
	for _, id := range tm.ofType("AWS::S3::BucketPolicy") {
		p := tm.Resources[id].Properties
		if refersTo(p["Bucket"], bucket) {
			return get(p, "PolicyDocument.Statement").([]any)
		}
	}
	t.Fatalf("no bucket policy for %s", bucket)
	return nil
}

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// hasDeny reports whether a statement denies every one of actions to everyone under a condition that
// mentions condKey (or unconditionally when condKey is empty).
func hasDeny(stmts []any, actions []string, condKey string) bool {
	for _, st := range stmts {
		if get(st, "Effect") != "Deny" || !reflect.DeepEqual(get(st, "Principal"), map[string]any{"AWS": "*"}) {
			continue
		}
		acts := strs(get(st, "Action"))
		all := true
		for _, a := range actions {
			if !slices.Contains(acts, a) && !slices.Contains(acts, "s3:*") {
				all = false
			}
		}
		if !all {
			continue
		}
		cond := get(st, "Condition")
		if condKey == "" && cond == nil || condKey != "" && mentions(cond, condKey) {
			return true
		}
	}
	return false
}

func TestBucketPolicies(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	evidenceID, workID, logsID := bucketIDs(t, tm)
	evidenceKey, _ := tm.one(t, "AWS::KMS::Key", "EvidenceKey")

	for _, id := range []string{evidenceID, workID, logsID} {
		t.Run(id+" is TLS only", func(t *testing.T) {
			stmts := bucketPolicy(t, tm, id)
			if !hasDeny(stmts, []string{"s3:*"}, "aws:SecureTransport") {
				t.Errorf("no statement denies s3:* without aws:SecureTransport: %v", stmts)
			}
			if !hasDeny(stmts, []string{"s3:*"}, "s3:TlsVersion") {
				t.Errorf("no statement denies TLS below 1.2: %v", stmts)
			}
		})
	}

	stmts := bucketPolicy(t, tm, evidenceID)
	tests := []struct {
		name    string
		actions []string
		cond    string
	}{
		{"uploads without SSE-KMS", []string{"s3:PutObject"}, "s3:x-amz-server-side-encryption"},
		{"uploads with another key", []string{"s3:PutObject"}, "s3:x-amz-server-side-encryption-aws-kms-key-id"},
		{"deletion", []string{"s3:DeleteObject", "s3:DeleteObjectVersion"}, ""},
		{"governance bypass", []string{"s3:BypassGovernanceRetention"}, ""},
		{"lock configuration changes", []string{"s3:PutBucketObjectLockConfiguration"}, ""},
	}
	for _, tc := range tests {
		t.Run("evidence denies "+tc.name, func(t *testing.T) {
			if !hasDeny(stmts, tc.actions, tc.cond) {
				t.Errorf("no statement denies %v to everyone (condition on %q): %v", tc.actions, tc.cond, stmts)
			}
		})
	}
	t.Run("evidence key condition names the evidence key", func(t *testing.T) {
		for _, st := range stmts {
			if get(st, "Sid") == "DenyUploadsWithOtherKeys" {
				if !mentions(get(st, "Condition"), evidenceKey) {
					t.Errorf("condition %v does not name %s", get(st, "Condition"), evidenceKey)
				}
				return
			}
		}
		t.Error("no DenyUploadsWithOtherKeys statement")
	})
}

func TestKeys(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	for _, id := range tm.ofType("AWS::KMS::Key") {
		p := tm.Resources[id].Properties
		if tm.Resources[id].DeletionPolicy != "Retain" {
			t.Errorf("%s DeletionPolicy = %q; want Retain", id, tm.Resources[id].DeletionPolicy)
		}
		if strings.HasPrefix(id, "SigningKey") {
			if p["KeySpec"] != "ML_DSA_65" || p["KeyUsage"] != "SIGN_VERIFY" {
				t.Errorf("signing key spec %v usage %v; want ML_DSA_65 SIGN_VERIFY", p["KeySpec"], p["KeyUsage"])
			}
			if p["EnableKeyRotation"] == true {
				t.Error("signing key has rotation; asymmetric keys cannot rotate")
			}
			continue
		}
		if p["EnableKeyRotation"] != true {
			t.Errorf("%s EnableKeyRotation = %v; want true", id, p["EnableKeyRotation"])
		}
		if spec, ok := p["KeySpec"]; ok && spec != "SYMMETRIC_DEFAULT" {
			t.Errorf("%s KeySpec = %v; want symmetric", id, spec)
		}
	}
	trailKey, r := tm.one(t, "AWS::KMS::Key", "TrailKey")
	if !mentions(get(r.Properties, "KeyPolicy"), "cloudtrail.amazonaws.com") {
		t.Errorf("%s key policy does not let CloudTrail encrypt", trailKey)
	}
	topicKey, r := tm.one(t, "AWS::KMS::Key", "TopicKey")
	if !mentions(get(r.Properties, "KeyPolicy"), "cloudwatch.amazonaws.com") {
		t.Errorf("%s key policy does not let CloudWatch alarms publish", topicKey)
	}
}

func TestTrail(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	evidenceID, _, logsID := bucketIDs(t, tm)
	_, trail := tm.one(t, "AWS::CloudTrail::Trail", "EvidenceAccessTrail")
	p := trail.Properties
	trailKey, _ := tm.one(t, "AWS::KMS::Key", "TrailKey")
	if p["EnableLogFileValidation"] != true || p["IsLogging"] != true {
		t.Errorf("validation %v logging %v; want both true", p["EnableLogFileValidation"], p["IsLogging"])
	}
	if !refersTo(p["KMSKeyId"], trailKey) {
		t.Errorf("KMSKeyId = %v; want %s", p["KMSKeyId"], trailKey)
	}
	if !refersTo(p["S3BucketName"], logsID) {
		t.Errorf("S3BucketName = %v; want the logs bucket", p["S3BucketName"])
	}
	sel := get(p, "EventSelectors")
	if n := len(sel.([]any)); n != 1 {
		t.Fatalf("got %d event selectors; want 1", n)
	}
	if get(sel, "0.IncludeManagementEvents") != false || get(sel, "0.ReadWriteType") != "All" ||
		get(sel, "0.DataResources.0.Type") != "AWS::S3::Object" || !mentions(get(sel, "0.DataResources.0.Values"), evidenceID) {
		t.Errorf("event selector = %v; want all S3 data events of the evidence bucket and no management events", sel)
	}
}

func TestTopic(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	topicID, topic := tm.one(t, "AWS::SNS::Topic", "NotificationTopic")
	topicKey, _ := tm.one(t, "AWS::KMS::Key", "TopicKey")
	if !refersTo(topic.Properties["KmsMasterKeyId"], topicKey) {
		t.Errorf("KmsMasterKeyId = %v; want %s", topic.Properties["KmsMasterKeyId"], topicKey)
	}
	_, sub := tm.one(t, "AWS::SNS::Subscription", "NotificationTopic")
	if sub.Properties["Protocol"] != "email" || sub.Properties["Endpoint"] != sampleEmail || !refersTo(sub.Properties["TopicArn"], topicID) {
		t.Errorf("subscription = %v; want email to %s", sub.Properties, sampleEmail)
	}
	_, pol := tm.one(t, "AWS::SNS::TopicPolicy", "NotificationTopic")
	stmts := get(pol.Properties, "PolicyDocument.Statement").([]any)
	var tls, alarms bool
	for _, st := range stmts {
		cond := get(st, "Condition")
		if get(st, "Effect") == "Deny" && get(cond, "Bool.aws:SecureTransport") == "false" {
			tls = true
		}
		if get(st, "Effect") == "Allow" && get(st, "Principal.Service") == "cloudwatch.amazonaws.com" &&
			get(st, "Action") == "sns:Publish" && mentions(get(cond, "ArnLike.aws:SourceArn"), "alarm:*") {
			alarms = true
		}
	}
	if !tls {
		t.Errorf("topic policy %v does not deny publishing without TLS", stmts)
	}
	if !alarms {
		t.Errorf("topic policy %v does not let this account's alarms publish", stmts)
	}
}

func TestRules(t *testing.T) {
	s := sample(t)
	tm := s.tmpl
	routerID, _ := tm.one(t, "AWS::Lambda::Function", "FnRouter")
	tests := []struct {
		rule, source, detailType string
		detail                   map[string]any
	}{
		{"PushRule", "aws.codecommit", "CodeCommit Repository State Change", map[string]any{
			"event":          []any{"referenceCreated", "referenceUpdated"},
			"referenceType":  []any{"branch"},
			"repositoryName": []any{sampleRepository},
		}},
		{"AlarmRule", "aws.cloudwatch", "CloudWatch Alarm State Change", map[string]any{"state": map[string]any{"value": []any{"ALARM"}}}},
		{"PullRequestRule", "aws.codecommit", "CodeCommit Pull Request State Change", map[string]any{
			"event":             []any{"pullRequestCreated", "pullRequestSourceBranchUpdated"},
			"pullRequestStatus": []any{"Open"},
			"repositoryNames":   []any{sampleRepository},
		}},
		{"ConfigRule", "aws.config", "Config Configuration Item Change", map[string]any{
			"messageType": []any{"ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.rule, func(t *testing.T) {
			_, r := tm.one(t, "AWS::Events::Rule", tc.rule)
			p := r.Properties
			if p["State"] != "ENABLED" {
				t.Errorf("State = %v; want ENABLED", p["State"])
			}
			if got := get(p, "EventPattern.source"); !reflect.DeepEqual(got, []any{tc.source}) {
				t.Errorf("source = %v; want [%s]", got, tc.source)
			}
			if got := get(p, "EventPattern.detail-type"); !reflect.DeepEqual(got, []any{tc.detailType}) {
				t.Errorf("detail-type = %v; want [%s]", got, tc.detailType)
			}
			if got := get(p, "EventPattern.detail"); !reflect.DeepEqual(got, tc.detail) {
				t.Errorf("detail = %v; want %v", got, tc.detail)
			}
			targets := p["Targets"].([]any)
			if len(targets) != 1 || !refersTo(get(targets[0], "Arn"), routerID) {
				t.Fatalf("targets = %v; want the router only", targets)
			}
			dlq := get(targets[0], "DeadLetterConfig.Arn")
			queueID, q := tm.one(t, "AWS::SQS::Queue", tc.rule+"DeadLetterQueue")
			if !refersTo(dlq, queueID) {
				t.Errorf("dead-letter queue = %v; want %s", dlq, queueID)
			}
			if q.Properties["SqsManagedSseEnabled"] != true && q.Properties["KmsMasterKeyId"] == nil {
				t.Errorf("queue %s is not encrypted: %v", queueID, q.Properties)
			}
			if get(targets[0], "RetryPolicy.MaximumRetryAttempts") != float64(targetRetryAttempts) ||
				get(targets[0], "RetryPolicy.MaximumEventAgeInSeconds") != float64(targetMaxEventAge*3600) {
				t.Errorf("retry policy = %v", get(targets[0], "RetryPolicy"))
			}
		})
	}
}

func TestQueues(t *testing.T) {
	tm := sample(t).tmpl
	for _, id := range tm.ofType("AWS::SQS::Queue") {
		p := tm.Resources[id].Properties
		if p["SqsManagedSseEnabled"] != true {
			t.Errorf("%s SqsManagedSseEnabled = %v; want true", id, p["SqsManagedSseEnabled"])
		}
		if p["MessageRetentionPeriod"] != float64(14*24*3600) {
			t.Errorf("%s MessageRetentionPeriod = %v; want 14 days", id, p["MessageRetentionPeriod"])
		}
	}
	var policies int
	for _, id := range tm.ofType("AWS::SQS::QueuePolicy") {
		if mentions(tm.Resources[id].Properties, "aws:SecureTransport") {
			policies++
		}
	}
	if policies != 6 {
		t.Errorf("%d queue policies require TLS; want 6 (one per queue)", policies)
	}
}
