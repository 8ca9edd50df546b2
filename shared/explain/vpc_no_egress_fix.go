package explain

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/attestdev/attest/shared/forecast"
)

// gatewayServices are the services with free gateway endpoints.
var gatewayServices = map[string]bool{"s3": true, "dynamodb": true}

// fix proposes the cheapest change that gives the function a way out: gateway endpoints when it only fails
// to reach S3 or DynamoDB, interface endpoints when the services are known and that costs less than a NAT
// gateway, and a NAT gateway otherwise (unknown or non-AWS destinations).
func (f *vpcFacts) fix(in *Input, none []subnetPath, uncovered []string) (Fix, Impact) {
	region := in.Alarm.Region
	var private, public []subnetPath
	for _, p := range none {
		if p.publicIGW != "" {
			public = append(public, p)
		} else {
			private = append(private, p)
		}
	}
	tables := distinctTables(private)
	azs := f.functionAZs()
	azCount := len(azs)
	azAssumed := false
	if azCount == 0 {
		azCount, azAssumed = len(f.subnets), true
	}

	var gateway, iface []string
	for _, svc := range uncovered {
		if gatewayServices[svc] {
			gateway = append(gateway, svc)
		} else {
			iface = append(iface, svc)
		}
	}
	natHour, natData, natErr := natPrices(in.Prices)
	ifaceHour, ifaceErr := price(in.Prices, "vpcendpoint.interface.hours")
	ifaceData, dataErr := price(in.Prices, "vpcendpoint.interface.data")
	if ifaceErr == nil {
		ifaceErr = dataErr
	}

	useEndpoints := len(uncovered) > 0 && len(public) == 0
	if useEndpoints && len(iface) > 0 {
		// Interface endpoints only when they cost less than the NAT gateway they replace.
		useEndpoints = ifaceErr == nil && natErr == nil &&
			float64(len(iface)*azCount)*ifaceHour.USD < natHour.USD
	}

	var fx Fix
	var im Impact
	if useEndpoints {
		fx, im = f.endpointFix(region, tables, gateway, iface, azCount, ifaceHour, ifaceData, ifaceErr)
		if azAssumed && len(iface) > 0 {
			im.Summary += fmt.Sprintf(" (Availability Zones of the subnets unknown: assumed %d, one per subnet)", azCount)
		}
		return fx, im
	}
	fx, im = f.natFix(region, private, public, natHour, natData, natErr, azs)
	if len(gateway) > 0 {
		fx.Summary += fmt.Sprintf(" Add free gateway endpoints for %s too, so that traffic skips the NAT gateway's per-GB charge.", strings.Join(gateway, " and "))
	}
	return fx, im
}

func (f *vpcFacts) endpointFix(region string, tables, gateway, iface []string, azCount int, ifaceHour, ifaceData forecast.Price, ifaceErr error) (Fix, Impact) {
	var fx Fix
	var cfn strings.Builder
	cfn.WriteString("Resources:\n")
	prefix := logicalPrefix(f.name)
	var names []string
	for _, svc := range gateway {
		names = append(names, svc+" (gateway)")
		fx.CLI = append(fx.CLI, fmt.Sprintf("aws ec2 create-vpc-endpoint --vpc-id %s --vpc-endpoint-type Gateway --service-name com.amazonaws.%s.%s --route-table-ids %s --region %s",
			f.vpc, region, svc, strings.Join(tables, " "), region))
		fmt.Fprintf(&cfn, "  %s%sGatewayEndpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcId: %s\n      VpcEndpointType: Gateway\n      ServiceName: com.amazonaws.%s.%s\n      RouteTableIds:\n",
			prefix, logicalPrefix(svc), f.vpc, region, svc)
		for _, t := range tables {
			fmt.Fprintf(&cfn, "        - %s\n", t)
		}
	}
	for _, svc := range iface {
		names = append(names, svc+" (interface)")
		fx.CLI = append(fx.CLI, fmt.Sprintf("aws ec2 create-vpc-endpoint --vpc-id %s --vpc-endpoint-type Interface --service-name com.amazonaws.%s.%s --subnet-ids %s --security-group-ids %s --private-dns-enabled --region %s",
			f.vpc, region, svc, strings.Join(f.subnets, " "), strings.Join(f.groups, " "), region))
		fmt.Fprintf(&cfn, "  %s%sInterfaceEndpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcId: %s\n      VpcEndpointType: Interface\n      ServiceName: com.amazonaws.%s.%s\n      PrivateDnsEnabled: true\n      SubnetIds:\n",
			prefix, logicalPrefix(svc), f.vpc, region, svc)
		for _, s := range f.subnets {
			fmt.Fprintf(&cfn, "        - %s\n", s)
		}
		cfn.WriteString("      SecurityGroupIds:\n")
		for _, g := range f.groups {
			fmt.Fprintf(&cfn, "        - %s\n", g)
		}
	}
	fx.Summary = fmt.Sprintf("Add VPC endpoints for %s so that %s reaches them without internet egress.", strings.Join(names, ", "), f.name)
	if len(iface) > 0 {
		fx.Summary += " The interface endpoints' security groups must allow HTTPS (443) from the function."
	}
	fx.CloudFormation = cfn.String()

	var im Impact
	switch {
	case len(iface) == 0:
		im.Summary = "Gateway endpoints for S3 and DynamoDB have no charge."
	case ifaceErr != nil:
		im.Summary = fmt.Sprintf("Interface endpoints are charged per Availability Zone-hour and per GB; %v.", ifaceErr)
	default:
		n := float64(len(iface) * azCount)
		im.MonthlyUSD = round2(n * ifaceHour.USD * forecast.HoursPerMonth)
		im.Summary = fmt.Sprintf("%d interface endpoint(s) in %d Availability Zone(s): $%g per endpoint per AZ-hour × %d × 730 h = $%.2f a month, plus $%g per GB processed; gateway endpoints have no charge.",
			len(iface), azCount, ifaceHour.USD, len(iface)*azCount, im.MonthlyUSD, ifaceData.USD)
	}
	return fx, im
}

func (f *vpcFacts) natFix(region string, private, public []subnetPath, natHour, natData forecast.Price, natErr error, azs []string) (Fix, Impact) {
	var fx Fix
	pub, _ := f.publicSubnet()
	pubRef := pub
	if pub == "" {
		pubRef = "<public-subnet-id>"
	}
	prefix := logicalPrefix(f.name)
	if len(private) > 0 {
		fx.Summary = fmt.Sprintf("Create a NAT gateway in a public subnet of %s and route 0.0.0.0/0 from %s to it.", f.vpc, strings.Join(distinctTables(private), ", "))
		if pub != "" {
			fx.Summary = fmt.Sprintf("Create a NAT gateway in public subnet %s and route 0.0.0.0/0 from %s to it.", pub, strings.Join(distinctTables(private), ", "))
		} else {
			fx.Summary += " No public subnet (with a route to an internet gateway) was found in the VPC: create one first."
		}
		fx.CLI = append(fx.CLI,
			fmt.Sprintf("EIP_ALLOC=$(aws ec2 allocate-address --domain vpc --region %s --query AllocationId --output text)", region),
			fmt.Sprintf("NAT_ID=$(aws ec2 create-nat-gateway --subnet-id %s --allocation-id \"$EIP_ALLOC\" --region %s --query NatGateway.NatGatewayId --output text)", pubRef, region),
			fmt.Sprintf("aws ec2 wait nat-gateway-available --nat-gateway-ids \"$NAT_ID\" --region %s", region),
		)
		var cfn strings.Builder
		fmt.Fprintf(&cfn, "Resources:\n  %sNatEIP:\n    Type: AWS::EC2::EIP\n    Properties:\n      Domain: vpc\n", prefix)
		fmt.Fprintf(&cfn, "  %sNatGateway:\n    Type: AWS::EC2::NatGateway\n    Properties:\n      AllocationId: !GetAtt %sNatEIP.AllocationId\n      SubnetId: %s\n", prefix, prefix, pubRef)
		for i, t := range distinctTables(private) {
			verb := "create-route"
			if replaces(private, t) {
				verb = "replace-route"
			}
			fx.CLI = append(fx.CLI, fmt.Sprintf("aws ec2 %s --route-table-id %s --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \"$NAT_ID\" --region %s", verb, t, region))
			if verb == "replace-route" {
				fmt.Fprintf(&cfn, "  # replaces the unusable 0.0.0.0/0 route of %s\n", t)
			}
			fmt.Fprintf(&cfn, "  %sNatRoute%d:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: %s\n      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref %sNatGateway\n", prefix, i+1, t, prefix)
		}
		fx.CloudFormation = cfn.String()
		for _, p := range private {
			if p.viaMain {
				fx.Summary += fmt.Sprintf(" %s is the VPC's main route table: the new route also applies to every subnet without an explicit association.", deref(p.table.RouteTableId))
				break
			}
		}
	}
	if len(public) > 0 {
		s := fmt.Sprintf("Public subnets (0.0.0.0/0 to an internet gateway) give Lambda no public IP: move %s from %s to private subnets whose default route goes to a NAT gateway.",
			f.name, subnetList(public))
		fx.Summary = strings.TrimSpace(fx.Summary + " " + s)
		fx.CLI = append(fx.CLI, fmt.Sprintf("aws lambda update-function-configuration --function-name %s --vpc-config SubnetIds=<private-subnet-ids>,SecurityGroupIds=%s --region %s",
			f.name, strings.Join(f.groups, ","), region))
	}

	var im Impact
	if natErr != nil {
		im.Summary = fmt.Sprintf("A NAT gateway is charged per hour and per GB processed; %v.", natErr)
		return fx, im
	}
	im.MonthlyUSD = round2(natHour.USD * forecast.HoursPerMonth)
	im.Summary = fmt.Sprintf("One NAT gateway: $%g per hour × 730 h = $%.2f a month, plus $%g per GB processed.", natHour.USD, im.MonthlyUSD, natData.USD)
	if len(azs) > 1 {
		im.Summary += fmt.Sprintf(" One per Availability Zone (%s) for zonal resilience: $%.2f a month.", strings.Join(azs, ", "), round2(float64(len(azs))*im.MonthlyUSD))
	}
	return fx, im
}

func natPrices(t *forecast.PriceTable) (hour, data forecast.Price, err error) {
	if hour, err = price(t, "natgateway.hours"); err != nil {
		return
	}
	data, err = price(t, "natgateway.data")
	return
}

func price(t *forecast.PriceTable, id string) (forecast.Price, error) {
	if t == nil {
		return forecast.Price{}, fmt.Errorf("no price table for this region")
	}
	p, ok := t.Lookup(id)
	if !ok {
		return forecast.Price{}, fmt.Errorf("no %s price for %s", id, t.Region)
	}
	return p, nil
}

func distinctTables(ps []subnetPath) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		if p.table == nil {
			continue
		}
		id := deref(p.table.RouteTableId)
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func replaces(ps []subnetPath, table string) bool {
	for _, p := range ps {
		if p.table != nil && deref(p.table.RouteTableId) == table && p.replace {
			return true
		}
	}
	return false
}

// logicalPrefix turns a name into a CloudFormation logical-ID prefix: "orders-api" → "OrdersApi".
func logicalPrefix(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "Function"
	}
	return b.String()
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
