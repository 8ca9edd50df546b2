package iac

import (
	"fmt"

	"github.com/attestdev/attest/shared/finding"
)

// lambdaRuntimesAsOf is the date of AWS's Lambda runtime deprecation table that deprecatedLambdaRuntimes copies.
const lambdaRuntimesAsOf = "2026-04-30"

// deprecatedLambdaRuntimes maps each deprecated runtime identifier to the date AWS deprecated it: from then on it
// receives no security patches. Runtimes whose deprecation date is still ahead are not listed.
var deprecatedLambdaRuntimes = map[string]string{
	"nodejs20.x":     "2026-04-30",
	"ruby3.2":        "2026-03-31",
	"python3.9":      "2025-12-15",
	"nodejs18.x":     "2025-09-01",
	"dotnet6":        "2024-12-20",
	"python3.8":      "2024-10-14",
	"nodejs16.x":     "2024-06-12",
	"dotnet7":        "2024-05-14",
	"java8":          "2024-01-08",
	"go1.x":          "2024-01-08",
	"provided":       "2024-01-08",
	"ruby2.7":        "2023-12-07",
	"nodejs14.x":     "2023-12-04",
	"python3.7":      "2023-12-04",
	"dotnetcore3.1":  "2023-04-03",
	"nodejs12.x":     "2023-03-31",
	"python3.6":      "2022-07-18",
	"dotnet5.0":      "2022-05-10",
	"dotnetcore2.1":  "2022-01-05",
	"nodejs10.x":     "2021-07-30",
	"ruby2.5":        "2021-07-30",
	"python2.7":      "2021-07-15",
	"nodejs8.10":     "2020-03-06",
	"nodejs4.3":      "2020-03-05",
	"nodejs4.3-edge": "2019-04-30",
	"nodejs6.10":     "2019-08-12",
	"dotnetcore2.0":  "2019-05-30",
	"dotnetcore1.0":  "2019-06-27",
	"nodejs":         "2016-10-31",
}

func lambdaFunctionSettingsCheck() Rule {
	return newRule(finding.Rule{
		ID:    "lambda-function-settings-check",
		Title: "Lambda function uses a supported runtime",
		Description: "A deprecated Lambda runtime no longer receives security patches for its language or operating " +
			"system, and Lambda later blocks creating and then updating functions that use it. The deprecated " +
			"runtimes are those of AWS's runtime deprecation table as of " + lambdaRuntimesAsOf + ". Container-" +
			"image functions bring their own runtime and are not assessed.",
		Remediation: "Move the function to a supported runtime of the same language, and test it there:\n\n" +
			"  Function:\n" +
			"    Type: AWS::Lambda::Function\n" +
			"    Properties:\n" +
			"      Runtime: python3.13      # instead of python3.8\n",
		HelpURI:     "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "lambda-function-settings-check",
		Controls:    []string{"PCI-DSS-4.0/6.3.3", "SOC2/CC7.1"},
		CWE:         []int{1104},
		Permissions: []string{"lambda:GetFunctionConfiguration"},
	}, TypeLambdaFunction, func(f *LambdaFunction) Result {
		if pt := f.PackageType; pt.State == Set && pt.Value == "Image" {
			return NotAssessedAt(pt.Line, "a container-image function brings its own runtime")
		}
		rt := f.Runtime
		switch rt.State {
		case Unknown:
			return NotAssessedAt(rt.Line, "%s", rt.Why)
		case Absent:
			return NotAssessedAt(lineOr(rt.Line, f.Line), "the function names no Runtime")
		}
		if since, ok := deprecatedLambdaRuntimes[rt.Value]; ok {
			return Fail(lineOr(rt.Line, f.Line), "runtime %s has been deprecated since %s and receives no security patches", rt.Value, since)
		}
		return Pass("%s", fmt.Sprintf("runtime %s is not deprecated (as of %s)", rt.Value, lambdaRuntimesAsOf))
	})
}
