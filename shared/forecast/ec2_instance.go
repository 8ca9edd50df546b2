package forecast

import (
	"fmt"
	"strings"
)

// defaultEC2InstanceType is what CloudFormation launches when AWS::EC2::Instance has no InstanceType.
const defaultEC2InstanceType = "m1.small"

// ec2InstancePricer prices AWS::EC2::Instance at the on-demand Linux rate of its instance type, with the
// CCF estimate of its compute, memory and embodied emissions.
func ec2InstancePricer() pricer {
	return pricer{
		types: []string{"AWS::EC2::Instance"},
		price: priceEC2Instance,
	}
}

func priceEC2Instance(p *pricing) (*Cost, error) {
	typ, ok, err := p.str("InstanceType", "InstanceType")
	if err != nil {
		return nil, err
	}
	if !ok {
		if p.prop("LaunchTemplate") != nil {
			return nil, unpriced("the instance type comes from a launch template, which is not read")
		}
		typ = defaultEC2InstanceType
		p.assume("InstanceType: %s (CloudFormation's default when none is given)", typ)
	}
	if tenancy, ok, err := p.str("Tenancy", "Tenancy"); err != nil {
		return nil, err
	} else if ok && !strings.EqualFold(tenancy, "default") {
		return nil, unpriced("tenancy %s is not priced", tenancy)
	}
	ip, found := p.prices.Instance(typ)
	if !found {
		return nil, unpriced("no embedded price for instance type %s in %s", typ, p.region)
	}
	if !ip.Verified {
		p.assume("price of %s ($%s per hour) is from %s and not verified against the AWS Price List", typ, fmtQty(ip.HourlyUSD), ip.Source)
	}
	p.assume("Linux, shared tenancy, on-demand, running all month (730 h)")
	if p.prop("BlockDeviceMappings") != nil {
		p.assume("EBS volumes in BlockDeviceMappings are not priced")
	}
	cost := &Cost{Components: []Component{
		component(fmt.Sprintf("Instance usage (Linux, on-demand, %s)", typ), "hours", HoursPerMonth, ip.HourlyUSD, false),
	}}
	c, ok, why := p.carbon.EC2(typ, HoursPerMonth, p.region)
	if !ok {
		p.assume("carbon not estimated: %s", why)
		return cost, nil
	}
	cost.MonthlyKgCO2e = c.Total()
	p.assume("carbon: CCF estimate, compute %.3f kg at %.0f%% utilisation, memory %.3f kg, embodied %.3f kg",
		c.ComputeKg, 100*p.carbon.DefaultUtilization, c.MemoryKg, c.EmbodiedKg)
	return cost, nil
}
