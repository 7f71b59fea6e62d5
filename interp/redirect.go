package interp

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/parser"
)

// redirect is one compiled WITH redirection of ADDRESS.
type redirect struct {
	what   string // INPUT, OUTPUT or ERROR
	to     string // NORMAL, STREAM, STEM, FIFO or LIFO
	append bool
	name   expr   // STREAM: the file name
	stem   string // STEM: the stem, "OUT."
}

func (k *compiler) redirects(list []parser.Redirect) []redirect {
	if list == nil {
		return nil
	}
	out := make([]redirect, len(list))
	for i, r := range list {
		out[i] = redirect{what: r.What, to: r.To, append: r.Append, stem: r.Stem}
		if r.Name != nil {
			out[i].name = k.expr(r.Name)
		}
	}
	return out
}

// redirectsFor returns the redirections ADDRESS env WITH set for env in
// this routine or the nearest caller that set them.
func (a *activation) redirectsFor(env string) []redirect {
	env = strings.ToUpper(env)
	for f := a; f != nil; f = f.parent {
		if w, ok := f.with[env]; ok {
			return w
		}
	}
	return nil
}

// redirect points the command's standard streams where with says and
// returns the function that, after the command, stores what it wrote.
func (a *activation) redirect(call *Call, with []redirect) (func() error, error) {
	var after []func() error
	for _, r := range with {
		if r.to == "NORMAL" {
			continue
		}
		if r.what == "INPUT" {
			in, err := a.redirectInput(r)
			if err != nil {
				return nil, err
			}
			call.Stdin = in
			continue
		}
		w, done, err := a.redirectOutput(r)
		if err != nil {
			return nil, err
		}
		if r.what == "OUTPUT" {
			call.Stdout = w
		} else {
			call.Stderr = w
		}
		after = append(after, done)
	}
	return func() error {
		var first error
		for _, f := range after {
			if err := f(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}, nil
}

// redirectInput makes the command's input: the lines of a stem, a file,
// or the lines of the external data queue (which it empties).
func (a *activation) redirectInput(r redirect) (io.Reader, error) {
	switch r.to {
	case "STEM":
		n, err := a.stemCount(r.stem)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		s := a.pool.stem(r.stem)
		for i := 1; i <= n; i++ {
			v, ok := s.get(strconv.Itoa(i))
			if !ok {
				v = Str(r.stem + strconv.Itoa(i))
			}
			b.WriteString(v.String())
			b.WriteByte('\n')
		}
		return strings.NewReader(b.String()), nil
	case "STREAM":
		name, err := a.streamName(r)
		if err != nil {
			return nil, err
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, rxErr(48, 1, "Failure in system service: %v", err)
		}
		return bytes.NewReader(data), nil
	default: // FIFO, LIFO: the queue, in order
		var b strings.Builder
		for {
			line, ok := a.in.queue.pop()
			if !ok {
				break
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
		return strings.NewReader(b.String()), nil
	}
}

// redirectOutput returns where the command writes one of its outputs and
// the function that stores it once the command ends.
func (a *activation) redirectOutput(r redirect) (io.Writer, func() error, error) {
	switch r.to {
	case "STREAM":
		name, err := a.streamName(r)
		if err != nil {
			return nil, nil, err
		}
		flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if r.append {
			flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		}
		f, err := os.OpenFile(name, flags, 0o666)
		if err != nil {
			return nil, nil, rxErr(48, 1, "Failure in system service: %v", err)
		}
		return f, f.Close, nil
	case "STEM":
		start := 0
		if r.append {
			n, err := a.stemCount(r.stem)
			if err != nil {
				return nil, nil, err
			}
			start = n
		}
		var buf bytes.Buffer
		return &buf, func() error {
			s := a.pool.stem(r.stem)
			n := start
			for _, line := range splitLines(buf.String()) {
				n++
				s.set(strconv.Itoa(n), Str(line))
			}
			s.set("0", Int(int64(n)))
			return nil
		}, nil
	default: // FIFO, LIFO
		var buf bytes.Buffer
		return &buf, func() error {
			for _, line := range splitLines(buf.String()) {
				if r.to == "LIFO" {
					a.in.queue.push(line)
				} else {
					a.in.queue.add(line)
				}
			}
			return nil
		}, nil
	}
}

// stemCount reads stem.0 as a line count (error 54.1 when it is not one).
func (a *activation) stemCount(stem string) (int, error) {
	v, ok := a.pool.stem(stem).get("0")
	if !ok {
		v = Str(stem + "0")
	}
	n, whole := a.whole(v)
	if !whole || n < 0 {
		return 0, rxErr(54, 1, "For this STEM APPEND, the value of \"%s0\" must be a count of lines; found \"%s\"", stem, v.String())
	}
	return n, nil
}

// streamName evaluates the file name of a STREAM redirection: the value
// of its symbol (the symbol's name when it has none) or its string.
func (a *activation) streamName(r redirect) (string, error) {
	if ref, ok := r.name.(ref); ok && !isSet(a, ref) {
		return ref.varName(a)
	}
	v, err := r.name.eval(a)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// splitLines splits command output into lines: a final newline ends the
// last line rather than starting an empty one, and CR LF counts as one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
