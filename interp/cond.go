package interp

import (
	"errors"
	"strconv"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// trap is the setting of one condition trap in an activation.
type trap struct {
	on      bool
	signal  bool   // SIGNAL ON; otherwise CALL ON
	label   string // routine or label to go to
	delayed bool   // a CALL ON handler for it is running
}

// condInfo is what CONDITION() reports about the condition being handled.
type condInfo struct {
	name, desc, instr, status string
}

// raise raises a condition other than SYNTAX. With no trap set it is
// ignored (FAILURE falls back to an ERROR trap, as REXX says); SIGNAL ON
// returns a jump, CALL ON queues the handler for the end of the clause.
func (a *activation) raise(name, desc string) error {
	t := a.traps[name]
	if name == "FAILURE" && (t == nil || !t.on) {
		name, t = "ERROR", a.traps["ERROR"]
	}
	if t == nil || !t.on {
		return nil
	}
	info := &condInfo{name: name, desc: desc, status: "ON"}
	if t.signal {
		info.instr = "SIGNAL"
		t.on = false
		a.cond = info
		a.setSIGL()
		return &jumpSignal{label: t.label}
	}
	if t.delayed {
		return nil
	}
	info.instr = "CALL"
	a.pending = append(a.pending, info)
	return nil
}

func (a *activation) setSIGL() {
	v := a.pool.simple("SIGL")
	v.val, v.set = Int(int64(a.line)), true
}

// novalue is called when an unset variable is used: with SIGNAL ON
// NOVALUE it jumps, otherwise the variable's name is its value.
func (a *activation) novalue(name string, v Value) (Value, error) {
	if t := a.traps["NOVALUE"]; t != nil && t.on {
		return Value{}, a.raise("NOVALUE", name)
	}
	return v, nil
}

// syntaxTrap handles a REXX error under SIGNAL ON SYNTAX: it sets RC and
// SIGL and returns the jump, or returns nil when the error is not trapped.
func (a *activation) syntaxTrap(err error) error {
	t := a.traps["SYNTAX"]
	if t == nil || !t.on {
		return nil
	}
	// An error already positioned was raised in a routine this one
	// called, whose own trap settings did not catch it: the caller's
	// traps do not see it (ANSI; Regina stops the program).
	var positioned *Error
	if errors.As(err, &positioned) {
		return nil
	}
	var re *rexxerr.Error
	if !errors.As(err, &re) {
		return nil
	}
	t.on = false
	// CONDITION('D') is the secondary message as Regina prints it, or
	// the main message when Regina has none.
	desc := rexxerr.Text(re.Code)
	if re.Detail != "" && !re.ReportOnly {
		desc = "Error " + strconv.Itoa(re.Code) + "." + strconv.Itoa(re.Sub) + ": " + re.Detail
	}
	a.cond = &condInfo{name: "SYNTAX", desc: desc, instr: "SIGNAL", status: "ON"}
	a.pool.simple("RC").val, a.pool.simple("RC").set = Int(int64(re.Code)), true
	a.setSIGL()
	return &jumpSignal{label: t.label}
}

// clauseEnd handles what waits for the end of a clause: HALT (Ctrl-C)
// and CALL ON handlers. next is the clause to run after it: while a
// handler runs, the caller stands at that clause, as Regina's traceback
// shows, though SIGL is the line that raised the condition.
func (a *activation) clauseEnd(next int) error {
	if a.in.halt.Swap(false) {
		t := a.traps["HALT"]
		if t == nil || !t.on {
			return rxErr(4, 1, "Program interrupted with HALT condition")
		}
		desc := "SIGINT"
		if d := a.in.haltDesc.Load(); d != nil {
			desc = *d
		}
		if err := a.raise("HALT", desc); err != nil {
			return err
		}
	}
	for len(a.pending) > 0 {
		info := a.pending[0]
		a.pending = a.pending[1:]
		t := a.traps[info.name]
		t.delayed = true
		a.setSIGL()
		savePC, saveLine := a.pc, a.line
		if _, ok := a.main.labels[t.label]; ok && next >= 0 && next < len(a.code.clauses) {
			a.pc, a.line = next, a.code.clauses[next].line()
		}
		_, _, err := a.callLabel(t.label, nil, "SUBROUTINE", info)
		if err == nil {
			a.pc, a.line = savePC, saveLine
		}
		t.delayed = false
		if err != nil {
			return err
		}
	}
	return nil
}
