package event

import (
	"fmt"
	"strings"
)

// ChildAlarms returns the names of the alarms a composite alarm's rule refers to, each once, in the rule's
// order (none for a metric alarm). A child named by ARN is returned by its name. It returns an error when the rule cannot be read.
func (a *AlarmStateChange) ChildAlarms() ([]string, error) {
	if !a.IsComposite() {
		return nil, nil
	}
	refs, err := ParseAlarmRule(a.Configuration.AlarmRule)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range refs {
		if !seen[r.Alarm] {
			seen[r.Alarm] = true
			out = append(out, r.Alarm)
		}
	}
	return out, nil
}

// AlarmRef is one reference to a child alarm in a composite alarm rule: ALARM("orders-errors") is
// {State: "ALARM", Alarm: "orders-errors"}.
type AlarmRef struct {
	State string
	Alarm string
}

// maxRuleLength is CloudWatch's limit on an alarm rule.
const maxRuleLength = 10240

// ParseAlarmRule reads a composite alarm rule: state functions ALARM, OK and INSUFFICIENT_DATA over alarm
// names (quoted or bare) or ARNs, AT_LEAST(n, STATE, (alarms…)), TRUE and FALSE, combined with AND, OR, NOT
// and parentheses.
func ParseAlarmRule(rule string) ([]AlarmRef, error) {
	if len(rule) > maxRuleLength {
		return nil, &MalformedError{Field: "alarmRule", Reason: fmt.Sprintf("rule is %d characters; the limit is %d", len(rule), maxRuleLength)}
	}
	p := &ruleParser{s: rule}
	if err := p.expr(0); err != nil {
		return nil, &MalformedError{Field: "alarmRule", Reason: err.Error()}
	}
	p.space()
	if p.i < len(p.s) {
		return nil, &MalformedError{Field: "alarmRule", Reason: fmt.Sprintf("unexpected %q at offset %d", p.rest(), p.i)}
	}
	return p.refs, nil
}

type ruleParser struct {
	s    string
	i    int
	refs []AlarmRef
}

// maxRuleDepth bounds nesting so a hostile rule cannot exhaust the stack.
const maxRuleDepth = 100

func (p *ruleParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *ruleParser) rest() string {
	r := p.s[p.i:]
	if len(r) > 20 {
		r = r[:20]
	}
	return r
}

func (p *ruleParser) word() string {
	p.space()
	j := p.i
	for j < len(p.s) && (p.s[j] == '_' || p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= 'a' && p.s[j] <= 'z') {
		j++
	}
	return p.s[p.i:j]
}

func (p *ruleParser) expect(c byte) error {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != c {
		if p.i >= len(p.s) {
			return fmt.Errorf("expected %q at end of rule", c)
		}
		return fmt.Errorf("expected %q at offset %d, found %q", c, p.i, p.rest())
	}
	p.i++
	return nil
}

// expr := term { (AND|OR) term }
func (p *ruleParser) expr(depth int) error {
	if depth > maxRuleDepth {
		return fmt.Errorf("nested more than %d levels", maxRuleDepth)
	}
	if err := p.term(depth); err != nil {
		return err
	}
	for {
		w := p.word()
		if w != "AND" && w != "OR" {
			return nil
		}
		p.i += len(w)
		if err := p.term(depth); err != nil {
			return err
		}
	}
}

// term := NOT term | ( expr ) | TRUE | FALSE | STATE(alarm) | AT_LEAST(n, STATE, (alarm, …))
func (p *ruleParser) term(depth int) error {
	if depth > maxRuleDepth {
		return fmt.Errorf("nested more than %d levels", maxRuleDepth)
	}
	p.space()
	if p.i >= len(p.s) {
		return fmt.Errorf("rule ends where a condition was expected")
	}
	if p.s[p.i] == '(' {
		p.i++
		if err := p.expr(depth + 1); err != nil {
			return err
		}
		return p.expect(')')
	}
	w := p.word()
	switch w {
	case "NOT":
		p.i += len(w)
		return p.term(depth + 1)
	case "TRUE", "FALSE":
		p.i += len(w)
		return nil
	case StateAlarm, StateOK, StateInsufficientData:
		p.i += len(w)
		if err := p.expect('('); err != nil {
			return err
		}
		name, err := p.alarmName()
		if err != nil {
			return err
		}
		p.refs = append(p.refs, AlarmRef{State: w, Alarm: name})
		return p.expect(')')
	case "AT_LEAST":
		p.i += len(w)
		return p.atLeast()
	case "":
		return fmt.Errorf("unexpected %q at offset %d", p.rest(), p.i)
	default:
		return fmt.Errorf("unknown function or operator %q at offset %d", w, p.i)
	}
}

func (p *ruleParser) atLeast() error {
	if err := p.expect('('); err != nil {
		return err
	}
	p.space()
	j := p.i
	for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '%') {
		j++
	}
	if j == p.i {
		return fmt.Errorf("AT_LEAST needs a count at offset %d", p.i)
	}
	p.i = j
	if err := p.expect(','); err != nil {
		return err
	}
	state := p.word()
	p.i += len(state)
	switch state {
	case StateAlarm, StateOK, StateInsufficientData, "NOT_ALARM", "NOT_OK", "NOT_INSUFFICIENT_DATA":
	default:
		return fmt.Errorf("AT_LEAST needs a state, found %q", state)
	}
	if err := p.expect(','); err != nil {
		return err
	}
	if err := p.expect('('); err != nil {
		return err
	}
	for {
		name, err := p.alarmName()
		if err != nil {
			return err
		}
		p.refs = append(p.refs, AlarmRef{State: state, Alarm: name})
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		break
	}
	if err := p.expect(')'); err != nil {
		return err
	}
	return p.expect(')')
}

// alarmName reads a quoted name (with \" and \\ escapes) or a bare name up to the closing parenthesis or
// comma. An ARN is reduced to the alarm's name.
func (p *ruleParser) alarmName() (string, error) {
	p.space()
	if p.i >= len(p.s) {
		return "", fmt.Errorf("rule ends where an alarm name was expected")
	}
	var name string
	if p.s[p.i] == '"' {
		var b strings.Builder
		p.i++
		for {
			if p.i >= len(p.s) {
				return "", fmt.Errorf("unterminated quoted alarm name")
			}
			c := p.s[p.i]
			p.i++
			if c == '\\' && p.i < len(p.s) {
				b.WriteByte(p.s[p.i])
				p.i++
				continue
			}
			if c == '"' {
				break
			}
			b.WriteByte(c)
		}
		name = b.String()
	} else {
		j := p.i
		for j < len(p.s) && p.s[j] != ')' && p.s[j] != ',' && p.s[j] != '(' {
			j++
		}
		name = strings.TrimSpace(p.s[p.i:j])
		p.i = j
	}
	if name == "" {
		return "", fmt.Errorf("empty alarm name at offset %d", p.i)
	}
	if strings.HasPrefix(name, "arn:") {
		if k := strings.Index(name, ":alarm:"); k >= 0 {
			name = name[k+len(":alarm:"):]
		}
	}
	return name, nil
}
