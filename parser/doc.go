// Package parser reads REXX source into an abstract syntax tree.
//
// The scanner produces tokens carrying their Pos, and the clause and
// expression grammar is a hand-written recursive-descent parser
// over them. REXX is hostile to a declarative grammar: keywords are not
// reserved and are recognised only by their place in a clause ("say = 1" is
// an assignment), a blank between two terms is the concatenation operator,
// and SIGNAL may jump into the middle of a block. So the grammar lives in
// code, where each of those rules is one plain decision.
//
// # Layout
//
// The package imports nothing of the runtime (only rexxerr, for REXX
// error numbers), as go/scanner, go/parser and go/ast import nothing of
// a compiler. By file:
//
//   - token.go: Pos, the token Kinds and Token; Keywords for the REPL.
//   - operator.go: Operator, the typed operators and punctuation (as
//     go/token.Token) with Precedence, and the scanner's table of
//     spellings.
//   - scan.go: the scanner. Scan stops at the first error; the parser's
//     AllErrors mode lets it record errors and go on; ScanPartial is the
//     tolerant scan of text still being typed, which the REPL uses to
//     decide whether an entry is finished and what to complete.
//   - parse.go: Parse and ParseMode, clauses and blocks (IF, DO, SELECT)
//     and, under AllErrors, recovery at the next clause.
//   - simple.go: the instructions that own no block, one function each,
//     found by keyword in simpleParsers.
//   - expr.go: expressions by precedence climbing over
//     Operator.Precedence; concatenation by blank and abuttal are the
//     operators Blank and Abut, decided from the tokens' Blank flag.
//   - ast.go: the nodes: Program, Stmt and Expr (closed through unexported
//     marker methods), each embedding At for its position.
//   - walk.go: Walk and Inspect, as go/ast has them. interp's compiler
//     finds the variables a program reads with Inspect; the tree tests
//     print trees with a Visitor.
//   - errors.go: Error ("file:line:col: Error N.M: text", with Regina's
//     number and text), ErrorList (every error of a file, sorted, one a
//     line, for rexxlxd --check) and Incomplete (for the REPL).
//
// The interpreter (package interp) compiles a Program into a flat list of
// instructions, blocks turned into jumps, and runs that list.
package parser
