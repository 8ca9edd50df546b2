package envcheck

import (
	"strings"
	"unicode"
)

// Call is one AWS SDK call found in code.
type Call struct {
	// Service is the SDK's name for the service (boto3 client name, JS client package suffix, Go or Java
	// package); Operation is the API operation (PutObject).
	Service   string
	Operation string
	Path      string
	Line      int
	Snippet   string
	// Params are the request parameters the call passes, by lower-case name, with their source text.
	Params map[string]string
	// Env is the environment variable the call's target (bucket, table, queue …) is read from, when the code
	// reads it from one; Literal is the target when the code spells it out.
	Env     string
	Literal string
	// InLoop is set when the call sits in a loop of its function.
	InLoop bool
	// Paginated is set when the call goes through a paginator (all pages are read).
	Paginated bool
}

// has reports whether the call passes a parameter.
func (c Call) has(name string) bool {
	_, ok := c.Params[strings.ToLower(name)]
	return ok
}

// targetParams are the request parameters that name the resource a call acts on.
var targetParams = []string{"bucket", "tablename", "queueurl", "topicarn", "statemachinearn", "secretid", "functionname", "streamname", "deliverystreamname", "name"}

// snakeToPascal turns a boto3 method name into its operation name: put_object → PutObject,
// list_objects_v2 → ListObjectsV2.
func snakeToPascal(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if part == "" {
			continue
		}
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// upperFirst turns a JavaScript or Java method name into its operation name: putObject → PutObject.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
