package rexxlxd_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// A program runs; Go reads what it left. Vars().Get takes a variable's
// own name, its tail exactly as stored (REXX tails are values, so
// case counts); Value reads a symbol as the program would write it.
func Example() {
	in, env := rexxlxd.New(rexxlxd.Options{})
	defer env.Close()
	src := `
result.0 = 2
do i = 1 to 2
  result.i.name = 'web-'i
end
key = 'Mixed'
tab.key = 'value under the tail Mixed'
exit 7`
	prog, err := parser.Parse("job.rexx", src)
	if err != nil {
		log.Fatal(err) // a *parser.Error, with its line and REXX error number
	}
	v, err := in.Run(context.Background(), prog)
	if err != nil {
		log.Fatal(err) // an *interp.Error: Message() is Regina's text
	}
	fmt.Println("exit", v, "status", interp.ExitStatus(v))

	vars := in.Vars()
	n, _ := vars.Get("RESULT.0")
	name, _ := vars.Get("RESULT.1.NAME")
	_, found := vars.Get("RESULT.1.name") // the tail "1.name" is another variable
	fmt.Println(n, name, found)

	name, _ = in.Value("result.2.name") // as the program writes it
	mixed, _ := in.Value("tab.key")     // KEY's value, Mixed, is the tail
	fmt.Println(name, "|", mixed)
	// Output:
	// exit 7 status 7
	// 2 web-1 false
	// web-2 | value under the tail Mixed
}

// ADDRESS LXD from Go: the program sends the commands, Go reads the
// RESULT. stem it set. (This example needs an LXD daemon, so go test
// compiles it but does not run it.)
func Example_lxd() {
	in, env := rexxlxd.New(rexxlxd.Options{})
	defer env.Close() // waits for warm-pool refills, closes connections
	prog, err := parser.Parse("list.rexx", `address lxd "list"; exit rc`)
	if err != nil {
		log.Fatal(err)
	}
	v, err := in.Run(context.Background(), prog)
	if err != nil {
		log.Fatal(err)
	}
	if v != "0" {
		msg, _ := in.Value("result.error")
		log.Fatalf("list: RC %s: %s", v, msg)
	}
	n, _ := in.Value("result.0")
	for i := 1; i <= atoi(n); i++ {
		name, _ := in.Vars().Get(fmt.Sprintf("RESULT.%d.NAME", i))
		status, _ := in.Vars().Get(fmt.Sprintf("RESULT.%d.STATUS", i))
		fmt.Println(name, status)
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
