package iac

// platformRules are the rules of the platform family: CloudTrail, CloudWatch Logs, KMS, IAM, Lambda, API
// Gateway, load balancers and CloudFront, in registry order.
func platformRules() []Rule {
	return append([]Rule{
		cloudTrailEncryptionEnabled(),
		cloudTrailLogFileValidationEnabled(),
		multiRegionCloudTrailEnabled(),
		cloudTrailCloudWatchLogsEnabled(),
		cloudwatchLogGroupEncrypted(),
		cwLoggroupRetentionPeriodCheck(),
		cmkBackingKeyRotationEnabled(),
		kmsCmkNotScheduledForDeletion(),
		iamPolicyNoStatementsWithAdminAccess(),
		also(iamPolicyNoStatementsWithAdminAccess(), typeIAMManagedPolicy),
		iamPolicyNoStatementsWithFullAccess(),
		also(iamPolicyNoStatementsWithFullAccess(), typeIAMManagedPolicy),
		iamUserNoPoliciesCheck(),
		iamNoInlinePolicyCheck(),
		also(iamNoInlinePolicyCheck(), TypeIAMUser),
		also(iamNoInlinePolicyCheck(), TypeIAMGroup),
		lambdaFunctionPublicAccessProhibited(),
		lambdaDLQCheck(),
		lambdaFunctionSettingsCheck(),
		lambdaInsideVPC(),
		lambdaConcurrencyCheck(),
		cloudtrailEnabled(),
		apiGwExecutionLoggingEnabled(),
		apiGwCacheEnabledAndEncrypted(),
		apiGwAssociatedWithWAF(),
		albHTTPToHTTPSRedirectionCheck(),
		elbTLSHTTPSListenersOnly(),
		albWAFEnabled(),
		cloudfrontViewerPolicyHTTPS(),
		cloudfrontAccesslogsEnabled(),
	}, elbLoggingEnabled()...)
}

// platformBuilders are the views of the platform family's resource types.
func platformBuilders() map[string]viewBuilder {
	return map[string]viewBuilder{
		TypeCloudTrailTrail: {
			fromTemplate: func(p templateProps) any { return cloudTrailTrailFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return cloudTrailTrailFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*CloudTrailTrail).settings() },
		},
		TypeLogsLogGroup: {
			fromTemplate: func(p templateProps) any { return logsLogGroupFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return logsLogGroupFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*LogsLogGroup).settings() },
		},
		TypeKMSKey: {
			fromTemplate: func(p templateProps) any { return kmsKeyFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return kmsKeyFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*KMSKey).settings() },
		},
		TypeIAMPolicy: {
			fromTemplate: func(p templateProps) any { return iamPolicyFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return iamPolicyFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*IAMPolicy).settings() },
		},
		typeIAMManagedPolicy: {
			fromTemplate: func(p templateProps) any { return iamPolicyFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return iamPolicyFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*IAMPolicy).settings() },
		},
		TypeIAMGroup: {
			fromTemplate: func(p templateProps) any { return iamPrincipalFromTemplate(p, "Groups", "GroupName") },
			fromConfig:   func(ci ConfigItem) any { return iamPrincipalFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*IAMPrincipal).settings() },
		},
		TypeIAMUser: {
			fromTemplate: func(p templateProps) any { return iamPrincipalFromTemplate(p, "Users", "UserName") },
			fromConfig:   func(ci ConfigItem) any { return iamPrincipalFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*IAMPrincipal).settings() },
		},
		TypeIAMRole: {
			fromTemplate: func(p templateProps) any { return iamPrincipalFromTemplate(p, "Roles", "RoleName") },
			fromConfig:   func(ci ConfigItem) any { return iamPrincipalFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*IAMPrincipal).settings() },
		},
		TypeAPIGatewayStage: {
			fromTemplate: func(p templateProps) any { return apiGatewayStageFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return apiGatewayStageFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*APIGatewayStage).settings() },
		},
		TypeELBLoadBalancer: {
			fromTemplate: func(p templateProps) any { return elbLoadBalancerFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return elbLoadBalancerFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*ELBLoadBalancer).settings() },
		},
		TypeELBv2LoadBalancer: {
			fromTemplate: func(p templateProps) any { return elbv2LoadBalancerFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return elbv2LoadBalancerFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*ELBv2LoadBalancer).settings() },
		},
		TypeELBv2Listener: {
			fromTemplate: func(p templateProps) any { return elbv2ListenerFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return elbv2ListenerFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*ELBv2Listener).settings() },
		},
		TypeCloudFrontDistribution: {
			fromTemplate: func(p templateProps) any { return cloudFrontDistributionFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return cloudFrontDistributionFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*CloudFrontDistribution).settings() },
		},
		TypeLambdaFunction: {
			fromTemplate: func(p templateProps) any { return lambdaFunctionFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return lambdaFunctionFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*LambdaFunction).settings() },
		},
		TypeLambdaPermission: {
			fromTemplate: func(p templateProps) any { return lambdaPermissionFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return lambdaPermissionFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*LambdaPermission).settings() },
		},
	}
}
