package explain

import (
	"context"
	"fmt"
	"sort"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// egressBlockedRule: a function in a VPC with a working route still hangs when its security groups allow
// no outbound HTTPS, or its subnets' network ACLs drop the request or the reply (NACLs are stateless: the
// reply arrives on an ephemeral port that an inbound rule must allow).
func egressBlockedRule() Rule {
	return Rule{
		ID:        "egress-blocked",
		Title:     "Security group or network ACL blocks the function's outbound traffic",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"lambda.get-function-configuration.<function>.json", "ec2.describe-security-groups.json",
			"ec2.describe-network-acls.json", "logs.filter-log-events.json", "cloudwatch.get-metric-statistics.Duration.json"},
		Permissions: []string{"lambda:GetFunctionConfiguration", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkAcls",
			"logs:FilterLogEvents", "cloudwatch:GetMetricStatistics"},
		Diagnose: diagnoseEgressBlocked,
	}
}

const (
	srcGroups = "ec2.describe-security-groups"
	srcACLs   = "ec2.describe-network-acls"
	anyIPv4   = "0.0.0.0/0"
	httpsPort = 443
)

// ephemeralProbe are reply ports checked against inbound NACL rules: both ends and the middle of the
// 1024–65535 range clients use.
var ephemeralProbe = []int32{1024, 32768, 65535}

// protoMatches reports whether a rule's protocol covers TCP.
func protoMatches(p string) bool {
	return p == "-1" || p == "6" || strings.EqualFold(p, "tcp") || p == "all"
}

func portIn(from, to *int32, port int32) bool {
	if from == nil || to == nil {
		return true // all-protocol rules carry no ports
	}
	return *from <= port && port <= *to
}

// sgAllowsHTTPS reports whether a group's egress rules allow TCP 443 to any IPv4 address.
func sgAllowsHTTPS(g ec2types.SecurityGroup) bool {
	for _, p := range g.IpPermissionsEgress {
		if !protoMatches(deref(p.IpProtocol)) || !portIn(p.FromPort, p.ToPort, httpsPort) {
			continue
		}
		for _, r := range p.IpRanges {
			if deref(r.CidrIp) == anyIPv4 {
				return true
			}
		}
	}
	return false
}

// aclDecision evaluates a NACL's entries in one direction for TCP to or from any IPv4 address on port:
// the lowest-numbered entry that matches decides; entries for narrower CIDRs cannot decide for "any
// address" and are skipped. It returns the action and the deciding rule number.
func aclDecision(acl ec2types.NetworkAcl, egress bool, port int32) (allow bool, rule int32) {
	entries := make([]ec2types.NetworkAclEntry, 0, len(acl.Entries))
	for _, e := range acl.Entries {
		if e.Egress != nil && *e.Egress == egress {
			entries = append(entries, e)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return deref32(entries[i].RuleNumber) < deref32(entries[j].RuleNumber) })
	for _, e := range entries {
		if deref(e.CidrBlock) != anyIPv4 || !protoMatches(deref(e.Protocol)) {
			continue
		}
		if e.PortRange != nil && !portIn(e.PortRange.From, e.PortRange.To, port) {
			continue
		}
		return e.RuleAction == ec2types.RuleActionAllow, deref32(e.RuleNumber)
	}
	return false, 32767 // the implicit final deny
}

// aclOf returns the network ACL associated with a subnet (every subnet has exactly one).
func aclOf(acls []ec2types.NetworkAcl, subnet string) (ec2types.NetworkAcl, bool) {
	var def *ec2types.NetworkAcl
	for i := range acls {
		for _, a := range acls[i].Associations {
			if deref(a.SubnetId) == subnet {
				return acls[i], true
			}
		}
		if acls[i].IsDefault != nil && *acls[i].IsDefault {
			def = &acls[i]
		}
	}
	if def != nil {
		return *def, true
	}
	return ec2types.NetworkAcl{}, false
}

func diagnoseEgressBlocked(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	fn, err := in.Function(ctx)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The network placement of %s is unknown.", name)}
	}
	if fn.VpcConfig == nil || len(fn.VpcConfig.SubnetIds) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s is not attached to a VPC, so no security group or network ACL applies", name)}
	}
	vpc, subnets, groupIDs := deref(fn.VpcConfig.VpcId), fn.VpcConfig.SubnetIds, fn.VpcConfig.SecurityGroupIds
	var ev []Evidence
	var missing []string
	var blocks []string // what blocks, for the summary
	var fixCLI []string
	var cfn []string

	groups, gerr := in.Context.SecurityGroups(ctx, vpc)
	sgKnown := gerr == nil
	if gerr != nil {
		missing = append(missing, missingOf(gerr))
	} else {
		byID := map[string]ec2types.SecurityGroup{}
		for _, g := range groups {
			byID[deref(g.GroupId)] = g
		}
		allowed := false
		var facts []string
		for _, id := range groupIDs {
			g, ok := byID[id]
			if !ok {
				sgKnown = false
				missing = append(missing, fmt.Sprintf("%s.json (group %s)", srcGroups, id))
				continue
			}
			ok443 := sgAllowsHTTPS(g)
			allowed = allowed || ok443
			facts = append(facts, fmt.Sprintf("%s (%s): egress rules %d, TCP 443 to %s %s", id, orDash(deref(g.GroupName)), len(g.IpPermissionsEgress), anyIPv4, map[bool]string{true: "allowed", false: "not allowed"}[ok443]))
		}
		if len(facts) > 0 {
			ev = append(ev, Evidence{Source: srcGroups, Fact: strings.Join(facts, "; ")})
		}
		if sgKnown && !allowed && len(groupIDs) > 0 {
			blocks = append(blocks, fmt.Sprintf("security groups %s allow no outbound HTTPS", strings.Join(groupIDs, ", ")))
			fixCLI = append(fixCLI, fmt.Sprintf("aws ec2 authorize-security-group-egress --group-id %s --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,Description=\"HTTPS to AWS APIs\"}]' --region %s", groupIDs[0], region))
			cfn = append(cfn, fmt.Sprintf("%sHttpsEgress:\n  Type: AWS::EC2::SecurityGroupEgress\n  Properties:\n    GroupId: %s\n    IpProtocol: tcp\n    FromPort: 443\n    ToPort: 443\n    CidrIp: 0.0.0.0/0\n", logicalPrefix(name), groupIDs[0]))
		}
	}

	acls, aerr := in.Context.NetworkAcls(ctx, vpc)
	aclKnown := aerr == nil
	if aerr != nil {
		missing = append(missing, missingOf(aerr))
	} else {
		seen := map[string]bool{}
		for _, s := range subnets {
			acl, ok := aclOf(acls, s)
			if !ok {
				aclKnown = false
				missing = append(missing, fmt.Sprintf("%s.json (the network ACL of %s)", srcACLs, s))
				continue
			}
			id := deref(acl.NetworkAclId)
			out, outRule := aclDecision(acl, true, httpsPort)
			inOK, inRule := true, int32(0)
			for _, p := range ephemeralProbe {
				if ok, r := aclDecision(acl, false, p); !ok {
					inOK, inRule = false, r
					break
				}
			}
			ev = append(ev, Evidence{Source: srcACLs, Fact: fmt.Sprintf("%s (subnet %s): outbound TCP 443 %s by rule %d; inbound replies on ephemeral ports %s", id, s,
				map[bool]string{true: "allowed", false: "denied"}[out], outRule,
				map[bool]string{true: "allowed", false: fmt.Sprintf("denied by rule %d", inRule)}[inOK])})
			if seen[id] {
				continue
			}
			seen[id] = true
			if !out {
				blocks = append(blocks, fmt.Sprintf("network ACL %s denies outbound TCP 443 (rule %d)", id, outRule))
				fixCLI = append(fixCLI, fmt.Sprintf("aws ec2 create-network-acl-entry --network-acl-id %s --egress --rule-number %d --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow --region %s", id, freeRuleNumber(acl, true, outRule), region))
				cfn = append(cfn, fmt.Sprintf("%sNaclHttpsOut:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: %s\n    RuleNumber: %d\n    Egress: true\n    Protocol: 6\n    PortRange: {From: 443, To: 443}\n    CidrBlock: 0.0.0.0/0\n    RuleAction: allow\n", logicalPrefix(name), id, freeRuleNumber(acl, true, outRule)))
			}
			if !inOK {
				blocks = append(blocks, fmt.Sprintf("network ACL %s drops the replies on ephemeral ports (inbound rule %d)", id, inRule))
				fixCLI = append(fixCLI, fmt.Sprintf("aws ec2 create-network-acl-entry --network-acl-id %s --ingress --rule-number %d --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow --region %s", id, freeRuleNumber(acl, false, inRule), region))
				cfn = append(cfn, fmt.Sprintf("%sNaclEphemeralIn:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: %s\n    RuleNumber: %d\n    Egress: false\n    Protocol: 6\n    PortRange: {From: 1024, To: 65535}\n    CidrBlock: 0.0.0.0/0\n    RuleAction: allow\n", logicalPrefix(name), id, freeRuleNumber(acl, false, inRule)))
			}
		}
	}

	if len(blocks) == 0 {
		if sgKnown && aclKnown {
			return Verdict{Outcome: RuledOutcome, Evidence: ev,
				Why: fmt.Sprintf("the security groups of %s allow outbound HTTPS and the network ACLs of its subnets allow it and its replies", name)}
		}
		return Verdict{Outcome: InconclusiveOutcome, Evidence: ev, Missing: missing,
			Summary: fmt.Sprintf("Whether the security groups or network ACLs of %s block its traffic is unknown.", name)}
	}
	sig := in.Signals(ctx)
	ev, agree, known := signalAgreement(sig, fn, ev)
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case agree:
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
	case !known:
		v.Outcome = LikelyOutcome
		if !sig.LogsKnown() {
			v.Missing = append(v.Missing, missingOf(sig.LogsErr))
		}
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
	}
	v.Summary = fmt.Sprintf("%s's outbound traffic is blocked: %s. Calls to AWS APIs and the internet hang until the function times out.", name, strings.Join(blocks, "; "))
	if known && !agree {
		v.Summary += " The logs and metrics show no timeouts, so the errors may have another cause."
	}
	v.Fix = Fix{Summary: "Allow outbound HTTPS from the function and, in stateless network ACLs, the replies on ephemeral ports 1024–65535.", CLI: fixCLI,
		CloudFormation: strings.Join(cfn, "")}
	v.Impact = Impact{Summary: "No charge: security group and network ACL rules are free."}
	return v
}

// freeRuleNumber returns an unused rule number in one direction that is evaluated before the rule numbered
// below: a multiple of 10 under it when there is one, else any free number under it, else 1.
func freeRuleNumber(acl ec2types.NetworkAcl, egress bool, below int32) int32 {
	used := map[int32]bool{}
	for _, e := range acl.Entries {
		if e.Egress != nil && *e.Egress == egress {
			used[deref32(e.RuleNumber)] = true
		}
	}
	if below > 32767 || below < 1 {
		below = 32767
	}
	for n := int32(10); n < below; n += 10 {
		if !used[n] {
			return n
		}
	}
	for n := int32(1); n < below; n++ {
		if !used[n] {
			return n
		}
	}
	return 1
}
