package iac

// mustBeSet is the check of rules that need a setting to be given: absent fails with missing, unknown is not
// assessed, and any value passes with passed (which may use %s for the value).
func mustBeSet(f Fact[string], fallback int, missing, passed string) Result {
	switch f.State {
	case Unknown:
		return NotAssessedAt(f.Line, "%s", f.Why)
	case Absent:
		return Fail(lineOr(f.Line, fallback), "%s", missing)
	}
	return Pass(passed, f.Value)
}

// mustBeTrue is the check of rules that need a boolean setting to be true; absent takes the service default,
// false.
func mustBeTrue(f Tri, fallback int, name, why string) Result {
	switch {
	case f.State == Unknown:
		return NotAssessedAt(f.Line, "%s", f.Why)
	case f.State == Absent:
		return Fail(lineOr(f.Line, fallback), "%s is not set (defaults to false): %s", name, why)
	case !f.Value:
		return Fail(lineOr(f.Line, fallback), "%s is false: %s", name, why)
	}
	return Pass("%s is true", name)
}

func lineOr(line, fallback int) int {
	if line > 0 {
		return line
	}
	return fallback
}
