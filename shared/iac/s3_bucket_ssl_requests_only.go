package iac

import "github.com/attestdev/attest/shared/finding"

func s3BucketSSLRequestsOnly() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-ssl-requests-only",
		Title: "S3 bucket policy refuses requests not sent over TLS",
		Description: "S3 accepts plain-HTTP requests unless the bucket policy denies them. A statement that denies " +
			"every action when aws:SecureTransport is false makes TLS mandatory for every client, including " +
			"misconfigured SDKs and tools. The rule joins each bucket with the AWS::S3::BucketPolicy resources " +
			"that name it.",
		Remediation: "Add a bucket policy that denies insecure transport:\n\n" +
			"  BucketPolicy:\n" +
			"    Type: AWS::S3::BucketPolicy\n" +
			"    Properties:\n" +
			"      Bucket: !Ref Bucket\n" +
			"      PolicyDocument:\n" +
			"        Statement:\n" +
			"          - Effect: Deny\n" +
			"            Principal: '*'\n" +
			"            Action: 's3:*'\n" +
			"            Resource: [!GetAtt Bucket.Arn, !Sub '${Bucket.Arn}/*']\n" +
			"            Condition: {Bool: {'aws:SecureTransport': 'false'}}\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-ssl-requests-only",
		Controls:    []string{"HIPAA/164.312(e)(1)", "HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"s3:GetBucketPolicy"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		pol := b.Access.Policy
		switch pol.State {
		case Unknown:
			return NotAssessedAt(pol.Line, "%s", pol.Why)
		case Absent:
			return Fail(lineOr(pol.Line, b.Line), "the bucket has no bucket policy, so it accepts requests over plain HTTP")
		}
		unknown, unknownLine := "", 0
		for _, s := range pol.Value {
			if s.Unknown != "" {
				if unknown == "" {
					unknown, unknownLine = s.Unknown, s.Line
				}
				continue
			}
			if !s.Allow && s.Public && s.DeniesInsecure && s.grants(func(string) bool { return false }) {
				return Pass("the bucket policy denies requests where aws:SecureTransport is false")
			}
		}
		if unknown != "" {
			return NotAssessedAt(unknownLine, "a bucket policy statement cannot be read: %s", unknown)
		}
		return Fail(lineOr(pol.Line, b.Line), "no statement of the bucket policy denies s3:* to everyone when aws:SecureTransport is false")
	})
}
