package forecast

import (
	"fmt"
	"strings"
)

// Default Step Functions usage, documented in the assumptions of every forecast that takes them.
const (
	defaultSFNExecutions        = 10_000
	defaultSFNTransitions       = 10
	defaultSFNExpressRequests   = 1_000_000
	defaultSFNExpressDurationMs = 1000
	sfnExpressBilledMemoryMB    = 64 // Express workflows are billed in 64 MB memory chunks
)

// stepFunctionsPricer prices AWS::StepFunctions::StateMachine and AWS::Serverless::StateMachine: a
// Standard workflow's state transitions, or an Express workflow's requests and GB-seconds.
func stepFunctionsPricer() pricer {
	return pricer{
		types:  []string{"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"},
		usage:  keys("monthlyExecutions", "transitionsPerExecution", "monthlyRequests", "averageDurationMs"),
		prices: []string{"sfn.standard.transitions", "sfn.express.requests", "sfn.express.duration"},
		price:  priceStateMachine,
	}
}

func priceStateMachine(p *pricing) (*Cost, error) {
	key := "StateMachineType"
	if p.res.Type == "AWS::Serverless::StateMachine" {
		key = "Type"
		p.useGlobals("StateMachine")
	}
	typ, ok, err := p.str(key, key)
	if err != nil {
		return nil, err
	}
	if !ok {
		typ = "STANDARD"
	}
	p.assume("carbon: no published coefficient for Step Functions")
	switch strings.ToUpper(typ) {
	case "STANDARD":
		tp, err := p.price("sfn.standard.transitions")
		if err != nil {
			return nil, err
		}
		execs := p.use("monthlyExecutions", defaultSFNExecutions, "executions per month")
		per := p.use("transitionsPerExecution", defaultSFNTransitions, "state transitions per execution")
		p.assume("the 4,000 free state transitions a month are not applied")
		return &Cost{Components: []Component{
			component("State transitions (Standard)", "1k state transitions", execs*per/1000, tp.USD, true),
		}}, nil
	case "EXPRESS":
		rp, err := p.price("sfn.express.requests")
		if err != nil {
			return nil, err
		}
		dp, err := p.price("sfn.express.duration")
		if err != nil {
			return nil, err
		}
		requests := p.use("monthlyRequests", defaultSFNExpressRequests, "executions per month")
		ms := p.use("averageDurationMs", defaultSFNExpressDurationMs, "average execution duration (ms)")
		gbSeconds := requests * ms / 1000 * sfnExpressBilledMemoryMB / 1024
		p.assume("Express executions billed at the smallest memory chunk (%d MB), first duration tier", sfnExpressBilledMemoryMB)
		return &Cost{Components: []Component{
			component("Requests (Express)", "1M requests", requests/1e6, rp.USD, true),
			component(fmt.Sprintf("Duration (Express, %d MB)", sfnExpressBilledMemoryMB), "GB-seconds", gbSeconds, dp.USD, true),
		}}, nil
	}
	return nil, unpriced("unknown state machine type %q", typ)
}
