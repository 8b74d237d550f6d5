package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

// consultationView is a consultation as a page shows it: its texts in the
// reader's language and where it is in its life today.
type consultationView struct {
	*store.Consultation
	Title, Summary, Body localText
	Phase                string
	Today                time.Time
}

// localText is a text in the reader's language or, when the official did not
// write one, in the municipality's default language with Missing set, so that
// the page can say so (and mark the language with lang=).
type localText struct {
	Text    string
	Lang    string
	Missing bool
}

// localize picks t's text for lang, falling back to the default language.
func localize(t store.Translations, lang, defaultLang string) localText {
	if s := t[lang]; s != "" {
		return localText{Text: s, Lang: lang}
	}
	if s := t[defaultLang]; s != "" {
		return localText{Text: s, Lang: defaultLang, Missing: true}
	}
	for l, s := range t {
		if s != "" {
			return localText{Text: s, Lang: l, Missing: true}
		}
	}
	return localText{}
}

// consultationID reads the :id route parameter.
func consultationID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// loadConsultation reads the consultation of the :id parameter as the
// current user may see it: drafts exist for officials only. A published
// consultation whose voting days are over is closed first, so that voter
// links never outlive voting even between runs of the closing timer.
func (h *Handler) loadConsultation(c *fiber.Ctx) (*consultationView, error) {
	id, err := consultationID(c)
	if err != nil {
		return nil, err
	}
	m := municipality(c)
	ctx := c.UserContext()
	cons, err := h.Store.ConsultationByID(ctx, m.ID, id)
	if err != nil {
		return nil, notFoundAs404(err)
	}
	today := store.Today(m.Location(), time.Now())
	if cons.Status == store.ConsultationPublished && today.After(cons.VotingUntil) {
		if _, err := h.Store.CloseDueConsultations(ctx, m.ID); err != nil {
			return nil, fmt.Errorf("close due consultations: %w", err)
		}
		if cons, err = h.Store.ConsultationByID(ctx, m.ID, id); err != nil {
			return nil, notFoundAs404(err)
		}
	}
	if cons.Status == store.ConsultationDraft && !canAnswer(currentUser(c)) {
		return nil, fiber.ErrNotFound
	}
	lang := h.localizer(c).Lang
	return &consultationView{
		Consultation: cons,
		Title:        localize(cons.Title, lang, m.DefaultLocale),
		Summary:      localize(cons.Summary, lang, m.DefaultLocale),
		Body:         localize(cons.Body, lang, m.DefaultLocale),
		Phase:        cons.Phase(today),
		Today:        today,
	}, nil
}

// loadConsultationQuestions reads the consultation of the :id parameter, as
// loadConsultation does, with its questions.
func (h *Handler) loadConsultationQuestions(c *fiber.Ctx) (*consultationView, []store.Question, error) {
	v, err := h.loadConsultation(c)
	if err != nil {
		return nil, nil, err
	}
	questions, err := h.Store.Questions(c.UserContext(), v.MunicipalityID, v.ID)
	if err != nil {
		return nil, nil, err
	}
	return v, questions, nil
}
