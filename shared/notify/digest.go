package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/run"
)

// FlowDigest is the flow name of a digest request: a scheduled event, shaped as a run state, that asks the
// notify step for the day's digest instead of one run's notification.
const FlowDigest run.Flow = "digest"

// PackReader lists and reads the evidence store.
type PackReader interface {
	List(ctx context.Context, prefix string) ([]string, error)
	Get(ctx context.Context, key string) ([]byte, error)
}

// Digest summarises the packs of one day.
type Digest struct {
	Date  string       `json:"date"` // YYYY-MM-DD, UTC
	Packs []DigestPack `json:"packs"`
	// Unreadable lists manifests that could not be read: the digest says so rather than leave them out.
	Unreadable []string `json:"unreadable,omitempty"`
}

// DigestPack is one pack in a digest.
type DigestPack struct {
	ID             string `json:"id"`
	Kind           string `json:"kind"`
	Status         string `json:"status"`
	What           string `json:"what"`
	Missing        int    `json:"missing"`
	FailedControls int    `json:"failedControls"`
}

// manifest is the part of a pack manifest (schema attest.pack/v1) the digest reads.
type manifest struct {
	ID       string         `json:"id"`
	Kind     string         `json:"kind"`
	Status   string         `json:"status"`
	Subject  map[string]any `json:"subject"`
	Missing  []struct{}     `json:"missing"`
	Controls []struct {
		Status string `json:"status"`
	} `json:"controls"`
}

// maxDigestPacks bounds one digest; a day with more says how many were left out.
const maxDigestPacks = 5000

// BuildDigest reads the manifests of the packs filed under the day (packs/<yyyy>/<mm>/<dd>/).
func BuildDigest(ctx context.Context, packs PackReader, day time.Time) (Digest, error) {
	day = day.UTC()
	d := Digest{Date: day.Format("2006-01-02"), Packs: []DigestPack{}}
	prefix := fmt.Sprintf("packs/%04d/%02d/%02d/", day.Year(), int(day.Month()), day.Day())
	keys, err := packs.List(ctx, prefix)
	if err != nil {
		return d, fmt.Errorf("list packs of %s: %w", d.Date, err)
	}
	for _, k := range keys {
		if path.Base(k) != "manifest.json" || strings.Count(strings.TrimPrefix(k, prefix), "/") != 1 {
			continue
		}
		if len(d.Packs) == maxDigestPacks {
			d.Unreadable = append(d.Unreadable, fmt.Sprintf("more than %d packs: the rest are not listed", maxDigestPacks))
			break
		}
		b, err := packs.Get(ctx, k)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return d, err
			}
			d.Unreadable = append(d.Unreadable, k)
			continue
		}
		var m manifest
		if err := json.Unmarshal(b, &m); err != nil || m.ID == "" {
			d.Unreadable = append(d.Unreadable, k)
			continue
		}
		p := DigestPack{ID: m.ID, Kind: m.Kind, Status: m.Status, What: describe(m), Missing: len(m.Missing)}
		for _, c := range m.Controls {
			if c.Status == "fail" {
				p.FailedControls++
			}
		}
		d.Packs = append(d.Packs, p)
	}
	sort.Slice(d.Packs, func(i, j int) bool {
		if d.Packs[i].Kind != d.Packs[j].Kind {
			return d.Packs[i].Kind < d.Packs[j].Kind
		}
		return d.Packs[i].ID < d.Packs[j].ID
	})
	return d, nil
}

func describe(m manifest) string {
	s := func(k string) string { v, _ := m.Subject[k].(string); return v }
	switch m.Kind {
	case string(run.FlowPush):
		if pr := s("pullRequestId"); pr != "" {
			return fmt.Sprintf("pull request %s of %s (%s)", pr, s("repository"), s("reference"))
		}
		return fmt.Sprintf("%s %s at %s", s("repository"), s("reference"), short(s("commit")))
	case string(run.FlowAlarm):
		return "alarm " + s("alarm")
	case string(run.FlowConfig):
		return s("resourceType") + " " + s("resourceId")
	}
	return m.Kind
}

// ComposeDigest writes the digest as a notification: a subject with the counts, a body that lists the
// incomplete packs and those with failing controls first, and the chat form.
func ComposeDigest(d Digest, portalURL string) Message {
	incomplete, failing := 0, 0
	kinds := map[string]int{}
	for _, p := range d.Packs {
		kinds[p.Kind]++
		if p.Status != "complete" {
			incomplete++
		}
		if p.FailedControls > 0 {
			failing++
		}
	}
	subject := clipSubject(fmt.Sprintf("Attest digest %s: %s, %d incomplete, %d with failing controls", d.Date, count(len(d.Packs), "pack"), incomplete, failing))
	var b strings.Builder
	fmt.Fprintf(&b, "Attest daily digest for %s (UTC)\n\n", d.Date)
	if len(d.Packs) == 0 {
		b.WriteString("No evidence packs were written that day.\n")
	} else {
		var ks []string
		for k := range kinds {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var parts []string
		for _, k := range ks {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
		}
		fmt.Fprintf(&b, "%s: %s.\n", count(len(d.Packs), "pack"), strings.Join(parts, ", "))
	}
	section := func(title string, keep func(DigestPack) bool) {
		var lines []string
		for _, p := range d.Packs {
			if keep(p) {
				line := fmt.Sprintf("- %s: %s (%s; %s failing, %s not done)", p.ID, p.What, p.Status,
					count(p.FailedControls, "control"), count(p.Missing, "step"))
				if portalURL != "" {
					line += "\n  " + packURL(portalURL, p.ID)
				}
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(&b, "\n%s:\n%s\n", title, strings.Join(lines, "\n"))
		}
	}
	section("Incomplete (a step did not finish: what it would have found is unknown)", func(p DigestPack) bool { return p.Status != "complete" })
	section("Failing controls", func(p DigestPack) bool { return p.Status == "complete" && p.FailedControls > 0 })
	section("Passing", func(p DigestPack) bool { return p.Status == "complete" && p.FailedControls == 0 })
	if len(d.Unreadable) > 0 {
		fmt.Fprintf(&b, "\nNot read (check them with attest verify):\n- %s\n", strings.Join(d.Unreadable, "\n- "))
	}
	m := Message{Subject: subject, Body: b.String()}
	var desc strings.Builder
	fmt.Fprintf(&desc, "*packs*: %d\n*incomplete*: %d\n*with failing controls*: %d\n", len(d.Packs), incomplete, failing)
	if len(d.Unreadable) > 0 {
		fmt.Fprintf(&desc, "*not read*: %d\n", len(d.Unreadable))
	}
	n := ChatNotification{Version: "1.0", Source: "custom", ID: "digest-" + d.Date,
		Content:  ChatContent{TextType: "client-markdown", Title: subject, Description: desc.String(), Keywords: []string{"digest"}},
		Metadata: ChatMetadata{ThreadID: "attest/digest", Summary: subject, EventType: "attest.digest"}}
	if portalURL != "" {
		n.Content.NextSteps = []string{"Browse the day's packs: " + strings.TrimRight(portalURL, "/") + "/"}
	}
	m.Chat, _ = json.Marshal(n)
	return m
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// DigestStep is the notify step's digest mode: given a digest request, it publishes the digest of the day
// before the request's time (the schedule fires after midnight UTC).
type DigestStep struct {
	Packs     PackReader
	Publisher Publisher
	PortalURL string
}

// Run publishes the digest.
func (s *DigestStep) Run(ctx context.Context, st run.State) (run.State, error) {
	at, err := time.Parse(time.RFC3339, st.Time)
	if err != nil {
		return st, fmt.Errorf("digest: request time %q: %w", st.Time, err)
	}
	d, err := BuildDigest(ctx, s.Packs, at.UTC().AddDate(0, 0, -1))
	if err != nil {
		return st, fmt.Errorf("digest: %w", err)
	}
	m := ComposeDigest(d, s.PortalURL)
	if mp, ok := s.Publisher.(MessagePublisher); ok {
		err = mp.PublishMessage(ctx, m)
	} else {
		err = s.Publisher.Publish(ctx, m.Subject, m.Body)
	}
	if err != nil {
		return st, fmt.Errorf("digest %s: %w", d.Date, err)
	}
	return st, nil
}
