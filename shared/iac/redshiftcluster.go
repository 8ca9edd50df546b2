package iac

// TypeRedshiftCluster is the CloudFormation and AWS Config type of a provisioned Redshift cluster.
const TypeRedshiftCluster = "AWS::Redshift::Cluster"

// RedshiftCluster is what rules know about a provisioned Redshift cluster.
type RedshiftCluster struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Encrypted is encryption at rest of the cluster's data.
	Encrypted Tri
	// PubliclyAccessible defaults to false.
	PubliclyAccessible Tri
	// AuditLogging is whether audit logs are delivered (to S3 or CloudWatch Logs).
	AuditLogging Tri
}

func redshiftClusterFromTemplate(p templateProps) *RedshiftCluster {
	c := &RedshiftCluster{
		Line:               p.res.Line,
		Encrypted:          p.tri(p.props, "", "Encrypted"),
		PubliclyAccessible: p.tri(p.props, "", "PubliclyAccessible"),
	}
	// Logging is on when LoggingProperties names where logs go: a bucket, or CloudWatch Logs.
	val, state, line, why := p.lookup(p.props, "", "LoggingProperties")
	switch state {
	case Unknown:
		c.AuditLogging = Unknowable[bool](why, line)
	case Absent:
		c.AuditLogging = Missing[bool](line)
	default:
		bucket := p.str(val, "LoggingProperties", "BucketName")
		dest := p.str(val, "LoggingProperties", "LogDestinationType")
		switch {
		case bucket.State == Set || (dest.State == Set && dest.Value == "cloudwatch"):
			c.AuditLogging = Known(true, line)
		case bucket.State == Unknown:
			c.AuditLogging = Unknowable[bool](bucket.Why, bucket.Line)
		case dest.State == Unknown:
			c.AuditLogging = Unknowable[bool](dest.Why, dest.Line)
		default:
			c.AuditLogging = Known(false, line)
		}
	}
	return c
}

// redshiftClusterFromConfig reads configuration.encrypted and publiclyAccessible (DescribeClusters, lower
// camel case) and supplementaryConfiguration.LoggingStatus.loggingEnabled.
func redshiftClusterFromConfig(ci ConfigItem) *RedshiftCluster {
	c := ci.fields()
	r := &RedshiftCluster{
		Encrypted:          configField[bool](c, "encrypted"),
		PubliclyAccessible: configField[bool](c, "publiclyAccessible"),
	}
	var logging struct {
		Enabled *bool `json:"loggingEnabled"`
	}
	if ok, why := ci.supplementary("LoggingStatus", &logging); !ok {
		r.AuditLogging = Unknowable[bool](why, 0)
	} else if logging.Enabled == nil {
		r.AuditLogging = Unknowable[bool]("supplementaryConfiguration.LoggingStatus has no loggingEnabled", 0)
	} else {
		r.AuditLogging = Known(*logging.Enabled, 0)
	}
	return r
}

// settings are the cluster's effective settings for drift.
func (r *RedshiftCluster) settings() []setting {
	return []setting{
		effective("Encrypted", r.Encrypted, false),
		effective("PubliclyAccessible", r.PubliclyAccessible, false),
		effective("LoggingProperties", r.AuditLogging, false),
	}
}
