package explain

import (
	"context"
	"fmt"
	"strings"
)

// downstreamSlowRule: a database or third-party API that answers slowly (or refuses connections when its
// pool is full) holds each invocation until the function's own timeout, when the client's timeouts are
// longer than the function's.
func downstreamSlowRule() Rule {
	return Rule{
		ID:          "downstream-slow",
		Title:       "A slow dependency holds invocations until the function times out",
		AppliesTo:   isLambdaFailureAlarm,
		Needs:       []string{"logs.filter-log-events.json", "cloudwatch.get-metric-statistics.Duration.json", "lambda.get-function-configuration.<function>.json"},
		Permissions: []string{"logs:FilterLogEvents", "cloudwatch:GetMetricStatistics", "lambda:GetFunctionConfiguration"},
		Diagnose:    diagnoseDownstreamSlow,
	}
}

// Texts clients and databases emit when a dependency is saturated or slow to answer, as opposed to
// unreachable: MySQL's ER_CON_COUNT_ERROR, PostgreSQL's connection-slot errors, and the read (not connect)
// timeouts of botocore, urllib3/requests, Node.js, the Go HTTP client and the JDBC drivers.
var (
	saturatedSignals = []string{
		"Too many connections", "too many connections", "sorry, too many clients already",
		"remaining connection slots are reserved", "ER_CON_COUNT_ERROR", "Connection pool exhausted",
		"QueuePool limit of size",
	}
	readTimeoutSignals = []string{
		"Read timeout on endpoint URL", "ReadTimeoutError", "Read timed out", "ESOCKETTIMEDOUT",
		"socket hang up", "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
		"SocketTimeoutException: Read timed out", "canceling statement due to statement timeout",
		"Lock wait timeout exceeded",
	}
	// Connect failures point at the network path (vpc-no-egress, egress-blocked), not at a slow answer.
	connectSignals = []string{"connect ETIMEDOUT", "Connect timeout on endpoint URL", "ConnectTimeoutError", "connect timeout", "i/o timeout"}
)

func diagnoseDownstreamSlow(ctx context.Context, in *Input) Verdict {
	name := in.Resource.ID
	sig := in.Signals(ctx)
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "a dependency answered slowly")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "a dependency answered slowly")
	}
	fn, ferr := in.Function(ctx)
	saturated := sig.find(saturatedSignals...)
	slow := sig.find(readTimeoutSignals...)
	connect := sig.find(connectSignals...)
	timeouts := sig.find("Task timed out after")

	var ev []Evidence
	var missing []string
	atLimit, durKnown := false, false
	if ferr != nil {
		missing = append(missing, missingOf(ferr))
	} else if sig.DurationKnown() {
		durKnown = true
		max, at, _ := sig.MaxDuration()
		limit := float64(deref32(fn.Timeout)) * 1000
		atLimit = limit > 0 && max >= 0.95*limit
		ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("Duration of %s peaked at %s at %s against its %d s timeout%s", name, fmtMS(max), fmtTime(at), deref32(fn.Timeout), durationTrend(sig))})
	} else if sig.DurationErr != nil {
		missing = append(missing, missingOf(sig.DurationErr))
	}
	if timeouts.Count > 0 {
		ev = append(ev, logFact(sig, timeouts))
	}
	if saturated.Count == 0 && slow.Count == 0 {
		if connect.Count > 0 {
			return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("the calls of %s fail to connect (%q), which is a network path problem, not a slow answer", name, stripLogPrefix(connect.First))}
		}
		if timeouts.Count == 0 && !atLimit {
			return Verdict{Outcome: RuledOutcome, Evidence: ev, Why: fmt.Sprintf("no timeout of %s in %d log events and no Duration at its limit", name, len(sig.Logs))}
		}
		// Timeouts without a word from the client: a slow dependency fits, but so does anything that hangs.
		return Verdict{Outcome: InconclusiveOutcome, Evidence: ev,
			Missing: append(missing, "the latency of the function's dependencies (client-side read-timeout or query logs, or the dependency's own metrics such as AWS/RDS DatabaseConnections and ReadLatency)"),
			Summary: fmt.Sprintf("%s times out, but its logs do not say which call it was waiting on.", name)}
	}
	if saturated.Count > 0 {
		ev = append(ev, logFact(sig, saturated))
	}
	if slow.Count > 0 {
		ev = append(ev, logFact(sig, slow))
	}
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case timeouts.Count > 0 || atLimit:
		v.Outcome, v.Missing = ConfirmedOutcome, nil
	case durKnown:
		// The client gave up before the function did: the dependency is slow, but the alarm's failures
		// are the client's errors, not function timeouts.
		v.Outcome = LikelyOutcome
	default:
		v.Outcome = LikelyOutcome
	}
	timeout := int32(0)
	if ferr == nil {
		timeout = deref32(fn.Timeout)
	}
	what := "answers slowly"
	if saturated.Count > 0 {
		what = "refuses connections because its connection limit is reached"
	}
	v.Summary = fmt.Sprintf("A dependency of %s %s (%q), and the function waits on it", name, what, stripLogPrefix(firstOf2(saturated.First, slow.First)))
	if timeouts.Count > 0 || atLimit {
		v.Summary += fmt.Sprintf(" until its %d s timeout.", timeout)
	} else {
		v.Summary += "; the client's errors are what the alarm counts."
	}
	v.Fix, v.Impact = downstreamFix(in, timeout, saturated.Count > 0)
	return v
}

// durationTrend describes how the average Duration moved across the window: a dependency that degrades
// shows a rising average, a hard failure a step.
func durationTrend(sig *Signals) string {
	var avgs []float64
	for _, d := range sig.Duration {
		if d.Average != nil {
			avgs = append(avgs, *d.Average)
		}
	}
	if len(avgs) < 3 {
		return ""
	}
	n := len(avgs) / 3
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	first, last := mean(avgs[:n]), mean(avgs[len(avgs)-n:])
	return fmt.Sprintf("; the average rose from %s to %s over the window", fmtMS(first), fmtMS(last))
}

func downstreamFix(in *Input, timeout int32, saturated bool) (Fix, Impact) {
	name, region := in.Resource.ID, in.Alarm.Region
	f := Fix{}
	if saturated {
		// Each concurrent environment holds its own connection: capping concurrency caps connections now,
		// RDS Proxy pools them for good.
		cap := int32(10)
		f.Summary = fmt.Sprintf("Stop %s from opening more connections than the database accepts: cap its concurrency now, then put RDS Proxy between the function and the database so environments share pooled connections; keep client timeouts below the function's %d s.", name, timeout)
		f.CLI = []string{
			fmt.Sprintf("aws lambda put-function-concurrency --function-name %s --reserved-concurrent-executions %d --region %s  # at most the database's max_connections divided by the connections each environment opens", name, cap, region),
			fmt.Sprintf("aws rds create-db-proxy --db-proxy-name %s-proxy --engine-family <MYSQL|POSTGRESQL> --auth AuthScheme=SECRETS,SecretArn=<db-secret-arn>,IAMAuth=REQUIRED --role-arn <proxy-role-arn> --vpc-subnet-ids %s --region %s", name, subnetsOf(in), region),
		}
		f.CloudFormation = fmt.Sprintf("%sProxy:\n  Type: AWS::RDS::DBProxy\n  Properties:\n    DBProxyName: %s-proxy\n    EngineFamily: MYSQL  # or POSTGRESQL\n    RoleArn: <proxy-role-arn>\n    Auth:\n      - AuthScheme: SECRETS\n        SecretArn: <db-secret-arn>\n        IAMAuth: REQUIRED\n    VpcSubnetIds: [%s]\n%s",
			logicalPrefix(name), name, strings.ReplaceAll(subnetsOf(in), " ", ", "), functionCFN(name, fmt.Sprintf("ReservedConcurrentExecutions: %d", cap)))
		return f, Impact{Summary: "Capping concurrency is free. RDS Proxy is billed per vCPU-hour of the database instances behind it (not priced here: the database is not in the context)."}
	}
	client := timeout - 2
	if client < 1 {
		client = 1
	}
	raised := 2 * timeout
	if raised > 900 {
		raised = 900
	}
	if raised < 3 {
		raised = 3
	}
	f.Summary = fmt.Sprintf("Give every client call of %s a timeout shorter than the function's %d s (connect about 2 s, read at most %d s) and retry with backoff, so a slow answer fails fast and visibly; until the dependency is fixed, a longer function timeout lets the slow calls finish.", name, timeout, client)
	f.CLI = []string{
		fmt.Sprintf("aws lambda update-function-configuration --function-name %s --timeout %d --region %s  # stopgap while the client timeouts are fixed in code", name, raised, region),
	}
	f.CloudFormation = functionCFN(name, fmt.Sprintf("Timeout: %d  # stopgap; set client timeouts below it in code", raised))
	return f, Impact{Summary: fmt.Sprintf("The longer timeout bills slow invocations for up to %d s instead of %d s; shorter client timeouts in code lower the duration billed again.", raised, timeout)}
}

func subnetsOf(in *Input) string {
	fn, err := in.Function(context.Background())
	if err != nil || fn.VpcConfig == nil || len(fn.VpcConfig.SubnetIds) == 0 {
		return "<subnet-ids>"
	}
	return strings.Join(fn.VpcConfig.SubnetIds, " ")
}
