package termtext

import "io"

// SessionWriter passes a guest's interactive terminal session (ADDRESS
// LXD's shell) on to the user's terminal. Unlike Escape, which makes
// every control visible, a shell needs the controls that draw it: cursor
// movement, colours, erasing, line editing (CSI and the short ESC
// sequences), carriage returns, backspaces and bells. What a terminal
// does beyond the screen is dropped instead, whole:
//
//   - string sequences: OSC (ESC ], which writes the clipboard (52), the
//     window title (0, 2), colours, hyperlinks), DCS (ESC P), SOS (ESC X),
//     PM (ESC ^) and APC (ESC _), up to their ST (ESC \) or BEL;
//   - CSI ... t, the window operations (move, resize, iconify, report the
//     title back as input);
//   - the C1 controls U+0080 to U+009F, whose 8-bit forms start the same
//     sequences on some terminals.
//
// A sequence split between two writes is held back until it is complete.
type SessionWriter struct {
	w     io.Writer
	state sessionState
	csi   []byte // a CSI sequence being read, ESC [ included
	c2    bool   // the last byte was 0xC2, the first of a C1 control or not
}

type sessionState int

const (
	sNormal    sessionState = iota
	sEsc                    // after ESC
	sCSI                    // inside ESC [ ...
	sString                 // inside a string sequence, dropped
	sStringEsc              // ESC inside a string sequence
)

// maxCSI bounds a CSI sequence; a longer one is no sequence a terminal
// knows, and is dropped.
const maxCSI = 64

// NewSessionWriter returns a SessionWriter that writes to w.
func NewSessionWriter(w io.Writer) *SessionWriter { return &SessionWriter{w: w} }

// Write filters p and writes what passes; it reports all of p as written
// when w took it.
func (s *SessionWriter) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p)+2)
	for _, b := range p {
		out = s.step(out, b)
	}
	if len(out) > 0 {
		if _, err := s.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// step feeds one byte through the filter, appending what passes to out.
func (s *SessionWriter) step(out []byte, b byte) []byte {
	if s.c2 {
		s.c2 = false
		if b >= 0x80 && b <= 0x9f {
			return out // U+0080..U+009F: a C1 control
		}
		out = append(out, 0xc2)
	}
	switch s.state {
	case sNormal:
		switch {
		case b == 0x1b:
			s.state = sEsc
		case b == 0xc2:
			s.c2 = true
		default:
			out = append(out, b)
		}
	case sEsc:
		out = s.afterEsc(out, b)
	case sCSI:
		switch {
		case b >= 0x40 && b <= 0x7e: // the final byte
			if b != 't' {
				out = append(append(out, s.csi...), b)
			}
			s.csi, s.state = s.csi[:0], sNormal
		case b >= 0x20 && b <= 0x3f && len(s.csi) < maxCSI: // parameters, intermediates
			s.csi = append(s.csi, b)
		default: // not a sequence a terminal knows: drop it, and this byte
			s.csi, s.state = s.csi[:0], sNormal
		}
	case sString:
		switch b {
		case 0x07:
			s.state = sNormal
		case 0x1b:
			s.state = sStringEsc
		}
	case sStringEsc:
		if b == '\\' {
			s.state = sNormal
		} else {
			// ESC ends the string and starts a sequence of its own.
			out = s.afterEsc(out, b)
		}
	}
	return out
}

// afterEsc handles the byte after an ESC.
func (s *SessionWriter) afterEsc(out []byte, b byte) []byte {
	switch b {
	case '[':
		s.state = sCSI
		s.csi = append(s.csi[:0], 0x1b, '[')
	case ']', 'P', 'X', '^', '_':
		s.state = sString
	case 0x1b:
		s.state = sEsc
	default:
		s.state = sNormal
		out = append(out, 0x1b, b)
	}
	return out
}
