package forecast

// defaultS3StorageGB is the documented default of data a bucket stores.
const defaultS3StorageGB = 10

// s3BucketPricer prices AWS::S3::Bucket: S3 Standard storage (requests and transfer are not priced).
func s3BucketPricer() pricer {
	return pricer{
		types: []string{"AWS::S3::Bucket"},
		usage: []usageKey{{"storageGB", "stored data in GB"}},
		price: priceS3Bucket,
	}
}

func priceS3Bucket(p *pricing) (*Cost, error) {
	sp, err := p.price("s3.standard.storage")
	if err != nil {
		return nil, err
	}
	gb := p.use("storageGB", defaultS3StorageGB, "stored data (GB)")
	if p.prop("LifecycleConfiguration") != nil || p.prop("IntelligentTieringConfigurations") != nil {
		p.assume("lifecycle and tiering rules are not modelled: all data priced as S3 Standard")
	}
	p.assume("requests and data transfer are not priced")
	cost := &Cost{Components: []Component{component("Storage (S3 Standard)", "GB-months", gb, sp.USD, true)}}
	r := p.carbon.ReplicationFactors["s3"]
	cost.MonthlyKgCO2e = p.carbon.operationalKg(gb/1000*HoursPerMonth*p.carbon.HDDWhPerTBHour/1000*r, p.region)
	p.assume("carbon: estimate of storage only (CCF HDD coefficient, replication factor %g)", r)
	return cost, nil
}
