package forecast

import (
	"fmt"
	"strings"
)

// Default EFS usage, documented in the assumptions of every forecast that takes them.
const (
	defaultEFSStorageGB   = 10
	defaultEFSIAStorageGB = 0
	defaultEFSReadGB      = 10
	defaultEFSWriteGB     = 10
)

// efsFileSystemPricer prices AWS::EFS::FileSystem: storage (Standard or One Zone, and Infrequent Access
// when a lifecycle policy moves data there), and provisioned or Elastic throughput.
func efsFileSystemPricer() pricer {
	return pricer{
		types: []string{"AWS::EFS::FileSystem"},
		usage: keys("storageGB", "infrequentAccessStorageGB", "monthlyReadGB", "monthlyWriteGB"),
		prices: []string{"efs.standard.storage", "efs.onezone.storage", "efs.ia.storage", "efs.onezone.ia.storage",
			"efs.provisioned.throughput", "efs.elastic.read", "efs.elastic.write"},
		price: priceEFS,
	}
}

func priceEFS(p *pricing) (*Cost, error) {
	oneZone := p.prop("AvailabilityZoneName") != nil
	class, prefix := "Standard", "efs."
	if oneZone {
		class, prefix = "One Zone", "efs.onezone."
	}
	sp, err := p.price(prefix + map[bool]string{true: "storage", false: "standard.storage"}[oneZone])
	if err != nil {
		return nil, err
	}
	gb := p.use("storageGB", defaultEFSStorageGB, fmt.Sprintf("stored data in %s (GB)", class))
	cost := &Cost{Components: []Component{component(fmt.Sprintf("Storage (%s)", class), "GB-months", gb, sp.USD, true)}}
	total := gb
	if toIA(p) {
		ip, err := p.price(prefix + "ia.storage")
		if err != nil {
			return nil, err
		}
		ia := p.use("infrequentAccessStorageGB", defaultEFSIAStorageGB, "stored data in Infrequent Access (GB)")
		cost.Components = append(cost.Components, component(fmt.Sprintf("Storage (%s-Infrequent Access)", class), "GB-months", ia, ip.USD, true))
		total += ia
		p.assume("Infrequent Access reads and tiering requests are not priced")
	}
	mode, ok, err := p.str("ThroughputMode", "ThroughputMode")
	if err != nil {
		return nil, err
	}
	if !ok {
		mode = "bursting"
	}
	switch strings.ToLower(mode) {
	case "bursting":
		p.assume("bursting throughput is included in the storage price")
	case "provisioned":
		mibps, ok, err := p.num("ProvisionedThroughputInMibps", "ProvisionedThroughputInMibps")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, unpriced("ThroughputMode provisioned without ProvisionedThroughputInMibps")
		}
		tp, err := p.price("efs.provisioned.throughput")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component("Provisioned throughput", "MBps-months", mibps, tp.USD, false))
		p.assume("provisioned throughput is billed in full; the allowance included with stored data is not deducted")
	case "elastic":
		rp, err := p.price("efs.elastic.read")
		if err != nil {
			return nil, err
		}
		wp, err := p.price("efs.elastic.write")
		if err != nil {
			return nil, err
		}
		r := p.use("monthlyReadGB", defaultEFSReadGB, "data read (GB)")
		w := p.use("monthlyWriteGB", defaultEFSWriteGB, "data written (GB)")
		cost.Components = append(cost.Components,
			component("Elastic throughput reads", "GB", r, rp.USD, true),
			component("Elastic throughput writes", "GB", w, wp.USD, true))
	default:
		return nil, unpriced("unknown ThroughputMode %q", mode)
	}
	cost.MonthlyKgCO2e = p.carbon.SSDStorageKg(total, HoursPerMonth, "default", p.region)
	p.assume("carbon: estimate of storage only (CCF SSD coefficient, replication factor %g)", p.carbon.replication("default"))
	return cost, nil
}

// toIA reports whether a lifecycle policy moves files to Infrequent Access.
func toIA(p *pricing) bool {
	for _, lp := range p.prop("LifecyclePolicies").Items() {
		if lp.Get("TransitionToIA") != nil {
			return true
		}
	}
	return false
}
