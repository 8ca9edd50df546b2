package envcheck

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed data/*.json
var dataFS embed.FS

// policyTable is the shape of the SAM policy template and managed policy data files.
type policyTable struct {
	Source    string                 `json:"source"`
	Templates map[string]tablePolicy `json:"templates"`
	Policies  map[string]tablePolicy `json:"policies"`
}

// tablePolicy is one policy of a data file: its statements and, for a managed policy that also grants
// services the file leaves out, the services it covers completely.
type tablePolicy struct {
	Partial    bool             `json:"partial"`
	Covers     []string         `json:"covers"`
	Statements []tableStatement `json:"statements"`
}

type tableStatement struct {
	Actions   []string        `json:"actions"`
	Resources []tableResource `json:"resources"`
}

// tableResource is a resource of a SAM policy template: the template parameter that names it, and whether
// the grant is on what the resource contains (bucket objects, table indexes, streams) rather than on itself.
type tableResource struct {
	Any   bool   `json:"any"`
	Param string `json:"param"`
	Sub   bool   `json:"sub"`
}

// actionTable maps SDK operations to IAM actions.
type actionTable struct {
	Services         map[string]string   `json:"services"`
	Actions          map[string][]string `json:"actions"`
	None             []string            `json:"none"`
	DependsOnRequest []string            `json:"dependsOnRequest"`
	Endpoints        map[string]struct {
		Name    string `json:"name"`
		Gateway bool   `json:"gateway"`
	} `json:"endpoints"`
}

type tables struct {
	sam     map[string]tablePolicy
	managed map[string]tablePolicy
	actions actionTable
	// none and depends hold the lower-case keys of the operations that need no permission and of those whose
	// actions depend on the request: IAM action names ignore case.
	none, depends map[string]bool
}

// loadTables reads the embedded data files once. They are part of the binary and checked by tests, so an
// error here is a build defect; it is still returned, not panicked on.
var loadTables = sync.OnceValues(func() (*tables, error) {
	read := func(name string, v any) error {
		b, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		return nil
	}
	var sam, managed policyTable
	t := &tables{none: map[string]bool{}, depends: map[string]bool{}}
	if err := read("sam_policy_templates.json", &sam); err != nil {
		return nil, err
	}
	if err := read("managed_policies.json", &managed); err != nil {
		return nil, err
	}
	if err := read("actions.json", &t.actions); err != nil {
		return nil, err
	}
	t.sam, t.managed = sam.Templates, managed.Policies
	for _, a := range t.actions.None {
		t.none[strings.ToLower(a)] = true
	}
	for _, a := range t.actions.DependsOnRequest {
		t.depends[strings.ToLower(a)] = true
	}
	return t, nil
})

// iamPrefix is the IAM service prefix of an SDK service name (boto3 client name, JS client package suffix,
// Go or Java package name); "" when the table does not know it.
func (t *tables) iamPrefix(sdkName string) string {
	return t.actions.Services[strings.ToLower(sdkName)]
}

// iamActions returns the IAM actions an operation needs. none is true for an operation that needs no
// permission; unknown is true when the actions depend on the request.
func (t *tables) iamActions(prefix, op string) (actions []string, none, unknown bool) {
	key := prefix + ":" + op
	lk := strings.ToLower(key)
	if t.none[lk] {
		return nil, true, false
	}
	if t.depends[lk] {
		return nil, false, true
	}
	if a, ok := t.actions.Actions[key]; ok {
		return a, false, false
	}
	return []string{key}, false, false
}

// endpointName is the VPC endpoint service name suffix (com.amazonaws.<region>.<name>) for an IAM prefix, and
// whether the service offers a gateway endpoint.
func (t *tables) endpointName(prefix string) (string, bool) {
	if e, ok := t.actions.Endpoints[prefix]; ok {
		return e.Name, e.Gateway
	}
	return prefix, false
}
