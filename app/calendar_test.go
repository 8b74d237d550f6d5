package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/medvirk/medvirk/store"
)

// parseCalendar parses a feed with the library that wrote it.
func parseCalendar(t *testing.T, r response) *ics.Calendar {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("calendar: status %d", r.status)
	}
	if got := r.header.Get("Content-Type"); got != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if !strings.Contains(r.body, "\r\n") || strings.Contains(strings.ReplaceAll(r.body, "\r\n", ""), "\n") {
		t.Error("the calendar's lines do not end in CRLF")
	}
	cal, err := ics.ParseCalendar(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse calendar: %v\n%s", err, r.body)
	}
	return cal
}

// eventByUID finds an event of the calendar.
func eventByUID(cal *ics.Calendar, uid string) *ics.VEvent {
	for _, e := range cal.Events() {
		if e.Id() == uid {
			return e
		}
	}
	return nil
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return ics.FromText(v.Value)
	}
	return ""
}

// observance is one STANDARD or DAYLIGHT part of a VTIMEZONE.
type observance struct {
	onset    time.Time // UTC
	from, to int       // seconds east of UTC
	daylight bool
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) < 5 {
		t.Fatalf("UTC offset %q", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil {
		t.Fatalf("UTC offset %q", s)
	}
	n := h*3600 + m*60
	if s[0] == '-' {
		n = -n
	}
	return n
}

// zoneRules reads the observances of the calendar's VTIMEZONE tzid, in
// order of onset.
func zoneRules(t *testing.T, cal *ics.Calendar, tzid string) []observance {
	t.Helper()
	for _, tz := range cal.Timezones() {
		if id := tz.GetProperty(ics.ComponentPropertyTzid); id == nil || id.Value != tzid {
			continue
		}
		var list []observance
		for _, c := range tz.SubComponents() {
			var base *ics.ComponentBase
			o := observance{}
			switch v := c.(type) {
			case *ics.Standard:
				base = &v.ComponentBase
			case *ics.Daylight:
				base, o.daylight = &v.ComponentBase, true
			default:
				continue
			}
			if base.HasProperty(ics.ComponentPropertyRrule) {
				t.Fatal("the test reads observances without RRULE only")
			}
			o.from = parseOffset(t, base.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom)).Value)
			o.to = parseOffset(t, base.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto)).Value)
			local, err := time.ParseInLocation("20060102T150405", base.GetProperty(ics.ComponentPropertyDtStart).Value, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			o.onset = local.Add(-time.Duration(o.from) * time.Second)
			list = append(list, o)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].onset.Before(list[j].onset) })
		return list
	}
	t.Fatalf("no VTIMEZONE %s", tzid)
	return nil
}

// resolve turns a local date and time into an instant with the VTIMEZONE's
// observances alone, the way a calendar without a zone database would.
func resolve(t *testing.T, rules []observance, local string) time.Time {
	t.Helper()
	wall, err := time.ParseInLocation("20060102T150405", local, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, candidate := range rules {
		at := wall.Add(-time.Duration(candidate.to) * time.Second)
		var effective *observance
		for i := range rules {
			if !rules[i].onset.After(at) {
				effective = &rules[i]
			}
		}
		if effective != nil && effective.to == candidate.to {
			return at
		}
	}
	t.Fatalf("%s: no observance of the VTIMEZONE covers it", local)
	return time.Time{}
}

// checkTimes checks that an event's DTSTART and DTEND carry TZID and resolve
// to the stored instants, both through the zone database (the library) and
// through the feed's own VTIMEZONE.
func checkTimes(t *testing.T, cal *ics.Calendar, e *ics.VEvent, tzid string, start, end time.Time) {
	t.Helper()
	loc, _ := time.LoadLocation(tzid)
	rules := zoneRules(t, cal, tzid)
	for _, c := range []struct {
		p    ics.ComponentProperty
		want time.Time
	}{{ics.ComponentPropertyDtStart, start}, {ics.ComponentPropertyDtEnd, end}} {
		p := e.GetProperty(c.p)
		if p == nil {
			t.Fatalf("%s: no %s", e.Id(), c.p)
		}
		if got := p.ICalParameters["TZID"]; len(got) != 1 || got[0] != tzid {
			t.Errorf("%s %s: TZID %v, want %s", e.Id(), c.p, got, tzid)
		}
		if want := c.want.In(loc).Format("20060102T150405"); p.Value != want {
			t.Errorf("%s %s: local time %s, want %s", e.Id(), c.p, p.Value, want)
		}
		if got := resolve(t, rules, p.Value); !got.Equal(c.want) {
			t.Errorf("%s %s: the VTIMEZONE resolves it to %s, want %s", e.Id(), c.p, got.UTC(), c.want.UTC())
		}
	}
	gotStart, err := e.GetStartAt()
	if err != nil || !gotStart.Equal(start) {
		t.Errorf("%s: parsed start %v (%v), want %v", e.Id(), gotStart, err, start)
	}
	gotEnd, err := e.GetEndAt()
	if err != nil || !gotEnd.Equal(end) {
		t.Errorf("%s: parsed end %v (%v), want %v", e.Id(), gotEnd, err, end)
	}
}

// nextAutumnChange is the next change from summer to winter time in loc.
func nextAutumnChange(t *testing.T, loc *time.Location, after time.Time) time.Time {
	t.Helper()
	at := after.In(loc)
	for range 10 {
		_, end := at.ZoneBounds()
		if end.IsZero() {
			break
		}
		_, before := end.Add(-time.Second).In(loc).Zone()
		_, next := end.In(loc).Zone()
		if next < before {
			return end
		}
		at = end.In(loc)
	}
	t.Fatalf("%s has no change to winter time", loc)
	return time.Time{}
}

func TestCalendarFeedsRoundTripTimes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	oslo, _ := time.LoadLocation("Europe/Oslo")
	year := time.Now().In(oslo).Year() + 1

	summer := meetingAt("Sommermøte i parken", time.Date(year, 7, 14, 18, 0, 0, 0, oslo))
	summer.Title["en"] = "Summer meeting in the park"
	summer.AreaID = f.areaID("Sentrum")
	summer.Facts = store.MeetingFacts{Childcare: true, StepFree: true, FreeOfCharge: true, Interpretation: []string{"arabisk"}}
	summer.Directions = "Gå inn fra parken."
	summerID := f.meeting(summer)
	winterID := f.meeting(meetingAt("Vintermøte på biblioteket", time.Date(year, 1, 19, 18, 0, 0, 0, oslo)))

	// Across the change to winter time: Saturday 22:00 summer time until
	// Sunday 04:00 winter time is seven hours, not six.
	change := nextAutumnChange(t, oslo, time.Now())
	sy, sm, sd := change.In(oslo).Date()
	across := meetingAt("Nattvandring over skiftet til vintertid", time.Date(sy, sm, sd-1, 22, 0, 0, 0, oslo))
	across.EndsAt = time.Date(sy, sm, sd, 4, 0, 0, 0, oslo)
	if d := across.EndsAt.Sub(across.StartsAt); d != 7*time.Hour {
		t.Fatalf("the meeting across the change lasts %v", d)
	}
	acrossID := f.meeting(across)

	cancelled := f.meeting(meetingAt("Møte som er avlyst", time.Date(year, 3, 3, 18, 0, 0, 0, oslo)))
	if err := f.store.CancelMeeting(ctx, f.demo.ID, f.user(officialEmail).ID, cancelled, "Lokalet brant."); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.ProposeMeeting(ctx, f.demo.ID, f.user(residentEmail).ID,
		meetingAt("Foreslått møte", time.Date(year, 2, 2, 18, 0, 0, 0, oslo))); err != nil {
		t.Fatal(err)
	}

	feed := f.client().get("/meetings.ics")
	cal := parseCalendar(t, feed)
	if got := feed.header.Get("Content-Disposition"); got != `inline; filename="meetings.ics"` {
		t.Errorf("Content-Disposition %q", got)
	}
	if strings.Contains(feed.body, "Foreslått møte") {
		t.Error("a proposed meeting is in the feed")
	}
	for _, want := range []string{"X-WR-TIMEZONE:Europe/Oslo", "BEGIN:VTIMEZONE", "TZID:Europe/Oslo", "BEGIN:STANDARD",
		"BEGIN:DAYLIGHT", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "TZNAME:CET"} {
		if !strings.Contains(feed.body, want+"\r\n") {
			t.Errorf("the feed lacks %s", want)
		}
	}
	uid := func(id int64) string { return fmt.Sprintf("meeting-%d@fjordvik.localhost", id) }
	for _, c := range []struct {
		id   int64
		in   store.MeetingInput
		name string
	}{{summerID, summer, "summer"}, {winterID, meetingAt("", time.Date(year, 1, 19, 18, 0, 0, 0, oslo)), "winter"}, {acrossID, across, "across"}} {
		e := eventByUID(cal, uid(c.id))
		if e == nil {
			t.Fatalf("%s meeting %s is not in the feed", c.name, uid(c.id))
		}
		checkTimes(t, cal, e, "Europe/Oslo", c.in.StartsAt, c.in.EndsAt)
	}
	if v := eventByUID(cal, uid(summerID)).GetProperty(ics.ComponentPropertyDtStart).Value; v != fmt.Sprintf("%d0714T180000", year) {
		t.Errorf("summer meeting: DTSTART %s, want 18:00 local", v)
	}
	if v := eventByUID(cal, uid(winterID)).GetProperty(ics.ComponentPropertyDtStart).Value; v != fmt.Sprintf("%d0119T180000", year) {
		t.Errorf("winter meeting: DTSTART %s, want 18:00 local", v)
	}

	e := eventByUID(cal, uid(summerID))
	stored, err := f.store.MeetingByID(ctx, f.demo.ID, summerID)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertySummary:  "Sommermøte i parken",
		ics.ComponentPropertyStatus:   "CONFIRMED",
		ics.ComponentPropertyLocation: "Storgata 1, Møterom 2",
		ics.ComponentPropertyUrl:      fmt.Sprintf("http://fjordvik.localhost/meetings/%d", summerID),
	} {
		if got := prop(e, p); got != want {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
	description := prop(e, ics.ComponentPropertyDescription)
	for _, want := range []string{"Vi snakker om nabolaget.", "Område: Sentrum", "Slik finner du fram: Gå inn fra parken.",
		"Greit å vite:", "– Trinnfri tilgang", "– Tolk: arabisk", "– Barnepass", "– Gratis"} {
		if !strings.Contains(description, want) {
			t.Errorf("the description lacks %q:\n%s", want, description)
		}
	}
	if modified, err := e.GetLastModifiedAt(); err != nil || !modified.Equal(stored.UpdatedAt.Truncate(time.Second)) {
		t.Errorf("LAST-MODIFIED %v (%v), want %v", modified, err, stored.UpdatedAt)
	}
	if _, err := e.GetDtStampTime(); err != nil {
		t.Errorf("DTSTAMP: %v", err)
	}
	c := eventByUID(cal, uid(cancelled))
	if c == nil || prop(c, ics.ComponentPropertyStatus) != "CANCELLED" || prop(c, ics.ComponentPropertySummary) != "AVLYST: Møte som er avlyst" ||
		!strings.Contains(prop(c, ics.ComponentPropertyDescription), "Lokalet brant.") {
		t.Errorf("the cancelled meeting is not marked cancelled: %+v", c)
	}

	// The same feed again: the same UIDs; in English on request.
	again := parseCalendar(t, f.client().get("/meetings.ics"))
	if eventByUID(again, uid(summerID)) == nil {
		t.Error("the UID changed between two fetches")
	}
	en := parseCalendar(t, f.client().get("/meetings.ics?lang=en"))
	if got := prop(eventByUID(en, uid(summerID)), ics.ComponentPropertySummary); got != "Summer meeting in the park" {
		t.Errorf("English summary %q", got)
	}
	if !strings.Contains(prop(eventByUID(en, uid(summerID)), ics.ComponentPropertyDescription), "– Childcare") {
		t.Error("the English description lacks the facts in English")
	}

	// One meeting: the meeting across the change to winter time in 2026, as
	// its own file, though it is over.
	past := meetingAt("Høstmøtet natt til vintertid", time.Date(2026, 10, 24, 22, 0, 0, 0, oslo))
	past.EndsAt = time.Date(2026, 10, 25, 4, 0, 0, 0, oslo)
	pastID := f.meeting(past)
	one := f.client().get(meetingURL(pastID, ".ics"))
	oneCal := parseCalendar(t, one)
	if got := one.header.Get("Content-Disposition"); got != fmt.Sprintf(`inline; filename="meeting-%d.ics"`, pastID) {
		t.Errorf("Content-Disposition %q", got)
	}
	if len(oneCal.Events()) != 1 {
		t.Fatalf("%d events in a meeting's file", len(oneCal.Events()))
	}
	checkTimes(t, oneCal, oneCal.Events()[0], "Europe/Oslo", past.StartsAt, past.EndsAt)
	if !strings.Contains(one.body, "DTSTART;TZID=Europe/Oslo:20261024T220000\r\n") ||
		!strings.Contains(one.body, "DTEND;TZID=Europe/Oslo:20261025T040000\r\n") {
		t.Errorf("the meeting's local times are wrong:\n%s", one.body)
	}

	// Copenhagen: another municipality, its own zone and host.
	dk := f.addMunicipality("strandby", "DK", "da")
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	official, err := f.store.CreateUser(ctx, dk.ID, store.NewUser{Email: "medarbejder@strandby.example", PasswordHash: demoHash,
		DisplayName: "Mette", Role: store.RoleOfficial, Locale: "da"})
	if err != nil {
		t.Fatal(err)
	}
	dkIn := meetingAt("", time.Date(year, 6, 10, 18, 0, 0, 0, cph))
	dkIn.Title = store.Translations{"da": "Borgermøde på havnen"}
	dkIn.Description = store.Translations{"da": "Vi taler om havnen."}
	dkIn.Facts = store.MeetingFacts{Childcare: true}
	dkID, err := f.store.CreateMeeting(ctx, dk.ID, official.ID, dkIn)
	if err != nil {
		t.Fatal(err)
	}
	dkClient := f.client()
	dkClient.host = "strandby.localhost"
	dkFeed := dkClient.get("/meetings.ics")
	dkCal := parseCalendar(t, dkFeed)
	if len(dkCal.Events()) != 1 {
		t.Fatalf("Strandby's feed has %d events", len(dkCal.Events()))
	}
	de := eventByUID(dkCal, fmt.Sprintf("meeting-%d@strandby.localhost", dkID))
	if de == nil {
		t.Fatalf("Strandby's meeting is not in its feed:\n%s", dkFeed.body)
	}
	checkTimes(t, dkCal, de, "Europe/Copenhagen", dkIn.StartsAt, dkIn.EndsAt)
	if prop(de, ics.ComponentPropertySummary) != "Borgermøde på havnen" || !strings.Contains(prop(de, ics.ComponentPropertyDescription), "– Børnepasning") ||
		prop(de, ics.ComponentPropertyUrl) != fmt.Sprintf("http://strandby.localhost/meetings/%d", dkID) {
		t.Errorf("Strandby's meeting: %q, %q", prop(de, ics.ComponentPropertySummary), prop(de, ics.ComponentPropertyDescription))
	}
	if !strings.Contains(dkFeed.body, "X-WR-TIMEZONE:Europe/Copenhagen\r\n") || strings.Contains(dkFeed.body, "Europe/Oslo") {
		t.Error("Strandby's feed is not in Copenhagen time")
	}
}
