package lxd

import (
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
)

// TestKeyPrefixes: a command's key family takes any number of names,
// which keep their case; other commands refuse the family.
func TestKeyPrefixes(t *testing.T) {
	c, _ := lookupCommand("execute")
	args, err := c.checkArgs([]arg{{"name", "c1"}, {"command", "x"}, {keyName("ENV.Foo"), "1"}, {keyName("env.foo"), "2"}, {keyName("env.FOO"), "3"}})
	if err != nil {
		t.Fatal(err)
	}
	got := prefixed(args, "env.")
	if len(got) != 3 || got["Foo"] != "1" || got["foo"] != "2" || got["FOO"] != "3" {
		t.Fatalf("prefixed(env.) = %v", got)
	}
	if prefixed(args, "config.") != nil {
		t.Errorf("prefixed(config.) = %v, want nil", prefixed(args, "config."))
	}
	// The names go on to LXD: an offline Env gets that far.
	if rc, vars := run(t, offline(), "exec name=c1 command=x env.Foo=1 env.foo=2"); rc != RCUnreachable {
		t.Errorf("two env names differing in case: RC %d: %s", rc, vars["RESULT.OUTPUT"])
	}
}

// TestUsageErrors checks that malformed commands are refused before any
// call: the Env has no daemon, so reaching LXD would give RCUnreachable.
func TestUsageErrors(t *testing.T) {
	env := offline()
	tests := []struct {
		cmd  string
		rc   int
		want []string // all must appear in RESULT.OUTPUT
	}{
		{"create name=c1", RCUsage, []string{"missing required key image=", "valid keys: name, image, storage, profile, memory, cpus, start"}},
		{"create image=x", RCUsage, []string{"missing required key name="}},
		{"clone_from_base", RCUsage, []string{"missing required key base= name="}},
		{"start name=c1 nmae=c2", RCUsage, []string{"unknown key nmae=", "valid keys: name"}},
		{"start name=c1 name=c2", RCUsage, []string{"key name= given twice"}},
		{"status verbose=1", RCUsage, []string{"unknown key verbose=", "status takes no keys"}},
		{"exec name=c1 command='echo hi", RCUsage, []string{"unclosed quote", "character 22"}},
		{"start name=1abc", RCUsage, []string{"name=1abc starts with a digit"}},
		{"start name=a_b", RCUsage, []string{"contains '_'"}},
		{"stop name=c1 force=maybe", RCUsage, []string{"force=maybe is not a truth value"}},
		{"stop name=c1 timeout=soon", RCUsage, []string{"timeout=soon"}},
		{"create name=c1 image=x memory=512", RCUsage, []string{"memory=512 needs a unit"}},
		{"create name=c1 image=x cpus=none", RCUsage, []string{"cpus=none"}},
		{"create name=c1 image=x start=later", RCUsage, []string{"start=later"}},
		{"create name=c1 image=nosuchremote:x", RCUsage, []string{"nosuchremote"}},
		{"create name=c1 image=images:", RCUsage, []string{"names no image"}},
		{"create name=c1 image=''", RCUsage, []string{"image= is empty"}},
		{"create name=c1 image=x storage=''", RCUsage, []string{"storage= is empty"}},
		{"create name=c1 image=x profile=a,,b", RCUsage, []string{"empty profile name"}},
		{"copy source=a destination=-b", RCUsage, []string{"destination=-b starts with '-'"}},
		{"exec name=c1 command='  '", RCUsage, []string{"command= is empty"}},
		{"exec name=c1 command=x timeout=0", RCUsage, []string{"timeout=0"}},
		{"exec name=c1 command=x user=1:x", RCUsage, []string{"uid:gid"}},
		{"register_base name=b1 memory=1KB", RCUsage, []string{"below"}},
		{"exec name=c1 command='x' nmae=c2", RCUsage, []string{"unknown key nmae=", "stdin, stream, maxoutput", "env.NAME"}},
		{"exec name=c1 command='x' env.=1", RCUsage, []string{`key env.= needs a name after "env."`}},
		{"exec name=c1 command=x env.Foo=1 ENV.Foo=2", RCUsage, []string{"key env.Foo= given twice"}},
		{"exec name=c1 command=x env.1A=1", RCUsage, []string{"env.1A= is no environment variable name"}},
		{"exec name=c1 command=x env.A-B=1", RCUsage, []string{"env.A-B= is no environment variable name"}},
		{"exec name=c1 command=x env.REXXLXD_EXEC=1", RCUsage, []string{"reserved"}},
		{"exec name=c1 command=x stream=maybe", RCUsage, []string{"stream=maybe is not a truth value"}},
		{"exec name=c1 command=x maxoutput=2GiB", RCUsage, []string{"maxoutput=2GiB is more than 1GiB"}},
		{"exec name=c1 command=x maxoutput=1XB", RCUsage, []string{`unknown unit "XB"`}},
		{"exec name=c1 command=x maxoutput=-1", RCUsage, []string{"maxoutput=-1 is not a size"}},
		{"exec name=c1 command=x cwd=''", RCUsage, []string{"cwd= is empty"}},
		{"start name=c1 env.A=1", RCUsage, []string{"unknown key env.A="}},
		{"frobnicate name=c1", RCUnknownCommand, []string{`unknown ADDRESS LXD command "frobnicate"`, "clone_from_base"}},
		{"frobnicate command='unclosed", RCUnknownCommand, []string{"unknown ADDRESS LXD command"}},
		{"", RCUsage, []string{"empty command"}},
	}
	for _, tt := range tests {
		rc, vars := run(t, env, tt.cmd)
		if rc != tt.rc {
			t.Errorf("%q: RC %d, want %d (%s)", tt.cmd, rc, tt.rc, vars["RESULT.OUTPUT"])
		}
		for _, w := range tt.want {
			if !strings.Contains(vars["RESULT.OUTPUT"], w) {
				t.Errorf("%q: RESULT.OUTPUT %q lacks %q", tt.cmd, vars["RESULT.OUTPUT"], w)
			}
		}
		if vars["RESULT.SUCCESS"] != "0" || vars["RESULT.ERROR"] != vars["RESULT.OUTPUT"] || vars["RESULT"] != vars["RESULT.OUTPUT"] {
			t.Errorf("%q: SUCCESS %q ERROR %q RESULT %q", tt.cmd, vars["RESULT.SUCCESS"], vars["RESULT.ERROR"], vars["RESULT"])
		}
	}
}

func TestCommandNamesAreCaseInsensitive(t *testing.T) {
	env := offline()
	for _, cmd := range []string{"START name=1x", "Start name=1x", "REMOVE name=1x", "Exec name=1x command=x"} {
		rc, vars := run(t, env, cmd)
		if rc != RCUsage {
			t.Errorf("%q: RC %d, want %d: %s", cmd, rc, RCUsage, vars["RESULT.OUTPUT"])
		}
	}
	_, vars := run(t, env, "EXEC name=1x command=x")
	if vars["RESULT.OPERATION"] != "execute" {
		t.Errorf("OPERATION for EXEC = %q, want the canonical name execute", vars["RESULT.OPERATION"])
	}
}

// TestUnreachable runs every command against a socket that does not exist.
func TestUnreachable(t *testing.T) {
	env := offline()
	cmds := []string{
		"status", "list", "list_bases",
		"create name=c1 image=x", "start name=c1", "stop name=c1", "delete name=c1",
		"execute name=c1 command=true", "copy source=a destination=b",
		"register_base name=b1", "clone_from_base base=b1 name=c1",
		"execute name=c1 command=id user=nobody",
	}
	for _, cmd := range cmds {
		rc, vars := run(t, env, cmd)
		if rc != RCUnreachable {
			t.Errorf("%q: RC %d, want %d: %s", cmd, rc, RCUnreachable, vars["RESULT.OUTPUT"])
		}
		if !strings.Contains(vars["RESULT.OUTPUT"], "not reachable") && !strings.Contains(vars["RESULT.OUTPUT"], "no such file") {
			t.Errorf("%q: OUTPUT %q does not say LXD is unreachable", cmd, vars["RESULT.OUTPUT"])
		}
		if vars["RESULT.SUCCESS"] != "0" {
			t.Errorf("%q: SUCCESS %q", cmd, vars["RESULT.SUCCESS"])
		}
	}
}

func TestResultFieldsDoNotLeak(t *testing.T) {
	env := offline()
	vars := mapVars{"RESULT.STDOUT": "old", "RESULT.7.NAME": "old", "RESULT": "old", "OTHER": "kept"}
	callRun(env, "start name=1x", vars)
	if _, ok := vars["RESULT.STDOUT"]; ok {
		t.Error("RESULT.STDOUT of an earlier command survived")
	}
	if _, ok := vars["RESULT.7.NAME"]; ok {
		t.Error("RESULT.7.NAME of an earlier command survived")
	}
	if vars["OTHER"] != "kept" {
		t.Error("a variable outside RESULT. was touched")
	}
	for _, f := range []string{"RESULT.SUCCESS", "RESULT.OPERATION", "RESULT.OUTPUT", "RESULT.ERROR", "RESULT.ELAPSEDMS", "RESULT.CONTAINER"} {
		if _, ok := vars[f]; !ok {
			t.Errorf("%s not set", f)
		}
	}
}

func TestCommands(t *testing.T) {
	cmds := offline().Commands()
	byName := map[string]interp.CommandHelp{}
	for _, c := range cmds {
		byName[c.Name] = c
		if c.Summary == "" {
			t.Errorf("%s has no summary", c.Name)
		}
	}
	for _, name := range []string{"status", "list", "create", "start", "stop", "delete", "execute", "copy", "register_base", "clone_from_base", "list_bases"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("Commands() lacks %s", name)
		}
	}
	if !slices.Equal(byName["execute"].Aliases, []string{"exec"}) || !slices.Equal(byName["delete"].Aliases, []string{"remove"}) || !slices.Equal(byName["copy"].Aliases, []string{"clone"}) {
		t.Errorf("aliases: %v %v %v", byName["execute"].Aliases, byName["delete"].Aliases, byName["copy"].Aliases)
	}
	if !slices.Equal(byName["create"].Required, []string{"name", "image"}) {
		t.Errorf("create requires %v", byName["create"].Required)
	}
	// The result is a copy: changing it changes nothing for the next caller.
	cmds[0].Aliases = append(cmds[0].Aliases, "x")
	byName["create"].Required[0] = "changed"
	if again := offline().Commands(); len(again[0].Aliases) != 0 || again[2].Required[0] != "name" {
		t.Error("Commands() shares its slices with the table")
	}
}

// TestStoppedDaemon: a socket file with no daemon behind it (a stopped
// LXD) is a failure, RC -1, like a missing socket.
func TestStoppedDaemon(t *testing.T) {
	path := t.TempDir() + "/unix.socket"
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	env := New(Config{Socket: path})
	rc, vars := run(t, env, "status")
	if rc != RCUnreachable || !strings.Contains(vars["RESULT.OUTPUT"], path) {
		t.Errorf("status with a stopped daemon: RC %d, OUTPUT %q", rc, vars["RESULT.OUTPUT"])
	}
	wantFields(t, "status", vars, map[string]string{"RUNTIME": "lxd", "SOCKET": path, "SUCCESS": "0", "ERROR": vars["RESULT.OUTPUT"]})
}
