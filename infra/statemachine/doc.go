// Package statemachine generates the Amazon States Language definition of Attest's pipeline: a Choice on the
// run's flow, then the steps of that flow (push: fetch, scan ∥ forecast; alarm: explain; config: evaluate),
// then evidence and notify.
//
// Every step is a Lambda Task that takes and returns the whole run.State JSON. Transient Lambda service errors
// are retried with jittered exponential backoff; any other failure of a step before evidence is caught,
// recorded in the state ($.error and $.failedStep) and carried on to the evidence step, which then writes an
// incomplete pack instead of none. The package has no CDK dependency, so the definition can be generated,
// inspected and validated on its own; the stack passes the function ARNs through DefinitionSubstitutions.
package statemachine
