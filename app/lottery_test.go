package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/outreachcsv"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

const lotteryPage = "/outreach/lottery"

// drawLottery submits the lottery form with a register file, as a browser
// does: it first loads the form (in English) for the CSRF token.
func (c *client) drawLottery(fields url.Values, fileName, register string) response {
	c.f.t.Helper()
	page := c.get(lotteryPage + "?lang=en")
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.f.t.Fatalf("no CSRF token on %s (status %d)", lotteryPage, page.status)
	}
	fields.Set("_csrf", m[1])
	return c.multipart(lotteryPage, fields, fileName, register)
}

func (f *fixture) lotteryLogin(email string) *client {
	f.t.Helper()
	c := f.client()
	if r := c.login(email, store.DemoPassword); r.status != 303 {
		f.t.Fatalf("login %s: %d", email, r.status)
	}
	return c
}

// lotteryRegisterFile is a made-up register extract for the demo municipality: a
// few residents in every segment of the population figures (from 1 to 9, so
// some segments are small), households of two, a name and an address that
// must never leave the letter list, and one resident in an area the
// municipality does not have.
type lotteryRegisterFile struct {
	CSV   string
	Names []string
	Rows  int
}

func (f *fixture) lotteryRegister() lotteryRegisterFile {
	f.t.Helper()
	pop, err := f.store.NewestPopulation(context.Background(), f.demo.ID)
	if err != nil || pop == nil {
		f.t.Fatalf("demo population: %v", err)
	}
	var b strings.Builder
	b.WriteString("Name,area,age_band,gender,household,Address\n")
	reg := lotteryRegisterFile{}
	row := 0
	add := func(area, band, gender string) {
		name := fmt.Sprintf("Resident-%08x", sha256.Sum224([]byte(fmt.Sprint(row)))) // never on a page
		reg.Names = append(reg.Names, name)
		fmt.Fprintf(&b, "%s,%s,%s,%s,H%04d,\"Fjordgata %d, 9999 Fjordvik\"\n", name, area, band, gender, row/2, row+1)
		row++
	}
	for i, s := range pop.Segments {
		for range i%9 + 1 {
			add(s.AreaCode, s.AgeBand, s.Gender)
		}
	}
	add("9999", "30-44", "female")
	reg.CSV, reg.Rows = b.String(), row
	return reg
}

// lotteryEngineCells builds the engine's input the way the lottery must: the newest
// population and the distinct participants of the last 24 months.
func (f *fixture) lotteryEngineCells() []outreach.Cell {
	f.t.Helper()
	ctx := context.Background()
	pop, err := f.store.NewestPopulation(ctx, f.demo.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	now := time.Now()
	counts, err := f.store.ParticipantsBySegment(ctx, f.demo.ID, store.ParticipationScope{From: now.AddDate(0, -24, 0), To: now})
	if err != nil {
		f.t.Fatal(err)
	}
	index := map[outreach.Segment]int{}
	var cells []outreach.Cell
	for _, s := range pop.Segments {
		seg := outreach.Segment{Area: s.AreaCode, AgeBand: s.AgeBand, Gender: s.Gender}
		index[seg] = len(cells)
		cells = append(cells, outreach.Cell{Segment: seg, Population: s.Count})
	}
	for _, c := range counts {
		seg := outreach.Segment{Area: c.AreaCode.String, AgeBand: c.AgeBand.String, Gender: c.Gender.String}
		if i, ok := index[seg]; ok {
			cells[i].Participants += c.Participants
		}
	}
	return cells
}

func parseLotteryCSV(t *testing.T, s string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v\n%s", err, s)
	}
	return recs
}

var (
	lettersFile = regexp.MustCompile(`attachment; filename="letters-(\d+)\.csv"`)
	auditCode   = regexp.MustCompile(`(?s)<pre class="lottery-code"><code>(.*?)</code></pre>`)
)

// repeatDraw follows the audit page's instructions: the letters per segment
// as the population, nobody as participants, the register and the seed,
// through the same steps as `medvirk outreach lottery`.
func repeatDraw(t *testing.T, auditPage, register string, letters int, seed uint64, household string) string {
	t.Helper()
	blocks := auditCode.FindAllStringSubmatch(auditPage, -1)
	if len(blocks) != 3 {
		t.Fatalf("the audit page shows %d code blocks, want the two files and the command", len(blocks))
	}
	allocation, nobody, command := html.UnescapeString(blocks[0][1]), html.UnescapeString(blocks[1][1]), html.UnescapeString(blocks[2][1])
	for _, want := range []string{
		"medvirk outreach lottery --population letters-per-segment.csv --participants nobody.csv",
		fmt.Sprintf("--letters %d --seed %d", letters, seed),
	} {
		if !strings.Contains(command, want) {
			t.Errorf("the command %q lacks %q", command, want)
		}
	}
	if household != "" && !strings.Contains(command, "--household-column "+household) {
		t.Errorf("the command %q lacks the household column", command)
	}
	pop, popGender, err := outreachcsv.ReadCounts(strings.NewReader(allocation), "letters-per-segment.csv")
	if err != nil {
		t.Fatal(err)
	}
	part, partGender, err := outreachcsv.ReadCounts(strings.NewReader(nobody), "nobody.csv")
	if err != nil || popGender != partGender {
		t.Fatalf("nobody.csv: %v (gender %v/%v)", err, popGender, partGender)
	}
	cells, err := outreachcsv.Cells(pop, part, "nobody.csv")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := outreachcsv.ReadRegister(strings.NewReader(register), "register.csv", popGender, household)
	if err != nil {
		t.Fatal(err)
	}
	available := map[outreach.Segment]int{}
	for _, r := range reg.Rows {
		available[r.Segment]++
	}
	alloc, err := outreach.AllocateLetters(cells, available, letters, outreach.DefaultPrior)
	if err != nil {
		t.Fatal(err)
	}
	draw, err := outreach.Draw(reg.Rows, alloc, seed)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	_ = w.Write(append(append([]string{}, reg.Header...), "inclusion_probability"))
	for _, d := range draw.Drawn {
		_ = w.Write(append(append([]string{}, reg.Records[d.Index]...), strconv.FormatFloat(d.Probability, 'g', -1, 64)))
	}
	w.Flush()
	return out.String()
}

func TestLotteryDrawsLettersAndPublishesTheAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	official := f.lotteryLogin("official@fjordvik.example")
	reg := f.lotteryRegister()

	// Sixty people in the first segment took part lately: it gets fewer
	// letters than its population alone would give it.
	pop, err := f.store.NewestPopulation(ctx, f.demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	busy := pop.Segments[len(pop.Segments)-1]
	for range 60 {
		if err := f.store.RecordParticipation(ctx, f.demo.ID, store.Participation{
			Act: "ballot", ScopeType: "consultation", ScopeID: sql.NullInt64{Int64: 1, Valid: true}, Channel: "paper",
			Segment: store.Segment{AreaID: sql.NullInt64{Int64: busy.AreaID, Valid: true},
				AgeBand: sql.NullString{String: busy.AgeBand, Valid: true}, Gender: sql.NullString{String: busy.Gender, Valid: true}},
		}); err != nil {
			t.Fatal(err)
		}
	}

	form := official.get(lotteryPage + "?lang=en")
	if form.status != 200 {
		t.Fatalf("lottery form: %d", form.status)
	}
	seedField := regexp.MustCompile(`name="seed" type="text"[^>]* value="(\d+)"`).FindStringSubmatch(form.body)
	if seedField == nil {
		t.Fatal("the form has no pre-filled seed")
	}
	if again := regexp.MustCompile(`name="seed" type="text"[^>]* value="(\d+)"`).FindStringSubmatch(official.get(lotteryPage).body); again == nil || again[1] == seedField[1] {
		t.Error("every visit gets a fresh seed")
	}
	for _, want := range []string{
		`enctype="multipart/form-data"`, "never stored", "at most 4 MB", `href="/how-we-count#lottery"`,
		"last 24 months", "No letters have been drawn yet.", "<code>0301</code>",
	} {
		if !strings.Contains(form.body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}

	const letters, seed = 40, uint64(18446744073709551615)
	fields := func() url.Values {
		return url.Values{"purpose": {"Invitations to the budget meeting"}, "letters": {strconv.Itoa(letters)},
			"seed": {strconv.FormatUint(seed, 10)}, "household": {"household"}}
	}
	r := official.drawLottery(fields(), "folkeregister-2026.csv", reg.CSV)
	if r.status != 200 {
		t.Fatalf("draw: %d\n%s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	m := lettersFile.FindStringSubmatch(r.header.Get("Content-Disposition"))
	if m == nil {
		t.Fatalf("Content-Disposition %q", r.header.Get("Content-Disposition"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)

	// The letter list: the register's rows as they were, plus the
	// inclusion probability; at most one letter per household.
	list := parseLotteryCSV(t, r.body)
	if strings.Join(list[0], ",") != "Name,area,age_band,gender,household,Address,inclusion_probability" {
		t.Fatalf("header %v", list[0])
	}
	registerRows := map[string]string{}
	for _, rec := range parseLotteryCSV(t, reg.CSV)[1:] {
		registerRows[rec[0]] = strings.Join(rec, "\x00")
	}
	households := map[string]bool{}
	perSegment := map[outreach.Segment]int{}
	for _, rec := range list[1:] {
		if registerRows[rec[0]] != strings.Join(rec[:6], "\x00") {
			t.Errorf("the drawn row %v is not a register row as written", rec)
		}
		if households[rec[4]] {
			t.Errorf("household %s got two letters", rec[4])
		}
		households[rec[4]] = true
		if p, err := strconv.ParseFloat(rec[6], 64); err != nil || p <= 0 || p > 1 {
			t.Errorf("inclusion probability %q", rec[6])
		}
		perSegment[outreach.Segment{Area: rec[1], AgeBand: rec[2], Gender: rec[3]}]++
	}
	drawn := len(list) - 1
	if drawn == 0 || drawn > letters {
		t.Fatalf("%d letters drawn, asked for %d", drawn, letters)
	}

	// What is stored: the engine's allocation for the ledger's data, the
	// letters per segment of the list, the file's SHA-256.
	draw, err := f.store.LotteryDraw(ctx, f.demo.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(reg.CSV))
	if draw.FileSHA256 != hex.EncodeToString(sum[:]) || draw.Seed != seed || draw.LettersAsked != letters ||
		draw.LettersDrawn != drawn || draw.RegisterRows != reg.Rows || draw.Households != (reg.Rows+1)/2 ||
		draw.HouseholdColumn != "household" || draw.FileName != "folkeregister-2026.csv" || draw.Prior != outreach.DefaultPrior {
		t.Errorf("stored draw %+v", draw)
	}
	available := map[outreach.Segment]int{}
	for _, rec := range parseLotteryCSV(t, reg.CSV)[1:] {
		available[outreach.Segment{Area: rec[1], AgeBand: rec[2], Gender: rec[3]}]++
	}
	want, err := outreach.AllocateLetters(f.lotteryEngineCells(), available, letters, outreach.DefaultPrior)
	if err != nil {
		t.Fatal(err)
	}
	if len(draw.Segments) != len(available) {
		t.Errorf("%d segments stored, the register has %d", len(draw.Segments), len(available))
	}
	for _, s := range draw.Segments {
		seg := outreach.Segment{Area: s.Area, AgeBand: s.AgeBand, Gender: s.Gender}
		if s.Allocated != want[seg] || s.Letters != perSegment[seg] || s.RegisterRows != available[seg] {
			t.Errorf("segment %v: stored %+v, engine allocates %d, the list has %d letters, the register %d rows",
				seg, s, want[seg], perSegment[seg], available[seg])
		}
	}
	busySeg := outreach.Segment{Area: busy.AreaCode, AgeBand: busy.AgeBand, Gender: busy.Gender}
	if want[busySeg] != 0 && want[busySeg] >= available[busySeg] {
		t.Errorf("the segment that took part got %d letters of %d rows", want[busySeg], available[busySeg])
	}
	entries, err := f.store.AuditLog(ctx, f.demo.ID, 5)
	if err != nil || len(entries) == 0 || entries[0].Action != "lottery.drawn" || entries[0].TargetID != m[1] {
		t.Errorf("the draw is in the audit log: %+v (%v)", entries, err)
	}

	// The same file and seed give the same letters; another seed others.
	again := official.drawLottery(fields(), "folkeregister-2026.csv", reg.CSV)
	if again.status != 200 || again.body != r.body {
		t.Errorf("the same file and seed gave other letters (status %d)", again.status)
	}
	other := fields()
	other.Set("seed", "7")
	if r := official.drawLottery(other, "folkeregister-2026.csv", reg.CSV); r.status != 200 || r.body == again.body {
		t.Errorf("another seed gave the same letters (status %d)", r.status)
	}

	// Without a household column exactly the letters asked for are drawn.
	plain := fields()
	plain.Set("household", "")
	if r := official.drawLottery(plain, "folkeregister-2026.csv", reg.CSV); r.status != 200 || len(parseLotteryCSV(t, r.body)) != letters+1 {
		t.Errorf("without households: status %d, %d letters", r.status, len(parseLotteryCSV(t, r.body))-1)
	}

	// The public audit page, without signing in.
	audit := f.client().get(fmt.Sprintf("%s/%d?lang=en", lotteryPage, id))
	if audit.status != 200 {
		t.Fatalf("audit page: %d", audit.status)
	}
	body := html.UnescapeString(audit.body)
	for _, want := range []string{
		"Invitations to the budget meeting", "18446744073709551615", draw.FileSHA256, "folkeregister-2026.csv",
		"<code>household</code>", `<td class="num suppressed">fewer than 5</td>`, "<code>0301</code> Sentrum",
		"<code>9999</code>", fmt.Sprintf(`<dd>%d</dd>`, drawn),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	for _, name := range reg.Names {
		if strings.Contains(body, name) {
			t.Fatalf("the audit page shows a name from the register: %s", name)
		}
	}
	if strings.Contains(body, "Fjordgata") {
		t.Fatal("the audit page shows an address from the register")
	}
	// Following the page's instructions gives the same letters.
	if got := repeatDraw(t, audit.body, reg.CSV, letters, seed, "household"); got != r.body {
		t.Errorf("repeating the draw from the audit page gave\n%s\nwant\n%s", got, r.body)
	}

	// The form lists the draws, newest first, with links to their audit pages.
	form = official.get(lotteryPage + "?lang=en")
	if !strings.Contains(form.body, fmt.Sprintf(`href="/outreach/lottery/%d"`, id)) {
		t.Error("the form does not link the draw's audit page")
	}
	if first := regexp.MustCompile(`href="/outreach/lottery/(\d+)"`).FindStringSubmatch(form.body); first == nil || first[1] == m[1] {
		t.Errorf("the newest draw comes first: %v", first)
	}

	// Another municipality's address does not show the draw.
	f.addMunicipality("nabobygd", "NO", "nb")
	elsewhere := f.client()
	elsewhere.host = "nabobygd.localhost"
	if r := elsewhere.get(fmt.Sprintf("%s/%d", lotteryPage, id)); r.status != 404 {
		t.Errorf("another municipality's draw: %d", r.status)
	}
	if r := f.client().get(lotteryPage + "/999999"); r.status != 404 {
		t.Errorf("an unknown draw: %d", r.status)
	}
}

func TestLotteryRejectsBadInputAndKeepsValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	official := f.lotteryLogin("official@fjordvik.example")
	reg := f.lotteryRegister()
	good := url.Values{"purpose": {"Ungdomspanel 2027"}, "letters": {"20"}, "seed": {"42"}, "household": {"household"}}
	with := func(field, value string) url.Values {
		v := url.Values{}
		for k, vs := range good {
			v[k] = append([]string(nil), vs...)
		}
		v.Set(field, value)
		return v
	}
	header := "Name,area,age_band,gender,household,Address\n"
	for _, tc := range []struct {
		name           string
		fields         url.Values
		fileName, file string
		wants          []string
	}{
		{"no file", good, "", "", []string{"Choose the register extract as a CSV file."}},
		{"empty file", good, "empty.csv", "", []string{"The file is empty."}},
		{"header only", good, "header.csv", header, []string{"The file could not be read: the file has a header but no rows."}},
		{"no gender column", with("household", ""), "nogender.csv", "area,age_band,household\n0301,30-44,H1\n",
			[]string{"Line 1:", `the header has no column "gender"`, "at least area, age_band and gender"}},
		{"bad age band", good, "band.csv", header + "A,0301,30-44,female,H1,x\nB,0301,thirty,male,H2,y\n",
			[]string{"Line 3, column “age_band”:", "Write the age group like 16-19 or 80+."}},
		{"semicolons", good, "semi.csv", "area;age_band;gender\n0301;30-44;female\n", []string{"separated by semicolons"}},
		{"unknown household column", with("household", "family"), "r.csv", reg.CSV,
			[]string{"The file has no column “family”. Its columns are: Name, area, age_band, gender, household, Address."}},
		{"no matching rows", good, "elsewhere.csv", header + "A,9999,30-44,female,H1,x\n", []string{"No line in the file matches"}},
		{"letters missing", with("letters", ""), "r.csv", reg.CSV, []string{"Write how many letters to send."}},
		{"letters zero", with("letters", "0"), "r.csv", reg.CSV, []string{"Write the number of letters as a whole number, 1 or more."}},
		{"letters not a number", with("letters", "ti"), "r.csv", reg.CSV, []string{"Write the number of letters as a whole number"}},
		{"more letters than rows", with("letters", strconv.Itoa(reg.Rows+1)), "r.csv", reg.CSV,
			[]string{fmt.Sprintf("The file has only %d rows.", reg.Rows)}},
		{"more letters than covered rows", with("letters", strconv.Itoa(reg.Rows)), "r.csv", reg.CSV,
			[]string{fmt.Sprintf("Only %d rows of the file are in areas and age groups", reg.Rows-1)}},
		{"seed negative", with("seed", "-1"), "r.csv", reg.CSV, []string{"The seed must be a whole number from 0 to 18446744073709551615"}},
		{"seed too large", with("seed", "18446744073709551616"), "r.csv", reg.CSV, []string{"The seed must be a whole number"}},
		{"seed missing", with("seed", ""), "r.csv", reg.CSV, []string{"Write a seed"}},
		{"purpose missing", with("purpose", ""), "r.csv", reg.CSV, []string{"Write what the letters are for."}},
		{"purpose too long", with("purpose", strings.Repeat("ø", 201)), "r.csv", reg.CSV, []string{"at most 200 characters about"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := url.Values{}
			for k, vs := range tc.fields {
				fields[k] = append([]string(nil), vs...)
			}
			r := official.drawLottery(fields, tc.fileName, tc.file)
			if r.status != 422 {
				t.Fatalf("status %d, want 422", r.status)
			}
			for _, want := range append(tc.wants, "Choose the file again") {
				if !strings.Contains(r.body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			for _, field := range lotteryFieldNames {
				if v := tc.fields.Get(field); !strings.Contains(r.body, fmt.Sprintf(`name="%s"`, field)) ||
					!regexp.MustCompile(fmt.Sprintf(`name="%s"[^>]* value="%s"`, field, regexp.QuoteMeta(v))).MatchString(r.body) {
					t.Errorf("the field %s lost its value %q", field, v)
				}
			}
			if !strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, `class="error-summary"`) {
				t.Error("the error is not marked on the form")
			}
		})
	}
	if list, err := f.store.LotteryDraws(context.Background(), f.demo.ID, 10); err != nil || len(list) != 0 {
		t.Fatalf("a refused draw was stored: %d (%v)", len(list), err)
	}
}

var lotteryFieldNames = []string{"purpose", "letters", "seed", "household"}

func TestLotteryIsForOfficials(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	reg := f.lotteryRegister()
	for _, email := range []string{"resident@fjordvik.example", "moderator@fjordvik.example"} {
		c := f.lotteryLogin(email)
		if r := c.get(lotteryPage); r.status != 403 {
			t.Errorf("%s gets the form: %d", email, r.status)
		}
		// The POST is refused before anything is read: use a token from a
		// page the user may see.
		page := c.get("/proposals")
		token := csrfField.FindStringSubmatch(page.body)
		if token == nil {
			t.Fatalf("no CSRF token for %s", email)
		}
		r := c.multipart(lotteryPage, url.Values{"_csrf": {token[1]}, "purpose": {"x"}, "letters": {"3"}, "seed": {"1"}}, "r.csv", reg.CSV)
		if r.status != 403 {
			t.Errorf("%s may draw: %d", email, r.status)
		}
	}
	if r := f.client().get(lotteryPage); r.status != 303 || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("signed out, the form: %d %q", r.status, r.location)
	}
	if list, err := f.store.LotteryDraws(context.Background(), f.demo.ID, 10); err != nil || len(list) != 0 {
		t.Fatalf("a draw was stored: %d (%v)", len(list), err)
	}

	// The admin passes every role check; the audit page is public.
	admin := f.lotteryLogin("admin@fjordvik.example")
	r := admin.drawLottery(url.Values{"purpose": {"Panel"}, "letters": {"5"}, "seed": {"3"}}, "r.csv", reg.CSV)
	m := lettersFile.FindStringSubmatch(r.header.Get("Content-Disposition"))
	if r.status != 200 || m == nil {
		t.Fatalf("admin draw: %d", r.status)
	}
	for _, email := range []string{"", "resident@fjordvik.example"} {
		c := f.client()
		if email != "" {
			c = f.lotteryLogin(email)
		}
		if r := c.get(lotteryPage + "/" + m[1]); r.status != 200 || !strings.Contains(r.body, "Panel") {
			t.Errorf("audit page for %q: %d", email, r.status)
		}
	}
}

func TestLotteryWithoutPopulationFigures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.addMunicipality("nyby", "NO", "en")
	if _, err := f.store.CreateUser(context.Background(), m.ID, store.NewUser{
		Email: "official@nyby.example", PasswordHash: demoHash, DisplayName: "Nyby Official", Role: store.RoleOfficial,
	}); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	c.host = "nyby.localhost"
	if r := c.login("official@nyby.example", store.DemoPassword); r.status != 303 {
		t.Fatalf("login: %d", r.status)
	}
	page := c.get(lotteryPage)
	if page.status != 200 || !strings.Contains(page.body, "No figures have been imported yet.") ||
		!strings.Contains(page.body, `href="/admin/population"`) || strings.Contains(page.body, `name="file"`) {
		t.Fatalf("without population figures the page explains what is missing (status %d)", page.status)
	}
	token := csrfField.FindStringSubmatch(page.body)
	if token == nil {
		t.Fatal("no CSRF token")
	}
	r := c.multipart(lotteryPage, url.Values{"_csrf": {token[1]}, "purpose": {"Panel"}, "letters": {"1"}, "seed": {"1"}},
		"r.csv", "area,age_band\n0301,30-44\n")
	if r.status != 422 || !strings.Contains(r.body, "No figures have been imported yet.") {
		t.Fatalf("a draw without population figures: %d", r.status)
	}
	if list, err := f.store.LotteryDraws(context.Background(), m.ID, 10); err != nil || len(list) != 0 {
		t.Fatalf("a draw was stored: %d (%v)", len(list), err)
	}
}
