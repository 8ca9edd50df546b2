package explain

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// iamMissingPermissionRule: the execution role lacks an action the code calls; AWS answers AccessDenied and
// says so ("because no identity-based policy allows the … action").
func iamMissingPermissionRule() Rule {
	return Rule{
		ID:          "iam-missing-permission",
		Title:       "The execution role lacks a permission the function needs",
		AppliesTo:   isLambdaFailureAlarm,
		Needs:       []string{"logs.filter-log-events.json", "lambda.get-function-configuration.<function>.json", "iam.get-account-authorization-details.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetFunctionConfiguration", "iam:GetAccountAuthorizationDetails"},
		Diagnose:    diagnoseIAMMissing,
	}
}

// iamExplicitDenyRule: the role allows the action, but another layer (a service control policy, a
// permissions boundary, a VPC endpoint policy, a resource policy) denies it or does not allow it.
func iamExplicitDenyRule() Rule {
	return Rule{
		ID:          "iam-explicit-deny",
		Title:       "Another policy layer denies the function's call",
		AppliesTo:   isLambdaFailureAlarm,
		Needs:       []string{"logs.filter-log-events.json", "lambda.get-function-configuration.<function>.json", "iam.get-account-authorization-details.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetFunctionConfiguration", "iam:GetAccountAuthorizationDetails"},
		Diagnose:    diagnoseIAMExplicitDeny,
	}
}

// deniedCalls returns the authorization failures in the logs: the first of each distinct action and
// resource, and how many lines reported any.
func deniedCalls(sig *Signals) ([]accessDenied, Match) {
	var out []accessDenied
	seen := map[string]bool{}
	m := sig.findFunc(func(msg string) bool {
		d, ok := parseAccessDenied(msg)
		if !ok {
			return false
		}
		if k := d.Action + " " + d.Resource + " " + d.Because; !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
		return true
	})
	return out, m
}

func diagnoseIAMMissing(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	sig := in.Signals(ctx)
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "a call was denied")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "a call was denied")
	}
	denials, m := deniedCalls(sig)
	var d accessDenied
	found := false
	kms := ""
	for _, x := range denials {
		if isKMSAction(x.Action) {
			kms = x.Action
			continue
		}
		if layer, _ := x.otherLayer(); layer == "" {
			d, found = x, true
			break
		}
	}
	if !found {
		why := fmt.Sprintf("no \"is not authorized to perform\" in %d log events of %s", len(sig.Logs), sig.LogGroup)
		if kms != "" {
			why = fmt.Sprintf("the denied action is %s, which the key policy decides as much as the role: see kms-data-access-denied", kms)
		} else if len(denials) > 0 {
			layer, _ := denials[0].otherLayer()
			why = fmt.Sprintf("the denial of %s names another layer (%s), not the role's policies", denials[0].Action, layer)
		}
		return Verdict{Outcome: RuledOutcome, Why: why}
	}
	ev := []Evidence{logFact(sig, m), denialFact(d)}
	role := roleOfPrincipal(d.Principal)
	fn, ferr := in.Function(ctx)
	if ferr == nil && deref(fn.Role) != "" {
		role = lastSegment(deref(fn.Role))
	}
	v := Verdict{Evidence: ev}
	details, derr := in.Context.AuthorizationDetails(ctx)
	switch {
	case derr != nil:
		v.Outcome = LikelyOutcome
		v.Missing = []string{missingOf(derr)}
		v.Summary = fmt.Sprintf("%s is denied %s%s: AWS reports no identity-based policy of role %s allows it; the role's policies could not be read to confirm.", name, d.Action, onResource(d.Resource), orDash(role))
	default:
		r, ok := findRole(details, role)
		if !ok {
			v.Outcome = LikelyOutcome
			v.Missing = []string{fmt.Sprintf("iam.get-account-authorization-details.json (role %s)", role)}
			v.Summary = fmt.Sprintf("%s is denied %s%s; role %s is not in the authorization details.", name, d.Action, onResource(d.Resource), orDash(role))
			break
		}
		pe := evaluateRole(details, r, d.Action, d.Resource)
		fact := fmt.Sprintf("role %s: %d readable policies; %s", role, pe.policies, evalFact(pe, d.Action))
		v.Evidence = append(v.Evidence, Evidence{Source: "iam.get-account-authorization-details", Fact: fact})
		switch {
		case pe.allowedBy != "" && pe.deniedBy == "":
			return Verdict{Outcome: RuledOutcome, Evidence: v.Evidence,
				Why: fmt.Sprintf("role %s allows %s through %s (the policy may have been fixed since the denial)", role, d.Action, pe.allowedBy)}
		case pe.deniedBy != "":
			return Verdict{Outcome: RuledOutcome, Evidence: v.Evidence,
				Why: fmt.Sprintf("role %s denies %s explicitly in %s: see iam-explicit-deny", role, d.Action, pe.deniedBy)}
		case pe.conditionalBy != "" || len(pe.unreadable) > 0:
			v.Outcome = LikelyOutcome
			v.Missing = append(v.Missing, pe.unreadable...)
			if pe.conditionalBy != "" {
				v.Missing = append(v.Missing, fmt.Sprintf("the request context that decides the Condition of %s", pe.conditionalBy))
			}
		default:
			v.Outcome = ConfirmedOutcome
		}
		v.Summary = fmt.Sprintf("%s is denied %s%s: no policy of its execution role %s allows it, so the call fails.", name, d.Action, onResource(d.Resource), role)
	}
	resource := d.Resource
	if resource == "" {
		resource = "<resource-arn>"
	}
	policyName := "allow-" + strings.NewReplacer(":", "-", "*", "all").Replace(strings.ToLower(d.Action))
	doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]string{{"Effect": "Allow", "Action": d.Action, "Resource": resource}}})
	v.Fix = Fix{
		Summary: fmt.Sprintf("Grant role %s exactly %s on %s, nothing wider.", orDash(role), d.Action, resource),
		CLI:     []string{fmt.Sprintf("aws iam put-role-policy --role-name %s --policy-name %s --policy-document '%s' --region %s", orDash(role), policyName, doc, region)},
		CloudFormation: fmt.Sprintf("%sPolicy:\n  Type: AWS::IAM::RolePolicy\n  Properties:\n    RoleName: %s\n    PolicyName: %s\n    PolicyDocument:\n      Version: '2012-10-17'\n      Statement:\n        - Effect: Allow\n          Action: %s\n          Resource: %s\n",
			logicalPrefix(name), orDash(role), policyName, d.Action, resource),
	}
	v.Impact = Impact{Summary: "No charge: IAM policies are free."}
	return v
}

func diagnoseIAMExplicitDeny(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	sig := in.Signals(ctx)
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "another policy layer denied a call")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "another policy layer denied a call")
	}
	denials, m := deniedCalls(sig)
	var d accessDenied
	layer, explicit := "", false
	kms := ""
	for _, x := range denials {
		if isKMSAction(x.Action) {
			kms = x.Action
			continue
		}
		if l, e := x.otherLayer(); l != "" {
			d, layer, explicit = x, l, e
			break
		}
	}
	if layer == "" {
		why := fmt.Sprintf("no denial naming a service control policy, permissions boundary, endpoint or resource policy in %d log events of %s", len(sig.Logs), sig.LogGroup)
		if kms != "" {
			why = fmt.Sprintf("the denied action is %s: see kms-data-access-denied", kms)
		}
		return Verdict{Outcome: RuledOutcome, Why: why}
	}
	ev := []Evidence{logFact(sig, m), denialFact(d)}
	role := roleOfPrincipal(d.Principal)
	verb := "does not allow"
	if explicit {
		verb = "explicitly denies"
	}
	v := Verdict{Evidence: ev, Outcome: LikelyOutcome}
	v.Summary = fmt.Sprintf("%s is denied %s%s: AWS reports that a %s %s it, whatever role %s allows.", name, d.Action, onResource(d.Resource), layer, verb, orDash(role))
	v.Impact = Impact{Summary: "No charge: policy changes are free."}
	switch {
	case strings.Contains(layer, "permissions boundary") || strings.Contains(layer, "identity-based policy"):
		details, derr := in.Context.AuthorizationDetails(ctx)
		if derr != nil {
			v.Missing = []string{missingOf(derr)}
			break
		}
		r, ok := findRole(details, role)
		if !ok {
			v.Missing = []string{fmt.Sprintf("iam.get-account-authorization-details.json (role %s)", role)}
			break
		}
		if strings.Contains(layer, "permissions boundary") {
			if r.PermissionsBoundary == nil {
				v.Outcome = InconclusiveOutcome
				v.Summary += fmt.Sprintf(" But role %s has no permissions boundary in the authorization details.", role)
				break
			}
			b := deref(r.PermissionsBoundary.PermissionsBoundaryArn)
			v.Outcome = ConfirmedOutcome
			v.Evidence = append(v.Evidence, Evidence{Source: "iam.get-account-authorization-details", Fact: fmt.Sprintf("role %s has permissions boundary %s", role, b)})
			v.Fix = Fix{Summary: fmt.Sprintf("Add %s to the permissions boundary %s (a boundary caps what the role's policies can grant), or attach a wider boundary.", d.Action, b),
				CLI: []string{fmt.Sprintf("aws iam get-policy-version --policy-arn %s --version-id $(aws iam get-policy --policy-arn %s --query Policy.DefaultVersionId --output text)", b, b),
					fmt.Sprintf("aws iam create-policy-version --policy-arn %s --policy-document file://boundary-with-%s.json --set-as-default", b, strings.ReplaceAll(d.Action, ":", "-"))}}
			return v
		}
		pe := evaluateRole(details, r, d.Action, d.Resource)
		if pe.deniedBy != "" {
			v.Outcome = ConfirmedOutcome
			v.Evidence = append(v.Evidence, Evidence{Source: "iam.get-account-authorization-details", Fact: fmt.Sprintf("role %s: %s denies %s", role, pe.deniedBy, d.Action)})
			v.Fix = Fix{Summary: fmt.Sprintf("Remove or narrow the Deny statement for %s in %s of role %s.", d.Action, pe.deniedBy, role),
				CLI: []string{fmt.Sprintf("aws iam list-role-policies --role-name %s", role), fmt.Sprintf("aws iam list-attached-role-policies --role-name %s", role)}}
			return v
		}
		v.Missing = append(v.Missing, pe.unreadable...)
	case strings.Contains(layer, "service control policy") || strings.Contains(layer, "resource control policy"):
		v.Missing = []string{fmt.Sprintf("the %s policies that apply to account %s (AWS Organizations), which Attest does not read", strings.TrimSuffix(layer, " policy"), orDash(in.Alarm.Account))}
		if details, derr := in.Context.AuthorizationDetails(ctx); derr == nil {
			if r, ok := findRole(details, role); ok {
				pe := evaluateRole(details, r, d.Action, d.Resource)
				v.Evidence = append(v.Evidence, Evidence{Source: "iam.get-account-authorization-details", Fact: fmt.Sprintf("role %s: %s", role, evalFact(pe, d.Action))})
			}
		}
		v.Fix = Fix{Summary: fmt.Sprintf("Ask the organization's administrators to exempt this workload from the %s that denies %s, or call an allowed alternative.", layer, d.Action),
			CLI: []string{fmt.Sprintf("aws organizations list-policies-for-target --target-id %s --filter SERVICE_CONTROL_POLICY", orDash(in.Alarm.Account))}}
		return v
	case strings.Contains(layer, "VPC endpoint policy"):
		v.Missing = []string{"ec2.describe-vpc-endpoints.json (PolicyDocument of the endpoint the call goes through)"}
		v.Fix = Fix{Summary: fmt.Sprintf("Allow %s%s in the policy of the VPC endpoint the function's calls go through.", d.Action, onResource(d.Resource)),
			CLI: []string{fmt.Sprintf("aws ec2 modify-vpc-endpoint --vpc-endpoint-id <endpoint-id> --policy-document file://endpoint-policy.json --region %s", region)}}
		return v
	case strings.Contains(layer, "resource-based policy"):
		v.Missing = []string{fmt.Sprintf("the resource policy of %s", orDash(d.Resource))}
		v.Fix = Fix{Summary: fmt.Sprintf("Allow role %s %s in the resource policy of %s (bucket, key, queue or topic policy).", orDash(role), d.Action, orDash(d.Resource))}
		return v
	}
	if v.Fix.Summary == "" {
		v.Fix = Fix{Summary: fmt.Sprintf("Change the %s that blocks %s for role %s.", layer, d.Action, orDash(role))}
	}
	return v
}

// denialFact restates a parsed denial: the log line itself may be cut short in the evidence.
func denialFact(d accessDenied) Evidence {
	f := fmt.Sprintf("%s is not authorized to perform %s", d.Principal, d.Action)
	if d.Resource != "" {
		f += " on " + d.Resource
	}
	if d.Because != "" {
		f += " (" + d.Because + ")"
	}
	return Evidence{Source: srcLogs, Fact: f}
}

func onResource(r string) string {
	if r == "" {
		return ""
	}
	return " on " + r
}

func lastSegment(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func evalFact(pe policyEval, action string) string {
	switch {
	case pe.deniedBy != "":
		return fmt.Sprintf("%s denies %s", pe.deniedBy, action)
	case pe.allowedBy != "":
		return fmt.Sprintf("%s allows %s", pe.allowedBy, action)
	case pe.conditionalBy != "":
		return fmt.Sprintf("%s allows %s only under a Condition", pe.conditionalBy, action)
	}
	s := fmt.Sprintf("none allows %s", action)
	if len(pe.unreadable) > 0 {
		s += fmt.Sprintf(" (%d unreadable: %s)", len(pe.unreadable), strings.Join(pe.unreadable, "; "))
	}
	return s
}
