package iac

import "github.com/attestdev/attest/shared/cfn"

// viewBuilder makes the typed view of one resource type from either source. Adding a resource type means
// adding its view, its two builders, and an entry here.
type viewBuilder struct {
	fromTemplate func(p templateProps) any
	fromConfig   func(ci ConfigItem) any
	// settings lists the view's effective settings for drift detection.
	settings func(view any) []setting
}

// builders lists the resource types that rules can read.
func builders() map[string]viewBuilder {
	out := map[string]viewBuilder{}
	for _, family := range []func() map[string]viewBuilder{s3Builders, dataBuilders, platformBuilders} {
		for t, b := range family() {
			out[t] = b
		}
	}
	return out
}

// s3Builders are the views of S3 resources.
func s3Builders() map[string]viewBuilder {
	return map[string]viewBuilder{
		TypeS3Bucket: {
			fromTemplate: func(p templateProps) any { return s3BucketFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return s3BucketFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*S3Bucket).settings() },
		},
	}
}

// templateProps reads facts from the resolved properties of one template resource.
type templateProps struct {
	// tpl is the whole template, for rules that join resources (a bucket and its policy, a VPC and its flow logs).
	tpl      *cfn.Template
	res      *cfn.Resource
	props    *cfn.Value // resolved; nil when the resource has none
	resolver *cfn.Resolver
}

// lookup walks keys down from v (the properties when v is nil and from is empty) and says what it found. The
// names of the keys, after prefix, make up the property path used in messages. line is where a finding about
// the result points: the key found, or the nearest enclosing key when something is missing.
func (p templateProps) lookup(v *cfn.Value, prefix string, keys ...string) (val *cfn.Value, state FactState, line int, why string) {
	cur, name := v, prefix
	line = p.res.Line
	if cur != nil && cur.Pos() > 0 && prefix != "" {
		line = cur.Pos()
	}
	for _, k := range keys {
		if cur.IsIntrinsic() {
			return nil, Unknown, line, p.unknown(name, cur)
		}
		if cur == nil || cur.Kind == cfn.Null {
			return nil, Absent, line, ""
		}
		if cur.Kind != cfn.Map {
			return nil, Unknown, line, p.malformed(name, cur, "a mapping")
		}
		name = join(name, k)
		next := cur.Get(k)
		if next == nil || next.Kind == cfn.Null {
			return nil, Absent, line, ""
		}
		cur = next
		if pos := cur.Pos(); pos > 0 {
			line = pos
		}
	}
	if cur.IsIntrinsic() {
		return nil, Unknown, line, p.unknown(name, cur)
	}
	return cur, Set, line, ""
}

// str reads a string setting.
func (p templateProps) str(v *cfn.Value, prefix string, keys ...string) Fact[string] {
	val, state, line, why := p.lookup(v, prefix, keys...)
	switch state {
	case Absent:
		return Missing[string](line)
	case Unknown:
		return Unknowable[string](why, line)
	}
	s, ok := val.Str()
	if !ok {
		return Unknowable[string](p.malformed(join(prefix, keys...), val, "a string"), line)
	}
	return Known(s, line)
}

// tri reads a boolean setting; CloudFormation accepts "true" and "false" strings too.
func (p templateProps) tri(v *cfn.Value, prefix string, keys ...string) Tri {
	val, state, line, why := p.lookup(v, prefix, keys...)
	switch state {
	case Absent:
		return Missing[bool](line)
	case Unknown:
		return Unknowable[bool](why, line)
	}
	b, ok := val.Bool()
	if !ok {
		return Unknowable[bool](p.malformed(join(prefix, keys...), val, "true or false"), line)
	}
	return Known(b, line)
}

func (p templateProps) unknown(name string, v *cfn.Value) string {
	if name == "" {
		name = "Properties"
	}
	return name + " is unknown before deployment: " + p.resolver.Why(v)
}

func (p templateProps) malformed(name string, v *cfn.Value, want string) string {
	if name == "" {
		name = "Properties"
	}
	return name + " is a " + v.Kind.String() + ", not " + want
}

func join(prefix string, keys ...string) string {
	out := prefix
	for _, k := range keys {
		if out == "" {
			out = k
		} else {
			out += "." + k
		}
	}
	return out
}
