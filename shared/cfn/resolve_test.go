package cfn

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const resolveTemplate = `Parameters:
  Env: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "a, b,c"}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/ami}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  HasKey: !Not [!Equals [!Ref NoDefault, ""]]
  ProdOrKey: !Or [!Condition IsProd, !Condition HasKey]
  DevAndKey: !And [!Condition IsDev, !Condition HasKey]
  ProdAndKey: {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "HasKey"}]}
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
  InEast: !Equals [!Ref "AWS::Region", us-east-1]
Mappings:
  Sizes:
    us-east-1: {Small: 1, List: [x, y]}
Resources:
  Key: {Type: AWS::KMS::Key}
  R:
    Type: AWS::SNS::Topic
    Properties:
      P: 0
`

func TestResolve(t *testing.T) {
	tpl, err := Parse("r.yaml", []byte(resolveTemplate))
	if err != nil {
		t.Fatal(err)
	}
	region := map[string]string{"AWS::Region": "us-east-1"}
	cases := []struct {
		name   string
		expr   string
		params map[string]string
		want   string // JSON of the resolved value; "" for absent (AWS::NoValue)
		why    string // for an unresolved value: a part of Why
	}{
		{"param default", "!Ref Env", nil, `"prod"`, ""},
		{"param override", "!Ref Env", map[string]string{"Env": "dev"}, `"dev"`, ""},
		{"param without default", "!Ref NoDefault", nil, `{"Ref":"NoDefault"}`, "parameter NoDefault has no default"},
		{"param given", "!Ref NoDefault", map[string]string{"NoDefault": "k"}, `"k"`, ""},
		{"list param", "!Ref Subnets", nil, `["a","b","c"]`, ""},
		{"ssm param", "!Ref Ami", nil, `{"Ref":"Ami"}`, "SSM Parameter Store"},
		{"resource ref", "!Ref Key", nil, `{"Ref":"Key"}`, "resource Key"},
		{"undeclared ref", "!Ref Ghost", nil, `{"Ref":"Ghost"}`, "does not declare"},
		{"pseudo unknown", "!Ref AWS::Region", nil, `{"Ref":"AWS::Region"}`, "pseudo-parameter AWS::Region"},
		{"pseudo given", "!Ref AWS::Region", region, `"us-east-1"`, ""},
		{"partition from region", "!Ref AWS::Partition", map[string]string{"AWS::Region": "cn-north-1"}, `"aws-cn"`, ""},
		{"url suffix from region", "!Ref AWS::URLSuffix", region, `"amazonaws.com"`, ""},
		{"novalue", "!Ref AWS::NoValue", nil, ``, ""},
		{"if true", "!If [IsProd, a, b]", nil, `"a"`, ""},
		{"if false", "!If [IsDev, a, b]", nil, `"b"`, ""},
		{"if novalue", "!If [IsProd, !Ref AWS::NoValue, b]", nil, ``, ""},
		{"if unknown", "!If [HasKey, a, !Ref AWS::NoValue]", nil, `{"Fn::If":["HasKey","a",{"Ref":"AWS::NoValue"}]}`, "condition HasKey cannot be evaluated: parameter NoDefault has no default"},
		{"or decided by known operand", "!If [ProdOrKey, a, b]", nil, `"a"`, ""},
		{"and decided by known operand", "!If [DevAndKey, a, b]", nil, `"b"`, ""},
		{"and undecided", "!If [ProdAndKey, a, b]", nil, `{"Fn::If":["ProdAndKey","a","b"]}`, "parameter NoDefault"},
		{"condition cycle", "!If [Loop1, a, b]", nil, `{"Fn::If":["Loop1","a","b"]}`, "refers to itself"},
		{"undeclared condition", "!If [Nope, a, b]", nil, `{"Fn::If":["Nope","a","b"]}`, "not declared"},
		{"condition on region", "!If [InEast, a, b]", region, `"a"`, ""},
		{"find in map", "!FindInMap [Sizes, !Ref 'AWS::Region', Small]", region, `1`, ""},
		{"find in map list", "!FindInMap [Sizes, us-east-1, List]", nil, `["x","y"]`, ""},
		{"find in map missing", "!FindInMap [Sizes, eu-west-1, Small]", nil, `{"Fn::FindInMap":["Sizes","eu-west-1","Small"]}`, "mapping entry"},
		{"find in map default", "!FindInMap [Sizes, eu-west-1, Small, {DefaultValue: 9}]", nil, `9`, ""},
		{"find in map unknown key", "!FindInMap [Sizes, !Ref 'AWS::Region', Small]", nil, `{"Fn::FindInMap":["Sizes",{"Ref":"AWS::Region"},"Small"]}`, "AWS::Region"},
		{"sub", "!Sub '${Env}-x-${AWS::Region}'", region, `"prod-x-us-east-1"`, ""},
		{"sub literal", "!Sub '${!Env}-${Env}'", nil, `"${Env}-prod"`, ""},
		{"sub vars", "!Sub ['${A}-${Env}', {A: !Ref Env}]", nil, `"prod-prod"`, ""},
		{"sub unknown", "!Sub 'arn:${AWS::Partition}:s3:::${Env}'", nil, `{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Env}"}`, "AWS::Partition"},
		{"sub getatt", "!Sub '${Key.Arn}'", nil, `{"Fn::Sub":"${Key.Arn}"}`, "attribute Key.Arn"},
		{"join", "!Join ['-', [a, !Ref Env, 1]]", nil, `"a-prod-1"`, ""},
		{"join unknown", "!Join ['-', [a, !GetAtt Key.Arn]]", nil, `{"Fn::Join":["-",["a",{"Fn::GetAtt":["Key","Arn"]}]]}`, "attribute Key.Arn"},
		{"select", "!Select [1, !Ref Subnets]", nil, `"b"`, ""},
		{"select out of range", "!Select [5, [a]]", nil, `{"Fn::Select":[5,["a"]]}`, "Fn::Select"},
		{"split", "!Split [',', 'a,b']", nil, `["a","b"]`, ""},
		{"base64", "!Base64 hi", nil, `"aGk="`, ""},
		{"getazs", "!GetAZs ''", nil, `{"Fn::GetAZs":""}`, "deploy time"},
		{"import", "!ImportValue X", nil, `{"Fn::ImportValue":"X"}`, "another stack"},
		{"equals", "!Equals [!Ref Env, prod]", nil, `true`, ""},
		{"map drops novalue", "{A: !Ref AWS::NoValue, B: 1}", nil, `{"B":1}`, ""},
		{"list drops novalue", "[a, !If [IsDev, x, !Ref AWS::NoValue]]", nil, `["a"]`, ""},
		{"preprocessor", "!Rain::Embed f.txt", nil, `{"!Rain::Embed":"f.txt"}`, "pre-processor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(resolveTemplate, "P: 0", "P: "+c.expr, 1)
			tpl2, err := Parse("r.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			r := tpl2.NewResolver(c.params)
			got := r.Resolve(tpl2.Resource("R").Properties.Get("P"))
			gotJSON := ""
			if got != nil {
				b, _ := json.Marshal(got.Interface())
				gotJSON = string(b)
			}
			if gotJSON != c.want {
				t.Errorf("got %s; want %s", gotJSON, c.want)
			}
			why := r.Why(got)
			if (c.why == "") != (why == "") || !strings.Contains(why, c.why) {
				t.Errorf("Why got %q; want %q", why, c.why)
			}
		})
	}
	_ = tpl
}

func TestResolveKeepsPositionsAndSource(t *testing.T) {
	src := "Parameters: {Env: {Type: String, Default: prod}}\nResources:\n  R:\n    Type: A::B::C\n    Properties:\n      Name:\n        !Ref Env\n"
	tpl, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	props := tpl.Resource("R").Properties
	got := tpl.Resolve(props, nil).Get("Name")
	if s, _ := got.Str(); s != "prod" || got.KeyLine != 6 || got.Line != 7 {
		t.Errorf("got %q at line %d key line %d; want \"prod\" at line 7 key line 6", s, got.Line, got.KeyLine)
	}
	if !props.Get("Name").IsIntrinsic() {
		t.Error("Resolve changed the template it read")
	}
}

// TestResolveBudget checks that a pathological value stops at the budget instead of running on, and says so.
func TestResolveBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("Resources:\n  R:\n    Type: A::B::C\n    Properties:\n      P: [")
	for i := 0; i < DefaultBudget+10; i++ {
		fmt.Fprintf(&b, "%d,", i)
	}
	b.WriteString("0]\n")
	tpl, err := Parse("t.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r := tpl.NewResolver(nil)
	r.Resolve(tpl.Resource("R").Properties)
	if !r.Exhausted() {
		t.Error("got Exhausted false; want true")
	}
	if why := r.Why(NewString("x")); !strings.Contains(why, "budget") {
		t.Errorf("Why got %q; want the budget named", why)
	}
	small := tpl.NewResolver(nil)
	small.Resolve(NewString("x"))
	if small.Exhausted() {
		t.Error("a fresh Resolve call kept the exhausted flag")
	}
}

func TestConditionBeforeResolve(t *testing.T) {
	tpl, err := Parse("t.yaml", []byte("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Env: {Type: String, Default: prod}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  B: {Type: AWS::S3::Bucket}\n"))
	if err != nil {
		t.Fatal(err)
	}
	val, known := tpl.NewResolver(nil).Condition("IsProd")
	if !known || !val {
		t.Errorf("a condition asked before any Resolve: got %v, known %v; want true, known", val, known)
	}
}
