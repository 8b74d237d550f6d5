package handlers

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/internal/outreachcsv"
	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

const (
	// lotteryRatesMonths is how far back participation sets the rates that
	// share the letters among segments.
	lotteryRatesMonths = 24
	// lotteryDrawsListed bounds the list of earlier draws on the form page.
	lotteryDrawsListed = 50
	// These match the checks on lottery_draws and lottery_draw_segments.
	maxPurposeLength         = 200
	maxHouseholdColumnLength = 100
	maxFileNameLength        = 255
	maxRegisterAreaLength    = 100
)

// lotteryFields are the lottery form's fields besides the file.
var lotteryFields = []string{"purpose", "letters", "seed", "household"}

// lotteryData is the lottery form page: what the register file needs, the
// municipality's area codes and the earlier draws.
type lotteryData struct {
	NoPopulation bool
	WithGender   bool
	Columns      []populationColumn // the columns the register needs
	Example      string             // an example header and row with the municipality's codes
	Areas        []store.Area
	MaxMB        int
	Months       int
	Draws        []store.LotteryDraw
}

// lotteryPage prepares the form page.
func (h *Handler) lotteryPage(c *fiber.Ctx) (*Page, *lotteryData, error) {
	m := municipality(c)
	ctx := c.UserContext()
	pop, err := h.Store.NewestPopulation(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	draws, err := h.Store.LotteryDraws(ctx, m.ID, lotteryDrawsListed)
	if err != nil {
		return nil, nil, err
	}
	d := &lotteryData{
		NoPopulation: pop == nil,
		Areas:        areas,
		MaxMB:        c.App().Config().BodyLimit / (1024 * 1024),
		Months:       lotteryRatesMonths,
		Draws:        draws,
	}
	if pop != nil {
		for _, s := range pop.Segments {
			if s.Gender != "all" {
				d.WithGender = true
				break
			}
		}
	}
	d.Columns = []populationColumn{{"area", "lottery.format_area"}, {"age_band", "lottery.format_age_band"}}
	code := "0301"
	if len(areas) > 0 {
		code = areas[0].Code
	}
	header, example := "area,age_band", code+",30-44"
	if d.WithGender {
		d.Columns = append(d.Columns, populationColumn{"gender", "lottery.format_gender"})
		header, example = header+",gender", example+",female"
	}
	d.Example = header + ",household,name,address\n" + example + ",H-1042,…,…"
	return h.page(c, d), d, nil
}

// newSeed is a fresh random seed for a draw: nobody, the official included,
// can pick a seed that favours someone.
func newSeed() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random seed: %w", err)
	}
	return strconv.FormatUint(binary.BigEndian.Uint64(b[:]), 10), nil
}

// LotteryForm shows the invitation lottery form with a fresh seed, and the
// earlier draws.
func (h *Handler) LotteryForm(c *fiber.Ctx) error {
	p, _, err := h.lotteryPage(c)
	if err != nil {
		return err
	}
	seed, err := newSeed()
	if err != nil {
		return err
	}
	p.Form["seed"] = seed
	return h.render(c, fiber.StatusOK, "lottery", p)
}

// lotteryRequest is a validated lottery form.
type lotteryRequest struct {
	Purpose   string
	Letters   int
	Seed      uint64
	Household string
	FileName  string
	SHA256    string
	Register  *outreachcsv.Register
}

// DrawLottery draws the letters from an uploaded register extract and
// answers with the letter list as CSV, in the format of `medvirk outreach
// lottery`. The register is read from the request and never stored: only the
// draw's parameters, the file's SHA-256 and the letters per segment are.
func (h *Handler) DrawLottery(c *fiber.Ctx) error {
	m, official := municipality(c), currentUser(c)
	ctx := c.UserContext()
	p, d, err := h.lotteryPage(c)
	if err != nil {
		return err
	}
	p.Form = formValues(c, lotteryFields...)
	errs := newFieldErrors(p.L)
	invalid := func() error {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "lottery", p)
	}
	if d.NoPopulation {
		// The page explains what is missing instead of showing the form.
		return invalid()
	}
	req := lotteryRequest{Purpose: p.Form["purpose"], Household: p.Form["household"]}
	switch n := utf8.RuneCountInString(req.Purpose); {
	case n == 0:
		errs.add("purpose", "lottery.purpose_required")
	case n > maxPurposeLength:
		errs.add("purpose", "lottery.purpose_long")
	}
	lettersOK := false
	if v := p.Form["letters"]; v == "" {
		errs.add("letters", "lottery.letters_required")
	} else if n, err := strconv.Atoi(v); err != nil || n < 1 {
		errs.add("letters", "lottery.letters_invalid")
	} else {
		req.Letters, lettersOK = n, true
	}
	if v := p.Form["seed"]; v == "" {
		errs.add("seed", "lottery.seed_required")
	} else if s, err := strconv.ParseUint(v, 10, 64); err != nil {
		errs.add("seed", "lottery.seed_invalid")
	} else {
		req.Seed = s
	}
	if utf8.RuneCountInString(req.Household) > maxHouseholdColumnLength {
		errs.add("household", "lottery.household_long")
	}

	now := time.Now()
	scope := store.ParticipationScope{From: now.AddDate(0, -lotteryRatesMonths, 0), To: now}
	in, err := h.loadEngineInput(ctx, m.ID, scope)
	if errors.Is(err, store.ErrNoPopulation) {
		d.NoPopulation = true // imported away since the page was read
		return invalid()
	}
	if err != nil {
		return err
	}
	if err := readRegisterUpload(c, errs, in.WithGender, &req); err != nil {
		return err
	}
	if req.Register == nil || !lettersOK {
		return invalid()
	}
	rows := req.Register.Rows
	if req.Letters > len(rows) {
		errs.set("letters", p.L.N("lottery.letters_over_rows", len(rows)))
	}
	available := map[outreach.Segment]int{}
	for _, r := range rows {
		available[r.Segment]++
	}
	covered := 0 // rows in segments that have population, the only ones that can get letters
	for _, cell := range in.Cells {
		if cell.Population > 0 {
			covered += available[cell.Segment]
		}
	}
	switch {
	case covered == 0:
		errs.add("file", "lottery.file_no_match")
	case req.Letters > covered && req.Letters <= len(rows):
		errs.set("letters", p.L.N("lottery.letters_over_covered", covered))
	}
	if errs.any() {
		return invalid()
	}

	allocation, err := outreach.AllocateLetters(in.Cells, available, req.Letters, outreach.DefaultPrior)
	if err != nil {
		return fmt.Errorf("allocate %d letters: %w", req.Letters, err)
	}
	result, err := outreach.Draw(rows, allocation, req.Seed)
	if err != nil {
		return fmt.Errorf("draw letters: %w", err)
	}
	draw := store.LotteryDraw{
		MunicipalityID: m.ID, CreatedBy: official.ID, Purpose: req.Purpose,
		FileName: req.FileName, FileSHA256: req.SHA256,
		RegisterRows: len(rows), HouseholdColumn: req.Household, Households: countHouseholds(rows),
		LettersAsked: req.Letters, LettersDrawn: len(result.Drawn), Seed: req.Seed,
		Prior: outreach.DefaultPrior, RatesFrom: scope.From, RatesTo: scope.To,
	}
	for _, s := range result.Segments {
		if s.Rows > 0 {
			draw.Segments = append(draw.Segments, store.LotteryDrawSegment{
				Area: s.Area, AgeBand: s.AgeBand, Gender: s.Gender,
				RegisterRows: s.Rows, Allocated: s.Allocated, Letters: s.Letters,
			})
		}
	}
	id, err := h.Store.CreateLotteryDraw(ctx, draw)
	if err != nil {
		return err
	}

	var out bytes.Buffer
	if err := writeLetterList(&out, req.Register, result); err != nil {
		return fmt.Errorf("write letter list of draw %d: %w", id, err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="letters-%d.csv"`, id))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(out.Bytes())
}

// writeLetterList writes the drawn rows with every column of the register
// plus inclusion_probability, exactly as `medvirk outreach lottery` does.
func writeLetterList(w io.Writer, reg *outreachcsv.Register, result *outreach.DrawResult) error {
	out := csv.NewWriter(w)
	if err := out.Write(append(append([]string{}, reg.Header...), "inclusion_probability")); err != nil {
		return err
	}
	for _, d := range result.Drawn {
		rec := append(append([]string{}, reg.Records[d.Index]...), strconv.FormatFloat(d.Probability, 'g', -1, 64))
		if err := out.Write(rec); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

// countHouseholds counts the households of a register: rows that share a
// household value count once, rows without one count each.
func countHouseholds(rows []outreach.RegisterRow) int {
	seen := map[string]bool{}
	n := 0
	for _, r := range rows {
		if r.Household == "" {
			n++
		} else if !seen[r.Household] {
			seen[r.Household] = true
			n++
		}
	}
	return n
}

// readRegisterUpload reads the uploaded register into req (file name,
// SHA-256 of the exact bytes, the register). Problems with the file or the
// household column become field errors; only a failure to read the upload
// is an error.
func readRegisterUpload(c *fiber.Ctx, errs *fieldErrors, withGender bool, req *lotteryRequest) error {
	fh, err := c.FormFile("file")
	if err != nil || fh.Filename == "" {
		errs.add("file", "lottery.file_required")
		return nil
	}
	if fh.Size == 0 {
		errs.add("file", "lottery.file_empty")
		return nil
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open uploaded register: %w", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("read uploaded register: %w", err)
	}
	sum := sha256.Sum256(raw)
	req.SHA256 = hex.EncodeToString(sum[:])
	req.FileName = fh.Filename
	if r := []rune(req.FileName); len(r) > maxFileNameLength {
		req.FileName = string(r[:maxFileNameLength])
	}

	br := bufio.NewReader(bytes.NewReader(raw))
	if separatedBySemicolons(br) {
		errs.add("file", "lottery.file_semicolons")
		return nil
	}
	if req.Household != "" && errs.errors["household"] == "" {
		header, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).Read()
		if err == nil && !hasColumn(header, req.Household) {
			errs.set("household", errs.l.T("lottery.household_unknown",
				"Column", req.Household, "Columns", strings.Join(header, ", ")))
			return nil
		}
	}
	household := req.Household
	if errs.errors["household"] != "" {
		household = "" // already wrong: do not blame the file for it
	}
	reg, err := outreachcsv.ReadRegister(br, fh.Filename, withGender, household)
	var ce *outreachcsv.Error
	if errors.As(err, &ce) {
		errs.set("file", registerCSVMessages(withGender).explain(errs.l, ce))
		return nil
	}
	if err != nil {
		return fmt.Errorf("read uploaded register: %w", err)
	}
	for _, r := range reg.Rows {
		if utf8.RuneCountInString(r.Area) > maxRegisterAreaLength {
			errs.set("file", errs.l.T("lottery.area_long", "Max", strconv.Itoa(maxRegisterAreaLength)))
			return nil
		}
	}
	req.Register = reg
	return nil
}

// hasColumn reports whether a header has the column, compared as the
// register reader does: trimmed and without regard to case.
func hasColumn(header []string, name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, h := range header {
		if strings.ToLower(strings.TrimSpace(h)) == name {
			return true
		}
	}
	return false
}

// registerCSVMessages explain a problem in a register extract; the header
// hint names gender when the population figures have it.
func registerCSVMessages(withGender bool) csvMessages {
	m := csvMessages{
		Prefix: "lottery",
		ColumnHints: map[string]string{
			"area":     "lottery.hint_area",
			"age_band": "lottery.hint_age_band",
			"gender":   "lottery.hint_gender",
		},
		HeaderHint: "lottery.hint_header",
	}
	if withGender {
		m.HeaderHint = "lottery.hint_header_gender"
	}
	return m
}

// lotteryAuditData is the public audit page of one draw.
type lotteryAuditData struct {
	Draw         *store.LotteryDraw
	Rows         []lotteryAuditRow
	RegisterRows resultsCell
	Households   resultsCell
	Allocated    int
	Letters      int
	WithGender   bool
	// The files and the command that repeat the draw.
	AllocationCSV   string
	NobodyCSV       string
	Command         string
	SmallCellsShown bool // some register count is hidden
}

// lotteryAuditRow is one segment of the audit table.
type lotteryAuditRow struct {
	Area, AreaName, AgeBand, Gender string
	RegisterRows                    resultsCell
	Allocated, Letters              int
}

// LotteryAudit is the public audit page of a draw: its parameters, seed,
// file SHA-256 and letters per segment, and how to repeat it. It never shows
// a register row, and hides register counts from 1 to 4.
func (h *Handler) LotteryAudit(c *fiber.Ctx) error {
	m := municipality(c)
	ctx := c.UserContext()
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	draw, err := h.Store.LotteryDraw(ctx, m.ID, id)
	if err != nil {
		return notFoundAs404(err)
	}
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(areas))
	for _, a := range areas {
		names[a.Code] = a.Name
	}
	l := h.localizer(c)
	d := &lotteryAuditData{Draw: draw}
	counts := make([][]int, len(draw.Segments))
	for i, s := range draw.Segments {
		counts[i] = []int{s.RegisterRows}
		if s.Gender != "" {
			d.WithGender = true
		}
	}
	cells := store.SuppressTable(counts)
	for i, s := range draw.Segments {
		row := lotteryAuditRow{Area: s.Area, AreaName: names[s.Area], AgeBand: s.AgeBand, Gender: s.Gender,
			RegisterRows: registerCell(l, cells[i][0]), Allocated: s.Allocated, Letters: s.Letters}
		d.SmallCellsShown = d.SmallCellsShown || row.RegisterRows.Suppressed
		d.Rows = append(d.Rows, row)
		d.Allocated += s.Allocated
		d.Letters += s.Letters
	}
	d.RegisterRows = registerCell(l, store.SuppressTable([][]int{{draw.RegisterRows}})[0][0])
	d.Households = registerCell(l, store.SuppressTable([][]int{{draw.Households}})[0][0])
	d.SmallCellsShown = d.SmallCellsShown || d.RegisterRows.Suppressed || d.Households.Suppressed
	d.AllocationCSV, d.NobodyCSV = allocationFiles(draw, d.WithGender)
	d.Command = repeatCommand(draw, d.Allocated)
	return h.render(c, fiber.StatusOK, "lottery_audit", h.page(c, d))
}

// registerCell shows a count of register rows, or "fewer than 5" for a
// hidden one.
func registerCell(l *locales.Localizer, c store.Cell) resultsCell {
	if c.Suppressed {
		return resultsCell{Text: l.T("lottery_audit.fewer_than", "Min", l.Number(store.MinCell)), Suppressed: true}
	}
	return resultsCell{Text: l.Number(c.N)}
}

// allocationFiles writes the letters per segment as a population file and
// a participants file where nobody took part: given these, `medvirk outreach
// lottery` shares the letters exactly as the draw did (with no participants
// the letters follow the "population", here the letters themselves), so an
// auditor needs no participation figures to repeat the draw.
func allocationFiles(d *store.LotteryDraw, withGender bool) (allocation, nobody string) {
	var a, n bytes.Buffer
	aw, nw := csv.NewWriter(&a), csv.NewWriter(&n)
	header := []string{"area", "age_band", "count"}
	if withGender {
		header = []string{"area", "age_band", "gender", "count"}
	}
	_ = aw.Write(header)
	_ = nw.Write(header)
	for _, s := range d.Segments {
		if s.Allocated == 0 {
			continue
		}
		rec := []string{s.Area, s.AgeBand}
		if withGender {
			rec = append(rec, s.Gender)
		}
		_ = aw.Write(append(append([]string{}, rec...), strconv.Itoa(s.Allocated)))
		_ = nw.Write(append(append([]string{}, rec...), "0"))
	}
	aw.Flush()
	nw.Flush()
	return a.String(), n.String()
}

// repeatCommand is the command that repeats a draw from the register file
// and the two files of allocationFiles.
func repeatCommand(d *store.LotteryDraw, letters int) string {
	cmd := fmt.Sprintf("medvirk outreach lottery --population letters-per-segment.csv --participants nobody.csv \\\n  --register %s --letters %d --seed %d",
		shellQuote(d.FileName), letters, d.Seed)
	if d.HouseholdColumn != "" {
		cmd += " --household-column " + shellQuote(d.HouseholdColumn)
	}
	return cmd + " > letters.csv"
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
