package parser

// Operator is an operator or punctuation token, as go/token.Token is in
// Go's parser: a small integer, so the compiler switches on it rather than
// on text, and Precedence is a method, not a lookup in a map.
//
// Each spelling the scanner knows is its own Operator ("<>" and "><" are
// both "not equal" but stay apart), because error messages quote the
// operator as written; "¬" is read as "\" first. Concatenation by blank
// and by abuttal have no text of their own: Blank and Abut stand for them
// in a Binary.
type Operator uint8

const (
	NoOp Operator = iota // not an operator

	// Arithmetic.
	Add    // +
	Sub    // -
	Mul    // *
	Div    // /
	IntDiv // %
	Rem    // //
	Pow    // **

	// Concatenation.
	Concat // ||
	Abut   // two terms written together: 'a'b
	Blank  // two terms separated by blanks: 'a' b

	// Normal comparison.
	Eq    // =
	Ne    // \=
	LtGt  // <>
	GtLt  // ><
	Gt    // >
	Lt    // <
	Ge    // >=
	Le    // <=
	NotGt // \>
	NotLt // \<

	// Strict comparison.
	StrictEq    // ==
	StrictNe    // \==
	StrictGt    // >>
	StrictLt    // <<
	StrictGe    // >>=
	StrictLe    // <<=
	StrictNotGt // \>>
	StrictNotLt // \<<

	// Logical.
	And // &
	Or  // |
	Xor // &&

	Not // \ (prefix only)

	// Punctuation.
	LParen // (
	RParen // )
	Comma  // ,
	Colon  // :

	numOperators
)

var opText = [numOperators]string{
	Add: "+", Sub: "-", Mul: "*", Div: "/", IntDiv: "%", Rem: "//", Pow: "**",
	Concat: "||", Abut: "", Blank: " ",
	Eq: "=", Ne: "\\=", LtGt: "<>", GtLt: "><", Gt: ">", Lt: "<", Ge: ">=", Le: "<=", NotGt: "\\>", NotLt: "\\<",
	StrictEq: "==", StrictNe: "\\==", StrictGt: ">>", StrictLt: "<<", StrictGe: ">>=", StrictLe: "<<=",
	StrictNotGt: "\\>>", StrictNotLt: "\\<<",
	And: "&", Or: "|", Xor: "&&",
	Not:    "\\",
	LParen: "(", RParen: ")", Comma: ",", Colon: ":",
}

// String returns the operator as REXX writes it: " " for Blank and ""
// for Abut, "" for NoOp.
func (o Operator) String() string {
	if o < numOperators {
		return opText[o]
	}
	return ""
}

// Precedences of the binary operators, from loosest to tightest binding.
// Prefix operators bind tighter than all of these, so -2**2 is 4 as in
// Regina.
const (
	LowestPrec  = 0 // not a binary operator
	precOr      = 1 // | &&
	precAnd     = 2 // &
	precCompare = 3 // = \= > ... == >> ...
	precConcat  = 4 // || blank abuttal
	precAdd     = 5 // + -
	precMul     = 6 // * / % //
	precPow     = 7 // **
)

// Precedence returns how tightly o binds as a binary operator, or
// LowestPrec when it is none (Not, the punctuation, NoOp).
func (o Operator) Precedence() int {
	switch {
	case o == Or || o == Xor:
		return precOr
	case o == And:
		return precAnd
	case o.IsComparison():
		return precCompare
	case o == Concat || o == Abut || o == Blank:
		return precConcat
	case o == Add || o == Sub:
		return precAdd
	case o >= Mul && o <= Rem:
		return precMul
	case o == Pow:
		return precPow
	}
	return LowestPrec
}

// IsComparison reports whether o compares its operands (normally or
// strictly).
func (o Operator) IsComparison() bool { return o >= Eq && o <= StrictNotLt }

// IsArithmetic reports whether o is + - * / % // or **.
func (o Operator) IsArithmetic() bool { return o >= Add && o <= Pow }

// IsLogical reports whether o is & | or &&.
func (o Operator) IsLogical() bool { return o >= And && o <= Xor }

// scanOps lists the operators by their spellings, longest first, so the
// scanner takes the longest that matches. "¬" stands for "\".
var scanOps = []struct {
	text string
	op   Operator
}{
	{"\\==", StrictNe}, {"¬==", StrictNe}, {"\\>>", StrictNotGt}, {"\\<<", StrictNotLt},
	{">>=", StrictGe}, {"<<=", StrictLe}, {"¬>>", StrictNotGt}, {"¬<<", StrictNotLt},
	{"**", Pow}, {"//", Rem}, {"||", Concat}, {"&&", Xor}, {"==", StrictEq}, {"\\=", Ne}, {"¬=", Ne},
	{"<>", LtGt}, {"><", GtLt}, {">=", Ge}, {"<=", Le}, {"\\>", NotGt}, {"\\<", NotLt},
	{"¬>", NotGt}, {"¬<", NotLt}, {">>", StrictGt}, {"<<", StrictLt},
	{"+", Add}, {"-", Sub}, {"*", Mul}, {"/", Div}, {"%", IntDiv}, {"&", And}, {"|", Or},
	{"=", Eq}, {">", Gt}, {"<", Lt}, {"\\", Not}, {"¬", Not},
	{"(", LParen}, {")", RParen}, {",", Comma}, {":", Colon},
}
