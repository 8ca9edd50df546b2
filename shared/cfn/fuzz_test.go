package cfn

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse and to the resolver: they must return a template, ErrNotTemplate or
// a *ParseError, and never panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		sampleYAML,
		resolveTemplate,
		`{"Resources": {"R": {"Type": "A::B::C", "Properties": {"P": {"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}}}}}`,
		"a: &a [x, x]\nb: &b [*a, *a]\nResources: {R: {Type: A::B::C, Properties: {P: *b}}}\n",
		"Resources:\n  R:\n    Type: !Rain::Module x\n",
		"Conditions: {A: !Condition B, B: !Condition A}\nResources: {R: {Type: X, Properties: {P: !If [A, 1, 2]}}}\n",
		"Resources: {R: {Type: X, Properties: {P: !Sub '${A.B}${!C}${'}}}\n",
		"- [",
		"\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Parse("fuzz.yaml", data)
		if err != nil {
			var pe *ParseError
			if !errors.Is(err, ErrNotTemplate) && !errors.As(err, &pe) {
				t.Fatalf("got %T %v; want ErrNotTemplate or *ParseError", err, err)
			}
			return
		}
		r := tpl.NewResolver(map[string]string{"AWS::Region": "us-east-1"})
		for _, res := range tpl.Resources {
			out := r.Resolve(res.Properties)
			_ = r.Why(out)
			_ = out.Interface()
		}
	})
}
