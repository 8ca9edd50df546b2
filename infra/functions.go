package main

import (
	"time"

	"github.com/attestdev/attest/infra/lambdabuild"
	"github.com/attestdev/attest/infra/statemachine"
)

// function is one Lambda function of the stack, built from functions/<name>.
type function struct {
	name    string
	memory  int
	timeout time.Duration
	cgo     bool
}

// routerName is the function EventBridge invokes; every other function is a step of the state machine.
const routerName = "router"

// functions lists every function: the router, then the steps in state machine order. Memory is 512 MB
// (scan: 1024 MB, for tree-sitter parsing of large files); timeouts come from the step table the state
// machine's Task timeouts are derived from.
func functions() []function {
	fs := []function{{name: routerName, memory: 512, timeout: 30 * time.Second}}
	for _, s := range statemachine.Steps() {
		f := function{name: s.Name, memory: 512, timeout: s.Timeout}
		if s == statemachine.Scan {
			// The scan step parses source with tree-sitter, a C library.
			f.memory, f.cgo = 1024, true
		}
		fs = append(fs, f)
	}
	return fs
}

func buildTargets() []lambdabuild.Target {
	var ts []lambdabuild.Target
	for _, f := range functions() {
		ts = append(ts, lambdabuild.Target{Name: f.name, CGO: f.cgo})
	}
	return append(ts, lambdabuild.Target{Name: portalFunction.name}) // the portal's API, outside the pipeline
}
