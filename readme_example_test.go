package rexxlxd_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
	"github.com/rexxlxd/rexxlxd/parser"
)

// TestLiveReadmeFirstExample runs the README's first example, as printed
// there but with its names made unique, twice against the real daemon:
// both runs succeed (the second on the base the first left), the clones
// are gone after each, and the base stays, as the README says, until
// "delete name=BASE" removes it. It skips without LXD unless
// REXXLXD_REQUIRE_LXD=1.
func TestLiveReadmeFirstExample(t *testing.T) {
	c := lxdtest.Connect(t)
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```rexx\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no rexx example")
	}
	src := string(m[1])
	if !strings.Contains(src, "web-base") || !strings.Contains(src, `"delete name=web-*"`) {
		t.Fatalf("the README's first example is not the one this test knows:\n%s", src)
	}
	prefix := lxdtest.Name(t, "rxreadme")
	src = strings.ReplaceAll(src, "web", prefix)
	base := prefix + "-base"
	lxdtest.Cleanup(t, c, base)
	for i := 1; i <= 10; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", prefix, i))
	}
	prog, err := parser.Parse("readme.rexx", src)
	if err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 2; run++ {
		in, env := rexxlxd.New(rexxlxd.Options{})
		var out, errOut bytes.Buffer
		in.Stdout, in.Stderr = &out, &errOut
		if _, err := in.Run(context.Background(), prog); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, errOut.String())
		}
		env.Close()
		if errOut.Len() > 0 {
			t.Errorf("run %d wrote to standard error:\n%s", run, errOut.String())
		}
		if n := strings.Count(out.String(), " exit 0 ("); n != 10 {
			t.Errorf("run %d: %d of 10 clones answered with exit 0:\n%s", run, n, out.String())
		}
		ctx := context.Background()
		for i := 1; i <= 10; i++ {
			if _, err := c.GetInstance(ctx, fmt.Sprintf("%s-%d", prefix, i)); !lxdapi.IsNotFound(err) {
				t.Errorf("run %d left clone %s-%d (%v)", run, prefix, i, err)
			}
		}
		if _, err := c.GetInstance(ctx, base); err != nil {
			t.Fatalf("run %d: the base %s is gone: %v", run, base, err)
		}
	}
	// The README's way to remove the base.
	in, env := rexxlxd.New(rexxlxd.Options{})
	defer env.Close()
	prog, err = parser.Parse("rm.rexx", `address lxd "delete name=`+base+`"; exit rc`)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := in.Run(context.Background(), prog); err != nil || v != "0" {
		t.Fatalf("delete name=%s: RC %s, %v", base, v, err)
	}
	if _, err := c.GetInstance(context.Background(), base); !lxdapi.IsNotFound(err) {
		t.Errorf("delete name=%s left it (%v)", base, err)
	}
}
