package app_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
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

// reportTown is a municipality of its own for report tests, so that the
// figures depend only on what the test records: three areas, the default
// age groups and two genders, and a moderator who reads in English.
type reportTown struct {
	f         *fixture
	m         *store.Municipality
	areas     map[string]*store.Area // by code
	cells     map[outreach.Segment]*outreach.Cell
	unknown   int
	moderator string
}

func newReportTown(t *testing.T, f *fixture, slug string, withPopulation bool) *reportTown {
	t.Helper()
	ctx := context.Background()
	m := f.addMunicipality(slug, "NO", "nb", "nn", "en")
	town := &reportTown{f: f, m: m, areas: map[string]*store.Area{}, cells: map[outreach.Segment]*outreach.Cell{},
		moderator: "moderator@" + slug + ".example"}
	var pop []store.PopulationCell
	for i, name := range []string{"Sentrum", "Havna", "Berg"} {
		code := fmt.Sprintf("A%d", i+1)
		a, err := f.store.CreateArea(ctx, m.ID, code, name)
		if err != nil {
			t.Fatal(err)
		}
		town.areas[code] = a
		for j, band := range store.DefaultAgeBands {
			for k, gender := range []string{"female", "male"} {
				n := 200 + 90*i + 40*j + 7*k
				pop = append(pop, store.PopulationCell{AreaID: a.ID, AgeBand: band, Gender: gender, Count: n})
				s := outreach.Segment{Area: code, AgeBand: band, Gender: gender}
				town.cells[s] = &outreach.Cell{Segment: s, Population: n}
			}
		}
	}
	if withPopulation {
		if err := f.store.ReplacePopulation(ctx, m.ID, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "Test figures", pop); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.store.CreateUser(ctx, m.ID, store.NewUser{Email: town.moderator, PasswordHash: demoHash,
		DisplayName: "Moderator", Role: store.RoleModerator, Locale: "en"}); err != nil {
		t.Fatal(err)
	}
	return town
}

// take records n distinct anonymous participants of segment s (area code,
// age group, gender; empty parts are unknown) through channel, some days ago.
func (town *reportTown) take(t *testing.T, n int, s outreach.Segment, channel string, daysAgo int) {
	t.Helper()
	seg := store.Segment{}
	if a := town.areas[s.Area]; a != nil {
		seg.AreaID = sql.NullInt64{Int64: a.ID, Valid: true}
	}
	seg.AgeBand = sql.NullString{String: s.AgeBand, Valid: s.AgeBand != ""}
	seg.Gender = sql.NullString{String: s.Gender, Valid: s.Gender != ""}
	for i := 0; i < n; i++ {
		p := store.Participation{Act: "comment", ScopeType: "municipality", Channel: channel, Segment: seg,
			OccurredAt: time.Now().AddDate(0, 0, -daysAgo)}
		if err := town.f.store.RecordParticipation(context.Background(), town.m.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	if c := town.cells[s]; c != nil {
		c.Participants += n
	} else {
		town.unknown += n
	}
}

func (town *reportTown) engine(t *testing.T) *outreach.Report {
	t.Helper()
	var cells []outreach.Cell
	for _, c := range town.cells {
		cells = append(cells, *c)
	}
	r, err := outreach.Representativeness(cells, outreach.DefaultPrior)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (town *reportTown) client(t *testing.T) *client {
	t.Helper()
	c := town.f.client()
	c.host = town.m.Slug + ".localhost"
	if r := c.login(town.moderator, store.DemoPassword); r.status != http.StatusSeeOther {
		t.Fatalf("login: status %d", r.status)
	}
	c.get("/?lang=en") // the language cookie
	return c
}

// The report's figures in the test town: Sentrum and Havna take part a lot,
// Berg has 3 participants (hidden), the 80+ group 2 (hidden), and 6
// participants gave no area.
func seedReportTown(t *testing.T, town *reportTown) {
	t.Helper()
	bands := store.DefaultAgeBands[:5] // 16-19 … 67-79; 80+ gets only 2
	for i, band := range bands {
		town.take(t, 6+i, outreach.Segment{Area: "A1", AgeBand: band, Gender: "female"}, store.ChannelWeb, 10+i)
		town.take(t, 4+i, outreach.Segment{Area: "A1", AgeBand: band, Gender: "male"}, store.ChannelMeeting, 40+i)
		town.take(t, 3, outreach.Segment{Area: "A2", AgeBand: band, Gender: "female"}, store.ChannelPaper, 70)
		town.take(t, 2, outreach.Segment{Area: "A2", AgeBand: band, Gender: "male"}, store.ChannelWeb, 100)
	}
	town.take(t, 2, outreach.Segment{Area: "A1", AgeBand: "80+", Gender: "female"}, store.ChannelPhone, 20)
	town.take(t, 3, outreach.Segment{Area: "A3", AgeBand: "30-44", Gender: "male"}, store.ChannelWeb, 15)
	town.take(t, 6, outreach.Segment{}, store.ChannelWeb, 5)
}

var (
	reportTableCell  = regexp.MustCompile(`<td class="num[^"]*">([^<]*)</td>`)
	reportHeadline   = regexp.MustCompile(`<dd><strong>([^<]*)</strong>`)
	reportPlainCount = regexp.MustCompile(`^[0-9][0-9 ,. \x{a0}\x{202f}]*$`)
)

// reportSmallCounts returns the numbers from 1 to 4 among a page's table cells
// and headline figures.
func reportSmallCounts(body string) []string {
	var bad []string
	matches := append(reportTableCell.FindAllStringSubmatch(body, -1), reportHeadline.FindAllStringSubmatch(body, -1)...)
	for _, m := range matches {
		text := strings.TrimSpace(m[1])
		if !reportPlainCount.MatchString(text) {
			continue
		}
		if n, err := strconv.Atoi(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, text)); err == nil && n >= 1 && n < store.MinCell {
			bad = append(bad, text)
		}
	}
	return bad
}

// reportRow returns the cells of a report table's row headed name, in the
// table that follows the caption.
func reportRow(t *testing.T, body, caption, name string) []string {
	t.Helper()
	i := strings.Index(body, caption)
	if i < 0 {
		t.Fatalf("no table %q", caption)
	}
	table := body[i:]
	table = table[:strings.Index(table, "</table>")]
	row := regexp.MustCompile(`<tr>\s*<th scope="row">` + regexp.QuoteMeta(name) + `</th>(.*?)</tr>`).FindStringSubmatch(strings.ReplaceAll(table, "\n", " "))
	if row == nil {
		t.Fatalf("no row %q in %q", name, caption)
	}
	var cells []string
	for _, m := range reportTableCell.FindAllStringSubmatch(row[1], -1) {
		cells = append(cells, m[1])
	}
	return cells
}

func TestParticipationReportShowsEngineFigures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	town := newReportTown(t, f, "vik", true)
	seedReportTown(t, town)
	want := town.engine(t)
	c := town.client(t)

	page := c.get("/reports/participation?lang=en")
	if page.status != http.StatusOK {
		t.Fatalf("report: status %d\n%s", page.status, page.body)
	}
	en := message.NewPrinter(language.English)
	pct := func(x float64) string { return en.Sprint(number.Percent(x, number.MaxFractionDigits(1))) }
	decimals := func(x float64, n int) string {
		return en.Sprint(number.Decimal(x, number.MinFractionDigits(n), number.MaxFractionDigits(n)))
	}
	dec := func(x float64) string { return decimals(x, 2) }
	total := want.Participants + town.unknown
	for _, fig := range []string{strconv.Itoa(total), pct(want.OverallRate), decimals(want.RIndicator, 3), dec(want.CV), pct(want.Dissimilarity)} {
		if !strings.Contains(page.body, "<strong>"+fig+"</strong>") {
			t.Errorf("the summary does not show %s", fig)
		}
	}
	// Sentrum as the engine sees it: residents, participants, shares, rate, ratio.
	var sentrumPop, sentrumPart int
	for _, s := range want.Segments {
		if s.Area == "A1" {
			sentrumPop += s.Population
			sentrumPart += s.Participants
		}
	}
	rate := float64(sentrumPart) / float64(sentrumPop)
	wantRow := []string{en.Sprint(sentrumPop), strconv.Itoa(sentrumPart), pct(float64(sentrumPart) / float64(want.Participants)),
		pct(float64(sentrumPop) / float64(want.Population)), pct(rate), dec(rate / want.OverallRate)}
	if got := reportRow(t, page.body, "Residents and participants in each area", "Sentrum"); strings.Join(got, "|") != strings.Join(wantRow, "|") {
		t.Errorf("Sentrum: got %q, want %q", got, wantRow)
	}
	// Berg has 3 participants: hidden, with its share, rate and ratio, and
	// Havna's count is hidden too, or Berg = known total - Sentrum - Havna.
	berg := reportRow(t, page.body, "Residents and participants in each area", "Berg")
	if berg[1] != "fewer than 5" || berg[2] != "not shown" || berg[4] != "not shown" || berg[5] != "not shown" {
		t.Errorf("Berg's 3 participants are not hidden: %q", berg)
	}
	if havna := reportRow(t, page.body, "Residents and participants in each area", "Havna"); havna[1] != "fewer than 5" {
		t.Errorf("Havna is not hidden along with Berg: %q", havna)
	}
	if !strings.Contains(page.body, "because a number in the table is hidden") {
		t.Error("the area scores are shown although a count is hidden")
	}
	if got := reportRow(t, page.body, "Participants whose group we do not know, by what is missing", "Area"); got[0] != "6" {
		t.Errorf("unknown area: %q", got)
	}
	if bad := reportSmallCounts(page.body); len(bad) > 0 {
		t.Errorf("the page shows counts under %d: %q", store.MinCell, bad)
	}
	for _, part := range []string{`role="img"`, `aria-labelledby="chart-area-title"`, `id="chart-area-title"`, `id="chart-months-title"`} {
		if !strings.Contains(page.body, part) {
			t.Errorf("the page has no %s", part)
		}
	}
	if strings.Contains(page.body, "style=") || strings.Contains(page.body, "<script") {
		t.Error("the page has inline style or script")
	}
	if !strings.Contains(page.body, `href="/reports/participation.csv"`) || !strings.Contains(page.body, `href="/reports/participation.json"`) {
		t.Error("no download links")
	}
	if len(page.body) > 60_000 {
		t.Errorf("the page is %d bytes", len(page.body))
	}

	// JSON: the engine's figures exactly, no count under 5.
	js := c.get("/reports/participation.json")
	if js.status != http.StatusOK {
		t.Fatalf("json: status %d", js.status)
	}
	var doc struct {
		Participants struct {
			Total struct{ Count *int } `json:"total"`
		} `json:"participants"`
		Indicators struct {
			RIndicator    float64 `json:"r_indicator"`
			Dissimilarity float64 `json:"dissimilarity"`
		} `json:"indicators"`
		Variables []struct {
			Variable string `json:"variable"`
			Groups   []struct {
				Code         string `json:"code"`
				Participants struct {
					Count      *int `json:"count"`
					Suppressed bool `json:"suppressed"`
				} `json:"participants"`
				Ratio *float64 `json:"ratio"`
			} `json:"groups"`
		} `json:"variables"`
	}
	if err := json.Unmarshal([]byte(js.body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Participants.Total.Count == nil || *doc.Participants.Total.Count != total {
		t.Errorf("json total: %v, want %d", doc.Participants.Total.Count, total)
	}
	if math.Abs(doc.Indicators.RIndicator-want.RIndicator) > 1e-9 || math.Abs(doc.Indicators.Dissimilarity-want.Dissimilarity) > 1e-9 {
		t.Errorf("json indicators %+v, want R %v D %v", doc.Indicators, want.RIndicator, want.Dissimilarity)
	}
	for _, v := range doc.Variables {
		if v.Variable != "area" {
			continue
		}
		for _, g := range v.Groups {
			switch g.Code {
			case "A1":
				if g.Participants.Count == nil || *g.Participants.Count != sentrumPart || g.Ratio == nil || math.Abs(*g.Ratio-rate/want.OverallRate) > 1e-9 {
					t.Errorf("json Sentrum: %+v", g)
				}
			case "A3":
				if !g.Participants.Suppressed || g.Participants.Count != nil || g.Ratio != nil {
					t.Errorf("json Berg is not hidden: %+v", g)
				}
			}
		}
	}
	if bad := reportSmallJSONCounts(t, js.body); len(bad) > 0 {
		t.Errorf("the JSON has counts under %d: %v", store.MinCell, bad)
	}

	// CSV: a dated attachment, the documented columns, no count under 5.
	file := c.get("/reports/participation.csv")
	if file.status != http.StatusOK {
		t.Fatalf("csv: status %d", file.status)
	}
	if cd := file.header.Get("Content-Disposition"); !regexp.MustCompile(`attachment; filename="participation-report-vik-\d{4}-\d{2}-\d{2}\.csv"`).MatchString(cd) {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(file.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "section,group,channel,residents,participants,participant_share,population_share,rate,ratio,value,suppressed" {
		t.Errorf("csv header %q", got)
	}
	var sentrumRow, bergRow []string
	for _, row := range rows[1:] {
		for _, col := range []int{3, 4} {
			if n, err := strconv.Atoi(row[col]); err == nil && n >= 1 && n < store.MinCell {
				t.Errorf("csv row %q has a count under %d", row, store.MinCell)
			}
		}
		if row[0] == "area" && row[1] == "Sentrum" {
			sentrumRow = row
		}
		if row[0] == "area" && row[1] == "Berg" {
			bergRow = row
		}
	}
	if sentrumRow == nil || sentrumRow[4] != strconv.Itoa(sentrumPart) || sentrumRow[10] != "false" {
		t.Errorf("csv Sentrum: %q", sentrumRow)
	}
	if bergRow == nil || bergRow[4] != "" || bergRow[8] != "" || bergRow[10] != "true" {
		t.Errorf("csv Berg is not hidden: %q", bergRow)
	}
	if ratio, _ := strconv.ParseFloat(sentrumRow[8], 64); math.Abs(ratio-rate/want.OverallRate) > 1e-6 {
		t.Errorf("csv Sentrum ratio %s, want %v", sentrumRow[8], rate/want.OverallRate)
	}
}

// reportSmallJSONCounts walks a JSON document and returns every "count" from 1 to
// MinCell-1.
func reportSmallJSONCounts(t *testing.T, body string) []float64 {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	var bad []float64
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if n, ok := x.(float64); ok && k == "count" && n >= 1 && n < store.MinCell {
					bad = append(bad, n)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return bad
}

func TestParticipationReportAccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	paths := []string{"/reports/participation", "/reports/participation.csv", "/reports/participation.json"}
	resident := f.client()
	resident.login("resident@fjordvik.example", store.DemoPassword)
	for _, p := range paths {
		if r := resident.get(p); r.status != http.StatusForbidden {
			t.Errorf("resident %s: status %d, want 403", p, r.status)
		}
	}
	for _, who := range []string{"moderator@fjordvik.example", "official@fjordvik.example"} {
		c := f.client()
		c.login(who, store.DemoPassword)
		for _, p := range paths {
			r := c.get(p + "?period=all")
			if r.status != http.StatusOK {
				t.Errorf("%s %s: status %d, want 200", who, p, r.status)
			}
			if strings.HasSuffix(p, "participation") {
				if bad := reportSmallCounts(r.body); len(bad) > 0 {
					t.Errorf("%s: the demo report shows counts under %d: %q", who, store.MinCell, bad)
				}
			}
			if strings.HasSuffix(p, ".json") {
				if bad := reportSmallJSONCounts(t, r.body); len(bad) > 0 {
					t.Errorf("the demo JSON has counts under %d: %v", store.MinCell, bad)
				}
			}
		}
	}
	anonymous := f.client()
	if r := anonymous.get(paths[0]); r.status != http.StatusSeeOther && r.status != http.StatusFound {
		t.Errorf("anonymous: status %d, want a redirect to sign in", r.status)
	}
}

func TestParticipationReportScopeErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	town := newReportTown(t, f, "fjell", true)
	seedReportTown(t, town)
	c := town.client(t)
	bad := "?period=custom&from=2026-13-45&to=&consultation="
	page := c.get("/reports/participation" + bad)
	if page.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: status %d, want 422", page.status)
	}
	for _, part := range []string{"Write the date like 2026-03-31.", `value="2026-13-45"`, `aria-invalid="true"`,
		"Residents and participants in each area", `<option value="custom" selected>`} {
		if !strings.Contains(page.body, part) {
			t.Errorf("the page with a bad date has no %q", part)
		}
	}
	if r := c.get("/reports/participation?period=forever"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Choose a period from the list.") {
		t.Errorf("unknown period: status %d", r.status)
	}
	if r := c.get("/reports/participation?consultation=999999"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("unknown consultation: status %d", r.status)
	}
	if r := c.get("/reports/participation.csv" + bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Write the date like") {
		t.Errorf("csv with a bad date: status %d %q", r.status, r.body)
	}
	if r := c.get("/reports/participation.json" + bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"from"`) {
		t.Errorf("json with a bad date: status %d %q", r.status, r.body)
	}
	// A good custom period: only what happened in it, and links that keep it.
	good := c.get("/reports/participation?period=custom&from=" + time.Now().AddDate(0, 0, -30).Format(time.DateOnly))
	if good.status != http.StatusOK {
		t.Fatalf("custom period: status %d", good.status)
	}
	if !strings.Contains(good.body, `href="/reports/participation.csv?from=`) {
		t.Error("the CSV link does not keep the scope")
	}
}

func TestParticipationReportWithoutPopulationOrParticipants(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	empty := newReportTown(t, f, "tom", false)
	r := empty.client(t).get("/reports/participation")
	if r.status != http.StatusOK || !strings.Contains(r.body, "no population figures have been imported") ||
		!strings.Contains(r.body, `href="/admin/population"`) {
		t.Errorf("no population: status %d", r.status)
	}
	quiet := newReportTown(t, f, "stille", true)
	r = quiet.client(t).get("/reports/participation?period=all")
	if r.status != http.StatusOK || !strings.Contains(r.body, "Nobody took part in this period.") {
		t.Errorf("nobody took part: status %d", r.status)
	}
}

// When only the participants whose group is unknown are few, the number
// whose group is known would give them away (the headline minus it): both
// are hidden, one area and one age group are hidden so that the tables do
// not add up to it, and the rate and indicators are left out.
func TestParticipationReportHidesKnownWhenUnknownIsSmall(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	town := newReportTown(t, f, "nes", true)
	for i, n := range []int{10, 8, 7} {
		town.take(t, n, outreach.Segment{Area: fmt.Sprintf("A%d", i+1), AgeBand: store.DefaultAgeBands[i], Gender: "female"}, store.ChannelWeb, 3)
	}
	town.take(t, 2, outreach.Segment{}, store.ChannelWeb, 3)
	page := town.client(t).get("/reports/participation")
	if page.status != http.StatusOK {
		t.Fatalf("status %d", page.status)
	}
	if !strings.Contains(page.body, "<strong>27</strong>") {
		t.Error("the headline does not show the 27 participants")
	}
	if got := reportRow(t, page.body, "Participants whose group we do not know, by what is missing", "Area"); got[0] != "fewer than 5" {
		t.Errorf("the 2 participants without an area are shown: %q", got)
	}
	if !strings.Contains(page.body, "because they would give away a number under 5") || strings.Contains(page.body, "R-indicator") {
		t.Error("the rate and indicators are shown although they give the hidden count away")
	}
	for _, caption := range []string{"Residents and participants in each area", "Residents and participants in each age group"} {
		i := strings.Index(page.body, caption)
		table := page.body[i : i+strings.Index(page.body[i:], "</table>")]
		if !strings.Contains(table, "fewer than 5") {
			t.Errorf("%s: every count is shown, so they add up to the hidden total", caption)
		}
	}
	if bad := reportSmallCounts(page.body); len(bad) > 0 {
		t.Errorf("the page shows counts under %d: %q", store.MinCell, bad)
	}
}
