package lxd

import (
	"strings"
	"testing"
)

// TestUnknownCommandSuggests: a mistyped command word is answered with
// the nearest command names and then, once, the list of all of them; a
// word near to nothing gets the list alone.
func TestUnknownCommandSuggests(t *testing.T) {
	env := offline()
	tests := []struct {
		cmd, want string
	}{
		{"lsit", "did you mean list?"},
		{"LSIT", "did you mean list?"},
		{"exe name=c1 command=true", "did you mean exec or execute?"},
		{"exectue name=c1 command=true", "did you mean execute?"},
		{"stat", "did you mean start or status?"},
		{"clone_form_base base=b name=c", "did you mean clone_from_base?"},
		{"snapshots name=c1", "did you mean snapshot?"},
		{"frobnicate", ""},
	}
	for _, tt := range tests {
		rc, vars := run(t, env, tt.cmd)
		out := vars["RESULT.OUTPUT"]
		if rc != RCUnknownCommand {
			t.Errorf("%q: RC %d, want %d", tt.cmd, rc, RCUnknownCommand)
		}
		if tt.want == "" {
			if strings.Contains(out, "did you mean") {
				t.Errorf("%q: a suggestion for a word near no command: %s", tt.cmd, out)
			}
		} else if !strings.Contains(out, tt.want) {
			t.Errorf("%q: %q lacks %q", tt.cmd, out, tt.want)
		}
		if n := strings.Count(out, "clone_from_base,"); n != 1 {
			t.Errorf("%q: the command list shows %d times, want once: %s", tt.cmd, n, out)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"list", "list", 0}, {"lsit", "list", 1}, {"", "abc", 3},
		{"stop", "start", 3}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
	} {
		if d := editDistance(tt.a, tt.b); d != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
		if d := editDistance(tt.b, tt.a); d != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.b, tt.a, d, tt.d)
		}
	}
}

// TestFailureNamesInstance: the message of a failed command on one
// instance names it, also when LXD's words do not; a reason that names it
// already is left as it is, and so is a failure recorded apart (execute's
// exit status, whose OUTPUT is the guest's).
func TestFailureNamesInstance(t *testing.T) {
	tests := []struct {
		op     string
		args   cmdArgs
		reason string
		want   string
	}{
		{"execute", cmdArgs{"name": "web-1"}, "LXD: Instance is not running", "execute: web-1: LXD: Instance is not running"},
		{"restart", cmdArgs{"name": "web-1"}, "LXD: The instance is already stopped", "restart: web-1: LXD: The instance is already stopped"},
		{"start", cmdArgs{"name": "web-1"}, "no instance web-1: LXD: Instance not found", "start: no instance web-1: LXD: Instance not found"},
		{"start", cmdArgs{"name": "web-1"}, "no instance web-10", "start: web-1: no instance web-10"},
		{"copy", cmdArgs{"source": "a1", "destination": "b1"}, "LXD: boom", "copy: a1: LXD: boom"},
		{"copy", cmdArgs{"source": "a1", "destination": "b1"}, "b1 exists", "copy: b1 exists"},
		{"status", cmdArgs{}, "LXD: boom", "status: LXD: boom"},
	}
	for _, tt := range tests {
		res := &result{}
		res.fail(tt.op, tt.reason)
		nameInstance(tt.op, tt.args, res)
		if res.output != tt.want || res.errorText() != tt.want {
			t.Errorf("%s %v: OUTPUT %q, ERROR %q; want %q", tt.op, tt.args, res.output, res.errorText(), tt.want)
		}
	}
	res := &result{output: "guest output"}
	res.reason = "the command exited with status 1 in web-1"
	res.err = "execute: " + res.reason
	nameInstance("execute", cmdArgs{"name": "web-1"}, res)
	if res.output != "guest output" || res.err != "execute: the command exited with status 1 in web-1" {
		t.Errorf("an exit status failure was changed: OUTPUT %q ERROR %q", res.output, res.err)
	}
}

// TestUnknownKeySuggests: a mistyped key gets the command's nearest keys
// before the list of all of them; a key near none gets the list alone.
func TestUnknownKeySuggests(t *testing.T) {
	env := offline()
	for _, tt := range []struct{ cmd, want string }{
		{"start nmae=c1", "unknown key nmae= (did you mean name=?; valid keys: name, "},
		{"stop name=c1 froce=true", "(did you mean force=?; valid keys: "},
		{"start name=c1 frobnicate=1", "unknown key frobnicate= (valid keys: name, "},
	} {
		rc, vars := run(t, env, tt.cmd)
		if rc != RCUsage || !strings.Contains(vars["RESULT.OUTPUT"], tt.want) {
			t.Errorf("%q: RC %d, %q; want RC %d and %q", tt.cmd, rc, vars["RESULT.OUTPUT"], RCUsage, tt.want)
		}
	}
}
