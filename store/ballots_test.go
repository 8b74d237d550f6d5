package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func TestBallotCastChangeAndClose(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "a")
	voter := e.resident(t)

	first := e.vote(t, voter, 0)
	if !first.First || first.Code == "" {
		t.Fatalf("first ballot: %+v", first)
	}
	second := e.vote(t, voter, 1)
	if second.First {
		t.Fatal("a change is not a first ballot")
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("a change replaces the ballot: %d ballots", n)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_choices WHERE consultation_id = $1 AND option_id = $2`, e.c.ID, e.single.Options[1].ID); n != 1 {
		t.Fatalf("the changed choice counts: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_choices WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("the old choice is gone: %d choices", n)
	}
	if n := len(e.ledger(t, "ballot", e.c.ID)); n != 1 {
		t.Fatalf("one ledger entry for the first ballot only: %d", n)
	}
	if ok, err := st.VerifyReceipt(e.ctx, e.m.ID, e.c.ID, second.Code); err != nil || !ok {
		t.Fatalf("the newest receipt verifies: %v %v", ok, err)
	}
	if ok, _ := st.VerifyReceipt(e.ctx, e.m.ID, e.c.ID, first.Code); ok {
		t.Fatal("a replaced ballot's receipt no longer verifies")
	}

	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatalf("close: %v", err)
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE consultation_id = $1 AND voter_hash IS NOT NULL`, e.c.ID); n != 0 {
		t.Fatalf("closing drops every voter link: %d left", n)
	}
	if ok, err := st.VerifyReceipt(e.ctx, e.m.ID, e.c.ID, second.Code); err != nil || !ok {
		t.Fatalf("receipts verify after closing: %v %v", ok, err)
	}
	if _, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, e.c.ID, store.BallotInput{
		Choices: map[int64][]int64{e.single.ID: {e.single.Options[0].ID}}}); !errors.Is(err, store.ErrNotOpen) {
		t.Fatalf("no ballot after closing: %v", err)
	}
	res, _, err := st.ConsultationResults(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ballots != 1 || res.Questions[0].Rows[1].Total != 1 || res.Questions[0].Rows[0].Total != 0 {
		t.Fatalf("results after closing: %+v", res)
	}
}

// TestBallotConcurrentSameVoter races 50 requests of one resident, each with
// another choice: one ballot, one ledger entry, one whole set of choices.
func TestBallotConcurrentSameVoter(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	st.DB().SetMaxOpenConns(20) // as in production (store.Open)
	e := newConsultationEnv(t, st, "race")
	voter := e.resident(t)

	// Each request chooses a single option and a budget pair that belong
	// together, so that a mixture of two requests would show.
	pairs := [][2]int{{0, 2}, {1, 1}, {2, 0}}
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			p := pairs[i%len(pairs)]
			b := store.BallotInput{Choices: map[int64][]int64{
				e.single.ID: {e.single.Options[p[0]].ID},
				e.budget.ID: {e.budget.Options[p[1]].ID},
			}, Texts: map[int64]string{e.text.ID: fmt.Sprintf("Svar %d", i%len(pairs))}}
			_, errs[i] = e.cast(voter, b)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("one ballot per resident: %d", n)
	}
	if n := len(e.ledger(t, "ballot", e.c.ID)); n != 1 {
		t.Fatalf("one ballot entry in the ledger: %d", n)
	}
	mine, err := st.MyBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	single, budget := mine.Choices[e.single.ID], mine.Choices[e.budget.ID]
	if len(single) != 1 || len(budget) != 1 {
		t.Fatalf("one choice per question: %+v", mine.Choices)
	}
	found := false
	for i, p := range pairs {
		if single[0] == e.single.Options[p[0]].ID {
			found = budget[0] == e.budget.Options[p[1]].ID && mine.Texts[e.text.ID] == fmt.Sprintf("Svar %d", i)
		}
	}
	if !found {
		t.Fatalf("the ballot mixes requests: %+v", mine)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_choices WHERE consultation_id = $1`, e.c.ID); n != 2 {
		t.Fatalf("choices: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_texts WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("answers: %d", n)
	}
}

// TestBallotChangeReplaces changes a ballot: every answer is replaced, the
// ledger gets one ballot entry and an answer entry per new or changed text.
func TestBallotChangeReplaces(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "change")
	voter := e.resident(t)
	opt := func(q store.Question, i int) int64 { return q.Options[i].ID }

	first, err := e.cast(voter, store.BallotInput{
		Choices: map[int64][]int64{e.single.ID: {opt(e.single, 0)}, e.budget.ID: {opt(e.budget, 0), opt(e.budget, 2)}},
		Stances: map[int64]string{e.statement.ID: store.StanceAgree},
		Texts:   map[int64]string{e.text.ID: "Flere benker,\r\ntakk."},
	})
	if err != nil || !first.First {
		t.Fatalf("first ballot: %+v %v", first, err)
	}
	if n := len(e.ledger(t, "answer", e.c.ID)); n != 1 {
		t.Fatalf("the first answer is in the ledger: %d", n)
	}
	id := e.ballotID(t, voter)

	// The same text, typed again with other line breaks and spaces, is no
	// new answer.
	second, err := e.cast(voter, store.BallotInput{
		Choices: map[int64][]int64{e.single.ID: {opt(e.single, 1)}, e.budget.ID: {opt(e.budget, 1)}},
		Stances: map[int64]string{e.statement.ID: store.StanceDisagree},
		Texts:   map[int64]string{e.text.ID: "  Flere benker,\ntakk.\r\n"},
	})
	if err != nil || second.First {
		t.Fatalf("changed ballot: %+v %v", second, err)
	}
	if got := e.ballotID(t, voter); got != id {
		t.Fatalf("a change keeps the ballot: %s, then %s", id, got)
	}
	mine, err := st.MyBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(mine.Choices) != fmt.Sprint(map[int64][]int64{e.single.ID: {opt(e.single, 1)}, e.budget.ID: {opt(e.budget, 1)}}) ||
		mine.Stances[e.statement.ID] != store.StanceDisagree || mine.Texts[e.text.ID] != "Flere benker,\ntakk." {
		t.Fatalf("the change replaces every answer: %+v", mine)
	}
	for table, want := range map[string]int{"ballot_choices": 2, "ballot_stances": 1, "ballot_texts": 1} {
		if n := e.count(t, `SELECT count(*) FROM `+table+` WHERE consultation_id = $1`, e.c.ID); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	if n := len(e.ledger(t, "answer", e.c.ID)); n != 1 {
		t.Fatalf("an unchanged answer is no new entry: %d", n)
	}

	// A changed text is a new answer; a stance left out is taken back.
	if _, err := e.cast(voter, store.BallotInput{
		Choices: map[int64][]int64{e.single.ID: {opt(e.single, 2)}},
		Texts:   map[int64]string{e.text.ID: "Trær i stedet."},
	}); err != nil {
		t.Fatal(err)
	}
	mine, err = st.MyBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Choices) != 1 || mine.Choices[e.single.ID][0] != opt(e.single, 2) || len(mine.Stances) != 0 ||
		mine.Texts[e.text.ID] != "Trær i stedet." {
		t.Fatalf("second change: %+v", mine)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_texts WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("a changed text replaces the old one: %d", n)
	}
	if n := len(e.ledger(t, "answer", e.c.ID)); n != 2 {
		t.Fatalf("a changed answer is a new entry: %d", n)
	}
	ballots := e.ledger(t, "ballot", e.c.ID)
	if len(ballots) != 1 || ballots[0].UserID.Int64 != voter.ID || ballots[0].Channel != store.ChannelWeb {
		t.Fatalf("one ballot entry, the first: %+v", ballots)
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("ballots: %d", n)
	}
}

// TestBallotSecrecyAfterClose checks that once voting closes nothing ties a
// ballot to a voter: no link, no user column, no time, random ids, and rows
// in an order that is not the order of casting.
func TestBallotSecrecyAfterClose(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "secret")

	const voters = 200
	users := e.residents(t, voters, nil)
	rank := map[string]int{} // ballot id -> place in the casting order
	var codes []string
	for i, u := range users {
		b := choose(e.single, i%3)
		b.Texts = map[int64]string{e.text.ID: fmt.Sprintf("Svar nummer %d", i)}
		r, err := e.cast(u, b)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, r.Code)
		rank[e.ballotID(t, u)] = i
	}
	// Voting went on for days: half of the ballots were cast the day before.
	e.exec(t, `UPDATE ballots SET cast_on = cast_on - 1 WHERE consultation_id = $1 AND id < '80000000-0000-0000-0000-000000000000'`, e.c.ID)
	if n := e.count(t, `SELECT count(DISTINCT cast_on) FROM ballots WHERE consultation_id = $1`, e.c.ID); n != 2 {
		t.Fatalf("ballots cast on two days: %d days", n)
	}
	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}

	if n := e.count(t, `SELECT count(*) FROM ballots WHERE voter_hash IS NOT NULL`); n != 0 {
		t.Fatalf("voter links left after closing: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE consultation_id = $1`, e.c.ID); n != voters {
		t.Fatalf("every ballot stays: %d", n)
	}
	if n := e.count(t, `SELECT count(DISTINCT cast_on) FROM ballots WHERE consultation_id = $1`, e.c.ID); n != 1 {
		t.Fatalf("after closing every ballot carries the closing day, not the day it was cast: %d days", n)
	}
	for _, u := range users[:5] {
		if _, err := st.MyBallot(e.ctx, e.m.ID, testBallotKey, u.ID, e.c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the key finds no ballot after closing: %v", err)
		}
		if voted, err := st.HasVoted(e.ctx, e.m.ID, testBallotKey, u.ID, e.c.ID); err != nil || voted {
			t.Fatalf("the key tells no one voted after closing: %v %v", voted, err)
		}
	}
	for _, code := range codes[:5] {
		if ok, err := st.VerifyReceipt(e.ctx, e.m.ID, e.c.ID, code); err != nil || !ok {
			t.Fatalf("receipts still verify: %v %v", ok, err)
		}
	}

	// The schema: no user, no time of day, nothing that refers to users.
	rows, err := st.DB().QueryContext(e.ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name IN ('ballots', 'ballot_choices', 'ballot_stances', 'ballot_texts')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	columns := 0
	for rows.Next() {
		var table, column, typ string
		if err := rows.Scan(&table, &column, &typ); err != nil {
			t.Fatal(err)
		}
		columns++
		if strings.Contains(column, "user") || column == "created_at" || column == "updated_at" || column == "recorded_by" {
			t.Errorf("%s.%s may tie a ballot to a person or a moment", table, column)
		}
		if strings.HasPrefix(typ, "timestamp") {
			t.Errorf("%s.%s is a %s", table, column, typ)
		}
		if column == "cast_on" && typ != "date" {
			t.Errorf("cast_on is a %s, want a date", typ)
		}
	}
	if err := rows.Err(); err != nil || columns < 20 {
		t.Fatalf("read %d columns: %v", columns, err)
	}
	if n := e.count(t, `SELECT count(*) FROM pg_constraint
		WHERE confrelid = 'users'::regclass AND conrelid = ANY (ARRAY['ballots', 'ballot_choices', 'ballot_stances', 'ballot_texts']::regclass[])`); n != 0 {
		t.Fatalf("%d foreign keys from ballots to users", n)
	}

	// Random (version 4) ids.
	for _, table := range []string{"ballots", "ballot_texts"} {
		if n := e.count(t, `SELECT count(*) FROM `+table+` WHERE id::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'`); n != 0 {
			t.Fatalf("%s: %d ids are not random uuids", table, n)
		}
	}

	// The physical order says nothing of the casting order.
	for _, table := range []string{"ballots", "ballot_choices", "ballot_texts"} {
		idColumn := "ballot_id"
		if table == "ballots" {
			idColumn = "id"
		}
		var order []string
		rows, err := st.DB().QueryContext(e.ctx, `SELECT `+idColumn+` FROM `+table+` WHERE consultation_id = $1 ORDER BY ctid`, e.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			order = append(order, id)
		}
		rows.Close()
		if len(order) != voters {
			t.Fatalf("%s: %d rows", table, len(order))
		}
		kept := 0
		for i := 1; i < len(order); i++ {
			if rank[order[i-1]] < rank[order[i]] {
				kept++
			}
		}
		// In random order about half of the neighbours keep their order.
		if share := float64(kept) / float64(voters-1); share > 0.8 {
			t.Errorf("%s: %.0f%% of neighbouring rows are in casting order", table, 100*share)
		}
	}
}

// TestReceiptVerification checks the receipt codes voters get.
func TestReceiptVerification(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "receipt")
	voter := e.resident(t)
	verify := func(id int64, code string) bool {
		t.Helper()
		ok, err := st.VerifyReceipt(e.ctx, e.m.ID, id, code)
		if err != nil {
			t.Fatalf("verify %q: %v", code, err)
		}
		return ok
	}

	old := e.vote(t, voter, 0)
	r := e.vote(t, voter, 1)
	if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$`).MatchString(r.Code) {
		t.Fatalf("receipt code %q", r.Code)
	}
	plain := strings.ReplaceAll(r.Code, "-", "")
	misread := strings.NewReplacer("0", "o", "1", "l").Replace(strings.ToLower(r.Code))
	for _, code := range []string{
		r.Code,
		strings.ToLower(r.Code),
		plain,
		" " + plain[:4] + " " + plain[4:8] + " " + plain[8:12] + " " + plain[12:] + " ",
		strings.ReplaceAll(strings.ToLower(r.Code), "-", " - "),
		misread,
	} {
		if !verify(e.c.ID, code) {
			t.Errorf("%q does not verify", code)
		}
	}
	wrong := []byte(r.Code)
	if wrong[0] == 'A' {
		wrong[0] = 'B'
	} else {
		wrong[0] = 'A'
	}
	for _, code := range []string{string(wrong), plain[:15], "", old.Code} {
		if verify(e.c.ID, code) {
			t.Errorf("%q verifies", code)
		}
	}

	other, _ := e.consultation(t, votingNow("Ny skole"), true,
		store.QuestionInput{Kind: store.QuestionSingle, Prompt: label("Hvor?"),
			Options: []store.OptionInput{{Label: label("Her")}, {Label: label("Der")}}})
	qs, err := st.Questions(e.ctx, e.m.ID, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, other.ID, choose(qs[0], 0))
	if err != nil {
		t.Fatal(err)
	}
	if verify(e.c.ID, r2.Code) || verify(other.ID, r.Code) {
		t.Fatal("a receipt verifies only in its own consultation")
	}
	if !verify(other.ID, r2.Code) {
		t.Fatal("the other consultation's receipt verifies there")
	}
}

// TestBallotPhases refuses ballots outside the input and voting phases and
// takes only free text and statements in the input phase.
func TestBallotPhases(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "phases")
	voter := e.resident(t)
	full := choose(e.single, 0)
	full.Stances = map[int64]string{e.statement.ID: store.StancePass}
	full.Texts = map[int64]string{e.text.ID: "Hei"}

	calendar := func(status string, info, input, from, until int) {
		t.Helper()
		var in any
		if input != 0 {
			in = day(input)
		}
		e.exec(t, `UPDATE consultations SET status = $2, information_from = $3, input_from = $4, voting_from = $5, voting_until = $6
			WHERE id = $1`, e.c.ID, status, day(info), in, day(from), day(until))
	}
	for _, tc := range []struct {
		name                     string
		status                   string
		info, input, from, until int
	}{
		{"draft", store.ConsultationDraft, -10, 0, -2, 5},
		{"before information", store.ConsultationPublished, 2, 0, 4, 6},
		{"information", store.ConsultationPublished, -2, 0, 2, 6},
		{"information before input", store.ConsultationPublished, -4, 2, 3, 6},
		{"after the last voting day", store.ConsultationPublished, -10, 0, -5, -1},
	} {
		calendar(tc.status, tc.info, tc.input, tc.from, tc.until)
		if _, err := e.cast(voter, full); !errors.Is(err, store.ErrNotOpen) {
			t.Errorf("%s: want ErrNotOpen, got %v", tc.name, err)
		}
	}

	// Input phase: text and statements, no choices.
	calendar(store.ConsultationPublished, -10, -1, 3, 6)
	if got := e.reload(t).Phase(day(0)); got != store.PhaseInput {
		t.Fatalf("phase %s", got)
	}
	if got := problems(t, func() error { _, err := e.cast(voter, full); return err }()); len(got) != 1 ||
		got[0] != fmt.Sprintf("q%d:%s", e.single.ID, store.ProblemNotOpen) {
		t.Fatalf("choices in the input phase: %v", got)
	}
	r, err := e.cast(voter, store.BallotInput{
		Stances: map[int64]string{e.statement.ID: store.StanceAgree},
		Texts:   map[int64]string{e.text.ID: "Tidlig innspill"},
		Choices: map[int64][]int64{e.single.ID: {}}, // an unanswered choice is fine
	})
	if err != nil || !r.First {
		t.Fatalf("text and statement in the input phase: %+v %v", r, err)
	}

	// Voting phase: the choice joins the early answers.
	calendar(store.ConsultationPublished, -10, -5, -1, 6)
	if _, err := e.cast(voter, full); err != nil {
		t.Fatalf("voting phase: %v", err)
	}
	if n := len(e.ledger(t, "ballot", e.c.ID)); n != 1 {
		t.Fatalf("ballot entries: %d", n)
	}

	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cast(voter, full); !errors.Is(err, store.ErrNotOpen) {
		t.Fatalf("closed: %v", err)
	}
	if err := st.PublishResults(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cast(voter, full); !errors.Is(err, store.ErrNotOpen) {
		t.Fatalf("results published: %v", err)
	}
}

// TestBallotRules refuses ballots that break a question's rules, naming
// every problem.
func TestBallotRules(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "rules")
	voter := e.resident(t)
	multi := func(min int, max int32) store.QuestionInput {
		return store.QuestionInput{Kind: store.QuestionMultiple, Prompt: label("Hvilke?"), MinChoices: min,
			MaxChoices: sql.NullInt32{Int32: max, Valid: true},
			Options:    []store.OptionInput{{Label: label("A")}, {Label: label("B")}, {Label: label("C")}, {Label: label("D")}}}
	}
	c2, qs := e.consultation(t, votingNow("Flervalg"), true, multi(2, 3))
	many := qs[0]
	other, _ := e.consultation(t, votingNow("Annen"), true, multi(0, 4))
	otherQs, err := st.Questions(e.ctx, e.m.ID, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	q := func(id int64, code string) string { return fmt.Sprintf("q%d:%s", id, code) }
	ids := func(q store.Question, idx ...int) []int64 { return choose(q, idx...).Choices[q.ID] }

	for _, tc := range []struct {
		name string
		in   store.BallotInput
		c    int64
		want []string
	}{
		{"two options on a single choice", choose(e.single, 0, 1), e.c.ID, []string{q(e.single.ID, store.ProblemTooMany)}},
		{"the same option twice", choose(e.single, 0, 0), e.c.ID, []string{q(e.single.ID, store.ProblemUnknownOption)}},
		{"over budget", choose(e.budget, 0, 1), e.c.ID, []string{q(e.budget.ID, store.ProblemOverBudget)}},
		{"unknown option", store.BallotInput{Choices: map[int64][]int64{e.single.ID: {999999}}}, e.c.ID,
			[]string{q(e.single.ID, store.ProblemUnknownOption)}},
		{"option of another question", store.BallotInput{Choices: map[int64][]int64{e.single.ID: ids(e.budget, 0)}}, e.c.ID,
			[]string{q(e.single.ID, store.ProblemUnknownOption)}},
		{"question of another consultation", store.BallotInput{Choices: map[int64][]int64{otherQs[0].ID: ids(otherQs[0], 0)}}, e.c.ID,
			[]string{q(otherQs[0].ID, store.ProblemUnknownQuestion)}},
		{"choice for a text question", store.BallotInput{Choices: map[int64][]int64{e.text.ID: ids(e.single, 0)}}, e.c.ID,
			[]string{q(e.text.ID, store.ProblemUnknownQuestion)}},
		{"text for a choice question", store.BallotInput{Texts: map[int64]string{e.single.ID: "Nord"}}, e.c.ID,
			[]string{q(e.single.ID, store.ProblemUnknownQuestion)}},
		{"unknown stance", store.BallotInput{Stances: map[int64]string{e.statement.ID: "maybe"}}, e.c.ID,
			[]string{q(e.statement.ID, store.ProblemStance)}},
		{"text too long", store.BallotInput{Texts: map[int64]string{e.text.ID: strings.Repeat("æ", store.MaxAnswerLength+1)}}, e.c.ID,
			[]string{q(e.text.ID, store.ProblemTooLong)}},
		{"too few", choose(many, 0), c2.ID, []string{q(many.ID, store.ProblemTooFew)}},
		{"too many", choose(many, 0, 1, 2, 3), c2.ID, []string{q(many.ID, store.ProblemTooMany)}},
		{"every problem at once", store.BallotInput{
			Choices: map[int64][]int64{e.single.ID: ids(e.single, 0, 1), e.budget.ID: ids(e.budget, 0, 1)},
			Texts:   map[int64]string{e.text.ID: strings.Repeat("a", store.MaxAnswerLength+1)},
		}, e.c.ID, []string{q(e.single.ID, store.ProblemTooMany), q(e.budget.ID, store.ProblemOverBudget), q(e.text.ID, store.ProblemTooLong)}},
	} {
		_, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, tc.c, tc.in)
		if got := problems(t, err); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}

	for name, in := range map[string]store.BallotInput{
		"nothing":          {},
		"empty answers":    {Choices: map[int64][]int64{e.single.ID: {}}, Stances: map[int64]string{e.statement.ID: ""}, Texts: map[int64]string{e.text.ID: " \r\n "}},
		"empty, required?": {Choices: map[int64][]int64{many.ID: {}}},
	} {
		id := e.c.ID
		if name == "empty, required?" {
			id = c2.ID
		}
		if _, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, id, in); !errors.Is(err, store.ErrEmptyBallot) {
			t.Errorf("%s: want ErrEmptyBallot, got %v", name, err)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM ballots`); n != 0 {
		t.Fatalf("refused ballots were stored: %d", n)
	}

	// Within the limits: exactly the budget, the most and fewest choices,
	// the longest text counted as the voter typed it (a line break is one
	// character, though browsers send two).
	long := strings.Repeat("ø", store.MaxAnswerLength/2-1) + "\r\n" + strings.Repeat("ø", store.MaxAnswerLength/2)
	ok := choose(e.budget, 0, 2)
	ok.Choices[e.single.ID] = ids(e.single, 2)
	ok.Texts = map[int64]string{e.text.ID: long}
	ok.Stances = map[int64]string{e.statement.ID: store.StanceDisagree}
	if _, err := e.cast(voter, ok); err != nil {
		t.Fatalf("a ballot within the limits: %v", err)
	}
	for _, in := range []store.BallotInput{choose(many, 0, 1), choose(many, 1, 2, 3)} {
		if _, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, c2.ID, in); err != nil {
			t.Fatalf("between min and max: %v", err)
		}
	}
}

// TestBallotEligibility refuses residents outside the target areas or
// under the minimum age.
func TestBallotEligibility(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "elig")
	north, err := st.CreateArea(e.ctx, e.m.ID, "A2", "Nord")
	if err != nil {
		t.Fatal(err)
	}
	in := votingNow("Bare sentrum")
	in.RestrictToAreas, in.AreaIDs = true, []int64{e.area.ID}
	areaOnly, aq := e.consultation(t, in, true, store.QuestionInput{Kind: store.QuestionStatement, Prompt: label("Ja?")})
	in = votingNow("Fra 16 år")
	in.MinAge = sql.NullInt32{Int32: 16, Valid: true}
	ageOnly, gq := e.consultation(t, in, true, store.QuestionInput{Kind: store.QuestionStatement, Prompt: label("Ja?")})

	year := day(0).Year()
	profile := func(area *store.Area, birthYear int) store.Profile {
		var p store.Profile
		if area != nil {
			p.AreaID = sql.NullInt64{Int64: area.ID, Valid: true}
		}
		if birthYear != 0 {
			p.BirthYear = sql.NullInt32{Int32: int32(birthYear), Valid: true}
		}
		if p.Empty() {
			p.Gender = sql.NullString{String: "other", Valid: true}
		}
		return p
	}
	for _, tc := range []struct {
		name    string
		c       *store.Consultation
		q       store.Question
		profile store.Profile
		want    string
	}{
		{"in a target area", areaOnly, aq[0], profile(e.area, 0), ""},
		{"outside the target areas", areaOnly, aq[0], profile(north, 0), store.IneligibleArea},
		{"no area", areaOnly, aq[0], profile(nil, 1980), store.IneligibleAreaMissing},
		{"old enough", ageOnly, gq[0], profile(nil, year-40), ""},
		{"turns 16 this year", ageOnly, gq[0], profile(nil, year-16), ""},
		{"turns 15 this year", ageOnly, gq[0], profile(nil, year-15), store.IneligibleAge},
		{"no birth year", ageOnly, gq[0], profile(north, 0), store.IneligibleAgeMissing},
	} {
		u := e.user(t, store.RoleResident, tc.profile)
		if reason, err := st.Eligibility(e.ctx, tc.c, u.ID, day(0)); err != nil || reason != tc.want {
			t.Errorf("%s: eligibility %q %v, want %q", tc.name, reason, err, tc.want)
		}
		_, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, u.ID, tc.c.ID,
			store.BallotInput{Stances: map[int64]string{tc.q.ID: store.StanceAgree}})
		var ie *store.IneligibleError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &ie) || ie.Reason != tc.want):
			t.Errorf("%s: want IneligibleError %q, got %v", tc.name, tc.want, err)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM ballots`); n != 3 {
		t.Fatalf("ballots of eligible residents only: %d", n)
	}
}

// TestPaperBallotsAndTallies enters ballots cast on paper and at meetings.
func TestPaperBallotsAndTallies(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "paper")
	seg := store.Segment{AreaID: sql.NullInt64{Int64: e.area.ID, Valid: true},
		AgeBand: sql.NullString{String: "67-79", Valid: true}, Gender: sql.NullString{String: "female", Valid: true}}

	b := choose(e.single, 2)
	b.Texts = map[int64]string{e.text.ID: "Skrevet på papir"}
	code, err := st.CastPaperBallot(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.ChannelPaper, seg, b)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := st.VerifyReceipt(e.ctx, e.m.ID, e.c.ID, code); err != nil || !ok {
		t.Fatalf("the paper receipt verifies: %v %v", ok, err)
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE channel = 'paper' AND voter_hash IS NULL AND area_id = $1 AND age_band = '67-79' AND gender = 'female'`,
		e.area.ID); n != 1 {
		t.Fatalf("paper ballot: %d", n)
	}
	entries := append(e.ledger(t, "ballot", e.c.ID), e.ledger(t, "answer", e.c.ID)...)
	if len(entries) != 2 {
		t.Fatalf("a ballot and an answer in the ledger: %+v", entries)
	}
	for _, l := range entries {
		if l.UserID.Valid || !l.AnonymousRef.Valid || l.Channel != store.ChannelPaper || l.AreaID.Int64 != e.area.ID ||
			l.AgeBand.String != "67-79" || l.Gender.String != "female" || l.RecordedBy.Int64 != e.official.ID ||
			l.ScopeType != "consultation" || l.AnonymousRef != entries[0].AnonymousRef {
			t.Fatalf("paper ledger entry: %+v", l)
		}
	}
	if _, err := st.CastPaperBallot(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.ChannelWeb, seg, b); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("officials do not enter web ballots: %v", err)
	}
	if _, err := st.CastPaperBallot(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.ChannelPaper, seg, choose(e.single, 0, 1)); err == nil {
		t.Fatal("a paper ballot keeps the rules")
	}

	tally := store.TallyInput{Channel: store.ChannelMeeting, Ballots: 7, Segment: store.Segment{AreaID: seg.AreaID},
		Counts: map[int64]int{e.single.Options[0].ID: 4, e.single.Options[1].ID: 3, e.budget.Options[2].ID: 7}}
	bad := tally
	bad.Counts = map[int64]int{e.single.Options[0].ID: 8}
	if got := problems(t, st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, bad)); len(got) == 0 ||
		got[0] != fmt.Sprintf("q%d:%s", e.single.ID, store.ProblemCount) {
		t.Fatalf("a count above the ballots: %v", got)
	}
	bad.Counts = map[int64]int{e.single.Options[0].ID: 4, e.single.Options[1].ID: 4}
	if got := problems(t, st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, bad)); fmt.Sprint(got) != fmt.Sprintf("[q%d:%s]", e.single.ID, store.ProblemTooMany) {
		t.Fatalf("more choices than single-choice ballots: %v", got)
	}
	bad.Counts = map[int64]int{e.budget.Options[0].ID: 7, e.budget.Options[1].ID: 7} // 7 × (40 + 70) > 7 × 100
	if got := problems(t, st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, bad)); fmt.Sprint(got) != fmt.Sprintf("[q%d:%s]", e.budget.ID, store.ProblemOverBudget) {
		t.Fatalf("over the budgets: %v", got)
	}
	bad.Counts, bad.Ballots = map[int64]int{}, 0
	if got := problems(t, st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, bad)); fmt.Sprint(got) != "[q0:count]" {
		t.Fatalf("no ballots: %v", got)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_tallies`); n != 0 {
		t.Fatalf("refused tallies were stored: %d", n)
	}

	if err := st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, tally); err != nil {
		t.Fatal(err)
	}
	var meeting []ledgerRow
	for _, l := range e.ledger(t, "ballot", e.c.ID) {
		if l.Channel == store.ChannelMeeting {
			meeting = append(meeting, l)
		}
	}
	refs := map[string]bool{}
	for _, l := range meeting {
		if l.UserID.Valid || !l.AnonymousRef.Valid || l.AreaID.Int64 != e.area.ID || l.AgeBand.Valid || l.RecordedBy.Int64 != e.official.ID {
			t.Fatalf("tally ledger entry: %+v", l)
		}
		refs[l.AnonymousRef.String] = true
	}
	if len(meeting) != 7 || len(refs) != 7 {
		t.Fatalf("a tally of 7 is 7 anonymous participants: %d entries, %d people", len(meeting), len(refs))
	}
	res, _, err := st.ConsultationResults(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ballots != 8 || res.Questions[0].Rows[0].Total != 4 || res.Questions[0].Rows[1].Total != 3 ||
		res.Questions[0].Rows[2].Total != 1 || res.Questions[1].Rows[2].Total != 7 {
		t.Fatalf("results with paper and tally: %+v", res)
	}

	// Paper ballots may still be entered while counting, not after the
	// results are out, nor before voting.
	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CastPaperBallot(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.ChannelPaper, seg, b); err != nil {
		t.Fatalf("paper ballot while counting: %v", err)
	}
	if err := st.PublishResults(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CastPaperBallot(e.ctx, e.m.ID, e.official.ID, e.c.ID, store.ChannelPaper, seg, b); !errors.Is(err, store.ErrNotOpen) {
		t.Fatalf("paper ballot after results: %v", err)
	}
	if err := st.RecordTally(e.ctx, e.m.ID, e.official.ID, e.c.ID, tally); !errors.Is(err, store.ErrNotOpen) {
		t.Fatalf("tally after results: %v", err)
	}
	early, _ := e.consultation(t, store.ConsultationInput{Title: label("Senere"),
		InformationFrom: day(-1), VotingFrom: day(3), VotingUntil: day(5)}, true,
		store.QuestionInput{Kind: store.QuestionSingle, Prompt: label("?"), Options: []store.OptionInput{{Label: label("A")}}})
	if err := st.RecordTally(e.ctx, e.m.ID, e.official.ID, early.ID, store.TallyInput{Channel: store.ChannelPaper, Ballots: 1}); !errors.Is(err, store.ErrNotOpen) {
		t.Fatalf("tally before voting: %v", err)
	}
}
