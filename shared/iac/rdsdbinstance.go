package iac

import "strings"

// TypeRDSDBInstance is the CloudFormation and AWS Config type of an RDS DB instance.
const TypeRDSDBInstance = "AWS::RDS::DBInstance"

// RDSDBInstance is what rules know about an RDS DB instance. Absent settings keep the meaning CloudFormation
// gives them; the rules apply the RDS defaults.
type RDSDBInstance struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Engine is the database engine (mysql, postgres, aurora-postgresql …).
	Engine Fact[string]
	// StorageEncrypted defaults to false for non-Aurora instances.
	StorageEncrypted Tri
	// PubliclyAccessible defaults to true in a default VPC (no DBSubnetGroupName) and false otherwise.
	PubliclyAccessible Tri
	// DBSubnetGroupName is set for an instance placed in a VPC subnet group of the user's choice.
	DBSubnetGroupName Fact[string]
	// BackupRetentionPeriod is in days; RDS defaults to 1, and 0 turns automated backups off.
	BackupRetentionPeriod Fact[int64]
	// DeletionProtection defaults to false.
	DeletionProtection Tri
	// MultiAZ defaults to false.
	MultiAZ Tri
	// LogExports are the log types published to CloudWatch Logs.
	LogExports Fact[[]string]
}

// Aurora reports whether the instance belongs to an Aurora cluster, whose storage, backups and availability
// are set on the cluster. An unknown engine is not Aurora: rules then judge the instance's own settings.
func (d *RDSDBInstance) Aurora() bool {
	return d.Engine.State == Set && strings.HasPrefix(strings.ToLower(d.Engine.Value), "aurora")
}

func rdsDBInstanceFromTemplate(p templateProps) *RDSDBInstance {
	return &RDSDBInstance{
		Line:                  p.res.Line,
		Engine:                p.str(p.props, "", "Engine"),
		StorageEncrypted:      p.tri(p.props, "", "StorageEncrypted"),
		PubliclyAccessible:    p.tri(p.props, "", "PubliclyAccessible"),
		DBSubnetGroupName:     p.str(p.props, "", "DBSubnetGroupName"),
		BackupRetentionPeriod: p.integer(p.props, "", "BackupRetentionPeriod"),
		DeletionProtection:    p.tri(p.props, "", "DeletionProtection"),
		MultiAZ:               p.tri(p.props, "", "MultiAZ"),
		LogExports:            p.strList(p.props, "", "EnableCloudwatchLogsExports"),
	}
}

// rdsDBInstanceFromConfig reads an instance's configuration item. AWS Config records the DescribeDBInstances
// shape in lower camel case: storageEncrypted, publiclyAccessible, backupRetentionPeriod, deletionProtection,
// multiAZ, enabledCloudwatchLogsExports (omitted when no log is exported) and dBSubnetGroup.
func rdsDBInstanceFromConfig(ci ConfigItem) *RDSDBInstance {
	c := ci.fields()
	d := &RDSDBInstance{
		Engine:                configField[string](c, "engine"),
		StorageEncrypted:      configField[bool](c, "storageEncrypted"),
		PubliclyAccessible:    configField[bool](c, "publiclyAccessible"),
		BackupRetentionPeriod: configField[int64](c, "backupRetentionPeriod"),
		DeletionProtection:    configField[bool](c, "deletionProtection"),
		MultiAZ:               configField[bool](c, "multiAZ"),
		LogExports:            configField[[]string](c, "enabledCloudwatchLogsExports"),
	}
	d.DBSubnetGroupName = configField[string](c.nested("dBSubnetGroup"), "dBSubnetGroupName")
	// DescribeDBInstances leaves out an empty export list; with the rest of the item readable, that means none.
	if _, recorded := c.fields["enabledCloudwatchLogsExports"]; c.fields != nil && !recorded {
		d.LogExports = Missing[[]string](0)
	}
	return d
}

// settings are the instance's effective settings for drift.
func (d *RDSDBInstance) settings() []setting {
	return []setting{
		effective("StorageEncrypted", d.StorageEncrypted, false),
		effective("BackupRetentionPeriod", d.BackupRetentionPeriod, int64(1)),
		effective("DeletionProtection", d.DeletionProtection, false),
		effective("MultiAZ", d.MultiAZ, false),
		sliceSetting("EnableCloudwatchLogsExports", d.LogExports),
	}
}
