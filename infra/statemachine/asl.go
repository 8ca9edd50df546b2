package statemachine

// Machine is a state machine definition in the Amazon States Language (the JSONPath dialect).
type Machine struct {
	Comment        string           `json:"Comment,omitempty"`
	StartAt        string           `json:"StartAt"`
	TimeoutSeconds int              `json:"TimeoutSeconds,omitempty"`
	States         map[string]State `json:"States"`
}

// Branch is one branch of a Parallel state.
type Branch struct {
	StartAt string           `json:"StartAt"`
	States  map[string]State `json:"States"`
}

// State is any state; the fields that apply depend on Type.
type State struct {
	Type    string `json:"Type"`
	Comment string `json:"Comment,omitempty"`

	// Task
	Resource       string    `json:"Resource,omitempty"`
	TimeoutSeconds int       `json:"TimeoutSeconds,omitempty"`
	Retry          []Retrier `json:"Retry,omitempty"`
	Catch          []Catcher `json:"Catch,omitempty"`

	// Parallel
	Branches []Branch `json:"Branches,omitempty"`

	// Pass
	Result any `json:"Result,omitempty"`

	// Task, Parallel, Pass
	ResultPath string `json:"ResultPath,omitempty"`

	// Choice
	Choices []ChoiceRule `json:"Choices,omitempty"`
	Default string       `json:"Default,omitempty"`

	// Fail
	Error     string `json:"Error,omitempty"`
	Cause     string `json:"Cause,omitempty"`
	ErrorPath string `json:"ErrorPath,omitempty"`
	CausePath string `json:"CausePath,omitempty"`

	Next string `json:"Next,omitempty"`
	End  bool   `json:"End,omitempty"`
}

// Retrier is one entry of a state's Retry list.
type Retrier struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds int      `json:"IntervalSeconds"`
	MaxAttempts     int      `json:"MaxAttempts"`
	BackoffRate     float64  `json:"BackoffRate"`
	MaxDelaySeconds int      `json:"MaxDelaySeconds,omitempty"`
	JitterStrategy  string   `json:"JitterStrategy,omitempty"`
}

// Catcher is one entry of a state's Catch list.
type Catcher struct {
	ErrorEquals []string `json:"ErrorEquals"`
	ResultPath  string   `json:"ResultPath,omitempty"`
	Next        string   `json:"Next"`
}

// ChoiceRule is one rule of a Choice state: a comparison on Variable, or an And of nested rules. Next is set on
// top-level rules only.
type ChoiceRule struct {
	Variable     string       `json:"Variable,omitempty"`
	StringEquals *string      `json:"StringEquals,omitempty"`
	IsPresent    *bool        `json:"IsPresent,omitempty"`
	IsString     *bool        `json:"IsString,omitempty"`
	And          []ChoiceRule `json:"And,omitempty"`
	Next         string       `json:"Next,omitempty"`
}
