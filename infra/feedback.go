package main

import (
	"github.com/attestdev/attest/infra/statemachine"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
)

// pullRequestDetailType is the detail type of CodeCommit pull request events.
const pullRequestDetailType = "CodeCommit Pull Request State Change"

// feedback adds what brings results to where people work: pull request events to the router, the review
// function's configuration, Security Hub import and the daily digest by the notify function, and the
// approval rule template's content for the merge gate.
//
// CloudFormation has no resource for CodeCommit approval rule templates, and a custom resource would add a
// helper function and role of CDK's making to the stack: the template's content is an output instead, which
// the two documented CLI calls (create-approval-rule-template, associate-approval-rule-template-with-
// repository) install once.
func (b *builder) feedback(s *AttestStack, router awslambda.Function) {
	pr := map[string]any{
		// Only these two ask for a review; closing, merging and approving change nothing to scan.
		"event":             []string{"pullRequestCreated", "pullRequestSourceBranchUpdated"},
		"pullRequestStatus": []string{"Open"},
	}
	if len(b.cfg.Repositories) > 0 {
		pr["repositoryNames"] = b.cfg.Repositories
	}
	b.rule("PullRequestRule", "A pull request opened or updated starts a scan, a comment and an approval decision",
		"aws.codecommit", pullRequestDetailType, pr, router)

	review := s.Functions[statemachine.Review.Name]
	review.AddEnvironment(jsii.String("PORTAL_URL"), jsii.String(b.cfg.PortalURL), nil)
	nt := s.Functions[statemachine.Notify.Name]
	if b.cfg.SecurityHub {
		nt.AddEnvironment(jsii.String("SECURITY_HUB"), jsii.String("true"), nil)
	}
	if b.cfg.DailyDigest {
		// A digest request is shaped as a run state of flow "digest"; the notify step summarises the day
		// before the schedule's time.
		nt.AddEnvironment(jsii.String("DIGEST"), jsii.String("true"), nil)
		rule := awsevents.NewRule(b.stack, jsii.String("DigestSchedule"), &awsevents.RuleProps{
			Description: jsii.String("Every day at 00:05 UTC the notify function sends the digest of the previous day's packs"),
			Schedule:    awsevents.Schedule_Cron(&awsevents.CronOptions{Minute: jsii.String("5"), Hour: jsii.String("0")}),
		})
		rule.AddTarget(awseventstargets.NewLambdaFunction(nt, &awseventstargets.LambdaFunctionProps{
			Event: awsevents.RuleTargetInput_FromObject(map[string]any{
				"runId": "digest", "flow": "digest", "eventKey": "", "time": awsevents.EventField_Time(),
			}),
			DeadLetterQueue: b.queue("DigestScheduleDeadLetterQueue"),
			RetryAttempts:   jsii.Number(targetRetryAttempts),
			MaxEventAge:     awscdk.Duration_Hours(jsii.Number(targetMaxEventAge)),
		}))
	}

	// The approval pool names the review function's role as CodeCommit sees its sessions.
	content := jsii.Sprintf(`{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1,`+
		`"ApprovalPoolMembers":["arn:%s:sts::%s:assumed-role/%s/*"]}]}`,
		*awscdk.Aws_PARTITION(), *awscdk.Aws_ACCOUNT_ID(), *review.Role().RoleName())
	awscdk.NewCfnOutput(b.stack, jsii.String("ApprovalRuleTemplateContent"), &awscdk.CfnOutputProps{
		Description: jsii.String("Content of the approval rule template that makes Attest's approval a merge condition " +
			"(aws codecommit create-approval-rule-template --approval-rule-template-content ...)"),
		Value: content,
	})
	awscdk.NewCfnOutput(b.stack, jsii.String("ReviewRoleName"), &awscdk.CfnOutputProps{
		Description: jsii.String("Role of the review function, the approval pool member of the merge gate"),
		Value:       review.Role().RoleName(),
	})
}
