package cbom

import (
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema is the official CycloneDX 1.6 schema, for the external tests.
func Schema(t *testing.T) *jsonschema.Schema { return schema(t) }
