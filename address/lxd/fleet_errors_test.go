package lxd

import "testing"

// TestGroupFailures checks the summary of a fleet's failures: members that
// failed alike (once their own names are taken out) share one entry with
// their names, a reason of one member alone keeps "name: reason", and a
// long group is cut after maxGroupNames names.
func TestGroupFailures(t *testing.T) {
	f := func(name, reason string) memberFailure { return memberFailure{name: name, reason: reason, rc: 1} }
	var many []memberFailure
	for _, n := range []string{"a-1", "a-2", "a-3", "a-4", "a-5", "a-6", "a-7", "a-8", "a-9", "a-10", "a-11", "a-12"} {
		many = append(many, f(n, "instance "+n+" already exists"))
	}
	for _, tc := range []struct {
		in   []memberFailure
		want string
	}{
		{[]memberFailure{f("hd-c-1", "instance hd-c-1 already exists"), f("hd-c-2", "instance hd-c-2 already exists"), f("hd-c-3", "instance hd-c-3 already exists")},
			"instance already exists (hd-c-1, hd-c-2, hd-c-3)"},
		{[]memberFailure{f("w-1", "the command exited with status 2 in w-1"), f("w-2", "LXD: Instance is not running"), f("w-3", "the command exited with status 2 in w-3")},
			"the command exited with status 2 (w-1, w-3); w-2: LXD: Instance is not running"},
		{[]memberFailure{f("w-1", "no instance w-1: LXD: Instance not found"), f("w-2", "w-2 did not answer within 60 seconds")},
			"w-1: no instance w-1: LXD: Instance not found; w-2: w-2 did not answer within 60 seconds"},
		{[]memberFailure{f("w-1", "w-1 did not answer within 60 seconds"), f("w-2", "w-2 did not answer within 60 seconds")},
			"did not answer within 60 seconds (w-1, w-2)"},
		// a-1 is a prefix of a-10, a-11, a-12: only whole names are taken out.
		{many, "instance already exists (a-1, a-2, a-3, a-4, a-5, a-6, a-7, a-8, a-9, a-10 and 2 more)"},
	} {
		if got := groupFailures(tc.in); got != tc.want {
			t.Errorf("groupFailures(%v)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// TestWithoutNameWholeWords checks that a short instance name is taken out
// of a reason only as a whole word.
func TestWithoutNameWholeWords(t *testing.T) {
	if got, want := withoutName("instance a already exists", "a"), "instance already exists"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := withoutName("the command exited with status 1 in a", "a"), "the command exited with status 1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := withoutName("LXD: Instance is not running", "n"), "LXD: Instance is not running"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
