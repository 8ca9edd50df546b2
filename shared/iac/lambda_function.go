package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeLambdaFunction is the CloudFormation and AWS Config type of a Lambda function.
const TypeLambdaFunction = "AWS::Lambda::Function"

// typeLambdaEventInvokeConfig configures a function's asynchronous invocations, including on-failure destinations.
const typeLambdaEventInvokeConfig = "AWS::Lambda::EventInvokeConfig"

// LambdaFunction is what rules know about a Lambda function.
type LambdaFunction struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Runtime is the managed runtime identifier; absent for container-image functions.
	Runtime Fact[string]
	// PackageType is Zip or Image; Lambda's default is Zip.
	PackageType Fact[string]
	// DeadLetterTarget is DeadLetterConfig.TargetArn, the SQS queue or SNS topic for failed asynchronous events.
	DeadLetterTarget Fact[string]
	// OnFailureDestination is the on-failure destination of an EventInvokeConfig for the function.
	OnFailureDestination Fact[string]
	// VPCSubnets is VpcConfig.SubnetIds: set and not empty when the function runs in a VPC.
	VPCSubnets Fact[[]string]
	// ReservedConcurrency is ReservedConcurrentExecutions.
	ReservedConcurrency Fact[int64]
}

func lambdaFunctionFromTemplate(p templateProps) *LambdaFunction {
	f := &LambdaFunction{
		Line:             p.res.Line,
		Runtime:          p.str(p.props, "", "Runtime"),
		PackageType:      p.str(p.props, "", "PackageType"),
		DeadLetterTarget: p.present(p.props, "", "DeadLetterConfig", "TargetArn"),
	}
	f.OnFailureDestination = p.onFailureDestination()
	f.VPCSubnets = p.vpcSubnets()
	f.ReservedConcurrency = p.integer(p.props, "", "ReservedConcurrentExecutions")
	return f
}

// onFailureDestination finds an EventInvokeConfig of the template that names this function and gives it an
// on-failure destination. One whose target cannot be resolved is unknown, not absent: it may be this function.
func (p templateProps) onFailureDestination() Fact[string] {
	name, _ := p.props.Get("FunctionName").Str()
	out := Missing[string](p.res.Line)
	for _, cfg := range p.tpl.ResourcesOfType(typeLambdaEventInvokeConfig) {
		props := p.resolver.Resolve(cfg.Properties)
		target := props.Get("FunctionName")
		raw := cfg.Properties.Get("FunctionName")
		q := templateProps{tpl: p.tpl, res: cfg, props: props, resolver: p.resolver}
		switch s, ok := target.Str(); {
		case isRefTo(target, p.res.LogicalID), isRefTo(raw, p.res.LogicalID), ok && name != "" && s == name:
		case refersToOtherResource(p.tpl, raw, p.res.LogicalID):
			// It configures another function of the template.
			continue
		case target.IsIntrinsic() && out.State == Absent:
			out = Unknowable[string]("the FunctionName of "+cfg.LogicalID+" is unknown before deployment: "+p.resolver.Why(target), cfg.Line)
			continue
		default:
			continue
		}
		dest := q.present(props, "", "DestinationConfig", "OnFailure", "Destination")
		if dest.State == Set || out.State == Absent {
			out = dest
		}
		if out.State == Set {
			return out
		}
	}
	return out
}

// lambdaFunctionConfig is the configuration AWS Config records for a function: its configuration as
// GetFunctionConfiguration returns it. Asynchronous-invocation destinations are a separate API
// (GetFunctionEventInvokeConfig) and are not part of the item.
type lambdaFunctionConfig struct {
	FunctionName     *string `json:"functionName"`
	FunctionArn      *string `json:"functionArn"`
	Runtime          *string `json:"runtime"`
	PackageType      *string `json:"packageType"`
	DeadLetterConfig *struct {
		TargetArn *string `json:"targetArn"`
	} `json:"deadLetterConfig"`
	VPCConfig *struct {
		SubnetIDs []string `json:"subnetIds"`
	} `json:"vpcConfig"`
}

const lambdaConcurrencyNotRecorded = "AWS Config does not record a function's reserved concurrency (it needs lambda:GetFunctionConcurrency)"

const lambdaDestinationsNotRecorded = "AWS Config does not record a function's asynchronous on-failure destination " +
	"(it needs lambda:GetFunctionEventInvokeConfig)"

func lambdaFunctionFromConfig(ci ConfigItem) *LambdaFunction {
	var c lambdaFunctionConfig
	ok, why := configuration(ci, &c, func() bool { return c.FunctionName != nil || c.FunctionArn != nil })
	if !ok {
		return &LambdaFunction{
			Runtime:              Unknowable[string](why, 0),
			PackageType:          Unknowable[string](why, 0),
			DeadLetterTarget:     Unknowable[string](why, 0),
			OnFailureDestination: Unknowable[string](why, 0),
			VPCSubnets:           Unknowable[[]string](why, 0),
			ReservedConcurrency:  Unknowable[int64](why, 0),
		}
	}
	f := &LambdaFunction{
		Runtime:              strFact(c.Runtime),
		PackageType:          strFact(c.PackageType),
		DeadLetterTarget:     Missing[string](0),
		OnFailureDestination: Unknowable[string](lambdaDestinationsNotRecorded, 0),
		VPCSubnets:           Missing[[]string](0),
		ReservedConcurrency:  Unknowable[int64](lambdaConcurrencyNotRecorded, 0),
	}
	if c.VPCConfig != nil && len(c.VPCConfig.SubnetIDs) > 0 {
		f.VPCSubnets = Known(c.VPCConfig.SubnetIDs, 0)
	}
	if c.DeadLetterConfig != nil {
		f.DeadLetterTarget = strFact(c.DeadLetterConfig.TargetArn)
	}
	return f
}

// settings are the function's effective settings.
func (f *LambdaFunction) settings() []setting {
	return []setting{
		effective("Runtime", f.Runtime, ""),
		effective("PackageType", f.PackageType, "Zip"),
		effective("DeadLetterConfig.TargetArn (set)", isSet(f.DeadLetterTarget), false),
	}
}

// vpcSubnets reads VpcConfig.SubnetIds. A list built at deploy time (a parameter of type
// List<AWS::EC2::Subnet::Id>, an import) still puts the function in a VPC unless it may be empty, so a
// reference to a parameter without a default stays unknown, and references to template resources count.
func (p templateProps) vpcSubnets() Fact[[]string] {
	v, state, line, why := p.lookup(p.props, "", "VpcConfig", "SubnetIds")
	switch state {
	case Absent:
		return Missing[[]string](line)
	case Unknown:
		return Unknowable[[]string](why, line)
	}
	if v.Kind != cfn.List {
		return Unknowable[[]string](p.malformed("VpcConfig.SubnetIds", v, "a list"), line)
	}
	out := make([]string, 0, v.Len())
	for _, item := range v.Items() {
		if fn, arg := item.Intrinsic(); fn != "" {
			out = append(out, describeCall(fn, arg))
			continue
		}
		if s, ok := item.Str(); ok {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return Missing[[]string](line)
	}
	return Known(out, line)
}

// refersToOtherResource reports whether v is a Ref or GetAtt to a template resource other than self.
func refersToOtherResource(tpl *cfn.Template, v *cfn.Value, self string) bool {
	fn, arg := v.Intrinsic()
	var id string
	switch fn {
	case "Ref":
		id, _ = arg.Str()
	case "Fn::GetAtt":
		if items := arg.Items(); len(items) > 0 {
			id, _ = items[0].Str()
		} else if s, ok := arg.Str(); ok {
			id, _, _ = strings.Cut(s, ".")
		}
	}
	return id != "" && id != self && tpl.Resource(id) != nil
}
