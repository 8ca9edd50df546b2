package iac

// FactState says how much is known about a setting.
type FactState int

// Fact states. The zero value is Unknown, so a view field left unset never passes a rule by accident.
const (
	Unknown FactState = iota // the setting exists but its value is known only at deploy time, or not visible
	Absent                   // the setting is not configured: the service default applies
	Set                      // the setting has a known value
)

// Fact is one setting of a resource.
type Fact[T any] struct {
	State FactState
	Value T      // meaningful when State is Set
	Why   string // when State is Unknown: why, in a phrase ("BucketEncryption is unknown: parameter K has no default")
	// Line is where a template finding about the setting points: the setting's key, or, when it is absent, the
	// block that lacks it. 0 for Config items and for settings whose enclosing block is missing too.
	Line int
}

// Tri is a boolean setting that may be unknown.
type Tri = Fact[bool]

// Known returns a set fact.
func Known[T any](v T, line int) Fact[T] { return Fact[T]{State: Set, Value: v, Line: line} }

// Missing returns an absent fact.
func Missing[T any](line int) Fact[T] { return Fact[T]{State: Absent, Line: line} }

// Unknowable returns an unknown fact.
func Unknowable[T any](why string, line int) Fact[T] {
	return Fact[T]{State: Unknown, Why: why, Line: line}
}
