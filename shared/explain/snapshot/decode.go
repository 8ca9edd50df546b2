package snapshot

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Decode reads AWS CLI v2 JSON output into an AWS SDK for Go v2 type (an output struct such as
// ec2.DescribeRouteTablesOutput, or a type such as lambdatypes.FunctionConfiguration).
//
// The SDK's structs have no json tags; keys match exported field names case-insensitively, as
// encoding/json would match them. Unlike encoding/json, Decode reads timestamps in every form the CLI writes
// (ISO 8601 with "+00:00", "Z" or "+0000", with or without fractional seconds, or epoch seconds when the CLI
// is set to cli_timestamp_format=wire), ignores keys the SDK type does not have and fields it cannot hold
// (document and union interfaces), and reports a type mismatch with the path of the offending key.
func Decode(data []byte, out any) error {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("decode: need a non-nil pointer, got %T", out)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("decode JSON: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("decode JSON: data after the top-level value")
	}
	if _, ok := v.(map[string]any); !ok {
		return fmt.Errorf("decode JSON: top-level value is %s, want an object", kindOf(v))
	}
	return assign(rv.Elem(), v, "")
}

var timeType = reflect.TypeOf(time.Time{})

// Timestamp layouts the AWS CLI and APIs write.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000-0700", // Lambda, CloudWatch alarm events
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05",
	time.DateOnly,
}

// ParseTime reads a timestamp in any layout the AWS CLI writes, or epoch seconds.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return epoch(f)
	}
	return time.Time{}, fmt.Errorf("unrecognised timestamp %q", s)
}

func epoch(f float64) (time.Time, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e11 {
		return time.Time{}, fmt.Errorf("epoch seconds %v out of range", f)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

func assign(dst reflect.Value, src any, path string) error {
	if src == nil {
		return nil // JSON null leaves the zero value
	}
	switch dst.Kind() {
	case reflect.Pointer:
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		return assign(dst.Elem(), src, path)
	case reflect.Interface:
		// Document and union members: the snapshot has no use for them.
		return nil
	case reflect.Struct:
		if dst.Type() == timeType {
			return assignTime(dst, src, path)
		}
		m, ok := src.(map[string]any)
		if !ok {
			return mismatch(path, "object", src)
		}
		fields := fieldsOf(dst.Type())
		for k, v := range m {
			idx, ok := fields[strings.ToLower(k)]
			if !ok {
				continue
			}
			if err := assign(dst.Field(idx), v, join(path, k)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		if dst.Type().Elem().Kind() == reflect.Uint8 {
			s, ok := src.(string)
			if !ok {
				return mismatch(path, "base64 string", src)
			}
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return fmt.Errorf("%s: %w", where(path), err)
			}
			dst.SetBytes(b)
			return nil
		}
		items, ok := src.([]any)
		if !ok {
			return mismatch(path, "array", src)
		}
		out := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, it := range items {
			if err := assign(out.Index(i), it, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		dst.Set(out)
		return nil
	case reflect.Map:
		if dst.Type().Key().Kind() != reflect.String {
			return nil
		}
		m, ok := src.(map[string]any)
		if !ok {
			return mismatch(path, "object", src)
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for k, v := range m {
			ev := reflect.New(dst.Type().Elem()).Elem()
			if err := assign(ev, v, join(path, k)); err != nil {
				return err
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), ev)
		}
		dst.Set(out)
		return nil
	case reflect.String:
		switch s := src.(type) {
		case string:
			dst.SetString(s)
		case json.Number:
			dst.SetString(s.String())
		case bool:
			dst.SetString(strconv.FormatBool(s))
		case map[string]any, []any:
			// The CLI decodes documents the API returns as strings (IAM policy documents, URL-encoded on
			// the wire) into JSON; the SDK type holds them as a string, so keep the JSON text. Only
			// document fields: anywhere else an object for a string is a mistake worth reporting.
			if !strings.HasSuffix(strings.ToLower(path), "document") {
				return mismatch(path, "string", src)
			}
			b, err := json.Marshal(s)
			if err != nil {
				return fmt.Errorf("%s: %w", where(path), err)
			}
			dst.SetString(string(b))
		default:
			return mismatch(path, "string", src)
		}
		return nil
	case reflect.Bool:
		switch b := src.(type) {
		case bool:
			dst.SetBool(b)
		case string:
			v, err := strconv.ParseBool(b)
			if err != nil {
				return mismatch(path, "boolean", src)
			}
			dst.SetBool(v)
		default:
			return mismatch(path, "boolean", src)
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := integer(src)
		if err != nil || dst.OverflowInt(n) {
			return mismatch(path, dst.Kind().String(), src)
		}
		dst.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := integer(src)
		if err != nil || n < 0 || dst.OverflowUint(uint64(n)) {
			return mismatch(path, dst.Kind().String(), src)
		}
		dst.SetUint(uint64(n))
		return nil
	case reflect.Float32, reflect.Float64:
		f, err := float(src)
		if err != nil || dst.OverflowFloat(f) {
			return mismatch(path, "number", src)
		}
		dst.SetFloat(f)
		return nil
	}
	return nil // channels, funcs: not in SDK data
}

func assignTime(dst reflect.Value, src any, path string) error {
	var t time.Time
	var err error
	switch v := src.(type) {
	case string:
		t, err = ParseTime(v)
	case json.Number:
		var f float64
		f, err = v.Float64()
		if err == nil {
			t, err = epoch(f)
		}
	default:
		return mismatch(path, "timestamp", src)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", where(path), err)
	}
	dst.Set(reflect.ValueOf(t))
	return nil
}

func integer(src any) (int64, error) {
	var s string
	switch v := src.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = strings.TrimSpace(v)
	default:
		return 0, fmt.Errorf("not a number")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("not an integer")
	}
	return int64(f), nil
}

func float(src any) (float64, error) {
	switch v := src.(type) {
	case json.Number:
		return v.Float64()
	case string:
		return strconv.ParseFloat(strings.TrimSpace(v), 64)
	}
	return 0, fmt.Errorf("not a number")
}

var fieldCache sync.Map // reflect.Type → map[string]int

// fieldsOf maps the lower-cased names of a struct's exported fields to their index.
func fieldsOf(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		m[strings.ToLower(f.Name)] = i
	}
	fieldCache.Store(t, m)
	return m
}

func mismatch(path, want string, got any) error {
	return fmt.Errorf("%s: want %s, got %s", where(path), want, kindOf(got))
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func where(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}
