package iac

// platformRules are the rules of the platform family: CloudTrail, CloudWatch Logs, KMS, IAM, Lambda, API
// Gateway, load balancers and CloudFront, in registry order.
func platformRules() []Rule {
	return nil
}

// platformBuilders are the views of the platform family's resource types.
func platformBuilders() map[string]viewBuilder {
	return map[string]viewBuilder{}
}
