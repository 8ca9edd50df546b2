package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// fakeFetcher holds objects by location and records what was asked for.
type fakeFetcher struct {
	objects map[string][]byte
	asked   []string
}

func (f *fakeFetcher) Fetch(_ context.Context, location string) ([]byte, error) {
	f.asked = append(f.asked, location)
	b, ok := f.objects[location]
	if !ok {
		return nil, fmt.Errorf("fetch %s: no such object", location)
	}
	return b, nil
}

// fakeTemplates knows the templates of some stacks.
type fakeTemplates map[string]string

func (f fakeTemplates) Template(_ context.Context, account, region, stack string) (*cfn.Template, map[string]string, error) {
	src, ok := f[stack]
	if !ok {
		return nil, nil, fmt.Errorf("stack %s in %s/%s: %w", stack, account, region, ErrTemplateUnknown)
	}
	tpl, err := cfn.Parse(stack+".yaml", []byte(src))
	return tpl, nil, err
}

const logsTemplate = `Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
`

func withSupplementary(t *testing.T, file string, edit func(map[string]json.RawMessage)) Item {
	t.Helper()
	it, err := DecodeEvent(readFixture(t, file))
	if err != nil {
		t.Fatal(err)
	}
	supp := map[string]json.RawMessage{}
	for k, v := range it.Supplementary {
		supp[k] = v
	}
	edit(supp)
	it.Supplementary = supp
	return it
}

func TestEvaluate(t *testing.T) {
	logsLocation := func(t *testing.T) string {
		it, err := DecodeEvent(readFixture(t, "logs-oversized.json"))
		if err != nil {
			t.Fatal(err)
		}
		return it.S3Location
	}
	const sse, pab = "s3-bucket-server-side-encryption-enabled", "s3-bucket-level-public-access-prohibited"
	cases := []struct {
		name      string
		item      func(t *testing.T) Item
		service   func(t *testing.T) *Service
		results   map[string]finding.Status
		drift     int
		gaps      []string // parts of each expected gap, in order
		notes     []string // parts of notes that must be present
		fetchedOK bool
	}{
		{
			name: "all good",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "uploads-change.json", func(s map[string]json.RawMessage) {
					s["PublicAccessBlockConfiguration"] = json.RawMessage(`{"blockPublicAcls":true,"ignorePublicAcls":true,"blockPublicPolicy":true,"restrictPublicBuckets":true}`)
				})
			},
			service: func(*testing.T) *Service { return &Service{} },
			results: map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusPass},
			notes:   []string{"drift not applicable"},
		},
		{
			name: "public access block as a string with one flag off",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "uploads-change.json", func(map[string]json.RawMessage) {})
			},
			service: func(*testing.T) *Service { return &Service{} },
			results: map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusFail},
		},
		{
			name: "public access block missing",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "uploads-change.json", func(s map[string]json.RawMessage) { delete(s, "PublicAccessBlockConfiguration") })
			},
			service: func(*testing.T) *Service { return &Service{} },
			results: map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusNotAssessed},
		},
		{
			name: "deleted",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "legacy-deleted.json", func(map[string]json.RawMessage) {})
			},
			service: func(*testing.T) *Service { return &Service{} },
			results: map[string]finding.Status{},
			notes:   []string{"deleted (ResourceDeleted)"},
		},
		{
			name: "resource type without rules",
			item: func(t *testing.T) Item {
				it := withSupplementary(t, "uploads-change.json", func(map[string]json.RawMessage) {})
				it.ResourceType = "AWS::SSM::Parameter"
				return it
			},
			service: func(*testing.T) *Service { return &Service{} },
			results: map[string]finding.Status{},
			notes:   []string{"no guardrail covers AWS::SSM::Parameter"},
		},
		{
			name: "oversized without a fetcher",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "logs-oversized.json", func(map[string]json.RawMessage) {})
			},
			service: func(*testing.T) *Service { return &Service{} },
			results: map[string]finding.Status{},
			gaps:    []string{"oversized and delivered at s3://config-bucket-123456789012/AWSLogs/"},
		},
		{
			name: "oversized with a failing fetcher",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "logs-oversized.json", func(map[string]json.RawMessage) {})
			},
			service: func(*testing.T) *Service {
				return &Service{Fetcher: &fakeFetcher{objects: map[string][]byte{}}}
			},
			results: map[string]finding.Status{},
			gaps:    []string{"not evaluated: fetch config-bucket"},
		},
		{
			name: "oversized fetched, stack template unknown",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "logs-oversized.json", func(map[string]json.RawMessage) {})
			},
			service: func(t *testing.T) *Service {
				return &Service{Fetcher: &fakeFetcher{objects: map[string][]byte{logsLocation(t): readFixture(t, "logs-item.json")}}}
			},
			results: map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusPass},
			gaps:    []string{"drift not assessed: template unknown (stack attest-sample, resource Logs)"},
		},
		{
			name: "oversized fetched, drift from the template",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "logs-oversized.json", func(map[string]json.RawMessage) {})
			},
			service: func(t *testing.T) *Service {
				return &Service{
					Fetcher:   &fakeFetcher{objects: map[string][]byte{logsLocation(t): readFixture(t, "logs-item.json")}},
					Templates: fakeTemplates{"attest-sample": logsTemplate},
				}
			},
			results: map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusPass},
			drift:   1, // the template says aws:kms, the bucket has AES256
		},
		{
			name: "oversized fetched, stack not known to the source",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "logs-oversized.json", func(map[string]json.RawMessage) {})
			},
			service: func(t *testing.T) *Service {
				return &Service{
					Fetcher:   &fakeFetcher{objects: map[string][]byte{logsLocation(t): readFixture(t, "logs-item.json")}},
					Templates: fakeTemplates{},
				}
			},
			results: map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusPass},
			gaps:    []string{"template unknown"},
		},
		{
			name: "oversized, fetched object is another resource",
			item: func(t *testing.T) Item {
				return withSupplementary(t, "logs-oversized.json", func(map[string]json.RawMessage) {})
			},
			service: func(t *testing.T) *Service {
				other := strings.ReplaceAll(string(readFixture(t, "logs-item.json")), "attest-sample-logs", "someone-else")
				return &Service{Fetcher: &fakeFetcher{objects: map[string][]byte{logsLocation(t): []byte(other)}}}
			},
			results: map[string]finding.Status{},
			gaps:    []string{"describes AWS::S3::Bucket someone-else"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := c.service(t).Evaluate(context.Background(), c.item(t))
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			// Cases name the rules they are about; other rules of the type are checked by package iac.
			got := map[string]finding.Status{}
			for _, r := range ev.Results {
				if _, about := c.results[r.ConfigRule]; about || len(c.results) == 0 {
					got[r.ConfigRule] = r.Status
				}
				if len(r.Controls) == 0 || r.Message == "" {
					t.Errorf("result %+v lacks controls or a message", r)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.results) {
				t.Errorf("got results %v; want %v", got, c.results)
			}
			if len(ev.Evaluations) != len(ev.Results) {
				t.Errorf("got %d evaluations for %d results; want one each", len(ev.Evaluations), len(ev.Results))
			}
			if len(ev.Drift) != c.drift {
				t.Errorf("got drift %+v; want %d entries", ev.Drift, c.drift)
			}
			if len(ev.Gaps) != len(c.gaps) {
				t.Fatalf("got gaps %q; want %d", ev.Gaps, len(c.gaps))
			}
			for i, g := range c.gaps {
				if !strings.Contains(ev.Gaps[i], g) {
					t.Errorf("gap %q does not say %q", ev.Gaps[i], g)
				}
			}
			notes := strings.Join(ev.Notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(notes, n) {
					t.Errorf("notes %q do not say %q", ev.Notes, n)
				}
			}
		})
	}
}

func TestTemplateSourceErrorIsWrapped(t *testing.T) {
	_, _, err := fakeTemplates{}.Template(context.Background(), "1", "r", "s")
	if !errors.Is(err, ErrTemplateUnknown) {
		t.Errorf("got %v; want ErrTemplateUnknown", err)
	}
}
