package iac

import "strings"

// TypeDynamoDBTable is the CloudFormation and AWS Config type of a DynamoDB table.
const TypeDynamoDBTable = "AWS::DynamoDB::Table"

// TypeDynamoDBGlobalTable is a multi-region table; its SSESpecification has the shape of a table's, and
// dynamodb-table-encrypted-kms reads it through the DynamoDBTable view.
const TypeDynamoDBGlobalTable = "AWS::DynamoDB::GlobalTable"

// DynamoDBTable is what rules know about a DynamoDB table.
type DynamoDBTable struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// SSEType is the kind of key that encrypts the table: KMS for a KMS key (AWS managed or customer managed),
	// Absent for the AWS owned key DynamoDB uses by default.
	SSEType Fact[string]
	// KMSKey is the customer managed key, when one is named.
	KMSKey Fact[string]
	// PITR is point-in-time recovery; off by default.
	PITR Tri
}

func dynamoDBTableFromTemplate(p templateProps) *DynamoDBTable {
	t := &DynamoDBTable{Line: p.res.Line}
	enabled := p.tri(p.props, "", "SSESpecification", "SSEEnabled")
	switch {
	case enabled.State == Unknown:
		t.SSEType = Unknowable[string](enabled.Why, enabled.Line)
	case enabled.State == Absent || !enabled.Value:
		t.SSEType = Missing[string](enabled.Line)
	default:
		// SSEType KMS is the only value CloudFormation accepts, and the default once SSE is enabled.
		t.SSEType = p.str(p.props, "", "SSESpecification", "SSEType")
		if t.SSEType.State == Absent {
			t.SSEType = Known("KMS", enabled.Line)
		}
	}
	t.KMSKey = p.str(p.props, "", "SSESpecification", "KMSMasterKeyId")
	t.PITR = p.tri(p.props, "", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
	return t
}

// dynamoDBTableFromConfig reads a table's configuration item: configuration.ssedescription (ssetype, status,
// kmsmasterKeyArn; left out for the AWS owned key) and supplementaryConfiguration.ContinuousBackupsDescription.
func dynamoDBTableFromConfig(ci ConfigItem) *DynamoDBTable {
	c := ci.fields()
	t := &DynamoDBTable{}
	if c.fields == nil {
		t.SSEType, t.KMSKey = Unknowable[string](c.why, 0), Unknowable[string](c.why, 0)
	} else {
		sse := c.nestedOptional("ssedescription")
		status := configOptional[string](sse, "status")
		t.SSEType = configOptional[string](sse, "ssetype")
		t.KMSKey = configOptional[string](sse, "kmsmasterKeyArn")
		// A key being disabled or replaced still encrypts with KMS; only a description with no status is odd.
		if status.State == Set && strings.EqualFold(status.Value, "DISABLED") {
			t.SSEType = Missing[string](0)
		}
	}
	var backups struct {
		PITR *struct {
			Status *string `json:"pointInTimeRecoveryStatus"`
		} `json:"pointInTimeRecoveryDescription"`
	}
	if ok, why := ci.supplementary("ContinuousBackupsDescription", &backups); !ok {
		t.PITR = Unknowable[bool](why, 0)
	} else if backups.PITR == nil || backups.PITR.Status == nil {
		t.PITR = Unknowable[bool]("supplementaryConfiguration.ContinuousBackupsDescription has no pointInTimeRecoveryStatus", 0)
	} else {
		t.PITR = Known(strings.EqualFold(*backups.PITR.Status, "ENABLED"), 0)
	}
	return t
}

// settings are the table's effective settings for drift.
func (t *DynamoDBTable) settings() []setting {
	return []setting{
		effective("SSESpecification.SSEType", t.SSEType, "AWS_OWNED"),
		effective("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", t.PITR, false),
	}
}
