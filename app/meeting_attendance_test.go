package app_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// orgStartNow moves a meeting so that it started an hour ago, as if the
// official opened the attendance page during the meeting.
func (f *fixture) orgStartNow(id int64, in store.MeetingInput) {
	f.t.Helper()
	in.StartsAt = time.Now().Add(-time.Hour).Truncate(time.Minute)
	in.EndsAt = in.StartsAt.Add(2 * time.Hour)
	if err := f.store.UpdateMeeting(context.Background(), f.demo.ID, f.user(officialEmail).ID, id, in); err != nil {
		f.t.Fatalf("move meeting: %v", err)
	}
}

// orgLedger counts a meeting's attendance entries in the participation
// ledger, in one area (0: every area).
func (f *fixture) orgLedger(meetingID, areaID int64) int {
	f.t.Helper()
	var n int
	if err := f.store.DB().QueryRow(`SELECT count(*) FROM participation_ledger
		WHERE municipality_id = $1 AND act = 'meeting_attendance' AND channel = 'meeting' AND scope_id = $2
			AND ($3 = 0 OR area_id = $3)`, f.demo.ID, meetingID, areaID).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

var orgAfterField = regexp.MustCompile(`name="after" value="(\d+)"`)

// orgAfter reads the count form's marker from the attendance page.
func orgAfter(t *testing.T, r response) string {
	t.Helper()
	m := orgAfterField.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no count form on the attendance page (status %d)", r.status)
	}
	return m[1]
}

func TestAttendanceChecksInAndCountsFourParticipantsInTheArea(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	area := f.areaID("Skjærgården")
	in := orgInput("Nabolagsmøte i Skjærgården", time.Now().Add(3*time.Hour).Truncate(time.Minute), area)
	id := f.orgMeeting(in)

	// A resident who lives in the area registers; another waits in line.
	kari, _ := f.newResident("Kari Strand")
	if err := f.store.UpdateProfile(ctx, f.demo.ID, kari.ID, "Kari Strand", store.Profile{
		AreaID: sql.NullInt64{Int64: area, Valid: true}, BirthYear: sql.NullInt32{Int32: 1980, Valid: true},
	}); err != nil {
		t.Fatal(err)
	}
	f.orgRegister(kari.ID, id)
	ola, _ := f.newResident("Ola Holm")
	f.orgRegister(ola.ID, id)

	c := f.orgEnglish(officialEmail)
	path := "/meetings/" + itoa(id) + "/attendance"

	// Before the meeting starts, the page says when attendance opens.
	early := c.get(path)
	if early.status != http.StatusOK {
		t.Fatalf("attendance before the start: status %d", early.status)
	}
	early.mustContain(t, "You can record who came from when the meeting starts", "Kari Strand", "Each person counts once")
	if strings.Contains(early.body, `action="/meetings/`+itoa(id)+`/checkin"`) || strings.Contains(early.body, `name="people"`) {
		t.Error("the attendance forms are open before the meeting starts")
	}

	f.orgStartNow(id, in)
	page := c.get(path)
	page.mustContain(t, "Check in", "People without an account", "Nothing is recorded yet.")

	checkIn := func(userID int64) response {
		return c.post(path, "/meetings/"+itoa(id)+"/checkin", url.Values{"user": {itoa(userID)}})
	}
	if r := checkIn(kari.ID); r.status != http.StatusSeeOther || r.location != path {
		t.Fatalf("check in: status %d, location %q", r.status, r.location)
	}
	twice := checkIn(kari.ID)
	if twice.status != http.StatusConflict {
		t.Fatalf("second check-in: status %d, want 409", twice.status)
	}
	twice.mustContain(t, "Kari Strand is already checked in. Nothing was changed.")
	// Someone who did not register cannot be checked in from this list.
	stranger, _ := f.newResident("Mona Vik")
	if r := checkIn(stranger.ID); r.status != http.StatusUnprocessableEntity {
		t.Errorf("check in of a resident who is not registered: status %d", r.status)
	}

	count := func(form url.Values) response {
		return c.post(path, "/meetings/"+itoa(id)+"/attendees", form)
	}
	// Bad input is refused and kept.
	after := orgAfter(t, c.get(path))
	bad := count(url.Values{"people": {"0"}, "area": {itoa(area)}, "age_band": {"30-44"}, "gender": {"female"}, "after": {after}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("0 people: status %d", bad.status)
	}
	bad.mustContain(t, "Write the number of people as a whole number from 1 to 10,000.", `value="0"`)
	if !regexp.MustCompile(`value="30-44" selected`).MatchString(bad.body) {
		t.Error("the chosen age group is lost")
	}
	if r := count(url.Values{"people": {"3"}, "age_band": {"12-13"}, "after": {after}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("unknown age group: status %d", r.status)
	}

	form := url.Values{"people": {"3"}, "area": {itoa(area)}, "age_band": {"30-44"}, "gender": {""}, "after": {after}}
	if r := count(form); r.status != http.StatusSeeOther {
		t.Fatalf("count: status %d\n%s", r.status, r.body)
	}
	// The same form sent again counts nothing.
	again := count(form)
	if again.status != http.StatusConflict {
		t.Fatalf("the same count twice: status %d", again.status)
	}
	again.mustContain(t, "Attendance was recorded after you opened this page")

	if n := f.orgLedger(id, area); n != 4 {
		t.Errorf("the ledger has %d meeting participants in the area, want 4", n)
	}
	if n := f.orgLedger(id, 0); n != 4 {
		t.Errorf("the ledger has %d meeting participants, want 4", n)
	}
	mt := f.orgStoredMeeting(id)
	if mt.Attended != 4 {
		t.Errorf("the meeting counts %d attended, want 4", mt.Attended)
	}
	done := c.get(path)
	done.mustContain(t, "In total 4 people: 1 checked in and 3 without an account.", "Checked in", "Skjærgården", "30-44")
	if strings.Contains(done.body, `name="user" value="`+itoa(kari.ID)+`"`) {
		t.Error("a checked-in resident still has a check-in button")
	}
	if !strings.Contains(done.body, `name="user" value="`+itoa(ola.ID)+`"`) {
		t.Error("the other registrant has no check-in button")
	}
}

func TestAttendanceIsRefusedForCancelledMeetings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := orgInput("Avlyst møte", time.Now().Add(-time.Hour).Truncate(time.Minute), f.areaID("Sentrum"))
	id := f.orgMeeting(in)
	if err := f.store.CancelMeeting(context.Background(), f.demo.ID, f.user(officialEmail).ID, id, "Sykdom."); err != nil {
		t.Fatal(err)
	}
	c := f.orgEnglish(officialEmail)
	path := "/meetings/" + itoa(id) + "/attendance"
	c.get(path).mustContain(t, "The meeting is cancelled, so attendance cannot be recorded.")
	r := c.post(path, "/meetings/"+itoa(id)+"/attendees", url.Values{"people": {"2"}, "after": {"0"}})
	if r.status != http.StatusConflict {
		t.Errorf("count at a cancelled meeting: status %d", r.status)
	}
	if n := f.orgLedger(id, 0); n != 0 {
		t.Errorf("the ledger has %d entries for a cancelled meeting", n)
	}
}

func TestMinutesAreRequiredInTheDefaultLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.orgMeeting(orgInput("Møte om badeplassen", time.Now().Add(-3*time.Hour).Truncate(time.Minute), f.areaID("Havnebyen")))
	c := f.orgEnglish(officialEmail)
	path := "/meetings/" + itoa(id) + "/minutes"
	page := c.get(path)
	if page.status != http.StatusOK {
		t.Fatalf("minutes form: status %d", page.status)
	}
	page.mustContain(t, "Minutes in", "Register an idea raised at this meeting as a proposal", `href="/proposals/assisted?meeting=`+itoa(id)+`"`)

	r := c.post(path, path, url.Values{"minutes_nb": {""}, "minutes_da": {"Vi talte om badepladsen."}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("minutes without bokmål: status %d", r.status)
	}
	r.mustContain(t, "Write the minutes.", "Vi talte om badepladsen.")
	if mt := f.orgStoredMeeting(id); mt.MinutesPublishedAt.Valid {
		t.Fatal("minutes published without the default language")
	}

	if r := c.post(path, path, url.Values{"minutes_nb": {"Vi snakket om badeplassen.\n\nNeste møte er i mai."}}); orgMeetingIDFrom(t, r) != id {
		t.Fatalf("publish redirected to %s", r.location)
	}
	first := f.orgStoredMeeting(id)
	if !first.MinutesPublishedAt.Valid || first.Minutes["nb"] != "Vi snakket om badeplassen.\n\nNeste møte er i mai." {
		t.Fatalf("minutes %q, published %v", first.Minutes, first.MinutesPublishedAt)
	}
	c.get(path).mustContain(t, "If you save again, the minutes are corrected.", "Save the correction")
	if r := c.post(path, path, url.Values{"minutes_nb": {"Vi snakket om badeplassen. Neste møte er i juni."}}); r.status != http.StatusSeeOther {
		t.Fatalf("correct: status %d", r.status)
	}
	second := f.orgStoredMeeting(id)
	if !second.MinutesPublishedAt.Time.Equal(first.MinutesPublishedAt.Time) || !strings.Contains(second.Minutes["nb"], "juni") {
		t.Errorf("correction: minutes %q, published %v then %v", second.Minutes["nb"], first.MinutesPublishedAt.Time, second.MinutesPublishedAt.Time)
	}
}

func TestAssistedProposalRaisedAtMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	area := f.areaID("Nordheia")
	id := f.orgMeeting(orgInput("Møte om skoleveien", time.Now().Add(-2*time.Hour).Truncate(time.Minute), area))
	c := f.orgEnglish(officialEmail)
	formPage := "/proposals/assisted?meeting=" + itoa(id)

	page := c.get(formPage)
	if page.status != http.StatusOK {
		t.Fatalf("assisted form for a meeting: status %d", page.status)
	}
	page.mustContain(t, "Raised at the meeting:", "Møte om skoleveien", `name="meeting" value="`+itoa(id)+`"`)
	if !regexp.MustCompile(`name="channel" value="meeting"[^>]*checked`).MatchString(page.body) {
		t.Error("the channel is not set to meeting")
	}

	form := url.Values{"channel": {"meeting"}, "title": {"Fotgjengerfelt ved skolen"}, "body": {"Barna krysser veien uten fotgjengerfelt."},
		"area": {itoa(area)}, "age_band": {"67-79"}, "meeting": {itoa(id)}, "action": {"publish"}}
	r := c.post(formPage, "/proposals/assisted", form)
	if r.status != http.StatusSeeOther || r.location != "/meetings/"+itoa(id) {
		t.Fatalf("record: status %d, location %q\n%s", r.status, r.location, r.body)
	}
	raised, err := f.store.MeetingProposals(context.Background(), f.demo.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(raised) != 1 || raised[0].Relation != "raised" || raised[0].Title != "Fotgjengerfelt ved skolen" {
		t.Fatalf("proposals of the meeting: %+v", raised)
	}
	var channel string
	if err := f.store.DB().QueryRow(`SELECT channel FROM proposals WHERE municipality_id = $1 AND id = $2`,
		f.demo.ID, raised[0].ProposalID).Scan(&channel); err != nil || channel != store.ChannelMeeting {
		t.Errorf("channel %q, %v", channel, err)
	}
	c.get("/meetings/"+itoa(id)+"/minutes").mustContain(t, "Proposals raised at this meeting", "Fotgjengerfelt ved skolen")

	// A meeting that does not exist is said, and nothing is saved with it.
	missing := c.get("/proposals/assisted?meeting=999999")
	if missing.status != http.StatusNotFound {
		t.Errorf("unknown meeting: status %d", missing.status)
	}
	missing.mustContain(t, "We could not find this meeting")
	before := f.countProposals()
	form.Set("meeting", "abc")
	bad := c.post(formPage, "/proposals/assisted", form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad meeting id: status %d", bad.status)
	}
	bad.mustContain(t, "We could not find this meeting", `value="Fotgjengerfelt ved skolen"`)
	if after := f.countProposals(); after != before {
		t.Errorf("%d proposals saved with a bad meeting id", after-before)
	}
}
