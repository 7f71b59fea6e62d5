package repl

// completer adapts Complete to readline's AutoCompleter, which works in
// runes and wants the text each candidate adds after the cursor.
type completer struct{ s *Sources }

// Do implements readline.AutoCompleter.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	if pos < 0 || pos > len(line) {
		return nil, 0
	}
	head := string(line[:pos])
	word, cands := Complete(head, len(head), c.s)
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		out = append(out, []rune(cand[len(word):]))
	}
	return out, len([]rune(word))
}
