package snapshot

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/attestdev/attest/shared/explain"
)

var _ explain.StateMachineReader = (*Snapshot)(nil)

// StateMachine reads stepfunctions.describe-state-machine.<name>.json (aws stepfunctions
// describe-state-machine --state-machine-arn ARN), named by the last part of the ARN.
func (s *Snapshot) StateMachine(_ context.Context, arn string) (*sfn.DescribeStateMachineOutput, error) {
	const call = "stepfunctions.describe-state-machine"
	name := arn[strings.LastIndex(arn, ":")+1:]
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<state machine>.json", Err: fmt.Errorf("invalid state machine name %q", name)}
	}
	return load[sfn.DescribeStateMachineOutput](s, call, fmt.Sprintf("%s.%s.json", call, name))
}
