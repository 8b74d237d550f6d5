package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// TestResultsThousandVoters casts 1,000 web ballots with a known spread of
// choices, areas, ages and genders, a few without a profile and a few on
// paper, and checks every count the results give.
func TestResultsThousandVoters(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "results")
	north, err := st.CreateArea(e.ctx, e.m.ID, "A2", "Nord")
	if err != nil {
		t.Fatal(err)
	}
	areas := []*store.Area{e.area, north}
	genders := []string{"female", "male", "other"}
	year := day(0).Year()
	birthYear := func(i int) int { return year - 16 - i%70 }
	// Option by voter: 50 %, 30 %, 20 %.
	option := func(i int) int { return []int{0, 0, 0, 0, 0, 1, 1, 1, 2, 2}[i%10] }
	const voters = 1000
	users := e.residents(t, voters, func(i int) store.Profile {
		return store.Profile{
			AreaID:    sql.NullInt64{Int64: areas[i%7%2].ID, Valid: true},
			BirthYear: sql.NullInt32{Int32: int32(birthYear(i)), Valid: true},
			Gender:    sql.NullString{String: genders[i%3], Valid: true},
		}
	})

	type key struct {
		q, option int64
		stance    string
		channel   string
		area      int64
		band      string
		gender    string
	}
	want := map[key]int{}
	var mu sync.Mutex
	jobs := make(chan int)
	errs := make(chan error, voters)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				b := choose(e.single, option(i))
				stance := ""
				if i%4 != 0 {
					stance = store.Stances[i%3]
					b.Stances = map[int64]string{e.statement.ID: stance}
				}
				if _, err := e.cast(users[i], b); err != nil {
					errs <- fmt.Errorf("voter %d: %w", i, err)
					continue
				}
				k := key{q: e.single.ID, option: e.single.Options[option(i)].ID, channel: store.ChannelWeb,
					area: areas[i%7%2].ID, band: store.AgeBandFor(year-birthYear(i), store.DefaultAgeBands), gender: genders[i%3]}
				mu.Lock()
				want[k]++
				if stance != "" {
					k.option, k.q, k.stance = 0, e.statement.ID, stance
					want[k]++
				}
				mu.Unlock()
			}
		}()
	}
	for i := range voters {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// Three residents without a profile choose the third option, and two
	// paper ballots the second: small cells that must not show.
	for _, u := range e.residents(t, 3, nil) {
		e.vote(t, u, 2)
		want[key{q: e.single.ID, option: e.single.Options[2].ID, channel: store.ChannelWeb}]++
	}
	for range 2 {
		if _, err := st.CastPaperBallot(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.ChannelPaper,
			store.Segment{AreaID: sql.NullInt64{Int64: north.ID, Valid: true}}, choose(e.single, 1)); err != nil {
			t.Fatal(err)
		}
		want[key{q: e.single.ID, option: e.single.Options[1].ID, channel: store.ChannelPaper, area: north.ID}]++
	}
	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}

	cells, err := st.ResultCells(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[key]int{}
	for _, c := range cells {
		k := key{q: c.QuestionID, option: c.OptionID.Int64, stance: c.Stance.String, channel: c.Channel,
			area: c.AreaID.Int64, band: c.AgeBand.String, gender: c.Gender.String}
		if _, dup := got[k]; dup {
			t.Fatalf("cell %+v twice", k)
		}
		got[k] = c.Count
	}
	if len(got) != len(want) {
		t.Errorf("%d cells, want %d", len(got), len(want))
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("cell %+v: %d, want %d", k, got[k], n)
		}
	}

	res, _, err := st.ConsultationResults(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ballots != voters+5 || fmt.Sprint(res.Channels, res.ByChannel) != fmt.Sprint([]string{"web", "paper"}, []int{voters + 3, 2}) {
		t.Fatalf("ballots %d, channels %v %v", res.Ballots, res.Channels, res.ByChannel)
	}
	if len(res.Areas) != 3 || res.Areas[0].ID != north.ID || res.Areas[1].ID != e.area.ID || res.Areas[2].ID != 0 {
		t.Fatalf("area columns (by name, unknown last): %+v", res.Areas)
	}
	areaCol := map[int64]int{north.ID: 0, e.area.ID: 1, 0: 2}
	chanCol := map[string]int{store.ChannelWeb: 0, store.ChannelPaper: 1}
	for _, qr := range res.Questions {
		for _, row := range qr.Rows {
			total := 0
			byArea, byChannel := make([]int, 3), make([]int, 2)
			for k, n := range want {
				if k.q == qr.Question.ID && k.option == row.OptionID && k.stance == row.Stance {
					total += n
					byArea[areaCol[k.area]] += n
					byChannel[chanCol[k.channel]] += n
				}
			}
			if row.Total != total {
				t.Errorf("question %d, row %d%s: total %d, want %d", qr.Question.ID, row.OptionID, row.Stance, row.Total, total)
			}
			checkSuppressed(t, fmt.Sprintf("row %d%s by area", row.OptionID, row.Stance), row.ByArea, byArea)
			checkSuppressed(t, fmt.Sprintf("row %d%s by channel", row.OptionID, row.Stance), row.ByChannel, byChannel)
		}
	}
	// The known small cells: 3 without an area and 2 on paper.
	single := res.Questions[0]
	if !single.Rows[2].ByArea[2].Suppressed || !single.Rows[1].ByChannel[1].Suppressed || single.Rows[0].ByArea[0].Suppressed {
		t.Fatalf("small cells show: %+v", single.Rows)
	}
	if single.Answers != voters+5 || single.Rows[0].Total != 500 || single.Rows[1].Total != 302 || single.Rows[2].Total != 203 {
		t.Fatalf("totals: %d answers, rows %+v", single.Answers, single.Rows)
	}
}

// checkSuppressed checks a row of shown cells against the true counts: a
// shown cell is exact and never from 1 to MinCell-1, a hidden one is never
// alone, and a count from 1 to MinCell-1 is always hidden.
func checkSuppressed(t *testing.T, what string, shown []store.Cell, counts []int) {
	t.Helper()
	if len(shown) != len(counts) {
		t.Fatalf("%s: %d cells, want %d", what, len(shown), len(counts))
	}
	hidden := 0
	for i, c := range shown {
		small := counts[i] > 0 && counts[i] < store.MinCell
		switch {
		case c.Suppressed:
			hidden++
			if c.N != 0 {
				t.Errorf("%s: a hidden cell carries %d", what, c.N)
			}
		case small:
			t.Errorf("%s: cell %d shows %d", what, i, counts[i])
		case c.N != counts[i]:
			t.Errorf("%s: cell %d shows %d, want %d", what, i, c.N, counts[i])
		}
	}
	if hidden == 1 && len(shown) > 1 {
		t.Errorf("%s: one hidden cell alone (%v of %v) is the total minus the others", what, shown, counts)
	}
}

// TestSmallCellSuppression checks the small-cell rule on many rows.
func TestSmallCellSuppression(t *testing.T) {
	t.Parallel()
	areaNames := map[int64]string{1: "A", 2: "B", 3: "C"}
	q := store.Question{ID: 1, Kind: store.QuestionSingle, Options: []store.Option{{ID: 10}, {ID: 11}}}
	summarise := func(byArea map[int64]int, byChannel map[string]int) store.ResultRow {
		var cells []store.ResultCell
		var ballots []store.BallotCell
		for area, n := range byArea {
			if n > 0 {
				a := sql.NullInt64{Int64: area, Valid: area != 0}
				cells = append(cells, store.ResultCell{QuestionID: 1, OptionID: sql.NullInt64{Int64: 10, Valid: true},
					Channel: store.ChannelWeb, AreaID: a, Count: n})
				ballots = append(ballots, store.BallotCell{Channel: store.ChannelWeb, AreaID: a, Count: n})
			}
		}
		for ch, n := range byChannel {
			if n > 0 {
				cells = append(cells, store.ResultCell{QuestionID: 1, OptionID: sql.NullInt64{Int64: 10, Valid: true},
					Channel: ch, AreaID: sql.NullInt64{Int64: 3, Valid: true}, Count: n})
				ballots = append(ballots, store.BallotCell{Channel: ch, Count: n})
			}
		}
		// Another option with large counts everywhere keeps every column.
		for _, area := range []int64{0, 1, 2, 3} {
			for _, ch := range store.Channels {
				cells = append(cells, store.ResultCell{QuestionID: 1, OptionID: sql.NullInt64{Int64: 11, Valid: true},
					Channel: ch, AreaID: sql.NullInt64{Int64: area, Valid: area != 0}, Count: 50})
				ballots = append(ballots, store.BallotCell{Channel: ch, AreaID: sql.NullInt64{Int64: area, Valid: area != 0}, Count: 50})
			}
		}
		res := store.SummariseResults([]store.Question{q}, cells, ballots, areaNames)
		return res.Questions[0].Rows[0]
	}

	for _, tc := range []struct {
		name   string
		byArea [4]int // A, B, C, unknown: the column order of the results
		hidden [4]bool
	}{
		{"all large", [4]int{5, 7, 0, 9}, [4]bool{}},
		{"one small and zeros", [4]int{3, 0, 0, 0}, [4]bool{true, true, false, false}},
		{"one small, the next smallest hidden too", [4]int{3, 100, 6, 0}, [4]bool{true, false, true, false}},
		{"two small", [4]int{2, 4, 100, 0}, [4]bool{true, true, false, false}},
		{"one each", [4]int{1, 1, 1, 1}, [4]bool{true, true, true, true}},
		{"nothing", [4]int{}, [4]bool{}},
	} {
		row := summarise(map[int64]int{1: tc.byArea[0], 2: tc.byArea[1], 3: tc.byArea[2], 0: tc.byArea[3]}, nil)
		total := tc.byArea[0] + tc.byArea[1] + tc.byArea[2] + tc.byArea[3]
		if row.Total != total {
			t.Errorf("%s: total %d, want %d", tc.name, row.Total, total)
		}
		for i, c := range row.ByArea {
			if c.Suppressed != tc.hidden[i] || (!c.Suppressed && c.N != tc.byArea[i]) {
				t.Errorf("%s: area cells %+v", tc.name, row.ByArea)
				break
			}
		}
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		counts := func() int {
			if rng.IntN(3) == 0 {
				return 0
			}
			return 1 + rng.IntN(12)
		}
		byArea := map[int64]int{0: counts(), 1: counts(), 2: counts(), 3: counts()}
		byChannel := map[string]int{store.ChannelPaper: counts(), store.ChannelMeeting: counts()}
		row := summarise(byArea, byChannel)
		total := byArea[0] + byArea[1] + byArea[2] + byArea[3] + byChannel[store.ChannelPaper] + byChannel[store.ChannelMeeting]
		if row.Total != total {
			t.Fatalf("total %d, want %d", row.Total, total)
		}
		// Columns: areas A, B, C, unknown; channels web, meeting, paper, …
		areas := []int{byArea[1], byArea[2], byArea[3] + byChannel[store.ChannelPaper] + byChannel[store.ChannelMeeting], byArea[0]}
		checkSuppressed(t, fmt.Sprint("areas ", areas), row.ByArea, areas)
		channels := []int{byArea[0] + byArea[1] + byArea[2] + byArea[3], byChannel[store.ChannelMeeting], byChannel[store.ChannelPaper], 0, 0}
		checkSuppressed(t, fmt.Sprint("channels ", channels), row.ByChannel, channels)
	}
}

// TestSuppressionHoldsAlongColumns: a column whose total is shown (channels
// and areas with at least MinCell answers) never has a lone hidden cell, so
// the column total minus the shown cells gives nothing away.
func TestSuppressionHoldsAlongColumns(t *testing.T) {
	t.Parallel()
	q := store.Question{ID: 1, Kind: store.QuestionSingle, Options: []store.Option{{ID: 10}, {ID: 11}, {ID: 12}}}
	cell := func(option int64, channel string, area int64, n int) store.ResultCell {
		return store.ResultCell{QuestionID: 1, OptionID: sql.NullInt64{Int64: option, Valid: true}, Channel: channel,
			AreaID: sql.NullInt64{Int64: area, Valid: area != 0}, Count: n}
	}
	cells := []store.ResultCell{
		cell(10, store.ChannelWeb, 1, 40), cell(10, store.ChannelPaper, 2, 7),
		cell(11, store.ChannelWeb, 1, 30), cell(11, store.ChannelPaper, 2, 2),
		cell(12, store.ChannelWeb, 2, 25), cell(12, store.ChannelWeb, 1, 9),
	}
	ballots := []store.BallotCell{{Channel: store.ChannelWeb, Count: 104}, {Channel: store.ChannelPaper, Count: 9}}
	res := store.SummariseResults([]store.Question{q}, cells, ballots, map[int64]string{1: "A", 2: "B"})
	rows := res.Questions[0].Rows
	for _, table := range []struct {
		name string
		get  func(store.ResultRow) []store.Cell
	}{{"channel", func(r store.ResultRow) []store.Cell { return r.ByChannel }}, {"area", func(r store.ResultRow) []store.Cell { return r.ByArea }}} {
		for j := range table.get(rows[0]) {
			hidden := 0
			for _, r := range rows {
				c := table.get(r)[j]
				if c.Suppressed {
					hidden++
				} else if c.N > 0 && c.N < store.MinCell {
					t.Errorf("%s column %d shows %d", table.name, j, c.N)
				}
			}
			if hidden == 1 {
				t.Errorf("%s column %d has a lone hidden cell: %+v", table.name, j, rows)
			}
		}
	}
	// The paper column (7, 2, 0): the 2 is hidden, so the 7 must be too.
	if !rows[0].ByChannel[1].Suppressed || !rows[1].ByChannel[1].Suppressed {
		t.Fatalf("paper column: %+v %+v", rows[0].ByChannel, rows[1].ByChannel)
	}
}

// TestRespondentCells counts people per question and segment, not choices:
// a budget ballot with two projects is one respondent, a tally counts its
// ballots, and a person who took stances on several statements is one
// person in StatementBallotCells.
func TestRespondentCells(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "respondents")
	north, err := st.CreateArea(e.ctx, e.m.ID, "A2", "Nord")
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.CreateArea(e.ctx, e.m.ID, "A3", "Vest")
	if err != nil {
		t.Fatal(err)
	}
	// A second statement, so that one person can take several stances.
	if _, err := st.CreateQuestion(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.QuestionInput{Position: 5,
		Kind: store.QuestionStatement, Prompt: label("Parken bør ha lys.")}); err != nil {
		t.Fatal(err)
	}
	qs, err := st.Questions(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	second := qs[len(qs)-1]

	// Empty but existing: no cells and no error; another municipality's
	// consultation is not found.
	if cells, err := st.RespondentCells(e.ctx, e.m.ID, e.c.ID); err != nil || len(cells) != 0 {
		t.Fatalf("before any ballot: %v %v", cells, err)
	}
	stranger := newConsultationEnv(t, st, "respondents-other")
	if _, err := st.RespondentCells(e.ctx, e.m.ID, stranger.c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another municipality's consultation: %v", err)
	}
	if _, err := st.StatementBallotCells(e.ctx, e.m.ID, stranger.c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("statement ballots of another municipality's consultation: %v", err)
	}

	year := day(0).Year()
	profile := store.Profile{AreaID: sql.NullInt64{Int64: e.area.ID, Valid: true},
		BirthYear: sql.NullInt32{Int32: int32(year - 50), Valid: true}, Gender: sql.NullString{String: "female", Valid: true}}
	band := store.AgeBandFor(50, store.DefaultAgeBands)
	known := e.residents(t, 2, func(int) store.Profile { return profile })
	anonymous := e.residents(t, 1, nil)[0]

	// Two projects and two stances on one ballot; one choice and one stance
	// on another; a ballot without a profile.
	b := choose(e.single, 0)
	b.Choices[e.budget.ID] = []int64{e.budget.Options[0].ID, e.budget.Options[2].ID}
	b.Stances = map[int64]string{e.statement.ID: store.StanceAgree, second.ID: store.StancePass}
	if _, err := e.cast(known[0], b); err != nil {
		t.Fatal(err)
	}
	b = choose(e.single, 1)
	b.Stances = map[int64]string{e.statement.ID: store.StanceDisagree}
	if _, err := e.cast(known[1], b); err != nil {
		t.Fatal(err)
	}
	b = choose(e.single, 2)
	b.Choices[e.budget.ID] = []int64{e.budget.Options[1].ID}
	if _, err := e.cast(anonymous, b); err != nil {
		t.Fatal(err)
	}
	// A tally of 10 ballots from Nord: 7 chose in the single-choice question
	// (3 left it blank), and some chose projects: all 10 count for the
	// budget. A tally from Vest with no projects counts for the single
	// choice only.
	northSeg := store.Segment{AreaID: sql.NullInt64{Int64: north.ID, Valid: true}}
	if err := st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.TallyInput{Channel: store.ChannelMeeting, Ballots: 10,
		Segment: northSeg, Counts: map[int64]int{e.single.Options[0].ID: 4, e.single.Options[1].ID: 3, e.budget.Options[2].ID: 5}}); err != nil {
		t.Fatal(err)
	}
	westSeg := store.Segment{AreaID: sql.NullInt64{Int64: other.ID, Valid: true}}
	if err := st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.TallyInput{Channel: store.ChannelPaper, Ballots: 6,
		Segment: westSeg, Counts: map[int64]int{e.single.Options[2].ID: 6}}); err != nil {
		t.Fatal(err)
	}
	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}

	type key struct {
		question, area int64
		band, gender   string
	}
	mine := key{area: e.area.ID, band: band, gender: "female"}
	at := func(q store.Question, k key) key { k.question = q.ID; return k }
	want := map[key]int{
		at(e.single, mine): 2, at(e.single, key{}): 1, at(e.single, key{area: north.ID}): 7, at(e.single, key{area: other.ID}): 6,
		at(e.budget, mine): 1, at(e.budget, key{}): 1, at(e.budget, key{area: north.ID}): 10,
		at(e.statement, mine): 2,
		at(second, mine):      1,
	}
	cells, err := st.RespondentCells(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[key]int{}
	for _, c := range cells {
		got[key{c.QuestionID, c.AreaID.Int64, c.AgeBand.String, c.Gender.String}] += c.Count
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("respondents\n got %v\nwant %v", got, want)
	}

	people, err := st.StatementBallotCells(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].Count != 2 || people[0].AreaID.Int64 != e.area.ID || people[0].AgeBand.String != band ||
		people[0].Channel != store.ChannelWeb {
		t.Errorf("people who took a stance: %+v, want the 2 web voters with a profile", people)
	}

	// The results carry the cells they were summed from, for weighting.
	res, _, err := st.ConsultationResults(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	resultCells, err := st.ResultCells(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Cells) != fmt.Sprint(resultCells) {
		t.Errorf("results cells %v, want %v", res.Cells, resultCells)
	}
}
