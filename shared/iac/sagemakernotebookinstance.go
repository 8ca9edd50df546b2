package iac

// TypeSageMakerNotebookInstance is the CloudFormation and AWS Config type of a SageMaker notebook instance.
const TypeSageMakerNotebookInstance = "AWS::SageMaker::NotebookInstance"

// SageMakerNotebookInstance is what rules know about a notebook instance.
type SageMakerNotebookInstance struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KMSKeyID encrypts the instance's ML storage volume; Absent means an AWS managed key.
	KMSKeyID Fact[string]
}

func sageMakerNotebookInstanceFromTemplate(p templateProps) *SageMakerNotebookInstance {
	return &SageMakerNotebookInstance{Line: p.res.Line, KMSKeyID: p.str(p.props, "", "KmsKeyId")}
}

// sageMakerNotebookInstanceFromConfig reads configuration.KmsKeyId, recorded in the CloudFormation schema.
func sageMakerNotebookInstanceFromConfig(ci ConfigItem) *SageMakerNotebookInstance {
	return &SageMakerNotebookInstance{KMSKeyID: configOptional[string](ci.fields(), "KmsKeyId")}
}

// settings are the notebook instance's effective settings for drift.
func (n *SageMakerNotebookInstance) settings() []setting {
	return []setting{effective("KmsKeyId", n.KMSKeyID, "")}
}
