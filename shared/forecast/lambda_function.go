package forecast

import "fmt"

// Default Lambda usage: a modest production function. Documented in the assumptions of every forecast that
// takes them, and overridable per function or per type.
const (
	defaultLambdaMonthlyRequests   = 1_000_000
	defaultLambdaAverageDurationMs = 200
	defaultLambdaMemoryMB          = 128 // CloudFormation's default MemorySize
)

// lambdaFunctionPricer prices AWS::Lambda::Function and AWS::Serverless::Function: requests and GB-seconds
// at the architecture's rate.
func lambdaFunctionPricer() pricer {
	return pricer{
		types: []string{"AWS::Lambda::Function", "AWS::Serverless::Function"},
		usage: []usageKey{
			{"monthlyRequests", "Lambda invocations per month"},
			{"averageDurationMs", "average Lambda invocation duration in milliseconds"},
		},
		price: priceLambda,
	}
}

func priceLambda(p *pricing) (*Cost, error) {
	mem, ok, err := p.num("MemorySize", "MemorySize")
	if err != nil {
		return nil, err
	}
	if !ok {
		mem = defaultLambdaMemoryMB
		p.assume("MemorySize: %d MB (CloudFormation's default)", defaultLambdaMemoryMB)
	}
	if mem < 128 || mem > 10240 {
		return nil, unpriced("MemorySize %s MB is outside Lambda's 128–10240 MB", fmtQty(mem))
	}
	arch := "x86_64"
	if v := p.prop("Architectures"); !v.IsNull() {
		if err := p.known(v, "Architectures"); err != nil {
			return nil, err
		}
		items := v.Items()
		if len(items) != 1 {
			return nil, unpriced("Architectures must list exactly one architecture, got %d", len(items))
		}
		if err := p.known(items[0], "Architectures"); err != nil {
			return nil, err
		}
		a, _ := items[0].Str()
		if a != "x86_64" && a != "arm64" {
			return nil, unpriced("unknown architecture %q", a)
		}
		arch = a
	}
	if p.prop("ProvisionedConcurrencyConfig") != nil {
		p.assume("provisioned concurrency is not priced")
	}
	requests := p.use("monthlyRequests", defaultLambdaMonthlyRequests, "requests per month")
	durationMs := p.use("averageDurationMs", defaultLambdaAverageDurationMs, "average duration (ms)")

	reqPrice, err := p.price("lambda.requests")
	if err != nil {
		return nil, err
	}
	durPrice, err := p.price("lambda.duration." + arch)
	if err != nil {
		return nil, err
	}
	gbSeconds := requests * durationMs / 1000 * mem / 1024
	cost := &Cost{Components: []Component{
		component("Requests", "1M requests", requests/1e6, reqPrice.USD, true),
		component(fmt.Sprintf("Duration (%s, %s MB)", arch, fmtQty(mem)), "GB-seconds", gbSeconds, durPrice.USD, true),
	}}
	cost.MonthlyKgCO2e = p.carbon.MemoryKg(gbSeconds/3600, p.region)
	p.assume("free tier not applied")
	p.assume("carbon: estimate from GB-seconds with the CCF memory coefficient (%g kWh per GB-hour); compute is not modelled", p.carbon.MemoryKWhPerGBHour)
	return cost, nil
}
