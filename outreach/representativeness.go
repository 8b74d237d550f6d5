package outreach

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// DefaultPrior is the default weight m, in residents, of the prior in the
// smoothed rate r̂_s = (N_s + m·r̄) / (P_s + m).
const DefaultPrior = 200

// VariableScore summarises how evenly one variable's categories take part.
type VariableScore struct {
	// PartialR is the unconditional partial R-indicator
	// P_u(X) = sqrt( Σ_k (P_k/ΣP) (r_k − r̄)² ) over the categories k of X.
	PartialR float64 `json:"partial_r"`
	// ScoreMinMax is min_k r_k / max_k r_k over the categories that have
	// population (0 when none of them has participants).
	ScoreMinMax float64 `json:"score_minmax"`
	// Similarity is Σ_k min(p_k, q_k) with p the participant share and q the
	// population share; it equals 1 − ½ Σ_k |p_k − q_k|.
	Similarity float64 `json:"similarity"`
}

// SegmentReport gives one segment's counts and rates.
type SegmentReport struct {
	Segment
	Population   int `json:"population"`
	Participants int `json:"participants"`
	// Rate is r_s = N_s / P_s, and 0 when the segment has no population.
	Rate float64 `json:"rate"`
	// Ratio is ρ_s = r_s / r̄, and 0 when the segment has no population.
	Ratio float64 `json:"ratio"`
	// SmoothedRate is r̂_s = (N_s + m·r̄) / (P_s + m).
	SmoothedRate float64 `json:"smoothed_rate"`
	// MissingVoices is E_s = max(0, r̄·P_s − N_s).
	MissingVoices float64 `json:"missing_voices"`
}

// Report is the representativeness of participation against the population.
type Report struct {
	Population   int     `json:"population"`
	Participants int     `json:"participants"`
	OverallRate  float64 `json:"overall_rate"`
	// Dissimilarity is D = ½ Σ_s |N_s/ΣN − P_s/ΣP| over the segments.
	Dissimilarity float64 `json:"dissimilarity"`
	// RIndicator is R = 1 − 2S with S² = Σ_s P_s (r_s − r̄)² / (ΣP − 1).
	RIndicator float64 `json:"r_indicator"`
	// CV is S / r̄.
	CV float64 `json:"cv"`
	// Variables has the keys area and age_band, and gender when the data has
	// gender.
	Variables map[Variable]VariableScore `json:"variables"`
	// Segments are sorted by CompareSegments: area, then age band by its
	// lower bound, then gender.
	Segments []SegmentReport `json:"segments"`
}

// Representativeness measures how well the participants mirror the
// population, with the formulas of the method (OUTREACH.md).
//
// Cells that name the same segment are merged by summing their counts.
// Participants may exceed the population of a segment (people move); the
// figures are then computed as they stand. A segment with no population has
// rate and ratio 0 and is still listed. prior is m in the smoothed rate; 0
// means DefaultPrior.
//
// It returns a *DataError when there are no cells (ErrEmpty), a count is
// negative, prior is negative or not finite, or gender is given for some
// segments but not others (ErrInvalid), the total population is zero
// (ErrNoPopulation), or nobody took part (ErrNoRespondents: the shares of
// participants, the ratios and the CV are undefined then).
func Representativeness(cells []Cell, prior float64) (*Report, error) {
	in, err := prepare(cells, prior)
	if err != nil {
		return nil, err
	}
	merged, m, totP, totN := in.cells, in.prior, in.population, in.participants
	hasGender, err := genderPresence(merged)
	if err != nil {
		return nil, err
	}
	if totN == 0 {
		return nil, &DataError{Kind: ErrNoRespondents, Detail: "nobody took part"}
	}
	fP, fN := float64(totP), float64(totN)
	rbar := fN / fP

	rep := &Report{
		Population:   totP,
		Participants: totN,
		OverallRate:  rbar,
		Variables:    make(map[Variable]VariableScore, 3),
		Segments:     make([]SegmentReport, len(merged)),
	}
	var d, ss float64
	for i, c := range merged {
		rate := rateOf(c.Participants, c.Population)
		sr := SegmentReport{
			Segment:       c.Segment,
			Population:    c.Population,
			Participants:  c.Participants,
			Rate:          rate,
			Ratio:         rate / rbar,
			SmoothedRate:  smoothed(c.Participants, c.Population, rbar, m),
			MissingVoices: missingVoices(c.Participants, c.Population, rbar),
		}
		rep.Segments[i] = sr
		d += math.Abs(float64(c.Participants)/fN - float64(c.Population)/fP)
		dev := rate - rbar
		ss += float64(c.Population) * dev * dev
	}
	rep.Dissimilarity = d / 2
	var s float64
	if totP > 1 {
		s = math.Sqrt(ss / (fP - 1))
	}
	rep.RIndicator = 1 - 2*s
	rep.CV = s / rbar

	vars := []Variable{Area, AgeBand}
	if hasGender {
		vars = append(vars, Gender)
	}
	for _, v := range vars {
		rep.Variables[v] = scoreVariable(merged, v, fP, fN, rbar)
	}
	return rep, nil
}

// scoreVariable aggregates the cells to the categories of v and scores them.
func scoreVariable(cells []Cell, v Variable, fP, fN, rbar float64) VariableScore {
	cats := aggregate(cells, v)
	var sc VariableScore
	var pr float64
	minRate, maxRate := math.Inf(1), 0.0
	for _, c := range cats {
		rate := rateOf(c.Participants, c.Population)
		q := float64(c.Population) / fP
		p := float64(c.Participants) / fN
		dev := rate - rbar
		pr += q * dev * dev
		sc.Similarity += min(p, q)
		if c.Population > 0 {
			minRate = min(minRate, rate)
			maxRate = max(maxRate, rate)
		}
	}
	sc.PartialR = math.Sqrt(pr)
	if maxRate > 0 {
		sc.ScoreMinMax = minRate / maxRate
	}
	return sc
}

type category struct {
	Name         string
	Population   int
	Participants int
}

// aggregate sums the cells by their category of v, in first-appearance order.
func aggregate(cells []Cell, v Variable) []category {
	idx := make(map[string]int)
	var out []category
	for _, c := range cells {
		k := c.Of(v)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, category{Name: k})
		}
		out[i].Population += c.Population
		out[i].Participants += c.Participants
	}
	return out
}

// prepared is the common start of every calculation on cells: a checked
// prior, merged cells and their totals, with a population above zero.
type prepared struct {
	cells                    []Cell
	prior                    float64
	population, participants int
}

func prepare(cells []Cell, prior float64) (*prepared, error) {
	m, err := checkPrior(prior)
	if err != nil {
		return nil, err
	}
	merged, err := mergeCells(cells)
	if err != nil {
		return nil, err
	}
	totP, totN := totals(merged)
	if totP == 0 {
		return nil, &DataError{Kind: ErrNoPopulation, Detail: "the population is zero in every segment"}
	}
	return &prepared{cells: merged, prior: m, population: totP, participants: totN}, nil
}

func checkPrior(prior float64) (float64, error) {
	if math.IsNaN(prior) || math.IsInf(prior, 0) || prior < 0 {
		return 0, &DataError{Kind: ErrInvalid, Detail: fmt.Sprintf("the prior must be a number of residents of at least 0, not %v", prior)}
	}
	if prior == 0 {
		return DefaultPrior, nil
	}
	return prior, nil
}

// mergeCells validates the cells, merges duplicates by summing and sorts the
// result by CompareSegments.
func mergeCells(cells []Cell) ([]Cell, error) {
	if len(cells) == 0 {
		return nil, &DataError{Kind: ErrEmpty, Detail: "there are no population cells"}
	}
	idx := make(map[Segment]int, len(cells))
	out := make([]Cell, 0, len(cells))
	for _, c := range cells {
		if c.Population < 0 {
			return nil, &DataError{Kind: ErrInvalid, Category: c.Segment.String(),
				Detail: fmt.Sprintf("population is negative (%d)", c.Population)}
		}
		if c.Participants < 0 {
			return nil, &DataError{Kind: ErrInvalid, Category: c.Segment.String(),
				Detail: fmt.Sprintf("participants are negative (%d)", c.Participants)}
		}
		if i, ok := idx[c.Segment]; ok {
			out[i].Population += c.Population
			out[i].Participants += c.Participants
			continue
		}
		idx[c.Segment] = len(out)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Cell) int { return CompareSegments(a.Segment, b.Segment) })
	return out, nil
}

// genderPresence reports whether the cells have gender; it is an error for
// some cells to have it and others not.
func genderPresence(cells []Cell) (bool, error) {
	var with, without *Cell
	for i := range cells {
		if cells[i].Gender == "" {
			without = &cells[i]
		} else {
			with = &cells[i]
		}
	}
	if with != nil && without != nil {
		return false, &DataError{Kind: ErrInvalid, Variable: Gender,
			Detail: fmt.Sprintf("gender is given for segment %s but not for segment %s", with.Segment, without.Segment)}
	}
	return with != nil, nil
}

func totals(cells []Cell) (pop, part int) {
	for _, c := range cells {
		pop += c.Population
		part += c.Participants
	}
	return pop, part
}

// rateOf is N/P, and 0 when P is 0.
func rateOf(n, p int) float64 {
	if p == 0 {
		return 0
	}
	return float64(n) / float64(p)
}

// smoothed is r̂ = (N + m·r̄) / (P + m).
func smoothed(n, p int, rbar, m float64) float64 {
	return (float64(n) + m*rbar) / (float64(p) + m)
}

// missingVoices is E = max(0, r̄·P − N).
func missingVoices(n, p int, rbar float64) float64 {
	return max(0, rbar*float64(p)-float64(n))
}

// CompareSegments orders segments by area (byte order), then age band
// (CompareAgeBands), then gender (byte order). It returns -1, 0 or +1.
func CompareSegments(a, b Segment) int {
	if c := strings.Compare(a.Area, b.Area); c != 0 {
		return c
	}
	if c := CompareAgeBands(a.AgeBand, b.AgeBand); c != 0 {
		return c
	}
	return strings.Compare(a.Gender, b.Gender)
}

// AgeBandLess reports whether age band a comes before b: "16-19" < "20-29" <
// … < "80+", numerically by the band's lower bound (see CompareAgeBands).
func AgeBandLess(a, b string) bool { return CompareAgeBands(a, b) < 0 }

// CompareAgeBands orders age bands by the number they start with ("16-19"
// starts with 16, "80+" with 80); bands that do not start with a number come
// after those that do. Ties are broken by byte order of the whole label.
func CompareAgeBands(a, b string) int {
	la, oka := lowerBound(a)
	lb, okb := lowerBound(b)
	switch {
	case oka && okb:
		if c := cmp.Compare(la, lb); c != 0 {
			return c
		}
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

// lowerBound parses the leading decimal number of an age band label.
func lowerBound(band string) (int, bool) {
	band = strings.TrimSpace(band)
	n, digits := 0, 0
	for _, r := range band {
		if r < '0' || r > '9' {
			break
		}
		if n > (math.MaxInt-9)/10 {
			break
		}
		n = n*10 + int(r-'0')
		digits++
	}
	return n, digits > 0
}
