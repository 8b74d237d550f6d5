package outreach

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// assertNear fails when got and want differ by more than 1e-12 (absolute or
// relative, whichever is larger).
func assertNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !repNear(got, want, 1e-12) {
		t.Errorf("%s = %.17g, want %.17g", what, got, want)
	}
}

func repNear(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func repSeg(area, band, gender string) Segment {
	return Segment{Area: area, AgeBand: band, Gender: gender}
}

func repCell(area, band, gender string, pop, part int) Cell {
	return Cell{Segment: repSeg(area, band, gender), Population: pop, Participants: part}
}

func mustReport(t *testing.T, cells []Cell, prior float64) *Report {
	t.Helper()
	r, err := Representativeness(cells, prior)
	if err != nil {
		t.Fatalf("Representativeness: %v", err)
	}
	return r
}

func TestRepresentativenessTwoAreas(t *testing.T) {
	// Nord: P=600, N=30; Sør: P=400, N=10; one age band, no gender.
	// ΣP = 1000, ΣN = 40, r̄ = 40/1000 = 0.04.
	r := mustReport(t, []Cell{
		repCell("Sør", "20-29", "", 400, 10),
		repCell("Nord", "20-29", "", 600, 30),
	}, DefaultPrior)

	if r.Population != 1000 || r.Participants != 40 {
		t.Fatalf("totals = %d, %d", r.Population, r.Participants)
	}
	assertNear(t, "r̄", r.OverallRate, 0.04)
	// D = ½(|30/40 − 600/1000| + |10/40 − 400/1000|) = ½(0.15 + 0.15) = 0.15.
	assertNear(t, "D", r.Dissimilarity, 0.15)
	// r_Nord = 0.05, r_Sør = 0.025.
	// S² = (600·(0.05−0.04)² + 400·(0.025−0.04)²) / 999 = (0.06 + 0.09) / 999.
	s := math.Sqrt(0.15 / 999)
	assertNear(t, "R", r.RIndicator, 1-2*s)
	assertNear(t, "CV", r.CV, s/0.04)

	if len(r.Segments) != 2 || r.Segments[0].Area != "Nord" || r.Segments[1].Area != "Sør" {
		t.Fatalf("segments not sorted by area: %+v", r.Segments)
	}
	nord, sor := r.Segments[0], r.Segments[1]
	assertNear(t, "rate Nord", nord.Rate, 0.05)
	assertNear(t, "rate Sør", sor.Rate, 0.025)
	// ρ = r_s / r̄: 0.05/0.04 = 1.25; 0.025/0.04 = 0.625.
	assertNear(t, "ratio Nord", nord.Ratio, 1.25)
	assertNear(t, "ratio Sør", sor.Ratio, 0.625)
	// r̂ = (N + 200·0.04)/(P + 200): (30+8)/800 = 0.0475; (10+8)/600 = 0.03.
	assertNear(t, "smoothed Nord", nord.SmoothedRate, 0.0475)
	assertNear(t, "smoothed Sør", sor.SmoothedRate, 0.03)
	// E = max(0, r̄·P − N): max(0, 24−30) = 0; 16 − 10 = 6.
	assertNear(t, "E Nord", nord.MissingVoices, 0)
	assertNear(t, "E Sør", sor.MissingVoices, 6)

	if _, ok := r.Variables[Gender]; ok || len(r.Variables) != 2 {
		t.Fatalf("variables = %v, want area and age_band only", r.Variables)
	}
	area := r.Variables[Area]
	// P_u(area) = sqrt(0.6·0.01² + 0.4·0.015²) = sqrt(0.00006 + 0.00009).
	assertNear(t, "partial R area", area.PartialR, math.Sqrt(0.00015))
	// min/max = 0.025/0.05.
	assertNear(t, "minmax area", area.ScoreMinMax, 0.5)
	// min(0.75, 0.6) + min(0.25, 0.4) = 0.85 = 1 − D.
	assertNear(t, "similarity area", area.Similarity, 0.85)
	band := r.Variables[AgeBand]
	assertNear(t, "partial R age band", band.PartialR, 0)
	assertNear(t, "minmax age band", band.ScoreMinMax, 1)
	assertNear(t, "similarity age band", band.Similarity, 1)
}

func TestRepresentativenessWithGender(t *testing.T) {
	// Area A only; bands 16-19 and 67-79; genders f and m.
	//   16-19 f: P=100, N=2    16-19 m: P=100, N=0
	//   67-79 f: P=200, N=20   67-79 m: P=100, N=8
	// ΣP = 500, ΣN = 30, r̄ = 0.06.
	r := mustReport(t, []Cell{
		repCell("A", "67-79", "m", 100, 8),
		repCell("A", "16-19", "m", 100, 0),
		repCell("A", "67-79", "f", 200, 20),
		repCell("A", "16-19", "f", 100, 2),
	}, 100)
	assertNear(t, "r̄", r.OverallRate, 0.06)
	gotOrder := make([]string, len(r.Segments))
	for i, s := range r.Segments {
		gotOrder[i] = s.String()
	}
	wantOrder := []string{"A/16-19/f", "A/16-19/m", "A/67-79/f", "A/67-79/m"}
	if !slices.Equal(gotOrder, wantOrder) {
		t.Fatalf("order = %v, want %v", gotOrder, wantOrder)
	}
	// Gender: f P=300 N=22 (r = 22/300), m P=200 N=8 (r = 0.04).
	rf, rm := 22.0/300, 0.04
	g := r.Variables[Gender]
	assertNear(t, "partial R gender", g.PartialR, math.Sqrt(0.6*(rf-0.06)*(rf-0.06)+0.4*(rm-0.06)*(rm-0.06)))
	assertNear(t, "minmax gender", g.ScoreMinMax, rm/rf)
	// p = (22/30, 8/30), q = (0.6, 0.4): min = 0.6 + 8/30.
	assertNear(t, "similarity gender", g.Similarity, 0.6+8.0/30)
	// Age band: 16-19 P=200 N=2 (0.01), 67-79 P=300 N=28 (28/300).
	b := r.Variables[AgeBand]
	assertNear(t, "minmax age band", b.ScoreMinMax, 0.01/(28.0/300))
	// Prior 100: r̂(A/16-19/m) = (0 + 100·0.06)/(100 + 100) = 0.03.
	assertNear(t, "smoothed", r.Segments[1].SmoothedRate, 0.03)
	// D = ½(|2/30−0.2| + |0−0.2| + |20/30−0.4| + |8/30−0.2|)
	//   = ½(4/30 + 6/30 + 8/30 + 2/30) = 1/3.
	assertNear(t, "D", r.Dissimilarity, 1.0/3)
}

func TestRepresentativenessZeroPopulationSegment(t *testing.T) {
	// A/20-29: P=100, N=10. A/30-44: P=0, N=2 (people who moved in).
	// ΣP = 100, ΣN = 12, r̄ = 0.12.
	r := mustReport(t, []Cell{
		repCell("A", "30-44", "", 0, 2),
		repCell("A", "20-29", "", 100, 10),
	}, 0)
	if len(r.Segments) != 2 {
		t.Fatalf("zero-population segment not listed: %+v", r.Segments)
	}
	empty := r.Segments[1]
	if empty.AgeBand != "30-44" || empty.Rate != 0 || empty.Ratio != 0 || empty.MissingVoices != 0 {
		t.Errorf("zero-population segment = %+v, want rate, ratio and missing voices 0", empty)
	}
	// Prior 0 means DefaultPrior: r̂ = (2 + 200·0.12)/(0 + 200) = 0.13.
	assertNear(t, "smoothed", empty.SmoothedRate, 0.13)
	// D = ½(|10/12 − 1| + |2/12 − 0|) = 1/6.
	assertNear(t, "D", r.Dissimilarity, 1.0/6)
	// S² = (100·(0.1−0.12)² + 0·…)/99.
	assertNear(t, "R", r.RIndicator, 1-2*math.Sqrt(100*0.02*0.02/99))
	// E(A/20-29) = 0.12·100 − 10 = 2.
	assertNear(t, "E", r.Segments[0].MissingVoices, 2)
	b := r.Variables[AgeBand]
	// Only 20-29 has population, so min/max = 0.1/0.1.
	assertNear(t, "minmax", b.ScoreMinMax, 1)
	// min(10/12, 1) + min(2/12, 0) = 5/6 = 1 − D.
	assertNear(t, "similarity", b.Similarity, 5.0/6)
	// sqrt(1·(0.1−0.12)² + 0·(0−0.12)²) = 0.02.
	assertNear(t, "partial R", b.PartialR, 0.02)
}

func TestRepresentativenessEdgeCases(t *testing.T) {
	t.Run("single segment", func(t *testing.T) {
		r := mustReport(t, []Cell{repCell("A", "80+", "", 50, 5)}, 0)
		if r.Dissimilarity != 0 || r.RIndicator != 1 || r.CV != 0 || r.Segments[0].Ratio != 1 || r.Segments[0].MissingVoices != 0 {
			t.Errorf("single segment: %+v", r)
		}
		for v, s := range r.Variables {
			if s.PartialR != 0 || s.ScoreMinMax != 1 || s.Similarity != 1 {
				t.Errorf("%s: %+v", v, s)
			}
		}
	})
	t.Run("duplicates are merged by summing", func(t *testing.T) {
		a := mustReport(t, []Cell{repCell("A", "20-29", "", 60, 3), repCell("B", "20-29", "", 50, 1), repCell("A", "20-29", "", 40, 2)}, 0)
		b := mustReport(t, []Cell{repCell("A", "20-29", "", 100, 5), repCell("B", "20-29", "", 50, 1)}, 0)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("merged = %+v, want %+v", a, b)
		}
	})
	t.Run("participants above population", func(t *testing.T) {
		// A: P=10, N=30 (r = 3); B: P=90, N=0. r̄ = 30/100 = 0.3.
		r := mustReport(t, []Cell{repCell("A", "20-29", "", 10, 30), repCell("B", "20-29", "", 90, 0)}, 0)
		assertNear(t, "rate", r.Segments[0].Rate, 3)
		assertNear(t, "ratio", r.Segments[0].Ratio, 10)
		// S² = (10·2.7² + 90·0.3²)/99 = (72.9 + 8.1)/99 = 81/99; R = 1 − 2S < 0.
		assertNear(t, "R", r.RIndicator, 1-2*math.Sqrt(81.0/99))
		if r.RIndicator >= 0 {
			t.Errorf("R = %v, expected negative for such uneven rates", r.RIndicator)
		}
	})
	t.Run("a population of one", func(t *testing.T) {
		r := mustReport(t, []Cell{repCell("A", "20-29", "", 1, 1), repCell("B", "20-29", "", 0, 0)}, 0)
		if r.RIndicator != 1 || r.CV != 0 {
			t.Errorf("ΣP = 1: R = %v, CV = %v; want 1 and 0", r.RIndicator, r.CV)
		}
	})
	t.Run("order of input does not matter", func(t *testing.T) {
		cells := []Cell{
			repCell("Sentrum", "80+", "m", 30, 1), repCell("Nord", "16-19", "f", 40, 2),
			repCell("Sentrum", "9-15", "f", 20, 1), repCell("Nord", "80+", "f", 10, 0),
			repCell("Sentrum", "20-29", "f", 70, 9), repCell("Nord", "16-19", "m", 45, 3),
		}
		a := mustReport(t, cells, 0)
		rev := slices.Clone(cells)
		slices.Reverse(rev)
		b := mustReport(t, rev, 0)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("reversed input gives a different report")
		}
		var got []string
		for _, s := range a.Segments {
			got = append(got, s.String())
		}
		want := []string{"Nord/16-19/f", "Nord/16-19/m", "Nord/80+/f", "Sentrum/9-15/f", "Sentrum/20-29/f", "Sentrum/80+/m"}
		if !slices.Equal(got, want) {
			t.Errorf("order = %v, want %v", got, want)
		}
	})
}

func TestRepresentativenessErrors(t *testing.T) {
	tests := []struct {
		name  string
		cells []Cell
		prior float64
		kind  ErrorKind
		msg   string
	}{
		{"no cells", nil, 0, ErrEmpty, "there are no population cells"},
		{"zero population", []Cell{repCell("A", "20-29", "", 0, 0), repCell("B", "20-29", "", 0, 3)}, 0, ErrNoPopulation, "the population is zero in every segment"},
		{"nobody took part", []Cell{repCell("A", "20-29", "", 100, 0), repCell("B", "20-29", "", 50, 0)}, 0, ErrNoRespondents, "nobody took part"},
		{"negative population", []Cell{repCell("A", "20-29", "", -1, 0)}, 0, ErrInvalid, "segment A/20-29: population is negative (-1)"},
		{"negative participants", []Cell{repCell("A", "20-29", "f", 10, -2)}, 0, ErrInvalid, "segment A/20-29/f: participants are negative (-2)"},
		{"gender on some cells only", []Cell{repCell("A", "20-29", "f", 10, 1), repCell("A", "30-44", "", 10, 1)}, 0, ErrInvalid, "gender is given for segment A/20-29/f but not for segment A/30-44"},
		{"negative prior", []Cell{repCell("A", "20-29", "", 10, 1)}, -1, ErrInvalid, "the prior must be a number of residents of at least 0, not -1"},
		{"NaN prior", []Cell{repCell("A", "20-29", "", 10, 1)}, math.NaN(), ErrInvalid, "the prior must be a number of residents of at least 0, not NaN"},
		{"infinite prior", []Cell{repCell("A", "20-29", "", 10, 1)}, math.Inf(1), ErrInvalid, "the prior must be a number of residents of at least 0, not +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Representativeness(tt.cells, tt.prior)
			if err == nil {
				t.Fatalf("no error; report %+v", r)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %v is not %q", err, tt.kind)
			}
			var de *DataError
			if !errors.As(err, &de) {
				t.Errorf("error %T is not a *DataError", err)
			}
			if err.Error() != tt.msg {
				t.Errorf("message = %q, want %q", err.Error(), tt.msg)
			}
		})
	}
}

func TestReportJSON(t *testing.T) {
	r := mustReport(t, []Cell{repCell("Nord", "20-29", "f", 600, 30), repCell("Sør", "20-29", "f", 400, 10)}, 0)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	for _, want := range []string{
		`"population":1000`, `"participants":40`, `"overall_rate":0.04`, `"dissimilarity":`,
		`"r_indicator":`, `"cv":`, `"variables":{"age_band":{`, `"area":{"partial_r":`,
		`"gender":{`, `"score_minmax":`, `"similarity":`,
		`"segments":[{"area":"Nord","age_band":"20-29","gender":"f","population":600,"participants":30,"rate":0.05,"ratio":1.25,"smoothed_rate":0.0475,"missing_voices":0}`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s:\n%s", want, js)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, r) {
		t.Errorf("JSON round trip changed the report")
	}
}

func TestAgeBandOrder(t *testing.T) {
	ordered := []string{"0-15", "9-15", "16-19", "20-29", "30-44", "45-66", "67-79", "80+", "100+", "ukjent", "unknown"}
	for i := range ordered {
		for j := range ordered {
			if got, want := AgeBandLess(ordered[i], ordered[j]), i < j; got != want {
				t.Errorf("AgeBandLess(%q, %q) = %v, want %v", ordered[i], ordered[j], got, want)
			}
		}
	}
	shuffled := []string{"80+", "unknown", "20-29", "9-15", "100+", "16-19", "ukjent", "67-79", "0-15", "45-66", "30-44"}
	slices.SortFunc(shuffled, CompareAgeBands)
	if !slices.Equal(shuffled, ordered) {
		t.Errorf("sorted = %v", shuffled)
	}
	tests := []struct {
		a, b string
		want int
	}{
		{"16-19", "16-24", -1}, // same lower bound: by label
		{" 5-9", "16-19", -1},  // surrounding space is ignored for the bound
		{"16–19", "20–29", -1}, // en dash
		{"80+", "80+", 0},
		{"", "16-19", 1},
	}
	for _, tt := range tests {
		if got := CompareAgeBands(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareAgeBands(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCompareSegments(t *testing.T) {
	segs := []Segment{
		repSeg("B", "16-19", "f"), repSeg("A", "80+", "f"), repSeg("A", "20-29", "m"),
		repSeg("A", "20-29", "f"), repSeg("A", "9-15", "m"),
	}
	slices.SortFunc(segs, CompareSegments)
	var got []string
	for _, s := range segs {
		got = append(got, s.String())
	}
	want := []string{"A/9-15/m", "A/20-29/f", "A/20-29/m", "A/80+/f", "B/16-19/f"}
	if !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

// randomCells returns 1–40 random cells; some have zero population or zero
// participants, and duplicates occur.
func randomCells(rng *rand.Rand, withGender bool) []Cell {
	areas := []string{"Nord", "Sør", "Øst", "Vest", "Sentrum"}
	bands := []string{"16-19", "20-29", "30-44", "45-66", "67-79", "80+"}
	n := 1 + rng.IntN(40)
	cells := make([]Cell, n)
	for i := range cells {
		g := ""
		if withGender {
			g = []string{"f", "m"}[rng.IntN(2)]
		}
		p := rng.IntN(2000)
		if rng.IntN(8) == 0 {
			p = 0
		}
		part := 0
		if rng.IntN(5) > 0 {
			part = rng.IntN(p/5 + 3)
		}
		cells[i] = repCell(areas[rng.IntN(len(areas))], bands[rng.IntN(len(bands))], g, p, part)
	}
	return cells
}

func TestRepresentativenessProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for trial := range 3000 {
		cells := randomCells(rng, trial%2 == 0)
		r, err := Representativeness(cells, float64(rng.IntN(400)))
		if err != nil {
			if !errors.Is(err, ErrNoPopulation) && !errors.Is(err, ErrNoRespondents) {
				t.Fatalf("trial %d: unexpected error %v", trial, err)
			}
			continue
		}
		checked++
		if r.Dissimilarity < 0 || r.Dissimilarity > 1+1e-12 {
			t.Fatalf("trial %d: D = %v outside [0, 1]", trial, r.Dissimilarity)
		}
		if r.RIndicator > 1 || r.CV < 0 {
			t.Fatalf("trial %d: R = %v, CV = %v", trial, r.RIndicator, r.CV)
		}
		// Independent computation of D and S from the raw cells.
		byseg := map[Segment][2]float64{}
		for _, c := range cells {
			v := byseg[c.Segment]
			byseg[c.Segment] = [2]float64{v[0] + float64(c.Population), v[1] + float64(c.Participants)}
		}
		var tp, tn float64
		for _, v := range byseg {
			tp += v[0]
			tn += v[1]
		}
		var d, ss float64
		for _, v := range byseg {
			d += math.Abs(v[1]/tn - v[0]/tp)
			rs := 0.0
			if v[0] > 0 {
				rs = v[1] / v[0]
			}
			ss += v[0] * (rs - tn/tp) * (rs - tn/tp)
		}
		if !repNear(r.Dissimilarity, d/2, 1e-9) {
			t.Fatalf("trial %d: D = %v, independent %v", trial, r.Dissimilarity, d/2)
		}
		if tp > 1 && !repNear(r.RIndicator, 1-2*math.Sqrt(ss/(tp-1)), 1e-9) {
			t.Fatalf("trial %d: R = %v, independent %v", trial, r.RIndicator, 1-2*math.Sqrt(ss/(tp-1)))
		}
		if len(r.Segments) != len(byseg) {
			t.Fatalf("trial %d: %d segments, want %d", trial, len(r.Segments), len(byseg))
		}
		for i, s := range r.Segments {
			if s.MissingVoices < 0 || s.Rate < 0 || s.Ratio < 0 || s.SmoothedRate < 0 {
				t.Fatalf("trial %d: negative figure in %+v", trial, s)
			}
			if i > 0 && CompareSegments(r.Segments[i-1].Segment, s.Segment) >= 0 {
				t.Fatalf("trial %d: segments out of order at %d", trial, i)
			}
		}
		// Per variable: similarity = 1 − ½ Σ_k |p_k − q_k|; scores in range.
		for v, sc := range r.Variables {
			cats := map[string][2]float64{}
			for s, x := range byseg {
				c := cats[s.Of(v)]
				cats[s.Of(v)] = [2]float64{c[0] + x[0], c[1] + x[1]}
			}
			var dv float64
			for _, c := range cats {
				dv += math.Abs(c[1]/tn - c[0]/tp)
			}
			if !repNear(sc.Similarity, 1-dv/2, 1e-12) {
				t.Fatalf("trial %d: %s similarity %v, want 1 − D_%s = %v", trial, v, sc.Similarity, v, 1-dv/2)
			}
			if sc.ScoreMinMax < 0 || sc.ScoreMinMax > 1 || sc.PartialR < 0 {
				t.Fatalf("trial %d: %s score %+v out of range", trial, v, sc)
			}
		}
	}
	if checked < 2000 {
		t.Fatalf("only %d random inputs were valid", checked)
	}
}

// When every segment is its own area (one age band, no gender), the area
// similarity and the segment dissimilarity are the same measure: S = 1 − D.
func TestSimilarityIsOneMinusDissimilarity(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 500 {
		n := 1 + rng.IntN(30)
		cells := make([]Cell, n)
		for i := range cells {
			cells[i] = repCell(fmt.Sprintf("area%02d", i), "20-29", "", 1+rng.IntN(5000), rng.IntN(300))
		}
		cells[0].Participants++
		r := mustReport(t, cells, 0)
		if !repNear(r.Variables[Area].Similarity, 1-r.Dissimilarity, 1e-12) {
			t.Fatalf("trial %d: similarity %v, 1 − D = %v", trial, r.Variables[Area].Similarity, 1-r.Dissimilarity)
		}
	}
}

func BenchmarkRepresentativeness10000(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	var cells []Cell
	for a := range 200 {
		for band := range 25 {
			for _, g := range []string{"f", "m"} {
				p := 50 + rng.IntN(1000)
				cells = append(cells, repCell(fmt.Sprintf("area%03d", a), fmt.Sprintf("%d-%d", 4*band, 4*band+3), g, p, rng.IntN(p/10+1)))
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Representativeness(cells, DefaultPrior); err != nil {
			b.Fatal(err)
		}
	}
}
