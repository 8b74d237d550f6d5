package outreach

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestAllocateLettersByHand(t *testing.T) {
	// S1: P=1000, N=100; S2: P=1000, N=20; r̄ = 120/2000 = 0.06, m = 200.
	// r̂1 = (100 + 12)/1200, r̂2 = (20 + 12)/1200, so
	// w1 : w2 = 1000/112 : 1000/32 = 2 : 7.
	// 100 letters: quotas 22.22… and 77.77…; floors 22 + 77 = 99; the
	// larger remainder (0.77…) gets the last letter: 22 and 78.
	s1, s2 := repSeg("A", "20-29", ""), repSeg("B", "20-29", "")
	cells := []Cell{{s1, 1000, 100}, {s2, 1000, 20}}
	got, err := AllocateLetters(cells, map[Segment]int{s1: 1000, s2: 1000}, 100, DefaultPrior)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[Segment]int{s1: 22, s2: 78}; !reflect.DeepEqual(got, want) {
		t.Errorf("allocation = %v, want %v", got, want)
	}
	// Only 50 rows in S2: S2 is capped at 50 and S1 takes the other 50.
	got, err = AllocateLetters(cells, map[Segment]int{s1: 1000, s2: 50}, 100, DefaultPrior)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[Segment]int{s1: 50, s2: 50}; !reflect.DeepEqual(got, want) {
		t.Errorf("capped allocation = %v, want %v", got, want)
	}
}

func TestAllocateLettersRules(t *testing.T) {
	a, b, c := repSeg("A", "20-29", ""), repSeg("B", "20-29", ""), repSeg("C", "20-29", "")
	equal := []Cell{{c, 100, 10}, {a, 100, 10}, {b, 100, 10}}
	lots := map[Segment]int{a: 100, b: 100, c: 100}
	tests := []struct {
		name      string
		cells     []Cell
		available map[Segment]int
		letters   int
		want      map[Segment]int
	}{
		// 10/3 = 3.33… each; the one extra letter goes to the first segment.
		{"equal remainders go by segment order", equal, lots, 10, map[Segment]int{a: 4, b: 3, c: 3}},
		{"two extra letters", equal, lots, 11, map[Segment]int{a: 4, b: 4, c: 3}},
		// Quotas 4 each; A (cap 1) and B (cap 3) are capped at once; C takes 8.
		{"caps", equal, map[Segment]int{a: 1, b: 3, c: 100}, 12, map[Segment]int{a: 1, b: 3, c: 8}},
		// Quotas 4: A capped at 1. Then 11 over B and C: 5.5 > 5, B capped at
		// 5; C takes 6.
		{"caps in rounds", equal, map[Segment]int{a: 1, b: 5, c: 100}, 12, map[Segment]int{a: 1, b: 5, c: 6}},
		{"every row", equal, map[Segment]int{a: 2, b: 3, c: 4}, 9, map[Segment]int{a: 2, b: 3, c: 4}},
		{"no letters", equal, lots, 0, map[Segment]int{a: 0, b: 0, c: 0}},
		// Nobody took part yet: proportional to population, 300 : 100.
		{"no participants", []Cell{{a, 300, 0}, {b, 100, 0}}, lots, 4, map[Segment]int{a: 3, b: 1, c: 0}},
		// B has no population and C is not in the cells: both get nothing.
		{"segments without population", []Cell{{a, 100, 5}, {b, 0, 0}}, lots, 7, map[Segment]int{a: 7, b: 0, c: 0}},
		// A segment of the cells that the register lacks gets nothing.
		{"segment missing from the register", equal, map[Segment]int{a: 10, b: 10}, 6, map[Segment]int{a: 3, b: 3, c: 0}},
		// Duplicate cells are merged: A = 100 + 100 with 20, B = 200 with 20.
		{"duplicates merged", []Cell{{a, 100, 10}, {b, 200, 20}, {a, 100, 10}}, lots, 10, map[Segment]int{a: 5, b: 5, c: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AllocateLetters(tt.cells, tt.available, tt.letters, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("allocation = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAllocateLettersErrors(t *testing.T) {
	a, b := repSeg("A", "20-29", ""), repSeg("B", "20-29", "")
	cells := []Cell{{a, 100, 10}, {b, 0, 0}}
	tests := []struct {
		name      string
		cells     []Cell
		available map[Segment]int
		letters   int
		prior     float64
		kind      ErrorKind
		msg       string
	}{
		{"more letters than rows", cells, map[Segment]int{a: 40, b: 500}, 41, 0, ErrInvalid,
			"41 letters requested but only 40 register rows are available in segments with population"},
		{"negative letters", cells, map[Segment]int{a: 40}, -1, 0, ErrInvalid, "the number of letters is negative (-1)"},
		{"negative rows", cells, map[Segment]int{a: 40, b: -2}, 1, 0, ErrInvalid, "segment B/20-29: available register rows are negative (-2)"},
		{"no cells", nil, map[Segment]int{a: 40}, 1, 0, ErrEmpty, "there are no population cells"},
		{"no population", []Cell{{a, 0, 0}}, map[Segment]int{a: 40}, 1, 0, ErrNoPopulation, "the population is zero in every segment"},
		{"bad prior", cells, map[Segment]int{a: 40}, 1, math.NaN(), ErrInvalid, "the prior must be a number of residents of at least 0, not NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AllocateLetters(tt.cells, tt.available, tt.letters, tt.prior)
			if !errors.Is(err, tt.kind) || err.Error() != tt.msg {
				t.Errorf("error = %v, want %q (%s)", err, tt.msg, tt.kind)
			}
		})
	}
}

func TestAllocateLettersProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	done := 0
	for trial := range 3000 {
		cells := randomCells(rng, trial%2 == 1)
		available := map[Segment]int{}
		ample := trial%3 == 0
		for _, c := range cells {
			if ample {
				available[c.Segment] = 1 << 20
			} else if rng.IntN(6) > 0 {
				available[c.Segment] = rng.IntN(60)
			}
		}
		available[repSeg("Utenfor", "20-29", "")] = 5 // no population data
		capacity := 0
		pop := map[Segment]int{}
		part := map[Segment]int{}
		for _, c := range cells {
			pop[c.Segment] += c.Population
			part[c.Segment] += c.Participants
		}
		for s, a := range available {
			if pop[s] > 0 {
				capacity += a
			}
		}
		letters := rng.IntN(min(capacity, 5000) + 1)
		prior := float64(rng.IntN(300))
		got, err := AllocateLetters(cells, available, letters, prior)
		if err != nil {
			if errors.Is(err, ErrNoPopulation) {
				continue
			}
			t.Fatalf("trial %d: %v", trial, err)
		}
		done++
		sum := 0
		for s, l := range got {
			sum += l
			if l < 0 || l > available[s] {
				t.Fatalf("trial %d: %s gets %d letters for %d rows", trial, s, l, available[s])
			}
			if pop[s] == 0 && l != 0 {
				t.Fatalf("trial %d: %s has no population but gets %d letters", trial, s, l)
			}
		}
		if sum != letters {
			t.Fatalf("trial %d: %d letters allocated, want %d", trial, sum, letters)
		}
		if !ample {
			continue
		}
		// Without binding caps each segment gets its quota rounded up or
		// down (the quota property of the largest-remainder method).
		var tp, tn, wsum float64
		for s := range pop {
			tp += float64(pop[s])
			tn += float64(part[s])
		}
		m := prior
		if m == 0 {
			m = DefaultPrior
		}
		w := map[Segment]float64{}
		for s, p := range pop {
			if p == 0 {
				continue
			}
			if tn == 0 {
				w[s] = float64(p)
			} else {
				w[s] = float64(p) / ((float64(part[s]) + m*tn/tp) / (float64(p) + m))
			}
			wsum += w[s]
		}
		for s, ws := range w {
			q := float64(letters) * ws / wsum
			if math.Abs(float64(got[s])-q) >= 1+1e-9 {
				t.Fatalf("trial %d: %s gets %d letters for a quota of %v", trial, s, got[s], q)
			}
		}
	}
	if done < 2000 {
		t.Fatalf("only %d trials ran", done)
	}
}

// lotteryRegister is a register of 62 rows in five segments. Households:
//
//	h1: N/16-19 + S/30-44           (spans two segments)
//	h2: N/16-19 ×2                  (one segment)
//	h3: N/67-79 ×3 + N/80+          (N/80+ has no letters, so it is ignored)
//	h4: S/16-19 + S/30-44
//	h5: S/16-19 + S/30-44 ×2
//	h6: S/30-44 ×2
//	h7: N/67-79 + S/16-19
//	h8: N/16-19 + N/67-79 + S/16-19 + S/30-44
//
// S/30-44 has 10 rows but only 4 of them are chosen for sure, so its 6
// letters are sometimes not all sent.
func lotteryRegister() ([]RegisterRow, map[Segment]int) {
	n1, n2, n5 := repSeg("N", "16-19", ""), repSeg("N", "67-79", ""), repSeg("N", "80+", "")
	s3, s4 := repSeg("S", "16-19", ""), repSeg("S", "30-44", "")
	var rows []RegisterRow
	add := func(s Segment, hh string, k int) {
		for range k {
			rows = append(rows, RegisterRow{Segment: s, Household: hh})
		}
	}
	add(n1, "h1", 1)
	add(s4, "h1", 1)
	add(n1, "h2", 2)
	add(n2, "h3", 3)
	add(n5, "h3", 1)
	add(s3, "h4", 1)
	add(s4, "h4", 1)
	add(s3, "h5", 1)
	add(s4, "h5", 2)
	add(s4, "h6", 2)
	add(n2, "h7", 1)
	add(s3, "h7", 1)
	add(n1, "h8", 1)
	add(n2, "h8", 1)
	add(s3, "h8", 1)
	add(s4, "h8", 1)
	add(n1, "", 11)
	add(n2, "", 15)
	add(s3, "", 11)
	add(s4, "", 3)
	add(n5, "", 1)
	// Interleave so that segments and households are not in blocks.
	rng := rand.New(rand.NewPCG(13, 14))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows, map[Segment]int{n1: 4, n2: 3, s3: 5, s4: 6, n5: 0}
}

// bruteForcePi computes every row's inclusion probability under the
// two-stage design by enumerating every choice of household members.
func bruteForcePi(rows []RegisterRow, alloc map[Segment]int) []float64 {
	groups := map[string][]int{}
	var order []string
	var singles []int
	for i, r := range rows {
		if alloc[r.Segment] == 0 {
			continue
		}
		if r.Household == "" {
			singles = append(singles, i)
			continue
		}
		if _, ok := groups[r.Household]; !ok {
			order = append(order, r.Household)
		}
		groups[r.Household] = append(groups[r.Household], i)
	}
	pi := make([]float64, len(rows))
	pick := make([]int, len(order))
	for {
		prob := 1.0
		chosen := slices.Clone(singles)
		for k, h := range order {
			prob /= float64(len(groups[h]))
			chosen = append(chosen, groups[h][pick[k]])
		}
		m := map[Segment]int{}
		for _, i := range chosen {
			m[rows[i].Segment]++
		}
		for _, i := range chosen {
			s := rows[i].Segment
			pi[i] += prob * float64(min(alloc[s], m[s])) / float64(m[s])
		}
		k := 0
		for k < len(order) {
			pick[k]++
			if pick[k] < len(groups[order[k]]) {
				break
			}
			pick[k] = 0
			k++
		}
		if k == len(order) {
			return pi
		}
	}
}

func TestInclusionProbabilitiesMatchEnumeration(t *testing.T) {
	rows, alloc := lotteryRegister()
	got, err := InclusionProbabilities(rows, alloc)
	if err != nil {
		t.Fatal(err)
	}
	want := bruteForcePi(rows, alloc)
	for i := range rows {
		if !repNear(got[i], want[i], 1e-12) {
			t.Errorf("row %d (%s, %q): π = %.15f, enumeration %.15f", i, rows[i].Segment, rows[i].Household, got[i], want[i])
		}
	}
	// Random small registers, with letters up to every row of a segment.
	rng := rand.New(rand.NewPCG(15, 16))
	segs := []Segment{repSeg("A", "16-19", ""), repSeg("A", "20-29", ""), repSeg("B", "16-19", "")}
	for trial := range 300 {
		n := 1 + rng.IntN(14)
		rows := make([]RegisterRow, n)
		count := map[Segment]int{}
		for i := range rows {
			rows[i].Segment = segs[rng.IntN(len(segs))]
			if rng.IntN(3) > 0 {
				rows[i].Household = fmt.Sprint("h", rng.IntN(5))
			}
			count[rows[i].Segment]++
		}
		alloc := map[Segment]int{}
		for s, c := range count {
			alloc[s] = rng.IntN(c + 1)
		}
		got, err := InclusionProbabilities(rows, alloc)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteForcePi(rows, alloc)
		for i := range rows {
			if !repNear(got[i], want[i], 1e-12) {
				t.Fatalf("trial %d row %d: π = %v, enumeration %v\nrows %v\nalloc %v", trial, i, got[i], want[i], rows, alloc)
			}
		}
	}
}

// The statistical test of the lottery: over many seeded draws each row's
// frequency must agree with its stated π_i.
func TestDrawFrequenciesMatchInclusionProbabilities(t *testing.T) {
	rows, alloc := lotteryRegister()
	pi, err := InclusionProbabilities(rows, alloc)
	if err != nil {
		t.Fatal(err)
	}
	const draws = 10000
	counts := make([]int, len(rows))
	for seed := range uint64(draws) {
		res, err := Draw(rows, alloc, seed)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Drawn {
			counts[d.Index]++
			if d.Probability != pi[d.Index] {
				t.Fatalf("seed %d: drawn row %d has π %v, InclusionProbabilities %v", seed, d.Index, d.Probability, pi[d.Index])
			}
		}
	}
	// Bonferroni across the rows: the whole check has a false alarm rate of
	// at most 1% (here, with fixed seeds, it either passes or not).
	alpha := 0.01 / float64(len(rows))
	z := math.Sqrt2 * math.Erfinv(1-alpha) // two-sided
	outside := func(pi []float64) []int {
		var bad []int
		for i, p := range pi {
			want := draws * p
			slack := z*math.Sqrt(draws*p*(1-p)) + 0.5 // normal approximation with continuity correction
			if math.Abs(float64(counts[i])-want) > slack {
				bad = append(bad, i)
			}
		}
		return bad
	}
	for _, i := range outside(pi) {
		t.Errorf("row %d (%s, household %q): drawn %d times in %d, π = %.4f expects %.1f",
			i, rows[i].Segment, rows[i].Household, counts[i], draws, pi[i], draws*pi[i])
	}
	// The test has power: the naive π = L_s/N_s, which ignores households,
	// is rejected.
	n := map[Segment]int{}
	for _, r := range rows {
		n[r.Segment]++
	}
	naive := make([]float64, len(rows))
	for i, r := range rows {
		naive[i] = float64(alloc[r.Segment]) / float64(n[r.Segment])
	}
	if bad := outside(naive); len(bad) < 10 {
		t.Errorf("the naive π is rejected for only %d rows; the test lacks power", len(bad))
	}
}

func TestDrawWithoutHouseholds(t *testing.T) {
	a, b, c := repSeg("A", "16-19", "f"), repSeg("A", "16-19", "m"), repSeg("B", "80+", "f")
	var rows []RegisterRow
	for i := range 30 {
		s := []Segment{a, b, b, c, c, c}[i%6]
		if i >= 24 {
			s = b
		}
		rows = append(rows, RegisterRow{Segment: s})
	}
	// a: 4 rows, b: 8 + 6 = 14 rows, c: 12 rows.
	alloc := map[Segment]int{a: 3, b: 14, c: 0}
	pi, err := InclusionProbabilities(rows, alloc)
	if err != nil {
		t.Fatal(err)
	}
	sum := map[Segment]float64{}
	for i, r := range rows {
		want := map[Segment]float64{a: 3.0 / 4, b: 1, c: 0}[r.Segment]
		if pi[i] != want {
			t.Errorf("row %d (%s): π = %v, want exactly %v", i, r.Segment, pi[i], want)
		}
		sum[r.Segment] += pi[i]
	}
	for s, l := range alloc {
		assertNear(t, "Σπ "+s.String(), sum[s], float64(l))
	}
	for seed := range uint64(200) {
		res, err := Draw(rows, alloc, seed)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Drawn) != 17 {
			t.Fatalf("seed %d: %d letters, want 17", seed, len(res.Drawn))
		}
		per := map[Segment]int{}
		idx := res.Indices()
		if !slices.IsSorted(idx) || len(slices.Compact(slices.Clone(idx))) != len(idx) {
			t.Fatalf("seed %d: indices not strictly ascending: %v", seed, idx)
		}
		for _, i := range idx {
			per[rows[i].Segment]++
		}
		if per[a] != 3 || per[b] != 14 || per[c] != 0 {
			t.Fatalf("seed %d: letters per segment %v", seed, per)
		}
	}
}

func TestDrawHouseholdRule(t *testing.T) {
	rows, alloc := lotteryRegister()
	short := 0
	for seed := range uint64(2000) {
		res, err := Draw(rows, alloc, seed)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		per := map[Segment]int{}
		for _, d := range res.Drawn {
			r := rows[d.Index]
			per[r.Segment]++
			if r.Household == "" {
				continue
			}
			if seen[r.Household] {
				t.Fatalf("seed %d: household %s drawn twice", seed, r.Household)
			}
			seen[r.Household] = true
		}
		for _, sd := range res.Segments {
			if sd.Letters != per[sd.Segment] || sd.Letters > sd.Allocated {
				t.Fatalf("seed %d: %+v but %d drawn", seed, sd, per[sd.Segment])
			}
			if sd.Letters < sd.Allocated {
				if sd.Segment != repSeg("S", "30-44", "") {
					t.Fatalf("seed %d: %+v fell short", seed, sd)
				}
				short++
			}
		}
	}
	if short == 0 {
		t.Errorf("S/30-44 never fell short; the register does not exercise that case")
	}
}

func TestDrawIsReproducible(t *testing.T) {
	rows, alloc := lotteryRegister()
	a, err := Draw(rows, alloc, 2024)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Draw(slices.Clone(rows), alloc, 2024)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed, different draws")
	}
	distinct := map[string]bool{}
	for seed := range uint64(50) {
		r, _ := Draw(rows, alloc, seed)
		distinct[fmt.Sprint(r.Indices())] = true
	}
	if len(distinct) < 45 {
		t.Errorf("50 seeds gave only %d different draws", len(distinct))
	}
	c, _ := Draw(rows, alloc, 2025)
	if reflect.DeepEqual(a.Indices(), c.Indices()) {
		t.Errorf("seeds 2024 and 2025 gave the same draw")
	}
}

// A published draw must stay the same draw: this pins the letters of one
// seed, so that a change to the generator or to the procedure is noticed.
func TestDrawPinned(t *testing.T) {
	rows, alloc := lotteryRegister()
	res, err := Draw(rows, alloc, 42)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 4, 9, 11, 14, 19, 22, 28, 35, 36, 45, 46, 51, 52, 55, 56, 58, 60}
	if got := res.Indices(); !slices.Equal(got, want) {
		t.Errorf("seed 42 draws %v, want %v", got, want)
	}
}

func TestDrawResultSegments(t *testing.T) {
	a, b, c := repSeg("A", "16-19", ""), repSeg("A", "20-29", ""), repSeg("B", "16-19", "")
	rows := []RegisterRow{{Segment: b}, {Segment: a}, {Segment: b}, {Segment: a}, {Segment: b}}
	res, err := Draw(rows, map[Segment]int{b: 2, c: 0}, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []SegmentDraw{
		{Segment: a, Rows: 2, Allocated: 0, Letters: 0},
		{Segment: b, Rows: 3, Allocated: 2, Letters: 2},
		{Segment: c, Rows: 0, Allocated: 0, Letters: 0},
	}
	if !reflect.DeepEqual(res.Segments, want) {
		t.Errorf("segments = %+v, want %+v", res.Segments, want)
	}
	for _, d := range res.Drawn {
		if rows[d.Index].Segment != b || d.Probability != 2.0/3 {
			t.Errorf("drawn %+v", d)
		}
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back DrawResult
	if err := json.Unmarshal(js, &back); err != nil || !reflect.DeepEqual(&back, res) {
		t.Errorf("JSON round trip: %v\n%s", err, js)
	}
}

func TestDrawErrors(t *testing.T) {
	a, b := repSeg("A", "16-19", ""), repSeg("B", "16-19", "")
	rows := []RegisterRow{{Segment: a}, {Segment: a}}
	tests := []struct {
		name  string
		rows  []RegisterRow
		alloc map[Segment]int
		kind  ErrorKind
		msg   string
	}{
		{"no rows", nil, map[Segment]int{a: 1}, ErrEmpty, "the register has no rows"},
		{"too many letters", rows, map[Segment]int{a: 3}, ErrInvalid, "segment A/16-19: 3 letters allocated but the register has only 2 rows"},
		{"segment not in the register", rows, map[Segment]int{a: 1, b: 1}, ErrInvalid, "segment B/16-19: 1 letters allocated but the register has only 0 rows"},
		{"negative", rows, map[Segment]int{a: -1}, ErrInvalid, "segment A/16-19: the number of letters is negative (-1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Draw(tt.rows, tt.alloc, 1)
			if !errors.Is(err, tt.kind) || err.Error() != tt.msg {
				t.Errorf("Draw error = %v, want %q (%s)", err, tt.msg, tt.kind)
			}
			_, err = InclusionProbabilities(tt.rows, tt.alloc)
			if err == nil || err.Error() != tt.msg {
				t.Errorf("InclusionProbabilities error = %v, want %q", err, tt.msg)
			}
		})
	}
}

// From statistics and register to letters: the allocation respects the
// register, and without households every allocated letter is sent.
func TestAllocateThenDraw(t *testing.T) {
	rows, cells := benchRegister(2000, false)
	available := map[Segment]int{}
	for _, r := range rows {
		available[r.Segment]++
	}
	alloc, err := AllocateLetters(cells, available, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Draw(rows, alloc, 99)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Drawn) != 300 {
		t.Errorf("%d letters drawn, want 300", len(res.Drawn))
	}
	pi, _ := InclusionProbabilities(rows, alloc)
	var sum float64
	for _, p := range pi {
		sum += p
	}
	assertNear(t, "Σπ", sum, 300)
}

// benchRegister makes a register of n rows over 20 areas × 6 age bands × 2
// genders, with about 40% of the rows in two-person households when
// households is set, and population cells to match.
func benchRegister(n int, households bool) ([]RegisterRow, []Cell) {
	rng := rand.New(rand.NewPCG(17, 18))
	bands := []string{"16-19", "20-29", "30-44", "45-66", "67-79", "80+"}
	randomSeg := func() Segment {
		return repSeg(fmt.Sprintf("område%02d", rng.IntN(20)), bands[rng.IntN(len(bands))], []string{"f", "m"}[rng.IntN(2)])
	}
	rows := make([]RegisterRow, 0, n)
	for len(rows) < n {
		if households && len(rows)+2 <= n && rng.IntN(10) < 2 {
			hh := fmt.Sprint("hh", len(rows))
			s := randomSeg()
			t := s
			t.AgeBand = bands[rng.IntN(len(bands))]
			rows = append(rows, RegisterRow{Segment: s, Household: hh}, RegisterRow{Segment: t, Household: hh})
			continue
		}
		rows = append(rows, RegisterRow{Segment: randomSeg()})
	}
	count := map[Segment]int{}
	for _, r := range rows {
		count[r.Segment]++
	}
	var cells []Cell
	for s, c := range count {
		cells = append(cells, Cell{Segment: s, Population: c, Participants: rng.IntN(c/5 + 1)})
	}
	return rows, cells
}

func BenchmarkAllocateAndDraw100000(b *testing.B) {
	rows, cells := benchRegister(100000, true)
	available := map[Segment]int{}
	for _, r := range rows {
		available[r.Segment]++
	}
	b.ReportAllocs()
	for b.Loop() {
		alloc, err := AllocateLetters(cells, available, 5000, DefaultPrior)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Draw(rows, alloc, 1); err != nil {
			b.Fatal(err)
		}
	}
}
