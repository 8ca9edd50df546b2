package forecast

import (
	"fmt"
	"math"
	"strconv"

	"github.com/attestdev/attest/shared/cfn"
)

// pricer prices the resource types it lists. One pricer per file, registered in pricers().
type pricer struct {
	types []string
	// usage lists the usage names the pricer reads.
	usage []usageKey
	price func(p *pricing) (*Cost, error)
}

// pricers is the one list of resource pricers: a type not priced here is unpriced, or free when listed in
// freeTypes.
func pricers() []pricer {
	return []pricer{
		lambdaFunctionPricer(),
		dynamoDBTablePricer(),
		natGatewayPricer(),
		ec2InstancePricer(),
		eipPricer(),
		s3BucketPricer(),
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

// price returns a price of the table, or fails: a missing price is never a zero.
func (p *pricing) price(id string) (Price, error) {
	pr, err := p.prices.mustPrice(id)
	if err != nil {
		return Price{}, err
	}
	if !pr.Verified {
		p.assume("price %s ($%s per %s) is from %s and not verified against the AWS Price List", id, fmtQty(pr.USD), singular(pr.Unit), pr.Source)
	}
	return pr, nil
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
// goes unmentioned.
var freeTypes = map[string]bool{
	"AWS::CloudFormation::WaitConditionHandle": true,
	"AWS::EC2::InternetGateway":                true,
	"AWS::EC2::Route":                          true,
	"AWS::EC2::RouteTable":                     true,
	"AWS::EC2::SecurityGroup":                  true,
	"AWS::EC2::SecurityGroupEgress":            true,
	"AWS::EC2::SecurityGroupIngress":           true,
	"AWS::EC2::Subnet":                         true,
	"AWS::EC2::SubnetRouteTableAssociation":    true,
	"AWS::EC2::VPC":                            true,
	"AWS::EC2::VPCGatewayAttachment":           true,
	"AWS::IAM::InstanceProfile":                true,
	"AWS::IAM::ManagedPolicy":                  true,
	"AWS::IAM::Policy":                         true,
	"AWS::IAM::Role":                           true,
	"AWS::Lambda::Alias":                       true,
	"AWS::Lambda::EventInvokeConfig":           true,
	"AWS::Lambda::Permission":                  true,
	"AWS::Lambda::Version":                     true,
	"AWS::SNS::Subscription":                   true,
	"AWS::SNS::TopicPolicy":                    true,
	"AWS::SQS::QueuePolicy":                    true,
	"AWS::S3::BucketPolicy":                    true,
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
	switch unit {
	case "hours":
		return "hour"
	case "GB-seconds":
		return "GB-second"
	case "GB-months":
		return "GB-month"
	case "months":
		return "month"
	case "WCU-hours":
		return "WCU-hour"
	case "RCU-hours":
		return "RCU-hour"
	case "AZ-hours":
		return "AZ-hour"
	}
	return unit
}
