package system

import (
	"os/exec"
	"syscall"
)

// signalNumber returns the signal that killed a command.
func signalNumber(ee *exec.ExitError) int {
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return int(ws.Signal())
	}
	return 0
}
