package lxd

// Live tests of interruption (issue 18, item 6): SIGTERM and SIGINT sent
// to a running rexxlxd (the built binary, a process of its own), and
// execute's timeout=, must leave nothing the command started running in
// the guest, and a fleet cut off must say what became of each instance.

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// signalRun is one run of the built rexxlxd on a script, cut off by a
// signal.
type signalRun struct {
	status         int // exit status; -1 when a signal killed it
	stdout, stderr string
	took           time.Duration // from the signal to the exit
}

// runSignalled runs bin on the program src, waits for its first line
// "started", then for ready (polled every 100 ms, up to 60 s) and sends
// sig; second, when > 0, sends it again that long after the first. The
// process is killed if it has not ended 90 s after the signal, with its
// goroutines printed to stderr first.
func runSignalled(t *testing.T, bin, src string, ready func() bool, sig syscall.Signal, second time.Duration) signalRun {
	t.Helper()
	sc := lxdtest.StartScript(t, "started", bin, src)
	cmd := sc.Cmd
	for deadline := time.Now().Add(60 * time.Second); !ready(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			rest := sc.Rest()
			cmd.Wait()
			t.Fatalf("what the signal should interrupt never got under way; stdout %q, stderr %q", rest, sc.Stderr.String())
		}
	}
	start := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if second > 0 {
		time.AfterFunc(second, func() { cmd.Process.Signal(sig) })
	}
	// A process that hangs is made to print its goroutines (SIGQUIT).
	watchdog := time.AfterFunc(90*time.Second, func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		time.AfterFunc(5*time.Second, func() { cmd.Process.Kill() })
	})
	defer watchdog.Stop()
	rest := sc.Rest()
	err := cmd.Wait()
	r := signalRun{stdout: rest, stderr: sc.Stderr.String(), took: time.Since(start)}
	r.status = lxdtest.Status(t, err)
	t.Logf("%v: exit %d after %v; stdout %q; stderr %q", sig, r.status, r.took, r.stdout, r.stderr)
	return r
}

// sleepers counts the guest's processes whose command line is
// "sleep <n>" for one of ns.
func sleepers(t *testing.T, c *lxdapi.Client, name string, ns ...int) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(guestProcesses(t, c, name), "\n") {
		for _, s := range ns {
			if strings.TrimSpace(line) == fmt.Sprintf("sleep %d", s) {
				n++
			}
		}
	}
	return n
}

// noSleepers waits up to 5 s for every "sleep <n>" of ns to be gone
// from the guest and fails the test if some are left.
func noSleepers(t *testing.T, c *lxdapi.Client, name, after string, ns ...int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := sleepers(t, c, name, ns...)
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d of the command's sleeps still run in %s 5s after %s:\n%s", left, name, after, guestProcesses(t, c, name))
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// hiddenSleeps is a command whose background processes hide from the
// marker kill: two clear their environment (env -i), as a guest program
// may, and one keeps it.
func hiddenSleeps(a, b, c int) string {
	return fmt.Sprintf("env -i sleep %d & env -i sleep %d & sleep %d; wait", a, b, c)
}

// TestLiveInterruptExecute: SIGTERM or SIGINT during an execute whose
// command started background processes (some with a cleared environment)
// halts the program (Error 4, status 252) and leaves none of them running
// in the guest. Before SIGTERM was taken, rexxlxd died of it and all three
// sleeps survived; before the command ran in its own session, the two
// env -i sleeps survived SIGINT too.
func TestLiveInterruptExecute(t *testing.T) {
	bin := buildRexxlxd(t)
	_, c, name := runningInstance(t)
	for i, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		n := 310 + 10*i
		src := fmt.Sprintf("address lxd\nsay 'started'\n'execute name=%s command=\"%s\"'\nsay 'after execute rc='rc\n", name, hiddenSleeps(n, n+1, n+2))
		r := runSignalled(t, bin, src, func() bool { return sleepers(t, c, name, n, n+1, n+2) == 3 }, sig, 0)
		if r.status != 252 || strings.Contains(r.stdout, "after execute") {
			t.Errorf("%v: exit %d, stdout %q; want 252 (HALT) and no line after the execute", sig, r.status, r.stdout)
		}
		wantIn(t, r.stderr, "Error 4")
		noSleepers(t, c, name, sig.String(), n, n+1, n+2)
	}
}

// TestLiveExecuteTimeoutKillsHidden: execute's timeout= kills what the
// command started, also processes that cleared their environment.
func TestLiveExecuteTimeoutKillsHidden(t *testing.T) {
	env, c, name := runningInstance(t)
	rc, vars := run(t, env, fmt.Sprintf("execute name=%s command='%s' timeout=1", name, hiddenSleeps(331, 332, 333)))
	if rc != RCExecTimeout {
		t.Fatalf("RC %d, want %d: %s", rc, RCExecTimeout, vars["RESULT.ERROR"])
	}
	noSleepers(t, c, name, "timeout=1", 331, 332, 333)
}

// TestLiveInterruptSingleStart: a single (not fleet) command cut off by
// SIGTERM says what LXD holds of its instance afterwards, as a fleet's
// rows do, instead of "context canceled": here a start wait=ready
// interrupted while it waits for a guest that never answers leaves the
// instance Running, and RESULT.STATUS and RESULT.ERROR say so.
func TestLiveInterruptSingleStart(t *testing.T) {
	bin := buildRexxlxd(t)
	env, c, name := runningInstance(t)
	mustRun(t, env, "execute name="+name+" command="+quotedValue(floodShell))
	mustRun(t, env, "stop name="+name+" force=true")
	src := fmt.Sprintf(`signal on halt
address lxd
say 'started'
'start name=%s wait=ready timeout=120'
say 'after start'
exit 0
halt:
say 'RC' rc
say 'STATUS' result.status
say 'ERROR' result.error
exit 9
`, name)
	running := func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := c.GetInstanceState(ctx, name)
		return err == nil && st.Status == "Running"
	}
	r := runSignalled(t, bin, src, running, syscall.SIGTERM, 0)
	if r.status != 9 {
		t.Fatalf("exit %d, want 9 from the HALT handler; stdout %q", r.status, r.stdout)
	}
	wantIn(t, r.stdout, "STATUS Running\n")
	wantIn(t, r.stdout, name+" is Running now")
	if strings.Contains(r.stdout, "context canceled") {
		t.Errorf("the interrupted start says only %q", r.stdout)
	}
}
