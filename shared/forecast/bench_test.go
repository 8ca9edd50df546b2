package forecast_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

// benchResources are resource bodies the generator cycles through: the common priced types, with the
// properties their pricers read.
var benchResources = []string{
	"Type: AWS::Lambda::Function\n    Properties: {MemorySize: %d, Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::1:role/r, Code: {ZipFile: x}}",
	"Type: AWS::DynamoDB::Table\n    Properties: {BillingMode: PROVISIONED, ProvisionedThroughput: {ReadCapacityUnits: %d, WriteCapacityUnits: 5}, KeySchema: [{AttributeName: pk, KeyType: HASH}], AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]}",
	"Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-1, InstanceType: m5.large, Tags: [{Key: n, Value: '%d'}]}",
	"Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: subnet-%d, AllocationId: eipalloc-1}",
	"Type: AWS::EC2::EIP\n    Properties: {Domain: vpc, Tags: [{Key: n, Value: '%d'}]}",
	"Type: AWS::S3::Bucket\n    Properties: {BucketName: bucket-%d}",
	"Type: AWS::SQS::Queue\n    Properties: {VisibilityTimeout: %d}",
	"Type: AWS::EC2::Volume\n    Properties: {AvailabilityZone: us-east-1a, Size: %d, VolumeType: gp3}",
	"Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 30, LogGroupName: logs-%d}",
	"Type: AWS::IAM::Role\n    Properties: {AssumeRolePolicyDocument: {Version: '2012-10-17'}, RoleName: role-%d}",
}

// templatePair generates n resources over files of 50 each: the head changes every third resource's
// sizing and adds a tenth more than the base has.
func templatePair(n int) []forecast.FilePair {
	var pairs []forecast.FilePair
	for f := 0; f*50 < n; f++ {
		var base, head strings.Builder
		base.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
		head.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
		for i := f * 50; i < min(n, (f+1)*50); i++ {
			body := benchResources[i%len(benchResources)]
			size := 128 + i%8*64
			if i%10 != 9 { // the last of every ten is new in the head
				fmt.Fprintf(&base, "  R%d:\n    %s\n", i, fmt.Sprintf(body, size))
			}
			if i%3 == 0 {
				size += 64
			}
			fmt.Fprintf(&head, "  R%d:\n    %s\n", i, fmt.Sprintf(body, size))
		}
		pairs = append(pairs, forecast.FilePair{Path: fmt.Sprintf("stacks/s%02d.yaml", f), Base: []byte(base.String()), Head: []byte(head.String())})
	}
	return pairs
}

// BenchmarkForecast500 forecasts a 500-resource template pair with the embedded snapshot: parsing both
// sides, resolving, pricing, carbon and warnings.
func BenchmarkForecast500(b *testing.B) {
	pairs := templatePair(500)
	svc := forecast.New()
	ctx := context.Background()
	fc, err := svc.Forecast(ctx, pairs, forecast.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if got := len(fc.Resources) + len(fc.Unpriced); got != 500 {
		b.Fatalf("got %d resources; want 500 (unpriced: %+v)", got, fc.Unpriced)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Forecast(ctx, pairs, forecast.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders the 500-resource forecast in each format.
func BenchmarkRender(b *testing.B) {
	fc, err := forecast.New().Forecast(context.Background(), templatePair(500), forecast.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{forecast.FormatJSON, forecast.FormatText, forecast.FormatMarkdown} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := fc.Render(format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
