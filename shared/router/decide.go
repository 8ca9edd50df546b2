package router

import (
	"fmt"
	"slices"
	"strings"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/run"
)

// EventFile is the work-store name of a run's triggering event.
const EventFile = "event.json"

// Config says which events start a run.
type Config struct {
	// WatchRepositories names the CodeCommit repositories whose pushes are scanned; empty means every one.
	WatchRepositories []string
	// ScanTags also scans tags that are created or moved; by default only branches are.
	ScanTags bool
}

// Decision is what to do with one event. When Ignore is set, Reason says why and nothing is started;
// State is filled whenever the event names a subject, so that an ignored event can still be logged by it.
type Decision struct {
	Ignore bool
	Reason string
	State  run.State
}

// Decide maps a parsed event to a run. It returns an *event.UnsupportedError for a kind it does not route.
func Decide(env *event.Envelope, cfg Config) (Decision, error) {
	if env == nil {
		return Decision{}, &event.MalformedError{Reason: "no event"}
	}
	switch {
	case env.CodeCommit != nil:
		return decidePush(env, cfg), nil
	case env.PullRequest != nil:
		return decidePullRequest(env, cfg), nil
	case env.Alarm != nil:
		return decideAlarm(env), nil
	case env.Config != nil:
		return decideConfig(env), nil
	}
	return Decision{}, &event.UnsupportedError{Source: env.Source, DetailType: env.DetailType}
}

func newState(flow run.Flow, label string, env *event.Envelope, subject run.Subject, identity ...string) run.State {
	st := run.State{
		RunID:   run.ExecutionName(flow, label, identity...),
		Flow:    flow,
		Time:    env.Time.RFC3339(),
		Subject: subject,
	}
	st.EventKey = st.Key(EventFile)
	return st
}

func decidePush(env *event.Envelope, cfg Config) Decision {
	c := env.CodeCommit
	commit := c.CommitID
	if c.Event == event.ReferenceDeleted {
		commit = c.OldCommitID
	}
	subject := run.Subject{
		Account:    env.Account,
		Region:     env.Region,
		Repository: c.RepositoryName,
		Reference:  c.ReferenceName,
		RefType:    c.ReferenceType,
		Commit:     commit,
	}
	switch c.Event {
	case event.ReferenceCreated:
		// A new branch is compared with where it left the default branch, which fetch resolves. A new tag
		// has no such base and is scanned whole.
		subject.NewBranch = c.ReferenceType == event.ReferenceBranch
	case event.ReferenceUpdated:
		subject.BaseCommit = c.OldCommitID
	}
	st := newState(run.FlowPush, c.RepositoryName+"-"+c.ReferenceName, env, subject, c.RepositoryName, c.FullReference(), commit)
	d := Decision{State: st}
	switch {
	case c.Event == event.ReferenceDeleted:
		d.Ignore, d.Reason = true, fmt.Sprintf("%s %s of %s was deleted: nothing to scan", c.ReferenceType, c.ReferenceName, c.RepositoryName)
	case len(cfg.WatchRepositories) > 0 && !slices.Contains(cfg.WatchRepositories, c.RepositoryName):
		d.Ignore, d.Reason = true, fmt.Sprintf("repository %s is not watched", c.RepositoryName)
	case c.ReferenceType == event.ReferenceTag && !cfg.ScanTags:
		d.Ignore, d.Reason = true, fmt.Sprintf("tag %s of %s: tags are not scanned", c.ReferenceName, c.RepositoryName)
	}
	return d
}

func decideAlarm(env *event.Envelope) Decision {
	a := env.Alarm
	subject := run.Subject{
		Account:   env.Account,
		Region:    env.Region,
		Alarm:     a.AlarmName,
		AlarmTime: a.State.Timestamp.RFC3339(),
	}
	id := alarmARN(env)
	if id == "" {
		id = a.AlarmName
	}
	st := newState(run.FlowAlarm, a.AlarmName, env, subject, id, subject.AlarmTime)
	d := Decision{State: st}
	if a.State.Value != event.StateAlarm {
		d.Ignore, d.Reason = true, fmt.Sprintf("alarm %s changed to %s, not ALARM", a.AlarmName, a.State.Value)
	}
	return d
}

// alarmARN is the alarm's ARN from the event's resources, which name it for alarm events.
func alarmARN(env *event.Envelope) string {
	for _, r := range env.Resources {
		if strings.HasPrefix(r, "arn:") && strings.Contains(r, ":alarm:") {
			return r
		}
	}
	return ""
}

func decideConfig(env *event.Envelope) Decision {
	id := env.Config.Identity()
	account, region := id.Account, id.Region
	if account == "" {
		account = env.Account
	}
	if region == "" {
		region = env.Region
	}
	subject := run.Subject{
		Account:      account,
		Region:       region,
		ResourceType: id.ResourceType,
		ResourceID:   id.ResourceID,
		ResourceARN:  id.ARN,
		CaptureTime:  id.CaptureTime.RFC3339(),
	}
	// Every change is evidence, a deletion included; the state ID tells apart two items captured in the
	// same millisecond.
	st := newState(run.FlowConfig, id.ResourceID, env, subject, id.ResourceType, id.ResourceID, subject.CaptureTime, id.StateID)
	return Decision{State: st}
}
