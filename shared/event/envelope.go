package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// MaxSize bounds an event. EventBridge delivers at most 256 KB; the margin leaves room for hand-made events.
const MaxSize = 1 << 20

// Sources and detail types Attest handles.
const (
	SourceCodeCommit = "aws.codecommit"
	SourceCloudWatch = "aws.cloudwatch"
	SourceConfig     = "aws.config"

	DetailTypeCodeCommit = "CodeCommit Repository State Change"
	DetailTypeAlarm      = "CloudWatch Alarm State Change"
	DetailTypeConfig     = "Config Configuration Item Change"
)

// Kind tells which detail an envelope carries.
type Kind string

// The kinds of event Attest handles.
const (
	KindCodeCommit Kind = "codecommit"
	KindAlarm      Kind = "alarm"
	KindConfig     Kind = "config"
)

// Envelope is an EventBridge event. Exactly one of CodeCommit, PullRequest, Alarm and Config is set by Parse, according
// to Kind; Detail keeps the detail's bytes as they arrived.
type Envelope struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       Time            `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`

	Kind        Kind                       `json:"-"`
	CodeCommit  *CodeCommitReferenceChange `json:"-"`
	PullRequest *PullRequestStateChange    `json:"-"`
	Alarm       *AlarmStateChange          `json:"-"`
	Config      *ConfigItemChange          `json:"-"`

	obj object
}

// Parse reads an EventBridge event and its typed detail. It returns a *MalformedError or an
// *UnsupportedError for events it cannot use.
func Parse(data []byte) (*Envelope, error) {
	if len(data) > MaxSize {
		return nil, &MalformedError{Reason: fmt.Sprintf("event is %d bytes; the limit is %d", len(data), MaxSize)}
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, &MalformedError{Reason: "empty input"}
	}
	if !json.Valid(trimmed) {
		return nil, &MalformedError{Reason: "not valid JSON" + syntaxDetail(trimmed)}
	}
	if trimmed[0] != '{' {
		return nil, &MalformedError{Reason: "not a JSON object"}
	}
	env := &Envelope{}
	if err := env.UnmarshalJSON(trimmed); err != nil {
		return nil, malformed("", err)
	}
	for _, f := range []struct{ name, value string }{
		{"source", env.Source}, {"detail-type", env.DetailType}, {"account", env.Account}, {"region", env.Region},
	} {
		if f.value == "" {
			return nil, missing(f.name)
		}
	}
	if env.Time.IsZero() {
		return nil, missing("time")
	}
	if len(env.Detail) == 0 || isNull(env.Detail) {
		return nil, missing("detail")
	}
	var err error
	switch {
	case env.Source == SourceCodeCommit && env.DetailType == DetailTypeCodeCommit:
		env.Kind = KindCodeCommit
		env.CodeCommit = &CodeCommitReferenceChange{}
		err = decodeDetail(env.Detail, env.CodeCommit)
		if err == nil {
			err = env.CodeCommit.validate()
		}
	case env.Source == SourceCodeCommit && env.DetailType == DetailTypePullRequest:
		env.Kind = KindPullRequest
		env.PullRequest = &PullRequestStateChange{}
		err = decodeDetail(env.Detail, env.PullRequest)
		if err == nil {
			err = env.PullRequest.validate()
		}
	case env.Source == SourceCloudWatch && env.DetailType == DetailTypeAlarm:
		env.Kind = KindAlarm
		env.Alarm = &AlarmStateChange{}
		err = decodeDetail(env.Detail, env.Alarm)
		if err == nil {
			err = env.Alarm.validate()
		}
	case env.Source == SourceConfig && env.DetailType == DetailTypeConfig:
		env.Kind = KindConfig
		env.Config = &ConfigItemChange{}
		err = decodeDetail(env.Detail, env.Config)
		if err == nil {
			err = env.Config.validate()
		}
	default:
		return nil, &UnsupportedError{Source: env.Source, DetailType: env.DetailType}
	}
	if err != nil {
		var me *MalformedError
		var ue *UnsupportedError
		if errors.As(err, &me) || errors.As(err, &ue) {
			return nil, err
		}
		return nil, malformed("detail", err)
	}
	return env, nil
}

func decodeDetail(raw json.RawMessage, v json.Unmarshaler) error {
	return v.UnmarshalJSON(raw)
}

// malformed turns a decoding error into a MalformedError whose field path starts at prefix.
func malformed(prefix string, err error) *MalformedError {
	var fe *fieldError
	if errors.As(err, &fe) {
		path := fe.path
		if prefix != "" && path != "" {
			path = prefix + "." + path
		} else if prefix != "" {
			path = prefix
		}
		return &MalformedError{Field: path, Reason: fe.reason}
	}
	var me *MalformedError
	if errors.As(err, &me) {
		if prefix != "" {
			return &MalformedError{Field: prefix + "." + me.Field, Reason: me.Reason}
		}
		return me
	}
	return &MalformedError{Field: prefix, Reason: err.Error()}
}

func syntaxDetail(data []byte) string {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf(" (%s at byte %d)", se.Error(), se.Offset)
	}
	if err != nil {
		return " (" + err.Error() + ")"
	}
	return ""
}

type plainEnvelope Envelope

// UnmarshalJSON reads the envelope without interpreting the detail; Parse does that.
func (e *Envelope) UnmarshalJSON(b []byte) error {
	obj, err := decodeObject(b, (*plainEnvelope)(e))
	if err != nil {
		return err
	}
	e.obj = obj
	return nil
}

// MarshalJSON writes the envelope with the typed detail, so that changes to it are written and a round trip
// shows that nothing was lost in the typed structs.
func (e Envelope) MarshalJSON() ([]byte, error) {
	var detail any
	switch {
	case e.CodeCommit != nil:
		detail = e.CodeCommit
	case e.PullRequest != nil:
		detail = e.PullRequest
	case e.Alarm != nil:
		detail = e.Alarm
	case e.Config != nil:
		detail = e.Config
	}
	var override map[string]json.RawMessage
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return nil, fmt.Errorf("encode detail: %w", err)
		}
		override = map[string]json.RawMessage{"detail": b}
	}
	return encodeObject(plainEnvelope(e), e.obj, override)
}
