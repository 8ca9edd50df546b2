package forecast

import (
	"fmt"
	"strings"
)

// elastiCachePricer prices AWS::ElastiCache::CacheCluster and AWS::ElastiCache::ReplicationGroup: node
// hours by node type (Redis OSS, Valkey and Memcached nodes share a rate), with the nodes' CCF estimate.
func elastiCachePricer() pricer {
	return pricer{
		types:  []string{"AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup"},
		prices: []string{"elasticache.node.*"},
		price:  priceElastiCache,
	}
}

func priceElastiCache(p *pricing) (*Cost, error) {
	nodeType, ok, err := p.str("CacheNodeType", "CacheNodeType")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, unpriced("CacheNodeType is not given")
	}
	var nodes float64
	if p.res.Type == "AWS::ElastiCache::CacheCluster" {
		if nodes, err = p.count("NumCacheNodes", 1, "NumCacheNodes"); err != nil {
			return nil, err
		}
	} else {
		nodes, err = replicationGroupNodes(p)
		if err != nil {
			return nil, err
		}
	}
	if engine, ok, _ := p.str("Engine", "Engine"); ok && !strings.EqualFold(engine, "redis") && !strings.EqualFold(engine, "memcached") && !strings.EqualFold(engine, "valkey") {
		return nil, unpriced("engine %s is not priced", engine)
	}
	np, err := p.price("elasticache.node." + nodeType)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("Cache node (on-demand, %s)", nodeType)
	if nodes != 1 {
		name = fmt.Sprintf("Cache nodes (on-demand, %s × %s)", fmtQty(nodes), nodeType)
	}
	p.assume("nodes run all month (730 h); backups beyond the free allowance and data transfer are not priced")
	cost := &Cost{Components: []Component{component(name, "hours", nodes*HoursPerMonth, np.USD, false)}}
	cost.MonthlyKgCO2e = instanceCarbon(p, nodeType, nodes*HoursPerMonth)
	return cost, nil
}

// replicationGroupNodes counts a replication group's nodes: NumCacheClusters, or node groups (shards)
// times their replicas plus the primary.
func replicationGroupNodes(p *pricing) (float64, error) {
	n, ok, err := p.num("NumCacheClusters", "NumCacheClusters")
	if err != nil {
		return 0, err
	}
	if ok {
		return n, nil
	}
	if confs := p.prop("NodeGroupConfiguration"); confs != nil && p.prop("NumNodeGroups") == nil {
		if err := p.known(confs, "NodeGroupConfiguration"); err != nil {
			return 0, err
		}
		var total float64
		for _, c := range confs.Items() {
			r, ok := c.Get("ReplicaCount").Float()
			if !ok {
				r = 1 // ElastiCache's default replica count per shard
			}
			total += 1 + r
		}
		if total > 0 {
			return total, nil
		}
	}
	shards, err := p.count("NumNodeGroups", 1, "NumNodeGroups")
	if err != nil {
		return 0, err
	}
	replicas, ok, err := p.num("ReplicasPerNodeGroup", "ReplicasPerNodeGroup")
	if err != nil {
		return 0, err
	}
	if !ok {
		if shards > 1 || p.prop("NumNodeGroups") != nil {
			replicas = 1
			p.assume("ReplicasPerNodeGroup: 1 (the default)")
		}
	}
	return shards * (1 + replicas), nil
}
