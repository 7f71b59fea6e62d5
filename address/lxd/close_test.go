package lxd

import (
	"sync"
	"testing"
)

// TestCloseRacesFirstCommand closes an Env while its first commands are
// making the client. Run with -race: Close must read the client only
// through the same sync.Once that makes it. The Env stays usable.
func TestCloseRacesFirstCommand(t *testing.T) {
	for i := 0; i < 20; i++ {
		env := offline()
		var wg sync.WaitGroup
		for j := 0; j < 2; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if rc, vars := run(t, env, "status"); rc != RCUnreachable {
					t.Errorf("status: RC %d, want %d: %s", rc, RCUnreachable, vars["RESULT.OUTPUT"])
				}
			}()
		}
		env.Close()
		wg.Wait()
		if rc, _ := run(t, env, "list"); rc != RCUnreachable {
			t.Errorf("list after Close: RC %d, want %d", rc, RCUnreachable)
		}
	}
}
