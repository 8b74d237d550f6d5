package outreach

import (
	"fmt"
	"math"
	"strconv"
)

// PopulationCell is the number of residents in one segment, as the official
// statistics give it. Cells the statistics do not list count as zero. Either
// every cell has a Gender or none has.
type PopulationCell struct {
	Segment
	Count int
}

// Respondent is one person who answered a ballot or survey question, with the
// segment they belong to. ID serves only to name the respondent in errors.
// When the population has no gender, a respondent's Gender is ignored.
type Respondent struct {
	ID string
	Segment
}

// WeightOptions controls Weight. Start from DefaultWeightOptions; the zero
// value is rejected (MaxIter must be at least 1).
type WeightOptions struct {
	// Trim bounds every weight to [TrimLow, TrimHigh] × the mean weight
	// (trimmed raking; see Weight).
	Trim     bool
	TrimLow  float64 // lower bound as a multiple of the mean weight, in [0, 1)
	TrimHigh float64 // upper bound as a multiple of the mean weight, > 1
	// MinNEff is the smallest Kish effective sample size Weight accepts.
	MinNEff float64
	// MaxIter caps the sweeps of one raking run, and separately the number of
	// trim-and-re-rake rounds.
	MaxIter int
	// Tol is the relative tolerance on every margin, and on the trimming
	// bounds after the final re-rake.
	Tol float64
}

// DefaultWeightOptions returns the method's defaults: trimming to
// [0.2, 5] × mean, n_eff ≥ 30, at most 100 iterations, margins within 1e-6.
func DefaultWeightOptions() WeightOptions {
	return WeightOptions{
		Trim:     true,
		TrimLow:  0.2,
		TrimHigh: 5,
		MinNEff:  30,
		MaxIter:  100,
		Tol:      1e-6,
	}
}

// The values of Weighting.Method.
const (
	MethodPostStratification = "post-stratification"
	MethodRaking             = "raking"
)

// Weighting is the result of Weight.
type Weighting struct {
	// Weights holds one weight per respondent, in input order, scaled so that
	// their mean is 1.
	Weights []float64
	// Method is MethodPostStratification or MethodRaking.
	Method string
	// Iterations counts raking sweeps (one pass over every margin), summed
	// over the first raking and every re-rake after trimming; 0 for
	// post-stratification.
	Iterations int
	// TrimRounds counts trimming steps: for raking, the trim-and-re-rake
	// rounds; for post-stratification, 1 when the cell weights were trimmed.
	TrimRounds int
	// N is the number of respondents.
	N int
	// NEff is Kish's effective sample size (Σw)²/Σw².
	NEff float64
	// DesignEffect is N / NEff.
	DesignEffect float64
}

// Weight computes survey weights that make the respondents mirror the
// population.
//
// Post-stratification: when every population cell with residents has at
// least one respondent, and no respondent sits in a cell without residents,
// the weight of every respondent in cell s is w_s = (P_s/ΣP) / (n_s/Σn)
// (survey::postStratify).
//
// Raking: otherwise the weights start at 1 and are raked (iterative
// proportional fitting) to the population margins of area, age band and,
// when the population has gender, gender: one sweep multiplies the weights of
// each category k of area, then of age band, then of gender, by P_k / Σ_{i∈k} w_i.
// Sweeps repeat until every margin with residents is within Tol relative
// (|Σ_{i∈k} w_i − P_k| ≤ Tol·P_k), checked after each sweep, at most MaxIter
// sweeps; otherwise the error is ErrNotConverged. Each sweep is exactly one
// iteration of survey::rake (whose own stopping rule, a change of the
// weighted table below epsilon between sweeps, is not used).
//
// Trimming (opt.Trim), with bounds L = TrimLow·m and U = TrimHigh·m from the
// current mean weight m, is survey::trimWeights(lower = L, upper = U,
// strict = TRUE): weights outside [L, U] are set to the nearest bound, the
// total cut off (or added) is spread in equal parts over the respondents that
// were inside, and this repeats until none is outside. It keeps the total.
// When every weight is outside the bounds there is nobody to spread the
// excess over, and Weight refuses with ErrNotConverged.
//   - After raking: while some weight lies outside [L·(1−Tol), U·(1+Tol)],
//     trim, then re-rake from the trimmed weights as above; at most MaxIter
//     such rounds, otherwise ErrNotConverged (the margins and the bounds
//     cannot be met together).
//   - After post-stratification: if some weight lies outside
//     [L·(1−Tol), U·(1+Tol)], trim once, without re-raking: the trimmed
//     cells, and the cells that absorbed the excess, then no longer match
//     their population exactly. Method stays "post-stratification" and
//     TrimRounds is 1.
//
// With Trim, every weight of the result therefore lies within
// [TrimLow·(1−Tol), TrimHigh·(1+Tol)] × the mean weight (up to rounding),
// and raked weights also meet every margin within Tol.
//
// The weights are finally scaled to mean 1.
//
// Weight refuses, with a *DataError:
//   - ErrEmpty when there are no population cells or no respondents;
//   - ErrInvalid for bad options, a negative count, an empty area or age
//     band, a duplicated population cell, gender on some cells only, or a
//     respondent whose area, age band or gender the population does not have
//     (the message names the respondent and the category);
//   - ErrNoPopulation when the population is zero, or a respondent belongs to
//     a category whose population is zero;
//   - ErrNoRespondents when a category with residents has no respondent
//     ("age band 80+ has no respondents");
//   - ErrNotConverged as above;
//   - ErrLowNEff when n_eff of the final weights is below MinNEff.
//
// The work is done on cells: one pass over the respondents counts them per
// cell, raking costs O(cells × sweeps), and each respondent gets the weight
// of their cell. The same input always gives the same weights.
func Weight(pop []PopulationCell, resp []Respondent, opt WeightOptions) (*Weighting, error) {
	if err := checkWeightOptions(opt); err != nil {
		return nil, err
	}
	g, err := newGrid(pop)
	if err != nil {
		return nil, err
	}
	if len(resp) == 0 {
		return nil, &DataError{Kind: ErrEmpty, Detail: "there are no respondents to weight"}
	}
	cellOf, err := g.count(resp)
	if err != nil {
		return nil, err
	}
	if err := g.checkMargins(); err != nil {
		return nil, err
	}

	res := &Weighting{N: len(resp)}
	w := make([]float64, len(g.active)) // weight per active cell
	if g.postStratifiable() {
		res.Method = MethodPostStratification
		for j, c := range g.active {
			w[j] = g.pop[c] / g.n[j]
		}
		if opt.Trim && !g.withinBounds(w, opt, opt.Tol) {
			if err := g.trim(w, opt); err != nil {
				return nil, err
			}
			res.TrimRounds = 1
		}
	} else {
		res.Method = MethodRaking
		for j := range w {
			w[j] = 1
		}
		it, err := g.rake(w, opt)
		res.Iterations += it
		if err != nil {
			return nil, err
		}
		if opt.Trim {
			for !g.withinBounds(w, opt, opt.Tol) {
				if res.TrimRounds == opt.MaxIter {
					return nil, &DataError{Kind: ErrNotConverged, Detail: fmt.Sprintf(
						"the weights cannot meet the margins and stay within %s–%s × the mean weight: still outside after %d rounds of trimming and re-raking",
						fmtNum(opt.TrimLow), fmtNum(opt.TrimHigh), opt.MaxIter)}
				}
				if err := g.trim(w, opt); err != nil {
					return nil, err
				}
				res.TrimRounds++
				it, err := g.rake(w, opt)
				res.Iterations += it
				if err != nil {
					return nil, err
				}
			}
		}
	}

	// Scale to mean 1 and measure.
	var sw, sw2 float64
	for j, wj := range w {
		sw += g.n[j] * wj
	}
	scale := float64(len(resp)) / sw
	sw, sw2 = 0, 0
	for j := range w {
		w[j] *= scale
		sw += g.n[j] * w[j]
		sw2 += g.n[j] * w[j] * w[j]
	}
	res.NEff = sw * sw / sw2
	res.DesignEffect = float64(len(resp)) / res.NEff
	if res.NEff < opt.MinNEff {
		return nil, &DataError{Kind: ErrLowNEff, Detail: fmt.Sprintf(
			"effective sample size %.1f is below the floor of %s (%d respondents, design effect %.2f)",
			res.NEff, fmtNum(opt.MinNEff), len(resp), res.DesignEffect)}
	}
	res.Weights = make([]float64, len(resp))
	for i, j := range cellOf {
		res.Weights[i] = w[j]
	}
	return res, nil
}

// WeightedShare returns the weighted proportion of true values,
// p = Σ_{v_i} w_i / Σ w_i (svymean of a 0/1 answer), with a 95% Wald interval
// that uses Kish's effective sample size n_eff = (Σw)²/Σw² in place of n:
// p ± 1.96·sqrt(p(1−p)/n_eff), clamped to [0, 1]. The interval has zero
// width when p is 0 or 1. Weights must be non-negative. It returns NaN three
// times when there are no values or the weights sum to zero, and panics when
// the lengths differ.
func WeightedShare(values []bool, w []float64) (share, lo, hi float64) {
	if len(values) != len(w) {
		panic(fmt.Sprintf("outreach: WeightedShare: %d values but %d weights", len(values), len(w)))
	}
	var sw, sw2, sy float64
	for i, v := range values {
		sw += w[i]
		sw2 += w[i] * w[i]
		if v {
			sy += w[i]
		}
	}
	if len(values) == 0 || sw <= 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	p := sy / sw
	lo, hi = waldInterval(p, sw*sw/sw2)
	return p, lo, hi
}

// RawShare returns the unweighted proportion of true values with the same
// 95% Wald interval as WeightedShare, using n: p ± 1.96·sqrt(p(1−p)/n),
// clamped to [0, 1]. It returns NaN three times when there are no values.
func RawShare(values []bool) (share, lo, hi float64) {
	if len(values) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	k := 0
	for _, v := range values {
		if v {
			k++
		}
	}
	n := float64(len(values))
	p := float64(k) / n
	lo, hi = waldInterval(p, n)
	return p, lo, hi
}

// EffectiveSampleSize returns Kish's effective sample size (Σw)²/Σw², or 0
// when the weights sum to zero.
func EffectiveSampleSize(w []float64) float64 {
	var sw, sw2 float64
	for _, x := range w {
		sw += x
		sw2 += x * x
	}
	if sw2 == 0 {
		return 0
	}
	return sw * sw / sw2
}

func waldInterval(p, n float64) (lo, hi float64) {
	half := 1.96 * math.Sqrt(p*(1-p)/n)
	return math.Max(0, p-half), math.Min(1, p+half)
}

func checkWeightOptions(opt WeightOptions) error {
	bad := func(format string, a ...any) error {
		return &DataError{Kind: ErrInvalid, Detail: "weight options: " + fmt.Sprintf(format, a...)}
	}
	switch {
	case opt.MaxIter < 1:
		return bad("MaxIter is %d, must be at least 1", opt.MaxIter)
	case !(opt.Tol > 0 && opt.Tol < 1):
		return bad("Tol is %v, must be in (0, 1)", opt.Tol)
	case !(opt.MinNEff >= 0) || math.IsInf(opt.MinNEff, 0):
		return bad("MinNEff is %v, must be a non-negative number", opt.MinNEff)
	}
	if opt.Trim {
		if !(opt.TrimLow >= 0 && opt.TrimLow < 1) {
			return bad("TrimLow is %v, must be in [0, 1)", opt.TrimLow)
		}
		if !(opt.TrimHigh > 1) || math.IsInf(opt.TrimHigh, 0) {
			return bad("TrimHigh is %v, must be a finite number above 1", opt.TrimHigh)
		}
	}
	return nil
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// grid holds the population and the respondent counts on the full
// area × age band (× gender) grid. Only cells with respondents ("active"
// cells) carry weights.
type grid struct {
	vars []Variable          // Area, AgeBand[, Gender]
	cats [3][]string         // categories per variable, in order of first appearance
	idx  [3]map[string]int32 // category → index
	mpop [3][]float64        // population margins
	cell map[Segment]int32   // segment → grid index, for every grid cell
	pop  []float64           // population per grid cell
	hasG bool                // the population has gender
	dims [3]int              // categories per variable (1 for absent gender)
	// Filled by count.
	active []int32    // grid index of each active cell
	n      []float64  // respondents per active cell
	catOf  [3][]int32 // category of each active cell, per variable
	msum   [3][]float64
	mresp  [3][]int // respondents per category
}

func newGrid(pop []PopulationCell) (*grid, error) {
	if len(pop) == 0 {
		return nil, &DataError{Kind: ErrEmpty, Detail: "there are no population cells"}
	}
	g := &grid{hasG: pop[0].Gender != ""}
	g.vars = []Variable{Area, AgeBand}
	if g.hasG {
		g.vars = append(g.vars, Gender)
	}
	for v := range g.vars {
		g.idx[v] = map[string]int32{}
	}
	var total float64
	for _, pc := range pop {
		switch {
		case pc.Area == "":
			return nil, &DataError{Kind: ErrInvalid, Variable: Area, Detail: fmt.Sprintf("population cell %s has no area", pc.Segment)}
		case pc.AgeBand == "":
			return nil, &DataError{Kind: ErrInvalid, Variable: AgeBand, Detail: fmt.Sprintf("population cell %s has no age band", pc.Segment)}
		case (pc.Gender != "") != g.hasG:
			return nil, &DataError{Kind: ErrInvalid, Variable: Gender, Detail: "the population gives a gender for some cells but not for others"}
		case pc.Count < 0:
			return nil, &DataError{Kind: ErrInvalid, Detail: fmt.Sprintf("population cell %s has a negative count %d", pc.Segment, pc.Count)}
		}
		for v, vr := range g.vars {
			c := pc.Of(vr)
			if _, ok := g.idx[v][c]; !ok {
				g.idx[v][c] = int32(len(g.cats[v]))
				g.cats[v] = append(g.cats[v], c)
			}
		}
		total += float64(pc.Count)
	}
	if total == 0 {
		return nil, &DataError{Kind: ErrNoPopulation, Detail: "the population is zero in every cell"}
	}
	g.dims = [3]int{1, 1, 1}
	for v := range g.vars {
		g.dims[v] = len(g.cats[v])
		g.mpop[v] = make([]float64, g.dims[v])
	}
	size := g.dims[0] * g.dims[1] * g.dims[2]
	g.pop = make([]float64, size)
	seen := make([]bool, size)
	for _, pc := range pop {
		k := g.index(g.idx[0][pc.Area], g.idx[1][pc.AgeBand], g.genderIndex(pc.Gender))
		if seen[k] {
			return nil, &DataError{Kind: ErrInvalid, Detail: fmt.Sprintf("population cell %s appears more than once", pc.Segment)}
		}
		seen[k] = true
		g.pop[k] = float64(pc.Count)
		for v, vr := range g.vars {
			g.mpop[v][g.idx[v][pc.Of(vr)]] += float64(pc.Count)
		}
	}
	g.cell = make(map[Segment]int32, size)
	for a, an := range g.cats[0] {
		for b, bn := range g.cats[1] {
			if !g.hasG {
				g.cell[Segment{Area: an, AgeBand: bn}] = int32(g.index(int32(a), int32(b), 0))
				continue
			}
			for c, cn := range g.cats[2] {
				g.cell[Segment{an, bn, cn}] = int32(g.index(int32(a), int32(b), int32(c)))
			}
		}
	}
	return g, nil
}

func (g *grid) genderIndex(s string) int32 {
	if !g.hasG {
		return 0
	}
	return g.idx[2][s]
}

func (g *grid) index(a, b, c int32) int {
	return (int(a)*g.dims[1]+int(b))*g.dims[2] + int(c)
}

// count assigns every respondent to a grid cell and returns, per respondent,
// the index of their active cell.
func (g *grid) count(resp []Respondent) ([]int32, error) {
	size := len(g.pop)
	activeOf := make([]int32, size) // grid index → active index + 1
	cellOf := make([]int32, len(resp))
	var counts []float64
	for i := range resp {
		s := resp[i].Segment
		if !g.hasG {
			s.Gender = ""
		}
		k, ok := g.cell[s]
		if !ok {
			return nil, g.unknownCategory(resp[i])
		}
		a := activeOf[k]
		if a == 0 {
			g.active = append(g.active, k)
			counts = append(counts, 0)
			a = int32(len(g.active))
			activeOf[k] = a
		}
		counts[a-1]++
		cellOf[i] = a - 1
	}
	g.n = counts
	d1, d2 := int32(g.dims[1]), int32(g.dims[2])
	for v := range g.vars {
		g.catOf[v] = make([]int32, len(g.active))
		g.msum[v] = make([]float64, g.dims[v])
		g.mresp[v] = make([]int, g.dims[v])
	}
	for j, k := range g.active {
		cat := [3]int32{k / (d1 * d2), (k / d2) % d1, k % d2}
		for v := range g.vars {
			g.catOf[v][j] = cat[v]
			g.mresp[v][cat[v]] += int(g.n[j])
		}
	}
	// A respondent in a category without residents cannot be weighted.
	for v, vr := range g.vars {
		for c, m := range g.mpop[v] {
			if m == 0 && g.mresp[v][c] > 0 {
				id := ""
				for i := range resp {
					if g.catOf[v][cellOf[i]] == int32(c) {
						id = resp[i].ID
						break
					}
				}
				return nil, &DataError{Kind: ErrNoPopulation, Variable: vr, Category: g.cats[v][c],
					Detail: fmt.Sprintf("respondent %q belongs to it", id)}
			}
		}
	}
	return cellOf, nil
}

func (g *grid) unknownCategory(r Respondent) error {
	for v, vr := range g.vars {
		c := r.Of(vr)
		if _, ok := g.idx[v][c]; ok {
			continue
		}
		if c == "" {
			return &DataError{Kind: ErrInvalid, Variable: vr, Detail: fmt.Sprintf(
				"respondent %q has no %s, but the population is split by %s", r.ID, VariableLabel(vr), VariableLabel(vr))}
		}
		return &DataError{Kind: ErrInvalid, Variable: vr, Category: c, Detail: fmt.Sprintf(
			"respondent %q belongs to a category the population does not have", r.ID)}
	}
	// Unreachable: every combination of known categories is in g.cell.
	return &DataError{Kind: ErrInvalid, Detail: fmt.Sprintf("respondent %q has an unknown segment %s", r.ID, r.Segment)}
}

// checkMargins refuses when a category with residents has no respondents.
func (g *grid) checkMargins() error {
	for v, vr := range g.vars {
		for c, m := range g.mpop[v] {
			if m > 0 && g.mresp[v][c] == 0 {
				return &DataError{Kind: ErrNoRespondents, Variable: vr, Category: g.cats[v][c]}
			}
		}
	}
	return nil
}

// postStratifiable reports whether every cell with residents has respondents
// and every cell with respondents has residents.
func (g *grid) postStratifiable() bool {
	populated := 0
	for _, p := range g.pop {
		if p > 0 {
			populated++
		}
	}
	if populated != len(g.active) {
		return false
	}
	for _, k := range g.active {
		if g.pop[k] == 0 {
			return false
		}
	}
	return true
}

// margins fills g.msum[v] with the weighted respondent total per category of
// variable v.
func (g *grid) margins(w []float64, v int) []float64 {
	s := g.msum[v]
	for c := range s {
		s[c] = 0
	}
	cat := g.catOf[v]
	for j, wj := range w {
		s[cat[j]] += g.n[j] * wj
	}
	return s
}

// sweep does one raking iteration: post-stratify on each margin in turn.
func (g *grid) sweep(w []float64) {
	for v := range g.vars {
		s := g.margins(w, v)
		for c, m := range g.mpop[v] {
			if s[c] > 0 {
				s[c] = m / s[c]
			}
		}
		cat := g.catOf[v]
		for j := range w {
			w[j] *= s[cat[j]]
		}
	}
}

// gap returns the largest relative distance of a margin from its population,
// with its variable and category.
func (g *grid) gap(w []float64) (worst float64, v, c int) {
	for vi := range g.vars {
		s := g.margins(w, vi)
		for ci, m := range g.mpop[vi] {
			if m == 0 {
				continue
			}
			if d := math.Abs(s[ci]-m) / m; d > worst || math.IsNaN(d) {
				worst, v, c = d, vi, ci
				if math.IsNaN(d) {
					return math.Inf(1), v, c
				}
			}
		}
	}
	return worst, v, c
}

// rake sweeps until every margin is within opt.Tol relative, at most
// opt.MaxIter sweeps, and returns the number of sweeps.
func (g *grid) rake(w []float64, opt WeightOptions) (int, error) {
	var worst float64
	var v, c int
	for it := 1; it <= opt.MaxIter; it++ {
		g.sweep(w)
		worst, v, c = g.gap(w)
		if worst <= opt.Tol {
			return it, nil
		}
	}
	return opt.MaxIter, &DataError{Kind: ErrNotConverged, Variable: g.vars[v], Category: g.cats[v][c], Detail: fmt.Sprintf(
		"raking did not bring every margin within %s after %d iterations (this one is off by %.3g relative)",
		fmtNum(opt.Tol), opt.MaxIter, worst)}
}

func (g *grid) mean(w []float64) float64 {
	var sw, n float64
	for j, wj := range w {
		sw += g.n[j] * wj
		n += g.n[j]
	}
	return sw / n
}

// withinBounds reports whether every weight lies within
// [TrimLow·m·(1−slack), TrimHigh·m·(1+slack)], m the mean weight.
func (g *grid) withinBounds(w []float64, opt WeightOptions, slack float64) bool {
	m := g.mean(w)
	lo, hi := opt.TrimLow*m*(1-slack), opt.TrimHigh*m*(1+slack)
	for _, wj := range w {
		if wj < lo || wj > hi {
			return false
		}
	}
	return true
}

// trim is survey::trimWeights(lower = TrimLow·m, upper = TrimHigh·m,
// strict = TRUE) on the cell weights, m the mean weight before trimming. It
// fails when every weight is outside the bounds (R would divide by zero), or
// if it did not settle (which floating point rules out in practice).
func (g *grid) trim(w []float64, opt WeightOptions) error {
	m := g.mean(w)
	lo, hi := opt.TrimLow*m, opt.TrimHigh*m
	outside := make([]bool, len(w))
	for pass := 0; pass < 10000; pass++ {
		var cut, inside float64
		trimmed := false
		for j, wj := range w {
			outside[j] = wj < lo || wj > hi
			if outside[j] {
				trimmed = true
				nw := math.Max(lo, math.Min(wj, hi))
				cut += g.n[j] * (wj - nw)
				w[j] = nw
			} else {
				inside += g.n[j]
			}
		}
		if !trimmed {
			return nil
		}
		if inside == 0 {
			return &DataError{Kind: ErrNotConverged, Detail: fmt.Sprintf(
				"every weight lies outside %s–%s × the mean weight, so trimming has no weights to move the excess to",
				fmtNum(opt.TrimLow), fmtNum(opt.TrimHigh))}
		}
		add := cut / inside
		for j := range w {
			if !outside[j] {
				w[j] += add
			}
		}
	}
	return &DataError{Kind: ErrNotConverged, Detail: "trimming the weights did not settle"}
}
