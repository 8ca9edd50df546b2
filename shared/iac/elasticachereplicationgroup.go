package iac

// TypeElastiCacheReplicationGroup is the CloudFormation and AWS Config type of an ElastiCache (Redis OSS or
// Valkey) replication group.
const TypeElastiCacheReplicationGroup = "AWS::ElastiCache::ReplicationGroup"

// ElastiCacheReplicationGroup is what rules know about a replication group.
type ElastiCacheReplicationGroup struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// AtRestEncryption and TransitEncryption both default to false.
	AtRestEncryption  Tri
	TransitEncryption Tri
}

func elastiCacheReplicationGroupFromTemplate(p templateProps) *ElastiCacheReplicationGroup {
	return &ElastiCacheReplicationGroup{
		Line:              p.res.Line,
		AtRestEncryption:  p.tri(p.props, "", "AtRestEncryptionEnabled"),
		TransitEncryption: p.tri(p.props, "", "TransitEncryptionEnabled"),
	}
}

// elastiCacheConfigUnknown is why the Config builder knows nothing: the managed rules for replication groups
// are periodic and read the ElastiCache API, and the field names of the configuration item could not be
// confirmed against AWS Config's resource schema.
const elastiCacheConfigUnknown = "the AWS Config item's encryption fields for replication groups are not confirmed; " +
	"check with elasticache:DescribeReplicationGroups"

// elastiCacheReplicationGroupFromConfig leaves every setting unknown (see elastiCacheConfigUnknown) rather than
// guess at field names.
func elastiCacheReplicationGroupFromConfig(ConfigItem) *ElastiCacheReplicationGroup {
	return &ElastiCacheReplicationGroup{
		AtRestEncryption:  Unknowable[bool](elastiCacheConfigUnknown, 0),
		TransitEncryption: Unknowable[bool](elastiCacheConfigUnknown, 0),
	}
}

// settings are the group's effective settings for drift.
func (g *ElastiCacheReplicationGroup) settings() []setting {
	return []setting{
		effective("AtRestEncryptionEnabled", g.AtRestEncryption, false),
		effective("TransitEncryptionEnabled", g.TransitEncryption, false),
	}
}
