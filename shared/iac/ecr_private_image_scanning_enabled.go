package iac

import "github.com/attestdev/attest/shared/finding"

func ecrPrivateImageScanningEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "ecr-private-image-scanning-enabled",
		Title: "ECR repository scans images on push",
		Description: "Scanning each image as it is pushed reports known vulnerabilities in its packages before the " +
			"image is deployed. Repositories do not scan on push unless told to (or unless registry-level enhanced " +
			"scanning, which the template cannot show, covers them).",
		Remediation: "Scan images when they are pushed:\n\n" +
			"  ImageScanningConfiguration:\n" +
			"    ScanOnPush: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/ecr-private-image-scanning-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "ecr-private-image-scanning-enabled",
		Controls:    []string{"PCI-DSS-4.0/6.3.3", "SOC2/CC7.1"},
		CWE:         []int{1104},
		Permissions: []string{"ecr:DescribeRepositories"},
	}, TypeECRRepository, func(r *ECRRepository) Result {
		return requireTrue(r.ScanOnPush, "ImageScanningConfiguration.ScanOnPush", false)
	})
}
