package explain

// ContextDir is the folder of an alarm pack that holds the context snapshot an explanation rests on:
// `attest explain --event event.json --context context` in an unpacked pack explains the alarm again
// offline.
const ContextDir = "context"

// RecordedContext is a Context that keeps every answer it passes on, so that the context an explanation
// used can be stored beside it. Package snapshot implements it (snapshot.Record); explain declares it
// because the step consumes it and snapshot already imports explain.
type RecordedContext interface {
	Context
	// PackFiles returns what was recorded as snapshot files (file name → AWS CLI v2 JSON, plus a README of
	// the calls that failed), redacted for the pack of explanation e: e's evidence decides which policy
	// documents and log messages are kept.
	PackFiles(e *Explanation) (map[string][]byte, error)
}

// RedactText masks the secrets an explanation's texts are masked for (access key ids, passwords, tokens,
// private keys, credentials in URLs): the same masking as Explanation.Redacted, for context stored with it.
func RedactText(s string) string { return redactSecrets(s) }
