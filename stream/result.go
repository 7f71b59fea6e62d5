package stream

// State is the state STREAM(name,'S') reports.
type State int

// The states of a stream. Unknown is a stream not open (never used, or
// closed); NotReady is a recoverable end of data; Error is a failure that
// lasts until the stream is closed.
const (
	Unknown State = iota
	Ready
	NotReady
	Error
)

var stateNames = [...]string{"UNKNOWN", "READY", "NOTREADY", "ERROR"}

// String returns the state as STREAM(name,'S') spells it.
func (s State) String() string { return stateNames[s] }

// Result tells the caller of an I/O operation whether to raise NOTREADY.
// Description is what CONDITION('D') shows in the NOTREADY handler: the
// stream's name as the program wrote it, or "<stdin>"/"<stdout>" for the
// default streams, as Regina does.
type Result struct {
	NotReady    bool
	Description string
}

// ready is the Result of an operation that succeeded.
var ready = Result{}

// notReady is the Result that raises NOTREADY for stream s.
func notReady(s *stream) Result { return Result{NotReady: true, Description: s.name} }
