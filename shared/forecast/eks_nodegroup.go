package forecast

import "strings"

// EKS managed node group defaults, as the EKS API applies them.
const (
	defaultEKSNodeInstanceType = "t3.medium"
	defaultEKSNodeDesiredSize  = 2
	defaultEKSNodeDiskGiB      = 20
)

// eksNodegroupPricer prices AWS::EKS::Nodegroup as its instances: instance type (or the launch template's),
// desired size, and root volume.
func eksNodegroupPricer() pricer {
	return pricer{
		types:  []string{"AWS::EKS::Nodegroup"},
		usage:  keys("instances"),
		prices: ebsPriceIDs,
		price:  priceEKSNodegroup,
	}
}

func priceEKSNodegroup(p *pricing) (*Cost, error) {
	if ct, ok, err := p.str("CapacityType", "CapacityType"); err != nil {
		return nil, err
	} else if ok && !strings.EqualFold(ct, "ON_DEMAND") {
		return nil, unpriced("capacity type %s is not priced", ct)
	}
	if ami, ok, err := p.str("AmiType", "AmiType"); err != nil {
		return nil, err
	} else if ok && strings.HasPrefix(strings.ToUpper(ami), "WINDOWS") {
		return nil, unpriced("Windows nodes (%s) are not priced", ami)
	}
	var typ string
	types := p.prop("InstanceTypes")
	if err := p.known(types, "InstanceTypes"); err != nil {
		return nil, err
	}
	if items := types.Items(); len(items) > 0 {
		t, ok := items[0].Str()
		if !ok {
			return nil, unpriced("InstanceTypes is not known before deployment")
		}
		typ = t
		if len(items) > 1 {
			p.assume("priced with the first of %d instance types (%s)", len(items), t)
		}
	}
	ltData := p.prop("LaunchTemplate")
	if ltData != nil {
		d, err := launchTemplateData(p, ltData)
		if err != nil {
			return nil, err
		}
		ltData = d
		if typ == "" {
			if t, ok := d.Get("InstanceType").Str(); ok {
				typ = t
			}
		}
	}
	if typ == "" {
		typ = defaultEKSNodeInstanceType
		p.assume("instance type: %s (EKS's default)", typ)
	}
	n, err := nodegroupSize(p)
	if err != nil {
		return nil, err
	}
	cost, err := ec2Compute(p, typ, n)
	if err != nil {
		return nil, err
	}
	if ltData != nil {
		vols, kg, err := blockDeviceVolumes(p, ltData.Get("BlockDeviceMappings"), n)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, vols...)
		cost.MonthlyKgCO2e += kg
		return cost, nil
	}
	disk, ok, err := p.num("DiskSize", "DiskSize")
	if err != nil {
		return nil, err
	}
	if !ok {
		disk = defaultEKSNodeDiskGiB
		p.assume("root volume: %d GiB (EKS's default DiskSize)", defaultEKSNodeDiskGiB)
	}
	p.assume("root volume priced as gp2")
	vols, kg, err := ebsComponents(p, ebsVolume{volumeType: "gp2", sizeGB: disk}, n)
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, vols...)
	cost.MonthlyKgCO2e += kg
	return cost, nil
}

// nodegroupSize is the usage file's "instances", else ScalingConfig.DesiredSize, else MinSize, else EKS's
// default of 2.
func nodegroupSize(p *pricing) (float64, error) {
	if v, key, ok := p.usage.lookup(p.file, p.res.LogicalID, p.res.Type, "instances"); ok {
		p.assume("instances: %s from the usage file (%s)", fmtQty(v), key)
		return v, nil
	}
	for _, key := range []string{"DesiredSize", "MinSize"} {
		n, ok, err := p.num("ScalingConfig."+key, "ScalingConfig", key)
		if err != nil {
			return 0, err
		}
		if ok {
			p.assume("%s nodes (ScalingConfig.%s) all month; scaling is not modelled", fmtQty(n), key)
			return n, nil
		}
	}
	p.assume("%d nodes (EKS's default desired size) all month", defaultEKSNodeDesiredSize)
	return defaultEKSNodeDesiredSize, nil
}
