package num

// Form is the exponential notation NUMERIC FORM selects.
type Form int

const (
	Scientific Form = iota
	Engineering
)

// Context holds the NUMERIC settings arithmetic runs under.
type Context struct {
	Digits int
	Fuzz   int
	Form   Form
}

// DefaultDigits is REXX's default NUMERIC DIGITS.
const DefaultDigits = 9

// DefaultContext returns NUMERIC DIGITS 9, FUZZ 0, FORM SCIENTIFIC.
func DefaultContext() Context { return Context{Digits: DefaultDigits, Form: Scientific} }
