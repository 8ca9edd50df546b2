package iac

import "github.com/attestdev/attest/shared/finding"

func apiGwExecutionLoggingEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "api-gw-execution-logging-enabled",
		Title: "API Gateway stage logs its executions",
		Description: "Execution logging records each request's processing (authorizer decisions, integration " +
			"errors) in CloudWatch Logs, the record needed to investigate abuse of an API or a failed request. " +
			"It is off unless a method setting sets LoggingLevel to ERROR or INFO; a method set to OFF has none.",
		Remediation: "Turn on execution logging for every method of the stage:\n\n" +
			"  Stage:\n" +
			"    Type: AWS::ApiGateway::Stage\n" +
			"    Properties:\n" +
			"      MethodSettings:\n" +
			"        - ResourcePath: /*\n" +
			"          HttpMethod: \"*\"\n" +
			"          LoggingLevel: ERROR\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/api-gw-execution-logging-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "api-gw-execution-logging-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"apigateway:GET"},
	}, TypeAPIGatewayStage, func(s *APIGatewayStage) Result {
		ms := s.MethodSettings
		switch ms.State {
		case Unknown:
			return NotAssessedAt(ms.Line, "%s", ms.Why)
		case Absent:
			return Fail(lineOr(ms.Line, s.Line), "the stage has no MethodSettings, so execution logging is off")
		}
		logged, unknown, unknownLine := "", "", 0
		for _, m := range ms.Value {
			l := m.LoggingLevel
			switch {
			case l.State == Unknown:
				if unknown == "" {
					unknown, unknownLine = l.Why, l.Line
				}
			case l.State == Set && l.Value == "OFF":
				return Fail(lineOr(l.Line, m.Line), "execution logging is OFF for %s", m.Path)
			case l.State == Set && (l.Value == "ERROR" || l.Value == "INFO"):
				if logged == "" {
					logged = m.Path + " at " + l.Value
				}
			}
		}
		switch {
		case unknown != "":
			return NotAssessedAt(unknownLine, "%s", unknown)
		case logged == "":
			return Fail(lineOr(ms.Line, s.Line), "no method setting sets LoggingLevel to ERROR or INFO, so execution logging is off")
		}
		return Pass("execution logging is on (%s)", logged)
	})
}
