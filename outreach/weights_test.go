package outreach

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// wtResp returns k respondents in segment s, with ids prefix1, prefix2, ….
func wtResp(prefix string, s Segment, k int) []Respondent {
	out := make([]Respondent, k)
	for i := range out {
		out[i] = Respondent{ID: fmt.Sprintf("%s%d", prefix, i+1), Segment: s}
	}
	return out
}

func wtSeg(area, age string) Segment { return Segment{Area: area, AgeBand: age} }

func wtNoFloor() WeightOptions {
	o := DefaultWeightOptions()
	o.MinNEff = 0
	return o
}

func wtNear(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// Two areas × two age bands, every cell populated and answered.
//
//	cell      P    P/ΣP   n   n/Σn   w = (P/ΣP)/(n/Σn)
//	A/young  300   0.3    2   0.2    1.5
//	A/old    100   0.1    2   0.2    0.5
//	B/young  200   0.2    4   0.4    0.5
//	B/old    400   0.4    2   0.2    2.0
//	         ΣP = 1000    Σn = 10
//
// Σw = 2·1.5 + 2·0.5 + 4·0.5 + 2·2 = 10 (mean 1);
// Σw² = 2·2.25 + 2·0.25 + 4·0.25 + 2·4 = 14;
// n_eff = 10²/14 = 7.142857…, design effect = 10/n_eff = 1.4.
// All weights are within [0.2, 5] × 1, so nothing is trimmed.
// Answers: both A/young and one B/old say yes:
// share = (1.5 + 1.5 + 2)/10 = 0.5, half-width 1.96·sqrt(0.25/(100/14))
// = 1.96·sqrt(0.035) = 0.366682…; raw share = 3/10.
func TestPostStratificationByHand(t *testing.T) {
	pop := []PopulationCell{
		{wtSeg("A", "young"), 300}, {wtSeg("A", "old"), 100},
		{wtSeg("B", "young"), 200}, {wtSeg("B", "old"), 400},
	}
	var resp []Respondent
	resp = append(resp, wtResp("ay", wtSeg("A", "young"), 2)...)
	resp = append(resp, wtResp("ao", wtSeg("A", "old"), 2)...)
	resp = append(resp, wtResp("by", wtSeg("B", "young"), 4)...)
	resp = append(resp, wtResp("bo", wtSeg("B", "old"), 2)...)
	res, err := Weight(pop, resp, wtNoFloor())
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.5, 1.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 2, 2}
	for i := range want {
		if !wtNear(res.Weights[i], want[i], 1e-15) {
			t.Errorf("weight %d (%s) = %v, want %v", i, resp[i].ID, res.Weights[i], want[i])
		}
	}
	if res.Method != MethodPostStratification || res.Iterations != 0 || res.TrimRounds != 0 || res.N != 10 {
		t.Errorf("got %+v", res)
	}
	if !wtNear(res.NEff, 100.0/14, 1e-12) || !wtNear(res.DesignEffect, 1.4, 1e-12) {
		t.Errorf("n_eff %v, deff %v", res.NEff, res.DesignEffect)
	}
	answers := []bool{true, true, false, false, false, false, false, false, true, false}
	share, lo, hi := WeightedShare(answers, res.Weights)
	half := 1.96 * math.Sqrt(0.035)
	if !wtNear(share, 0.5, 1e-15) || !wtNear(lo, 0.5-half, 1e-12) || !wtNear(hi, 0.5+half, 1e-12) {
		t.Errorf("weighted share %v [%v, %v]", share, lo, hi)
	}
	raw, rlo, rhi := RawShare(answers)
	rhalf := 1.96 * math.Sqrt(0.3*0.7/10)
	if !wtNear(raw, 0.3, 1e-15) || !wtNear(rlo, 0.3-rhalf, 1e-12) || !wtNear(rhi, 0.3+rhalf, 1e-12) {
		t.Errorf("raw share %v [%v, %v]", raw, rlo, rhi)
	}
}

// The same population with nobody from A/old: the cells cannot all be
// post-stratified, so the weights are raked. The margins fix the solution:
//
//	area A:  2·w(A/young) = 400                → w(A/young) = 200
//	young:   2·w(A/young) + 4·w(B/young) = 500 → w(B/young) = 25
//	old:     2·w(B/old) = 500                  → w(B/old)   = 250
//	area B:  4·25 + 2·250 = 600 ✓
//
// Scaled to mean 1 (Σw = 1000 over 8 respondents): 1.6, 0.2, 2.
func TestRakingByHand(t *testing.T) {
	pop := []PopulationCell{
		{wtSeg("A", "young"), 300}, {wtSeg("A", "old"), 100},
		{wtSeg("B", "young"), 200}, {wtSeg("B", "old"), 400},
	}
	var resp []Respondent
	resp = append(resp, wtResp("ay", wtSeg("A", "young"), 2)...)
	resp = append(resp, wtResp("by", wtSeg("B", "young"), 4)...)
	resp = append(resp, wtResp("bo", wtSeg("B", "old"), 2)...)
	opt := wtNoFloor()
	opt.Trim = false
	res, err := Weight(pop, resp, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != MethodRaking || res.Iterations < 2 {
		t.Errorf("method %q after %d iterations", res.Method, res.Iterations)
	}
	want := []float64{1.6, 1.6, 0.2, 0.2, 0.2, 0.2, 2, 2}
	for i := range want {
		if math.Abs(res.Weights[i]-want[i]) > 1e-5*want[i] {
			t.Errorf("weight %d (%s) = %v, want %v", i, resp[i].ID, res.Weights[i], want[i])
		}
	}
}

// wtGenData makes a random population of areas × 6 age bands × 2 genders and
// respondents with uneven response rates; a share of the cells is left
// without respondents.
func wtGenData(r *rand.Rand, areas int, emptyShare float64, perCell float64) ([]PopulationCell, []Respondent) {
	ages := []string{"16-19", "20-29", "30-44", "45-66", "67-79", "80+"}
	var pop []PopulationCell
	var resp []Respondent
	for a := range areas {
		areaRate := 0.5 + r.Float64()
		for bi, b := range ages {
			for _, g := range []string{"kvinne", "mann"} {
				s := Segment{Area: fmt.Sprintf("area%02d", a), AgeBand: b, Gender: g}
				pop = append(pop, PopulationCell{s, 100 + r.IntN(900)})
				if r.Float64() < emptyShare {
					continue
				}
				k := 1 + int(perCell*areaRate*float64(bi+1)/3*r.Float64())
				resp = append(resp, wtResp(s.String()+"#", s, k)...)
			}
		}
	}
	r.Shuffle(len(resp), func(i, j int) { resp[i], resp[j] = resp[j], resp[i] })
	return pop, resp
}

// wtMarginGap returns the largest relative gap between the weighted respondent
// share and the population share of any category.
func wtMarginGap(pop []PopulationCell, resp []Respondent, w []float64) float64 {
	var total, sw float64
	popM := map[Variable]map[string]float64{}
	respM := map[Variable]map[string]float64{}
	for _, v := range Variables {
		popM[v], respM[v] = map[string]float64{}, map[string]float64{}
	}
	for _, c := range pop {
		total += float64(c.Count)
		for _, v := range Variables {
			popM[v][c.Of(v)] += float64(c.Count)
		}
	}
	for i, r := range resp {
		sw += w[i]
		for _, v := range Variables {
			respM[v][r.Of(v)] += w[i]
		}
	}
	worst := 0.0
	for _, v := range Variables {
		for c, p := range popM[v] {
			if p == 0 {
				continue
			}
			got, want := respM[v][c]/sw, p/total
			worst = math.Max(worst, math.Abs(got-want)/want)
		}
	}
	return worst
}

func TestRakingProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	trimmed, checked, infeasible := 0, 0, 0
	for trial := range 40 {
		pop, resp := wtGenData(r, 3+r.IntN(10), 0.15, 30)
		for _, trim := range []bool{false, true} {
			opt := DefaultWeightOptions()
			opt.Trim = trim
			res, err := Weight(pop, resp, opt)
			if trim && errors.Is(err, ErrNotConverged) {
				infeasible++
				continue
			}
			if err != nil {
				t.Fatalf("trial %d trim %v: %v", trial, trim, err)
			}
			name := fmt.Sprintf("trial %d trim %v", trial, trim)
			checked++
			if res.Method != MethodRaking {
				t.Errorf("%s: method %q though some cells have no respondents", name, res.Method)
			}
			// Every margin within Tol (plus rounding from the final scaling).
			if gap := wtMarginGap(pop, resp, res.Weights); gap > opt.Tol*(1+1e-9) {
				t.Errorf("%s: a margin is off by %g relative", name, gap)
			}
			wtCheckCommon(t, name, res, len(resp))
			if trim {
				if res.TrimRounds > 0 {
					trimmed++
				}
				// Guarantee after the final re-rake: within the bounds up to Tol.
				lo, hi := opt.TrimLow*(1-opt.Tol)*(1-1e-12), opt.TrimHigh*(1+opt.Tol)*(1+1e-12)
				for i, w := range res.Weights {
					if w < lo || w > hi {
						t.Errorf("%s: weight %d = %v outside [%v, %v]", name, i, w, lo, hi)
						break
					}
				}
			}
		}
	}
	t.Logf("%d weightings checked, %d of them trimmed; %d could not be trimmed", checked, trimmed, infeasible)
	if trimmed < 5 || infeasible > 10 {
		t.Error("too few trials exercise trimming")
	}
}

// wtCheckCommon checks what holds for every weighting: mean 1, n_eff ≤ n,
// consistent n_eff and design effect.
func wtCheckCommon(t *testing.T, name string, res *Weighting, n int) {
	t.Helper()
	if res.N != n || len(res.Weights) != n {
		t.Fatalf("%s: N %d, %d weights, want %d", name, res.N, len(res.Weights), n)
	}
	var sw float64
	for _, w := range res.Weights {
		if !(w > 0) || math.IsInf(w, 0) {
			t.Fatalf("%s: weight %v", name, w)
		}
		sw += w
	}
	if mean := sw / float64(n); math.Abs(mean-1) > 1e-12 {
		t.Errorf("%s: mean weight %v", name, mean)
	}
	if res.NEff > float64(n)*(1+1e-12) || res.NEff <= 0 {
		t.Errorf("%s: n_eff %v with n %d", name, res.NEff, n)
	}
	if math.Abs(res.NEff-EffectiveSampleSize(res.Weights)) > 1e-9*res.NEff {
		t.Errorf("%s: n_eff %v, recomputed %v", name, res.NEff, EffectiveSampleSize(res.Weights))
	}
	if math.Abs(res.DesignEffect*res.NEff-float64(n)) > 1e-9*float64(n) {
		t.Errorf("%s: design effect %v", name, res.DesignEffect)
	}
}

func TestPostStratificationProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	trimmed := 0
	for trial := range 30 {
		pop, resp := wtGenData(r, 2+r.IntN(6), 0, 15)
		if trial%3 == 0 {
			// One cell answered by a single respondent only: a large weight.
			s := pop[r.IntN(len(pop))].Segment
			resp = slices.DeleteFunc(resp, func(x Respondent) bool { return x.Segment == s })
			resp = append(resp, Respondent{ID: "lone", Segment: s})
		}
		opt := DefaultWeightOptions()
		res, err := Weight(pop, resp, opt)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		name := fmt.Sprintf("trial %d", trial)
		if res.Method != MethodPostStratification || res.Iterations != 0 {
			t.Errorf("%s: method %q, %d iterations", name, res.Method, res.Iterations)
		}
		wtCheckCommon(t, name, res, len(resp))
		// Trimmed post-stratification: within the bounds, up to rounding.
		for i, w := range res.Weights {
			if w < opt.TrimLow*(1-1e-12) || w > opt.TrimHigh*(1+1e-12) {
				t.Errorf("%s: weight %d = %v", name, i, w)
			}
		}
		if res.TrimRounds > 0 {
			trimmed++
			continue
		}
		// Untrimmed: every respondent's weight is exactly their cell's
		// (P_s/ΣP)/(n_s/Σn).
		var total float64
		cellPop := map[Segment]float64{}
		for _, c := range pop {
			total += float64(c.Count)
			cellPop[c.Segment] = float64(c.Count)
		}
		cellN := map[Segment]float64{}
		for _, x := range resp {
			cellN[x.Segment]++
		}
		for i, x := range resp {
			want := (cellPop[x.Segment] / total) / (cellN[x.Segment] / float64(len(resp)))
			if math.Abs(res.Weights[i]-want) > 1e-12*want {
				t.Errorf("%s: weight of %s = %v, want %v", name, x.ID, res.Weights[i], want)
				break
			}
		}
	}
	if trimmed == 0 {
		t.Error("no trial needed trimming")
	}
}

func TestTrimmedPostStratificationByHand(t *testing.T) {
	// Cell weights before trimming (mean 1): A/young has 1 respondent for
	// 40% of the population: w = 0.4/(1/40) = 16 > 5.
	pop := []PopulationCell{
		{wtSeg("A", "young"), 400}, {wtSeg("A", "old"), 200},
		{wtSeg("B", "young"), 200}, {wtSeg("B", "old"), 200},
	}
	var resp []Respondent
	resp = append(resp, wtResp("ay", wtSeg("A", "young"), 1)...)
	resp = append(resp, wtResp("ao", wtSeg("A", "old"), 13)...)
	resp = append(resp, wtResp("by", wtSeg("B", "young"), 13)...)
	resp = append(resp, wtResp("bo", wtSeg("B", "old"), 13)...)
	// Before: 16 for A/young, (0.2)/(13/40) = 8/13 for the others.
	// trimWeights: 16 → 5, the 11 cut off spread over the 39 others:
	// 8/13 + 11/39 = 35/39 each. Total 5 + 39·35/39 = 40: mean still 1.
	res, err := Weight(pop, resp, wtNoFloor())
	if err != nil {
		t.Fatal(err)
	}
	if res.TrimRounds != 1 || res.Method != MethodPostStratification {
		t.Fatalf("got %+v", res)
	}
	if !wtNear(res.Weights[0], 5, 1e-12) {
		t.Errorf("trimmed weight %v, want 5", res.Weights[0])
	}
	for i := 1; i < len(resp); i++ {
		if !wtNear(res.Weights[i], 35.0/39, 1e-12) {
			t.Errorf("weight %d = %v, want 35/39", i, res.Weights[i])
		}
	}
}

func TestEmptyCellTriggersRaking(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pop, resp := wtGenData(r, 4, 0, 20)
	res, err := Weight(pop, resp, DefaultWeightOptions())
	if err != nil || res.Method != MethodPostStratification {
		t.Fatalf("all cells answered: %v %v", res, err)
	}
	s := pop[7].Segment
	resp = slices.DeleteFunc(resp, func(x Respondent) bool { return x.Segment == s })
	res, err = Weight(pop, resp, DefaultWeightOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != MethodRaking || res.Iterations == 0 {
		t.Errorf("cell %s without respondents: method %q, %d iterations", s, res.Method, res.Iterations)
	}
}

// A respondent in a cell the statistics list with no residents (but whose
// area, age band and gender have residents) cannot be post-stratified; the
// weights are raked.
func TestRespondentInEmptyPopulationCellTriggersRaking(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pop, resp := wtGenData(r, 4, 0, 20)
	pop[3].Count = 0
	res, err := Weight(pop, resp, DefaultWeightOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != MethodRaking {
		t.Errorf("method %q", res.Method)
	}
	if gap := wtMarginGap(pop, resp, res.Weights); gap > 1e-6*(1+1e-9) {
		t.Errorf("margin gap %g", gap)
	}
}

func TestPopulationWithoutGenderIgnoresRespondentGender(t *testing.T) {
	pop := []PopulationCell{{wtSeg("A", "young"), 100}, {wtSeg("A", "old"), 300}}
	resp := append(wtResp("y", wtSeg("A", "young"), 20), wtResp("o", wtSeg("A", "old"), 20)...)
	res1, err := Weight(pop, resp, wtNoFloor())
	if err != nil {
		t.Fatal(err)
	}
	for i := range resp {
		resp[i].Gender = []string{"kvinne", "mann", ""}[i%3]
	}
	res2, err := Weight(pop, resp, wtNoFloor())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res1.Weights, res2.Weights) {
		t.Errorf("weights changed with respondent gender: %v vs %v", res1.Weights, res2.Weights)
	}
	if !wtNear(res1.Weights[0], 0.5, 1e-15) || !wtNear(res1.Weights[39], 1.5, 1e-15) {
		t.Errorf("weights %v", res1.Weights)
	}
}

func TestRefusals(t *testing.T) {
	g := func(area, age, gender string) Segment { return Segment{area, age, gender} }
	pop := []PopulationCell{
		{g("Sentrum", "30-44", "kvinne"), 500}, {g("Sentrum", "30-44", "mann"), 500},
		{g("Sentrum", "80+", "kvinne"), 200}, {g("Sentrum", "80+", "mann"), 100},
		{g("Nord", "30-44", "kvinne"), 400}, {g("Nord", "30-44", "mann"), 400},
		{g("Nord", "80+", "kvinne"), 100}, {g("Nord", "80+", "mann"), 0},
	}
	young := append(wtResp("s", g("Sentrum", "30-44", "kvinne"), 30), wtResp("n", g("Nord", "30-44", "mann"), 30)...)
	young = append(young, wtResp("m", g("Sentrum", "30-44", "mann"), 30)...)
	young = append(young, wtResp("k", g("Nord", "30-44", "kvinne"), 30)...)
	all := append(slices.Clone(young), wtResp("o", g("Nord", "80+", "kvinne"), 10)...)
	all = append(all, wtResp("p", g("Sentrum", "80+", "mann"), 10)...)
	if _, err := Weight(pop, all, DefaultWeightOptions()); err != nil {
		t.Fatalf("valid data refused: %v", err)
	}
	zeroPop := slices.Clone(pop)
	for i := range zeroPop {
		zeroPop[i].Count = 0
	}
	badOpt := DefaultWeightOptions()
	badOpt.TrimHigh = 0.5
	cases := []struct {
		name string
		pop  []PopulationCell
		resp []Respondent
		opt  WeightOptions
		kind ErrorKind
		msg  string
	}{
		{"no population cells", nil, all, DefaultWeightOptions(), ErrEmpty, "there are no population cells"},
		{"no respondents", pop, nil, DefaultWeightOptions(), ErrEmpty, "there are no respondents to weight"},
		{"zero population", zeroPop, all, DefaultWeightOptions(), ErrNoPopulation, "the population is zero in every cell"},
		{"margin category without respondents", pop, young, DefaultWeightOptions(), ErrNoRespondents, "age band 80+ has no respondents"},
		{"unknown area", pop, append(slices.Clone(all), Respondent{"r9", g("Vest", "80+", "mann")}), DefaultWeightOptions(),
			ErrInvalid, `area Vest: respondent "r9" belongs to a category the population does not have`},
		{"unknown age band", pop, append(slices.Clone(all), Respondent{"r8", g("Nord", "16-19", "mann")}), DefaultWeightOptions(),
			ErrInvalid, `age band 16-19: respondent "r8" belongs to a category the population does not have`},
		{"missing gender", pop, append(slices.Clone(all), Respondent{"r7", g("Nord", "80+", "")}), DefaultWeightOptions(),
			ErrInvalid, `respondent "r7" has no gender, but the population is split by gender`},
		{"category without residents", append(slices.Clone(pop), PopulationCell{g("Nord", "90+", "mann"), 0}),
			append(slices.Clone(all), Respondent{"r6", g("Nord", "90+", "mann")}), DefaultWeightOptions(),
			ErrNoPopulation, `age band 90+ has no population: respondent "r6" belongs to it`},
		{"duplicate cell", append(slices.Clone(pop), pop[0]), all, DefaultWeightOptions(),
			ErrInvalid, "population cell Sentrum/30-44/kvinne appears more than once"},
		{"negative count", append(slices.Clone(pop), PopulationCell{g("Vest", "80+", "mann"), -1}), all, DefaultWeightOptions(),
			ErrInvalid, "population cell Vest/80+/mann has a negative count -1"},
		{"mixed gender", append(slices.Clone(pop), PopulationCell{g("Vest", "80+", ""), 10}), all, DefaultWeightOptions(),
			ErrInvalid, "the population gives a gender for some cells but not for others"},
		{"no area", append(slices.Clone(pop), PopulationCell{g("", "80+", "mann"), 10}), all, DefaultWeightOptions(),
			ErrInvalid, "population cell /80+/mann has no area"},
		{"zero options", pop, all, WeightOptions{}, ErrInvalid, "weight options: MaxIter is 0, must be at least 1"},
		{"bad trim", pop, all, badOpt, ErrInvalid, "weight options: TrimHigh is 0.5, must be a finite number above 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Weight(c.pop, c.resp, c.opt)
			if err == nil {
				t.Fatalf("accepted: %+v", res)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %q is not %v", err, c.kind)
			}
			var de *DataError
			if !errors.As(err, &de) {
				t.Errorf("error %T is not a *DataError", err)
			}
			if c.msg != "" && err.Error() != c.msg {
				t.Errorf("message %q, want %q", err, c.msg)
			}
		})
	}
	// The refusal names the category so callers can match on it.
	_, err := Weight(pop, young, DefaultWeightOptions())
	if !errors.Is(err, &DataError{Kind: ErrNoRespondents, Variable: AgeBand, Category: "80+"}) {
		t.Errorf("error %v does not match age band 80+", err)
	}
}

func TestLowNEffRefusal(t *testing.T) {
	pop := []PopulationCell{{wtSeg("A", "young"), 100}, {wtSeg("A", "old"), 300}}
	resp := append(wtResp("y", wtSeg("A", "young"), 10), wtResp("o", wtSeg("A", "old"), 10)...)
	// Weights 0.5 and 1.5: n_eff = 20²/(10·0.25 + 10·2.25) = 400/25 = 16.
	_, err := Weight(pop, resp, DefaultWeightOptions())
	if !errors.Is(err, ErrLowNEff) {
		t.Fatalf("error %v, want ErrLowNEff", err)
	}
	const want = "effective sample size 16.0 is below the floor of 30 (20 respondents, design effect 1.25)"
	if err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	opt := DefaultWeightOptions()
	opt.MinNEff = 16
	res, err := Weight(pop, resp, opt)
	if err != nil || !wtNear(res.NEff, 16, 1e-12) {
		t.Errorf("floor 16: %v, %v", res, err)
	}
}

// When a margin can only be met by weights far above the bound, trimming and
// re-raking cannot both hold: Weight refuses rather than return weights that
// break one of them.
func TestInfeasibleTrimmingRefused(t *testing.T) {
	pop := []PopulationCell{
		{wtSeg("A", "young"), 250}, {wtSeg("A", "old"), 250},
		{wtSeg("B", "young"), 250}, {wtSeg("B", "old"), 250},
		{wtSeg("C", "young"), 250}, {wtSeg("C", "old"), 250},
	}
	// Young is half the population but 2 of 149 respondents, and nobody
	// answered in C/young. Raked (untrimmed) weights:
	//   area C:  49·w(C/old) = 500            → w(C/old) = 500/49
	//   old:     49·(w(A/old)+w(B/old)+w(C/old)) = 750, A and B alike
	//                                         → w(A/old) = w(B/old) = 125/49
	//   area A:  w(A/young) + 125 = 500        → w(A/young) = w(B/young) = 375
	// Σw = 1500 over 149 respondents, so the young weigh 375·149/1500 = 37.25
	// × the mean, far above 5.
	var resp []Respondent
	resp = append(resp, wtResp("ay", wtSeg("A", "young"), 1)...)
	resp = append(resp, wtResp("by", wtSeg("B", "young"), 1)...)
	resp = append(resp, wtResp("ao", wtSeg("A", "old"), 49)...)
	resp = append(resp, wtResp("bo", wtSeg("B", "old"), 49)...)
	resp = append(resp, wtResp("co", wtSeg("C", "old"), 49)...)
	_, err := Weight(pop, resp, DefaultWeightOptions())
	if !errors.Is(err, ErrNotConverged) || !strings.Contains(err.Error(), "cannot meet the margins") {
		t.Fatalf("error %v, want ErrNotConverged about the margins", err)
	}
	opt := wtNoFloor()
	opt.Trim = false
	res, err := Weight(pop, resp, opt)
	if err != nil {
		t.Fatalf("untrimmed: %v", err)
	}
	if !wtNear(res.Weights[0], 37.25, 1e-4) || !wtNear(res.Weights[2], 125.0/49*149/1500, 1e-6) {
		t.Errorf("untrimmed weights %v, %v, want 37.25, %v", res.Weights[0], res.Weights[2], 125.0/49*149/1500)
	}
}

// Post-stratified weights 10/99 ≈ 0.101 (99 respondents) and 50 (one
// respondent); the mean is 60/100 = 0.6, the bounds [0.12, 3]: every weight
// is outside, so trimming has nowhere to put the excess (R's trimWeights
// would divide by zero).
func TestTrimWithEveryWeightOutside(t *testing.T) {
	pop := []PopulationCell{{wtSeg("A", "young"), 10}, {wtSeg("A", "old"), 50}}
	resp := append(wtResp("y", wtSeg("A", "young"), 99), wtResp("o", wtSeg("A", "old"), 1)...)
	_, err := Weight(pop, resp, wtNoFloor())
	const want = "every weight lies outside 0.2–5 × the mean weight, so trimming has no weights to move the excess to"
	if !errors.Is(err, ErrNotConverged) || err.Error() != want {
		t.Errorf("error %v", err)
	}
}

func TestRakingNotConverged(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	pop, resp := wtGenData(r, 6, 0.2, 20)
	opt := DefaultWeightOptions()
	opt.MaxIter = 1
	_, err := Weight(pop, resp, opt)
	if !errors.Is(err, ErrNotConverged) || !strings.Contains(err.Error(), "after 1 iterations") {
		t.Errorf("error %v", err)
	}
}

func TestWeightDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	pop, resp := wtGenData(r, 8, 0.2, 25)
	a, err := Weight(pop, resp, DefaultWeightOptions())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Weight(slices.Clone(pop), slices.Clone(resp), DefaultWeightOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Weights, b.Weights) || a.NEff != b.NEff || a.Iterations != b.Iterations {
		t.Error("same input, different weights")
	}
	// Reordering the input changes only rounding.
	byID := map[string]float64{}
	for i, x := range resp {
		byID[x.ID] = a.Weights[i]
	}
	slices.Reverse(pop)
	r.Shuffle(len(resp), func(i, j int) { resp[i], resp[j] = resp[j], resp[i] })
	c, err := Weight(pop, resp, DefaultWeightOptions())
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range resp {
		if want := byID[x.ID]; math.Abs(c.Weights[i]-want) > 1e-9*want {
			t.Fatalf("%s: %v after reordering, %v before", x.ID, c.Weights[i], want)
		}
	}
}

func TestShares(t *testing.T) {
	// Clamping: all yes gives [1, 1]; a tiny share clamps at 0.
	if p, lo, hi := RawShare([]bool{true, true, true}); p != 1 || lo != 1 || hi != 1 {
		t.Errorf("all yes: %v [%v, %v]", p, lo, hi)
	}
	vals := make([]bool, 50)
	vals[0] = true
	if p, lo, hi := RawShare(vals); p != 0.02 || lo != 0 || !wtNear(hi, 0.02+1.96*math.Sqrt(0.02*0.98/50), 1e-15) {
		t.Errorf("1 in 50: %v [%v, %v]", p, lo, hi)
	}
	// Weighted: weights 3 and 1: share 0.75, n_eff = 16/10 = 1.6.
	p, lo, hi := WeightedShare([]bool{true, false}, []float64{3, 1})
	half := 1.96 * math.Sqrt(0.75*0.25/1.6)
	if p != 0.75 || !wtNear(lo, 0.75-half, 1e-15) || hi != 1 {
		t.Errorf("weighted: %v [%v, %v]", p, lo, hi)
	}
	if !wtNear(EffectiveSampleSize([]float64{3, 1}), 1.6, 1e-15) || EffectiveSampleSize(nil) != 0 {
		t.Error("EffectiveSampleSize")
	}
	for _, f := range []func() (float64, float64, float64){
		func() (float64, float64, float64) { return RawShare(nil) },
		func() (float64, float64, float64) { return WeightedShare(nil, nil) },
		func() (float64, float64, float64) { return WeightedShare([]bool{true}, []float64{0}) },
	} {
		if p, lo, hi := f(); !math.IsNaN(p) || !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("undefined share: %v [%v, %v]", p, lo, hi)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic on length mismatch")
		}
	}()
	WeightedShare([]bool{true}, nil)
}

// BenchmarkRake1M rakes 1,000,000 respondents in 40 areas × 6 age bands ×
// 2 genders, 5% of the cells without respondents.
func BenchmarkRake1M(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	ages := []string{"16-19", "20-29", "30-44", "45-66", "67-79", "80+"}
	var pop []PopulationCell
	var cells []Segment
	for a := range 40 {
		for bi, age := range ages {
			for _, g := range []string{"kvinne", "mann"} {
				s := Segment{Area: fmt.Sprintf("area%02d", a), AgeBand: age, Gender: g}
				pop = append(pop, PopulationCell{s, 500 + r.IntN(3000)})
				if r.Float64() >= 0.05 {
					for range 1 + bi {
						cells = append(cells, s) // older bands answer more
					}
				}
			}
		}
	}
	resp := make([]Respondent, 1_000_000)
	for i := range resp {
		resp[i] = Respondent{ID: fmt.Sprint(i), Segment: cells[r.IntN(len(cells))]}
	}
	opt := DefaultWeightOptions()
	b.ReportAllocs()
	b.ResetTimer()
	var res *Weighting
	for b.Loop() {
		var err error
		res, err = Weight(pop, resp, opt)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if res.Method != MethodRaking {
		b.Fatalf("method %q", res.Method)
	}
	b.ReportMetric(float64(res.Iterations), "sweeps")
}
