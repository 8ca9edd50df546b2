package scan

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// WithPolicy returns a copy of the service whose IaC scanner applies the organisation settings of p. A service
// with another TemplateScanner, or none, is returned unchanged.
func (s *Service) WithPolicy(p policy.Policy) *Service {
	c := *s
	if _, ok := c.Templates.(IaC); ok {
		c.Templates = IaC{Options: p.IaCOptions("")}
	}
	return &c
}

// policyFor decides the organisation policy of a push: the deployment's policy when it has one (it overrides
// the repository's), else the repository's .attest.yml when the push changes it, else none. why is set when a
// policy file is there but unusable; the scan then goes on with the defaults and says so.
// raw is the repository's file as read, for the pack and for the review step; nil for the deployment's.
func (s *Step) policyFor(ctx context.Context, cs run.Changeset) (p *policy.Policy, raw []byte, why string, err error) {
	if s.Policy != nil {
		return s.Policy, nil, "", nil
	}
	for _, f := range cs.Files {
		if (f.Path != policy.RepoFile && f.Path != policy.RepoFileAlt) || f.Change == run.ChangeDeleted || f.HeadKey == "" {
			continue
		}
		b, err := s.Work.Get(ctx, f.HeadKey)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, fmt.Sprintf("%s: head content %s is missing from the work store; the default policy applies", f.Path, f.HeadKey), nil
		}
		if err != nil {
			return nil, nil, "", fmt.Errorf("read %s: %w", f.Path, err)
		}
		pol, err := policy.Parse(b)
		if err != nil {
			return nil, nil, fmt.Sprintf("%s: %v; the default policy applies", f.Path, err), nil
		}
		return &pol, b, "", nil
	}
	if cs.Policy != nil { // the repository's policy file as it is at the head, unchanged by the push
		b, err := s.Work.Get(ctx, cs.Policy.Key)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, fmt.Sprintf("%s: content %s is missing from the work store; the default policy applies", cs.Policy.Path, cs.Policy.Key), nil
		}
		if err != nil {
			return nil, nil, "", fmt.Errorf("read %s: %w", cs.Policy.Path, err)
		}
		pol, err := policy.Parse(b)
		if err != nil {
			return nil, nil, fmt.Sprintf("%s: %v; the default policy applies", cs.Policy.Path, err), nil
		}
		return &pol, b, "", nil
	}
	return nil, nil, "", nil
}

// applyFrameworks limits a report's controls to the policy's frameworks.
func applyFrameworks(p *policy.Policy, rep *finding.Report) {
	if p != nil {
		p.FilterFrameworks(rep)
	}
}
