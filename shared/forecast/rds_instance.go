package forecast

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// auroraMinACUs is Aurora Serverless v2's smallest capacity, the default of a serverless member.
const auroraMinACUs = 0.5

// rdsEngines maps CloudFormation's Engine values to the engine names of the price ids; engines not here
// (Oracle, SQL Server, Db2: licence-dependent) are unpriced.
var rdsEngines = map[string]string{
	"mysql": "mysql", "mariadb": "mariadb", "postgres": "postgres",
	"aurora": "aurora-mysql", "aurora-mysql": "aurora-mysql", "aurora-postgresql": "aurora-postgresql",
}

var rdsEngineNames = map[string]string{
	"mysql": "MySQL", "mariadb": "MariaDB", "postgres": "PostgreSQL",
	"aurora-mysql": "Aurora MySQL", "aurora-postgresql": "Aurora PostgreSQL",
}

// rdsInstancePricer prices AWS::RDS::DBInstance: instance hours by engine and class (twice for Multi-AZ),
// and storage by type; for a member of an Aurora cluster, its instance hours or Serverless v2 capacity
// (the cluster's storage is priced on AWS::RDS::DBCluster).
func rdsInstancePricer() pricer {
	return pricer{
		types: []string{"AWS::RDS::DBInstance"},
		usage: keys("averageACUs"),
		prices: []string{"rds.instance.*", "rds.storage.gp2", "rds.storage.gp3", "rds.storage.io1", "rds.iops.io1",
			"rds.storage.magnetic", "rds.aurora.serverlessv2"},
		price: priceRDSInstance,
	}
}

func priceRDSInstance(p *pricing) (*Cost, error) {
	class, ok, err := p.str("DBInstanceClass", "DBInstanceClass")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, unpriced("DBInstanceClass is not given")
	}
	engineText, hasEngine, err := p.str("Engine", "Engine")
	if err != nil {
		return nil, err
	}
	clusterVal := p.prop("DBClusterIdentifier")
	if clusterVal != nil {
		if c := p.target(clusterVal); c != nil && c.Type == "AWS::RDS::DBCluster" {
			if e, ok := p.propsOf(c).Get("Engine").Str(); ok && !hasEngine {
				engineText, hasEngine = e, true
			}
			return priceAuroraMember(p, class, engineText, p.propsOf(c).Get("ServerlessV2ScalingConfiguration", "MinCapacity"))
		}
		if !hasEngine {
			return nil, unpriced("the cluster %s is not in this template and the instance gives no Engine", describe(p, clusterVal))
		}
		return priceAuroraMember(p, class, engineText, nil)
	}
	if !hasEngine {
		return nil, unpriced("Engine is not given")
	}
	engine, ok := rdsEngines[strings.ToLower(engineText)]
	if !ok {
		return nil, unpriced("engine %s is not priced (licence-dependent or not in the snapshot)", engineText)
	}
	if strings.HasPrefix(engine, "aurora") {
		return nil, unpriced("an Aurora instance needs DBClusterIdentifier")
	}
	multiAZ, _, err := p.flag("MultiAZ", "MultiAZ")
	if err != nil {
		return nil, err
	}
	copies, deployment := 1.0, "Single-AZ"
	if multiAZ {
		copies, deployment = 2, "Multi-AZ"
		p.assume("Multi-AZ (one standby): instance and storage at twice the Single-AZ rate, as the RDS price list has them for MySQL, MariaDB and PostgreSQL")
	}
	ip, err := p.price("rds.instance." + engine + "." + class)
	if err != nil {
		return nil, err
	}
	cost := &Cost{Components: []Component{
		component(fmt.Sprintf("Database instance (%s, on-demand, %s, %s)", rdsEngineNames[engine], deployment, class), "hours", copies*HoursPerMonth, ip.USD, false),
	}}
	size, ok, err := p.num("AllocatedStorage", "AllocatedStorage")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, unpriced("AllocatedStorage is not given")
	}
	iops, hasIOPS, err := p.num("Iops", "Iops")
	if err != nil {
		return nil, err
	}
	storageType, ok, err := p.str("StorageType", "StorageType")
	if err != nil {
		return nil, err
	}
	if !ok {
		storageType = "gp2"
		if hasIOPS {
			storageType = "io1"
		}
		p.assume("StorageType: %s (CloudFormation's default %s Iops)", storageType, map[bool]string{true: "with", false: "without"}[hasIOPS])
	}
	storageType = strings.ToLower(storageType)
	id := map[string]string{"gp2": "rds.storage.gp2", "gp3": "rds.storage.gp3", "io1": "rds.storage.io1", "standard": "rds.storage.magnetic"}[storageType]
	if id == "" {
		return nil, unpriced("storage type %s is not priced", storageType)
	}
	sp, err := p.price(id)
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, component(fmt.Sprintf("Storage (%s, %s)", storageType, deployment), "GB-months", size*copies, sp.USD, false))
	switch {
	case storageType == "io1":
		pp, err := p.price("rds.iops.io1")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component(fmt.Sprintf("Provisioned IOPS (io1, %s)", deployment), "IOPS-months", iops*copies, pp.USD, false))
	case storageType == "gp3" && hasIOPS:
		p.assume("IOPS and throughput provisioned beyond the gp3 baseline are not priced")
	}
	p.assume("backup storage beyond the database's size and data transfer are not priced")
	cost.MonthlyKgCO2e = instanceCarbon(p, class, copies*HoursPerMonth) + p.carbon.SSDStorageKg(size*copies, HoursPerMonth, "default", p.region)
	p.assume("carbon: storage estimated with the CCF SSD coefficient (replication factor %g per copy)", p.carbon.replication("default"))
	return cost, nil
}

// priceAuroraMember prices an Aurora cluster's instance: hours of its class, or Serverless v2 capacity.
func priceAuroraMember(p *pricing, class, engineText string, minACU *cfn.Value) (*Cost, error) {
	engine, ok := rdsEngines[strings.ToLower(engineText)]
	if !ok || !strings.HasPrefix(engine, "aurora") {
		return nil, unpriced("cluster engine %s is not priced (only Aurora clusters are)", engineText)
	}
	p.assume("a member of an Aurora cluster: the cluster's storage and I/O are priced on the cluster")
	if class == "db.serverless" {
		def := auroraMinACUs
		if minACU != nil {
			if f, ok := minACU.Float(); ok && f > 0 {
				def = f
			}
		}
		acus := p.use("averageACUs", def, "average Aurora capacity units")
		ap, err := p.price("rds.aurora.serverlessv2")
		if err != nil {
			return nil, err
		}
		p.assume("carbon: no published coefficient for Aurora Serverless capacity units")
		return &Cost{Components: []Component{
			component(fmt.Sprintf("Aurora Serverless v2 capacity (%s)", rdsEngineNames[engine]), "ACU-hours", acus*HoursPerMonth, ap.USD, true),
		}}, nil
	}
	ip, err := p.price("rds.instance." + engine + "." + class)
	if err != nil {
		return nil, err
	}
	cost := &Cost{Components: []Component{
		component(fmt.Sprintf("Database instance (%s, on-demand, %s)", rdsEngineNames[engine], class), "hours", HoursPerMonth, ip.USD, false),
	}}
	cost.MonthlyKgCO2e = instanceCarbon(p, class, HoursPerMonth)
	return cost, nil
}
