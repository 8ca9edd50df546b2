package iac

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ConfigItem is the part of an AWS Config configuration item that rules read.
type ConfigItem struct {
	ResourceType string
	ResourceID   string
	ResourceName string
	ARN          string
	// Configuration is the item's configuration object (AWS Config's own field names, lower camel case).
	Configuration json.RawMessage
	// Supplementary holds supplementaryConfiguration entries; AWS Config delivers each as a JSON object or as a
	// JSON-encoded string, and decodeSupplementary accepts both.
	Supplementary map[string]json.RawMessage
	// Tags are the resource's tags as the item records them.
	Tags map[string]string
}

// HasRules reports whether any rule applies to a resource type.
func HasRules(resourceType string) bool {
	for _, r := range rulesFor(Registry(), TemplateType(resourceType)) {
		if !r.optional {
			return true
		}
	}
	return false
}

// supplementary decodes one supplementaryConfiguration entry into dst. It returns false with a reason when the
// entry is missing, null or unreadable: all of these leave the setting unknown.
func (ci ConfigItem) supplementary(name string, dst any) (ok bool, why string) {
	raw, present := ci.Supplementary[name]
	if !present {
		return false, fmt.Sprintf("the configuration item has no supplementaryConfiguration.%s", name)
	}
	if err := decodeEmbedded(raw, dst); err != nil {
		return false, fmt.Sprintf("supplementaryConfiguration.%s is unreadable: %v", name, err)
	}
	return true, ""
}

// decodeEmbedded decodes JSON that may itself be wrapped in a JSON string, as AWS Config does for
// configuration and supplementaryConfiguration values in some deliveries.
func decodeEmbedded(raw json.RawMessage, dst any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return fmt.Errorf("it is empty")
	}
	if raw[0] == '"' {
		var inner string
		if err := json.Unmarshal(raw, &inner); err != nil {
			return err
		}
		raw = bytes.TrimSpace([]byte(inner))
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			return fmt.Errorf("it is empty")
		}
	}
	return json.Unmarshal(raw, dst)
}
