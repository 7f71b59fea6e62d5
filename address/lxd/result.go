package lxd

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rexxlxd/rexxlxd/interp"
)

// result collects what one command reports, to be written to the caller's
// RESULT. stem in one go once the command is over. Fields keep the order
// they were set in, which is also the order they are written.
type result struct {
	operation string
	success   bool
	output    string // human message; also the simple variable RESULT
	err       string // RESULT.ERROR: why the command failed, '' when it did not
	lxdError  string // LXD's own error text, '' when LXD reported none
	elapsed   time.Duration
	exitCode  int // execute: the guest command's exit status, which is RC
	// exitedNonZero: execute's command ran to its end and exited non-zero
	// (the guest said no), as opposed to a command that failed to run.
	exitedNonZero bool
	fields        []field        // command fields: CONTAINER, IMAGE, STATUS, ...
	isList        bool           // a list command: RESULT.0 and rows are written
	rows          [][]field      // list rows: RESULT.i.NAME, ...
	index         map[string]int // tail -> position in fields, for set's overwrite
	change        changeState    // what the command says it changed; see trackChange
	reason        string         // why it failed, without the command's name (see fail)
	cause         error          // the error it failed with, if any
}

// fail records that the command op failed and why. reason says what and
// where but not which command: the message (RESULT.OUTPUT and, unless
// set otherwise, RESULT.ERROR) puts op first, and a fleet's summary puts
// the instance first instead, so the text is built once, never edited.
func (r *result) fail(op, reason string) {
	r.success = false
	r.reason = reason
	r.output = op + ": " + reason
}

// why is the reason a failed command gave, without its name.
func (r *result) why() string {
	if r.reason != "" {
		return r.reason
	}
	return "failed"
}

// changeState is what a command that declares changes says it did, for
// RESULT.CHANGED; see trackChange.
type changeState int

const (
	changeUnsaid changeState = iota // CHANGED follows success
	changeNone                      // it succeeded with nothing to do (ensure=, a value already set)
	changeMade                      // it changed something, even if it fails later
)

// unchanged says the command succeeds without changing anything: what
// ensure= (or set's value) asked for was so already.
func (r *result) unchanged() { r.change = changeNone }

// madeChange says the command has changed something, whatever follows.
func (r *result) madeChange() { r.change = changeMade }

// trackChange sets RESULT.CHANGED of a command that declares changes, in
// one place for all of them: 1 when it changed something (it said so, or
// it succeeded without saying there was nothing to do), else 0.
func (r *result) trackChange(err error) {
	made := r.change == changeMade || err == nil && r.change != changeNone
	r.set("CHANGED", boolString(made))
}

// warn records a warning in RESULT.WARNING of res and writes it as one
// line to the caller's error stream.
func (e *view) warn(res *result, msg string) {
	res.set("WARNING", msg)
	if e.out.stderr != nil {
		fmt.Fprintf(e.out.stderr, "Warning: %s: %s\n", res.operation, msg)
	}
}

type field struct{ tail, value string }

// set records the command field RESULT.<tail>; tail is upper-case. Setting
// a field twice keeps the last value.
func (r *result) set(tail, value string) {
	if r.index == nil {
		r.index = map[string]int{}
	}
	if i, ok := r.index[tail]; ok {
		r.fields[i].value = value
		return
	}
	r.index[tail] = len(r.fields)
	r.fields = append(r.fields, field{tail, value})
}

// get returns a command field set earlier, or "".
func (r *result) get(tail string) string {
	if i, ok := r.index[tail]; ok {
		return r.fields[i].value
	}
	return ""
}

// addRow appends one element of a list result: RESULT.i.<tail> for each
// field, i counting from 1.
func (r *result) addRow(fields ...field) {
	r.isList = true
	r.rows = append(r.rows, fields)
}

// write replaces the caller's RESULT. stem and RESULT variable with this
// result. Fields of an earlier command never survive: the stem is dropped
// first. The common fields come first, then the command's, then the rows.
func (r *result) write(vars interp.Variables) {
	vars.DropStem("RESULT.")
	vars.Set("RESULT.SUCCESS", boolString(r.success))
	vars.Set("RESULT.OPERATION", r.operation)
	vars.Set("RESULT.OUTPUT", r.output)
	vars.Set("RESULT.ERROR", r.errorText())
	vars.Set("RESULT.ELAPSEDMS", strconv.FormatInt(r.elapsed.Milliseconds(), 10))
	for _, f := range r.fields {
		vars.Set("RESULT."+f.tail, f.value)
	}
	if r.isList {
		vars.Set("RESULT.0", strconv.Itoa(len(r.rows)))
	}
	for i, row := range r.rows {
		prefix := "RESULT." + strconv.Itoa(i+1) + "."
		for _, f := range row {
			vars.Set(prefix+f.tail, f.value)
		}
	}
	vars.Set("RESULT", r.output)
}

// errorText is RESULT.ERROR: ” for a command that succeeded, else the
// reason, which is never ” (the message when nothing more precise was
// recorded), so scripts can test either SUCCESS or ERROR.
func (r *result) errorText() string {
	if r.success {
		return ""
	}
	if r.err != "" {
		return r.err
	}
	if r.output != "" {
		return r.output
	}
	return r.operation + ": failed"
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
