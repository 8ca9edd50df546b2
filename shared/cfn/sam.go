package cfn

import (
	"strconv"
	"strings"
)

// SAM resource types that ExpandSAM turns into what they deploy.
const (
	SAMFunction     = "AWS::Serverless::Function"
	SAMSimpleTable  = "AWS::Serverless::SimpleTable"
	SAMAPI          = "AWS::Serverless::Api"
	SAMHTTPAPI      = "AWS::Serverless::HttpApi"
	SAMStateMachine = "AWS::Serverless::StateMachine"
	SAMLayerVersion = "AWS::Serverless::LayerVersion"
	SAMApplication  = "AWS::Serverless::Application"
)

// samGlobals maps a SAM resource type to its section of Globals.
var samGlobals = map[string]string{
	SAMFunction:    "Function",
	SAMAPI:         "Api",
	SAMHTTPAPI:     "HttpApi",
	SAMSimpleTable: "SimpleTable",
}

// ExpandSAM returns a template in which every AWS::Serverless resource is replaced by the CloudFormation
// resources the SAM transform deploys for it, the way the rules need to see them: a function becomes an
// AWS::Lambda::Function (with its execution role when it names none, an AWS::Lambda::EventInvokeConfig for
// its EventInvokeConfig, a permission per push event source, a URL when it has one), a SimpleTable an
// AWS::DynamoDB::Table, an Api an AWS::ApiGateway::RestApi and its Stage, an HttpApi an AWS::ApiGatewayV2::Api
// and its stage, a StateMachine an AWS::StepFunctions::StateMachine, a LayerVersion an
// AWS::Lambda::LayerVersion, an Application an AWS::CloudFormation::Stack.
//
// Globals are merged first, by SAM's rules: mappings are merged key by key, lists are concatenated (Globals
// first), and any other value in the resource replaces the global one. Expanded values keep the source lines of
// the properties they come from, in the resource or in Globals, so findings point where the setting is written.
// Generated logical IDs follow SAM's naming (<Function>Role, <Api><Stage>Stage, ServerlessRestApi …).
//
// A template without SAM resources is returned as it is; otherwise t is not modified.
func ExpandSAM(t *Template) *Template {
	if t == nil {
		return nil
	}
	has := false
	for _, r := range t.Resources {
		if strings.HasPrefix(r.Type, "AWS::Serverless::") {
			has = true
			break
		}
	}
	if !has {
		return t
	}
	out := *t
	out.Resources = make([]*Resource, 0, len(t.Resources)+8)
	out.index = make(map[string]*Resource, len(t.Resources)+8)
	x := &samExpander{t: t, out: &out}
	for _, r := range t.Resources {
		x.expand(r)
	}
	if x.implicitAPI != nil {
		x.addImplicitAPI()
	}
	return &out
}

type samExpander struct {
	t   *Template
	out *Template
	// implicitAPI is the first function whose Api event names no RestApiId: SAM then creates ServerlessRestApi.
	implicitAPI *Resource
}

func (x *samExpander) add(r *Resource) {
	if _, taken := x.out.index[r.LogicalID]; taken {
		return
	}
	x.out.Resources = append(x.out.Resources, r)
	x.out.index[r.LogicalID] = r
}

// derived makes a resource generated from src: it takes src's line, condition and metadata.
func derived(src *Resource, id, typ string, props *Value) *Resource {
	return &Resource{LogicalID: id, Type: typ, Line: src.Line, Condition: src.Condition, Properties: props, Metadata: src.Metadata}
}

func (x *samExpander) expand(r *Resource) {
	section, hasGlobals := samGlobals[r.Type]
	props := r.Properties.clone()
	if hasGlobals {
		props = mergeGlobals(x.t.Globals.Get(section), props)
	}
	if props == nil || props.Kind != Map {
		if props.IsIntrinsic() || (props != nil && props.Kind != Map) {
			// Properties that are not a mapping cannot be expanded; keep the resource as written.
			x.add(r)
			return
		}
		props = NewMap()
	}
	switch r.Type {
	case SAMFunction:
		x.function(r, props)
	case SAMSimpleTable:
		x.add(derived(r, r.LogicalID, "AWS::DynamoDB::Table", simpleTable(props)))
	case SAMAPI:
		x.restAPI(r, r.LogicalID, props)
	case SAMHTTPAPI:
		x.httpAPI(r, props)
	case SAMStateMachine:
		sm := pick(props, "Definition", "DefinitionSubstitutions", "Logging", "Role", "StateMachineName", "Type", "TracingConfiguration")
		if tr := props.Get("Tracing"); tr != nil {
			sm.Set("TracingConfiguration", tr)
		}
		if s3 := props.Get("DefinitionUri"); s3 != nil {
			sm.Set("DefinitionS3Location", s3)
		}
		if tags := samTags(props.Get("Tags")); tags != nil {
			sm.Set("Tags", tags)
		}
		if sm.Get("Role") == nil && props.Get("RolePath") == nil {
			x.role(r, r.LogicalID+"Role", "states.amazonaws.com", props.Get("Policies"), nil)
			sm.Set("RoleArn", NewIntrinsic("Fn::GetAtt", NewList(NewString(r.LogicalID+"Role"), NewString("Arn"))))
		} else if role := sm.Get("Role"); role != nil {
			sm.Set("RoleArn", role)
		}
		delete(sm.fields, "Role")
		sm.keys = removeKey(sm.keys, "Role")
		x.add(derived(r, r.LogicalID, "AWS::StepFunctions::StateMachine", sm))
	case SAMLayerVersion:
		lv := pick(props, "CompatibleArchitectures", "CompatibleRuntimes", "Description", "LayerName", "LicenseInfo")
		if c := props.Get("ContentUri"); c != nil {
			lv.Set("Content", c)
		}
		x.add(derived(r, r.LogicalID, "AWS::Lambda::LayerVersion", lv))
	case SAMApplication:
		st := pick(props, "Parameters", "NotificationARNs", "TimeoutInMinutes")
		if loc := props.Get("Location"); loc != nil {
			st.Set("TemplateURL", loc)
		}
		if tags := samTags(props.Get("Tags")); tags != nil {
			st.Set("Tags", tags)
		}
		x.add(derived(r, r.LogicalID, "AWS::CloudFormation::Stack", st))
	default:
		// A SAM type the expansion does not model (Connector, GraphQLApi …) stays as written: no rule reads it.
		x.add(r)
	}
}

// lambdaKeys are the properties a SAM function passes to AWS::Lambda::Function unchanged.
var lambdaKeys = []string{
	"Architectures", "CodeSigningConfigArn", "Description", "Environment", "EphemeralStorage", "FileSystemConfigs",
	"FunctionName", "Handler", "ImageConfig", "KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType",
	"ReservedConcurrentExecutions", "Role", "Runtime", "RuntimeManagementConfig", "SnapStart", "Timeout", "VpcConfig",
}

func (x *samExpander) function(r *Resource, props *Value) {
	fn := pick(props, lambdaKeys...)
	switch {
	case props.Get("InlineCode") != nil:
		fn.Set("Code", mapOf("ZipFile", props.Get("InlineCode")))
	case props.Get("CodeUri") != nil:
		fn.Set("Code", props.Get("CodeUri"))
	case props.Get("ImageUri") != nil:
		fn.Set("Code", mapOf("ImageUri", props.Get("ImageUri")))
	}
	if tr := props.Get("Tracing"); tr != nil {
		fn.Set("TracingConfig", mapOf("Mode", tr))
	}
	if dlq := props.Get("DeadLetterQueue"); dlq != nil {
		fn.Set("DeadLetterConfig", pick(dlq, "TargetArn"))
	}
	tags := samTags(props.Get("Tags"))
	if tags == nil {
		tags = NewList()
	}
	// SAM tags every function (and its role) it creates.
	tags.items = append(tags.items, mapOf("Key", NewString("lambda:createdBy"), "Value", NewString("SAM")))
	fn.Set("Tags", tags)
	if fn.Get("Role") == nil {
		roleID := r.LogicalID + "Role"
		x.role(r, roleID, "lambda.amazonaws.com", props.Get("Policies"),
			[]string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"})
		fn.Set("Role", NewIntrinsic("Fn::GetAtt", NewList(NewString(roleID), NewString("Arn"))))
	}
	x.add(derived(r, r.LogicalID, "AWS::Lambda::Function", fn))

	ref := NewIntrinsic("Ref", NewString(r.LogicalID))
	if eic := props.Get("EventInvokeConfig"); eic != nil && eic.Kind == Map {
		cfg := pick(eic, "MaximumEventAgeInSeconds", "MaximumRetryAttempts")
		cfg.Set("FunctionName", ref)
		cfg.Set("Qualifier", NewString("$LATEST"))
		if dc := eic.Get("DestinationConfig"); dc != nil {
			dest := NewMap()
			for _, k := range []string{"OnSuccess", "OnFailure"} {
				if d := dc.Get(k); d != nil {
					dest.Set(k, pick(d, "Destination"))
				}
			}
			cfg.Set("DestinationConfig", dest)
		}
		x.add(derived(r, r.LogicalID+"EventInvokeConfig", "AWS::Lambda::EventInvokeConfig", cfg))
	}
	if url := props.Get("FunctionUrlConfig"); url != nil && url.Kind == Map {
		u := pick(url, "AuthType", "Cors", "InvokeMode")
		u.Set("TargetFunctionArn", ref)
		x.add(derived(r, r.LogicalID+"Url", "AWS::Lambda::Url", u))
		if s, _ := url.Get("AuthType").Str(); s == "NONE" {
			// SAM grants everyone lambda:InvokeFunctionUrl for a URL without IAM auth.
			p := mapOf("Action", NewString("lambda:InvokeFunctionUrl"), "FunctionName", ref, "Principal", NewString("*"),
				"FunctionUrlAuthType", NewString("NONE"))
			x.add(derived(r, r.LogicalID+"UrlPublicPermissions", "AWS::Lambda::Permission", p))
		}
	}
	events := props.Get("Events")
	for _, name := range events.Keys() {
		ev := events.Get(name)
		typ, _ := ev.Get("Type").Str()
		evp := ev.Get("Properties")
		var principal string
		var source *Value
		switch typ {
		case "S3":
			principal = "s3.amazonaws.com"
			source = NewIntrinsic("Ref", NewString("AWS::AccountId"))
		case "SNS":
			principal, source = "sns.amazonaws.com", evp.Get("Topic")
		case "Api":
			principal = "apigateway.amazonaws.com"
			if evp.Get("RestApiId") == nil && x.implicitAPI == nil {
				x.implicitAPI = r
			}
			source = NewIntrinsic("Fn::Sub", NewString("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*"))
		case "HttpApi":
			principal = "apigateway.amazonaws.com"
			source = NewIntrinsic("Fn::Sub", NewString("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*"))
		case "Schedule", "ScheduleV2", "CloudWatchEvent", "EventBridgeRule":
			principal = "events.amazonaws.com"
			source = NewIntrinsic("Fn::GetAtt", NewList(NewString(r.LogicalID+name), NewString("Arn")))
		case "IoTRule":
			principal = "iot.amazonaws.com"
			source = NewIntrinsic("Fn::Sub", NewString("arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/*"))
		case "CloudWatchLogs":
			principal = "logs.amazonaws.com"
			source = NewIntrinsic("Fn::Sub", NewString("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"))
		default:
			// Pull sources (SQS, Kinesis, DynamoDB, MSK …) use an event source mapping and the function's role,
			// not a resource policy.
			continue
		}
		p := mapOf("Action", NewString("lambda:InvokeFunction"), "FunctionName", ref, "Principal", NewString(principal))
		if typ == "S3" {
			p.Set("SourceAccount", source)
		} else if source != nil {
			p.Set("SourceArn", source)
		}
		x.add(derived(r, r.LogicalID+name+"Permission", "AWS::Lambda::Permission", p))
	}
}

// role adds the execution role SAM creates for a function or state machine that names none: its managed
// policies, and one inline policy per policy document or policy template in Policies.
func (x *samExpander) role(r *Resource, id, service string, policies *Value, managed []string) {
	props := NewMap()
	props.Set("AssumeRolePolicyDocument", mapOf("Version", NewString("2012-10-17"), "Statement", NewList(mapOf(
		"Effect", NewString("Allow"),
		"Principal", mapOf("Service", NewList(NewString(service))),
		"Action", NewList(NewString("sts:AssumeRole"))))))
	arns := NewList()
	for _, m := range managed {
		arns.items = append(arns.items, NewString(m))
	}
	var inline []*Value
	items := policies.Items()
	if policies != nil && policies.Kind != List {
		items = []*Value{policies}
	}
	for i, p := range items {
		name := NewString(id + "Policy" + strconv.Itoa(i))
		switch {
		case p.Kind == String || p.IsIntrinsic():
			// A managed policy name or ARN.
			if s, ok := p.Str(); ok && !strings.HasPrefix(s, "arn:") {
				p = NewIntrinsic("Fn::Sub", NewString("arn:${AWS::Partition}:iam::aws:policy/"+s))
			}
			arns.items = append(arns.items, p)
		case p.Get("Statement") != nil:
			inline = append(inline, mapOf("PolicyName", name, "PolicyDocument", p))
		case p.Kind == Map:
			// A SAM policy template (S3ReadPolicy …): SAM expands it to a statement scoped to the named
			// resource; its actions are SAM's, so the document here keeps only where it is.
			tmpl := ""
			if keys := p.Keys(); len(keys) > 0 {
				tmpl = keys[0]
			}
			doc := mapOf("Statement", NewList())
			doc.Line, doc.KeyLine = p.Line, p.KeyLine
			inline = append(inline, mapOf("PolicyName", NewString(id+"Policy"+strconv.Itoa(i)+tmpl), "PolicyDocument", doc))
		}
	}
	if len(arns.items) > 0 {
		props.Set("ManagedPolicyArns", arns)
	}
	if len(inline) > 0 {
		props.Set("Policies", NewList(inline...))
	}
	if pb := policies; pb != nil {
		props.Line, props.KeyLine = pb.Line, pb.KeyLine
	}
	props.Set("Tags", NewList(mapOf("Key", NewString("lambda:createdBy"), "Value", NewString("SAM"))))
	x.add(derived(r, id, "AWS::IAM::Role", props))
}

// restAPI adds an AWS::ApiGateway::RestApi and the stage SAM deploys it to.
func (x *samExpander) restAPI(r *Resource, id string, props *Value) {
	api := pick(props, "Name", "Description", "EndpointConfiguration", "BinaryMediaTypes", "MinimumCompressionSize",
		"Mode", "DisableExecuteApiEndpoint", "ApiKeySourceType")
	if body := props.Get("DefinitionBody"); body != nil {
		api.Set("Body", body)
	}
	if uri := props.Get("DefinitionUri"); uri != nil {
		api.Set("BodyS3Location", uri)
	}
	x.add(derived(r, id, "AWS::ApiGateway::RestApi", api))
	stage := pick(props, "StageName", "MethodSettings", "AccessLogSetting", "CacheClusterEnabled", "CacheClusterSize",
		"TracingEnabled", "Variables", "CanarySetting")
	if v := props.Get("Tags"); v != nil {
		stage.Set("Tags", samTags(v))
	}
	stage.Set("RestApiId", NewIntrinsic("Ref", NewString(id)))
	name, ok := props.Get("StageName").Str()
	if !ok || props.Get("StageName").IsIntrinsic() {
		name = ""
	}
	x.add(derived(r, id+sanitizeID(name)+"Stage", "AWS::ApiGateway::Stage", stage))
}

// httpAPI adds an AWS::ApiGatewayV2::Api and its stage ($default unless StageName says otherwise).
func (x *samExpander) httpAPI(r *Resource, props *Value) {
	api := pick(props, "Name", "Description", "CorsConfiguration", "DisableExecuteApiEndpoint", "FailOnWarnings")
	if body := props.Get("DefinitionBody"); body != nil {
		api.Set("Body", body)
	}
	api.Set("ProtocolType", NewString("HTTP"))
	x.add(derived(r, r.LogicalID, "AWS::ApiGatewayV2::Api", api))
	stage := pick(props, "StageName", "AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables")
	if stage.Get("StageName") == nil {
		stage.Set("StageName", NewString("$default"))
	}
	stage.Set("ApiId", NewIntrinsic("Ref", NewString(r.LogicalID)))
	stage.Set("AutoDeploy", NewBool(true))
	x.add(derived(r, r.LogicalID+"ApiGatewayDefaultStage", "AWS::ApiGatewayV2::Stage", stage))
}

// addImplicitAPI adds the ServerlessRestApi SAM creates for Api events that name no RestApiId, with
// Globals.Api applied and its Prod stage.
func (x *samExpander) addImplicitAPI() {
	props := mergeGlobals(x.t.Globals.Get("Api"), NewMap())
	if props.Get("StageName") == nil {
		props.Set("StageName", NewString("Prod"))
	}
	x.restAPI(x.implicitAPI, "ServerlessRestApi", props)
}

// simpleTable turns a SimpleTable's properties into a DynamoDB table's.
func simpleTable(props *Value) *Value {
	tbl := pick(props, "TableName", "SSESpecification", "ProvisionedThroughput")
	name, typ := NewString("id"), NewString("S")
	if pk := props.Get("PrimaryKey"); pk != nil {
		if n := pk.Get("Name"); n != nil {
			name = n
		}
		if t := pk.Get("Type"); t != nil {
			typ = t
		}
		if s, ok := typ.Str(); ok {
			// SimpleTable spells types String, Number, Binary; DynamoDB S, N, B.
			switch s {
			case "String":
				typ = NewString("S")
			case "Number":
				typ = NewString("N")
			case "Binary":
				typ = NewString("B")
			}
		}
	}
	tbl.Set("AttributeDefinitions", NewList(mapOf("AttributeName", name, "AttributeType", typ)))
	tbl.Set("KeySchema", NewList(mapOf("AttributeName", name, "KeyType", NewString("HASH"))))
	if tbl.Get("ProvisionedThroughput") == nil {
		tbl.Set("BillingMode", NewString("PAY_PER_REQUEST"))
	}
	if tags := samTags(props.Get("Tags")); tags != nil {
		tbl.Set("Tags", tags)
	}
	return tbl
}

// mergeGlobals merges a Globals section under a resource's properties by SAM's rules.
func mergeGlobals(global, local *Value) *Value {
	if global == nil || global.Kind != Map {
		return local
	}
	if local == nil {
		return global.clone()
	}
	return mergeValue(global, local)
}

func mergeValue(global, local *Value) *Value {
	switch {
	case local == nil:
		return global.clone()
	case global == nil:
		return local
	case global.Kind == Map && local.Kind == Map:
		out := NewMap()
		out.Line, out.Column, out.KeyLine = local.Line, local.Column, local.KeyLine
		for _, k := range global.keys {
			out.Set(k, mergeValue(global.fields[k], local.fields[k]))
		}
		for _, k := range local.keys {
			if !global.Has(k) {
				out.Set(k, local.fields[k])
			}
		}
		return out
	case global.Kind == List && local.Kind == List:
		out := NewList(append(global.clone().items, local.items...)...)
		out.Line, out.Column, out.KeyLine = local.Line, local.Column, local.KeyLine
		return out
	}
	return local
}

// samTags turns SAM's Tags mapping into CloudFormation's list of Key/Value pairs (a list is kept).
func samTags(v *Value) *Value {
	switch {
	case v == nil:
		return nil
	case v.Kind == List || v.IsIntrinsic():
		return v.clone()
	case v.Kind != Map:
		return nil
	}
	out := NewList()
	out.Line, out.KeyLine = v.Line, v.KeyLine
	for _, k := range v.keys {
		key := NewString(k)
		val := v.fields[k]
		key.Line, key.KeyLine = val.Line, val.KeyLine
		out.items = append(out.items, mapOf("Key", key, "Value", val))
	}
	return out
}

// pick copies the named entries of a map that are present.
func pick(v *Value, keys ...string) *Value {
	out := NewMap()
	if v != nil {
		out.Line, out.Column, out.KeyLine = v.Line, v.Column, v.KeyLine
	}
	for _, k := range keys {
		if f := v.Get(k); f != nil {
			out.Set(k, f)
		}
	}
	return out
}

// mapOf builds a map from key, value pairs.
func mapOf(kv ...any) *Value {
	out := NewMap()
	for i := 0; i+1 < len(kv); i += 2 {
		if val, ok := kv[i+1].(*Value); ok && val != nil {
			out.Set(kv[i].(string), val)
		}
	}
	return out
}

func removeKey(keys []string, k string) []string {
	out := keys[:0]
	for _, x := range keys {
		if x != k {
			out = append(out, x)
		}
	}
	return out
}

// sanitizeID keeps the characters a logical ID may have, as SAM does for stage names.
func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
