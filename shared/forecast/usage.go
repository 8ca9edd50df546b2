package forecast

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Usage overrides the default usage of usage-based components. Keys are a logical ID ("OrdersFunction"), a
// file-qualified logical ID ("infra/orders.yaml#OrdersFunction") or a resource type
// ("AWS::Lambda::Function"); values map usage names (see UsageKeys) to monthly quantities. The most specific
// key wins: file#logicalID, then logicalID, then type, then the documented default.
type Usage map[string]map[string]float64

// A usage key and what it means.
type usageKey struct {
	Name        string
	Description string
}

// usageDocs documents every usage name; a pricer names the ones it reads with keys(), so that one name
// means one thing across pricers (monthlyRequests is requests per month wherever it is read).
var usageDocs = map[string]string{
	"monthlyRequests":                   "requests per month (Lambda invocations, API Gateway calls, SQS, KMS and Secrets Manager API requests, CloudFront HTTPS requests, Express workflow executions)",
	"averageDurationMs":                 "average duration of a Lambda invocation or an Express workflow execution, in milliseconds",
	"monthlyWriteRequestUnits":          "DynamoDB on-demand write request units per month",
	"monthlyReadRequestUnits":           "DynamoDB on-demand read request units per month",
	"storageGB":                         "stored data in GB (S3 Standard, DynamoDB, EFS Standard, Aurora cluster volume, CloudWatch Logs archive)",
	"monthlyDataProcessedGB":            "data processed per month in GB (NAT gateways, interface VPC endpoints, Classic Load Balancers)",
	"standardIAStorageGB":               "S3 Standard-IA stored GB",
	"oneZoneIAStorageGB":                "S3 One Zone-IA stored GB",
	"intelligentTieringStorageGB":       "S3 Intelligent-Tiering stored GB (priced at its frequent-access tier)",
	"glacierInstantRetrievalStorageGB":  "S3 Glacier Instant Retrieval stored GB",
	"glacierFlexibleRetrievalStorageGB": "S3 Glacier Flexible Retrieval stored GB",
	"deepArchiveStorageGB":              "S3 Glacier Deep Archive stored GB",
	"monthlyPutRequests":                "S3 PUT, COPY, POST and LIST requests per month",
	"monthlyGetRequests":                "S3 GET and SELECT requests per month",
	"instances":                         "instances running on average (Auto Scaling groups, EKS node groups)",
	"tasks":                             "Fargate tasks running on average for an ECS service",
	"averageACUs":                       "average Aurora Serverless v2 capacity units of a serverless DB instance",
	"monthlyIORequests":                 "Aurora Standard I/O requests per month",
	"averageLCUs":                       "average load balancer capacity units in use (ALB LCUs, NLB NLCUs)",
	"monthlyMessages":                   "WebSocket API messages per month",
	"monthlyConnectionMinutes":          "WebSocket API connection minutes per month",
	"monthlyExecutions":                 "Standard workflow executions per month",
	"transitionsPerExecution":           "state transitions per Standard workflow execution",
	"monthlyPublishes":                  "SNS publishes per month (64 KB chunks)",
	"monthlyPutPayloadUnits":            "Kinesis provisioned-mode PUT payload units (25 KB) per month",
	"monthlyIngestedGB":                 "data ingested per month in GB (Kinesis on-demand, CloudWatch Logs)",
	"monthlyRetrievedGB":                "data retrieved per month in GB (Kinesis on-demand)",
	"infrequentAccessStorageGB":         "EFS Infrequent Access stored GB",
	"monthlyReadGB":                     "EFS Elastic throughput data read per month in GB",
	"monthlyWriteGB":                    "EFS Elastic throughput data written per month in GB",
	"monthlyDataTransferGB":             "CloudFront data transfer out to the internet per month in GB",
	"monthlyQueries":                    "Route 53 standard queries per month",
}

// keys names the usage a pricer reads, with the shared descriptions.
func keys(names ...string) []usageKey {
	out := make([]usageKey, len(names))
	for i, n := range names {
		out[i] = usageKey{Name: n, Description: usageDocs[n]}
	}
	return out
}

// UsageKeys lists the usage names pricers read, with their meaning; ParseUsage rejects any other name, so a
// typo never silently falls back to a default.
func UsageKeys() map[string]string {
	out := map[string]string{}
	for _, p := range pricers() {
		for _, k := range p.usage {
			out[k.Name] = k.Description
		}
	}
	return out
}

// MaxUsageFileSize bounds a usage file.
const MaxUsageFileSize = 1 << 20

// ParseUsage reads a usage file, YAML or JSON:
//
//	OrdersFunction:
//	  monthlyRequests: 5000000
//	  averageDurationMs: 350
//	AWS::DynamoDB::Table:
//	  storageGB: 20
//
// An optional top-level "version: 1" is accepted.
func ParseUsage(data []byte) (Usage, error) {
	if len(data) > MaxUsageFileSize {
		return nil, fmt.Errorf("usage file is %d bytes; the limit is %d", len(data), MaxUsageFileSize)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("usage file is binary")
	}
	var root yaml.Node
	if err := safeYAML(data, &root); err != nil {
		return nil, fmt.Errorf("parse usage file: %w", err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return Usage{}, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("usage file: line %d: want a mapping of logical IDs or resource types", doc.Line)
	}
	known := UsageKeys()
	out := Usage{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("usage file: line %d: key is not a name", k.Line)
		}
		if k.Value == "version" {
			if v.Kind != yaml.ScalarNode || v.Value != "1" {
				return nil, fmt.Errorf("usage file: line %d: unsupported version %q", v.Line, v.Value)
			}
			continue
		}
		if v.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("usage file: line %d: %s must map usage names to numbers", v.Line, k.Value)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("usage file: line %d: %s is listed twice", k.Line, k.Value)
		}
		vals := map[string]float64{}
		for j := 0; j+1 < len(v.Content); j += 2 {
			uk, uv := v.Content[j], v.Content[j+1]
			if _, ok := known[uk.Value]; !ok || uk.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("usage file: line %d: unknown usage %q for %s (known: %s)", uk.Line, uk.Value, k.Value, strings.Join(sortedNames(known), ", "))
			}
			var f float64
			if uv.Kind != yaml.ScalarNode || uv.Decode(&f) != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
				return nil, fmt.Errorf("usage file: line %d: %s.%s must be a non-negative number, got %q", uv.Line, k.Value, uk.Value, uv.Value)
			}
			vals[uk.Value] = f
		}
		out[k.Value] = vals
	}
	return out, nil
}

// safeYAML decodes into a node tree; the YAML library's alias expansion limits keep bombs out, and a panic
// in it becomes an error.
func safeYAML(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("YAML parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(n); err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	// Aliases in a usage file would only serve to multiply it.
	var walk func(*yaml.Node, int) error
	walk = func(x *yaml.Node, depth int) error {
		if depth > 16 {
			return fmt.Errorf("line %d: nested too deeply", x.Line)
		}
		if x.Kind == yaml.AliasNode {
			return fmt.Errorf("line %d: YAML aliases are not allowed in a usage file", x.Line)
		}
		for _, c := range x.Content {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(n, 0)
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lookup finds a usage value for a resource, most specific key first.
func (u Usage) lookup(file, logicalID, typ, name string) (float64, string, bool) {
	for _, key := range []string{file + "#" + logicalID, logicalID, typ} {
		if v, ok := u[key][name]; ok {
			return v, key, true
		}
	}
	return 0, "", false
}
