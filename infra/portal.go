package main

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
)

// portalName is the auditor portal's function; it is not a step of the state machine.
const portalName = "portal"

// auditorsGroup is the Cognito group whose members may read evidence.
const auditorsGroup = "auditors"

// portalFunction is the portal's Lambda: 1 GB for building export zips in /tmp, and a timeout just under
// API Gateway's 30-second integration limit.
var portalFunction = function{name: portalName, memory: 1024, timeout: 29 * time.Second}

// portalRoutes are the API's routes; every one but the page requires a token of the auditors' group.
var portalRoutes = []string{"/api/packs", "/api/packs/{id}", "/api/packs/{id}/download", "/api/export"}

// portal adds the auditor portal: a Cognito user pool (no self sign-up; an administrator adds auditors to
// the auditors group), an HTTP API whose JWT authorizer accepts that pool's tokens for this app client on
// every data route, and the portal function behind it. The page (GET /) holds no data and is served without
// a token: it is how an auditor gets to the hosted sign-in and back with one.
func (b *builder) portal(s *AttestStack, binary string, work, evidence storeAccess) error {
	if binary == "" {
		return fmt.Errorf("no bootstrap binary for function %s", portalName)
	}
	fn := b.function(portalFunction, binary)
	s.Functions[portalName] = fn

	pool := awscognito.NewUserPool(b.stack, jsii.String("AuditorPool"), &awscognito.UserPoolProps{
		UserPoolName:      jsii.String("attest-auditors"),
		SelfSignUpEnabled: jsii.Bool(false),
		SignInAliases:     &awscognito.SignInAliases{Email: jsii.Bool(true)},
		AccountRecovery:   awscognito.AccountRecovery_EMAIL_ONLY,
		Mfa:               awscognito.Mfa_REQUIRED,
		MfaSecondFactor:   &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength: jsii.Number(14), RequireDigits: jsii.Bool(true), RequireLowercase: jsii.Bool(true),
			RequireUppercase: jsii.Bool(true), RequireSymbols: jsii.Bool(true),
		},
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
	})
	awscognito.NewCfnUserPoolGroup(b.stack, jsii.String("AuditorsGroup"), &awscognito.CfnUserPoolGroupProps{
		UserPoolId:  pool.UserPoolId(),
		GroupName:   jsii.String(auditorsGroup),
		Description: jsii.String("May list, open, download and export evidence packs"),
	})
	domain := pool.AddDomain(jsii.String("AuditorDomain"), &awscognito.UserPoolDomainOptions{
		CognitoDomain: &awscognito.CognitoDomainOptions{DomainPrefix: awscdk.Fn_Join(jsii.String("-"), &[]*string{jsii.String("attest"), awscdk.Aws_ACCOUNT_ID()})},
	})

	api := awsapigatewayv2.NewHttpApi(b.stack, jsii.String("PortalApi"), &awsapigatewayv2.HttpApiProps{
		ApiName:     jsii.String("attest-portal"),
		Description: jsii.String("Attest auditor portal: evidence listing, packs, downloads and exports"),
	})
	page := jsii.Sprintf("%s/", *api.ApiEndpoint())
	client := pool.AddClient(jsii.String("PortalClient"), &awscognito.UserPoolClientOptions{
		GenerateSecret:             jsii.Bool(false),
		AuthFlows:                  &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		PreventUserExistenceErrors: jsii.Bool(true),
		IdTokenValidity:            awscdk.Duration_Minutes(jsii.Number(60)),
		AccessTokenValidity:        awscdk.Duration_Minutes(jsii.Number(60)),
		// The page takes the token from the hosted UI's redirect fragment.
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{ImplicitCodeGrant: jsii.Bool(true)},
			Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL()},
			CallbackUrls: &[]*string{page},
			LogoutUrls:   &[]*string{page},
		},
	})
	issuer := jsii.Sprintf("https://cognito-idp.%s.amazonaws.com/%s", *awscdk.Aws_REGION(), *pool.UserPoolId())
	authorizer := awsapigatewayv2authorizers.NewHttpJwtAuthorizer(jsii.String("AuditorsAuthorizer"), issuer,
		&awsapigatewayv2authorizers.HttpJwtAuthorizerProps{
			AuthorizerName: jsii.String("auditors"),
			JwtAudience:    &[]*string{client.UserPoolClientId()},
		})
	integration := awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("PortalIntegration"), fn,
		&awsapigatewayv2integrations.HttpLambdaIntegrationProps{PayloadFormatVersion: awsapigatewayv2.PayloadFormatVersion_VERSION_2_0()})
	get := &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET}
	for _, p := range portalRoutes {
		api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{Path: jsii.String(p), Methods: get, Integration: integration, Authorizer: authorizer})
	}
	api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{Path: jsii.String("/"), Methods: get, Integration: integration,
		Authorizer: awsapigatewayv2.NewHttpNoneAuthorizer()})

	for k, v := range map[string]*string{
		"EVIDENCE_BUCKET": s.EvidenceBucket.BucketName(), "EVIDENCE_KMS_KEY_ARN": evidence.key.KeyArn(),
		"WORK_BUCKET": s.WorkBucket.BucketName(), "WORK_KMS_KEY_ARN": work.key.KeyArn(),
		"SIGNING_KEY_ID": s.SigningKey.KeyArn(), "AUDITORS_GROUP": jsii.String(auditorsGroup),
	} {
		fn.AddEnvironment(jsii.String(k), v, nil)
	}
	b.portalGrants(fn, s, work, evidence)

	out := func(id, description string, value *string) {
		awscdk.NewCfnOutput(b.stack, jsii.String(id), &awscdk.CfnOutputProps{Description: jsii.String(description), Value: value})
	}
	out("PortalUrl", "The auditor portal (page and API)", page)
	out("AuditorPoolId", "Cognito user pool of auditors (add users to the auditors group)", pool.UserPoolId())
	out("PortalClientId", "App client of the portal (the JWT audience)", client.UserPoolClientId())
	out("PortalSignInUrl", "Hosted sign-in that returns to the portal with a token", jsii.Sprintf(
		"%s/login?client_id=%s&response_type=token&scope=openid+email&redirect_uri=%s",
		*domain.BaseUrl(nil), *client.UserPoolClientId(), *page))
	return nil
}

// portalGrants gives the portal exactly what it calls: reads of packs and the index, listing the evidence
// bucket, writes of access records (a pack and its chain entry), signing them and exports, and the
// upload and presigned read of delivered zips in the work bucket (a presigned URL acts with the role's
// permissions, so the role reads what it hands out).
func (b *builder) portalGrants(fn awslambda.Function, s *AttestStack, work, evidence storeAccess) {
	read(fn, "Evidence", evidence)
	write(fn, "Evidence", evidence)
	allow(fn, "ListEvidence", []string{"s3:ListBucket"}, evidence.bucket.BucketArn())
	allow(fn, "SignAccessRecordsAndExports", []string{"kms:Sign", "kms:GetPublicKey"}, s.SigningKey.KeyArn())
	delivered := work.bucket.ArnForObjects(jsii.String("runs/portal/*"))
	allow(fn, "DeliverDownloads", []string{"s3:PutObject", "s3:GetObject"}, delivered)
	allowVia(fn, "DeliverDownloadsKey", []string{"kms:GenerateDataKey", "kms:Decrypt"}, work.key.KeyArn(), "s3")
}
