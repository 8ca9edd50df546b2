package iac

import "github.com/attestdev/attest/shared/cfn"

// TypeS3Bucket is the CloudFormation and AWS Config type of an S3 bucket.
const TypeS3Bucket = "AWS::S3::Bucket"

// S3Bucket is what rules know about an S3 bucket.
type S3Bucket struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// SSEAlgorithm is the algorithm of the bucket's default encryption rule: AES256, aws:kms or aws:kms:dsse.
	// Absent when no rule names one.
	SSEAlgorithm Fact[string]
	// KMSMasterKeyID is the KMS key of that rule, when it names one.
	KMSMasterKeyID Fact[string]
	// PublicAccessBlock is the bucket-level Block Public Access configuration; nil when the bucket has none.
	PublicAccessBlock *PublicAccessBlock
	// Access holds versioning, logging, Object Lock, the canned ACL and the joined bucket policy.
	Access S3Access
}

// PublicAccessBlock is a bucket's Block Public Access configuration.
type PublicAccessBlock struct {
	Line  int    // where the configuration is in a template
	Flags [4]Tri // in the order of PublicAccessBlockFlags; an absent flag means false
}

// PublicAccessBlockFlags names the four settings, as CloudFormation spells them.
var PublicAccessBlockFlags = [4]string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}

func s3BucketFromTemplate(p templateProps) *S3Bucket {
	b := &S3Bucket{Line: p.res.Line}

	rules, state, line, why := p.lookup(p.props, "", "BucketEncryption", "ServerSideEncryptionConfiguration")
	switch {
	case state == Unknown:
		b.SSEAlgorithm, b.KMSMasterKeyID = Unknowable[string](why, line), Unknowable[string](why, line)
	case state == Absent:
		b.SSEAlgorithm, b.KMSMasterKeyID = Missing[string](line), Missing[string](line)
	case rules.Kind != cfn.List:
		w := p.malformed("BucketEncryption.ServerSideEncryptionConfiguration", rules, "a list")
		b.SSEAlgorithm, b.KMSMasterKeyID = Unknowable[string](w, line), Unknowable[string](w, line)
	default:
		b.SSEAlgorithm, b.KMSMasterKeyID = Missing[string](line), Missing[string](line)
		// S3 keeps one default-encryption rule; take the first that says anything.
		for _, rule := range rules.Items() {
			prefix := "BucketEncryption.ServerSideEncryptionConfiguration[]"
			alg := p.str(rule, prefix, "ServerSideEncryptionByDefault", "SSEAlgorithm")
			if alg.State == Absent {
				continue
			}
			b.SSEAlgorithm = alg
			b.KMSMasterKeyID = p.str(rule, prefix, "ServerSideEncryptionByDefault", "KMSMasterKeyID")
			break
		}
	}

	pab, state, line, why := p.lookup(p.props, "", "PublicAccessBlockConfiguration")
	switch state {
	case Absent:
	case Unknown:
		b.PublicAccessBlock = unknownBlock(why, line)
	default:
		if pab.Kind != cfn.Map {
			b.PublicAccessBlock = unknownBlock(p.malformed("PublicAccessBlockConfiguration", pab, "a mapping"), line)
			break
		}
		b.PublicAccessBlock = &PublicAccessBlock{Line: line}
		for i, flag := range PublicAccessBlockFlags {
			b.PublicAccessBlock.Flags[i] = p.tri(pab, "PublicAccessBlockConfiguration", flag)
		}
	}
	b.Access = p.s3AccessFromTemplate()
	return b
}

func unknownBlock(why string, line int) *PublicAccessBlock {
	pab := &PublicAccessBlock{Line: line}
	for i := range pab.Flags {
		pab.Flags[i] = Unknowable[bool](why, line)
	}
	return pab
}

// s3Encryption is supplementaryConfiguration.ServerSideEncryptionConfiguration.
type s3Encryption struct {
	Rules []struct {
		Default *struct {
			SSEAlgorithm   *string `json:"sseAlgorithm"`
			KMSMasterKeyID *string `json:"kmsMasterKeyID"`
		} `json:"applyServerSideEncryptionByDefault"`
	} `json:"rules"`
}

// s3PublicAccessBlock is supplementaryConfiguration.PublicAccessBlockConfiguration.
type s3PublicAccessBlock struct {
	BlockPublicAcls       *bool `json:"blockPublicAcls"`
	BlockPublicPolicy     *bool `json:"blockPublicPolicy"`
	IgnorePublicAcls      *bool `json:"ignorePublicAcls"`
	RestrictPublicBuckets *bool `json:"restrictPublicBuckets"`
}

// s3BucketFromConfig reads a bucket's configuration item. AWS Config records default encryption and Block
// Public Access in supplementaryConfiguration; an entry that is missing is unknown, because the item does not
// say whether the bucket has none or Config could not read it.
func s3BucketFromConfig(ci ConfigItem) *S3Bucket {
	b := &S3Bucket{}
	var enc s3Encryption
	if ok, why := ci.supplementary("ServerSideEncryptionConfiguration", &enc); !ok {
		b.SSEAlgorithm, b.KMSMasterKeyID = Unknowable[string](why, 0), Unknowable[string](why, 0)
	} else {
		b.SSEAlgorithm, b.KMSMasterKeyID = Missing[string](0), Missing[string](0)
		for _, r := range enc.Rules {
			if r.Default == nil || r.Default.SSEAlgorithm == nil {
				continue
			}
			b.SSEAlgorithm = Known(*r.Default.SSEAlgorithm, 0)
			if r.Default.KMSMasterKeyID != nil && *r.Default.KMSMasterKeyID != "" {
				b.KMSMasterKeyID = Known(*r.Default.KMSMasterKeyID, 0)
			}
			break
		}
	}

	var pab s3PublicAccessBlock
	if ok, why := ci.supplementary("PublicAccessBlockConfiguration", &pab); !ok {
		b.PublicAccessBlock = unknownBlock(why, 0)
	} else {
		b.PublicAccessBlock = &PublicAccessBlock{}
		for i, v := range [4]*bool{pab.BlockPublicAcls, pab.BlockPublicPolicy, pab.IgnorePublicAcls, pab.RestrictPublicBuckets} {
			if v == nil {
				b.PublicAccessBlock.Flags[i] = Missing[bool](0)
			} else {
				b.PublicAccessBlock.Flags[i] = Known(*v, 0)
			}
		}
	}
	b.Access = s3AccessFromConfig(ci)
	return b
}

// settings are the bucket's effective settings: an absent setting takes the value S3 applies by default.
func (b *S3Bucket) settings() []setting {
	out := []setting{effective("BucketEncryption.SSEAlgorithm", b.SSEAlgorithm, "AES256")}
	for i, flag := range PublicAccessBlockFlags {
		f := Missing[bool](0)
		if b.PublicAccessBlock != nil {
			f = b.PublicAccessBlock.Flags[i]
		}
		out = append(out, effective("PublicAccessBlockConfiguration."+flag, f, false))
	}
	return out
}
