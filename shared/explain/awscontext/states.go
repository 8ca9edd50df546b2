package awscontext

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/attestdev/attest/shared/explain"
)

var _ explain.StateMachineReader = (*Context)(nil)

// StepFunctionsAPI is the part of the Step Functions client the context calls.
type StepFunctionsAPI interface {
	DescribeStateMachine(ctx context.Context, in *sfn.DescribeStateMachineInput, opts ...func(*sfn.Options)) (*sfn.DescribeStateMachineOutput, error)
}

// StateMachine calls states:DescribeStateMachine for the alarmed state machine's definition.
func (x *Context) StateMachine(ctx context.Context, arn string) (*sfn.DescribeStateMachineOutput, error) {
	var out *sfn.DescribeStateMachineOutput
	err := x.do(ctx, "stepfunctions.describe-state-machine", "states:DescribeStateMachine", x.c.StepFunctions != nil, func(ctx context.Context) error {
		res, err := x.c.StepFunctions.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(arn)})
		if err != nil {
			return err
		}
		out = res
		return nil
	})
	return out, err
}
