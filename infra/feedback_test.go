package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestApprovalRuleTemplateOutput: the merge gate's template content names the review function's role as
// the approval pool, in CodeCommit's approval rule format.
func TestApprovalRuleTemplateOutput(t *testing.T) {
	tm := sample(t).tmpl
	role := roleOf(t, tm, "review")
	for _, name := range []string{"ApprovalRuleTemplateContent", "ReviewRoleName"} {
		out, ok := tm.Outputs[name].(map[string]any)
		if !ok {
			t.Fatalf("no output %s", name)
		}
		if !mentions(out["Value"], role) {
			t.Errorf("output %s = %v; want a reference to the review role %s", name, out["Value"], role)
		}
	}
	// With the references replaced, the content is an approval rule.
	b, _ := json.Marshal(tm.Outputs["ApprovalRuleTemplateContent"].(map[string]any)["Value"])
	for _, want := range []string{`\"Version\":\"2018-11-08\"`, `\"Type\":\"Approvers\"`, `\"NumberOfApprovalsNeeded\":1`, `:assumed-role/`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("template content %s lacks %s", b, want)
		}
	}
}

// TestDigestSchedule: a daily schedule asks the notify function for a digest, shaped as a run state of flow
// "digest" carrying the schedule's time, through a target with a dead-letter queue.
func TestDigestSchedule(t *testing.T) {
	tm := sample(t).tmpl
	notifyID, _ := tm.one(t, "AWS::Lambda::Function", "FnNotify")
	_, r := tm.one(t, "AWS::Events::Rule", "DigestSchedule")
	if got := r.Properties["ScheduleExpression"]; got != "cron(5 0 * * ? *)" {
		t.Errorf("schedule = %v; want cron(5 0 * * ? *)", got)
	}
	targets := r.Properties["Targets"].([]any)
	if len(targets) != 1 || !refersTo(get(targets[0], "Arn"), notifyID) {
		t.Fatalf("targets = %v; want the notify function", targets)
	}
	tmpl, _ := get(targets[0], "InputTransformer.InputTemplate").(string)
	if !strings.Contains(tmpl, `"flow":"digest"`) || !strings.Contains(tmpl, `"time":<time>`) || get(targets[0], "InputTransformer.InputPathsMap.time") != "$.time" {
		t.Errorf("input = %v; want a digest request with the event's time", get(targets[0], "InputTransformer"))
	}
	if get(targets[0], "DeadLetterConfig.Arn") == nil {
		t.Error("the schedule's target has no dead-letter queue")
	}
}
