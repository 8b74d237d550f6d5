package outreach

// ErrorKind classifies a DataError. The kinds are themselves errors, so that
// callers can write errors.Is(err, outreach.ErrNoRespondents).
type ErrorKind string

// The kinds of DataError.
const (
	// ErrEmpty: there are no cells or rows to work with.
	ErrEmpty ErrorKind = "no data"
	// ErrInvalid: a count is negative, a number is not finite, or a parameter
	// is out of range.
	ErrInvalid ErrorKind = "invalid input"
	// ErrNoPopulation: a segment or category has zero population where one is
	// needed.
	ErrNoPopulation ErrorKind = "no population"
	// ErrNoRespondents: a category (or the whole data) has no respondents.
	ErrNoRespondents ErrorKind = "no respondents"
	// ErrLowNEff: the effective sample size is below the floor.
	ErrLowNEff ErrorKind = "effective sample size too small"
	// ErrNotConverged: raking did not converge.
	ErrNotConverged ErrorKind = "raking did not converge"
)

// Error returns the kind's short description.
func (k ErrorKind) Error() string { return string(k) }

// DataError says what is wrong with the input, in words an analyst
// understands, e.g. "age band 80+ has no respondents".
//
// Its message is built from the fields: when Category is set, the subject
// ("age band 80+", "area Sentrum") followed by the kind ("has no respondents",
// "has no population") or, for other kinds, a colon and Detail; without a
// Category, Detail alone (or the kind's description when Detail is empty).
// When both a subject and Detail are given for ErrNoRespondents or
// ErrNoPopulation, Detail is appended after a colon.
type DataError struct {
	Kind     ErrorKind
	Variable Variable // may be empty
	Category string   // may be empty
	Detail   string
}

// VariableLabel returns the words used for a variable in messages:
// "area", "age band", "gender".
func VariableLabel(v Variable) string {
	switch v {
	case Area:
		return "area"
	case AgeBand:
		return "age band"
	case Gender:
		return "gender"
	case "":
		return "segment"
	}
	return string(v)
}

func (e *DataError) Error() string {
	if e.Category == "" {
		if e.Detail != "" {
			return e.Detail
		}
		if e.Variable != "" {
			return VariableLabel(e.Variable) + ": " + string(e.Kind)
		}
		return string(e.Kind)
	}
	subject := VariableLabel(e.Variable) + " " + e.Category
	var msg string
	switch e.Kind {
	case ErrNoRespondents:
		msg = subject + " has no respondents"
	case ErrNoPopulation:
		msg = subject + " has no population"
	default:
		if e.Detail != "" {
			return subject + ": " + e.Detail
		}
		return subject + ": " + string(e.Kind)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Is reports whether target is e's kind (an ErrorKind such as
// ErrNoRespondents), or a *DataError with the same kind whose non-empty
// Variable and Category fields equal e's.
func (e *DataError) Is(target error) bool {
	if k, ok := target.(ErrorKind); ok {
		return e.Kind == k
	}
	t, ok := target.(*DataError)
	if !ok || t == nil {
		return false
	}
	return t.Kind == e.Kind &&
		(t.Variable == "" || t.Variable == e.Variable) &&
		(t.Category == "" || t.Category == e.Category)
}
