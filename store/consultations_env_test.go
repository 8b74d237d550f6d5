package store_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// testBallotKey links voters to ballots in tests.
var testBallotKey = []byte("0123456789abcdef0123456789abcdef")

// consultationEnv is a municipality with a published consultation in its
// voting phase: a single-choice question with three options, a budget
// question, a statement and a free-text question.
type consultationEnv struct {
	*propEnv
	official  *store.User
	c         *store.Consultation
	single    store.Question
	budget    store.Question
	statement store.Question
	text      store.Question
}

func day(offset int) time.Time {
	return store.Today(time.UTC, time.Now()).AddDate(0, 0, offset)
}

func newConsultationEnv(t *testing.T, st *store.Store, slug string) *consultationEnv {
	t.Helper()
	e := &consultationEnv{propEnv: newPropEnv(t, st, slug)}
	e.official = e.user(t, store.RoleOfficial, store.Profile{})
	id, err := st.CreateConsultation(e.ctx, e.m.ID, e.official.ID, store.ConsultationInput{
		Title:           store.Translations{"nb": "Ny park", "da": "Ny park"},
		Summary:         store.Translations{"nb": "Hva vil du ha i parken?"},
		InformationFrom: day(-10), VotingFrom: day(-2), VotingUntil: day(5),
	})
	if err != nil {
		t.Fatalf("create consultation: %v", err)
	}
	add := func(in store.QuestionInput) {
		t.Helper()
		if _, err := st.CreateQuestion(e.ctx, e.m.ID, e.official.ID, id, in); err != nil {
			t.Fatalf("create %s question: %v", in.Kind, err)
		}
	}
	label := func(s string) store.Translations { return store.Translations{"nb": s} }
	add(store.QuestionInput{Position: 1, Kind: store.QuestionSingle, Prompt: label("Hvor?"),
		Options: []store.OptionInput{{Label: label("Nord")}, {Label: label("Sør")}, {Label: label("Øst")}}})
	add(store.QuestionInput{Position: 2, Kind: store.QuestionBudget, Prompt: label("Hva?"),
		Budget: sql.NullInt64{Int64: 100, Valid: true},
		Options: []store.OptionInput{
			{Label: label("Benker"), Cost: sql.NullInt64{Int64: 40, Valid: true}},
			{Label: label("Lekeplass"), Cost: sql.NullInt64{Int64: 70, Valid: true}},
			{Label: label("Trær"), Cost: sql.NullInt64{Int64: 30, Valid: true}},
		}})
	add(store.QuestionInput{Position: 3, Kind: store.QuestionStatement, Prompt: label("Parken bør være åpen om natta.")})
	add(store.QuestionInput{Position: 4, Kind: store.QuestionText, Prompt: label("Noe mer?")})
	if err := st.PublishConsultation(e.ctx, e.m.ID, e.official.ID, id); err != nil {
		t.Fatalf("publish: %v", err)
	}
	e.c, err = st.ConsultationByID(e.ctx, e.m.ID, id)
	if err != nil {
		t.Fatalf("read consultation: %v", err)
	}
	qs, err := st.Questions(e.ctx, e.m.ID, id)
	if err != nil || len(qs) != 4 {
		t.Fatalf("questions: %v %v", qs, err)
	}
	e.single, e.budget, e.statement, e.text = qs[0], qs[1], qs[2], qs[3]
	return e
}

// vote casts a ballot choosing option i of the single-choice question.
func (e *consultationEnv) vote(t *testing.T, u *store.User, i int) store.CastReceipt {
	t.Helper()
	r, err := e.st.CastBallot(e.ctx, e.m.ID, testBallotKey, u.ID, e.c.ID, store.BallotInput{
		Choices: map[int64][]int64{e.single.ID: {e.single.Options[i].ID}},
	})
	if err != nil {
		t.Fatalf("cast ballot: %v", err)
	}
	return r
}
