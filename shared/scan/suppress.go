package scan

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/envcheck"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/suppress"
)

// suppressions collects the suppressions of the files as the analyzers read them, so that no file is read
// twice; a file is looked at only when it mentions a suppression.
type suppressions struct {
	mu    sync.Mutex
	files map[string]suppress.File
}

// wrap returns the sources with reads that also collect suppressions.
func (c *suppressions) wrap(srcs []source) []source {
	out := make([]source, len(srcs))
	for i, src := range srcs {
		read, p := src.read, src.path
		src.read = func(ctx context.Context, limit int64) ([]byte, error) {
			data, err := read(ctx, limit)
			if err == nil && int64(len(data)) <= limit && !isBinary(data) {
				c.collect(p, data)
			}
			return data, err
		}
		out[i] = src
	}
	return out
}

// suppressionMarkers are the words without which a file holds no suppression.
var suppressionMarkers = [][]byte{[]byte(suppress.Keyword), []byte(suppress.FormAttest + ":"), []byte(suppress.FormCfnNag), []byte(suppress.FormCheckov)}

func (c *suppressions) collect(p string, data []byte) {
	mentions := false
	for _, m := range suppressionMarkers {
		if bytes.Contains(data, m) {
			mentions = true
			break
		}
	}
	if !mentions {
		return
	}
	f := suppress.File{Path: p, Directives: suppress.Directives(p, data)}
	if templateExts[strings.ToLower(path.Ext(p))] && bytes.Contains(data, []byte("Resources")) {
		// The template's resources, for Metadata and for directives above a logical ID. A file that does not
		// parse has no results to suppress; its scan reports why.
		if tpl, err := cfn.Parse(p, data); err == nil {
			f.Entries = suppress.FromTemplate(tpl)
			f.Resources = suppress.Resources(tpl)
		}
	}
	if f.Empty() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]suppress.File{}
	}
	c.files[p] = f
}

// apply applies the collected suppressions of the files the report scanned.
func (c *suppressions) apply(rep *finding.Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var files []suppress.File
	for _, p := range rep.Scanned {
		if f, ok := c.files[p]; ok {
			files = append(files, f)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	suppress.Apply(rep, files)
}

// scanSuppressed is scan with the suppressions written in the files applied to the report: suppressed
// results stay in it, marked, and suppressions that cannot take effect are reported.
// With fsys, the environment checks join each template's Lambda functions with their code in fsys, before
// the suppressions apply, so that an environment finding can be suppressed like any other.
func (s *Service) scanSuppressed(ctx context.Context, srcs []source, fsys fs.FS) (*finding.Report, []finding.Skip, error) {
	var c suppressions
	rep, missed, err := s.scan(ctx, c.wrap(srcs))
	if err != nil {
		return nil, nil, err
	}
	if fsys != nil && s.Templates != nil {
		rep.Merge(envcheck.Scan(ctx, fsys, rep.Scanned))
	}
	c.apply(rep)
	return rep, missed, nil
}
