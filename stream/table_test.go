package stream

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// call runs a built-in through Table.Call with the given arguments; nil
// stands for an omitted one.
func call(t *testing.T, tab *Table, fn string, args ...any) (string, Result) {
	t.Helper()
	s, r, err := tab.Call(fn, mkArgs(args))
	if err != nil {
		t.Fatalf("%s%v: %v", fn, args, err)
	}
	return s, r
}

func mkArgs(args []any) []Arg {
	out := make([]Arg, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case nil:
		case string:
			out[i] = Arg{Value: v, Present: true}
		case int:
			out[i] = Arg{Value: strconv.Itoa(v), Present: true}
		}
	}
	return out
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStdinSharedWithPull(t *testing.T) {
	in := strings.NewReader("one\ntwo\r\nthree\nfour\nfive")
	tab := NewTable(in, nil, nil)
	if s, r := call(t, tab, "LINEIN"); s != "one" || r.NotReady {
		t.Fatalf("LINEIN() = %q %v", s, r)
	}
	if s, ok := tab.ReadStdinLine(); s != "two" || !ok {
		t.Fatalf("ReadStdinLine = %q %v", s, ok)
	}
	if s, _ := call(t, tab, "LINEIN", "STDIN"); s != "three" {
		t.Fatalf("LINEIN('STDIN') = %q", s)
	}
	if s, _ := call(t, tab, "CHARIN", "stdin", nil, 3); s != "fou" {
		t.Fatalf("CHARIN('stdin',,3) = %q", s)
	}
	if s, _ := call(t, tab, "CHARS", "<stdin>"); s != "6" {
		t.Fatalf("CHARS = %q, want the 6 buffered bytes", s)
	}
	if s, _ := call(t, tab, "LINEIN", "Stdin"); s != "r" {
		t.Fatalf("LINEIN = %q", s)
	}
	if s, _ := call(t, tab, "LINES"); s != "1" {
		t.Fatalf("LINES() before the last line = %q", s)
	}
	if s, ok := tab.ReadStdinLine(); s != "five" || !ok {
		t.Fatalf("last line without a line feed = %q %v", s, ok)
	}
	if s, _ := call(t, tab, "LINES"); s != "0" {
		t.Fatalf("LINES() at end of input = %q", s)
	}
	s, r := call(t, tab, "LINEIN")
	if s != "" || !r.NotReady || r.Description != "<stdin>" {
		t.Fatalf("LINEIN() at end = %q %+v", s, r)
	}
	if st, _ := call(t, tab, "STREAM", "STDIN", "D"); st != eofLine {
		t.Fatalf("STREAM D = %q", st)
	}
	if _, ok := tab.ReadStdinLine(); ok {
		t.Fatal("ReadStdinLine at end reported a line")
	}
	_, r = call(t, tab, "CHARIN", "STDIN")
	if !r.NotReady || r.Description != "STDIN" {
		t.Fatalf("CHARIN at end = %+v", r)
	}
}

func TestStandardOutput(t *testing.T) {
	var out, errb bytes.Buffer
	tab := NewTable(nil, &out, &errb)
	call(t, tab, "LINEOUT", nil, "a")
	call(t, tab, "LINEOUT", "STDOUT", "b")
	call(t, tab, "CHAROUT", "stdout", "c")
	call(t, tab, "CHAROUT", nil, "d")
	call(t, tab, "LINEOUT", "<stdout>", "")
	call(t, tab, "LINEOUT", "STDERR", "e")
	call(t, tab, "CHAROUT", "stderr", "f")
	if n, _ := call(t, tab, "LINEOUT", "STDOUT"); n != "0" {
		t.Fatalf("closing STDOUT = %q", n)
	}
	call(t, tab, "LINEOUT", "STDOUT", "after")
	if out.String() != "a\nb\ncd\nafter\n" || errb.String() != "e\nf" {
		t.Fatalf("stdout %q stderr %q", out.String(), errb.String())
	}
	if st, _ := call(t, tab, "STREAM", "STDOUT", "C", "QUERY STREAMTYPE"); st != "TRANSIENT" {
		t.Fatalf("QUERY STREAMTYPE = %q", st)
	}
	if st, _ := call(t, tab, "STREAM", "STDOUT", "C", "QUERY SIZE"); st != "" {
		t.Fatalf("QUERY SIZE = %q", st)
	}
	if _, err := os.Stat("STDOUT"); err == nil {
		t.Fatal("a file called STDOUT was created")
	}
}

func TestPositioningStandardStreams(t *testing.T) {
	tab := NewTable(strings.NewReader("x\n"), nil, nil)
	for _, c := range []struct {
		fn   string
		args []any
		want string
	}{
		{"LINEIN", []any{"STDIN", 1}, `LINEIN argument 1; cannot position on this stream; found "STDIN"`},
		{"CHARIN", []any{nil, 1}, `CHARIN argument 1; cannot position on this stream; found "<stdin>"`},
		{"LINEOUT", []any{"stdout", "x", 1}, `LINEOUT argument 1; cannot position on this stream; found "stdout"`},
		{"CHAROUT", []any{"STDERR", "x", 2}, `CHAROUT argument 1; cannot position on this stream; found "STDERR"`},
	} {
		_, _, err := tab.Call(c.fn, mkArgs(c.args))
		var re *rexxerr.Error
		if !errors.As(err, &re) || re.Code != 40 || re.Sub != 42 || re.Detail != c.want {
			t.Errorf("%s%v: %v", c.fn, c.args, err)
		}
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	tab := NewTable(nil, nil, nil)
	if n, r := call(t, tab, "LINES", dir); n != "0" || !r.NotReady {
		t.Fatalf("LINES(dir) = %s %+v", n, r)
	}
	if s, r := call(t, tab, "LINEIN", dir); s != "" || !r.NotReady || r.Description != dir {
		t.Fatalf("LINEIN(dir) = %q %+v", s, r)
	}
	st, _ := call(t, tab, "STREAM", dir, "S")
	d, _ := call(t, tab, "STREAM", dir, "D")
	if st != "ERROR" || d != "Is a directory" {
		t.Fatalf("state %s %q", st, d)
	}
	if n, r := call(t, tab, "LINEOUT", dir+"/", "x"); n != "1" || !r.NotReady {
		t.Fatalf("LINEOUT(dir) = %s %+v", n, r)
	}
	if s, _ := call(t, tab, "STREAM", dir, "C", "QUERY EXISTS"); s != dir {
		t.Fatalf("QUERY EXISTS = %q", s)
	}
}

func TestErrorLastsUntilClose(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "f.txt", "abc\n")
	tab := NewTable(nil, nil, nil)
	if _, r := call(t, tab, "CHARIN", f, 9); !r.NotReady {
		t.Fatal("CHARIN past the end did not fail")
	}
	if s, r := call(t, tab, "CHARIN", f, 1); s != "" || !r.NotReady {
		t.Fatalf("CHARIN on an ERROR stream = %q %+v", s, r)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "CLOSE"); s != "UNKNOWN" {
		t.Fatalf("CLOSE = %q", s)
	}
	if s, r := call(t, tab, "LINEIN", f); s != "abc" || r.NotReady {
		t.Fatalf("LINEIN after CLOSE = %q %+v", s, r)
	}
}

func TestPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may read any file")
	}
	dir := t.TempDir()
	f := writeFile(t, dir, "secret", "x\n")
	os.Chmod(f, 0)
	tab := NewTable(nil, nil, nil)
	if s, _ := call(t, tab, "STREAM", f, "C", "OPEN READ"); s != "ERROR:13" {
		t.Fatalf("OPEN READ = %q", s)
	}
	if d, _ := call(t, tab, "STREAM", f, "D"); d != "Permission denied" {
		t.Fatalf("D = %q", d)
	}
}

func TestLongLinesAcrossBlocks(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 3*blockSize+17)
	var b strings.Builder
	for i := range 5000 {
		b.WriteString("line " + strconv.Itoa(i) + "\n")
	}
	f := writeFile(t, dir, "big.txt", "short\n"+long+"\n"+b.String()+"tail")
	tab := NewTable(nil, nil, nil)
	if n, _ := call(t, tab, "LINES", f, "C"); n != "5003" {
		t.Fatalf("LINES C = %s", n)
	}
	call(t, tab, "LINEIN", f)
	if s, _ := call(t, tab, "LINEIN", f); s != long {
		t.Fatalf("long line: %d bytes", len(s))
	}
	if s, _ := call(t, tab, "LINEIN", f, 4000); s != "line 3997" {
		t.Fatalf("LINEIN(f,4000) = %q", s)
	}
	if s, _ := call(t, tab, "LINEIN", f, 5003); s != "tail" {
		t.Fatalf("LINEIN(f,5003) = %q", s)
	}
	if s, r := call(t, tab, "LINEIN", f, 5004); s != "" || !r.NotReady {
		t.Fatalf("LINEIN past the end = %q %+v", s, r)
	}
	if s, _ := call(t, tab, "LINEIN", f, 2, 0); s != "" {
		t.Fatalf("LINEIN(f,2,0) = %q", s)
	}
	if n, _ := call(t, tab, "LINES", f, "C"); n != "5002" {
		t.Fatalf("LINES C from line 2 = %s", n)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "SEEK <1 READ LINE"); s != "5003" {
		t.Fatalf("SEEK <1 LINE = %q", s)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "SEEK -2 READ LINE"); s != "5001" {
		t.Fatalf("SEEK -2 LINE = %q", s)
	}
	if s, _ := call(t, tab, "LINEIN", f); s != "line 4998" {
		t.Fatalf("LINEIN after SEEK = %q", s)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "QUERY POSITION READ LINE"); s != "5002" {
		t.Fatalf("QUERY POSITION READ LINE = %q", s)
	}
}

func TestWritesReachTheFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "out.txt")
	tab := NewTable(nil, nil, nil)
	for i := range 1000 {
		call(t, tab, "LINEOUT", f, "row "+strconv.Itoa(i))
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "QUERY SIZE"); s != "7890" {
		t.Fatalf("QUERY SIZE after 1000 lines = %s", s)
	}
	call(t, tab, "CHAROUT", f, "end")
	// Another process (a host command) sees every write at once.
	b, _ := os.ReadFile(f)
	if len(b) != 7893 || !strings.HasSuffix(string(b), "row 999\nend") {
		t.Fatalf("with the stream open the file has %d bytes", len(b))
	}
	call(t, tab, "LINEOUT", f, "")
	if err := tab.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(f)
	if !strings.HasSuffix(string(b), "row 999\nend\n") {
		t.Fatalf("after Close the file ends %q", b[len(b)-12:])
	}
	if st, _ := call(t, tab, "STREAM", f, "S"); st != "UNKNOWN" {
		t.Fatalf("state after Close = %s", st)
	}
	// The table is usable after Close; writing appends again.
	call(t, tab, "LINEOUT", f, "again")
	tab.Close()
	b, _ = os.ReadFile(f)
	if !strings.HasSuffix(string(b), "end\nagain\n") {
		t.Fatalf("reopened file ends %q", b[len(b)-12:])
	}
}

func TestReadAfterOverwrite(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "f.txt", "aaaa\nbbbb\ncccc\n")
	tab := NewTable(nil, nil, nil)
	if s, _ := call(t, tab, "LINEIN", f); s != "aaaa" {
		t.Fatal(s)
	}
	// Overwrite line 2 in place with CHAROUT: the read sees the new bytes.
	call(t, tab, "CHAROUT", f, "BBBB", 6)
	if s, _ := call(t, tab, "LINEIN", f); s != "BBBB" {
		t.Fatalf("LINEIN after CHAROUT = %q", s)
	}
	// LINEOUT at a line cuts the file there.
	call(t, tab, "LINEOUT", f, "two", 2)
	if s, _ := call(t, tab, "CHARIN", f, 1, 100); s != "aaaa\ntwo\n" {
		t.Fatalf("file after LINEOUT(f,,2) = %q", s)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "SEEK =1 WRITE LINE"); s != "1" {
		t.Fatalf("SEEK WRITE LINE = %q", s)
	}
	call(t, tab, "CHAROUT", f, "A")
	if s, _ := call(t, tab, "LINEIN", f, 1); s != "Aaaa" {
		t.Fatalf("LINEIN after SEEK WRITE = %q", s)
	}
}

func TestQueryTimes(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "f.txt", "x")
	fi, _ := os.Stat(f)
	tab := NewTable(nil, nil, nil)
	if s, _ := call(t, tab, "STREAM", f, "C", "QUERY DATETIME"); s != fi.ModTime().Format("01-02-06 15:04:05") {
		t.Fatalf("DATETIME = %q", s)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "QUERY TIMESTAMP"); s != fi.ModTime().Format("2006-01-02 15:04:05") {
		t.Fatalf("TIMESTAMP = %q", s)
	}
	if s, _ := call(t, tab, "STREAM", f, "C", "QUERY HANDLE"); s != "" {
		t.Fatalf("HANDLE of a closed stream = %q", s)
	}
	call(t, tab, "CHARIN", f)
	if s, _ := call(t, tab, "STREAM", f, "C", "QUERY HANDLE"); s == "" || s == "0" {
		t.Fatalf("HANDLE of an open stream = %q", s)
	}
	if len(tab.files) != 1 {
		t.Fatalf("%d stream records, want 1", len(tab.files))
	}
	call(t, tab, "STREAM", filepath.Join(dir, "nope"), "C", "QUERY EXISTS")
	if len(tab.files) != 1 {
		t.Fatal("QUERY of an unknown file left a stream record")
	}
}

func TestRelativeNamesShareAStream(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "f.txt", "1\n2\n")
	t.Chdir(dir)
	tab := NewTable(nil, nil, nil)
	call(t, tab, "LINEIN", "f.txt")
	if s, _ := call(t, tab, "LINEIN", "./f.txt"); s != "2" {
		t.Fatalf("LINEIN('./f.txt') = %q", s)
	}
	if s, _ := call(t, tab, "STREAM", "f.txt", "C", "QUERY EXISTS"); s != filepath.Join(dir, "f.txt") {
		t.Fatalf("QUERY EXISTS = %q", s)
	}
	_, r := call(t, tab, "LINEIN", "f.txt")
	if r.Description != "f.txt" {
		t.Fatalf("NOTREADY description %q, want the name first used", r.Description)
	}
}

func TestTypedCallsRejectBadNumbers(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "f.txt", "x\n")
	tab := NewTable(strings.NewReader("in\n"), nil, nil)
	for _, name := range []string{f, "STDIN", "STDOUT"} {
		for _, err := range []error{
			func() error { _, _, err := tab.LineIn(name, -1, 1); return err }(),
			func() error { _, _, err := tab.LineIn(name, 0, 2); return err }(),
			func() error { _, _, err := tab.LineIn(name, 0, -1); return err }(),
			func() error { _, _, err := tab.CharIn(name, -1, 1); return err }(),
			func() error { _, _, err := tab.CharIn(name, 0, -5); return err }(),
			func() error { _, _, err := tab.LineOut(name, "x", true, -2); return err }(),
			func() error { _, _, err := tab.CharOut(name, "x", true, -2); return err }(),
		} {
			var re *rexxerr.Error
			if !errors.As(err, &re) || re.Code != 40 {
				t.Errorf("%s: got %v, want a 40.x error", name, err)
			}
		}
	}
}
