package repl

import (
	"sync"
	"time"
)

// nameCache keeps the live names the daemon gave for each kind until the
// next entry runs (which may create or delete instances) or ttl passes, so
// pressing Tab repeatedly asks the daemon once.
type nameCache struct {
	fetch func(kind string) []string
	ttl   time.Duration

	mu   sync.Mutex
	now  func() time.Time
	seen map[string]cachedNames
}

type cachedNames struct {
	names []string
	at    time.Time
}

func newNameCache(fetch func(kind string) []string, ttl time.Duration) *nameCache {
	return &nameCache{fetch: fetch, ttl: ttl, now: time.Now, seen: map[string]cachedNames{}}
}

// get returns the names of kind, from the cache when fresh.
func (c *nameCache) get(kind string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.seen[kind]; ok && c.now().Sub(e.at) < c.ttl {
		return e.names
	}
	names := c.fetch(kind)
	c.seen[kind] = cachedNames{names, c.now()}
	return names
}

// reset forgets every kind; the session calls it after each entry.
func (c *nameCache) reset() {
	c.mu.Lock()
	clear(c.seen)
	c.mu.Unlock()
}
