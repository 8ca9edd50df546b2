package forecast

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// EBS performance included in a gp3 volume's storage price; only what is provisioned beyond is charged.
const (
	gp3FreeIOPS       = 3000
	gp3FreeThroughput = 125 // MiB/s
	io2Tier1IOPS      = 32000
	io2Tier2IOPS      = 64000
)

// ebsPriceIDs are the prices EBS volumes read, wherever they are declared.
var ebsPriceIDs = []string{"ebs.gp2.storage", "ebs.gp3.storage", "ebs.gp3.iops", "ebs.gp3.throughput",
	"ebs.io1.storage", "ebs.io1.iops", "ebs.io2.storage", "ebs.io2.iops.tier1", "ebs.io2.iops.tier2",
	"ebs.io2.iops.tier3", "ebs.st1.storage", "ebs.sc1.storage", "ebs.standard.storage"}

// ebsVolumePricer prices AWS::EC2::Volume: storage by volume type, and provisioned IOPS and throughput
// (gp3 beyond its included 3,000 IOPS and 125 MiB/s; io1; io2 in its three IOPS tiers).
func ebsVolumePricer() pricer {
	return pricer{
		types:  []string{"AWS::EC2::Volume"},
		prices: ebsPriceIDs,
		price:  priceEBSVolume,
	}
}

// ebsVolume is one EBS volume's priced shape.
type ebsVolume struct {
	volumeType       string
	sizeGB           float64
	iops, throughput float64
}

func priceEBSVolume(p *pricing) (*Cost, error) {
	v, err := readEBS(p, "gp2")
	if err != nil {
		return nil, err
	}
	if v.sizeGB == 0 {
		if p.prop("SnapshotId") != nil {
			return nil, unpriced("Size is not given: the volume takes its snapshot's size, which is not known before deployment")
		}
		return nil, unpriced("Size is not given")
	}
	comps, kg, err := ebsComponents(p, v, 1)
	if err != nil {
		return nil, err
	}
	return &Cost{Components: comps, MonthlyKgCO2e: kg}, nil
}

// readEBS reads Size/VolumeSize, VolumeType, Iops and Throughput of the properties in scope; a size of 0
// means none was given.
func readEBS(p *pricing, defaultType string) (ebsVolume, error) {
	v := ebsVolume{volumeType: defaultType}
	typ, ok, err := p.str("VolumeType", "VolumeType")
	if err != nil {
		return v, err
	}
	if ok {
		v.volumeType = strings.ToLower(typ)
	} else {
		p.assume("VolumeType: %s (the default)", defaultType)
	}
	for _, key := range []string{"Size", "VolumeSize"} {
		size, ok, err := p.num(key, key)
		if err != nil {
			return v, err
		}
		if ok {
			v.sizeGB = size
		}
	}
	if v.iops, _, err = p.num("Iops", "Iops"); err != nil {
		return v, err
	}
	if v.throughput, _, err = p.num("Throughput", "Throughput"); err != nil {
		return v, err
	}
	return v, nil
}

// ebsComponents prices n volumes of one shape for a month, with the CCF storage estimate (SSD or HDD,
// EBS replication factor).
func ebsComponents(p *pricing, v ebsVolume, n float64) ([]Component, float64, error) {
	label := fmt.Sprintf("%s GB", fmtQty(v.sizeGB))
	if n != 1 {
		label = fmt.Sprintf("%s × %s GB", fmtQty(n), fmtQty(v.sizeGB))
	}
	var out []Component
	add := func(id, name, unit string, qty float64) error {
		pr, err := p.price(id)
		if err != nil {
			return err
		}
		out = append(out, component(name, unit, qty, pr.USD, false))
		return nil
	}
	ssd := true
	var err error
	switch v.volumeType {
	case "gp2", "st1", "sc1", "standard":
		names := map[string]string{"gp2": "General Purpose SSD (gp2)", "st1": "Throughput Optimized HDD (st1)", "sc1": "Cold HDD (sc1)", "standard": "Magnetic (standard)"}
		ssd = v.volumeType == "gp2"
		err = add("ebs."+v.volumeType+".storage", fmt.Sprintf("Storage (%s, %s)", names[v.volumeType], label), "GB-months", v.sizeGB*n)
		if v.volumeType == "standard" {
			p.assume("I/O requests of magnetic volumes are not priced")
		}
	case "gp3":
		err = add("ebs.gp3.storage", fmt.Sprintf("Storage (General Purpose SSD (gp3), %s)", label), "GB-months", v.sizeGB*n)
		if err == nil && v.iops > gp3FreeIOPS {
			err = add("ebs.gp3.iops", fmt.Sprintf("Provisioned IOPS beyond %d (gp3)", gp3FreeIOPS), "IOPS-months", (v.iops-gp3FreeIOPS)*n)
		}
		if err == nil && v.throughput > gp3FreeThroughput {
			err = add("ebs.gp3.throughput", fmt.Sprintf("Provisioned throughput beyond %d MiB/s (gp3)", gp3FreeThroughput), "MBps-months", (v.throughput-gp3FreeThroughput)*n)
		}
	case "io1":
		if v.iops == 0 {
			return nil, 0, unpriced("an io1 volume needs Iops")
		}
		err = add("ebs.io1.storage", fmt.Sprintf("Storage (Provisioned IOPS SSD (io1), %s)", label), "GB-months", v.sizeGB*n)
		if err == nil {
			err = add("ebs.io1.iops", "Provisioned IOPS (io1)", "IOPS-months", v.iops*n)
		}
	case "io2":
		if v.iops == 0 {
			return nil, 0, unpriced("an io2 volume needs Iops")
		}
		err = add("ebs.io2.storage", fmt.Sprintf("Storage (Provisioned IOPS SSD (io2), %s)", label), "GB-months", v.sizeGB*n)
		tiers := []struct {
			id         string
			from, upTo float64
		}{{"ebs.io2.iops.tier1", 0, io2Tier1IOPS}, {"ebs.io2.iops.tier2", io2Tier1IOPS, io2Tier2IOPS}, {"ebs.io2.iops.tier3", io2Tier2IOPS, 1e12}}
		for i, t := range tiers {
			if err != nil || v.iops <= t.from {
				break
			}
			err = add(t.id, fmt.Sprintf("Provisioned IOPS (io2, tier %d)", i+1), "IOPS-months", (min(v.iops, t.upTo)-t.from)*n)
		}
	default:
		return nil, 0, unpriced("unknown EBS volume type %q", v.volumeType)
	}
	if err != nil {
		return nil, 0, err
	}
	var kg float64
	if ssd {
		kg = p.carbon.SSDStorageKg(v.sizeGB*n, HoursPerMonth, "ebs", p.region)
	} else {
		kg = p.carbon.HDDStorageKg(v.sizeGB*n, HoursPerMonth, "ebs", p.region)
	}
	p.assume("carbon: EBS storage estimate (CCF %s coefficient, replication factor %g)", map[bool]string{true: "SSD", false: "HDD"}[ssd], p.carbon.replication("ebs"))
	return out, kg, nil
}

// blockDeviceVolumes prices the EBS volumes of a BlockDeviceMappings list, for n instances. A mapping
// without VolumeSize takes its AMI snapshot's size, which is not known: it is left out, and said so.
func blockDeviceVolumes(p *pricing, bdm *cfn.Value, n float64) ([]Component, float64, error) {
	if bdm.IsNull() {
		p.assume("the root volume from the AMI is not priced (its size is not in the template)")
		return nil, 0, nil
	}
	if err := p.known(bdm, "BlockDeviceMappings"); err != nil {
		return nil, 0, err
	}
	var out []Component
	var kg float64
	for _, m := range bdm.Items() {
		ebs := m.Get("Ebs")
		if ebs.IsNull() {
			continue // instance store or NoDevice
		}
		dev, _ := m.Get("DeviceName").Str()
		var v ebsVolume
		err := p.on(ebs, nil, func() error {
			var err error
			v, err = readEBS(p, "gp2")
			return err
		})
		if err != nil {
			return nil, 0, err
		}
		if v.sizeGB == 0 {
			p.assume("volume %s takes its AMI snapshot's size, which is not in the template: not priced", dev)
			continue
		}
		comps, k, err := ebsComponents(p, v, n)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, comps...)
		kg += k
	}
	return out, kg, nil
}
