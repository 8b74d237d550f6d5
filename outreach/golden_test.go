package outreach

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The fixtures under testdata/golden come from scripts/golden.R (R's survey
// package: postStratify, rake, trimWeights, svymean). Regenerate them with
// `Rscript scripts/golden.R` from the repository root.

const goldenTol = 1e-9

var goldenSets = []string{"poststratify", "poststratify_trim", "rake", "rake_nogender", "trimmed_rake"}

func goldenCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s: no rows", path)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func goldenFloat(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func goldenInt(t *testing.T, s string) int {
	t.Helper()
	x, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func goldenClose(got, want, tol float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), math.Abs(got))
}

func TestGoldenAgainstR(t *testing.T) {
	for _, name := range goldenSets {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden", name)
			var pop []PopulationCell
			for _, r := range goldenCSV(t, filepath.Join(dir, "population.csv")) {
				pop = append(pop, PopulationCell{
					Segment: Segment{Area: r["area"], AgeBand: r["age_band"], Gender: r["gender"]},
					Count:   goldenInt(t, r["count"]),
				})
			}
			var resp []Respondent
			var answers []bool
			for _, r := range goldenCSV(t, filepath.Join(dir, "respondents.csv")) {
				resp = append(resp, Respondent{
					ID:      r["id"],
					Segment: Segment{Area: r["area"], AgeBand: r["age_band"], Gender: r["gender"]},
				})
				answers = append(answers, r["answer"] == "1")
			}
			wantW := goldenCSV(t, filepath.Join(dir, "expected_weights.csv"))
			sum := goldenCSV(t, filepath.Join(dir, "expected_summary.csv"))[0]

			res, err := Weight(pop, resp, DefaultWeightOptions())
			if err != nil {
				t.Fatal(err)
			}
			if len(wantW) != len(resp) || len(res.Weights) != len(resp) {
				t.Fatalf("%d expected weights, %d respondents, %d weights", len(wantW), len(resp), len(res.Weights))
			}
			worst := 0.0
			for i, r := range wantW {
				if r["id"] != resp[i].ID {
					t.Fatalf("row %d: weight for %s, respondent %s", i, r["id"], resp[i].ID)
				}
				want := goldenFloat(t, r["weight"])
				if !goldenClose(res.Weights[i], want, goldenTol) {
					t.Errorf("weight of %s = %.17g, R %.17g", r["id"], res.Weights[i], want)
				}
				worst = math.Max(worst, math.Abs(res.Weights[i]-want)/want)
			}
			t.Logf("%s: largest relative difference from R %.3g over %d weights", res.Method, worst, len(resp))

			if res.Method != sum["method"] {
				t.Errorf("method %q, R %q", res.Method, sum["method"])
			}
			for _, c := range []struct {
				name string
				got  int
			}{{"n", res.N}, {"iterations", res.Iterations}, {"trim_rounds", res.TrimRounds}} {
				if want := goldenInt(t, sum[c.name]); c.got != want {
					t.Errorf("%s = %d, R %d", c.name, c.got, want)
				}
			}
			share, lo, hi := WeightedShare(answers, res.Weights)
			rawShare, rawLo, rawHi := RawShare(answers)
			for _, c := range []struct {
				name string
				got  float64
			}{
				{"n_eff", res.NEff},
				{"deff", res.DesignEffect},
				{"share", share},
				{"se", math.Sqrt(share * (1 - share) / EffectiveSampleSize(res.Weights))},
				{"lo", lo},
				{"hi", hi},
				{"raw_share", rawShare},
				{"raw_lo", rawLo},
				{"raw_hi", rawHi},
			} {
				if want := goldenFloat(t, sum[c.name]); !goldenClose(c.got, want, goldenTol) {
					t.Errorf("%s = %.17g, R %.17g", c.name, c.got, want)
				}
			}
			if !goldenClose(EffectiveSampleSize(res.Weights), res.NEff, 1e-12) {
				t.Errorf("EffectiveSampleSize %v, Weighting.NEff %v", EffectiveSampleSize(res.Weights), res.NEff)
			}
		})
	}
}
