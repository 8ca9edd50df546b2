package explain_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/attestdev/attest/shared/explain"
)

// FuzzExplainLogs feeds arbitrary log lines (the user-controlled text every log rule parses) through every
// rule, for failure and throttle alarms: no panic, and always a catalogue answer with a valid confidence.
func FuzzExplainLogs(f *testing.F) {
	for _, s := range []string{
		"REPORT RequestId: a\tDuration: 1.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory",
		"INIT_REPORT Init Duration: 9999.62 ms\tPhase: init\tStatus: timeout",
		"[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'x'",
		"An error occurred (ThrottlingException) when calling the GetParameter operation (reached max retries: 4): Rate exceeded",
		"KMSAccessDeniedException: Lambda was unable to decrypt the environment variables because KMS access was denied",
		"Memory Size: 99999999999999999999 MB\tMax Memory Used: -1 MB Init Duration: 1e999 ms",
		"\x00\xff\xfe",
		"User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/k because no identity-based policy allows the kms:Decrypt action",
		"[ERROR] OperationalError: (1040, 'Too many connections')",
		"2026-11-20T13:50:10.394Z\t5d0e2f7c-1a3b-4c5d-8e9f-0a1b2c3d4e5f\tERROR\tInvoke Error \t{\"errorType\":\"SyntaxError\"",
		"REPORT RequestId: a\tDuration: 1.00 ms\tInit Duration: 2781.55 ms",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		for _, metric := range []string{"Errors", "Throttles", "Duration", "IteratorAge", "Invocations"} {
			w := baseWorld()
			w.logs = append(w.logs, logEvent(alarmAt.Add(-time.Minute), msg))
			w.account = &lambda.GetAccountSettingsOutput{}
			w.reserved = &lambda.GetFunctionConcurrencyOutput{ReservedConcurrentExecutions: aws.Int32(0)}
			exp, err := (&explain.Explainer{Context: w}).Explain(context.Background(), ordersAlarm(metric))
			if err != nil {
				t.Fatal(err)
			}
			switch exp.RootCause.Confidence {
			case explain.Confirmed, explain.Likely, explain.Inconclusive:
			default:
				t.Fatalf("confidence %q", exp.RootCause.Confidence)
			}
			if _, err := exp.Redacted().MarshalIndent(); err != nil {
				t.Fatal(err)
			}
			_ = exp.Markdown()
		}
	})
}

func BenchmarkExplainScenarios(b *testing.B) {
	alarm := ordersErrors()
	for i := 0; i < b.N; i++ {
		explainSnapshot(b, "egress-blocked-nacl", alarm)
	}
}
