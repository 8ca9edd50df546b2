package snapshot

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/attestdev/attest/shared/explain"
)

var _ explain.NetworkInterfaceReader = (*Recorder)(nil)

// NetworkInterfaces records ec2.describe-network-interfaces.json (the EFS mount targets' interfaces), so
// that a recording explains an EFS mount failure as its source did.
func (r *Recorder) NetworkInterfaces(ctx context.Context, vpcID string) ([]ec2types.NetworkInterface, error) {
	const call, file = "ec2.describe-network-interfaces", "ec2.describe-network-interfaces.json"
	src, ok := r.Source.(explain.NetworkInterfaceReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.NetworkInterfaces(ctx, vpcID)
	r.Record(call, file, &ec2.DescribeNetworkInterfacesOutput{NetworkInterfaces: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeNetworkInterfacesOutput{NetworkInterfaces: unionBy(o.(*ec2.DescribeNetworkInterfacesOutput).NetworkInterfaces,
			n.(*ec2.DescribeNetworkInterfacesOutput).NetworkInterfaces, func(x ec2types.NetworkInterface) string { return str(x.NetworkInterfaceId) })}
	})
	return v, err
}

var _ explain.StateMachineReader = (*Recorder)(nil)

// StateMachine records stepfunctions.describe-state-machine.<name>.json, so that a recording explains a
// Step Functions alarm as its source did.
func (r *Recorder) StateMachine(ctx context.Context, arn string) (*sfn.DescribeStateMachineOutput, error) {
	const call = "stepfunctions.describe-state-machine"
	file := fmt.Sprintf("%s.%s.json", call, arn[strings.LastIndex(arn, ":")+1:])
	src, ok := r.Source.(explain.StateMachineReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.StateMachine(ctx, arn)
	r.Record(call, file, v, err, nil)
	return v, err
}
