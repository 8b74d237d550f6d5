package app_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/store"
)

// resultsVoter creates a resident who lives in area (0: no profile) and casts
// their ballot through the store.
func (e *ballotEnv) resultsVoter(name string, area int64, b store.BallotInput) {
	e.f.t.Helper()
	ctx := context.Background()
	n := store.NewUser{Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@fjordvik.example",
		PasswordHash: demoHash, DisplayName: name, Role: store.RoleResident, Locale: "nb"}
	if area != 0 {
		n.Profile = store.Profile{AreaID: sql.NullInt64{Int64: area, Valid: true}}
	}
	u, err := e.f.store.CreateUser(ctx, e.f.demo.ID, n)
	if err != nil {
		e.f.t.Fatal(err)
	}
	if _, err := e.f.store.CastBallot(ctx, e.f.demo.ID, []byte(testBallotKey), u.ID, e.id, b); err != nil {
		e.f.t.Fatalf("cast ballot of %s: %v", name, err)
	}
}

func (e *ballotEnv) choose(q store.Question, label string) store.BallotInput {
	e.f.t.Helper()
	id, _ := strconv.ParseInt(ballotOption(e.f.t, q, label), 10, 64)
	return store.BallotInput{Choices: map[int64][]int64{q.ID: {id}}}
}

// publishResults closes voting and publishes the results.
func (e *ballotEnv) publishResults() {
	e.f.t.Helper()
	if err := e.f.store.PublishResults(context.Background(), e.f.demo.ID, e.f.user(officialEmail).ID, e.id); err != nil {
		e.f.t.Fatalf("publish results: %v", err)
	}
}

var (
	resultTable = regexp.MustCompile(`(?s)<table class="result-table">.*?</table>`)
	tableBody   = regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`)
	tableRow    = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	dataCell    = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	channelRow  = regexp.MustCompile(`<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>`)
)

// breakdownCells returns, per row of every result table, the cells of the
// breakdowns by channel and area (after total and share; skip more for a
// cost column).
func breakdownCells(t *testing.T, body string, skip int) [][]string {
	t.Helper()
	var rows [][]string
	for _, table := range resultTable.FindAllString(body, -1) {
		tb := tableBody.FindStringSubmatch(table)
		if tb == nil {
			t.Fatal("a result table without a body")
		}
		for _, row := range tableRow.FindAllStringSubmatch(tb[1], -1) {
			var cells []string
			for i, c := range dataCell.FindAllStringSubmatch(row[1], -1) {
				if i >= skip {
					cells = append(cells, strings.TrimSpace(c[1]))
				}
			}
			rows = append(rows, cells)
		}
	}
	return rows
}

// smallCount matches a count that small-cell suppression must hide.
var smallCount = regexp.MustCompile(`^[1-4]$`)

func TestResultsShowCountsPerChannelAfterClose(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := newBallotEnv(f, nil)
	areas, _ := f.store.Areas(ctx, f.demo.ID)
	a, b := areas[0], areas[1]
	for i := range 4 {
		e.resultsVoter(fmt.Sprintf("Nord Velger %d", i), a.ID, e.choose(e.single, "Nord"))
	}
	e.resultsVoter("Sør Velger 1", b.ID, e.choose(e.single, "Sør"))
	e.resultsVoter("Sør Velger 2", b.ID, e.choose(e.single, "Sør"))

	official := f.signedIn(officialEmail)
	r := official.post(e.path("/paper"), e.path("/paper"), url.Values{"channel": {"paper"},
		"area": {strconv.FormatInt(a.ID, 10)}, ballotField(e.single): {ballotOption(t, e.single, "Nord")}})
	wantStatus(t, r, http.StatusSeeOther)
	r = official.post(e.path("/paper"), e.path("/tally"), url.Values{"channel": {"meeting"}, "ballots": {"5"},
		"o" + ballotOption(t, e.single, "Nord"): {"3"}, "o" + ballotOption(t, e.single, "Øst"): {"2"}})
	wantStatus(t, r, http.StatusSeeOther)

	// While voting is open, the public is told when the results come.
	public := f.client()
	r = public.get(e.path("/results"))
	wantStatus(t, r, http.StatusOK)
	r.mustContain(t, "Resultatene blir publisert etter siste dag for å stemme")
	r.mustNotContain(t, "Stemmesedler etter kanal")
	wantStatus(t, public.get(e.path("/results.csv")), http.StatusNotFound)
	f.signedIn(residentEmail).get(e.path("/results")).mustNotContain(t, "Stemmesedler etter kanal")

	// Staff see them, with a note.
	r = official.get(e.path("/results"))
	r.mustContain(t, "Bare ansatte kan se disse resultatene til de blir publisert.", "Stemmesedler etter kanal")
	f.signedIn(moderatorEmail).get(e.path("/results")).mustContain(t, "Bare ansatte kan se disse resultatene")

	e.publishResults()
	r = public.get(e.path("/results"))
	wantStatus(t, r, http.StatusOK)
	r.mustNotContain(t, "Bare ansatte kan se")
	r.mustContain(t, "12 stemmesedler ble avgitt.", "Stemmesedler etter kanal", "Hvor skal parken ligge?",
		"Etter kanal", "Etter område", a.Name, b.Name, "Ukjent område", "skjult",
		"66,7\u00a0%") // Nord: 8 of 12 answers
	perChannel := map[string]string{}
	for _, m := range channelRow.FindAllStringSubmatch(r.text(), -1) {
		perChannel[m[1]] = m[2]
	}
	for channel, want := range map[string]string{"På nett": "6", "På papir": "1", "På møte": "5", "Totalt": "12"} {
		if perChannel[channel] != want {
			t.Errorf("ballots %s: %q, want %s (table %v)", channel, perChannel[channel], want, perChannel)
		}
	}
	if !strings.Contains(r.body, `class="table-scroll" role="region" tabindex="0" aria-labelledby="caption-`) ||
		!strings.Contains(r.body, `<th scope="col" class="num">På papir</th>`) {
		t.Error("the result tables are not labelled scroll regions with column headers")
	}

	// No breakdown cell shows a count from 1 to 4, in any language.
	hiddenWord := map[string]string{"nb": "skjult", "en": "hidden"}
	for _, lang := range []string{"nb", "en"} {
		page := public.get(e.path("/results?lang=" + lang))
		rows := breakdownCells(t, page.body, 2)
		if len(rows) == 0 {
			t.Fatal("no result rows")
		}
		suppressed := 0
		for _, row := range rows {
			for _, cell := range row {
				if smallCount.MatchString(cell) {
					t.Errorf("%s: a breakdown cell shows %q", lang, cell)
				}
				if cell == hiddenWord[lang] {
					suppressed++
				}
			}
		}
		if suppressed == 0 {
			t.Errorf("%s: no cell is suppressed", lang)
		}
	}
	public.get(e.path("/results?lang=en")).mustContain(t, "hidden", "Ballots by channel", "66.7%")
}

func TestResultsCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := newBallotEnv(f, nil)
	areas, _ := f.store.Areas(ctx, f.demo.ID)
	for i := range 6 {
		b := e.choose(e.single, "Sør")
		b.Stances = map[int64]string{e.statement.ID: "agree"}
		e.resultsVoter(fmt.Sprintf("Velger %d", i), areas[0].ID, b)
	}
	e.resultsVoter("Øst Velger", areas[1].ID, e.choose(e.single, "Øst"))
	e.resultsVoter("Uten Område", 0, e.choose(e.single, "Øst"))
	e.publishResults()

	r := f.client().get(e.path("/results.csv"))
	wantStatus(t, r, http.StatusOK)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(ct, "utf-8") {
		t.Errorf("content type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); cd != fmt.Sprintf(`attachment; filename="consultation-%d-results.csv"`, e.id) {
		t.Errorf("content disposition %q", cd)
	}
	if !strings.HasPrefix(r.body, "\ufeff") {
		t.Fatal("the export does not start with a byte order mark")
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != "question_id,question,kind,option_id,option,breakdown,group,count,suppressed" {
		t.Fatalf("header %q", got)
	}
	find := func(option, breakdown, group string) []string {
		t.Helper()
		for _, rec := range records[1:] {
			if rec[4] == option && rec[5] == breakdown && rec[6] == group {
				return rec
			}
		}
		t.Fatalf("no row %s/%s/%s in\n%s", option, breakdown, group, r.body)
		return nil
	}
	single := strconv.FormatInt(e.single.ID, 10)
	if rec := find("Sør", "total", "all"); rec[0] != single || rec[1] != "Hvor skal parken ligge?" || rec[2] != "single" ||
		rec[3] != ballotOption(t, e.single, "Sør") || rec[7] != "6" || rec[8] != "false" {
		t.Errorf("total row %v", rec)
	}
	if rec := find("Sør", "area", areas[0].Name); rec[7] != "6" || rec[8] != "false" {
		t.Errorf("area row %v", rec)
	}
	if rec := find("Øst", "area", "unknown"); rec[7] != "" || rec[8] != "true" {
		t.Errorf("a small cell is not suppressed: %v", rec)
	}
	if rec := find("Enig", "total", "all"); rec[3] != "agree" || rec[2] != "statement" || rec[7] != "6" {
		t.Errorf("statement row %v", rec)
	}
	find("Sør", "channel", "web")
	for _, rec := range records[1:] {
		if rec[8] == "true" && rec[7] != "" {
			t.Errorf("a suppressed row has a count: %v", rec)
		}
		if rec[5] != "total" && smallCount.MatchString(rec[7]) {
			t.Errorf("a breakdown row shows a small count: %v", rec)
		}
	}
}

func TestHiddenAnswersAreGoneForThePublic(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := newBallotEnv(f, nil)
	e.resultsVoter("Skriver En", 0, store.BallotInput{Texts: map[int64]string{e.text.ID: "Dette svaret er upassende."}})
	e.resultsVoter("Skriver To", 0, store.BallotInput{Texts: map[int64]string{e.text.ID: "Flere benker, takk."}})
	e.publishResults()
	answers, err := f.store.TextAnswers(ctx, f.demo.ID, e.id, true)
	if err != nil || len(answers) != 2 {
		t.Fatalf("answers %v %v", answers, err)
	}
	var rude string
	for _, a := range answers {
		if strings.Contains(a.Body, "upassende") {
			rude = a.ID
		}
	}

	public := f.client()
	public.get(e.path("/results")).mustContain(t, "Dette svaret er upassende.", "Flere benker, takk.", "2 svar.")

	resident := f.signedIn(residentEmail)
	page := resident.get(e.path("/results"))
	page.mustNotContain(t, "Skjul for offentligheten")
	token := csrfField.FindStringSubmatch(page.body)[1]
	wantStatus(t, resident.do(http.MethodPost, e.path("/answers/"+rude+"/hide"), url.Values{"_csrf": {token}}), http.StatusForbidden)

	moderator := f.signedIn(moderatorEmail)
	r := moderator.post(e.path("/results"), e.path("/answers/"+rude+"/hide"), url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	if r.location != e.path("/results#answer-"+rude) {
		t.Errorf("hiding leads to %q", r.location)
	}
	page = public.get(e.path("/results"))
	page.mustNotContain(t, "Dette svaret er upassende.")
	page.mustContain(t, "Flere benker, takk.", "1 svar.")
	page = moderator.get(e.path("/results"))
	page.mustContain(t, "Svaret er skjult for offentligheten.", "Dette svaret er upassende.",
		"Skjult for offentligheten av en moderator", "Vis igjen", "1 svar er skjult for offentligheten.")

	wantStatus(t, moderator.post(e.path("/results"), e.path("/answers/not-an-id/hide"), url.Values{}), http.StatusNotFound)
	wantStatus(t, moderator.post(e.path("/results"), e.path("/answers/00000000-0000-0000-0000-000000000000/hide"), url.Values{}),
		http.StatusNotFound)

	r = f.signedIn(officialEmail).post(e.path("/results"), e.path("/answers/"+rude+"/restore"), url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	public.get(e.path("/results")).mustContain(t, "Dette svaret er upassende.")
}

func TestLiveResultsDuringVoting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := newBallotEnv(f, func(in *store.ConsultationInput) { in.LiveResults = true })
	e.resultsVoter("Tidlig Velger", 0, e.choose(e.single, "Nord"))
	r := f.client().get(e.path("/results"))
	wantStatus(t, r, http.StatusOK)
	r.mustContain(t, "Resultatene endrer seg når flere stemmer.", "1 stemmeseddel ble avgitt.")
	wantStatus(t, f.client().get(e.path("/results.csv")), http.StatusOK)
}
