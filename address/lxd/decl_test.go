package lxd

import (
	"slices"
	"strings"
	"testing"
)

// TestValuesCheckedBeforeFleet: a bad value of a declared kind is one
// usage error for the whole command, named once, before any instance of
// a name list is touched; it used to be found by each member in turn
// ("stop: 2 of 2 failed: a: force=maybe ...; b: force=maybe ...").
func TestValuesCheckedBeforeFleet(t *testing.T) {
	env := offline()
	for cmd, want := range map[string]string{
		"stop name=a,b force=maybe":                    "stop: force=maybe is not a truth value",
		"execute name=a,b command=true stream=perhaps": "execute: stream=perhaps is not a truth value",
		"push name=a,b target=/x content=y mode=9":     "push: mode=9 is no octal file mode",
		"pull name=a,b source=/x maxsize=-1":           "pull: maxsize=-1 is not a size in bytes",
		"wait name=a,b for=later":                      "wait: for=later must be running, ready, ipv4 or stopped",
		"restart name=a,b timeout=-1":                  "restart: timeout=-1 is not a number of seconds above 0",
		"mount name=a,b source=/s path=/p readonly=x":  "mount: readonly=x is not a truth value",
	} {
		rc, vars := run(t, env, cmd)
		if rc != RCUsage || !strings.HasPrefix(vars["RESULT.ERROR"], want) {
			t.Errorf("%q: RC %d, ERROR %q, want RC %d and a message starting %q", cmd, rc, vars["RESULT.ERROR"], RCUsage, want)
		}
		if _, isList := vars["RESULT.0"]; isList {
			t.Errorf("%q: a list result (RESULT.0) for a usage error of the whole command", cmd)
		}
	}
}

// TestCanonicalValues: checkArgs hands a command its values in canonical
// form, so a command reads a bool as true or false whatever word the
// script used, an enum in lower case, a number without blanks.
func TestCanonicalValues(t *testing.T) {
	c, _ := lookupCommand("clone_from_base")
	args, err := c.checkArgs([]arg{{"base", "b"}, {"name", "n"}, {"start", "Yes"}, {"wait", "READY"}, {"count", " 3"}, {"keep", "off"}})
	if err != nil {
		t.Fatal(err)
	}
	want := cmdArgs{"base": "b", "name": "n", "start": "true", "wait": "ready", "count": "3", "keep": "false"}
	for k, v := range want {
		if args[k] != v {
			t.Errorf("%s= is %q, want %q", k, args[k], v)
		}
	}
	if !args.flag("start") || args.flag("keep") || args.number("count", 0) != 3 || args.number("parallel", 8) != 8 {
		t.Errorf("typed values: start %v keep %v count %d parallel %d", args.flag("start"), args.flag("keep"),
			args.number("count", 0), args.number("parallel", 8))
	}
}

// TestHelpFromDeclarations: help and completion read the declarations:
// remote= and project= on every command (status used to say it took no
// keys), the implied fleet and name keys, key families, and the fixed
// values of bool and enum keys.
func TestHelpFromDeclarations(t *testing.T) {
	helps := offline().Commands()
	byName := map[string]int{}
	for i, h := range helps {
		byName[h.Name] = i
	}
	status := helps[byName["status"]]
	if !slices.Equal(status.Optional, []string{"remote", "project"}) || len(status.Required) != 0 {
		t.Errorf("status keys: required %v optional %v, want remote and project", status.Required, status.Optional)
	}
	connect := helps[byName["connect"]]
	if !slices.Equal(connect.Optional, []string{"remote", "project"}) {
		t.Errorf("connect keys: %v", connect.Optional)
	}
	stop := helps[byName["stop"]]
	for _, k := range []string{"force", "timeout", "ensure", "parallel", "exact", "all", "remote", "project"} {
		if !slices.Contains(stop.Optional, k) {
			t.Errorf("stop: %s= missing from %v", k, stop.Optional)
		}
	}
	if info := helps[byName["info"]]; slices.Contains(info.Optional, "all") || !slices.Contains(info.Optional, "parallel") {
		t.Errorf("info (a fleet command, not destructive): %v", info.Optional)
	}
	if rename := helps[byName["rename"]]; slices.Contains(rename.Optional, "parallel") {
		t.Errorf("rename takes no list, so no parallel=: %v", rename.Optional)
	}
	exec := helps[byName["execute"]]
	if !slices.Equal(exec.Families, []string{"env.NAME"}) || !slices.Equal(exec.Aliases, []string{"exec"}) {
		t.Errorf("execute: families %v aliases %v", exec.Families, exec.Aliases)
	}
	if !slices.Equal(exec.Choices["stream"], []string{"false", "true"}) || exec.Choices["command"] != nil {
		t.Errorf("execute choices: %v", exec.Choices)
	}
	if w := helps[byName["wait"]]; !slices.Equal(w.Choices["for"], []string{"ipv4", "ready", "running", "stopped"}) {
		t.Errorf("wait for= choices: %v", w.Choices["for"])
	}
}

// TestChangedBookkeeping: every command that declares changes sets
// CHANGED, 0 when it failed (here: no daemon), and no other command sets
// it.
func TestChangedBookkeeping(t *testing.T) {
	env := offline()
	for _, c := range commandTable {
		cmd := c.name
		for _, k := range c.keys {
			if k.required {
				v := "x1"
				switch k.kind {
				case kNumber:
					v = "1"
				case kEnum:
					v = k.values[0]
				case kGuestPath, kHostPath:
					v = "/x"
				case kPorts:
					v = "8080:80"
				}
				cmd += " " + k.name + "=" + v
			}
		}
		switch c.name {
		case "push":
			cmd += " content=y"
		case "mount":
			cmd = strings.Replace(cmd, "source=/x", "source="+t.TempDir(), 1)
		case "unmount":
			cmd += " path=/x"
		case "copy_image":
			cmd = strings.Replace(cmd, "to=x1", "to=local project=other", 1) // a remote lxc knows, another project
		}
		rc, vars := run(t, env, cmd)
		changed, set := vars["RESULT.CHANGED"]
		switch {
		case rc == RCUsage:
			t.Errorf("%q: usage error %s", cmd, vars["RESULT.ERROR"])
		case c.changes && (!set || changed != "0"):
			t.Errorf("%q (RC %d): CHANGED %q (set %v), want 0", cmd, rc, changed, set)
		case !c.changes && set:
			t.Errorf("%q (RC %d): CHANGED %q set by a command that declares no changes", cmd, rc, changed)
		}
	}
}

// TestTrackChange: CHANGED follows success unless the command said
// otherwise.
func TestTrackChange(t *testing.T) {
	for _, c := range []struct {
		say  func(*result)
		fail bool
		want string
	}{
		{func(*result) {}, false, "1"},
		{func(*result) {}, true, "0"},
		{(*result).unchanged, false, "0"},
		{(*result).madeChange, true, "1"}, // changed, then failed
	} {
		r := &result{}
		c.say(r)
		var err error
		if c.fail {
			err = errTest
		}
		r.trackChange(err)
		if got := r.get("CHANGED"); got != c.want {
			t.Errorf("state %d, failed %v: CHANGED %q, want %q", r.change, c.fail, got, c.want)
		}
	}
}

var errTest = &UsageError{Msg: "test"}
