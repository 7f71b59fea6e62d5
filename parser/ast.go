package parser

// A Program is a parsed REXX source: its clauses in order, with blocks
// (DO, SELECT, IF) nested, and the source lines for SOURCELINE and error
// messages.
type Program struct {
	File  string
	Lines []string
	Body  []Stmt
}

// Position returns the start of the source, so a Program is a Node that
// Walk and Inspect start from.
func (p *Program) Position() Pos { return Pos{Filename: p.File, Line: 1, Column: 1} }

// Node is implemented by every syntax tree node.
type Node interface{ Position() Pos }

// Stmt is an instruction, a label, an assignment or a command.
type Stmt interface {
	Node
	stmt()
}

// Expr is an expression.
type Expr interface {
	Node
	expr()
}

// At is embedded in every node to record where it starts.
type At struct{ Pos Pos }

// Position returns where the node starts.
func (a At) Position() Pos { return a.Pos }

// Expressions.
type (
	// Literal is a string or a constant symbol (such as 3.14 or 1E3); Val is
	// its value, upper-cased for a symbol.
	Literal struct {
		At
		Val string
	}

	// Var is a simple symbol or a stem ("A."), by upper-case name.
	Var struct {
		At
		Name string
	}

	// Compound is a compound symbol: stem plus tail elements. A tail element
	// whose Var is set is replaced by that variable's value when evaluated.
	Compound struct {
		At
		Stem string // including the dot, upper case
		Tail []TailPart
	}

	// Call is a function call name(args). An omitted argument is nil.
	// Quoted is set when the name was a string: such a call skips
	// internal labels.
	Call struct {
		At
		Name   string
		Quoted bool
		Args   []Expr
	}

	// Unary is a prefix operation: Sub, Add or Not.
	Unary struct {
		At
		Op Operator
		X  Expr
	}

	// Binary is an infix operation. Concatenation by blank is Blank and
	// by abuttal Abut.
	Binary struct {
		At
		Op   Operator
		X, Y Expr
	}
)

// TailPart is one element of a compound symbol's tail.
type TailPart struct {
	Const string // used when Var is empty: the element's literal text
	Var   string // upper-case name of the simple symbol to substitute
}

func (*Literal) expr()  {}
func (*Var) expr()      {}
func (*Compound) expr() {}
func (*Call) expr()     {}
func (*Unary) expr()    {}
func (*Binary) expr()   {}

// Instructions.
type (
	// Label is "name:".
	Label struct {
		At
		Name string
	}

	// Assign is "target = expr" (or RexxJS's "LET target = expr").
	Assign struct {
		At
		Target Expr // *Var or *Compound
		X      Expr
		// Let is set for RexxJS's LET, which assigns a whole object: a
		// variable on the right gives the target its stem too.
		Let bool
	}

	// Command is a clause that is only an expression: a command for the
	// current ADDRESS environment.
	Command struct {
		At
		X Expr
	}

	// Say writes X (or an empty line) to standard output.
	Say struct {
		At
		X Expr
	}

	// Nop does nothing.
	Nop struct{ At }

	// If is IF cond THEN stmt [ELSE stmt].
	If struct {
		At
		Cond Expr
		Then Stmt
		Else Stmt // nil when absent
	}

	// Do is a DO group or loop. Ctrl is nil for a plain group.
	Do struct {
		At
		Ctrl   *DoCtrl
		Body   []Stmt
		EndPos Pos
	}

	// Select is SELECT; WHEN ... THEN ...; OTHERWISE ...; END.
	Select struct {
		At
		Whens     []When
		Otherwise []Stmt // nil without OTHERWISE
		HasOther  bool
		OtherPos  Pos // where OTHERWISE stands, when HasOther
		EndPos    Pos
	}

	// Exit ends the program, with X as its result.
	Exit struct {
		At
		X Expr
	}

	// Return returns from a routine (or ends the program at top level).
	Return struct {
		At
		X Expr
	}

	// CallStmt is CALL name [args], or CALL ON/OFF condition.
	CallStmt struct {
		At
		Name   string
		Quoted bool
		Args   []Expr
		Trap   *Trap // set for CALL ON/OFF
	}

	// Signal is SIGNAL label, SIGNAL VALUE expr, or SIGNAL ON/OFF condition.
	Signal struct {
		At
		Label string
		Value Expr
		Trap  *Trap
	}

	// Procedure starts a new variable scope, exposing the named variables
	// (a name in parentheses exposes it and the names its value lists).
	Procedure struct {
		At
		Expose []NameRef
	}

	// Upper (a Regina extension) upper-cases the values of variables.
	Upper struct {
		At
		Names []NameRef
	}

	// Drop drops variables.
	Drop struct {
		At
		Names []NameRef
	}

	// Leave and Iterate act on the innermost loop, or on the one whose
	// control variable is Name.
	Leave struct {
		At
		Name string
	}
	Iterate struct {
		At
		Name string
	}

	// Numeric is NUMERIC DIGITS|FUZZ [expr] or NUMERIC FORM [SCIENTIFIC|ENGINEERING|VALUE expr].
	Numeric struct {
		At
		What string // DIGITS, FUZZ or FORM
		X    Expr   // for FORM: nil, or the VALUE expression
		Form string // for FORM: SCIENTIFIC or ENGINEERING when given as a keyword
	}

	// ParseInstr is PARSE [UPPER|LOWER] [CASELESS] source template(s). ARG
	// and PULL are parsed into it too. Caseless (a Regina extension) makes
	// literal patterns match without regard to case.
	ParseInstr struct {
		At
		Upper, Lower bool
		Caseless     bool
		Source       string // ARG, PULL, LINEIN, EXTERNAL, SOURCE, VERSION, VAR, VALUE
		Var          Expr   // for VAR: the *Var
		X            Expr   // for VALUE: the expression (may be nil)
		Templates    []Template
	}

	// Queue adds a line to the external data queue: Lifo for PUSH.
	Queue struct {
		At
		Lifo bool
		X    Expr
	}

	// Interpret runs the value of X as REXX code.
	Interpret struct {
		At
		X Expr
	}

	// Trace sets the trace option: Setting is the literal word, or X.
	Trace struct {
		At
		Setting string
		X       Expr
	}

	// Address changes or uses the command environment: with Env and
	// Cmd, runs one command there; with Env alone (or Value), makes it the
	// current one; with neither, swaps current and previous. With lists
	// the WITH redirections (ANSI): for one command, or with Env alone
	// for the commands the environment runs from then on.
	Address struct {
		At
		Env   string
		Value Expr
		Cmd   Expr
		With  []Redirect
	}

	// Redirect is one WITH redirection of ADDRESS: What is INPUT, OUTPUT
	// or ERROR; To is NORMAL, STREAM, STEM, FIFO or LIFO; Append is set
	// by APPEND (REPLACE is the default). For STREAM, Name is the symbol
	// whose value names the file or a string that does; for STEM it is
	// the stem ("OUT.").
	Redirect struct {
		At
		What   string
		To     string
		Append bool
		Name   Expr
		Stem   string
	}

	// Require is RexxJS's REQUIRE "name": it declares a library, which for
	// rexxlxd means an ADDRESS environment built in.
	Require struct {
		At
		X Expr
	}

	// Options is accepted and ignored, as ANSI allows for unknown options.
	Options struct {
		At
		X Expr
	}
)

// When is one WHEN cond THEN stmt of a SELECT.
type When struct {
	At
	Cond Expr
	Then Stmt
}

// DoCtrl is the repetitor and conditions of a DO loop.
type DoCtrl struct {
	Var      Expr // control variable (*Var or *Compound), or nil
	Init     Expr
	To, By   Expr
	For      Expr
	Order    string // the order TO, BY and FOR were written in, as "TBF" letters
	Count    Expr   // DO expr
	Forever  bool
	While    Expr
	Until    Expr
	VarName  string // name for LEAVE/ITERATE/END matching
	HasCount bool
}

// Trap is a condition trap setting of CALL ON/OFF or SIGNAL ON/OFF.
type Trap struct {
	On        bool
	Condition string // ERROR, FAILURE, HALT, NOVALUE, NOTREADY, SYNTAX, LOSTDIGITS
	Name      string // NAME label; defaults to the condition name
}

// NameRef is a variable named in DROP or PROCEDURE EXPOSE: Indirect
// means it was written in parentheses.
type NameRef struct {
	Name     string // upper case; a stem ends in "."
	Target   Expr   // *Var or *Compound
	Indirect bool
}

// Template is one PARSE template: targets and patterns in order.
type Template []TemplateItem

// TemplateItem is a target variable or a pattern.
type TemplateItem struct {
	At
	Kind   ItemKind
	Target Expr   // for ItemTarget: *Var or *Compound; nil for "."
	Lit    string // for ItemLiteral: the string; for positions: the number text
	Var    Expr   // for patterns given as (var)
}

// ItemKind is what a template item does.
type ItemKind int

const (
	ItemTarget   ItemKind = iota // assign the next piece to Target
	ItemLiteral                  // find Lit (or Var's value) in the input
	ItemAbsolute                 // move to column Lit (or Var's value)
	ItemPlus                     // move forward Lit columns
	ItemMinus                    // move back Lit columns
)

func (*Label) stmt()      {}
func (*Assign) stmt()     {}
func (*Command) stmt()    {}
func (*Say) stmt()        {}
func (*Nop) stmt()        {}
func (*If) stmt()         {}
func (*Do) stmt()         {}
func (*Select) stmt()     {}
func (*Exit) stmt()       {}
func (*Return) stmt()     {}
func (*CallStmt) stmt()   {}
func (*Signal) stmt()     {}
func (*Procedure) stmt()  {}
func (*Drop) stmt()       {}
func (*Upper) stmt()      {}
func (*Leave) stmt()      {}
func (*Iterate) stmt()    {}
func (*Numeric) stmt()    {}
func (*ParseInstr) stmt() {}
func (*Queue) stmt()      {}
func (*Interpret) stmt()  {}
func (*Trace) stmt()      {}
func (*Address) stmt()    {}
func (*Require) stmt()    {}
func (*Options) stmt()    {}
