package interp

import (
	"fmt"
	"io"

	"github.com/rexxlxd/rexxlxd/builtin"
	"github.com/rexxlxd/rexxlxd/stream"
)

// The stream built-ins (LINEIN, LINEOUT, LINES, CHARIN, CHAROUT, CHARS,
// STREAM) run on the interpreter's stream.Table; a NOTREADY result raises
// the NOTREADY condition.
func init() {
	for name, n := range stream.Funcs {
		name := name
		ownFuncs[name] = ownFunc{n.Min, n.Max, func(a *activation, args []builtin.Arg) (Value, error) {
			sargs := make([]stream.Arg, len(args))
			for i, x := range args {
				sargs[i] = stream.Arg{Value: x.Value, Present: x.Present}
			}
			s, res, err := a.in.streamTable().Call(name, sargs)
			if err != nil {
				return Value{}, err
			}
			if res.NotReady {
				if err := a.raise("NOTREADY", res.Description); err != nil {
					return Value{}, err
				}
			}
			return Str(s), nil
		}}
	}
}

// streamTable returns the program's streams, made on first use. Its
// standard output goes through the SAY buffer, so SAY and
// LINEOUT('STDOUT') lines keep their order.
func (in *Interp) streamTable() *stream.Table {
	if in.streams == nil {
		in.streams = stream.NewTable(flushReader{in, in.Stdin}, sayWriter{in}, in.errOut())
	}
	return in.streams
}

// sayWriter writes into the SAY buffer.
type sayWriter struct{ in *Interp }

func (w sayWriter) Write(p []byte) (int, error) {
	return w.in.stdout().Write(p)
}

// flushReader flushes SAY output before it reads, so a prompt written
// with SAY shows before LINEIN or PULL waits for the answer.
type flushReader struct {
	in *Interp
	r  io.Reader
}

func (f flushReader) Read(p []byte) (int, error) {
	f.in.flush()
	return f.r.Read(p)
}

// flushWriter flushes SAY output before it writes, so what goes to
// standard error (traces, LINEOUT('STDERR')) keeps its place among the
// SAY lines.
type flushWriter struct {
	in *Interp
	w  io.Writer
}

func (f flushWriter) Write(p []byte) (int, error) {
	f.in.flush()
	return f.w.Write(p)
}

// errOut is standard error for the interpreter's own messages.
func (in *Interp) errOut() io.Writer { return flushWriter{in, in.Stderr} }

// readStdinLine reads one line of standard input for PULL and PARSE
// PULL, through the buffer LINEIN uses too, so no line is lost between
// them.
func (in *Interp) readStdinLine() (string, bool) {
	in.flush()
	return in.streamTable().ReadStdinLine()
}

// closeStreams closes the program's files at its end. An error there
// (a file system that reports a failed write only on close) is returned,
// so that no write is lost without the caller hearing of it.
func (in *Interp) closeStreams() error {
	if in.streams == nil {
		return nil
	}
	if err := in.streams.Close(); err != nil {
		return fmt.Errorf("closing the program's files: %w", err)
	}
	return nil
}
