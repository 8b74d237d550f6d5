package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func (s *scene) flag(userID int64, targetType string, targetID int64, reason, note string) bool {
	s.t.Helper()
	hidden, err := s.st.Flag(s.ctx, s.m.ID, userID, targetType, targetID, reason, note)
	if err != nil {
		s.t.Fatalf("flag %s %d by %d: %v", targetType, targetID, userID, err)
	}
	return hidden
}

func (s *scene) queue() []store.QueueItem {
	s.t.Helper()
	q, err := s.st.ModerationQueue(s.ctx, s.m.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	return q
}

func (s *scene) onlyComment(proposalID int64, viewer store.Viewer) store.Comment {
	s.t.Helper()
	page, _, err := s.st.Comments(s.ctx, s.m.ID, proposalID, 1, viewer)
	if err != nil || len(page) != 1 {
		s.t.Fatalf("comments: %+v %v", page, err)
	}
	return page[0]
}

func TestFlagThresholdHidesPendingReview(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	flaggers := []*store.User{s.user(store.RoleResident, "F1"), s.user(store.RoleResident, "F2"), s.user(store.RoleResident, "F3")}
	p := s.proposal(kari.ID, "Benker i parken")
	c := s.comment(ola.ID, p.ID, 0, "Kjøp billige klokker her")

	if s.flag(flaggers[0].ID, store.TargetComment, c.ID, store.FlagSpam, "") {
		t.Fatal("one flag does not hide")
	}
	// The same person flagging again changes nothing, whatever the reason.
	for _, reason := range []string{store.FlagSpam, store.FlagOffensive} {
		if s.flag(flaggers[0].ID, store.TargetComment, c.ID, reason, "igjen") {
			t.Fatal("a repeated flag does not count")
		}
	}
	if s.flag(flaggers[1].ID, store.TargetComment, c.ID, store.FlagSpam, "") {
		t.Fatal("two flags do not hide")
	}
	if got := s.onlyComment(p.ID, asModerator); got.FlagCount != 2 || got.Hidden() {
		t.Fatalf("after two people flagged: %+v", got)
	}
	if !s.flag(flaggers[2].ID, store.TargetComment, c.ID, store.FlagOther, "Reklame") {
		t.Fatal("the third person's flag hides the comment")
	}
	got := s.onlyComment(p.ID, asResident)
	if !got.Hidden() || got.HiddenReason != store.HiddenPendingReview || got.Body != "" || got.FlagCount != 3 {
		t.Fatalf("hidden pending review: %+v", got)
	}
	if actions := s.auditActions(); !slices.Contains(actions, "moderation.auto_hidden") {
		t.Fatalf("automatic hiding is audited: %v", actions)
	}
	// A hidden item cannot be flagged further.
	extra := s.user(store.RoleResident, "F4")
	if _, err := s.st.Flag(s.ctx, s.m.ID, extra.ID, store.TargetComment, c.ID, store.FlagSpam, ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("flag a hidden comment: want ErrNotFound, got %v", err)
	}

	// The threshold is the municipality's setting; proposals are flagged alike.
	s.exec(`UPDATE municipalities SET settings = settings || '{"flag_threshold": 2}' WHERE id = $1`, s.m.ID)
	if s.flag(flaggers[0].ID, store.TargetProposal, p.ID, store.FlagOffensive, "") {
		t.Fatal("one flag of two does not hide")
	}
	if !s.flag(flaggers[1].ID, store.TargetProposal, p.ID, store.FlagOffensive, "") {
		t.Fatal("a threshold of 2 hides at the second flag")
	}
	if _, err := s.st.ProposalByID(s.ctx, s.m.ID, p.ID, asResident); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a proposal hidden pending review is gone for residents: %v", err)
	}
	if got := s.proposalAs(p.ID, asModerator); got.HiddenReason != store.HiddenPendingReview || got.FlagCount != 2 {
		t.Fatalf("hidden proposal: %+v", got)
	}
}

func TestFlagRefusals(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod := s.user(store.RoleModerator, "Mod")
	p := s.proposal(kari.ID, "Benker i parken")
	c := s.comment(ola.ID, p.ID, 0, "Hei")
	gone := s.comment(ola.ID, p.ID, 0, "Slettes")
	if err := st.DeleteComment(s.ctx, s.m.ID, ola.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	bob := b.user(store.RoleResident, "Bob")
	cases := []struct {
		name       string
		mid, user  int64
		targetType string
		target     int64
		reason     string
		note       string
		want       error
	}{
		{"own comment", s.m.ID, ola.ID, store.TargetComment, c.ID, store.FlagSpam, "", store.ErrFlagOwn},
		{"own proposal", s.m.ID, kari.ID, store.TargetProposal, p.ID, store.FlagSpam, "", store.ErrFlagOwn},
		{"unknown reason", s.m.ID, kari.ID, store.TargetComment, c.ID, "boring", "", store.ErrBadFlag},
		{"long note", s.m.ID, kari.ID, store.TargetComment, c.ID, store.FlagOther, strings.Repeat("x", 501), store.ErrBadFlag},
		{"unknown type", s.m.ID, kari.ID, "meeting", c.ID, store.FlagSpam, "", store.ErrBadTarget},
		{"deleted comment", s.m.ID, kari.ID, store.TargetComment, gone.ID, store.FlagSpam, "", store.ErrNotFound},
		{"unknown comment", s.m.ID, kari.ID, store.TargetComment, 999999, store.FlagSpam, "", store.ErrNotFound},
		{"other municipality's comment", b.m.ID, bob.ID, store.TargetComment, c.ID, store.FlagSpam, "", store.ErrNotFound},
		{"other municipality's proposal", b.m.ID, bob.ID, store.TargetProposal, p.ID, store.FlagSpam, "", store.ErrNotFound},
		{"other municipality's user", s.m.ID, bob.ID, store.TargetComment, c.ID, store.FlagSpam, "", store.ErrNotFound},
	}
	for _, tc := range cases {
		if _, err := st.Flag(s.ctx, tc.mid, tc.user, tc.targetType, tc.target, tc.reason, tc.note); !errors.Is(err, tc.want) {
			t.Errorf("%s: want %v, got %v", tc.name, tc.want, err)
		}
	}
	if err := st.BlockUser(s.ctx, s.m.ID, mod.ID, kari.ID, "Trakassering"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Flag(s.ctx, s.m.ID, kari.ID, store.TargetComment, c.ID, store.FlagSpam, ""); !errors.Is(err, store.ErrBlocked) {
		t.Errorf("blocked user: want ErrBlocked, got %v", err)
	}
	page, _, err := st.Comments(s.ctx, s.m.ID, p.ID, 1, asModerator)
	if err != nil || page[0].ID != c.ID || page[0].FlagCount != 0 || len(s.queue()) != 0 {
		t.Fatalf("refused flags leave nothing: %+v %v", page, err)
	}
}

func TestModerationQueue(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	f := []*store.User{s.user(store.RoleResident, "F1"), s.user(store.RoleResident, "F2"), s.user(store.RoleResident, "F3")}
	p := s.proposal(kari.ID, "Benker i parken")
	c := s.comment(ola.ID, p.ID, 0, "Ring naboen på 12345678, "+strings.Repeat("bla ", 100))
	s.comment(ola.ID, p.ID, 0, "Ingen flagg")

	s.flag(f[0].ID, store.TargetProposal, p.ID, store.FlagSpam, "")
	s.flag(f[1].ID, store.TargetProposal, p.ID, store.FlagOther, "Dette er reklame")
	s.flag(f[0].ID, store.TargetComment, c.ID, store.FlagPersonalInformation, "Telefonnummer")
	s.flag(f[1].ID, store.TargetComment, c.ID, store.FlagPersonalInformation, "")
	s.flag(f[2].ID, store.TargetComment, c.ID, store.FlagOffensive, "")

	q := s.queue()
	if len(q) != 2 {
		t.Fatalf("queue: %+v", q)
	}
	comment, proposal := q[0], q[1] // most recently flagged first
	if comment.TargetType != store.TargetComment || comment.TargetID != c.ID || comment.ProposalID != p.ID ||
		comment.Title != "Benker i parken" || comment.AuthorID.Int64 != ola.ID || comment.AuthorName != "Ola" ||
		comment.OpenFlags != 3 || comment.PersonalInformation != 2 || comment.Offensive != 1 || comment.Spam != 0 ||
		comment.ByReason(store.FlagPersonalInformation) != 2 || !comment.PendingReview() ||
		fmt.Sprint(comment.Notes) != "[Telefonnummer]" || len([]rune(comment.Excerpt)) != 200 ||
		!strings.HasPrefix(comment.Excerpt, "Ring naboen") {
		t.Errorf("comment in queue: %+v", comment)
	}
	if proposal.TargetType != store.TargetProposal || proposal.TargetID != p.ID || proposal.ProposalID != p.ID ||
		proposal.AuthorName != "Kari" || proposal.Excerpt != "Body of Benker i parken" || proposal.OpenFlags != 2 ||
		proposal.Spam != 1 || proposal.Other != 1 || proposal.PendingReview() || fmt.Sprint(proposal.Notes) != "[Dette er reklame]" {
		t.Errorf("proposal in queue: %+v", proposal)
	}
	if q, err := st.ModerationQueue(s.ctx, b.m.ID); err != nil || len(q) != 0 {
		t.Errorf("another municipality's queue is its own: %+v %v", q, err)
	}
	// A comment its author deleted leaves the queue.
	flagged := s.comment(kari.ID, p.ID, 0, "Angrer")
	s.flag(f[0].ID, store.TargetComment, flagged.ID, store.FlagOffensive, "")
	if len(s.queue()) != 3 {
		t.Fatal("a newly flagged comment enters the queue")
	}
	if err := st.DeleteComment(s.ctx, s.m.ID, kari.ID, flagged.ID); err != nil {
		t.Fatal(err)
	}
	if len(s.queue()) != 2 {
		t.Fatal("a deleted comment leaves the queue")
	}
}

func TestHideRestoreDismiss(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod := s.user(store.RoleModerator, "Mod")
	f := []*store.User{s.user(store.RoleResident, "F1"), s.user(store.RoleResident, "F2"), s.user(store.RoleResident, "F3")}
	p := s.proposal(kari.ID, "Benker i parken")
	c := s.comment(ola.ID, p.ID, 0, "Stygt ord")

	// Only moderators and admins moderate, with a reason.
	if err := st.Hide(s.ctx, s.m.ID, kari.ID, store.TargetComment, c.ID, "Nei"); !errors.Is(err, store.ErrNotModerator) {
		t.Fatalf("resident hides: want ErrNotModerator, got %v", err)
	}
	foreignMod := b.user(store.RoleModerator, "Fremmed")
	if err := st.Hide(s.ctx, b.m.ID, foreignMod.ID, store.TargetComment, c.ID, "Nei"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another municipality's comment: want ErrNotFound, got %v", err)
	}
	for _, reason := range []string{"", "  ", store.HiddenPendingReview, strings.Repeat("x", 501)} {
		if err := st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetComment, c.ID, reason); !errors.Is(err, store.ErrReasonRequired) {
			t.Fatalf("reason %q: want ErrReasonRequired, got %v", reason, err)
		}
	}

	// Hide resolves the open flags: the item leaves the queue.
	s.flag(f[0].ID, store.TargetComment, c.ID, store.FlagOffensive, "")
	if err := st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetComment, c.ID, "Sjikane"); err != nil {
		t.Fatal(err)
	}
	if got := s.onlyComment(p.ID, asResident); !got.Hidden() || got.HiddenReason != "Sjikane" || got.Body != "" {
		t.Fatalf("hidden by a moderator: %+v", got)
	}
	if q := s.queue(); len(q) != 0 {
		t.Fatalf("hiding resolves the flags: %+v", q)
	}
	// Dismissing flags keeps a moderator's hiding.
	if err := st.DismissFlags(s.ctx, s.m.ID, mod.ID, store.TargetComment, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.onlyComment(p.ID, asResident); !got.Hidden() {
		t.Fatal("a moderator's hiding stays after a dismissal")
	}
	if err := st.Restore(s.ctx, s.m.ID, mod.ID, store.TargetComment, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.onlyComment(p.ID, asResident); got.Hidden() || got.HiddenReason != "" || got.Body != "Stygt ord" {
		t.Fatalf("restored: %+v", got)
	}

	// Flags that hid a proposal pending review: dismissing shows it again.
	for _, u := range f {
		s.flag(u.ID, store.TargetProposal, p.ID, store.FlagSpam, "")
	}
	if len(s.queue()) != 1 {
		t.Fatal("the proposal is in the queue")
	}
	if err := st.DismissFlags(s.ctx, s.m.ID, mod.ID, store.TargetProposal, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.proposalAs(p.ID, asResident); got.HiddenAt.Valid {
		t.Fatalf("dismissed flags unhide: %+v", got)
	}
	if len(s.queue()) != 0 {
		t.Fatal("dismissed flags leave the queue")
	}
	// Flags stay one per person: after a dismissal the same people cannot
	// hide it again.
	if s.flag(f[0].ID, store.TargetProposal, p.ID, store.FlagSpam, "") || len(s.queue()) != 0 {
		t.Fatal("a dismissed flag is not raised again by the same person")
	}

	// Restore resolves flags too, and hiding a proposal hides it from residents.
	s.flag(ola.ID, store.TargetProposal, p.ID, store.FlagOther, "")
	if err := st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetProposal, p.ID, "Under vurdering"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ProposalByID(s.ctx, s.m.ID, p.ID, asResident); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("hidden proposal: %v", err)
	}
	if err := st.Restore(s.ctx, s.m.ID, mod.ID, store.TargetProposal, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ProposalByID(s.ctx, s.m.ID, p.ID, asResident); err != nil {
		t.Fatalf("restored proposal: %v", err)
	}
	if err := st.Restore(s.ctx, b.m.ID, foreignMod.ID, store.TargetProposal, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Restore across municipalities: want ErrNotFound, got %v", err)
	}
	if err := st.DismissFlags(s.ctx, b.m.ID, foreignMod.ID, store.TargetProposal, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("DismissFlags across municipalities: want ErrNotFound, got %v", err)
	}

	want := []string{
		"moderation.hidden", "moderation.flags_dismissed", "moderation.restored",
		"moderation.auto_hidden", "moderation.flags_dismissed",
		"moderation.hidden", "moderation.restored",
	}
	if got := s.auditActions(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("audit:\n got %v\nwant %v", got, want)
	}
	log, _ := st.AuditLog(s.ctx, s.m.ID, 100)
	for _, e := range log {
		if e.Action != "moderation.auto_hidden" && e.ActorName != "Mod" {
			t.Errorf("audit actor: %+v", e)
		}
	}
}

func TestBlockUser(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod, mod2 := s.user(store.RoleModerator, "Mod"), s.user(store.RoleModerator, "Mod2")
	admin := s.user(store.RoleAdmin, "Admin")
	p := s.proposal(kari.ID, "Benker i parken")

	if err := st.BlockUser(s.ctx, s.m.ID, mod.ID, ola.ID, "Gjentatt sjikane"); err != nil {
		t.Fatal(err)
	}
	u, _ := st.UserByID(s.ctx, s.m.ID, ola.ID)
	if !u.BlockedAt.Valid || u.BlockedReason != "Gjentatt sjikane" {
		t.Fatalf("blocked: %+v", u)
	}
	if _, err := st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 0, "Hei"); !errors.Is(err, store.ErrBlocked) {
		t.Fatalf("blocked user comments: want ErrBlocked, got %v", err)
	}
	if _, err := st.CreateProposal(s.ctx, s.m.ID, store.NewProposal{AuthorID: ola.ID, Title: "T", Body: "B", Language: "nb"}); !errors.Is(err, store.ErrBlocked) {
		t.Fatalf("blocked user proposes: want ErrBlocked, got %v", err)
	}
	if err := st.UnblockUser(s.ctx, s.m.ID, mod.ID, ola.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 0, "Hei igjen"); err != nil {
		t.Fatalf("unblocked user comments: %v", err)
	}

	refusals := []struct {
		name        string
		mid, by, of int64
		reason      string
		want        error
	}{
		{"an admin", s.m.ID, mod.ID, admin.ID, "x", store.ErrCannotBlock},
		{"oneself", s.m.ID, mod.ID, mod.ID, "x", store.ErrCannotBlock},
		{"by a resident", s.m.ID, kari.ID, ola.ID, "x", store.ErrNotModerator},
		{"by an official", s.m.ID, s.user(store.RoleOfficial, "Off").ID, ola.ID, "x", store.ErrNotModerator},
		{"without a reason", s.m.ID, mod.ID, ola.ID, " ", store.ErrReasonRequired},
		{"another municipality's user", s.m.ID, mod.ID, b.user(store.RoleResident, "Bob").ID, "x", store.ErrNotFound},
		{"unknown user", s.m.ID, mod.ID, 999999, "x", store.ErrNotFound},
	}
	for _, r := range refusals {
		err := st.BlockUser(s.ctx, r.mid, r.by, r.of, r.reason)
		if !errors.Is(err, r.want) {
			t.Errorf("block %s: want %v, got %v", r.name, r.want, err)
		}
	}
	if !errors.Is(store.ErrCannotBlock, store.ErrConflict) {
		t.Error("ErrCannotBlock is a conflict")
	}
	// Admins may block moderators; a blocked moderator cannot moderate.
	if err := st.BlockUser(s.ctx, s.m.ID, admin.ID, mod2.ID, "Misbruk av rollen"); err != nil {
		t.Fatal(err)
	}
	if err := st.UnblockUser(s.ctx, s.m.ID, mod2.ID, mod2.ID); !errors.Is(err, store.ErrNotModerator) {
		t.Fatalf("a blocked moderator unblocks themselves: want ErrNotModerator, got %v", err)
	}
	if err := st.Hide(s.ctx, s.m.ID, mod2.ID, store.TargetProposal, p.ID, "x"); !errors.Is(err, store.ErrNotModerator) {
		t.Fatalf("a blocked moderator hides: want ErrNotModerator, got %v", err)
	}
	if err := st.UnblockUser(s.ctx, s.m.ID, mod.ID, 999999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unblock unknown user: want ErrNotFound, got %v", err)
	}
	want := []string{"user.blocked", "user.unblocked", "user.blocked"}
	if got := s.auditActions(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("audit:\n got %v\nwant %v", got, want)
	}
	log, _ := st.AuditLog(s.ctx, s.m.ID, 10)
	if log[2].ActorName != "Mod" || log[2].TargetID != fmt.Sprint(ola.ID) || !strings.Contains(log[2].Details, "Gjentatt sjikane") {
		t.Fatalf("block audit entry: %+v", log[2])
	}
}
