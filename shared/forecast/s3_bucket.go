package forecast

import "fmt"

// Default S3 usage, documented in the assumptions of every forecast that takes them.
const (
	defaultS3StorageGB   = 10
	defaultS3PutRequests = 10_000
	defaultS3GetRequests = 100_000
)

// s3StorageClasses are the storage classes a bucket's data may sit in, with the usage name that says how
// much, and the price id. S3 Standard takes a default; the others only what the usage file says.
var s3StorageClasses = []struct {
	usage, name, price string
}{
	{"storageGB", "S3 Standard", "s3.standard.storage"},
	{"intelligentTieringStorageGB", "S3 Intelligent-Tiering, frequent access", "s3.intelligenttiering.storage"},
	{"standardIAStorageGB", "S3 Standard-IA", "s3.standardia.storage"},
	{"oneZoneIAStorageGB", "S3 One Zone-IA", "s3.onezoneia.storage"},
	{"glacierInstantRetrievalStorageGB", "S3 Glacier Instant Retrieval", "s3.glacierir.storage"},
	{"glacierFlexibleRetrievalStorageGB", "S3 Glacier Flexible Retrieval", "s3.glacier.storage"},
	{"deepArchiveStorageGB", "S3 Glacier Deep Archive", "s3.deeparchive.storage"},
}

// s3BucketPricer prices AWS::S3::Bucket: storage by storage class (S3 Standard by default, other classes
// from the usage file) and requests.
func s3BucketPricer() pricer {
	pr := pricer{
		types:  []string{"AWS::S3::Bucket"},
		usage:  keys("monthlyPutRequests", "monthlyGetRequests"),
		prices: []string{"s3.requests.put", "s3.requests.get"},
		price:  priceS3Bucket,
	}
	for _, c := range s3StorageClasses {
		pr.usage = append(pr.usage, keys(c.usage)...)
		pr.prices = append(pr.prices, c.price)
	}
	return pr
}

func priceS3Bucket(p *pricing) (*Cost, error) {
	cost := &Cost{}
	var totalGB float64
	for _, c := range s3StorageClasses {
		var gb float64
		if c.usage == "storageGB" {
			gb = p.use(c.usage, defaultS3StorageGB, "stored data in S3 Standard (GB)")
		} else if v, key, ok := p.usage.lookup(p.file, p.res.LogicalID, p.res.Type, c.usage); ok {
			gb = v
			p.assume("stored data in %s (GB): %s from the usage file (%s)", c.name, fmtQty(v), key)
		} else {
			continue
		}
		sp, err := p.price(c.price)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component(fmt.Sprintf("Storage (%s)", c.name), "GB-months", gb, sp.USD, true))
		totalGB += gb
	}
	puts := p.use("monthlyPutRequests", defaultS3PutRequests, "PUT, COPY, POST and LIST requests per month")
	gets := p.use("monthlyGetRequests", defaultS3GetRequests, "GET and SELECT requests per month")
	pp, err := p.price("s3.requests.put")
	if err != nil {
		return nil, err
	}
	gp, err := p.price("s3.requests.get")
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components,
		component("PUT, COPY, POST, LIST requests", "1k requests", puts/1000, pp.USD, true),
		component("GET, SELECT and all other requests", "1k requests", gets/1000, gp.USD, true))
	if p.prop("LifecycleConfiguration") != nil || p.prop("IntelligentTieringConfigurations") != nil {
		p.assume("lifecycle and tiering rules are not modelled: data is priced in the classes the usage file gives (S3 Standard by default)")
	}
	p.assume("data transfer, retrieval and monitoring fees are not priced")
	r := p.carbon.ReplicationFactors["s3"]
	cost.MonthlyKgCO2e = p.carbon.operationalKg(totalGB/1000*HoursPerMonth*p.carbon.HDDWhPerTBHour/1000*r, p.region)
	p.assume("carbon: estimate of storage only (CCF HDD coefficient, replication factor %g)", r)
	return cost, nil
}
