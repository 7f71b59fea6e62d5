package interp

// queue is the external data queue of PUSH, QUEUE, PULL and QUEUED().
type queue struct{ lines []string }

func (q *queue) push(s string) { q.lines = append([]string{s}, q.lines...) }
func (q *queue) add(s string)  { q.lines = append(q.lines, s) }
func (q *queue) len() int      { return len(q.lines) }

func (q *queue) pop() (string, bool) {
	if len(q.lines) == 0 {
		return "", false
	}
	s := q.lines[0]
	q.lines = q.lines[1:]
	return s, true
}

// pull takes a line from the queue, or from standard input when the queue
// is empty, as PULL does.
func (in *Interp) pull() (string, error) {
	if s, ok := in.queue.pop(); ok {
		return s, nil
	}
	s, _ := in.readStdinLine()
	return s, nil
}
