package stream

import (
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// pools of argument values the random calls draw from.
var (
	fuzzFns   = []string{"LINEIN", "LINEOUT", "LINES", "CHARIN", "CHAROUT", "CHARS", "STREAM"}
	fuzzNums  = []string{"0", "1", "2", "3", "7", "100", "-1", "1.5", "x", "", "2147483648", "1E3"}
	fuzzStrs  = []string{"", "a", "line\n", "x\r\ny", strings.Repeat("z", 300)}
	fuzzOps   = []string{"C", "S", "D", "c", "x", ""}
	fuzzCmds  = []string{"OPEN", "OPEN READ", "OPEN WRITE", "OPEN BOTH REPLACE", "OPEN WRITE APPEND", "CLOSE", "FLUSH", "SEEK 1", "SEEK +2 READ LINE", "SEEK -1 WRITE CHAR", "SEEK <1 LINE", "SEEK =3 WRITE LINE", "SEEK 999999999", "QUERY SIZE", "QUERY EXISTS", "QUERY POSITION READ LINE", "QUERY SEEK WRITE", "QUERY POSITION SYS", "QUERY HANDLE", "QUERY DATETIME", "QUERY STREAMTYPE", "BOGUS", ""}
	fuzzNames = []string{"a.txt", "b.txt", "sub", "missing/x", "", "STDIN", "stdout", "<stderr>"}
)

// runRandomCalls makes calls chosen by the bytes of prog and checks that
// each returns a *rexxerr.Error or nothing, and never panics.
func runRandomCalls(t *testing.T, prog []byte) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("one\ntwo\r\nthree"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	tab := NewTable(strings.NewReader("in1\nin2\n"), nil, nil)
	defer tab.Close()
	next := func(n int) int {
		if len(prog) == 0 {
			return 0
		}
		b := prog[0]
		prog = prog[1:]
		return int(b) % n
	}
	for len(prog) > 0 {
		fn := fuzzFns[next(len(fuzzFns))]
		spec := Funcs[fn]
		nargs := spec.Min + next(spec.Max-spec.Min+1)
		args := make([]Arg, nargs)
		for i := range args {
			if next(5) == 0 {
				continue // omitted
			}
			var v string
			switch {
			case i == 0:
				v = fuzzNames[next(len(fuzzNames))]
				if v != "" && !strings.Contains(strings.ToUpper(v), "STD") {
					v = filepath.Join(dir, v)
				}
			case fn == "STREAM" && i == 1:
				v = fuzzOps[next(len(fuzzOps))]
			case fn == "STREAM":
				v = fuzzCmds[next(len(fuzzCmds))]
			case (fn == "LINEOUT" || fn == "CHAROUT") && i == 1:
				v = fuzzStrs[next(len(fuzzStrs))]
			case fn == "LINES" || fn == "CHARS":
				v = []string{"C", "N", "count", "", "q"}[next(5)]
			default:
				v = fuzzNums[next(len(fuzzNums))]
			}
			args[i] = Arg{Value: v, Present: true}
		}
		_, _, err := tab.Call(fn, args)
		var re *rexxerr.Error
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("%s%v: %v is not a *rexxerr.Error", fn, args, err)
		}
	}
	tab.ReadStdinLine()
	if err := tab.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// TestRandomCalls runs many random call sequences; it guards against
// panics and non-REXX errors on odd combinations.
func TestRandomCalls(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 100 {
		prog := make([]byte, 200)
		r.Read(prog)
		runRandomCalls(t, prog)
	}
}

func FuzzCalls(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("LINEOUT then LINEIN then SEEK"))
	f.Fuzz(func(t *testing.T, prog []byte) { runRandomCalls(t, prog) })
}
