package envcheck

import (
	"fmt"
	"path"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// writeOps are the operations that store data, by IAM prefix.
var writeOps = map[string]map[string]bool{
	"s3":       {"PutObject": true, "CopyObject": true, "CreateMultipartUpload": true},
	"dynamodb": {"PutItem": true, "UpdateItem": true, "BatchWriteItem": true, "TransactWriteItems": true},
}

// kmsCall reports whether a write asks for SSE-KMS itself.
func kmsCall(c Call) bool {
	if c.has("SSEKMSKeyId") {
		return true
	}
	for k, v := range c.Params {
		lv := strings.ToLower(v)
		if k == "serversideencryption" && strings.Contains(lv, "kms") {
			return true
		}
		// upload_file(..., ExtraArgs={'ServerSideEncryption': 'aws:kms'}).
		if strings.Contains(lv, "aws:kms") {
			return true
		}
	}
	return false
}

// kmsAtRest reports whether a bucket or table of the template has default KMS encryption; known is false
// when the template does not say before deployment.
func kmsAtRest(r *cfn.Resource, resolver *cfn.Resolver) (kms, known bool, why string) {
	props := resolver.Resolve(r.Properties)
	switch r.Type {
	case "AWS::S3::Bucket":
		rules := props.Get("BucketEncryption", "ServerSideEncryptionConfiguration")
		if rules == nil {
			return false, true, "has no default encryption (SSE-S3 by S3's default)"
		}
		var algs []string
		for _, rule := range rules.Items() {
			alg := rule.Get("ServerSideEncryptionByDefault", "SSEAlgorithm")
			if alg.IsIntrinsic() {
				return false, false, "its SSEAlgorithm is unknown before deployment"
			}
			s, _ := alg.Str()
			if s == "aws:kms" || s == "aws:kms:dsse" {
				return true, true, ""
			}
			algs = append(algs, s)
		}
		if rules.Kind != cfn.List {
			return false, false, "its ServerSideEncryptionConfiguration is unknown before deployment"
		}
		return false, true, "has no default KMS encryption (" + strings.Join(algs, ", ") + ")"
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
		sse := props.Get("SSESpecification")
		on := sse.Get("SSEEnabled")
		if on.IsIntrinsic() || sse.Get("SSEType").IsIntrinsic() {
			return false, false, "its SSESpecification is unknown before deployment"
		}
		enabled, _ := on.Bool()
		typ, _ := sse.Get("SSEType").Str()
		if enabled && (typ == "" || typ == "KMS") {
			return true, true, ""
		}
		return false, true, "is encrypted only with an AWS owned key (no SSESpecification with KMS)"
	}
	return false, false, "is not a bucket or table"
}

func unencryptedWrites(f *function, calls []resolvedCall) outcome {
	var fails []finding.Finding
	var unknown []string
	writes := 0
	for _, c := range calls {
		if !writeOps[c.prefix][c.Operation] {
			continue
		}
		writes++
		if c.prefix == "s3" && kmsCall(c.Call) {
			continue
		}
		if c.target.logical == "" {
			why := c.target.why
			if why == "" {
				why = fmt.Sprintf("%s is not a resource of the template", c.target.name)
			}
			unknown = append(unknown, fmt.Sprintf("%s at %s: %s", c.Operation, c.where(), why))
			continue
		}
		kms, known, why := kmsAtRest(f.tpl.Resource(c.target.logical), f.resolver)
		switch {
		case !known:
			unknown = append(unknown, fmt.Sprintf("%s at %s: %s %s", c.Operation, c.where(), c.target.logical, why))
		case !kms:
			hint := ""
			if c.prefix == "s3" {
				hint = " and the call passes no ServerSideEncryption='aws:kms'/SSEKMSKeyId"
			}
			fails = append(fails, finding.Finding{Path: c.Path, Line: c.Line, Snippet: c.Snippet,
				Message: fmt.Sprintf("`%s` at `%s:%d` writes to %s, which %s%s", c.Operation, path.Base(c.Path), c.Line,
					c.target.logical, why, hint)})
		}
	}
	switch {
	case len(fails) > 0:
		return outcome{status: finding.StatusFail, findings: fails,
			message: fmt.Sprintf("%d of %d writes store data without KMS encryption", len(fails), writes)}
	case len(unknown) > 0:
		return notAssessed("the encryption of some writes is not known: %s", strings.Join(unknown, "; "))
	case writes == 0:
		return pass("the code writes to no bucket or table")
	}
	return pass("all %d writes go to KMS-encrypted resources or ask for SSE-KMS", writes)
}
