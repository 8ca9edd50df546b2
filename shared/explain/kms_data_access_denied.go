package explain

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// kmsDataAccessDeniedRule: data in S3, SQS, DynamoDB or Secrets Manager encrypted with a customer managed
// key can be read or written only when both the key policy and the caller's role allow the KMS action; a
// role given s3:GetObject alone fails on every encrypted object.
func kmsDataAccessDeniedRule() Rule {
	return Rule{
		ID:        "kms-data-access-denied",
		Title:     "The execution role cannot use the KMS key of the data it reads or writes",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"logs.filter-log-events.json", "lambda.get-function-configuration.<function>.json",
			"iam.get-account-authorization-details.json", "kms.get-key-policy.<key-id>.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetFunctionConfiguration", "iam:GetAccountAuthorizationDetails", "kms:GetKeyPolicy"},
		Diagnose:    diagnoseKMSData,
	}
}

// isKMSAction reports whether an IAM action is a KMS one; those denials belong to kms-data-access-denied,
// where the key policy is a second layer that role policies alone do not decide.
func isKMSAction(action string) bool { return strings.HasPrefix(strings.ToLower(action), "kms:") }

// sqsKMSDenied is what SQS answers when it cannot use the queue's key for the caller.
const sqsKMSDenied = "KMS.AccessDeniedException"

func diagnoseKMSData(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	sig := in.Signals(ctx)
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "a KMS key denied the function")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "a KMS key denied the function")
	}
	var d accessDenied
	found := false
	m := sig.findFunc(func(msg string) bool {
		x, ok := parseAccessDenied(msg)
		if !ok || !isKMSAction(x.Action) {
			return false
		}
		if !found {
			d, found = x, true
		}
		return true
	})
	if !found {
		if sq := sig.find(sqsKMSDenied); sq.Count > 0 {
			return Verdict{Outcome: InconclusiveOutcome, Indicated: true, Evidence: []Evidence{logFact(sig, sq)},
				Missing: []string{"the queue's KmsMasterKeyId (sqs.get-queue-attributes.<queue>.json) and that key's policy (kms.get-key-policy.<key-id>.json)"},
				Summary: fmt.Sprintf("SQS reports %s for %s: the queue's KMS key is unusable for the function, but the message names neither the key nor the action.", sqsKMSDenied, name)}
		}
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("no denial of a kms: action in %d log events of %s", len(sig.Logs), sig.LogGroup)}
	}
	ev := []Evidence{logFact(sig, m), denialFact(d)}
	key := d.Resource
	role := roleOfPrincipal(d.Principal)
	roleARN := ""
	fn, ferr := in.Function(ctx)
	if ferr == nil && deref(fn.Role) != "" {
		roleARN = deref(fn.Role)
		role = lastSegment(roleARN)
	}
	var missing []string

	// The role's side.
	roleAllows, roleKnown := false, false
	details, derr := in.Context.AuthorizationDetails(ctx)
	if derr != nil {
		missing = append(missing, missingOf(derr))
	} else if r, ok := findRole(details, role); !ok {
		missing = append(missing, fmt.Sprintf("iam.get-account-authorization-details.json (role %s)", orDash(role)))
	} else {
		if roleARN == "" {
			roleARN = deref(r.Arn)
		}
		pe := evaluateRole(details, r, d.Action, key)
		ev = append(ev, Evidence{Source: "iam.get-account-authorization-details", Fact: fmt.Sprintf("role %s: %d readable policies; %s", role, pe.policies, evalFact(pe, d.Action))})
		switch {
		case pe.deniedBy != "":
			roleKnown = true
		case pe.allowedBy != "":
			roleAllows, roleKnown = true, true
		case pe.conditionalBy == "" && len(pe.unreadable) == 0:
			roleKnown = true
		default:
			missing = append(missing, pe.unreadable...)
		}
	}

	// The key's side.
	kp := keyPolicyVerdict{}
	keyKnown := false
	if key == "" || !strings.Contains(key, ":key/") {
		missing = append(missing, "the ARN of the key (the denial names none)")
	} else if doc, err := keyPolicy(ctx, in.Context, key); err != nil {
		missing = append(missing, missingOf(err))
	} else if kp, err = evaluateKeyPolicy(doc, roleARN, in.Alarm.Account, d.Action); err != nil {
		missing = append(missing, fmt.Sprintf("kms.get-key-policy.%s.json (%v)", keyIDOf(key), err))
	} else {
		keyKnown = true
		ev = append(ev, Evidence{Source: "kms.get-key-policy", Fact: fmt.Sprintf("key %s: %s", keyIDOf(key), kp.fact(d.Action, roleARN))})
	}

	// The key allows the role either itself or by delegating to IAM (the account root principal).
	keyAllows := kp.deniedBy == "" && (kp.allowsRole || (kp.delegates && roleAllows))
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case roleKnown && keyKnown && roleAllows && keyAllows:
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("role %s and the policy of key %s both allow %s now (the policies may have been fixed since the denial)", role, keyIDOf(key), d.Action)}
	case roleKnown && keyKnown:
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
	default:
		v.Outcome = LikelyOutcome
	}
	roleNeeds := roleKnown && !roleAllows && !kp.allowsRole
	keyNeeds := keyKnown && !keyAllows && !(kp.delegates && !roleAllows)
	if !roleKnown && !keyKnown {
		roleNeeds = true
	}
	var layers []string
	if roleNeeds {
		layers = append(layers, "role "+orDash(role))
	}
	if keyNeeds || kp.deniedBy != "" {
		layers = append(layers, "the key policy of "+keyIDOf(key))
	}
	if len(layers) == 0 {
		layers = append(layers, "role "+orDash(role))
	}
	v.Summary = fmt.Sprintf("%s is denied %s on key %s: %s does not allow it, so every read or write of the data that key protects fails.",
		name, d.Action, keyIDOf(key), strings.Join(layers, " and "))
	v.Fix, v.Impact = kmsDataFix(name, region, role, roleARN, d.Action, key, roleNeeds, keyNeeds || kp.deniedBy != ""), Impact{Summary: "No charge for the policy change; each KMS request costs $0.03 per 10,000 (already incurred by the calls that fail today)."}
	return v
}

// keyPolicyVerdict is what a key policy says about a role and an action.
type keyPolicyVerdict struct {
	allowsRole bool   // a statement names the role (or its account's principal with a role condition) and allows the action
	delegates  bool   // a statement allows the account root: IAM policies decide
	deniedBy   string // Sid of a Deny statement that matches
	statements int
}

func (k keyPolicyVerdict) fact(action, roleARN string) string {
	switch {
	case k.deniedBy != "":
		return fmt.Sprintf("statement %q denies %s", k.deniedBy, action)
	case k.allowsRole:
		return fmt.Sprintf("allows %s to %s", action, orDash(roleARN))
	case k.delegates:
		return fmt.Sprintf("%d statements; delegates to IAM policies through the account principal (:root) but names no statement for %s", k.statements, orDash(roleARN))
	}
	return fmt.Sprintf("%d statements; none allows %s to %s, and none delegates to the account's IAM policies", k.statements, action, orDash(roleARN))
}

type keyStmt struct {
	Sid       string          `json:"Sid"`
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal"`
	Action    strList         `json:"Action"`
	NotAction strList         `json:"NotAction"`
	Condition json.RawMessage `json:"Condition"`
}

// evaluateKeyPolicy reads a key policy (JSON, as kms get-key-policy returns it) for one role and action.
// Conditions are not evaluated: a conditional Allow counts as allowing, since KMS key policies
// mostly use conditions to narrow by service (kms:ViaService), which the failing call usually meets.
func evaluateKeyPolicy(doc, roleARN, account, action string) (keyPolicyVerdict, error) {
	var p struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return keyPolicyVerdict{}, fmt.Errorf("parse key policy: %w", err)
	}
	var stmts []keyStmt
	if len(p.Statement) > 0 && p.Statement[0] == '{' {
		var one keyStmt
		if err := json.Unmarshal(p.Statement, &one); err != nil {
			return keyPolicyVerdict{}, fmt.Errorf("parse key policy statement: %w", err)
		}
		stmts = []keyStmt{one}
	} else if err := json.Unmarshal(p.Statement, &stmts); err != nil {
		return keyPolicyVerdict{}, fmt.Errorf("parse key policy statements: %w", err)
	}
	var k keyPolicyVerdict
	k.statements = len(stmts)
	root := "arn:aws:iam::" + account + ":root"
	for _, s := range stmts {
		actionMatch := anyMatch(s.Action, action, true) || (len(s.NotAction) > 0 && !anyMatch(s.NotAction, action, true))
		if !actionMatch {
			continue
		}
		principals := keyPrincipals(s.Principal)
		names := func(p string) bool {
			return p == "*" || (roleARN != "" && strings.EqualFold(p, roleARN))
		}
		switch {
		case strings.EqualFold(s.Effect, "Deny"):
			for _, p := range principals {
				if names(p) {
					k.deniedBy = orDash(s.Sid)
				}
			}
		case strings.EqualFold(s.Effect, "Allow"):
			for _, p := range principals {
				switch {
				case names(p):
					k.allowsRole = true
				case account != "" && (p == root || p == account):
					// Delegation needs kms:* or the action itself; the statement already matched the action.
					k.delegates = true
				}
			}
		}
	}
	return k, nil
}

// keyPrincipals returns the AWS principals of a statement: "*", {"AWS": "…"} or {"AWS": ["…"]}.
func keyPrincipals(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var star string
	if json.Unmarshal(raw, &star) == nil {
		return []string{star}
	}
	var m map[string]strList
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m["AWS"]
}

func kmsDataFix(name, region, role, roleARN, action, key string, roleNeeds, keyNeeds bool) Fix {
	keyID := keyIDOf(key)
	actions := []string{action}
	if strings.EqualFold(action, "kms:Decrypt") || strings.HasPrefix(strings.ToLower(action), "kms:generatedatakey") {
		// Reading and writing encrypted data need both; granting one leaves the other path broken.
		actions = []string{"kms:Decrypt", "kms:GenerateDataKey"}
	}
	f := Fix{}
	var parts []string
	policyName := "use-key-" + keyID
	if roleNeeds {
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{"Effect": "Allow", "Action": actions, "Resource": key}}})
		f.CLI = append(f.CLI, fmt.Sprintf("aws iam put-role-policy --role-name %s --policy-name %s --policy-document '%s' --region %s", orDash(role), policyName, doc, region))
		parts = append(parts, fmt.Sprintf("allow role %s %s on exactly key %s", orDash(role), strings.Join(actions, " and "), keyID))
		f.CloudFormation += fmt.Sprintf("%sKeyUsePolicy:\n  Type: AWS::IAM::RolePolicy\n  Properties:\n    RoleName: %s\n    PolicyName: %s\n    PolicyDocument:\n      Version: '2012-10-17'\n      Statement:\n        - Effect: Allow\n          Action: [%s]\n          Resource: %s\n",
			logicalPrefix(name), orDash(role), policyName, strings.Join(actions, ", "), key)
	}
	if keyNeeds {
		f.CLI = append(f.CLI,
			fmt.Sprintf("aws kms get-key-policy --key-id %s --policy-name default --query Policy --output text --region %s > key-policy.json", keyID, region),
			fmt.Sprintf("# add {\"Sid\":\"Allow%s\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},\"Action\":[\"%s\"],\"Resource\":\"*\"} to key-policy.json, then:", logicalPrefix(name), orDash(roleARN), strings.Join(actions, "\",\"")),
			fmt.Sprintf("aws kms put-key-policy --key-id %s --policy-name default --policy file://key-policy.json --region %s", keyID, region))
		parts = append(parts, fmt.Sprintf("add a statement to the policy of key %s that allows %s to %s", keyID, strings.Join(actions, " and "), orDash(roleARN)))
		f.CloudFormation += fmt.Sprintf("%sKey:  # the AWS::KMS::Key of %s in its template: add this statement to KeyPolicy\n  Type: AWS::KMS::Key\n  Properties:\n    KeyPolicy:\n      Statement:\n        - Sid: Allow%s\n          Effect: Allow\n          Principal:\n            AWS: %s\n          Action: [%s]\n          Resource: '*'\n",
			logicalPrefix(name), keyID, logicalPrefix(name), orDash(roleARN), strings.Join(actions, ", "))
	}
	f.Summary = "KMS allows a call only when the key policy and the caller's role both allow it: " + strings.Join(parts, "; and ") + "."
	return f
}
