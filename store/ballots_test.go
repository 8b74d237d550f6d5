package store_test

import (
	"errors"
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
