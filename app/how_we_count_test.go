package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// TestHowWeCount: anyone reads the method in all four languages, with the
// anchors other pages link to, the small-cell limit, the date of the
// municipality's current population figures and the worked example.
func TestHowWeCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pop, err := f.store.NewestPopulation(context.Background(), f.demo.ID)
	if err != nil || pop == nil {
		t.Fatalf("population: %v", err)
	}
	anchors := []string{"what-we-count", "participants", "population", "missing-voices", "feed", "lottery",
		"weighting", "common-ground", "data", "small-cells"}
	want := map[string][]string{
		"nb": {"Slik teller vi", "Statistisk sentralbyrå (SSB)", "1. januar 2026",
			fmt.Sprintf("Vi viser aldri et antall personer under %d, bortsett fra 0.", store.MinCell),
			"om lag 1,7 ganger", "Det blir 0,25.", "Det mangler 60 stemmer.", "60\u00a0000"},
		"nn": {"Slik tel vi", "Statistisk sentralbyrå (SSB)", "1. januar 2026",
			fmt.Sprintf("Vi viser aldri eit tal personar under %d, bortsett frå 0.", store.MinCell),
			"om lag 1,7 gonger", "Det blir 0,25.", "Det manglar 60 røyster."},
		"da": {"Sådan tæller vi", "Statistisk sentralbyrå (SSB)", "1. januar 2026",
			fmt.Sprintf("Vi viser aldrig et antal personer under %d, bortset fra 0.", store.MinCell),
			"omkring 1,7 gange", "Det giver 0,25.", "Der mangler 60 stemmer.", "60.000"},
		"en": {"How we count", "Statistics Norway (SSB)", "1 January 2026",
			fmt.Sprintf("We never show a number of people below %d, except 0.", store.MinCell),
			"at most about 1.7 times", "That makes 0.25.", "60 voices are missing.", "60,000"},
	}
	for lang, texts := range want {
		r := f.client().get("/how-we-count?lang=" + lang)
		wantStatus(t, r, http.StatusOK)
		if got := langOf(r.body); got != lang {
			t.Errorf("%s: <html lang=%q>", lang, got)
		}
		r.mustContain(t, texts...)
		for _, a := range anchors {
			if !strings.Contains(r.body, fmt.Sprintf(`<h2 id="%s">`, a)) || !strings.Contains(r.body, fmt.Sprintf(`href="#%s"`, a)) {
				t.Errorf("%s: no heading #%s in the table of contents", lang, a)
			}
		}
		if strings.Count(r.body, "<h1") != 1 {
			t.Errorf("%s: want exactly one h1", lang)
		}
	}
}

// TestHowWeCountDenmarkWithoutFigures: a Danish municipality names
// Danmarks Statistik and says plainly that it has no figures yet.
func TestHowWeCountDenmarkWithoutFigures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addMunicipality("aaby", "DK", "da", "en")
	c := f.client()
	c.host = "aaby.localhost"
	r := c.get("/how-we-count")
	wantStatus(t, r, http.StatusOK)
	if langOf(r.body) != "da" {
		t.Errorf("<html lang=%q>, want da", langOf(r.body))
	}
	r.mustContain(t, "Danmarks Statistik", "Aaby har ikke lagt befolkningstal ind endnu.")
	r.mustNotContain(t, "SSB")

	// Once figures are imported, their date is shown.
	m, err := f.store.MunicipalityBySlug(context.Background(), "aaby")
	if err != nil {
		t.Fatal(err)
	}
	area, err := f.store.CreateArea(context.Background(), m.ID, "101", "Midtby")
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC)
	if err := f.store.ReplacePopulation(context.Background(), m.ID, asOf, "Danmarks Statistik FOLK1A",
		[]store.PopulationCell{{AreaID: area.ID, AgeBand: "30-44", Gender: "female", Count: 900}}); err != nil {
		t.Fatal(err)
	}
	c.get("/how-we-count?lang=en").mustContain(t, "Statistics Denmark (Danmarks Statistik)", "The figures for Aaby are from 1 July 2025.")
}
