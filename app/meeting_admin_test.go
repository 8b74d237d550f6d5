package app_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// orgOslo is Fjordvik's time zone.
var orgOslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// orgDay is the day offset days from today in Fjordvik, at hour:minute.
func orgDay(offset, hour, minute int) time.Time {
	now := time.Now().In(orgOslo)
	return time.Date(now.Year(), now.Month(), now.Day()+offset, hour, minute, 0, 0, orgOslo)
}

// orgInput is a meeting in bokmål in area, two hours from start.
func orgInput(title string, start time.Time, areaID int64) store.MeetingInput {
	return store.MeetingInput{
		Title: store.Translations{"nb": title}, Description: store.Translations{"nb": "Kom og snakk med naboene."},
		AreaID: areaID, Address: "Torget 1", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		RegistrationRequired: true, WaitingList: true, OrganiserName: "Fjordvik kommune",
		Facts: store.MeetingFacts{FreeOfCharge: true},
	}
}

// orgMeeting creates a meeting directly in the store, by the demo official.
func (f *fixture) orgMeeting(in store.MeetingInput) int64 {
	f.t.Helper()
	id, err := f.store.CreateMeeting(context.Background(), f.demo.ID, f.user(officialEmail).ID, in)
	if err != nil {
		f.t.Fatalf("create meeting: %v", err)
	}
	return id
}

// orgStoredMeeting reads a meeting from the store.
func (f *fixture) orgStoredMeeting(id int64) *store.Meeting {
	f.t.Helper()
	mt, err := f.store.MeetingByID(context.Background(), f.demo.ID, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return mt
}

// orgRegister registers a resident for a meeting in the store.
func (f *fixture) orgRegister(userID, meetingID int64) {
	f.t.Helper()
	if _, err := f.store.Register(context.Background(), f.demo.ID, userID, meetingID); err != nil {
		f.t.Fatalf("register: %v", err)
	}
}

// orgNotified counts a user's notifications with messageID.
func (f *fixture) orgNotified(userID int64, messageID string) int {
	f.t.Helper()
	var n int
	if err := f.store.DB().QueryRow(`SELECT count(*) FROM notifications WHERE municipality_id = $1 AND user_id = $2 AND message_id = $3`,
		f.demo.ID, userID, messageID).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// orgCountMeetings counts the municipality's meetings.
func (f *fixture) orgCountMeetings() int {
	f.t.Helper()
	var n int
	if err := f.store.DB().QueryRow(`SELECT count(*) FROM meetings WHERE municipality_id = $1`, f.demo.ID).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// orgEnglish signs in as email and switches the pages to English.
func (f *fixture) orgEnglish(email string) *client {
	f.t.Helper()
	c := f.signedIn(email)
	c.get("/?lang=en")
	return c
}

var orgMeetingLocation = regexp.MustCompile(`^/meetings/(\d+)$`)

// orgMeetingIDFrom reads the meeting id from the redirect after a save.
func orgMeetingIDFrom(t *testing.T, r response) int64 {
	t.Helper()
	m := orgMeetingLocation.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("no redirect to a meeting: status %d, location %q\n%s", r.status, r.location, r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// orgForm is a valid meeting form for a meeting the day after tomorrow,
// 18:00–20:00 in Fjordvik.
func orgForm(areaID int64) url.Values {
	day := orgDay(2, 18, 0).Format("2006-01-02")
	return url.Values{
		"title_nb":              {"Kaffeprat om den nye lekeplassen"},
		"description_nb":        {"Vi drikker kaffe og snakker om lekeplassen."},
		"title_en":              {"Coffee and a chat about the new playground"},
		"area":                  {strconv.FormatInt(areaID, 10)},
		"address":               {"Havnegata 4"},
		"room":                  {"Kafeen i første etasje"},
		"directions":            {"Inngang fra baksiden."},
		"start_date":            {day},
		"start_time":            {"18:00"},
		"end_time":              {"20:00"},
		"capacity":              {"30"},
		"registration_required": {"yes"},
		"waiting_list":          {"yes"},
		"organiser_name":        {"Frivilligsentralen"},
		"interpretation":        {"arabisk, polsk"},
		"childcare":             {"yes"},
		"step_free":             {"yes"},
		"free_of_charge":        {"yes"},
	}
}

func TestOfficialCreatesMeetingWithInterpretationAndChildcare(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.orgEnglish(officialEmail)
	area := f.areaID("Havnebyen")
	prop := f.proposal(f.user(residentEmail).ID, "Benker ved lekeplassen", "Vi trenger flere benker.")

	page := c.get("/meetings/new")
	if page.status != http.StatusOK {
		t.Fatalf("new meeting form: status %d", page.status)
	}
	page.mustContain(t, "New neighbourhood meeting", "Step-free access", "Childcare", "Interpreters for spoken languages")
	if !regexp.MustCompile(`name="free_of_charge" value="yes" checked`).MatchString(page.body) {
		t.Error("free of charge is not ticked by default")
	}

	form := orgForm(area)
	form.Set("proposals", strconv.FormatInt(prop.ID, 10))
	id := orgMeetingIDFrom(t, c.post("/meetings/new", "/meetings/new", form))

	mt := f.orgStoredMeeting(id)
	if mt.Status != store.MeetingScheduled {
		t.Errorf("status %s, want scheduled", mt.Status)
	}
	if want := orgDay(2, 18, 0); !mt.StartsAt.Equal(want) || !mt.EndsAt.Equal(orgDay(2, 20, 0)) {
		t.Errorf("times %s–%s, want 18:00–20:00 Oslo time on %s", mt.StartsAt.In(orgOslo), mt.EndsAt.In(orgOslo), want)
	}
	if strings.Join(mt.Interpretation, "|") != "arabisk|polsk" {
		t.Errorf("interpretation %q", mt.Interpretation)
	}
	if !mt.Childcare || !mt.StepFree || !mt.FreeOfCharge || mt.FoodServed || mt.HearingLoop {
		t.Errorf("facts %+v", mt.MeetingFacts)
	}
	if !mt.Capacity.Valid || mt.Capacity.Int32 != 30 || !mt.RegistrationRequired || !mt.WaitingList {
		t.Errorf("capacity %v, registration %v, waiting list %v", mt.Capacity, mt.RegistrationRequired, mt.WaitingList)
	}
	if mt.AreaID.Int64 != area || mt.OrganiserName != "Frivilligsentralen" || mt.Room != "Kafeen i første etasje" {
		t.Errorf("area %v, organiser %q, room %q", mt.AreaID, mt.OrganiserName, mt.Room)
	}
	if mt.Title["en"] != "Coffee and a chat about the new playground" || mt.Title["nb"] == "" {
		t.Errorf("titles %v", mt.Title)
	}
	linked, err := f.store.MeetingProposals(context.Background(), f.demo.ID, id)
	if err != nil || len(linked) != 1 || linked[0].ProposalID != prop.ID || linked[0].Relation != "linked" {
		t.Errorf("linked proposals %+v, %v", linked, err)
	}

	// The edit form shows what was saved, in the municipality's time zone.
	edit := c.get("/meetings/" + itoa(id) + "/edit")
	if edit.status != http.StatusOK {
		t.Fatalf("edit form: status %d", edit.status)
	}
	edit.mustContain(t, `value="18:00"`, `value="20:00"`, `value="arabisk, polsk"`, `value="Frivilligsentralen"`)
}

func TestMeetingFormRefusesBadInputAndKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.orgEnglish(officialEmail)
	area := f.areaID("Sentrum")
	before := f.orgCountMeetings()

	cases := []struct {
		name, field, value, message string
	}{
		{"end before start", "end_time", "17:00", "The meeting must end after it starts"},
		{"no title in the default language", "title_nb", "", "Write a title for the meeting."},
		{"not a time", "start_time", "25:00", "Write the start time in hours and minutes"},
		{"not a date", "start_date", "31.02.2026", "The start date is not a date."},
		{"capacity not a number", "capacity", "forty", "Write the number of places as a whole number"},
		{"capacity zero", "capacity", "0", "Write the number of places as a whole number"},
		{"link without https", "online_url", "ftp://meet.example/room", "starting with https://"},
		{"link with spaces", "online_url", "https://meet example", "starting with https://"},
		{"unknown proposal", "proposals", "999999", "There is no proposal with the number 999999."},
		{"proposal numbers with words", "proposals", "12 and 15", "Write only proposal numbers"},
		{"unknown area", "area", "999999", ""},
	}
	for _, tc := range cases {
		form := orgForm(area)
		form.Set(tc.field, tc.value)
		r := c.post("/meetings/new", "/meetings/new", form)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, r.status)
			continue
		}
		if tc.message != "" {
			r.mustContain(t, tc.message)
		}
		// Everything typed is still there.
		r.mustContain(t, `value="Havnegata 4"`, `value="arabisk, polsk"`, "Inngang fra baksiden.", `value="Frivilligsentralen"`)
		if tc.field != "title_nb" {
			r.mustContain(t, `value="Kaffeprat om den nye lekeplassen"`)
		}
		if tc.field == "end_time" {
			r.mustContain(t, `value="17:00"`)
			if !strings.Contains(r.body, `id="end_time" name="end_time" type="time" value="17:00" aria-describedby="end_time-hint end_time-error" aria-invalid="true"`) {
				t.Errorf("%s: the end time is not marked invalid", tc.name)
			}
		}
		if !regexp.MustCompile(`name="childcare" value="yes" checked`).MatchString(r.body) {
			t.Errorf("%s: childcare is no longer ticked", tc.name)
		}
	}
	if after := f.orgCountMeetings(); after != before {
		t.Errorf("refused forms created %d meetings", after-before)
	}

	// A meeting that ends after midnight says so with an end date.
	form := orgForm(area)
	form.Set("start_time", "22:00")
	form.Set("end_time", "01:00")
	form.Set("end_date", orgDay(3, 0, 0).Format("02.01.2006"))
	id := orgMeetingIDFrom(t, c.post("/meetings/new", "/meetings/new", form))
	if mt := f.orgStoredMeeting(id); !mt.EndsAt.Equal(orgDay(3, 1, 0)) {
		t.Errorf("ends %s, want 01:00 the next day", mt.EndsAt.In(orgOslo))
	}
}

func TestCapacityBelowRegistrationsIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := orgInput("Møte om skoleveien", orgDay(5, 18, 0), f.areaID("Nordheia"))
	in.Capacity = sql.NullInt32{Int32: 10, Valid: true}
	id := f.orgMeeting(in)
	for _, name := range []string{"Aud Berg", "Per Lie", "Kim Dahl"} {
		u, _ := f.newResident(name)
		f.orgRegister(u.ID, id)
	}

	c := f.orgEnglish(officialEmail)
	path := "/meetings/" + itoa(id) + "/edit"
	page := c.get(path)
	page.mustContain(t, "3 residents are registered or on the waiting list", "3 residents are registered now")
	form := orgForm(f.areaID("Nordheia"))
	form.Set("capacity", "2")
	r := c.post(path, path, form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.status)
	}
	r.mustContain(t, "3 residents are registered. The capacity cannot be lower.", `value="2"`)
	if mt := f.orgStoredMeeting(id); mt.Capacity.Int32 != 10 || mt.Title["nb"] != "Møte om skoleveien" {
		t.Errorf("the refused change was saved: capacity %v, title %q", mt.Capacity, mt.Title["nb"])
	}

	// Exactly the registrations is fine.
	form.Set("capacity", "3")
	if r := c.post(path, path, form); r.status != http.StatusSeeOther {
		t.Fatalf("capacity 3: status %d", r.status)
	}
	if mt := f.orgStoredMeeting(id); mt.Capacity.Int32 != 3 {
		t.Errorf("capacity %v, want 3", mt.Capacity)
	}
}

func TestRescheduleNotifiesRegistrants(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	area := f.areaID("Solbakken")
	id := f.orgMeeting(orgInput("Kaffeprat om den nye lekeplassen", orgDay(2, 18, 0), area))
	resident := f.user(residentEmail)
	f.orgRegister(resident.ID, id)

	c := f.orgEnglish(officialEmail)
	path := "/meetings/" + itoa(id) + "/edit"
	c.get(path).mustContain(t, "If you change the time or the place, everyone registered")

	// A new description only: no notification.
	form := orgForm(area)
	form.Set("address", "Torget 1")
	form.Set("room", "")
	form.Set("description_nb", "Ta med barna!")
	if r := c.post(path, path, form); r.status != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%s", r.status, r.body)
	}
	if n := f.orgNotified(resident.ID, "notification.meeting_rescheduled"); n != 0 {
		t.Fatalf("%d reschedule notifications after a text change", n)
	}

	// A new time: the resident is told.
	form.Set("start_time", "19:00")
	form.Set("end_time", "21:00")
	r := c.post(path, path, form)
	if orgMeetingIDFrom(t, r) != id {
		t.Fatalf("redirect to %s", r.location)
	}
	if n := f.orgNotified(resident.ID, "notification.meeting_rescheduled"); n != 1 {
		t.Errorf("%d reschedule notifications, want 1", n)
	}
	if mt := f.orgStoredMeeting(id); !mt.StartsAt.Equal(orgDay(2, 19, 0)) || mt.Description["nb"] != "Ta med barna!" {
		t.Errorf("starts %s, description %q", mt.StartsAt.In(orgOslo), mt.Description["nb"])
	}
	notes := f.signedIn(residentEmail).get("/notifications?lang=en")
	if !strings.Contains(notes.text(), "Coffee and a chat about the new playground") {
		t.Errorf("the resident's notifications do not name the meeting")
	}
}

func TestCancelNotifiesAndMeetingStaysVisibleAsCancelled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.orgMeeting(orgInput("Nabolagsvandring i Lundevik", orgDay(4, 17, 0), f.areaID("Lundevik")))
	resident := f.user(residentEmail)
	f.orgRegister(resident.ID, id)
	c := f.orgEnglish(officialEmail)
	edit := "/meetings/" + itoa(id) + "/edit"
	c.get(edit).mustContain(t, "Cancel the meeting", "Why is the meeting cancelled?")

	// A reason is required.
	r := c.post(edit, "/meetings/"+itoa(id)+"/cancel", url.Values{"reason": {"  "}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("no reason: status %d", r.status)
	}
	r.mustContain(t, "Write why the meeting is cancelled.")
	if mt := f.orgStoredMeeting(id); mt.Status != store.MeetingScheduled {
		t.Fatalf("cancelled without a reason")
	}

	reason := "Lokalet er stengt. Vi finner en ny dato."
	if r := c.post(edit, "/meetings/"+itoa(id)+"/cancel", url.Values{"reason": {reason}}); orgMeetingIDFrom(t, r) != id {
		t.Fatalf("cancel redirected to %s", r.location)
	}
	mt := f.orgStoredMeeting(id)
	if mt.Status != store.MeetingCancelled || mt.CancelReason != reason {
		t.Errorf("status %s, reason %q", mt.Status, mt.CancelReason)
	}
	if n := f.orgNotified(resident.ID, "notification.meeting_cancelled"); n != 1 {
		t.Errorf("%d cancel notifications, want 1", n)
	}
	list, err := f.store.ListMeetings(context.Background(), f.demo.ID, store.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	visible := false
	for _, m := range list {
		visible = visible || (m.ID == id && m.Status == store.MeetingCancelled)
	}
	if !visible {
		t.Error("the cancelled meeting is not in the list of upcoming meetings")
	}

	// Cancelling again, or changing it, is refused with a message.
	again := c.post("/meetings/new", "/meetings/"+itoa(id)+"/cancel", url.Values{"reason": {reason}})
	if again.status != http.StatusConflict {
		t.Fatalf("second cancel: status %d", again.status)
	}
	again.mustContain(t, "Only a published meeting can be cancelled. Nothing was changed.")
	locked := c.get(edit)
	if locked.status != http.StatusConflict {
		t.Errorf("edit form of a cancelled meeting: status %d", locked.status)
	}
	locked.mustContain(t, "This meeting is cancelled, so it can no longer be changed.")
	if n := f.orgNotified(resident.ID, "notification.meeting_cancelled"); n != 1 {
		t.Errorf("%d cancel notifications after the refused second cancel, want 1", n)
	}
}

func TestResidentProposesAndOfficialApprovesOrRejects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resident := f.user(residentEmail)
	official := f.user(officialEmail)
	rc := f.orgEnglish(residentEmail)

	page := rc.get("/meetings/propose")
	if page.status != http.StatusOK {
		t.Fatalf("propose form: status %d", page.status)
	}
	page.mustContain(t, "Propose a meeting or group", "An official at the municipality looks at it", `value="Ingrid Haugen"`)
	if strings.Contains(page.body, `name="consultation"`) || strings.Contains(page.body, `name="proposals"`) {
		t.Error("a resident is offered the official's links")
	}

	form := orgForm(f.areaID("Bråtane"))
	form.Del("organiser_name")
	form.Set("title_nb", "Selvhjelpsgruppe for pårørende")
	// A proposal in the past is refused.
	past := url.Values{}
	for k, v := range form {
		past[k] = v
	}
	past.Set("start_date", orgDay(-1, 0, 0).Format("2006-01-02"))
	r := rc.post("/meetings/propose", "/meetings/propose", past)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("proposal in the past: status %d", r.status)
	}
	r.mustContain(t, "The meeting must start in the future.", `value="Selvhjelpsgruppe for pårørende"`)

	id := orgMeetingIDFrom(t, rc.post("/meetings/propose", "/meetings/propose", form))
	mt := f.orgStoredMeeting(id)
	if mt.Status != store.MeetingProposed || mt.OrganiserID.Int64 != resident.ID || mt.OrganiserName != "Ingrid Haugen" {
		t.Fatalf("status %s, organiser %v %q", mt.Status, mt.OrganiserID, mt.OrganiserName)
	}
	if n := f.orgNotified(official.ID, "notification.meeting_proposed"); n != 1 {
		t.Errorf("the official got %d notifications of the proposal", n)
	}

	oc := f.orgEnglish(officialEmail)
	edit := "/meetings/" + itoa(id) + "/edit"
	oc.get(edit).mustContain(t, "Proposed by a resident", "Approve and publish", "Reject")
	if r := oc.post(edit, "/meetings/"+itoa(id)+"/approve", url.Values{}); orgMeetingIDFrom(t, r) != id {
		t.Fatalf("approve redirected to %s", r.location)
	}
	if mt := f.orgStoredMeeting(id); mt.Status != store.MeetingScheduled {
		t.Errorf("approved meeting has status %s", mt.Status)
	}
	if n := f.orgNotified(resident.ID, "notification.meeting_approved"); n != 1 {
		t.Errorf("the resident got %d approval notifications", n)
	}
	// Reviewing twice is refused with a message.
	twice := oc.post("/meetings/new", "/meetings/"+itoa(id)+"/reject", url.Values{})
	if twice.status != http.StatusConflict {
		t.Fatalf("reject after approve: status %d", twice.status)
	}
	twice.mustContain(t, "This meeting is no longer waiting for approval. Nothing was changed.")

	// A second proposal is rejected.
	form.Set("title_nb", "Strikkekafé")
	second := orgMeetingIDFrom(t, rc.post("/meetings/propose", "/meetings/propose", form))
	if r := oc.post("/meetings/"+itoa(second)+"/edit", "/meetings/"+itoa(second)+"/reject", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("reject: status %d", r.status)
	}
	if mt := f.orgStoredMeeting(second); mt.Status != store.MeetingRejected {
		t.Errorf("rejected meeting has status %s", mt.Status)
	}
	if n := f.orgNotified(resident.ID, "notification.meeting_rejected"); n != 1 {
		t.Errorf("the resident got %d rejection notifications", n)
	}
}

func TestOfficialMeetingPagesAreForOfficials(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.orgMeeting(orgInput("Møte i Kvernhus", orgDay(3, 18, 0), f.areaID("Kvernhus")))
	base := "/meetings/" + itoa(id)
	rc := f.signedIn(residentEmail)
	for _, path := range []string{"/meetings/new", base + "/edit", base + "/attendance", base + "/minutes"} {
		if r := rc.get(path); r.status != http.StatusForbidden {
			t.Errorf("resident GET %s: status %d, want 403", path, r.status)
		}
	}
	for _, action := range []string{"/meetings/new", base + "/edit", base + "/cancel", base + "/approve", base + "/reject",
		base + "/checkin", base + "/attendees", base + "/minutes"} {
		r := rc.post("/meetings/propose", action, url.Values{"reason": {"Nei"}, "title_nb": {"X"}, "people": {"3"}})
		if r.status != http.StatusForbidden {
			t.Errorf("resident POST %s: status %d, want 403", action, r.status)
		}
	}
	if mt := f.orgStoredMeeting(id); mt.Status != store.MeetingScheduled || mt.Title["nb"] != "Møte i Kvernhus" {
		t.Errorf("a resident changed the meeting: %s %q", mt.Status, mt.Title["nb"])
	}
	// Proposing needs an account.
	if r := f.client().get("/meetings/propose"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("anonymous propose form: status %d, location %q", r.status, r.location)
	}
	// Officials reach an unknown meeting as not found.
	if r := f.signedIn(officialEmail).get("/meetings/999999/edit"); r.status != http.StatusNotFound {
		t.Errorf("unknown meeting: status %d", r.status)
	}
}

// TestResidentMayProposeInAnyLanguage: a resident new to the language writes
// the title in English; the official adds the bokmål title before approving.
func TestResidentMayProposeInAnyLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rc := f.orgEnglish(residentEmail)
	form := orgForm(f.areaID("Bråtane"))
	form.Del("title_nb")
	form.Set("title_en", "Language café for newcomers")

	empty := url.Values{}
	for k, v := range form {
		empty[k] = v
	}
	empty.Del("title_en")
	if r := rc.post("/meetings/propose", "/meetings/propose", empty); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a proposal without any title: status %d", r.status)
	} else {
		r.mustContain(t, "Write a title, in the language you like.")
	}

	id := orgMeetingIDFrom(t, rc.post("/meetings/propose", "/meetings/propose", form))
	if mt := f.orgStoredMeeting(id); mt.Status != store.MeetingProposed || mt.Title["en"] != "Language café for newcomers" {
		t.Fatalf("proposed in English: %+v", mt)
	}

	oc := f.orgEnglish(officialEmail)
	edit := "/meetings/" + itoa(id) + "/edit"
	r := oc.post(edit, "/meetings/"+itoa(id)+"/approve", url.Values{})
	if r.status != http.StatusConflict {
		t.Fatalf("approving without a bokmål title: status %d", r.status)
	}
	r.mustContain(t, "The meeting has no title in the municipality’s main language.")
	if mt := f.orgStoredMeeting(id); mt.Status != store.MeetingProposed {
		t.Fatalf("the meeting stays proposed: %s", mt.Status)
	}
}
