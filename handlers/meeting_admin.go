package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

// Limits of a meeting's texts; the schema checks those of the place.
const (
	meetingTitleMax        = 200
	meetingDescriptionMax  = 5000
	meetingPlaceMax        = 200
	meetingDirectionsMax   = 1000
	meetingOrganiserMax    = 200
	meetingURLMax          = 500
	meetingCapacityMax     = 100000
	meetingLanguagesMax    = 20
	meetingLanguageNameMax = 50
	meetingLinkedMax       = 20
	meetingReasonMax       = 1000
	// clockLayout is how a time field is written (<input type="time">).
	clockLayout = "15:04"
)

// The three modes of the meeting form.
const (
	meetingModeNew     = "new"     // an official creates a meeting
	meetingModePropose = "propose" // a resident proposes one
	meetingModeEdit    = "edit"    // an official changes one
)

// meetingFactFields are the low-threshold facts ticked in the form, in the
// order the form shows them; spoken-language interpretation is a text field.
var meetingFactFields = []string{"step_free", "hearing_loop", "sign_language", "childcare", "food_served", "free_of_charge"}

// meetingPlainFields are the meeting form's fields besides the texts.
var meetingPlainFields = append([]string{"area", "address", "room", "directions", "start_date", "start_time",
	"end_date", "end_time", "online_url", "capacity", "registration_required", "waiting_list", "consultation",
	"proposals", "organiser_name", "interpretation"}, meetingFactFields...)

// meetingAdminPath is the path of a meeting's page, or of one of its
// official pages with rest ("/edit").
func meetingAdminPath(id int64, rest ...string) string {
	return "/meetings/" + strconv.FormatInt(id, 10) + strings.Join(rest, "")
}

// meetingIDParam reads the :id route parameter.
func meetingIDParam(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// managedMeeting reads the meeting of the :id parameter for an official.
func (h *Handler) managedMeeting(c *fiber.Ctx) (*store.Meeting, error) {
	id, err := meetingIDParam(c)
	if err != nil {
		return nil, err
	}
	mt, err := h.Store.MeetingByID(c.UserContext(), municipality(c).ID, id)
	if err != nil {
		return nil, notFoundAs404(err)
	}
	return mt, nil
}

// ---- The form ----

// meetingConsultation is a consultation a meeting may be linked to.
type meetingConsultation struct {
	ID    int64
	Title localText
}

// meetingProposalHint is a recent proposal, listed to help find numbers.
type meetingProposalHint struct {
	ID    int64
	Title string
}

// meetingFormData is the data of the meeting form.
type meetingFormData struct {
	Mode   string
	Action string
	// Editing is the meeting being changed, with its title in the reader's
	// language and when it starts.
	Editing *store.Meeting
	Title   localText
	When    string
	// Languages are the municipality's languages, the default first.
	Languages   []formLanguage
	DefaultName string
	Areas       []store.Area
	// Consultations and RecentProposals are offered to officials only.
	Consultations   []meetingConsultation
	RecentProposals []meetingProposalHint
	Facts           []string
	// WhenParts and PlaceFields name repeated fields of the form.
	WhenParts, PlaceFields []string
	// Place is where times are read: the municipality's name.
	Place string
	// Warning is said before the official saves; Notice when something was
	// refused.
	Warning, Notice string
	// Locked hides the form: the meeting can no longer change.
	Locked bool
	// For an edited meeting: its status and what the official may do next.
	CanReview, CanCancel, CanRecord bool
}

// Official reports whether the form is an official's (new or edit).
func (d *meetingFormData) Official() bool { return d.Mode != meetingModePropose }

// meetingTextFields lists the title and description fields of each language.
func meetingTextFields(langs []formLanguage) []string {
	fields := make([]string, 0, 2*len(langs))
	for _, l := range langs {
		fields = append(fields, "title_"+l.Code, "description_"+l.Code)
	}
	return fields
}

// meetingForm prepares the form's data for mode; editing is nil unless mode
// is edit.
func (h *Handler) meetingForm(c *fiber.Ctx, mode string, editing *store.Meeting) (*Page, *meetingFormData, error) {
	m := municipality(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	p := h.page(c, nil)
	d := &meetingFormData{
		Mode:        mode,
		Action:      "/meetings/" + mode,
		Languages:   formLanguages(m),
		DefaultName: p.L.T("consultation.language." + m.DefaultLocale),
		Areas:       areas,
		Facts:       meetingFactFields,
		WhenParts:   []string{"start", "end"},
		PlaceFields: []string{"address", "room"},
		Place:       m.Name,
	}
	if mode != meetingModePropose {
		list, err := h.Store.ListConsultations(ctx, m.ID, false)
		if err != nil {
			return nil, nil, err
		}
		for _, cons := range list {
			d.Consultations = append(d.Consultations, meetingConsultation{ID: cons.ID, Title: localize(cons.Title, p.L.Lang, m.DefaultLocale)})
		}
		recent, _, err := h.Store.ListProposals(ctx, m.ID, store.ProposalFilter{Limit: 8}, viewer(c))
		if err != nil {
			return nil, nil, err
		}
		for _, prop := range recent {
			d.RecentProposals = append(d.RecentProposals, meetingProposalHint{ID: prop.ID, Title: prop.Title})
		}
	}
	if editing != nil {
		d.Editing = editing
		d.Action = meetingAdminPath(editing.ID, "/edit")
		d.Title = localize(editing.Title, p.L.Lang, m.DefaultLocale)
		d.When = p.L.DateTime(editing.StartsAt)
		switch editing.Status {
		case store.MeetingScheduled, store.MeetingProposed:
			if editing.Registered+editing.Waiting > 0 {
				d.Warning = p.L.N("meeting_form.registrants_warning", editing.Registered+editing.Waiting)
			}
		default:
			d.Locked = true
			d.Notice = p.L.T("meeting_manage.locked_" + editing.Status)
		}
		d.CanReview = editing.Status == store.MeetingProposed
		d.CanCancel = editing.Status == store.MeetingScheduled
		d.CanRecord = editing.Status == store.MeetingScheduled
	}
	p.Data = d
	return p, d, nil
}

// meetingFormDefaults are a new meeting's values: free, with registration
// and a waiting list, organised by the municipality (or the resident).
func meetingFormDefaults(c *fiber.Ctx, mode string) map[string]string {
	organiser := municipality(c).Name
	if u := currentUser(c); mode == meetingModePropose && u != nil {
		organiser = u.DisplayName
	}
	return map[string]string{
		"free_of_charge":        "yes",
		"registration_required": "yes",
		"waiting_list":          "yes",
		"organiser_name":        organiser,
	}
}

// meetingFormValues fills the form from a stored meeting.
func meetingFormValues(mt *store.Meeting, langs []formLanguage, loc *time.Location, linked []int64) map[string]string {
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return ""
	}
	start, end := mt.StartsAt.In(loc), mt.EndsAt.In(loc)
	form := map[string]string{
		"address":               mt.Address,
		"room":                  mt.Room,
		"directions":            mt.Directions,
		"start_date":            start.Format(dayLayout),
		"start_time":            start.Format(clockLayout),
		"end_time":              end.Format(clockLayout),
		"online_url":            mt.OnlineURL,
		"registration_required": yes(mt.RegistrationRequired),
		"waiting_list":          yes(mt.WaitingList),
		"organiser_name":        mt.OrganiserName,
		"interpretation":        strings.Join(mt.Interpretation, ", "),
		"step_free":             yes(mt.StepFree),
		"hearing_loop":          yes(mt.HearingLoop),
		"sign_language":         yes(mt.SignLanguage),
		"childcare":             yes(mt.Childcare),
		"food_served":           yes(mt.FoodServed),
		"free_of_charge":        yes(mt.FreeOfCharge),
	}
	// The end date shows only when it is not the start date, so that moving
	// a meeting to another day moves its end too.
	if end.Format(dayLayout) != start.Format(dayLayout) {
		form["end_date"] = end.Format(dayLayout)
	}
	if mt.AreaID.Valid {
		form["area"] = strconv.FormatInt(mt.AreaID.Int64, 10)
	}
	if mt.Capacity.Valid {
		form["capacity"] = strconv.Itoa(int(mt.Capacity.Int32))
	}
	if mt.ConsultationID.Valid {
		form["consultation"] = strconv.FormatInt(mt.ConsultationID.Int64, 10)
	}
	numbers := make([]string, len(linked))
	for i, id := range linked {
		numbers[i] = strconv.FormatInt(id, 10)
	}
	form["proposals"] = strings.Join(numbers, ", ")
	for _, l := range langs {
		form["title_"+l.Code] = mt.Title[l.Code]
		form["description_"+l.Code] = mt.Description[l.Code]
	}
	return form
}

// linkedProposalIDs lists the proposals an official linked to a meeting.
func (h *Handler) linkedProposalIDs(c *fiber.Ctx, meetingID int64) ([]int64, error) {
	list, err := h.Store.MeetingProposals(c.UserContext(), municipality(c).ID, meetingID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, mp := range list {
		if mp.Relation == "linked" {
			ids = append(ids, mp.ProposalID)
		}
	}
	return ids, nil
}

// meetingDateLayouts are the ways a date may be written: the date field's
// own, and day.month.year for browsers that show a plain text field.
var meetingDateLayouts = []string{dayLayout, "2.1.2006", "02.01.2006"}

// clockPattern is a time of day: 18:00, 18.00, 9:30 or 18:00:00.
var clockPattern = regexp.MustCompile(`^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?:[:.][0-5][0-9])?$`)

// parseMeetingDate reads a date field; ok is false when it is not a date.
func parseMeetingDate(v string) (time.Time, bool) {
	for _, layout := range meetingDateLayouts {
		if t, err := time.Parse(layout, v); err == nil && t.Year() >= 2000 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseClock reads a time field as hours and minutes.
func parseClock(v string) (hour, minute int, ok bool) {
	m := clockPattern.FindStringSubmatch(v)
	if m == nil {
		return 0, 0, false
	}
	hour, _ = strconv.Atoi(m[1])
	minute, _ = strconv.Atoi(m[2])
	return hour, minute, true
}

// parseMeetingDay reads a date field ("" gives ok false, with an error when
// the field is required).
func (e *fieldErrors) parseMeetingDay(form map[string]string, field string, required bool) (time.Time, bool) {
	v := form[field]
	if v == "" {
		if required {
			e.add(field, "meeting_form."+field+"_required")
		}
		return time.Time{}, false
	}
	day, ok := parseMeetingDate(v)
	if !ok {
		e.add(field, "meeting_form."+field+"_invalid")
	}
	return day, ok
}

// parseMeetingClock reads a time field.
func (e *fieldErrors) parseMeetingClock(form map[string]string, field string) (hour, minute int, ok bool) {
	v := form[field]
	if v == "" {
		e.add(field, "meeting_form."+field+"_required")
		return 0, 0, false
	}
	if hour, minute, ok = parseClock(v); !ok {
		e.add(field, "meeting_form."+field+"_invalid")
	}
	return hour, minute, ok
}

// parseMeetingTimes reads when a meeting starts and ends, in the
// municipality's time zone. An empty end date is the start date.
func (e *fieldErrors) parseMeetingTimes(form map[string]string, loc *time.Location) (start, end time.Time, ok bool) {
	startDay, startDayOK := e.parseMeetingDay(form, "start_date", true)
	startHour, startMinute, startClockOK := e.parseMeetingClock(form, "start_time")
	endDay, endDayOK := startDay, startDayOK
	if form["end_date"] != "" {
		endDay, endDayOK = e.parseMeetingDay(form, "end_date", false)
	}
	endHour, endMinute, endClockOK := e.parseMeetingClock(form, "end_time")
	if !startDayOK || !startClockOK || !endDayOK || !endClockOK {
		return time.Time{}, time.Time{}, false
	}
	at := func(day time.Time, hour, minute int) time.Time {
		y, m, d := day.Date()
		return time.Date(y, m, d, hour, minute, 0, 0, loc)
	}
	return at(startDay, startHour, startMinute), at(endDay, endHour, endMinute), true
}

// splitList splits a list typed with commas or semicolons.
func splitList(v string) []string {
	var items []string
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// parseProposalNumbers reads proposal numbers separated by commas or spaces
// ("12, 15" or "#12 #15").
func (e *fieldErrors) parseProposalNumbers(v string) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(item), "#"), 10, 64)
		if err != nil || id <= 0 {
			e.add("proposals", "meeting_form.proposals_invalid")
			return nil
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) > meetingLinkedMax {
		e.addMessage("proposals", "meeting_form.proposals_too_many", "Max", meetingLinkedMax)
		return nil
	}
	return ids
}

// validMeetingURL accepts a full https address without spaces.
func validMeetingURL(v string) bool {
	if len(v) > meetingURLMax || strings.ContainsAny(v, " \t\r\n<>\"") {
		return false
	}
	u, err := url.Parse(v)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

// parseMeeting validates the meeting form.
func (e *fieldErrors) parseMeeting(form map[string]string, d *meetingFormData, loc *time.Location, now time.Time) store.MeetingInput {
	in := store.MeetingInput{Title: store.Translations{}, Description: store.Translations{}}
	for _, l := range d.Languages {
		titleField, descField := "title_"+l.Code, "description_"+l.Code
		form[descField] = normalizeNewlines(form[descField])
		title, desc := form[titleField], form[descField]
		// A resident may write in any language; an official adds the
		// default language's title before approving.
		if l.Default && title == "" && d.Mode != meetingModePropose {
			e.add(titleField, "meeting_form.title_required")
		}
		e.checkLength(titleField, title, meetingTitleMax, "meeting_form.title_long")
		e.checkLength(descField, desc, meetingDescriptionMax, "meeting_form.description_long")
		if title != "" {
			in.Title[l.Code] = title
		}
		if desc != "" {
			in.Description[l.Code] = desc
		}
	}
	if d.Mode == meetingModePropose && len(in.Title) == 0 && len(d.Languages) > 0 {
		e.add("title_"+d.Languages[0].Code, "meeting_form.title_any_required")
	}

	in.AreaID = e.parseArea(form["area"], d.Areas).Int64
	form["directions"] = normalizeNewlines(form["directions"])
	in.Address, in.Room, in.Directions = form["address"], form["room"], form["directions"]
	e.checkLength("address", in.Address, meetingPlaceMax, "meeting_form.text_long")
	e.checkLength("room", in.Room, meetingPlaceMax, "meeting_form.text_long")
	e.checkLength("directions", in.Directions, meetingDirectionsMax, "meeting_form.text_long")

	start, end, timesOK := e.parseMeetingTimes(form, loc)
	if timesOK && !end.After(start) {
		e.add("end_time", "meeting_form.ends_before_start")
	}
	if timesOK && d.Mode == meetingModePropose && start.Before(now) {
		e.add("start_date", "meeting_form.starts_in_past")
	}
	in.StartsAt, in.EndsAt = start, end

	if v := form["online_url"]; v != "" {
		if !validMeetingURL(v) {
			e.add("online_url", "meeting_form.online_url_invalid")
		}
		in.OnlineURL = v
	}
	if v := form["capacity"]; v != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), "\u00a0", ""))
		if err != nil || n < 1 || n > meetingCapacityMax {
			e.add("capacity", "meeting_form.capacity_invalid")
		} else {
			in.Capacity = sql.NullInt32{Int32: int32(n), Valid: true}
		}
	}
	in.RegistrationRequired = form["registration_required"] != ""
	in.WaitingList = form["waiting_list"] != ""

	if d.Official() {
		if v := form["consultation"]; v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			known := false
			for _, cons := range d.Consultations {
				known = known || (err == nil && cons.ID == id)
			}
			if !known {
				e.add("consultation", "meeting_form.consultation_invalid")
			} else {
				in.ConsultationID = id
			}
		}
		in.ProposalIDs = e.parseProposalNumbers(form["proposals"])
	}

	in.OrganiserName = form["organiser_name"]
	e.checkLength("organiser_name", in.OrganiserName, meetingOrganiserMax, "meeting_form.text_long")

	in.Facts = store.MeetingFacts{
		StepFree:     form["step_free"] != "",
		HearingLoop:  form["hearing_loop"] != "",
		SignLanguage: form["sign_language"] != "",
		Childcare:    form["childcare"] != "",
		FoodServed:   form["food_served"] != "",
		FreeOfCharge: form["free_of_charge"] != "",
	}
	languages := splitList(form["interpretation"])
	if len(languages) > meetingLanguagesMax {
		e.addMessage("interpretation", "meeting_form.interpretation_too_many", "Max", meetingLanguagesMax)
	}
	for _, lang := range languages {
		if utf8.RuneCountInString(lang) > meetingLanguageNameMax {
			e.add("interpretation", "meeting_form.interpretation_invalid")
		}
	}
	in.Facts.Interpretation = languages
	return in
}

// submittedMeeting reads and checks the meeting form; when it has errors it
// renders the form again with what was typed (422) and reports shown.
func (h *Handler) submittedMeeting(c *fiber.Ctx, p *Page, d *meetingFormData) (in store.MeetingInput, shown bool, err error) {
	m := municipality(c)
	p.Form = formValues(c, append(meetingTextFields(d.Languages), meetingPlainFields...)...)
	errs := newFieldErrors(p.L)
	in = errs.parseMeeting(p.Form, d, m.Location(), time.Now())
	if in.OrganiserName == "" {
		in.OrganiserName = meetingFormDefaults(c, d.Mode)["organiser_name"]
		if d.Editing != nil && d.Editing.OrganiserName != "" {
			in.OrganiserName = d.Editing.OrganiserName
		}
	}
	if d.Editing != nil && in.Capacity.Valid && int(in.Capacity.Int32) < d.Editing.Registered {
		errs.errors["capacity"] = p.L.N("meeting_form.capacity_below_registrations", d.Editing.Registered)
	}
	for _, id := range in.ProposalIDs {
		if _, err := h.Store.ProposalByID(c.UserContext(), m.ID, id, viewer(c)); errors.Is(err, store.ErrNotFound) {
			errs.addMessage("proposals", "meeting_form.proposal_missing", "Number", strconv.FormatInt(id, 10))
		} else if err != nil {
			return in, true, err
		}
	}
	if errs.any() {
		p.Errors = errs.errors
		return in, true, h.render(c, fiber.StatusUnprocessableEntity, "meeting_form", p)
	}
	return in, false, nil
}

// meetingSaveError turns the store's refusal of a save into a message on
// the re-rendered form; it returns other errors as they are.
func (h *Handler) meetingSaveError(c *fiber.Ctx, p *Page, d *meetingFormData, err error) error {
	m := municipality(c)
	switch {
	case errors.Is(err, store.ErrDefaultLanguageMissing):
		p.Errors = map[string]string{"title_" + m.DefaultLocale: p.L.T("meeting_form.title_required")}
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_form", p)
	case errors.Is(err, store.ErrEndsBeforeStart):
		p.Errors = map[string]string{"end_time": p.L.T("meeting_form.ends_before_start")}
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_form", p)
	case errors.Is(err, store.ErrCapacityBelowRegistrations):
		// Residents registered while the form was open: say how many now.
		registered := 0
		if d.Editing != nil {
			if mt, err := h.Store.MeetingByID(c.UserContext(), m.ID, d.Editing.ID); err == nil {
				registered = mt.Registered
			}
		}
		p.Errors = map[string]string{"capacity": p.L.N("meeting_form.capacity_below_registrations", registered)}
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_form", p)
	case errors.Is(err, store.ErrWrongMeetingStatus):
		d.Notice = p.L.T("meeting_manage.wrong_status")
		return h.render(c, fiber.StatusConflict, "meeting_form", p)
	case errors.Is(err, store.ErrBlocked):
		d.Notice = p.L.T("meeting_form.blocked")
		return h.render(c, fiber.StatusForbidden, "meeting_form", p)
	case errors.Is(err, store.ErrNotFound):
		// A linked proposal went away while the form was open.
		p.Errors = map[string]string{"proposals": p.L.T("meeting_form.proposals_gone")}
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_form", p)
	}
	return err
}

// NewMeetingForm shows officials the form for a new meeting.
func (h *Handler) NewMeetingForm(c *fiber.Ctx) error {
	return h.blankMeetingForm(c, meetingModeNew)
}

// ProposeMeetingForm shows a resident the form to propose a meeting or group
// of their own.
func (h *Handler) ProposeMeetingForm(c *fiber.Ctx) error {
	return h.blankMeetingForm(c, meetingModePropose)
}

func (h *Handler) blankMeetingForm(c *fiber.Ctx, mode string) error {
	p, d, err := h.meetingForm(c, mode, nil)
	if err != nil {
		return err
	}
	p.Form = meetingFormDefaults(c, mode)
	// The outreach plan links to ?area=ID to plan a meeting in one area;
	// anything but one of the municipality's areas is ignored.
	if id, err := strconv.ParseInt(c.Query("area"), 10, 64); err == nil {
		for _, a := range d.Areas {
			if a.ID == id {
				p.Form["area"] = strconv.FormatInt(id, 10)
			}
		}
	}
	return h.render(c, fiber.StatusOK, "meeting_form", p)
}

// CreateMeeting schedules an official's new meeting.
func (h *Handler) CreateMeeting(c *fiber.Ctx) error {
	return h.saveNewMeeting(c, meetingModeNew, h.Store.CreateMeeting, "meeting_form.flash_created")
}

// ProposeMeeting stores a resident's proposed meeting for an official to
// approve.
func (h *Handler) ProposeMeeting(c *fiber.Ctx) error {
	return h.saveNewMeeting(c, meetingModePropose, h.Store.ProposeMeeting, "meeting_form.flash_proposed")
}

func (h *Handler) saveNewMeeting(c *fiber.Ctx, mode string,
	create func(ctx context.Context, municipalityID, userID int64, in store.MeetingInput) (int64, error), flash string) error {
	m, u := municipality(c), currentUser(c)
	p, d, err := h.meetingForm(c, mode, nil)
	if err != nil {
		return err
	}
	in, shown, err := h.submittedMeeting(c, p, d)
	if shown || err != nil {
		return err
	}
	id, err := create(c.UserContext(), m.ID, u.ID, in)
	if err != nil {
		return h.meetingSaveError(c, p, d, err)
	}
	h.flash(c, flash)
	return c.Redirect(meetingAdminPath(id), fiber.StatusSeeOther)
}

// meetingEditPage prepares the edit page of a meeting, filled with the meeting as
// stored: the form, and the official's review and cancel controls.
func (h *Handler) meetingEditPage(c *fiber.Ctx, mt *store.Meeting) (*Page, *meetingFormData, error) {
	p, d, err := h.meetingForm(c, meetingModeEdit, mt)
	if err != nil {
		return nil, nil, err
	}
	linked, err := h.linkedProposalIDs(c, mt.ID)
	if err != nil {
		return nil, nil, err
	}
	p.Form = meetingFormValues(mt, d.Languages, municipality(c).Location(), linked)
	return p, d, nil
}

// EditMeetingForm shows an official the form filled with the meeting.
func (h *Handler) EditMeetingForm(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	p, d, err := h.meetingEditPage(c, mt)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if d.Locked {
		status = fiber.StatusConflict
	}
	return h.render(c, status, "meeting_form", p)
}

// UpdateMeeting saves an official's changes; when the time or place changes,
// the store notifies everyone registered.
func (h *Handler) UpdateMeeting(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	p, d, err := h.meetingForm(c, meetingModeEdit, mt)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "meeting_form", p)
	}
	in, shown, err := h.submittedMeeting(c, p, d)
	if shown || err != nil {
		return err
	}
	if err := h.Store.UpdateMeeting(c.UserContext(), m.ID, u.ID, mt.ID, in); err != nil {
		return h.meetingSaveError(c, p, d, err)
	}
	h.flash(c, "meeting_form.flash_updated")
	return c.Redirect(meetingAdminPath(mt.ID), fiber.StatusSeeOther)
}

// refuseOnMeetingEdit shows the edit page again with a notice that says why
// a step was refused.
func (h *Handler) refuseOnMeetingEdit(c *fiber.Ctx, mt *store.Meeting, status int, messageID string) error {
	p, d, err := h.meetingEditPage(c, mt)
	if err != nil {
		return err
	}
	d.Notice = p.L.T(messageID)
	return h.render(c, status, "meeting_form", p)
}

// CancelMeeting cancels a scheduled meeting with a reason. It stays visible
// as cancelled; everyone registered or waiting is notified.
func (h *Handler) CancelMeeting(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	reason := normalizeNewlines(strings.TrimSpace(c.FormValue("reason")))
	messageID := ""
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		messageID = "meeting_manage.reason_required"
	case n > meetingReasonMax:
		messageID = "meeting_manage.reason_long"
	}
	if messageID != "" && mt.Status == store.MeetingScheduled {
		p, _, err := h.meetingEditPage(c, mt)
		if err != nil {
			return err
		}
		p.Form["reason"] = reason
		p.Errors = map[string]string{"reason": p.L.T(messageID, "Max", p.L.Number(meetingReasonMax))}
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_form", p)
	}
	err = h.Store.CancelMeeting(c.UserContext(), m.ID, u.ID, mt.ID, reason)
	switch {
	case errors.Is(err, store.ErrWrongMeetingStatus):
		return h.refuseOnMeetingEdit(c, mt, fiber.StatusConflict, "meeting_manage.cancel_wrong_status")
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "meeting_manage.flash_cancelled")
	return c.Redirect(meetingAdminPath(mt.ID), fiber.StatusSeeOther)
}

// ApproveMeeting publishes a meeting a resident proposed.
func (h *Handler) ApproveMeeting(c *fiber.Ctx) error {
	return h.reviewMeeting(c, true)
}

// RejectMeeting turns down a meeting a resident proposed.
func (h *Handler) RejectMeeting(c *fiber.Ctx) error {
	return h.reviewMeeting(c, false)
}

func (h *Handler) reviewMeeting(c *fiber.Ctx, approve bool) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	err = h.Store.ReviewMeeting(c.UserContext(), m.ID, u.ID, mt.ID, approve)
	switch {
	case errors.Is(err, store.ErrWrongMeetingStatus):
		return h.refuseOnMeetingEdit(c, mt, fiber.StatusConflict, "meeting_manage.review_wrong_status")
	case errors.Is(err, store.ErrDefaultLanguageMissing):
		return h.refuseOnMeetingEdit(c, mt, fiber.StatusConflict, "meeting_manage.approve_needs_title")
	case err != nil:
		return notFoundAs404(err)
	}
	flash := "meeting_manage.flash_approved"
	if !approve {
		flash = "meeting_manage.flash_rejected"
	}
	h.flash(c, flash)
	return c.Redirect(meetingAdminPath(mt.ID), fiber.StatusSeeOther)
}
