package store_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// asInput turns a stored question back into what the form would send.
func asInput(q store.Question) store.QuestionInput {
	in := store.QuestionInput{Position: q.Position, Kind: q.Kind, Prompt: q.Prompt, Help: q.Help,
		MinChoices: q.MinChoices, MaxChoices: q.MaxChoices, Budget: q.Budget}
	for _, o := range q.Options {
		in.Options = append(in.Options, store.OptionInput{Label: o.Label, Cost: o.Cost})
	}
	return in
}

// TestQuestionsOnceVoted allows only text fixes once ballots exist.
func TestQuestionsOnceVoted(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "qvoted")
	update := func(q store.Question, in store.QuestionInput) error {
		return st.UpdateQuestion(e.ctx, e.m.ID, e.official.ID, e.c.ID, q.ID, in)
	}

	// Before any ballot, everything may change.
	in := asInput(e.single)
	in.Options = append(in.Options, store.OptionInput{Label: label("Vest")})
	if err := update(e.single, in); err != nil {
		t.Fatalf("add an option before voting: %v", err)
	}
	qs, err := st.Questions(e.ctx, e.m.ID, e.c.ID)
	if err != nil || len(qs[0].Options) != 4 {
		t.Fatalf("options: %+v %v", qs, err)
	}
	e.single = qs[0]

	e.vote(t, e.resident(t), 3)

	// Text fixes: prompt, help and labels, in every language.
	fix := asInput(e.single)
	fix.Prompt = store.Translations{"nb": "Hvor skal parken ligge?", "nn": "Kvar skal parken liggje?"}
	fix.Help = store.Translations{"nb": "Velg ett sted."}
	fix.Options[3].Label = store.Translations{"nb": "Vest (ved skolen)"}
	if err := update(e.single, fix); err != nil {
		t.Fatalf("text fix after voting: %v", err)
	}
	qs, err = st.Questions(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := qs[0]
	if got.Prompt["nn"] != "Kvar skal parken liggje?" || got.Help["nb"] != "Velg ett sted." ||
		got.Options[3].Label["nb"] != "Vest (ved skolen)" || got.Options[3].ID != e.single.Options[3].ID {
		t.Fatalf("the fix is kept and the options keep their ids: %+v", got)
	}
	if n := e.count(t, `SELECT count(*) FROM ballot_choices WHERE option_id = $1`, e.single.Options[3].ID); n != 1 {
		t.Fatalf("the ballot keeps its choice: %d", n)
	}

	for name, change := range map[string]func(in *store.QuestionInput){
		"kind":           func(in *store.QuestionInput) { in.Kind = store.QuestionMultiple },
		"max choices":    func(in *store.QuestionInput) { in.MaxChoices = sql.NullInt32{Int32: 2, Valid: true} },
		"min choices":    func(in *store.QuestionInput) { in.MinChoices = 1 },
		"an option more": func(in *store.QuestionInput) { in.Options = append(in.Options, store.OptionInput{Label: label("Ny")}) },
		"an option less": func(in *store.QuestionInput) { in.Options = in.Options[:3] },
	} {
		in := asInput(got)
		change(&in)
		if err := update(got, in); !errors.Is(err, store.ErrHasVotes) {
			t.Errorf("%s after voting: want ErrHasVotes, got %v", name, err)
		}
	}
	for name, change := range map[string]func(in *store.QuestionInput){
		"budget": func(in *store.QuestionInput) { in.Budget = money(200) },
		"cost":   func(in *store.QuestionInput) { in.Options[0].Cost = money(10) },
	} {
		in := asInput(e.budget)
		change(&in)
		if err := update(e.budget, in); !errors.Is(err, store.ErrHasVotes) {
			t.Errorf("%s after voting: want ErrHasVotes, got %v", name, err)
		}
	}
	if err := st.DeleteQuestion(e.ctx, e.m.ID, e.official.ID, e.c.ID, e.text.ID); !errors.Is(err, store.ErrHasVotes) {
		t.Fatalf("delete after voting: %v", err)
	}
	if _, err := st.CreateQuestion(e.ctx, e.m.ID, e.official.ID, e.c.ID, asInput(e.text)); !errors.Is(err, store.ErrHasVotes) {
		t.Fatalf("add after voting: %v", err)
	}
	if qs, _ := st.Questions(e.ctx, e.m.ID, e.c.ID); len(qs) != 4 || len(qs[0].Options) != 4 || qs[0].Kind != store.QuestionSingle {
		t.Fatalf("refused changes changed something: %+v", qs)
	}

	// A tally counts as votes too.
	c2, qs2 := e.consultation(t, votingNow("Talt"), true,
		store.QuestionInput{Kind: store.QuestionSingle, Prompt: label("?"), Options: []store.OptionInput{{Label: label("A")}}},
		store.QuestionInput{Kind: store.QuestionText, Prompt: label("!")})
	if err := st.DeleteQuestion(e.ctx, e.m.ID, e.official.ID, c2.ID, qs2[1].ID); err != nil {
		t.Fatalf("delete before voting: %v", err)
	}
	if err := st.RecordTally(e.ctx, e.m.ID, e.official.ID, c2.ID, store.TallyInput{Channel: store.ChannelMeeting, Ballots: 2,
		Counts: map[int64]int{qs2[0].Options[0].ID: 2}}); err != nil {
		t.Fatal(err)
	}
	in = asInput(qs2[0])
	in.Options = append(in.Options, store.OptionInput{Label: label("B")})
	if err := st.UpdateQuestion(e.ctx, e.m.ID, e.official.ID, c2.ID, qs2[0].ID, in); !errors.Is(err, store.ErrHasVotes) {
		t.Fatalf("change after a tally: %v", err)
	}
	if err := st.DeleteQuestion(e.ctx, e.m.ID, e.official.ID, c2.ID, qs2[0].ID); !errors.Is(err, store.ErrHasVotes) {
		t.Fatalf("delete after a tally: %v", err)
	}

	// Closed consultations take no changes at all.
	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}
	if err := update(got, asInput(got)); !errors.Is(err, store.ErrWrongStatus) {
		t.Fatalf("change after closing: %v", err)
	}
}
