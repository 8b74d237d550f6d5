package app_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// planGroup is a number of people who took part in one segment of the demo
// municipality through one channel. An empty area or age band is unknown.
type planGroup struct {
	area, ageBand, gender, channel string
	people                         int
}

// planParticipants puts one act per person in the ledger, each person under
// an anonymous reference of their own, at the given time and scope (a zero
// consultation means an act of the municipality as a whole).
func (f *fixture) planParticipants(consultation int64, at time.Time, groups ...planGroup) {
	f.t.Helper()
	ctx := context.Background()
	for _, g := range groups {
		seg := store.Segment{}
		if g.area != "" {
			seg.AreaID = sql.NullInt64{Int64: f.areaID(g.area), Valid: true}
		}
		if g.ageBand != "" {
			seg.AgeBand = sql.NullString{String: g.ageBand, Valid: true}
		}
		if g.gender != "" {
			seg.Gender = sql.NullString{String: g.gender, Valid: true}
		}
		p := store.Participation{OccurredAt: at, Act: "proposal", ScopeType: "municipality", Channel: g.channel, Segment: seg}
		if consultation != 0 {
			p.Act, p.ScopeType, p.ScopeID = "ballot", "consultation", sql.NullInt64{Int64: consultation, Valid: true}
		}
		for range g.people {
			p.AnonymousRef = sql.NullString{String: planUUID(), Valid: true}
			if err := f.store.RecordParticipation(ctx, f.demo.ID, p); err != nil {
				f.t.Fatalf("record participation: %v", err)
			}
		}
	}
}

func planUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// planExpected runs the outreach engine on what the store holds for a
// scope: the newest population and the participants per segment. Area codes
// are mapped to names, and the participants who fit no segment are counted.
type planExpected struct {
	report  *outreach.Report
	names   map[string]string // area code → name
	unknown int
	// channels counts, per area code, the placed participants per channel
	// (in the order of store.Channels).
	channels map[string][]int
}

func (f *fixture) planExpected(scope store.ParticipationScope) planExpected {
	f.t.Helper()
	ctx := context.Background()
	pop, err := f.store.NewestPopulation(ctx, f.demo.ID)
	if err != nil || pop == nil {
		f.t.Fatalf("population: %v", err)
	}
	counts, err := f.store.ParticipantsBySegment(ctx, f.demo.ID, scope)
	if err != nil {
		f.t.Fatal(err)
	}
	e := planExpected{names: map[string]string{}, channels: map[string][]int{}}
	index := map[outreach.Segment]int{}
	var cells []outreach.Cell
	for _, ps := range pop.Segments {
		e.names[ps.AreaCode] = ps.AreaName
		s := outreach.Segment{Area: ps.AreaCode, AgeBand: ps.AgeBand, Gender: ps.Gender}
		index[s] = len(cells)
		cells = append(cells, outreach.Cell{Segment: s, Population: ps.Count})
	}
	for _, sc := range counts {
		i, ok := index[outreach.Segment{Area: sc.AreaCode.String, AgeBand: sc.AgeBand.String, Gender: sc.Gender.String}]
		if !ok {
			e.unknown += sc.Participants
			continue
		}
		cells[i].Participants += sc.Participants
		if e.channels[sc.AreaCode.String] == nil {
			e.channels[sc.AreaCode.String] = make([]int, len(store.Channels))
		}
		for j, ch := range store.Channels {
			e.channels[sc.AreaCode.String][j] += sc.ByChannel(ch)
		}
	}
	e.report, err = outreach.Representativeness(cells, outreach.DefaultPrior)
	if err != nil {
		f.t.Fatal(err)
	}
	return e
}

var (
	planTable = regexp.MustCompile(`(?s)<table class="plan-table (plan-areas|plan-groups)">.*?</table>`)
	planRow   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	planCell  = regexp.MustCompile(`(?s)<(td|th)([^>]*)>(.*?)</(?:td|th)>`)
	planTag   = regexp.MustCompile(`(?s)<[^>]*>`)
	planSpace = regexp.MustCompile(`\s+`)
	planToken = regexp.MustCompile(`\d[\d,.\s\x{a0}\x{202f}]*\d|\d`)
)

// planText is a cell's text as read: tags gone, entities decoded, spaces
// collapsed.
func planText(s string) string {
	return strings.TrimSpace(planSpace.ReplaceAllString(html.UnescapeString(planTag.ReplaceAllString(s, " ")), " "))
}

// planCellOf is one table cell: its attributes and its text.
type planCellOf struct{ attrs, text string }

// planTableRows returns the body rows of the areas or groups table.
func planTableRows(t *testing.T, body, which string) [][]planCellOf {
	t.Helper()
	for _, m := range planTable.FindAllStringSubmatch(body, -1) {
		if m[1] != which {
			continue
		}
		var rows [][]planCellOf
		for _, r := range planRow.FindAllStringSubmatch(m[0], -1) {
			if strings.Contains(r[1], `scope="col"`) {
				continue
			}
			var cells []planCellOf
			for _, c := range planCell.FindAllStringSubmatch(r[1], -1) {
				cells = append(cells, planCellOf{attrs: c[2], text: planText(c[3])})
			}
			rows = append(rows, cells)
		}
		return rows
	}
	t.Fatalf("no %s table on the page", which)
	return nil
}

// English figures as the page writes them.
var planEnglish = message.NewPrinter(language.English)

func planNumber(n int) string { return planEnglish.Sprintf("%d", n) }

func planRatio(r float64) string {
	return planEnglish.Sprint(number.Decimal(r, number.MinFractionDigits(2), number.MaxFractionDigits(2)))
}

// planMissing is how the page writes missing voices of a visible row.
func planMissing(e float64) string {
	n := int(math.Round(e))
	if n > 0 && n < store.MinCell {
		return "fewer than 5"
	}
	return planNumber(n)
}

// planNoSmallCounts fails when a cell of the page shows a count of people
// from 1 to 4: a cell that is only such a number, or any such number in a
// cell of counts (residents, participants, missing voices, channels).
func planNoSmallCounts(t *testing.T, body string) {
	t.Helper()
	for _, m := range planCell.FindAllStringSubmatch(body, -1) {
		if m[1] != "td" {
			continue
		}
		text := planText(m[3])
		tokens := []string{text}
		if strings.Contains(m[2], "count") || strings.Contains(m[2], "plan-channels-cell") {
			tokens = planToken.FindAllString(text, -1)
		}
		for _, tok := range tokens {
			n, err := strconv.Atoi(strings.NewReplacer(",", "", ".", "", " ", "", "\u00a0", "", "\u202f", "").Replace(tok))
			if err == nil && n >= 1 && n < store.MinCell {
				t.Errorf("a cell shows the count %d: %q", n, text)
			}
		}
	}
}

// planSkewedLedger gives the demo municipality a skewed participation: a
// busy centre, a quiet harbour, a handful in Nordheia (a small cell) and
// people who gave no area or age.
func (f *fixture) planSkewedLedger(at time.Time) {
	f.planParticipants(0, at,
		planGroup{"Sentrum", "20-29", "female", "web", 90},
		planGroup{"Sentrum", "30-44", "male", "web", 80},
		planGroup{"Sentrum", "45-66", "female", "meeting", 60},
		planGroup{"Sentrum", "45-66", "female", "web", 12},
		planGroup{"Havnebyen", "16-19", "male", "paper", 30},
		planGroup{"Havnebyen", "67-79", "female", "phone", 25},
		planGroup{"Solbakken", "30-44", "female", "web", 70},
		planGroup{"Solbakken", "80+", "male", "assisted", 9},
		planGroup{"Lundevik", "45-66", "male", "web", 40},
		planGroup{"Nordheia", "80+", "female", "assisted", 3},
		planGroup{"", "", "", "web", 7},
		planGroup{"Kvernhus", "", "", "web", 6},
	)
}

func TestOutreachPlanShowsTheEngineRanking(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.planSkewedLedger(time.Now().Add(-48 * time.Hour))
	// A meeting held in Havnebyen a month ago.
	meeting := f.orgMeeting(orgInput("Kaffeprat på kaia", orgDay(3, 18, 0), f.areaID("Havnebyen")))
	held := orgDay(-30, 18, 0)
	if _, err := f.store.DB().Exec(`UPDATE meetings SET starts_at = $1, ends_at = $2 WHERE id = $3`,
		held, held.Add(2*time.Hour), meeting); err != nil {
		t.Fatal(err)
	}

	c := f.orgEnglish(officialEmail)
	r := c.get("/outreach")
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	if len(r.body) > 60*1024 {
		t.Errorf("the page weighs %d bytes, more than 60 KB", len(r.body))
	}
	e := f.planExpected(store.ParticipationScope{From: time.Now().AddDate(-2, 0, 0), To: time.Now()})

	// The headline: residents, everyone who took part, the rate, the unknown.
	total := e.report.Participants + e.unknown
	for _, want := range []string{
		planNumber(e.report.Population) + " residents live in the areas we have figures for.",
		planNumber(total) + " people took part in what you chose to look at.",
		// Nordheia's count is hidden, so the rate has one decimal at most:
		// two would pin the number of participants down to ±3 residents.
		"Overall, " + planEnglish.Sprint(number.Percent(e.report.OverallRate, number.MaxFractionDigits(1))) + " of the residents took part.",
		"Demo data modelled on SSB table 07459",
		`href="/reports/participation"`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page does not say %q", want)
		}
	}

	// Areas: the engine's order, and its figures where the small-cell rule
	// lets them show. The participants per area and the unknown bucket add up
	// to the total, so they are suppressed together.
	areas := outreach.RankAreas(e.report)
	column := make([][]int, 0, len(areas)+1)
	for _, a := range areas {
		column = append(column, []int{a.Participants})
	}
	suppressed := store.SuppressTable(append(column, []int{e.unknown}))
	rows := planTableRows(t, r.body, "plan-areas")
	if len(rows) != len(areas) {
		t.Fatalf("%d area rows, want %d", len(rows), len(areas))
	}
	for i, a := range areas {
		row, name := rows[i], e.names[a.Area]
		if want := fmt.Sprintf("%d. %s", i+1, name); row[0].text != want {
			t.Errorf("area row %d is %q, want %q", i+1, row[0].text, want)
		}
		if row[1].text != planNumber(a.Population) {
			t.Errorf("%s: residents %q, want %s", name, row[1].text, planNumber(a.Population))
		}
		if suppressed[i][0].Suppressed {
			if row[2].text != "hidden" || row[3].text != "hidden" || strings.Contains(row[5].text, ":") {
				t.Errorf("%s: participants, ratio and channels must be hidden: %q", name, row)
			}
			continue
		}
		if row[2].text != planNumber(a.Participants) {
			t.Errorf("%s: participants %q, want %s", name, row[2].text, planNumber(a.Participants))
		}
		if !strings.HasPrefix(row[3].text, planRatio(a.Ratio)+" ") {
			t.Errorf("%s: representation %q, want %s and words", name, row[3].text, planRatio(a.Ratio))
		}
		if row[4].text != planMissing(a.MissingVoices) {
			t.Errorf("%s: missing voices %q, want %s", name, row[4].text, planMissing(a.MissingVoices))
		}
		planCheckChannels(t, name, row[5].text, e.channels[a.Area])
		wantLink := fmt.Sprintf(`<a href="/meetings/new?area=%d" class="plan-link">Plan a meeting in %s</a>`, f.areaID(name), name)
		if !strings.Contains(r.body, wantLink) {
			t.Errorf("no link to plan a meeting in %s", name)
		}
	}
	// Nordheia's three people are never shown, nor what would give them away.
	for i, a := range areas {
		if e.names[a.Area] == "Nordheia" && !suppressed[i][0].Suppressed {
			t.Error("Nordheia's 3 participants are not suppressed")
		}
	}
	for i, a := range areas {
		switch e.names[a.Area] {
		case "Sentrum":
			if !regexp.MustCompile(`^Online: (182|hidden) At a meeting: (60|hidden)$`).MatchString(rows[i][5].text) {
				t.Errorf("Sentrum's channels %q, want 182 online and 60 at a meeting (or hidden)", rows[i][5].text)
			}
		case "Havnebyen":
			if want := "1 meeting, on " + planDay(held); rows[i][6].text != want {
				t.Errorf("Havnebyen's meetings %q, want %q", rows[i][6].text, want)
			}
		case "Bråtane":
			if rows[i][2].text != "0" || !strings.Contains(rows[i][3].text, "no voices yet") || rows[i][5].text != "Nobody yet" {
				t.Errorf("Bråtane, where nobody took part: %q", rows[i])
			}
		}
	}

	// Groups: the top 15 of the engine's ranking, with area, age group and
	// gender, and their figures unless hidden.
	segments := outreach.RankSegments(e.report)[:15]
	groups := planTableRows(t, r.body, "plan-groups")
	if len(groups) != len(segments) {
		t.Fatalf("%d group rows, want %d", len(groups), len(segments))
	}
	for i, s := range segments {
		row := groups[i]
		gender := map[string]string{"female": "Women", "male": "Men"}[s.Gender]
		got := []string{row[0].text, row[1].text, row[2].text}
		want := []string{fmt.Sprintf("%d. %s", i+1, e.names[s.Area]), s.AgeBand + " years", gender}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("group %d is %q, want %q", i+1, got, want)
		}
		if row[3].text != planNumber(s.Population) {
			t.Errorf("group %d: residents %q, want %s", i+1, row[3].text, planNumber(s.Population))
		}
		switch {
		case s.Participants > 0 && s.Participants < store.MinCell:
			if row[4].text != "hidden" || row[5].text != "hidden" {
				t.Errorf("group %d has %d participants: they and the ratio must be hidden: %q", i+1, s.Participants, row)
			}
		case row[4].text == "hidden":
			if row[5].text != "hidden" {
				t.Errorf("group %d: hidden participants but a ratio %q", i+1, row[5].text)
			}
		default:
			if row[4].text != planNumber(s.Participants) || row[6].text != planMissing(s.MissingVoices) ||
				!strings.HasPrefix(row[5].text, planRatio(s.Ratio)+" ") {
				t.Errorf("group %d: %q, want participants %d, ratio %s, missing voices %s",
					i+1, row, s.Participants, planRatio(s.Ratio), planMissing(s.MissingVoices))
			}
		}
	}
	if !strings.Contains(r.body, "could not be placed in a group") {
		t.Error("the page does not explain the unknown bucket")
	}
	planNoSmallCounts(t, r.body)
}

// planChannelNames are the channels as the English pages name them.
var planChannelNames = map[string]string{"web": "Online", "meeting": "At a meeting", "paper": "On paper",
	"phone": "By phone", "assisted": "With help from the municipality"}

// planChannelEntry is one "channel: count" of a "reached through" cell.
var planChannelEntry = regexp.MustCompile(`(Online|At a meeting|On paper|By phone|With help from the municipality): (hidden|[\d,]+)`)

// planCheckChannels compares an area's "reached through" cell with the
// ledger: every channel that reached someone is listed with its count or as
// hidden; a channel that reached nobody is left out, or hidden when the
// small-cell rule needed one more hidden cell.
func planCheckChannels(t *testing.T, area, text string, counts []int) {
	t.Helper()
	if counts == nil {
		counts = make([]int, len(store.Channels))
	}
	shown := map[string]string{}
	for _, m := range planChannelEntry.FindAllStringSubmatch(text, -1) {
		shown[m[1]] = m[2]
	}
	if len(shown) == 0 && text != "Nobody yet" {
		t.Errorf("%s: reached through %q", area, text)
	}
	for j, ch := range store.Channels {
		got, listed := shown[planChannelNames[ch]]
		switch {
		case counts[j] > 0 && (!listed || (got != "hidden" && got != planNumber(counts[j]))):
			t.Errorf("%s: %s reached %d, the page says %q", area, ch, counts[j], text)
		case counts[j] == 0 && listed && got != "hidden":
			t.Errorf("%s: %s reached nobody, the page says %q", area, ch, text)
		}
	}
}

// planDay is a day as the English pages write it.
func planDay(t time.Time) string {
	t = t.In(orgOslo)
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
}

func TestOutreachPlanNeverShowsSmallCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Few people everywhere: most cells are under 5.
	f.planParticipants(0, time.Now().Add(-time.Hour),
		planGroup{"Sentrum", "20-29", "female", "web", 6},
		planGroup{"Sentrum", "30-44", "male", "meeting", 2},
		planGroup{"Havnebyen", "16-19", "male", "paper", 4},
		planGroup{"Nordheia", "80+", "female", "phone", 1},
		planGroup{"Solbakken", "45-66", "female", "web", 7},
		planGroup{"Solbakken", "45-66", "female", "assisted", 3},
		planGroup{"", "", "", "web", 2},
	)
	for _, lang := range []string{"en", "nb", "da"} {
		r := f.orgEnglish(officialEmail).get("/outreach?lang=" + lang)
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d", lang, r.status)
		}
		planNoSmallCounts(t, r.body)
		if lang == "en" && !strings.Contains(r.body, "Some of them could not be placed in a group") {
			t.Error("the two people without a group are not hidden")
		}
	}
}

func TestOutreachPlanScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.planSkewedLedger(time.Now().Add(-48 * time.Hour))
	consultation := f.authoredConsultation(true, votingNow("Ny skolevei"), singleChoice("Trenger vi en ny skolevei?"))
	f.planParticipants(consultation, time.Now().Add(-time.Hour),
		planGroup{"Bråtane", "45-66", "male", "paper", 30},
		planGroup{"Skjærgården", "67-79", "female", "web", 12},
	)
	c := f.orgEnglish(officialEmail)

	// One consultation: only its acts count.
	r := c.get(fmt.Sprintf("/outreach?consultation=%d", consultation))
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if !strings.Contains(r.body, "42 people took part in what you chose to look at.") {
		t.Error("the consultation's 42 participants are not the headline")
	}
	if want := fmt.Sprintf(`href="/reports/participation?consultation=%d"`, consultation); !strings.Contains(r.body, want) {
		t.Errorf("no link to the report with the same scope (%s)", want)
	}
	e := f.planExpected(store.ParticipationScope{ScopeType: "consultation", ScopeID: consultation,
		From: time.Now().AddDate(-2, 0, 0), To: time.Now()})
	areas := outreach.RankAreas(e.report)
	rows := planTableRows(t, r.body, "plan-areas")
	for i, a := range areas {
		if want := fmt.Sprintf("%d. %s", i+1, e.names[a.Area]); rows[i][0].text != want {
			t.Errorf("row %d is %q, want %q", i+1, rows[i][0].text, want)
		}
		if want := planNumber(a.Participants); rows[i][2].text != want {
			t.Errorf("%s: %q took part, want %s", e.names[a.Area], rows[i][2].text, want)
		}
	}
	if e.report.Participants != 42 {
		t.Errorf("the engine counts %d participants in the consultation, want 42", e.report.Participants)
	}

	// The default scope, for comparison: everything in the last 24 months.
	def := c.get("/outreach")
	defRows := planTableRows(t, def.body, "plan-areas")

	// Invalid dates: 422, the messages, the values typed, and the default
	// scope's figures.
	bad := c.get("/outreach?period=custom&from=2026-13-45&to=tomorrow")
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad dates: status %d, want 422", bad.status)
	}
	for _, want := range []string{
		"Write the date like 2026-03-31.",
		`value="2026-13-45"`,
		`value="tomorrow"`,
		`<option value="custom" selected>`,
		`aria-invalid="true"`,
	} {
		if !strings.Contains(bad.body, want) {
			t.Errorf("the refused scope form lacks %q", want)
		}
	}
	if fmt.Sprint(planTableRows(t, bad.body, "plan-areas")) != fmt.Sprint(defRows) {
		t.Error("with refused dates the plan does not show the default scope's figures")
	}
	if end := c.get("/outreach?period=custom&from=2026-05-01&to=2026-04-01"); end.status != http.StatusUnprocessableEntity ||
		!strings.Contains(end.body, "The end date must be after the start date.") {
		t.Errorf("an end before the start: status %d", end.status)
	}
	if unknown := c.get("/outreach?consultation=999999"); unknown.status != http.StatusUnprocessableEntity ||
		!strings.Contains(unknown.body, "We cannot find that consultation.") {
		t.Errorf("an unknown consultation: status %d", unknown.status)
	}
	// A custom period that holds nothing: every area is missing voices.
	empty := c.get("/outreach?period=custom&from=2020-01-01&to=2020-12-31")
	if empty.status != http.StatusOK || !strings.Contains(empty.body, "so every area is missing voices") {
		t.Fatalf("an empty period: status %d", empty.status)
	}
	if want := `href="/reports/participation?from=2020-01-01&amp;period=custom&amp;to=2020-12-31"`; !strings.Contains(empty.body, want) {
		t.Errorf("the report link does not carry the custom period (%s)", want)
	}
}

func TestOutreachPlanWithoutParticipantsRanksByResidents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.orgEnglish(officialEmail).get("/outreach")
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if !strings.Contains(r.body, "so every area is missing voices") || !strings.Contains(r.body, "Nobody took part") {
		t.Error("the page does not say that nobody took part")
	}
	rows := planTableRows(t, r.body, "plan-areas")
	last := math.MaxInt
	for _, row := range rows {
		n, err := strconv.Atoi(strings.ReplaceAll(row[1].text, ",", ""))
		if err != nil || n > last {
			t.Errorf("areas are not ordered by residents: %q after %d", row[1].text, last)
		}
		last = n
	}
	if len(rows) == 0 || len(planTableRows(t, r.body, "plan-groups")) != 15 {
		t.Error("the tables are empty")
	}
}

func TestOutreachPlanWithoutPopulation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.store.DB().Exec(`DELETE FROM population_stats WHERE municipality_id = $1`, f.demo.ID); err != nil {
		t.Fatal(err)
	}
	r := f.orgEnglish(officialEmail).get("/outreach")
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if !strings.Contains(r.body, "No population figures yet") || !strings.Contains(r.body, `<a href="/admin/population">`) {
		t.Error("no message with a link to import population figures")
	}
	if strings.Contains(r.body, "plan-table") {
		t.Error("tables without population figures")
	}
}

func TestOutreachPlanIsForOfficials(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	anonymous := f.client().get("/outreach")
	if anonymous.status != http.StatusSeeOther && anonymous.status != http.StatusFound {
		t.Errorf("anonymous: status %d, want a redirect to sign in", anonymous.status)
	}
	if !strings.HasPrefix(anonymous.location, "/login") {
		t.Errorf("anonymous: sent to %q, want /login", anonymous.location)
	}
	for email, want := range map[string]int{
		residentEmail:  http.StatusForbidden,
		moderatorEmail: http.StatusForbidden,
		officialEmail:  http.StatusOK,
		adminEmail:     http.StatusOK,
	} {
		if r := f.signedIn(email).get("/outreach"); r.status != want {
			t.Errorf("%s: status %d, want %d", email, r.status, want)
		}
	}
}

func TestNewMeetingFormTakesTheAreaFromTheLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.signedIn(officialEmail)
	area := f.areaID("Skjærgården")
	selected := regexp.MustCompile(`<option value="(\d+)" selected>`)

	r := c.get("/meetings/new?area=" + strconv.FormatInt(area, 10))
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if m := selected.FindAllStringSubmatch(r.body, -1); len(m) != 1 || m[0][1] != strconv.FormatInt(area, 10) {
		t.Errorf("selected areas %q, want only %d", m, area)
	}

	other := f.addMunicipality("nabovik", "NO", "nb")
	foreign, err := f.store.CreateArea(context.Background(), other.ID, "9901", "Naboøya")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{strconv.FormatInt(foreign.ID, 10), "999999", "Sentrum", "-1", ""} {
		r := c.get("/meetings/new?area=" + url.QueryEscape(q))
		if r.status != http.StatusOK {
			t.Fatalf("area=%q: status %d", q, r.status)
		}
		if m := selected.FindAllStringSubmatch(r.body, -1); len(m) != 0 {
			t.Errorf("area=%q selects %q", q, m)
		}
	}
}
