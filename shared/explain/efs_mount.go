package explain

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// efsMountRule: a function with an EFS file system mounts it over NFS (TCP 2049) through a mount target in
// its own Availability Zone before its code runs; a mount target security group that does not admit the
// function, a function security group that does not let 2049 out, or an Availability Zone without a mount
// target fails every invocation there with an EFSMount… error, and an exhausted throughput with timeouts.
func efsMountRule() Rule {
	return Rule{
		ID:        "efs-mount-failure",
		Title:     "The function cannot mount its EFS file system",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"lambda.get-function-configuration.<function>.json", "ec2.describe-network-interfaces.json",
			"ec2.describe-security-groups.json", "ec2.describe-subnets.json", "logs.filter-log-events.json"},
		Permissions: []string{"lambda:GetFunctionConfiguration", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
			"ec2:DescribeSubnets", "logs:FilterLogEvents"},
		Diagnose: diagnoseEFSMount,
	}
}

// The Invoke errors Lambda returns when the mount or the file system fails (the caller sees them; the
// function's own log group may hold nothing, since its code never ran).
var efsErrors = []string{"EFSMountConnectivityException", "EFSMountTimeoutException", "EFSMountFailureException", "EFSIOException"}

// nfsPort is the port EFS mount targets serve.
const nfsPort = 2049

// EFS mount targets' network interfaces are described "EFS mount target for fs-… (fsmt-…)".
var mountTargetDesc = regexp.MustCompile(`^EFS mount target for (fs-[0-9a-f]+) \((fsmt-[0-9a-f]+)\)`)

type mountTarget struct {
	fs, id, subnet, az, ip string
	groups                 []string
}

func diagnoseEFSMount(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	fn, err := in.Function(ctx)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The configuration of %s could not be read, so whether it mounts a file system is unknown.", name)}
	}
	if len(fn.FileSystemConfigs) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s mounts no EFS file system", name)}
	}
	ap := deref(fn.FileSystemConfigs[0].Arn)
	ev := []Evidence{{Source: srcFunction, Fact: fmt.Sprintf("%s mounts access point %s at %s", name, ap, deref(fn.FileSystemConfigs[0].LocalMountPath))}}
	var missing []string

	// Signal: the EFS errors, in whatever logs were captured.
	sig := in.Signals(ctx)
	signal := Match{}
	if sig.LogsKnown() {
		if signal = sig.find(efsErrors...); signal.Count > 0 {
			ev = append(ev, logFact(sig, signal))
		}
	} else {
		missing = append(missing, missingOf(sig.LogsErr))
	}

	if fn.VpcConfig == nil || len(fn.VpcConfig.SubnetIds) == 0 {
		// Lambda refuses a file system without a VPC at configuration time; a function in this state did
		// not get here through the API.
		return Verdict{Outcome: InconclusiveOutcome, Evidence: ev, Missing: missing,
			Summary: fmt.Sprintf("%s mounts %s but its configuration shows no VPC subnets.", name, ap)}
	}
	vpc := deref(fn.VpcConfig.VpcId)
	enis, nerr := networkInterfaces(ctx, in.Context, vpc)
	if nerr != nil {
		v := Verdict{Outcome: InconclusiveOutcome, Evidence: ev, Missing: append(missing, missingOf(nerr)), Indicated: signal.Count > 0,
			Summary: fmt.Sprintf("The mount targets in %s could not be read, so whether %s can reach its file system is unknown.", orUnknown(vpc), name)}
		return v
	}
	byFS := map[string][]mountTarget{}
	for _, n := range enis {
		m := mountTargetDesc.FindStringSubmatch(deref(n.Description))
		if m == nil {
			continue
		}
		mt := mountTarget{fs: m[1], id: m[2], subnet: deref(n.SubnetId), az: deref(n.AvailabilityZone), ip: deref(n.PrivateIpAddress)}
		for _, g := range n.Groups {
			mt.groups = append(mt.groups, deref(g.GroupId))
		}
		byFS[mt.fs] = append(byFS[mt.fs], mt)
	}
	if len(byFS) == 0 {
		return Verdict{Outcome: ConfirmedOutcome, Evidence: append(ev, Evidence{Source: "ec2.describe-network-interfaces", Fact: fmt.Sprintf("%s has no EFS mount target", orUnknown(vpc))}),
			Summary: fmt.Sprintf("%s mounts %s, but %s has no EFS mount target at all, so no invocation can mount it.", name, ap, orUnknown(vpc)),
			Fix: Fix{Summary: "Create a mount target of the file system in every subnet (Availability Zone) of the function.",
				CLI: []string{fmt.Sprintf("aws efs describe-access-points --access-point-id %s --query 'AccessPoints[0].FileSystemId' --output text --region %s", lastSegment(ap), region)}},
			Impact: Impact{Summary: "No charge: mount targets are free."}}
	}
	fsIDs := make([]string, 0, len(byFS))
	for id := range byFS {
		fsIDs = append(fsIDs, id)
	}
	sort.Strings(fsIDs)
	if len(fsIDs) > 1 {
		missing = append(missing, fmt.Sprintf("efs.describe-access-points (which of %s access point %s belongs to); the first is checked", strings.Join(fsIDs, ", "), lastSegment(ap)))
	}
	fsID := fsIDs[0]
	targets := byFS[fsID]

	// The function's Availability Zones and addresses.
	subnets, serr := in.Context.Subnets(ctx, vpc)
	var cidrs []netip.Prefix
	fnAZ := map[string]string{} // AZ → a function subnet in it
	if serr != nil {
		missing = append(missing, missingOf(serr))
	}
	for _, s := range subnets {
		if contains(fn.VpcConfig.SubnetIds, deref(s.SubnetId)) {
			if p, err := netip.ParsePrefix(deref(s.CidrBlock)); err == nil {
				cidrs = append(cidrs, p)
			}
			if az := deref(s.AvailabilityZone); az != "" && fnAZ[az] == "" {
				fnAZ[az] = deref(s.SubnetId)
			}
		}
	}
	var problems []string
	var noTargetAZ []string
	for _, az := range sortedKeys(boolKeys(fnAZ)) {
		found := false
		for _, t := range targets {
			found = found || t.az == az
		}
		if !found {
			noTargetAZ = append(noTargetAZ, az)
		}
	}
	var tfacts []string
	for _, t := range targets {
		tfacts = append(tfacts, fmt.Sprintf("%s in %s (%s, %s)", t.id, t.subnet, t.az, t.ip))
	}
	ev = append(ev, Evidence{Source: "ec2.describe-network-interfaces", Fact: fmt.Sprintf("file system %s has mount targets %s", fsID, strings.Join(tfacts, ", "))})
	if len(noTargetAZ) > 0 {
		problems = append(problems, fmt.Sprintf("no mount target in %s, where the function runs", strings.Join(noTargetAZ, ", ")))
	}

	groups, gerr := in.Context.SecurityGroups(ctx, vpc)
	var closed []string
	if gerr != nil {
		missing = append(missing, missingOf(gerr))
	} else {
		mtGroups := map[string]bool{}
		for _, t := range targets {
			for _, g := range t.groups {
				mtGroups[g] = true
			}
		}
		admitted := false
		var gfacts []string
		for _, id := range sortedKeys(mtGroups) {
			g, ok := findGroup(groups, id)
			if !ok {
				missing = appendUnique(missing, fmt.Sprintf("ec2.describe-security-groups.json (group %s of the mount targets)", id))
				continue
			}
			if from, ok := sgAdmitsPort(g, nfsPort, fn.VpcConfig.SecurityGroupIds, cidrs); ok {
				admitted = true
				gfacts = append(gfacts, fmt.Sprintf("%s admits NFS (2049) from %s", id, from))
			} else {
				closed = append(closed, id)
				gfacts = append(gfacts, fmt.Sprintf("%s admits no TCP 2049 from the function's security groups or subnets", id))
			}
		}
		ev = append(ev, Evidence{Source: "ec2.describe-security-groups", Fact: "mount target groups: " + orNone(strings.Join(gfacts, "; "))})
		if admitted {
			closed = nil
		} else if len(closed) > 0 {
			problems = append(problems, fmt.Sprintf("the mount targets' security groups (%s) do not admit TCP 2049 from the function", strings.Join(closed, ", ")))
		}
		out := false
		for _, id := range fn.VpcConfig.SecurityGroupIds {
			if g, ok := findGroup(groups, id); ok && sgEgressAllows(g, nfsPort) {
				out = true
			}
		}
		if !out {
			problems = append(problems, fmt.Sprintf("the function's security groups (%s) do not let TCP 2049 out", strings.Join(fn.VpcConfig.SecurityGroupIds, ", ")))
		}
	}

	v := Verdict{Evidence: ev, Missing: missing}
	timeoutOnly := signal.Count > 0 && !strings.Contains(signal.First, "Connectivity") && !strings.Contains(signal.First, "MountFailure")
	switch {
	case len(problems) > 0 && signal.Count > 0:
		v.Outcome, v.Missing = ConfirmedOutcome, nil
	case len(problems) > 0:
		// The function's own logs need not show the error: the mount fails before its code runs.
		v.Outcome = LikelyOutcome
		v.Missing = appendUnique(v.Missing, "the invocation error its callers receive (EFSMountConnectivityException, EFSMountTimeoutException, EFSMountFailureException)")
	case timeoutOnly:
		v.Outcome = LikelyOutcome
		v.Missing = appendUnique(v.Missing, fmt.Sprintf("the throughput of %s (AWS/EFS PercentIOLimit, BurstCreditBalance)", fsID))
		v.Summary = fmt.Sprintf("%s reaches the mount targets of %s, but mounts or I/O time out (%s): the file system's throughput is the suspect.", name, fsID, stripLogPrefix(signal.First))
		v.Fix = Fix{Summary: fmt.Sprintf("Switch %s to elastic throughput (or provision throughput) and lower the function's concurrency until it keeps up.", fsID),
			CLI: []string{fmt.Sprintf("aws efs update-file-system --file-system-id %s --throughput-mode elastic --region %s", fsID, region)}}
		v.Impact = Impact{Summary: "Not priced: elastic throughput is billed per GB read and written."}
		return v
	case signal.Count > 0:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
		v.Summary = fmt.Sprintf("%s reports %s, but its mount targets and security groups look right; the access point or its file system's policy may refuse the mount.", name, stripLogPrefix(signal.First))
		v.Missing = appendUnique(v.Missing, "efs.describe-access-points and efs.describe-file-system-policy for "+fsID)
		return v
	case len(missing) > 0:
		v.Outcome = InconclusiveOutcome
		v.Summary = fmt.Sprintf("Whether %s can mount %s is not decided.", name, fsID)
		return v
	default:
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("file system %s has a mount target in every Availability Zone of %s, its security groups admit NFS from the function, and no EFS error was reported", fsID, name)}
	}
	v.Summary = fmt.Sprintf("%s cannot mount file system %s: %s, so invocations fail before the code runs.", name, fsID, strings.Join(problems, "; "))
	v.Fix = efsFix(region, fsID, fn.VpcConfig.SecurityGroupIds, closed, noTargetAZ, fnAZ, targets)
	v.Impact = Impact{Summary: "No charge: security group rules and mount targets are free."}
	return v
}

func efsFix(region, fsID string, fnGroups, closed, noTargetAZ []string, fnAZ map[string]string, targets []mountTarget) Fix {
	f := Fix{}
	var parts []string
	var b strings.Builder
	for _, g := range closed {
		for _, src := range fnGroups {
			f.CLI = append(f.CLI, fmt.Sprintf("aws ec2 authorize-security-group-ingress --group-id %s --protocol tcp --port 2049 --source-group %s --region %s", g, src, region))
			fmt.Fprintf(&b, "%sNfsFrom%s:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: %s\n    IpProtocol: tcp\n    FromPort: 2049\n    ToPort: 2049\n    SourceSecurityGroupId: %s\n", logicalPrefix(g), logicalPrefix(src), g, src)
		}
		parts = append(parts, fmt.Sprintf("let %s admit TCP 2049 from the function's security groups", g))
	}
	sg := ""
	if len(targets) > 0 && len(targets[0].groups) > 0 {
		sg = targets[0].groups[0]
	}
	for _, az := range noTargetAZ {
		subnet := fnAZ[az]
		f.CLI = append(f.CLI, fmt.Sprintf("aws efs create-mount-target --file-system-id %s --subnet-id %s --security-groups %s --region %s", fsID, subnet, orDash(sg), region))
		fmt.Fprintf(&b, "%sMountTarget%s:\n  Type: AWS::EFS::MountTarget\n  Properties:\n    FileSystemId: %s\n    SubnetId: %s\n    SecurityGroups: [%s]\n", logicalPrefix(fsID), logicalPrefix(az), fsID, subnet, orDash(sg))
		parts = append(parts, fmt.Sprintf("create a mount target of %s in %s (%s)", fsID, subnet, az))
	}
	if len(parts) == 0 {
		parts = append(parts, "let the function's security groups send TCP 2049 to the mount targets")
		for _, g := range fnGroups {
			f.CLI = append(f.CLI, fmt.Sprintf("aws ec2 authorize-security-group-egress --group-id %s --ip-permissions IpProtocol=tcp,FromPort=2049,ToPort=2049,UserIdGroupPairs=[{GroupId=%s}] --region %s", g, orDash(sg), region))
		}
	}
	f.Summary = strings.ToUpper(parts[0][:1]) + strings.Join(parts, "; ")[1:] + "."
	f.CloudFormation = b.String()
	return f
}

// sgAdmitsPort reports whether a group's ingress rules admit TCP port from one of the function's security
// groups or from a CIDR that contains one of its subnets, and names what admits it.
func sgAdmitsPort(g ec2types.SecurityGroup, port int32, fnGroups []string, subnets []netip.Prefix) (string, bool) {
	for _, p := range g.IpPermissions {
		if !protoMatches(deref(p.IpProtocol)) || !portIn(p.FromPort, p.ToPort, port) {
			continue
		}
		for _, pair := range p.UserIdGroupPairs {
			if contains(fnGroups, deref(pair.GroupId)) {
				return deref(pair.GroupId), true
			}
		}
		for _, r := range p.IpRanges {
			rule, err := netip.ParsePrefix(deref(r.CidrIp))
			if err != nil {
				continue
			}
			for _, s := range subnets {
				if rule.Bits() <= s.Bits() && rule.Contains(s.Addr()) {
					return deref(r.CidrIp), true
				}
			}
		}
	}
	return "", false
}

// sgEgressAllows reports whether a group's egress rules let TCP port out to some destination.
func sgEgressAllows(g ec2types.SecurityGroup, port int32) bool {
	for _, p := range g.IpPermissionsEgress {
		if protoMatches(deref(p.IpProtocol)) && portIn(p.FromPort, p.ToPort, port) && (len(p.IpRanges) > 0 || len(p.UserIdGroupPairs) > 0 || len(p.PrefixListIds) > 0) {
			return true
		}
	}
	return false
}

func boolKeys(m map[string]string) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}
