package app_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/store"
)

// The demo accounts used below.
const (
	residentEmail  = "resident@fjordvik.example"
	officialEmail  = "official@fjordvik.example"
	moderatorEmail = "moderator@fjordvik.example"
	adminEmail     = "admin@fjordvik.example"
)

// signedIn returns a client signed in as email with the demo password.
func (f *fixture) signedIn(email string) *client {
	f.t.Helper()
	c := f.client()
	if r := c.login(email, store.DemoPassword); r.status != http.StatusSeeOther {
		f.t.Fatalf("login as %s: status %d", email, r.status)
	}
	return c
}

// user returns a demo account.
func (f *fixture) user(email string) *store.User {
	f.t.Helper()
	u, err := f.store.UserByEmail(context.Background(), f.demo.ID, email)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// newResident creates another resident account and signs it in.
func (f *fixture) newResident(name string) (*store.User, *client) {
	f.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@fjordvik.example"
	u, err := f.store.CreateUser(context.Background(), f.demo.ID, store.NewUser{
		Email: email, PasswordHash: demoHash, DisplayName: name, Role: store.RoleResident, Locale: "nb",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return u, f.signedIn(email)
}

// proposal creates a proposal directly in the store.
func (f *fixture) proposal(authorID int64, title, body string) *store.Proposal {
	f.t.Helper()
	p, err := f.store.CreateProposal(context.Background(), f.demo.ID, store.NewProposal{
		AuthorID: authorID, Title: title, Body: body, Language: "nb",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// text is a response body with HTML entities decoded, for checks of what a
// reader sees.
func (r response) text() string { return html.UnescapeString(r.body) }

func (r response) mustContain(t *testing.T, what ...string) {
	t.Helper()
	for _, w := range what {
		if !strings.Contains(r.text(), w) {
			t.Errorf("status %d: the page lacks %q", r.status, w)
		}
	}
}

func (r response) mustNotContain(t *testing.T, what ...string) {
	t.Helper()
	for _, w := range what {
		if strings.Contains(r.text(), w) {
			t.Errorf("the page should not contain %q", w)
		}
	}
}

func wantStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d (location %q)", r.status, want, r.location)
	}
}

var proposalLocation = regexp.MustCompile(`^/proposals/(\d+)`)

func proposalIDFrom(t *testing.T, r response) int64 {
	t.Helper()
	m := proposalLocation.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("no redirect to a proposal: status %d, location %q", r.status, r.location)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func path(id int64, rest ...string) string {
	return fmt.Sprintf("/proposals/%d", id) + strings.Join(rest, "")
}

func TestSubmitWithPreviewThenPublish(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.signedIn(residentEmail)
	areas, _ := f.store.Areas(context.Background(), f.demo.ID)
	form := url.Values{
		"title":  {"Benker langs elva"},
		"body":   {"Vi trenger flere benker.\nGjerne i tre.\n\nSe https://example.no/benker for <ideer>."},
		"area":   {strconv.FormatInt(areas[0].ID, 10)},
		"action": {"preview"},
	}
	before := f.countProposals()
	r := c.post("/proposals/new", "/proposals/new", form)
	wantStatus(t, r, http.StatusOK)
	r.mustContain(t, "Forhåndsvisning", "Benker langs elva", areas[0].Name)
	if !strings.Contains(r.body, `<p>Vi trenger flere benker.<br>`) ||
		!strings.Contains(r.body, `<a href="https://example.no/benker" rel="nofollow ugc noopener">`) ||
		!strings.Contains(r.body, "&lt;ideer&gt;") {
		t.Errorf("the preview does not render the text safely:\n%s", r.body)
	}
	if !strings.Contains(r.body, `value="Benker langs elva"`) {
		t.Error("the preview does not keep the title in the form")
	}
	if n := f.countProposals(); n != before {
		t.Errorf("a preview changed the number of proposals from %d to %d", before, n)
	}

	form.Set("action", "publish")
	r = c.post("/proposals/new", "/proposals/new", form)
	id := proposalIDFrom(t, r)
	page := c.get(path(id))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Forslaget ditt er publisert.", "Benker langs elva", "av Ingrid Haugen", areas[0].Name, "Publisert")
}

func (f *fixture) countProposals() int {
	f.t.Helper()
	_, n, err := f.store.ListProposals(context.Background(), f.demo.ID, store.ProposalFilter{}, store.Viewer{})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestProposalValidationKeepsValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.signedIn(residentEmail)

	r := c.post("/proposals/new", "/proposals/new", url.Values{"title": {""}, "body": {""}, "action": {"publish"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Skriv en tittel.", "Beskriv forslaget ditt.")
	if !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Error("invalid fields are not marked")
	}

	long := strings.Repeat("a", 121)
	body := strings.Repeat("ø", 5001)
	r = c.post("/proposals/new", "/proposals/new?lang=en", url.Values{"title": {long}, "body": {body}, "action": {"publish"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "The title must be at most 120 characters long.", "The proposal must be at most 5,000 characters long.",
		`value="`+long+`"`, body)

	// A body of exactly 5,000 characters with Windows line breaks is fine.
	ok := strings.Repeat("x", 2499) + "\r\n" + strings.Repeat("y", 2500)
	r = c.post("/proposals/new", "/proposals/new", url.Values{"title": {strings.Repeat("t", 120)}, "body": {ok}, "action": {"publish"}})
	proposalIDFrom(t, r)
}

func TestEditBeforeSupportOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	author := f.signedIn(residentEmail)
	p := f.proposal(f.user(residentEmail).ID, "Gammel tittel", "Gammel tekst")

	edit := author.get(path(p.ID, "/edit"))
	wantStatus(t, edit, http.StatusOK)
	edit.mustContain(t, `value="Gammel tittel"`)
	r := author.post(path(p.ID, "/edit"), path(p.ID, "/edit"), url.Values{"title": {"Ny tittel"}, "body": {"Ny tekst"}, "action": {"publish"}})
	proposalIDFrom(t, r)
	author.get(path(p.ID)).mustContain(t, "Ny tittel", "Ny tekst", "Endringene er lagret.")

	// Someone else may not edit.
	_, other := f.newResident("Kari Nordmann")
	wantStatus(t, other.get(path(p.ID, "/edit")), http.StatusNotFound)

	// After a support, editing is over.
	wantStatus(t, other.post(path(p.ID), path(p.ID, "/support"), url.Values{}), http.StatusSeeOther)
	r = author.post(path(p.ID, "/edit"), path(p.ID, "/edit"), url.Values{"title": {"Tredje tittel"}, "body": {"Tekst"}, "action": {"publish"}})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Forslaget kan ikke lenger endres")
	author.get(path(p.ID)).mustContain(t, "Ny tittel")
}

func TestWithdraw(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	author := f.signedIn(residentEmail)
	p := f.proposal(f.user(residentEmail).ID, "Trekkes tilbake", "Tekst")

	_, other := f.newResident("Per Hansen")
	wantStatus(t, other.post(path(p.ID), path(p.ID, "/withdraw"), url.Values{}), http.StatusNotFound)

	r := author.post(path(p.ID), path(p.ID, "/withdraw"), url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	page := other.get(path(p.ID))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Trukket tilbake", "Forslagsstilleren har trukket tilbake dette forslaget.", "Forslagsstilleren trakk tilbake forslaget.")
	page.mustNotContain(t, `action="/proposals/`+strconv.FormatInt(p.ID, 10)+`/support"`)
	// Support is closed now.
	r = other.post(path(p.ID), path(p.ID, "/support"), url.Values{})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "kan ikke lenger støttes")
	// The list still shows it.
	other.get("/proposals?status=withdrawn").mustContain(t, "Trekkes tilbake")
}

func TestSupportAndUnsupportAreIdempotent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.proposal(f.user(residentEmail).ID, "Støtt meg", "Tekst")
	_, c := f.newResident("Ola Nordmann")

	for range 2 {
		wantStatus(t, c.post(path(p.ID), path(p.ID, "/support"), url.Values{}), http.StatusSeeOther)
	}
	page := c.get(path(p.ID))
	page.mustContain(t, "Støttet av 1 person", "Du støtter dette forslaget.")
	for range 2 {
		wantStatus(t, c.post(path(p.ID), path(p.ID, "/unsupport"), url.Values{}), http.StatusSeeOther)
	}
	c.get(path(p.ID)).mustContain(t, "Støttet av 0 personer", "Støtt forslaget")

	// Anonymous readers are sent to sign in.
	anon := f.client().get(path(p.ID))
	anon.mustContain(t, "Logg inn for å støtte", `/login?next=/proposals/`+strconv.FormatInt(p.ID, 10))
}

func TestOwnProposalCannotBeSupported(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	author := f.signedIn(residentEmail)
	p := f.proposal(f.user(residentEmail).ID, "Mitt forslag", "Tekst")
	page := author.get(path(p.ID))
	page.mustNotContain(t, `action="/proposals/`+strconv.FormatInt(p.ID, 10)+`/support"`)
	r := author.post(path(p.ID), path(p.ID, "/support"), url.Values{})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Du kan ikke støtte ditt eget forslag.")
}

func TestBlockedResidentIsToldWhy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.proposal(f.user(residentEmail).ID, "Forslag", "Tekst")
	u, c := f.newResident("Blokkert Bruker")
	if err := f.store.BlockUser(context.Background(), f.demo.ID, f.user(moderatorEmail).ID, u.ID, "spam"); err != nil {
		t.Fatal(err)
	}
	r := c.post(path(p.ID), path(p.ID, "/support"), url.Values{})
	wantStatus(t, r, http.StatusForbidden)
	r.mustContain(t, "En moderator har blokkert kontoen din")
}

func TestThresholdAndOfficialAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	author := f.user(residentEmail)
	p := f.proposal(author.ID, "Ny lekeplass", "Tekst")
	for i := range store.DefaultSupportThreshold - 1 {
		u, err := f.store.CreateUser(ctx, f.demo.ID, store.NewUser{
			Email: fmt.Sprintf("s%d@fjordvik.example", i), PasswordHash: demoHash, DisplayName: "S", Role: store.RoleResident, Locale: "nb",
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Support(ctx, f.demo.ID, u.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, last := f.newResident("Siste Støtter")
	wantStatus(t, last.post(path(p.ID), path(p.ID, "/support"), url.Values{}), http.StatusSeeOther)
	page := last.get(path(p.ID))
	page.mustContain(t, "Venter på svar", "Forslaget fikk nok støtte. Nå skal kommunen svare på det.")
	f.client().get("/proposals?status=awaiting_answer").mustContain(t, "Ny lekeplass")

	// A resident cannot answer.
	r := last.post(path(p.ID), path(p.ID, "/status"), url.Values{"to": {"accepted"}, "explanation": {"Ja"}})
	wantStatus(t, r, http.StatusForbidden)

	official := f.signedIn(officialEmail)
	official.get(path(p.ID)).mustContain(t, "Svar på forslaget")

	// A rejection without an explanation is refused and the form kept.
	r = official.post(path(p.ID), path(p.ID, "/status"), url.Values{"to": {"rejected"}, "explanation": {"  "}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Skriv en forklaring.")
	if !strings.Contains(r.body, `<option value="rejected" selected>`) {
		t.Error("the chosen status is not kept")
	}
	// A status that cannot follow is refused.
	r = official.post(path(p.ID), path(p.ID, "/status"), url.Values{"to": {"implemented"}, "explanation": {"Ferdig"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)

	r = official.post(path(p.ID), path(p.ID, "/status"), url.Values{"to": {"accepted"}, "explanation": {"Vi bygger lekeplassen i <b>vår</b>."}})
	wantStatus(t, r, http.StatusSeeOther)
	r = official.post(path(p.ID), path(p.ID, "/status"), url.Values{"to": {"in_progress"}, "explanation": {"Arbeidet er i gang."}, "progress": {"140"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Skriv et helt tall fra 0 til 100.")
	r = official.post(path(p.ID), path(p.ID, "/status"), url.Values{"to": {"in_progress"}, "explanation": {"Arbeidet er i gang."}, "progress": {"40"}})
	wantStatus(t, r, http.StatusSeeOther)

	page = f.client().get(path(p.ID) + "?lang=en")
	page.mustContain(t, "Accepted", "In progress: 40%", `<progress id="progress-bar" max="100" value="40">`, "Answered by Lars Bakken")
	page = f.client().get(path(p.ID))
	page.mustContain(t, "Vedtatt", "Vi bygger lekeplassen i <b>vår</b>.", "Under arbeid: 40 %")
	if strings.Contains(page.body, "<b>vår</b>") {
		t.Error("the explanation is not escaped")
	}

	ns, err := f.store.Notifications(ctx, f.demo.ID, author.ID, 10)
	if err != nil || len(ns) == 0 || ns[0].MessageID != store.MessageStatusChanged {
		t.Fatalf("the author got no status notification: %v %v", ns, err)
	}
	f.signedIn(residentEmail).get("/notifications").mustContain(t, "Forslaget «"+p.Title+"» har fått ny status: Under arbeid. Les begrunnelsen.")
}

func TestAssistedSubmission(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	_, before, err := f.store.Users(ctx, f.demo.ID, store.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, f.signedIn(residentEmail).get("/proposals/assisted"), http.StatusForbidden)

	official := f.signedIn(officialEmail)
	page := official.get("/proposals/assisted")
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "16-19", "Ikke oppgitt")

	r := official.post("/proposals/assisted", "/proposals/assisted", url.Values{"title": {"Fra papir"}, "body": {"Tekst"}, "action": {"publish"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Velg hvordan innbyggeren ga deg forslaget.")

	r = official.post("/proposals/assisted", "/proposals/assisted", url.Values{
		"channel": {"paper"}, "title": {"Fra papir"}, "body": {"Tekst"}, "age_band": {"67-79"}, "gender": {"female"}, "action": {"publish"},
	})
	id := proposalIDFrom(t, r)
	shown := f.client().get(path(id))
	shown.mustContain(t, "Sendt inn på papir", "Fra papir")
	shown.mustNotContain(t, "Lars Bakken")
	f.client().get("/proposals?lang=en").mustContain(t, "Submitted on paper")

	_, after, err := f.store.Users(ctx, f.demo.ID, store.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("an assisted submission changed the number of users from %d to %d", before, after)
	}
	p, err := f.store.ProposalByID(ctx, f.demo.ID, id, store.Viewer{})
	if err != nil || p.AuthorID.Valid || p.Channel != store.ChannelPaper {
		t.Errorf("assisted proposal: %+v, %v", p, err)
	}
}

func TestSearchHighlightsStemmedWords(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.proposal(f.user(residentEmail).ID, "Flere trampoliner <script>", "Barna ønsker seg trampoliner & klatrevegger i parken.")
	f.proposal(f.user(residentEmail).ID, "Noe helt annet", "Bedre veilys.")

	r := f.client().get("/proposals?q=trampolinen")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "<mark>trampoliner</mark>") {
		t.Errorf("no highlighted match:\n%s", r.body)
	}
	if strings.Contains(r.body, "<script>") || !strings.Contains(r.body, "&lt;script&gt;") {
		t.Error("the headline is not escaped")
	}
	r.mustContain(t, "1 forslag", "Forslagene som passer best med søket ditt, vises først.")
	r.mustNotContain(t, "Noe helt annet")

	none := f.client().get("/proposals?q=ubåtbase")
	none.mustContain(t, "Ingen forslag passer med søket.")
}

func TestFiltersAndPagination(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	admin := f.user(adminEmail)
	cat, err := f.store.CreateCategory(ctx, f.demo.ID, admin.ID, "testkategori", map[string]string{"nb": "Testkategori", "en": "Test category"})
	if err != nil {
		t.Fatal(err)
	}
	author := f.user(residentEmail)
	for i := range 21 {
		if _, err := f.store.CreateProposal(ctx, f.demo.ID, store.NewProposal{
			AuthorID: author.ID, Title: fmt.Sprintf("Kategoriforslag %02d", i), Body: "Tekst", Language: "nb", CategoryID: cat.ID,
		}); err != nil {
			t.Fatal(err)
		}
	}
	f.proposal(author.ID, "Uten kategori", "Tekst")

	base := "/proposals?category=" + strconv.FormatInt(cat.ID, 10)
	first := f.client().get(base)
	wantStatus(t, first, http.StatusOK)
	// The default order is the balanced feed; without supports or
	// participation it lists the newest first, and the pages keep the order.
	first.mustContain(t, "21 forslag", "Kategoriforslag 20", "Testkategori", "Nye forslag og forslag med mye støtte vises først.",
		`rel="next"`, `aria-label="Sider"`, "order=balanced&page=2")
	first.mustNotContain(t, "Kategoriforslag 00", "Uten kategori", `rel="prev"`)
	if n := strings.Count(first.body, `class="proposal-item"`); n != 20 {
		t.Errorf("page 1 lists %d proposals, want 20", n)
	}
	second := f.client().get(base + "&page=2")
	second.mustContain(t, "Kategoriforslag 00", `rel="prev"`)
	second.mustNotContain(t, `rel="next"`)
	if n := strings.Count(second.body, `class="proposal-item"`); n != 1 {
		t.Errorf("page 2 lists %d proposals, want 1", n)
	}

	mostSupported := f.client().get(base + "&order=most_supported&lang=en")
	mostSupported.mustContain(t, "The proposals with the most support are shown first.", "Test category", "order=most_supported&page=2")
	newest := f.client().get(base + "&order=newest")
	newest.mustContain(t, "De nyeste forslagene vises først.", "Kategoriforslag 20", "order=newest&page=2")
	newest.mustNotContain(t, "Forslag fra områder vi hører lite fra")

	f.client().get(base+"&status=rejected").mustContain(t, "0 forslag")
}

func TestHiddenProposalAndTenancy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.proposal(f.user(residentEmail).ID, "Skjult forslag", "Tekst")
	if err := f.store.Hide(ctx, f.demo.ID, f.user(moderatorEmail).ID, store.TargetProposal, p.ID, "Personopplysninger"); err != nil {
		t.Fatal(err)
	}
	_, other := f.newResident("Nysgjerrig Nabo")
	wantStatus(t, other.get(path(p.ID)), http.StatusNotFound)
	wantStatus(t, f.client().get(path(p.ID)), http.StatusNotFound)

	mod := f.signedIn(moderatorEmail).get(path(p.ID))
	wantStatus(t, mod, http.StatusOK)
	mod.mustContain(t, "Skjult av en moderator: Personopplysninger")
	f.signedIn(residentEmail).get(path(p.ID)).mustContain(t, "Skjult av en moderator: Personopplysninger")

	// Unknown ids and another municipality's proposals are not found.
	wantStatus(t, f.client().get("/proposals/999999999"), http.StatusNotFound)
	other2 := f.addMunicipality("fjellby", "NO", "nb", "nn")
	u, err := f.store.CreateUser(ctx, other2.ID, store.NewUser{Email: "a@fjellby.example", PasswordHash: demoHash, DisplayName: "A", Role: store.RoleResident, Locale: "nb"})
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := f.store.CreateProposal(ctx, other2.ID, store.NewProposal{AuthorID: u.ID, Title: "Fjellby", Body: "Tekst", Language: "nb"})
	if err != nil {
		t.Fatal(err)
	}
	r := f.client().get(path(foreign.ID))
	wantStatus(t, r, http.StatusNotFound)
	r.mustContain(t, "Fant ikke siden")
}

func TestProposalFormsNeedCSRF(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.signedIn(residentEmail)
	p := f.proposal(f.user(officialEmail).ID, "CSRF", "Tekst")
	for _, action := range []string{"/proposals/new", path(p.ID, "/support"), path(p.ID, "/withdraw")} {
		r := c.do(http.MethodPost, action, url.Values{"title": {"x"}, "body": {"y"}, "action": {"publish"}})
		if r.status != http.StatusForbidden {
			t.Errorf("POST %s without a CSRF token: status %d, want 403", action, r.status)
		}
	}
	// Anonymous posts are refused too.
	r := f.client().do(http.MethodPost, path(p.ID, "/support"), url.Values{})
	wantStatus(t, r, http.StatusForbidden)
	wantStatus(t, f.client().get("/proposals/new"), http.StatusSeeOther)
}
