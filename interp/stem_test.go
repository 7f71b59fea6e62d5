package interp_test

import "testing"

// TestIntegerTails checks the compound variables whose tails are
// integers, which the pool keeps apart from other tails (stem.nums):
// "5" and "05" stay two variables whichever is set first, an integer
// tail set before the ones below it is found again, a far index, a
// negative one, DROP against a default, PROCEDURE EXPOSE of one tail and
// "a. = v" behave as Regina 3.6 shows (want is its output).
func TestIntegerTails(t *testing.T) {
	const src = `a.5 = 'five'; do i = 0 to 4; a.i = i; end; a.6 = 'six'
say a.5 a.05 a.6 a.7
j = '5'; k = '05'; say a.j a.k
a.k = 'oh-five'; say a.5 a.05 a.k
b. = 'def'; drop b.3; say b.2 b.3 symbol('b.3') symbol('b.2')
do i = 1 to 3; b.i = i*i; end; say b.1 b.2 b.3 b.4
b.1000000000 = 'far'; n = 1000000000; say b.n b.999999999
m = -1; c.m = 'neg'; say c.m
call sub; say a.3 a.4
a. = 'new'; say a.3 a.4 a.five a.0
s = 0; do i = 1 to 200; d.i = i; end; do i = 200 to 1 by -1; s = s + d.i; end; say s
e.200 = 'x'; do i = 1 to 300; e.i = e.i'.'; end; say e.1 e.199 e.200 e.201 e.300
f.1 = 'x'; drop f.1; say symbol('f.1') f.1
i = 2.0; g.2 = 'two'; say g.i
exit
sub: procedure expose a.3
  a.3 = 'exposed'; a.4 = 'local'; say a.3 a.4; return
`
	const want = `five A.05 six A.7
five A.05
five oh-five oh-five
def B.3 LIT VAR
1 4 9 def
far def
neg
exposed local
exposed 4
new new new new
20100
E.1. E.199. x. E.201. E.300.
LIT F.1
G.2.0
`
	got, err := run(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant (Regina)\n%s", got, want)
	}
}
