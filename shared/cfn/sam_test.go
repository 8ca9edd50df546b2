package cfn

import (
	"testing"
)

const samSource = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Environment:
      Variables:
        STAGE: prod
        LOG_LEVEL: info
    Layers: [arn:aws:lambda:us-east-1:111122223333:layer:common:1]
    Tags:
      owner: payments
  Api:
    MethodSettings:
      - HttpMethod: "*"
        ResourcePath: "/*"
        LoggingLevel: INFO
  SimpleTable:
    SSESpecification:
      SSEEnabled: true
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Timeout: 30
      Environment:
        Variables:
          LOG_LEVEL: debug
      Layers: [arn:aws:lambda:us-east-1:111122223333:layer:orders:3]
      Policies:
        - AWSLambdaVPCAccessExecutionRole
        - Statement:
            - Effect: Allow
              Action: dynamodb:*
              Resource: "*"
        - DynamoDBReadPolicy:
            TableName: !Ref Table
      DeadLetterQueue:
        Type: SQS
        TargetArn: arn:aws:sqs:us-east-1:111122223333:dlq
      Events:
        Get:
          Type: Api
          Properties: {Path: /orders, Method: get}
        Upload:
          Type: S3
          Properties: {Bucket: !Ref Uploads, Events: s3:ObjectCreated:*}
        Jobs:
          Type: SQS
          Properties: {Queue: arn:aws:sqs:us-east-1:111122223333:jobs}
      FunctionUrlConfig:
        AuthType: NONE
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: w.handler
      InlineCode: "def handler(e, c): pass"
      Role: arn:aws:iam::111122223333:role/worker
      EventInvokeConfig:
        DestinationConfig:
          OnFailure: {Type: SQS, Destination: arn:aws:sqs:us-east-1:111122223333:failed}
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: {Name: orderId, Type: String}
  Uploads:
    Type: AWS::S3::Bucket
  Named:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      TracingEnabled: true
`

func TestExpandSAM(t *testing.T) {
	tpl, err := Parse("sam.yaml", []byte(samSource))
	if err != nil {
		t.Fatal(err)
	}
	x := ExpandSAM(tpl)
	if tpl.Resource("Orders").Type != SAMFunction {
		t.Fatalf("ExpandSAM modified its input")
	}
	types := map[string]string{
		"Orders":                     "AWS::Lambda::Function",
		"OrdersRole":                 "AWS::IAM::Role",
		"OrdersGetPermission":        "AWS::Lambda::Permission",
		"OrdersUploadPermission":     "AWS::Lambda::Permission",
		"OrdersUrl":                  "AWS::Lambda::Url",
		"OrdersUrlPublicPermissions": "AWS::Lambda::Permission",
		"Worker":                     "AWS::Lambda::Function",
		"WorkerEventInvokeConfig":    "AWS::Lambda::EventInvokeConfig",
		"Table":                      "AWS::DynamoDB::Table",
		"Uploads":                    "AWS::S3::Bucket",
		"Named":                      "AWS::ApiGateway::RestApi",
		"Namedv1Stage":               "AWS::ApiGateway::Stage",
		"ServerlessRestApi":          "AWS::ApiGateway::RestApi",
		"ServerlessRestApiProdStage": "AWS::ApiGateway::Stage",
	}
	for id, want := range types {
		t.Run(id, func(t *testing.T) {
			r := x.Resource(id)
			if r == nil {
				t.Fatalf("got no resource %s; want a %s", id, want)
			}
			if r.Type != want {
				t.Errorf("got type %s; want %s", r.Type, want)
			}
		})
	}
	if x.Resource("OrdersJobsPermission") != nil {
		t.Error("got a permission for an SQS event; want none (pull sources use the role)")
	}
	if x.Resource("WorkerRole") != nil {
		t.Error("got a role for a function that names its own; want none")
	}

	orders := x.Resource("Orders").Properties
	str := func(v *Value) string { s, _ := v.Str(); return s }
	cases := []struct {
		name, got, want string
	}{
		{"scalar from Globals", str(orders.Get("Runtime")), "python3.12"},
		{"scalar overridden", str(orders.Get("Timeout")), "30"},
		{"map merged, local wins", str(orders.Get("Environment", "Variables", "LOG_LEVEL")), "debug"},
		{"map merged, global kept", str(orders.Get("Environment", "Variables", "STAGE")), "prod"},
		{"DLQ", str(orders.Get("DeadLetterConfig", "TargetArn")), "arn:aws:sqs:us-east-1:111122223333:dlq"},
		{"table key", str(x.Resource("Table").Properties.Get("KeySchema").Items()[0].Get("AttributeName")), "orderId"},
		{"table type", str(x.Resource("Table").Properties.Get("AttributeDefinitions").Items()[0].Get("AttributeType")), "S"},
		{"table SSE from Globals", str(x.Resource("Table").Properties.Get("SSESpecification", "SSEEnabled")), "true"},
		{"stage name", str(x.Resource("Namedv1Stage").Properties.Get("StageName")), "v1"},
		{"implicit stage logging from Globals", str(x.Resource("ServerlessRestApiProdStage").Properties.Get("MethodSettings").Items()[0].Get("LoggingLevel")), "INFO"},
		{"public URL permission", str(x.Resource("OrdersUrlPublicPermissions").Properties.Get("Principal")), "*"},
		{"on-failure destination", str(x.Resource("WorkerEventInvokeConfig").Properties.Get("DestinationConfig", "OnFailure", "Destination")), "arn:aws:sqs:us-east-1:111122223333:failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q; want %q", c.got, c.want)
			}
		})
	}

	t.Run("lists appended, Globals first", func(t *testing.T) {
		layers := orders.Get("Layers").Items()
		if len(layers) != 2 || str(layers[0]) != "arn:aws:lambda:us-east-1:111122223333:layer:common:1" {
			t.Errorf("got layers %v; want the global layer then the function's", orders.Get("Layers").Interface())
		}
	})
	t.Run("lines kept", func(t *testing.T) {
		// Runtime comes from Globals (line 4), Timeout from the function (line 27).
		if got := orders.Get("Runtime").Pos(); got != 4 {
			t.Errorf("Runtime points at line %d; want 4", got)
		}
		if got := orders.Get("Timeout").Pos(); got != 27 {
			t.Errorf("Timeout points at line %d; want 27", got)
		}
		if got, want := x.Resource("OrdersRole").Line, tpl.Resource("Orders").Line; got != want {
			t.Errorf("the role points at line %d; want the function's, %d", got, want)
		}
	})
	t.Run("role policies", func(t *testing.T) {
		role := x.Resource("OrdersRole").Properties
		if n := role.Get("ManagedPolicyArns").Len(); n != 2 {
			t.Errorf("got %d managed policies; want 2 (basic execution, the named one)", n)
		}
		pols := role.Get("Policies").Items()
		if len(pols) != 2 {
			t.Fatalf("got %d inline policies; want 2 (statement, policy template)", len(pols))
		}
		if a := str(pols[0].Get("PolicyDocument").Get("Statement").Items()[0].Get("Action")); a != "dynamodb:*" {
			t.Errorf("got action %q; want dynamodb:*", a)
		}
	})
	t.Run("tags", func(t *testing.T) {
		tags := orders.Get("Tags").Items()
		if len(tags) != 2 || str(tags[0].Get("Key")) != "owner" || str(tags[1].Get("Key")) != "lambda:createdBy" {
			t.Errorf("got tags %v; want owner then lambda:createdBy", orders.Get("Tags").Interface())
		}
	})
}

func TestExpandSAMNoSAM(t *testing.T) {
	tpl, err := Parse("t.yaml", []byte("Resources:\n  B: {Type: AWS::S3::Bucket}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ExpandSAM(tpl); got != tpl {
		t.Error("got a copy of a template without SAM resources; want the template itself")
	}
	if ExpandSAM(nil) != nil {
		t.Error("got a template from nil")
	}
}

func TestExpandSAMMalformed(t *testing.T) {
	cases := []struct{ name, src string }{
		{"properties a list", "Resources:\n  F: {Type: AWS::Serverless::Function, Properties: [1]}\n"},
		{"properties an intrinsic", "Parameters: {P: {Type: String}}\nResources:\n  F: {Type: AWS::Serverless::Function, Properties: !Ref P}\n"},
		{"globals a list", "Globals: [1]\nResources:\n  F: {Type: AWS::Serverless::Function, Properties: {Handler: h}}\n"},
		{"events a list", "Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Events: [1, 2]}}\n"},
		{"policies a string", "Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Policies: AmazonS3ReadOnlyAccess}}\n"},
		{"unmodelled type", "Resources:\n  C: {Type: AWS::Serverless::Connector, Properties: {Source: {Id: A}}}\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := Parse("t.yaml", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			x := ExpandSAM(tpl)
			if len(x.Resources) == 0 {
				t.Errorf("got no resources; want the resource kept or expanded")
			}
		})
	}
}

// FuzzExpandSAM checks that no template makes the expansion panic.
func FuzzExpandSAM(f *testing.F) {
	f.Add(samSource)
	f.Add("Globals: {Function: {Tags: [1]}}\nResources:\n  F: {Type: AWS::Serverless::Function, Properties: {Tags: {a: !Ref X}, Events: {E: {Type: Api}}}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		tpl, err := Parse("f.yaml", []byte(src))
		if err != nil {
			return
		}
		_ = ExpandSAM(tpl)
	})
}
