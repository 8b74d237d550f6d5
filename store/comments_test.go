package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// scene is a municipality with people and proposals for the comment, status
// and moderation tests.
type scene struct {
	t    testing.TB
	st   *store.Store
	ctx  context.Context
	m    *store.Municipality
	area *store.Area
}

func newScene(t *testing.T, st *store.Store, slug string) *scene {
	t.Helper()
	m, area := newMunicipality(t, st, slug, slug+".example")
	return &scene{t: t, st: st, ctx: context.Background(), m: m, area: area}
}

// user creates an account; name must be unique within the scene.
func (s *scene) user(role, name string) *store.User {
	s.t.Helper()
	u, err := s.st.CreateUser(s.ctx, s.m.ID, store.NewUser{
		Email: strings.ToLower(name) + "@" + s.m.Slug + ".example", PasswordHash: "h", DisplayName: name, Role: role,
	})
	if err != nil {
		s.t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func (s *scene) proposal(authorID int64, title string) *store.Proposal {
	s.t.Helper()
	p, err := s.st.CreateProposal(s.ctx, s.m.ID, store.NewProposal{
		AuthorID: authorID, Title: title, Body: "Body of " + title, Language: "nb",
	})
	if err != nil {
		s.t.Fatalf("create proposal %s: %v", title, err)
	}
	return p
}

func (s *scene) comment(authorID, proposalID, parentID int64, body string) *store.Comment {
	s.t.Helper()
	c, err := s.st.AddComment(s.ctx, s.m.ID, authorID, proposalID, parentID, body)
	if err != nil {
		s.t.Fatalf("comment %q: %v", body, err)
	}
	return c
}

// exec runs SQL directly, for states the API does not reach in one step.
func (s *scene) exec(query string, args ...any) {
	s.t.Helper()
	if _, err := s.st.DB().ExecContext(s.ctx, query, args...); err != nil {
		s.t.Fatalf("%s: %v", query, err)
	}
}

func (s *scene) proposalAs(id int64, viewer store.Viewer) *store.Proposal {
	s.t.Helper()
	p, err := s.st.ProposalByID(s.ctx, s.m.ID, id, viewer)
	if err != nil {
		s.t.Fatalf("proposal %d: %v", id, err)
	}
	return p
}

func (s *scene) commentCount(proposalID int64) int {
	s.t.Helper()
	return s.proposalAs(proposalID, store.Viewer{CanModerate: true}).CommentCount
}

// auditActions lists the municipality's audit actions, oldest first.
func (s *scene) auditActions() []string {
	s.t.Helper()
	log, err := s.st.AuditLog(s.ctx, s.m.ID, 1000)
	if err != nil {
		s.t.Fatal(err)
	}
	actions := make([]string, len(log))
	for i, e := range log {
		actions[len(log)-1-i] = e.Action
	}
	return actions
}

var (
	asResident  = store.Viewer{}
	asModerator = store.Viewer{CanModerate: true}
)

func commentIDs(comments []store.Comment) []int64 {
	out := make([]int64, len(comments))
	for i, c := range comments {
		out[i] = c.ID
	}
	return out
}

func TestCommentThreadsHaveTwoLevels(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	p := s.proposal(kari.ID, "Benker i parken")
	other := s.proposal(kari.ID, "Flere søppelkasser")

	top := s.comment(ola.ID, p.ID, 0, "Godt forslag")
	if top.ParentID.Valid || top.AuthorName != "Ola" || top.Body != "Godt forslag" {
		t.Fatalf("top-level comment: %+v", top)
	}
	reply := s.comment(kari.ID, p.ID, top.ID, "Takk!")
	if reply.ParentID.Int64 != top.ID {
		t.Fatalf("reply parent: got %v, want %d", reply.ParentID, top.ID)
	}
	// A reply to a reply joins the thread of its top-level comment.
	flat := s.comment(ola.ID, p.ID, reply.ID, "Bare hyggelig")
	if flat.ParentID.Int64 != top.ID {
		t.Fatalf("a reply to a reply is flattened to the top-level parent: got %v, want %d", flat.ParentID, top.ID)
	}
	page, total, err := s.st.Comments(s.ctx, s.m.ID, p.ID, 1, asResident)
	if err != nil || total != 1 || len(page) != 1 || page[0].ReplyCount != 2 {
		t.Fatalf("one thread with two replies: %+v %d %v", page, total, err)
	}
	replies, err := s.st.Replies(s.ctx, s.m.ID, top.ID, asResident)
	if err != nil || fmt.Sprint(commentIDs(replies)) != fmt.Sprint([]int64{reply.ID, flat.ID}) {
		t.Fatalf("replies oldest first: %v %v", commentIDs(replies), err)
	}
	if replies[0].AuthorName != "Kari" {
		t.Fatalf("reply author name: %q", replies[0].AuthorName)
	}
	if n := s.commentCount(p.ID); n != 3 {
		t.Fatalf("comment_count counts replies too: %d", n)
	}
	if _, err := s.st.Replies(s.ctx, s.m.ID, reply.ID, asResident); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("replies of a reply: want ErrNotFound, got %v", err)
	}
	// The parent must belong to the same proposal.
	if _, err := s.st.AddComment(s.ctx, s.m.ID, ola.ID, other.ID, top.ID, "Feil tråd"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("parent on another proposal: want ErrNotFound, got %v", err)
	}
	if _, err := s.st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 999999, "Ingen forelder"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown parent: want ErrNotFound, got %v", err)
	}
	if n := s.commentCount(other.ID); n != 0 {
		t.Fatalf("a refused comment counts nothing: %d", n)
	}
}

func TestAddCommentRefusals(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s := newScene(t, st, "a")
	b := newScene(t, st, "b")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod := s.user(store.RoleModerator, "Mod")
	p := s.proposal(kari.ID, "Benker i parken")

	for _, body := range []string{"", "  \n ", strings.Repeat("x", store.CommentMaxLength+1)} {
		if _, err := st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 0, body); !errors.Is(err, store.ErrCommentBody) {
			t.Errorf("body of %d characters: want ErrCommentBody, got %v", len(body), err)
		}
	}
	if _, err := st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 0, strings.Repeat("æ", store.CommentMaxLength)); err != nil {
		t.Errorf("2000 characters (not bytes) are allowed: %v", err)
	}
	// Tenancy: another municipality's proposal or user does not exist here.
	bob := b.user(store.RoleResident, "Bob")
	if _, err := st.AddComment(s.ctx, b.m.ID, bob.ID, p.ID, 0, "Hei"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("proposal of another municipality: want ErrNotFound, got %v", err)
	}
	if _, err := st.AddComment(s.ctx, s.m.ID, bob.ID, p.ID, 0, "Hei"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("user of another municipality: want ErrNotFound, got %v", err)
	}
	// Blocked authors cannot comment.
	if err := st.BlockUser(s.ctx, s.m.ID, mod.ID, ola.ID, "Spam"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 0, "Hei"); !errors.Is(err, store.ErrBlocked) {
		t.Errorf("blocked author: want ErrBlocked, got %v", err)
	}
	// A hidden proposal takes no comments.
	if err := st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetProposal, p.ID, "Personopplysninger"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddComment(s.ctx, s.m.ID, kari.ID, p.ID, 0, "Hei"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("hidden proposal: want ErrNotFound, got %v", err)
	}
	// Nor does a withdrawn one.
	q := s.proposal(kari.ID, "Trekkes")
	if err := st.WithdrawProposal(s.ctx, s.m.ID, kari.ID, q.ID); err != nil {
		t.Fatal(err)
	}
	_, err := st.AddComment(s.ctx, s.m.ID, kari.ID, q.ID, 0, "Hei")
	if !errors.Is(err, store.ErrProposalWithdrawn) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("withdrawn proposal: want ErrProposalWithdrawn (a conflict), got %v", err)
	}
	if n := s.commentCount(q.ID); n != 0 {
		t.Errorf("refused comments count nothing: %d", n)
	}
}

func TestEditCommentWithinWindow(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod := s.user(store.RoleModerator, "Mod")
	p := s.proposal(kari.ID, "Benker i parken")
	c := s.comment(ola.ID, p.ID, 0, "Godt forslg")
	created := c.CreatedAt

	if !c.EditableBy(ola.ID, created.Add(14*time.Minute)) || c.EditableBy(ola.ID, created.Add(store.CommentEditWindow)) {
		t.Fatal("EditableBy: open for 15 minutes")
	}
	if c.EditableBy(kari.ID, created) || c.EditableBy(0, created) {
		t.Fatal("EditableBy: only the author")
	}
	if err := s.st.EditComment(s.ctx, s.m.ID, ola.ID, c.ID, "Godt forslag", created.Add(14*time.Minute)); err != nil {
		t.Fatalf("edit within the window: %v", err)
	}
	page, _, _ := s.st.Comments(s.ctx, s.m.ID, p.ID, 1, asResident)
	if page[0].Body != "Godt forslag" || !page[0].EditedAt.Valid {
		t.Fatalf("edited comment: %+v", page[0])
	}
	err := s.st.EditComment(s.ctx, s.m.ID, ola.ID, c.ID, "For sent", created.Add(store.CommentEditWindow))
	if !errors.Is(err, store.ErrEditWindowClosed) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("edit after 15 minutes: want ErrEditWindowClosed (a conflict), got %v", err)
	}
	if err := s.st.EditComment(s.ctx, s.m.ID, kari.ID, c.ID, "Ikke min", created); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("someone else's comment: want ErrNotFound, got %v", err)
	}
	if err := s.st.EditComment(s.ctx, s.m.ID, ola.ID, c.ID, "", created); !errors.Is(err, store.ErrCommentBody) {
		t.Fatalf("empty body: want ErrCommentBody, got %v", err)
	}
	page, _, _ = s.st.Comments(s.ctx, s.m.ID, p.ID, 1, asResident)
	if page[0].Body != "Godt forslag" {
		t.Fatalf("refused edits change nothing: %q", page[0].Body)
	}

	hidden := s.comment(ola.ID, p.ID, 0, "Skjules")
	if err := s.st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetComment, hidden.ID, "Off topic"); err != nil {
		t.Fatal(err)
	}
	if err := s.st.EditComment(s.ctx, s.m.ID, ola.ID, hidden.ID, "Ny tekst", hidden.CreatedAt); !errors.Is(err, store.ErrCommentHidden) {
		t.Fatalf("hidden comment: want ErrCommentHidden, got %v", err)
	}
	fresh := s.comment(ola.ID, p.ID, 0, "Fersk")
	if err := s.st.BlockUser(s.ctx, s.m.ID, mod.ID, ola.ID, "Spam"); err != nil {
		t.Fatal(err)
	}
	if err := s.st.EditComment(s.ctx, s.m.ID, ola.ID, fresh.ID, "Blokkert", fresh.CreatedAt); !errors.Is(err, store.ErrBlocked) {
		t.Fatalf("blocked author: want ErrBlocked, got %v", err)
	}
	if err := s.st.DeleteComment(s.ctx, s.m.ID, ola.ID, fresh.ID); err != nil {
		t.Fatalf("a blocked author may still delete: %v", err)
	}
	if err := s.st.EditComment(s.ctx, s.m.ID, ola.ID, fresh.ID, "Slettet", fresh.CreatedAt); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted comment: want ErrNotFound, got %v", err)
	}
}

func TestDeleteCommentLeavesTombstone(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	p := s.proposal(kari.ID, "Benker i parken")
	top := s.comment(ola.ID, p.ID, 0, "Første")
	r1 := s.comment(kari.ID, p.ID, top.ID, "Svar 1")
	r2 := s.comment(kari.ID, p.ID, top.ID, "Svar 2")
	lone := s.comment(ola.ID, p.ID, 0, "Alene")

	if err := s.st.DeleteComment(s.ctx, s.m.ID, kari.ID, top.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("someone else's comment: want ErrNotFound, got %v", err)
	}
	if err := s.st.DeleteComment(s.ctx, s.m.ID, ola.ID, top.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.st.DeleteComment(s.ctx, s.m.ID, ola.ID, top.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting twice: want ErrNotFound, got %v", err)
	}
	page, total, err := s.st.Comments(s.ctx, s.m.ID, p.ID, 1, asModerator)
	if err != nil || total != 2 || len(page) != 2 {
		t.Fatalf("comments: %+v %d %v", page, total, err)
	}
	tomb := page[0]
	if tomb.ID != top.ID || !tomb.Deleted() || tomb.Body != "" || tomb.ReplyCount != 2 {
		t.Fatalf("a deleted comment with replies stays as a tombstone, even for moderators: %+v", tomb)
	}
	replies, err := s.st.Replies(s.ctx, s.m.ID, top.ID, asResident)
	if err != nil || fmt.Sprint(commentIDs(replies)) != fmt.Sprint([]int64{r1.ID, r2.ID}) {
		t.Fatalf("the replies stay: %v %v", commentIDs(replies), err)
	}
	if n := s.commentCount(p.ID); n != 3 {
		t.Fatalf("comment_count counts comments that are not deleted: %d", n)
	}
	// A deleted reply goes from the list and from its parent's count.
	if err := s.st.DeleteComment(s.ctx, s.m.ID, kari.ID, r1.ID); err != nil {
		t.Fatal(err)
	}
	replies, _ = s.st.Replies(s.ctx, s.m.ID, top.ID, asResident)
	page, _, _ = s.st.Comments(s.ctx, s.m.ID, p.ID, 1, asResident)
	if fmt.Sprint(commentIDs(replies)) != fmt.Sprint([]int64{r2.ID}) || page[0].ReplyCount != 1 {
		t.Fatalf("after deleting a reply: replies %v, reply_count %d", commentIDs(replies), page[0].ReplyCount)
	}
	// Tombstones stay in place, with or without replies, so pages never shift.
	if err := s.st.DeleteComment(s.ctx, s.m.ID, ola.ID, lone.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.st.DeleteComment(s.ctx, s.m.ID, kari.ID, r2.ID); err != nil {
		t.Fatal(err)
	}
	page, total, _ = s.st.Comments(s.ctx, s.m.ID, p.ID, 1, asResident)
	if total != 2 || fmt.Sprint(commentIDs(page)) != fmt.Sprint([]int64{top.ID, lone.ID}) ||
		!page[1].Deleted() || page[1].Body != "" || page[0].ReplyCount != 0 {
		t.Fatalf("everything deleted: %+v, total %d", page, total)
	}
	if replies, _ := s.st.Replies(s.ctx, s.m.ID, top.ID, asResident); len(replies) != 0 {
		t.Fatalf("deleted replies are not listed: %+v", replies)
	}
	if n := s.commentCount(p.ID); n != 0 {
		t.Fatalf("comment_count after deleting everything: %d", n)
	}
	// Replying beneath a tombstone is allowed.
	again := s.comment(kari.ID, p.ID, top.ID, "Likevel")
	if again.ParentID.Int64 != top.ID {
		t.Fatalf("reply to a tombstone: %+v", again)
	}
}

func TestHiddenCommentBodyOnlyForModerators(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod := s.user(store.RoleModerator, "Mod")
	p := s.proposal(kari.ID, "Benker i parken")
	top := s.comment(ola.ID, p.ID, 0, "Telefonnummeret til naboen er 12345678")
	reply := s.comment(ola.ID, p.ID, top.ID, "Og adressen er Storgata 1")
	for _, id := range []int64{top.ID, reply.ID} {
		if err := s.st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetComment, id, "Personopplysninger"); err != nil {
			t.Fatal(err)
		}
	}
	check := func(viewer store.Viewer, wantBody bool) {
		t.Helper()
		page, _, err := s.st.Comments(s.ctx, s.m.ID, p.ID, 1, viewer)
		if err != nil || len(page) != 1 {
			t.Fatalf("comments: %v %v", page, err)
		}
		replies, err := s.st.Replies(s.ctx, s.m.ID, top.ID, viewer)
		if err != nil || len(replies) != 1 {
			t.Fatalf("replies: %v %v", replies, err)
		}
		for _, c := range []store.Comment{page[0], replies[0]} {
			if !c.Hidden() || c.HiddenReason != "Personopplysninger" || (c.Body != "") == !wantBody {
				t.Errorf("viewer %+v: hidden %v, reason %q, body %q", viewer, c.Hidden(), c.HiddenReason, c.Body)
			}
		}
	}
	check(asResident, false)
	check(store.Viewer{UserID: ola.ID}, false) // not even the author
	check(asModerator, true)
}

func TestCommentsPagination(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	p := s.proposal(kari.ID, "Benker i parken")
	var want []int64
	for i := range 45 {
		c := s.comment(ola.ID, p.ID, 0, fmt.Sprintf("Kommentar %d", i))
		want = append(want, c.ID)
		if i%10 == 0 {
			s.comment(kari.ID, p.ID, c.ID, "Svar") // replies are not top-level comments
		}
	}
	var got []int64
	for page, size := range map[int]int{1: 20, 2: 20, 3: 5, 4: 0} {
		comments, total, err := s.st.Comments(s.ctx, s.m.ID, p.ID, page, asResident)
		if err != nil || total != 45 || len(comments) != size {
			t.Fatalf("page %d: %d comments, total %d, %v", page, len(comments), total, err)
		}
	}
	for page := 1; page <= 3; page++ {
		comments, _, _ := s.st.Comments(s.ctx, s.m.ID, p.ID, page, asResident)
		got = append(got, commentIDs(comments)...)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pages in order, oldest first:\n got %v\nwant %v", got, want)
	}
	first, _, _ := s.st.Comments(s.ctx, s.m.ID, p.ID, 0, asResident)
	if len(first) != store.CommentsPerPage || first[0].ID != want[0] {
		t.Fatalf("page 0 means page 1")
	}
}

func TestCommentsTenancyAndHiddenProposals(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	s, b := newScene(t, st, "a"), newScene(t, st, "b")
	kari, ola := s.user(store.RoleResident, "Kari"), s.user(store.RoleResident, "Ola")
	mod := s.user(store.RoleModerator, "Mod")
	p := s.proposal(kari.ID, "Benker i parken")
	c := s.comment(ola.ID, p.ID, 0, "Hei")

	if _, _, err := st.Comments(s.ctx, b.m.ID, p.ID, 1, asModerator); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Comments across municipalities: want ErrNotFound, got %v", err)
	}
	if _, err := st.Replies(s.ctx, b.m.ID, c.ID, asModerator); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Replies across municipalities: want ErrNotFound, got %v", err)
	}
	if err := st.EditComment(s.ctx, b.m.ID, ola.ID, c.ID, "x", c.CreatedAt); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("EditComment across municipalities: want ErrNotFound, got %v", err)
	}
	if err := st.DeleteComment(s.ctx, b.m.ID, ola.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteComment across municipalities: want ErrNotFound, got %v", err)
	}
	if _, _, err := st.Comments(s.ctx, s.m.ID, 999999, 1, asModerator); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown proposal: want ErrNotFound, got %v", err)
	}
	// The comments of a hidden proposal are as hidden as the proposal.
	if err := st.Hide(s.ctx, s.m.ID, mod.ID, store.TargetProposal, p.ID, "Reklame"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Comments(s.ctx, s.m.ID, p.ID, 1, asResident); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("comments of a hidden proposal for a resident: want ErrNotFound, got %v", err)
	}
	if _, err := st.Replies(s.ctx, s.m.ID, c.ID, asResident); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("replies on a hidden proposal for a resident: want ErrNotFound, got %v", err)
	}
	for _, v := range []store.Viewer{asModerator, {UserID: kari.ID}} {
		if page, _, err := st.Comments(s.ctx, s.m.ID, p.ID, 1, v); err != nil || len(page) != 1 {
			t.Errorf("comments of a hidden proposal for %+v: %v %v", v, page, err)
		}
	}
}

func TestCommentIsRecordedInLedger(t *testing.T) {
	t.Parallel()
	s := newScene(t, testdb.New(t), "a")
	kari := s.user(store.RoleResident, "Kari")
	ola, err := s.st.CreateUser(s.ctx, s.m.ID, store.NewUser{
		Email: "ola@a.example", PasswordHash: "h", DisplayName: "Ola", Role: store.RoleResident,
		Profile: store.Profile{
			AreaID:    sql.NullInt64{Int64: s.area.ID, Valid: true},
			BirthYear: sql.NullInt32{Int32: int32(time.Now().Year() - 17), Valid: true},
			Gender:    sql.NullString{String: "female", Valid: true},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := s.proposal(kari.ID, "Benker i parken")
	top := s.comment(ola.ID, p.ID, 0, "Hei")
	s.comment(ola.ID, p.ID, top.ID, "Igjen")
	s.comment(kari.ID, p.ID, top.ID, "Svar")

	entries, err := s.st.ParticipationOf(s.ctx, s.m.ID, ola.ID)
	if err != nil || len(entries) != 2 {
		t.Fatalf("every comment is an act: %+v %v", entries, err)
	}
	for _, e := range entries {
		if e.Act != "comment" || e.ScopeType != "proposal" || e.ScopeID.Int64 != p.ID || e.Channel != store.ChannelWeb ||
			e.AreaName.String != "Sentrum" || e.AgeBand.String != "16-19" || e.Gender.String != "female" {
			t.Errorf("ledger entry with the segment snapshot: %+v", e)
		}
	}
	// Kari has no profile: her comment counts in the unknown segment.
	entries, _ = s.st.ParticipationOf(s.ctx, s.m.ID, kari.ID)
	var comments int
	for _, e := range entries {
		if e.Act == "comment" {
			comments++
			if e.AreaName.Valid || e.AgeBand.Valid || e.Gender.Valid {
				t.Errorf("unknown segment: %+v", e)
			}
		}
	}
	if comments != 1 {
		t.Fatalf("Kari's comment acts: %d", comments)
	}
	// A refused comment leaves no trace.
	if _, err := s.st.AddComment(s.ctx, s.m.ID, ola.ID, p.ID, 999999, "Nei"); err == nil {
		t.Fatal("unknown parent accepted")
	}
	if entries, _ := s.st.ParticipationOf(s.ctx, s.m.ID, ola.ID); len(entries) != 2 {
		t.Fatalf("a refused comment is not recorded: %d entries", len(entries))
	}
}
