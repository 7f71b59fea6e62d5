package repl

import (
	"slices"
	"testing"
	"time"
)

func TestNameCache(t *testing.T) {
	calls := map[string]int{}
	c := newNameCache(func(kind string) []string {
		calls[kind]++
		return []string{kind + "-a"}
	}, time.Minute)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }

	for range 3 {
		if got := c.get("instance"); !slices.Equal(got, []string{"instance-a"}) {
			t.Fatalf("get = %q", got)
		}
	}
	c.get("pool")
	if calls["instance"] != 1 || calls["pool"] != 1 {
		t.Errorf("fetches %v, want one per kind", calls)
	}
	c.reset()
	c.get("instance")
	if calls["instance"] != 2 {
		t.Errorf("after reset: %d fetches, want 2", calls["instance"])
	}
	now = now.Add(2 * time.Minute)
	c.get("instance")
	if calls["instance"] != 3 {
		t.Errorf("after the ttl: %d fetches, want 3", calls["instance"])
	}
}

func TestCompleterRunes(t *testing.T) {
	c := &completer{testSources(true)}
	line := []rune(`say 'é'; "start name=we`)
	got, n := c.Do(line, len(line))
	if n != len("name=we") {
		t.Errorf("length %d, want %d", n, len("name=we"))
	}
	var rest []string
	for _, r := range got {
		rest = append(rest, string(r))
	}
	if !slices.Equal(rest, []string{"b1", "b2"}) {
		t.Errorf("suffixes %q, want b1 b2", rest)
	}
	if got, n := c.Do(line, len(line)+1); got != nil || n != 0 {
		t.Errorf("cursor past the end: %q, %d", got, n)
	}
}
