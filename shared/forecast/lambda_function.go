package forecast

import "fmt"

// Default Lambda usage: a modest production function. Documented in the assumptions of every forecast that
// takes them, and overridable per function or per type.
const (
	defaultLambdaMonthlyRequests   = 1_000_000
	defaultLambdaAverageDurationMs = 200
	defaultLambdaMemoryMB          = 128 // CloudFormation's default MemorySize
	lambdaFreeEphemeralMB          = 512 // ephemeral storage included in the price
	secondsPerMonth                = HoursPerMonth * 3600
	// ccfLambdaMBPerVCPU is the memory CCF's Lambda estimate counts as one vCPU (packages/aws/src/lib/Lambda.ts).
	ccfLambdaMBPerVCPU = 1792
)

// lambdaFunctionPricer prices AWS::Lambda::Function and AWS::Serverless::Function: requests, GB-seconds at
// the architecture's rate, ephemeral storage beyond the included 512 MB, and a SAM function's provisioned
// concurrency (for AWS::Lambda::Function it is set on an alias or version, priced there).
func lambdaFunctionPricer() pricer {
	return pricer{
		types: []string{"AWS::Lambda::Function", "AWS::Serverless::Function"},
		usage: keys("monthlyRequests", "averageDurationMs"),
		prices: []string{"lambda.requests", "lambda.duration.x86_64", "lambda.duration.arm64",
			"lambda.provisioned.x86_64", "lambda.provisioned.arm64",
			"lambda.provisioned.duration.x86_64", "lambda.provisioned.duration.arm64", "lambda.ephemeral",
			"apigateway.rest.requests", "apigateway.http.requests"},
		price: priceLambda,
	}
}

// lambdaShape is what a function's price depends on in its template.
type lambdaShape struct {
	memoryMB    float64
	arch        string
	ephemeralMB float64
}

func (s lambdaShape) gb() float64 { return s.memoryMB / 1024 }

// readLambdaShape reads memory, architecture and ephemeral storage of the properties in scope.
func readLambdaShape(p *pricing) (lambdaShape, error) {
	s := lambdaShape{arch: "x86_64", ephemeralMB: lambdaFreeEphemeralMB}
	mem, ok, err := p.num("MemorySize", "MemorySize")
	if err != nil {
		return s, err
	}
	if !ok {
		mem = defaultLambdaMemoryMB
		p.assume("MemorySize: %d MB (CloudFormation's default)", defaultLambdaMemoryMB)
	}
	if mem < 128 || mem > 10240 {
		return s, unpriced("MemorySize %s MB is outside Lambda's 128–10240 MB", fmtQty(mem))
	}
	s.memoryMB = mem
	if v := p.prop("Architectures"); !v.IsNull() {
		if err := p.known(v, "Architectures"); err != nil {
			return s, err
		}
		items := v.Items()
		if len(items) != 1 {
			return s, unpriced("Architectures must list exactly one architecture, got %d", len(items))
		}
		if err := p.known(items[0], "Architectures"); err != nil {
			return s, err
		}
		a, _ := items[0].Str()
		if a != "x86_64" && a != "arm64" {
			return s, unpriced("unknown architecture %q", a)
		}
		s.arch = a
	}
	eph, ok, err := p.num("EphemeralStorage.Size", "EphemeralStorage", "Size")
	if err != nil {
		return s, err
	}
	if ok {
		if eph < lambdaFreeEphemeralMB || eph > 10240 {
			return s, unpriced("EphemeralStorage.Size %s MB is outside Lambda's 512–10240 MB", fmtQty(eph))
		}
		s.ephemeralMB = eph
	}
	return s, nil
}

func priceLambda(p *pricing) (*Cost, error) {
	shape, err := readLambdaShape(p)
	if err != nil {
		return nil, err
	}
	var concurrency float64
	if p.res.Type == "AWS::Serverless::Function" {
		n, ok, err := p.num("ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")
		if err != nil {
			return nil, err
		}
		if ok {
			concurrency = n
		}
	}
	requests := p.use("monthlyRequests", defaultLambdaMonthlyRequests, "requests per month")
	durationMs := p.use("averageDurationMs", defaultLambdaAverageDurationMs, "average duration (ms)")

	reqPrice, err := p.price("lambda.requests")
	if err != nil {
		return nil, err
	}
	durID := "lambda.duration." + shape.arch
	durName := fmt.Sprintf("Duration (%s, %s MB)", shape.arch, fmtQty(shape.memoryMB))
	if concurrency > 0 {
		// Invocations served by provisioned concurrency pay the lower duration rate.
		durID = "lambda.provisioned.duration." + shape.arch
		durName = fmt.Sprintf("Duration with provisioned concurrency (%s, %s MB)", shape.arch, fmtQty(shape.memoryMB))
		p.assume("every invocation is served by provisioned concurrency")
	}
	durPrice, err := p.price(durID)
	if err != nil {
		return nil, err
	}
	execSeconds := requests * durationMs / 1000
	gbSeconds := execSeconds * shape.gb()
	cost := &Cost{Components: []Component{
		component("Requests", "1M requests", requests/1e6, reqPrice.USD, true),
		component(durName, "GB-seconds", gbSeconds, durPrice.USD, true),
	}}
	if concurrency > 0 {
		c, err := provisionedConcurrency(p, shape, concurrency)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, c)
		p.assume("carbon: idle provisioned environments are not estimated (CCF's Lambda method counts invocation time)")
	}
	if extra := shape.ephemeralMB - lambdaFreeEphemeralMB; extra > 0 {
		ep, err := p.price("lambda.ephemeral")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components,
			component(fmt.Sprintf("Ephemeral storage (%s MB beyond the included 512 MB)", fmtQty(extra)), "GB-seconds", execSeconds*extra/1024, ep.USD, true))
	}
	if p.res.Type == "AWS::Serverless::Function" {
		c, err := implicitAPIs(p, requests)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, c...)
	}
	// CCF's Lambda method: invocation time × memory ÷ 1,792 MB as vCPU-hours on the AWS average processor.
	vcpuHours := execSeconds / 3600 * shape.memoryMB / ccfLambdaMBPerVCPU
	cost.MonthlyKgCO2e = p.carbon.VCPUKg(vcpuHours, p.region)
	p.assume("free tier not applied")
	p.assume("the function's CloudWatch Logs are priced only where its log group is declared in the template")
	p.assume("carbon: CCF Lambda estimate, %s vCPU-hours (duration × memory ÷ %d MB) on the AWS average processor at %.0f%% utilisation",
		fmtQty(roundTo(vcpuHours, 3)), ccfLambdaMBPerVCPU, 100*p.carbon.DefaultUtilization)
	return cost, nil
}

// implicitAPIs prices the API calls of a SAM function's Api and HttpApi events that name no API: SAM
// creates an implicit API (ServerlessRestApi, ServerlessHttpApi) that is not in the template, so its calls
// would otherwise go unpriced. Each invocation is counted as one call.
func implicitAPIs(p *pricing, requests float64) ([]Component, error) {
	events := p.props.Get("Events")
	if err := p.known(events, "Events"); err != nil {
		return nil, err
	}
	var rest, http bool
	for _, name := range events.Keys() {
		ev := events.Get(name)
		typ, _ := ev.Get("Type").Str()
		switch {
		case typ == "Api" && ev.Get("Properties", "RestApiId") == nil:
			rest = true
		case typ == "HttpApi" && ev.Get("Properties", "ApiId") == nil:
			http = true
		}
	}
	var out []Component
	for _, api := range []struct {
		on         bool
		id, name   string
		implicitID string
	}{
		{rest, "apigateway.rest.requests", "Requests (implicit REST API)", "ServerlessRestApi"},
		{http, "apigateway.http.requests", "Requests (implicit HTTP API)", "ServerlessHttpApi"},
	} {
		if !api.on {
			continue
		}
		pr, err := p.price(api.id)
		if err != nil {
			return nil, err
		}
		p.assume("every invocation is a call through SAM's implicit API %s, which the template does not declare", api.implicitID)
		out = append(out, component(api.name, "1M requests", requests/1e6, pr.USD, true))
	}
	return out, nil
}

// provisionedConcurrency is the always-on charge of n provisioned environments for the whole month.
func provisionedConcurrency(p *pricing, shape lambdaShape, n float64) (Component, error) {
	if n != float64(int64(n)) {
		return Component{}, unpriced("ProvisionedConcurrentExecutions %s is not a whole number", fmtQty(n))
	}
	pc, err := p.price("lambda.provisioned." + shape.arch)
	if err != nil {
		return Component{}, err
	}
	p.assume("provisioned concurrency of %s configured all month (730 h)", fmtQty(n))
	return component(fmt.Sprintf("Provisioned concurrency (%s, %s MB, %s)", shape.arch, fmtQty(shape.memoryMB), fmtQty(n)),
		"GB-seconds", n*shape.gb()*secondsPerMonth, pc.USD, false), nil
}
