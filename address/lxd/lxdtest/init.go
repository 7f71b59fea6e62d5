package lxdtest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// sigPWR is SIGPWR's number on Linux (x86, arm, ...): LXD's clean-shutdown
// signal to an instance's init.
const sigPWR = 30

// initTimeout bounds WaitInit.
const initTimeout = 30 * time.Second

// WaitInit waits until the init of the running instance name catches
// SIGPWR, i.e. until a clean stop can no longer be lost. A signal sent to
// a container's PID 1 before it installs a handler is discarded, and LXD
// then waits the whole stop timeout; the test image's init is a shell
// script that needs a moment to set its trap, so tests that stop cleanly
// right after a start call WaitInit in between.
func WaitInit(t testing.TB, c *lxdapi.Client, name string) {
	t.Helper()
	if err := waitInit(c, name); err != nil {
		t.Fatalf("lxdtest.WaitInit %s: %v", name, err)
	}
}

func waitInit(c *lxdapi.Client, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), initTimeout)
	defer cancel()
	for {
		res, err := c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"cat", "/proc/1/status"}})
		if err != nil {
			return err
		}
		caught, err := catches(string(res.Stdout), sigPWR)
		if err != nil {
			return err
		}
		if caught {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("init does not catch SIGPWR after %v", initTimeout)
		}
	}
}

// catches reports whether the SigCgt mask in a /proc/PID/status text has
// the bit of signal sig.
func catches(status string, sig int) (bool, error) {
	for _, line := range strings.Split(status, "\n") {
		if mask, ok := strings.CutPrefix(line, "SigCgt:"); ok {
			m, err := strconv.ParseUint(strings.TrimSpace(mask), 16, 64)
			if err != nil {
				return false, fmt.Errorf("bad SigCgt line %q: %v", line, err)
			}
			return m&(1<<(sig-1)) != 0, nil
		}
	}
	return false, fmt.Errorf("no SigCgt line in /proc/1/status")
}
