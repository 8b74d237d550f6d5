package handlers

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// paperChannels are the ways a ballot reaches an official instead of the web.
var paperChannels = []string{store.ChannelPaper, store.ChannelMeeting, store.ChannelPhone, store.ChannelAssisted}

// segmentForm is the channel and what the official knows about the voters
// of a paper ballot or a tally. Prefix keeps the ids of two forms on one
// page apart; Errors are keyed by field name.
type segmentForm struct {
	L        *locales.Localizer
	Prefix   string
	Tally    bool // the segment of many ballots
	Channels []string
	Areas    []store.Area
	AgeBands []string
	Channel  string
	Area     string
	AgeBand  string
	Gender   string
	Errors   map[string]string
}

// segmentFields are the segment form's fields in the order the form shows them.
var segmentFields = []string{"channel", "area", "age_band", "gender"}

// parse reads and checks the channel and the segment from the submitted form.
func (s *segmentForm) parse(c *fiber.Ctx) store.Segment {
	s.Channel = strings.TrimSpace(c.FormValue("channel"))
	s.Area = strings.TrimSpace(c.FormValue("area"))
	s.AgeBand = strings.TrimSpace(c.FormValue("age_band"))
	s.Gender = strings.TrimSpace(c.FormValue("gender"))
	e := &fieldErrors{l: s.L, errors: s.Errors}
	if !isOneOf(paperChannels, s.Channel) {
		e.add("channel", "ballot_paper.channel_required")
	}
	gender := s.Gender
	if gender == "unknown" {
		gender = "" // the form's explicit "not known"
	}
	return store.Segment{
		AreaID:  e.parseArea(s.Area, s.Areas),
		AgeBand: e.parseAgeBand(s.AgeBand, s.AgeBands),
		Gender:  e.parseGender(gender),
	}
}

// summary lists the segment's errors for the form's error summary.
func (s *segmentForm) summary() []summaryError {
	var list []summaryError
	for _, f := range segmentFields {
		if msg, ok := s.Errors[f]; ok {
			list = append(list, summaryError{Href: "#" + s.Prefix + f, Message: msg})
		}
	}
	return list
}

// tallyOption is one option's count on the tally form.
type tallyOption struct {
	ID    int64
	Name  string // the form field, o{ID}
	DOMID string
	Label localText
	Cost  int
	Value string
	Error string
}

// tallyQuestion is a choice or budget question on the tally form.
type tallyQuestion struct {
	ID         int64
	Kind       string
	Prompt     localText
	Budget     int
	MaxChoices int
	Options    []*tallyOption
	Error      string
}

// tallyForm is the form for a tally of paper or meeting ballots.
type tallyForm struct {
	L            *locales.Localizer
	Prefix       string
	Segment      *segmentForm
	Ballots      string
	BallotsError string
	Questions    []*tallyQuestion
	Summary      []summaryError
}

// paperPage is the data of the officials' paper ballot page.
type paperPage struct {
	C             *consultationView
	Open          bool // paper ballots are taken now
	ShowForms     bool // the forms are shown: open, or a refused form coming back
	Notice        string
	Ballot        *ballotForm
	BallotSegment *segmentForm
	Tally         *tallyForm
	Receipt       string
}

// paperPageFor builds the paper ballot page with empty forms.
func (h *Handler) paperPageFor(c *fiber.Ctx) (*Page, *paperPage, []store.Question, error) {
	v, questions, err := h.loadConsultationQuestions(c)
	if err != nil {
		return nil, nil, nil, err
	}
	m := municipality(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	bands := m.Settings.AgeBandsOrDefault()
	p := h.page(c, nil)
	segment := func(prefix string) *segmentForm {
		return &segmentForm{L: p.L, Prefix: prefix, Channels: paperChannels, Areas: areas, AgeBands: bands,
			Channel: store.ChannelPaper, Errors: map[string]string{}}
	}
	d := &paperPage{
		C:             v,
		Open:          store.PaperOpen(v.Phase),
		ShowForms:     store.PaperOpen(v.Phase),
		Ballot:        newBallotForm(p.L, m.DefaultLocale, "paper-", questions, store.PhaseVoting, v.VotingFrom, store.BallotInput{}),
		BallotSegment: segment("paper-"),
		Tally:         &tallyForm{L: p.L, Prefix: "tally-", Segment: segment("tally-")},
	}
	d.Tally.Segment.Channel, d.Tally.Segment.Tally = store.ChannelMeeting, true
	for _, q := range questions {
		if !store.HasOptions(q.Kind) {
			continue
		}
		tq := &tallyQuestion{ID: q.ID, Kind: q.Kind, Prompt: localize(q.Prompt, p.L.Lang, m.DefaultLocale),
			Budget: int(q.Budget.Int64), MaxChoices: len(q.Options)}
		if q.Kind == store.QuestionSingle {
			tq.MaxChoices = 1
		} else if q.MaxChoices.Valid && int(q.MaxChoices.Int32) < tq.MaxChoices {
			tq.MaxChoices = int(q.MaxChoices.Int32)
		}
		for _, o := range q.Options {
			name := "o" + strconv.FormatInt(o.ID, 10)
			tq.Options = append(tq.Options, &tallyOption{ID: o.ID, Name: name, DOMID: "tally-" + name,
				Label: localize(o.Label, p.L.Lang, m.DefaultLocale), Cost: int(o.Cost.Int64)})
		}
		d.Tally.Questions = append(d.Tally.Questions, tq)
	}
	if !d.Open {
		d.Notice = paperClosedMessage(p.L, v)
	}
	p.Data = d
	return p, d, questions, nil
}

// paperClosedMessage says when paper ballots can be entered.
func paperClosedMessage(l *locales.Localizer, v *consultationView) string {
	switch {
	case v.Phase == store.PhaseDraft:
		return l.T("ballot.draft")
	case v.Today.Before(v.VotingFrom):
		return l.T("ballot_paper.not_yet", "Date", l.Date(v.VotingFrom))
	}
	return l.T("ballot_paper.closed_results")
}

// PaperBallotForm shows officials the forms for one paper ballot and for a
// tally of many.
func (h *Handler) PaperBallotForm(c *fiber.Ctx) error {
	p, d, _, err := h.paperPageFor(c)
	if err != nil {
		return err
	}
	if d.Receipt, err = h.takeReceipt(c, sessionPaperReceipt, d.C.ID); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "paper_ballot", p)
}

// CastPaperBallot enters one ballot cast on paper, at a meeting, by phone or
// with help. A refused ballot comes back with every value kept.
func (h *Handler) CastPaperBallot(c *fiber.Ctx) error {
	p, d, questions, err := h.paperPageFor(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	d.ShowForms = true // a refused ballot comes back as typed
	seg := d.BallotSegment.parse(c)
	b := parseBallot(c, questions)
	d.Ballot = newBallotForm(p.L, m.DefaultLocale, "paper-", questions, store.PhaseVoting, d.C.VotingFrom, b)
	if len(d.BallotSegment.Errors) > 0 {
		// Show the ballot's own problems too, all at once.
		d.Ballot.showProblems(store.CheckBallot(questions, store.PhaseVoting, b), 0)
		d.Ballot.Summary = append(d.BallotSegment.summary(), d.Ballot.Summary...)
		return h.render(c, fiber.StatusUnprocessableEntity, "paper_ballot", p)
	}
	code, err := h.Store.CastPaperBallot(c.UserContext(), m.ID, u.ID, d.C.ID, d.BallotSegment.Channel, seg, b)
	var refused *store.BallotError
	switch {
	case errors.Is(err, store.ErrNotOpen):
		d.Notice = paperClosedMessage(p.L, d.C)
		return h.render(c, fiber.StatusConflict, "paper_ballot", p)
	case errors.As(err, &refused):
		d.Ballot.showProblems(refused.Problems, 0)
		return h.render(c, fiber.StatusUnprocessableEntity, "paper_ballot", p)
	case errors.Is(err, store.ErrEmptyBallot):
		d.Ballot.Summary = []summaryError{{Href: d.Ballot.firstOpenField(), Message: p.L.T("ballot_problem.empty")}}
		return h.render(c, fiber.StatusUnprocessableEntity, "paper_ballot", p)
	case err != nil:
		return notFoundAs404(err)
	}
	if err := h.keepReceipt(c, sessionPaperReceipt, d.C.ID, code); err != nil {
		return err
	}
	h.flash(c, "ballot_paper.flash_ballot")
	return c.Redirect(fmt.Sprintf("/consultations/%d/paper", d.C.ID), fiber.StatusSeeOther)
}

// optionField matches the count fields of a tally: o{option id}.
var optionField = regexp.MustCompile(`^o([1-9][0-9]{0,17})$`)

// parse reads the number of ballots and every option's count; an empty count
// is 0. Counts of options the form does not have are passed on, so that the
// store refuses them.
func (t *tallyForm) parse(c *fiber.Ctx) store.TallyInput {
	in := store.TallyInput{Counts: map[int64]int{}}
	t.Ballots = strings.TrimSpace(c.FormValue("ballots"))
	n, err := strconv.Atoi(t.Ballots)
	if err != nil || n < 1 || n > store.MaxTallyBallots {
		t.BallotsError = t.L.T("ballot_tally.ballots_invalid", "Max", t.L.Number(store.MaxTallyBallots))
	}
	in.Ballots = n
	fields := map[string]*tallyOption{}
	for _, q := range t.Questions {
		for _, o := range q.Options {
			fields[o.Name] = o
		}
	}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		m := optionField.FindSubmatch(k)
		if m == nil {
			return
		}
		id, err := strconv.ParseInt(string(m[1]), 10, 64)
		if err != nil {
			return
		}
		value := strings.TrimSpace(string(v))
		o := fields[string(k)]
		if o != nil {
			o.Value = value
		}
		if value == "" {
			return
		}
		count, err := strconv.Atoi(value)
		if err != nil || count < 0 || count > store.MaxTallyBallots {
			if o != nil {
				o.Error = t.L.T("ballot_tally.count_invalid")
			}
			return
		}
		in.Counts[id] = count
	})
	return in
}

// showProblems puts the store's problems next to their questions and builds
// the error summary with the form's own errors.
func (t *tallyForm) showProblems(problems []store.BallotProblem, ballots int) {
	byID := map[int64]*tallyQuestion{}
	for _, q := range t.Questions {
		byID[q.ID] = q
	}
	t.Summary = t.Segment.summary()
	if t.BallotsError != "" {
		t.Summary = append(t.Summary, summaryError{Href: "#tally-ballots", Message: t.BallotsError})
	}
	for _, p := range problems {
		q, ok := byID[p.QuestionID]
		if !ok && p.Code == store.ProblemCount && t.BallotsError == "" {
			t.BallotsError = t.L.T("ballot_tally.ballots_invalid", "Max", t.L.Number(store.MaxTallyBallots))
			t.Summary = append(t.Summary, summaryError{Href: "#tally-ballots", Message: t.BallotsError})
			continue
		}
		if !ok {
			t.Summary = append(t.Summary, summaryError{Href: "#tally-questions", Message: t.L.T("ballot_problem.unknown_option")})
			continue
		}
		if q.Error == "" {
			q.Error = ballotProblemMessage(t.L, p, &ballotQuestion{Kind: q.Kind}, ballots)
		}
	}
	for _, q := range t.Questions {
		for _, o := range q.Options {
			if o.Error != "" {
				t.Summary = append(t.Summary, summaryError{Href: "#" + o.DOMID,
					Message: t.L.T("ballot.summary_item", "Question", o.Label.Text, "Problem", o.Error)})
			}
		}
		if q.Error != "" && len(q.Options) > 0 {
			t.Summary = append(t.Summary, summaryError{Href: "#" + q.Options[0].DOMID,
				Message: t.L.T("ballot.summary_item", "Question", q.Prompt.Text, "Problem", q.Error)})
		}
	}
}

// RecordTally enters a tally: how many ballots of one channel and segment
// there were and how many chose each option.
func (h *Handler) RecordTally(c *fiber.Ctx) error {
	p, d, questions, err := h.paperPageFor(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	t := d.Tally
	d.ShowForms = true // a refused tally comes back as typed
	seg := t.Segment.parse(c)
	in := t.parse(c)
	in.Channel, in.Segment = t.Segment.Channel, seg
	localErrors := len(t.Segment.Errors) > 0 || t.BallotsError != ""
	for _, q := range t.Questions {
		for _, o := range q.Options {
			localErrors = localErrors || o.Error != ""
		}
	}
	if localErrors {
		var problems []store.BallotProblem
		if t.BallotsError == "" {
			problems = store.CheckTally(questions, in)
		}
		t.showProblems(problems, in.Ballots)
		return h.render(c, fiber.StatusUnprocessableEntity, "paper_ballot", p)
	}
	err = h.Store.RecordTally(c.UserContext(), m.ID, u.ID, d.C.ID, in)
	var refused *store.BallotError
	switch {
	case errors.Is(err, store.ErrNotOpen):
		d.Notice = paperClosedMessage(p.L, d.C)
		return h.render(c, fiber.StatusConflict, "paper_ballot", p)
	case errors.As(err, &refused):
		t.showProblems(refused.Problems, in.Ballots)
		return h.render(c, fiber.StatusUnprocessableEntity, "paper_ballot", p)
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "ballot_paper.flash_tally")
	return c.Redirect(fmt.Sprintf("/consultations/%d/paper#tally-heading", d.C.ID), fiber.StatusSeeOther)
}
