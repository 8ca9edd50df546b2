package iac

import "github.com/attestdev/attest/shared/finding"

func apiGwCacheEnabledAndEncrypted() Rule {
	return newRule(finding.Rule{
		ID:    "api-gw-cache-enabled-and-encrypted",
		Title: "API Gateway stage encrypts its cache",
		Description: "A stage cache keeps API responses, which may hold personal or payment data, outside the " +
			"backend that owns them. When caching is on for a method, CacheDataEncrypted should be true so the " +
			"cached responses are encrypted at rest. A stage without caching has nothing to encrypt and passes.",
		Remediation: "Encrypt the cache wherever caching is on:\n\n" +
			"  Stage:\n" +
			"    Type: AWS::ApiGateway::Stage\n" +
			"    Properties:\n" +
			"      CacheClusterEnabled: true\n" +
			"      MethodSettings:\n" +
			"        - ResourcePath: /*\n" +
			"          HttpMethod: \"*\"\n" +
			"          CachingEnabled: true\n" +
			"          CacheDataEncrypted: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/api-gw-cache-enabled-and-encrypted.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "api-gw-cache-enabled-and-encrypted",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"apigateway:GET"},
	}, TypeAPIGatewayStage, func(s *APIGatewayStage) Result {
		ms := s.MethodSettings
		if ms.State == Unknown {
			return NotAssessedAt(ms.Line, "%s", ms.Why)
		}
		cached := 0
		for _, m := range ms.Value {
			c, e := m.CachingEnabled, m.CacheDataEncrypted
			switch {
			case c.State == Unknown:
				return NotAssessedAt(c.Line, "%s", c.Why)
			case c.State != Set || !c.Value:
				continue
			}
			cached++
			switch {
			case e.State == Unknown:
				return NotAssessedAt(e.Line, "%s", e.Why)
			case e.State != Set || !e.Value:
				return Fail(lineOr(e.Line, m.Line), "caching is on for %s but CacheDataEncrypted is not true, so cached responses are not encrypted", m.Path)
			}
		}
		if cached == 0 {
			return Pass("no method caches responses")
		}
		return Pass("every cached method encrypts its cache")
	})
}
