package explain

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// apigwInvokePermissionRule: API Gateway invokes a Lambda integration only when the function's resource
// policy allows apigateway.amazonaws.com (for that API's ARN); templates that create the integration without
// an AWS::Lambda::Permission deploy cleanly and answer every request with 500.
func apigwInvokePermissionRule() Rule {
	return Rule{
		ID:    "apigw-invoke-permission",
		Title: "API Gateway is not allowed to invoke the integration's Lambda function",
		AppliesTo: func(a Alarm, r Resource) bool {
			return r.Type == "AWS::ApiGateway::RestApi" && r.ID != ""
		},
		Needs:       []string{"logs.filter-log-events.json (the API stage's execution log group)", "lambda.get-policy.<function>.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetPolicy"},
		Diagnose:    diagnoseAPIGWInvokePermission,
	}
}

// The execution-log lines API Gateway writes for this failure.
const (
	apigwInvalidPermissions = "Invalid permissions on Lambda function"
	apigwConfigError        = "Execution failed due to configuration error"
)

// Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations
var apigwLambdaTarget = regexp.MustCompile(`/functions/(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?)/invocations`)

func diagnoseAPIGWInvokePermission(ctx context.Context, in *Input) Verdict {
	api, region := in.Resource.ID, in.Alarm.Region
	stage := "*"
	if m, ok := in.Alarm.Primary(); ok && m.Dimensions["Stage"] != "" {
		stage = m.Dimensions["Stage"]
	}
	group := fmt.Sprintf("API-Gateway-Execution-Logs_%s/%s", api, stage)
	start := in.Alarm.Time.Add(-minLogWindow)
	if p := in.Alarm.Period * 5; p > minLogWindow {
		start = in.Alarm.Time.Add(-p)
	}
	logs, err := in.Context.LogEvents(ctx, LogQuery{LogGroup: group, Start: start, End: in.Alarm.Time.Add(windowAfter),
		Pattern: `?"Invalid permissions on Lambda function" ?"Execution failed due to configuration error" ?"Sending request to"`, Limit: logEventsLimit})
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err) + " — the execution logs of API " + api},
			Summary: fmt.Sprintf("The execution logs of API %s could not be read, so whether API Gateway may invoke its Lambda integration is unknown.", api)}
	}
	sig := &Signals{LogGroup: group, Logs: logs}
	denied := sig.find(apigwInvalidPermissions)
	if denied.Count == 0 {
		why := fmt.Sprintf("no %q in %d execution log events of %s", apigwInvalidPermissions, len(logs), api)
		if other := sig.find(apigwConfigError); other.Count > 0 {
			why += fmt.Sprintf("; the configuration error is another: %q", stripRequestID(other.First))
		}
		if len(logs) == 0 {
			return Verdict{Outcome: InconclusiveOutcome, Missing: []string{fmt.Sprintf("%s.json (no execution log events of %s; execution logging may be off for the stage)", srcLogs, group)},
				Summary: fmt.Sprintf("API %s has no execution log events around the alarm.", api)}
		}
		return Verdict{Outcome: RuledOutcome, Why: why}
	}
	ev := []Evidence{{Source: srcLogs, Fact: fmt.Sprintf("execution logs of %s, stage %s: %d × %q, first at %s", api, stage, denied.Count, apigwInvalidPermissions, fmtTime(denied.At))}}
	// The function the integration calls, from the request line API Gateway logs just before.
	target := ""
	for _, e := range logs {
		if e.Message == nil {
			continue
		}
		if m := apigwLambdaTarget.FindStringSubmatch(*e.Message); m != nil {
			target = m[1]
			break
		}
	}
	if target == "" {
		return Verdict{Outcome: LikelyOutcome, Evidence: ev,
			Missing: []string{"the integration's function (the \"Sending request to …/functions/<arn>/invocations\" execution log line, or aws apigateway get-integration)"},
			Summary: fmt.Sprintf("API Gateway reports %q for API %s: the integration's function does not allow API Gateway to invoke it.", apigwInvalidPermissions, api),
			Impact:  Impact{Summary: "No charge: a resource policy statement is free."}}
	}
	fnName, qualifier := functionOfARN(target)
	ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("the integration invokes %s", target)})
	v := Verdict{Evidence: ev}
	v.Fix = apigwPermissionFix(api, region, in.Alarm.Account, fnName, qualifier)
	v.Impact = Impact{Summary: "No charge: a resource policy statement is free."}
	pol, perr := functionPolicy(ctx, in.Context, fnName)
	if perr != nil {
		v.Outcome, v.Missing = LikelyOutcome, []string{missingOf(perr)}
		v.Summary = fmt.Sprintf("API Gateway reports %q when API %s invokes %s; the function's resource policy could not be read to confirm which statement is missing.", apigwInvalidPermissions, api, target)
		return v
	}
	grants, gerr := apigwGrants(deref(pol.Policy))
	if gerr != nil {
		v.Outcome, v.Missing = LikelyOutcome, []string{fmt.Sprintf("lambda.get-policy.%s.json (%v)", fnName, gerr)}
		v.Summary = fmt.Sprintf("API Gateway reports %q when API %s invokes %s; the function's policy could not be parsed.", apigwInvalidPermissions, api, target)
		return v
	}
	if qualifier != "" {
		// A qualified integration is authorised by the alias's or version's own policy, which this file
		// does not hold.
		v.Outcome = LikelyOutcome
		v.Missing = []string{fmt.Sprintf("lambda.get-policy.%s.json captured with --qualifier %s", fnName, qualifier)}
		v.Evidence = append(v.Evidence, Evidence{Source: "lambda.get-policy", Fact: fmt.Sprintf("the unqualified policy of %s has %d statements for apigateway.amazonaws.com; the integration invokes qualifier %s, which has its own policy", fnName, len(grants), qualifier)})
		v.Summary = fmt.Sprintf("API %s invokes %s:%s and API Gateway reports %q: the permission must be on that qualifier.", api, fnName, qualifier, apigwInvalidPermissions)
		return v
	}
	if len(grants) == 0 {
		v.Outcome = ConfirmedOutcome
		fact := fmt.Sprintf("the resource policy of %s has no statement allowing apigateway.amazonaws.com to call lambda:InvokeFunction", fnName)
		if pol.Policy == nil {
			fact = fmt.Sprintf("%s has no resource-based policy at all", fnName)
		}
		v.Evidence = append(v.Evidence, Evidence{Source: "lambda.get-policy", Fact: fact})
		v.Summary = fmt.Sprintf("API %s cannot invoke %s: the function's resource policy does not allow apigateway.amazonaws.com, so API Gateway answers every request with 500 before the function runs.", api, fnName)
		return v
	}
	// Statements exist: they must name this API (its id, region and account) in their SourceArn.
	account := in.Alarm.Account
	var mismatched []string
	for _, g := range grants {
		v.Evidence = append(v.Evidence, Evidence{Source: "lambda.get-policy", Fact: fmt.Sprintf("statement %s allows apigateway.amazonaws.com from %s", orDash(g.sid), firstOf2(g.sourceArn, "any source"))})
		if g.sourceArn == "" {
			return Verdict{Outcome: RuledOutcome, Evidence: v.Evidence,
				Why: fmt.Sprintf("statement %s of %s allows apigateway.amazonaws.com from any API (the permission may have been added since the errors)", orDash(g.sid), fnName)}
		}
		if sr := strings.Split(g.sourceArn, ":"); len(sr) >= 6 && ((sr[3] != region && sr[3] != "*") || (account != "" && sr[4] != account && sr[4] != "*")) {
			mismatched = append(mismatched, g.sid)
		}
	}
	if len(mismatched) == len(grants) {
		v.Outcome = ConfirmedOutcome
		v.Summary = fmt.Sprintf("API %s cannot invoke %s: the function's statements for API Gateway name APIs in another region or account (%s), not this one.", api, fnName, strings.Join(mismatched, ", "))
		return v
	}
	// API Gateway itself blames the permission, so it stays the open hypothesis.
	v.Outcome, v.Indicated = InconclusiveOutcome, true
	v.Missing = []string{fmt.Sprintf("the REST API id of %s (aws apigateway get-rest-apis), to match against the SourceArn of the function's statements", api)}
	v.Summary = fmt.Sprintf("API Gateway reports %q for API %s, yet %s allows apigateway.amazonaws.com from a source ARN in this account: whether that ARN is this API's, and this stage and method's, is not decided.", apigwInvalidPermissions, api, fnName)
	return v
}

type apigwGrant struct {
	sid       string
	sourceArn string
}

// apigwGrants returns the Allow statements of a function policy for apigateway.amazonaws.com and
// lambda:InvokeFunction, with their AWS:SourceArn condition.
func apigwGrants(doc string) ([]apigwGrant, error) {
	if doc == "" {
		return nil, nil
	}
	var p struct {
		Statement []struct {
			Sid       string          `json:"Sid"`
			Effect    string          `json:"Effect"`
			Principal json.RawMessage `json:"Principal"`
			Action    strList         `json:"Action"`
			Condition map[string]map[string]strList
		} `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("parse function policy: %w", err)
	}
	var out []apigwGrant
	for _, s := range p.Statement {
		if !strings.EqualFold(s.Effect, "Allow") || !anyMatch(s.Action, "lambda:InvokeFunction", true) {
			continue
		}
		var pr struct {
			Service strList `json:"Service"`
		}
		if json.Unmarshal(s.Principal, &pr) != nil || !contains(pr.Service, "apigateway.amazonaws.com") {
			continue
		}
		g := apigwGrant{sid: s.Sid}
		for _, cond := range s.Condition {
			for k, vals := range cond {
				if strings.EqualFold(k, "AWS:SourceArn") && len(vals) > 0 {
					g.sourceArn = vals[0]
				}
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// functionOfARN splits a function ARN into the name and the qualifier ("" when unqualified).
func functionOfARN(arn string) (name, qualifier string) {
	i := strings.Index(arn, ":function:")
	if i < 0 {
		return arn, ""
	}
	rest := arn[i+len(":function:"):]
	if j := strings.Index(rest, ":"); j >= 0 {
		return rest[:j], rest[j+1:]
	}
	return rest, ""
}

func apigwPermissionFix(api, region, account, fn, qualifier string) Fix {
	q := ""
	if qualifier != "" {
		q = " --qualifier " + qualifier
	}
	source := fmt.Sprintf("arn:aws:execute-api:%s:%s:<rest-api-id>/*", region, orDash(account))
	return Fix{
		Summary: fmt.Sprintf("Allow API Gateway to invoke %s for API %s only (a SourceArn of the API's ARN, any stage and method).", fn, api),
		CLI: []string{
			fmt.Sprintf("aws apigateway get-rest-apis --region %s --query \"items[?name=='%s'].id\" --output text", region, api),
			fmt.Sprintf("aws lambda add-permission --function-name %s%s --statement-id apigateway-%s-invoke --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn \"%s\" --region %s", fn, q, api, source, region),
		},
		CloudFormation: fmt.Sprintf("%sInvokePermission:\n  Type: AWS::Lambda::Permission\n  Properties:\n    FunctionName: %s\n    Action: lambda:InvokeFunction\n    Principal: apigateway.amazonaws.com\n    SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${%s}/*  # the AWS::ApiGateway::RestApi of %s\n",
			logicalPrefix(fn), firstOf2(strings.TrimSuffix(fn+":"+qualifier, ":"), fn), logicalPrefix(api), api),
	}
}

func firstOf2(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// stripRequestID removes the "(request id) " prefix of an API Gateway execution log line.
func stripRequestID(line string) string {
	if strings.HasPrefix(line, "(") {
		if i := strings.Index(line, ") "); i > 0 && i < 64 {
			return line[i+2:]
		}
	}
	return line
}
