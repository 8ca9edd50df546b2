package iac

import "github.com/attestdev/attest/shared/finding"

func encryptedVolumes() Rule {
	return newRule(finding.Rule{
		ID:    "encrypted-volumes",
		Title: "EBS volume is encrypted",
		Description: "An unencrypted EBS volume stores its data, and every snapshot taken of it, in the clear. " +
			"Encrypted defaults to false unless the account turns on EBS encryption by default, which a template " +
			"does not show, so the template should state it. The EBS volumes an instance or launch template " +
			"declares in BlockDeviceMappings are checked too; an instance that declares none takes its root " +
			"volume from the AMI, which the template does not show.",
		Remediation: "Encrypt the volume:\n\n" +
			"  Encrypted: true\n" +
			"  KmsKeyId: !Ref VolumeKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/encrypted-volumes.html",
		Level:       finding.LevelError,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "encrypted-volumes",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"ec2:DescribeVolumes"},
	}, TypeEC2Volume, func(v *EC2Volume) Result {
		e := v.Encrypted
		if e.State == Absent && v.SnapshotID.State == Set {
			return NotAssessedAt(v.SnapshotID.Line, "Encrypted is not set and the volume is restored from snapshot %s, "+
				"whose encryption it inherits", v.SnapshotID.Value)
		}
		return requireTrue(e, "Encrypted", false)
	})
}
