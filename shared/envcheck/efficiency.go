package envcheck

import (
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// costNote says what an estimate needs; Attest prices requests only when a usage file states their count.
const costNote = "estimated monthly cost unknown without a usage file stating request counts"

// Sizes DynamoDB bills reads by: one read request unit reads 4 KB strongly consistent, or 8 KB eventually
// consistent; one Scan call reads at most 1 MB before it returns a page.
const (
	rruBytes     = 4096
	scanPageSize = 1 << 20
	bytesPerGB   = 1 << 30
)

// usageOf is a usage value for a resource, looked up as the forecast does: template#logicalID, logicalID,
// then resource type.
func usageOf(opts Options, f *function, logical, typ, name string) (float64, bool) {
	for _, key := range []string{f.tpl.Path + "#" + logical, logical, typ} {
		if v, ok := opts.Usage[key][name]; ok {
			return v, true
		}
	}
	return 0, false
}

// scanCost estimates what an unbounded Scan costs a month, or says what is missing.
func scanCost(opts Options, f *function, c resolvedCall) string {
	if opts.Prices == nil || opts.Usage == nil {
		return costNote
	}
	calls, ok := usageOf(opts, f, f.res.LogicalID, f.res.Type, "monthlyRequests")
	if !ok {
		return "estimated monthly cost unknown: the usage file states no monthlyRequests for " + f.res.LogicalID
	}
	if c.target.logical == "" {
		return "estimated monthly cost unknown: the table is not known from the template"
	}
	tbl := f.tpl.Resource(c.target.logical)
	if mode, _ := f.resolver.Resolve(tbl.Properties.Get("BillingMode")).Str(); mode != "PAY_PER_REQUEST" {
		return "estimated monthly cost unknown: " + c.target.logical + " uses provisioned capacity, which the scan consumes rather than pays per request"
	}
	gb, ok := usageOf(opts, f, c.target.logical, tbl.Type, "storageGB")
	if !ok {
		return "estimated monthly cost unknown: the usage file states no storageGB for " + c.target.logical
	}
	price, ok := opts.Prices.Lookup("dynamodb.ondemand.read")
	if !ok {
		return "estimated monthly cost unknown: no on-demand read price for the region"
	}
	read := gb * bytesPerGB
	if !c.Paginated {
		read = math.Min(read, scanPageSize)
	}
	units := math.Ceil(read / rruBytes)
	if !strings.Contains(strings.ToLower(c.Params["consistentread"]), "true") {
		units /= 2
	}
	usd := calls * units / 1e6 * price.USD
	per := ""
	if c.InLoop {
		per = " per loop iteration"
	}
	return fmt.Sprintf("estimated $%.2f a month%s (%.0f invocations × %.0f read request units over %g GB, at $%g per 1M RRU)",
		usd, per, calls, units, gb, price.USD)
}

// listCost estimates what an S3 listing in a loop costs a month for each iteration of the loop.
func listCost(opts Options, f *function) string {
	if opts.Prices == nil || opts.Usage == nil {
		return costNote
	}
	calls, ok := usageOf(opts, f, f.res.LogicalID, f.res.Type, "monthlyRequests")
	if !ok {
		return "estimated monthly cost unknown: the usage file states no monthlyRequests for " + f.res.LogicalID
	}
	price, ok := opts.Prices.Lookup("s3.requests.put")
	if !ok {
		return "estimated monthly cost unknown: no LIST request price for the region"
	}
	return fmt.Sprintf("estimated $%.2f a month per loop iteration (%.0f invocations, LIST at $%g per 1,000 requests)",
		calls/1000*price.USD, calls, price.USD)
}

func unboundedScans(f *function, calls []resolvedCall, opts Options) outcome {
	var fails []finding.Finding
	var unknown []string
	scans := 0
	for _, c := range calls {
		if c.prefix != "dynamodb" || c.Operation != "Scan" {
			continue
		}
		scans++
		if c.has("Limit") || c.has("ProjectionExpression") || c.has("Select") {
			continue
		}
		if c.has("**") {
			unknown = append(unknown, fmt.Sprintf("Scan at %s takes parameters built elsewhere", c.where()))
			continue
		}
		how := "Scan"
		if c.Paginated {
			how = "paginated Scan (reads the whole table)"
		}
		tbl := ""
		if t := c.target.describe(); t != "" {
			tbl = " of " + t
		}
		fails = append(fails, finding.Finding{Path: c.Path, Line: c.Line, Snippet: c.Snippet,
			Message: fmt.Sprintf("%s%s at `%s:%d` has no Limit or ProjectionExpression; %s", how, tbl, path.Base(c.Path), c.Line, scanCost(opts, f, c))})
	}
	switch {
	case len(fails) > 0:
		return outcome{status: finding.StatusFail, findings: fails, message: fmt.Sprintf("%d of %d scans are unbounded", len(fails), scans)}
	case len(unknown) > 0:
		return notAssessed("%s", strings.Join(unknown, "; "))
	}
	return pass("%d DynamoDB scans, none unbounded", scans)
}

// s3ListOps are the S3 listing operations.
var s3ListOps = map[string]bool{"ListObjectsV2": true, "ListObjects": true, "ListObjectVersions": true}

func listsInLoops(f *function, calls []resolvedCall, opts Options) outcome {
	var fails []finding.Finding
	lists := 0
	for _, c := range calls {
		if c.prefix != "s3" || !s3ListOps[c.Operation] {
			continue
		}
		lists++
		if !c.InLoop || c.has("MaxKeys") || c.has("**") {
			continue
		}
		fails = append(fails, finding.Finding{Path: c.Path, Line: c.Line, Snippet: c.Snippet,
			Message: fmt.Sprintf("%s at `%s:%d` runs inside a loop without MaxKeys; %s", c.Operation, path.Base(c.Path), c.Line, listCost(opts, f))})
	}
	if len(fails) > 0 {
		return outcome{status: finding.StatusFail, findings: fails, message: fmt.Sprintf("%d of %d S3 listings run in loops without MaxKeys", len(fails), lists)}
	}
	return pass("%d S3 listings, none in a loop without MaxKeys", lists)
}
