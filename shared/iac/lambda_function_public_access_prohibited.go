package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func lambdaFunctionPublicAccessProhibited() Rule {
	return newRule(finding.Rule{
		ID:    "lambda-function-public-access-prohibited",
		Title: "Lambda permission does not let anyone invoke the function",
		Description: "A permission with Principal \"*\" and nothing that narrows it (SourceArn, SourceAccount or " +
			"PrincipalOrgID) lets any AWS account, or anyone at all through a function URL whose auth type is NONE, " +
			"invoke the function. A service principal without SourceArn or SourceAccount has the same problem in " +
			"a weaker form (any account's bucket or topic can invoke it) and is reported too.",
		Remediation: "Name the caller and narrow it to your resource:\n\n" +
			"  InvokeFromBucket:\n" +
			"    Type: AWS::Lambda::Permission\n" +
			"    Properties:\n" +
			"      Action: lambda:InvokeFunction\n" +
			"      FunctionName: !Ref Function\n" +
			"      Principal: s3.amazonaws.com\n" +
			"      SourceArn: !GetAtt Uploads.Arn\n" +
			"      SourceAccount: !Ref AWS::AccountId\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "lambda-function-public-access-prohibited",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"lambda:GetPolicy"},
	}, TypeLambdaPermission, func(l *LambdaPermission) Result {
		pr := l.Principal
		switch pr.State {
		case Unknown:
			return NotAssessedAt(pr.Line, "%s", pr.Why)
		case Absent:
			return NotAssessedAt(lineOr(pr.Line, l.Line), "the permission names no Principal")
		}
		public := pr.Value == "*"
		isService := strings.HasSuffix(pr.Value, ".amazonaws.com")
		if !public && !isService {
			return Pass("the permission is granted to %s only", pr.Value)
		}
		if public {
			if a := l.FunctionURLAuthType; a.State == Set && a.Value == "NONE" {
				return Fail(lineOr(a.Line, l.Line), "anyone on the internet can invoke the function's URL: Principal is \"*\" and FunctionUrlAuthType is NONE")
			}
		}
		var unknown *Fact[string]
		for _, f := range []*Fact[string]{&l.SourceArn, &l.SourceAccount, &l.PrincipalOrgID} {
			if f.State == Set {
				return Pass("Principal %s is narrowed by a source or organisation condition", pr.Value)
			}
			if f.State == Unknown && unknown == nil {
				unknown = f
			}
		}
		if unknown != nil {
			return NotAssessedAt(unknown.Line, "%s", unknown.Why)
		}
		if public {
			return Fail(lineOr(pr.Line, l.Line), "Principal is \"*\" with no SourceArn, SourceAccount or PrincipalOrgID: any AWS account can invoke the function")
		}
		return Fail(lineOr(pr.Line, l.Line), "service principal %s has no SourceArn or SourceAccount: that service acting for any account can invoke the function", pr.Value)
	})
}
