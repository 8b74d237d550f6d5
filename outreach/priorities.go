package outreach

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Priority is a segment's place in the outreach plan.
type Priority struct {
	Segment
	// MissingVoices is E_s = max(0, r̄·P_s − N_s): how many more residents of
	// the segment would take part at the overall rate.
	MissingVoices float64 `json:"missing_voices"`
	// Ratio is ρ_s = r_s / r̄.
	Ratio        float64 `json:"ratio"`
	Population   int     `json:"population"`
	Participants int     `json:"participants"`
}

// AreaPriority is an area's place in the outreach plan.
type AreaPriority struct {
	Area string `json:"area"`
	// MissingVoices is the sum of E_s over the area's segments.
	MissingVoices float64 `json:"missing_voices"`
	// Ratio is the area's rate divided by r̄ (0 when the area has no
	// population).
	Ratio        float64 `json:"ratio"`
	Population   int     `json:"population"`
	Participants int     `json:"participants"`
}

// RankSegments lists every segment of the report, most missing voices first;
// ties go to the lower ratio, then to segment order (CompareSegments).
// Segments with no missing voices are listed too, at the end.
func RankSegments(r *Report) []Priority {
	if r == nil {
		return nil
	}
	out := make([]Priority, len(r.Segments))
	for i, s := range r.Segments {
		out[i] = Priority{
			Segment:       s.Segment,
			MissingVoices: s.MissingVoices,
			Ratio:         s.Ratio,
			Population:    s.Population,
			Participants:  s.Participants,
		}
	}
	slices.SortStableFunc(out, func(a, b Priority) int {
		if c := cmp.Compare(b.MissingVoices, a.MissingVoices); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Ratio, b.Ratio); c != 0 {
			return c
		}
		return CompareSegments(a.Segment, b.Segment)
	})
	return out
}

// RankAreas sums the missing voices of each area's segments and lists the
// areas, most missing voices first; ties go to the lower ratio, then to the
// area name (byte order).
func RankAreas(r *Report) []AreaPriority {
	if r == nil {
		return nil
	}
	idx := make(map[string]int)
	var out []AreaPriority
	for _, s := range r.Segments {
		i, ok := idx[s.Area]
		if !ok {
			i = len(out)
			idx[s.Area] = i
			out = append(out, AreaPriority{Area: s.Area})
		}
		out[i].MissingVoices += s.MissingVoices
		out[i].Population += s.Population
		out[i].Participants += s.Participants
	}
	for i := range out {
		if r.OverallRate > 0 {
			out[i].Ratio = rateOf(out[i].Participants, out[i].Population) / r.OverallRate
		}
	}
	slices.SortStableFunc(out, func(a, b AreaPriority) int {
		if c := cmp.Compare(b.MissingVoices, a.MissingVoices); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Ratio, b.Ratio); c != 0 {
			return c
		}
		return strings.Compare(a.Area, b.Area)
	})
	return out
}

// MaxBoost is the largest area boost, √3.
const MaxBoost = 1.7320508075688772

// AreaBoost returns, for every area of the cells, the feed boost
// b = min(3, r̄ / r̂_area)^0.5, where r̂_area is the smoothed rate of the
// area's cells taken together, r̂ = (N_area + m·r̄) / (P_area + m), with
// m = prior (0 means DefaultPrior). Every b lies in (0, √3]: an area that
// takes part at the overall rate gets about 1, a quiet area up to √3, and an
// area that takes part more than the rest less than 1.
//
// When nobody has taken part yet there is no evidence either way and every
// area gets 1. Errors (*DataError): ErrEmpty when there are no cells;
// ErrNoPopulation when the population is zero everywhere; ErrInvalid when a
// count is negative or prior is negative or not finite.
func AreaBoost(cells []Cell, prior float64) (map[string]float64, error) {
	in, err := prepare(cells, prior)
	if err != nil {
		return nil, err
	}
	merged, m, totP, totN := in.cells, in.prior, in.population, in.participants
	areas := aggregate(merged, Area)
	out := make(map[string]float64, len(areas))
	rbar := float64(totN) / float64(totP)
	for _, a := range areas {
		if totN == 0 {
			out[a.Name] = 1
			continue
		}
		rhat := smoothed(a.Participants, a.Population, rbar, m)
		out[a.Name] = math.Sqrt(min(3, rbar/rhat))
	}
	return out, nil
}
