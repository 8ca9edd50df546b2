// Package narrative adds an optional plain-language narrative to an explanation, written by a language
// model (Amazon Bedrock through package bedrockconverse) from the explanation alone: the prompt holds the
// engine's result and the evidence it gathered, nothing else from the account.
//
// The model's reply is checked before it is kept: a reply that names a root-cause identifier the engine
// did not reach (other than those it ruled out), mentions a resource identifier (ARN, AWS resource ID,
// account number, IP address, UUID, log group or a quoted name) that is not in the explanation, is empty
// or is too long, is discarded with the reason. Without a model, or when the model fails or times out, the
// deterministic explanation stands alone and the status says why.
package narrative
