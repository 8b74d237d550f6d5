package handlers

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

const (
	// meetingsPerPage is how many meetings one page of the list shows.
	meetingsPerPage = 20
	// waitingShown is how many meetings waiting for approval the list shows.
	waitingShown = 10
)

func meetingPath(id int64) string { return fmt.Sprintf("/meetings/%d", id) }

// ---- Shared pieces ----

// meetingID reads the :id route parameter.
func meetingID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// proposedBy reports whether u proposed (and so organises) the meeting.
func proposedBy(u *store.User, mt *store.Meeting) bool {
	return u != nil && ((mt.OrganiserID.Valid && mt.OrganiserID.Int64 == u.ID) || (mt.CreatedBy.Valid && mt.CreatedBy.Int64 == u.ID))
}

// canSeeMeeting says who sees a meeting: scheduled and cancelled ones are
// public; a proposed or rejected one is seen by its proposer and officials.
func canSeeMeeting(u *store.User, mt *store.Meeting) bool {
	switch mt.Status {
	case store.MeetingScheduled, store.MeetingCancelled:
		return true
	case store.MeetingProposed, store.MeetingRejected:
		return canAnswer(u) || proposedBy(u, mt)
	}
	return false
}

// loadMeeting reads the meeting of the :id parameter as the current user may
// see it; any other is not found.
func (h *Handler) loadMeeting(c *fiber.Ctx) (*store.Meeting, error) {
	id, err := meetingID(c)
	if err != nil {
		return nil, err
	}
	mt, err := h.Store.MeetingByID(c.UserContext(), municipality(c).ID, id)
	if err != nil {
		return nil, notFoundAs404(err)
	}
	if !canSeeMeeting(currentUser(c), mt) {
		return nil, fiber.ErrNotFound
	}
	return mt, nil
}

// meetingWhen is a meeting's time as pages show it, in the municipality's
// time zone: the day ("Tirsdag 1. desember 2026") and the span of hours
// ("kl. 18.00–20.00", or up to another day's date and time).
type meetingWhen struct {
	StartISO, EndISO string
	DayISO           string
	Day              string
	Span             string
}

// meetingClock writes a time of day in the reader's language (18.00 or 18:00).
func meetingClock(l *locales.Localizer, t time.Time) string {
	return l.T("meetings.clock", "Hour", fmt.Sprintf("%02d", t.Hour()), "Minute", fmt.Sprintf("%02d", t.Minute()))
}

// dayHeading writes a day with its weekday ("Tirsdag 1. desember 2026").
func dayHeading(l *locales.Localizer, t time.Time) string {
	return l.T("meetings.day", "Weekday", l.T(fmt.Sprintf("meeting_weekday.d%d", int(t.Weekday()))), "Date", l.Date(t))
}

func whenOf(l *locales.Localizer, loc *time.Location, start, end time.Time) meetingWhen {
	s, e := start.In(loc), end.In(loc)
	w := meetingWhen{StartISO: l.ISO(start), EndISO: l.ISO(end), DayISO: s.Format(dayLayout), Day: dayHeading(l, s)}
	if sy, sm, sd := s.Date(); e.Year() == sy && e.Month() == sm && e.Day() == sd {
		w.Span = l.T("meetings.time_span", "From", meetingClock(l, s), "To", meetingClock(l, e))
	} else {
		w.Span = l.T("meetings.time_span_days", "From", meetingClock(l, s), "ToDate", l.Date(e), "ToTime", meetingClock(l, e))
	}
	return w
}

// meetingFact is one low-threshold fact: its name (icon and style) and what
// it says in the reader's language.
type meetingFact struct {
	Name, Text string
}

// meetingFacts lists the facts a meeting has, in the order of
// store.MeetingFactNames.
func meetingFacts(l *locales.Localizer, mt *store.Meeting) []meetingFact {
	var facts []meetingFact
	for _, name := range store.MeetingFactNames {
		has := false
		text := l.T("meeting_fact." + name)
		switch name {
		case "step_free":
			has = mt.StepFree
		case "hearing_loop":
			has = mt.HearingLoop
		case "sign_language":
			has = mt.SignLanguage
		case "interpretation":
			if langs := nonEmptyStrings(mt.Interpretation); len(langs) > 0 {
				has = true
				text = l.T("meeting_fact.interpretation_into", "Languages", strings.Join(langs, ", "))
			}
		case "childcare":
			has = mt.Childcare
		case "food_served":
			has = mt.FoodServed
		case "free_of_charge":
			has = mt.FreeOfCharge
		case "no_registration":
			has = !mt.RegistrationRequired
		}
		if has {
			facts = append(facts, meetingFact{Name: name, Text: text})
		}
	}
	return facts
}

func nonEmptyStrings(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// meetingItem is a meeting as lists show it. It carries the reader's
// localizer for the partials that show it.
type meetingItem struct {
	L        *locales.Localizer
	ID       int64
	Status   string
	Title    localText
	When     meetingWhen
	Area     string // "": the whole municipality
	Place    string // address and room
	Online   bool
	Facts    []meetingFact
	Ongoing  bool
	Past     bool
	Minutes  bool
	Required bool
	Capacity int // 0: no limit
	Taken    int
	Waiting  int
	Full     bool
}

func meetingPlace(mt *store.Meeting) string {
	var parts []string
	for _, s := range []string{mt.Address, mt.Room} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func (h *Handler) meetingItem(l *locales.Localizer, m *store.Municipality, mt *store.Meeting, now time.Time) meetingItem {
	it := meetingItem{
		L:        l,
		ID:       mt.ID,
		Status:   mt.Status,
		Title:    localize(mt.Title, l.Lang, m.DefaultLocale),
		When:     whenOf(l, m.Location(), mt.StartsAt, mt.EndsAt),
		Place:    meetingPlace(mt),
		Online:   mt.OnlineURL != "",
		Facts:    meetingFacts(l, mt),
		Ongoing:  mt.Started(now) && now.Before(mt.EndsAt),
		Past:     !now.Before(mt.EndsAt),
		Minutes:  mt.MinutesPublishedAt.Valid,
		Required: mt.RegistrationRequired,
		Taken:    mt.Registered,
		Waiting:  mt.Waiting,
		Full:     mt.Full(),
	}
	if mt.AreaName.Valid {
		it.Area = mt.AreaName.String
	}
	if mt.Capacity.Valid {
		it.Capacity = int(mt.Capacity.Int32)
	}
	return it
}

// ---- The list ----

// meetingDay is one day of the list with its meetings.
type meetingDay struct {
	ISO, Heading string
	Items        []meetingItem
}

// byDay groups meetings in order by their local day.
func byDay(items []meetingItem) []meetingDay {
	var days []meetingDay
	for _, it := range items {
		if n := len(days); n == 0 || days[n-1].ISO != it.When.DayISO {
			days = append(days, meetingDay{ISO: it.When.DayISO, Heading: it.When.Day})
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return days
}

// factChoice is one fact checkbox of the filter form.
type factChoice struct {
	Name    string
	Checked bool
}

type meetingListData struct {
	Past                   bool
	Days                   []meetingDay
	Areas                  []store.Area
	Facts                  []factChoice
	Filtered               bool
	Official               bool
	Waiting                []meetingDay // officials: proposed meetings; residents: their own proposed or rejected ones
	Own                    bool         // Waiting lists the reader's own proposals
	MoreWaiting            bool         // more are waiting than Waiting shows
	UpcomingHref, PastHref string
	PrevPage, NextPage     string
	FeedURL                string
}

// Meetings lists the neighbourhood meetings: upcoming ones by day, soonest
// first, or past ones (?when=past), newest first; filtered by area, from a
// date and by low-threshold facts.
func (h *Handler) Meetings(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	loc := m.Location()
	now := time.Now()
	errs := newFieldErrors(p.L)

	past := c.Query("when") == "past"
	f := store.MeetingFilter{Past: past, Now: now}
	form := p.Form
	if past {
		form["when"] = "past"
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(c.Query("area")), 10, 64); err == nil && hasArea(areas, id) {
		f.AreaID = id
		form["area"] = strconv.FormatInt(id, 10)
	}
	if from := strings.TrimSpace(c.Query("from")); from != "" {
		form["from"] = from
		day, err := time.ParseInLocation(dayLayout, from, loc)
		if err != nil || day.Year() < 2000 || day.Year() > 2200 {
			errs.add("from", "meetings.from_invalid")
		} else {
			f.From = day
		}
	}
	var facts []factChoice
	for _, name := range store.MeetingFactNames {
		checked := false
		for _, v := range c.Context().QueryArgs().PeekMulti("fact") {
			if string(v) == name {
				checked = true
			}
		}
		if checked {
			f.Facts = append(f.Facts, name)
		}
		facts = append(facts, factChoice{Name: name, Checked: checked})
	}
	pageNo := c.QueryInt("page", 1)
	if pageNo < 1 || pageNo > 1000 {
		pageNo = 1
	}
	f.Limit = pageNo*meetingsPerPage + 1
	list, err := h.Store.ListMeetings(ctx, m.ID, f)
	if err != nil {
		return err
	}
	more := len(list) > pageNo*meetingsPerPage
	first := (pageNo - 1) * meetingsPerPage
	if first > len(list) {
		first = len(list)
	}
	list = list[first:min(len(list), pageNo*meetingsPerPage)]

	data := meetingListData{
		Past: past, Areas: areas, Facts: facts, Official: canAnswer(u),
		Filtered: f.AreaID != 0 || !f.From.IsZero() || len(f.Facts) > 0,
		FeedURL:  h.absoluteURL(c, "/meetings.ics"),
	}
	items := make([]meetingItem, len(list))
	for i := range list {
		items[i] = h.meetingItem(p.L, m, &list[i], now)
	}
	data.Days = byDay(items)
	if !past && u != nil {
		waiting := store.MeetingFilter{Now: now, Statuses: []string{store.MeetingProposed}, Limit: waitingShown + 1}
		if !data.Official {
			// The reader's own meetings of every status; those scheduled
			// are in the list already.
			waiting = store.MeetingFilter{Now: now, Statuses: []string{}, ProposedBy: u.ID, Limit: 2 * waitingShown}
			data.Own = true
		}
		proposed, err := h.Store.ListMeetings(ctx, m.ID, waiting)
		if err != nil {
			return err
		}
		var waitingItems []meetingItem
		for i := range proposed {
			if proposed[i].Status == store.MeetingProposed || proposed[i].Status == store.MeetingRejected {
				waitingItems = append(waitingItems, h.meetingItem(p.L, m, &proposed[i], now))
			}
		}
		if len(waitingItems) > waitingShown {
			waitingItems, data.MoreWaiting = waitingItems[:waitingShown], data.Official
		}
		data.Waiting = byDay(waitingItems)
	}

	link := func(when string, n int) string {
		q := url.Values{}
		if when != "" {
			q.Set("when", when)
		}
		for _, k := range []string{"area", "from"} {
			if form[k] != "" && !(k == "from" && errs.any()) {
				q.Set(k, form[k])
			}
		}
		for _, fact := range f.Facts {
			q.Add("fact", fact)
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return "/meetings"
		}
		return "/meetings?" + q.Encode()
	}
	data.UpcomingHref, data.PastHref = link("", 1), link("past", 1)
	when := ""
	if past {
		when = "past"
	}
	if pageNo > 1 {
		data.PrevPage = link(when, pageNo-1)
	}
	if more {
		data.NextPage = link(when, pageNo+1)
	}
	p.Data = data
	status := fiber.StatusOK
	if errs.any() {
		p.Errors = errs.errors
		status = fiber.StatusUnprocessableEntity
	}
	return h.render(c, status, "meetings", p)
}

// absoluteURL is path on this municipality's site: the scheme of BASE_URL
// (the public address may be https behind a proxy) with the host the
// request came to, since each municipality has its own host name.
func (h *Handler) absoluteURL(c *fiber.Ctx, path string) string {
	host := c.Hostname()
	if h.BaseURL == nil {
		return c.Protocol() + "://" + host + path
	}
	if strings.EqualFold(h.BaseURL.Host, host) {
		return strings.TrimSuffix(h.BaseURL.String(), "/") + path
	}
	return h.BaseURL.Scheme + "://" + host + path
}

// ---- The meeting page ----

// linkedConsultation is the consultation a meeting belongs to.
type linkedConsultation struct {
	ID    int64
	Title localText
}

type meetingPageData struct {
	M    *store.Meeting
	Item meetingItem
	// Texts in the reader's language, or the default one (MissingLang).
	Description     localText
	DescriptionHTML template.HTML
	MissingLang     string
	Consultation    *linkedConsultation
	Linked, Raised  []store.MeetingProposal
	Minutes         localText
	MinutesHTML     template.HTML
	MinutesOn       string
	MinutesOnISO    string
	Organiser       string
	// Registration of the signed-in resident: "", registered or waiting.
	Registration string
	Position     int
	// Register says what the registration box offers: open, waiting_list,
	// full, started, over, cancelled, closed (proposed or rejected) or
	// not_needed.
	Register string
	Official bool
	Notice   string
}

// meetingPage loads the meeting page's data for the reader.
func (h *Handler) meetingPage(c *fiber.Ctx) (*Page, *meetingPageData, error) {
	mt, err := h.loadMeeting(c)
	if err != nil {
		return nil, nil, err
	}
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	p := h.page(c, nil)
	now := time.Now()
	d := &meetingPageData{
		M:           mt,
		Item:        h.meetingItem(p.L, m, mt, now),
		Description: localize(mt.Description, p.L.Lang, m.DefaultLocale),
		Official:    canAnswer(u),
		Organiser:   strings.TrimSpace(mt.OrganiserName),
	}
	d.DescriptionHTML = renderText(d.Description.Text)
	for _, t := range []localText{d.Item.Title, d.Description} {
		if t.Missing && d.MissingLang == "" {
			d.MissingLang = t.Lang
		}
	}
	if mt.ConsultationID.Valid {
		cons, err := h.Store.ConsultationByID(ctx, m.ID, mt.ConsultationID.Int64)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		if err == nil && (cons.Status != store.ConsultationDraft || d.Official) {
			d.Consultation = &linkedConsultation{ID: cons.ID, Title: localize(cons.Title, p.L.Lang, m.DefaultLocale)}
		}
	}
	proposals, err := h.Store.MeetingProposals(ctx, m.ID, mt.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, pr := range proposals {
		if pr.Relation == "raised" {
			d.Raised = append(d.Raised, pr)
		} else {
			d.Linked = append(d.Linked, pr)
		}
	}
	if mt.MinutesPublishedAt.Valid {
		d.Minutes = localize(mt.Minutes, p.L.Lang, m.DefaultLocale)
		d.MinutesHTML = renderText(d.Minutes.Text)
		d.MinutesOn = p.L.Date(mt.MinutesPublishedAt.Time)
		d.MinutesOnISO = p.L.ISO(mt.MinutesPublishedAt.Time)
	}
	switch {
	case mt.Status == store.MeetingCancelled:
		d.Register = "cancelled"
	case mt.Status != store.MeetingScheduled:
		d.Register = "closed"
	case !now.Before(mt.EndsAt):
		d.Register = "over"
	case mt.Started(now):
		d.Register = "started"
	case !mt.RegistrationRequired:
		d.Register = "not_needed"
	case mt.Full() && mt.WaitingList:
		d.Register = "waiting_list"
	case mt.Full():
		d.Register = "full"
	default:
		d.Register = "open"
	}
	if u != nil && mt.RegistrationRequired {
		reg, err := h.Store.RegistrationOf(ctx, m.ID, u.ID, mt.ID)
		switch {
		case err == nil:
			d.Registration, d.Position = reg.Status, reg.Position
		case !errors.Is(err, store.ErrNotFound):
			return nil, nil, err
		}
	}
	p.Data = d
	return p, d, nil
}

// Meeting shows everything about a meeting, with the registration box for
// residents and the organiser's controls for officials.
func (h *Handler) Meeting(c *fiber.Ctx) error {
	p, _, err := h.meetingPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "meeting", p)
}

// refuseOnMeeting re-renders the meeting page with a notice that says why
// an act was refused.
func (h *Handler) refuseOnMeeting(c *fiber.Ctx, status int, messageID string) error {
	p, d, err := h.meetingPage(c)
	if err != nil {
		return err
	}
	d.Notice = p.L.T(messageID)
	return h.render(c, status, "meeting", p)
}

// ---- Registration ----

// RegisterForMeeting registers the signed-in resident, or puts them on the
// waiting list when the meeting is full.
func (h *Handler) RegisterForMeeting(c *fiber.Ctx) error {
	mt, err := h.loadMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	reg, err := h.Store.Register(c.UserContext(), m.ID, u.ID, mt.ID)
	switch {
	case errors.Is(err, store.ErrAlreadyRegistered):
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_already_registered")
	case errors.Is(err, store.ErrMeetingFull):
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_full")
	case errors.Is(err, store.ErrMeetingPast):
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_started")
	case errors.Is(err, store.ErrMeetingNotOpen):
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_not_open")
	case err != nil:
		return notFoundAs404(err)
	}
	if reg.Status == store.RegistrationWaiting {
		h.flash(c, "meeting.flash_waiting")
	} else {
		h.flash(c, "meeting.flash_registered")
	}
	return c.Redirect(meetingPath(mt.ID)+"#registration", fiber.StatusSeeOther)
}

// UnregisterFromMeeting cancels the signed-in resident's registration or
// place on the waiting list, until the meeting starts.
func (h *Handler) UnregisterFromMeeting(c *fiber.Ctx) error {
	mt, err := h.loadMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	if mt.Started(time.Now()) {
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_unregister_started")
	}
	reg, err := h.Store.RegistrationOf(c.UserContext(), m.ID, u.ID, mt.ID)
	if errors.Is(err, store.ErrNotFound) {
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_not_registered")
	}
	if err != nil {
		return err
	}
	err = h.Store.CancelRegistration(c.UserContext(), m.ID, u.ID, mt.ID)
	if errors.Is(err, store.ErrNotFound) {
		return h.refuseOnMeeting(c, fiber.StatusConflict, "meeting.refused_not_registered")
	}
	if err != nil {
		return err
	}
	if reg.Status == store.RegistrationWaiting {
		h.flash(c, "meeting.flash_left_waiting_list")
	} else {
		h.flash(c, "meeting.flash_unregistered")
	}
	return c.Redirect(meetingPath(mt.ID)+"#registration", fiber.StatusSeeOther)
}
