package lxd

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/interp"
)

// The environment opts into the REPL's help, completion and result view.
var (
	_ interp.Describer    = (*Env)(nil)
	_ interp.ResultViewer = (*Env)(nil)
)

// viewOf writes res into a pool as a command does and returns View's text.
func viewOf(cmd string, rc int, res *result) string {
	vars := mapVars{}
	res.write(vars)
	return New(Config{}).View(cmd, rc, vars)
}

func TestViewSingle(t *testing.T) {
	res := &result{operation: "start", success: true, output: "started web1", elapsed: 12 * time.Millisecond}
	res.set("CONTAINER", "web1")
	res.set("STATUS", "Running")
	if got, want := viewOf("start name=web1", 0, res), "ok start container=web1 status=Running (12 ms)\n"; got != want {
		t.Errorf("start:\n got %q\nwant %q", got, want)
	}

	res = &result{operation: "start", output: "start: no instance web9: LXD: Instance not found", elapsed: 3 * time.Millisecond}
	res.err = res.output
	if got, want := viewOf("start name=web9", RCError, res), "rc=1 start: no instance web9: LXD: Instance not found (3 ms)\n"; got != want {
		t.Errorf("failed start:\n got %q\nwant %q", got, want)
	}

	res = &result{operation: "execute", success: true, output: "a\nb"}
	res.set("CONTAINER", "web1")
	res.set("EXITCODE", "3")
	res.set("STDOUT", "a\nb")
	res.set("STDERR", "oops")
	got := viewOf("exec name=web1 command=x", 3, res)
	want := "rc=3 execute container=web1 exitcode=3 (0 ms)\n  a\n  b\n  stderr: oops\n"
	if got != want {
		t.Errorf("execute:\n got %q\nwant %q", got, want)
	}
}

func TestViewList(t *testing.T) {
	res := &result{operation: "list", success: true, output: "2 instance(s)", elapsed: 9 * time.Millisecond}
	res.addRow(field{"NAME", "web1"}, field{"STATUS", "Running"}, field{"TYPE", "container"}, field{"IPV4", ""}, field{"IMAGE", "busybox"}, field{"BASE", "0"})
	res.addRow(field{"NAME", "base-long-name"}, field{"STATUS", "Stopped"}, field{"TYPE", "container"}, field{"IPV4", ""}, field{"IMAGE", "busybox"}, field{"BASE", "1"})
	got := viewOf("list", 0, res)
	want := "ok list: 2 instance(s) (9 ms)\n" +
		"  name            status   type       ipv4  image    base\n" +
		"  web1            Running  container        busybox  0\n" +
		"  base-long-name  Stopped  container        busybox  1\n"
	if got != want {
		t.Errorf("list:\n got %q\nwant %q", got, want)
	}

	// A fleet result: columns from what the rows hold, reasons without
	// the command's name repeated.
	res = &result{operation: "stop", output: "stop: 1 of 2 failed: b: no instance b"}
	res.err = res.output
	res.addRow(field{"NAME", "a"}, field{"SUCCESS", "1"}, field{"ERROR", ""}, field{"STATUS", "Stopped"})
	res.addRow(field{"NAME", "b"}, field{"SUCCESS", "0"}, field{"ERROR", "stop: no instance b"}, field{"STATUS", ""})
	got = viewOf("stop name=a,b", RCError, res)
	want = "rc=1 stop: 1 of 2 failed: b: no instance b (0 ms)\n" +
		"  name  success  status   error\n" +
		"  a     1        Stopped\n" +
		"  b     0                 no instance b\n"
	if got != want {
		t.Errorf("fleet:\n got %q\nwant %q", got, want)
	}

	// A long list is cut, saying how much more RESULT. holds.
	res = &result{operation: "list", success: true}
	for range viewRows + 5 {
		res.addRow(field{"NAME", "x"})
	}
	got = viewOf("list", 0, res)
	if !strings.Contains(got, "… 5 more in RESULT.i (RESULT.0 = 30)\n") || strings.Count(got, "\n") != viewRows+3 {
		t.Errorf("long list:\n%s", got)
	}
}

// TestViewOfRealFailures views what Run itself left: a usage error and an
// unreachable daemon show RC and the reason.
func TestViewOfRealFailures(t *testing.T) {
	env := offline()
	for _, c := range []struct{ cmd, want string }{
		{"start", "rc=2 start: missing required key name="},
		{"list", "rc=-1 list: "},
		{"nosuch x=1", `rc=-3 nosuch: unknown ADDRESS LXD command "nosuch"`},
	} {
		rc, vars := run(t, env, c.cmd)
		got := env.View(c.cmd, rc, vars)
		if !strings.HasPrefix(got, c.want) || strings.Count(got, "\n") != 1 {
			t.Errorf("View after %q (rc %d) = %q, want one line starting %q", c.cmd, rc, got, c.want)
		}
	}
}

func TestValues(t *testing.T) {
	env := offline()
	ctx := context.Background()
	for _, c := range []struct {
		cmd, key string
		want     []string
	}{
		{"stop", "force", []string{"false", "true"}},
		{"start", "wait", []string{"ready", "running"}},
		{"create", "name", nil},     // a new name
		{"execute", "command", nil}, // free text
		{"start", "name", nil},      // live names; none from a daemon that is not there
		{"wait", "for", []string{"ipv4", "ready", "running", "stopped"}},
		{"delete", "ensure", []string{"false", "true"}},
		{"push", "recursive", []string{"false", "true"}},
		{"pull", "source", nil},                          // a guest path
		{"execute", "stream", []string{"false", "true"}}, // drifted once: no values offered
		{"clone_from_base", "keep", []string{"false", "true"}},
		{"mount", "readonly", []string{"false", "true"}},
		{"stop", "exact", []string{"false", "true"}}, // implied by name=
		{"forward", "protocol", []string{"tcp", "udp"}},
		{"profile_create", "name", nil}, // a new profile
		{"remove_device", "ensure", []string{"false", "true"}},
	} {
		if got := env.Values(ctx, c.cmd, c.key); !slices.Equal(got, c.want) {
			t.Errorf("Values(%s, %s) = %q, want %q", c.cmd, c.key, got, c.want)
		}
	}
	for _, c := range []struct{ cmd, key, kind string }{
		{"start", "name", "instance"}, {"copy", "source", "instance"}, {"clone_from_base", "base", "base"},
		{"create", "image", "image"}, {"create", "storage", "pool"}, {"clone_from_base", "name", ""},
		{"push", "source", ""}, {"snapshot", "name", "instance"}, {"copy", "storage", "pool"},
		{"profile_set", "name", "profile"}, {"profile_delete", "name", "profile"}, {"profile_create", "name", ""},
		{"forward", "name", "instance"}, {"devices", "name", "instance"}, {"remove_device", "device", ""},
	} {
		cmd, _ := lookupCommand(c.cmd)
		k, ok := cmd.keySpecOf(c.key)
		if got := k.namesKind(); !ok || got != c.kind {
			t.Errorf("names kind of %s %s= = %q (declared %v), want %q", c.cmd, c.key, got, ok, c.kind)
		}
	}
}
