package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// feedParticipants records n distinct anonymous participants from area,
// aged 30-44, women, a day ago.
func (f *fixture) feedParticipants(areaID int64, n int) {
	f.t.Helper()
	ctx := context.Background()
	for i := range n {
		err := f.store.RecordParticipation(ctx, f.demo.ID, store.Participation{
			AnonymousRef: sql.NullString{String: fmt.Sprintf("00000000-0000-4000-8000-%012d", areaID*1000+int64(i)), Valid: true},
			OccurredAt:   time.Now().Add(-24 * time.Hour),
			Act:          "ballot", ScopeType: "municipality", Channel: store.ChannelPaper,
			Segment: store.Segment{
				AreaID:  sql.NullInt64{Int64: areaID, Valid: true},
				AgeBand: sql.NullString{String: "30-44", Valid: true},
				Gender:  sql.NullString{String: "female", Valid: true},
			},
		})
		if err != nil {
			f.t.Fatal(err)
		}
	}
}

// feedProposalAt creates a proposal in area, created ago before now, with
// nothing else to tell it from the others.
func (f *fixture) feedProposalAt(title string, areaID int64, ago time.Duration) *store.Proposal {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.store.CreateProposal(ctx, f.demo.ID, store.NewProposal{
		AuthorID: f.user(residentEmail).ID, Title: title, Body: "Tekst", Language: "nb", AreaID: areaID,
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.store.DB().ExecContext(ctx, `UPDATE proposals SET created_at = now() - make_interval(secs => $3)
		WHERE municipality_id = $1 AND id = $2`, f.demo.ID, p.ID, ago.Seconds()); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// feedExpectedBoost computes the area boosts with the outreach package from
// the population and the last 24 months of the ledger, by area id.
func (f *fixture) feedExpectedBoost() map[int64]float64 {
	f.t.Helper()
	ctx := context.Background()
	pop, err := f.store.NewestPopulation(ctx, f.demo.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	now := time.Now()
	counts, err := f.store.ParticipantsBySegment(ctx, f.demo.ID, store.ParticipationScope{From: now.AddDate(-2, 0, 0), To: now})
	if err != nil {
		f.t.Fatal(err)
	}
	byArea := map[string]*outreach.Cell{}
	ids := map[string]int64{}
	for _, ps := range pop.Segments {
		c := byArea[ps.AreaCode]
		if c == nil {
			c = &outreach.Cell{Segment: outreach.Segment{Area: ps.AreaCode}}
			byArea[ps.AreaCode] = c
		}
		c.Population += ps.Count
		ids[ps.AreaCode] = ps.AreaID
	}
	for _, sc := range counts {
		// Every participant of these tests has a whole segment.
		if c := byArea[sc.AreaCode.String]; c != nil && sc.AgeBand.Valid && sc.Gender.Valid {
			c.Participants += sc.Participants
		}
	}
	var cells []outreach.Cell
	for _, c := range byArea {
		cells = append(cells, *c)
	}
	boost, err := outreach.AreaBoost(cells, outreach.DefaultPrior)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[int64]float64{}
	for code, b := range boost {
		out[ids[code]] = b
	}
	return out
}

// feedCached reads the boosts the list cached for the demo municipality, and
// when they expire.
func (f *fixture) feedCached() (map[int64]float64, time.Time, bool) {
	f.t.Helper()
	var raw []byte
	var expires time.Time
	err := f.store.DB().QueryRowContext(context.Background(), `SELECT value, expires_at FROM kv_store WHERE key = $1`,
		fmt.Sprintf("feed-boost:%d", f.demo.ID)).Scan(&raw, &expires)
	if err == sql.ErrNoRows {
		return nil, time.Time{}, false
	}
	if err != nil {
		f.t.Fatal(err)
	}
	var boost map[int64]float64
	if err := json.Unmarshal(raw, &boost); err != nil {
		f.t.Fatalf("cached boost %q: %v", raw, err)
	}
	return boost, expires, true
}

// feedBefore reports whether a comes before b in the page.
func feedBefore(t *testing.T, r response, a, b string) bool {
	t.Helper()
	i, j := strings.Index(r.body, a), strings.Index(r.body, b)
	if i < 0 || j < 0 {
		t.Fatalf("%q or %q is not on the page:\n%s", a, b, r.body)
	}
	return i < j
}

// TestBalancedFeedLiftsUnderHeardAreas: two proposals alike but for their
// area — the one from an area nobody has taken part from is a little older —
// come under-heard first in the default (balanced) order and by date under
// "newest". The page says why in plain words and links to the explanation;
// the other orders are one click away.
func TestBalancedFeedLiftsUnderHeardAreas(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	heard, quiet := f.areaID("Havnebyen"), f.areaID("Skjærgården")
	f.feedParticipants(heard, 12)
	// Ten minutes older: by the hot score alone it would come second.
	f.feedProposalAt("Forslag fra Skjærgården", quiet, 40*time.Minute)
	f.feedProposalAt("Forslag fra Havnebyen", heard, 30*time.Minute)

	r := f.client().get("/proposals")
	wantStatus(t, r, http.StatusOK)
	if !feedBefore(t, r, "Forslag fra Skjærgården", "Forslag fra Havnebyen") {
		t.Error("balanced order: the proposal from the under-heard area does not come first")
	}
	r.mustContain(t,
		"Nye forslag og forslag med mye støtte vises først.",
		"Forslag fra områder vi hører lite fra, er flyttet litt opp i lista.",
		`<a href="/how-we-count#feed">Slik teller vi</a>`,
		`<option value="balanced" selected>Balansert</option>`,
		`<a href="/proposals?order=balanced" aria-current="true">Balansert</a>`,
		`<a href="/proposals?order=newest">Nyeste først</a>`,
		`<a href="/proposals?order=most_supported">Mest støttet først</a>`)

	// The boost the list used is the engine's for this ledger, and it is
	// cached in PostgreSQL for about ten minutes.
	cached, expires, ok := f.feedCached()
	if !ok {
		t.Fatal("the balanced list cached no boost")
	}
	want := f.feedExpectedBoost()
	if len(cached) != len(want) {
		t.Errorf("cached boosts for %d areas, want %d", len(cached), len(want))
	}
	for id, b := range want {
		if math.Abs(cached[id]-b) > 1e-9 {
			t.Errorf("area %d: cached boost %v, want %v", id, cached[id], b)
		}
	}
	if cached[quiet] <= 1.5 || cached[heard] >= 1 {
		t.Errorf("boosts: under-heard %v, heard %v", cached[quiet], cached[heard])
	}
	if left := time.Until(expires); left < 9*time.Minute || left > 11*time.Minute {
		t.Errorf("the boost expires in %v, want about 10 minutes", left)
	}

	newest := f.client().get("/proposals?order=newest")
	if feedBefore(t, newest, "Forslag fra Skjærgården", "Forslag fra Havnebyen") {
		t.Error("newest order: the older proposal comes first")
	}
	newest.mustContain(t, "De nyeste forslagene vises først.", `<a href="/proposals?order=newest" aria-current="true">`)
	newest.mustNotContain(t, "Forslag fra områder vi hører lite fra")

	// English, and the order is kept in the order links with the filters.
	en := f.client().get(fmt.Sprintf("/proposals?area=%d&lang=en", quiet))
	en.mustContain(t, "Proposals from areas we hear little from have been moved a little higher up the list.",
		fmt.Sprintf(`<a href="/proposals?area=%d&order=newest">Newest first</a>`, quiet))
}

// TestBalancedFeedReadsTheCache: the second request does not compute the
// boost again. Once the ledger has turned around (the quiet area now takes
// part far more), the list keeps the cached boost until it expires, and a
// fresh computation follows the new ledger.
func TestBalancedFeedReadsTheCache(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	heard, quiet := f.areaID("Havnebyen"), f.areaID("Skjærgården")
	f.feedParticipants(heard, 12)
	f.feedProposalAt("Forslag fra Skjærgården", quiet, 40*time.Minute)
	f.feedProposalAt("Forslag fra Havnebyen", heard, 30*time.Minute)

	c := f.client()
	if !feedBefore(t, c.get("/proposals"), "Forslag fra Skjærgården", "Forslag fra Havnebyen") {
		t.Fatal("the under-heard area does not come first")
	}
	first, _, _ := f.feedCached()

	f.feedParticipants(quiet, 200)
	if !feedBefore(t, c.get("/proposals"), "Forslag fra Skjærgården", "Forslag fra Havnebyen") {
		t.Error("the second request computed the boost again instead of reading the cache")
	}
	if second, _, _ := f.feedCached(); second[quiet] != first[quiet] {
		t.Errorf("the cached boost changed from %v to %v", first[quiet], second[quiet])
	}

	// When the cache has expired, the boost follows the ledger.
	if _, err := f.store.DB().ExecContext(context.Background(), `UPDATE kv_store SET expires_at = now() - interval '1 second'
		WHERE key = $1`, fmt.Sprintf("feed-boost:%d", f.demo.ID)); err != nil {
		t.Fatal(err)
	}
	if feedBefore(t, c.get("/proposals"), "Forslag fra Skjærgården", "Forslag fra Havnebyen") {
		t.Error("after expiry, the area that now takes part most still comes first")
	}
	third, _, _ := f.feedCached()
	if want := f.feedExpectedBoost(); math.Abs(third[quiet]-want[quiet]) > 1e-9 || third[quiet] >= 1 {
		t.Errorf("recomputed boost %v, want %v (below 1)", third[quiet], want[quiet])
	}
}

// TestBalancedFeedWithoutPopulation: a municipality with no population
// figures still lists its proposals in the balanced order, every area with
// boost 1.
func TestBalancedFeedWithoutPopulation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.addMunicipality("fjellby", "NO", "nb")
	u, err := f.store.CreateUser(context.Background(), m.ID, store.NewUser{
		Email: "a@fjellby.example", PasswordHash: demoHash, DisplayName: "A", Role: store.RoleResident, Locale: "nb"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CreateProposal(context.Background(), m.ID, store.NewProposal{
		AuthorID: u.ID, Title: "Benk i Fjellby", Body: "Tekst", Language: "nb"}); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	c.host = "fjellby.localhost"
	r := c.get("/proposals")
	wantStatus(t, r, http.StatusOK)
	r.mustContain(t, "Benk i Fjellby", "Forslag fra områder vi hører lite fra, er flyttet litt opp i lista.")
	var raw string
	if err := f.store.DB().QueryRowContext(context.Background(), `SELECT convert_from(value, 'UTF8') FROM kv_store WHERE key = $1`,
		fmt.Sprintf("feed-boost:%d", m.ID)).Scan(&raw); err != nil || raw != "{}" {
		t.Errorf("cached boost without population: %q %v, want {} (1 everywhere)", raw, err)
	}
}
