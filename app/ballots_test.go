package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// ballotDay is the day offset days from today in Fjordvik, as the store
// reads dates.
func ballotDay(offset int) time.Time {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	return store.Today(oslo, time.Now()).AddDate(0, 0, offset)
}

// ballotEnv is a published consultation of the demo municipality with one
// question of every kind.
type ballotEnv struct {
	f         *fixture
	id        int64
	single    store.Question // Nord, Sør, Øst; may be left unanswered
	multiple  store.Question // Benker, Trær, Lys, Scene; at most 2
	budget    store.Question // Lekeplass 70 000, Sandvolleyball 40 000, Blomsterbed 30 000 of 100 000
	statement store.Question
	text      store.Question
}

func ballotLabel(s string) store.Translations { return store.Translations{"nb": s, "en": s} }

// newBallotEnv publishes a consultation whose voting runs from two days ago
// to five days ahead; change adjusts it first.
func newBallotEnv(f *fixture, change func(*store.ConsultationInput)) *ballotEnv {
	f.t.Helper()
	ctx := context.Background()
	in := store.ConsultationInput{
		Title:           store.Translations{"nb": "Ny park ved elva", "en": "A new park by the river"},
		Summary:         store.Translations{"nb": "Hva vil du ha i parken?"},
		InformationFrom: ballotDay(-10), VotingFrom: ballotDay(-2), VotingUntil: ballotDay(5),
	}
	if change != nil {
		change(&in)
	}
	official := f.user(officialEmail)
	id, err := f.store.CreateConsultation(ctx, f.demo.ID, official.ID, in)
	if err != nil {
		f.t.Fatalf("create consultation: %v", err)
	}
	cost := func(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: true} }
	questions := []store.QuestionInput{
		{Position: 1, Kind: store.QuestionSingle, Prompt: ballotLabel("Hvor skal parken ligge?"),
			Options: []store.OptionInput{{Label: ballotLabel("Nord")}, {Label: ballotLabel("Sør")}, {Label: ballotLabel("Øst")}}},
		{Position: 2, Kind: store.QuestionMultiple, Prompt: ballotLabel("Hva vil du ha i parken?"),
			MaxChoices: sql.NullInt32{Int32: 2, Valid: true},
			Options: []store.OptionInput{{Label: ballotLabel("Benker")}, {Label: ballotLabel("Trær")},
				{Label: ballotLabel("Lys")}, {Label: ballotLabel("Scene")}}},
		{Position: 3, Kind: store.QuestionBudget, Prompt: ballotLabel("Fordel innbyggerbudsjettet"), Budget: cost(100000),
			Options: []store.OptionInput{{Label: ballotLabel("Lekeplass"), Cost: cost(70000)},
				{Label: ballotLabel("Sandvolleyball"), Cost: cost(40000)}, {Label: ballotLabel("Blomsterbed"), Cost: cost(30000)}}},
		{Position: 4, Kind: store.QuestionStatement, Prompt: ballotLabel("Parken bør være åpen om natta.")},
		{Position: 5, Kind: store.QuestionText, Prompt: ballotLabel("Har du noe mer å si?")},
	}
	for _, q := range questions {
		if _, err := f.store.CreateQuestion(ctx, f.demo.ID, official.ID, id, q); err != nil {
			f.t.Fatalf("create %s question: %v", q.Kind, err)
		}
	}
	if err := f.store.PublishConsultation(ctx, f.demo.ID, official.ID, id); err != nil {
		f.t.Fatalf("publish: %v", err)
	}
	qs, err := f.store.Questions(ctx, f.demo.ID, id)
	if err != nil || len(qs) != 5 {
		f.t.Fatalf("questions: %v %v", qs, err)
	}
	return &ballotEnv{f: f, id: id, single: qs[0], multiple: qs[1], budget: qs[2], statement: qs[3], text: qs[4]}
}

func (e *ballotEnv) path(rest string) string { return fmt.Sprintf("/consultations/%d%s", e.id, rest) }

// option returns the id of a question's option with label, as a form value.
func ballotOption(t *testing.T, q store.Question, label string) string {
	t.Helper()
	for _, o := range q.Options {
		if o.Label["nb"] == label {
			return strconv.FormatInt(o.ID, 10)
		}
	}
	t.Fatalf("question %d has no option %q", q.ID, label)
	return ""
}

func ballotField(q store.Question) string { return "q" + strconv.FormatInt(q.ID, 10) }

// ballots counts the consultation's ballots, tallied ones included.
func (e *ballotEnv) ballots() int {
	e.f.t.Helper()
	c, err := e.f.store.ConsultationByID(context.Background(), e.f.demo.ID, e.id)
	if err != nil {
		e.f.t.Fatal(err)
	}
	return c.Ballots
}

// isChecked reports whether the input named name with value is ticked.
func isChecked(body, name, value string) bool {
	return regexp.MustCompile(`name="` + name + `" value="` + regexp.QuoteMeta(value) + `"[^>]*\schecked`).MatchString(body)
}

var receiptCode = regexp.MustCompile(`<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>`)

// castAndReadReceipt sends a ballot and reads the receipt code shown once
// on the page the vote leads to.
func (e *ballotEnv) castAndReadReceipt(c *client, form url.Values) string {
	t := e.f.t
	t.Helper()
	r := c.post(e.path("/vote"), e.path("/vote"), form)
	wantStatus(t, r, http.StatusSeeOther)
	if r.location != e.path("/receipt?new=1") {
		t.Fatalf("a vote leads to %q", r.location)
	}
	page := c.get(r.location)
	wantStatus(t, page, http.StatusOK)
	m := receiptCode.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("the page after voting shows no receipt code:\n%s", page.body)
	}
	page.mustContain(t, "Takk for at du stemte",
		"Ta vare på denne koden. Med den kan du sjekke at stemmeseddelen din er talt med. Den viser ikke hva du stemte.")
	// The code reached the page through the resident's browser only: no
	// session or other stored value on the server joins them to it.
	var stored int
	if err := e.f.store.DB().QueryRow(`SELECT count(*) FROM kv_store WHERE position($1::bytea IN value) > 0`,
		[]byte(m[1])).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != 0 {
		t.Fatalf("the receipt code %s is kept on the server", m[1])
	}
	return m[1]
}

func TestVoteChangeVoteAndCheckReceipts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, nil)
	c := f.signedIn(residentEmail)

	form := c.get(e.path("/vote"))
	wantStatus(t, form, http.StatusOK)
	form.mustContain(t, "Stemmeseddelen din", "Stemmen din er hemmelig.", "Hvor skal parken ligge?",
		"Velg opptil 2 alternativer.", "Budsjettet er 100\u00a0000 kroner.", "(70\u00a0000 kroner)",
		"Høyst 2\u00a0000 tegn.", "Enig", "Uenig", "Står over", "Svarer ikke")
	form.mustNotContain(t, "Du har stemt.")
	if !strings.Contains(form.body, `<legend class="question-prompt">Hvor skal parken ligge?</legend>`) {
		t.Error("a single-choice question is a fieldset with its prompt as legend")
	}

	first := url.Values{
		ballotField(e.single):    {ballotOption(t, e.single, "Sør")},
		ballotField(e.multiple):  {ballotOption(t, e.multiple, "Benker"), ballotOption(t, e.multiple, "Lys")},
		ballotField(e.budget):    {ballotOption(t, e.budget, "Lekeplass"), ballotOption(t, e.budget, "Blomsterbed")},
		ballotField(e.statement): {"agree"},
		ballotField(e.text):      {"Husk benker med ryggstø."},
	}
	oldCode := e.castAndReadReceipt(c, first)
	if n := e.ballots(); n != 1 {
		t.Fatalf("%d ballots after one vote", n)
	}

	// The code is shown once: the same page again no longer has it.
	again := c.get(e.path("/receipt?new=1"))
	wantStatus(t, again, http.StatusOK)
	if receiptCode.MatchString(again.body) {
		t.Error("the receipt code is shown a second time")
	}
	again.mustContain(t, "Vi viser kvitteringskoden bare én gang")

	// The form now holds the ballot and says it can be changed.
	mine := c.get(e.path("/vote"))
	mine.mustContain(t, "Du har stemt. Du kan endre stemmen din til og med", "Den nye stemmeseddelen erstatter den gamle.",
		"Husk benker med ryggstø.")
	for _, want := range [][2]string{
		{ballotField(e.single), ballotOption(t, e.single, "Sør")},
		{ballotField(e.multiple), ballotOption(t, e.multiple, "Lys")},
		{ballotField(e.budget), ballotOption(t, e.budget, "Blomsterbed")},
		{ballotField(e.statement), "agree"},
	} {
		if !isChecked(mine.body, want[0], want[1]) {
			t.Errorf("the form does not show %s=%s as chosen", want[0], want[1])
		}
	}

	// Change the vote: still one ballot, a new receipt, the old one is gone.
	second := url.Values{
		ballotField(e.single):    {ballotOption(t, e.single, "Øst")},
		ballotField(e.statement): {"disagree"},
	}
	newCode := e.castAndReadReceipt(c, second)
	if newCode == oldCode {
		t.Fatal("a changed vote keeps its receipt code")
	}
	if n := e.ballots(); n != 1 {
		t.Fatalf("%d ballots after a change of vote, want 1", n)
	}
	changed := c.get(e.path("/vote"))
	if !isChecked(changed.body, ballotField(e.single), ballotOption(t, e.single, "Øst")) ||
		isChecked(changed.body, ballotField(e.single), ballotOption(t, e.single, "Sør")) ||
		isChecked(changed.body, ballotField(e.budget), ballotOption(t, e.budget, "Lekeplass")) {
		t.Error("the new ballot does not replace the old one")
	}
	changed.mustNotContain(t, "Husk benker med ryggstø.")

	// Anyone can check a code; lower case and spaces are fine, O reads as 0.
	anon := f.client()
	check := func(code string) response {
		t.Helper()
		r := anon.get(e.path("/receipt?code=" + url.QueryEscape(code)))
		wantStatus(t, r, http.StatusOK)
		return r
	}
	typed := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(newCode, "-", " "), "0", "O"))
	check(typed).mustContain(t, "Stemmeseddelen din er talt med.")
	check(oldCode).mustContain(t, "Vi fant ingen stemmeseddel med denne koden. Hvis du har endret stemmen din, må du bruke den nyeste koden.")
	r := anon.get(e.path("/receipt?code=ABC"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "En kvitteringskode har 16 bokstaver og tall")
	if !strings.Contains(r.body, `value="ABC"`) {
		t.Error("the receipt form does not keep what was typed")
	}
	anon.get(e.path("/receipt?lang=en")).mustContain(t, "Check your receipt", "Receipt code")
}

func TestBallotFormNeedsSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, nil)
	r := f.client().get(e.path("/vote"))
	wantStatus(t, r, http.StatusSeeOther)
	if !strings.HasPrefix(r.location, "/login?next=") {
		t.Errorf("an anonymous visitor is sent to %q", r.location)
	}
}

func TestIneligibleResidentIsToldWhy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	areas, err := f.store.Areas(ctx, f.demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	profile, err := f.store.ProfileOf(ctx, f.demo.ID, f.user(residentEmail).ID)
	if err != nil {
		t.Fatal(err)
	}
	var home, other store.Area
	for _, a := range areas {
		if a.ID == profile.AreaID.Int64 {
			home = a
		} else if other.ID == 0 {
			other = a
		}
	}
	e := newBallotEnv(f, func(in *store.ConsultationInput) {
		in.RestrictToAreas = true
		in.AreaIDs = []int64{other.ID}
	})
	vote := url.Values{ballotField(e.single): {ballotOption(t, e.single, "Nord")}}

	c := f.signedIn(residentEmail)
	page := c.get(e.path("/vote"))
	wantStatus(t, page, http.StatusOK)
	why := "Denne høringen er bare for innbyggere i " + other.Name + ". Ifølge profilen din bor du i " + home.Name + "."
	page.mustContain(t, "Du kan ikke stemme i denne høringen", why, "Har du flyttet?")
	if strings.Contains(page.body, `name="`+ballotField(e.single)+`"`) {
		t.Error("an ineligible resident gets the ballot form")
	}
	r := c.post(e.path("/vote"), e.path("/vote"), vote)
	wantStatus(t, r, http.StatusForbidden)
	r.mustContain(t, why)

	// Without an area in the profile, the page says so and links to the account.
	_, stranger := f.newResident("Ola Uten Område")
	r = stranger.post(e.path("/vote"), e.path("/vote"), vote)
	wantStatus(t, r, http.StatusForbidden)
	r.mustContain(t, "Profilen din sier ikke hvor du bor", "Legg til hvor du bor på kontosiden din")
	if !strings.Contains(r.body, `href="/account#profile-heading"`) {
		t.Error("no link to the account page")
	}

	// A minimum age the resident does not reach.
	old := newBallotEnv(f, func(in *store.ConsultationInput) { in.MinAge = sql.NullInt32{Int32: 70, Valid: true} })
	r = c.post(old.path("/vote"), old.path("/vote"), url.Values{ballotField(old.single): {ballotOption(t, old.single, "Nord")}})
	wantStatus(t, r, http.StatusForbidden)
	r.mustContain(t, "For å stemme i denne høringen må du fylle 70 år i år eller være eldre.")
	if n := e.ballots() + old.ballots(); n != 0 {
		t.Errorf("%d ballots from residents who may not vote", n)
	}
}

func TestBallotOutsideVotingIsRefusedWithChoicesKept(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.signedIn(residentEmail)

	// Before voting opens: the page says when, and a ballot is refused.
	early := newBallotEnv(f, func(in *store.ConsultationInput) {
		in.InformationFrom, in.VotingFrom, in.VotingUntil = ballotDay(-1), ballotDay(3), ballotDay(9)
	})
	page := c.get(early.path("/vote"))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Du kan ikke svare ennå.")
	token := csrfField.FindStringSubmatch(page.body)
	if token == nil {
		t.Fatal("no CSRF token on the page")
	}
	sor := ballotOption(t, early.single, "Sør")
	r := c.do(http.MethodPost, early.path("/vote"), url.Values{"_csrf": {token[1]},
		ballotField(early.single): {sor}, ballotField(early.text): {"Jeg vil ha en badeplass."}})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Høringen tar ikke imot svar ennå, så stemmeseddelen ble ikke lagret.", "Jeg vil ha en badeplass.")
	if !isChecked(r.body, ballotField(early.single), sor) {
		t.Error("the refused ballot does not keep the choice")
	}

	// After the last voting day: the consultation is closed when it is read.
	late := newBallotEnv(f, func(in *store.ConsultationInput) {
		in.InformationFrom, in.VotingFrom, in.VotingUntil = ballotDay(-9), ballotDay(-5), ballotDay(-1)
	})
	r = c.do(http.MethodPost, late.path("/vote"), url.Values{"_csrf": {token[1]},
		ballotField(late.single): {ballotOption(t, late.single, "Nord")}})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Avstemningen er avsluttet, så stemmeseddelen ble ikke lagret.")
	if !isChecked(r.body, ballotField(late.single), ballotOption(t, late.single, "Nord")) {
		t.Error("the refused ballot does not keep the choice")
	}
	if n := early.ballots() + late.ballots(); n != 0 {
		t.Errorf("%d ballots outside voting", n)
	}
}

func TestInputPhaseTakesTextAndStatementsOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, func(in *store.ConsultationInput) {
		in.InformationFrom = ballotDay(-3)
		in.InputFrom = sql.NullTime{Time: ballotDay(-1), Valid: true}
		in.VotingFrom, in.VotingUntil = ballotDay(4), ballotDay(9)
	})
	c := f.signedIn(residentEmail)
	page := c.get(e.path("/vote"))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Åpner for avstemning", "Har du noe mer å si?")
	if strings.Contains(page.body, `name="`+ballotField(e.single)+`"`) {
		t.Error("a choice question takes answers in the input phase")
	}
	code := e.castAndReadReceipt(c, url.Values{ballotField(e.statement): {"pass"}, ballotField(e.text): {"Flere trær."}})
	if code == "" {
		t.Fatal("no receipt")
	}
}

func TestOverBudgetAndTooManyChoicesAreRefusedWithChoicesKept(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, nil)
	c := f.signedIn(residentEmail)
	form := url.Values{
		ballotField(e.multiple): {ballotOption(t, e.multiple, "Benker"), ballotOption(t, e.multiple, "Trær"), ballotOption(t, e.multiple, "Scene")},
		ballotField(e.budget):   {ballotOption(t, e.budget, "Lekeplass"), ballotOption(t, e.budget, "Sandvolleyball")},
		ballotField(e.text):     {"Takk for at dere spør."},
	}
	r := c.post(e.path("/vote"), e.path("/vote"), form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Rett opp dette",
		"Det du har valgt, koster mer enn budsjettet på 100\u00a0000 kroner.",
		"Velg høyst 2 alternativer.",
		"Takk for at dere spør.")
	for _, label := range []string{"Benker", "Trær", "Scene"} {
		if !isChecked(r.body, ballotField(e.multiple), ballotOption(t, e.multiple, label)) {
			t.Errorf("the choice %s is not kept", label)
		}
	}
	if !isChecked(r.body, ballotField(e.budget), ballotOption(t, e.budget, "Sandvolleyball")) {
		t.Error("the budget choices are not kept")
	}
	// The summary links to the questions, in their order.
	multiple := strings.Index(r.body, `href="#`+ballotField(e.multiple)+`"`)
	budget := strings.Index(r.body, `href="#`+ballotField(e.budget)+`"`)
	if multiple < 0 || budget < 0 || multiple > budget {
		t.Error("the error summary does not link to the questions in order")
	}
	if !strings.Contains(r.body, `id="`+ballotField(e.budget)+`-error"`) {
		t.Error("the budget question has no message of its own")
	}
	if n := e.ballots(); n != 0 {
		t.Errorf("%d ballots stored from a refused ballot", n)
	}

	// In English, with English number formatting.
	r = c.post(e.path("/vote?lang=en"), e.path("/vote"), form)
	r.mustContain(t, "The options you chose cost more than the budget of 100,000 kroner.", "Choose at most 2 options.")

	// An empty ballot.
	r = c.post(e.path("/vote?lang=nb"), e.path("/vote"), url.Values{ballotField(e.single): {""}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Svar på minst ett spørsmål.")
}

func TestQuestionOfAnotherConsultationIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	here := newBallotEnv(f, nil)
	there := newBallotEnv(f, nil)
	c := f.signedIn(residentEmail)
	r := c.post(here.path("/vote"), here.path("/vote"), url.Values{
		ballotField(here.single):  {ballotOption(t, here.single, "Nord")},
		ballotField(there.single): {ballotOption(t, there.single, "Sør")},
	})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Stemmeseddelen har et svar på et spørsmål som ikke hører til denne høringen, så ingenting ble lagret.")
	if !isChecked(r.body, ballotField(here.single), ballotOption(t, here.single, "Nord")) {
		t.Error("the choice is not kept")
	}
	if n := here.ballots() + there.ballots(); n != 0 {
		t.Errorf("%d ballots stored", n)
	}
	// An option of another question is refused too.
	r = c.post(here.path("/vote"), here.path("/vote"), url.Values{
		ballotField(here.single): {ballotOption(t, here.budget, "Lekeplass")},
	})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Velg et av alternativene i lista.")
}

func TestPaperBallotsAndTalliesByOfficials(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, nil)
	areas, _ := f.store.Areas(context.Background(), f.demo.ID)

	resident := f.signedIn(residentEmail)
	wantStatus(t, resident.get(e.path("/paper")), http.StatusForbidden)
	page := resident.get(e.path("/vote"))
	token := csrfField.FindStringSubmatch(page.body)[1]
	for _, action := range []string{"/paper", "/tally"} {
		r := resident.do(http.MethodPost, e.path(action), url.Values{"_csrf": {token}, "channel": {"paper"}, "ballots": {"3"}})
		wantStatus(t, r, http.StatusForbidden)
	}

	official := f.signedIn(officialEmail)
	page = official.get(e.path("/paper"))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Papirstemmer og opptellinger", "Før inn én stemmeseddel", "Før inn en opptelling av mange stemmesedler",
		"0 stemmesedler er talt så langt")

	// One paper ballot with what the official knows about the voter.
	paper := url.Values{
		"channel": {"paper"}, "area": {strconv.FormatInt(areas[0].ID, 10)}, "age_band": {"67-79"}, "gender": {"female"},
		ballotField(e.single): {ballotOption(t, e.single, "Nord")},
		ballotField(e.budget): {ballotOption(t, e.budget, "Lekeplass"), ballotOption(t, e.budget, "Sandvolleyball")},
	}
	r := official.post(e.path("/paper"), e.path("/paper"), paper)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Det du har valgt, koster mer enn budsjettet på 100\u00a0000 kroner.")
	if !strings.Contains(r.body, `<option value="67-79" selected>`) || !isChecked(r.body, "channel", "paper") {
		t.Error("the refused paper ballot does not keep the segment")
	}
	paper[ballotField(e.budget)] = []string{ballotOption(t, e.budget, "Lekeplass")}
	paper.Set("channel", "fax")
	r = official.post(e.path("/paper"), e.path("/paper"), paper)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Velg hvordan du fikk stemmeseddelen.")
	paper.Set("channel", "paper")
	r = official.post(e.path("/paper"), e.path("/paper"), paper)
	wantStatus(t, r, http.StatusSeeOther)
	page = official.get(r.location)
	page.mustContain(t, "Stemmeseddelen er lagret og talt med.", "1 stemmeseddel er talt så langt")
	if !receiptCode.MatchString(page.body) {
		t.Error("the official gets no receipt code to hand over")
	}

	// A tally: counts above the number of ballots or the budget are refused.
	tally := url.Values{"channel": {"meeting"}, "ballots": {"10"}, "gender": {"unknown"}}
	opt := func(q store.Question, label string) string { return "o" + ballotOption(t, q, label) }
	tally.Set(opt(e.single, "Nord"), "11")
	r = official.post(e.path("/paper"), e.path("/tally"), tally)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Ingen tall kan være høyere enn antall stemmesedler (10).")
	if !strings.Contains(r.body, `name="`+opt(e.single, "Nord")+`" type="text" inputmode="numeric" class="short" value="11"`) ||
		!strings.Contains(r.body, `value="10"`) || !isChecked(r.body, "channel", "meeting") {
		t.Error("the refused tally does not keep the values")
	}
	tally.Set(opt(e.single, "Nord"), "6")
	tally.Set(opt(e.single, "Øst"), "4")
	tally.Set(opt(e.budget, "Lekeplass"), "10")
	tally.Set(opt(e.budget, "Sandvolleyball"), "10")
	r = official.post(e.path("/paper"), e.path("/tally"), tally)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Tallene bruker mer penger enn 10 stemmesedler kan. Det høyeste er 1\u00a0000\u00a0000 kroner til sammen.")
	tally.Set(opt(e.budget, "Sandvolleyball"), "abc")
	tally.Set("ballots", "0")
	r = official.post(e.path("/paper"), e.path("/tally"), tally)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Skriv inn antall stemmesedler som et helt tall fra 1 til 100\u00a0000.", "Skriv inn et helt tall, 0 eller mer.")
	tally.Set("ballots", "10")
	tally.Set(opt(e.budget, "Sandvolleyball"), "")
	r = official.post(e.path("/paper"), e.path("/tally"), tally)
	wantStatus(t, r, http.StatusSeeOther)
	official.get(e.path("/paper")).mustContain(t, "Opptellingen er lagret og talt med.", "11 stemmesedler er talt så langt")
	if n := e.ballots(); n != 11 {
		t.Errorf("%d ballots after one paper ballot and a tally of 10", n)
	}
}

func TestPaperBallotsWaitForVoting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, func(in *store.ConsultationInput) {
		in.InformationFrom, in.VotingFrom, in.VotingUntil = ballotDay(-1), ballotDay(3), ballotDay(9)
	})
	official := f.signedIn(officialEmail)
	page := official.get(e.path("/paper"))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Papirstemmer kan føres inn fra første dag av avstemningen")
	token := csrfField.FindStringSubmatch(page.body)[1]
	r := official.do(http.MethodPost, e.path("/paper"), url.Values{"_csrf": {token}, "channel": {"phone"},
		ballotField(e.single): {ballotOption(t, e.single, "Sør")}})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Papirstemmer kan føres inn fra første dag av avstemningen")
	if !isChecked(r.body, ballotField(e.single), ballotOption(t, e.single, "Sør")) || !isChecked(r.body, "channel", "phone") {
		t.Error("the refused paper ballot does not keep its values")
	}
}

// TestFiftyConcurrentVotesOfOneResident: a resident's browser sends the same
// ballot form 50 times at once (a double click on a slow line, many tabs).
// Every request succeeds, and exactly one ballot and one ledger entry exist.
func TestFiftyConcurrentVotesOfOneResident(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, nil)
	c := f.signedIn(residentEmail)
	token := csrfField.FindStringSubmatch(c.get(e.path("/vote")).body)
	if token == nil {
		t.Fatal("no CSRF token on the ballot form")
	}
	const requests = 50
	statuses := make(chan int, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"_csrf": {token[1]}, ballotField(e.single): {strconv.FormatInt(e.single.Options[i%3].ID, 10)}}
			req := httptest.NewRequest(http.MethodPost, e.path("/vote"), strings.NewReader(form.Encode()))
			req.Host = c.host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for name, value := range c.cookies {
				req.AddCookie(&http.Cookie{Name: name, Value: value})
			}
			resp, err := f.app.Test(req, -1)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for status := range statuses {
		if status != http.StatusSeeOther {
			t.Errorf("a concurrent vote answered %d, want 303", status)
		}
	}
	if n := e.ballots(); n != 1 {
		t.Fatalf("50 concurrent votes of one resident left %d ballots", n)
	}
	var choices, entries int
	db := f.store.DB()
	if err := db.QueryRow(`SELECT count(*) FROM ballot_choices WHERE consultation_id = $1`, e.id).Scan(&choices); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM participation_ledger WHERE act = 'ballot' AND scope_id = $1`, e.id).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if choices != 1 || entries != 1 {
		t.Fatalf("one ballot holds %d choices and left %d ledger entries; want 1 and 1", choices, entries)
	}
}
