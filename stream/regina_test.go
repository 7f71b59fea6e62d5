package stream

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// divergences are the cases of testdata/cases.txt where this package
// deliberately answers differently from Regina 3.6 (see the package
// documentation): the case line, with #n for its nth run when it occurs
// more than once, and what this package prints instead.
var divergences = map[string]string{
	// LINEOUT and CHAROUT return what was not written, not 0.
	`LINEOUT $D/missing.txt|x`:    `[1] NOTREADY($D/missing.txt)`,
	`LINEOUT $D/nodir/x.txt|abc`:  `[1] NOTREADY($D/nodir/x.txt)`,
	`CHAROUT $D/nodir2/x.txt|abc`: `[3] NOTREADY($D/nodir2/x.txt)`,
	`CHAROUT $D/wp.txt|Q|14`:      `[1] NOTREADY($D/wp.txt)`,
	`LINEOUT $D/missing3.txt|x`:   `[1] NOTREADY($D/missing3.txt)`,
	`CHAROUT /dev/full|abc#1`:     `[3] NOTREADY(/dev/full)`,
	// Regina holds CHAROUT's bytes in a buffer and loses them unseen
	// when the write fails later (the LINEOUT that closes it returns 0).
	// Here every write reaches the file in its call, which reports the
	// failure.
	`CHAROUT /dev/full|abc#2`: `[3] NOTREADY(/dev/full)`,
	`STATE /dev/full#3`:       `[ERROR] [No space left on device]`,
	// Regina counts a line left after the last line without a line feed
	// was read.
	`LINES $D/crlf.txt|C#3`: `[0]`,
	// Reading an empty file is end of data.
	`LINEIN $D/empty.txt`: `[] NOTREADY($D/empty.txt)`,
	// The read and write positions of a file are independent even when
	// the stream was first opened by a write: Regina overwrites "second"
	// with "third" and then loses its place.
	`LINEIN $D/report.txt#2`:            `[second]`,
	`LINEIN $D/report.txt#3`:            `[third]`,
	`CHARIN $D/report.txt|1|40`:         `[first\nsecond\nthird\nfourth\n\n] NOTREADY($D/report.txt)`,
	`STREAM $D/report.txt|C|QUERY SIZE`: `[27]`,
	// Regina raises NOTREADY on the first read of a stream opened for
	// writing although the read succeeds.
	`LINEIN $D/both.txt#6`: `[only]`,
}

// TestReginaCases replays testdata/cases.txt and compares each answer with
// what Regina printed for it (testdata/cases.want, made by gen.rexx).
func TestReginaCases(t *testing.T) {
	cases := readLines(t, "testdata/cases.txt")
	want := readLines(t, "testdata/cases.want")
	dir := t.TempDir()
	var out bytes.Buffer
	tab := NewTable(strings.NewReader(""), &out, &out)
	defer tab.Close()
	for _, c := range cases {
		if c == "" || c[0] == '#' {
			continue
		}
		runCase(t, tab, dir, c, &out)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	seen, used := map[string]int{}, map[string]bool{}
	for i, w := range want {
		if op, _, ok := strings.Cut(w, " => "); ok {
			seen[op]++
			for _, key := range []string{fmt.Sprintf("%s#%d", op, seen[op]), op} {
				if d, ok := divergences[key]; ok {
					w = op + " => " + d
					used[key] = true
					break
				}
			}
		}
		if i >= len(got) {
			t.Fatalf("line %d: missing, want %q", i+1, w)
		}
		if got[i] != w {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], w)
		}
	}
	for key := range divergences {
		if !used[key] {
			t.Errorf("divergence %q matches no case", key)
		}
	}
	if len(got) > len(want) {
		t.Errorf("%d lines more than Regina printed, first %q", len(got)-len(want), got[len(want)])
	}
}

// runCase runs one case line as gen.rexx does and prints the answer.
func runCase(t *testing.T, tab *Table, dir, line string, out *bytes.Buffer) {
	op, rest, _ := strings.Cut(line, " ")
	var args []Arg
	if rest != "" {
		for _, f := range strings.Split(rest, "|") {
			if f == "~" {
				args = append(args, Arg{})
			} else {
				args = append(args, Arg{Value: decodeCase(f, dir), Present: true})
			}
		}
	}
	shown := op + " " + strings.TrimSpace(rest)
	switch op {
	case "FILE":
		os.Remove(args[0].Value)
		tab.CharOut(args[0].Value, args[1].Value, true, 0)
		tab.CharOut(args[0].Value, "", false, 0)
		fmt.Fprintln(out, shown)
		return
	case "STATE":
		st, _, _ := tab.Stream(args[0].Value, 'S', "")
		d, _, _ := tab.Stream(args[0].Value, 'D', "")
		fmt.Fprintf(out, "%s => [%s] [%s]\n", shown, st, undir(d, dir))
		return
	}
	if spec, ok := Funcs[op]; !ok || len(args) > spec.Max {
		t.Fatalf("bad case %q", line)
	}
	s, r, err := tab.Call(op, args)
	if err != nil {
		var re *rexxerr.Error
		if !errors.As(err, &re) {
			t.Fatalf("%s: error %v is not a *rexxerr.Error", line, err)
		}
		fmt.Fprintf(out, "%s => ERROR Error %d.%d: %s\n", shown, re.Code, re.Sub, re.Detail)
		return
	}
	nr := ""
	if r.NotReady {
		nr = " NOTREADY(" + undir(r.Description, dir) + ")"
	}
	fmt.Fprintf(out, "%s => [%s]%s\n", shown, undir(encodeCase(s), dir), nr)
}

// decodeCase undoes the escapes of a case argument and puts in dir for $D.
func decodeCase(s, dir string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == 'D':
			b.WriteString(dir)
			i++
		case s[i] == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// encodeCase escapes an answer as gen.rexx does.
func encodeCase(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}

func undir(s, dir string) string { return strings.ReplaceAll(s, dir, "$D") }

func readLines(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}
