package app_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/store"
)

func TestQuestionValidationKeepsValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	official := f.signedIn(officialEmail)
	id := f.authoredConsultation(false, votingNow("Spørsmålsskjema"))
	newQ := consultationURL(id, "/questions/new")

	form := official.get(newQ)
	wantStatus(t, form, http.StatusOK)
	form.mustContain(t, "Legg til et spørsmål", "Velg ett", "Innbyggerbudsjett", "Benker i parken | 150000", `value="1"`)

	cases := []struct {
		name string
		form url.Values
		want []string
	}{
		{"nothing", url.Values{}, []string{"Velg hva slags spørsmål dette er.", "Skriv spørsmålet på kommunens hovedspråk."}},
		{"one option", url.Values{"kind": {"single"}, "prompt_nb": {"Hvor?"}, "options_nb": {"Bare ett"}},
			[]string{"Skriv minst to alternativer, ett per linje.", "Bare ett"}},
		{"options on free text", url.Values{"kind": {"text"}, "prompt_nb": {"Hva mener du?"}, "options_da": {"Ja\nNej"}},
			[]string{"Fritekstspørsmål og påstander har ingen alternativer."}},
		{"cost missing", url.Values{"kind": {"budget"}, "prompt_nb": {"Hva?"}, "budget": {"100000"},
			"options_nb": {"Benker | 50000\nTrær"}}, []string{"Linje 2 har ingen kostnad.", "Benker | 50000\nTrær"}},
		{"cost not a number", url.Values{"kind": {"budget"}, "prompt_nb": {"Hva?"}, "budget": {"100000"},
			"options_nb": {"Benker | 50 000,50\nTrær | 1000"}}, []string{"Kostnaden på linje 1 er ikke et helt antall kroner."}},
		{"nothing fits", url.Values{"kind": {"budget"}, "prompt_nb": {"Hva?"}, "budget": {"1000"},
			"options_nb": {"Benker | 5000\nTrær | 2000"}}, []string{"Ingen av alternativene får plass innenfor budsjettet."}},
		{"budget missing", url.Values{"kind": {"budget"}, "prompt_nb": {"Hva?"}, "options_nb": {"Benker | 5000\nTrær | 2000"}},
			[]string{"Skriv inn det samlede budsjettet."}},
		{"lines differ", url.Values{"kind": {"single"}, "prompt_nb": {"Hvor?"}, "options_nb": {"Nord\nSør\nVest"},
			"options_da": {"Nord\nSyd"}}, []string{"Skriv én linje for hvert alternativ, i samme rekkefølge som på bokmål. Den listen har 3 alternativer, men denne har 2."}},
		{"min above max", url.Values{"kind": {"multiple"}, "prompt_nb": {"Hva?"}, "options_nb": {"A\nB\nC"},
			"min_choices": {"3"}, "max_choices": {"2"}}, []string{"«Minst» kan ikke være mer enn «høyst».", `value="3"`}},
		{"max above options", url.Values{"kind": {"multiple"}, "prompt_nb": {"Hva?"}, "options_nb": {"A\nB\nC"},
			"max_choices": {"4"}}, []string{"«Høyst» kan ikke være mer enn antallet alternativer (3)."}},
		{"long prompt", url.Values{"kind": {"statement"}, "prompt_nb": {strings.Repeat("p", 501)}},
			[]string{"Spørsmålet kan ha høyst 500 tegn."}},
	}
	for _, tc := range cases {
		r := official.post(newQ, newQ, tc.form)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", tc.name, r.status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(r.text(), w) {
				t.Errorf("%s: the page lacks %q", tc.name, w)
			}
		}
		if !strings.Contains(r.body, `aria-invalid="true"`) && tc.name != "nothing" {
			t.Errorf("%s: no field is marked invalid", tc.name)
		}
	}
	// In English, with the kind kept.
	r := official.post(newQ+"?lang=en", newQ, url.Values{"kind": {"budget"}, "prompt_nb": {"Hva?"}, "budget": {"abc"},
		"options_nb": {"Benker | 5000\nTrær | 2000"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Enter the total budget as a whole number of kroner, for example 1000000.",
		`name="kind" value="budget" checked`, `value="abc"`)

	qs, err := f.store.Questions(context.Background(), f.demo.ID, id)
	if err != nil || len(qs) != 0 {
		t.Fatalf("refused forms stored questions: %d, %v", len(qs), err)
	}
}

func TestEditAndDeleteQuestionBeforeBallots(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	official := f.signedIn(officialEmail)
	id := f.authoredConsultation(false, votingNow("Redigering"), singleChoice("Gammelt spørsmål?"),
		store.QuestionInput{Position: 2, Kind: store.QuestionBudget, Prompt: nbText("Budsjett?"), Budget: sql.NullInt64{Int64: 1000, Valid: true},
			Options: []store.OptionInput{{Label: nbText("A"), Cost: sql.NullInt64{Int64: 600, Valid: true}},
				{Label: nbText("B"), Cost: sql.NullInt64{Int64: 500, Valid: true}}}})
	qs, _ := f.store.Questions(ctx, f.demo.ID, id)
	edit := consultationURL(id, "/questions/", strconv.FormatInt(qs[1].ID, 10), "/edit")

	page := official.get(edit)
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Endre spørsmål 2", "A | 600\nB | 500", `value="1000"`, `name="kind" value="budget" checked`)
	page.mustNotContain(t, "Denne høringen har stemmesedler")

	// Before ballots, everything may change: here the kind and the options.
	r := official.post(edit, edit, url.Values{"kind": {"multiple"}, "prompt_nb": {"Hva vil du ha?"}, "prompt_da": {"Hvad vil du have?"},
		"options_nb": {"Lek\nRo\nTrening"}, "options_da": {"Leg\nRo\nTræning"}, "max_choices": {"2"}, "position": {"0"}})
	wantStatus(t, r, http.StatusSeeOther)
	qs, _ = f.store.Questions(ctx, f.demo.ID, id)
	if qs[0].Kind != store.QuestionMultiple || len(qs[0].Options) != 3 || qs[0].Budget.Valid || qs[0].Options[2].Label["da"] != "Træning" {
		t.Fatalf("edited question: %+v", qs[0])
	}
	official.get(consultationURL(id)).mustContain(t, "Spørsmålet er lagret.", "Velg opptil 2.")

	del := consultationURL(id, "/questions/", strconv.FormatInt(qs[1].ID, 10), "/delete")
	wantStatus(t, official.post(consultationURL(id), del, url.Values{}), http.StatusSeeOther)
	official.get(consultationURL(id)).mustContain(t, "Spørsmålet er slettet.")
	official.get(consultationURL(id)).mustNotContain(t, "Gammelt spørsmål?")
	if qs, _ = f.store.Questions(ctx, f.demo.ID, id); len(qs) != 1 {
		t.Fatalf("after delete: %d questions", len(qs))
	}
	wantStatus(t, official.post(consultationURL(id), del, url.Values{}), http.StatusNotFound)
}

func TestQuestionsAfterBallotOnlyTextFixes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	official := f.signedIn(officialEmail)
	in := votingNow("Med stemmer")
	in.AreaIDs = []int64{f.areaID("Havnebyen")}
	id := f.authoredConsultation(true, in,
		store.QuestionInput{Position: 1, Kind: store.QuestionBudget, Prompt: nbText("Hva skal vi bygge?"),
			Budget: sql.NullInt64{Int64: 1000, Valid: true},
			Options: []store.OptionInput{{Label: nbText("Benk"), Cost: sql.NullInt64{Int64: 400, Valid: true}},
				{Label: nbText("Lekeplass"), Cost: sql.NullInt64{Int64: 900, Valid: true}}}})
	qs, _ := f.store.Questions(ctx, f.demo.ID, id)
	q := qs[0]
	if _, err := f.store.CastBallot(ctx, f.demo.ID, []byte(testBallotKey), f.user(residentEmail).ID, id,
		store.BallotInput{Choices: map[int64][]int64{q.ID: {q.Options[0].ID}}}); err != nil {
		t.Fatal(err)
	}
	edit := consultationURL(id, "/questions/", strconv.FormatInt(q.ID, 10), "/edit")

	page := official.get(edit)
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Denne høringen har stemmesedler. Du kan rette ordlyden, men ikke endre typen, alternativene, grensene eller kostnadene.")

	same := url.Values{"kind": {"budget"}, "prompt_nb": {"Hva skal vi bygge?"}, "budget": {"1000"}, "position": {"1"},
		"options_nb": {"Benk | 400\nLekeplass | 900"}}
	refused := []url.Values{}
	for _, change := range []func(url.Values){
		func(v url.Values) { v.Set("budget", "2000") },
		func(v url.Values) { v.Set("options_nb", "Benk | 400\nLekeplass | 900\nTrær | 100") },
		func(v url.Values) { v.Set("options_nb", "Benk | 500\nLekeplass | 900") },
		func(v url.Values) {
			v.Set("kind", "single")
			v.Set("options_nb", "Benk\nLekeplass")
			v.Del("budget")
		},
	} {
		v := url.Values{}
		for k, vals := range same {
			v[k] = append([]string(nil), vals...)
		}
		change(v)
		refused = append(refused, v)
	}
	for i, v := range refused {
		r := official.post(edit, edit, v)
		wantStatus(t, r, http.StatusConflict)
		r.mustContain(t, "Høringen har stemmesedler, så du kan bare rette ordlyden.")
		if !strings.Contains(r.body, "<textarea id=\"options_nb\"") {
			t.Errorf("change %d: the form is not shown again", i)
		}
	}
	qs, _ = f.store.Questions(ctx, f.demo.ID, id)
	if qs[0].Budget.Int64 != 1000 || len(qs[0].Options) != 2 || qs[0].Options[0].Cost.Int64 != 400 {
		t.Fatalf("a refused change was stored: %+v", qs[0])
	}

	// A text fix is fine.
	fix := url.Values{"kind": {"budget"}, "prompt_nb": {"Hva skal vi bygge i parken?"}, "prompt_da": {"Hvad skal vi bygge i parken?"},
		"budget": {"1 000"}, "options_nb": {"Benk ved vannet | 400\nLekeplass | 900"}, "options_da": {"Bænk ved vandet\nLegeplads"}}
	wantStatus(t, official.post(edit, edit, fix), http.StatusSeeOther)
	qs, _ = f.store.Questions(ctx, f.demo.ID, id)
	if qs[0].Prompt["nb"] != "Hva skal vi bygge i parken?" || qs[0].Options[0].Label["nb"] != "Benk ved vannet" ||
		qs[0].Options[1].Label["da"] != "Legeplads" || qs[0].Options[0].ID != q.Options[0].ID {
		t.Fatalf("the text fix was not stored in place: %+v", qs[0])
	}

	// No new questions and no deleting; the page says so and offers neither.
	r := official.get(consultationURL(id, "/questions/new"))
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Høringen har stemmesedler, så du kan ikke legge til flere spørsmål.")
	r.mustNotContain(t, `name="kind"`)
	page = official.get(consultationURL(id))
	page.mustContain(t, "Denne høringen har stemmesedler. Du kan rette ordlyden i spørsmålene", "Endre spørsmål 1")
	page.mustNotContain(t, "Slett spørsmål 1", "Legg til et spørsmål")
	r = official.post(consultationURL(id), consultationURL(id, "/questions/", strconv.FormatInt(q.ID, 10), "/delete"), url.Values{})
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Høringen har stemmesedler, så spørsmål kan ikke slettes.")

	// The consultation's texts may change, but not who may vote.
	consEdit := consultationURL(id, "/edit")
	official.get(consEdit).mustContain(t, "Denne høringen har stemmesedler, så områdene og hvem som kan stemme, kan ikke endres.")
	form := url.Values{"title_nb": {"Med stemmer, rettet"}, "information_from": {authoringDate(-5)}, "voting_from": {authoringDate(-1)},
		"voting_until": {authoringDate(12)}, "areas": {strconv.FormatInt(f.areaID("Sentrum"), 10)}}
	r = official.post(consEdit, consEdit, form)
	wantStatus(t, r, http.StatusConflict)
	r.mustContain(t, "Sett dem tilbake slik de var.", `value="Med stemmer, rettet"`)
	form.Set("areas", strconv.FormatInt(f.areaID("Havnebyen"), 10))
	wantStatus(t, official.post(consEdit, consEdit, form), http.StatusSeeOther)
	official.get(consultationURL(id)).mustContain(t, "Med stemmer, rettet")
}
