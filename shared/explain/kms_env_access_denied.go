package explain

import (
	"context"
	"fmt"
	"strings"

	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// kmsEnvAccessDeniedRule: Lambda decrypts a function's environment variables with the function's KMS key
// through a grant made for the execution role; a recreated role loses the grant, and a disabled or
// deletion-pending key decrypts nothing, so every invocation fails before the code runs.
func kmsEnvAccessDeniedRule() Rule {
	return Rule{
		ID:        "kms-env-access-denied",
		Title:     "Lambda cannot decrypt the function's environment variables",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"lambda.get-function-configuration.<function>.json", "kms.describe-key.<key-id>.json",
			"logs.filter-log-events.json"},
		Permissions: []string{"lambda:GetFunctionConfiguration", "kms:DescribeKey", "logs:FilterLogEvents"},
		Diagnose:    diagnoseKMSEnv,
	}
}

// The exception names Lambda returns when it cannot decrypt the environment.
var kmsEnvErrors = []string{"KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException"}

// kmsStateCodes are the StateReasonCode / LastUpdateStatusReasonCode values for the same failure.
var kmsStateCodes = map[string]bool{
	string(lambdatypes.StateReasonCodeKMSKeyAccessDenied): true,
	string(lambdatypes.StateReasonCodeKMSKeyNotFound):     true,
	string(lambdatypes.StateReasonCodeDisabledKMSKey):     true,
	string(lambdatypes.StateReasonCodeInvalidStateKMSKey): true,
}

func diagnoseKMSEnv(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	fn, ferr := in.Function(ctx)
	sig := in.Signals(ctx)
	var ev []Evidence
	var missing []string

	signal := false
	if sig.LogsKnown() {
		if m := sig.find(kmsEnvErrors...); m.Count > 0 {
			signal = true
			ev = append(ev, logFact(sig, m))
		}
	} else {
		missing = append(missing, missingOf(sig.LogsErr))
	}
	keyARN := ""
	if ferr != nil {
		missing = append(missing, missingOf(ferr))
	} else {
		keyARN = deref(fn.KMSKeyArn)
		code := string(fn.StateReasonCode)
		if !kmsStateCodes[code] {
			code = string(fn.LastUpdateStatusReasonCode)
		}
		if kmsStateCodes[code] {
			signal = true
			ev = append(ev, Evidence{Source: srcFunction, Fact: fmt.Sprintf("%s: State %s, reason code %s, %q", name, orDash(string(fn.State)), code, deref(fn.StateReason))})
		}
	}
	if !signal {
		// The function's state is the decisive negative: Lambda's decryption failures happen before the
		// code runs, so the function's own logs may hold nothing either way.
		if ferr != nil {
			return Verdict{Outcome: InconclusiveOutcome, Missing: missing,
				Summary: fmt.Sprintf("Whether Lambda can decrypt the environment of %s is unknown: its configuration could not be read.", name)}
		}
		if fn.State == "" {
			// list-functions omits State and its reason codes.
			return Verdict{Outcome: InconclusiveOutcome, Missing: append(missing, fmt.Sprintf("lambda.get-function-configuration.%s.json", name)),
				Summary: fmt.Sprintf("The configuration of %s does not include its State, so a KMS failure cannot be ruled out.", name)}
		}
		why := fmt.Sprintf("%s is %s with no KMS reason code", name, orDash(string(fn.State)))
		if sig.LogsKnown() {
			why += fmt.Sprintf(", and no %s in %d log events", strings.Join(kmsEnvErrors, ", "), len(sig.Logs))
		}
		return Verdict{Outcome: RuledOutcome, Why: why}
	}
	if ferr == nil {
		ev = append(ev, Evidence{Source: srcFunction, Fact: fmt.Sprintf("%s: KMSKeyArn %s, role %s", name, orDash(keyARN), orDash(deref(fn.Role)))})
	}
	v := Verdict{Evidence: ev, Missing: missing}
	if keyARN == "" {
		v.Outcome = LikelyOutcome
		v.Summary = fmt.Sprintf("Lambda cannot decrypt the environment variables of %s, so every invocation fails before the code runs; the function uses no customer managed key that Attest could inspect.", name)
		if ferr != nil {
			v.Summary = fmt.Sprintf("Lambda reports it cannot decrypt the environment variables of %s; its key could not be identified.", name)
		}
		v.Fix = kmsGrantFix(name, region, fn, "")
		v.Impact = Impact{Summary: "No charge: the fix is a configuration change."}
		return v
	}
	key, kerr := in.Context.KeyMetadata(ctx, keyARN)
	if kerr != nil {
		v.Outcome = LikelyOutcome
		v.Missing = append(v.Missing, missingOf(kerr))
		v.Summary = fmt.Sprintf("Lambda cannot decrypt the environment variables of %s with key %s; the key's state could not be read.", name, keyARN)
		v.Fix = kmsGrantFix(name, region, fn, keyARN)
		v.Impact = Impact{Summary: "No charge: the fix is a configuration change."}
		return v
	}
	keyID := orDash(deref(key.KeyId))
	fact := fmt.Sprintf("key %s: KeyState %s, Enabled %t", keyID, key.KeyState, key.Enabled)
	if key.DeletionDate != nil {
		fact += ", deletion scheduled for " + fmtTime(*key.DeletionDate)
	}
	v.Evidence = append(v.Evidence, Evidence{Source: "kms.describe-key", Fact: fact})
	v.Impact = Impact{Summary: "No charge: the key already exists; the fix changes its state or the function's grant."}
	switch key.KeyState {
	case kmstypes.KeyStateDisabled:
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
		v.Summary = fmt.Sprintf("The KMS key %s that encrypts %s's environment variables is disabled, so Lambda cannot decrypt them and every invocation fails.", keyID, name)
		v.Fix = Fix{Summary: fmt.Sprintf("Enable key %s (and find who disabled it in CloudTrail DisableKey).", keyID),
			CLI:            []string{fmt.Sprintf("aws kms enable-key --key-id %s --region %s", keyID, region)},
			CloudFormation: fmt.Sprintf("# the AWS::KMS::Key resource of %s\nProperties:\n  Enabled: true\n", keyID)}
	case kmstypes.KeyStatePendingDeletion, kmstypes.KeyStatePendingReplicaDeletion:
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
		v.Summary = fmt.Sprintf("The KMS key %s that encrypts %s's environment variables is pending deletion, so Lambda cannot decrypt them and every invocation fails; once deleted, the environment is lost.", keyID, name)
		v.Fix = Fix{Summary: fmt.Sprintf("Cancel the deletion of %s before its deletion date, then enable it.", keyID),
			CLI: []string{fmt.Sprintf("aws kms cancel-key-deletion --key-id %s --region %s", keyID, region),
				fmt.Sprintf("aws kms enable-key --key-id %s --region %s", keyID, region)},
			CloudFormation: fmt.Sprintf("# the AWS::KMS::Key resource of %s: keep it in the template, with\nDeletionPolicy: Retain\nUpdateReplacePolicy: Retain\n", keyID)}
	case kmstypes.KeyStateEnabled:
		// The key works: the role's grant is gone (role recreated) or the key policy does not let the role use it.
		v.Outcome = LikelyOutcome
		v.Missing = append(v.Missing, fmt.Sprintf("kms.get-key-policy.%s.json (whether the key policy lets %s use the key)", keyID, orDash(roleOf(fn))))
		v.Summary = fmt.Sprintf("Key %s is enabled, yet Lambda cannot decrypt %s's environment variables: the grant for the execution role was lost (the role was recreated) or the key policy does not allow the role.", keyID, name)
		v.Fix = kmsGrantFix(name, region, fn, keyARN)
	default:
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
		v.Summary = fmt.Sprintf("The KMS key %s that encrypts %s's environment variables is in state %s, so Lambda cannot decrypt them.", keyID, name, key.KeyState)
		v.Fix = Fix{Summary: fmt.Sprintf("Bring key %s back to Enabled (state %s), or re-encrypt the environment with another key.", keyID, key.KeyState),
			CLI: []string{fmt.Sprintf("aws kms describe-key --key-id %s --region %s", keyID, region)}}
	}
	return v
}

func roleOf(fn *lambdatypes.FunctionConfiguration) string {
	if fn == nil {
		return ""
	}
	return deref(fn.Role)
}

// kmsGrantFix re-assigns the key, which makes Lambda create a new grant for the current execution role.
func kmsGrantFix(name, region string, fn *lambdatypes.FunctionConfiguration, keyARN string) Fix {
	arn := keyARN
	if arn == "" {
		arn = "<key-arn>"
	}
	return Fix{
		Summary: fmt.Sprintf("Re-assign the key to %s: updating KMSKeyArn makes Lambda create a new grant for the execution role %s. Make sure the key policy allows the role kms:Decrypt.", name, orDash(roleOf(fn))),
		CLI: []string{
			fmt.Sprintf("aws lambda update-function-configuration --function-name %s --kms-key-arn %s --region %s", name, arn, region),
			fmt.Sprintf("aws lambda wait function-updated-v2 --function-name %s --region %s", name, region),
		},
		CloudFormation: functionCFN(name, fmt.Sprintf("KmsKeyArn: %s  # re-applied after the role was recreated", arn)),
	}
}
