package explain

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	configtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	testRole = "arn:aws:iam::123456789012:role/reports-execution"
	testAcct = "123456789012"
)

func TestEvaluateKeyPolicy(t *testing.T) {
	tests := []struct {
		name                  string
		doc                   string
		allowsRole, delegates bool
		deniedBy              string
		wantErr               bool
	}{
		{"default policy delegates to IAM", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`, false, true, "", false},
		{"account id as principal delegates", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"kms:Decrypt","Resource":"*"}]}`, false, true, "", false},
		{"role named for the action", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:role/other","arn:aws:iam::123456789012:role/reports-execution"]},"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*"}]}`, true, false, "", false},
		{"role named for another action", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/reports-execution"},"Action":"kms:Encrypt","Resource":"*"}]}`, false, false, "", false},
		{"another account's root does not delegate", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"kms:*","Resource":"*"}]}`, false, false, "", false},
		{"explicit deny", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},{"Sid":"NoDecrypt","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}`, false, true, "NoDecrypt", false},
		{"single statement object", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}}`, false, true, "", false},
		{"not JSON", `{"Statement":[`, false, false, "", true},
		{"statement of the wrong type", `{"Statement":42}`, false, false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := evaluateKeyPolicy(tt.doc, testRole, testAcct, "kms:Decrypt")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; want error %t", err, tt.wantErr)
			}
			if k.allowsRole != tt.allowsRole || k.delegates != tt.delegates || k.deniedBy != tt.deniedBy {
				t.Errorf("got allowsRole %t, delegates %t, deniedBy %q; want %t, %t, %q", k.allowsRole, k.delegates, k.deniedBy, tt.allowsRole, tt.delegates, tt.deniedBy)
			}
		})
	}
}

func TestAPIGWGrants(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    []apigwGrant
		wantErr bool
	}{
		{"no policy", "", nil, false},
		{"events only", `{"Statement":[{"Sid":"e","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction"}]}`, nil, false},
		{"api gateway with source", `{"Statement":[{"Sid":"api","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/*"}}}]}`,
			[]apigwGrant{{sid: "api", sourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/*"}}, false},
		{"api gateway without source", `{"Statement":[{"Sid":"any","Effect":"Allow","Principal":{"Service":["apigateway.amazonaws.com"]},"Action":["lambda:*"]}]}`, []apigwGrant{{sid: "any"}}, false},
		{"deny is not a grant", `{"Statement":[{"Effect":"Deny","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction"}]}`, nil, false},
		{"malformed", `{"Statement":"x"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apigwGrants(tt.doc)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; want error %t", err, tt.wantErr)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("grants = %+v; want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("grant %d = %+v; want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestAgeGrowth(t *testing.T) {
	base := time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC)
	series := func(vals ...float64) []cwtypes.Datapoint {
		var out []cwtypes.Datapoint
		for i, v := range vals {
			out = append(out, cwtypes.Datapoint{Timestamp: aws.Time(base.Add(time.Duration(i) * time.Minute)), Maximum: aws.Float64(v)})
		}
		return out
	}
	tests := []struct {
		name     string
		dps      []cwtypes.Datapoint
		min, max float64
		ok       bool
	}{
		{"stuck shard grows with the clock", series(500, 600, 60600, 120600, 180600), 0.99, 1.01, true},
		{"slow consumer grows at half speed", series(1000, 31000, 61000, 91000), 0.49, 0.51, true},
		{"caught up", series(90000, 60000, 30000, 500), -1, 0.01, true},
		{"one point", series(5000), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := ageGrowth(tt.dps)
			if ok != tt.ok {
				t.Fatalf("ok = %t; want %t", ok, tt.ok)
			}
			if ok && (g.rate < tt.min || g.rate > tt.max) {
				t.Errorf("rate = %.3f; want between %.2f and %.2f", g.rate, tt.min, tt.max)
			}
		})
	}
}

func TestErrorKey(t *testing.T) {
	tests := []struct{ name, msg, want string }{
		{"node invoke error", "2026-11-20T13:50:10.394Z\t5d0e2f7c-1a3b-4c5d-8e9f-0a1b2c3d4e5f\tERROR\tInvoke Error \t{\"errorType\":\"SyntaxError\",\"errorMessage\":\"Unexpected token\",\"stack\":[\"a\"]}\n", "SyntaxError: Unexpected token"},
		{"python error", "[ERROR] KeyError: 'id'\nTraceback (most recent call last):\n", "[ERROR] KeyError: 'id'"},
		{"request ids differ, key does not", "2026-11-20T13:51:10.394Z\t00000000-1a3b-4c5d-8e9f-0a1b2c3d4e5f\tERROR\tboom", "ERROR\tboom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorKey(tt.msg); got != tt.want {
				t.Errorf("errorKey = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestQualifierOf(t *testing.T) {
	tests := []struct{ arn, want string }{
		{"arn:aws:lambda:us-east-1:123456789012:function:checkout:live", "live"},
		{"arn:aws:lambda:us-east-1:123456789012:function:checkout:14", "14"},
		{"arn:aws:lambda:us-east-1:123456789012:function:checkout", "$LATEST"},
		{"arn:aws:lambda:us-east-1:123456789012:function:checkout-v2:live", "$LATEST"},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			if got := qualifierOf(tt.arn, "checkout"); got != tt.want {
				t.Errorf("qualifierOf = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestRedactSecrets(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"access key", "using key AKIAIOSFODNN7EXAMPLE now", "using key [REDACTED-ACCESS-KEY] now"},
		{"password pair", "connect failed password=hunter22 host=db", "connect failed password=[REDACTED] host=db"},
		{"json secret", `{"api_key": "sk_live_abcdef123456"}`, `{"api_key": "[REDACTED]"}`},
		{"bearer", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc", "Authorization: Bearer [REDACTED]"},
		{"url credentials", "mysql://app:s3cr3t@db.internal:3306/orders", "mysql://app:[REDACTED]@db.internal:3306/orders"},
		{"nothing secret", "Task timed out after 30.03 seconds", "Task timed out after 30.03 seconds"},
		{"a token count is not a token", "token: 42", "token: 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redactSecrets(tt.in); got != tt.want {
				t.Errorf("redactSecrets(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownEscapesAWSText(t *testing.T) {
	e := &Explanation{
		Alarm:     AlarmRef{Name: "orders_errors", Time: "2026-11-20T14:05:00Z"},
		RootCause: RootCause{ID: "bad-deploy", Title: "A deployment broke", Summary: "module *app* | <x>", Confidence: Confirmed},
		Evidence:  []Evidence{{Source: "logs.filter-log-events", Fact: "[ERROR] `x` | y\nsecond line"}},
		Fix:       Fix{Summary: "roll back", CLI: []string{"echo '```'"}, CloudFormation: "A: b\n"},
		Changes:   []Change{{Time: "2026-11-20T13:52:00Z", What: "UpdateFunctionCode | x", Who: ""}},
	}
	md := string(e.Markdown())
	for _, want := range []string{
		"## orders\\_errors: A deployment broke",
		"module \\*app\\* \\| &lt;x&gt;",
		"\\[ERROR\\] \\`x\\` \\| y second line",
		"````sh\necho '```'\n````",
		"| 2026-11-20T13:52:00Z | UpdateFunctionCode \\| x | - |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

func FuzzPolicies(f *testing.F) {
	for _, s := range []string{
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`,
		`{"Statement":{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"x"}}}}`,
		`{"Statement":[{"Principal":"*","NotAction":"kms:Encrypt","Effect":"Deny"}]}`,
		`{"Statement":[{"Action":[1,2],"Principal":{"AWS":[null]}}]}`,
		"\x00", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		_, _ = evaluateKeyPolicy(doc, testRole, testAcct, "kms:Decrypt")
		_, _ = apigwGrants(doc)
	})
}

func TestSGAdmitsPort(t *testing.T) {
	subnets := []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}
	rule := func(proto string, from, to int32, cidr, group string) ec2types.IpPermission {
		p := ec2types.IpPermission{IpProtocol: aws.String(proto), FromPort: aws.Int32(from), ToPort: aws.Int32(to)}
		if cidr != "" {
			p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(cidr)}}
		}
		if group != "" {
			p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(group)}}
		}
		return p
	}
	tests := []struct {
		name string
		perm ec2types.IpPermission
		want bool
	}{
		{"from the function's group", rule("tcp", 2049, 2049, "", "sg-fn"), true},
		{"from another group", rule("tcp", 2049, 2049, "", "sg-old"), false},
		{"from the VPC CIDR", rule("tcp", 2049, 2049, "10.0.0.0/16", ""), true},
		{"from a narrower CIDR than the subnet", rule("tcp", 2049, 2049, "10.0.1.0/25", ""), false},
		{"from another range", rule("tcp", 2049, 2049, "10.99.0.0/16", ""), false},
		{"other port", rule("tcp", 443, 443, "10.0.0.0/16", ""), false},
		{"port range", rule("tcp", 1024, 65535, "", "sg-fn"), true},
		{"all traffic", ec2types.IpPermission{IpProtocol: aws.String("-1"), UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String("sg-fn")}}}, true},
		{"udp only", rule("udp", 2049, 2049, "", "sg-fn"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := ec2types.SecurityGroup{IpPermissions: []ec2types.IpPermission{tt.perm}}
			if _, got := sgAdmitsPort(g, nfsPort, []string{"sg-fn"}, subnets); got != tt.want {
				t.Errorf("sgAdmitsPort = %t; want %t", got, tt.want)
			}
		})
	}
}

func TestConfigChanges(t *testing.T) {
	item := func(at, conf string) configtypes.ConfigurationItem {
		ts, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatal(err)
		}
		return configtypes.ConfigurationItem{ConfigurationItemCaptureTime: &ts, ResourceName: aws.String("orders"),
			ConfigurationItemStatus: configtypes.ConfigurationItemStatusOk, Configuration: aws.String(conf)}
	}
	start, end := time.Date(2026, 11, 19, 14, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 14, 6, 0, 0, time.UTC)
	got := configChanges([]configtypes.ConfigurationItem{
		item("2026-11-20T13:40:00Z", `{"timeout":3,"memorySize":512,"handler":"app.handler"}`),
		item("2026-11-18T09:00:00Z", `{"timeout":30,"memorySize":512,"handler":"app.handler"}`), // before the window: the base
		item("2026-11-20T13:50:00Z", `{"timeout":3,"memorySize":512,"handler":"app.handler"}`),
	}, start, end)
	want := []string{
		"AWS Config recorded a change of orders: timeout 30 → 3",
		"AWS Config recorded a configuration item of orders with no change to its configuration (relationships or tags only)",
	}
	if len(got) != len(want) {
		t.Fatalf("changes = %+v; want %d", got, len(want))
	}
	for i := range want {
		if got[i].What != want[i] || got[i].Who != configWho {
			t.Errorf("change %d = %q by %q; want %q by %q", i, got[i].What, got[i].Who, want[i], configWho)
		}
	}
}

func TestLatestChangeNote(t *testing.T) {
	alarm := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name    string
		changes []Change
		want    string
	}{
		{"none", nil, ""},
		{"recent deploy", []Change{{Time: "2026-11-20T14:01:00Z", What: "UpdateFunctionCode on orders", Who: "ci"}}, " The alarm fired 4 minutes after the latest change: UpdateFunctionCode on orders."},
		{"the call before Config's record of it", []Change{{Time: "2026-11-20T14:02:00Z", What: "AWS Config recorded a change", Who: configWho}, {Time: "2026-11-20T14:00:30Z", What: "PutRolePolicy on orders-role", Who: "cfn"}}, " The alarm fired 5 minutes after the latest change: PutRolePolicy on orders-role."},
		{"too old to point at", []Change{{Time: "2026-11-20T09:00:00Z", What: "x", Who: "y"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := latestChangeNote(tt.changes, alarm); got != tt.want {
				t.Errorf("latestChangeNote = %q; want %q", got, tt.want)
			}
		})
	}
}
