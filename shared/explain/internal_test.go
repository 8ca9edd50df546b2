package explain

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func aclEntry(num int32, egress bool, proto, action, cidr string, ports ...int32) ec2types.NetworkAclEntry {
	e := ec2types.NetworkAclEntry{RuleNumber: aws.Int32(num), Egress: aws.Bool(egress), Protocol: aws.String(proto),
		RuleAction: ec2types.RuleAction(action), CidrBlock: aws.String(cidr)}
	if len(ports) == 2 {
		e.PortRange = &ec2types.PortRange{From: aws.Int32(ports[0]), To: aws.Int32(ports[1])}
	}
	return e
}

func TestACLDecision(t *testing.T) {
	tests := []struct {
		name     string
		entries  []ec2types.NetworkAclEntry
		egress   bool
		port     int32
		want     bool
		wantRule int32
	}{
		{"default allow", []ec2types.NetworkAclEntry{aclEntry(100, true, "-1", "allow", anyIPv4), aclEntry(32767, true, "-1", "deny", anyIPv4)}, true, 443, true, 100},
		{"lower deny wins", []ec2types.NetworkAclEntry{aclEntry(200, true, "-1", "allow", anyIPv4), aclEntry(90, true, "6", "deny", anyIPv4, 443, 443)}, true, 443, false, 90},
		{"port outside the allow", []ec2types.NetworkAclEntry{aclEntry(100, false, "6", "allow", anyIPv4, 443, 443)}, false, 32768, false, 32767},
		{"narrow CIDR cannot decide", []ec2types.NetworkAclEntry{aclEntry(100, true, "-1", "allow", "10.0.0.0/16")}, true, 443, false, 32767},
		{"udp rule does not cover tcp", []ec2types.NetworkAclEntry{aclEntry(100, true, "17", "allow", anyIPv4, 0, 65535)}, true, 443, false, 32767},
		{"other direction ignored", []ec2types.NetworkAclEntry{aclEntry(100, false, "-1", "allow", anyIPv4)}, true, 443, false, 32767},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rule := aclDecision(ec2types.NetworkAcl{Entries: tt.entries}, tt.egress, tt.port)
			if got != tt.want || rule != tt.wantRule {
				t.Errorf("aclDecision = %v by rule %d; want %v by rule %d", got, rule, tt.want, tt.wantRule)
			}
		})
	}
}

func TestFreeRuleNumber(t *testing.T) {
	acl := ec2types.NetworkAcl{Entries: []ec2types.NetworkAclEntry{aclEntry(10, false, "-1", "allow", anyIPv4), aclEntry(20, false, "-1", "allow", anyIPv4), aclEntry(10, true, "-1", "allow", anyIPv4)}}
	for _, tt := range []struct {
		egress      bool
		below, want int32
	}{{false, 32767, 30}, {true, 32767, 20}, {false, 15, 1}, {false, 0, 30}} {
		if got := freeRuleNumber(acl, tt.egress, tt.below); got != tt.want {
			t.Errorf("freeRuleNumber(egress %v, below %d) = %d; want %d", tt.egress, tt.below, got, tt.want)
		}
	}
}

func TestSGAllowsHTTPS(t *testing.T) {
	perm := func(proto string, from, to int32, cidr string) ec2types.IpPermission {
		p := ec2types.IpPermission{IpProtocol: aws.String(proto), IpRanges: []ec2types.IpRange{{CidrIp: aws.String(cidr)}}}
		if proto != "-1" {
			p.FromPort, p.ToPort = aws.Int32(from), aws.Int32(to)
		}
		return p
	}
	tests := []struct {
		name string
		p    ec2types.IpPermission
		want bool
	}{
		{"all traffic", perm("-1", 0, 0, anyIPv4), true},
		{"https", perm("tcp", 443, 443, anyIPv4), true},
		{"range with 443", perm("tcp", 0, 1024, anyIPv4), true},
		{"postgres only", perm("tcp", 5432, 5432, anyIPv4), false},
		{"https inside the VPC only", perm("tcp", 443, 443, "10.0.0.0/16"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sgAllowsHTTPS(ec2types.SecurityGroup{IpPermissionsEgress: []ec2types.IpPermission{tt.p}}); got != tt.want {
				t.Errorf("sgAllowsHTTPS = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestReadReports(t *testing.T) {
	msg := func(s string) cwltypes.FilteredLogEvent { return cwltypes.FilteredLogEvent{Message: aws.String(s)} }
	sig := &Signals{Logs: []cwltypes.FilteredLogEvent{
		msg("REPORT RequestId: a\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\tStatus: error\tError Type: Runtime.OutOfMemory"),
		msg("REPORT RequestId: b\tDuration: 299.00 ms\tBilled Duration: 300 ms\tMemory Size: 256 MB\tMax Memory Used: 120 MB"),
		msg("REPORT RequestId: c\tMemory Size: 99999999 MB\tMax Memory Used: 1 MB"), // out of range: not a REPORT this reads
		msg("START RequestId: d Version: $LATEST"),
	}}
	got := readReports(sig)
	if got.reports != 2 || got.atLimit != 1 || got.peakUsed != 256 || got.size != 256 || got.billedMS != 200 {
		t.Errorf("readReports = %+v; want 2 reports, 1 at the limit, peak 256 of 256 MB, 200 ms billed", got)
	}
}

func TestNextMemory(t *testing.T) {
	for in, want := range map[int32]int32{128: 256, 6000: 10240, 10240: 10240, 0: 0} {
		if got := nextMemory(in); got != want {
			t.Errorf("nextMemory(%d) = %d; want %d", in, got, want)
		}
	}
}

func TestSnapStartRuntime(t *testing.T) {
	for rt, want := range map[string]bool{"python3.12": true, "python3.11": false, "java21": true, "java8.al2": false, "dotnet8": true, "nodejs20.x": false, "python3.x": false} {
		if got := snapStartRuntime(rt); got != want {
			t.Errorf("snapStartRuntime(%q) = %v; want %v", rt, got, want)
		}
	}
}
