package forecast

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// defaultEC2InstanceType is what CloudFormation launches when AWS::EC2::Instance has no InstanceType.
const defaultEC2InstanceType = "m1.small"

// ec2InstancePricer prices AWS::EC2::Instance at the on-demand Linux rate of its instance type (given
// directly or by its launch template), its EBS volumes, and the CCF estimate of its compute, memory and
// embodied emissions.
func ec2InstancePricer() pricer {
	return pricer{
		types:  []string{"AWS::EC2::Instance"},
		prices: ebsPriceIDs,
		price:  priceEC2Instance,
	}
}

func priceEC2Instance(p *pricing) (*Cost, error) {
	typ, ok, err := p.str("InstanceType", "InstanceType")
	if err != nil {
		return nil, err
	}
	var ltData *cfn.Value
	if spec := p.prop("LaunchTemplate"); spec != nil {
		ltData, err = launchTemplateData(p, spec)
		if err != nil {
			return nil, err
		}
	}
	if !ok && ltData != nil {
		err := p.on(ltData, nil, func() error {
			var err error
			typ, ok, err = p.str("LaunchTemplateData.InstanceType", "InstanceType")
			return err
		})
		if err != nil {
			return nil, err
		}
		if ok {
			p.assume("InstanceType %s from the launch template", typ)
		}
	}
	if !ok {
		typ = defaultEC2InstanceType
		p.assume("InstanceType: %s (CloudFormation's default when none is given)", typ)
	}
	if tenancy, ok, err := p.str("Tenancy", "Tenancy"); err != nil {
		return nil, err
	} else if ok && !strings.EqualFold(tenancy, "default") {
		return nil, unpriced("tenancy %s is not priced", tenancy)
	}
	cost, err := ec2Compute(p, typ, 1)
	if err != nil {
		return nil, err
	}
	bdm := p.prop("BlockDeviceMappings")
	if bdm == nil && ltData != nil {
		bdm = ltData.Get("BlockDeviceMappings")
	}
	vols, kg, err := blockDeviceVolumes(p, bdm, 1)
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, vols...)
	cost.MonthlyKgCO2e += kg
	return cost, nil
}

// ec2Compute prices n instances of a type running all month, with their CCF carbon estimate.
func ec2Compute(p *pricing, typ string, n float64) (*Cost, error) {
	ip, found := p.prices.Instance(typ)
	if !found {
		if len(p.prices.Instances) == 0 {
			return nil, unpriced("no embedded price for instance type %s in %s: no source for this region's EC2 prices was found when the snapshot was built (attest prices refresh regenerates it)", typ, p.region)
		}
		return nil, unpriced("no embedded price for instance type %s in %s", typ, p.region)
	}
	if !ip.Verified {
		p.assume("price of %s ($%s per hour) is from %s and not verified against the AWS Price List", typ, fmtQty(ip.HourlyUSD), ip.Source)
	}
	p.assume("Linux, shared tenancy, on-demand, running all month (730 h)")
	name := fmt.Sprintf("Instance usage (Linux/UNIX, on-demand, %s)", typ)
	if n != 1 {
		name = fmt.Sprintf("Instance usage (Linux/UNIX, on-demand, %s × %s)", fmtQty(n), typ)
	}
	cost := &Cost{Components: []Component{component(name, "hours", n*HoursPerMonth, ip.HourlyUSD, false)}}
	cost.MonthlyKgCO2e = instanceCarbon(p, typ, n*HoursPerMonth)
	return cost, nil
}

// instanceCarbon is the CCF estimate of a server-backed instance class (EC2, db.*, cache.*, *.search) for
// some hours, with the figures behind it as an assumption; zero, with the reason, when the class has no
// coefficients.
func instanceCarbon(p *pricing, class string, hours float64) float64 {
	c, ok, why := p.carbon.EC2(class, hours, p.region)
	if !ok {
		p.assume("carbon not estimated: %s", why)
		return 0
	}
	p.assume("carbon: CCF estimate for %s, compute %.3f kg at %.0f%% utilisation, memory %.3f kg, embodied %.3f kg",
		class, c.ComputeKg, 100*p.carbon.DefaultUtilization, c.MemoryKg, c.EmbodiedKg)
	return c.Total()
}

// launchTemplateData returns the resolved LaunchTemplateData of the AWS::EC2::LaunchTemplate that a
// launch template specification names, by id or by name (LaunchTemplateId and LaunchTemplateName in EC2
// and Auto Scaling, Id and Name in EKS node groups).
func launchTemplateData(p *pricing, spec *cfn.Value) (*cfn.Value, error) {
	if err := p.known(spec, "LaunchTemplate"); err != nil {
		return nil, err
	}
	id, name := spec.Get("LaunchTemplateId"), spec.Get("LaunchTemplateName")
	if id == nil && name == nil {
		id, name = spec.Get("Id"), spec.Get("Name")
	}
	if id != nil {
		if r := p.target(id); r != nil && r.Type == "AWS::EC2::LaunchTemplate" {
			return p.propsOf(r).Get("LaunchTemplateData"), nil
		}
		return nil, unpriced("the launch template %s is not in this template, so its instance type is unknown", describe(p, id))
	}
	if r := p.target(name); r != nil && r.Type == "AWS::EC2::LaunchTemplate" {
		return p.propsOf(r).Get("LaunchTemplateData"), nil
	}
	if s, ok := name.Str(); ok {
		for _, r := range p.tmpl.ResourcesOfType("AWS::EC2::LaunchTemplate") {
			props := p.propsOf(r)
			if n, _ := props.Get("LaunchTemplateName").Str(); n == s {
				return props.Get("LaunchTemplateData"), nil
			}
		}
	}
	return nil, unpriced("the launch template %s is not in this template, so its instance type is unknown", describe(p, name))
}

// describe names a value in a message: its text, or why it is unknown.
func describe(p *pricing, v *cfn.Value) string {
	if v.IsIntrinsic() {
		return p.resolver.Why(v)
	}
	if v.IsNull() {
		return "(none given)"
	}
	return fmt.Sprintf("%q", scalarText(v))
}
