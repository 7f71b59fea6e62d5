package interp

// Value returns the value of the variable a REXX program would read for
// symbol written in its source, and whether that variable is set. It is
// how an embedder reads what a program left, with the program's view of
// names: a symbol's letters count in any case, and in a compound symbol
// each tail symbol that names a variable stands for that variable's value
// (as VALUE('result.i.name') does), so Value("result.1.name") is the
// program's result.1.name, RESULT.1.NAME unless the program set NAME.
// Vars().Get, which environments use, takes the variable's own name
// instead: the tail as it is stored, case and all ("RESULT.1.NAME").
// A string that is no variable's symbol (empty, a constant such as 12,
// or with characters a symbol cannot hold) is never set.
func (in *Interp) Value(symbol string) (string, bool) {
	r, err := refFor(symbol)
	if err != nil {
		return "", false
	}
	a := in.session()
	if !isSet(a, r) {
		return "", false
	}
	v, err := r.eval(a)
	if err != nil {
		return "", false
	}
	return v.String(), true
}
