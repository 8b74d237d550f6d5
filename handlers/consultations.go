package handlers

import (
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

const (
	// Limits of a consultation's texts, per language.
	consultationTitleMax   = 200
	consultationSummaryMax = 500
	consultationBodyMax    = 20000
	// dayLayout is how a date field is written (<input type="date">).
	dayLayout = "2006-01-02"
)

// consultationDateFields are the consultation form's calendar fields, in
// the order of a consultation's life.
var consultationDateFields = []string{"information_from", "input_from", "voting_from", "voting_until", "results_from"}

func consultationPath(id int64) string { return fmt.Sprintf("/consultations/%d", id) }

// canAuthor reports whether u may author and run consultations.
func canAuthor(u *store.User) bool { return canAnswer(u) }

// ---- Shared pieces ----

// dayText is a calendar day as a page shows it: machine-readable for
// <time datetime> and written out in the reader's language.
type dayText struct {
	ISO, Text string
}

// consultationDay formats a date read from PostgreSQL (midnight UTC). It is shown at
// noon, so that the municipality's time zone never moves it to another day.
func consultationDay(l *locales.Localizer, t time.Time) dayText {
	if t.IsZero() {
		return dayText{}
	}
	y, m, d := t.Date()
	return dayText{ISO: t.Format(dayLayout), Text: l.Date(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))}
}

// formLanguage is one of the municipality's languages in an authoring form.
type formLanguage struct {
	Code, Name string
	// Default is the municipality's default language, required in every form.
	Default bool
}

// formLanguages lists the municipality's enabled languages, the default first.
func formLanguages(m *store.Municipality) []formLanguage {
	langs := []formLanguage{{Code: m.DefaultLocale, Name: locales.Names[m.DefaultLocale], Default: true}}
	for _, code := range locales.Supported {
		if code != m.DefaultLocale && enabled(m, code) {
			langs = append(langs, formLanguage{Code: code, Name: locales.Names[code]})
		}
	}
	return langs
}

// formatKroner formats whole kroner in the municipality's currency.
func formatKroner(l *locales.Localizer, m *store.Municipality, n int64) string {
	id := "consultation.amount_no"
	if m.Country == "DK" {
		id = "consultation.amount_dk"
	}
	return l.T(id, "Amount", l.Number(int(n)))
}

// areaNames returns the names of the areas with the given ids, by name.
func areaNames(areas []store.Area, ids []int64) []string {
	var names []string
	for _, a := range areas {
		for _, id := range ids {
			if a.ID == id {
				names = append(names, a.Name)
				break
			}
		}
	}
	return names
}

// formValuesAll returns every value of a repeated form field (checkboxes).
func formValuesAll(c *fiber.Ctx, name string) []string {
	var values []string
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		values = append(values, mf.Value[name]...)
	} else {
		for _, v := range c.Request().PostArgs().PeekMulti(name) {
			values = append(values, string(v))
		}
	}
	return values
}

// addMessage sets a field's error to a message with template data, unless
// the field already has one.
func (e *fieldErrors) addMessage(field, messageID string, args ...any) {
	if _, exists := e.errors[field]; !exists {
		e.errors[field] = e.l.T(messageID, args...)
	}
}

// checkLength adds tooLongID when value is longer than max characters.
func (e *fieldErrors) checkLength(field, value string, max int, tooLongID string) {
	if utf8.RuneCountInString(value) > max {
		e.addMessage(field, tooLongID, "Max", e.l.Number(max))
	}
}

// ---- The list ----

// consultationListItem is one consultation in the list.
type consultationListItem struct {
	ID                      int64
	Title, Summary          localText
	Phase                   string
	VotingFrom, VotingUntil dayText
	Areas                   []string
	Ballots                 int
	ShowBallots             bool
}

// consultationGroup is one heading of the list: open, upcoming, drafts or
// finished.
type consultationGroup struct {
	Key   string
	Items []consultationListItem
}

type consultationListData struct {
	Groups   []consultationGroup
	Official bool
}

// listGroup says under which heading a consultation in phase is listed.
func listGroup(phase string) string {
	switch phase {
	case store.PhaseInformation, store.PhaseInput, store.PhaseVoting:
		return "open"
	case store.PhaseUpcoming:
		return "upcoming"
	case store.PhaseDraft:
		return "drafts"
	}
	return "finished"
}

// Consultations lists the municipality's consultations: open ones first,
// then those coming up, drafts (officials only) and finished ones.
func (h *Handler) Consultations(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	official := canAuthor(u)
	list, err := h.Store.ListConsultations(ctx, m.ID, official)
	if err != nil {
		return err
	}
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	today := store.Today(m.Location(), time.Now())
	groups := []consultationGroup{{Key: "open"}, {Key: "upcoming"}, {Key: "drafts"}, {Key: "finished"}}
	for i := range list {
		cons := &list[i]
		phase := cons.Phase(today)
		item := consultationListItem{
			ID:          cons.ID,
			Title:       localize(cons.Title, p.L.Lang, m.DefaultLocale),
			Summary:     localize(cons.Summary, p.L.Lang, m.DefaultLocale),
			Phase:       phase,
			VotingFrom:  consultationDay(p.L, cons.VotingFrom),
			VotingUntil: consultationDay(p.L, cons.VotingUntil),
			Areas:       areaNames(areas, cons.AreaIDs),
			Ballots:     cons.Ballots,
			ShowBallots: phase == store.PhaseInput || phase == store.PhaseVoting || phase == store.PhaseCounting || phase == store.PhaseResults,
		}
		for g := range groups {
			if groups[g].Key == listGroup(phase) {
				groups[g].Items = append(groups[g].Items, item)
			}
		}
	}
	data := consultationListData{Official: official}
	for _, g := range groups {
		if len(g.Items) > 0 {
			data.Groups = append(data.Groups, g)
		}
	}
	p.Data = data
	return h.render(c, fiber.StatusOK, "consultations", p)
}

// ---- The consultation page ----

// phaseStep is one step of a consultation's timeline.
type phaseStep struct {
	Phase       string // information, input, voting or results
	From, Until dayText
	Current     bool
	Done        bool
}

// consultationTimeline lists the steps of c with the current one marked.
func consultationTimeline(l *locales.Localizer, c *consultationView) []phaseStep {
	steps := []phaseStep{{Phase: store.PhaseInformation, From: consultationDay(l, c.InformationFrom)}}
	if c.InputFrom.Valid {
		steps = append(steps, phaseStep{Phase: store.PhaseInput, From: consultationDay(l, c.InputFrom.Time)})
	}
	steps = append(steps, phaseStep{Phase: store.PhaseVoting, From: consultationDay(l, c.VotingFrom), Until: consultationDay(l, c.VotingUntil)})
	results := phaseStep{Phase: store.PhaseResults}
	if c.ResultsFrom.Valid {
		results.From = consultationDay(l, c.ResultsFrom.Time)
	}
	steps = append(steps, results)
	current := c.Phase
	if current == store.PhaseCounting {
		current = store.PhaseResults
	}
	for i := range steps {
		if steps[i].Phase == current {
			steps[i].Current = true
			for j := range i {
				steps[j].Done = true
			}
		}
	}
	return steps
}

// questionItem is a question as the consultation page lists it.
type questionItem struct {
	ID           int64
	Number       int
	Kind         string
	Prompt, Help localText
	Options      []optionItem
	MinChoices   int
	MaxChoices   int // 0: no upper limit
	Budget       string
}

type optionItem struct {
	Label localText
	Cost  string
}

// questionItems puts questions in the reader's language. missing reports
// whether any text had to fall back to the default language.
func questionItems(l *locales.Localizer, m *store.Municipality, questions []store.Question) (views []questionItem, missing bool) {
	views = make([]questionItem, len(questions))
	for i, q := range questions {
		v := questionItem{
			ID: q.ID, Number: i + 1, Kind: q.Kind,
			Prompt:     localize(q.Prompt, l.Lang, m.DefaultLocale),
			Help:       localize(q.Help, l.Lang, m.DefaultLocale),
			MinChoices: q.MinChoices,
		}
		if q.MaxChoices.Valid {
			v.MaxChoices = int(q.MaxChoices.Int32)
		}
		if q.Budget.Valid {
			v.Budget = formatKroner(l, m, q.Budget.Int64)
		}
		missing = missing || v.Prompt.Missing || v.Help.Missing
		for _, o := range q.Options {
			ov := optionItem{Label: localize(o.Label, l.Lang, m.DefaultLocale)}
			if o.Cost.Valid {
				ov.Cost = formatKroner(l, m, o.Cost.Int64)
			}
			missing = missing || ov.Label.Missing
			v.Options = append(v.Options, ov)
		}
		views[i] = v
	}
	return views, missing
}

// previewLink is a link to the page in one of the municipality's languages.
type previewLink struct {
	Code, Name, Href string
	Current          bool
}

// consultationPageData is the consultation page's data.
type consultationPageData struct {
	C    *consultationView
	Body template.HTML
	// MissingLang is the language shown in place of the reader's, when some
	// of the page's text is not written in the reader's language.
	MissingLang      string
	QuestionsMissing bool
	Timeline         []phaseStep
	Areas            []string
	Questions        []questionItem
	// For the signed-in reader: why they may not take part ("" when they
	// may), their area and the minimum age.
	Eligibility string
	UserArea    string
	MinAge      int
	HasVoted    bool
	CanTakePart bool
	OpensOn     dayText
	// VotingFrom and VotingUntil are the voting days as the page says them;
	// HasChoices is true when some question opens only for voting.
	VotingFrom, VotingUntil dayText
	HasChoices              bool
	ShowReceipt             bool
	ShowResults             bool
	// For officials.
	Official       bool
	Editable       bool // texts, dates and questions may change
	QuestionsFixed bool // ballots exist: only text fixes
	CanPublish     bool
	CanClose       bool
	CanPublishRes  bool
	CanPaper       bool
	Previews       []previewLink
	Notice         string
}

// consultationPage loads the consultation page's data for the reader.
func (h *Handler) consultationPage(c *fiber.Ctx) (*Page, *consultationPageData, error) {
	v, err := h.loadConsultation(c)
	if err != nil {
		return nil, nil, err
	}
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	questions, err := h.Store.Questions(ctx, m.ID, v.ID)
	if err != nil {
		return nil, nil, err
	}
	p := h.page(c, nil)
	d := &consultationPageData{
		C:        v,
		Body:     renderText(v.Body.Text),
		Timeline: consultationTimeline(p.L, v),
		Areas:    areaNames(areas, v.AreaIDs),
	}
	for _, t := range []localText{v.Title, v.Summary, v.Body} {
		if t.Missing && d.MissingLang == "" {
			d.MissingLang = t.Lang
		}
	}
	d.Questions, d.QuestionsMissing = questionItems(p.L, m, questions)
	d.VotingFrom, d.VotingUntil = consultationDay(p.L, v.VotingFrom), consultationDay(p.L, v.VotingUntil)
	for _, q := range questions {
		d.HasChoices = d.HasChoices || store.HasOptions(q.Kind)
	}
	if v.MinAge.Valid {
		d.MinAge = int(v.MinAge.Int32)
	}
	open := v.Phase == store.PhaseInput || v.Phase == store.PhaseVoting
	switch v.Phase {
	case store.PhaseUpcoming, store.PhaseInformation:
		d.OpensOn = consultationDay(p.L, v.VotingFrom)
		if v.InputFrom.Valid {
			d.OpensOn = consultationDay(p.L, v.InputFrom.Time)
		}
	case store.PhaseInput, store.PhaseVoting, store.PhaseCounting, store.PhaseResults:
		d.ShowReceipt = true
	}
	d.ShowResults = v.ResultsVisible(v.Today)
	if u != nil && v.Phase != store.PhaseCounting && v.Phase != store.PhaseResults {
		if d.Eligibility, err = h.Store.Eligibility(ctx, v.Consultation, u.ID, v.Today); err != nil {
			return nil, nil, err
		}
		if d.Eligibility == store.IneligibleArea {
			if profile, err := h.Store.ProfileOf(ctx, m.ID, u.ID); err == nil && profile.AreaID.Valid {
				if names := areaNames(areas, []int64{profile.AreaID.Int64}); len(names) > 0 {
					d.UserArea = names[0]
				}
			}
		}
		if open && d.Eligibility == "" {
			d.CanTakePart = true
			if d.HasVoted, err = h.Store.HasVoted(ctx, m.ID, h.BallotKey, u.ID, v.ID); err != nil {
				return nil, nil, err
			}
		}
	}
	if canAuthor(u) {
		d.Official = true
		d.Editable = v.Status == store.ConsultationDraft || v.Status == store.ConsultationPublished
		d.QuestionsFixed = v.HasVotes
		d.CanPublish = v.Status == store.ConsultationDraft
		d.CanClose = v.Status == store.ConsultationPublished && v.Phase != store.PhaseCounting
		d.CanPublishRes = v.Status == store.ConsultationClosed ||
			(v.Status == store.ConsultationPublished && v.Phase == store.PhaseCounting)
		d.CanPaper = v.Phase == store.PhaseVoting || v.Phase == store.PhaseCounting
		d.ShowResults = d.ShowResults || v.Status != store.ConsultationDraft
		if v.Status == store.ConsultationDraft {
			for _, l := range formLanguages(m) {
				d.Previews = append(d.Previews, previewLink{
					Code: l.Code, Name: l.Name, Href: consultationPath(v.ID) + "?lang=" + l.Code, Current: l.Code == p.L.Lang,
				})
			}
		}
	}
	p.Data = d
	return p, d, nil
}

// Consultation shows a consultation: its texts, phases, who may take part,
// what to do now and its questions; officials also get its controls, and
// drafts are their preview.
func (h *Handler) Consultation(c *fiber.Ctx) error {
	p, _, err := h.consultationPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "consultation", p)
}

// refuseOnConsultation re-renders the consultation page with a notice that
// says why an act was refused.
func (h *Handler) refuseOnConsultation(c *fiber.Ctx, status int, messageID string) error {
	p, d, err := h.consultationPage(c)
	if err != nil {
		return err
	}
	d.Notice = p.L.T(messageID)
	return h.render(c, status, "consultation", p)
}

// ---- Publish, close and publish results ----

// PublishConsultation makes a draft public.
func (h *Handler) PublishConsultation(c *fiber.Ctx) error {
	return h.consultationStep(c, "consultation.flash_published", func(mid, uid, id int64) error {
		return h.Store.PublishConsultation(c.UserContext(), mid, uid, id)
	})
}

// CloseConsultation ends voting now.
func (h *Handler) CloseConsultation(c *fiber.Ctx) error {
	return h.consultationStep(c, "consultation.flash_closed", func(mid, uid, id int64) error {
		return h.Store.CloseVoting(c.UserContext(), mid, uid, id)
	})
}

// PublishConsultationResults publishes the results, closing voting first if
// it is still open.
func (h *Handler) PublishConsultationResults(c *fiber.Ctx) error {
	return h.consultationStep(c, "consultation.flash_results_published", func(mid, uid, id int64) error {
		return h.Store.PublishResults(c.UserContext(), mid, uid, id)
	})
}

// consultationStep runs one step of a consultation's life and says how it
// went.
func (h *Handler) consultationStep(c *fiber.Ctx, flash string, step func(municipalityID, officialID, id int64) error) error {
	id, err := consultationID(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	err = step(m.ID, u.ID, id)
	switch {
	case errors.Is(err, store.ErrNoQuestions):
		return h.refuseOnConsultation(c, fiber.StatusConflict, "consultation.publish_no_questions")
	case errors.Is(err, store.ErrWrongStatus):
		return h.refuseOnConsultation(c, fiber.StatusConflict, "consultation.wrong_status")
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, flash)
	return c.Redirect(consultationPath(id), fiber.StatusSeeOther)
}

// ---- The consultation form ----

// areaChoice is one target area checkbox.
type areaChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// consultationFormData is the data of the consultation form.
type consultationFormData struct {
	Action    string
	Editing   *store.Consultation
	Title     localText
	Languages []formLanguage
	Areas     []areaChoice
	// DateFields are the calendar fields in the order of the form.
	DateFields []string
	// DefaultName is the default language's name in the reader's language.
	DefaultName string
	// Warning is said before the official starts; Notice when a save failed.
	Warning, Notice string
	// Locked hides the form: the consultation can no longer change.
	Locked bool
}

// consultationFields lists the form's fields for the given languages.
func consultationFields(langs []formLanguage) []string {
	fields := append([]string{"min_age", "restrict_to_areas", "live_results"}, consultationDateFields...)
	for _, l := range langs {
		fields = append(fields, "title_"+l.Code, "summary_"+l.Code, "body_"+l.Code)
	}
	return fields
}

// consultationForm prepares the form's data.
func (h *Handler) consultationForm(c *fiber.Ctx, action string, editing *consultationView, checked []int64) (*Page, *consultationFormData, error) {
	m := municipality(c)
	areas, err := h.Store.Areas(c.UserContext(), m.ID)
	if err != nil {
		return nil, nil, err
	}
	p := h.page(c, nil)
	d := &consultationFormData{
		Action:      action,
		Languages:   formLanguages(m),
		DateFields:  consultationDateFields,
		DefaultName: p.L.T("consultation.language." + m.DefaultLocale),
	}
	if editing != nil {
		d.Editing = editing.Consultation
		d.Title = editing.Title
	}
	d.setAreas(areas, checked)
	p.Data = d
	return p, d, nil
}

func (d *consultationFormData) setAreas(areas []store.Area, checked []int64) {
	d.Areas = make([]areaChoice, len(areas))
	for i, a := range areas {
		d.Areas[i] = areaChoice{ID: a.ID, Name: a.Name}
		for _, id := range checked {
			if id == a.ID {
				d.Areas[i].Checked = true
			}
		}
	}
}

// parseDay reads a date field in the municipality's time zone and returns
// it as the day at midnight UTC, the form in which the store compares days.
func (e *fieldErrors) parseDay(form map[string]string, field string, loc *time.Location, required bool) sql.NullTime {
	v := form[field]
	if v == "" {
		if required {
			e.add(field, "consultation_form."+field+"_required")
		}
		return sql.NullTime{}
	}
	t, err := time.ParseInLocation(dayLayout, v, loc)
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		e.add(field, "consultation_form.date_invalid_"+field)
		return sql.NullTime{}
	}
	return sql.NullTime{Time: store.Today(loc, t), Valid: true}
}

// parseConsultation validates the consultation form.
func (e *fieldErrors) parseConsultation(form map[string]string, langs []formLanguage, loc *time.Location,
	areas []store.Area, areaValues []string) store.ConsultationInput {
	in := store.ConsultationInput{Title: store.Translations{}, Summary: store.Translations{}, Body: store.Translations{}}
	for _, l := range langs {
		for _, f := range []string{"summary_", "body_"} {
			form[f+l.Code] = normalizeNewlines(form[f+l.Code])
		}
		title, summary, body := form["title_"+l.Code], form["summary_"+l.Code], form["body_"+l.Code]
		if l.Default && title == "" {
			e.add("title_"+l.Code, "consultation_form.title_required")
		}
		e.checkLength("title_"+l.Code, title, consultationTitleMax, "consultation_form.title_long")
		e.checkLength("summary_"+l.Code, summary, consultationSummaryMax, "consultation_form.summary_long")
		e.checkLength("body_"+l.Code, body, consultationBodyMax, "consultation_form.body_long")
		if title != "" {
			in.Title[l.Code] = title
		}
		if summary != "" {
			in.Summary[l.Code] = summary
		}
		if body != "" {
			in.Body[l.Code] = body
		}
	}

	info := e.parseDay(form, "information_from", loc, true)
	input := e.parseDay(form, "input_from", loc, false)
	votingFrom := e.parseDay(form, "voting_from", loc, true)
	votingUntil := e.parseDay(form, "voting_until", loc, true)
	results := e.parseDay(form, "results_from", loc, false)
	before := func(a, b sql.NullTime) bool { return a.Valid && b.Valid && a.Time.Before(b.Time) }
	if before(input, info) {
		e.add("input_from", "consultation_form.input_before_information")
	}
	if before(votingFrom, input) {
		e.add("input_from", "consultation_form.input_after_voting")
	}
	if before(votingFrom, info) {
		e.add("voting_from", "consultation_form.voting_before_information")
	}
	if before(votingUntil, votingFrom) {
		e.add("voting_until", "consultation_form.voting_until_before_from")
	}
	if before(results, votingUntil) {
		e.add("results_from", "consultation_form.results_before_voting_end")
	}
	in.InformationFrom, in.InputFrom, in.VotingFrom, in.VotingUntil, in.ResultsFrom =
		info.Time, input, votingFrom.Time, votingUntil.Time, results

	for _, v := range areaValues {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || !hasArea(areas, id) {
			e.add("areas", "consultation_form.area_invalid")
			continue
		}
		in.AreaIDs = append(in.AreaIDs, id)
	}
	in.RestrictToAreas = form["restrict_to_areas"] != ""
	if in.RestrictToAreas && len(in.AreaIDs) == 0 {
		e.add("restrict_to_areas", "consultation_form.restrict_without_areas")
	}
	if v := form["min_age"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 120 {
			e.add("min_age", "consultation_form.min_age_invalid")
		} else {
			in.MinAge = sql.NullInt32{Int32: int32(n), Valid: true}
		}
	}
	in.LiveResults = form["live_results"] != ""
	return in
}

// submittedConsultation reads and checks the consultation form; when it has
// errors it renders the form again and reports shown.
func (h *Handler) submittedConsultation(c *fiber.Ctx, p *Page, d *consultationFormData) (in store.ConsultationInput, shown bool, err error) {
	m := municipality(c)
	areas, err := h.Store.Areas(c.UserContext(), m.ID)
	if err != nil {
		return in, true, err
	}
	p.Form = formValues(c, consultationFields(d.Languages)...)
	values := formValuesAll(c, "areas")
	errs := newFieldErrors(p.L)
	in = errs.parseConsultation(p.Form, d.Languages, m.Location(), areas, values)
	d.setAreas(areas, in.AreaIDs)
	if errs.any() {
		p.Errors = errs.errors
		return in, true, h.render(c, fiber.StatusUnprocessableEntity, "consultation_form", p)
	}
	return in, false, nil
}

// consultationSaveError turns the store's refusal of a save into a message
// on the re-rendered form; it returns other errors as they are.
func (h *Handler) consultationSaveError(c *fiber.Ctx, p *Page, d *consultationFormData, err error) error {
	m := municipality(c)
	switch {
	case errors.Is(err, store.ErrDefaultLanguageMissing):
		p.Errors = map[string]string{"title_" + m.DefaultLocale: p.L.T("consultation_form.title_required")}
		return h.render(c, fiber.StatusUnprocessableEntity, "consultation_form", p)
	case errors.Is(err, store.ErrHasVotes):
		d.Notice = p.L.T("consultation_form.has_votes_error")
		return h.render(c, fiber.StatusConflict, "consultation_form", p)
	case errors.Is(err, store.ErrWrongStatus):
		d.Notice = p.L.T("consultation.wrong_status")
		return h.render(c, fiber.StatusConflict, "consultation_form", p)
	case errors.Is(err, store.ErrNotFound):
		// A target area went away while the form was open.
		p.Errors = map[string]string{"areas": p.L.T("consultation_form.area_invalid")}
		return h.render(c, fiber.StatusUnprocessableEntity, "consultation_form", p)
	}
	return err
}

// NewConsultationForm shows the form for a new consultation.
func (h *Handler) NewConsultationForm(c *fiber.Ctx) error {
	p, _, err := h.consultationForm(c, "/consultations/new", nil, nil)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "consultation_form", p)
}

// CreateConsultation saves a new consultation as a draft.
func (h *Handler) CreateConsultation(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, d, err := h.consultationForm(c, "/consultations/new", nil, nil)
	if err != nil {
		return err
	}
	in, shown, err := h.submittedConsultation(c, p, d)
	if shown || err != nil {
		return err
	}
	id, err := h.Store.CreateConsultation(c.UserContext(), m.ID, u.ID, in)
	if err != nil {
		return h.consultationSaveError(c, p, d, err)
	}
	h.flash(c, "consultation.flash_created")
	return c.Redirect(consultationPath(id), fiber.StatusSeeOther)
}

// editingConsultation loads the consultation of an edit form; its warning
// says what can no longer change.
func (h *Handler) editingConsultation(c *fiber.Ctx) (*Page, *consultationFormData, error) {
	v, err := h.loadConsultation(c)
	if err != nil {
		return nil, nil, err
	}
	p, d, err := h.consultationForm(c, consultationPath(v.ID)+"/edit", v, v.AreaIDs)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case v.Status != store.ConsultationDraft && v.Status != store.ConsultationPublished:
		d.Locked = true
		d.Notice = p.L.T("consultation.wrong_status")
	case v.HasVotes:
		d.Warning = p.L.T("consultation_form.has_votes_warning")
	}
	return p, d, nil
}

// EditConsultationForm shows the form filled with the consultation.
func (h *Handler) EditConsultationForm(c *fiber.Ctx) error {
	p, d, err := h.editingConsultation(c)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "consultation_form", p)
	}
	cons := d.Editing
	form := map[string]string{
		"information_from": cons.InformationFrom.Format(dayLayout),
		"voting_from":      cons.VotingFrom.Format(dayLayout),
		"voting_until":     cons.VotingUntil.Format(dayLayout),
	}
	if cons.InputFrom.Valid {
		form["input_from"] = cons.InputFrom.Time.Format(dayLayout)
	}
	if cons.ResultsFrom.Valid {
		form["results_from"] = cons.ResultsFrom.Time.Format(dayLayout)
	}
	if cons.MinAge.Valid {
		form["min_age"] = strconv.Itoa(int(cons.MinAge.Int32))
	}
	if cons.RestrictToAreas {
		form["restrict_to_areas"] = "yes"
	}
	if cons.LiveResults {
		form["live_results"] = "yes"
	}
	for _, l := range d.Languages {
		form["title_"+l.Code] = cons.Title[l.Code]
		form["summary_"+l.Code] = cons.Summary[l.Code]
		form["body_"+l.Code] = cons.Body[l.Code]
	}
	p.Form = form
	return h.render(c, fiber.StatusOK, "consultation_form", p)
}

// UpdateConsultation saves an official's changes.
func (h *Handler) UpdateConsultation(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, d, err := h.editingConsultation(c)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "consultation_form", p)
	}
	in, shown, err := h.submittedConsultation(c, p, d)
	if shown || err != nil {
		return err
	}
	if err := h.Store.UpdateConsultation(c.UserContext(), m.ID, u.ID, d.Editing.ID, in); err != nil {
		return h.consultationSaveError(c, p, d, err)
	}
	h.flash(c, "consultation.flash_updated")
	return c.Redirect(consultationPath(d.Editing.ID), fiber.StatusSeeOther)
}
