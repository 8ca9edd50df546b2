// Package sfnstart starts the router's Step Functions executions through aws-sdk-go-v2.
package sfnstart

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/router"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// API is the part of the Step Functions client the starter calls.
type API interface {
	StartExecution(ctx context.Context, in *sfn.StartExecutionInput, opts ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)
}

// Starter starts executions of one state machine. It satisfies router.Starter.
type Starter struct {
	api API
	arn string
}

// New returns a starter for the state machine with the given ARN.
func New(api API, stateMachineARN string) *Starter {
	return &Starter{api: api, arn: stateMachineARN}
}

// Start starts an execution named name with input as its JSON input. Step Functions refuses a second
// execution of the same name with other input (ExecutionAlreadyExists), which is returned wrapping
// router.ErrAlreadyStarted; a Standard workflow given the same name and input returns the running or
// finished execution instead, which is a success here too.
func (s *Starter) Start(ctx context.Context, name string, input []byte) error {
	_, err := s.api.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(s.arn),
		Name:            aws.String(name),
		Input:           aws.String(string(input)),
	})
	if err != nil {
		var exists *types.ExecutionAlreadyExists
		if errors.As(err, &exists) {
			return fmt.Errorf("start execution %s: %w", name, router.ErrAlreadyStarted)
		}
		return fmt.Errorf("start execution %s of %s: %w", name, s.arn, err)
	}
	return nil
}
