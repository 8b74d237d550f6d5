package outreach

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestRankSegments(t *testing.T) {
	// One age band; ΣP = 496, ΣN = 62, r̄ = 62/496 = 0.125 (exact in binary,
	// so the ties below are exact).
	//   Aa: P=200, N=12 → E = 25 − 12 = 13, ρ = 0.06/0.125 = 0.48
	//   Bb: P=104, N=0  → E = 13,           ρ = 0
	//   Cc: P=104, N=0  → E = 13,           ρ = 0
	//   Dd: P=88,  N=50 → E = max(0, 11 − 50) = 0
	r := mustReport(t, []Cell{
		repCell("Dd", "20-29", "", 88, 50),
		repCell("Cc", "20-29", "", 104, 0),
		repCell("Aa", "20-29", "", 200, 12),
		repCell("Bb", "20-29", "", 104, 0),
	}, 0)
	got := RankSegments(r)
	want := []struct {
		area string
		e    float64
		rho  float64
	}{
		{"Bb", 13, 0},    // E tie with Cc and Aa; ρ tie with Cc; Bb < Cc
		{"Cc", 13, 0},    //
		{"Aa", 13, 0.48}, // E tie, higher ρ, so after Bb and Cc despite its name
		{"Dd", 0, 50.0 / 88 / 0.125},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d priorities, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Area != w.area {
			t.Errorf("rank %d = %s, want %s", i+1, got[i].Area, w.area)
		}
		assertNear(t, "E "+w.area, got[i].MissingVoices, w.e)
		assertNear(t, "ρ "+w.area, got[i].Ratio, w.rho)
	}
	if got[2].Population != 200 || got[2].Participants != 12 {
		t.Errorf("counts of Aa = %d, %d", got[2].Population, got[2].Participants)
	}
	if RankSegments(nil) != nil {
		t.Errorf("RankSegments(nil) is not nil")
	}
}

func TestRankAreas(t *testing.T) {
	// ΣP = 200, ΣN = 25, r̄ = 0.125.
	//   X/16-19: P=40, N=0  → E = 5
	//   X/20-29: P=40, N=10 → E = max(0, 5 − 10) = 0
	//   Y/16-19: P=80, N=5  → E = 10 − 5 = 5
	//   Z/16-19: P=40, N=10 → E = 0
	// Areas: X E = 5 + 0 = 5 (summed over segments; the area as a whole
	// would have max(0, 10 − 10) = 0), ratio (10/80)/0.125 = 1;
	// Y E = 5, ratio (5/80)/0.125 = 0.5; Z E = 0, ratio 2.
	r := mustReport(t, []Cell{
		repCell("X", "16-19", "", 40, 0), repCell("X", "20-29", "", 40, 10),
		repCell("Y", "16-19", "", 80, 5), repCell("Z", "16-19", "", 40, 10),
	}, 0)
	got := RankAreas(r)
	want := []AreaPriority{
		{Area: "Y", MissingVoices: 5, Ratio: 0.5, Population: 80, Participants: 5},
		{Area: "X", MissingVoices: 5, Ratio: 1, Population: 80, Participants: 10},
		{Area: "Z", MissingVoices: 0, Ratio: 2, Population: 40, Participants: 10},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("rank %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
	// Equal E and equal ratio: by name.
	r = mustReport(t, []Cell{repCell("B", "16-19", "", 100, 0), repCell("A", "16-19", "", 100, 0), repCell("C", "16-19", "", 100, 30)}, 0)
	got = RankAreas(r)
	if got[0].Area != "A" || got[1].Area != "B" || got[2].Area != "C" {
		t.Errorf("tie order = %v, %v, %v", got[0].Area, got[1].Area, got[2].Area)
	}
	// An area without population has ratio 0.
	r = mustReport(t, []Cell{repCell("A", "16-19", "", 100, 10), repCell("B", "16-19", "", 0, 3)}, 0)
	for _, a := range RankAreas(r) {
		if a.Area == "B" && (a.Ratio != 0 || a.MissingVoices != 0) {
			t.Errorf("area without population: %+v", a)
		}
	}
	if RankAreas(nil) != nil {
		t.Errorf("RankAreas(nil) is not nil")
	}
}

func TestAreaBoost(t *testing.T) {
	// Nord P=600 N=30, Sør P=400 N=10: r̄ = 0.04, m = 200.
	// r̂_Nord = (30 + 8)/800 = 0.0475 → b = sqrt(0.04/0.0475) = sqrt(16/19).
	// r̂_Sør  = (10 + 8)/600 = 0.03   → b = sqrt(0.04/0.03)   = sqrt(4/3).
	// Two age bands in Nord are aggregated before smoothing.
	b, err := AreaBoost([]Cell{
		repCell("Nord", "20-29", "", 250, 10), repCell("Nord", "30-44", "", 350, 20),
		repCell("Sør", "20-29", "", 400, 10),
	}, DefaultPrior)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 2 {
		t.Fatalf("boosts = %v", b)
	}
	assertNear(t, "b Nord", b["Nord"], math.Sqrt(16.0/19))
	assertNear(t, "b Sør", b["Sør"], math.Sqrt(4.0/3))

	// Capped: Stille P=10000 N=0, Aktiv P=1000 N=100: r̄ = 1/110,
	// r̂_Stille = (200/110)/10200, r̄/r̂ = 10200/200 = 51 > 3 → b = √3.
	b, err = AreaBoost([]Cell{repCell("Stille", "20-29", "", 10000, 0), repCell("Aktiv", "20-29", "", 1000, 100)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b["Stille"] != MaxBoost || MaxBoost != math.Sqrt(3) {
		t.Errorf("capped boost = %v, want √3 = %v", b["Stille"], math.Sqrt(3))
	}
	// r̂_Aktiv = (100 + 200/110)/1200; b = sqrt((1/110)/r̂).
	assertNear(t, "b Aktiv", b["Aktiv"], math.Sqrt((1.0/110)/((100+200.0/110)/1200)))

	// Nobody took part yet: every area gets 1.
	b, err = AreaBoost([]Cell{repCell("A", "20-29", "", 10, 0), repCell("B", "20-29", "", 20, 0)}, 0)
	if err != nil || b["A"] != 1 || b["B"] != 1 {
		t.Errorf("no participants: %v, %v", b, err)
	}

	// An area without population gets at most 1.
	b, err = AreaBoost([]Cell{repCell("A", "20-29", "", 100, 10), repCell("Ny", "20-29", "", 0, 0)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// r̄ = 0.1; r̂_Ny = (0 + 20)/200 = 0.1 → b = 1.
	assertNear(t, "b Ny", b["Ny"], 1)

	for _, tt := range []struct {
		cells []Cell
		prior float64
		kind  ErrorKind
		msg   string
	}{
		{nil, 0, ErrEmpty, "there are no population cells"},
		{[]Cell{repCell("A", "20-29", "", 0, 1)}, 0, ErrNoPopulation, "the population is zero in every segment"},
		{[]Cell{repCell("A", "20-29", "", 10, 1)}, -5, ErrInvalid, "the prior must be a number of residents of at least 0, not -5"},
	} {
		_, err := AreaBoost(tt.cells, tt.prior)
		if !errors.Is(err, tt.kind) || err.Error() != tt.msg {
			t.Errorf("AreaBoost error = %v, want %q (%s)", err, tt.msg, tt.kind)
		}
	}
}

func TestPriorityProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 2000 {
		cells := randomCells(rng, trial%3 == 0)
		prior := float64(rng.IntN(500))
		boost, err := AreaBoost(cells, prior)
		if err != nil {
			if !errors.Is(err, ErrNoPopulation) {
				t.Fatalf("trial %d: %v", trial, err)
			}
			continue
		}
		for a, b := range boost {
			if !(b > 0 && b <= MaxBoost) {
				t.Fatalf("trial %d: boost of %s = %v outside (0, √3]", trial, a, b)
			}
		}
		r, err := Representativeness(cells, prior)
		if err != nil {
			continue
		}
		segs := RankSegments(r)
		var sumSeg float64
		for i, p := range segs {
			if p.MissingVoices < 0 {
				t.Fatalf("trial %d: E < 0: %+v", trial, p)
			}
			sumSeg += p.MissingVoices
			if i > 0 {
				q := segs[i-1]
				if q.MissingVoices < p.MissingVoices ||
					(q.MissingVoices == p.MissingVoices && q.Ratio > p.Ratio) ||
					(q.MissingVoices == p.MissingVoices && q.Ratio == p.Ratio && CompareSegments(q.Segment, p.Segment) >= 0) {
					t.Fatalf("trial %d: %+v ranked before %+v", trial, q, p)
				}
			}
		}
		var sumArea float64
		for _, a := range RankAreas(r) {
			sumArea += a.MissingVoices
		}
		if !repNear(sumArea, sumSeg, 1e-9) {
			t.Fatalf("trial %d: areas sum to %v, segments to %v", trial, sumArea, sumSeg)
		}
	}
}
