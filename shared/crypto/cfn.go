package crypto

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// ScanTemplate checks the cryptographic settings of a parsed CloudFormation template: TLS security policies of
// load balancers, CloudFront, API Gateway, OpenSearch and Transfer Family; KMS key specs; RDS certificate
// authorities. It returns one finding per offending property, on the property's line, or on the resource's
// line when the property is missing and the service's default is the weak choice.
//
// params overrides parameter defaults and supplies pseudo-parameters (may be nil). A value the template does
// not fix before deployment (a parameter without default, an attribute of another resource, a condition that
// depends on either) is skipped: the check reports what the template says, never a guess. Resources whose
// condition is known to be false are not deployed and not checked. Findings carry no snippet: the caller has
// the source text.
func ScanTemplate(tpl *cfn.Template, params map[string]string) []finding.Finding {
	if tpl == nil {
		return nil
	}
	return scanTemplate(tpl, params).out
}

// scanTemplate walks the template's resources once, for the findings and the inventory.
func scanTemplate(tpl *cfn.Template, params map[string]string) *cfnScan {
	s := &cfnScan{tpl: tpl, resolver: tpl.NewResolver(params), out: []finding.Finding{}}
	for _, res := range tpl.Resources {
		check, ok := cfnChecks[res.Type]
		if !ok {
			continue
		}
		if res.Condition != "" {
			// Condition spends what is left of the budget of the last Resolve call: resolving nothing
			// gives it a full one.
			s.resolver.Resolve(nil)
			if deployed, known := s.resolver.Condition(res.Condition); known && !deployed {
				continue
			}
		}
		check(s, res, s.resolver.Resolve(res.Properties))
	}
	return s
}

// cfnChecks maps a resource type to its check; one explicit list, as for the rules.
var cfnChecks = map[string]func(*cfnScan, *cfn.Resource, *cfn.Value){
	"AWS::ElasticLoadBalancingV2::Listener":   checkELBv2Listener,
	"AWS::ElasticLoadBalancing::LoadBalancer": checkClassicELB,
	"AWS::CloudFront::Distribution":           checkCloudFront,
	"AWS::ApiGateway::DomainName":             checkAPIGatewayDomain,
	"AWS::ApiGatewayV2::DomainName":           checkAPIGatewayV2Domain,
	"AWS::Serverless::Api":                    checkServerlessAPIDomain,
	"AWS::KMS::Key":                           checkKMSKey,
	"AWS::OpenSearchService::Domain":          checkOpenSearchDomain,
	"AWS::Elasticsearch::Domain":              checkOpenSearchDomain,
	"AWS::Transfer::Server":                   checkTransferServer,
	"AWS::RDS::DBInstance":                    checkRDSInstance,
}

// cfnScan collects the findings of one template.
type cfnScan struct {
	tpl      *cfn.Template
	resolver *cfn.Resolver
	out      []finding.Finding
	inv      inventory
}

// propState says what a template fixes about a property.
type propState int

const (
	propAbsent  propState = iota // not set (or set to null / AWS::NoValue): the service default applies
	propKnown                    // a scalar the template fixes
	propUnknown                  // decided at deploy time, or not a scalar: not assessed
)

// cfnScalar reads a resolved property as text.
func cfnScalar(v *cfn.Value) (string, propState) {
	if v.IsNull() {
		return "", propAbsent
	}
	if s, ok := v.Str(); ok {
		return strings.TrimSpace(s), propKnown
	}
	return "", propUnknown
}

// add records a finding on a resource. line 0 means the resource's own line.
func (s *cfnScan) add(rule string, level finding.Level, res *cfn.Resource, line int, props map[string]string, format string, args ...any) {
	if line <= 0 {
		line = res.Line
	}
	if props == nil {
		props = map[string]string{}
	}
	s.out = append(s.out, finding.Finding{
		RuleID:    rule,
		Level:     level,
		Message:   fmt.Sprintf("%s %s: %s", res.Type, res.LogicalID, fmt.Sprintf(format, args...)),
		Path:      s.tpl.Path,
		Line:      line,
		LogicalID: res.LogicalID,
		Props:     props,
	})
}

// weakPolicy reports a TLS security policy that allows legacy protocols (RuleWeakTLSPolicy).
func (s *cfnScan) weakPolicy(res *cfn.Resource, line int, api, minVersion, format string, args ...any) {
	s.add(RuleWeakTLSPolicy, finding.LevelError, res, line,
		map[string]string{"algorithm": "TLS", "api": api, "minVersion": minVersion}, format, args...)
}

// classicalTLS reports a TLS policy with classical-only key exchange where a hybrid one is offered
// (RuleQuantumVulnerableTLS). The key exchange is what a quantum computer breaks, so it names the algorithm.
func (s *cfnScan) classicalTLS(res *cfn.Resource, line int, api, format string, args ...any) {
	s.add(RuleQuantumVulnerableTLS, finding.LevelWarning, res, line,
		map[string]string{"algorithm": "ECDH", "api": api}, format, args...)
}

// checkELBv2Listener checks the SslPolicy of HTTPS and TLS listeners (Application and Network Load Balancers).
func checkELBv2Listener(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	proto, st := cfnScalar(props.Get("Protocol"))
	if st != propKnown || (!strings.EqualFold(proto, "HTTPS") && !strings.EqualFold(proto, "TLS")) {
		return
	}
	const api = "AWS::ElasticLoadBalancingV2::Listener.SslPolicy"
	polVal := props.Get("SslPolicy")
	name, st := cfnScalar(polVal)
	switch st {
	case propUnknown:
		return
	case propAbsent:
		s.weakPolicy(res, 0, api, "1.0",
			"%s listener without SslPolicy: CloudFormation then applies %s, which allows TLS 1.0 and 1.1 (the console's "+
				"default differs). Set SslPolicy to %s.", strings.ToUpper(proto), elbCloudFormationDefault, elbRecommended)
		return
	}
	p, ok := parseELBPolicy(name)
	if !ok {
		return
	}
	s.elbPolicyAssets(p, res, polVal.Pos(), api)
	switch {
	case p.min < policyTLS12:
		extra := ""
		if p.pq {
			extra = " Its hybrid post-quantum key exchange does not make up for the legacy protocols."
		}
		s.weakPolicy(res, polVal.Pos(), api, p.min.String(), "SslPolicy %s allows %s.%s Use %s.",
			name, p.min.allowed(), extra, elbRecommended)
	case !p.pq:
		s.classicalTLS(res, polVal.Pos(), api, "SslPolicy %s requires TLS 1.2 or later but offers only classical key "+
			"exchange (ECDHE), which a quantum computer breaks; traffic recorded today can be decrypted later. Use "+
			"its -PQ-2025-09 counterpart, such as %s, which adds hybrid ML-KEM key exchange for clients that offer it.",
			name, elbRecommended)
	}
}

// checkClassicELB checks the SSL negotiation policies of a Classic Load Balancer: a reference to a predefined
// policy, and custom policies that enable legacy protocols.
func checkClassicELB(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	for _, pol := range props.Get("Policies").Items() {
		if typ, st := cfnScalar(pol.Get("PolicyType")); st == propKnown && typ != "SSLNegotiationPolicyType" {
			continue
		}
		polName, _ := cfnScalar(pol.Get("PolicyName"))
		for _, attr := range pol.Get("Attributes").Items() {
			attrName, st := cfnScalar(attr.Get("Name"))
			if st != propKnown {
				continue
			}
			valV := attr.Get("Value")
			val, vst := cfnScalar(valV)
			if vst != propKnown {
				continue
			}
			if attrName == "Reference-Security-Policy" {
				p, ok := parseELBPolicy(val)
				// Classic Load Balancers offer no post-quantum policy, so only legacy protocols are reported.
				if ok && p.min < policyTLS12 {
					s.weakPolicy(res, valV.Pos(), "AWS::ElasticLoadBalancing::LoadBalancer.Policies", p.min.String(),
						"policy %s references %s, which allows %s. Reference ELBSecurityPolicy-TLS-1-2-2017-01, or "+
							"move to an Application or Network Load Balancer with %s.", polName, val, p.min.allowed(), elbRecommended)
				}
				continue
			}
			if v, ok := classicProtocols[attrName]; ok && strings.EqualFold(val, "true") {
				s.add(RuleWeakTLSVersion, finding.LevelError, res, valV.Pos(),
					map[string]string{"algorithm": "TLS", "api": "AWS::ElasticLoadBalancing::LoadBalancer.Policies", "minVersion": v.String()},
					"policy %s enables %s (%s), a protocol RFC 8996 deprecates. Set it to false, or reference "+
						"ELBSecurityPolicy-TLS-1-2-2017-01 instead of a custom policy.", polName, attrName, v)
			}
		}
	}
}

// classicProtocols are the protocol attributes of a custom Classic Load Balancer policy below TLS 1.2.
var classicProtocols = map[string]policyMin{
	"Protocol-SSLv2":   policySSL2,
	"Protocol-SSLv3":   policySSL3,
	"Protocol-TLSv1":   policyTLS10,
	"Protocol-TLSv1.1": policyTLS11,
}

// checkCloudFront checks the viewer TLS policy of a distribution with its own certificate.
func checkCloudFront(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	vc := props.Get("DistributionConfig", "ViewerCertificate")
	if vc.IsNull() || vc.Kind != cfn.Map {
		return
	}
	// With the default *.cloudfront.net certificate, CloudFront forces TLSv1 whatever the template says: the
	// template made no choice to report.
	if def, st := cfnScalar(vc.Get("CloudFrontDefaultCertificate")); st == propUnknown || (st == propKnown && strings.EqualFold(def, "true")) {
		return
	}
	mpvVal := vc.Get("MinimumProtocolVersion")
	mpv, st := cfnScalar(mpvVal)
	if st != propKnown {
		return
	}
	version, _, _ := strings.Cut(mpv, "_")
	s.protocolAsset(version, res, mpvVal.Pos(), "AWS::CloudFront::Distribution.ViewerCertificate.MinimumProtocolVersion")
	why, weak := cloudFrontLegacy[mpv]
	if !weak {
		return
	}
	s.weakPolicy(res, mpvVal.Pos(), "AWS::CloudFront::Distribution.ViewerCertificate.MinimumProtocolVersion", cloudFrontMin[mpv],
		"MinimumProtocolVersion %s %s. Use TLSv1.2_2021 or newer (TLSv1.2_2025, TLSv1.3_2025).", mpv, why)
}

// checkAPIGatewayDomain checks the security policy of a REST API custom domain name.
func checkAPIGatewayDomain(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	const api = "AWS::ApiGateway::DomainName.SecurityPolicy"
	polVal := props.Get("SecurityPolicy")
	pol, st := cfnScalar(polVal)
	switch st {
	case propUnknown:
		return
	case propAbsent:
		// Edge-optimized (the default endpoint type) and regional domains default to TLS_1_0; private ones
		// accept only TLS_1_2.
		types := props.Get("EndpointConfiguration", "Types")
		if !types.IsNull() {
			if types.Kind != cfn.List {
				return
			}
			for _, t := range types.Items() {
				ts, tst := cfnScalar(t)
				if tst != propKnown || strings.EqualFold(ts, "PRIVATE") {
					return
				}
			}
		}
		s.weakPolicy(res, 0, api, "1.0", "custom domain without SecurityPolicy: API Gateway then applies TLS_1_0 to "+
			"edge-optimized and regional domains, which accepts TLS 1.0. Set SecurityPolicy to TLS_1_2, or to a "+
			"post-quantum SecurityPolicy_ policy for REST APIs.")
		return
	}
	s.protocolAsset(pol, res, polVal.Pos(), api)
	if v, weak := apiGatewayLegacy(pol); weak {
		s.weakPolicy(res, polVal.Pos(), api, v.String(), "SecurityPolicy %s accepts %s. Use TLS_1_2, or a post-quantum "+
			"SecurityPolicy_ policy for REST APIs.", pol, v.allowed())
	}
}

// checkServerlessAPIDomain checks the custom domain of a SAM REST API, which the transform turns into an
// AWS::ApiGateway::DomainName with the same SecurityPolicy.
func checkServerlessAPIDomain(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	const api = "AWS::Serverless::Api.Domain.SecurityPolicy"
	dom := props.Get("Domain")
	if dom.IsNull() || dom.Kind != cfn.Map {
		return // no custom domain here; one from Globals is merged by the transform and not judged
	}
	polVal := dom.Get("SecurityPolicy")
	pol, st := cfnScalar(polVal)
	switch st {
	case propUnknown:
		return
	case propAbsent:
		// Globals.Api.Domain entries are merged into the resource's Domain: a policy there decides.
		if !s.tpl.Globals.Get("Api", "Domain", "SecurityPolicy").IsNull() {
			return
		}
		// SAM's Domain.EndpointConfiguration is REGIONAL by default; only PRIVATE domains require TLS_1_2.
		if ep, est := cfnScalar(dom.Get("EndpointConfiguration")); est == propUnknown || strings.EqualFold(ep, "PRIVATE") {
			return
		}
		s.weakPolicy(res, dom.Pos(), api, "1.0", "custom Domain without SecurityPolicy: API Gateway then applies "+
			"TLS_1_0, which accepts TLS 1.0. Set Domain.SecurityPolicy to TLS_1_2.")
		return
	}
	if v, weak := apiGatewayLegacy(pol); weak {
		s.weakPolicy(res, polVal.Pos(), api, v.String(), "Domain.SecurityPolicy %s accepts %s. Use TLS_1_2.", pol, v.allowed())
	}
}

// checkAPIGatewayV2Domain checks each domain name configuration of an HTTP or WebSocket API custom domain.
func checkAPIGatewayV2Domain(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	for i, conf := range props.Get("DomainNameConfigurations").Items() {
		polVal := conf.Get("SecurityPolicy")
		pol, st := cfnScalar(polVal)
		if st != propKnown {
			continue // the default is TLS_1_2
		}
		if v, weak := apiGatewayLegacy(pol); weak {
			s.weakPolicy(res, polVal.Pos(), "AWS::ApiGatewayV2::DomainName.DomainNameConfigurations.SecurityPolicy", v.String(),
				"DomainNameConfigurations[%d].SecurityPolicy %s accepts %s. Use TLS_1_2.", i, pol, v.allowed())
		}
	}
}

// checkKMSKey checks the key spec of a KMS key: every RSA and elliptic-curve spec is quantum-vulnerable.
func checkKMSKey(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	specVal := props.Get("KeySpec")
	spec, st := cfnScalar(specVal)
	switch st {
	case propAbsent:
		s.kmsAssets("", res, 0) // SYMMETRIC_DEFAULT (AES-256-GCM)
		return
	case propUnknown:
		return
	}
	s.kmsAssets(spec, res, specVal.Pos())
	usage, ust := cfnScalar(props.Get("KeyUsage"))
	if ust == propAbsent {
		usage = "ENCRYPT_DECRYPT"
	}
	alg, ok := kmsAsymmetric(spec, usage)
	if !ok {
		return
	}
	props2 := map[string]string{"algorithm": alg.name, "api": "AWS::KMS::Key.KeySpec"}
	if alg.bits != "" {
		props2["keySize"] = alg.bits
	}
	if alg.curve != "" {
		props2["curve"] = alg.curve
	}
	var fix string
	switch {
	case ust == propUnknown:
		fix = "Use ML_DSA_65 for signing keys, SYMMETRIC_DEFAULT (AES-256-GCM) for encryption keys."
	case usage == "SIGN_VERIFY":
		fix = "Create signing keys with KeySpec ML_DSA_65 (FIPS 204; ML_DSA_44/65/87 are available in KMS since June 2025)."
	case usage == "KEY_AGREEMENT":
		fix = "Plan key establishment with ML-KEM-768 (FIPS 203); where both ends are yours, a SYMMETRIC_DEFAULT key " +
			"avoids public-key cryptography altogether."
	default:
		fix = "Encrypt with a SYMMETRIC_DEFAULT key (AES-256-GCM) unless a party outside AWS must encrypt with the public key."
	}
	s.add(RuleQuantumVulnerableKMS, finding.LevelWarning, res, specVal.Pos(), props2,
		"KeySpec %s (%s, KeyUsage %s) is classical public-key cryptography that Shor's algorithm breaks at any key size. %s",
		spec, alg.describe(), usageText(usage, ust), fix)
}

func usageText(usage string, st propState) string {
	switch st {
	case propUnknown:
		return "decided at deploy time"
	case propAbsent:
		return "ENCRYPT_DECRYPT by default"
	}
	return usage
}

// checkOpenSearchDomain checks the TLS policy of an OpenSearch (or Elasticsearch) domain endpoint.
func checkOpenSearchDomain(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	const api = "DomainEndpointOptions.TLSSecurityPolicy"
	opts := props.Get("DomainEndpointOptions")
	if !opts.IsNull() && opts.Kind != cfn.Map {
		return
	}
	polVal := opts.Get("TLSSecurityPolicy")
	pol, st := cfnScalar(polVal)
	switch st {
	case propUnknown:
		return
	case propAbsent:
		s.weakPolicy(res, 0, res.Type+"."+api, "1.0", "no DomainEndpointOptions.TLSSecurityPolicy: the domain then "+
			"uses %s, which accepts TLS 1.0 and 1.1. Set it to %s.", openSearchLegacy, openSearchRecommended)
		return
	}
	if m := openSearchVersion.FindStringSubmatch(pol); m != nil {
		s.protocolAsset("TLS1"+m[1], res, polVal.Pos(), res.Type+"."+api)
	}
	if pol == openSearchLegacy {
		s.weakPolicy(res, polVal.Pos(), res.Type+"."+api, "1.0", "TLSSecurityPolicy %s accepts TLS 1.0 and 1.1. Use %s.",
			pol, openSearchRecommended)
	}
}

// checkTransferServer checks the security policy of a Transfer Family server.
func checkTransferServer(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	const api = "AWS::Transfer::Server.SecurityPolicyName"
	polVal := props.Get("SecurityPolicyName")
	pol, st := cfnScalar(polVal)
	switch st {
	case propUnknown:
		return
	case propAbsent:
		s.weakPolicy(res, 0, api, "1.2", "no SecurityPolicyName: a server created by CloudFormation then gets %s, %s. "+
			"Name a current policy, such as %s.", transferLegacy, transferLegacyWhy, transferRecommended)
		return
	}
	if pol == transferLegacy {
		s.weakPolicy(res, polVal.Pos(), api, "1.2", "SecurityPolicyName %s %s. Use a current policy, such as %s.",
			pol, transferLegacyWhy, transferRecommended)
	}
}

// checkRDSInstance checks the certificate authority of a DB instance.
func checkRDSInstance(s *cfnScan, res *cfn.Resource, props *cfn.Value) {
	caVal := props.Get("CACertificateIdentifier")
	ca, st := cfnScalar(caVal)
	if st != propKnown {
		return // absent: RDS assigns its current default CA
	}
	if why, legacy := rdsLegacyCAs[strings.ToLower(ca)]; legacy {
		s.add(RuleLegacyRDSCA, finding.LevelError, res, caVal.Pos(),
			map[string]string{"algorithm": "RSA", "api": "AWS::RDS::DBInstance.CACertificateIdentifier"},
			"CACertificateIdentifier %s %s. Use rds-ca-rsa2048-g1 (or rds-ca-ecc384-g1) and add its root to the "+
				"clients' trust store.", ca, why)
	}
}
