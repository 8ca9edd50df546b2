package forecast

import "github.com/attestdev/attest/shared/cfn"

// autoScalingGroupPricer prices AWS::AutoScaling::AutoScalingGroup as its instances: the instance type and
// volumes of its launch template (or launch configuration, or the first override of a mixed instances
// policy), times the desired capacity (or the minimum size, or the usage file's "instances").
func autoScalingGroupPricer() pricer {
	return pricer{
		types:  []string{"AWS::AutoScaling::AutoScalingGroup"},
		usage:  keys("instances"),
		prices: ebsPriceIDs,
		price:  priceAutoScalingGroup,
	}
}

func priceAutoScalingGroup(p *pricing) (*Cost, error) {
	n, err := groupSize(p)
	if err != nil {
		return nil, err
	}
	typ, data, err := asgInstanceType(p)
	if err != nil {
		return nil, err
	}
	if p.prop("MixedInstancesPolicy", "InstancesDistribution") != nil {
		p.assume("every instance priced on-demand; a Spot share in the instances distribution is not modelled")
	}
	cost, err := ec2Compute(p, typ, n)
	if err != nil {
		return nil, err
	}
	vols, kg, err := blockDeviceVolumes(p, data.Get("BlockDeviceMappings"), n)
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, vols...)
	cost.MonthlyKgCO2e += kg
	return cost, nil
}

// groupSize is the number of instances a group runs: the usage file's, else DesiredCapacity, else MinSize.
func groupSize(p *pricing) (float64, error) {
	if v, key, ok := p.usage.lookup(p.file, p.res.LogicalID, p.res.Type, "instances"); ok {
		p.assume("instances: %s from the usage file (%s)", fmtQty(v), key)
		return v, nil
	}
	for _, key := range []string{"DesiredCapacity", "MinSize"} {
		n, ok, err := p.num(key, key)
		if err != nil {
			return 0, err
		}
		if ok {
			p.assume("%s instances (%s) all month; scaling is not modelled (set instances in a usage file)", fmtQty(n), key)
			return n, nil
		}
	}
	return 0, unpriced("neither DesiredCapacity nor MinSize is given")
}

// asgInstanceType finds the group's instance type and the launch data that holds its volumes.
func asgInstanceType(p *pricing) (string, *cfn.Value, error) {
	spec := p.prop("LaunchTemplate")
	mixed := p.prop("MixedInstancesPolicy", "LaunchTemplate")
	if spec == nil && mixed != nil {
		spec = mixed.Get("LaunchTemplateSpecification")
	}
	var data *cfn.Value
	switch {
	case spec != nil:
		d, err := launchTemplateData(p, spec)
		if err != nil {
			return "", nil, err
		}
		data = d
	case p.prop("LaunchConfigurationName") != nil:
		lc := p.target(p.prop("LaunchConfigurationName"))
		if lc == nil || lc.Type != "AWS::AutoScaling::LaunchConfiguration" {
			return "", nil, unpriced("the launch configuration %s is not in this template, so its instance type is unknown", describe(p, p.prop("LaunchConfigurationName")))
		}
		data = p.propsOf(lc)
	default:
		return "", nil, unpriced("no launch template or launch configuration: the instance type is unknown")
	}
	// An override's instance type wins over the template's; the first override is priced.
	if ov := mixed.Get("Overrides").Items(); len(ov) > 0 {
		if t, ok := ov[0].Get("InstanceType").Str(); ok {
			if len(ov) > 1 {
				p.assume("priced with the first of %d instance type overrides (%s)", len(ov), t)
			}
			return t, data, nil
		}
	}
	v := data.Get("InstanceType")
	if v.IsIntrinsic() {
		return "", nil, unpriced("InstanceType is not known before deployment: %s", p.resolver.Why(v))
	}
	t, ok := v.Str()
	if !ok {
		return "", nil, unpriced("the launch template or configuration gives no InstanceType")
	}
	return t, data, nil
}
