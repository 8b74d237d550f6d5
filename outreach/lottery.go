package outreach

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// RegisterRow is one resident of a register extract: the segment and, when
// the register has one, the household. An empty Household means the row is
// a household of its own.
type RegisterRow struct {
	Segment
	Household string `json:"household"`
}

// DrawnRow is one row that receives a letter.
type DrawnRow struct {
	// Index is the row's position in the register rows passed to Draw.
	Index int `json:"index"`
	// Probability is the row's inclusion probability π_i.
	Probability float64 `json:"probability"`
}

// SegmentDraw counts one segment's rows and letters.
type SegmentDraw struct {
	Segment
	Rows      int `json:"rows"`
	Allocated int `json:"allocated"`
	Letters   int `json:"letters"`
}

// DrawResult is the outcome of a lottery.
type DrawResult struct {
	Seed uint64 `json:"seed"`
	// Drawn lists the rows that receive a letter, by ascending index.
	Drawn []DrawnRow `json:"drawn"`
	// Segments lists every segment of the register or the allocation in
	// segment order (CompareSegments) with the letters actually drawn.
	Segments []SegmentDraw `json:"segments"`
}

// Indices returns the indices of the drawn rows in ascending order.
func (r *DrawResult) Indices() []int {
	out := make([]int, len(r.Drawn))
	for i, d := range r.Drawn {
		out[i] = d.Index
	}
	return out
}

// pcgStream is the second PCG seed word of the lottery's generator.
const pcgStream = 0x9e3779b97f4a7c15

// AllocateLetters shares letters among segments for an invitation lottery: L_s ∝ P_s / r̂_s, with r̂_s
// the smoothed rate (prior m; 0 means DefaultPrior), so that segments that
// take part less get more letters. The shares are apportioned to whole
// letters by the largest-remainder (Hamilton) method, so that the letters add
// up exactly; equal remainders go to the segment that comes first in segment
// order. No segment gets more letters than available[s] register rows: the
// letters a cap frees are shared among the other segments in proportion to
// their weights, until no share exceeds its cap.
//
// When nobody has taken part yet, letters are proportional to population.
// A segment with no population, or missing from cells, gets no letters. The
// result has an entry, possibly 0, for every segment of cells or available.
//
// Errors (*DataError): ErrEmpty when there are no cells; ErrNoPopulation
// when the population is zero everywhere; ErrInvalid when a count is
// negative, prior is negative or not finite, or there are more letters than
// register rows in segments with population.
func AllocateLetters(cells []Cell, available map[Segment]int, letters int, prior float64) (map[Segment]int, error) {
	if letters < 0 {
		return nil, &DataError{Kind: ErrInvalid, Detail: fmt.Sprintf("the number of letters is negative (%d)", letters)}
	}
	in, err := prepare(cells, prior)
	if err != nil {
		return nil, err
	}
	merged, m, totP, totN := in.cells, in.prior, in.population, in.participants
	rbar := float64(totN) / float64(totP)

	weight := make(map[Segment]float64, len(merged))
	segs := make([]Segment, 0, len(merged)+len(available))
	for _, c := range merged {
		segs = append(segs, c.Segment)
		switch {
		case c.Population == 0:
		case totN == 0:
			weight[c.Segment] = float64(c.Population)
		default:
			weight[c.Segment] = float64(c.Population) / smoothed(c.Participants, c.Population, rbar, m)
		}
	}
	for s := range available {
		if _, ok := weight[s]; !ok {
			segs = append(segs, s)
		}
	}
	slices.SortFunc(segs, CompareSegments)
	segs = slices.Compact(segs)

	w := make([]float64, len(segs))
	caps := make([]int, len(segs))
	capacity := 0
	for i, s := range segs {
		a := available[s]
		if a < 0 {
			return nil, &DataError{Kind: ErrInvalid, Category: s.String(),
				Detail: fmt.Sprintf("available register rows are negative (%d)", a)}
		}
		w[i], caps[i] = weight[s], a
		if w[i] > 0 {
			capacity += a
		}
	}
	if letters > capacity {
		return nil, &DataError{Kind: ErrInvalid,
			Detail: fmt.Sprintf("%d letters requested but only %d register rows are available in segments with population", letters, capacity)}
	}
	alloc := apportion(w, caps, letters)
	out := make(map[Segment]int, len(segs))
	for i, s := range segs {
		out[s] = alloc[i]
	}
	return out, nil
}

// apportion gives total seats to parties with weights w and caps, by the
// largest-remainder method with caps. Parties of weight 0 get nothing; ties
// go to the lower index. The caller ensures total ≤ Σ caps of positive
// weight.
func apportion(w []float64, caps []int, total int) []int {
	n := len(w)
	out := make([]int, n)
	fixed := make([]bool, n)
	for i := range w {
		fixed[i] = !(w[i] > 0)
	}
	for {
		rem, sum := total, 0.0
		for i := range n {
			if fixed[i] {
				rem -= out[i]
			} else {
				sum += w[i]
			}
		}
		if rem <= 0 || sum == 0 {
			return out
		}
		capped := false
		for i := range n {
			if !fixed[i] && float64(rem)*w[i]/sum > float64(caps[i]) {
				out[i], fixed[i] = caps[i], true
				capped = true
			}
		}
		if capped {
			continue
		}
		type remainder struct {
			i int
			r float64
		}
		rs := make([]remainder, 0, n)
		extra := rem
		for i := range n {
			if fixed[i] {
				continue
			}
			q := float64(rem) * w[i] / sum
			f := min(int(math.Floor(q)), caps[i])
			out[i] = f
			extra -= f
			rs = append(rs, remainder{i, q - float64(f)})
		}
		slices.SortStableFunc(rs, func(a, b remainder) int { return cmp.Compare(b.r, a.r) })
		for extra > 0 {
			given := false
			for _, r := range rs {
				if extra == 0 {
					break
				}
				if out[r.i] < caps[r.i] {
					out[r.i]++
					extra--
					given = true
				}
			}
			if !given {
				break
			}
		}
		return out
	}
}

// drawPlan is the validated register and allocation with the inclusion
// probabilities of the design.
type drawPlan struct {
	segs      []Segment
	letters   []int
	segRows   [][]int // row indices of each segment, ascending
	household []int   // household of each allocated row, −1 when none
	members   [][]int // members of each household (allocated rows only), first-appearance order
	pi        []float64
}

// InclusionProbabilities returns π_i for every register row under Draw's
// design (see Draw); it does not depend on the seed. Rows of segments
// without letters have π = 0. The errors are those of Draw.
func InclusionProbabilities(rows []RegisterRow, allocation map[Segment]int) ([]float64, error) {
	p, err := newDrawPlan(rows, allocation)
	if err != nil {
		return nil, err
	}
	return p.pi, nil
}

// Draw draws the rows that receive letters: allocation[s] letters in each
// segment s, at most one per household, reproducibly from seed.
//
// The design has two stages, both driven by one seeded generator:
//
//  1. Households. Only rows of segments that have letters take part. In each
//     household with several such rows, one member is chosen uniformly at
//     random; rows without a household, and the only member of a household,
//     are chosen for sure. Only chosen rows can receive a letter, so no
//     household receives two letters.
//  2. Segments. In each segment s, in segment order, a simple random sample
//     without replacement of min(L_s, M_s) of the segment's M_s chosen rows
//     receives letters.
//
// When a household has members in several segments (a parent aged 30-44 and
// a child aged 16-19, say), the segment it lands in is random, so M_s is
// random. The inclusion probability π_i that Draw reports is nevertheless
// exact: with h_i the number of members of row i's household in segments
// with letters (1 without a household),
//
//	π_i = (1/h_i) · E[ min(L_s, M_s) / M_s | i chosen ],
//
// and, given that i is chosen, M_s is a fixed number (the rows of s chosen
// for sure, plus 1 for i's own household when it reaches outside s) plus one
// independent Bernoulli(c/h) for every other household with c of its h
// members in s and the rest elsewhere. That sum of binomials is computed by
// convolution (tails below 1e-20 are dropped). Without households,
// π_i = L_s / N_s for every row of segment s, and the π_i of a segment add up
// to L_s. If M_s can fall below L_s (letters close to the size of a segment
// with many shared households), the segment may receive fewer letters than
// allocated: DrawResult.Segments shows how many were drawn, and π_i allows
// for it. InclusionProbabilities gives π_i for every row.
//
// The generator is math/rand/v2's PCG seeded with (seed, a fixed stream
// constant), and every choice uses Rand.IntN. Households are visited in the
// order of their first row, segments in segment order (CompareSegments) and
// rows in register order, so the same rows in the same order, the same
// allocation and the same seed give the same letters on every platform, for
// as long as Go keeps PCG and IntN as they are (a test pins one draw).
//
// Errors (*DataError): ErrEmpty when there are no rows; ErrInvalid when an
// allocation is negative or larger than the segment's rows.
func Draw(rows []RegisterRow, allocation map[Segment]int, seed uint64) (*DrawResult, error) {
	p, err := newDrawPlan(rows, allocation)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, pcgStream))

	chosen := make([]bool, len(rows))
	for i, h := range p.household {
		if h < 0 {
			chosen[i] = true
		}
	}
	for _, ms := range p.members {
		if len(ms) == 1 {
			chosen[ms[0]] = true
			continue
		}
		chosen[ms[rng.IntN(len(ms))]] = true
	}

	res := &DrawResult{Seed: seed, Segments: make([]SegmentDraw, len(p.segs))}
	var drawn []int
	var pool []int
	for si, s := range p.segs {
		l := p.letters[si]
		res.Segments[si] = SegmentDraw{Segment: s, Rows: len(p.segRows[si]), Allocated: l}
		if l == 0 {
			continue
		}
		pool = pool[:0]
		for _, i := range p.segRows[si] {
			if chosen[i] {
				pool = append(pool, i)
			}
		}
		k := min(l, len(pool))
		for j := range k {
			r := j + rng.IntN(len(pool)-j)
			pool[j], pool[r] = pool[r], pool[j]
		}
		drawn = append(drawn, pool[:k]...)
		res.Segments[si].Letters = k
	}
	slices.Sort(drawn)
	res.Drawn = make([]DrawnRow, len(drawn))
	for j, i := range drawn {
		res.Drawn[j] = DrawnRow{Index: i, Probability: p.pi[i]}
	}
	return res, nil
}

func newDrawPlan(rows []RegisterRow, allocation map[Segment]int) (*drawPlan, error) {
	if len(rows) == 0 {
		return nil, &DataError{Kind: ErrEmpty, Detail: "the register has no rows"}
	}
	segIdx := make(map[Segment]int)
	var segs []Segment
	for _, r := range rows {
		if _, ok := segIdx[r.Segment]; !ok {
			segIdx[r.Segment] = 0
			segs = append(segs, r.Segment)
		}
	}
	for s := range allocation {
		if _, ok := segIdx[s]; !ok {
			segIdx[s] = 0
			segs = append(segs, s)
		}
	}
	slices.SortFunc(segs, CompareSegments)
	for i, s := range segs {
		segIdx[s] = i
	}
	p := &drawPlan{
		segs:      segs,
		letters:   make([]int, len(segs)),
		segRows:   make([][]int, len(segs)),
		household: make([]int, len(rows)),
		pi:        make([]float64, len(rows)),
	}
	rowSeg := make([]int, len(rows))
	for i, r := range rows {
		si := segIdx[r.Segment]
		rowSeg[i] = si
		p.segRows[si] = append(p.segRows[si], i)
	}
	for si, s := range segs {
		l := allocation[s]
		switch {
		case l < 0:
			return nil, &DataError{Kind: ErrInvalid, Category: s.String(),
				Detail: fmt.Sprintf("the number of letters is negative (%d)", l)}
		case l > len(p.segRows[si]):
			return nil, &DataError{Kind: ErrInvalid, Category: s.String(),
				Detail: fmt.Sprintf("%d letters allocated but the register has only %d rows", l, len(p.segRows[si]))}
		}
		p.letters[si] = l
	}

	// Households, over the rows of segments with letters.
	hhIdx := make(map[string]int)
	for i, r := range rows {
		p.household[i] = -1
		if r.Household == "" || p.letters[rowSeg[i]] == 0 {
			continue
		}
		h, ok := hhIdx[r.Household]
		if !ok {
			h = len(p.members)
			hhIdx[r.Household] = h
			p.members = append(p.members, nil)
		}
		p.household[i] = h
		p.members[h] = append(p.members[h], i)
	}

	// Per household: its member count in each segment it touches.
	type touch struct{ seg, count int }
	touches := make([][]touch, len(p.members))
	for h, ms := range p.members {
		var ts []touch
		for _, i := range ms {
			si := rowSeg[i]
			j := slices.IndexFunc(ts, func(t touch) bool { return t.seg == si })
			if j < 0 {
				ts = append(ts, touch{si, 1})
			} else {
				ts[j].count++
			}
		}
		touches[h] = ts
	}

	// Per segment: rows chosen for sure, and the households that land in the
	// segment by chance, grouped by the probability c/h in lowest terms.
	sure := make([]int, len(segs))
	crossCount := make([]map[fraction]int, len(segs))
	for i, h := range p.household {
		if h < 0 && p.letters[rowSeg[i]] > 0 {
			sure[rowSeg[i]]++
		}
	}
	for h, ts := range touches {
		if len(ts) == 1 {
			sure[ts[0].seg]++
			continue
		}
		size := len(p.members[h])
		for _, t := range ts {
			if crossCount[t.seg] == nil {
				crossCount[t.seg] = make(map[fraction]int)
			}
			crossCount[t.seg][newFraction(t.count, size)]++
		}
	}

	// Expected share E[min(L, M)/M] for a sure row and for a row of each
	// kind of shared household, per segment.
	eSure := make([]float64, len(segs))
	eCross := make([]map[fraction]float64, len(segs))
	for si := range segs {
		l := p.letters[si]
		if l == 0 {
			continue
		}
		kinds := make([]fraction, 0, len(crossCount[si]))
		for f := range crossCount[si] {
			kinds = append(kinds, f)
		}
		slices.SortFunc(kinds, compareFractions)
		dists := make([]distribution, len(kinds))
		for k, f := range kinds {
			dists[k] = binomial(crossCount[si][f], f.prob())
		}
		// prefix[k] is the sum over kinds before k, suffix[k] over kinds from k on.
		prefix := make([]distribution, len(kinds)+1)
		suffix := make([]distribution, len(kinds)+1)
		prefix[0], suffix[len(kinds)] = pointMass, pointMass
		for k := range kinds {
			prefix[k+1] = convolve(prefix[k], dists[k])
		}
		for k := len(kinds) - 1; k >= 0; k-- {
			suffix[k] = convolve(dists[k], suffix[k+1])
		}
		eSure[si] = expectedShare(l, sure[si], prefix[len(kinds)])
		eCross[si] = make(map[fraction]float64, len(kinds))
		for k, f := range kinds {
			others := convolve(convolve(prefix[k], suffix[k+1]), binomial(crossCount[si][f]-1, f.prob()))
			eCross[si][f] = expectedShare(l, sure[si]+1, others)
		}
	}

	for i := range rows {
		si := rowSeg[i]
		if p.letters[si] == 0 {
			continue
		}
		h := p.household[i]
		switch {
		case h < 0:
			p.pi[i] = eSure[si]
		case len(touches[h]) == 1:
			p.pi[i] = eSure[si] / float64(len(p.members[h]))
		default:
			size := len(p.members[h])
			var c int
			for _, t := range touches[h] {
				if t.seg == si {
					c = t.count
				}
			}
			p.pi[i] = eCross[si][newFraction(c, size)] / float64(size)
		}
	}
	return p, nil
}

// fraction is a probability num/den in lowest terms.
type fraction struct{ num, den int }

func newFraction(num, den int) fraction {
	a, b := num, den
	for b != 0 {
		a, b = b, a%b
	}
	return fraction{num / a, den / a}
}

func (f fraction) prob() float64 { return float64(f.num) / float64(f.den) }

func compareFractions(a, b fraction) int {
	if c := cmp.Compare(a.den, b.den); c != 0 {
		return c
	}
	return cmp.Compare(a.num, b.num)
}

// distribution is the probability mass function of a count: p[k] is the
// probability of off+k.
type distribution struct {
	off int
	p   []float64
}

var pointMass = distribution{p: []float64{1}}

// negligible is the probability below which the tails of a distribution are
// dropped.
const negligible = 1e-20

// binomial returns the Binomial(n, q) distribution, 0 < q < 1, restricted to
// the mean ± 12 standard deviations (the mass outside is below 1e-30).
func binomial(n int, q float64) distribution {
	if n <= 0 {
		return pointMass
	}
	mean := float64(n) * q
	width := 12*math.Sqrt(mean*(1-q)) + 12
	lo := max(0, int(math.Floor(mean-width)))
	hi := min(n, int(math.Ceil(mean+width)))
	p := make([]float64, hi-lo+1)
	// Relative masses by the ratio P(k+1)/P(k) = (n−k)/(k+1) · q/(1−q),
	// starting from 1 at lo, then normalised.
	odds := q / (1 - q)
	p[0] = 1
	sum := 1.0
	for k := lo; k < hi; k++ {
		p[k-lo+1] = p[k-lo] * float64(n-k) / float64(k+1) * odds
		sum += p[k-lo+1]
	}
	for k := range p {
		p[k] /= sum
	}
	return trim(distribution{off: lo, p: p})
}

// convolve returns the distribution of the sum of two independent counts.
func convolve(a, b distribution) distribution {
	if len(a.p) == 1 && a.p[0] == 1 {
		return distribution{off: a.off + b.off, p: b.p}
	}
	if len(b.p) == 1 && b.p[0] == 1 {
		return distribution{off: a.off + b.off, p: a.p}
	}
	p := make([]float64, len(a.p)+len(b.p)-1)
	for i, x := range a.p {
		if x == 0 {
			continue
		}
		for j, y := range b.p {
			p[i+j] += x * y
		}
	}
	return trim(distribution{off: a.off + b.off, p: p})
}

// trim drops negligible tails.
func trim(d distribution) distribution {
	lo, hi := 0, len(d.p)
	for lo < hi-1 && d.p[lo] < negligible {
		lo++
	}
	for hi-1 > lo && d.p[hi-1] < negligible {
		hi--
	}
	return distribution{off: d.off + lo, p: d.p[lo:hi]}
}

// expectedShare is E[min(l, M)/M] for M = base + X, X ~ d, M ≥ 1.
func expectedShare(l, base int, d distribution) float64 {
	var num, den float64
	for k, q := range d.p {
		m := base + d.off + k
		share := 1.0
		if m > l {
			share = float64(l) / float64(m)
		}
		num += q * share
		den += q
	}
	return num / den
}
