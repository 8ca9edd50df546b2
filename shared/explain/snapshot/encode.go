package snapshot

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CLIOptions say how MarshalCLI writes a value.
type CLIOptions struct {
	// Redact replaces the values of every Environment.Variables map by Redacted.
	Redact bool
	// CamelCase writes member names with a lower-case first letter, as the services whose APIs name
	// members that way (CloudWatch Logs, AWS Config) and the CLI print them.
	CamelCase bool
}

// camelCaseFile reports whether a snapshot file belongs to a service whose API uses lowerCamel member
// names.
func camelCaseFile(name string) bool {
	return strings.HasPrefix(name, "logs.") || strings.HasPrefix(name, "config.") || strings.HasPrefix(name, "stepfunctions.")
}

// MarshalCLI encodes an AWS SDK for Go v2 value as the AWS CLI v2 prints it: members by their API names
// in the SDK's order (the SDK's field names are the API's member names), absent members left out rather
// than null, response metadata dropped, timestamps in ISO 8601, blobs in base64, URL-encoded policy
// documents decoded into JSON objects, four-space indentation and a final newline. Map keys (tags,
// attributes, environment variables) are data and are kept as they are.
func MarshalCLI(v any, o CLIOptions) ([]byte, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	tree, ok, err := encodeValue(rv, "", "", o)
	if err != nil {
		return nil, err
	}
	if !ok {
		tree = object{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// object is a JSON object that keeps its members' order.
type object []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(m.key); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := enc.Encode(m.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

var timeType2 = reflect.TypeOf(time.Time{})

// cliTime is the CLI v2's timestamp form: ISO 8601 with a numeric offset.
const cliTime = "2006-01-02T15:04:05.999999-07:00"

// encodeValue returns the JSON form of v; ok is false for an absent member (nil pointer, slice, map or
// interface, or a struct with no member set). field and parent are the names of the struct fields v and
// its container are held in, for documents and redaction.
func encodeValue(v reflect.Value, field, parent string, o CLIOptions) (any, bool, error) {
	if !v.IsValid() {
		return nil, false, nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false, nil
		}
		return encodeValue(v.Elem(), field, parent, o)
	case reflect.Interface:
		// Documents and unions: no snapshot reader uses them, and their JSON form is not the CLI's.
		return nil, false, nil
	case reflect.Struct:
		if v.Type() == timeType2 {
			return v.Interface().(time.Time).UTC().Format(cliTime), true, nil
		}
		var out object
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Name == "ResultMetadata" {
				continue
			}
			val, ok, err := encodeValue(v.Field(i), f.Name, field, o)
			if err != nil {
				return nil, false, fmt.Errorf("%s: %w", f.Name, err)
			}
			if !ok {
				continue
			}
			name := f.Name
			if o.CamelCase {
				r, size := utf8.DecodeRuneInString(name)
				name = string(unicode.ToLower(r)) + name[size:]
			}
			out = append(out, member{name, val})
		}
		if len(out) == 0 {
			return nil, false, nil
		}
		return out, true, nil
	case reflect.Slice:
		if v.IsNil() {
			return nil, false, nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes()), true, nil
		}
		out := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			val, ok, err := encodeValue(v.Index(i), field, parent, o)
			if err != nil {
				return nil, false, fmt.Errorf("[%d]: %w", i, err)
			}
			if !ok {
				val = object{}
				if k := v.Index(i).Kind(); k != reflect.Struct && k != reflect.Pointer {
					val = nil
				}
			}
			out = append(out, val)
		}
		return out, true, nil
	case reflect.Map:
		if v.IsNil() {
			return nil, false, nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return nil, false, nil
		}
		keys := make([]string, 0, v.Len())
		vals := map[string]reflect.Value{}
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
			vals[k.String()] = v.MapIndex(k)
		}
		sort.Strings(keys)
		redact := o.Redact && field == "Variables" && parent == "Environment"
		out := make(object, 0, len(keys))
		for _, k := range keys {
			if redact {
				out = append(out, member{k, Redacted})
				continue
			}
			val, _, err := encodeValue(vals[k], "", "", o)
			if err != nil {
				return nil, false, fmt.Errorf("%s: %w", k, err)
			}
			out = append(out, member{k, val})
		}
		return out, true, nil
	case reflect.String:
		s := v.String()
		if s == "" && v.Type().PkgPath() != "" {
			// An enum the answer did not set: absent, as the CLI shows it.
			return nil, false, nil
		}
		if strings.HasSuffix(field, "Document") {
			if doc, ok := decodeDocument(s); ok {
				return doc, true, nil
			}
		}
		return s, true, nil
	case reflect.Bool:
		return v.Bool(), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), true, nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false, fmt.Errorf("%v cannot be written as JSON", f)
		}
		return f, true, nil
	}
	return nil, false, nil
}

// decodeDocument reads an IAM policy document as the API returns it (URL-encoded JSON) or as JSON text,
// for the CLI prints documents as JSON objects.
func decodeDocument(s string) (json.RawMessage, bool) {
	text := s
	if strings.HasPrefix(s, "%7B") || strings.HasPrefix(s, "%7b") {
		u, err := url.QueryUnescape(s)
		if err != nil {
			return nil, false
		}
		text = u
	}
	if !strings.HasPrefix(strings.TrimSpace(text), "{") || !json.Valid([]byte(text)) {
		return nil, false
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(text)); err != nil {
		return nil, false
	}
	return json.RawMessage(buf.Bytes()), true
}
