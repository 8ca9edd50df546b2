package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func ecrPrivateTagImmutabilityEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "ecr-private-tag-immutability-enabled",
		Title: "ECR repository makes image tags immutable",
		Description: "With mutable tags anyone who can push can replace the image behind a released tag, so what " +
			"runs is no longer what was reviewed and scanned. Tags are mutable by default.",
		Remediation: "Make tags immutable:\n\n" +
			"  ImageTagMutability: IMMUTABLE\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/ecr-private-tag-immutability-enabled.html",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "ecr-private-tag-immutability-enabled",
		Controls:    []string{"SOC2/CC8.1"},
		CWE:         []int{494},
		Permissions: []string{"ecr:DescribeRepositories"},
	}, TypeECRRepository, func(r *ECRRepository) Result {
		m := r.TagMutability
		switch {
		case m.State == Unknown:
			return NotAssessedAt(m.Line, "%s", m.Why)
		case m.State == Absent:
			return Fail(r.Line, "ImageTagMutability is not set (defaults to MUTABLE)")
		case !strings.HasPrefix(strings.ToUpper(m.Value), "IMMUTABLE"):
			return Fail(m.Line, "ImageTagMutability is %s: released tags can be overwritten", m.Value)
		}
		return Pass("ImageTagMutability is %s", m.Value)
	})
}
