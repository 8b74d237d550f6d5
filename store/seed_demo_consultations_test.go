package store_test

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// TestSeedDemoConsultations seeds Fjordvik's consultations (without the
// proposals, which they do not need) and checks what a visitor of the demo
// meets: one consultation open for input, one open for voting with a
// participatory budget, and one with published results that differ by area.
func TestSeedDemoConsultations(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, err := st.SeedDemo(ctx, "hash")
	if err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	start := time.Now()
	if err := st.SeedDemoConsultations(ctx, m, "hash", testBallotKey); err != nil {
		t.Fatalf("SeedDemoConsultations: %v", err)
	}
	took := time.Since(start)
	t.Logf("demo consultations seeded in %v", took)
	// The target is well under a second; the bound is generous because test
	// servers are shared and often busy.
	if took > 10*time.Second {
		t.Errorf("seeding the demo consultations took %v", took)
	}
	db := st.DB()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, query, append([]any{m.ID}, args...)...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}

	list, err := st.ListConsultations(ctx, m.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	today := store.Today(m.Location(), time.Now())
	byPhase := map[string]*store.Consultation{}
	for i := range list {
		byPhase[list[i].Phase(today)] = &list[i]
	}
	input, voting, closed := byPhase[store.PhaseInput], byPhase[store.PhaseVoting], byPhase[store.PhaseResults]
	if len(list) != 3 || input == nil || voting == nil || closed == nil {
		for _, c := range list {
			t.Logf("%q: %s, %s", c.Title["nb"], c.Status, c.Phase(today))
		}
		t.Fatalf("want one consultation open for input, one open for voting and one with results, got %d", len(list))
	}

	// Languages: the open one in all four; the closed one without English,
	// so that its page says the text is missing.
	for _, lang := range []string{"nb", "nn", "da", "en"} {
		if input.Title[lang] == "" || input.Summary[lang] == "" || input.Body[lang] == "" {
			t.Errorf("the consultation open for input has no %s text", lang)
		}
	}
	for _, c := range list {
		if c.Title["nb"] == "" || c.Title["da"] == "" || c.Body["nb"] == "" || c.Body["da"] == "" {
			t.Errorf("%q lacks bokmål or Danish", c.Title["nb"])
		}
	}
	if closed.Title["en"] != "" || closed.Body["en"] != "" {
		t.Error("the closed consultation has English text; the missing-language note would not show")
	}

	// Open for input: statements and free text take answers now, a choice
	// waits for the voting phase, and answers are already coming in.
	questions, err := st.Questions(ctx, m.ID, input.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, q := range questions {
		kinds[q.Kind]++
		for _, lang := range []string{"nb", "nn", "da", "en"} {
			if q.Prompt[lang] == "" {
				t.Errorf("question %d of the open consultation has no %s prompt", q.ID, lang)
			}
		}
	}
	if kinds[store.QuestionStatement] < 3 || kinds[store.QuestionText] != 1 || kinds[store.QuestionSingle] != 1 {
		t.Errorf("questions of the consultation open for input: %v", kinds)
	}
	if input.Ballots < 10 {
		t.Errorf("the consultation open for input has %d ballots", input.Ballots)
	}
	if n := count(`SELECT count(*) FROM ballot_texts WHERE municipality_id = $1 AND consultation_id = $2`, input.ID); n < 5 {
		t.Errorf("%d free-text answers in the consultation open for input", n)
	}

	// Open for voting: a budget of 1 500 000 kroner over eight projects that
	// together cost more, web ballots that all fit, and a meeting's tally.
	questions, err = st.Questions(ctx, m.ID, voting.ID)
	if err != nil {
		t.Fatal(err)
	}
	var budget *store.Question
	for i := range questions {
		if questions[i].Kind == store.QuestionBudget {
			budget = &questions[i]
		}
	}
	if budget == nil || budget.Budget.Int64 != 1_500_000 || len(budget.Options) != 8 {
		t.Fatalf("the consultation open for voting has no budget of 1 500 000 kroner over 8 projects: %+v", budget)
	}
	var all int64
	for _, o := range budget.Options {
		all += o.Cost.Int64
	}
	if all <= budget.Budget.Int64 {
		t.Errorf("all projects together cost %d, within the budget: there is nothing to choose", all)
	}
	if n := count(`SELECT count(*) FROM (
			SELECT c.ballot_id FROM ballot_choices c JOIN question_options o ON o.municipality_id = c.municipality_id AND o.id = c.option_id
			WHERE c.municipality_id = $1 AND c.question_id = $2 GROUP BY c.ballot_id HAVING sum(o.cost) > $3) over`,
		budget.ID, budget.Budget.Int64); n != 0 {
		t.Errorf("%d budget ballots over the budget", n)
	}
	if n := count(`SELECT count(*) FROM (
			SELECT k.tally_id FROM ballot_tally_counts k JOIN question_options o ON o.municipality_id = k.municipality_id AND o.id = k.option_id
			JOIN ballot_tallies t ON t.municipality_id = k.municipality_id AND t.id = k.tally_id
			WHERE k.municipality_id = $1 AND k.question_id = $2 GROUP BY k.tally_id, t.ballots HAVING sum(o.cost * k.count) > $3 * t.ballots) over`,
		budget.ID, budget.Budget.Int64); n != 0 {
		t.Errorf("%d budget tallies over the budget", n)
	}
	results, _, err := st.ConsultationResults(ctx, m.ID, voting.ID)
	if err != nil {
		t.Fatal(err)
	}
	channels := map[string]int{}
	for i, ch := range results.Channels {
		channels[ch] = results.ByChannel[i]
	}
	if channels[store.ChannelWeb] < 20 || channels[store.ChannelMeeting] == 0 {
		t.Errorf("ballots of the participatory budget by channel: %v", channels)
	}
	// Its voters can see and change their ballots under the ballot key; the
	// demo resident has not voted, so that she can try.
	residents, _, err := st.Users(ctx, m.ID, store.UserFilter{Role: store.RoleResident, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	voted := 0
	for _, u := range residents {
		ok, err := st.HasVoted(ctx, m.ID, testBallotKey, u.ID, voting.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			voted++
		}
		if ok && u.Email.String == store.DemoAccounts[0].Email {
			t.Error("the demo resident has already voted in the participatory budget")
		}
	}
	if voted != channels[store.ChannelWeb] {
		t.Errorf("%d residents have a ballot linked to them, for %d web ballots", voted, channels[store.ChannelWeb])
	}

	// Closed with results: no voter links left, a few hundred ballots from
	// the web, paper and meetings, answers that differ by area, small
	// counts suppressed, and one free-text answer hidden by a moderator.
	if n := count(`SELECT count(*) FROM ballots WHERE municipality_id = $1 AND consultation_id = $2 AND voter_hash IS NOT NULL`, closed.ID); n != 0 {
		t.Errorf("%d ballots of the closed consultation still have a voter hash", n)
	}
	results, questions, err = st.ConsultationResults(ctx, m.ID, closed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if results.Ballots < 300 || results.Ballots > 600 {
		t.Errorf("the closed consultation has %d ballots, want 300 to 600", results.Ballots)
	}
	channels = map[string]int{}
	for i, ch := range results.Channels {
		channels[ch] = results.ByChannel[i]
	}
	for _, ch := range []string{store.ChannelWeb, store.ChannelPaper, store.ChannelMeeting} {
		if channels[ch] < 30 {
			t.Errorf("the closed consultation has %d %s ballots", channels[ch], ch)
		}
	}
	areas, err := st.Areas(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	areaID := map[string]int64{}
	for _, a := range areas {
		areaID[a.Name] = a.ID
	}
	column := map[int64]int{}
	for i, a := range results.Areas {
		column[a.ID] = i
	}
	// favourite returns the option most chosen in area on the first question.
	favourite := func(area string) int64 {
		t.Helper()
		i, ok := column[areaID[area]]
		if !ok {
			t.Fatalf("no results for %s", area)
		}
		best, most := int64(0), -1
		for _, row := range results.Questions[0].Rows {
			if cell := row.ByArea[i]; !cell.Suppressed && cell.N > most {
				best, most = row.OptionID, cell.N
			}
		}
		return best
	}
	if questions[0].Kind != store.QuestionSingle {
		t.Fatalf("the closed consultation's first question is %s", questions[0].Kind)
	}
	if a, b, c := favourite("Bråtane"), favourite("Kvernhus"), favourite("Nordheia"); a == b || b == c || a == c {
		t.Errorf("Bråtane, Kvernhus and Nordheia favour options %d, %d and %d: results should differ by area", a, b, c)
	}
	suppressed := 0
	for _, q := range results.Questions {
		for _, row := range q.Rows {
			for _, cell := range row.ByArea {
				if cell.Suppressed {
					suppressed++
				}
			}
		}
	}
	if suppressed == 0 {
		t.Error("no count in the closed consultation's results is small enough to be suppressed")
	}
	shown, err := st.TextAnswers(ctx, m.ID, closed.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	everything, err := st.TextAnswers(ctx, m.ID, closed.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) < 20 || len(everything) != len(shown)+1 {
		t.Errorf("%d free-text answers shown of %d, want a few dozen and one hidden", len(shown), len(everything))
	}

	// The ledger holds one ballot act per ballot and one answer act per
	// free-text answer, within the voting days.
	if n := count(`SELECT count(*) FROM participation_ledger WHERE municipality_id = $1
		AND scope_type = 'consultation' AND scope_id = $2 AND act = 'ballot'`, closed.ID); n != results.Ballots {
		t.Errorf("%d ballot acts for %d ballots", n, results.Ballots)
	}
	if n := count(`SELECT count(*) FROM participation_ledger WHERE municipality_id = $1
		AND scope_type = 'consultation' AND scope_id = $2 AND act = 'answer'`, closed.ID); n != len(everything) {
		t.Errorf("%d answer acts for %d free-text answers", n, len(everything))
	}
	if n := count(`SELECT count(*) FROM participation_ledger l JOIN consultations c ON c.municipality_id = l.municipality_id AND c.id = l.scope_id
		JOIN municipalities m ON m.id = c.municipality_id
		WHERE l.municipality_id = $1 AND l.scope_type = 'consultation'
			AND ((l.occurred_at AT TIME ZONE m.time_zone)::date NOT BETWEEN COALESCE(c.input_from, c.voting_from) AND c.voting_until
				OR l.occurred_at > now())`); n != 0 {
		t.Errorf("%d consultation acts outside their consultation's open days", n)
	}
	if n := count(`SELECT count(*) FROM ballots b JOIN consultations c ON c.municipality_id = b.municipality_id AND c.id = b.consultation_id
		WHERE b.municipality_id = $1 AND b.cast_on NOT BETWEEN COALESCE(c.input_from, c.voting_from) AND c.voting_until`); n != 0 {
		t.Errorf("%d ballots cast on a day their consultation was not open", n)
	}
	if n := count(`SELECT count(*) FROM consultations WHERE municipality_id = $1
		AND (created_at > published_at OR published_at > now() OR closed_at > now())`); n != 0 {
		t.Errorf("%d consultations with impossible times", n)
	}
	// The accounts the seed made date from before their first act. (The demo
	// resident's account is dated by the proposals' seed, not run here.)
	if n := count(`SELECT count(*) FROM participation_ledger l JOIN users u ON u.municipality_id = l.municipality_id AND u.id = l.user_id
		WHERE l.municipality_id = $1 AND l.occurred_at < u.created_at AND u.email <> $2`, store.DemoAccounts[0].Email); n != 0 {
		t.Errorf("%d acts before their resident had an account", n)
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE municipality_id = $1 AND target_type = 'consultation'
		AND created_at > now() - interval '1 minute'`); n != 0 {
		t.Errorf("%d audit entries of the consultations left at seeding time", n)
	}

	// Seeding again is refused, and changes nothing.
	if err := st.SeedDemoConsultations(ctx, m, "hash", testBallotKey); !errors.Is(err, store.ErrConflict) {
		t.Errorf("seeding the consultations twice: %v", err)
	}
	if n := count(`SELECT count(*) FROM consultations WHERE municipality_id = $1`); n != 3 {
		t.Errorf("%d consultations after seeding twice", n)
	}
}

// TestDemoSchoolResultsAreWeighted seeds the whole demo and weights every
// choice question and the statement of the closed school consultation as
// its results page does (handlers/results_weighted.go): respondents from
// store.RespondentCells, placed among the newest population's segments
// (area × age group × gender; any part the figures lack makes a respondent
// unknown), choosers from the results' cells, and outreach.Weight with its
// defaults. Every such question must get an estimate, not a refusal, and
// the estimate must move at least one share visibly off the raw share.
func TestDemoSchoolResultsAreWeighted(t *testing.T) {
	t.Parallel()
	st, m, _ := seedDemoWithProposals(t)
	ctx := context.Background()
	list, err := st.ListConsultations(ctx, m.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	var school *store.Consultation
	for i := range list {
		if strings.Contains(list[i].Title["nb"], "skolestruktur") {
			school = &list[i]
		}
	}
	if school == nil {
		t.Fatal("no school consultation in the demo")
	}
	res, _, err := st.ConsultationResults(ctx, m.ID, school.ID)
	if err != nil {
		t.Fatal(err)
	}
	respondents, err := st.RespondentCells(ctx, m.ID, school.ID)
	if err != nil {
		t.Fatal(err)
	}
	pop, err := st.NewestPopulation(ctx, m.ID)
	if err != nil || pop == nil {
		t.Fatalf("population: %v", err)
	}

	// The population's segments, as newWeightingBase reads them.
	var cells []outreach.PopulationCell
	index := map[outreach.Segment]int{}
	areaCode, areaName := map[int64]string{}, map[string]string{}
	bands, genders := map[string]bool{}, map[string]bool{}
	withGender := false
	for _, ps := range pop.Segments {
		s := outreach.Segment{Area: ps.AreaCode, AgeBand: ps.AgeBand}
		if ps.Gender != "all" {
			s.Gender, withGender = ps.Gender, true
		}
		areaCode[ps.AreaID], areaName[ps.AreaCode] = ps.AreaCode, ps.AreaName
		bands[ps.AgeBand], genders[s.Gender] = true, true
		if i, ok := index[s]; ok {
			cells[i].Count += ps.Count
			continue
		}
		index[s] = len(cells)
		cells = append(cells, outreach.PopulationCell{Segment: s, Count: ps.Count})
	}
	segment := func(area sql.NullInt64, band, gender sql.NullString) (outreach.Segment, bool) {
		code, ok := areaCode[area.Int64]
		if !area.Valid || !ok || !band.Valid || !bands[band.String] {
			return outreach.Segment{}, false
		}
		s := outreach.Segment{Area: code, AgeBand: band.String}
		if withGender {
			if !gender.Valid || !genders[gender.String] {
				return outreach.Segment{}, false
			}
			s.Gender = gender.String
		}
		return s, true
	}

	type rowKey struct {
		option int64
		stance string
	}
	weighted := 0
	for _, qr := range res.Questions {
		q := qr.Question
		if q.Kind != store.QuestionStatement && !store.HasOptions(q.Kind) {
			continue
		}
		weighted++
		known, unknown := map[outreach.Segment]int{}, 0
		for _, rc := range respondents {
			if rc.QuestionID != q.ID {
				continue
			}
			if s, ok := segment(rc.AreaID, rc.AgeBand, rc.Gender); ok {
				known[s] += rc.Count
			} else {
				unknown += rc.Count
			}
		}
		rows := map[rowKey]int{}
		chosen := make([]map[outreach.Segment]int, len(qr.Rows))
		for i, r := range qr.Rows {
			rows[rowKey{r.OptionID, r.Stance}] = i
			chosen[i] = map[outreach.Segment]int{}
		}
		for _, c := range res.Cells {
			i, ok := rows[rowKey{c.OptionID.Int64, c.Stance.String}]
			if c.QuestionID != q.ID || !ok {
				continue
			}
			if s, ok := segment(c.AreaID, c.AgeBand, c.Gender); ok {
				chosen[i][s] += c.Count
			}
		}
		segments := make([]outreach.Segment, 0, len(known))
		byArea, byBand := map[string]int{}, map[string]int{}
		total := unknown
		for s, n := range known {
			if n > 0 {
				segments = append(segments, s)
			}
			byArea[areaName[s.Area]] += n
			byBand[s.AgeBand] += n
			total += n
		}
		slices.SortFunc(segments, outreach.CompareSegments)
		var resp []outreach.Respondent
		for _, s := range segments {
			for range known[s] {
				resp = append(resp, outreach.Respondent{ID: s.String(), Segment: s})
			}
		}
		prompt := q.Prompt["nb"]
		t.Logf("%s %q: %d respondents, %d unknown; by area %v; by age group %v", q.Kind, prompt, total, unknown, byArea, byBand)
		w, err := outreach.Weight(cells, resp, outreach.DefaultWeightOptions())
		if err != nil {
			t.Errorf("%s question %q is refused a weighted estimate: %v", q.Kind, prompt, err)
			continue
		}
		t.Logf("  %s, n %d, n_eff %.1f, design effect %.2f, weights %.2f–%.2f × the mean, trim rounds %d",
			w.Method, w.N, w.NEff, w.DesignEffect, slices.Min(w.Weights), slices.Max(w.Weights), w.TrimRounds)
		heaviest := slices.Index(w.Weights, slices.Max(w.Weights))
		t.Logf("  heaviest: %s (%d respondents)", resp[heaviest].Segment, known[resp[heaviest].Segment])
		moved := 0.0
		for i, r := range qr.Rows {
			values := make([]bool, 0, len(resp))
			for _, s := range segments {
				k := min(chosen[i][s], known[s])
				for j := range known[s] {
					values = append(values, j < k)
				}
			}
			share, lo, hi := outreach.WeightedShare(values, w.Weights)
			raw := float64(r.Total) / float64(total)
			label := r.Stance
			if label == "" {
				label = r.Label["nb"]
			}
			t.Logf("  %-60.60s raw %5.1f %%  weighted %5.1f %% (%4.1f–%4.1f)", label, 100*raw, 100*share, 100*lo, 100*hi)
			moved = max(moved, math.Abs(share-raw))
		}
		if q.Kind != store.QuestionStatement && moved < 0.01 {
			t.Errorf("%s question %q: weighting moves no share by a percentage point (at most %.2f points)", q.Kind, prompt, 100*moved)
		}
	}
	if weighted != 3 {
		t.Errorf("%d weightable questions in the school consultation, want 3", weighted)
	}
}
