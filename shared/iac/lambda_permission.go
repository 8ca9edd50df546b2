package iac

// TypeLambdaPermission is the CloudFormation type of a statement in a Lambda function's resource policy.
const TypeLambdaPermission = "AWS::Lambda::Permission"

// LambdaPermission is what rules know about one resource-policy statement of a Lambda function.
type LambdaPermission struct {
	// Line is the resource's line in a template.
	Line int
	// Principal is the service, account or "*" the statement allows.
	Principal Fact[string]
	// SourceArn, SourceAccount and PrincipalOrgID narrow who may invoke through that principal.
	SourceArn, SourceAccount, PrincipalOrgID Fact[string]
	// FunctionURLAuthType is NONE or AWS_IAM for a lambda:InvokeFunctionUrl permission.
	FunctionURLAuthType Fact[string]
}

func lambdaPermissionFromTemplate(p templateProps) *LambdaPermission {
	return &LambdaPermission{
		Line:                p.res.Line,
		Principal:           p.str(p.props, "", "Principal"),
		SourceArn:           p.present(p.props, "", "SourceArn"),
		SourceAccount:       p.present(p.props, "", "SourceAccount"),
		PrincipalOrgID:      p.present(p.props, "", "PrincipalOrgID"),
		FunctionURLAuthType: p.str(p.props, "", "FunctionUrlAuthType"),
	}
}

// lambdaPermissionNotRecorded explains why a Config item yields nothing: AWS Config records a function's resource
// policy as part of the function, not as AWS::Lambda::Permission items.
const lambdaPermissionNotRecorded = "AWS Config does not record AWS::Lambda::Permission; the function's resource policy is part of its AWS::Lambda::Function item"

func lambdaPermissionFromConfig(ConfigItem) *LambdaPermission {
	u := Unknowable[string](lambdaPermissionNotRecorded, 0)
	return &LambdaPermission{Principal: u, SourceArn: u, SourceAccount: u, PrincipalOrgID: u, FunctionURLAuthType: u}
}

// settings are the statement's effective settings.
func (l *LambdaPermission) settings() []setting {
	return []setting{
		effective("Principal", l.Principal, ""),
		effective("SourceArn (set)", isSet(l.SourceArn), false),
		effective("SourceAccount (set)", isSet(l.SourceAccount), false),
		effective("PrincipalOrgID (set)", isSet(l.PrincipalOrgID), false),
		effective("FunctionUrlAuthType", l.FunctionURLAuthType, ""),
	}
}
