// Package bedrockconverse is the Amazon Bedrock adapter of package narrative: one Converse call per
// narrative, with the model, the token bound and a low temperature configured once.
package bedrockconverse

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"

	"github.com/attestdev/attest/shared/explain/narrative"
)

// DefaultModelID is Llama 3 70B Instruct, which Bedrock serves on demand in most regions.
const DefaultModelID = "meta.llama3-70b-instruct-v1:0"

// Defaults of the inference configuration: a narrative of five sentences fits in 400 tokens, and a low
// temperature keeps the model close to the facts it is given.
const (
	DefaultMaxTokens   = 400
	DefaultTemperature = 0.1
)

// ConverseAPI is the part of the Bedrock Runtime client the adapter calls.
type ConverseAPI interface {
	Converse(ctx context.Context, in *bedrockruntime.ConverseInput, opts ...func(*bedrockruntime.Options)) (*bedrockruntime.ConverseOutput, error)
}

// Model is a narrative.Model over Converse.
type Model struct {
	api         ConverseAPI
	modelID     string
	maxTokens   int32
	temperature float32
}

var _ narrative.Model = (*Model)(nil)

// Option configures a Model.
type Option func(*Model)

// WithModelID sets the model (a foundation-model ID or an inference-profile ID); empty keeps the default.
func WithModelID(id string) Option {
	return func(m *Model) {
		if id != "" {
			m.modelID = id
		}
	}
}

// WithMaxTokens bounds the reply.
func WithMaxTokens(n int32) Option {
	return func(m *Model) {
		if n > 0 {
			m.maxTokens = n
		}
	}
}

// New returns a Model over a Bedrock Runtime client.
func New(api ConverseAPI, opts ...Option) *Model {
	m := &Model{api: api, modelID: DefaultModelID, maxTokens: DefaultMaxTokens, temperature: DefaultTemperature}
	for _, o := range opts {
		o(m)
	}
	return m
}

// ModelID is the model the Model calls.
func (m *Model) ModelID() string { return m.modelID }

// ErrNoText is returned when the model answered without text (a guardrail or content filter stopped it).
var ErrNoText = errors.New("the model answered no text")

// Complete sends one user message with the system instructions and returns the reply's text.
func (m *Model) Complete(ctx context.Context, system, prompt string) (string, error) {
	in := &bedrockruntime.ConverseInput{
		ModelId: aws.String(m.modelID),
		Messages: []types.Message{{
			Role:    types.ConversationRoleUser,
			Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: prompt}},
		}},
		InferenceConfig: &types.InferenceConfiguration{MaxTokens: aws.Int32(m.maxTokens), Temperature: aws.Float32(m.temperature)},
	}
	if system != "" {
		in.System = []types.SystemContentBlock{&types.SystemContentBlockMemberText{Value: system}}
	}
	out, err := m.api.Converse(ctx, in)
	if err != nil {
		return "", fmt.Errorf("bedrock converse %s: %w", m.modelID, err)
	}
	if out.StopReason == types.StopReasonGuardrailIntervened || out.StopReason == types.StopReasonContentFiltered {
		return "", fmt.Errorf("bedrock converse %s: %w (stop reason %s)", m.modelID, ErrNoText, out.StopReason)
	}
	msg, ok := out.Output.(*types.ConverseOutputMemberMessage)
	if !ok {
		return "", fmt.Errorf("bedrock converse %s: %w", m.modelID, ErrNoText)
	}
	var b strings.Builder
	for _, c := range msg.Value.Content {
		if t, ok := c.(*types.ContentBlockMemberText); ok {
			b.WriteString(t.Value)
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", fmt.Errorf("bedrock converse %s: %w", m.modelID, ErrNoText)
	}
	return b.String(), nil
}
