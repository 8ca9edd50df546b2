// Package kmssign signs evidence manifests with an AWS KMS asymmetric key (ML_DSA_65, or ECC_NIST_P384 where
// ML-DSA is not offered).
package kmssign

import (
	"context"
	"fmt"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// API is the part of the KMS client used.
type API interface {
	Sign(ctx context.Context, in *kms.SignInput, opts ...func(*kms.Options)) (*kms.SignOutput, error)
	GetPublicKey(ctx context.Context, in *kms.GetPublicKeyInput, opts ...func(*kms.Options)) (*kms.GetPublicKeyOutput, error)
}

// Signer signs with one KMS key.
type Signer struct {
	api    API
	keyARN string
	alg    types.SigningAlgorithmSpec
	pub    *evidence.PublicKey
}

// New reads the key's public half and picks the signing algorithm from its key spec.
func New(ctx context.Context, api API, keyID string) (*Signer, error) {
	out, err := api.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: aws.String(keyID)})
	if err != nil {
		return nil, fmt.Errorf("get public key of %s: %w", keyID, err)
	}
	var alg types.SigningAlgorithmSpec
	switch out.KeySpec {
	case types.KeySpecMlDsa65:
		alg = types.SigningAlgorithmSpecMlDsaShake256
	case types.KeySpecEccNistP384:
		alg = types.SigningAlgorithmSpecEcdsaSha384
	default:
		return nil, fmt.Errorf("signing key %s has key spec %s; want ML_DSA_65 or ECC_NIST_P384", keyID, out.KeySpec)
	}
	pub, err := evidence.ParsePublicKey(out.PublicKey, "")
	if err != nil {
		return nil, fmt.Errorf("public key of %s: %w", keyID, err)
	}
	return &Signer{api: api, keyARN: aws.ToString(out.KeyId), alg: alg, pub: pub}, nil
}

// Sign signs the statement (RAW: KMS hashes for ECDSA; ML-DSA signs the message itself, with an empty context).
func (s *Signer) Sign(ctx context.Context, statement []byte) ([]byte, error) {
	out, err := s.api.Sign(ctx, &kms.SignInput{KeyId: aws.String(s.keyARN), Message: statement, MessageType: types.MessageTypeRaw, SigningAlgorithm: s.alg})
	if err != nil {
		return nil, fmt.Errorf("kms sign with %s: %w", s.keyARN, err)
	}
	return out.Signature, nil
}

// KeyID is the published key's ID (derived from its public key, as for local keys).
func (s *Signer) KeyID() string { return s.pub.ID }

// Algorithm is the algorithm name written into manifests.
func (s *Signer) Algorithm() string { return string(s.alg) }

// Public returns the verifying key, to be published beside the packs.
func (s *Signer) Public() *evidence.PublicKey { return s.pub }
