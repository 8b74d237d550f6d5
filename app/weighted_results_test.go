package app_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// wrSegment is a segment of the demo's population figures with the id of
// its area, so that a tally can be recorded in it.
type wrSegment struct {
	areaID int64
	outreach.Segment
}

// wrPopulation reads the newest population figures as the outreach engine
// takes them, and lists their segments.
func wrPopulation(f *fixture) ([]outreach.PopulationCell, []wrSegment) {
	f.t.Helper()
	pop, err := f.store.NewestPopulation(context.Background(), f.demo.ID)
	if err != nil || pop == nil {
		f.t.Fatalf("population: %v %v", pop, err)
	}
	var cells []outreach.PopulationCell
	var segments []wrSegment
	for _, ps := range pop.Segments {
		s := outreach.Segment{Area: ps.AreaCode, AgeBand: ps.AgeBand}
		if ps.Gender != "all" {
			s.Gender = ps.Gender
		}
		cells = append(cells, outreach.PopulationCell{Segment: s, Count: ps.Count})
		segments = append(segments, wrSegment{areaID: ps.AreaID, Segment: s})
	}
	return cells, segments
}

// wrTally records a tally of ballots from one segment (nil: unknown).
func (e *ballotEnv) wrTally(seg *wrSegment, ballots int, counts map[int64]int) {
	e.f.t.Helper()
	in := store.TallyInput{Channel: store.ChannelPaper, Ballots: ballots, Counts: counts}
	if seg != nil {
		in.Segment = store.Segment{AreaID: sql.NullInt64{Int64: seg.areaID, Valid: true},
			AgeBand: sql.NullString{String: seg.AgeBand, Valid: true},
			Gender:  sql.NullString{String: seg.Gender, Valid: seg.Gender != ""}}
	}
	if err := e.f.store.RecordTally(context.Background(), e.f.demo.ID, e.f.user(officialEmail).ID, e.id, in); err != nil {
		e.f.t.Fatalf("record tally: %v", err)
	}
}

// wrOption returns the id of a question's option by its bokmål label.
func wrOption(t *testing.T, q store.Question, label string) int64 {
	t.Helper()
	for _, o := range q.Options {
		if o.Label["nb"] == label {
			return o.ID
		}
	}
	t.Fatalf("question %d has no option %q", q.ID, label)
	return 0
}

// wrFormat formats figures the way the page does for lang.
type wrFormat struct{ p *message.Printer }

func newWRFormat(lang string) wrFormat { return wrFormat{message.NewPrinter(language.Make(lang))} }

func (f wrFormat) percent(x float64) string {
	return f.p.Sprint(number.Percent(x, number.MaxFractionDigits(1)))
}

func (f wrFormat) decimal(x float64, digits int) string {
	return f.p.Sprint(number.Decimal(x, number.MinFractionDigits(digits), number.MaxFractionDigits(digits)))
}

var (
	wrBlock    = regexp.MustCompile(`(?s)<div class="weighted-result".*?</div>\s*(?:</section>|<div class="weighted-result")`)
	wrTable    = regexp.MustCompile(`(?s)<table class="weighted-table">.*?</table>`)
	wrRow      = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>`)
	wrFact     = regexp.MustCompile(`(?s)<dt>(.*?)</dt><dd>(.*?)(?: <span class="hint">.*?</span>)?</dd>`)
	wrTagOrNum = regexp.MustCompile(`>\s*([0-9]+)\s*<`)
	wrCell     = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	// wrSmallCount matches a count the small-cell rule must hide.
	wrSmallCount = regexp.MustCompile(`^[1-4]$`)
)

// wrRows reads a weighted table: per row label, the answers, the raw share,
// the weighted share and the interval.
func wrRows(table string) map[string][]string {
	rows := map[string][]string{}
	for _, m := range wrRow.FindAllStringSubmatch(table, -1) {
		var cells []string
		for _, c := range wrCell.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, html.UnescapeString(strings.TrimSpace(c[1])))
		}
		rows[html.UnescapeString(m[1])] = cells
	}
	return rows
}

// wrFacts reads the facts under a weighted table (n, n_eff, design effect,
// method) by their label.
func wrFacts(block string) map[string]string {
	facts := map[string]string{}
	for _, m := range wrFact.FindAllStringSubmatch(block, -1) {
		facts[html.UnescapeString(m[1])] = html.UnescapeString(strings.TrimSpace(m[2]))
	}
	return facts
}

// TestWeightedResults builds a consultation where old residents answered
// three times as often as young ones, and checks that the page shows the
// engine's weighted estimate beside the raw count: the young residents'
// favourite gains, by exactly what outreach.Weight and WeightedShare give;
// n, n_eff and the design effect are shown; a question nobody aged 80+
// answered is refused with the reason in plain words; no count from 1 to 4
// is shown; the CSV keeps its columns.
func TestWeightedResults(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, nil)
	pop, segments := wrPopulation(f)
	young := map[string]bool{"16-19": true, "20-29": true, "30-44": true}
	north, south, east := wrOption(t, e.single, "Nord"), wrOption(t, e.single, "Sør"), wrOption(t, e.single, "Øst")
	benches := wrOption(t, e.multiple, "Benker")

	// Every segment answers: the young choose Sør, two ballots a segment;
	// the older choose Nord, six a segment. Nobody aged 80+ answers the
	// multiple-choice question.
	var respondents []outreach.Respondent
	var choseSouth []bool
	youngBallots, allBallots := 0, 0
	for i := range segments {
		s := &segments[i]
		n, choice := 6, north
		if young[s.AgeBand] {
			n, choice = 2, south
			youngBallots += n
		}
		counts := map[int64]int{choice: n}
		if s.AgeBand != "80+" {
			counts[benches] = n
		}
		e.wrTally(s, n, counts)
		allBallots += n
		for range n {
			respondents = append(respondents, outreach.Respondent{ID: fmt.Sprint(len(respondents)), Segment: s.Segment})
			choseSouth = append(choseSouth, young[s.AgeBand])
		}
	}
	// Three ballots from people whose segment is not known, for Øst: they
	// count in the result, not in the estimate.
	e.wrTally(nil, 3, map[int64]int{east: 3})
	allBallots += 3

	w, err := outreach.Weight(pop, respondents, outreach.DefaultWeightOptions())
	if err != nil {
		t.Fatalf("weight: %v", err)
	}
	share, lo, hi := outreach.WeightedShare(choseSouth, w.Weights)
	raw := float64(youngBallots) / float64(allBallots)
	if share <= raw+0.05 {
		t.Fatalf("the test data should make Sør gain from weighting: weighted %.3f, raw %.3f", share, raw)
	}

	// Before the results are published, the public sees no estimate; staff do.
	public := f.client()
	public.get(e.path("/results")).mustNotContain(t, `class="weighted-result"`, "Anslag:")
	f.signedIn(officialEmail).get(e.path("/results")).mustContain(t, `class="weighted-result"`)
	e.publishResults()

	nb := newWRFormat("nb")
	r := public.get(e.path("/results"))
	wantStatus(t, r, http.StatusOK)
	r.mustContain(t, "Anslag: hvis alle grupper hadde svart i takt med hvor store de er",
		`href="/how-we-count#weighting"`, "Det er et anslag, ikke resultatet")
	tables := wrTable.FindAllString(r.body, -1)
	if len(tables) != 1 {
		t.Fatalf("%d weighted tables, want 1 (the multiple-choice question is refused, the others have no answers)", len(tables))
	}
	rows := wrRows(tables[0])
	wantSouth := []string{fmt.Sprint(youngBallots), nb.percent(raw), nb.percent(share), nb.percent(lo) + " til " + nb.percent(hi)}
	if fmt.Sprint(rows["Sør"]) != fmt.Sprint(wantSouth) {
		t.Errorf("Sør: %q, want %q (all rows %q)", rows["Sør"], wantSouth, rows)
	}
	// Øst's 3 answers are a small count: the estimate does not repeat it.
	if east := rows["Øst"]; len(east) != 4 || east[0] != "færre enn 5" || east[2] != nb.percent(0) {
		t.Errorf("Øst: %q, want fewer than 5 answers and a weighted share of 0", east)
	}
	if rows["Sør"] != nil && rows["Sør"][1] == rows["Sør"][2] {
		t.Errorf("the weighted share of Sør equals the raw share %s", rows["Sør"][1])
	}
	facts := wrFacts(r.body)
	method := "Poststratifisering"
	if w.Method == outreach.MethodRaking {
		method = "Raking"
	}
	for label, want := range map[string]string{
		"Svar som er vektet":    fmt.Sprint(w.N),
		"Effektivt antall svar": nb.decimal(w.NEff, 1),
		"Designeffekt":          nb.decimal(w.DesignEffect, 2),
	} {
		if facts[label] != want {
			t.Errorf("%s: %q, want %q (facts %q)", label, facts[label], want, facts)
		}
	}
	if !strings.HasPrefix(facts["Metode"], method) {
		t.Errorf("method %q, want %s", facts["Metode"], method)
	}
	r.mustContain(t, "Færre enn 5 av dem som svarte, kunne ikke vektes")
	r.mustNotContain(t, "3 av dem som svarte")

	// The multiple-choice question is refused, naming the age group, in
	// plain words and never with the engine's English message.
	r.mustContain(t, "Vi kan ikke vekte svarene på dette spørsmålet. Ingen i aldersgruppen 80+ har svart, og vekting krever svar fra alle aldersgrupper.")
	r.mustNotContain(t, "has no respondents", "age band")
	en := public.get(e.path("/results?lang=en"))
	en.mustContain(t, "Estimate: if every group had answered in proportion to its size",
		"We cannot weight the answers to this question. Nobody in the age group 80+ answered it, and weighting needs answers from every age group.",
		newWRFormat("en").percent(share), "Effective number of answers", "Design effect")
	en.mustNotContain(t, "has no respondents")

	// No count from 1 to 4 anywhere in the estimate, nor in the breakdowns.
	for _, lang := range []string{"nb", "en"} {
		page := public.get(e.path("/results?lang=" + lang))
		blocks := wrBlock.FindAllString(page.body, -1)
		if len(blocks) != 2 {
			t.Fatalf("%s: %d weighted sections, want 2 (single choice, and multiple choice refused)", lang, len(blocks))
		}
		for _, block := range blocks {
			for _, m := range wrTagOrNum.FindAllStringSubmatch(block, -1) {
				if wrSmallCount.MatchString(m[1]) {
					t.Errorf("%s: the estimate shows the count %s", lang, m[1])
				}
			}
		}
		for _, row := range breakdownCells(t, page.body, 2) {
			for _, cell := range row {
				if wrSmallCount.MatchString(cell) {
					t.Errorf("%s: a breakdown cell shows %q", lang, cell)
				}
			}
		}
	}

	// The export keeps its columns.
	csvResp := public.get(e.path("/results.csv"))
	wantStatus(t, csvResp, http.StatusOK)
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvResp.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != "question_id,question,kind,option_id,option,breakdown,group,count,suppressed" {
		t.Errorf("CSV header %q", got)
	}
}

// TestWeightedResultsRefused shows, in bokmål and English, the reasons for
// answers too few to weight, for an area nobody answered from (by its name,
// not its code), for groups that would need weights above the cap, and for a
// municipality without population figures. It imports small population
// figures of its own, newer than the demo's, so that each refusal follows
// from the test's own numbers.
func TestWeightedResultsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := newBallotEnv(f, nil)
	areas, err := f.store.Areas(ctx, f.demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, b := areas[0], areas[1]
	bands := []string{"20-29", "45-66", "67-79"}
	var cells []store.PopulationCell
	var pop []outreach.PopulationCell
	for _, area := range []store.Area{a, b} {
		for _, band := range bands {
			cells = append(cells, store.PopulationCell{AreaID: area.ID, AgeBand: band, Gender: "all", Count: 1000})
			pop = append(pop, outreach.PopulationCell{Segment: outreach.Segment{Area: area.Code, AgeBand: band}, Count: 1000})
		}
	}
	if err := f.store.ReplacePopulation(ctx, f.demo.ID, time.Now().UTC().Truncate(24*time.Hour), "test", cells); err != nil {
		t.Fatal(err)
	}
	// Per segment: ballots in the tally, and how many of them chose in the
	// single-choice question (3 everywhere: 18 answers are worth fewer than
	// 30), the multiple-choice question (area a only) and the budget (young
	// residents of a dominate, and nobody aged 67-79 from b chose a
	// project: raking would have to weigh the few old residents of a more
	// than 5 times the average).
	north, benches := wrOption(t, e.single, "Nord"), wrOption(t, e.multiple, "Benker")
	flowers := wrOption(t, e.budget, "Blomsterbed")
	budget := map[string]int{a.Code + "20-29": 100, a.Code + "45-66": 5, a.Code + "67-79": 5, b.Code + "20-29": 5, b.Code + "45-66": 5}
	var budgetRespondents []outreach.Respondent
	for _, area := range []store.Area{a, b} {
		for _, band := range bands {
			seg := outreach.Segment{Area: area.Code, AgeBand: band}
			counts := map[int64]int{north: 3}
			if area.ID == a.ID {
				counts[benches] = 3
			}
			ballots := max(5, budget[area.Code+band])
			if n := budget[area.Code+band]; n > 0 {
				counts[flowers] = ballots
				for range ballots {
					budgetRespondents = append(budgetRespondents, outreach.Respondent{Segment: seg})
				}
			}
			e.wrTally(&wrSegment{areaID: area.ID, Segment: seg}, ballots, counts)
		}
	}
	if _, err := outreach.Weight(pop, budgetRespondents, outreach.DefaultWeightOptions()); !errors.Is(err, outreach.ErrNotConverged) {
		t.Fatalf("the budget's answers should need weights above the cap: %v", err)
	}
	e.publishResults()
	public := f.client()
	r := public.get(e.path("/results?lang=nb"))
	refused := "Vi kan ikke vekte svarene på dette spørsmålet. "
	r.mustContain(t, refused+"For få svar, eller for skjevt fordelt: etter vekting er de verdt færre enn 30 vanlige svar",
		refused+"Ingen fra "+b.Name+" har svart, og vekting krever svar fra alle områder.",
		refused+"Noen grupper har svart så sjelden at hvert av svarene deres måtte ha telt mer enn 5 ganger et vanlig svar.")
	r.mustNotContain(t, "Ingen fra "+b.Code+" ", "effective sample size", "trimming")
	public.get(e.path("/results?lang=en")).mustContain(t,
		"Too few answers, or too unevenly spread: after weighting they are worth fewer than 30 ordinary answers",
		"Nobody from "+b.Name+" answered it, and weighting needs answers from every area.",
		"Some groups answered so rarely that each of their answers would have to count more than 5 times an average answer.")

	if _, err := f.store.DB().ExecContext(ctx, `DELETE FROM population_stats WHERE municipality_id = $1`, f.demo.ID); err != nil {
		t.Fatal(err)
	}
	r = public.get(e.path("/results?lang=nb"))
	wantStatus(t, r, http.StatusOK)
	r.mustContain(t, "Kommunen har ikke lagt inn befolkningstall, så det finnes ingenting å vekte mot.")
	r.mustNotContain(t, "kunne ikke vektes")
	public.get(e.path("/results?lang=en")).mustContain(t, "The municipality has not added population figures")
}
