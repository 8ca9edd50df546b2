package iac

import (
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func iamUserNoPoliciesCheck() Rule {
	return newRule(finding.Rule{
		ID:    "iam-user-no-policies-check",
		Title: "IAM user has no policies of its own",
		Description: "Permissions given to users one by one drift apart and are hard to review or revoke when a " +
			"person changes role. Grant them through groups (or, better, roles assumed through federation) so that " +
			"each permission set is defined once. The check counts inline policies, AWS::IAM::Policy resources " +
			"that name the user, attached managed policies and managed policies that list the user.",
		Remediation: "Move the user's policies to a group and make the user a member:\n\n" +
			"  Developers:\n" +
			"    Type: AWS::IAM::Group\n" +
			"    Properties:\n" +
			"      ManagedPolicyArns: [!Ref DeveloperPolicy]\n" +
			"  Alice:\n" +
			"    Type: AWS::IAM::User\n" +
			"    Properties:\n" +
			"      Groups: [!Ref Developers]\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/iam-user-no-policies-check.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "iam-user-no-policies-check",
		Controls:    []string{"HIPAA/164.308(a)(4)(ii)(B)", "PCI-DSS-4.0/7.2.1", "SOC2/CC6.3"},
		CWE:         []int{269},
		Permissions: []string{"iam:ListUserPolicies", "iam:ListAttachedUserPolicies"},
	}, TypeIAMUser, func(u *IAMPrincipal) Result {
		var found []string
		line := 0
		if u.Inline.State == Set {
			found = append(found, plural(len(u.Inline.Value), "inline policy", "inline policies"))
			line = u.Inline.Line
		}
		if u.Managed.State == Set {
			found = append(found, plural(len(u.Managed.Value), "attached managed policy", "attached managed policies"))
			if line == 0 {
				line = u.Managed.Line
			}
		}
		if len(found) > 0 {
			return Fail(lineOr(line, u.Line), "the user has %s of its own; grant permissions through groups or roles", strings.Join(found, " and "))
		}
		for _, f := range []struct {
			state FactState
			why   string
			line  int
		}{{u.Inline.State, u.Inline.Why, u.Inline.Line}, {u.Managed.State, u.Managed.Why, u.Managed.Line}} {
			if f.state == Unknown {
				return NotAssessedAt(f.line, "%s", f.why)
			}
		}
		return Pass("the user has no inline or directly attached policies")
	})
}

// plural counts n things in words.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
