package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// The periods an official can choose for the outreach plan and the
// participation report.
const (
	period12Months = "12m"
	period24Months = "24m"
	periodAll      = "all"
	periodCustom   = "custom"
)

// periods lists the periods in the order the scope form offers them.
var periods = []string{period12Months, period24Months, periodAll, periodCustom}

// engineScope is what the outreach plan and the participation report look
// at: a period and, optionally, one consultation. Form keeps the query as the
// official typed it, so that the scope form shows it again.
type engineScope struct {
	Form         map[string]string
	Period       string
	From, To     time.Time // [From, To) in the municipality's time zone
	Consultation int64     // 0: every act
	Store        store.ParticipationScope
}

// scopeFields are the query parameters of the scope form.
var scopeFields = []string{"period", "from", "to", "consultation"}

// parseScope reads the scope form from the query string: period (12m, 24m
// — the default —, all, custom), from and to (YYYY-MM-DD, custom period; an
// empty from means the first act, an empty to means today) and consultation
// (an id; empty for every act). Invalid values are reported in e and fall
// back to the default, so the page still shows figures.
func (h *Handler) parseScope(c *fiber.Ctx, e *fieldErrors, now time.Time) (engineScope, error) {
	ctx := c.UserContext()
	m := municipality(c)
	loc := m.Location()
	form := make(map[string]string, len(scopeFields))
	for _, f := range scopeFields {
		form[f] = c.Query(f)
	}
	sc := engineScope{Form: form, Period: form["period"], To: now}
	if form["consultation"] != "" {
		id, err := strconv.ParseInt(form["consultation"], 10, 64)
		if err == nil {
			_, err = h.Store.ConsultationByID(ctx, m.ID, id)
		}
		switch {
		case err == nil:
			sc.Consultation = id
		case id == 0 || errors.Is(err, store.ErrNotFound):
			e.add("consultation", "scope.consultation_unknown")
		default:
			return sc, err
		}
	}
	first := func() (time.Time, error) {
		t, ok, err := h.Store.FirstParticipation(ctx, m.ID)
		if err != nil || !ok {
			return now.AddDate(0, 0, -1), err
		}
		return t, nil
	}
	var err error
	switch sc.Period {
	case "", period24Months:
		sc.Period, sc.From = period24Months, now.AddDate(-2, 0, 0)
	case period12Months:
		sc.From = now.AddDate(-1, 0, 0)
	case periodAll:
		sc.From, err = first()
	case periodCustom:
		from, fromOK := parseScopeDay(e, "from", form["from"], loc)
		to, toOK := parseScopeDay(e, "to", form["to"], loc)
		switch {
		case !fromOK || !toOK:
		case from.IsZero():
			sc.From, err = first()
		default:
			sc.From = from
		}
		if fromOK && toOK && !to.IsZero() {
			sc.To = to.AddDate(0, 0, 1) // the whole of the last day
		}
		if fromOK && toOK && !sc.From.Before(sc.To) {
			e.add("to", "scope.to_before_from")
		}
		if !fromOK || !toOK || !sc.From.Before(sc.To) {
			sc.From, sc.To = now.AddDate(-2, 0, 0), now
		}
	default:
		e.add("period", "scope.period_unknown")
		sc.Period, sc.From = period24Months, now.AddDate(-2, 0, 0)
	}
	if err != nil {
		return sc, err
	}
	sc.Store = store.ParticipationScope{From: sc.From, To: sc.To}
	if sc.Consultation != 0 {
		sc.Store.ScopeType, sc.Store.ScopeID = "consultation", sc.Consultation
	}
	return sc, nil
}

// parseScopeDay reads a YYYY-MM-DD day of the scope form as local midnight;
// an empty value is the zero time.
func parseScopeDay(e *fieldErrors, field, v string, loc *time.Location) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		e.add(field, "scope.date_invalid")
		return time.Time{}, false
	}
	return t, true
}

// unknownBucket counts participants whose segment cannot be compared with
// the population: area, age group or gender not given (or a gender the
// statistics do not have). Each participant counts once, under the first
// missing part.
type unknownBucket struct {
	Total   int
	Area    int // no area
	AgeBand int // an area but no age group
	Gender  int // area and age group, but no gender the statistics have
	// Channels counts them per channel (a participant who used two channels
	// counts in both), in the order of store.Channels.
	Channels []int
}

// engineInput is the outreach engine's view of a municipality for a scope:
// population and distinct participants per segment (area codes), the
// participants who fit no segment, and how each segment was reached.
type engineInput struct {
	Population *store.Population
	Cells      []outreach.Cell
	// Channels holds, per segment, the participants who used each channel,
	// in the order of store.Channels.
	Channels map[outreach.Segment][]int
	Unknown  unknownBucket
	// Areas maps area codes to the municipality's areas.
	Areas map[string]store.Area
	// WithGender is true when the population figures are split by gender.
	WithGender bool
}

// loadEngineInput reads the population and the participants of a scope.
// It returns store.ErrNoPopulation when no population figures exist.
func (h *Handler) loadEngineInput(ctx context.Context, municipalityID int64, scope store.ParticipationScope) (*engineInput, error) {
	pop, err := h.Store.NewestPopulation(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	if pop == nil {
		return nil, store.ErrNoPopulation
	}
	counts, err := h.Store.ParticipantsBySegment(ctx, municipalityID, scope)
	if err != nil {
		return nil, err
	}
	areas, err := h.Store.Areas(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	return buildEngineInput(pop, counts, areas), nil
}

// buildEngineInput pairs population segments with participant counts. A
// segment of the population without participants gets 0; participants in a
// segment the population does not have (an area or age group without
// figures) count as unknown.
func buildEngineInput(pop *store.Population, counts []store.SegmentCount, areas []store.Area) *engineInput {
	in := &engineInput{
		Population: pop,
		Channels:   map[outreach.Segment][]int{},
		Areas:      make(map[string]store.Area, len(areas)),
		Unknown:    unknownBucket{Channels: make([]int, len(store.Channels))},
	}
	codes := make(map[int64]string, len(areas))
	for _, a := range areas {
		in.Areas[a.Code], codes[a.ID] = a, a.Code
	}
	index := map[outreach.Segment]int{}
	popAreas, popBands := map[string]bool{}, map[string]bool{}
	for _, ps := range pop.Segments {
		popAreas[ps.AreaCode], popBands[ps.AgeBand] = true, true
		s := outreach.Segment{Area: ps.AreaCode, AgeBand: ps.AgeBand}
		if ps.Gender != "all" {
			s.Gender, in.WithGender = ps.Gender, true
		}
		if i, ok := index[s]; ok {
			in.Cells[i].Population += ps.Count
			continue
		}
		index[s] = len(in.Cells)
		in.Cells = append(in.Cells, outreach.Cell{Segment: s, Population: ps.Count})
	}
	for _, sc := range counts {
		area := codes[sc.AreaID.Int64]
		s := outreach.Segment{Area: area, AgeBand: sc.AgeBand.String}
		if in.WithGender {
			s.Gender = sc.Gender.String
		}
		byChannel := in.Unknown.Channels
		if i, ok := index[s]; ok && sc.AreaID.Valid && sc.AgeBand.Valid {
			in.Cells[i].Participants += sc.Participants
			if byChannel = in.Channels[s]; byChannel == nil {
				byChannel = make([]int, len(store.Channels))
				in.Channels[s] = byChannel
			}
		} else {
			u := &in.Unknown
			u.Total += sc.Participants
			switch {
			case !sc.AreaID.Valid || !popAreas[area]:
				u.Area += sc.Participants
			case !sc.AgeBand.Valid || !popBands[sc.AgeBand.String]:
				u.AgeBand += sc.Participants
			default:
				u.Gender += sc.Participants
			}
		}
		for j, ch := range store.Channels {
			byChannel[j] += sc.ByChannel(ch)
		}
	}
	return in
}

// representativeness runs the engine on the input. When nobody in scope
// has taken part, the error is outreach.ErrNoRespondents (errors.Is).
func (in *engineInput) representativeness() (*outreach.Report, error) {
	r, err := outreach.Representativeness(in.Cells, outreach.DefaultPrior)
	if err != nil {
		return nil, fmt.Errorf("representativeness: %w", err)
	}
	return r, nil
}

// scopeConsultation is a consultation the scope form offers.
type scopeConsultation struct {
	ID    int64
	Title string
	Lang  string // set when the title is not in the reader's language
}

// scopeFormData is what the scope_form partial needs besides the page.
type scopeFormData struct {
	Periods       []string
	Consultations []scopeConsultation
}

// scopeForm lists the periods and the published consultations, newest
// first, for the scope form.
func (h *Handler) scopeForm(c *fiber.Ctx) (scopeFormData, error) {
	m := municipality(c)
	list, err := h.Store.ListConsultations(c.UserContext(), m.ID, false)
	if err != nil {
		return scopeFormData{}, err
	}
	lang := h.localizer(c).Lang
	d := scopeFormData{Periods: periods, Consultations: make([]scopeConsultation, 0, len(list))}
	for _, cn := range list {
		title := localize(cn.Title, lang, m.DefaultLocale)
		entry := scopeConsultation{ID: cn.ID, Title: title.Text}
		if title.Missing {
			entry.Lang = title.Lang
		}
		d.Consultations = append(d.Consultations, entry)
	}
	return d, nil
}

// shownFigure is a figure of the outreach pages as the reader sees it: its
// text, or a marker that the small-cell rule hides it (a count of people,
// or a share, rate or ratio made from a hidden count).
type shownFigure struct {
	Text   string
	Hidden bool
}
