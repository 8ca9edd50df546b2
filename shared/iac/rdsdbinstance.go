package iac

import (
	"fmt"
	"strings"
)

// TypeRDSDBInstance is the CloudFormation and AWS Config type of an RDS DB instance.
const TypeRDSDBInstance = "AWS::RDS::DBInstance"

// TypeRDSDBCluster is the CloudFormation and AWS Config type of an Aurora or Multi-AZ DB cluster. Rules that
// AWS Config also evaluates on clusters (storage encryption, deletion protection) read it through the
// RDSDBInstance view.
const TypeRDSDBCluster = "AWS::RDS::DBCluster"

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
	// Cluster is true for a DB cluster read through this view: it holds the settings Aurora instances defer to.
	Cluster bool
}

// Aurora reports whether the instance belongs to an Aurora cluster, whose storage, backups and availability
// are set on the cluster. An unknown engine is not Aurora: rules then judge the instance's own settings.
func (d *RDSDBInstance) Aurora() bool {
	return !d.Cluster && d.Engine.State == Set && strings.HasPrefix(strings.ToLower(d.Engine.Value), "aurora")
}

// rdsDBClusterFromTemplate reads the cluster settings the shared rules judge.
func rdsDBClusterFromTemplate(p templateProps) *RDSDBInstance {
	return &RDSDBInstance{
		Line:               p.res.Line,
		Cluster:            true,
		Engine:             p.str(p.props, "", "Engine"),
		StorageEncrypted:   p.tri(p.props, "", "StorageEncrypted"),
		DeletionProtection: p.tri(p.props, "", "DeletionProtection"),
	}
}

// rdsDBClusterFromConfig reads a cluster's configuration item (DescribeDBClusters in lower camel case).
func rdsDBClusterFromConfig(ci ConfigItem) *RDSDBInstance {
	c := ci.fields()
	return &RDSDBInstance{
		Cluster:            true,
		Engine:             configField[string](c, "engine"),
		StorageEncrypted:   configField[bool](c, "storageEncrypted"),
		DeletionProtection: configField[bool](c, "deletionProtection"),
	}
}

func rdsDBInstanceFromTemplate(p templateProps) *RDSDBInstance {
	d := rdsDBInstanceProps(p)
	if d.Aurora() {
		// CloudFormation documents both as "Amazon Aurora: Not applicable": the DB cluster holds them.
		why := "engine " + d.Engine.Value + " takes %s from its DB cluster"
		d.DeletionProtection = Unknowable[bool](fmt.Sprintf(why, "deletion protection"), d.Engine.Line)
		d.LogExports = Unknowable[[]string](fmt.Sprintf(why, "CloudWatch Logs exports"), d.Engine.Line)
	}
	return d
}

func rdsDBInstanceProps(p templateProps) *RDSDBInstance {
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
