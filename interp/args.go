package interp

import "github.com/rexxlxd/rexxlxd/builtin"

// pushArgs returns an argument list of length n with capacity room
// (room >= n) from the interpreter's argument stack, and the mark to pass
// to popArgs when the call is over. Its entries are zero up to room.
// Calls nest, so their lists are a stack; the list of a call stays valid
// while calls it makes push and pop theirs, also when the stack grows
// into a new array (the old one lives on while the list refers to it).
// The capacity limit keeps an append by the callee from reaching into
// the next call's list.
func (in *Interp) pushArgs(n, room int) ([]builtin.Arg, int) {
	top := len(in.argStack)
	if top+room > cap(in.argStack) {
		// The entries below top belong to lists their calls hold;
		// the new array needs only the length.
		in.argStack = make([]builtin.Arg, top, max(2*cap(in.argStack), top+room, 64))
	}
	in.argStack = in.argStack[:top+room]
	return in.argStack[top : top+n : top+room], top
}

// popArgs releases the lists pushed since mark, clearing them so that the
// stack neither keeps their strings alive nor hands out entries that are
// not zero. It clears field by field: the few entries of a call cost
// less so than through the runtime's clearing of memory with pointers.
func (in *Interp) popArgs(mark int) {
	st := in.argStack
	for i := mark; i < len(st); i++ {
		st[i].Value, st[i].Present = "", false
	}
	in.argStack = st[:mark]
}
