package handlers

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// Calendar feeds (iCalendar, RFC 5545): every upcoming meeting, or one. Times
// are written as local times of the municipality's time zone with its TZID
// and a VTIMEZONE derived from the zone database, so that a calendar shows a
// meeting at 18:00 Oslo time at 18:00 Oslo time, also across a change to or
// from summer time.

const (
	// calendarLimit caps the meetings of the feed.
	calendarLimit = 500
	// icsLocalLayout is a local date and time in iCalendar.
	icsLocalLayout = "20060102T150405"
)

// MeetingsCalendar is the feed of every upcoming meeting; cancelled ones
// stay in it with STATUS:CANCELLED, so calendars remove or mark them.
func (h *Handler) MeetingsCalendar(c *fiber.Ctx) error {
	m := municipality(c)
	list, err := h.Store.ListMeetings(c.UserContext(), m.ID, store.MeetingFilter{Limit: calendarLimit})
	if err != nil {
		return err
	}
	return h.sendCalendar(c, "meetings.ics", list)
}

// MeetingCalendar is one meeting as a calendar file, for "add to calendar".
func (h *Handler) MeetingCalendar(c *fiber.Ctx) error {
	mt, err := h.loadMeeting(c)
	if err != nil {
		return err
	}
	return h.sendCalendar(c, fmt.Sprintf("meeting-%d.ics", mt.ID), []store.Meeting{*mt})
}

// calendarLanguage is the feed's language: ?lang= when the municipality
// offers it, else its default language. A calendar app sends no cookie, so
// the feed does not depend on one.
func calendarLanguage(c *fiber.Ctx, m *store.Municipality) string {
	if q := c.Query("lang"); locales.IsSupported(q) && enabled(m, q) {
		return q
	}
	return m.DefaultLocale
}

func (h *Handler) sendCalendar(c *fiber.Ctx, filename string, meetings []store.Meeting) error {
	m := municipality(c)
	l := h.Bundle.Localizer(calendarLanguage(c, m), m.Location())
	cal := h.meetingsCalendar(c, l, m, meetings)
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.SendString(cal.Serialize(ics.WithNewLineWindows))
}

// meetingsCalendar builds the calendar of meetings.
func (h *Handler) meetingsCalendar(c *fiber.Ctx, l *locales.Localizer, m *store.Municipality, meetings []store.Meeting) *ics.Calendar {
	loc := m.Location()
	tzid := loc.String()
	cal := ics.NewCalendarFor("Medvirk")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	name := l.T("meetings.calendar_name", "Municipality", m.Name)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(tzid)
	if len(meetings) == 0 {
		return cal
	}
	from, to := meetings[0].StartsAt, meetings[0].EndsAt
	for _, mt := range meetings {
		if mt.StartsAt.Before(from) {
			from = mt.StartsAt
		}
		if mt.EndsAt.After(to) {
			to = mt.EndsAt
		}
	}
	cal.AddVTimezone(vtimezone(loc, from, to))
	host := c.Hostname()
	if i := strings.LastIndexByte(host, ':'); i > 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	for i := range meetings {
		mt := &meetings[i]
		e := cal.AddEvent(fmt.Sprintf("meeting-%d@%s", mt.ID, host))
		e.SetDtStampTime(mt.UpdatedAt)
		e.SetCreatedTime(mt.CreatedAt)
		e.SetLastModifiedAt(mt.UpdatedAt)
		e.SetProperty(ics.ComponentPropertyDtStart, mt.StartsAt.In(loc).Format(icsLocalLayout), ics.WithTZID(tzid))
		e.SetProperty(ics.ComponentPropertyDtEnd, mt.EndsAt.In(loc).Format(icsLocalLayout), ics.WithTZID(tzid))
		title := localize(mt.Title, l.Lang, m.DefaultLocale).Text
		status := ics.ObjectStatusConfirmed
		switch mt.Status {
		case store.MeetingCancelled, store.MeetingRejected:
			status = ics.ObjectStatusCancelled
			title = l.T("meetings.calendar_cancelled", "Title", title)
		case store.MeetingProposed:
			status = ics.ObjectStatusTentative
		}
		e.SetSummary(title)
		e.SetStatus(status)
		e.SetDescription(calendarDescription(l, m, mt))
		if where := calendarLocation(l, mt); where != "" {
			e.SetLocation(where)
		}
		e.SetURL(h.absoluteURL(c, meetingPath(mt.ID)))
	}
	return cal
}

// calendarLocation is where the meeting is: address and room, else the
// area, else online.
func calendarLocation(l *locales.Localizer, mt *store.Meeting) string {
	if p := meetingPlace(mt); p != "" {
		return p
	}
	if mt.AreaName.Valid {
		return mt.AreaName.String
	}
	if mt.OnlineURL != "" {
		return l.T("meetings.online")
	}
	return ""
}

// calendarDescription is the description followed by what a resident needs
// to know, in words: cancellation, directions, online link and the facts.
func calendarDescription(l *locales.Localizer, m *store.Municipality, mt *store.Meeting) string {
	var parts []string
	if mt.Status == store.MeetingCancelled {
		cancelled := l.T("meeting.cancelled_banner")
		if r := strings.TrimSpace(mt.CancelReason); r != "" {
			cancelled += "\n" + r
		}
		parts = append(parts, cancelled)
	}
	if d := localize(mt.Description, l.Lang, m.DefaultLocale).Text; d != "" {
		parts = append(parts, d)
	}
	if mt.AreaName.Valid {
		parts = append(parts, l.T("meeting.area_label")+" "+mt.AreaName.String)
	}
	if d := strings.TrimSpace(mt.Directions); d != "" {
		parts = append(parts, l.T("meeting.directions_label")+" "+d)
	}
	if mt.OnlineURL != "" {
		parts = append(parts, l.T("meeting.online_label")+" "+mt.OnlineURL)
	}
	if o := strings.TrimSpace(mt.OrganiserName); o != "" {
		parts = append(parts, l.T("meeting.organiser_label")+": "+o)
	}
	if facts := meetingFacts(l, mt); len(facts) > 0 {
		lines := []string{l.T("meeting.facts_heading") + ":"}
		for _, f := range facts {
			lines = append(lines, "– "+f.Text)
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	text := strings.Join(parts, "\n\n")
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}

// vtimezone describes loc from the observance in effect at from until the
// last change of offset before to, as read from the zone database: each
// change of offset is one STANDARD or DAYLIGHT observance. Nothing is
// assumed about the zone's rules, so the description is right for any zone
// and any year the database knows.
func vtimezone(loc *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(loc.String())
	start, _ := from.In(loc).ZoneBounds()
	if start.IsZero() {
		// No change of offset before from: one observance since 1970.
		addObservance(tz, time.Date(1970, 1, 1, 0, 0, 0, 0, loc), false)
	} else {
		addObservance(tz, start, true)
	}
	t := from.In(loc)
	for range 1000 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			break
		}
		addObservance(tz, end, true)
		t = end.In(loc)
	}
	return tz
}

// addObservance adds the observance that begins at onset. Its DTSTART is the
// onset's local time in the offset before it (RFC 5545, 3.6.5).
func addObservance(tz *ics.VTimezone, onset time.Time, change bool) {
	at := onset.In(onset.Location())
	name, offset := at.Zone()
	before := offset
	if change {
		_, before = onset.Add(-time.Second).In(onset.Location()).Zone()
	}
	var o *ics.ComponentBase
	if at.IsDST() {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		o = &d.ComponentBase
	} else {
		o = &tz.AddStandard().ComponentBase
	}
	o.SetProperty(ics.ComponentPropertyDtStart, onset.In(time.FixedZone("", before)).Format(icsLocalLayout))
	o.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(before))
	o.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(offset))
	if name != "" && !strings.HasPrefix(name, "+") && !strings.HasPrefix(name, "-") {
		o.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	}
}

// utcOffset writes seconds east of UTC as an iCalendar UTC offset (+0100).
func utcOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	s := fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds/60%60)
	if seconds%60 != 0 {
		s += fmt.Sprintf("%02d", seconds%60)
	}
	return s
}
