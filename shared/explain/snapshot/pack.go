package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
)

// PolicyNotCited is the reason that replaces a policy document no evidence item cites, as
// {"redacted": PolicyNotCited}.
const PolicyNotCited = "policy document not cited as evidence"

var _ explain.RecordedContext = (*Recorder)(nil)

// Record wraps source in a new Recorder: the explain.Step's Record, so that an alarm pack holds the context
// its explanation used.
func Record(source explain.Context) explain.RecordedContext { return NewRecorder(source) }

// PackFiles returns the recorded answers as snapshot files for the evidence pack of explanation e, with a
// README of the calls that failed. What is not evidence of e is left out, as explain.Step documents:
// environment variable values always (also inside CloudTrail events and AWS Config items), the policy
// documents of calls no evidence item of e cites, and the IAM documents of roles no rule evaluated. Log messages are kept, for the signal rules count them
// (quoted or not, they decide root causes and ruled-out causes), and every text but a kept policy document
// is masked with explain.RedactText. Open reads the files back, so the explanation can be derived again
// offline.
func (r *Recorder) PackFiles(e *explain.Explanation) (map[string][]byte, error) {
	if e == nil {
		return nil, errors.New("pack context: no explanation")
	}
	r.mu.Lock()
	files := make(map[string]any, len(r.files))
	for k, v := range r.files {
		files[k] = v
	}
	r.mu.Unlock()

	p := packRedaction{cited: citedCalls(e), roles: executionRoles(files)}
	for _, ev := range e.Evidence {
		p.facts = append(p.facts, ev.Fact)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make(map[string][]byte, len(names)+1)
	var written []string
	var failures []Failure
	for _, name := range names {
		data, err := p.encode(name, files[name])
		if err != nil {
			failures = append(failures, Failure{Call: callOf(name), File: name, Err: err})
			continue
		}
		out[name] = data
		written = append(written, name)
	}
	out[ReadmeFile] = r.packReadme(e, written, append(r.Failures(), failures...), p)
	return out, nil
}

// packRedaction decides what of the recorded context is evidence of one explanation.
type packRedaction struct {
	// cited holds the calls evidence items name as their source.
	cited map[string]bool
	// roles holds the execution roles of the recorded functions, by name.
	roles map[string]bool
	// facts are the evidence facts, which name the roles a rule evaluated.
	facts []string
}

// executionRoles returns the names of the execution roles of the recorded functions.
func executionRoles(files map[string]any) map[string]bool {
	out := map[string]bool{}
	for name, v := range files {
		fn, ok := v.(*lambdatypes.FunctionConfiguration)
		if !ok || fn == nil || !strings.HasPrefix(name, "lambda.get-function-configuration.") {
			continue
		}
		if role := str(fn.Role); role != "" {
			out[role[strings.LastIndex(role, "/")+1:]] = true
		}
	}
	return out
}

// citedCalls returns the calls named by the explanation's evidence: a source may name several, separated
// by commas.
func citedCalls(e *explain.Explanation) map[string]bool {
	out := map[string]bool{}
	for _, ev := range e.Evidence {
		for _, c := range strings.Split(ev.Source, ",") {
			if c = strings.TrimSpace(c); c != "" {
				out[c] = true
			}
		}
	}
	return out
}

// encode writes one recorded answer as the CLI prints it, redacted.
func (p packRedaction) encode(name string, v any) ([]byte, error) {
	if isNil(v) {
		return nil, errors.New("the call answered nothing")
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	tree, ok, err := encodeValue(rv, "", "", CLIOptions{Redact: true, CamelCase: camelCaseFile(name)})
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	if !ok {
		tree = object{}
	}
	tree = p.redactCall(callOf(name), tree)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return buf.Bytes(), nil
}

// policyMember reports whether a member of a call's output holds a policy document, and whether the
// document is a JSON object in the CLI's output (IAM documents) rather than JSON text in a string (KMS key
// policies, Lambda resource policies).
func policyMember(call, key string) (policy, object bool) {
	switch call {
	case "iam.get-account-authorization-details":
		return key == "PolicyDocument" || key == "AssumeRolePolicyDocument" || key == "Document", true
	case "kms.get-key-policy", "lambda.get-policy":
		return key == "Policy", false
	}
	return false, false
}

const iamDetailsCall = "iam.get-account-authorization-details"

// redactCall redacts the encoded tree of one call's output.
func (p packRedaction) redactCall(call string, tree any) any {
	if top, ok := tree.(object); ok && call == iamDetailsCall {
		return p.redactIAM(top)
	}
	return p.redact(call, tree, p.cited[call])
}

// redactIAM redacts the account's authorization details. Even when they are cited, only the documents
// the explanation could have evaluated are kept: those of the roles it names (the recorded functions'
// execution roles, the roles evidence facts name) and of the managed policies and boundaries attached to
// them. Every other role's, user's and group's documents are not evidence of this alarm.
func (p packRedaction) redactIAM(top object) any {
	cited := p.cited[iamDetailsCall]
	attached := map[string]bool{}
	keptRole := func(role any) bool {
		r, _ := role.(object)
		name, _ := r.get("RoleName").(string)
		return cited && p.roleKept(name)
	}
	roles, _ := top.get("RoleDetailList").([]any)
	for _, role := range roles {
		if !keptRole(role) {
			continue
		}
		r := role.(object)
		list, _ := r.get("AttachedManagedPolicies").([]any)
		for _, a := range list {
			if ao, ok := a.(object); ok {
				arn, _ := ao.get("PolicyArn").(string)
				attached[arn] = true
			}
		}
		if b, ok := r.get("PermissionsBoundary").(object); ok {
			arn, _ := b.get("PermissionsBoundaryArn").(string)
			attached[arn] = true
		}
	}
	out := make(object, 0, len(top))
	for _, m := range top {
		items, isList := m.value.([]any)
		switch {
		case m.key == "RoleDetailList" && isList:
			kept := make([]any, len(items))
			for i, role := range items {
				kept[i] = p.redact(iamDetailsCall, role, keptRole(role))
			}
			out = append(out, member{m.key, kept})
		case m.key == "Policies" && isList:
			kept := make([]any, len(items))
			for i, pol := range items {
				po, _ := pol.(object)
				arn, _ := po.get("Arn").(string)
				kept[i] = p.redact(iamDetailsCall, pol, cited && arn != "" && attached[arn])
			}
			out = append(out, member{m.key, kept})
		default:
			out = append(out, member{m.key, p.redact(iamDetailsCall, m.value, false)})
		}
	}
	return out
}

// roleKept reports whether the explanation could have evaluated a role's policies.
func (p packRedaction) roleKept(name string) bool {
	if name == "" {
		return false
	}
	if p.roles[name] {
		return true
	}
	for _, f := range p.facts {
		if strings.Contains(f, name) {
			return true
		}
	}
	return false
}

// get returns the value of a member, nil when there is none.
func (o object) get(key string) any {
	for _, m := range o {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// redact walks an encoded tree; keep says whether the policy documents in it are kept.
func (p packRedaction) redact(call string, node any, keep bool) any {
	switch n := node.(type) {
	case object:
		out := make(object, 0, len(n))
		for _, m := range n {
			if policy, isObject := policyMember(call, m.key); policy {
				out = append(out, member{m.key, policyValue(m.value, keep, isObject)})
				continue
			}
			out = append(out, member{m.key, p.redact(call, m.value, keep)})
		}
		return out
	case []any:
		out := make([]any, len(n))
		for i, it := range n {
			out[i] = p.redact(call, it, keep)
		}
		return out
	case string:
		// Masked last: decoding embedded JSON can turn escapes (\u0041KIA…) into the text masking looks for.
		return explain.RedactText(redactEmbedded(n))
	}
	return node
}

// policyValue keeps a policy document as it is (masking could corrupt its resource ARNs, and a policy
// holds no credentials) or replaces it by the marker, in the form the member takes.
func policyValue(v any, keep, isObject bool) any {
	if keep {
		return v
	}
	if isObject {
		return object{{"redacted", PolicyNotCited}}
	}
	b, _ := json.Marshal(map[string]string{"redacted": PolicyNotCited})
	return string(b)
}

// redactEmbedded replaces the environment variable values inside JSON carried as text (a CloudTrail
// event's request parameters, an AWS Config item's configuration), which the typed encoding cannot see.
// Text that is not a JSON object, or holds no environment, is returned as it is.
func redactEmbedded(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "{") || !strings.Contains(strings.ToLower(t), "variables") {
		return s
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return s
	}
	if !redactEnvironment(v, false) {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return s
	}
	return string(b)
}

// redactEnvironment replaces the values of every "variables" map under an "environment" member, and says
// whether it replaced any.
func redactEnvironment(v any, inEnvironment bool) bool {
	changed := false
	switch n := v.(type) {
	case map[string]any:
		for k, x := range n {
			if inEnvironment && strings.EqualFold(k, "variables") {
				if vars, ok := x.(map[string]any); ok {
					for name := range vars {
						if vars[name] != Redacted {
							vars[name] = Redacted
							changed = true
						}
					}
					continue
				}
			}
			if redactEnvironment(x, strings.EqualFold(k, "environment")) {
				changed = true
			}
		}
	case []any:
		for _, x := range n {
			if redactEnvironment(x, false) {
				changed = true
			}
		}
	}
	return changed
}

// packReadme says what the pack's context is, how it was redacted and which calls failed.
func (r *Recorder) packReadme(e *explain.Explanation, written []string, failures []Failure, p packRedaction) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Context of the explanation of alarm %s\n\n", e.Alarm.Name)
	fmt.Fprintf(&b, "The AWS context the explanation in this pack was derived from: every answer the root-cause rules read, as the AWS CLI v2 prints it. Explain the alarm again offline from the unpacked pack with:\n\n")
	fmt.Fprintf(&b, "    attest explain --event event.json --context %s\n\n", explain.ContextDir)
	fmt.Fprintf(&b, "Kept only as far as it is evidence: function environment variable values are replaced by %s (names kept); ", Redacted)
	cited := make([]string, 0, len(p.cited))
	for c := range p.cited {
		if c == "iam.get-account-authorization-details" || c == "kms.get-key-policy" || c == "lambda.get-policy" {
			cited = append(cited, c)
		}
	}
	sort.Strings(cited)
	if len(cited) == 0 {
		fmt.Fprintf(&b, "no policy document is cited as evidence, so each is replaced by {\"redacted\": %q}; ", PolicyNotCited)
	} else {
		fmt.Fprintf(&b, "policy documents are kept for the calls the evidence cites (%s; of IAM's, only the documents of the roles the rules evaluated and of the managed policies attached to them) and replaced by {\"redacted\": %q} elsewhere; ", strings.Join(cited, ", "), PolicyNotCited)
	}
	fmt.Fprintf(&b, "log messages are kept, as the rules count them; secrets (access keys, passwords, tokens, private keys, credentials in URLs) are masked in everything kept.\n\n")
	fmt.Fprintf(&b, "## Files\n\n")
	for _, f := range written {
		fmt.Fprintf(&b, "- %s\n", f)
	}
	fmt.Fprintf(&b, "\n## Calls that failed\n\n")
	if len(failures) == 0 {
		fmt.Fprintf(&b, "None.\n")
	} else {
		fmt.Fprintf(&b, "Each is unknown context: the explanation lists it under missingContext rather than reading it as empty.\n\n")
		fmt.Fprintf(&b, "| call | file | error |\n|---|---|---|\n")
		for _, f := range failures {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", f.Call, f.File, strings.ReplaceAll(oneLine(explain.RedactText(f.Err.Error())), "|", `\|`))
		}
	}
	if notes := r.Notes(); len(notes) > 0 {
		fmt.Fprintf(&b, "\n## Not in the snapshot\n\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.Bytes()
}
