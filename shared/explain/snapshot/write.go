package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Redacted replaces the value of each environment variable of a function when a snapshot is redacted:
// snapshots go into support tickets, and environment values are where secrets end up.
const Redacted = "REDACTED"

// ReadmeFile is the file that says what a snapshot holds and which calls failed.
const ReadmeFile = "README.md"

// Capture describes a snapshot for its README.
type Capture struct {
	Alarm   string
	Region  string
	Account string
	// Start and End are the alarm window the calls were scoped to.
	Start, End time.Time
	Taken      time.Time
	// Redact replaces function environment values by Redacted.
	Redact bool
	// Extra files written as given (the alarm event), by name.
	Extra map[string][]byte
}

// ErrNotEmpty is returned by Write for a directory that already holds something: a snapshot never
// overwrites or mixes with another.
var ErrNotEmpty = errors.New("directory is not empty")

// Write writes every recorded answer into dir as AWS CLI v2 JSON (PascalCase field names as in the
// service API, ISO 8601 timestamps, IAM policy documents as JSON objects), the extra files, and a README
// listing the files, the calls that failed and what the snapshot could not hold. dir is created when
// missing and must otherwise be empty. It returns the names of the files written.
func (r *Recorder) Write(dir string, c Capture) ([]string, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	// Write beside dir and move the whole snapshot in at the end: a failure leaves nothing half-written.
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, fmt.Errorf("create snapshot directory %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, ".attest-snapshot-")
	if err != nil {
		return nil, fmt.Errorf("write snapshot: %w", err)
	}
	written, err := r.writeFiles(tmp, c)
	if err == nil {
		if rerr := os.Remove(dir); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = fmt.Errorf("snapshot directory %s: %w", dir, rerr)
		} else if rerr := os.Rename(tmp, dir); rerr != nil {
			err = fmt.Errorf("write snapshot %s: %w", dir, rerr)
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return written, nil
}

func (r *Recorder) writeFiles(dir string, c Capture) ([]string, error) {
	r.mu.Lock()
	files := make(map[string]any, len(r.files))
	for k, v := range r.files {
		files[k] = v
	}
	r.mu.Unlock()

	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var written []string
	var encodeFailures []Failure
	for _, name := range names {
		v := files[name]
		if isNil(v) {
			encodeFailures = append(encodeFailures, Failure{Call: callOf(name), File: name, Err: errors.New("the call answered nothing")})
			continue
		}
		data, err := MarshalCLI(v, CLIOptions{Redact: c.Redact, CamelCase: camelCaseFile(name)})
		if err != nil {
			encodeFailures = append(encodeFailures, Failure{Call: callOf(name), File: name, Err: fmt.Errorf("encode: %w", err)})
			continue
		}
		if err := writeNew(filepath.Join(dir, name), data); err != nil {
			return written, err
		}
		written = append(written, name)
	}
	extra := make([]string, 0, len(c.Extra))
	for n := range c.Extra {
		extra = append(extra, n)
	}
	sort.Strings(extra)
	for _, n := range extra {
		if strings.ContainsAny(n, `/\`) || strings.HasPrefix(n, ".") {
			return written, fmt.Errorf("write snapshot: invalid file name %q", n)
		}
		if err := writeNew(filepath.Join(dir, n), c.Extra[n]); err != nil {
			return written, err
		}
		written = append(written, n)
	}
	readme := r.readme(c, written, append(r.Failures(), encodeFailures...))
	if err := writeNew(filepath.Join(dir, ReadmeFile), readme); err != nil {
		return written, err
	}
	return append(written, ReadmeFile), nil
}

// checkDir accepts a directory that does not exist yet or is empty.
func checkDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("snapshot directory %s: %w", dir, err)
	case len(entries) > 0:
		return fmt.Errorf("snapshot directory %s: %w", dir, ErrNotEmpty)
	}
	return nil
}

// writeNew creates a file that must not exist yet; snapshot files may hold account details, so only the
// owner reads them.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write snapshot file: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// callOf returns the call part of a file name: lambda.get-function-configuration.orders.json →
// lambda.get-function-configuration.
func callOf(file string) string {
	parts := strings.SplitN(strings.TrimSuffix(file, ".json"), ".", 3)
	if len(parts) < 2 {
		return file
	}
	return parts[0] + "." + parts[1]
}

func (r *Recorder) readme(c Capture, written []string, failures []Failure) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Context snapshot of alarm %s\n\n", c.Alarm)
	fmt.Fprintf(&b, "Taken %s by `attest snapshot` in %s (account %s), scoped to the alarmed resource and the window %s to %s.\n\n",
		c.Taken.UTC().Format(time.RFC3339), orNone(c.Region), orNone(c.Account), c.Start.UTC().Format(time.RFC3339), c.End.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "Explain it offline with:\n\n    attest explain --event alarm.json --context .\n\n")
	if c.Redact {
		fmt.Fprintf(&b, "Function environment variable values are replaced by %s (their names are kept).\n\n", Redacted)
	} else {
		fmt.Fprintf(&b, "Function environment variable values are NOT redacted (--no-redact): review before sharing.\n\n")
	}
	fmt.Fprintf(&b, "## Files\n\n")
	for _, f := range written {
		fmt.Fprintf(&b, "- %s\n", f)
	}
	fmt.Fprintf(&b, "\n## Calls that failed\n\n")
	if len(failures) == 0 {
		fmt.Fprintf(&b, "None.\n")
	} else {
		fmt.Fprintf(&b, "Each is unknown context: the explanation lists it under missingContext rather than reading it as empty.\n\n")
		fmt.Fprintf(&b, "| call | file | error |\n|---|---|---|\n")
		for _, f := range failures {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", f.Call, f.File, strings.ReplaceAll(oneLine(f.Err.Error()), "|", `\|`))
		}
	}
	if notes := r.Notes(); len(notes) > 0 {
		fmt.Fprintf(&b, "\n## Not in the snapshot\n\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.Bytes()
}

func orNone(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
