package lxd

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
	"github.com/rexxlxd/rexxlxd/interp"
)

// privateProject creates an LXD project of the test's own (sharing the
// default project's profiles and images, so the root disk and the test
// image work in it) and returns its name and a client in it. When the
// test ends, every instance in it is removed and the project deleted:
// destructive patterns are tried only in such a project, where no one
// else's instance can match them.
func privateProject(t *testing.T, c *lxdapi.Client) (string, *lxdapi.Client) {
	t.Helper()
	ctx := context.Background()
	project := lxdtest.Name(t, "rxh")
	if err := c.CreateProject(ctx, lxdapi.ProjectsPost{Name: project, Config: map[string]string{
		"features.profiles": "false", "features.images": "false"}}); err != nil {
		t.Fatal(err)
	}
	in := c.WithProject(project)
	t.Cleanup(func() {
		list, err := in.ListInstances(context.Background())
		if err != nil {
			t.Errorf("listing project %s: %v", project, err)
		}
		for _, inst := range list {
			if err := lxdtest.Remove(in, inst.Name); err != nil {
				t.Errorf("removing %s from project %s: %v", inst.Name, project, err)
			}
		}
		if err := c.DeleteProject(context.Background(), project); err != nil {
			t.Errorf("deleting project %s: %v", project, err)
		}
	})
	return project, in
}

// TestLiveListNoSuchProject checks that list and list_bases in a project
// that does not exist fail (RC 1, naming it) instead of answering with an
// empty list, while an existing empty project is RC 0 with none.
func TestLiveListNoSuchProject(t *testing.T) {
	env, c := liveEnv(t)
	project, _ := privateProject(t, c)
	missing := lxdtest.Name(t, "rxnosuch")
	for _, verb := range []string{"list", "list_bases"} {
		cmd := fmt.Sprintf("%s project=%s", verb, missing)
		rc, vars := run(t, env, cmd)
		if rc != RCError || !strings.Contains(vars["RESULT.ERROR"], "project "+missing) {
			t.Errorf("%q: RC %d, ERROR %q; want RC 1 naming project %s", cmd, rc, vars["RESULT.ERROR"], missing)
		}
		cmd = fmt.Sprintf("%s project=%s", verb, project)
		wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"COUNT": "0", "0": "0"})
	}
	// A connect to it is refused too, so later commands cannot run there.
	cmd := "connect project=" + missing
	if rc, vars := run(t, env, cmd); rc != RCError || !strings.Contains(vars["RESULT.ERROR"], missing) {
		t.Errorf("%q: RC %d, ERROR %q; want RC 1 naming the project", cmd, rc, vars["RESULT.ERROR"])
	}
}

// TestLiveDestructivePatterns checks issue 18 item 8 against the daemon,
// in a project of the test's own: delete name=* deleted every non-base
// instance; now it is RC 2 and deletes nothing, exact=true keeps a guest's
// pattern from fanning out, and all=true deletes all but the base.
func TestLiveDestructivePatterns(t *testing.T) {
	env, c := liveEnv(t)
	project, in := privateProject(t, c)
	ctx := context.Background()
	p := " project=" + project
	for _, n := range []string{"au-v1", "au-v2", "keep-base"} {
		mustRun(t, env, fmt.Sprintf("create name=%s image=%s%s", n, lxdtest.Image(), p))
	}
	mustRun(t, env, "register_base name=keep-base"+p)
	exist := func() []string {
		t.Helper()
		list, err := in.ListInstances(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, inst := range list {
			names = append(names, inst.Name)
		}
		return names
	}
	for _, cmd := range []string{
		"delete name=*", "stop name=* force=true", "delete name=au-v*,* ", "delete name=au-v* exact=true",
		"info name=au-v* exact=true",
	} {
		rc, vars := run(t, env, cmd+p)
		if rc != RCUsage {
			t.Errorf("%q: RC %d (%s), want 2", cmd, rc, vars["RESULT.ERROR"])
		}
		if got := exist(); len(got) != 3 {
			t.Fatalf("after %q: instances %v, want all three", cmd, got)
		}
	}
	vars := mustRun(t, env, "delete name=* all=true"+p)
	wantFields(t, "delete name=* all=true", vars, map[string]string{"COUNT": "2", "1.NAME": "au-v1", "2.NAME": "au-v2"})
	if got := exist(); len(got) != 1 || got[0] != "keep-base" {
		t.Errorf("after delete name=* all=true: %v, want only the base", got)
	}
}

// TestLiveStreamEscapedOnTerminal checks that execute stream=true, whose
// output goes live to the program's stdout and stderr, shows a guest's
// escape sequences escaped when those streams are a terminal (issue 18
// item 11), while RESULT.STDOUT keeps the raw bytes.
func TestLiveStreamEscapedOnTerminal(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "rxstream")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	// The terminal's side is read until the guest's last line arrives.
	screen := make(chan string, 1)
	go func() {
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			b.Write(buf[:n])
			if err != nil || strings.Contains(b.String(), "end") {
				screen <- b.String()
				return
			}
		}
	}()
	vars := mapVars{}
	cmd := fmt.Sprintf(`execute name=%s stream=true command='printf "a\033]52;c;cm0gLXJmIH4=\007b\n"; printf "\033]0;pwned\007" >&2; sleep 0.2; echo end'`, name)
	if rc := env.Run(context.Background(), cmd, &interp.Call{Vars: vars, Stdout: tty, Stderr: tty}); rc != 0 {
		t.Fatalf("%q: RC %d: %s", cmd, rc, vars["RESULT.ERROR"])
	}
	var got string
	select {
	case got = <-screen:
	case <-time.After(10 * time.Second):
		t.Fatal("no end on the terminal within 10 s")
	}
	if strings.Contains(got, "\x1b]") || !strings.Contains(got, `a\x1b]52;c;cm0gLXJmIH4=\x07b`) || !strings.Contains(got, `\x1b]0;pwned\x07`) {
		t.Errorf("the terminal got %q; want the escape sequences escaped", got)
	}
	if !strings.HasPrefix(vars["RESULT.STDOUT"], "a\x1b]52;") {
		t.Errorf("RESULT.STDOUT %q lost the raw bytes", vars["RESULT.STDOUT"])
	}
}
