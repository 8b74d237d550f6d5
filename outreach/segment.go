package outreach

import "fmt"

// Segment is one cell of the population: an area, an age band and, where the
// statistics have it, a gender. Gender is empty when the data has no gender.
type Segment struct {
	Area    string `json:"area"`
	AgeBand string `json:"age_band"`
	Gender  string `json:"gender"`
}

func (s Segment) String() string {
	if s.Gender == "" {
		return s.Area + "/" + s.AgeBand
	}
	return s.Area + "/" + s.AgeBand + "/" + s.Gender
}

// Variable names one dimension of a segment.
type Variable string

// The dimensions of a segment, in report order.
const (
	Area    Variable = "area"
	AgeBand Variable = "age_band"
	Gender  Variable = "gender"
)

// Variables lists the dimensions in report order.
var Variables = []Variable{Area, AgeBand, Gender}

// Of returns the segment's category for variable v.
func (s Segment) Of(v Variable) string {
	switch v {
	case Area:
		return s.Area
	case AgeBand:
		return s.AgeBand
	case Gender:
		return s.Gender
	}
	panic(fmt.Sprintf("outreach: unknown variable %q", v))
}

// Cell pairs a segment's population with the number of distinct residents of
// that segment who took part.
type Cell struct {
	Segment
	Population   int
	Participants int
}
