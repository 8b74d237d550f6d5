package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// flagComment reports a comment through the flag form.
func (f *commentFixture) flagComment(c *client, id int64, reason string) response {
	f.t.Helper()
	page := fmt.Sprintf("/comments/%d/flag?%s", id, f.ref())
	return c.post(page, page, url.Values{"reason": {reason}, "note": {"It has a phone number"}})
}

// moderate posts one of the moderation forms from the queue page.
func moderate(c *client, action string, form url.Values) response {
	return c.post("/moderation", action, form)
}

func (f *fixture) auditActions() []string {
	f.t.Helper()
	entries, err := f.store.AuditLog(context.Background(), f.demo.ID, 100)
	if err != nil {
		f.t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	return actions
}

func TestFlagsHideCommentPendingReview(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	writer := f.as("resident@fjordvik.example")
	id := commentIDFrom(t, f.comment(writer, "Call me on 12345678", 0))

	flag := fmt.Sprintf("/comments/%d/flag?%s&lang=en", id, f.ref())
	if r := writer.get(flag); r.status != 200 {
		t.Fatalf("flag form: %d", r.status)
	}
	if r := f.flagComment(writer, id, "spam"); r.status != 409 || !strings.Contains(r.body, "You cannot report what you wrote yourself") {
		t.Fatalf("flagging one's own comment: %d", r.status)
	}
	one := f.as("author@example.no")
	if r := one.post(flag, flag, url.Values{"reason": {"nonsense"}}); r.status != 422 || !strings.Contains(r.body, "Choose what is wrong.") {
		t.Fatalf("flag without a reason: %d", r.status)
	}
	for i, c := range []*client{one, f.as(f.resident("b@example.no", "Bo").Email.String), f.as(f.resident("c@example.no", "Cai").Email.String)} {
		r := f.flagComment(c, id, "personal_information")
		if r.status != 303 || !strings.HasSuffix(r.location, fmt.Sprintf("#comment-%d", id)) {
			t.Fatalf("flag %d: %d %q", i+1, r.status, r.location)
		}
	}
	public := f.client().get(f.path() + "?lang=en")
	if strings.Contains(public.body, "12345678") || !strings.Contains(public.body, "Hidden until a moderator has looked at it") {
		t.Fatal("three flags hide the comment from the public, with a notice")
	}
	mod := f.as("moderator@fjordvik.example")
	if page := mod.get(f.path() + "?lang=en"); !strings.Contains(page.body, "12345678") || !strings.Contains(page.body, "Only moderators see the hidden text") {
		t.Fatal("moderators still see the hidden body, marked")
	}
	queue := mod.get("/moderation?lang=en")
	for _, want := range []string{"Call me on 12345678", "Personal information about someone: 3", "3 open reports", "It has a phone number",
		"Hidden until you decide", fmt.Sprintf("#comment-%d", id)} {
		if !strings.Contains(queue.body, want) {
			t.Errorf("queue lacks %q", want)
		}
	}

	// Dismissing the flags shows the comment again.
	r := moderate(mod, "/moderation/dismiss", url.Values{"target_type": {"comment"}, "target_id": {itoa(id)}})
	if r.status != 303 || r.location != "/moderation" {
		t.Fatalf("dismiss: %d %q", r.status, r.location)
	}
	if q := mod.get("/moderation?lang=en"); !strings.Contains(q.body, "The reports are dismissed.") || !strings.Contains(q.body, "Nothing to review") {
		t.Fatal("dismissed flags leave the queue")
	}
	if page := f.client().get(f.path()); !strings.Contains(page.body, "12345678") {
		t.Fatal("a dismissed comment is visible again")
	}
	actions := strings.Join(f.auditActions(), " ")
	for _, want := range []string{"moderation.auto_hidden", "moderation.flags_dismissed"} {
		if !strings.Contains(actions, want) {
			t.Errorf("audit log lacks %s: %s", want, actions)
		}
	}
}

func TestModeratorHidesRestoresAndBlocks(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	writer := f.as("resident@fjordvik.example")
	id := commentIDFrom(t, f.comment(writer, "Rude words here", 0))
	if r := f.flagComment(f.as("author@example.no"), id, "offensive"); r.status != 303 {
		t.Fatalf("flag: %d", r.status)
	}
	// The proposal can be flagged too.
	flagP := f.path() + "/flag"
	if r := writer.post(flagP+"?lang=en", flagP, url.Values{"reason": {"other"}}); r.status != 303 || r.location != f.path() {
		t.Fatalf("flag proposal: %d %q", r.status, r.location)
	}

	mod := f.as("moderator@fjordvik.example")
	queue := mod.get("/moderation?lang=en")
	if queue.status != 200 || !strings.Contains(queue.body, "Rude words here") || !strings.Contains(queue.body, "Benches along the fjord path") ||
		!strings.Contains(queue.body, "2 reported items") {
		t.Fatalf("queue lists the comment and the proposal: %d", queue.status)
	}
	target := url.Values{"target_type": {"comment"}, "target_id": {itoa(id)}}
	r := moderate(mod, "/moderation/hide?lang=en", url.Values{"target_type": {"comment"}, "target_id": {itoa(id)}, "reason": {" "}})
	if r.status != 422 || !strings.Contains(r.body, "Write a reason.") || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Fatalf("hide without reason: %d", r.status)
	}
	r = moderate(mod, "/moderation/hide", url.Values{"target_type": {"comment"}, "target_id": {itoa(id)}, "reason": {"Insults another resident"}})
	if r.status != 303 {
		t.Fatalf("hide: %d", r.status)
	}
	public := f.client().get(f.path() + "?lang=en")
	if strings.Contains(public.body, "Rude words here") || !strings.Contains(public.body, "Hidden by a moderator: Insults another resident") {
		t.Fatal("the public sees the moderator's reason instead of the text")
	}
	if r := moderate(mod, "/moderation/restore", target); r.status != 303 {
		t.Fatalf("restore: %d", r.status)
	}
	if public := f.client().get(f.path()); !strings.Contains(public.body, "Rude words here") {
		t.Fatal("a restored comment is visible")
	}

	// Blocking: never an admin, with a reason; the blocked resident is told why.
	admin, _ := f.store.UserByEmail(context.Background(), f.demo.ID, "admin@fjordvik.example")
	r = moderate(mod, "/moderation/block?lang=en", url.Values{"user_id": {itoa(admin.ID)}, "reason": {"Test"}})
	if r.status != 409 || !strings.Contains(r.body, "You cannot block an administrator or yourself.") {
		t.Fatalf("blocking an admin: %d", r.status)
	}
	me, _ := f.store.UserByEmail(context.Background(), f.demo.ID, "resident@fjordvik.example")
	if r := moderate(mod, "/moderation/block?lang=en", url.Values{"user_id": {itoa(me.ID)}, "reason": {""}}); r.status != 422 {
		t.Fatalf("block without reason: %d", r.status)
	}
	if r := moderate(mod, "/moderation/block", url.Values{"user_id": {itoa(me.ID)}, "reason": {"Repeated insults"}}); r.status != 303 {
		t.Fatalf("block: %d", r.status)
	}
	if q := mod.get("/moderation?lang=en"); !strings.Contains(q.body, "Blocked accounts") || !strings.Contains(q.body, "Repeated insults") ||
		!strings.Contains(q.body, "Unblock Ingrid Haugen") {
		t.Fatal("the blocked account is listed")
	}
	page := writer.get(f.path() + "?lang=en")
	if !strings.Contains(page.body, "A moderator has blocked your account") || !strings.Contains(page.body, "Reason: Repeated insults") ||
		strings.Contains(page.body, `id="comment-body"`) {
		t.Fatal("a blocked resident is told why and gets no comment form")
	}
	if r := f.comment(writer, "Let me in", 0); r.status != 403 || !strings.Contains(r.body, "blocked your account") {
		t.Fatalf("a blocked resident's comment: %d", r.status)
	}
	if r := moderate(mod, "/moderation/unblock", url.Values{"user_id": {itoa(me.ID)}}); r.status != 303 {
		t.Fatalf("unblock: %d", r.status)
	}
	commentIDFrom(t, f.comment(writer, "Sorry about that", 0))

	actions := strings.Join(f.auditActions(), " ")
	for _, want := range []string{"moderation.hidden", "moderation.restored", "user.blocked", "user.unblocked"} {
		if !strings.Contains(actions, want) {
			t.Errorf("audit log lacks %s: %s", want, actions)
		}
	}
}

func TestModerationIsForModerators(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resident := f.as("resident@fjordvik.example")
	if r := resident.get("/moderation?lang=en"); r.status != 403 || !strings.Contains(r.body, "You do not have access") {
		t.Fatalf("a resident on /moderation: %d", r.status)
	}
	if r := f.client().get("/moderation"); r.status != 303 || !strings.HasPrefix(r.location, "/login") {
		t.Fatalf("an anonymous visitor on /moderation: %d %q", r.status, r.location)
	}
	if r := f.as("admin@fjordvik.example").get("/moderation?lang=nn"); r.status != 200 || !strings.Contains(r.body, "Ingenting å sjå på") {
		t.Fatalf("an admin on /moderation: %d", r.status)
	}
	mod := f.as("moderator@fjordvik.example")
	mod.get("/moderation")
	if r := mod.do("POST", "/moderation/hide", url.Values{"target_type": {"comment"}, "target_id": {"1"}, "reason": {"x"}}); r.status != 403 {
		t.Fatalf("moderation without CSRF token: %d", r.status)
	}
	if r := resident.post("/", "/moderation/dismiss", url.Values{"target_type": {"comment"}, "target_id": {"1"}}); r.status != 403 {
		t.Fatalf("a resident's moderation form: %d", r.status)
	}
}

func TestModerationQueuePages(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	ctx := context.Background()
	me, _ := f.store.UserByEmail(ctx, f.demo.ID, "resident@fjordvik.example")
	for i := range 16 {
		cm, err := f.store.AddComment(ctx, f.demo.ID, me.ID, f.proposal.ID, 0, fmt.Sprintf("Reported comment %d", i+1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Flag(ctx, f.demo.ID, f.author.ID, "comment", cm.ID, "spam", ""); err != nil {
			t.Fatal(err)
		}
	}
	mod := f.as("moderator@fjordvik.example")
	one := mod.get("/moderation?lang=en")
	if !strings.Contains(one.body, "16 reported items") || strings.Count(one.body, `class="moderation-item"`) != 15 ||
		!strings.Contains(one.body, `href="/moderation?page=2" rel="next"`) {
		t.Fatal("the first queue page shows 15 items and links to the next")
	}
	if two := mod.get("/moderation?page=2&lang=en"); strings.Count(two.body, `class="moderation-item"`) != 1 || !strings.Contains(two.body, `rel="prev"`) {
		t.Fatal("the second queue page shows the rest")
	}
}
