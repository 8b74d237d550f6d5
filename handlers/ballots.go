package handlers

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// ---- The questions of a ballot, shared by the resident's form and the
// officials' paper ballot form ----

// ballotOption is one option of a choice or budget question as the form
// shows it.
type ballotOption struct {
	ID      int64
	DOMID   string
	Label   localText
	Cost    int
	Checked bool
}

// ballotQuestion is one question on the form: its texts in the reader's
// language, whether it takes answers now, the answer given so far and what is
// wrong with it.
type ballotQuestion struct {
	ID         int64
	Kind       string
	Name       string // the form field, q{ID}
	DOMID      string // the id of the question's first input; the error summary links to it
	Prompt     localText
	Help       localText
	Open       bool
	OpensOn    time.Time // when a question that is not open takes votes
	MinChoices int
	MaxChoices int // multiple choice: the most options a ballot may choose
	Budget     int
	Options    []ballotOption
	Stance     string
	Text       string
	Hint       string // what the question asks for, in plain words
	Error      string
	L          *locales.Localizer // for the question partial's own words
}

// DescribedBy lists the ids of the question's help, hint and error.
func (q *ballotQuestion) DescribedBy() string {
	var ids []string
	if q.Help.Text != "" {
		ids = append(ids, q.DOMID+"-help")
	}
	ids = append(ids, q.DOMID+"-hint")
	if q.Error != "" {
		ids = append(ids, q.DOMID+"-error")
	}
	return strings.Join(ids, " ")
}

// ballotHint says what a question asks for: how many options, the budget,
// the longest answer.
func ballotHint(l *locales.Localizer, q *ballotQuestion) string {
	switch q.Kind {
	case store.QuestionText:
		return l.T("ballot.text_hint", "Max", l.Number(store.MaxAnswerLength))
	case store.QuestionStatement:
		return l.T("ballot.statement_hint")
	case store.QuestionSingle:
		if q.Required() {
			return l.T("ballot.single_hint_required")
		}
		return l.T("ballot.single_hint")
	}
	var hint string
	switch {
	case q.MinChoices == 0:
		hint = l.N("ballot.choose_up_to", q.MaxChoices)
	case q.MinChoices >= q.MaxChoices:
		hint = l.N("ballot.choose_exactly", q.MaxChoices)
	default:
		hint = l.N("ballot.choose_between", q.MaxChoices, "Min", l.Number(q.MinChoices))
	}
	if q.Kind == store.QuestionBudget {
		budget := l.T("ballot.budget_hint", "Budget", l.Number(q.Budget))
		if q.MaxChoices >= len(q.Options) && q.MinChoices == 0 {
			return budget // any number of options, as long as they fit
		}
		return budget + " " + hint
	}
	return hint
}

// Required reports whether the question must be answered.
func (q *ballotQuestion) Required() bool { return q.MinChoices > 0 }

// Answered reports whether an option of the question is chosen.
func (q *ballotQuestion) Answered() bool {
	for _, o := range q.Options {
		if o.Checked {
			return true
		}
	}
	return false
}

// summaryError is one line of a form's error summary: a message and the
// field it links to. A slice keeps the questions' order.
type summaryError struct {
	Href    string
	Message string
}

// ballotForm is what the ballot_questions partial renders.
type ballotForm struct {
	L         *locales.Localizer
	Prefix    string // of the ids of the form's fields and its error summary
	Questions []*ballotQuestion
	Summary   []summaryError
	Stances   []string
	TextMax   int
}

// newBallotForm builds the form for questions in phase, filled with b. prefix
// keeps the ids apart when a page has more than one form.
func newBallotForm(l *locales.Localizer, defaultLang, prefix string, questions []store.Question,
	phase string, votingFrom time.Time, b store.BallotInput) *ballotForm {
	f := &ballotForm{L: l, Prefix: prefix, Stances: store.Stances, TextMax: store.MaxAnswerLength}
	for _, q := range questions {
		name := "q" + strconv.FormatInt(q.ID, 10)
		bq := &ballotQuestion{
			ID: q.ID, Kind: q.Kind, Name: name, DOMID: prefix + name,
			Prompt:     localize(q.Prompt, l.Lang, defaultLang),
			Help:       localize(q.Help, l.Lang, defaultLang),
			Open:       q.OpenIn(phase),
			OpensOn:    votingFrom,
			MinChoices: q.MinChoices,
			Budget:     int(q.Budget.Int64),
			Stance:     b.Stances[q.ID],
			Text:       b.Texts[q.ID],
			L:          l,
		}
		bq.MaxChoices = len(q.Options)
		if q.MaxChoices.Valid && int(q.MaxChoices.Int32) < bq.MaxChoices {
			bq.MaxChoices = int(q.MaxChoices.Int32)
		}
		chosen := map[int64]bool{}
		for _, id := range b.Choices[q.ID] {
			chosen[id] = true
		}
		for i, o := range q.Options {
			id := bq.DOMID
			if i > 0 {
				id = fmt.Sprintf("%s-%d", bq.DOMID, o.ID)
			}
			bq.Options = append(bq.Options, ballotOption{
				ID: o.ID, DOMID: id, Label: localize(o.Label, l.Lang, defaultLang),
				Cost: int(o.Cost.Int64), Checked: chosen[o.ID],
			})
		}
		bq.Hint = ballotHint(l, bq)
		f.Questions = append(f.Questions, bq)
	}
	return f
}

// anyOpen reports whether a question of the form takes answers now.
func (f *ballotForm) anyOpen() bool {
	for _, q := range f.Questions {
		if q.Open {
			return true
		}
	}
	return false
}

// firstOpenField is where a message about the whole ballot links to.
func (f *ballotForm) firstOpenField() string {
	for _, q := range f.Questions {
		if q.Open {
			return "#" + q.DOMID
		}
	}
	return "#" + f.Prefix + "ballot-questions"
}

// showProblems puts each problem next to its question and in the summary, in
// the order of the questions; problems with questions the form does not have
// (a question of another consultation) go first, to the summary only.
func (f *ballotForm) showProblems(problems []store.BallotProblem, tally int) {
	byID := map[int64]*ballotQuestion{}
	for _, q := range f.Questions {
		byID[q.ID] = q
	}
	var general []summaryError
	for _, p := range problems {
		q, ok := byID[p.QuestionID]
		if !ok {
			msg := f.L.T("ballot_problem.unknown_question")
			if p.Code == store.ProblemUnknownOption {
				msg = f.L.T("ballot_problem.unknown_option")
			}
			if len(general) == 0 || general[len(general)-1].Message != msg {
				general = append(general, summaryError{Href: f.firstOpenField(), Message: msg})
			}
			continue
		}
		if q.Error == "" {
			q.Error = ballotProblemMessage(f.L, p, q, tally)
		}
	}
	f.Summary = append(general, f.Summary...)
	for _, q := range f.Questions {
		if q.Error != "" {
			f.Summary = append(f.Summary, summaryError{Href: "#" + q.DOMID,
				Message: f.L.T("ballot.summary_item", "Question", q.Prompt.Text, "Problem", q.Error)})
		}
	}
}

// ballotProblemMessage says in plain words what is wrong with an answer. A
// tally (tally > 0 ballots) breaks its limits summed over all its ballots.
func ballotProblemMessage(l *locales.Localizer, p store.BallotProblem, q *ballotQuestion, tally int) string {
	switch p.Code {
	case store.ProblemUnknownQuestion:
		return l.T("ballot_problem.unknown_question")
	case store.ProblemUnknownOption:
		return l.T("ballot_problem.unknown_option")
	case store.ProblemNotOpen:
		if !q.OpensOn.IsZero() {
			return l.T("ballot_problem.not_open", "Date", l.Date(q.OpensOn))
		}
		return l.T("ballot_problem.closed")
	case store.ProblemTooFew:
		return l.N("ballot_problem.too_few", int(p.Limit))
	case store.ProblemTooMany:
		if tally > 0 {
			return l.T("ballot_problem.tally_too_many", "Ballots", l.Number(tally), "Max", l.Number(int(p.Limit)))
		}
		if q.Kind == store.QuestionSingle {
			return l.T("ballot_problem.only_one")
		}
		return l.N("ballot_problem.too_many", int(p.Limit))
	case store.ProblemOverBudget:
		if tally > 0 {
			return l.T("ballot_problem.tally_over_budget", "Ballots", l.Number(tally), "Budget", l.Number(int(p.Limit)))
		}
		return l.T("ballot_problem.over_budget", "Budget", l.Number(int(p.Limit)))
	case store.ProblemTooLong:
		return l.T("ballot_problem.too_long", "Max", l.Number(int(p.Limit)))
	case store.ProblemStance:
		return l.T("ballot_problem.stance")
	case store.ProblemCount:
		return l.T("ballot_problem.count", "Ballots", l.Number(int(p.Limit)))
	}
	return l.T("ballot_problem.unknown_option")
}

// questionField matches the form fields of answers: q{question id}.
var questionField = regexp.MustCompile(`^q([1-9][0-9]{0,17})$`)

// parseBallot reads every q{ID} field of the submitted form, including ids
// that are not questions of this consultation, so that the store can refuse
// them by name. Options that are not numbers become option 0, which is no
// option, and the store reports them as unknown.
func parseBallot(c *fiber.Ctx, questions []store.Question) store.BallotInput {
	b := store.BallotInput{Choices: map[int64][]int64{}, Stances: map[int64]string{}, Texts: map[int64]string{}}
	kinds := make(map[int64]string, len(questions))
	for _, q := range questions {
		kinds[q.ID] = q.Kind
	}
	values := map[int64][]string{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		m := questionField.FindSubmatch(k)
		if m == nil {
			return
		}
		id, err := strconv.ParseInt(string(m[1]), 10, 64)
		if err == nil {
			values[id] = append(values[id], string(v))
		}
	})
	for id, vs := range values {
		switch kinds[id] {
		case store.QuestionText:
			b.Texts[id] = normalizeNewlines(vs[0])
		case store.QuestionStatement:
			if vs[0] != "" {
				b.Stances[id] = vs[0]
			}
		default:
			for _, v := range vs {
				if v == "" {
					continue // "no answer" on a question that is not required
				}
				o, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil {
					o = 0
				}
				b.Choices[id] = append(b.Choices[id], o)
			}
		}
	}
	return b
}

// ---- The resident's ballot ----

// Ballot page states.
const (
	ballotStateForm       = "form"
	ballotStateIneligible = "ineligible"
	ballotStateNotYet     = "not_yet"
	ballotStateClosed     = "closed"
	ballotStateDraft      = "draft"
)

// ineligibleView explains why a resident may not vote.
type ineligibleView struct {
	Reason string
	Areas  string // the target areas' names, as a list
	MyArea string
	MinAge int
}

// ballotPage is the data of the ballot page.
type ballotPage struct {
	C              *consultationView
	State          string
	Form           *ballotForm
	Ineligible     *ineligibleView
	Voted          bool
	CanSubmit      bool
	Notice         string
	OpensOn        time.Time
	ClosedOn       time.Time
	ResultsVisible bool
}

// ballotPageFor reads the consultation and its questions and works out what
// the page shows. The page's common data (h.page) is left to the caller, so
// that a ballot that is accepted and redirected costs no more queries.
func (h *Handler) ballotPageFor(c *fiber.Ctx) (*ballotPage, []store.Question, error) {
	v, questions, err := h.loadConsultationQuestions(c)
	if err != nil {
		return nil, nil, err
	}
	d := &ballotPage{C: v, ResultsVisible: v.ResultsVisible(v.Today)}
	switch v.Phase {
	case store.PhaseDraft:
		d.State = ballotStateDraft
	case store.PhaseUpcoming, store.PhaseInformation:
		d.State = ballotStateNotYet
		d.OpensOn = v.VotingFrom
		if v.InputFrom.Valid && hasInputQuestions(questions) {
			d.OpensOn = v.InputFrom.Time
		}
	case store.PhaseCounting, store.PhaseResults:
		d.State = ballotStateClosed
		d.ClosedOn = v.VotingUntil
		if v.ClosedAt.Valid && store.Today(municipality(c).Location(), v.ClosedAt.Time).Before(v.VotingUntil) {
			d.ClosedOn = v.ClosedAt.Time // closed early by an official
		}
	default:
		d.State = ballotStateForm
	}
	return d, questions, nil
}

func hasInputQuestions(questions []store.Question) bool {
	for _, q := range questions {
		if q.OpenIn(store.PhaseInput) {
			return true
		}
	}
	return false
}

// eligibility explains why the signed-in resident may not vote, or returns nil.
func (h *Handler) eligibility(c *fiber.Ctx, v *consultationView, reason string) (*ineligibleView, error) {
	if reason == "" {
		return nil, nil
	}
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	iv := &ineligibleView{Reason: reason, MinAge: int(v.MinAge.Int32)}
	if reason == store.IneligibleArea || reason == store.IneligibleAreaMissing {
		areas, err := h.Store.Areas(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		profile, err := h.Store.ProfileOf(ctx, m.ID, u.ID)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, a := range areas {
			if v.Targets(a.ID) {
				names = append(names, a.Name)
			}
			if profile.AreaID.Valid && profile.AreaID.Int64 == a.ID {
				iv.MyArea = a.Name
			}
		}
		iv.Areas = strings.Join(names, ", ")
	}
	return iv, nil
}

// BallotForm shows the signed-in resident the questions open now, filled
// with their ballot when they have voted, or says why they cannot vote.
func (h *Handler) BallotForm(c *fiber.Ctx) error {
	d, questions, err := h.ballotPageFor(c)
	if err != nil {
		return err
	}
	p := h.page(c, d)
	if d.State != ballotStateForm {
		return h.render(c, fiber.StatusOK, "ballot", p)
	}
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	reason, err := h.Store.Eligibility(ctx, d.C.Consultation, u.ID, d.C.Today)
	if err != nil {
		return err
	}
	if d.Ineligible, err = h.eligibility(c, d.C, reason); err != nil {
		return err
	}
	if d.Ineligible != nil {
		d.State = ballotStateIneligible
		return h.render(c, fiber.StatusOK, "ballot", p)
	}
	mine, err := h.Store.MyBallot(ctx, m.ID, h.BallotKey, u.ID, d.C.ID)
	switch {
	case err == nil:
		d.Voted = true
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	d.Form = newBallotForm(p.L, m.DefaultLocale, "", questions, d.C.Phase, d.C.VotingFrom, mine)
	d.CanSubmit = d.Form.anyOpen()
	return h.render(c, fiber.StatusOK, "ballot", p)
}

// CastBallot stores or replaces the resident's ballot and sends them to
// their receipt. A refused ballot comes back with every choice kept.
func (h *Handler) CastBallot(c *fiber.Ctx) error {
	d, questions, err := h.ballotPageFor(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	l := h.localizer(c)
	b := parseBallot(c, questions)
	phase := d.C.Phase
	if !store.AnswersOpen(phase) {
		// Keep the choices visible, as they were on the form.
		phase = store.PhaseVoting
	}
	d.Form = newBallotForm(l, m.DefaultLocale, "", questions, phase, d.C.VotingFrom, b)
	receipt, err := h.Store.CastBallot(c.UserContext(), m.ID, h.BallotKey, u.ID, d.C.ID, b)
	var ineligible *store.IneligibleError
	var refused *store.BallotError
	status := fiber.StatusUnprocessableEntity
	switch {
	case err == nil:
		h.keepOwnReceipt(c, d.C.ID, receipt.Code)
		return c.Redirect(fmt.Sprintf("/consultations/%d/receipt?new=1", d.C.ID), fiber.StatusSeeOther)
	case errors.As(err, &ineligible):
		if d.Ineligible, err = h.eligibility(c, d.C, ineligible.Reason); err != nil {
			return err
		}
		d.State = ballotStateIneligible
		return h.render(c, fiber.StatusForbidden, "ballot", h.page(c, d))
	case errors.Is(err, store.ErrNotOpen):
		status = fiber.StatusConflict
		switch d.C.Phase {
		case store.PhaseUpcoming, store.PhaseInformation:
			d.Notice = l.T("ballot.not_open_yet", "Date", l.Date(d.OpensOn))
		case store.PhaseDraft:
			d.Notice = l.T("ballot.draft")
		default:
			d.Notice = l.T("ballot.not_open_now")
		}
		d.State = ballotStateForm
	case errors.As(err, &refused):
		d.Form.showProblems(refused.Problems, 0)
		d.CanSubmit = true
	case errors.Is(err, store.ErrEmptyBallot):
		d.Form.Summary = []summaryError{{Href: d.Form.firstOpenField(), Message: l.T("ballot_problem.empty")}}
		d.CanSubmit = true
	default:
		return notFoundAs404(err)
	}
	// The ballot was refused: the form comes back with every choice kept.
	if d.Voted, err = h.Store.HasVoted(c.UserContext(), m.ID, h.BallotKey, u.ID, d.C.ID); err != nil {
		return err
	}
	return h.render(c, status, "ballot", h.page(c, d))
}

// ---- Receipts ----

// sessionPaperReceipt keeps the code of a paper ballot for the official to
// hand over; a paper ballot is linked to no one, so the session may hold it.
const sessionPaperReceipt = "paper_receipt"

// receiptCookie carries a resident's fresh receipt code to the receipt page.
// It lives only in their browser, for a few minutes and for that one path:
// the server keeps nothing that joins the resident to the code (and through
// it to the ballot), not even in the session store.
const receiptCookie = "medvirk_receipt"

func receiptPath(consultationID int64) string {
	return fmt.Sprintf("/consultations/%d/receipt", consultationID)
}

// keepOwnReceipt hands the resident's receipt code to the next page.
func (h *Handler) keepOwnReceipt(c *fiber.Ctx, consultationID int64, code string) {
	c.Cookie(&fiber.Cookie{Name: receiptCookie, Value: code, Path: receiptPath(consultationID),
		MaxAge: 600, Secure: h.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

// takeOwnReceipt returns the resident's fresh receipt code, once.
func (h *Handler) takeOwnReceipt(c *fiber.Ctx, consultationID int64) string {
	code := store.NormaliseReceipt(c.Cookies(receiptCookie))
	if code == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{Name: receiptCookie, Value: "", Path: receiptPath(consultationID),
		MaxAge: -1, Expires: time.Unix(0, 0), Secure: h.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	if len(code) != receiptCodeLength {
		return ""
	}
	return code
}

// keepReceipt leaves a receipt code in the session for the next page, which
// shows it once. The code never travels in a URL.
func (h *Handler) keepReceipt(c *fiber.Ctx, key string, consultationID int64, code string) error {
	value := strconv.FormatInt(consultationID, 10) + ":" + code
	if err := h.updateSession(c, func(s *session.Session) { s.Set(key, value) }); err != nil {
		return fmt.Errorf("keep receipt: %w", err)
	}
	return nil
}

// takeReceipt returns the receipt code kept for the consultation and removes
// it from the session, or "" when there is none. The session is written only
// when it held a code.
func (h *Handler) takeReceipt(c *fiber.Ctx, key string, consultationID int64) (string, error) {
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return "", fmt.Errorf("load session: %w", err)
	}
	value, _ := sess.Get(key).(string)
	code, ok := strings.CutPrefix(value, strconv.FormatInt(consultationID, 10)+":")
	if !ok {
		return "", nil
	}
	sess.Delete(key)
	if err := sess.Save(); err != nil {
		return "", fmt.Errorf("take receipt: %w", err)
	}
	return code, nil
}

// receiptPage is the data of the receipt page.
type receiptPage struct {
	C        *consultationView
	NewCode  string // shown once, right after voting
	CodeGone bool   // the page after voting, reloaded: the code was shown already
	Checked  bool
	Found    bool
}

// receiptCodeLength is the length of a normalised code: XXXX-XXXX-XXXX-XXXX.
const receiptCodeLength = 19

// Receipt shows a fresh receipt code once after voting, and lets anyone
// check that the ballot with a code is in the count.
func (h *Handler) Receipt(c *fiber.Ctx) error {
	v, err := h.loadConsultation(c)
	if err != nil {
		return err
	}
	m := municipality(c)
	d := &receiptPage{C: v}
	if c.Query("new") != "" && currentUser(c) != nil {
		d.NewCode = h.takeOwnReceipt(c, v.ID)
		d.CodeGone = d.NewCode == ""
	}
	p := h.page(c, d)
	status := fiber.StatusOK
	if _, asked := c.Queries()["code"]; asked {
		p.Form["code"] = strings.TrimSpace(c.Query("code"))
		code := store.NormaliseReceipt(p.Form["code"])
		switch {
		case p.Form["code"] == "":
			p.Errors["code"] = p.L.T("ballot_receipt.code_required")
		case len(code) != receiptCodeLength:
			p.Errors["code"] = p.L.T("ballot_receipt.code_invalid")
		default:
			found, err := h.Store.VerifyReceipt(c.UserContext(), m.ID, v.ID, code)
			if err != nil {
				return err
			}
			d.Checked, d.Found = true, found
		}
		if len(p.Errors) > 0 {
			status = fiber.StatusUnprocessableEntity
		}
	}
	return h.render(c, status, "receipt", p)
}
