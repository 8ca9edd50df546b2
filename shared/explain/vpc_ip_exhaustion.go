package explain

import (
	"context"
	"fmt"
	"sort"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// vpcIPExhaustionRule: a function in a VPC needs free addresses in its subnets for its network interfaces;
// subnets without free addresses (or an account out of interfaces) leave new execution environments
// without a network, and invocations fail or are throttled.
func vpcIPExhaustionRule() Rule {
	return Rule{
		ID:    "vpc-ip-exhaustion",
		Title: "The function's subnets are out of IP addresses",
		AppliesTo: func(a Alarm, r Resource) bool {
			return isLambdaFailureAlarm(a, r) || isLambdaThrottleAlarm(a, r)
		},
		Needs:       []string{"lambda.get-function-configuration.<function>.json", "ec2.describe-subnets.json", "logs.filter-log-events.json"},
		Permissions: []string{"lambda:GetFunctionConfiguration", "ec2:DescribeSubnets", "logs:FilterLogEvents"},
		Diagnose:    diagnoseVPCIPExhaustion,
	}
}

// The texts Lambda reports when it cannot place a network interface.
var ipExhaustionErrors = []string{"SubnetIPAddressLimitReachedException", "ENILimitReachedException", "SubnetOutOfIPAddresses"}

// lowFreeIPs is the free-address count below which a subnet cannot absorb a scale-out: Lambda creates an
// interface per subnet and security-group combination, and other services share the subnet.
const lowFreeIPs = 5

func diagnoseVPCIPExhaustion(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	fn, err := in.Function(ctx)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The network placement of %s is unknown.", name)}
	}
	var subnets []string
	vpc := ""
	if fn.VpcConfig != nil {
		subnets, vpc = fn.VpcConfig.SubnetIds, deref(fn.VpcConfig.VpcId)
	}
	if len(subnets) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s is not attached to a VPC, so it uses no subnet addresses", name)}
	}
	var ev []Evidence
	var missing []string
	signal := false
	sig := in.Signals(ctx)
	if sig.LogsKnown() {
		if m := sig.find(ipExhaustionErrors...); m.Count > 0 {
			signal = true
			ev = append(ev, logFact(sig, m))
		}
	} else {
		missing = append(missing, missingOf(sig.LogsErr))
	}
	for _, code := range []string{string(fn.StateReasonCode), string(fn.LastUpdateStatusReasonCode)} {
		if code == string(lambdatypes.StateReasonCodeSubnetOutOfIPAddresses) || code == string(lambdatypes.StateReasonCodeEniLimitExceeded) {
			signal = true
			ev = append(ev, Evidence{Source: srcFunction, Fact: fmt.Sprintf("%s: reason code %s", name, code)})
			break
		}
	}
	all, serr := in.Context.Subnets(ctx, vpc)
	if serr != nil {
		missing = append(missing, missingOf(serr))
		if !signal {
			return Verdict{Outcome: InconclusiveOutcome, Missing: missing,
				Summary: fmt.Sprintf("The free addresses of %s's subnets are unknown.", name)}
		}
		return Verdict{Outcome: LikelyOutcome, Evidence: ev, Missing: missing,
			Summary: fmt.Sprintf("Lambda reports that %s's subnets or the account's network interfaces are exhausted; the subnets' free addresses could not be read.", name)}
	}
	byID := map[string]ec2types.Subnet{}
	for _, s := range all {
		byID[deref(s.SubnetId)] = s
	}
	var low, unknown []string
	var facts []string
	for _, id := range subnets {
		s, ok := byID[id]
		if !ok || s.AvailableIpAddressCount == nil {
			unknown = append(unknown, id)
			continue
		}
		free := *s.AvailableIpAddressCount
		facts = append(facts, fmt.Sprintf("%s (%s, %s): %d free", id, orDash(deref(s.CidrBlock)), orDash(deref(s.AvailabilityZone)), free))
		if free < lowFreeIPs {
			low = append(low, id)
		}
	}
	if len(facts) > 0 {
		ev = append(ev, Evidence{Source: srcSubnets, Fact: "AvailableIpAddressCount of " + name + "'s subnets: " + strings.Join(facts, "; ")})
	}
	if len(unknown) > 0 {
		missing = append(missing, fmt.Sprintf("%s.json (subnets %s)", srcSubnets, strings.Join(unknown, ", ")))
	}
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case len(low) > 0 && signal:
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
	case len(low) > 0:
		v.Outcome = LikelyOutcome
		if sig.LogsKnown() {
			v.Missing = append(v.Missing, fmt.Sprintf("%s.json (an ENI or IP error around the alarm)", srcLogs))
		}
	case signal && len(unknown) == 0:
		// Free addresses, yet Lambda says it could not place an interface: the account's ENI quota.
		v.Outcome, v.Indicated = InconclusiveOutcome, true
		v.Summary = fmt.Sprintf("Lambda reports it cannot create network interfaces for %s although its subnets have free addresses: the account's network-interface quota may be reached.", name)
		v.Fix = Fix{Summary: "Check the Region's network-interface quota (EC2 \"Network interfaces per Region\") and raise it.",
			CLI: []string{fmt.Sprintf("aws service-quotas get-service-quota --service-code vpc --quota-code L-DF5E4CA3 --region %s", region)}}
		v.Impact = Impact{Summary: "No charge: quota increases are free."}
		return v
	case signal:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
	default:
		if len(unknown) > 0 {
			return Verdict{Outcome: InconclusiveOutcome, Missing: missing,
				Summary: fmt.Sprintf("The free addresses of subnets %s are unknown.", strings.Join(unknown, ", "))}
		}
		return Verdict{Outcome: RuledOutcome, Evidence: ev, Why: fmt.Sprintf("every subnet of %s has %d or more free addresses and no ENI or IP error was reported", name, lowFreeIPs)}
	}
	sort.Strings(low)
	v.Summary = fmt.Sprintf("Subnets %s of %s have fewer than %d free IP addresses, so Lambda cannot create the network interfaces new execution environments need.", strings.Join(low, ", "), name, lowFreeIPs)
	if len(low) == 0 {
		v.Summary = fmt.Sprintf("Lambda reports it cannot create network interfaces for %s; the free addresses of some subnets are unknown.", name)
	}
	groups := ""
	if fn.VpcConfig != nil {
		groups = strings.Join(fn.VpcConfig.SecurityGroupIds, ",")
	}
	keep := make([]string, 0, len(subnets))
	for _, s := range subnets {
		if !contains(low, s) {
			keep = append(keep, s)
		}
	}
	newIDs := append(keep, "<new-subnet-id>")
	az := "<availability-zone>"
	if len(low) > 0 {
		az = orDash(deref(byID[low[0]].AvailabilityZone))
	}
	// The new subnet must keep the full subnet's routes (its NAT path), or the fix trades one outage for another.
	table := "<route-table-of-the-full-subnet>"
	if len(low) > 0 {
		if tables, err := in.Context.RouteTables(ctx, vpc); err == nil {
			if id := routeTableOf(tables, low[0]); id != "" {
				table = id
			}
		}
	}
	v.Fix = Fix{
		Summary: fmt.Sprintf("Give %s subnets with room: add a larger subnet (a /22 holds 1,019 addresses) in VPC %s with the same route table as the full one, and attach it instead; release addresses held by unused interfaces.", name, orDash(vpc)),
		CLI: []string{
			fmt.Sprintf("SUBNET_ID=$(aws ec2 create-subnet --vpc-id %s --cidr-block <unused-cidr/22> --availability-zone %s --region %s --query Subnet.SubnetId --output text)", orDash(vpc), az, region),
			fmt.Sprintf("aws ec2 associate-route-table --route-table-id %s --subnet-id \"$SUBNET_ID\" --region %s", table, region),
			fmt.Sprintf("aws lambda update-function-configuration --function-name %s --vpc-config SubnetIds=%s,SecurityGroupIds=%s --region %s", name, strings.Replace(strings.Join(newIDs, ","), "<new-subnet-id>", "$SUBNET_ID", 1), groups, region),
		},
		CloudFormation: fmt.Sprintf("%sSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: %s\n    CidrBlock: <unused-cidr/22>\n    AvailabilityZone: %s\n# and list it in the function's VpcConfig.SubnetIds\n", logicalPrefix(name), orDash(vpc), az),
	}
	v.Impact = Impact{Summary: "No charge: subnets and Lambda's network interfaces are free."}
	return v
}

// routeTableOf returns the route table a subnet uses: its explicit association, else the VPC's main table.
func routeTableOf(tables []ec2types.RouteTable, subnet string) string {
	main := ""
	for _, t := range tables {
		for _, a := range t.Associations {
			if deref(a.SubnetId) == subnet {
				return deref(t.RouteTableId)
			}
			if a.Main != nil && *a.Main {
				main = deref(t.RouteTableId)
			}
		}
	}
	return main
}
