package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// resultsStaff reports whether u sees results before they are public and
// moderates free-text answers: officials, moderators and administrators.
func resultsStaff(u *store.User) bool {
	return u != nil && (u.Role == store.RoleOfficial || u.Role == store.RoleModerator || u.Role == store.RoleAdmin)
}

// resultsCell is a count in a breakdown as shown: a suppressed cell says
// "fewer than 5", never its number.
type resultsCell struct {
	Text       string
	Suppressed bool
}

// resultsRow is one option or stance of a question.
type resultsRow struct {
	Label     localText // options
	Stance    string    // statements
	Cost      int
	Total     int
	Share     string // formatted for the reader's language
	ByChannel []resultsCell
	ByArea    []resultsCell
}

// resultsAnswer is one free-text answer as shown.
type resultsAnswer struct {
	ID     string
	Body   template.HTML
	Hidden bool
}

// resultsQuestion is the result of one question.
type resultsQuestion struct {
	ID      int64
	Kind    string
	Prompt  localText
	Budget  int
	Answers int // choices or stances given; free text: answers shown
	Hidden  int // free-text answers hidden by a moderator (staff only)
	Rows    []resultsRow
	Texts   []resultsAnswer
	// Weighted is the outreach engine's estimate (results_weighted.go); nil
	// for free text and for questions nobody answered.
	Weighted *weightedColumn
}

// resultsChannel is the number of ballots that came through one channel.
type resultsChannel struct {
	Code    string
	Ballots int
}

// resultsArea is a column of the breakdown by area.
type resultsArea struct {
	Name    string
	Unknown bool
}

// resultsPage is the data of the results page.
type resultsPage struct {
	C           *consultationView
	Visible     bool // the results are shown to this reader
	StaffOnly   bool // shown only because the reader is staff
	Live        bool // shown while answers are still taken
	Ballots     int
	Channels    []resultsChannel
	Areas       []resultsArea
	Questions   []*resultsQuestion
	CanModerate bool
	MinCell     int
	CSV         string
	// CommonGround ranks the statements by consensus across groups
	// (common_ground.go); nil when the consultation has none.
	CommonGround *commonGround
}

// resultsAccess loads the consultation and says whether the reader may see
// its results and whether only because they are staff.
func (h *Handler) resultsAccess(c *fiber.Ctx) (v *consultationView, visible, staffOnly bool, err error) {
	v, err = h.loadConsultation(c)
	if err != nil {
		return nil, false, false, err
	}
	public := v.Phase != store.PhaseDraft && v.ResultsVisible(v.Today)
	staff := resultsStaff(currentUser(c))
	return v, public || staff, staff && !public, nil
}

// percent formats a share (0..1) as a percentage in the reader's language:
// 3,4 % in Norwegian and Danish, 3.4% in English.
func percent(p *message.Printer, share float64) string {
	return p.Sprint(number.Percent(share, number.MaxFractionDigits(1)))
}

func resultsCells(l *locales.Localizer, cells []store.Cell) []resultsCell {
	out := make([]resultsCell, len(cells))
	for i, c := range cells {
		if c.Suppressed {
			out[i] = resultsCell{Text: l.T("ballot_results.hidden_cell"), Suppressed: true}
		} else {
			out[i] = resultsCell{Text: l.Number(c.N)}
		}
	}
	return out
}

// Results shows a consultation's results: ballots per channel and, per
// question, each option's total and share with breakdowns by channel and
// area, small cells suppressed, with the weighted estimate under them; free-
// text answers, moderated; and at the end the statements' common ground, by
// area or (groups=age_band) by age group. An unknown groups value is a 422
// with the list by area.
func (h *Handler) Results(c *fiber.Ctx) error {
	v, visible, staffOnly, err := h.resultsAccess(c)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	d := &resultsPage{C: v, Visible: visible, StaffOnly: staffOnly, MinCell: store.MinCell,
		Live: v.Phase == store.PhaseInput || v.Phase == store.PhaseVoting,
		CSV:  fmt.Sprintf("/consultations/%d/results.csv", v.ID)}
	p.Data = d
	if !visible {
		return h.render(c, fiber.StatusOK, "results", p)
	}
	m := municipality(c)
	ctx := c.UserContext()
	res, _, err := h.Store.ConsultationResults(ctx, m.ID, v.ID)
	if err != nil {
		return err
	}
	d.CanModerate = resultsStaff(currentUser(c))
	answers, err := h.Store.TextAnswers(ctx, m.ID, v.ID, d.CanModerate)
	if err != nil {
		return err
	}
	printer := message.NewPrinter(language.Make(p.L.Lang))
	d.Ballots = res.Ballots
	for i, ch := range res.Channels {
		d.Channels = append(d.Channels, resultsChannel{Code: ch, Ballots: res.ByChannel[i]})
	}
	for _, a := range res.Areas {
		d.Areas = append(d.Areas, resultsArea{Name: a.Name, Unknown: a.ID == 0})
	}
	byQuestion := map[int64]*resultsQuestion{}
	for _, qr := range res.Questions {
		q := &resultsQuestion{ID: qr.Question.ID, Kind: qr.Question.Kind,
			Prompt:  localize(qr.Question.Prompt, p.L.Lang, m.DefaultLocale),
			Budget:  int(qr.Question.Budget.Int64),
			Answers: qr.Answers}
		for _, r := range qr.Rows {
			q.Rows = append(q.Rows, resultsRow{
				Label: localize(r.Label, p.L.Lang, m.DefaultLocale), Stance: r.Stance, Cost: int(r.Cost),
				Total: r.Total, Share: percent(printer, r.Share),
				ByChannel: resultsCells(p.L, r.ByChannel), ByArea: resultsCells(p.L, r.ByArea),
			})
		}
		byQuestion[q.ID] = q
		d.Questions = append(d.Questions, q)
	}
	f := resultsFormat{l: p.L, printer: printer}
	if err := h.addWeighting(ctx, m.ID, v.ID, &res, d.Questions, f); err != nil {
		return err
	}
	if d.CommonGround, err = h.commonGroundList(ctx, m.ID, v.ID, &res, d.Questions, c.Query("groups"), f); err != nil {
		return err
	}
	for _, a := range answers {
		q := byQuestion[a.QuestionID]
		if q == nil {
			continue
		}
		q.Texts = append(q.Texts, resultsAnswer{ID: a.ID, Body: renderText(a.Body), Hidden: a.Hidden})
		if a.Hidden {
			q.Hidden++
		} else if q.Kind == store.QuestionText {
			q.Answers++
		}
	}
	status := fiber.StatusOK
	if d.CommonGround != nil && d.CommonGround.Invalid {
		status = fiber.StatusUnprocessableEntity
	}
	return h.render(c, status, "results", p)
}

// csvHeader is the first row of the results export.
var csvHeader = []string{"question_id", "question", "kind", "option_id", "option", "breakdown", "group", "count", "suppressed"}

// csvText keeps a text from being read as a formula by a spreadsheet.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ResultsCSV exports the aggregate results, with the same visibility and
// suppression as the page: one row per option (or stance) for the total, for
// each channel and for each area. Suppressed counts are empty. Free-text
// answers are not part of it. The file starts with a byte order mark, so
// that spreadsheets read æ, ø and å right.
func (h *Handler) ResultsCSV(c *fiber.Ctx) error {
	v, visible, _, err := h.resultsAccess(c)
	if err != nil {
		return err
	}
	if !visible {
		return fiber.ErrNotFound
	}
	m := municipality(c)
	l := h.localizer(c)
	res, _, err := h.Store.ConsultationResults(c.UserContext(), m.ID, v.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	rows := [][]string{csvHeader}
	for _, qr := range res.Questions {
		qid := strconv.FormatInt(qr.Question.ID, 10)
		prompt := csvText(localize(qr.Question.Prompt, l.Lang, m.DefaultLocale).Text)
		for _, r := range qr.Rows {
			optionID := strconv.FormatInt(r.OptionID, 10)
			label := localize(r.Label, l.Lang, m.DefaultLocale).Text
			if r.Stance != "" {
				optionID, label = r.Stance, l.T("ballot_stance."+r.Stance)
			}
			row := func(breakdown, group string, cell store.Cell) {
				count, suppressed := strconv.Itoa(cell.N), "false"
				if cell.Suppressed {
					count, suppressed = "", "true"
				}
				rows = append(rows, []string{qid, prompt, qr.Question.Kind, optionID, csvText(label),
					breakdown, csvText(group), count, suppressed})
			}
			row("total", "all", store.Cell{N: r.Total})
			for i, ch := range res.Channels {
				row("channel", ch, r.ByChannel[i])
			}
			for i, a := range res.Areas {
				group := a.Name
				if a.ID == 0 {
					group = "unknown"
				}
				row("area", group, r.ByArea[i])
			}
		}
	}
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("write results csv: %w", err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="consultation-%d-results.csv"`, v.ID))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// answerIDPattern matches the random ids of free-text answers.
var answerIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// HideAnswer hides a free-text answer from the public results.
func (h *Handler) HideAnswer(c *fiber.Ctx) error { return h.setAnswerHidden(c, true) }

// RestoreAnswer shows a hidden free-text answer again.
func (h *Handler) RestoreAnswer(c *fiber.Ctx) error { return h.setAnswerHidden(c, false) }

func (h *Handler) setAnswerHidden(c *fiber.Ctx, hidden bool) error {
	v, err := h.loadConsultation(c)
	if err != nil {
		return err
	}
	aid := strings.ToLower(c.Params("aid"))
	if !answerIDPattern.MatchString(aid) {
		return fiber.ErrNotFound
	}
	m, u := municipality(c), currentUser(c)
	if err := h.Store.SetTextAnswerHidden(c.UserContext(), m.ID, u.ID, v.ID, aid, hidden); err != nil {
		return notFoundAs404(err)
	}
	flash := "ballot_results.flash_restored"
	if hidden {
		flash = "ballot_results.flash_hidden"
	}
	h.flash(c, flash)
	return c.Redirect(fmt.Sprintf("/consultations/%d/results#answer-%s", v.ID, aid), fiber.StatusSeeOther)
}
