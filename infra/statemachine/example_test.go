package statemachine_test

import (
	"encoding/json"
	"fmt"

	"github.com/attestdev/attest/infra/statemachine"
)

// A stack generates the definition with placeholders and passes the function ARNs as
// DefinitionSubstitutions under SubstitutionKey.
func ExampleDefinition() {
	def, err := statemachine.Definition(statemachine.Placeholders())
	if err != nil {
		fmt.Println(err)
		return
	}
	var m statemachine.Machine
	if err := json.Unmarshal(def, &m); err != nil {
		fmt.Println(err)
		return
	}
	fetch := m.States[statemachine.Fetch.State]
	fmt.Println(m.StartAt)
	fmt.Println(fetch.Resource, statemachine.SubstitutionKey(statemachine.Fetch))
	fmt.Println(fetch.Catch[0].Next, "->", m.States[fetch.Catch[0].Next].Next)
	// Output:
	// Route
	// ${FetchFunctionArn} FetchFunctionArn
	// FetchFailed -> Evidence
}
