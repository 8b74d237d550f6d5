package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// authoringDay is the day offset days from today in Fjordvik, as a store date.
func authoringDay(offset int) time.Time {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	return store.Today(oslo, time.Now()).AddDate(0, 0, offset)
}

// authoringDate is authoringDay written as a date field.
func authoringDate(offset int) string { return authoringDay(offset).Format("2006-01-02") }

func consultationURL(id int64, rest ...string) string {
	return fmt.Sprintf("/consultations/%d", id) + strings.Join(rest, "")
}

var consultationLocation = regexp.MustCompile(`^/consultations/(\d+)`)

// consultationIDFrom reads the consultation id from a redirect after a save.
func consultationIDFrom(t *testing.T, r response) int64 {
	t.Helper()
	m := consultationLocation.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("no redirect to a consultation: status %d, location %q\n%s", r.status, r.location, r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// authoredConsultation creates a consultation with questions directly in
// the store, written by the demo official, and publishes it when asked.
func (f *fixture) authoredConsultation(publish bool, in store.ConsultationInput, questions ...store.QuestionInput) int64 {
	f.t.Helper()
	ctx := context.Background()
	official := f.user(officialEmail)
	id, err := f.store.CreateConsultation(ctx, f.demo.ID, official.ID, in)
	if err != nil {
		f.t.Fatalf("create consultation: %v", err)
	}
	for _, q := range questions {
		if _, err := f.store.CreateQuestion(ctx, f.demo.ID, official.ID, id, q); err != nil {
			f.t.Fatalf("create %s question: %v", q.Kind, err)
		}
	}
	if publish {
		if err := f.store.PublishConsultation(ctx, f.demo.ID, official.ID, id); err != nil {
			f.t.Fatalf("publish consultation: %v", err)
		}
	}
	return id
}

// votingNow is a consultation in its voting phase, in bokmål only.
func votingNow(title string) store.ConsultationInput {
	return store.ConsultationInput{
		Title:           store.Translations{"nb": title},
		Summary:         store.Translations{"nb": "Et kort sammendrag."},
		Body:            store.Translations{"nb": "Bakgrunnen for høringen."},
		InformationFrom: authoringDay(-5), VotingFrom: authoringDay(-1), VotingUntil: authoringDay(10),
	}
}

// checkedArea reports whether the target area checkbox of area id is ticked.
func checkedArea(body string, id int64) bool {
	return regexp.MustCompile(`name="areas" value="` + strconv.FormatInt(id, 10) + `"[^>]*\schecked`).MatchString(body)
}

func nbText(s string) store.Translations { return store.Translations{"nb": s} }

// singleChoice is a single-choice question with two options.
func singleChoice(prompt string) store.QuestionInput {
	return store.QuestionInput{Position: 1, Kind: store.QuestionSingle, Prompt: nbText(prompt),
		Options: []store.OptionInput{{Label: nbText("Ja")}, {Label: nbText("Nei")}}}
}

func (f *fixture) areaID(name string) int64 {
	f.t.Helper()
	areas, err := f.store.Areas(context.Background(), f.demo.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, a := range areas {
		if a.Name == name {
			return a.ID
		}
	}
	f.t.Fatalf("no area %s", name)
	return 0
}

// newConsultationForm is a valid form for a consultation in nb and da whose
// voting is open.
func newConsultationForm() url.Values {
	return url.Values{
		"title_nb":         {"Ny park ved fjorden"},
		"summary_nb":       {"Hva vil du ha i den nye parken?"},
		"body_nb":          {"Kommunen skal bygge en park.\n\nLes planen på https://fjordvik.example/park."},
		"title_da":         {"Ny park ved fjorden"},
		"summary_da":       {"Hvad vil du have i den nye park?"},
		"body_da":          {"Kommunen skal bygge en park."},
		"information_from": {authoringDate(-3)},
		"voting_from":      {authoringDate(-1)},
		"voting_until":     {authoringDate(14)},
		"live_results":     {"yes"},
	}
}

func TestOfficialAuthorsAndPublishesConsultation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	official := f.signedIn(officialEmail)

	form := official.get("/consultations/new")
	wantStatus(t, form, http.StatusOK)
	form.mustContain(t, "Ny høring", "Tekster på", "Områder høringen gjelder", "Sentrum")
	for _, lang := range []string{"nb", "nn", "da", "en"} {
		if !strings.Contains(form.body, `name="title_`+lang+`" type="text" lang="`+lang+`"`) {
			t.Errorf("the form has no title field marked lang=%s", lang)
		}
	}

	r := official.post("/consultations/new", "/consultations/new", newConsultationForm())
	id := consultationIDFrom(t, r)
	draft := official.get(consultationURL(id))
	wantStatus(t, draft, http.StatusOK)
	draft.mustContain(t, "Høringen er lagret som utkast.", "Forhåndsvisning: Innbyggerne kan ikke se dette ennå.",
		"Ny park ved fjorden", "Utkast", "Høringen har ingen spørsmål ennå.")
	if !strings.Contains(draft.body, `<a href="https://fjordvik.example/park" rel="nofollow ugc noopener">`) {
		t.Error("the background is not rendered with links")
	}

	// Questions of every kind, written in bokmål and Danish.
	questions := []url.Values{
		{"kind": {"single"}, "prompt_nb": {"Hvor skal inngangen ligge?"}, "prompt_da": {"Hvor skal indgangen ligge?"},
			"options_nb": {"Mot nord\nMot sør"}, "options_da": {"Mod nord\nMod syd"}},
		{"kind": {"multiple"}, "prompt_nb": {"Hva vil du bruke parken til?"}, "min_choices": {"1"}, "max_choices": {"2"},
			"options_nb": {"Lek\nTrening\nRo"}, "help_nb": {"Velg det som betyr mest."}},
		{"kind": {"text"}, "prompt_nb": {"Har du andre ideer?"}, "prompt_da": {"Har du andre idéer?"}},
		{"kind": {"statement"}, "prompt_nb": {"Parken bør være åpen hele døgnet."}},
		{"kind": {"budget"}, "prompt_nb": {"Hva skal parken ha?"}, "prompt_da": {"Hvad skal parken have?"}, "budget": {"500 000"},
			"options_nb": {"Benker i parken | 150 000\nLekeplass | 400000\nTrær | 100.000"},
			"options_da": {"Bænke i parken\nLegeplads\nTræer"}},
	}
	for _, q := range questions {
		r := official.post(consultationURL(id, "/questions/new"), consultationURL(id, "/questions/new"), q)
		wantStatus(t, r, http.StatusSeeOther)
		if r.location != consultationURL(id)+"#questions" {
			t.Errorf("after adding a question: location %q", r.location)
		}
	}
	stored, err := f.store.Questions(ctx, f.demo.ID, id)
	if err != nil || len(stored) != 5 {
		t.Fatalf("questions: %d, %v", len(stored), err)
	}
	for i, kind := range store.QuestionKinds {
		if stored[i].Kind != kind || stored[i].Position != i+1 {
			t.Errorf("question %d: kind %s at %d, want %s at %d", i, stored[i].Kind, stored[i].Position, kind, i+1)
		}
	}
	multi, budget := stored[1], stored[4]
	if multi.MinChoices != 1 || multi.MaxChoices.Int32 != 2 {
		t.Errorf("multiple choice limits: %d..%v", multi.MinChoices, multi.MaxChoices)
	}
	if budget.Budget.Int64 != 500000 || len(budget.Options) != 3 || budget.Options[0].Cost.Int64 != 150000 ||
		budget.Options[2].Cost.Int64 != 100000 || budget.Options[1].Label["da"] != "Legeplads" {
		t.Errorf("budget question: %+v", budget)
	}

	// The draft is the preview, in each language; residents cannot see it.
	preview := official.get(consultationURL(id) + "?lang=da")
	preview.mustContain(t, "Forhåndsvisning: Borgerne kan ikke se dette endnu.", "Hvad vil du have i den nye park?",
		"Bænke i parken", "150.000 norske kroner", "Budgettet er 500.000 norske kroner.", "Vælg mindst 1 og højst 2.")
	official.get(consultationURL(id)+"?lang=nb").mustContain(t, "150\u00a0000 kr", "Velg minst 1 og høyst 2.")
	resident := f.signedIn(residentEmail)
	wantStatus(t, resident.get(consultationURL(id)), http.StatusNotFound)
	wantStatus(t, f.client().get(consultationURL(id)), http.StatusNotFound)
	resident.get("/consultations").mustNotContain(t, "Ny park ved fjorden")
	official.get("/consultations").mustContain(t, "Ny park ved fjorden", "Utkast", "Bare saksbehandlere ser utkast.")

	r = official.post(consultationURL(id), consultationURL(id, "/publish"), url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	official.get(consultationURL(id)).mustContain(t, "Høringen er publisert. Innbyggerne kan se den nå.", "Avslutt avstemningen nå")

	page := resident.get(consultationURL(id))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Ny park ved fjorden", "Avstemning pågår", "Du kan delta i denne høringen.",
		`href="/consultations/`+strconv.FormatInt(id, 10)+`/vote">Stem</a>`, "Sjekk kvitteringen din", "Se resultatet",
		"Hvor skal inngangen ligge?", "Mot sør", "Velg det som betyr mest.", "Innbyggerbudsjett")
	page.mustNotContain(t, "Forhåndsvisning", "For saksbehandlere", "/publish", "/questions/new", "Slett spørsmål")
	if !strings.Contains(page.body, `aria-current="step"`) {
		t.Error("the timeline does not mark the current phase")
	}
	list := resident.get("/consultations")
	list.mustContain(t, "Åpne nå", "Ny park ved fjorden", "Hele kommunen", "0 stemmesedler")
	list.mustNotContain(t, "Ny høring")

	// Publishing twice is refused in words.
	r = official.post(consultationURL(id), consultationURL(id, "/publish"), url.Values{})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Dette kan ikke gjøres nå")
}

func TestPublishWithoutQuestionsIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	official := f.signedIn(officialEmail)
	id := consultationIDFrom(t, official.post("/consultations/new", "/consultations/new", newConsultationForm()))
	r := official.post(consultationURL(id), consultationURL(id, "/publish"), url.Values{})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Høringen har ingen spørsmål, så den kan ikke publiseres ennå.")
	c, err := f.store.ConsultationByID(context.Background(), f.demo.ID, id)
	if err != nil || c.Status != store.ConsultationDraft {
		t.Fatalf("after a refused publish: %v, %v", c, err)
	}
}

func TestConsultationLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	official := f.signedIn(officialEmail)
	id := f.authoredConsultation(true, votingNow("Livsløp"), singleChoice("Ja eller nei?"))
	page := official.get(consultationURL(id))
	page.mustContain(t, "Registrer stemmesedler på papir", consultationURL(id, "/paper"), "Avslutt avstemningen nå")
	page.mustNotContain(t, "Publiser resultatet")

	wantStatus(t, official.post(consultationURL(id), consultationURL(id, "/close"), url.Values{}), http.StatusSeeOther)
	page = official.get(consultationURL(id))
	page.mustContain(t, "Avstemningen er avsluttet.", "Nå: Stemmene telles", "Publiser resultatet")
	page.mustNotContain(t, "Avslutt avstemningen nå", "/edit")
	wantStatus(t, official.get(consultationURL(id, "/edit")), http.StatusConflict)

	wantStatus(t, official.post(consultationURL(id), consultationURL(id, "/publish-results"), url.Values{}), http.StatusSeeOther)
	page = f.client().get(consultationURL(id))
	page.mustContain(t, "Resultatet er publisert", "Se resultatet", "Avstemningen er slutt, og resultatet er publisert.")
	f.client().get("/consultations").mustContain(t, "Avsluttet", "Livsløp")
}

func TestConsultationValidationKeepsValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	official := f.signedIn(officialEmail)

	r := official.post("/consultations/new", "/consultations/new", url.Values{})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Skriv en tittel på kommunens hovedspråk.", "Skriv inn dagen høringen åpner for lesing.",
		"Skriv inn første stemmedag.", "Skriv inn siste stemmedag.")
	if !strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, `href="#title_nb"`) {
		t.Error("invalid fields are not marked or not linked from the summary")
	}

	sentrum := f.areaID("Sentrum")
	long := strings.Repeat("å", 201)
	form := url.Values{
		"title_nb":          {long},
		"summary_da":        {"Dansk resumé, skrevet først."},
		"information_from":  {"2026-02-30"},
		"voting_from":       {authoringDate(10)},
		"voting_until":      {authoringDate(5)},
		"input_from":        {authoringDate(12)},
		"results_from":      {authoringDate(1)},
		"min_age":           {"130"},
		"areas":             {strconv.FormatInt(sentrum, 10)},
		"restrict_to_areas": {"yes"},
	}
	r = official.post("/consultations/new?lang=en", "/consultations/new", form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "The title can have at most 200 characters.",
		"Enter the day the consultation opens for reading as a date, for example 2026-03-15.",
		"Answers must open on or before the first day of voting.",
		"The last day of voting cannot come before the first day of voting.",
		"The results cannot be expected before the last day of voting.",
		"Enter a whole number from 0 to 120, or leave the field empty.",
		`value="`+long+`"`, "Dansk resumé, skrevet først.", `value="2026-02-30"`, `value="130"`,
		`name="restrict_to_areas" value="yes" checked`)
	if !checkedArea(r.body, sentrum) {
		t.Error("the ticked target area is not kept")
	}

	// Restricting the vote needs target areas.
	form = newConsultationForm()
	form.Set("restrict_to_areas", "yes")
	r = official.post("/consultations/new?lang=nb", "/consultations/new", form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Kryss av for minst ett område")
	// An area of another municipality is refused.
	form = newConsultationForm()
	form.Set("areas", "999999")
	r = official.post("/consultations/new", "/consultations/new", form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Velg områder fra listen.")

	list, err := f.store.ListConsultations(context.Background(), f.demo.ID, true)
	if err != nil || len(list) != 0 {
		t.Fatalf("refused forms stored consultations: %d, %v", len(list), err)
	}
}

func TestEditConsultation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	official := f.signedIn(officialEmail)
	in := votingNow("Gammel tittel")
	in.AreaIDs = []int64{f.areaID("Sentrum")}
	in.MinAge = sql.NullInt32{Int32: 16, Valid: true}
	id := f.authoredConsultation(false, in)

	edit := official.get(consultationURL(id, "/edit"))
	wantStatus(t, edit, http.StatusOK)
	edit.mustContain(t, `value="Gammel tittel"`, `value="`+authoringDate(-5)+`"`, `value="16"`, "Bakgrunnen for høringen.")
	if !checkedArea(edit.body, f.areaID("Sentrum")) || checkedArea(edit.body, f.areaID("Havnebyen")) {
		t.Error("the form does not show the target areas")
	}

	form := newConsultationForm()
	form.Set("title_nb", "Ny tittel")
	form.Set("areas", strconv.FormatInt(f.areaID("Havnebyen"), 10))
	r := official.post(consultationURL(id, "/edit"), consultationURL(id, "/edit"), form)
	wantStatus(t, r, http.StatusSeeOther)
	page := official.get(consultationURL(id))
	page.mustContain(t, "Endringene er lagret.", "Ny tittel", "Havnebyen")
	page.mustNotContain(t, "Gammel tittel")
}

func TestResidentCannotAuthor(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.authoredConsultation(false, votingNow("Utkast"), singleChoice("Spørsmål?"))
	qs, _ := f.store.Questions(context.Background(), f.demo.ID, id)
	q := strconv.FormatInt(qs[0].ID, 10)
	resident := f.signedIn(residentEmail)
	for _, p := range []string{"/consultations/new", consultationURL(id, "/edit"), consultationURL(id, "/questions/new"),
		consultationURL(id, "/questions/", q, "/edit")} {
		wantStatus(t, resident.get(p), http.StatusForbidden)
	}
	for _, p := range []string{"/consultations/new", consultationURL(id, "/edit"), consultationURL(id, "/publish"),
		consultationURL(id, "/close"), consultationURL(id, "/publish-results"), consultationURL(id, "/questions/new"),
		consultationURL(id, "/questions/", q, "/edit"), consultationURL(id, "/questions/", q, "/delete")} {
		wantStatus(t, resident.post("/consultations", p, newConsultationForm()), http.StatusForbidden)
	}
	anonymous := f.client().get("/consultations/new")
	wantStatus(t, anonymous, http.StatusSeeOther)
	if !strings.HasPrefix(anonymous.location, "/login?next=") {
		t.Errorf("anonymous author sent to %q", anonymous.location)
	}
	c, err := f.store.ConsultationByID(context.Background(), f.demo.ID, id)
	if err != nil || c.Status != store.ConsultationDraft {
		t.Fatalf("a resident changed the consultation: %v, %v", c, err)
	}
	resident.get("/consultations").mustNotContain(t, "Ny høring")
}

func TestConsultationPageShowsMissingLanguageNote(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := votingNow("Bare på bokmål")
	in.Title["nn"] = "Berre på nynorsk"
	id := f.authoredConsultation(true, in, singleChoice("Spørsmål på bokmål?"))

	en := f.client().get(consultationURL(id) + "?lang=en")
	wantStatus(t, en, http.StatusOK)
	en.mustContain(t, "This text is not available in English yet. It is shown in Norwegian Bokmål.",
		"Some questions are not available in English yet.", "Bare på bokmål")
	if !strings.Contains(en.body, `<h1 id="consultation-title" lang="nb">Bare på bokmål</h1>`) ||
		!strings.Contains(en.body, `<p class="lead" lang="nb">Et kort sammendrag.</p>`) {
		t.Error("text in another language is not marked with lang=")
	}

	nn := f.client().get(consultationURL(id) + "?lang=nn")
	nn.mustContain(t, "Berre på nynorsk", "Denne teksten finst ikkje på nynorsk enno. Han blir vist på bokmål.")
	if !strings.Contains(nn.body, `<h1 id="consultation-title">Berre på nynorsk</h1>`) {
		t.Error("the nynorsk title is marked as another language")
	}
	da := f.client().get(consultationURL(id) + "?lang=da")
	da.mustContain(t, "Denne tekst findes ikke på dansk endnu. Den vises på norsk bokmål.")
	f.client().get(consultationURL(id)+"?lang=nb").mustNotContain(t, "finnes ikke på bokmål")
	f.client().get("/consultations?lang=en").mustContain(t, `lang="nb">Bare på bokmål</a>`)
}

func TestConsultationPageExplainsIneligibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	// The demo resident lives in Havnebyen and was born in 1991.
	areaOnly := votingNow("Bare for Sentrum")
	areaOnly.AreaIDs = []int64{f.areaID("Sentrum")}
	areaOnly.RestrictToAreas = true
	areaID := f.authoredConsultation(true, areaOnly, singleChoice("Ja?"))
	minAge := time.Now().Year() - 1991 + 5
	ageOnly := votingNow("For de eldste")
	ageOnly.MinAge = sql.NullInt32{Int32: int32(minAge), Valid: true}
	ageID := f.authoredConsultation(true, ageOnly, singleChoice("Ja?"))
	open := f.authoredConsultation(true, votingNow("For alle"), singleChoice("Ja?"))

	resident := f.signedIn(residentEmail)
	page := resident.get(consultationURL(areaID))
	page.mustContain(t, "Bare innbyggere som bor i disse områdene, kan delta.", "Sentrum",
		"Du kan ikke stemme i denne høringen.", "Området ditt, Havnebyen, er ikke ett av områdene over.",
		"Du kan ikke delta i denne høringen. Over står det hvorfor.")
	page.mustNotContain(t, consultationURL(areaID, "/vote"))

	page = resident.get(consultationURL(ageID))
	page.mustContain(t, fmt.Sprintf("Du må være %d år eller eldre, eller fylle %d i år.", minAge, minAge),
		fmt.Sprintf("Du må fylle %d år i år eller tidligere for å stemme.", minAge))
	page.mustNotContain(t, consultationURL(ageID, "/vote"))
	resident.get(consultationURL(ageID)+"?lang=en").mustContain(t, fmt.Sprintf("You must turn %d this year or earlier to vote.", minAge))

	// Without a profile the page says what to add, and where.
	_, newcomer := f.newResident("Ny Innbygger")
	page = newcomer.get(consultationURL(areaID))
	page.mustContain(t, "profilen din sier ikke hvor du bor", `<a href="/account">Legg til området ditt på kontosiden</a>`)
	page = newcomer.get(consultationURL(ageID))
	page.mustContain(t, "profilen din har ikke fødselsåret ditt", "Legg til fødselsåret ditt på kontosiden")

	// Anonymous readers are asked to sign in.
	anon := f.client().get(consultationURL(open))
	anon.mustContain(t, "Logg inn for å delta", "/login?next=/consultations/"+strconv.FormatInt(open, 10))

	// An eligible resident who has voted may change the vote.
	page = resident.get(consultationURL(open) + "?lang=nb")
	page.mustContain(t, "Du kan delta i denne høringen.", ">Stem</a>")
	qs, _ := f.store.Questions(ctx, f.demo.ID, open)
	if _, err := f.store.CastBallot(ctx, f.demo.ID, []byte(testBallotKey), f.user(residentEmail).ID, open,
		store.BallotInput{Choices: map[int64][]int64{qs[0].ID: {qs[0].Options[0].ID}}}); err != nil {
		t.Fatal(err)
	}
	page = resident.get(consultationURL(open))
	page.mustContain(t, "Du har stemt.", ">Endre stemmen din</a>")
	f.client().get("/consultations").mustContain(t, "1 stemmeseddel")
}

func TestConsultationListOrdersOpenFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.client().get("/consultations").mustContain(t, "Det er ingen høringer ennå.")

	finished := votingNow("Ferdig høring")
	finished.InformationFrom, finished.VotingFrom, finished.VotingUntil = authoringDay(-30), authoringDay(-20), authoringDay(-10)
	finishedID := f.authoredConsultation(true, finished, singleChoice("Ja?"))
	if _, err := f.store.CloseDueConsultations(ctx, f.demo.ID); err != nil {
		t.Fatal(err)
	}
	upcoming := votingNow("Kommende høring")
	upcoming.InformationFrom, upcoming.VotingFrom, upcoming.VotingUntil = authoringDay(5), authoringDay(10), authoringDay(20)
	f.authoredConsultation(true, upcoming, singleChoice("Ja?"))
	f.authoredConsultation(true, votingNow("Åpen høring"), singleChoice("Ja?"))

	list := f.client().get("/consultations")
	wantStatus(t, list, http.StatusOK)
	text := list.text()
	order := []string{"Åpne nå", "Åpen høring", "Kommer snart", "Kommende høring", "Avsluttet", "Ferdig høring"}
	last := -1
	for _, s := range order {
		i := strings.Index(text, s)
		if i <= last {
			t.Fatalf("%q is not after the previous heading or title in the list", s)
		}
		last = i
	}
	page := f.client().get(consultationURL(finishedID))
	page.mustContain(t, "Avstemningen er slutt. Resultatet blir publisert her.", "Sjekk kvitteringen din")
	page.mustNotContain(t, "Se resultatet")
}

func TestConsultationPageSaysWhatToDoNow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	input := votingNow("Innspill først")
	input.InputFrom = sql.NullTime{Time: authoringDay(-1), Valid: true}
	input.VotingFrom, input.VotingUntil = authoringDay(3), authoringDay(10)
	inputID := f.authoredConsultation(true, input, singleChoice("Ja?"),
		store.QuestionInput{Position: 2, Kind: store.QuestionText, Prompt: nbText("Hva mener du?")})
	upcoming := votingNow("Snart")
	upcoming.InformationFrom, upcoming.VotingFrom, upcoming.VotingUntil = authoringDay(2), authoringDay(4), authoringDay(9)
	upcomingID := f.authoredConsultation(true, upcoming, singleChoice("Ja?"))

	resident := f.signedIn(residentEmail)
	page := resident.get(consultationURL(inputID))
	page.mustContain(t, "Åpen for svar", "Du kan svare på fritekstspørsmålene og påstandene nå.",
		"Avstemningen om de andre spørsmålene åpner", `href="/consultations/`+strconv.FormatInt(inputID, 10)+`/vote">Svar</a>`)
	if !strings.Contains(page.body, `<time datetime="`+authoringDate(3)+`">`) {
		t.Error("the page does not say when voting opens")
	}
	page = resident.get(consultationURL(upcomingID))
	page.mustContain(t, "Kommer snart", "Du kan delta fra")
	page.mustNotContain(t, "/vote", "Sjekk kvitteringen din")
}
