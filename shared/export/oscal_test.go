package export

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The OSCAL 1.1 assessment-results JSON schema's datatypes and required fields for the assemblies Attest
// writes (oscal_assessment-results_schema.json: assessment-results, metadata, import-ap, result,
// reviewed-controls, observation, finding, finding-target, back-matter resource).
var (
	uuidRe  = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$`)
	tokenRe = regexp.MustCompile(`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`)
	timeRe  = regexp.MustCompile(`^(((2000|2400|2800|(19|2[0-9](0[48]|[2468][048]|[13579][26])))-02-29)|(((19|2[0-9])[0-9]{2})-02-(0[1-9]|1[0-9]|2[0-8]))|(((19|2[0-9])[0-9]{2})-(0[13578]|10|12)-(0[1-9]|[12][0-9]|3[01]))|(((19|2[0-9])[0-9]{2})-(0[469]|11)-(0[1-9]|[12][0-9]|30)))T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|(-((0[0-9]|1[0-2]):00|0[39]:30)|\+((0[0-9]|1[0-4]):00|(0[34569]|10):30|(0[58]|12):45)))$`)
	strRe   = regexp.MustCompile(`^\S(.*\S)?$`)
)

type oscalCheck struct {
	t    *testing.T
	errs []string
}

func (c *oscalCheck) fail(path, msg string) { c.errs = append(c.errs, path+": "+msg) }

func (c *oscalCheck) obj(path string, v any, required ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "not an object")
		return map[string]any{}
	}
	for _, r := range required {
		if _, ok := m[r]; !ok {
			c.fail(path, "missing required "+r)
		}
	}
	return m
}

func (c *oscalCheck) arr(path string, v any, required bool) []any {
	if v == nil {
		if required {
			c.fail(path, "missing required array")
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok || len(a) == 0 {
		c.fail(path, "not an array of at least one item (minItems 1)")
	}
	return a
}

func (c *oscalCheck) match(path string, v any, re *regexp.Regexp) {
	s, ok := v.(string)
	if !ok || !re.MatchString(s) {
		c.fail(path, "value "+strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(toJSON(v), "\n", ""), "  ", ""))+" does not match "+re.String()[:20]+"…")
	}
}

func toJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func (c *oscalCheck) props(path string, v any) {
	for _, p := range c.arr(path, v, false) {
		pm := c.obj(path, p, "name", "value")
		c.match(path+".name", pm["name"], tokenRe)
		c.match(path+".value", pm["value"], strRe)
	}
}

func validateOSCAL(t *testing.T, b []byte) []string {
	c := &oscalCheck{t: t}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	root := c.obj("$", doc, "assessment-results")
	if len(root) != 1 {
		c.fail("$", "more than the assessment-results property")
	}
	ar := c.obj("assessment-results", root["assessment-results"], "uuid", "metadata", "import-ap", "results")
	c.match("assessment-results.uuid", ar["uuid"], uuidRe)
	md := c.obj("metadata", ar["metadata"], "title", "last-modified", "version", "oscal-version")
	c.match("metadata.last-modified", md["last-modified"], timeRe)
	c.match("metadata.oscal-version", md["oscal-version"], regexp.MustCompile(`^1\.1\.\d+$`))
	c.props("metadata.props", md["props"])
	ap := c.obj("import-ap", ar["import-ap"], "href")
	href, _ := ap["href"].(string)
	resources := map[string]bool{}
	if bm, ok := ar["back-matter"]; ok {
		for _, r := range c.arr("back-matter.resources", c.obj("back-matter", bm)["resources"], false) {
			rm := c.obj("back-matter.resources[]", r, "uuid")
			c.match("back-matter.resources[].uuid", rm["uuid"], uuidRe)
			resources[rm["uuid"].(string)] = true
		}
	}
	if !strings.HasPrefix(href, "#") || !resources[strings.TrimPrefix(href, "#")] {
		c.fail("import-ap.href", href+" does not resolve to a back-matter resource")
	}
	for _, r := range c.arr("results", ar["results"], true) {
		res := c.obj("results[]", r, "uuid", "title", "description", "start", "reviewed-controls")
		c.match("results[].uuid", res["uuid"], uuidRe)
		c.match("results[].start", res["start"], timeRe)
		if e, ok := res["end"]; ok {
			c.match("results[].end", e, timeRe)
		}
		rc := c.obj("reviewed-controls", res["reviewed-controls"], "control-selections")
		for _, s := range c.arr("control-selections", rc["control-selections"], true) {
			sm := c.obj("control-selections[]", s)
			for _, ic := range c.arr("include-controls", sm["include-controls"], false) {
				c.match("include-controls[].control-id", c.obj("include-controls[]", ic, "control-id")["control-id"], tokenRe)
			}
		}
		obs := map[string]bool{}
		for _, o := range c.arr("observations", res["observations"], false) {
			om := c.obj("observations[]", o, "uuid", "description", "methods", "collected")
			c.match("observations[].uuid", om["uuid"], uuidRe)
			c.match("observations[].collected", om["collected"], timeRe)
			for _, m := range c.arr("observations[].methods", om["methods"], true) {
				if m != "EXAMINE" && m != "INTERVIEW" && m != "TEST" && m != "UNKNOWN" {
					c.fail("observations[].methods", "unknown method")
				}
			}
			c.props("observations[].props", om["props"])
			for _, e := range c.arr("relevant-evidence", om["relevant-evidence"], false) {
				c.obj("relevant-evidence[]", e, "description")
			}
			obs[om["uuid"].(string)] = true
		}
		for _, f := range c.arr("findings", res["findings"], false) {
			fm := c.obj("findings[]", f, "uuid", "title", "description", "target")
			c.match("findings[].uuid", fm["uuid"], uuidRe)
			c.props("findings[].props", fm["props"])
			tg := c.obj("findings[].target", fm["target"], "type", "target-id", "status")
			if tg["type"] != "statement-id" && tg["type"] != "objective-id" {
				c.fail("target.type", "must be statement-id or objective-id")
			}
			c.match("target.target-id", tg["target-id"], tokenRe)
			st := c.obj("target.status", tg["status"], "state")
			if st["state"] != "satisfied" && st["state"] != "not-satisfied" {
				c.fail("target.status.state", "must be satisfied or not-satisfied")
			}
			if r, ok := st["reason"]; ok {
				c.match("target.status.reason", r, tokenRe)
			}
			for _, ro := range c.arr("related-observations", fm["related-observations"], false) {
				id := c.obj("related-observations[]", ro, "observation-uuid")["observation-uuid"]
				if s, _ := id.(string); !obs[s] {
					c.fail("related-observations[]", "names an observation that is not in the result")
				}
			}
		}
	}
	return c.errs
}

func TestOSCALAssessmentResults(t *testing.T) {
	f := newFixture(t)
	f.standard(t)
	b, m := f.export(t, Request{Framework: "HIPAA"})
	doc := readMember(t, openZip(t, b), OSCALFile)
	if errs := validateOSCAL(t, doc); len(errs) > 0 {
		t.Fatalf("OSCAL assessment results are invalid:\n%s", strings.Join(errs, "\n"))
	}
	var d oscalDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	res := d.AssessmentResults.Results[0]
	if len(res.Observations) != len(m.Packs) {
		t.Errorf("got %d observations; want one per pack (%d)", len(res.Observations), len(m.Packs))
	}
	states := map[string]oscalFinding{}
	for _, f := range res.Findings {
		states[f.Title] = f
	}
	cases := []struct {
		control, state, remark string
	}{
		{hipaaE, "not-satisfied", ""},
		{hipaaA, "not-satisfied", "public website"},
	}
	for _, tc := range cases {
		got, ok := states[tc.control]
		if !ok {
			t.Errorf("no finding for %s", tc.control)
			continue
		}
		if got.Target.Status.State != tc.state {
			t.Errorf("%s: got %s; want %s", tc.control, got.Target.Status.State, tc.state)
		}
		if tc.remark != "" && !strings.Contains(got.Remarks, tc.remark) {
			t.Errorf("%s: remarks %q lack the justification %q", tc.control, got.Remarks, tc.remark)
		}
	}
	// A period where the control only passed.
	b, _ = f.export(t, Request{Framework: "HIPAA", From: day.Add(48 * time.Hour)})
	if err := json.Unmarshal(readMember(t, openZip(t, b), OSCALFile), &d); err != nil {
		t.Fatal(err)
	}
	if fs := d.AssessmentResults.Results[0].Findings; len(fs) != 1 || fs[0].Target.Status.State != "satisfied" {
		t.Errorf("got findings %+v; want %s satisfied", fs, hipaaE)
	}
	if s := d.AssessmentResults.Results[0].Start; s != day.Add(48*time.Hour).Format(time.RFC3339) {
		t.Errorf("result start %s; want the period's start", s)
	}
	// An empty period is still a valid document.
	b, _ = f.export(t, Request{From: day.Add(-48 * time.Hour), To: day.Add(-24 * time.Hour)})
	if errs := validateOSCAL(t, readMember(t, openZip(t, b), OSCALFile)); len(errs) > 0 {
		t.Errorf("empty period: %v", errs)
	}
}
