package lxd

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/creack/pty"
	"github.com/rexxlxd/rexxlxd/interp"
)

func TestProgressText(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{`{"download_progress":"rootfs: 45% (12.30MB/s)"}`, "downloading rootfs: 45% (12.30MB/s)"},
		{`{"create_instance_from_image_unpack_progress":"Unpack: 80% (50.00MB/s)","download_progress":"100% (1.00GB/s)"}`,
			"unpacking Unpack: 80% (50.00MB/s); downloading 100% (1.00GB/s)"},
		{`{"fs_progress":"c1: 12.50MB (5.00MB/s)","return":0}`, "copying c1: 12.50MB (5.00MB/s)"},
		{`{"create_image_from_container_pack_progress":"Image pack: 74% (10.82MB/s)","progress":{"percent":"74"}}`,
			"packing Image pack: 74% (10.82MB/s)"},
		{`{"create_backup_progress":"48.79MB (5.28MB/s)"}`, "backing up 48.79MB (5.28MB/s)"},
		{`{"some_step_progress":"3/4"}`, "some step 3/4"},
		{`{"return":0,"output":{"1":"/x"}}`, ""},
		{`null`, ""},
		{``, ""},
		{`{"download_progress":7}`, ""},
	} {
		if got := progressText(progressValues([]byte(tc.md)), nil); got != tc.want {
			t.Errorf("progressText(%s) = %q, want %q", tc.md, got, tc.want)
		}
	}
	// A stage that is over keeps its last value on the operation: only
	// what changed is shown.
	prev := progressValues([]byte(`{"create_instance_from_image_unpack_progress":"Unpack: 100% (3.00MB/s)","fs_progress":"c1: 17.62MB (5.77MB/s)"}`))
	cur := progressValues([]byte(`{"create_instance_from_image_unpack_progress":"Unpack: 100% (3.00MB/s)","fs_progress":"c1: 47.58MB (7.77MB/s)"}`))
	if got := progressText(cur, prev); got != "copying c1: 47.58MB (7.77MB/s)" {
		t.Errorf("progressText after a change = %q", got)
	}
	if got := progressText(cur, cur); got != "" {
		t.Errorf("progressText without a change = %q", got)
	}
}

// TestProgressStream checks that progress goes to a terminal and never to
// a buffer, a pipe or a file.
func TestProgressStream(t *testing.T) {
	progressWriter := func(w io.Writer) io.Writer { return outStreamsOf(&interp.Call{Stderr: w}).progress }
	if w := progressWriter(&bytes.Buffer{}); w != nil {
		t.Errorf("a buffer got progress")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if got := progressWriter(w); got != nil {
		t.Errorf("a pipe got progress")
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if got := progressWriter(tty); got != tty {
		t.Errorf("a terminal got no progress")
	}
}
