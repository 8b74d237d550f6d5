package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// runCmd runs the binary's entry point and returns exit code, stdout, stderr.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const testPopulation = `area,age_band,gender,count
A,16-29,female,500
A,16-29,male,520
A,30-66,female,1500
A,30-66,male,1480
B,16-29,female,300
B,16-29,male,310
B,30-66,female,900
B,30-66,male,880
`

const testParticipants = `area,age_band,gender,count
A,16-29,female,10
A,16-29,male,8
A,30-66,female,60
A,30-66,male,50
B,16-29,female,2
B,16-29,male,1
B,30-66,female,30
B,30-66,male,25
`

func TestOutreachRepresentativenessJSON(t *testing.T) {
	dir := t.TempDir()
	pop := writeFile(t, dir, "pop.csv", testPopulation)
	part := writeFile(t, dir, "part.csv", testParticipants)
	code, out, errOut := runCmd(t, "", "outreach", "representativeness", "--population", pop, "--participants", part)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errOut)
	}
	var report map[string]any
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"population", "participants", "overall_rate", "dissimilarity", "r_indicator", "cv", "variables", "segments"} {
		if _, ok := report[key]; !ok {
			t.Errorf("missing key %s", key)
		}
	}
	if report["population"].(float64) != 6390 || report["participants"].(float64) != 186 {
		t.Errorf("totals: %v %v", report["population"], report["participants"])
	}
	if got := report["overall_rate"].(float64); math.Abs(got-186.0/6390) > 1e-15 {
		t.Errorf("overall rate %v", got)
	}
	vars := report["variables"].(map[string]any)
	for _, v := range []string{"area", "age_band", "gender"} {
		score, ok := vars[v].(map[string]any)
		if !ok {
			t.Fatalf("variables.%s missing", v)
		}
		for _, k := range []string{"partial_r", "score_minmax", "similarity"} {
			if _, ok := score[k]; !ok {
				t.Errorf("variables.%s.%s missing", v, k)
			}
		}
	}
	segments := report["segments"].([]any)
	if len(segments) != 8 {
		t.Fatalf("segments: %d", len(segments))
	}
	first := segments[0].(map[string]any)
	for _, k := range []string{"area", "age_band", "gender", "population", "participants", "rate", "ratio", "smoothed_rate", "missing_voices"} {
		if _, ok := first[k]; !ok {
			t.Errorf("segments[].%s missing", k)
		}
	}
	// A/16-29/female: rate 10/500, smoothed (10 + 200·r̄)/(500 + 200).
	rbar := 186.0 / 6390
	if first["area"] != "A" || first["rate"].(float64) != 0.02 || math.Abs(first["smoothed_rate"].(float64)-(10+200*rbar)/700) > 1e-15 {
		t.Errorf("first segment %v", first)
	}
	code, _, errOut = runCmd(t, "", "outreach", "representativeness", "--population", pop, "--participants", part, "--prior", "-1")
	if code == 0 || !strings.Contains(errOut, "prior") {
		t.Errorf("a negative prior is refused: %d %q", code, errOut)
	}
}

func TestOutreachErrorsNameFileLineColumn(t *testing.T) {
	dir := t.TempDir()
	pop := writeFile(t, dir, "pop.csv", "area,age_band,gender,count\nA,16-29,female,500\nA,16-29,male,many\n")
	part := writeFile(t, dir, "part.csv", testParticipants)
	code, _, errOut := runCmd(t, "", "outreach", "representativeness", "--population", pop, "--participants", part)
	want := pop + `:3: column count: "many" is not a whole number`
	if code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("code %d, stderr %q, want %q", code, errOut, want)
	}
	code, _, errOut = runCmd(t, "", "outreach", "representativeness", "--population", pop)
	if code != 2 || !strings.Contains(errOut, "missing --participants") {
		t.Fatalf("missing flag: %d %q", code, errOut)
	}
}

// TestOutreachWeightsMatchR runs the command on the committed R fixtures: its
// weights must equal R's survey package to 1e-9 relative.
func TestOutreachWeightsMatchR(t *testing.T) {
	sets, err := filepath.Glob("outreach/testdata/golden/*")
	if err != nil || len(sets) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, set := range sets {
		t.Run(filepath.Base(set), func(t *testing.T) {
			expected := readCSV(t, filepath.Join(set, "expected_weights.csv"))
			summary := readCSV(t, filepath.Join(set, "expected_summary.csv"))
			col := map[string]int{}
			for i, h := range summary[0] {
				col[h] = i
			}
			code, out, errOut := runCmd(t, "", "outreach", "weights",
				"--population", filepath.Join(set, "population.csv"),
				"--respondents", filepath.Join(set, "respondents.csv"),
				"--min-neff", "1")
			if code != 0 {
				t.Fatalf("code %d: %s", code, errOut)
			}
			got := readCSVString(t, out)
			if len(got) != len(expected) || got[0][0] != "id" || got[0][1] != "weight" {
				t.Fatalf("header/rows: %v / %d vs %d", got[0], len(got), len(expected))
			}
			for i := 1; i < len(got); i++ {
				w, _ := strconv.ParseFloat(got[i][1], 64)
				r, _ := strconv.ParseFloat(expected[i][1], 64)
				if got[i][0] != expected[i][0] || math.Abs(w-r) > 1e-9*math.Abs(r) {
					t.Fatalf("row %d: %v, R says %v", i, got[i], expected[i])
				}
			}
			method := summary[1][col["method"]]
			if !strings.Contains(errOut, "method="+method) || !strings.Contains(errOut, "n="+summary[1][col["n"]]+" ") {
				t.Errorf("summary line %q, R: method %s n %s", errOut, method, summary[1][col["n"]])
			}
		})
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readCSVString(t, string(b))
}

func readCSVString(t *testing.T, s string) [][]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func TestOutreachLottery(t *testing.T) {
	dir := t.TempDir()
	pop := writeFile(t, dir, "pop.csv", testPopulation)
	part := writeFile(t, dir, "part.csv", testParticipants)
	var reg strings.Builder
	reg.WriteString("person,name,area,age_band,gender,home\n")
	segments := strings.Split(strings.TrimSpace(testPopulation), "\n")[1:]
	for i := 0; i < 240; i++ {
		f := strings.Split(segments[i%len(segments)], ",")
		reg.WriteString("p" + strconv.Itoa(i) + ",Name " + strconv.Itoa(i) + "," + f[0] + "," + f[1] + "," + f[2] + ",h" + strconv.Itoa(i/3) + "\n")
	}
	regPath := writeFile(t, dir, "reg.csv", reg.String())
	args := []string{"outreach", "lottery", "--population", pop, "--participants", part, "--register", regPath,
		"--letters", "30", "--seed", "20261123", "--household-column", "home"}
	code, first, errOut := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errOut)
	}
	_, second, _ := runCmd(t, "", args...)
	if first != second {
		t.Fatal("the same inputs and seed must give byte-identical output")
	}
	other := append([]string{}, args...)
	other[len(other)-3] = "7"
	if _, third, _ := runCmd(t, "", other...); third == first {
		t.Fatal("another seed gives another draw")
	}
	rows := readCSVString(t, first)
	if strings.Join(rows[0], ",") != "person,name,area,age_band,gender,home,inclusion_probability" {
		t.Fatalf("header %v", rows[0])
	}
	homes := map[string]bool{}
	for _, r := range rows[1:] {
		if homes[r[5]] {
			t.Fatalf("two letters to household %s", r[5])
		}
		homes[r[5]] = true
		p, err := strconv.ParseFloat(r[6], 64)
		if err != nil || p <= 0 || p > 1 {
			t.Fatalf("inclusion probability %q", r[6])
		}
	}
	if len(rows)-1 > 30 || len(rows)-1 < 25 {
		t.Fatalf("about 30 letters expected, got %d", len(rows)-1)
	}
	code, _, errOut = runCmd(t, "", "outreach", "lottery", "--population", pop, "--participants", part, "--register", regPath, "--letters", "10", "--seed", "x")
	if code != 2 || !strings.Contains(errOut, "--seed") {
		t.Fatalf("a bad seed: %d %q", code, errOut)
	}
}

func TestPopulationImportCommand(t *testing.T) {
	db := testdb.Empty(t)
	var name string
	if err := db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	cfg := testdb.Config(t)
	t.Setenv("DATABASE_URL", "postgres://pgtdbuser:pgtdbpass@"+cfg.Host+":"+cfg.Port+"/"+name+"?sslmode=disable")
	if code, _, errOut := runCmd(t, "", "migrate"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCmd(t, "", "seed", "demo"); code != 0 {
		t.Fatal(errOut)
	}
	dir := t.TempDir()
	good := writeFile(t, dir, "pop.csv", "area,age_band,gender,count\n0301,16-19,Kvinner,100\n0301,16-19,Menn,90\n0302,80+,female,40\n")
	code, out, errOut := runCmd(t, "", "population", "import", "--municipality", "fjordvik", "--source", "SSB 07459", "--date", "2027-01-01", good)
	if code != 0 || !strings.Contains(out, "Imported 3 cells") || !strings.Contains(out, ": 230.") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	bad := writeFile(t, dir, "bad.csv", "area,age_band,gender,count\n0301,16-19,female,100\n9999,16-19,male,90\n")
	code, _, errOut = runCmd(t, "", "population", "import", "--source", "x", "--date", "2028-01-01", bad)
	if code != 1 || !strings.Contains(errOut, "nothing imported") || !strings.Contains(errOut, "9999 (line 3)") {
		t.Fatalf("unknown area: %d %q", code, errOut)
	}
	code, _, errOut = runCmd(t, "", "population", "import", "--source", "x", good)
	if code != 2 || !strings.Contains(errOut, "missing --date") {
		t.Fatalf("missing date: %d %q", code, errOut)
	}
	st, err := store.Open(context.Background(), os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, _ := st.MunicipalityBySlug(context.Background(), "fjordvik")
	if total, _ := st.PopulationTotal(context.Background(), m.ID); total != 230 {
		t.Fatalf("current population %d", total)
	}
}
