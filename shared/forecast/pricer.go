package forecast

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// pricer prices the resource types it lists. One pricer per file, registered in pricers().
type pricer struct {
	types []string
	// usage lists the usage names the pricer reads.
	usage []usageKey
	// prices lists the ids of the price table the pricer reads; an id ending in "*" stands for every id
	// with that prefix (instance classes). A test checks each fixed id is in the us-east-1 table.
	prices []string
	price  func(p *pricing) (*Cost, error)
}

// pricers is the one list of resource pricers: a type not priced here is unpriced, or free when listed in
// freeTypes.
func pricers() []pricer {
	return []pricer{
		lambdaFunctionPricer(),
		lambdaProvisionedPricer(),
		dynamoDBTablePricer(),
		dynamoDBGlobalTablePricer(),
		s3BucketPricer(),
		ec2InstancePricer(),
		autoScalingGroupPricer(),
		ebsVolumePricer(),
		rdsInstancePricer(),
		rdsClusterPricer(),
		natGatewayPricer(),
		vpcEndpointPricer(),
		eipPricer(),
		loadBalancerPricer(),
		classicLoadBalancerPricer(),
		apiGatewayRestPricer(),
		apiGatewayStagePricer(),
		apiGatewayV2Pricer(),
		stepFunctionsPricer(),
		sqsQueuePricer(),
		snsTopicPricer(),
		kinesisStreamPricer(),
		kmsKeyPricer(),
		secretPricer(),
		logGroupPricer(),
		cloudWatchAlarmPricer(),
		cloudWatchDashboardPricer(),
		elastiCachePricer(),
		openSearchPricer(),
		ecsServicePricer(),
		eksClusterPricer(),
		eksNodegroupPricer(),
		efsFileSystemPricer(),
		cloudFrontPricer(),
		route53HostedZonePricer(),
	}
}

// unpricedError says why a resource cannot be priced; it is reported, never priced at zero.
type unpricedError struct{ reason string }

func (e *unpricedError) Error() string { return e.reason }

func unpriced(format string, args ...any) error {
	return &unpricedError{reason: fmt.Sprintf(format, args...)}
}

// pricing is what a pricer reads for one side of one resource.
type pricing struct {
	file     string
	res      *cfn.Resource
	tmpl     *cfn.Template
	resolver *cfn.Resolver
	props    *cfn.Value // resolved Properties
	globals  *cfn.Value // resolved SAM Globals for the resource's kind, or nil
	prices   *PriceTable
	carbon   *CarbonModel
	region   string
	usage    Usage

	assumptions []string
}

func (p *pricing) assume(format string, args ...any) {
	p.assumptions = append(p.assumptions, fmt.Sprintf(format, args...))
}

// prop returns a resolved property, falling back to the SAM Globals section; nil when absent.
func (p *pricing) prop(keys ...string) *cfn.Value {
	if v := p.props.Get(keys...); v != nil {
		return v
	}
	return p.globals.Get(keys...)
}

// known fails with the resolver's reason when v is still an intrinsic after resolution.
func (p *pricing) known(v *cfn.Value, what string) error {
	if v.IsIntrinsic() {
		return unpriced("%s is not known before deployment: %s", what, p.resolver.Why(v))
	}
	return nil
}

// str returns a string property; ok is false when it is absent.
func (p *pricing) str(what string, keys ...string) (string, bool, error) {
	v := p.prop(keys...)
	if v.IsNull() {
		return "", false, nil
	}
	if err := p.known(v, what); err != nil {
		return "", false, err
	}
	s, ok := v.Str()
	if !ok {
		return "", false, unpriced("%s is a %s, not a value", what, v.Kind)
	}
	return s, true, nil
}

// num returns a numeric property; ok is false when it is absent.
func (p *pricing) num(what string, keys ...string) (float64, bool, error) {
	s, ok, err := p.str(what, keys...)
	if err != nil || !ok {
		return 0, ok, err
	}
	f, perr := strconv.ParseFloat(s, 64)
	if perr != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, false, unpriced("%s is %q, not a non-negative number", what, s)
	}
	return f, true, nil
}

// use returns a usage quantity: the usage file's, else the default, recording which as an assumption.
func (p *pricing) use(name string, def float64, what string) float64 {
	if v, key, ok := p.usage.lookup(p.file, p.res.LogicalID, p.res.Type, name); ok {
		p.assume("%s: %s from the usage file (%s)", what, fmtQty(v), key)
		return v
	}
	p.assume("%s: %s (default; set %s in a usage file)", what, fmtQty(def), name)
	return def
}

// price returns a price of the table, or fails: a missing price is never a zero. In a region whose
// snapshot lacks the id the resource is unpriced there, with the snapshot's reason.
func (p *pricing) price(id string) (Price, error) {
	pr, ok := p.prices.Lookup(id)
	if !ok {
		return Price{}, p.prices.missing(id)
	}
	if !pr.Verified {
		p.assume("price %s ($%s per %s) is from %s and not verified against the AWS Price List", id, fmtQty(pr.USD), singular(pr.Unit), pr.Source)
	}
	return pr, nil
}

// flag returns a boolean property; ok is false when it is absent.
func (p *pricing) flag(what string, keys ...string) (val, ok bool, err error) {
	v := p.prop(keys...)
	if v.IsNull() {
		return false, false, nil
	}
	if err := p.known(v, what); err != nil {
		return false, false, err
	}
	b, isBool := v.Bool()
	if !isBool {
		return false, false, unpriced("%s is %q, not true or false", what, scalarText(v))
	}
	return b, true, nil
}

// count returns a whole, non-negative number property, or def (recorded as an assumption) when absent.
func (p *pricing) count(what string, def float64, keys ...string) (float64, error) {
	n, ok, err := p.num(what, keys...)
	if err != nil {
		return 0, err
	}
	if !ok {
		p.assume("%s: %s (the default)", what, fmtQty(def))
		return def, nil
	}
	if n != math.Trunc(n) {
		return 0, unpriced("%s is %s, not a whole number", what, fmtQty(n))
	}
	return n, nil
}

// target returns the template resource a Ref or Fn::GetAtt names, or nil when v is neither or names a
// resource the template does not hold.
func (p *pricing) target(v *cfn.Value) *cfn.Resource {
	name, arg := v.Intrinsic()
	var id string
	switch name {
	case "Ref":
		id, _ = arg.Str()
	case "Fn::GetAtt":
		if items := arg.Items(); len(items) == 2 {
			id, _ = items[0].Str()
		}
	}
	if id == "" {
		return nil
	}
	return p.tmpl.Resource(id)
}

// propsOf returns another resource's resolved Properties.
func (p *pricing) propsOf(r *cfn.Resource) *cfn.Value {
	return p.resolver.Resolve(r.Properties)
}

// useGlobals makes a SAM resource read the Globals section of its kind ("Api", "HttpApi", "SimpleTable",
// "StateMachine") for the properties it does not set.
func (p *pricing) useGlobals(kind string) {
	if p.globals == nil && p.tmpl.Globals != nil {
		p.globals = p.resolver.Resolve(p.tmpl.Globals.Get(kind))
	}
}

// scalarText is a value's text for messages.
func scalarText(v *cfn.Value) string {
	if s, ok := v.Str(); ok {
		return s
	}
	if v == nil {
		return "(none given)"
	}
	return v.Kind.String()
}

// component builds a cost component from a quantity and a price. Its monthly figure keeps four decimals so
// that small components do not read as $0; resource totals round once, to cents, from the exact products.
func component(name, unit string, qty float64, unitPrice float64, usageBased bool) Component {
	return Component{
		Name: name, Unit: unit, Quantity: roundTo(qty, 6), UnitPriceUSD: unitPrice,
		MonthlyUSD: roundTo(qty*unitPrice, 4), UsageBased: usageBased,
	}
}

// freeTypes have no charge of their own; they are listed as resources at $0 so that nothing in a template
// goes unmentioned. Types whose cost shows up elsewhere say so here: a launch template or configuration is
// priced through the instances and groups that use it, a task definition through its service.
var freeTypes = map[string]bool{
	"AWS::ApiGateway::Account":                        true,
	"AWS::ApiGateway::Authorizer":                     true,
	"AWS::ApiGateway::BasePathMapping":                true,
	"AWS::ApiGateway::Deployment":                     true,
	"AWS::ApiGateway::Method":                         true,
	"AWS::ApiGateway::Model":                          true,
	"AWS::ApiGateway::RequestValidator":               true,
	"AWS::ApiGateway::Resource":                       true,
	"AWS::ApiGatewayV2::ApiMapping":                   true,
	"AWS::ApiGatewayV2::Authorizer":                   true,
	"AWS::ApiGatewayV2::Deployment":                   true,
	"AWS::ApiGatewayV2::Integration":                  true,
	"AWS::ApiGatewayV2::Route":                        true,
	"AWS::ApiGatewayV2::Stage":                        true,
	"AWS::ApplicationAutoScaling::ScalableTarget":     true,
	"AWS::ApplicationAutoScaling::ScalingPolicy":      true,
	"AWS::AutoScaling::LaunchConfiguration":           true,
	"AWS::AutoScaling::LifecycleHook":                 true,
	"AWS::AutoScaling::ScalingPolicy":                 true,
	"AWS::CloudFormation::WaitCondition":              true,
	"AWS::CloudFormation::WaitConditionHandle":        true,
	"AWS::CloudFront::CachePolicy":                    true,
	"AWS::CloudFront::CloudFrontOriginAccessIdentity": true,
	"AWS::CloudFront::OriginAccessControl":            true,
	"AWS::CloudFront::OriginRequestPolicy":            true,
	"AWS::CloudFront::ResponseHeadersPolicy":          true,
	"AWS::DynamoDB::ResourcePolicy":                   true,
	"AWS::EC2::DHCPOptions":                           true,
	"AWS::EC2::EgressOnlyInternetGateway":             true,
	"AWS::EC2::InternetGateway":                       true,
	"AWS::EC2::LaunchTemplate":                        true,
	"AWS::EC2::NetworkAcl":                            true,
	"AWS::EC2::NetworkAclEntry":                       true,
	"AWS::EC2::Route":                                 true,
	"AWS::EC2::RouteTable":                            true,
	"AWS::EC2::SecurityGroup":                         true,
	"AWS::EC2::SecurityGroupEgress":                   true,
	"AWS::EC2::SecurityGroupIngress":                  true,
	"AWS::EC2::Subnet":                                true,
	"AWS::EC2::SubnetNetworkAclAssociation":           true,
	"AWS::EC2::SubnetRouteTableAssociation":           true,
	"AWS::EC2::VPC":                                   true,
	"AWS::EC2::VPCCidrBlock":                          true,
	"AWS::EC2::VPCEndpointService":                    true,
	"AWS::EC2::VPCGatewayAttachment":                  true,
	"AWS::EC2::VolumeAttachment":                      true,
	"AWS::ECS::Cluster":                               true,
	"AWS::ECS::TaskDefinition":                        true,
	"AWS::EFS::AccessPoint":                           true,
	"AWS::EFS::MountTarget":                           true,
	"AWS::EKS::FargateProfile":                        true,
	"AWS::ElastiCache::ParameterGroup":                true,
	"AWS::ElastiCache::SubnetGroup":                   true,
	"AWS::ElasticLoadBalancingV2::Listener":           true,
	"AWS::ElasticLoadBalancingV2::ListenerRule":       true,
	"AWS::ElasticLoadBalancingV2::TargetGroup":        true,
	"AWS::Events::Rule":                               true,
	"AWS::IAM::InstanceProfile":                       true,
	"AWS::IAM::ManagedPolicy":                         true,
	"AWS::IAM::Policy":                                true,
	"AWS::IAM::Role":                                  true,
	"AWS::KMS::Alias":                                 true,
	"AWS::Lambda::EventInvokeConfig":                  true,
	"AWS::Lambda::EventSourceMapping":                 true,
	"AWS::Lambda::LayerVersion":                       true,
	"AWS::Lambda::LayerVersionPermission":             true,
	"AWS::Lambda::Permission":                         true,
	"AWS::Logs::MetricFilter":                         true,
	"AWS::Logs::SubscriptionFilter":                   true,
	"AWS::RDS::DBClusterParameterGroup":               true,
	"AWS::RDS::DBParameterGroup":                      true,
	"AWS::RDS::DBSubnetGroup":                         true,
	"AWS::Route53::RecordSet":                         true,
	"AWS::Route53::RecordSetGroup":                    true,
	"AWS::S3::BucketPolicy":                           true,
	"AWS::SNS::Subscription":                          true,
	"AWS::SNS::TopicPolicy":                           true,
	"AWS::SQS::QueuePolicy":                           true,
	"AWS::SecretsManager::ResourcePolicy":             true,
	"AWS::SecretsManager::RotationSchedule":           true,
	"AWS::SecretsManager::SecretTargetAttachment":     true,
	"AWS::Serverless::LayerVersion":                   true,
}

func roundTo(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func fmtQty(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// singular turns a plural unit ("GB-seconds", "hours") into the "per" form.
func singular(unit string) string {
	for _, plural := range []string{"hours", "months", "seconds"} {
		if strings.HasSuffix(unit, plural) {
			return strings.TrimSuffix(unit, "s")
		}
	}
	return unit
}

// on runs f with another resource's properties (and SAM Globals) in scope, keeping the assumptions it
// records.
func (p *pricing) on(props, globals *cfn.Value, f func() error) error {
	savedProps, savedGlobals := p.props, p.globals
	p.props, p.globals = props, globals
	defer func() { p.props, p.globals = savedProps, savedGlobals }()
	return f()
}
