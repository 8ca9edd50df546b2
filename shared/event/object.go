package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// object remembers a JSON object as it was read: the order of its members and each member's raw value.
// Re-encoding uses it to keep members that the typed fields do not model, to write null where the input
// had null, and to leave out members the input did not have.
type object struct {
	keys []string
	raw  map[string]json.RawMessage
}

type fieldInfo struct {
	name      string
	index     int
	omitEmpty bool
}

type structInfo struct {
	fields []fieldInfo
	byName map[string]int // exact JSON name -> position in fields
}

var infoCache sync.Map // reflect.Type -> *structInfo

func infoOf(t reflect.Type) *structInfo {
	if v, ok := infoCache.Load(t); ok {
		return v.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, fieldInfo{name: name, index: i, omitEmpty: strings.Contains(opts, "omitempty")})
	}
	v, _ := infoCache.LoadOrStore(t, si)
	return v.(*structInfo)
}

// lookup finds the field a member sets, matching names case-insensitively as encoding/json does.
func (si *structInfo) lookup(key string) (fieldInfo, bool) {
	if i, ok := si.byName[key]; ok {
		return si.fields[i], true
	}
	for _, f := range si.fields {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return fieldInfo{}, false
}

// fieldError is a decoding problem at a path of member names inside the detail; Parse turns it into a
// MalformedError.
type fieldError struct {
	path   string
	reason string
}

func (e *fieldError) Error() string { return e.path + ": " + e.reason }

// within prefixes the path of err with name.
func within(name string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		if fe.path == "" {
			return &fieldError{path: name, reason: fe.reason}
		}
		return &fieldError{path: name + "." + fe.path, reason: fe.reason}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path := name
		if te.Field != "" {
			path += "." + te.Field
		}
		return &fieldError{path: path, reason: fmt.Sprintf("got %s; want %s", te.Value, kindName(te.Type))}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &fieldError{path: name, reason: "invalid JSON: " + se.Error()}
	}
	return &fieldError{path: name, reason: err.Error()}
}

func kindName(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "object"
	}
	return t.String()
}

// readMembers splits a JSON object into its members, in order. A later duplicate replaces an earlier one,
// as with encoding/json.
func readMembers(data []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return object{}, &fieldError{reason: "invalid JSON: " + err.Error()}
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return object{}, &fieldError{reason: "got " + jsonKindOf(tok) + "; want object"}
	}
	obj := object{raw: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return object{}, &fieldError{reason: "invalid JSON: " + err.Error()}
		}
		key, ok := tok.(string)
		if !ok {
			return object{}, &fieldError{reason: "invalid JSON: object key is not a string"}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return object{}, &fieldError{path: key, reason: "invalid JSON: " + err.Error()}
		}
		if _, seen := obj.raw[key]; !seen {
			obj.keys = append(obj.keys, key)
		}
		obj.raw[key] = raw
	}
	if _, err := dec.Token(); err != nil {
		return object{}, &fieldError{reason: "invalid JSON: " + err.Error()}
	}
	return obj, nil
}

func jsonKindOf(tok json.Token) string {
	switch tok.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case json.Delim:
		return "array"
	}
	return "a value"
}

// decodeObject fills the struct that ptr points to from a JSON object, member by member, so that an error
// names the member, and returns what it read for re-encoding. null leaves a field at its zero value.
func decodeObject(data []byte, ptr any) (object, error) {
	if isNull(data) {
		return object{}, nil
	}
	obj, err := readMembers(data)
	if err != nil {
		return object{}, err
	}
	v := reflect.ValueOf(ptr).Elem()
	si := infoOf(v.Type())
	for _, key := range obj.keys {
		f, ok := si.lookup(key)
		if !ok {
			continue
		}
		fv := v.Field(f.index)
		if err := json.Unmarshal(obj.raw[key], fv.Addr().Interface()); err != nil {
			return object{}, within(f.name, err)
		}
	}
	return obj, nil
}

// encodeObject writes the struct value v. For a decoded struct it writes the members in their input order
// with the fields' current values, null where the input had null and the field is still zero, and the
// members it did not model as they were; fields set since are appended. A struct built in code is written
// with the fields' omitempty options. override replaces a field's encoding by name.
func encodeObject(v any, obj object, override map[string]json.RawMessage) ([]byte, error) {
	rv := reflect.ValueOf(v)
	si := infoOf(rv.Type())
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	emit := func(name string, val []byte) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(name)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(val)
	}
	value := func(f fieldInfo) ([]byte, error) {
		if b, ok := override[f.name]; ok {
			return b, nil
		}
		b, err := json.Marshal(rv.Field(f.index).Interface())
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", f.name, err)
		}
		return b, nil
	}
	done := map[string]bool{}
	decoded := obj.raw != nil
	for _, key := range obj.keys {
		f, ok := si.lookup(key)
		if !ok {
			emit(key, obj.raw[key])
			continue
		}
		if done[f.name] {
			continue
		}
		done[f.name] = true
		_, overridden := override[f.name]
		if !overridden && isNull(obj.raw[key]) && isEmpty(rv.Field(f.index)) {
			emit(f.name, []byte("null"))
			continue
		}
		b, err := value(f)
		if err != nil {
			return nil, err
		}
		emit(f.name, b)
	}
	for _, f := range si.fields {
		if done[f.name] {
			continue
		}
		_, overridden := override[f.name]
		if !overridden && (decoded || f.omitEmpty) && isEmpty(rv.Field(f.index)) {
			continue
		}
		b, err := value(f)
		if err != nil {
			return nil, err
		}
		emit(f.name, b)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func isNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return v.Len() == 0
	}
	return v.IsZero()
}
