package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

type handler struct {
	sns   *sns.Client
	db    *dynamodb.Client
	topic string
	table string
}

type alert struct {
	User    string `json:"user"`
	Message string `json:"message"`
}

func (h *handler) handle(ctx context.Context, a alert) error {
	prefs, err := h.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(h.table),
		Key:       map[string]types.AttributeValue{"user": &types.AttributeValueMemberS{Value: a.User}},
	})
	if err != nil {
		return err
	}
	if prefs.Item == nil {
		return nil
	}
	_, err = h.sns.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(h.topic), Message: aws.String(a.Message)})
	return err
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		os.Exit(1)
	}
	h := &handler{
		sns:   sns.NewFromConfig(cfg),
		db:    dynamodb.NewFromConfig(cfg),
		topic: os.Getenv("TOPIC_ARN"),
		table: os.Getenv("PREFS_TABLE"),
	}
	lambda.Start(h.handle)
}
