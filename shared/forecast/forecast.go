package forecast

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/policy"
)

// Forecast is the document the forecast step writes (forecast.json).
type Forecast struct {
	Currency   string             `json:"currency"`
	Region     string             `json:"region"`
	PricesAsOf string             `json:"pricesAsOf"`
	Resources  []ResourceForecast `json:"resources"`
	Unpriced   []Unpriced         `json:"unpriced"`
	Totals     Totals             `json:"totals"`
	// Warnings are the cost bombs the change adds (bomb.go).
	Warnings []Warning `json:"warnings"`
	// Gate is the outcome of the policy's cost thresholds; absent when none is set.
	Gate *Gate `json:"gate,omitempty"`
}

// ResourceForecast is one resource's monthly cost and carbon on both sides of a change.
type ResourceForecast struct {
	File      string `json:"file"`
	LogicalID string `json:"logicalId"`
	Type      string `json:"type"`
	// Change is added, removed, changed or unchanged.
	Change             string   `json:"change"`
	Base               Cost     `json:"base"`
	Head               Cost     `json:"head"`
	DeltaMonthlyUSD    float64  `json:"deltaMonthlyUSD"`
	DeltaMonthlyKgCO2e float64  `json:"deltaMonthlyKgCO2e"`
	Assumptions        []string `json:"assumptions"`
}

// Cost is one side of a resource: zero with no components when the resource does not exist on that side.
type Cost struct {
	MonthlyUSD    float64     `json:"monthlyUSD"`
	MonthlyKgCO2e float64     `json:"monthlyKgCO2e"`
	Components    []Component `json:"components"`
}

// Component is one priced line of a resource.
type Component struct {
	Name         string  `json:"name"`
	Unit         string  `json:"unit"`
	Quantity     float64 `json:"quantity"`
	UnitPriceUSD float64 `json:"unitPriceUSD"`
	MonthlyUSD   float64 `json:"monthlyUSD"`
	// UsageBased is set when the quantity comes from usage (a default or the usage file), not the template.
	UsageBased bool `json:"usageBased"`
}

// Unpriced is a resource (or a whole file, when LogicalID is empty) that could not be priced.
type Unpriced struct {
	File      string `json:"file"`
	LogicalID string `json:"logicalId"`
	Type      string `json:"type"`
	Reason    string `json:"reason"`
}

// Totals sums the priced resources.
type Totals struct {
	BaseMonthlyUSD     float64 `json:"baseMonthlyUSD"`
	HeadMonthlyUSD     float64 `json:"headMonthlyUSD"`
	DeltaMonthlyUSD    float64 `json:"deltaMonthlyUSD"`
	BaseMonthlyKgCO2e  float64 `json:"baseMonthlyKgCO2e"`
	HeadMonthlyKgCO2e  float64 `json:"headMonthlyKgCO2e"`
	DeltaMonthlyKgCO2e float64 `json:"deltaMonthlyKgCO2e"`
}

// Change kinds of a resource.
const (
	Added     = "added"
	Removed   = "removed"
	Changed   = "changed"
	Unchanged = "unchanged"
)

// FilePair is one template path with its content on each side of a change; nil means the file does not
// exist on that side.
type FilePair struct {
	Path string
	Base []byte
	Head []byte
}

// Options tune a forecast.
type Options struct {
	// Region prices the templates; empty means DefaultRegion.
	Region string
	// Usage overrides default usage.
	Usage Usage
	// Parameters give template parameter values; parameters without one take their defaults.
	Parameters map[string]string
	// Cost holds the policy's cost thresholds; none set means no gate.
	Cost policy.Cost
}

// DefaultRegion is the region forecasts price in unless told otherwise.
const DefaultRegion = "us-east-1"

// Service forecasts the cost and carbon of template changes.
type Service struct {
	pricers map[string]pricer
	// source supplies price tables; nil means the embedded snapshot (source.go).
	source Source
}

// New returns a Service with the registered pricers.
func New() *Service {
	s := &Service{pricers: map[string]pricer{}}
	for _, p := range pricers() {
		for _, t := range p.types {
			s.pricers[t] = p
		}
	}
	return s
}

// IsTemplatePath reports whether a path may hold a CloudFormation template, by its extension.
func IsTemplatePath(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// Forecast prices both sides of every file that is a template and returns the design's Forecast document.
// Files that are not CloudFormation templates are skipped; a template that cannot be parsed is listed as
// unpriced. The error is non-nil only when the context is cancelled or the embedded data is broken.
func (s *Service) Forecast(ctx context.Context, files []FilePair, opts Options) (*Forecast, error) {
	region := opts.Region
	if region == "" {
		region = DefaultRegion
	}
	carbon, err := LoadCarbon()
	if err != nil {
		return nil, err
	}
	prices, perr := s.loadPrices(ctx, region)
	if perr != nil && !errors.Is(perr, ErrNoPrices) {
		return nil, perr
	}
	fc := &Forecast{Currency: "USD", Region: region, Resources: []ResourceForecast{}, Unpriced: []Unpriced{}, Warnings: []Warning{}}
	if prices != nil {
		fc.PricesAsOf = prices.PricesAsOf
	} else if def, err := LoadPrices(DefaultRegion); err == nil {
		fc.PricesAsOf = def.PricesAsOf
	}
	env := &environment{prices: prices, pricesErr: perr, carbon: carbon, region: region, usage: opts.Usage, params: opts.Parameters}

	sorted := append([]FilePair(nil), files...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.forecastFile(fc, env, f)
	}
	for _, r := range fc.Resources {
		fc.Totals.BaseMonthlyUSD += r.Base.MonthlyUSD
		fc.Totals.HeadMonthlyUSD += r.Head.MonthlyUSD
		fc.Totals.BaseMonthlyKgCO2e += r.Base.MonthlyKgCO2e
		fc.Totals.HeadMonthlyKgCO2e += r.Head.MonthlyKgCO2e
	}
	t := &fc.Totals
	t.BaseMonthlyUSD, t.HeadMonthlyUSD = roundTo(t.BaseMonthlyUSD, 2), roundTo(t.HeadMonthlyUSD, 2)
	t.DeltaMonthlyUSD = roundTo(t.HeadMonthlyUSD-t.BaseMonthlyUSD, 2)
	t.BaseMonthlyKgCO2e, t.HeadMonthlyKgCO2e = roundTo(t.BaseMonthlyKgCO2e, 3), roundTo(t.HeadMonthlyKgCO2e, 3)
	t.DeltaMonthlyKgCO2e = roundTo(t.HeadMonthlyKgCO2e-t.BaseMonthlyKgCO2e, 3)
	fc.Warnings = append(fc.Warnings, natWarnings(env, fc.Resources)...)
	sortWarnings(fc.Warnings)
	fc.Gate = gateOf(fc, opts.Cost)
	return fc, nil
}

type environment struct {
	prices    *PriceTable
	pricesErr error
	carbon    *CarbonModel
	region    string
	usage     Usage
	params    map[string]string
}

// side is one parsed side of a file.
type side struct {
	tmpl     *cfn.Template
	resolver *cfn.Resolver
}

// parseSide parses one side of a file. A side that is absent or not a template yields nil; a template that
// cannot be parsed is reported as unpriced and makes ok false, since its resources cannot be matched.
func (s *Service) parseSide(fc *Forecast, file string, data []byte, which string) (sd *side, ok bool) {
	if data == nil {
		return nil, true
	}
	t, err := cfn.Parse(file, data)
	if errors.Is(err, cfn.ErrNotTemplate) {
		return nil, true
	}
	if err != nil {
		fc.Unpriced = append(fc.Unpriced, Unpriced{File: file, Reason: fmt.Sprintf("%s template could not be parsed: %v", which, err)})
		return nil, false
	}
	return &side{tmpl: t}, true
}

func (s *Service) forecastFile(fc *Forecast, env *environment, f FilePair) {
	if !IsTemplatePath(f.Path) {
		return
	}
	base, okB := s.parseSide(fc, f.Path, f.Base, "base")
	head, okH := s.parseSide(fc, f.Path, f.Head, "head")
	if !okB || !okH || (base == nil && head == nil) {
		return
	}
	for _, sd := range []*side{base, head} {
		if sd != nil {
			sd.resolver = sd.tmpl.NewResolver(withRegion(env.params, env.region))
		}
	}
	latest := head
	if latest == nil {
		latest = base
	}
	for _, u := range latest.tmpl.Unexpanded {
		fc.Unpriced = append(fc.Unpriced, Unpriced{File: f.Path, LogicalID: u.Key, Reason: u.Reason})
	}

	ids := logicalIDs(base, head)
	for _, id := range ids {
		var rb, rh *cfn.Resource
		if base != nil {
			rb = base.tmpl.Resource(id)
		}
		if head != nil {
			rh = head.tmpl.Resource(id)
		}
		s.forecastResource(fc, env, f.Path, base, rb, head, rh)
	}
}

func withRegion(params map[string]string, region string) map[string]string {
	out := map[string]string{cfn.PseudoRegion: region}
	for k, v := range params {
		out[k] = v
	}
	return out
}

// logicalIDs lists the resources of both sides: head order first, then what only the base has.
func logicalIDs(base, head *side) []string {
	var ids []string
	seen := map[string]bool{}
	for _, sd := range []*side{head, base} {
		if sd == nil {
			continue
		}
		for _, r := range sd.tmpl.Resources {
			if !seen[r.LogicalID] {
				seen[r.LogicalID] = true
				ids = append(ids, r.LogicalID)
			}
		}
	}
	return ids
}

// sideResult is one side of a resource: absent, priced, or unpriced with a reason.
type sideResult struct {
	present     bool
	cost        Cost
	assumptions []string
	unpriced    string
}

func (s *Service) forecastResource(fc *Forecast, env *environment, file string, base *side, rb *cfn.Resource, head *side, rh *cfn.Resource) {
	var pb, ph *cfn.Value
	if rb != nil {
		pb = base.resolver.Resolve(rb.Properties)
	}
	if rh != nil {
		ph = head.resolver.Resolve(rh.Properties)
	}
	b := s.priceSide(env, file, base, rb, pb)
	h := s.priceSide(env, file, head, rh, ph)
	r := rh
	if r == nil {
		r = rb
	}
	if b.unpriced != "" || h.unpriced != "" {
		reason := h.unpriced
		switch {
		case b.unpriced != "" && h.unpriced != "" && b.unpriced != h.unpriced:
			reason = "base: " + b.unpriced + "; head: " + h.unpriced
		case h.unpriced == "":
			reason = "base: " + b.unpriced
		case b.present && b.unpriced == "":
			reason = "head: " + h.unpriced
		}
		fc.Unpriced = append(fc.Unpriced, Unpriced{File: file, LogicalID: r.LogicalID, Type: r.Type, Reason: reason})
		return
	}
	if !b.present && !h.present {
		return // a condition keeps it out of both sides
	}
	out := ResourceForecast{File: file, LogicalID: r.LogicalID, Type: r.Type, Base: b.cost, Head: h.cost}
	for _, c := range []*Cost{&out.Base, &out.Head} {
		if c.Components == nil {
			c.Components = []Component{}
		}
	}
	switch {
	case !b.present:
		out.Change = Added
	case !h.present:
		out.Change = Removed
	case rb.Type != rh.Type || rb.Condition != rh.Condition || !reflect.DeepEqual(pb.Interface(), ph.Interface()):
		out.Change = Changed
	default:
		out.Change = Unchanged
	}
	out.DeltaMonthlyUSD = roundTo(h.cost.MonthlyUSD-b.cost.MonthlyUSD, 2)
	out.DeltaMonthlyKgCO2e = roundTo(h.cost.MonthlyKgCO2e-b.cost.MonthlyKgCO2e, 3)
	out.Assumptions = mergeAssumptions(b, h)
	fc.Resources = append(fc.Resources, out)
	fc.Warnings = append(fc.Warnings, resourceWarnings(env, file, rh, ph, out)...)
}

// mergeAssumptions lists the head's assumptions, then the base's that differ, marked as such.
func mergeAssumptions(b, h sideResult) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, a := range h.assumptions {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for _, a := range b.assumptions {
		if !seen[a] {
			seen[a] = true
			if h.present {
				a = "base: " + a
			}
			out = append(out, a)
		}
	}
	return out
}

// priceSide prices one side of a resource whose Properties resolved to props.
func (s *Service) priceSide(env *environment, file string, sd *side, r *cfn.Resource, props *cfn.Value) (res sideResult) {
	if r == nil {
		return res
	}
	res.present = true
	res.cost.Components = []Component{}
	if r.Condition != "" {
		v, known := sd.resolver.Condition(r.Condition)
		switch {
		case known && !v:
			return sideResult{} // not deployed on this side
		case !known:
			res.assumptions = append(res.assumptions, fmt.Sprintf("priced as deployed: condition %s cannot be evaluated before deployment", r.Condition))
		}
	}
	if freeTypes[r.Type] {
		res.assumptions = append(res.assumptions, fmt.Sprintf("%s has no charge of its own", r.Type))
		return res
	}
	p, ok := s.pricers[r.Type]
	if !ok {
		res.unpriced = fmt.Sprintf("no pricer for %s yet", r.Type)
		return res
	}
	if env.prices == nil {
		res.unpriced = fmt.Sprintf("no embedded prices for %s", env.region)
		return res
	}
	pc := &pricing{
		file: file, res: r, tmpl: sd.tmpl, resolver: sd.resolver,
		props:  props,
		prices: env.prices, carbon: env.carbon, region: env.region, usage: env.usage,
	}
	if r.Type == "AWS::Serverless::Function" && sd.tmpl.Globals != nil {
		pc.globals = sd.resolver.Resolve(sd.tmpl.Globals.Get("Function"))
	}
	cost, err := p.price(pc)
	if err != nil {
		var u *unpricedError
		if errors.As(err, &u) {
			res.unpriced = u.reason
		} else {
			res.unpriced = err.Error()
		}
		return res
	}
	for _, c := range cost.Components {
		cost.MonthlyUSD += c.Quantity * c.UnitPriceUSD
	}
	cost.MonthlyUSD = roundTo(cost.MonthlyUSD, 2)
	cost.MonthlyKgCO2e = roundTo(cost.MonthlyKgCO2e, 3)
	if cost.Components == nil {
		cost.Components = []Component{}
	}
	res.cost = *cost
	res.assumptions = append(res.assumptions, pc.assumptions...)
	return res
}

// MarshalIndent renders the forecast as indented JSON ending in a newline.
func (f *Forecast) MarshalIndent() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// FormatDelta renders a USD delta with its sign, as notifications show it: "+34.12", "-3.00", "0.00".
func FormatDelta(usd float64) string {
	usd = roundTo(usd, 2)
	switch {
	case usd > 0:
		return fmt.Sprintf("+%.2f", usd)
	case usd < 0:
		return fmt.Sprintf("%.2f", usd)
	}
	return "0.00"
}
