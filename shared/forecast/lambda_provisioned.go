package forecast

import "github.com/attestdev/attest/shared/cfn"

// lambdaProvisionedPricer prices AWS::Lambda::Alias and AWS::Lambda::Version: nothing of their own, except
// the provisioned concurrency configured on them, at the memory and architecture of the function they
// name. Invocations are priced on the function.
func lambdaProvisionedPricer() pricer {
	return pricer{
		types:  []string{"AWS::Lambda::Alias", "AWS::Lambda::Version"},
		prices: []string{"lambda.provisioned.x86_64", "lambda.provisioned.arm64"},
		price:  priceLambdaProvisioned,
	}
}

func priceLambdaProvisioned(p *pricing) (*Cost, error) {
	n, ok, err := p.num("ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")
	if err != nil {
		return nil, err
	}
	if !ok || n == 0 {
		p.assume("%s without provisioned concurrency has no charge of its own", p.res.Type)
		return &Cost{}, nil
	}
	fnVal := p.prop("FunctionName")
	if fnVal.IsNull() {
		return nil, unpriced("FunctionName is not given")
	}
	fn := p.target(fnVal)
	if fn == nil || (fn.Type != "AWS::Lambda::Function" && fn.Type != "AWS::Serverless::Function") {
		if fnVal.IsIntrinsic() {
			return nil, unpriced("FunctionName does not name a function of this template: %s", p.resolver.Why(fnVal))
		}
		return nil, unpriced("FunctionName %q does not name a function of this template, so its memory is unknown", scalarText(fnVal))
	}
	var shape lambdaShape
	err = p.on(p.propsOf(fn), globalsFor(p, fn), func() error {
		var err error
		shape, err = readLambdaShape(p)
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := provisionedConcurrency(p, shape, n)
	if err != nil {
		return nil, err
	}
	p.assume("invocations are priced on function %s", fn.LogicalID)
	p.assume("carbon: idle provisioned environments are not estimated (CCF's Lambda method counts invocation time, priced on the function)")
	return &Cost{Components: []Component{c}}, nil
}

// globalsFor returns the SAM Globals a resource of the template reads, or nil.
func globalsFor(p *pricing, r *cfn.Resource) *cfn.Value {
	if r.Type == "AWS::Serverless::Function" && p.tmpl.Globals != nil {
		return p.resolver.Resolve(p.tmpl.Globals.Get("Function"))
	}
	return nil
}
