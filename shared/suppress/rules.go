package suppress

import "github.com/attestdev/attest/shared/finding"

// Class is the class of the rules about suppressions themselves. They report on how a result was accepted,
// not on cryptography or infrastructure, so they carry a class of their own.
const Class = "suppression"

// Rule IDs of the findings Apply adds.
const (
	RuleNoReason  = "ATT-SUPPRESS-NO-REASON"
	RuleUnknownID = "ATT-SUPPRESS-UNKNOWN-ID"
	RuleMalformed = "ATT-SUPPRESS-MALFORMED"
	RuleUnmapped  = "ATT-SUPPRESS-UNMAPPED"
	RuleUnused    = "ATT-SUPPRESS-UNUSED"
)

const howTo = "Write the suppression as a comment on the line, or on its own line just above it: " +
	"attest:ignore <rule-id>[,<rule-id>…] <reason>, where the rule is an Attest rule ID (ATT-CRYPTO-WEAK-HASH), " +
	"an AWS Config rule identifier (s3-bucket-logging-enabled) or a class (crypto/weak-hash). In a CloudFormation " +
	"resource's Metadata: attest: {skip: [{id: <rule>, reason: <why>}]}."

// rules lists the suppression rules, in one explicit list.
var rules = []finding.Rule{
	{
		ID:          RuleNoReason,
		Title:       "Suppression without a reason",
		Description: "A suppression gives no reason. It suppresses nothing: an accepted risk needs a justification that an auditor can read.",
		Remediation: "Add the reason after the rule identifier (attest:ignore ATT-CRYPTO-WEAK-HASH cache key of public data, not a security use), or the reason field of a Metadata entry (comment for checkov). " + howTo,
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       Class,
	},
	{
		ID:          RuleUnknownID,
		Title:       "Suppression names no rule Attest has",
		Description: "A suppression names an identifier that is neither an Attest rule ID, nor an AWS Config rule identifier of an Attest rule, nor a class. It suppresses nothing under that name.",
		Remediation: "Correct the identifier to the rule ID shown with the finding. " + howTo,
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       Class,
	},
	{
		ID:          RuleMalformed,
		Title:       "Suppression Attest cannot read",
		Description: "A suppression names no rule, or a Metadata suppression is not a list of entries with an id and a reason. It suppresses nothing.",
		Remediation: howTo,
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       Class,
	},
	{
		ID:          RuleUnmapped,
		Title:       "Suppression of another tool's check that Attest does not have",
		Description: "A cfn_nag or checkov suppression names a check with no Attest rule of the same meaning. It accepts no Attest result; it is listed so that it is never taken for one that does.",
		Remediation: "Nothing to do for cfn_nag or checkov. To accept an Attest result as well, add an attest entry to the resource's Metadata: attest: {skip: [{id: <rule>, reason: <why>}]}.",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       Class,
	},
	{
		ID:          RuleUnused,
		Title:       "Suppression that matched nothing",
		Description: "A suppression matched no failing result of the rules it names where it applies: the problem was fixed, the code moved, or the suppression is on the wrong line or resource.",
		Remediation: "Remove the suppression, or move it to the line (or resource) of the finding it is meant for.",
		Level:       finding.LevelNote,
		Confidence:  "medium",
		Class:       Class,
	},
}

// Rules describes the rules of the findings Apply adds.
func Rules() []finding.Rule {
	return append([]finding.Rule(nil), rules...)
}

// ruleByID returns one of the rules above; the zero level of an unknown ID never happens with the constants.
func ruleByID(id string) finding.Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return finding.Rule{ID: id, Title: id, Level: finding.LevelWarning, Class: Class}
}
