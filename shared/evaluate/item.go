package evaluate

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// Message types of Config configuration item change notifications.
const (
	MessageChange    = "ConfigurationItemChangeNotification"
	MessageOversized = "OversizedConfigurationItemChangeNotification"
)

// Item statuses that mean the resource is gone.
const (
	StatusDeleted            = "ResourceDeleted"
	StatusDeletedNotRecorded = "ResourceDeletedNotRecorded"
)

// CloudFormation puts these tags on every resource it creates; they name the template that deployed it.
const (
	TagStackName = "aws:cloudformation:stack-name"
	TagLogicalID = "aws:cloudformation:logical-id"
)

// MaxItemSize bounds an event or a fetched item (after decompression). AWS Config items are at most a few MB.
const MaxItemSize = 32 << 20

// Item is a configuration item as the evaluation needs it, from a change notification or an oversized one.
type Item struct {
	MessageType  string            `json:"messageType"`
	ResourceType string            `json:"resourceType"`
	ResourceID   string            `json:"resourceId"`
	ResourceName string            `json:"resourceName,omitempty"`
	ARN          string            `json:"arn,omitempty"`
	Account      string            `json:"account,omitempty"`
	Region       string            `json:"region,omitempty"`
	Status       string            `json:"status,omitempty"` // configurationItemStatus
	CaptureTime  string            `json:"captureTime,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
	// Configuration and Supplementary are as AWS Config delivers them: objects, or JSON-encoded strings.
	Configuration json.RawMessage            `json:"configuration,omitempty"`
	Supplementary map[string]json.RawMessage `json:"supplementaryConfiguration,omitempty"`

	// Oversized is true when the notification carried only a summary; the full item is in S3 at S3Location
	// ("bucket/key"), unless Config reports S3Error.
	Oversized  bool   `json:"oversized,omitempty"`
	S3Location string `json:"s3Location,omitempty"`
	S3Error    string `json:"s3Error,omitempty"`
}

// Deleted reports whether the item records the deletion of its resource.
func (it Item) Deleted() bool {
	return it.Status == StatusDeleted || it.Status == StatusDeletedNotRecorded
}

// DecodeError is returned for an event or item that cannot be decoded. Retrying cannot fix it.
type DecodeError struct {
	What   string // "event" or "configuration item"
	Reason string
}

// Error says what could not be decoded and why.
func (e *DecodeError) Error() string { return "decode " + e.What + ": " + e.Reason }

// wireItem is a configuration item, or an oversized notification's summary, in AWS Config's field names.
type wireItem struct {
	ResourceType  string                     `json:"resourceType"`
	ResourceID    string                     `json:"resourceId"`
	ResourceName  *string                    `json:"resourceName"`
	ARN           string                     `json:"ARN"`
	Account       string                     `json:"awsAccountId"`
	Region        string                     `json:"awsRegion"`
	Status        string                     `json:"configurationItemStatus"`
	CaptureTime   string                     `json:"configurationItemCaptureTime"`
	Tags          map[string]*string         `json:"tags"`
	Configuration json.RawMessage            `json:"configuration"`
	Supplementary map[string]json.RawMessage `json:"supplementaryConfiguration"`
}

type wireDetail struct {
	MessageType string    `json:"messageType"`
	Item        *wireItem `json:"configurationItem"`
	Summary     *wireItem `json:"configurationItemSummary"`
	Delivery    *struct {
		Location     *string `json:"s3BucketLocation"`
		ErrorCode    *string `json:"errorCode"`
		ErrorMessage *string `json:"errorMessage"`
	} `json:"s3DeliverySummary"`
}

// DecodeEvent reads an EventBridge "Config Configuration Item Change" event.
func DecodeEvent(data []byte) (Item, error) {
	if len(data) > MaxItemSize {
		return Item{}, &DecodeError{What: "event", Reason: fmt.Sprintf("%d bytes is over the %d-byte limit", len(data), MaxItemSize)}
	}
	var env struct {
		DetailType string          `json:"detail-type"`
		Source     string          `json:"source"`
		Account    string          `json:"account"`
		Region     string          `json:"region"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return Item{}, &DecodeError{What: "event", Reason: err.Error()}
	}
	if env.Source != "aws.config" || env.DetailType != "Config Configuration Item Change" {
		return Item{}, &DecodeError{What: "event", Reason: fmt.Sprintf("source %q, detail-type %q is not a Config configuration item change", env.Source, env.DetailType)}
	}
	it, err := decodeDetail(env.Detail, "event")
	if err != nil {
		return Item{}, err
	}
	if it.Account == "" {
		it.Account = env.Account
	}
	if it.Region == "" {
		it.Region = env.Region
	}
	return it, nil
}

// DecodeItem reads the full configuration item of an oversized notification, as Config delivers it to S3:
// a change notification holding the item, or the bare item, optionally gzip-compressed.
func DecodeItem(data []byte) (Item, error) {
	data, err := gunzip(data)
	if err != nil {
		return Item{}, &DecodeError{What: "configuration item", Reason: err.Error()}
	}
	var probe struct {
		Item json.RawMessage `json:"configurationItem"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return Item{}, &DecodeError{What: "configuration item", Reason: err.Error()}
	}
	if len(probe.Item) > 0 {
		return decodeDetail(data, "configuration item")
	}
	var w wireItem
	if err := json.Unmarshal(data, &w); err != nil {
		return Item{}, &DecodeError{What: "configuration item", Reason: err.Error()}
	}
	it, err := fromWire(&w, "configuration item")
	if err != nil {
		return Item{}, err
	}
	it.MessageType = MessageChange
	return it, nil
}

func decodeDetail(raw json.RawMessage, what string) (Item, error) {
	var d wireDetail
	if len(bytes.TrimSpace(raw)) == 0 {
		return Item{}, &DecodeError{What: what, Reason: "no detail"}
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return Item{}, &DecodeError{What: what, Reason: "detail: " + err.Error()}
	}
	switch d.MessageType {
	case MessageChange:
		if d.Item == nil {
			return Item{}, &DecodeError{What: what, Reason: "change notification without a configurationItem"}
		}
		it, err := fromWire(d.Item, what)
		if err != nil {
			return Item{}, err
		}
		it.MessageType = d.MessageType
		return it, nil
	case MessageOversized:
		if d.Summary == nil {
			return Item{}, &DecodeError{What: what, Reason: "oversized notification without a configurationItemSummary"}
		}
		it, err := fromWire(d.Summary, what)
		if err != nil {
			return Item{}, err
		}
		it.MessageType, it.Oversized = d.MessageType, true
		it.Configuration, it.Supplementary = nil, nil
		if d.Delivery != nil {
			it.S3Location = deref(d.Delivery.Location)
			if code := deref(d.Delivery.ErrorCode); code != "" {
				it.S3Error = code
				if msg := deref(d.Delivery.ErrorMessage); msg != "" {
					it.S3Error += ": " + msg
				}
			}
		}
		return it, nil
	}
	return Item{}, &DecodeError{What: what, Reason: fmt.Sprintf("message type %q is not a configuration item change", d.MessageType)}
}

func fromWire(w *wireItem, what string) (Item, error) {
	if w.ResourceType == "" || w.ResourceID == "" {
		return Item{}, &DecodeError{What: what, Reason: "resourceType and resourceId are required"}
	}
	it := Item{
		ResourceType:  w.ResourceType,
		ResourceID:    w.ResourceID,
		ResourceName:  deref(w.ResourceName),
		ARN:           w.ARN,
		Account:       w.Account,
		Region:        w.Region,
		Status:        w.Status,
		CaptureTime:   w.CaptureTime,
		Configuration: w.Configuration,
		Supplementary: w.Supplementary,
	}
	if len(w.Tags) > 0 {
		it.Tags = make(map[string]string, len(w.Tags))
		for k, v := range w.Tags {
			it.Tags[k] = deref(v)
		}
	}
	return it, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// gunzip decompresses gzip data (by its magic number) within MaxItemSize; other data passes through.
func gunzip(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		if len(data) > MaxItemSize {
			return nil, fmt.Errorf("%d bytes is over the %d-byte limit", len(data), MaxItemSize)
		}
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxItemSize+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if len(out) > MaxItemSize {
		return nil, fmt.Errorf("decompressed item is over the %d-byte limit", MaxItemSize)
	}
	return out, nil
}
