package lxd

import (
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/creack/pty"
)

func TestNaturalCompare(t *testing.T) {
	got := []string{"web-10", "web-2", "web-1", "db-3", "web-01", "web-1a", "web", "web-9"}
	slices.SortFunc(got, naturalCompare)
	want := []string{"db-3", "web", "web-1", "web-1a", "web-01", "web-2", "web-9", "web-10"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted: %v, want %v", got, want)
	}
}

func TestIsNameSet(t *testing.T) {
	for v, want := range map[string]bool{
		"web-1": false, "web-1,web-2": true, "web-*": true, "web-?": true, "web-[1-3]": true, "": false,
	} {
		if got := isNameSet(v); got != want {
			t.Errorf("isNameSet(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestNameSetItems(t *testing.T) {
	items, err := nameSetItems("name", " web-1 , web-[!3],db-?")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"web-1", "web-[^3]", "db-?"}; !slices.Equal(items, want) {
		t.Errorf("items %q, want %q", items, want)
	}
	for v, msg := range map[string]string{
		"web-1,,web-2": "holds an empty name",
		"web-1,":       "holds an empty name",
		"web-[1-":      "is no valid pattern",
		"web-1,2x":     "starts with a digit",
		"web_1,web-2":  "contains '_'",
	} {
		if _, err := nameSetItems("name", v); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("nameSetItems(%q): %v, want %q", v, err, msg)
		}
	}
}

func TestCountNames(t *testing.T) {
	names, err := countNames("web", 3)
	if err != nil || !slices.Equal(names, []string{"web-1", "web-2", "web-3"}) {
		t.Errorf("countNames: %v %v", names, err)
	}
	c, _ := lookupCommand("clone_from_base")
	count, _ := c.keySpecOf("count")
	for _, v := range []string{"0", "-1", "x", "1.5", "1001", ""} {
		if _, err := count.check(v); err == nil || !strings.Contains(err.Error(), "count="+v+" must be a whole number from 1 to 1000") {
			t.Errorf("count=%s: %v", v, err)
		}
	}
	long := strings.Repeat("a", 62)
	if _, err := countNames(long, 10); err == nil || !strings.Contains(err.Error(), "at most 63") {
		t.Errorf("a prefix too long for its numbers: %v", err)
	}
}

// TestFleetUsageErrors checks that fleet keys are checked before anything
// is sent: the Env has no daemon, so reaching LXD would be RCUnreachable.
func TestFleetUsageErrors(t *testing.T) {
	env := offline()
	for cmd, want := range map[string]string{
		"start name=a,b parallel=0":                          "parallel=0 must be a whole number from 1 to 64",
		"start name=a,b parallel=x":                          "parallel=x",
		"start name=a,,b":                                    "holds an empty name",
		"start name=a,1b":                                    "starts with a digit",
		"start name=a wait=soon":                             "wait=soon must be running or ready",
		"start name=a timeout=5":                             "timeout= needs wait=ready",
		"start name=a wait=running timeout=5":                "timeout= needs wait=ready",
		"start name=a,b wait=ready timeout=soon":             "timeout=soon",
		"clone_from_base base=b name=w start=true timeout=5": "timeout= needs wait=ready",
		"clone_from_base base=b name=w count=2 start=true wait=ready timeout=x": "timeout=x",
		"execute name=web-[ command=true":                                       "is no valid pattern",
		"clone_from_base base=b name=w count=0":                                 "count=0 must be",
		"clone_from_base base=b name=w count=2 wait=ready":                      "wait=ready needs start=true",
		"clone_from_base base=b name=w wait=ready":                              "wait=ready needs start=true",
		"clone_from_base base=b name=w count=3 start=maybe":                     "start=maybe",
		"create name=a,b image=x":                                               "contains ','",
		"status parallel=2":                                                     "unknown key parallel=",
	} {
		rc, vars := run(t, env, cmd)
		if rc != RCUsage || !strings.Contains(vars["RESULT.ERROR"], want) {
			t.Errorf("%q: RC %d, ERROR %q, want RC %d and %q", cmd, rc, vars["RESULT.ERROR"], RCUsage, want)
		}
	}
}

// TestFleetUnreachable: a fleet whose every member fails because the
// daemon is missing keeps the failure RC of one command (-1), not 1.
func TestFleetUnreachable(t *testing.T) {
	rc, vars := run(t, offline(), "stop name=a,b,c force=true")
	if rc != RCUnreachable {
		t.Fatalf("RC %d, want %d: %s", rc, RCUnreachable, vars["RESULT.ERROR"])
	}
	if vars["RESULT.0"] != "3" || vars["RESULT.SUCCEEDED"] != "0" || vars["RESULT.2.NAME"] != "b" {
		t.Errorf("list result: %v", vars)
	}
	// The same failure on every member is said once, with their names.
	if e := vars["RESULT.ERROR"]; !strings.HasPrefix(e, "stop: 3 of 3 failed: ") || !strings.HasSuffix(e, " (a, b, c)") ||
		strings.Count(e, "not reachable") != 1 {
		t.Errorf("ERROR %q", e)
	}
}

// TestProgress: on a terminal a fleet shows "verb n/total …" and clears
// the line at the end; on a pipe or a buffer it writes nothing.
func TestProgress(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	p := newProgress(tty, "cloning", 3)
	for range 3 {
		p.step()
	}
	p.done()
	tty.Close()
	got, _ := io.ReadAll(ptmx)
	want := "\r\x1b[Kcloning 0/3 …\r\x1b[Kcloning 1/3 …\r\x1b[Kcloning 2/3 …\r\x1b[Kcloning 3/3 …\r\x1b[K"
	if string(got) != want {
		t.Errorf("terminal got %q, want %q", got, want)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p = newProgress(w, "cloning", 3)
	p.step()
	p.done()
	w.Close()
	if got, _ := io.ReadAll(r); len(got) != 0 {
		t.Errorf("pipe got %q", got)
	}
	var buf strings.Builder
	p = newProgress(&buf, "start", 2)
	p.step()
	p.done()
	if buf.Len() != 0 {
		t.Errorf("buffer got %q", buf.String())
	}
}
