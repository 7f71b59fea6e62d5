//go:build !unix

package builtin

import "time"

// cpuTime returns 0 where the process's processor time is not available.
func cpuTime() time.Duration { return 0 }
