package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

const (
	// meetingMinutesMax is the longest minutes text, per language.
	meetingMinutesMax = 20000
	// attendeesMax is the most people one count records (the schema's limit).
	attendeesMax = 10000
)

// attendeeFields are the fields of the form that counts attendees without an
// account.
var attendeeFields = []string{"people", "area", "age_band", "gender", "after"}

// meetingHeading is what an official page says about its meeting.
type meetingHeading struct {
	ID    int64
	Title localText
	// When is the start in the reader's language; ISO for <time datetime>.
	When, ISO string
}

func newMeetingHeading(l *locales.Localizer, m *store.Municipality, mt *store.Meeting) meetingHeading {
	return meetingHeading{ID: mt.ID, Title: localize(mt.Title, l.Lang, m.DefaultLocale), When: l.DateTime(mt.StartsAt), ISO: l.ISO(mt.StartsAt)}
}

// ---- Attendance ----

// registrantRow is a registered resident on the attendance page.
type registrantRow struct {
	UserID    int64
	Name      string
	Waiting   bool
	CheckedIn bool
}

// attendanceRow is one line of what was recorded.
type attendanceRow struct {
	// Name is the checked-in resident's name; Resident is false for a count
	// of people without an account.
	Name               string
	Resident           bool
	People             int
	Area, AgeBand      string
	Gender, RecordedAt string
}

// attendancePageData is the attendance page's data.
type attendancePageData struct {
	Meeting meetingHeading
	// Open is true when attendance may be recorded: the meeting is scheduled
	// and has started. Otherwise Closed says why.
	Open   bool
	Closed string
	// Counts of what was recorded.
	Total, CheckedIn, Counted int
	Registrants               []registrantRow
	Rows                      []attendanceRow
	Areas                     []store.Area
	AgeBands                  []string
	// After is the last attendance record when the page was made; a count
	// sent from an older page is refused, so a form sent twice counts once.
	After  int64
	Notice string
}

// attendancePage loads the attendance page of mt.
func (h *Handler) attendancePage(c *fiber.Ctx, mt *store.Meeting) (*Page, *attendancePageData, error) {
	m := municipality(c)
	ctx := c.UserContext()
	p := h.page(c, nil)
	d := &attendancePageData{Meeting: newMeetingHeading(p.L, m, mt), AgeBands: m.Settings.AgeBandsOrDefault()}
	switch {
	case mt.Status != store.MeetingScheduled:
		d.Closed = p.L.T("meeting_attendance.closed_" + mt.Status)
	case !mt.Started(time.Now()):
		d.Closed = p.L.T("meeting_attendance.opens_at", "Starts", d.Meeting.When)
	default:
		d.Open = true
	}
	var err error
	if d.Areas, err = h.Store.Areas(ctx, m.ID); err != nil {
		return nil, nil, err
	}
	registrants, err := h.Store.Registrants(ctx, m.ID, mt.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range registrants {
		name := r.DisplayName
		if name == "" {
			name = p.L.T("meeting_attendance.no_name")
		}
		d.Registrants = append(d.Registrants, registrantRow{UserID: r.UserID, Name: name,
			Waiting: r.Status == store.RegistrationWaiting, CheckedIn: r.CheckedIn})
	}
	rows, err := h.Store.Attendance(ctx, m.ID, mt.ID)
	if err != nil {
		return nil, nil, err
	}
	unknown := p.L.T("meeting_attendance.unknown")
	for _, r := range rows {
		row := attendanceRow{People: r.People, Resident: r.UserID.Valid, Name: r.DisplayName,
			RecordedAt: p.L.DateTime(r.RecordedAt), Area: unknown, AgeBand: unknown, Gender: unknown}
		if row.Resident {
			// A resident counts with their own profile, if they consented.
			row.Area, row.AgeBand, row.Gender = "", "", ""
			if row.Name == "" {
				row.Name = p.L.T("meeting_attendance.no_name")
			}
			d.CheckedIn++
		} else {
			d.Counted += r.People
		}
		if r.AreaName.Valid {
			row.Area = r.AreaName.String
		}
		if r.AgeBand.Valid {
			row.AgeBand = r.AgeBand.String
		}
		if r.Gender.Valid {
			row.Gender = p.L.T(genderLabel(r.Gender.String))
		}
		d.Total += r.People
		d.Rows = append(d.Rows, row)
		d.After = r.ID
	}
	p.Data = d
	return p, d, nil
}

// genderLabel is the message id of a gender's name.
func genderLabel(g string) string {
	if g == "other" {
		return "gender.option_other"
	}
	return "gender." + g
}

// AttendanceForm shows an official who registered, who is checked in and
// what was counted, with the forms to record more once the meeting started.
func (h *Handler) AttendanceForm(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	p, d, err := h.attendancePage(c, mt)
	if err != nil {
		return err
	}
	p.Form = map[string]string{"after": strconv.FormatInt(d.After, 10)}
	return h.render(c, fiber.StatusOK, "meeting_attendance", p)
}

// refuseOnAttendance shows the attendance page again with a notice.
func (h *Handler) refuseOnAttendance(c *fiber.Ctx, mt *store.Meeting, status int, messageID string, args ...any) error {
	p, d, err := h.attendancePage(c, mt)
	if err != nil {
		return err
	}
	p.Form = map[string]string{"after": strconv.FormatInt(d.After, 10)}
	d.Notice = p.L.T(messageID, args...)
	return h.render(c, status, "meeting_attendance", p)
}

// CheckIn records that a registered resident came.
func (h *Handler) CheckIn(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	userID, err := strconv.ParseInt(strings.TrimSpace(c.FormValue("user")), 10, 64)
	if err != nil || userID <= 0 {
		return h.refuseOnAttendance(c, mt, fiber.StatusUnprocessableEntity, "meeting_attendance.not_registered")
	}
	registrants, err := h.Store.Registrants(ctx, m.ID, mt.ID)
	if err != nil {
		return err
	}
	name := ""
	found := false
	for _, r := range registrants {
		if r.UserID == userID {
			found, name = true, r.DisplayName
		}
	}
	if !found {
		return h.refuseOnAttendance(c, mt, fiber.StatusUnprocessableEntity, "meeting_attendance.not_registered")
	}
	if name == "" {
		name = h.localizer(c).T("meeting_attendance.no_name")
	}
	err = h.Store.CheckIn(ctx, m.ID, u.ID, mt.ID, userID)
	switch {
	case errors.Is(err, store.ErrAlreadyCheckedIn):
		return h.refuseOnAttendance(c, mt, fiber.StatusConflict, "meeting_attendance.already_checked_in", "Name", name)
	case errors.Is(err, store.ErrWrongMeetingStatus):
		return h.refuseOnAttendance(c, mt, fiber.StatusConflict, "meeting_attendance.not_open")
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "meeting_attendance.flash_checked_in")
	return c.Redirect(meetingAdminPath(mt.ID, "/attendance"), fiber.StatusSeeOther)
}

// parseAttendees validates the count of attendees without an account.
func (e *fieldErrors) parseAttendees(form map[string]string, areas []store.Area, bands []string) (int, store.Segment) {
	people := 0
	switch v := strings.ReplaceAll(strings.ReplaceAll(form["people"], " ", ""), "\u00a0", ""); {
	case v == "":
		e.add("people", "meeting_attendance.people_required")
	default:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > attendeesMax {
			e.add("people", "meeting_attendance.people_invalid")
		}
		people = n
	}
	return people, store.Segment{
		AreaID:  e.parseArea(form["area"], areas),
		AgeBand: e.parseAgeBand(form["age_band"], bands),
		Gender:  e.parseGender(form["gender"]),
	}
}

// CountAttendees records people without an account who came, by segment.
func (h *Handler) CountAttendees(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	p, d, err := h.attendancePage(c, mt)
	if err != nil {
		return err
	}
	p.Form = formValues(c, attendeeFields...)
	errs := newFieldErrors(p.L)
	people, seg := errs.parseAttendees(p.Form, d.Areas, d.AgeBands)
	sentAfter := p.Form["after"]
	p.Form["after"] = strconv.FormatInt(d.After, 10)
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_attendance", p)
	}
	if !d.Open {
		d.Notice = p.L.T("meeting_attendance.not_open")
		return h.render(c, fiber.StatusConflict, "meeting_attendance", p)
	}
	lastSeen, convErr := strconv.ParseInt(sentAfter, 10, 64)
	if convErr != nil || lastSeen < 0 {
		lastSeen = 0 // a form without the marker is checked as if it showed nothing
	}
	err = h.Store.CountAttendees(c.UserContext(), m.ID, u.ID, mt.ID, people, seg, lastSeen)
	switch {
	case errors.Is(err, store.ErrAttendanceChanged):
		// Something was recorded since this form was shown: perhaps this very
		// count, sent twice. Show the list and let the official decide.
		d.Notice = p.L.T("meeting_attendance.changed_meanwhile")
		return h.render(c, fiber.StatusConflict, "meeting_attendance", p)
	case errors.Is(err, store.ErrWrongMeetingStatus):
		d.Notice = p.L.T("meeting_attendance.not_open")
		return h.render(c, fiber.StatusConflict, "meeting_attendance", p)
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "meeting_attendance.flash_counted")
	return c.Redirect(meetingAdminPath(mt.ID, "/attendance"), fiber.StatusSeeOther)
}

// ---- Minutes ----

// raisedProposal is a proposal registered as raised at the meeting.
type raisedProposal struct {
	ID    int64
	Title string
}

// minutesPageData is the minutes page's data.
type minutesPageData struct {
	Meeting     meetingHeading
	Languages   []formLanguage
	DefaultName string
	// Published is when the minutes were first published ("" before).
	Published string
	// NotHeld warns that the meeting has not started yet.
	NotHeld bool
	Locked  bool
	Notice  string
	Raised  []raisedProposal
}

// minutesPage prepares the minutes page of mt.
func (h *Handler) minutesPage(c *fiber.Ctx, mt *store.Meeting) (*Page, *minutesPageData, error) {
	m := municipality(c)
	p := h.page(c, nil)
	d := &minutesPageData{
		Meeting:     newMeetingHeading(p.L, m, mt),
		Languages:   formLanguages(m),
		DefaultName: p.L.T("consultation.language." + m.DefaultLocale),
		NotHeld:     !mt.Started(time.Now()),
	}
	if mt.MinutesPublishedAt.Valid {
		d.Published = p.L.DateTime(mt.MinutesPublishedAt.Time)
	}
	if mt.Status != store.MeetingScheduled {
		d.Locked = true
		d.Notice = p.L.T("meeting_minutes.closed_" + mt.Status)
	}
	list, err := h.Store.MeetingProposals(c.UserContext(), m.ID, mt.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, mp := range list {
		if mp.Relation == "raised" {
			d.Raised = append(d.Raised, raisedProposal{ID: mp.ProposalID, Title: mp.Title})
		}
	}
	p.Data = d
	return p, d, nil
}

// minutesFields lists the minutes' fields, one per language.
func minutesFields(langs []formLanguage) []string {
	fields := make([]string, len(langs))
	for i, l := range langs {
		fields[i] = "minutes_" + l.Code
	}
	return fields
}

// MinutesForm shows an official the minutes of a meeting to write or
// correct.
func (h *Handler) MinutesForm(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	p, d, err := h.minutesPage(c, mt)
	if err != nil {
		return err
	}
	for _, l := range d.Languages {
		p.Form["minutes_"+l.Code] = mt.Minutes[l.Code]
	}
	status := fiber.StatusOK
	if d.Locked {
		status = fiber.StatusConflict
	}
	return h.render(c, status, "meeting_minutes", p)
}

// PublishMinutes publishes or corrects the minutes.
func (h *Handler) PublishMinutes(c *fiber.Ctx) error {
	mt, err := h.managedMeeting(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	p, d, err := h.minutesPage(c, mt)
	if err != nil {
		return err
	}
	if d.Locked {
		return h.render(c, fiber.StatusConflict, "meeting_minutes", p)
	}
	p.Form = formValues(c, minutesFields(d.Languages)...)
	errs := newFieldErrors(p.L)
	minutes := store.Translations{}
	for _, l := range d.Languages {
		field := "minutes_" + l.Code
		p.Form[field] = normalizeNewlines(p.Form[field])
		text := p.Form[field]
		if l.Default && text == "" {
			errs.add(field, "meeting_minutes.required")
		}
		errs.checkLength(field, text, meetingMinutesMax, "meeting_minutes.too_long")
		if text != "" {
			minutes[l.Code] = text
		}
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_minutes", p)
	}
	err = h.Store.PublishMinutes(c.UserContext(), m.ID, u.ID, mt.ID, minutes)
	switch {
	case errors.Is(err, store.ErrDefaultLanguageMissing):
		p.Errors = map[string]string{"minutes_" + m.DefaultLocale: p.L.T("meeting_minutes.required")}
		return h.render(c, fiber.StatusUnprocessableEntity, "meeting_minutes", p)
	case errors.Is(err, store.ErrWrongMeetingStatus):
		d.Notice = p.L.T("meeting_manage.wrong_status")
		return h.render(c, fiber.StatusConflict, "meeting_minutes", p)
	case err != nil:
		return notFoundAs404(err)
	}
	flash := "meeting_minutes.flash_published"
	if mt.MinutesPublishedAt.Valid {
		flash = "meeting_minutes.flash_corrected"
	}
	h.flash(c, flash)
	return c.Redirect(meetingAdminPath(mt.ID), fiber.StatusSeeOther)
}

// ---- Proposals raised at a meeting ----

// assistedMeeting resolves the meeting an assisted proposal was raised at
// from raw, a meeting id ("" for none). It sets d.Meeting, or says on the
// form that the meeting was not found and reports false.
func (h *Handler) assistedMeeting(c *fiber.Ctx, p *Page, d *proposalFormData, raw string) (bool, error) {
	if raw == "" {
		return true, nil
	}
	m := municipality(c)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err == nil && id > 0 {
		mt, err := h.Store.MeetingByID(c.UserContext(), m.ID, id)
		switch {
		case err == nil && mt.Status == store.MeetingScheduled:
			ref := newMeetingHeading(p.L, m, mt)
			d.Meeting = &ref
			return true, nil
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return false, err
		}
	}
	d.Notice = p.L.T("meeting_minutes.assisted_meeting_missing")
	return false, nil
}

// meetingID is the id of the meeting an assisted proposal was raised at (0:
// none).
func (d *proposalFormData) meetingID() int64 {
	if d.Meeting == nil {
		return 0
	}
	return d.Meeting.ID
}
