package evaluate

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/iac"
)

// ItemFetcher reads the full configuration item of an oversized notification from where Config delivered it.
type ItemFetcher interface {
	// Fetch returns the object at bucketLocation, "bucket/key" as in s3DeliverySummary.s3BucketLocation.
	Fetch(ctx context.Context, bucketLocation string) ([]byte, error)
}

// TemplateSource finds the template that deployed a stack, for drift detection.
type TemplateSource interface {
	// Template returns the stack's current template and the parameter values it was deployed with, or an error
	// wrapping ErrTemplateUnknown.
	Template(ctx context.Context, account, region, stack string) (*cfn.Template, map[string]string, error)
}

// ErrTemplateUnknown is returned (wrapped) by a TemplateSource that does not know the stack.
var ErrTemplateUnknown = errors.New("template unknown")

// Evaluation is the contract's evaluation.json.
type Evaluation struct {
	Resource Resource         `json:"resource"`
	Results  []Result         `json:"results"`
	Drift    []iac.DriftEntry `json:"drift"`
	Status   string           `json:"configurationItemStatus,omitempty"`
	Captured string           `json:"captureTime,omitempty"`
	Notes    []string         `json:"notes,omitempty"`
	// Evaluations are the results with rule and resource identity, for the evidence pack's control results.
	Evaluations []finding.Evaluation `json:"-"`
	// Gaps are what the evaluation could not do; the step records them on the run.
	Gaps []string `json:"-"`
}

// Resource identifies the evaluated resource.
type Resource struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	ARN  string `json:"arn,omitempty"`
	Name string `json:"name,omitempty"`
}

// Result is one rule's outcome.
type Result struct {
	ConfigRule string         `json:"configRule"`
	Status     finding.Status `json:"status"`
	Controls   []string       `json:"controls"`
	Message    string         `json:"message"`
}

// Service evaluates configuration items. Both fields may be nil: oversized items are then not evaluated and
// drift is not assessed, and the evaluation says so.
type Service struct {
	Fetcher   ItemFetcher
	Templates TemplateSource
}

// Evaluate runs the guardrails on one configuration item. An error means the evaluation could not be made at
// all; what it could not do in part is in the Evaluation's Gaps and Notes.
func (s *Service) Evaluate(ctx context.Context, item Item) (*Evaluation, error) {
	ev := &Evaluation{
		Resource: Resource{Type: item.ResourceType, ID: item.ResourceID, ARN: item.ARN, Name: item.ResourceName},
		Results:  []Result{},
		Drift:    []iac.DriftEntry{},
		Status:   item.Status,
		Captured: item.CaptureTime,
	}
	if item.Oversized {
		full, why := s.fetch(ctx, item)
		if why != "" {
			ev.Gaps = append(ev.Gaps, why)
			ev.Notes = append(ev.Notes, why)
			return ev, nil
		}
		item = full
	}
	if item.Deleted() {
		ev.Notes = append(ev.Notes, fmt.Sprintf("the resource was deleted (%s); nothing left to evaluate", item.Status))
		return ev, nil
	}
	if !iac.HasRules(item.ResourceType) {
		ev.Notes = append(ev.Notes, fmt.Sprintf("no guardrail covers %s; nothing was evaluated", item.ResourceType))
		return ev, nil
	}
	ci := iac.ConfigItem{
		ResourceType:  item.ResourceType,
		ResourceID:    item.ResourceID,
		ResourceName:  item.ResourceName,
		ARN:           item.ARN,
		Configuration: item.Configuration,
		Supplementary: item.Supplementary,
		Tags:          item.Tags,
	}
	ev.Evaluations = iac.EvaluateConfigItem(ci)
	for _, e := range ev.Evaluations {
		ev.Results = append(ev.Results, Result{ConfigRule: e.ConfigRule, Status: e.Status, Controls: e.Controls, Message: e.Message})
	}
	s.drift(ctx, item, ci, ev)
	return ev, nil
}

// fetch reads the full item of an oversized notification; why says what went wrong.
func (s *Service) fetch(ctx context.Context, item Item) (full Item, why string) {
	where := "s3://" + item.S3Location
	notEvaluated := func(reason string) string {
		return fmt.Sprintf("configuration item is oversized and delivered at %s; not evaluated: %s", where, reason)
	}
	switch {
	case item.S3Error != "":
		return Item{}, fmt.Sprintf("configuration item is oversized and AWS Config could not deliver it (%s); not evaluated", item.S3Error)
	case item.S3Location == "":
		return Item{}, "configuration item is oversized and the notification names no S3 location; not evaluated"
	case s.Fetcher == nil:
		return Item{}, notEvaluated("no item fetcher is configured")
	}
	data, err := s.Fetcher.Fetch(ctx, item.S3Location)
	if err != nil {
		return Item{}, notEvaluated(err.Error())
	}
	full, err = DecodeItem(data)
	if err != nil {
		return Item{}, notEvaluated(err.Error())
	}
	if full.ResourceType != item.ResourceType || full.ResourceID != item.ResourceID {
		return Item{}, notEvaluated(fmt.Sprintf("the object describes %s %s, not %s %s", full.ResourceType, full.ResourceID, item.ResourceType, item.ResourceID))
	}
	if full.Account == "" {
		full.Account = item.Account
	}
	if full.Region == "" {
		full.Region = item.Region
	}
	return full, ""
}

// drift compares the item with the template that deployed it, when CloudFormation's tags name one.
func (s *Service) drift(ctx context.Context, item Item, ci iac.ConfigItem, ev *Evaluation) {
	stack, logicalID := item.Tags[TagStackName], item.Tags[TagLogicalID]
	if stack == "" || logicalID == "" {
		ev.Notes = append(ev.Notes, "drift not applicable: the resource has no aws:cloudformation stack-name and logical-id tags")
		return
	}
	if s.Templates == nil {
		gap := fmt.Sprintf("drift not assessed: template unknown (stack %s, resource %s)", stack, logicalID)
		ev.Gaps = append(ev.Gaps, gap)
		ev.Notes = append(ev.Notes, gap)
		return
	}
	tpl, params, err := s.Templates.Template(ctx, item.Account, item.Region, stack)
	if err != nil {
		gap := fmt.Sprintf("drift not assessed: template of stack %s: %v", stack, err)
		ev.Gaps = append(ev.Gaps, gap)
		ev.Notes = append(ev.Notes, gap)
		return
	}
	entries, notCompared, err := iac.Drift(tpl, logicalID, params, ci)
	if err != nil {
		gap := fmt.Sprintf("drift not assessed: %v", err)
		ev.Gaps = append(ev.Gaps, gap)
		ev.Notes = append(ev.Notes, gap)
		return
	}
	ev.Drift = entries
	for _, n := range notCompared {
		ev.Notes = append(ev.Notes, "drift not compared for "+n)
	}
}
