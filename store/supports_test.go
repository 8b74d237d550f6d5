package store_test

import (
	"database/sql"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func TestSupportRules(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	author := e.resident(t)
	supporter := e.user(t, store.RoleResident, store.Profile{
		AreaID: some(e.area.ID), BirthYear: sql.NullInt32{Int32: 2008, Valid: true}, Gender: text("other"),
	})
	p := e.propose(t, author, "Støttes", "Tekst")

	changed, err := st.Support(e.ctx, e.m.ID, supporter.ID, p.ID)
	if err != nil || !changed {
		t.Fatalf("support: %v %v", changed, err)
	}
	if changed, err := st.Support(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil || changed {
		t.Fatalf("supporting twice changes nothing: %v %v", changed, err)
	}
	if got := e.get(t, p.ID); got.SupportCount != 1 {
		t.Fatalf("count: %d", got.SupportCount)
	}
	got := e.ledger(t, "support", p.ID)
	wantBand := store.AgeBandFor(time.Now().Year()-2008, store.DefaultAgeBands)
	if len(got) != 1 || got[0].UserID.Int64 != supporter.ID || got[0].ScopeType != "proposal" || got[0].Channel != "web" ||
		got[0].AreaID.Int64 != e.area.ID || got[0].AgeBand.String != wantBand || got[0].Gender.String != "other" {
		t.Fatalf("ledger entry with the supporter's segment: %+v", got)
	}
	supported, err := st.SupportedBy(e.ctx, e.m.ID, supporter.ID, []int64{p.ID, p.ID + 1000})
	if err != nil || !supported[p.ID] || len(supported) != 1 {
		t.Fatalf("SupportedBy: %v %v", supported, err)
	}
	if s, err := st.SupportedBy(e.ctx, e.m.ID, 0, []int64{p.ID}); err != nil || len(s) != 0 {
		t.Fatalf("SupportedBy anonymous: %v %v", s, err)
	}

	// Unsupport, twice, and support again: no second ledger entry.
	if changed, err := st.Unsupport(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil || !changed {
		t.Fatalf("unsupport: %v %v", changed, err)
	}
	if changed, err := st.Unsupport(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil || changed {
		t.Fatalf("unsupporting twice changes nothing: %v %v", changed, err)
	}
	if got := e.get(t, p.ID); got.SupportCount != 0 {
		t.Fatalf("count after unsupport: %d", got.SupportCount)
	}
	if s, _ := st.SupportedBy(e.ctx, e.m.ID, supporter.ID, []int64{p.ID}); s[p.ID] {
		t.Fatal("SupportedBy after unsupport")
	}
	if changed, err := st.Support(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil || !changed {
		t.Fatalf("support again: %v %v", changed, err)
	}
	if got := e.ledger(t, "support", p.ID); len(got) != 1 {
		t.Fatalf("the ledger records the first support only: %d entries", len(got))
	}
	// The count never goes below zero, even if it drifted.
	e.exec(t, `UPDATE proposals SET support_count = 0 WHERE id = $1`, p.ID)
	if _, err := st.Unsupport(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil || e.get(t, p.ID).SupportCount != 0 {
		t.Fatalf("count below zero: %v %d", err, e.get(t, p.ID).SupportCount)
	}

	// Refusals.
	if _, err := st.Support(e.ctx, e.m.ID, author.ID, p.ID); !errors.Is(err, store.ErrOwnProposal) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("own proposal: want ErrOwnProposal, got %v", err)
	}
	blocked := e.resident(t)
	e.exec(t, `UPDATE users SET blocked_at = now() WHERE id = $1`, blocked.ID)
	if _, err := st.Support(e.ctx, e.m.ID, blocked.ID, p.ID); !errors.Is(err, store.ErrBlocked) {
		t.Errorf("blocked: want ErrBlocked, got %v", err)
	}
	if _, err := st.Support(e.ctx, e.m.ID, supporter.ID, p.ID+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown proposal: want ErrNotFound, got %v", err)
	}
	hidden := e.propose(t, author, "Skjult", "Tekst")
	e.exec(t, `UPDATE proposals SET hidden_at = now() WHERE id = $1`, hidden.ID)
	if _, err := st.Support(e.ctx, e.m.ID, supporter.ID, hidden.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("hidden: want ErrNotFound, got %v", err)
	}
	for status, open := range map[string]bool{
		store.StatusAwaitingAnswer: true, store.StatusUnderReview: true, store.StatusAccepted: false,
		store.StatusRejected: false, store.StatusInProgress: false, store.StatusImplemented: false, store.StatusWithdrawn: false,
	} {
		q := e.propose(t, author, "Status "+status, "Tekst")
		e.exec(t, `UPDATE proposals SET status = $2 WHERE id = $1`, q.ID, status)
		_, err := st.Support(e.ctx, e.m.ID, supporter.ID, q.ID)
		if open && err != nil {
			t.Errorf("%s: support: %v", status, err)
		}
		if !open && !errors.Is(err, store.ErrSupportClosed) {
			t.Errorf("%s: want ErrSupportClosed, got %v", status, err)
		}
		if got := e.get(t, q.ID); got.Status != status {
			t.Errorf("%s: a support does not change the status: %s", status, got.Status)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM proposal_supports WHERE user_id = $1`, blocked.ID); n != 0 {
		t.Errorf("refused supports leave nothing: %d", n)
	}
	// Unsupport of a decided proposal is refused too: its count is history.
	dec := e.propose(t, author, "Avgjort", "Tekst")
	if _, err := st.Support(e.ctx, e.m.ID, supporter.ID, dec.ID); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `UPDATE proposals SET status = 'accepted' WHERE id = $1`, dec.ID)
	if _, err := st.Unsupport(e.ctx, e.m.ID, supporter.ID, dec.ID); !errors.Is(err, store.ErrSupportClosed) {
		t.Errorf("unsupport of an accepted proposal: want ErrSupportClosed, got %v", err)
	}
	// A blocked account may take its support back.
	if _, err := st.Support(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `UPDATE users SET blocked_at = now() WHERE id = $1`, supporter.ID)
	if changed, err := st.Unsupport(e.ctx, e.m.ID, supporter.ID, p.ID); err != nil || !changed {
		t.Errorf("blocked unsupport: %v %v", changed, err)
	}
}

func TestSupportConcurrency(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	author := e.resident(t)
	many := e.propose(t, author, "Mange", "Tekst")
	one := e.propose(t, author, "En", "Tekst")
	e.exec(t, `UPDATE municipalities SET settings = '{"support_threshold": 1000}' WHERE id = $1`, e.m.ID)
	users := make([]*store.User, 20)
	for i := range users {
		users[i] = e.resident(t)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	changes, errs := 0, []error{}
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := st.Support(e.ctx, e.m.ID, users[i].ID, many.ID); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
		go func() {
			defer wg.Done()
			changed, err := st.Support(e.ctx, e.m.ID, users[0].ID, one.ID)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			if changed {
				changes++
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("concurrent supports: %v", errs)
	}
	if got := e.get(t, many.ID); got.SupportCount != 20 {
		t.Errorf("20 residents: count %d", got.SupportCount)
	}
	if n := e.count(t, `SELECT count(*) FROM proposal_supports WHERE proposal_id = $1`, many.ID); n != 20 {
		t.Errorf("20 residents: %d rows", n)
	}
	if n := len(e.ledger(t, "support", many.ID)); n != 20 {
		t.Errorf("20 residents: %d ledger entries", n)
	}
	if got := e.get(t, one.ID); got.SupportCount != 1 || changes != 1 {
		t.Errorf("one resident 20 times: count %d, changed %d times", got.SupportCount, changes)
	}
	if n := len(e.ledger(t, "support", one.ID)); n != 1 {
		t.Errorf("one resident 20 times: %d ledger entries", n)
	}
}

func TestSupportThreshold(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	e.exec(t, `UPDATE municipalities SET settings = settings || '{"support_threshold": 3}' WHERE id = $1`, e.m.ID)
	author := e.resident(t)
	officials := []*store.User{e.user(t, store.RoleOfficial, store.Profile{}), e.user(t, store.RoleOfficial, store.Profile{}), e.user(t, store.RoleAdmin, store.Profile{})}
	moderator := e.user(t, store.RoleModerator, store.Profile{})
	gone := e.user(t, store.RoleOfficial, store.Profile{})
	if err := st.DeleteUser(e.ctx, e.m.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	p := e.propose(t, author, "Terskel", "Tekst")

	supporters := make([]*store.User, 6)
	for i := range supporters {
		supporters[i] = e.resident(t)
	}
	if _, err := st.Support(e.ctx, e.m.ID, supporters[0].ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Support(e.ctx, e.m.ID, supporters[1].ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.get(t, p.ID); got.Status != store.StatusPublished {
		t.Fatalf("below the threshold: %s", got.Status)
	}
	var wg sync.WaitGroup
	for _, u := range supporters[2:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := st.Support(e.ctx, e.m.ID, u.ID, p.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got := e.get(t, p.ID)
	if got.Status != store.StatusAwaitingAnswer || got.SupportCount != 6 {
		t.Fatalf("at the threshold: %s, %d supports", got.Status, got.SupportCount)
	}
	if n := e.count(t, `SELECT count(*) FROM proposal_status_changes WHERE municipality_id = $1 AND proposal_id = $2
		AND from_status = 'published' AND to_status = 'awaiting_answer' AND official_id IS NULL AND explanation = $3`,
		e.m.ID, p.ID, store.TimelineThresholdReached); n != 1 {
		t.Errorf("one timeline entry: %d", n)
	}
	for _, o := range officials {
		ns, err := st.Notifications(e.ctx, e.m.ID, o.ID, 10)
		if err != nil || len(ns) != 1 || ns[0].MessageID != "notify.proposal_awaiting_answer" ||
			ns[0].Args["title"] != "Terskel" || ns[0].Link != "/proposals/"+strconv.FormatInt(p.ID, 10) {
			t.Errorf("%s is notified once: %+v %v", o.Role, ns, err)
		}
	}
	for _, u := range []*store.User{moderator, author, supporters[0]} {
		if n, _ := st.UnreadCount(e.ctx, e.m.ID, u.ID); n != 0 {
			t.Errorf("%s is not notified: %d", u.Role, n)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM notifications WHERE user_id = $1`, gone.ID); n != 0 {
		t.Errorf("a deleted official is not notified: %d", n)
	}
	// Falling below the threshold does not move the status back.
	for _, u := range supporters[:4] {
		if _, err := st.Unsupport(e.ctx, e.m.ID, u.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.get(t, p.ID); got.Status != store.StatusAwaitingAnswer || got.SupportCount != 2 {
		t.Errorf("after unsupports: %s, %d", got.Status, got.SupportCount)
	}
	for _, u := range supporters[:4] {
		if _, err := st.Support(e.ctx, e.m.ID, u.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM notifications WHERE municipality_id = $1`, e.m.ID); n != len(officials) {
		t.Errorf("officials are notified once in all: %d", n)
	}

	// Without a setting the threshold is 10.
	d := newPropEnv(t, st, "b")
	dAuthor := d.resident(t)
	official := d.user(t, store.RoleOfficial, store.Profile{})
	q := d.propose(t, dAuthor, "Standard", "Tekst")
	for i := range store.DefaultSupportThreshold {
		if got := d.get(t, q.ID); got.Status != store.StatusPublished {
			t.Fatalf("after %d supports: %s", i, got.Status)
		}
		if _, err := st.Support(d.ctx, d.m.ID, d.resident(t).ID, q.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := d.get(t, q.ID); got.Status != store.StatusAwaitingAnswer {
		t.Errorf("after %d supports: %s", store.DefaultSupportThreshold, got.Status)
	}
	if n, _ := st.UnreadCount(d.ctx, d.m.ID, official.ID); n != 1 {
		t.Errorf("the other municipality's official: %d", n)
	}
	if n, _ := st.UnreadCount(e.ctx, e.m.ID, officials[0].ID); n != 1 {
		t.Errorf("officials of one municipality hear nothing of another: %d", n)
	}
}
