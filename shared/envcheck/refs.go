package envcheck

import (
	"regexp"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// subRef matches a ${Name} or ${Name.Attr} placeholder of Fn::Sub.
var subRef = regexp.MustCompile(`\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}`)

// logicalRef returns the logical ID of the template resource a value refers to — Ref, Fn::GetAtt, or the
// first resource placeholder of Fn::Sub or part of Fn::Join — and the text that follows the reference (for an
// ARN, "/*" marks the resource's contents).
func logicalRef(tpl *cfn.Template, v *cfn.Value) (logical, suffix string, ok bool) {
	name, arg := v.Intrinsic()
	switch name {
	case "Ref":
		s, _ := arg.Str()
		if tpl.Resource(s) != nil {
			return s, "", true
		}
	case "Fn::GetAtt":
		var s string
		if items := arg.Items(); len(items) > 0 {
			s, _ = items[0].Str()
		} else if t, ok := arg.Str(); ok {
			s, _, _ = strings.Cut(t, ".")
		}
		if tpl.Resource(s) != nil {
			return s, "", true
		}
	case "Fn::Sub":
		text, ok := arg.Str()
		vars := (*cfn.Value)(nil)
		if items := arg.Items(); len(items) > 0 {
			text, ok = items[0].Str()
			if len(items) > 1 {
				vars = items[1]
			}
		}
		if !ok {
			return "", "", false
		}
		for _, m := range subRef.FindAllStringSubmatchIndex(text, -1) {
			ref := text[m[2]:m[3]]
			if vars.Has(ref) {
				if l, _, ok := logicalRef(tpl, vars.Get(ref)); ok {
					return l, text[m[1]:], true
				}
				continue
			}
			if tpl.Resource(ref) != nil {
				return ref, text[m[1]:], true
			}
		}
	case "Fn::Join":
		items := arg.Items()
		if len(items) != 2 {
			return "", "", false
		}
		parts := items[1].Items()
		for i, p := range parts {
			if l, _, ok := logicalRef(tpl, p); ok {
				var rest strings.Builder
				for _, q := range parts[i+1:] {
					s, _ := q.Str()
					rest.WriteString(s)
				}
				return l, rest.String(), true
			}
		}
	}
	return "", "", false
}

// physicalNameProps are the properties that give a resource its name, by type.
var physicalNameProps = map[string]string{
	"AWS::S3::Bucket":                      "BucketName",
	"AWS::DynamoDB::Table":                 "TableName",
	"AWS::DynamoDB::GlobalTable":           "TableName",
	"AWS::SQS::Queue":                      "QueueName",
	"AWS::SNS::Topic":                      "TopicName",
	"AWS::StepFunctions::StateMachine":     "StateMachineName",
	"AWS::SecretsManager::Secret":          "Name",
	"AWS::Kinesis::Stream":                 "Name",
	"AWS::KinesisFirehose::DeliveryStream": "DeliveryStreamName",
}

// serviceTypes are the resource types each service's calls act on, by IAM prefix.
var serviceTypes = map[string][]string{
	"s3":             {"AWS::S3::Bucket"},
	"dynamodb":       {"AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"},
	"sqs":            {"AWS::SQS::Queue"},
	"sns":            {"AWS::SNS::Topic"},
	"states":         {"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"},
	"secretsmanager": {"AWS::SecretsManager::Secret"},
	"kinesis":        {"AWS::Kinesis::Stream"},
	"firehose":       {"AWS::KinesisFirehose::DeliveryStream"},
}

// physicalName is a resource's name when the template spells it out.
func physicalName(r *cfn.Resource, resolver *cfn.Resolver) (string, bool) {
	prop, ok := physicalNameProps[r.Type]
	if !ok {
		return "", false
	}
	return resolver.Resolve(r.Properties.Get(prop)).Str()
}
