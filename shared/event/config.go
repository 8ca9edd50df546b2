package event

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Config message types.
const (
	MessageItemChange          = "ConfigurationItemChangeNotification"
	MessageOversizedItemChange = "OversizedConfigurationItemChangeNotification"
)

// Config item statuses.
const (
	StatusOK                         = "OK"
	StatusResourceDiscovered         = "ResourceDiscovered"
	StatusResourceNotRecorded        = "ResourceNotRecorded"
	StatusResourceDeleted            = "ResourceDeleted"
	StatusResourceDeletedNotRecorded = "ResourceDeletedNotRecorded"
)

// Config change types.
const (
	ChangeCreate = "CREATE"
	ChangeUpdate = "UPDATE"
	ChangeDelete = "DELETE"
)

// ConfigItemChange is the detail of a "Config Configuration Item Change" event. A change notification carries
// the whole ConfigurationItem; an oversized one carries only ConfigurationItemSummary and where Config put the
// item in S3.
type ConfigItemChange struct {
	RecordVersion            string                    `json:"recordVersion,omitempty"`
	MessageType              string                    `json:"messageType"`
	ConfigurationItemDiff    *ConfigItemDiff           `json:"configurationItemDiff,omitempty"`
	NotificationCreationTime Time                      `json:"notificationCreationTime"`
	ConfigurationItem        *ConfigurationItem        `json:"configurationItem,omitempty"`
	ConfigurationItemSummary *ConfigurationItemSummary `json:"configurationItemSummary,omitempty"`
	S3DeliverySummary        *S3DeliverySummary        `json:"s3DeliverySummary,omitempty"`

	obj object
}

// ConfigItemDiff is what changed since the previous item. Property names are paths such as
// "Configuration.PublicAccessBlockConfiguration.BlockPublicAcls".
type ConfigItemDiff struct {
	ChangedProperties map[string]PropertyChange `json:"changedProperties"`
	ChangeType        string                    `json:"changeType"`

	obj object
}

// PropertyChange is one changed property, its values kept as raw JSON.
type PropertyChange struct {
	PreviousValue json.RawMessage `json:"previousValue,omitempty"`
	UpdatedValue  json.RawMessage `json:"updatedValue,omitempty"`
	ChangeType    string          `json:"changeType"`

	obj object
}

// ConfigurationItem is a resource's recorded configuration. Configuration and the values of
// SupplementaryConfiguration are service-specific; they are objects in events and JSON strings in some
// other delivery paths, which Object and Supplementary both accept.
type ConfigurationItem struct {
	RelatedEvents                []string                   `json:"relatedEvents,omitempty"`
	Relationships                []Relationship             `json:"relationships,omitempty"`
	Configuration                json.RawMessage            `json:"configuration,omitempty"`
	SupplementaryConfiguration   map[string]json.RawMessage `json:"supplementaryConfiguration,omitempty"`
	Tags                         map[string]string          `json:"tags,omitempty"`
	ConfigurationItemVersion     string                     `json:"configurationItemVersion,omitempty"`
	ConfigurationItemCaptureTime Time                       `json:"configurationItemCaptureTime"`
	ConfigurationStateID         json.RawMessage            `json:"configurationStateId,omitempty"`
	AWSAccountID                 string                     `json:"awsAccountId"`
	ConfigurationItemStatus      string                     `json:"configurationItemStatus"`
	ResourceType                 string                     `json:"resourceType"`
	ResourceID                   string                     `json:"resourceId"`
	ResourceName                 string                     `json:"resourceName,omitempty"`
	ARN                          string                     `json:"ARN,omitempty"`
	AWSRegion                    string                     `json:"awsRegion"`
	AvailabilityZone             string                     `json:"availabilityZone,omitempty"`
	ConfigurationStateMd5Hash    string                     `json:"configurationStateMd5Hash,omitempty"`
	ResourceCreationTime         Time                       `json:"resourceCreationTime"`

	obj object
}

// Relationship links the item to another resource.
type Relationship struct {
	ResourceID   string `json:"resourceId,omitempty"`
	ResourceName string `json:"resourceName,omitempty"`
	ResourceType string `json:"resourceType,omitempty"`
	Name         string `json:"name,omitempty"`

	obj object
}

// ConfigurationItemSummary identifies the item of an oversized notification.
type ConfigurationItemSummary struct {
	ChangeType                   string          `json:"changeType,omitempty"`
	ConfigurationItemVersion     string          `json:"configurationItemVersion,omitempty"`
	ConfigurationItemCaptureTime Time            `json:"configurationItemCaptureTime"`
	ConfigurationStateID         json.RawMessage `json:"configurationStateId,omitempty"`
	AWSAccountID                 string          `json:"awsAccountId"`
	ConfigurationItemStatus      string          `json:"configurationItemStatus"`
	ResourceType                 string          `json:"resourceType"`
	ResourceID                   string          `json:"resourceId"`
	ResourceName                 string          `json:"resourceName,omitempty"`
	ARN                          string          `json:"ARN,omitempty"`
	AWSRegion                    string          `json:"awsRegion"`
	AvailabilityZone             string          `json:"availabilityZone,omitempty"`
	ConfigurationStateMd5Hash    string          `json:"configurationStateMd5Hash,omitempty"`
	ResourceCreationTime         Time            `json:"resourceCreationTime"`

	obj object
}

// S3DeliverySummary says where Config delivered an oversized item ("bucket/key"), or why it could not.
type S3DeliverySummary struct {
	S3BucketLocation string `json:"s3BucketLocation,omitempty"`
	ErrorCode        string `json:"errorCode,omitempty"`
	ErrorMessage     string `json:"errorMessage,omitempty"`

	obj object
}

type (
	plainConfigChange  ConfigItemChange
	plainConfigDiff    ConfigItemDiff
	plainPropChange    PropertyChange
	plainConfigItem    ConfigurationItem
	plainRelationship  Relationship
	plainConfigSummary ConfigurationItemSummary
	plainS3Delivery    S3DeliverySummary
)

// UnmarshalJSON reads the detail, keeping members it does not model.
func (c *ConfigItemChange) UnmarshalJSON(b []byte) (err error) {
	c.obj, err = decodeObject(b, (*plainConfigChange)(c))
	return err
}

// MarshalJSON writes the detail as it was read, with any changes.
func (c ConfigItemChange) MarshalJSON() ([]byte, error) {
	return encodeObject(plainConfigChange(c), c.obj, nil)
}

// UnmarshalJSON reads the diff, keeping members it does not model.
func (d *ConfigItemDiff) UnmarshalJSON(b []byte) (err error) {
	d.obj, err = decodeObject(b, (*plainConfigDiff)(d))
	return err
}

// MarshalJSON writes the diff as it was read, with any changes.
func (d ConfigItemDiff) MarshalJSON() ([]byte, error) {
	return encodeObject(plainConfigDiff(d), d.obj, nil)
}

// UnmarshalJSON reads the property change, keeping members it does not model.
func (p *PropertyChange) UnmarshalJSON(b []byte) (err error) {
	p.obj, err = decodeObject(b, (*plainPropChange)(p))
	return err
}

// MarshalJSON writes the property change as it was read, with any changes.
func (p PropertyChange) MarshalJSON() ([]byte, error) {
	return encodeObject(plainPropChange(p), p.obj, nil)
}

// UnmarshalJSON reads the item, keeping members it does not model.
func (ci *ConfigurationItem) UnmarshalJSON(b []byte) (err error) {
	ci.obj, err = decodeObject(b, (*plainConfigItem)(ci))
	return err
}

// MarshalJSON writes the item as it was read, with any changes.
func (ci ConfigurationItem) MarshalJSON() ([]byte, error) {
	return encodeObject(plainConfigItem(ci), ci.obj, nil)
}

// UnmarshalJSON reads the relationship, keeping members it does not model.
func (r *Relationship) UnmarshalJSON(b []byte) (err error) {
	r.obj, err = decodeObject(b, (*plainRelationship)(r))
	return err
}

// MarshalJSON writes the relationship as it was read, with any changes.
func (r Relationship) MarshalJSON() ([]byte, error) {
	return encodeObject(plainRelationship(r), r.obj, nil)
}

// UnmarshalJSON reads the summary, keeping members it does not model.
func (s *ConfigurationItemSummary) UnmarshalJSON(b []byte) (err error) {
	s.obj, err = decodeObject(b, (*plainConfigSummary)(s))
	return err
}

// MarshalJSON writes the summary as it was read, with any changes.
func (s ConfigurationItemSummary) MarshalJSON() ([]byte, error) {
	return encodeObject(plainConfigSummary(s), s.obj, nil)
}

// UnmarshalJSON reads the delivery summary, keeping members it does not model.
func (s *S3DeliverySummary) UnmarshalJSON(b []byte) (err error) {
	s.obj, err = decodeObject(b, (*plainS3Delivery)(s))
	return err
}

// MarshalJSON writes the delivery summary as it was read, with any changes.
func (s S3DeliverySummary) MarshalJSON() ([]byte, error) {
	return encodeObject(plainS3Delivery(s), s.obj, nil)
}

func (c *ConfigItemChange) validate() error {
	switch c.MessageType {
	case MessageItemChange:
		ci := c.ConfigurationItem
		if ci == nil {
			return missing("detail.configurationItem")
		}
		return validateIdentity("detail.configurationItem", ci.Identity())
	case MessageOversizedItemChange:
		s := c.ConfigurationItemSummary
		if s == nil {
			return missing("detail.configurationItemSummary")
		}
		if err := validateIdentity("detail.configurationItemSummary", c.Identity()); err != nil {
			return err
		}
		if c.S3DeliverySummary == nil {
			return missing("detail.s3DeliverySummary")
		}
		d := c.S3DeliverySummary
		if d.S3BucketLocation == "" && d.ErrorCode == "" {
			return missing("detail.s3DeliverySummary.s3BucketLocation")
		}
		return nil
	case "":
		return missing("detail.messageType")
	default:
		return &UnsupportedError{Source: SourceConfig, DetailType: DetailTypeConfig + " (messageType " + quote(c.MessageType) + ")"}
	}
}

func validateIdentity(prefix string, id ItemIdentity) error {
	for _, f := range []struct{ name, value string }{
		{"resourceType", id.ResourceType}, {"resourceId", id.ResourceID}, {"configurationItemStatus", id.Status},
	} {
		if f.value == "" {
			return missing(prefix + "." + f.name)
		}
	}
	if id.CaptureTime.IsZero() {
		return missing(prefix + ".configurationItemCaptureTime")
	}
	return nil
}

// ItemIdentity is what names a configuration item, whether the notification carried it whole or oversized.
type ItemIdentity struct {
	ResourceType string
	ResourceID   string
	ResourceName string
	ARN          string
	Account      string
	Region       string
	Status       string
	CaptureTime  Time
	StateID      string
}

// Identity names the item of the notification.
func (c *ConfigItemChange) Identity() ItemIdentity {
	if c.ConfigurationItem != nil {
		return c.ConfigurationItem.Identity()
	}
	if s := c.ConfigurationItemSummary; s != nil {
		return ItemIdentity{ResourceType: s.ResourceType, ResourceID: s.ResourceID, ResourceName: s.ResourceName, ARN: s.ARN,
			Account: s.AWSAccountID, Region: s.AWSRegion, Status: s.ConfigurationItemStatus,
			CaptureTime: s.ConfigurationItemCaptureTime, StateID: scalarText(s.ConfigurationStateID)}
	}
	return ItemIdentity{}
}

// Identity names the item.
func (ci *ConfigurationItem) Identity() ItemIdentity {
	return ItemIdentity{ResourceType: ci.ResourceType, ResourceID: ci.ResourceID, ResourceName: ci.ResourceName, ARN: ci.ARN,
		Account: ci.AWSAccountID, Region: ci.AWSRegion, Status: ci.ConfigurationItemStatus,
		CaptureTime: ci.ConfigurationItemCaptureTime, StateID: scalarText(ci.ConfigurationStateID)}
}

// Oversized reports whether the notification carries only a summary of the item.
func (c *ConfigItemChange) Oversized() bool { return c.MessageType == MessageOversizedItemChange }

// Deleted reports whether the item records the deletion of its resource.
func (id ItemIdentity) Deleted() bool {
	return id.Status == StatusResourceDeleted || id.Status == StatusResourceDeletedNotRecorded
}

// S3Location splits the oversized item's location "bucket/key" into its parts; ok is false when Config
// reported no location.
func (c *ConfigItemChange) S3Location() (bucket, key string, ok bool) {
	if c.S3DeliverySummary == nil {
		return "", "", false
	}
	bucket, key, ok = strings.Cut(c.S3DeliverySummary.S3BucketLocation, "/")
	if !ok || bucket == "" || key == "" {
		return "", "", false
	}
	return bucket, key, true
}

// Object returns the item's configuration as a JSON object, decoding it first when it was delivered as a
// JSON string. It returns nil for a missing or null configuration (a deleted resource has none).
func (ci *ConfigurationItem) Object() (json.RawMessage, error) {
	v, err := unwrapObject(ci.Configuration)
	if err != nil {
		return nil, &MalformedError{Field: "configurationItem.configuration", Reason: err.Error()}
	}
	return v, nil
}

// Supplementary returns one supplementary configuration value (for example
// "PublicAccessBlockConfiguration") as JSON, decoding it first when it was delivered as a JSON string;
// ok is false when the item has no such value.
func (ci *ConfigurationItem) Supplementary(name string) (v json.RawMessage, ok bool, err error) {
	raw, found := ci.SupplementaryConfiguration[name]
	if !found {
		return nil, false, nil
	}
	v, err = unwrapObject(raw)
	if err != nil {
		return nil, true, &MalformedError{Field: "configurationItem.supplementaryConfiguration." + name, Reason: err.Error()}
	}
	return v, v != nil, nil
}

// unwrapObject returns raw JSON, or the JSON that a JSON string holds. An empty string or null is nil.
func unwrapObject(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || isNull(raw) {
		return nil, nil
	}
	if raw[0] != '"' {
		return raw, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("invalid JSON string: %w", err)
	}
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return nil, nil
	}
	if !json.Valid([]byte(s)) {
		return nil, fmt.Errorf("string does not hold valid JSON")
	}
	return json.RawMessage(s), nil
}

// scalarText is a number or string as text: configurationStateId is a number in events and a string in
// some other paths.
func scalarText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || isNull(raw) {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	return string(raw)
}
