// Package snspublish publishes notifications to an SNS topic. A message with a chat form is published with
// MessageStructure "json": email subscribers get the plain-text body, https subscribers (AWS Chatbot, as
// Amazon Q Developer in chat applications subscribes) get the custom notification JSON, every other protocol
// the body.
package snspublish

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/attestdev/attest/shared/notify"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// API is the part of the SNS client used.
type API interface {
	Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// Publisher publishes to one topic.
type Publisher struct {
	API      API
	TopicARN string
}

// Publish sends subject and body.
func (p *Publisher) Publish(ctx context.Context, subject, body string) error {
	if _, err := p.API.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(p.TopicARN), Subject: aws.String(subject), Message: aws.String(body)}); err != nil {
		return fmt.Errorf("publish to %s: %w", p.TopicARN, err)
	}
	return nil
}

// PublishMessage sends the message, in its chat form to https subscribers when it has one.
func (p *Publisher) PublishMessage(ctx context.Context, m notify.Message) error {
	if m.Chat == nil {
		return p.Publish(ctx, m.Subject, m.Body)
	}
	structured, err := json.Marshal(map[string]string{"default": m.Body, "email": m.Body, "https": string(m.Chat)})
	if err != nil {
		return fmt.Errorf("encode message for %s: %w", p.TopicARN, err)
	}
	if _, err := p.API.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(p.TopicARN), Subject: aws.String(m.Subject),
		Message: aws.String(string(structured)), MessageStructure: aws.String("json")}); err != nil {
		return fmt.Errorf("publish to %s: %w", p.TopicARN, err)
	}
	return nil
}
