package snapshot

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// InternetGateways is a file of the design's table that no rule reads yet; `attest snapshot` writes it for
// a support ticket, and this reader gives it back as the SDK type.

// InternetGateways reads ec2.describe-internet-gateways.json and keeps the gateways attached to the VPC.
func (s *Snapshot) InternetGateways(_ context.Context, vpcID string) ([]ec2types.InternetGateway, error) {
	out, err := load[ec2.DescribeInternetGatewaysOutput](s, "ec2.describe-internet-gateways", "ec2.describe-internet-gateways.json")
	if err != nil {
		return nil, err
	}
	if vpcID == "" {
		return out.InternetGateways, nil
	}
	var res []ec2types.InternetGateway
	for _, g := range out.InternetGateways {
		for _, a := range g.Attachments {
			if deref(a.VpcId) == vpcID {
				res = append(res, g)
				break
			}
		}
	}
	return res, nil
}
