package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// asConsultationInput turns a stored consultation back into form input.
func asConsultationInput(c *store.Consultation) store.ConsultationInput {
	return store.ConsultationInput{Title: c.Title, Summary: c.Summary, Body: c.Body,
		InformationFrom: c.InformationFrom, InputFrom: c.InputFrom, VotingFrom: c.VotingFrom, VotingUntil: c.VotingUntil,
		ResultsFrom: c.ResultsFrom, LiveResults: c.LiveResults, RestrictToAreas: c.RestrictToAreas, MinAge: c.MinAge,
		AreaIDs: c.AreaIDs}
}

// TestConsultationEditsOnceVoted keeps who may vote once ballots exist, but
// lets texts and dates change.
func TestConsultationEditsOnceVoted(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "cvoted")
	north, err := st.CreateArea(e.ctx, e.m.ID, "A2", "Nord")
	if err != nil {
		t.Fatal(err)
	}
	update := func(in store.ConsultationInput) error {
		return st.UpdateConsultation(e.ctx, e.m.ID, e.official.ID, e.c.ID, in)
	}
	in := asConsultationInput(e.c)
	in.AreaIDs = []int64{e.area.ID, north.ID}
	in.MinAge = sql.NullInt32{Int32: 15, Valid: true}
	if err := update(in); err != nil {
		t.Fatalf("eligibility before voting: %v", err)
	}
	e.c = e.reload(t)
	if len(e.c.AreaIDs) != 2 || e.c.MinAge.Int32 != 15 || e.c.HasVotes {
		t.Fatalf("updated: %+v", e.c)
	}

	e.vote(t, e.user(t, store.RoleResident, store.Profile{BirthYear: sql.NullInt32{Int32: 1980, Valid: true}}), 0)
	e.c = e.reload(t)
	if !e.c.HasVotes || e.c.Ballots != 1 {
		t.Fatalf("has votes: %v, %d ballots", e.c.HasVotes, e.c.Ballots)
	}

	for name, change := range map[string]func(in *store.ConsultationInput){
		"areas":             func(in *store.ConsultationInput) { in.AreaIDs = []int64{e.area.ID} },
		"no areas":          func(in *store.ConsultationInput) { in.AreaIDs = nil },
		"restrict to areas": func(in *store.ConsultationInput) { in.RestrictToAreas = true },
		"minimum age":       func(in *store.ConsultationInput) { in.MinAge = sql.NullInt32{Int32: 18, Valid: true} },
		"no minimum age":    func(in *store.ConsultationInput) { in.MinAge = sql.NullInt32{} },
	} {
		in := asConsultationInput(e.c)
		change(&in)
		if err := update(in); !errors.Is(err, store.ErrHasVotes) {
			t.Errorf("%s after voting: want ErrHasVotes, got %v", name, err)
		}
	}

	in = asConsultationInput(e.c)
	in.AreaIDs = []int64{north.ID, e.area.ID} // the same areas in another order
	in.Title = store.Translations{"nb": "Ny park i sentrum", "nn": "Ny park i sentrum"}
	in.Body = store.Translations{"nb": "Mer om parken."}
	in.VotingUntil = day(9)
	in.ResultsFrom = sql.NullTime{Time: day(12), Valid: true}
	if err := update(in); err != nil {
		t.Fatalf("texts and dates after voting: %v", err)
	}
	c := e.reload(t)
	if c.Title["nn"] != "Ny park i sentrum" || !c.VotingUntil.Equal(day(9)) || !c.ResultsFrom.Time.Equal(day(12)) ||
		len(c.AreaIDs) != 2 || c.MinAge.Int32 != 15 {
		t.Fatalf("after a text and date change: %+v", c)
	}
}

// TestPublishAndClose walks a consultation through its statuses.
func TestPublishAndClose(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "status")

	draft, _ := e.consultation(t, votingNow("Tom"), false)
	if err := st.PublishConsultation(e.ctx, e.m.ID, e.official.ID, draft.ID); !errors.Is(err, store.ErrNoQuestions) {
		t.Fatalf("publish without questions: %v", err)
	}
	if err := st.CloseVoting(e.ctx, e.m.ID, e.official.ID, draft.ID); !errors.Is(err, store.ErrWrongStatus) {
		t.Fatalf("close a draft: %v", err)
	}
	if err := st.PublishResults(e.ctx, e.m.ID, e.official.ID, draft.ID); !errors.Is(err, store.ErrWrongStatus) {
		t.Fatalf("results of a draft: %v", err)
	}
	if err := st.PublishConsultation(e.ctx, e.m.ID, e.official.ID, e.c.ID); !errors.Is(err, store.ErrWrongStatus) {
		t.Fatalf("publish twice: %v", err)
	}

	// Publishing the results of an open consultation closes it first.
	voter := e.resident(t)
	e.vote(t, voter, 1)
	if err := st.PublishResults(e.ctx, e.m.ID, e.official.ID, e.c.ID); err != nil {
		t.Fatal(err)
	}
	c := e.reload(t)
	if c.Status != store.ConsultationResultsPublished || !c.ClosedAt.Valid || c.Phase(day(0)) != store.PhaseResults {
		t.Fatalf("after publishing results: %s %v", c.Status, c.ClosedAt)
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE voter_hash IS NOT NULL`); n != 0 {
		t.Fatalf("publishing results drops the voter links: %d left", n)
	}
	if voted, err := st.HasVoted(e.ctx, e.m.ID, testBallotKey, voter.ID, e.c.ID); err != nil || voted {
		t.Fatalf("has voted after the results: %v %v", voted, err)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action IN ('consultation.close', 'consultation.publish_results')`); n != 2 {
		t.Fatalf("audit entries: %d", n)
	}
	for name, err := range map[string]error{
		"close":   st.CloseVoting(e.ctx, e.m.ID, e.official.ID, e.c.ID),
		"results": st.PublishResults(e.ctx, e.m.ID, e.official.ID, e.c.ID),
		"update":  st.UpdateConsultation(e.ctx, e.m.ID, e.official.ID, e.c.ID, asConsultationInput(c)),
	} {
		if !errors.Is(err, store.ErrWrongStatus) {
			t.Errorf("%s after the results: %v", name, err)
		}
	}
}

// TestCloseDueConsultations closes published consultations whose last
// voting day is over in the municipality's time zone, and nothing else.
func TestCloseDueConsultations(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newConsultationEnv(t, st, "due")
	question := store.QuestionInput{Kind: store.QuestionStatement, Prompt: label("Ja?")}

	// Kiritimati (UTC+14) is always a day or two ahead of Pago Pago
	// (UTC-11): a last voting day of yesterday in Kiritimati has not ended
	// in Pago Pago.
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	lastDay := store.Today(kiritimati, time.Now()).AddDate(0, 0, -1)
	in := store.ConsultationInput{Title: label("Frist"), InformationFrom: lastDay.AddDate(0, 0, -9),
		VotingFrom: lastDay.AddDate(0, 0, -3), VotingUntil: lastDay}
	due, _ := e.consultation(t, in, true, question)
	draft, _ := e.consultation(t, in, false, question)
	closeDue := func(municipalityID int64) int {
		t.Helper()
		n, err := st.CloseDueConsultations(e.ctx, municipalityID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	status := func(id int64) string {
		t.Helper()
		c, err := st.ConsultationByID(e.ctx, e.m.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return c.Status
	}

	voter := e.resident(t)
	e.exec(t, `UPDATE municipalities SET time_zone = 'Pacific/Pago_Pago' WHERE id = $1`, e.m.ID)
	if _, err := st.CastBallot(e.ctx, e.m.ID, testBallotKey, voter.ID, due.ID,
		store.BallotInput{Stances: map[int64]string{mustQuestions(t, st, e, due.ID)[0].ID: store.StanceAgree}}); err != nil {
		t.Fatalf("the last voting day in Pago Pago: %v", err)
	}
	if n := closeDue(e.m.ID); n != 0 || status(due.ID) != store.ConsultationPublished {
		t.Fatalf("closed %d while voting is still on", n)
	}

	e.exec(t, `UPDATE municipalities SET time_zone = 'Pacific/Kiritimati' WHERE id = $1`, e.m.ID)
	other := newConsultationEnv(t, st, "due-other")
	if n := closeDue(other.m.ID); n != 0 || status(due.ID) != store.ConsultationPublished {
		t.Fatalf("another municipality closed %d", n)
	}
	if n := closeDue(e.m.ID); n != 1 {
		t.Fatalf("closed %d, want the one that is due", n)
	}
	if status(due.ID) != store.ConsultationClosed || status(draft.ID) != store.ConsultationDraft || status(e.c.ID) != store.ConsultationPublished {
		t.Fatalf("statuses: due %s, draft %s, open %s", status(due.ID), status(draft.ID), status(e.c.ID))
	}
	if n := e.count(t, `SELECT count(*) FROM ballots WHERE consultation_id = $1 AND voter_hash IS NULL`, due.ID); n != 1 {
		t.Fatalf("closing by the calendar drops the voter links: %d", n)
	}
	if n := closeDue(e.m.ID); n != 0 {
		t.Fatalf("closed again: %d", n)
	}
}

func mustQuestions(t *testing.T, st *store.Store, e *consultationEnv, id int64) []store.Question {
	t.Helper()
	qs, err := st.Questions(e.ctx, e.m.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestConsultationTenancy refuses every consultation function another
// municipality's consultation.
func TestConsultationTenancy(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	mine := newConsultationEnv(t, st, "mine")
	theirs := newConsultationEnv(t, st, "theirs")
	voter := theirs.resident(t)
	receipt := theirs.vote(t, voter, 0)
	b := choose(theirs.single, 1)
	b.Texts = map[int64]string{theirs.text.ID: "Hemmelig"}
	if _, err := theirs.cast(voter, b); err != nil {
		t.Fatal(err)
	}
	answers, err := st.TextAnswers(theirs.ctx, theirs.m.ID, theirs.c.ID, true)
	if err != nil || len(answers) != 1 {
		t.Fatalf("answers: %v %v", answers, err)
	}

	ctx, m, official, id := context.Background(), mine.m.ID, mine.official.ID, theirs.c.ID
	myVoter := mine.resident(t)
	q := asInput(theirs.single)
	calls := map[string]func() error{
		"ConsultationByID":    func() error { _, err := st.ConsultationByID(ctx, m, id); return err },
		"UpdateConsultation":  func() error { return st.UpdateConsultation(ctx, m, official, id, asConsultationInput(theirs.c)) },
		"PublishConsultation": func() error { return st.PublishConsultation(ctx, m, official, id) },
		"CloseVoting":         func() error { return st.CloseVoting(ctx, m, official, id) },
		"PublishResults":      func() error { return st.PublishResults(ctx, m, official, id) },
		"Questions":           func() error { _, err := st.Questions(ctx, m, id); return err },
		"CreateQuestion":      func() error { _, err := st.CreateQuestion(ctx, m, official, id, q); return err },
		"UpdateQuestion":      func() error { return st.UpdateQuestion(ctx, m, official, id, theirs.single.ID, q) },
		"UpdateQuestion of theirs in mine": func() error {
			return st.UpdateQuestion(ctx, m, official, mine.c.ID, theirs.single.ID, q)
		},
		"DeleteQuestion": func() error { return st.DeleteQuestion(ctx, m, official, id, theirs.text.ID) },
		"DeleteQuestion of theirs in mine": func() error {
			return st.DeleteQuestion(ctx, m, official, mine.c.ID, theirs.text.ID)
		},
		"CastBallot": func() error {
			_, err := st.CastBallot(ctx, m, testBallotKey, myVoter.ID, id, choose(theirs.single, 0))
			return err
		},
		"MyBallot": func() error { _, err := st.MyBallot(ctx, m, testBallotKey, voter.ID, id); return err },
		"HasVoted": func() error { _, err := st.HasVoted(ctx, m, testBallotKey, voter.ID, id); return err },
		"VerifyReceipt": func() error {
			ok, err := st.VerifyReceipt(ctx, m, id, receipt.Code)
			if ok {
				t.Error("VerifyReceipt: verified in another municipality")
			}
			return err
		},
		"CastPaperBallot": func() error {
			_, err := st.CastPaperBallot(ctx, m, official, id, store.ChannelPaper, store.Segment{}, choose(theirs.single, 0))
			return err
		},
		"RecordTally": func() error {
			return st.RecordTally(ctx, m, official, id, store.TallyInput{Channel: store.ChannelPaper, Ballots: 1})
		},
		"ResultCells":         func() error { _, err := st.ResultCells(ctx, m, id); return err },
		"BallotCells":         func() error { _, err := st.BallotCells(ctx, m, id); return err },
		"TextAnswers":         func() error { _, err := st.TextAnswers(ctx, m, id, true); return err },
		"ConsultationResults": func() error { _, _, err := st.ConsultationResults(ctx, m, id); return err },
		"SetTextAnswerHidden": func() error { return st.SetTextAnswerHidden(ctx, m, official, id, answers[0].ID, true) },
		"SetTextAnswerHidden of theirs in mine": func() error {
			return st.SetTextAnswerHidden(ctx, m, official, mine.c.ID, answers[0].ID, true)
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: want ErrNotFound, got %v", name, err)
		}
	}
	list, err := st.ListConsultations(ctx, m, true)
	if err != nil || len(list) != 1 || list[0].ID != mine.c.ID {
		t.Fatalf("my list: %+v %v", list, err)
	}

	// Nothing of theirs changed.
	c := theirs.reload(t)
	if c.Status != store.ConsultationPublished || c.Ballots != 1 || c.Title["nb"] != "Ny park" {
		t.Fatalf("their consultation changed: %+v", c)
	}
	if qs, _ := st.Questions(ctx, theirs.m.ID, id); len(qs) != 4 || len(qs[0].Options) != 3 {
		t.Fatalf("their questions changed: %+v", qs)
	}
	if a, _ := st.TextAnswers(ctx, theirs.m.ID, id, true); len(a) != 1 || a[0].Hidden {
		t.Fatalf("their answer changed: %+v", a)
	}
	if n := theirs.count(t, `SELECT count(*) FROM ballots`); n != 1 {
		t.Fatalf("ballots: %d", n)
	}
}
