package interp

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/rexxlxd/rexxlxd/builtin"
	"github.com/rexxlxd/rexxlxd/parser"
)

// external is a REXX program in a file, called as a routine: Regina's
// external routines, so that scripts can share a library of routines.
type external struct {
	path string
	prog *parser.Program
	err  error
}

// findExternal looks for NAME.rexx (as written, then in lower case) in
// the calling program's directory and then the current directory.
func (in *Interp) findExternal(a *activation, name string) *external {
	if strings.ContainsAny(name, "/\\") || name == "" {
		return nil
	}
	if e, ok := in.externals[name]; ok {
		return e
	}
	var dirs []string
	if d := filepath.Dir(a.main.prog.File); a.main.prog.File != "" && a.main.prog.File != "-" && a.main.prog.File != "-e" {
		dirs = append(dirs, d)
	}
	dirs = append(dirs, ".")
	for _, d := range dirs {
		for _, f := range []string{name + ".rexx", strings.ToLower(name) + ".rexx"} {
			p := filepath.Join(d, f)
			src, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			e := &external{path: p}
			e.prog, e.err = parser.Parse(p, string(src))
			if in.externals == nil {
				in.externals = map[string]*external{}
			}
			in.externals[name] = e
			return e
		}
	}
	return nil
}

// callExternal runs an external routine with its own variables and
// default settings; its EXIT or RETURN value is the result.
func (a *activation) callExternal(e *external, args []builtin.Arg, callType string) (Value, bool, error) {
	if e.err != nil {
		return Value{}, false, AsError(e.err)
	}
	if a.in.MaxDepth > 0 && a.depth >= a.in.MaxDepth {
		return Value{}, false, rxErr(11, 1, "Control stack full")
	}
	mark, err := a.in.nest(a.stack)
	if err != nil {
		return Value{}, false, err
	}
	c := compile(e.prog)
	callee := a.in.newActivation(c, nil)
	callee.depth = a.depth + 1
	callee.stack = mark
	callee.args = args
	callee.callType = callType
	callee.env, callee.prevEnv = a.env, a.prevEnv
	v, err := callee.run(0)
	switch s := err.(type) {
	case nil:
		return v, false, nil
	case *exitSignal:
		return s.val, s.has, nil
	case *returnSignal:
		return s.val, s.has, nil
	}
	return Value{}, false, err
}
