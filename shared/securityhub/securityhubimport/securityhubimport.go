// Package securityhubimport is the securityhub.Importer of AWS Security Hub: one BatchImportFindings call
// per batch. Throttling (HTTP 429) is retried with backoff by the SDK client's retryer, which the function
// configures with more attempts than the default.
package securityhubimport

import (
	"context"
	"errors"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/securityhub"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	sdk "github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

// API is the part of the Security Hub client used.
type API interface {
	BatchImportFindings(ctx context.Context, in *sdk.BatchImportFindingsInput, opts ...func(*sdk.Options)) (*sdk.BatchImportFindingsOutput, error)
}

// Importer imports into Security Hub.
type Importer struct {
	API API
}

var _ securityhub.Importer = (*Importer)(nil)

// Import sends one batch and returns the findings Security Hub rejected.
func (i *Importer) Import(ctx context.Context, batch []finding.ASFFFinding) ([]securityhub.Rejected, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	if len(batch) > securityhub.MaxBatchFindings {
		return nil, errors.New("batch of more than 100 findings")
	}
	in := &sdk.BatchImportFindingsInput{Findings: make([]types.AwsSecurityFinding, 0, len(batch))}
	for _, f := range batch {
		in.Findings = append(in.Findings, toSDK(f))
	}
	out, err := i.API.BatchImportFindings(ctx, in)
	if err != nil {
		return nil, err
	}
	var rej []securityhub.Rejected
	for _, f := range out.FailedFindings {
		rej = append(rej, securityhub.Rejected{ID: aws.ToString(f.Id), Code: aws.ToString(f.ErrorCode), Message: aws.ToString(f.ErrorMessage)})
	}
	return rej, nil
}

func toSDK(f finding.ASFFFinding) types.AwsSecurityFinding {
	out := types.AwsSecurityFinding{
		SchemaVersion: aws.String(f.SchemaVersion),
		Id:            aws.String(f.ID),
		ProductArn:    aws.String(f.ProductArn),
		GeneratorId:   aws.String(f.GeneratorID),
		AwsAccountId:  aws.String(f.AwsAccountID),
		Types:         f.Types,
		CreatedAt:     aws.String(f.CreatedAt),
		UpdatedAt:     aws.String(f.UpdatedAt),
		Severity:      &types.Severity{Label: types.SeverityLabel(f.Severity.Label)},
		Title:         aws.String(f.Title),
		Description:   aws.String(f.Description),
		ProductFields: f.ProductFields,
		RecordState:   types.RecordState(f.RecordState),
		Workflow:      &types.Workflow{Status: types.WorkflowStatus(f.Workflow.Status)},
	}
	if f.Remediation != nil {
		r := f.Remediation.Recommendation
		out.Remediation = &types.Remediation{Recommendation: &types.Recommendation{Text: optional(r.Text), Url: optional(r.URL)}}
	}
	for _, r := range f.Resources {
		res := types.Resource{Type: aws.String(r.Type), Id: aws.String(r.ID), Region: optional(r.Region)}
		if r.Details != nil && len(r.Details.Other) > 0 {
			res.Details = &types.ResourceDetails{Other: r.Details.Other}
		}
		out.Resources = append(out.Resources, res)
	}
	if f.Compliance != nil {
		out.Compliance = &types.Compliance{Status: types.ComplianceStatus(f.Compliance.Status), RelatedRequirements: f.Compliance.RelatedRequirements}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// MaxAttempts is how often the function's client tries one call: BatchImportFindings allows 10 requests a
// second with bursts of 30, and a push of many findings, or many runs at once, can exceed that.
const MaxAttempts = 8

// Retryer is the retryer the function's Security Hub client is built with: the SDK's standard retryer
// (exponential backoff with jitter on throttling and 5xx) with MaxAttempts attempts.
func Retryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = MaxAttempts })
}
