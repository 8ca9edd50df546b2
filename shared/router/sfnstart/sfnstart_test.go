package sfnstart_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/router/sfnstart"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

const machine = "arn:aws:states:us-east-1:123456789012:stateMachine:attest"

// fakeStepFunctions speaks the Step Functions JSON protocol (awsJson1_0) for StartExecution, keeping
// executions by name as the service does for a Standard workflow.
type fakeStepFunctions struct {
	mu         sync.Mutex
	executions map[string]string // name -> input
	requests   []string
}

func (f *fakeStepFunctions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	target := r.Header.Get("X-Amz-Target")
	f.requests = append(f.requests, target)
	fail := func(status int, typ, msg string) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"__type": "com.amazonaws.sfn#" + typ, "message": msg})
	}
	if r.Method != http.MethodPost || target != "AWSStepFunctions.StartExecution" ||
		r.Header.Get("Content-Type") != "application/x-amz-json-1.0" || !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		fail(http.StatusBadRequest, "UnknownOperationException", "unexpected request "+target)
		return
	}
	var in struct {
		StateMachineArn, Name, Input string
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &in); err != nil {
		fail(http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	if in.StateMachineArn != machine {
		fail(http.StatusBadRequest, "StateMachineDoesNotExist", "State Machine Does Not Exist: '"+in.StateMachineArn+"'")
		return
	}
	if !json.Valid([]byte(in.Input)) {
		fail(http.StatusBadRequest, "InvalidExecutionInput", "Invalid State Machine Execution Input: 'not JSON'")
		return
	}
	if prev, ok := f.executions[in.Name]; ok && prev != in.Input {
		fail(http.StatusBadRequest, "ExecutionAlreadyExists", "Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:attest:"+in.Name+"'")
		return
	}
	f.executions[in.Name] = in.Input
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	json.NewEncoder(w).Encode(map[string]any{
		"executionArn": "arn:aws:states:us-east-1:123456789012:execution:attest:" + in.Name,
		"startDate":    1795183811.204,
	})
}

func newClient(t *testing.T) (*sfn.Client, *fakeStepFunctions) {
	t.Helper()
	fake := &fakeStepFunctions{executions: map[string]string{}}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client := sfn.New(sfn.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:   srv.Client(),
	})
	return client, fake
}

func TestStart(t *testing.T) {
	tests := []struct {
		name      string
		arn       string
		run       string
		input     string
		duplicate bool // ErrAlreadyStarted expected
		fails     bool // another error expected
	}{
		{name: "first start", arn: machine, run: "push-a", input: `{"runId":"push-a"}`},
		{name: "same name, same input", arn: machine, run: "push-a", input: `{"runId":"push-a"}`},
		{name: "same name, other input", arn: machine, run: "push-a", input: `{"runId":"push-a","time":"x"}`, duplicate: true},
		{name: "other name", arn: machine, run: "alarm-b", input: `{"runId":"alarm-b"}`},
		{name: "unknown state machine", arn: machine + "-gone", run: "config-c", input: `{}`, fails: true},
	}
	client, fake := newClient(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sfnstart.New(client, tt.arn).Start(context.Background(), tt.run, []byte(tt.input))
			switch {
			case tt.duplicate:
				if !errors.Is(err, router.ErrAlreadyStarted) {
					t.Errorf("got %v; want router.ErrAlreadyStarted", err)
				}
			case tt.fails:
				if err == nil || errors.Is(err, router.ErrAlreadyStarted) || !strings.Contains(err.Error(), "StateMachineDoesNotExist") {
					t.Errorf("got %v; want the service's StateMachineDoesNotExist", err)
				}
			default:
				if err != nil {
					t.Errorf("got %v; want success", err)
				}
			}
		})
	}
	if got := len(fake.executions); got != 2 {
		t.Errorf("got %d executions; want 2", got)
	}
}
