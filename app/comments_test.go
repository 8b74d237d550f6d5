package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/store"
)

// commentFixture is a proposal by its own author, and helpers to act on its
// comments as different people.
type commentFixture struct {
	*fixture
	proposal *store.Proposal
	author   *store.User
}

func newCommentFixture(t *testing.T) *commentFixture {
	t.Helper()
	f := newFixture(t)
	author := f.resident("author@example.no", "Åse Author")
	p, err := f.store.CreateProposal(context.Background(), f.demo.ID, store.NewProposal{
		AuthorID: author.ID, Title: "Benches along the fjord path", Body: "More benches, please.", Language: "nb",
	})
	if err != nil {
		t.Fatal(err)
	}
	return &commentFixture{fixture: f, proposal: p, author: author}
}

// resident creates a resident account with the demo password.
func (f *fixture) resident(email, name string) *store.User {
	f.t.Helper()
	u, err := f.store.CreateUser(context.Background(), f.demo.ID, store.NewUser{
		Email: email, PasswordHash: demoHash, DisplayName: name, Role: store.RoleResident, Locale: "en",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// as signs in a new client.
func (f *fixture) as(email string) *client {
	f.t.Helper()
	c := f.client()
	if r := c.login(email, store.DemoPassword); r.status != 303 {
		f.t.Fatalf("login %s: %d", email, r.status)
	}
	return c
}

func (f *commentFixture) path() string { return "/proposals/" + itoa(f.proposal.ID) }

// comment posts a comment (or a reply) through the form and returns the response.
func (f *commentFixture) comment(c *client, body string, parent int64) response {
	f.t.Helper()
	form := url.Values{"body": {body}}
	if parent != 0 {
		form.Set("parent", itoa(parent))
		form.Set("comments", "1")
	}
	return c.post(f.path()+"?lang=en", f.path()+"/comments", form)
}

var newCommentID = regexp.MustCompile(`#comment-(\d+)$`)

func commentIDFrom(t *testing.T, r response) int64 {
	t.Helper()
	m := newCommentID.FindStringSubmatch(r.location)
	if r.status != 303 || m == nil {
		t.Fatalf("comment not posted: status %d, location %q\n%s", r.status, r.location, r.body)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

// ref is the query that locates a top-level comment on page 1.
func (f *commentFixture) ref() string { return "proposal=" + itoa(f.proposal.ID) + "&comments=1" }

func TestCommentsAndThreads(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	anon := f.client()
	if r := anon.get(f.path() + "?lang=en"); r.status != 200 || !strings.Contains(r.body, "Sign in to comment") ||
		!strings.Contains(r.body, "No comments yet") {
		t.Fatalf("anonymous visitors are asked to sign in: %d", r.status)
	}

	c := f.as("resident@fjordvik.example")
	r := f.comment(c, "First line\nsecond line\n\nA <b>new</b> paragraph", 0)
	first := commentIDFrom(t, r)
	if !strings.HasPrefix(r.location, f.path()+"?comments=1#comment-") {
		t.Fatalf("a new comment lands on its page: %q", r.location)
	}
	page := c.get(f.path() + "?lang=en")
	for _, want := range []string{"1 comment", "Your comment has been posted.", "<p>First line<br>second line</p>",
		"<p>A &lt;b&gt;new&lt;/b&gt; paragraph</p>", `id="comment-` + itoa(first) + `"`, "Ingrid Haugen"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("comment page lacks %q", want)
		}
	}

	// A reply, and a reply to the reply, which joins the same thread.
	other := f.as("author@example.no")
	reply := commentIDFrom(t, f.comment(other, "I agree", first))
	r = f.comment(c, "Thanks!", reply)
	second := commentIDFrom(t, r)
	if want := fmt.Sprintf("replies=%d#comment-%d", first, second); !strings.HasSuffix(r.location, want) {
		t.Fatalf("a reply to a reply lands in the top-level thread: %q", r.location)
	}
	page = anon.get(f.path() + "?lang=en")
	if !strings.Contains(page.body, "Show 2 replies") || strings.Contains(page.body, "I agree") {
		t.Fatal("replies are loaded on demand, with their count")
	}
	thread := anon.get(fmt.Sprintf("%s?lang=en&comments=1&replies=%d", f.path(), first))
	if !strings.Contains(thread.body, "I agree") || !strings.Contains(thread.body, "Thanks!") ||
		!strings.Contains(thread.body, "Hide replies") {
		t.Fatal("the opened thread shows both replies, flattened to two levels")
	}
	if strings.Contains(thread.body, `id="reply-`) {
		t.Fatal("anonymous visitors get no reply form")
	}
	if mine := c.get(fmt.Sprintf("%s?lang=en&replies=%d", f.path(), first)); !strings.Contains(mine.body, fmt.Sprintf(`id="reply-%d"`, first)) {
		t.Fatal("a signed-in resident gets a reply form in the opened thread")
	}

	// Validation keeps the text.
	r = f.comment(c, "   ", 0)
	if r.status != 422 || !strings.Contains(r.body, "Write your comment.") || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Fatalf("empty comment: %d", r.status)
	}
	long := strings.Repeat("ø", 2001)
	r = f.comment(c, long, 0)
	if r.status != 422 || !strings.Contains(r.body, "at most 2000 characters") || !strings.Contains(r.body, long) {
		t.Fatalf("too long comment re-rendered with the text: %d", r.status)
	}
	if r := anon.do("POST", f.path()+"/comments", url.Values{"body": {"no token"}}); r.status != 403 {
		t.Fatalf("a comment without CSRF token: %d", r.status)
	}
}

func TestCommentsPaginate(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	ctx := context.Background()
	me, _ := f.store.UserByEmail(ctx, f.demo.ID, "resident@fjordvik.example")
	for i := range 21 {
		if _, err := f.store.AddComment(ctx, f.demo.ID, me.ID, f.proposal.ID, 0, fmt.Sprintf("Comment number %02d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	c := f.client()
	one := c.get(f.path() + "?lang=en")
	if n := strings.Count(one.body, `class="comment-thread"`); n != 20 {
		t.Fatalf("page 1 has %d comments, want 20", n)
	}
	if !strings.Contains(one.body, "21 comments") || !strings.Contains(one.body, `rel="next"`) ||
		!strings.Contains(one.body, "?comments=2#comments-heading") || strings.Contains(one.body, `rel="prev"`) {
		t.Fatal("page 1 links to page 2")
	}
	two := c.get(f.path() + "?lang=en&comments=2")
	if n := strings.Count(two.body, `class="comment-thread"`); n != 1 || !strings.Contains(two.body, "Comment number 21") ||
		!strings.Contains(two.body, `rel="prev"`) || !strings.Contains(two.body, "Page 2 of 2") {
		t.Fatalf("page 2 has the 21st comment (%d comments)", n)
	}
	// A new comment lands on the last page.
	r := f.comment(f.as("author@example.no"), "Late to the party", 0)
	if !strings.Contains(r.location, "?comments=2#comment-") {
		t.Fatalf("new comment goes to the last page: %q", r.location)
	}
}

func TestEditCommentWithinWindow(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	c := f.as("resident@fjordvik.example")
	id := commentIDFrom(t, f.comment(c, "Original text", 0))
	edit := fmt.Sprintf("/comments/%d/edit?%s", id, f.ref())
	if page := c.get(f.path() + "?lang=en"); !strings.Contains(page.body, fmt.Sprintf("/comments/%d/edit?", id)) {
		t.Fatal("the author sees an edit link")
	}
	if page := f.as("author@example.no").get(f.path()); strings.Contains(page.body, fmt.Sprintf("/comments/%d/edit?", id)) {
		t.Fatal("others see no edit link")
	}
	r := c.get(edit + "&lang=en")
	if r.status != 200 || !strings.Contains(r.body, "Original text") {
		t.Fatalf("edit form: %d", r.status)
	}
	if r := c.post(edit, edit, url.Values{"body": {""}}); r.status != 422 {
		t.Fatalf("empty edit: %d", r.status)
	}
	r = c.post(edit, edit, url.Values{"body": {"Better text"}})
	if r.status != 303 || !strings.HasSuffix(r.location, fmt.Sprintf("#comment-%d", id)) {
		t.Fatalf("edit: %d %q", r.status, r.location)
	}
	page := c.get(f.path() + "?lang=en")
	if !strings.Contains(page.body, "Better text") || !strings.Contains(page.body, "(edited)") {
		t.Fatal("the edited comment shows its new text and the edited marker")
	}
	if r := f.as("author@example.no").post(f.path(), edit, url.Values{"body": {"Hijack"}}); r.status != 404 {
		t.Fatalf("someone else's edit: %d", r.status)
	}

	// After the window, the form and the save are refused.
	if _, err := f.store.DB().Exec(`UPDATE comments SET created_at = now() - interval '20 minutes' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if r := c.get(edit + "&lang=en"); r.status != 409 || !strings.Contains(r.body, "15 minutes") {
		t.Fatalf("late edit form: %d", r.status)
	}
	token := csrfField.FindStringSubmatch(c.get(f.path()).body)[1]
	r = c.do("POST", edit, url.Values{"body": {"Too late"}, "_csrf": {token}})
	if r.status != 409 || !strings.Contains(r.body, "Too late") {
		t.Fatalf("late edit: %d", r.status)
	}
	if page := c.get(f.path() + "?lang=en"); strings.Contains(page.body, "Too late") || strings.Contains(page.body, fmt.Sprintf("/comments/%d/edit?", id)) {
		t.Fatal("a late edit changes nothing and the link is gone")
	}
}

func TestDeleteCommentLeavesTombstone(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	c := f.as("resident@fjordvik.example")
	id := commentIDFrom(t, f.comment(c, "Regrettable words", 0))
	commentIDFrom(t, f.comment(f.as("author@example.no"), "A reply that stays", id))
	del := fmt.Sprintf("/comments/%d/delete?%s", id, f.ref())
	if r := f.as("author@example.no").get(del); r.status != 404 {
		t.Fatalf("others cannot delete: %d", r.status)
	}
	confirm := c.get(del + "&lang=en")
	if confirm.status != 200 || !strings.Contains(confirm.body, "Regrettable words") || !strings.Contains(confirm.body, "Yes, delete the comment") {
		t.Fatalf("confirmation page: %d", confirm.status)
	}
	r := c.post(del, del, url.Values{})
	if r.status != 303 {
		t.Fatalf("delete: %d", r.status)
	}
	page := c.get(fmt.Sprintf("%s?lang=en&replies=%d", f.path(), id))
	if strings.Contains(page.body, "Regrettable words") || !strings.Contains(page.body, "This comment was deleted.") ||
		!strings.Contains(page.body, "A reply that stays") {
		t.Fatal("a deleted comment leaves a tombstone above its replies")
	}
	if r := c.post(f.path(), del, url.Values{}); r.status != 404 {
		t.Fatalf("deleting twice: %d", r.status)
	}
}

func TestWithdrawnProposalTakesNoComments(t *testing.T) {
	t.Parallel()
	f := newCommentFixture(t)
	if err := f.store.WithdrawProposal(context.Background(), f.demo.ID, f.author.ID, f.proposal.ID); err != nil {
		t.Fatal(err)
	}
	c := f.as("resident@fjordvik.example")
	page := c.get(f.path() + "?lang=en")
	if !strings.Contains(page.body, "The proposal has been withdrawn") || strings.Contains(page.body, `id="comment-body"`) {
		t.Fatal("a withdrawn proposal says so instead of offering the form")
	}
	if r := f.comment(c, "Still?", 0); r.status != 409 || !strings.Contains(r.body, "withdrawn") {
		t.Fatalf("comment on a withdrawn proposal: %d", r.status)
	}
}
