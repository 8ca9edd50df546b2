package forecast

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/policy"
)

// Warning is a cost bomb: a resource the change adds or changes that costs far more than an equivalent
// would for the same usage, with the monthly saving of the alternative. Warnings inform; only the cost
// thresholds of the policy block.
type Warning struct {
	ID               string  `json:"id"`
	File             string  `json:"file"`
	LogicalID        string  `json:"logicalId"`
	Message          string  `json:"message"`
	MonthlySavingUSD float64 `json:"monthlySavingUSD"`
}

// Warning identifiers.
const (
	// WarnDynamoDBProvisioned: provisioned capacity far above what on-demand would cost for the usage.
	WarnDynamoDBProvisioned = "dynamodb-provisioned-over-on-demand"
	// WarnNATPerAZ: one NAT gateway per Availability Zone for a light workload.
	WarnNATPerAZ = "nat-gateway-per-az"
	// WarnGraviton: an x86 instance or function whose Graviton (arm64) equivalent is cheaper.
	WarnGraviton = "graviton-cheaper"
)

// Thresholds of the warnings. A warning worth less than minWarningSavingUSD a month is noise in a review.
const (
	minWarningSavingUSD = 1.0
	// provisionedOverOnDemand is how many times the on-demand cost provisioned capacity must cost to be
	// "far above" it: below that, provisioned capacity is a reasonable hedge against bursts.
	provisionedOverOnDemand = 2.0
	// lightNATDataGB is the monthly data processed per NAT gateway up to which a workload is light.
	lightNATDataGB = 100.0
)

// gravitonFamily maps x86 instance families to the Graviton family of the same size and role.
var gravitonFamily = map[string]string{
	"t3": "t4g", "t3a": "t4g",
	"m5": "m6g", "m5a": "m6g", "m6i": "m7g", "m6a": "m7g",
	"c5": "c6g", "c5a": "c6g", "c6i": "c7g", "c6a": "c7g",
	"r5": "r6g", "r5a": "r6g", "r6i": "r7g", "r6a": "r7g",
}

// resourceWarnings checks one resource of the head of a change. Only what the change adds or changes is
// checked: a push review is about the push, and an unchanged resource was reviewed before.
func resourceWarnings(env *environment, file string, r *cfn.Resource, props *cfn.Value, out ResourceForecast) []Warning {
	if r == nil || env.prices == nil || (out.Change != Added && out.Change != Changed) {
		return nil
	}
	var w *Warning
	switch r.Type {
	case "AWS::DynamoDB::Table":
		w = dynamoDBWarning(env, file, r, out)
	case "AWS::EC2::Instance":
		w = ec2GravitonWarning(env, props, out)
	case "AWS::Lambda::Function", "AWS::Serverless::Function":
		w = lambdaGravitonWarning(env, out)
	}
	if w == nil || w.MonthlySavingUSD < minWarningSavingUSD {
		return nil
	}
	w.File, w.LogicalID = file, r.LogicalID
	return []Warning{*w}
}

// sumUnits adds up the exact monthly cost of the components in the given units.
func sumUnits(c Cost, units ...string) (usd, qty float64, found bool) {
	for _, comp := range c.Components {
		for _, u := range units {
			if comp.Unit == u {
				usd += comp.Quantity * comp.UnitPriceUSD
				qty += comp.Quantity
				found = true
			}
		}
	}
	return usd, qty, found
}

func dynamoDBWarning(env *environment, file string, r *cfn.Resource, out ResourceForecast) *Warning {
	provisioned, _, ok := sumUnits(out.Head, "WCU-hours", "RCU-hours")
	if !ok {
		return nil // on-demand already
	}
	wp, okW := env.prices.Lookup("dynamodb.ondemand.write")
	rp, okR := env.prices.Lookup("dynamodb.ondemand.read")
	if !okW || !okR {
		return nil
	}
	writes, wDefault := usageOrDefault(env, file, r, "monthlyWriteRequestUnits", defaultDynamoDBWriteRequestUnits)
	reads, rDefault := usageOrDefault(env, file, r, "monthlyReadRequestUnits", defaultDynamoDBReadRequestUnits)
	onDemand := writes/1e6*wp.USD + reads/1e6*rp.USD
	if provisioned < provisionedOverOnDemand*onDemand {
		return nil
	}
	from := "the usage file"
	if wDefault || rDefault {
		from = "the default usage (set monthlyWriteRequestUnits and monthlyReadRequestUnits in a usage file)"
	}
	return &Warning{
		ID: WarnDynamoDBProvisioned,
		Message: fmt.Sprintf("provisioned capacity costs $%.2f a month; on-demand (PAY_PER_REQUEST) would cost $%.2f for %s write and %s read request units a month, from %s",
			provisioned, onDemand, fmtQty(writes), fmtQty(reads), from),
		MonthlySavingUSD: roundTo(provisioned-onDemand, 2),
	}
}

// usageOrDefault returns a usage value, and whether it is the default rather than the usage file's.
func usageOrDefault(env *environment, file string, r *cfn.Resource, name string, def float64) (float64, bool) {
	if v, _, ok := env.usage.lookup(file, r.LogicalID, r.Type, name); ok {
		return v, false
	}
	return def, true
}

func ec2GravitonWarning(env *environment, props *cfn.Value, out ResourceForecast) *Warning {
	typ, ok := props.Get("InstanceType").Str()
	if !ok {
		return nil
	}
	family, size, ok := strings.Cut(typ, ".")
	if !ok || gravitonFamily[family] == "" {
		return nil
	}
	arm := gravitonFamily[family] + "." + size
	x, okX := env.prices.Instance(typ)
	g, okG := env.prices.Instance(arm)
	if !okX || !okG || g.HourlyUSD >= x.HourlyUSD {
		return nil
	}
	note := ""
	if !g.Verified || !x.Verified {
		note = " (a price not yet verified against the AWS Price List)"
	}
	saving := (x.HourlyUSD - g.HourlyUSD) * HoursPerMonth
	return &Warning{
		ID: WarnGraviton,
		Message: fmt.Sprintf("%s costs $%s an hour; its Graviton equivalent %s costs $%s%s, if the software runs on arm64",
			typ, fmtQty(x.HourlyUSD), arm, fmtQty(g.HourlyUSD), note),
		MonthlySavingUSD: roundTo(saving, 2),
	}
}

func lambdaGravitonWarning(env *environment, out ResourceForecast) *Warning {
	x, okX := env.prices.Lookup("lambda.duration.x86_64")
	a, okA := env.prices.Lookup("lambda.duration.arm64")
	if !okX || !okA || a.USD >= x.USD {
		return nil
	}
	var gbSeconds float64
	for _, c := range out.Head.Components {
		if c.Unit == "GB-seconds" && c.UnitPriceUSD == x.USD {
			gbSeconds += c.Quantity
		}
	}
	if gbSeconds == 0 {
		return nil
	}
	return &Warning{
		ID: WarnGraviton,
		Message: fmt.Sprintf("runs on x86_64 at $%s per GB-second; arm64 (Graviton) costs $%s for the same %s GB-seconds a month, if the code and its layers run on arm64",
			fmtQty(x.USD), fmtQty(a.USD), fmtQty(roundTo(gbSeconds, 2))),
		MonthlySavingUSD: roundTo(gbSeconds*(x.USD-a.USD), 2),
	}
}

// natWarnings finds files whose head has one NAT gateway per Availability Zone for a light workload, where
// the change adds or changes one of them. One gateway (and gateway endpoints, which have no charge, for S3
// and DynamoDB traffic) would do; the saving is the hours of the others.
func natWarnings(env *environment, resources []ResourceForecast) []Warning {
	if env.prices == nil {
		return nil
	}
	hp, ok := env.prices.Lookup("natgateway.hours")
	if !ok {
		return nil
	}
	type group struct {
		ids     []string
		touched bool
		gb      float64
	}
	byFile := map[string]*group{}
	var files []string
	for _, r := range resources {
		if r.Type != "AWS::EC2::NatGateway" || r.Change == Removed {
			continue
		}
		g := byFile[r.File]
		if g == nil {
			g = &group{}
			byFile[r.File] = g
			files = append(files, r.File)
		}
		g.ids = append(g.ids, r.LogicalID)
		g.touched = g.touched || r.Change == Added || r.Change == Changed
		_, gb, _ := sumUnits(r.Head, "GB")
		g.gb += gb
	}
	sort.Strings(files)
	var out []Warning
	for _, f := range files {
		g := byFile[f]
		n := float64(len(g.ids))
		if n < 2 || !g.touched || g.gb/n > lightNATDataGB {
			continue
		}
		saving := roundTo((n-1)*hp.USD*HoursPerMonth, 2)
		if saving < minWarningSavingUSD {
			continue
		}
		out = append(out, Warning{
			ID: WarnNATPerAZ, File: f, LogicalID: g.ids[0],
			Message: fmt.Sprintf("%d NAT gateways (%s), one per Availability Zone, process %s GB a month between them; for a workload this light, gateway endpoints for S3 and DynamoDB (no charge) and one shared NAT gateway would do, at the price of a single-AZ egress path",
				len(g.ids), strings.Join(g.ids, ", "), fmtQty(roundTo(g.gb, 2))),
			MonthlySavingUSD: saving,
		})
	}
	return out
}

// sortWarnings orders warnings by file, logical ID and identifier, so documents are stable.
func sortWarnings(ws []Warning) {
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.LogicalID != b.LogicalID {
			return a.LogicalID < b.LogicalID
		}
		return a.ID < b.ID
	})
}

// Gate is the outcome of the policy's cost thresholds on a forecast.
type Gate struct {
	MaxMonthlyDeltaUSD     *float64 `json:"maxMonthlyDeltaUSD,omitempty"`
	MaxMonthlyDeltaPercent *float64 `json:"maxMonthlyDeltaPercent,omitempty"`
	// DeltaPercent is the increase in percent of the base's monthly cost; absent when the base costs nothing.
	DeltaPercent *float64 `json:"deltaPercent,omitempty"`
	// Blocking is set when the increase is above a threshold.
	Blocking bool `json:"blocking"`
	// Reasons say which thresholds were exceeded, or why a threshold was not applied.
	Reasons []string `json:"reasons"`
}

// Evaluate applies cost thresholds to the totals. It returns nil when no threshold is set. Only priced
// resources count: the forecast's unpriced list says what the figure leaves out.
func Evaluate(t Totals, c policy.Cost) *Gate {
	if !c.Enabled() {
		return nil
	}
	g := &Gate{MaxMonthlyDeltaUSD: c.MaxMonthlyDeltaUSD, MaxMonthlyDeltaPercent: c.MaxMonthlyDeltaPercent, Reasons: []string{}}
	delta := roundTo(t.DeltaMonthlyUSD, 2)
	if t.BaseMonthlyUSD > 0 {
		pct := roundTo(100*delta/t.BaseMonthlyUSD, 2)
		g.DeltaPercent = &pct
	}
	if m := c.MaxMonthlyDeltaUSD; m != nil && delta > *m {
		g.Blocking = true
		g.Reasons = append(g.Reasons, fmt.Sprintf("monthly cost rises by $%.2f, above the limit of $%.2f", delta, *m))
	}
	if m := c.MaxMonthlyDeltaPercent; m != nil {
		switch {
		case g.DeltaPercent == nil && delta > 0:
			g.Reasons = append(g.Reasons, "the percent limit is not applied: the base costs nothing")
		case g.DeltaPercent != nil && *g.DeltaPercent > *m:
			g.Blocking = true
			g.Reasons = append(g.Reasons, fmt.Sprintf("monthly cost rises by %s%%, above the limit of %s%%", fmtQty(*g.DeltaPercent), fmtQty(*m)))
		}
	}
	return g
}

// gateOf applies the thresholds to a finished forecast, noting what its totals leave out.
func gateOf(fc *Forecast, c policy.Cost) *Gate {
	g := Evaluate(fc.Totals, c)
	if g != nil && len(fc.Unpriced) > 0 {
		g.Reasons = append(g.Reasons, fmt.Sprintf("%d unpriced item(s) are not counted in the increase", len(fc.Unpriced)))
	}
	return g
}

// Summary is the gate's one-line form for notifications and the pack's headline.
func (g *Gate) Summary(t Totals) string {
	if g == nil {
		return ""
	}
	if g.Blocking {
		return "fail: " + strings.Join(g.Reasons, "; ")
	}
	return fmt.Sprintf("pass: %s USD a month within the limits", FormatDelta(t.DeltaMonthlyUSD))
}

// percentOf returns 100·part/whole, or NaN for a zero whole.
func percentOf(part, whole float64) float64 {
	if whole == 0 {
		return math.NaN()
	}
	return 100 * part / whole
}
