package stream_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rexxlxd/rexxlxd/stream"
)

// An interpreter calls Table.Call for the seven stream built-ins and
// raises NOTREADY when the Result asks for it; PULL reads through
// ReadStdinLine, so it shares standard input with LINEIN.
func ExampleTable_Call() {
	dir, _ := os.MkdirTemp("", "stream")
	defer os.RemoveAll(dir)
	inv := filepath.Join(dir, "inventory.txt")
	os.WriteFile(inv, []byte("web1 running\ndb1 stopped\n"), 0o644)

	tab := stream.NewTable(strings.NewReader("yes\n"), os.Stdout, os.Stderr)
	defer tab.Close()
	arg := func(v string) stream.Arg { return stream.Arg{Value: v, Present: true} }
	for {
		n, _, _ := tab.Call("LINES", []stream.Arg{arg(inv)})
		if n == "0" {
			break
		}
		line, _, _ := tab.Call("LINEIN", []stream.Arg{arg(inv)})
		tab.Call("LINEOUT", []stream.Arg{{}, arg("got " + line)})
	}
	_, r, _ := tab.Call("LINEIN", []stream.Arg{arg(inv)})
	if r.NotReady {
		fmt.Println("raise NOTREADY, CONDITION('D') =", filepath.Base(r.Description))
	}
	_, _, err := tab.Call("LINEIN", []stream.Arg{arg(inv), arg("0")})
	fmt.Println(err)
	answer, _ := tab.ReadStdinLine()
	fmt.Println("PULL read", answer)
	// Output:
	// got web1 running
	// got db1 stopped
	// raise NOTREADY, CONDITION('D') = inventory.txt
	// Error 40: Incorrect call to routine (40.14: LINEIN argument 2 must be positive; found "0")
	// PULL read yes
}
