package envcheck

import (
	"testing"

	"github.com/attestdev/attest/shared/cfn"
)

func TestWildcard(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"s3:*", "s3:putobject", true},
		{"s3:get*", "s3:getobject", true},
		{"s3:get*", "s3:putobject", false},
		{"*", "iam:getrole", true},
		{"sqs:sendmessage*", "sqs:sendmessage", true},
		{"s3:?etobject", "s3:getobject", true},
		{"s3:getobject", "s3:getobjectacl", false},
		{"*:*object", "s3:putobject", true},
		{"", "", true},
		{"", "a", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.s, func(t *testing.T) {
			if got := wildcard(tt.pattern, tt.s); got != tt.want {
				t.Errorf("wildcard(%q, %q) = %v; want %v", tt.pattern, tt.s, got, tt.want)
			}
		})
	}
}

const policyTemplate = `
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Other:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:ListBucket]
                Resource: !GetAtt Bucket.Arn
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: !Sub "${Bucket.Arn}/*"
              - Effect: Allow
                Action: s3:DeleteObject
                Resource: "*"
              - Effect: Deny
                Action: s3:Delete*
                Resource: !Sub "${Other.Arn}/*"
              - Effect: Deny
                Action: s3:PutObject
                Resource: "*"
                Condition: {Bool: {aws:SecureTransport: "false"}}
`

func TestDecide(t *testing.T) {
	tpl, err := cfn.Parse("t.yaml", []byte(policyTemplate))
	if err != nil {
		t.Fatal(err)
	}
	res := tpl.NewResolver(nil)
	role := res.Resolve(tpl.Resource("Role").Properties)
	g := &grants{role: "Role", stmts: readStatements(tpl, role.Get("Policies").Items()[0].Get("PolicyDocument"), "p", true)}
	tests := []struct {
		name   string
		action string
		target target
		want   verdict
	}{
		{"object action on object ARN", "s3:GetObject", target{logical: "Bucket"}, granted},
		{"object action on another bucket", "s3:GetObject", target{logical: "Other"}, notGranted},
		{"bucket action on bucket ARN", "s3:ListBucket", target{logical: "Bucket"}, granted},
		{"bucket action needs the bucket ARN, not objects", "s3:ListBucket", target{logical: "Other"}, notGranted},
		{"unknown target is checked by action", "s3:GetObject", target{}, granted},
		{"explicit deny wins", "s3:DeleteObject", target{logical: "Other"}, denied},
		{"deny on another resource does not apply", "s3:DeleteObject", target{logical: "Bucket"}, granted},
		{"conditional deny does not refuse outright", "s3:PutObject", target{logical: "Bucket"}, granted},
		{"action never granted", "s3:PutObjectAcl", target{logical: "Bucket"}, notGranted},
		{"action names ignore case", "S3:getobject", target{logical: "Bucket"}, granted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, _ := g.decide(tt.action, Call{}, tt.target)
			if got != tt.want {
				t.Errorf("decide(%s, %+v) = %d; want %d", tt.action, tt.target, got, tt.want)
			}
		})
	}
}

func TestDecideUnknownGrants(t *testing.T) {
	tests := []struct {
		name string
		g    grants
		want verdict
	}{
		{"a managed policy outside the table", grants{unknown: []string{"AWS managed policy X is not in the table"}}, unknownGrant},
		{"a partial policy that does not cover the service", grants{partial: []partialPolicy{{name: "P", covers: []string{"dynamodb"}}}}, unknownGrant},
		{"a partial policy that covers the service", grants{partial: []partialPolicy{{name: "P", covers: []string{"sqs"}}}}, notGranted},
		{"an unreadable statement", grants{stmts: []statement{{unknown: "Action is unknown"}}}, unknownGrant},
		{"nothing unknown", grants{}, notGranted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _, _ := tt.g.decide("sqs:SendMessage", Call{}, target{}); got != tt.want {
				t.Errorf("got %d; want %d", got, tt.want)
			}
		})
	}
}

func TestTables(t *testing.T) {
	tb, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		service, op string
		want        []string
		none        bool
		unknown     bool
	}{
		{"s3", "ListObjectsV2", []string{"s3:ListBucket"}, false, false},
		{"s3", "HeadObject", []string{"s3:GetObject"}, false, false},
		{"s3", "CopyObject", []string{"s3:GetObject", "s3:PutObject"}, false, false},
		{"stepfunctions", "StartExecution", []string{"states:StartExecution"}, false, false},
		{"sesv2", "SendEmail", []string{"ses:SendEmail"}, false, false},
		{"sqs", "SendMessageBatch", []string{"sqs:SendMessage"}, false, false},
		{"dynamodb", "BatchWriteItem", []string{"dynamodb:BatchWriteItem"}, false, false},
		{"dynamodb", "TransactWriteItems", nil, false, true},
		{"sts", "GetCallerIdentity", nil, true, false},
		{"lambda", "Invoke", []string{"lambda:InvokeFunction"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.service+"."+tt.op, func(t *testing.T) {
			prefix := tb.iamPrefix(tt.service)
			got, none, unknown := tb.iamActions(prefix, tt.op)
			if none != tt.none || unknown != tt.unknown || len(got) != len(tt.want) {
				t.Fatalf("got %v none=%v unknown=%v; want %v none=%v unknown=%v", got, none, unknown, tt.want, tt.none, tt.unknown)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %v; want %v", got, tt.want)
				}
			}
		})
	}
	for name, p := range tb.sam {
		for _, st := range p.Statements {
			if len(st.Actions) == 0 || len(st.Resources) == 0 {
				t.Errorf("SAM policy template %s has a statement without actions or resources", name)
			}
		}
	}
	for name, p := range tb.managed {
		if p.Partial && len(p.Covers) == 0 {
			t.Errorf("managed policy %s is partial but covers no service", name)
		}
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Registry() {
		if seen[r.ID] {
			t.Errorf("rule ID %s is registered twice", r.ID)
		}
		seen[r.ID] = true
		if r.Class != "environment" && r.Class != "efficiency" {
			t.Errorf("rule %s has class %q; want environment or efficiency", r.ID, r.Class)
		}
		if r.Title == "" || r.Description == "" || r.Remediation == "" || r.Level == "" {
			t.Errorf("rule %s lacks a title, description, remediation or level", r.ID)
		}
		classes := 0
		for _, tag := range r.Tags() {
			if len(tag) > 6 && tag[:6] == "class:" {
				classes++
			}
		}
		if classes != 1 {
			t.Errorf("rule %s has %d class tags; want 1", r.ID, classes)
		}
	}
}

func TestMergeGlobals(t *testing.T) {
	src := `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Layers: [arn:aws:lambda:us-east-1:1:layer:a:1]
    Environment:
      Variables:
        A: global
        B: global
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Layers: [arn:aws:lambda:us-east-1:1:layer:b:1]
      Environment:
        Variables:
          B: local
`
	tpl, err := cfn.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res := tpl.NewResolver(nil)
	r := tpl.Resource("F")
	got := mergeGlobals(tpl, r, res.Resolve(r.Properties), res)
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"scalars come from the function", []string{"Runtime"}, "python3.13"},
		{"maps merge key by key", []string{"Environment", "Variables", "A"}, "global"},
		{"the function's key wins", []string{"Environment", "Variables", "B"}, "local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s, _ := got.Get(tt.keys...).Str(); s != tt.want {
				t.Errorf("got %q; want %q", s, tt.want)
			}
		})
	}
	if n := got.Get("Layers").Len(); n != 2 {
		t.Errorf("got %d layers; want the global and the function's (2)", n)
	}
}
