package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/attestdev/attest/infra/lambdabuild"
	"github.com/attestdev/attest/infra/settings"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// Environment variables that change how the app builds the Lambda binaries.
const (
	// EnvBuildDir points at binaries built beforehand (<dir>/<function>/bootstrap); when set, synth builds
	// nothing.
	EnvBuildDir = "ATTEST_LAMBDA_BUILD_DIR"
	// EnvCC replaces the C cross compiler used for cgo functions.
	EnvCC = "ATTEST_ARM64_CC"
)

// StackName is the name of the one stack.
const StackName = "AttestStack"

// featureFlags are the CDK feature flags the stack is written for, set here rather than only in cdk.json so
// that the app and its tests synthesize the same template. cdk.json may still override them.
var featureFlags = map[string]any{
	// Server access logs are delivered through a bucket policy, not an ACL (the logs bucket enforces
	// bucket-owner object ownership, which disables ACLs).
	"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
	"@aws-cdk/aws-s3:createDefaultLoggingPolicy":      true,
	"@aws-cdk/core:enablePartitionLiterals":           true,
	// The DLQ policies allow EventBridge only for rules of this account.
	"@aws-cdk/aws-events:eventsTargetQueueSameAccount":     true,
	"@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope": true,
}

// newApp returns a CDK app with the stack's feature flags; outdir may be empty (the CLI's choice).
func newApp(outdir string, context map[string]any) awscdk.App {
	ctx := map[string]any{}
	for k, v := range featureFlags {
		ctx[k] = v
	}
	for k, v := range context {
		ctx[k] = v
	}
	props := &awscdk.AppProps{Context: &ctx}
	if outdir != "" {
		props.Outdir = jsii.String(outdir)
	}
	return awscdk.NewApp(props)
}

// readConfig reads the attest: context options of the app.
func readConfig(app awscdk.App) (settings.Config, error) {
	return settings.Parse(func(key string) (any, bool) {
		v := app.Node().TryGetContext(jsii.String(key))
		return v, v != nil
	})
}

// binaries returns the asset directory of every function: the prebuilt binaries under EnvBuildDir when it is
// set, or freshly built ones in buildDir.
func binaries(ctx context.Context, getenv func(string) string, buildDir string) (map[string]string, error) {
	if dir := getenv(EnvBuildDir); dir != "" {
		return lambdabuild.Prebuilt(dir, buildTargets())
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("build Lambda binaries: %w", err)
	}
	root, err := lambdabuild.FindModuleRoot(wd, lambdabuild.ModulePath)
	if err != nil {
		return nil, fmt.Errorf("build Lambda binaries: %w", err)
	}
	b := &lambdabuild.Builder{ModuleRoot: root, OutDir: buildDir, CC: getenv(EnvCC)}
	return b.Build(ctx, buildTargets())
}

// buildDirFor is where synth builds the binaries: beside the cloud assembly (cdk.out.lambda next to
// cdk.out), so the assembly itself holds only what CDK stages.
func buildDirFor(outdir string) string {
	return filepath.Clean(outdir) + ".lambda"
}

// synth builds the binaries, defines the stack and synthesizes it into the app's cloud assembly.
func synth(ctx context.Context, app awscdk.App, env *awscdk.Environment, getenv func(string) string) (*AttestStack, error) {
	cfg, err := readConfig(app)
	if err != nil {
		return nil, err
	}
	bins, err := binaries(ctx, getenv, buildDirFor(*app.Outdir()))
	if err != nil {
		return nil, err
	}
	stack, err := NewAttestStack(app, StackName, &AttestStackProps{
		StackProps: awscdk.StackProps{Env: env, Description: jsii.String("Attest: compliance and reliability guardrails with signed evidence packs")},
		Config:     cfg,
		Binaries:   bins,
	})
	if err != nil {
		return nil, err
	}
	app.Synth(nil)
	return stack, nil
}
