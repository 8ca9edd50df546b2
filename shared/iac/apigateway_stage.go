package iac

import (
	"maps"
	"slices"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeAPIGatewayStage is the CloudFormation and AWS Config type of a REST API stage.
const TypeAPIGatewayStage = "AWS::ApiGateway::Stage"

// APIGatewayStage is what rules know about an API Gateway REST API stage.
type APIGatewayStage struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// CacheClusterEnabled says whether the stage has a cache; the default is false.
	CacheClusterEnabled Tri
	// MethodSettings are the stage's per-method settings; "*/*" applies to every method.
	MethodSettings Fact[[]APIMethodSetting]
	// WebACL is the WAFv2 web ACL associated with the stage.
	WebACL Fact[string]
}

// APIMethodSetting is one entry of a stage's MethodSettings.
type APIMethodSetting struct {
	// Path is resourcePath/httpMethod, such as "*/*" or "/orders/GET".
	Path string
	Line int
	// LoggingLevel is OFF, ERROR or INFO; the default is OFF.
	LoggingLevel Fact[string]
	// CachingEnabled and CacheDataEncrypted default to false.
	CachingEnabled, CacheDataEncrypted Tri
}

func apiGatewayStageFromTemplate(p templateProps) *APIGatewayStage {
	s := &APIGatewayStage{Line: p.res.Line, CacheClusterEnabled: p.tri(p.props, "", "CacheClusterEnabled"), WebACL: p.stageWebACL()}
	list, state, line, why := p.lookup(p.props, "", "MethodSettings")
	switch {
	case state == Absent:
		s.MethodSettings = Missing[[]APIMethodSetting](line)
		return s
	case state == Unknown:
		s.MethodSettings = Unknowable[[]APIMethodSetting](why, line)
		return s
	case list.Kind != cfn.List:
		s.MethodSettings = Unknowable[[]APIMethodSetting](p.malformed("MethodSettings", list, "a list"), line)
		return s
	}
	var out []APIMethodSetting
	for _, m := range list.Items() {
		// CloudFormation's ResourcePath and HttpMethod default to "/*" and "*", which API Gateway calls "*/*".
		path, _ := m.Get("ResourcePath").Str()
		method, _ := m.Get("HttpMethod").Str()
		if path == "" || path == "/*" {
			path = "*"
		}
		if method == "" {
			method = "*"
		}
		const prefix = "MethodSettings[]"
		out = append(out, APIMethodSetting{
			Path:               path + "/" + method,
			Line:               lineOr(m.Pos(), line),
			LoggingLevel:       p.str(m, prefix, "LoggingLevel"),
			CachingEnabled:     p.tri(m, prefix, "CachingEnabled"),
			CacheDataEncrypted: p.tri(m, prefix, "CacheDataEncrypted"),
		})
	}
	s.MethodSettings = Known(out, line)
	return s
}

// apiGatewayStageConfig is the configuration AWS Config records for a stage: the stage as GetStage returns it,
// with methodSettings keyed by resourcePath/httpMethod.
type apiGatewayStageConfig struct {
	StageName           *string `json:"stageName"`
	WebACLArn           *string `json:"webAclArn"`
	CacheClusterEnabled *bool   `json:"cacheClusterEnabled"`
	MethodSettings      map[string]struct {
		LoggingLevel       *string `json:"loggingLevel"`
		CachingEnabled     *bool   `json:"cachingEnabled"`
		CacheDataEncrypted *bool   `json:"cacheDataEncrypted"`
	} `json:"methodSettings"`
}

func apiGatewayStageFromConfig(ci ConfigItem) *APIGatewayStage {
	var c apiGatewayStageConfig
	ok, why := configuration(ci, &c, func() bool { return c.StageName != nil })
	if !ok {
		return &APIGatewayStage{CacheClusterEnabled: Unknowable[bool](why, 0), MethodSettings: Unknowable[[]APIMethodSetting](why, 0), WebACL: Unknowable[string](why, 0)}
	}
	s := &APIGatewayStage{CacheClusterEnabled: boolFact(c.CacheClusterEnabled), MethodSettings: Missing[[]APIMethodSetting](0), WebACL: strFact(c.WebACLArn)}
	// Map order is random; sorted paths keep messages stable from one run to the next.
	for _, path := range slices.Sorted(maps.Keys(c.MethodSettings)) {
		m := c.MethodSettings[path]
		s.MethodSettings = appendFact(s.MethodSettings, APIMethodSetting{
			Path:               path,
			LoggingLevel:       strFact(m.LoggingLevel),
			CachingEnabled:     boolFact(m.CachingEnabled),
			CacheDataEncrypted: boolFact(m.CacheDataEncrypted),
		}, 0)
	}
	return s
}

// settings are the stage's effective settings.
func (s *APIGatewayStage) settings() []setting {
	out := []setting{effective("CacheClusterEnabled", s.CacheClusterEnabled, false)}
	switch s.MethodSettings.State {
	case Unknown:
		out = append(out, setting{name: "MethodSettings", unknown: s.MethodSettings.Why})
	default:
		level := Missing[string](0)
		for _, m := range s.MethodSettings.Value {
			if m.Path == "*/*" {
				level = m.LoggingLevel
			}
		}
		out = append(out, effective("MethodSettings[*/*].LoggingLevel", level, "OFF"))
	}
	return out
}

// stageWebACL finds a WAFv2 web ACL association whose ResourceArn is this stage's ARN,
// arn:aws:apigateway:<region>::/restapis/<api>/stages/<stage>, written literally or with !Sub. An association
// whose target cannot be read may be this stage, so it makes the answer unknown rather than absent.
func (p templateProps) stageWebACL() Fact[string] {
	stageName, _ := p.props.Get("StageName").Str()
	apiVal := p.props.Get("RestApiId")
	apiID, _ := apiVal.Str()
	apiLogical := ""
	if fn, arg := apiVal.Intrinsic(); fn == "Ref" {
		apiLogical, _ = arg.Str()
	}
	stageSuffixes := []string{"/stages/${" + p.res.LogicalID + "}"}
	if stageName != "" {
		stageSuffixes = append(stageSuffixes, "/stages/"+stageName)
	}
	var apiParts []string
	if apiID != "" {
		apiParts = append(apiParts, "/restapis/"+apiID+"/")
	}
	if apiLogical != "" {
		apiParts = append(apiParts, "/restapis/${"+apiLogical+"}/")
	}
	matches := func(arn string) bool {
		stageOK, apiOK := false, false
		for _, s := range stageSuffixes {
			stageOK = stageOK || strings.HasSuffix(arn, s)
		}
		for _, a := range apiParts {
			apiOK = apiOK || strings.Contains(arn, a)
		}
		return stageOK && apiOK
	}
	out := Missing[string](p.res.Line)
	for _, a := range p.tpl.ResourcesOfType(typeWAFv2WebACLAssociation) {
		props := p.resolver.Resolve(a.Properties)
		target := props.Get("ResourceArn")
		arn, ok := target.Str()
		if fn, arg := target.Intrinsic(); fn == "Fn::Sub" {
			if s, isStr := arg.Str(); isStr {
				arn, ok = s, true
			} else if items := arg.Items(); len(items) == 2 {
				arn, ok = items[0].Str()
			}
		}
		if !ok {
			if out.State == Absent && !refersToAnyResource(p.tpl, target) {
				out = Unknowable[string]("the ResourceArn of "+a.LogicalID+" is unknown before deployment: "+p.resolver.Why(target), a.Line)
			}
			continue
		}
		if !strings.Contains(arn, ":apigateway:") || !matches(arn) {
			continue
		}
		q := templateProps{tpl: p.tpl, res: a, props: props, resolver: p.resolver}
		if acl := q.present(props, "", "WebACLArn"); acl.State == Set || out.State == Absent {
			out = acl
		}
		if out.State == Set {
			return out
		}
	}
	return out
}
