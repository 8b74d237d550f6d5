package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

var allStatuses = []string{
	store.StatusPublished, store.StatusAwaitingAnswer, store.StatusUnderReview, store.StatusAccepted,
	store.StatusRejected, store.StatusInProgress, store.StatusImplemented, store.StatusWithdrawn,
}

func TestStatusTransitions(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari := s.user(store.RoleResident, "Kari")
	official := s.user(store.RoleOfficial, "Saksbehandler")
	allowed := map[string]string{
		store.StatusPublished:      "under_review accepted rejected",
		store.StatusAwaitingAnswer: "under_review accepted rejected",
		store.StatusUnderReview:    "accepted rejected",
		store.StatusAccepted:       "in_progress implemented",
		store.StatusInProgress:     "in_progress implemented",
		// rejected, implemented and withdrawn are final
	}
	for _, from := range allStatuses {
		for _, to := range allStatuses {
			p := s.proposal(kari.ID, from+" til "+to)
			s.exec(`UPDATE proposals SET status = $2 WHERE id = $1`, p.ID, from)
			progress := -1
			if to == store.StatusInProgress {
				progress = 40
			}
			_, err := s.st.ChangeStatus(s.ctx, s.m.ID, official.ID, p.ID, to, progress, "Begrunnelse")
			want := strings.Contains(" "+allowed[from]+" ", " "+to+" ")
			if want && err != nil {
				t.Errorf("%s -> %s: want allowed, got %v", from, to, err)
			}
			if !want && (!errors.Is(err, store.ErrBadTransition) || !errors.Is(err, store.ErrConflict)) {
				t.Errorf("%s -> %s: want ErrBadTransition (a conflict), got %v", from, to, err)
			}
			if got := s.proposalAs(p.ID, asModerator).Status; (want && got != to) || (!want && got != from) {
				t.Errorf("%s -> %s: status is %s", from, to, got)
			}
			if store.CanTransition(from, to) != want {
				t.Errorf("CanTransition(%s, %s) = %v", from, to, !want)
			}
		}
	}
}

func TestChangeStatusValidation(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari := s.user(store.RoleResident, "Kari")
	official := s.user(store.RoleOfficial, "Saksbehandler")
	p := s.proposal(kari.ID, "Benker i parken")
	change := func(actor int64, to string, progress int, explanation string) error {
		_, err := st.ChangeStatus(s.ctx, s.m.ID, actor, p.ID, to, progress, explanation)
		return err
	}
	for _, explanation := range []string{"", " \n", strings.Repeat("x", store.ExplanationMaxLength+1)} {
		if err := change(official.ID, store.StatusRejected, -1, explanation); !errors.Is(err, store.ErrExplanationRequired) {
			t.Errorf("explanation of %d characters: want ErrExplanationRequired, got %v", len(explanation), err)
		}
	}
	for _, role := range []string{store.RoleResident, store.RoleModerator} {
		u := s.user(role, "Som "+role)
		if err := change(u.ID, store.StatusUnderReview, -1, "Vi ser på det"); !errors.Is(err, store.ErrNotOfficial) {
			t.Errorf("%s: want ErrNotOfficial, got %v", role, err)
		}
	}
	foreignOfficial := b.user(store.RoleOfficial, "Fremmed")
	if err := change(foreignOfficial.ID, store.StatusUnderReview, -1, "Vi ser på det"); !errors.Is(err, store.ErrNotOfficial) {
		t.Errorf("official of another municipality: want ErrNotOfficial, got %v", err)
	}
	if _, err := st.ChangeStatus(s.ctx, b.m.ID, foreignOfficial.ID, p.ID, store.StatusUnderReview, -1, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("proposal of another municipality: want ErrNotFound, got %v", err)
	}
	if got := s.proposalAs(p.ID, asModerator).Status; got != store.StatusPublished {
		t.Fatalf("refused changes change nothing: %s", got)
	}
	admin := s.user(store.RoleAdmin, "Admin")
	if err := change(admin.ID, store.StatusAccepted, -1, "Vedtatt i kommunestyret"); err != nil {
		t.Fatalf("admins may change the status: %v", err)
	}
	for _, progress := range []int{-1, 101, -2} {
		if err := change(official.ID, store.StatusInProgress, progress, "I gang"); !errors.Is(err, store.ErrBadProgress) {
			t.Errorf("in_progress with progress %d: want ErrBadProgress, got %v", progress, err)
		}
	}
	if err := change(official.ID, store.StatusImplemented, 50, "Ferdig"); !errors.Is(err, store.ErrBadProgress) {
		t.Errorf("progress on another status: want ErrBadProgress, got %v", err)
	}
	if err := change(official.ID, store.StatusInProgress, 0, "Oppstart"); err != nil {
		t.Fatalf("progress 0 is a progress: %v", err)
	}
	if got := s.proposalAs(p.ID, asModerator); got.Status != store.StatusInProgress || !got.Progress.Valid || got.Progress.Int32 != 0 {
		t.Fatalf("in progress at 0%%: %s %v", got.Status, got.Progress)
	}
}

func TestChangeStatusNotifiesAuthorAndSupportersOnce(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari := s.user(store.RoleResident, "Kari")
	official := s.user(store.RoleOfficial, "Saksbehandler")
	p := s.proposal(kari.ID, "Benker i parken")
	var supporters []*store.User
	for i := range 4 {
		u := s.user(store.RoleResident, fmt.Sprintf("Støtte%d", i))
		supporters = append(supporters, u)
	}
	for _, u := range append(supporters, official) {
		if changed, err := s.st.Support(s.ctx, s.m.ID, u.ID, p.ID); err != nil || !changed {
			t.Fatalf("support by %s: %v %v", u.DisplayName, changed, err)
		}
	}
	gone := supporters[3]
	if err := s.st.DeleteUser(s.ctx, s.m.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.ChangeStatus(s.ctx, s.m.ID, official.ID, p.ID, store.StatusUnderReview, -1, "Vi ser på saken"); err != nil {
		t.Fatal(err)
	}
	counts := func() map[int64]int {
		t.Helper()
		rows, err := s.st.DB().QueryContext(s.ctx, `SELECT user_id, count(*) FROM notifications
			WHERE municipality_id = $1 AND message_id = $2 GROUP BY user_id`, s.m.ID, store.MessageStatusChanged)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[int64]int{}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				t.Fatal(err)
			}
			m[id] = n
		}
		return m
	}
	want := map[int64]int{kari.ID: 1, supporters[0].ID: 1, supporters[1].ID: 1, supporters[2].ID: 1}
	if got := counts(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("author and active supporters once each, not the official nor deleted accounts:\n got %v\nwant %v", got, want)
	}
	ns, err := s.st.Notifications(s.ctx, s.m.ID, supporters[0].ID, 10)
	if err != nil || len(ns) != 1 {
		t.Fatalf("notifications: %v %v", ns, err)
	}
	n := ns[0]
	if n.MessageID != "notify.proposal_status_changed" || n.Args["title"] != "Benker i parken" ||
		n.Args["status"] != store.StatusUnderReview || n.Link != fmt.Sprintf("/proposals/%d", p.ID) {
		t.Fatalf("notification: %+v", n)
	}
	ns, _ = s.st.Notifications(s.ctx, s.m.ID, kari.ID, 10)
	if len(ns) != 1 || ns[0].Args["status"] != store.StatusUnderReview {
		t.Fatalf("author's notification: %+v", ns)
	}
	// Every change notifies again, a progress update included.
	if _, err := s.st.ChangeStatus(s.ctx, s.m.ID, official.ID, p.ID, store.StatusAccepted, -1, "Vedtatt"); err != nil {
		t.Fatal(err)
	}
	for id := range want {
		want[id] = 2
	}
	if got := counts(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("second change:\n got %v\nwant %v", got, want)
	}

	// An assisted submission has no author to tell; its supporters still hear.
	assisted, err := s.st.CreateProposal(s.ctx, s.m.ID, store.NewProposal{
		RecordedBy: official.ID, Title: "Gatelys", Body: "Ringt inn", Language: "nb",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.Support(s.ctx, s.m.ID, kari.ID, assisted.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.ChangeStatus(s.ctx, s.m.ID, official.ID, assisted.ID, store.StatusRejected, -1, "Ikke kommunens ansvar"); err != nil {
		t.Fatal(err)
	}
	want[kari.ID] = 3
	if got := counts(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("assisted proposal:\n got %v\nwant %v", got, want)
	}
}

func TestTimelineAndAudit(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari := s.user(store.RoleResident, "Kari")
	official := s.user(store.RoleOfficial, "Saksbehandler")
	p := s.proposal(kari.ID, "Benker i parken")

	if tl, err := st.Timeline(s.ctx, s.m.ID, p.ID); err != nil || len(tl) != 0 {
		t.Fatalf("a new proposal has an empty timeline: %v %v", tl, err)
	}
	steps := []struct {
		to       string
		progress int
		why      string
	}{
		{store.StatusUnderReview, -1, "Vi ser på saken"},
		{store.StatusAccepted, -1, "Vedtatt"},
		{store.StatusInProgress, 30, "Benkene er bestilt"},
		{store.StatusInProgress, 60, "Halvparten er satt ut"},
		{store.StatusImplemented, -1, "Ferdig"},
	}
	from := store.StatusPublished
	for _, step := range steps {
		c, err := st.ChangeStatus(s.ctx, s.m.ID, official.ID, p.ID, step.to, step.progress, step.why)
		if err != nil {
			t.Fatalf("to %s: %v", step.to, err)
		}
		if c.FromStatus != from || c.ToStatus != step.to || c.Explanation != step.why || c.OfficialName != "Saksbehandler" ||
			c.Progress.Valid != (step.progress >= 0) || int(c.Progress.Int32) != max(step.progress, 0) {
			t.Fatalf("returned change: %+v", c)
		}
		if got := s.proposalAs(p.ID, asModerator); got.Progress.Valid != (step.progress >= 0) {
			t.Fatalf("proposals.progress is set only in progress: %s %v", got.Status, got.Progress)
		}
		from = step.to
	}
	tl, err := st.Timeline(s.ctx, s.m.ID, p.ID)
	if err != nil || len(tl) != len(steps) {
		t.Fatalf("timeline: %+v %v", tl, err)
	}
	from = store.StatusPublished
	for i, c := range tl {
		if c.FromStatus != from || c.ToStatus != steps[i].to || c.Explanation != steps[i].why || c.OfficialName != "Saksbehandler" {
			t.Errorf("timeline[%d] oldest first: %+v", i, c)
		}
		if i > 0 && c.CreatedAt.Before(tl[i-1].CreatedAt) {
			t.Errorf("timeline out of order at %d", i)
		}
		from = c.ToStatus
	}
	if tl[3].Progress.Int32 != 60 {
		t.Errorf("progress update: %+v", tl[3])
	}
	log, _ := st.AuditLog(s.ctx, s.m.ID, 100)
	var changes int
	for _, e := range log {
		if e.Action == "proposal.status_changed" {
			changes++
			if e.ActorName != "Saksbehandler" || e.TargetType != "proposal" || e.TargetID != fmt.Sprint(p.ID) {
				t.Errorf("audit entry: %+v", e)
			}
		}
	}
	if changes != len(steps) {
		t.Errorf("one audit entry per change: %d", changes)
	}
	if !strings.Contains(log[0].Details, `"to": "implemented"`) {
		t.Errorf("audit details: %s", log[0].Details)
	}
	// A withdrawal by the author appears with no official.
	q := s.proposal(kari.ID, "Trekkes")
	if err := st.WithdrawProposal(s.ctx, s.m.ID, kari.ID, q.ID); err != nil {
		t.Fatal(err)
	}
	if tl, err := st.Timeline(s.ctx, s.m.ID, q.ID); err != nil || len(tl) != 1 || tl[0].OfficialName != "" {
		t.Fatalf("system entry: %+v %v", tl, err)
	}
	if _, err := st.Timeline(s.ctx, b.m.ID, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Timeline across municipalities: want ErrNotFound, got %v", err)
	}
	if _, err := st.Timeline(s.ctx, s.m.ID, 999999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown proposal: want ErrNotFound, got %v", err)
	}
}

func TestConcurrentStatusChangesConflict(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari := s.user(store.RoleResident, "Kari")
	officials := []*store.User{s.user(store.RoleOfficial, "En"), s.user(store.RoleOfficial, "To")}
	for round := range 5 {
		p := s.proposal(kari.ID, fmt.Sprintf("Runde %d", round))
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, to := range []string{store.StatusAccepted, store.StatusRejected} {
			wg.Go(func() {
				_, errs[i] = s.st.ChangeStatus(s.ctx, s.m.ID, officials[i].ID, p.ID, to, -1, "Svar")
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrConflict):
				t.Fatalf("the loser gets a conflict: %v", err)
			}
		}
		tl, _ := s.st.Timeline(s.ctx, s.m.ID, p.ID)
		if won != 1 || len(tl) != 1 {
			t.Fatalf("exactly one answer wins: %d won, %d timeline entries (%v)", won, len(tl), errs)
		}
	}
}
