package iac

import "github.com/attestdev/attest/shared/finding"

func sageMakerNotebookInstanceKMSKeyConfigured() Rule {
	return newRule(finding.Rule{
		ID:    "sagemaker-notebook-instance-kms-key-configured",
		Title: "SageMaker notebook instance encrypts its storage with a KMS key",
		Description: "A notebook instance's ML storage volume holds the data scientists copy onto it. Naming a KMS " +
			"key puts the encryption of that volume under the account's key policy and audit trail.",
		Remediation: "Encrypt the notebook's volume with a key you manage:\n\n" +
			"  KmsKeyId: !Ref NotebookKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/sagemaker-notebook-instance-kms-key-configured.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "sagemaker-notebook-instance-kms-key-configured",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"sagemaker:DescribeNotebookInstance"},
	}, TypeSageMakerNotebookInstance, func(n *SageMakerNotebookInstance) Result {
		return requireSet(n.KMSKeyID, n.Line, "KmsKeyId", "KmsKeyId is not set: the storage volume is not encrypted with a key the account controls")
	})
}
