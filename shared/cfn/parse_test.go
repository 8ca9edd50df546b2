package cfn

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const sampleYAML = `AWSTemplateFormatVersion: "2010-09-09"
Description: sample
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues: [prod, dev]
  Secret:
    Type: String
    NoEcho: true
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    us-east-1: {Small: 1}
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Condition: IsProd
    DependsOn: Key
    DeletionPolicy: Retain
    Metadata:
      owner: team
    Properties:
      BucketName: !Sub "${Env}-uploads"
      Tags:
        - Key: a
          Value: !GetAtt Key.Arn
  Key:
    Type: AWS::KMS::Key
    DependsOn: [Uploads, Other]
Outputs:
  Name:
    Value: !Ref Uploads
`

func TestParseModel(t *testing.T) {
	tpl, err := Parse("sample.yaml", []byte(sampleYAML))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"path", tpl.Path, "sample.yaml"},
		{"format version", tpl.FormatVersion, "2010-09-09"},
		{"description", tpl.Description, "sample"},
		{"transform", tpl.Transform, []string{"AWS::Serverless-2016-10-31"}},
		{"resource order", []string{tpl.Resources[0].LogicalID, tpl.Resources[1].LogicalID}, []string{"Uploads", "Key"}},
		{"resource type", tpl.Resource("Uploads").Type, "AWS::S3::Bucket"},
		{"resource line", tpl.Resource("Uploads").Line, 18},
		{"condition", tpl.Resource("Uploads").Condition, "IsProd"},
		{"depends on string", tpl.Resource("Uploads").DependsOn, []string{"Key"}},
		{"depends on list", tpl.Resource("Key").DependsOn, []string{"Uploads", "Other"}},
		{"deletion policy", tpl.Resource("Uploads").DeletionPolicy, "Retain"},
		{"metadata", tpl.Resource("Uploads").Metadata.Get("owner").Interface(), "team"},
		{"no properties", tpl.Resource("Key").Properties == nil, true},
		{"unknown resource", tpl.Resource("Nope") == nil, true},
		{"parameter default", tpl.Parameters["Env"].Default.Interface(), "prod"},
		{"parameter allowed", len(tpl.Parameters["Env"].AllowedValues), 2},
		{"parameter no default", tpl.Parameters["Secret"].Default == nil, true},
		{"parameter noecho", tpl.Parameters["Secret"].NoEcho, true},
		{"parameter line", tpl.Parameters["Secret"].Line, 9},
		{"condition kept", tpl.Conditions["IsProd"].IsIntrinsic(), true},
		{"mapping", tpl.Mappings["Sizes"].Get("us-east-1", "Small").Interface(), 1.0},
		{"outputs", tpl.Outputs.Get("Name", "Value").Interface(), map[string]any{"Ref": "Uploads"}},
		{"of type", len(tpl.ResourcesOfType("AWS::KMS::Key")), 1},
		{"has transform", tpl.HasTransform("AWS::Serverless-2016-10-31"), true},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("got %#v; want %#v", c.got, c.want)
			}
		})
	}
}

func TestParsePositions(t *testing.T) {
	tpl, err := Parse("sample.yaml", []byte(sampleYAML))
	if err != nil {
		t.Fatal(err)
	}
	props := tpl.Resource("Uploads").Properties
	name := props.Get("BucketName")
	if name.Line != 26 || name.KeyLine != 26 || name.Column != 19 {
		t.Errorf("BucketName at %d:%d key line %d; want 26:19 key line 26", name.Line, name.Column, name.KeyLine)
	}
	tags := props.Get("Tags")
	if tags.KeyLine != 27 || tags.Line != 28 || tags.Pos() != 27 {
		t.Errorf("Tags key line %d, line %d, Pos %d; want 27, 28, 27", tags.KeyLine, tags.Line, tags.Pos())
	}
}

// TestParseJSONMatchesYAML parses the same template in both formats: one parser serves both, with positions.
func TestParseJSONMatchesYAML(t *testing.T) {
	yamlSrc := "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: !Join ['-', [a, !Ref AWS::Region]]\n      Count: 3\n      On: true\n      Off: null\n"
	jsonSrc := `{
  "Resources": {
    "B": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "Name": {"Fn::Join": ["-", ["a", {"Ref": "AWS::Region"}]]},
        "Count": 3,
        "On": true,
        "Off": null
      }
    }
  }
}`
	y, err := Parse("t.yaml", []byte(yamlSrc))
	if err != nil {
		t.Fatal(err)
	}
	j, err := Parse("t.json", []byte(jsonSrc))
	if err != nil {
		t.Fatal(err)
	}
	gy, gj := y.Resources[0].Properties.Interface(), j.Resources[0].Properties.Interface()
	if !reflect.DeepEqual(gy, gj) {
		t.Errorf("YAML gives %v; JSON gives %v", gy, gj)
	}
	if line := j.Resource("B").Line; line != 3 {
		t.Errorf("JSON resource line %d; want 3", line)
	}
	if line := j.Resource("B").Properties.Get("Count").Pos(); line != 7 {
		t.Errorf("JSON Count line %d; want 7", line)
	}
}

func TestShortFormsNormalised(t *testing.T) {
	cases := []struct {
		expr, name, arg string
	}{
		{"!Ref X", "Ref", `"X"`},
		{"!Sub 'a-${X}'", "Fn::Sub", `"a-${X}"`},
		{"!Sub ['a-${Y}', {Y: b}]", "Fn::Sub", `["a-${Y}",{"Y":"b"}]`},
		{"!GetAtt Res.Attr.Sub", "Fn::GetAtt", `["Res","Attr.Sub"]`},
		{"!GetAtt [Res, Attr]", "Fn::GetAtt", `["Res","Attr"]`},
		{"{'Fn::GetAtt': 'Res.Attr'}", "Fn::GetAtt", `["Res","Attr"]`},
		{"!Join [',', [a, b]]", "Fn::Join", `[",",["a","b"]]`},
		{"!If [C, a, b]", "Fn::If", `["C","a","b"]`},
		{"!Select [0, [a]]", "Fn::Select", `[0,["a"]]`},
		{"!FindInMap [M, a, b]", "Fn::FindInMap", `["M","a","b"]`},
		{"!Base64 abc", "Fn::Base64", `"abc"`},
		{"!Cidr [10.0.0.0/16, 2, 8]", "Fn::Cidr", `["10.0.0.0/16",2,8]`},
		{"!GetAZs ''", "Fn::GetAZs", `""`},
		{"!ImportValue Exp", "Fn::ImportValue", `"Exp"`},
		{"!Split [',', 'a,b']", "Fn::Split", `[",","a,b"]`},
		{"!Equals [a, b]", "Fn::Equals", `["a","b"]`},
		{"!And [!Condition A, !Condition B]", "Fn::And", `[{"Condition":"A"},{"Condition":"B"}]`},
		{"!Or [!Condition A, !Condition B]", "Fn::Or", `[{"Condition":"A"},{"Condition":"B"}]`},
		{"!Not [!Condition A]", "Fn::Not", `[{"Condition":"A"}]`},
		{"!Condition A", "Condition", `"A"`},
		{"!Ref 123", "Ref", `"123"`},
		{"{Ref: X}", "Ref", `"X"`},
		{"!Rain::Embed file.txt", "!Rain::Embed", `"file.txt"`},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			src := "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      P: " + c.expr + "\n"
			tpl, err := Parse("t.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			v := tpl.Resources[0].Properties.Get("P")
			name, arg := v.Intrinsic()
			got, _ := json.Marshal(arg.Interface())
			if name != c.name || string(got) != c.arg {
				t.Errorf("got %s %s; want %s %s", name, got, c.name, c.arg)
			}
		})
	}
}

func TestValueAccessors(t *testing.T) {
	src := "Resources:\n  R:\n    Type: T::T::T\n    Properties:\n" +
		"      s: hello\n      n: 42\n      f: 1.5\n      b: true\n      sb: 'False'\n      sn: '17'\n      l: [1, 2]\n      m: {z: 1, a: 2}\n      nul: ~\n"
	tpl, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := tpl.Resources[0].Properties
	type out struct {
		kind        Kind
		str         string
		strOK       bool
		b, bOK      bool
		i           int64
		iOK         bool
		items, keys int
	}
	get := func(v *Value) out {
		s, sok := v.Str()
		b, bok := v.Bool()
		i, iok := v.Int()
		k := Null
		if v != nil {
			k = v.Kind
		}
		return out{k, s, sok, b, bok, i, iok, len(v.Items()), len(v.Keys())}
	}
	cases := []struct {
		key  string
		want out
	}{
		{"s", out{kind: String, str: "hello", strOK: true}},
		{"n", out{kind: Number, str: "42", strOK: true, i: 42, iOK: true}},
		{"f", out{kind: Number, str: "1.5", strOK: true}},
		{"b", out{kind: Bool, str: "true", strOK: true, b: true, bOK: true}},
		{"sb", out{kind: String, str: "False", strOK: true, b: false, bOK: true}},
		{"sn", out{kind: String, str: "17", strOK: true, i: 17, iOK: true}},
		{"l", out{kind: List, items: 2}},
		{"m", out{kind: Map, keys: 2}},
		{"nul", out{kind: Null}},
		{"missing", out{kind: Null}},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			if got := get(p.Get(c.key)); got != c.want {
				t.Errorf("got %+v; want %+v", got, c.want)
			}
		})
	}
	if got := p.Get("m").Keys(); !reflect.DeepEqual(got, []string{"z", "a"}) {
		t.Errorf("keys %v; want source order [z a]", got)
	}
	var nilV *Value
	if nilV.Get("a", "b") != nil || nilV.Len() != 0 || !nilV.IsNull() || nilV.IsIntrinsic() {
		t.Error("nil value accessors are not nil-safe")
	}
	if f, ok := p.Get("f").Float(); !ok || f != 1.5 {
		t.Errorf("Float got %v %v; want 1.5 true", f, ok)
	}
}

func TestParseErrors(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		prev := string(i - 1)
		bomb += fmt.Sprintf("%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", i, i, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	bomb += "Resources: {R: {Type: A::B::C, Properties: {P: *j}}}\n"
	deep := "Resources: {R: {Type: A::B::C, Properties: " + strings.Repeat("[", 500) + strings.Repeat("]", 500) + "}}\n"
	cases := []struct {
		name     string
		src      string
		notTpl   bool   // want ErrNotTemplate, else *ParseError
		line     int    // for ParseError; 0: any
		contains string // in the message
	}{
		{"too big", "Resources:\n" + strings.Repeat("#", MaxTemplateSize), false, 0, "limit"},
		{"binary", "Resources:\x00\x01", false, 0, "binary"},
		{"invalid utf-8", "Resources: \xff\xfe", false, 0, "binary"},
		{"broken yaml", "Resources:\n  R:\n    Type: [a\n", false, 0, ""},
		{"tab indentation", "Resources:\n\tR: x\n", false, 2, ""},
		{"broken json", `{"Resources": {"R": }`, false, 0, ""},
		{"duplicate key", "Resources:\n  R: {Type: A::B::C}\n  R: {Type: A::B::C}\n", false, 3, "duplicate key"},
		{"two documents", "Resources: {R: {Type: A::B::C}}\n---\nb: 1\n", true, 0, "second YAML document"},
		{"yaml bomb", bomb, false, 0, "aliases"},
		{"too deep", deep, false, 0, "nesting"},
		{"resource without type", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R:\n    Properties: {}\n", false, 3, "no Type"},
		{"resource not a map", "Resources:\n  R: {Type: A::B::C}\n  S: [1]\n", false, 3, "not a mapping"},
		{"complex key", "Resources:\n  ? [a]\n  : 1\n", false, 0, "key"},
		{"empty", "", true, 0, "empty"},
		{"comment only", "# nothing\n", true, 0, "empty"},
		{"scalar", "hello\n", true, 0, "top level"},
		{"list", "- a\n- b\n", true, 0, "top level"},
		{"no resources", "AWSTemplateFormatVersion: '2010-09-09'\nOutputs: {}\n", true, 0, "no Resources"},
		{"resources not a map", "Resources: [a]\n", true, 0, "Resources is a list"},
		{"empty resources", "Resources: {}\n", true, 0, "declares no resources"},
		{"untyped config", "Resources:\n  db:\n    host: x\n", true, 0, "no Type"},
		{"workflow", "name: ci\non: push\njobs: {}\n", true, 0, "no Resources"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := Parse("bad.yaml", []byte(c.src))
			if err == nil {
				t.Fatalf("got template with %d resources; want an error", len(tpl.Resources))
			}
			var pe *ParseError
			if c.notTpl {
				if !errors.Is(err, ErrNotTemplate) {
					t.Fatalf("got %T %v; want ErrNotTemplate", err, err)
				}
			} else if !errors.As(err, &pe) {
				t.Fatalf("got %T %v; want *ParseError", err, err)
			}
			if pe != nil && c.line != 0 && pe.Line != c.line {
				t.Errorf("got line %d; want %d (%v)", pe.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), c.contains) || !strings.Contains(err.Error(), "bad.yaml") {
				t.Errorf("got %q; want the path and %q", err, c.contains)
			}
		})
	}
}

func TestParseAcceptsVariants(t *testing.T) {
	cases := []struct {
		name       string
		src        string
		resources  []string
		unexpanded []string
	}{
		{"bom", "\xef\xbb\xbfResources: {R: {Type: A::B::C}}\n", []string{"R"}, nil},
		{"explicit document end", "---\nResources: {R: {Type: A::B::C}}\n...\n", []string{"R"}, nil},
		{"foreach", "Transform: AWS::LanguageExtensions\nResources:\n  'Fn::ForEach::B':\n    - N\n    - [a, b]\n    - 'B${N}': {Type: AWS::S3::Bucket}\n", nil, []string{"Fn::ForEach::B"}},
		{"rain module yaml", "Resources:\n  M: {Type: !Rain::Module m.yml}\n  R: {Type: A::B::C}\n", []string{"R"}, []string{"M"}},
		{"rain module json", `{"Resources": {"M": {"Type": {"Rain::Module": "m.yml"}}, "R": {"Type": "A::B::C"}}}`, []string{"R"}, []string{"M"}},
		{"merge key", "X: &x {Type: A::B::C}\nResources:\n  R:\n    <<: *x\n    Properties: {}\n", []string{"R"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := Parse("t.yaml", []byte(c.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got, un []string
			for _, r := range tpl.Resources {
				got = append(got, r.LogicalID)
			}
			for _, u := range tpl.Unexpanded {
				un = append(un, u.Key)
			}
			if !reflect.DeepEqual(got, c.resources) || !reflect.DeepEqual(un, c.unexpanded) {
				t.Errorf("got resources %v, unexpanded %v; want %v, %v", got, un, c.resources, c.unexpanded)
			}
		})
	}
}
