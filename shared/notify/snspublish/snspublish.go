// Package snspublish publishes notifications to an SNS topic.
package snspublish

import (
	"context"
	"fmt"

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
