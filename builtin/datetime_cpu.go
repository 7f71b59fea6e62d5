//go:build unix

package builtin

import (
	"syscall"
	"time"
)

// cpuTime returns the processor time this process has used, user and
// system together, for TIME('J').
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
