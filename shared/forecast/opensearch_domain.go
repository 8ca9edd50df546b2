package forecast

import (
	"fmt"
	"strings"
)

// openSearchPricer prices AWS::OpenSearchService::Domain and AWS::Elasticsearch::Domain: data node and
// dedicated master hours by instance type, and the EBS storage of every data node.
func openSearchPricer() pricer {
	return pricer{
		types:  []string{"AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"},
		prices: []string{"opensearch.instance.*", "opensearch.storage.gp2", "opensearch.storage.gp3"},
		price:  priceOpenSearch,
	}
}

func priceOpenSearch(p *pricing) (*Cost, error) {
	conf := "ClusterConfig"
	if p.res.Type == "AWS::Elasticsearch::Domain" {
		conf = "ElasticsearchClusterConfig"
	}
	typ, ok, err := p.str(conf+".InstanceType", conf, "InstanceType")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, unpriced("%s.InstanceType is not given", conf)
	}
	count, err := p.count(conf+".InstanceCount", 1, conf, "InstanceCount")
	if err != nil {
		return nil, err
	}
	if warm, _, err := p.flag(conf+".WarmEnabled", conf, "WarmEnabled"); err != nil {
		return nil, err
	} else if warm {
		return nil, unpriced("UltraWarm nodes are not priced")
	}
	ip, err := p.price("opensearch.instance." + typ)
	if err != nil {
		return nil, err
	}
	cost := &Cost{Components: []Component{
		component(fmt.Sprintf("Data nodes (on-demand, %s × %s)", fmtQty(count), typ), "hours", count*HoursPerMonth, ip.USD, false),
	}}
	kg := instanceCarbon(p, typ, count*HoursPerMonth)
	if dedicated, _, err := p.flag(conf+".DedicatedMasterEnabled", conf, "DedicatedMasterEnabled"); err != nil {
		return nil, err
	} else if dedicated {
		mt, ok, err := p.str(conf+".DedicatedMasterType", conf, "DedicatedMasterType")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, unpriced("DedicatedMasterEnabled without DedicatedMasterType")
		}
		mc, err := p.count(conf+".DedicatedMasterCount", 3, conf, "DedicatedMasterCount")
		if err != nil {
			return nil, err
		}
		mp, err := p.price("opensearch.instance." + mt)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component(fmt.Sprintf("Dedicated master nodes (on-demand, %s × %s)", fmtQty(mc), mt), "hours", mc*HoursPerMonth, mp.USD, false))
		kg += instanceCarbon(p, mt, mc*HoursPerMonth)
	}
	if on, _, err := p.flag("EBSOptions.EBSEnabled", "EBSOptions", "EBSEnabled"); err != nil {
		return nil, err
	} else if on {
		size, ok, err := p.num("EBSOptions.VolumeSize", "EBSOptions", "VolumeSize")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, unpriced("EBSOptions.VolumeSize is not given")
		}
		vt, ok, err := p.str("EBSOptions.VolumeType", "EBSOptions", "VolumeType")
		if err != nil {
			return nil, err
		}
		if !ok {
			vt = "gp2"
			p.assume("EBSOptions.VolumeType: gp2 (the default)")
		}
		vt = strings.ToLower(vt)
		if vt != "gp2" && vt != "gp3" {
			return nil, unpriced("EBS volume type %s of a domain is not priced", vt)
		}
		sp, err := p.price("opensearch.storage." + vt)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component(fmt.Sprintf("Storage (%s, %s × %s GB)", vt, fmtQty(count), fmtQty(size)), "GB-months", count*size, sp.USD, false))
		if vt == "gp3" && (p.prop("EBSOptions", "Iops") != nil || p.prop("EBSOptions", "Throughput") != nil) {
			p.assume("gp3 IOPS and throughput beyond the baseline are not priced")
		}
		kg += p.carbon.SSDStorageKg(count*size, HoursPerMonth, "default", p.region)
		p.assume("carbon: storage estimated with the CCF SSD coefficient")
	}
	p.assume("nodes run all month (730 h); snapshots and data transfer are not priced")
	cost.MonthlyKgCO2e = kg
	return cost, nil
}
