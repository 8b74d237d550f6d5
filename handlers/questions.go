package handlers

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

const (
	// Limits of a question's texts, per language, and of its options.
	questionPromptMax   = 500
	questionHelpMax     = 1000
	optionLabelMax      = 200
	questionOptionsMax  = 50
	questionPositionMax = 10000
)

// questionID reads the :qid route parameter.
func questionID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("qid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// questionFormData is the data of the question form.
type questionFormData struct {
	Action    string
	C         *consultationView
	Editing   *store.Question
	Number    int
	Languages []formLanguage
	Kinds     []string
	// DefaultName is the default language's name in the reader's language.
	DefaultName string
	// Warning is said before the official starts; Notice when a save failed.
	Warning, Notice string
	// Locked hides the form: the question can no longer change.
	Locked bool
}

// questionFields lists the question form's fields for the given languages.
func questionFields(langs []formLanguage) []string {
	fields := []string{"kind", "position", "min_choices", "max_choices", "budget"}
	for _, l := range langs {
		fields = append(fields, "prompt_"+l.Code, "help_"+l.Code, "options_"+l.Code)
	}
	return fields
}

// questionForm loads the consultation and, for an edit, the question.
func (h *Handler) questionForm(c *fiber.Ctx, editing bool) (*Page, *questionFormData, []store.Question, error) {
	v, questions, err := h.loadConsultationQuestions(c)
	if err != nil {
		return nil, nil, nil, err
	}
	m := municipality(c)
	p := h.page(c, nil)
	d := &questionFormData{
		Action:      consultationPath(v.ID) + "/questions/new",
		C:           v,
		Number:      len(questions) + 1,
		Languages:   formLanguages(m),
		Kinds:       store.QuestionKinds,
		DefaultName: p.L.T("consultation.language." + m.DefaultLocale),
	}
	if editing {
		qid, err := questionID(c)
		if err != nil {
			return nil, nil, nil, err
		}
		for i := range questions {
			if questions[i].ID == qid {
				d.Editing, d.Number = &questions[i], i+1
			}
		}
		if d.Editing == nil {
			return nil, nil, nil, fiber.ErrNotFound
		}
		d.Action = consultationPath(v.ID) + "/questions/" + strconv.FormatInt(qid, 10) + "/edit"
	}
	switch {
	case v.Status != store.ConsultationDraft && v.Status != store.ConsultationPublished:
		d.Locked, d.Notice = true, p.L.T("consultation.wrong_status")
	case v.HasVotes && !editing:
		d.Locked, d.Notice = true, p.L.T("question_form.has_votes_no_new")
	case v.HasVotes:
		d.Warning = p.L.T("question_form.has_votes_warning")
	}
	p.Data = d
	return p, d, questions, nil
}

// optionLines splits a list of options into its non-empty lines.
func optionLines(text string) []string {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

// splitCost splits "Benker i parken | 150000" into its label and cost text.
func splitCost(line string) (label, cost string, found bool) {
	i := strings.LastIndex(line, "|")
	if i < 0 {
		return line, "", false
	}
	return strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+1:]), true
}

// parseKroner reads a positive whole amount of kroner. Spaces and full stops
// may group the thousands ("150 000", "150.000") and "kr" may follow.
func parseKroner(s string) (int64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "."), "kr")
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ".", "").Replace(s)
	if s == "" || len(s) > 15 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// parseQuestion validates the question form. position is used when the
// official leaves the position empty.
func (e *fieldErrors) parseQuestion(form map[string]string, langs []formLanguage, position int) store.QuestionInput {
	in := store.QuestionInput{Kind: form["kind"], Position: position, Prompt: store.Translations{}, Help: store.Translations{}}
	if !isOneOf(store.QuestionKinds, in.Kind) {
		e.add("kind", "question_form.kind_required")
	}
	def := langs[0]
	for _, l := range langs {
		form["help_"+l.Code] = normalizeNewlines(form["help_"+l.Code])
		form["options_"+l.Code] = normalizeNewlines(form["options_"+l.Code])
		prompt, help := form["prompt_"+l.Code], form["help_"+l.Code]
		if l.Default && prompt == "" {
			e.add("prompt_"+l.Code, "question_form.prompt_required")
		}
		e.checkLength("prompt_"+l.Code, prompt, questionPromptMax, "question_form.prompt_long")
		e.checkLength("help_"+l.Code, help, questionHelpMax, "question_form.help_long")
		if prompt != "" {
			in.Prompt[l.Code] = prompt
		}
		if help != "" {
			in.Help[l.Code] = help
		}
	}
	if v := form["position"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > questionPositionMax {
			e.add("position", "question_form.position_invalid")
		} else {
			in.Position = n
		}
	}

	budget := in.Kind == store.QuestionBudget
	if !store.HasOptions(in.Kind) {
		for _, l := range langs {
			if len(optionLines(form["options_"+l.Code])) > 0 {
				e.add("options_"+l.Code, "question_form.options_not_allowed")
			}
		}
		return in
	}

	// The default language's list decides the options and their costs.
	field := "options_" + def.Code
	lines := optionLines(form[field])
	switch {
	case len(lines) < 2:
		e.add(field, "question_form.options_too_few")
	case len(lines) > questionOptionsMax:
		e.addMessage(field, "question_form.options_too_many", "Max", questionOptionsMax)
	}
	costsOK := true
	for i, line := range lines {
		label := line
		if budget {
			var costText string
			var found bool
			label, costText, found = splitCost(line)
			cost, ok := parseKroner(costText)
			switch {
			case !found:
				e.addMessage(field, "question_form.cost_missing", "Line", i+1)
				costsOK = false
			case !ok:
				e.addMessage(field, "question_form.cost_invalid", "Line", i+1)
				costsOK = false
			}
			in.Options = append(in.Options, store.OptionInput{Cost: sql.NullInt64{Int64: cost, Valid: ok}})
		} else {
			in.Options = append(in.Options, store.OptionInput{})
		}
		if label == "" {
			e.addMessage(field, "question_form.option_empty", "Line", i+1)
		}
		e.checkLength(field, label, optionLabelMax, "question_form.option_long")
		in.Options[i].Label = store.Translations{def.Code: label}
	}
	// Other languages: optional, but line for line when written.
	for _, l := range langs[1:] {
		other := optionLines(form["options_"+l.Code])
		if len(other) == 0 {
			continue
		}
		if len(other) != len(lines) {
			e.addMessage("options_"+l.Code, "question_form.options_count_mismatch",
				"Count", len(other), "Want", len(lines), "Default", e.l.T("consultation.language."+def.Code))
			continue
		}
		for i, line := range other {
			label := line
			if budget {
				label, _, _ = splitCost(line)
			}
			e.checkLength("options_"+l.Code, label, optionLabelMax, "question_form.option_long")
			if label != "" {
				in.Options[i].Label[l.Code] = label
			}
		}
	}

	if in.Kind == store.QuestionMultiple {
		if v := form["min_choices"]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > questionOptionsMax {
				e.add("min_choices", "question_form.min_invalid")
			} else {
				in.MinChoices = n
			}
		}
		if v := form["max_choices"]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > questionOptionsMax {
				e.add("max_choices", "question_form.max_invalid")
			} else {
				in.MaxChoices = sql.NullInt32{Int32: int32(n), Valid: true}
			}
		}
		if in.MaxChoices.Valid && in.MinChoices > int(in.MaxChoices.Int32) {
			e.add("min_choices", "question_form.min_above_max")
		}
		if n := len(lines); n >= 2 {
			if in.MaxChoices.Valid && int(in.MaxChoices.Int32) > n {
				e.addMessage("max_choices", "question_form.max_above_options", "Count", n)
			}
			if in.MinChoices > n {
				e.addMessage("min_choices", "question_form.min_above_options", "Count", n)
			}
		}
	}

	if budget {
		total, ok := parseKroner(form["budget"])
		switch {
		case form["budget"] == "":
			e.add("budget", "question_form.budget_required")
		case !ok:
			e.add("budget", "question_form.budget_invalid")
		default:
			in.Budget = sql.NullInt64{Int64: total, Valid: true}
		}
		if ok && costsOK && len(in.Options) > 0 {
			fits := false
			for _, o := range in.Options {
				fits = fits || o.Cost.Int64 <= total
			}
			if !fits {
				e.add("budget", "question_form.nothing_fits")
			}
		}
	}
	return in
}

// submittedQuestion reads and checks the question form; when it has errors
// it renders the form again and reports shown.
func (h *Handler) submittedQuestion(c *fiber.Ctx, p *Page, d *questionFormData, position int) (in store.QuestionInput, shown bool, err error) {
	p.Form = formValues(c, questionFields(d.Languages)...)
	errs := newFieldErrors(p.L)
	in = errs.parseQuestion(p.Form, d.Languages, position)
	if errs.any() {
		p.Errors = errs.errors
		return in, true, h.render(c, fiber.StatusUnprocessableEntity, "question_form", p)
	}
	return in, false, nil
}

// questionSaveError turns the store's refusal of a save into a notice on
// the re-rendered form; it returns other errors as they are.
func (h *Handler) questionSaveError(c *fiber.Ctx, p *Page, d *questionFormData, err error) error {
	switch {
	case errors.Is(err, store.ErrHasVotes):
		if d.Editing == nil {
			d.Notice = p.L.T("question_form.has_votes_no_new")
		} else {
			d.Notice = p.L.T("question_form.has_votes_error")
		}
		return h.render(c, fiber.StatusConflict, "question_form", p)
	case errors.Is(err, store.ErrWrongStatus):
		d.Notice = p.L.T("consultation.wrong_status")
		return h.render(c, fiber.StatusConflict, "question_form", p)
	}
	return notFoundAs404(err)
}

// NewQuestionForm shows the form to add a question.
func (h *Handler) NewQuestionForm(c *fiber.Ctx) error {
	p, d, _, err := h.questionForm(c, false)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "question_form", p)
	}
	p.Form = map[string]string{"position": strconv.Itoa(d.Number)}
	return h.render(c, fiber.StatusOK, "question_form", p)
}

// CreateQuestion adds a question to the consultation.
func (h *Handler) CreateQuestion(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, d, _, err := h.questionForm(c, false)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "question_form", p)
	}
	in, shown, err := h.submittedQuestion(c, p, d, d.Number)
	if shown || err != nil {
		return err
	}
	if _, err := h.Store.CreateQuestion(c.UserContext(), m.ID, u.ID, d.C.ID, in); err != nil {
		return h.questionSaveError(c, p, d, err)
	}
	h.flash(c, "question_form.flash_created")
	return c.Redirect(consultationPath(d.C.ID)+"#questions", fiber.StatusSeeOther)
}

// EditQuestionForm shows the form filled with the question.
func (h *Handler) EditQuestionForm(c *fiber.Ctx) error {
	p, d, _, err := h.questionForm(c, true)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "question_form", p)
	}
	q := d.Editing
	form := map[string]string{"kind": q.Kind, "position": strconv.Itoa(q.Position)}
	if q.Kind == store.QuestionMultiple {
		form["min_choices"] = strconv.Itoa(q.MinChoices)
		if q.MaxChoices.Valid {
			form["max_choices"] = strconv.Itoa(int(q.MaxChoices.Int32))
		}
	}
	if q.Budget.Valid {
		form["budget"] = strconv.FormatInt(q.Budget.Int64, 10)
	}
	for _, l := range d.Languages {
		form["prompt_"+l.Code] = q.Prompt[l.Code]
		form["help_"+l.Code] = q.Help[l.Code]
		lines := make([]string, 0, len(q.Options))
		for _, o := range q.Options {
			line := o.Label[l.Code]
			if l.Default && o.Cost.Valid {
				line += " | " + strconv.FormatInt(o.Cost.Int64, 10)
			}
			lines = append(lines, line)
		}
		if strings.TrimSpace(strings.Join(lines, "")) != "" || l.Default {
			form["options_"+l.Code] = strings.Join(lines, "\n")
		}
	}
	p.Form = form
	return h.render(c, fiber.StatusOK, "question_form", p)
}

// UpdateQuestion saves changes to a question; once the consultation has
// ballots, only its wording may change.
func (h *Handler) UpdateQuestion(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, d, _, err := h.questionForm(c, true)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "question_form", p)
	}
	in, shown, err := h.submittedQuestion(c, p, d, d.Editing.Position)
	if shown || err != nil {
		return err
	}
	if err := h.Store.UpdateQuestion(c.UserContext(), m.ID, u.ID, d.C.ID, d.Editing.ID, in); err != nil {
		return h.questionSaveError(c, p, d, err)
	}
	h.flash(c, "question_form.flash_updated")
	return c.Redirect(consultationPath(d.C.ID)+"#questions", fiber.StatusSeeOther)
}

// DeleteQuestion removes a question from a consultation without ballots.
func (h *Handler) DeleteQuestion(c *fiber.Ctx) error {
	id, err := consultationID(c)
	if err != nil {
		return err
	}
	qid, err := questionID(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	err = h.Store.DeleteQuestion(c.UserContext(), m.ID, u.ID, id, qid)
	switch {
	case errors.Is(err, store.ErrHasVotes):
		return h.refuseOnConsultation(c, fiber.StatusConflict, "question_form.has_votes_no_delete")
	case errors.Is(err, store.ErrWrongStatus):
		return h.refuseOnConsultation(c, fiber.StatusConflict, "consultation.wrong_status")
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "question_form.flash_deleted")
	return c.Redirect(consultationPath(id)+"#questions", fiber.StatusSeeOther)
}
