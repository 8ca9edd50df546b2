package snspublish

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/attestdev/attest/shared/notify"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

type topic struct{ got []*sns.PublishInput }

func (t *topic) Publish(_ context.Context, in *sns.PublishInput, _ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	t.got = append(t.got, in)
	return &sns.PublishOutput{MessageId: aws.String("m-1")}, nil
}

func TestPublishMessage(t *testing.T) {
	tests := []struct {
		name       string
		msg        notify.Message
		structured bool
	}{
		{"plain", notify.Message{Subject: "s", Body: "body"}, false},
		{"with chat form", notify.Message{Subject: "s", Body: "body", Chat: []byte(`{"version":"1.0","source":"custom"}`)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := &topic{}
			p := &Publisher{API: tp, TopicARN: "arn:aws:sns:us-east-1:123456789012:attest"}
			if err := p.PublishMessage(context.Background(), tt.msg); err != nil {
				t.Fatal(err)
			}
			in := tp.got[0]
			if got := aws.ToString(in.MessageStructure) == "json"; got != tt.structured {
				t.Fatalf("got MessageStructure %q; want json %v", aws.ToString(in.MessageStructure), tt.structured)
			}
			if !tt.structured {
				if aws.ToString(in.Message) != "body" {
					t.Errorf("got message %q; want the body", aws.ToString(in.Message))
				}
				return
			}
			var forms map[string]string
			if err := json.Unmarshal([]byte(aws.ToString(in.Message)), &forms); err != nil {
				t.Fatal(err)
			}
			if forms["default"] != "body" || forms["email"] != "body" || forms["https"] != string(tt.msg.Chat) {
				t.Errorf("got forms %v; want the body by default and for email, the chat JSON for https", forms)
			}
		})
	}
}
