// Package num is REXX decimal arithmetic as Regina 3.6 computes it, which
// is the behaviour rexxlxd's users compare against.
//
// A Number is an immutable value, parsed once from a REXX numeric string
// (Parse) or made from an int64 (FromInt). Arithmetic runs under a Context
// holding NUMERIC DIGITS, FUZZ and FORM; its methods return results
// rounded to DIGITS, or a *rexxerr.Error (42 for overflow and division by
// zero, 26 for a power that is not whole or an integer division whose
// result needs more than DIGITS digits). Context.String writes a result
// as Regina prints it.
//
// Regina differs from the ANSI standard in ways users can see, and num
// follows Regina: operands take part with DIGITS+1 digits, cut rather
// than rounded; an addition is rounded at DIGITS places from the first
// digit of the larger operand even when the result cancels; comparisons
// look at the first DIGITS-FUZZ digits and then at one more; powers keep
// an extra digit in their intermediate products. The cases in
// testdata/regina_arith.txt were produced by Regina and are replayed by
// the tests.
//
// Numbers whose coefficient has at most 18 digits are held inline, and the
// operations on them at DIGITS up to 16 run in integer arithmetic without
// allocating; larger ones use math/big integers.
package num
