package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// localAt is hour:00 on the day offset days from today in loc.
func localAt(loc *time.Location, offset, hour int) time.Time {
	y, m, d := time.Now().In(loc).Date()
	return time.Date(y, m, d+offset, hour, 0, 0, 0, loc)
}

// osloAt is hour:00 in Fjordvik on the day offset days from today.
func osloAt(offset, hour int) time.Time {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	return localAt(oslo, offset, hour)
}

// meetingAt is a meeting in bokmål from start, two hours long, that needs
// registration.
func meetingAt(title string, start time.Time) store.MeetingInput {
	return store.MeetingInput{
		Title:                store.Translations{"nb": title},
		Description:          store.Translations{"nb": "Vi snakker om nabolaget."},
		Address:              "Storgata 1",
		Room:                 "Møterom 2",
		StartsAt:             start,
		EndsAt:               start.Add(2 * time.Hour),
		RegistrationRequired: true,
		WaitingList:          true,
		Facts:                store.MeetingFacts{FreeOfCharge: true},
	}
}

// meeting schedules a meeting as the demo official.
func (f *fixture) meeting(in store.MeetingInput) int64 {
	f.t.Helper()
	id, err := f.store.CreateMeeting(context.Background(), f.demo.ID, f.user(officialEmail).ID, in)
	if err != nil {
		f.t.Fatalf("create meeting: %v", err)
	}
	return id
}

func meetingURL(id int64, rest ...string) string {
	return fmt.Sprintf("/meetings/%d", id) + strings.Join(rest, "")
}

// register posts the registration form of a meeting.
func register(c *client, id int64) response {
	return c.post(meetingURL(id), meetingURL(id, "/register"), url.Values{})
}

func unregister(c *client, id int64) response {
	return c.post(meetingURL(id), meetingURL(id, "/unregister"), url.Values{})
}

// itemOf is the list item of the meeting with title.
func itemOf(r response, title string) string {
	text := r.text()
	i := strings.Index(text, title)
	if i < 0 {
		return ""
	}
	end := strings.Index(text[i:], "</section>")
	if j := strings.Index(text[i:], `<li class="meeting-item`); j >= 0 && (end < 0 || j < end) {
		end = j
	}
	if end < 0 {
		return text[i:]
	}
	return text[i : i+end]
}

// before reports whether a comes before b in the page.
func before(r response, a, b string) bool {
	i, j := strings.Index(r.text(), a), strings.Index(r.text(), b)
	return i >= 0 && j >= 0 && i < j
}

func TestMeetingsListAndFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sentrum, havnebyen := f.areaID("Sentrum"), f.areaID("Havnebyen")

	kids := meetingAt("Kveldsmøte med barnepass", osloAt(2, 18))
	kids.AreaID = sentrum
	kids.Facts = store.MeetingFacts{Childcare: true, StepFree: true, FreeOfCharge: true, Interpretation: []string{"arabisk", "polsk"}}
	kids.Capacity = sql.NullInt32{Int32: 20, Valid: true}
	kidsID := f.meeting(kids)

	harbour := meetingAt("Havnepromenaden", osloAt(4, 17))
	harbour.AreaID = havnebyen
	harbour.RegistrationRequired = false
	harbour.Facts = store.MeetingFacts{HearingLoop: true, FoodServed: true}
	f.meeting(harbour)

	cancelledID := f.meeting(meetingAt("Møtet som ble avlyst", osloAt(6, 18)))
	if err := f.store.CancelMeeting(ctx, f.demo.ID, f.user(officialEmail).ID, cancelledID, "Lokalet er ikke ledig."); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.ProposeMeeting(ctx, f.demo.ID, f.user(residentEmail).ID, meetingAt("Strikkekafé i kjelleren", osloAt(3, 12))); err != nil {
		t.Fatal(err)
	}
	pastID := f.meeting(meetingAt("Vårmøtet i fjor", osloAt(-30, 18)))
	if err := f.store.PublishMinutes(ctx, f.demo.ID, f.user(officialEmail).ID, pastID, store.Translations{"nb": "Vi ble enige om benker."}); err != nil {
		t.Fatal(err)
	}
	f.meeting(meetingAt("Møtet uten referat", osloAt(-10, 18)))

	anon := f.client()
	list := anon.get("/meetings")
	wantStatus(t, list, http.StatusOK)
	list.mustContain(t, "Nabolagsmøter", "Kveldsmøte med barnepass", "Havnepromenaden", "Møtet som ble avlyst", "Avlyst",
		"Sentrum – Storgata 1, Møterom 2", "Barnepass", "Trinnfri tilgang", "Tolk: arabisk, polsk", "Teleslynge",
		"Det blir servert mat", "Ingen påmelding", "0 av 20 plasser er tatt.", "kl. 18.00–20.00",
		"Logg inn for å foreslå et møte", "En kalenderfeed legger alle kommende møter", `href="/meetings.ics"`,
		"http://fjordvik.localhost/meetings.ics")
	list.mustNotContain(t, "Strikkekafé i kjelleren", "Vårmøtet i fjor", "Møtet uten referat")
	if !before(list, "Kveldsmøte med barnepass", "Havnepromenaden") || !before(list, "Havnepromenaden", "Møtet som ble avlyst") {
		t.Error("upcoming meetings are not soonest first")
	}
	day := osloAt(2, 18)
	weekday := map[time.Weekday]string{time.Sunday: "Søndag", time.Monday: "Mandag", time.Tuesday: "Tirsdag",
		time.Wednesday: "Onsdag", time.Thursday: "Torsdag", time.Friday: "Fredag", time.Saturday: "Lørdag"}[day.Weekday()]
	nbMonths := []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}
	list.mustContain(t, fmt.Sprintf(`<time datetime="%s">%s %d. %s %d</time>`, day.Format("2006-01-02"), weekday, day.Day(), nbMonths[day.Month()-1], day.Year()))
	for _, fact := range store.MeetingFactNames {
		if !strings.Contains(list.body, `name="fact" value="`+fact+`"`) {
			t.Errorf("no filter checkbox for %s", fact)
		}
	}

	// Filters: childcare, area, a start date, and an unreadable date.
	childcare := anon.get("/meetings?fact=childcare")
	wantStatus(t, childcare, http.StatusOK)
	childcare.mustContain(t, "Kveldsmøte med barnepass", "Vis alle møter")
	childcare.mustNotContain(t, "Havnepromenaden", "Møtet som ble avlyst")
	if !strings.Contains(childcare.body, `value="childcare" checked`) {
		t.Error("the childcare box is not kept ticked")
	}
	food := anon.get("/meetings?fact=food_served&fact=no_registration")
	food.mustContain(t, "Havnepromenaden")
	food.mustNotContain(t, "Kveldsmøte med barnepass")
	interpreter := anon.get("/meetings?fact=interpretation")
	interpreter.mustContain(t, "Kveldsmøte med barnepass")
	interpreter.mustNotContain(t, "Havnepromenaden")
	area := anon.get(fmt.Sprintf("/meetings?area=%d", havnebyen))
	area.mustContain(t, "Havnepromenaden")
	area.mustNotContain(t, "Kveldsmøte med barnepass")
	from := anon.get("/meetings?from=" + osloAt(3, 0).Format("2006-01-02"))
	from.mustContain(t, "Havnepromenaden", "Møtet som ble avlyst")
	from.mustNotContain(t, "Kveldsmøte med barnepass")
	none := anon.get("/meetings?fact=childcare&area=" + fmt.Sprint(havnebyen))
	none.mustContain(t, "Ingen møter passer med det du valgte.")
	bad := anon.get("/meetings?from=1.+desember&fact=childcare")
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	bad.mustContain(t, "Rett opp dette", "Skriv datoen som år-måned-dag, for eksempel 2026-12-01.", `value="1. desember"`,
		"Kveldsmøte med barnepass")
	if !strings.Contains(bad.body, `aria-invalid="true"`) {
		t.Error("the bad date field is not marked invalid")
	}

	// Past meetings: newest first, with their minutes.
	past := anon.get("/meetings?when=past")
	wantStatus(t, past, http.StatusOK)
	past.mustContain(t, "Vårmøtet i fjor", "Møtet uten referat", "Referat publisert", "Det siste møtet står øverst.")
	past.mustNotContain(t, "Kveldsmøte med barnepass")
	if !before(past, "Møtet uten referat", "Vårmøtet i fjor") {
		t.Error("past meetings are not newest first")
	}
	if !strings.Contains(itemOf(past, "Vårmøtet i fjor"), "Referat publisert") || strings.Contains(itemOf(past, "Møtet uten referat"), "Referat publisert") {
		t.Error("the minutes badge is not on the meeting with minutes only")
	}
	if !strings.Contains(itemOf(list, "Møtet som ble avlyst"), "Avlyst") {
		t.Error("the cancelled meeting has no badge")
	}

	// The same list in English.
	en := anon.get("/meetings?lang=en")
	en.mustContain(t, "Neighbourhood meetings", "Childcare", "Interpreter: arabisk, polsk", "0 of 20 places are taken.", "18:00–20:00", "Cancelled")

	// Residents may propose a meeting; officials create one.
	f.signedIn(residentEmail).get("/meetings").mustContain(t, `href="/meetings/propose"`, "Foreslå et møte")
	f.signedIn(officialEmail).get("/meetings").mustContain(t, `href="/meetings/new"`, "Nytt møte")
	_ = kidsID
}

func TestMeetingPageInTwoLanguages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	in := meetingAt("Møte om den nye parken", osloAt(5, 18))
	in.Title["en"] = "Meeting about the new park"
	in.Description = store.Translations{"nb": "Kom og si hva du vil ha i parken.\n\nLes mer på https://fjordvik.example/park."}
	in.AreaID = f.areaID("Solbakken")
	in.Directions = "Inngang fra baksiden."
	in.OnlineURL = "https://meet.example/park"
	in.OrganiserName = "Solbakken vel"
	in.Facts = store.MeetingFacts{SignLanguage: true, Interpretation: []string{"somali"}, Childcare: true, FreeOfCharge: true}
	in.Capacity = sql.NullInt32{Int32: 20, Valid: true}
	author := f.user(residentEmail)
	linked := f.proposal(author.ID, "Benker langs stien", "Vi trenger flere benker.")
	in.ProposalIDs = []int64{linked.ID}
	cons := f.authoredConsultation(true, votingNow("Høring om parken"), singleChoice("Vil du ha benker?"))
	in.ConsultationID = cons
	id := f.meeting(in)
	if _, err := f.store.CreateProposal(ctx, f.demo.ID, store.NewProposal{AuthorID: author.ID, Title: "Lekeplass for de minste",
		Body: "Kom fram på møtet.", Language: "nb", MeetingID: id}); err != nil {
		t.Fatal(err)
	}

	anon := f.client()
	nb := anon.get(meetingURL(id))
	wantStatus(t, nb, http.StatusOK)
	nb.mustContain(t, "Møte om den nye parken", "Kom og si hva du vil ha i parken.", "Storgata 1", "Møterom 2",
		"Område: Solbakken", "Inngang fra baksiden.", "Bli med på møtet på nett", "Solbakken vel",
		"Tegnspråktolk", "Tolk: somali", "Barnepass", "Gratis", "0 av 20 plasser er tatt.", "kl. 18.00–20.00",
		"Dette skal møtet handle om", "Høring om parken", "Benker langs stien", "Ideer fra møtet", "Lekeplass for de minste",
		"Logg inn for å melde deg på", "Legg til i kalenderen din")
	nb.mustNotContain(t, "Denne teksten finnes ikke på bokmål", "For saksbehandlere")
	for _, link := range []string{meetingURL(id) + ".ics", fmt.Sprintf("/consultations/%d", cons), fmt.Sprintf("/proposals/%d", linked.ID),
		`<a href="https://fjordvik.example/park" rel="nofollow ugc noopener">`} {
		if !strings.Contains(nb.body, link) {
			t.Errorf("the page lacks %s", link)
		}
	}
	if !before(nb, "Benker langs stien", "Ideer fra møtet") || !before(nb, "Ideer fra møtet", "Lekeplass for de minste") {
		t.Error("linked and raised proposals are not apart")
	}

	// In English the title is translated, the description is not: the page
	// says so and marks the text as bokmål.
	en := anon.get(meetingURL(id) + "?lang=en")
	wantStatus(t, en, http.StatusOK)
	en.mustContain(t, "Meeting about the new park", "This text is not available in English yet. It is shown in Norwegian Bokmål.",
		"Sign language interpreter", "Interpreter: somali", "Childcare", "Free", "0 of 20 places are taken.", "18:00–20:00",
		"Sign in to register", "On the agenda", "Ideas raised at the meeting")
	if !strings.Contains(en.body, `<div class="meeting-description" lang="nb">`) {
		t.Error("the bokmål description is not marked lang=nb")
	}
	if !strings.Contains(en.body, `<h1 id="meeting-title">Meeting about the new park</h1>`) {
		t.Error("the English title is marked as another language")
	}
	da := anon.get(meetingURL(id) + "?lang=da")
	da.mustContain(t, "Denne tekst findes ikke på dansk endnu. Den vises på norsk bokmål.", "Tegnsprogstolk", "Børnepasning")
	if !strings.Contains(da.body, `<h1 id="meeting-title" lang="nb">Møte om den nye parken</h1>`) {
		t.Error("the bokmål title on the Danish page is not marked lang=nb")
	}
	nn := anon.get(meetingURL(id) + "?lang=nn")
	nn.mustContain(t, "Teiknspråktolk", "Barnepass", "Denne teksten finst ikkje på nynorsk enno.")
	nn.mustNotContain(t, "Trinnfri tilkomst") // not a fact of this meeting

	// Minutes, in bokmål only.
	f.meeting(meetingAt("Et annet møte", osloAt(1, 18)))
	past := f.meeting(meetingAt("Møtet i høst", osloAt(-20, 18)))
	f.client().get(meetingURL(past)).mustContain(t, "Referatet er ikke publisert ennå.")
	if err := f.store.PublishMinutes(ctx, f.demo.ID, f.user(officialEmail).ID, past, store.Translations{"nb": "Vi ble enige om tre ting."}); err != nil {
		t.Fatal(err)
	}
	minutes := anon.get(meetingURL(past) + "?lang=en")
	minutes.mustContain(t, "Minutes", "Published", "The minutes are not available in English yet. They are shown in Norwegian Bokmål.",
		"Vi ble enige om tre ting.", "This meeting is over.")
	if !strings.Contains(minutes.body, `<div class="meeting-minutes" lang="nb">`) {
		t.Error("the bokmål minutes are not marked lang=nb")
	}
	official := f.signedIn(officialEmail).get(meetingURL(past))
	official.mustContain(t, "Rett referatet", "Registrer hvem som kom")
	official.mustNotContain(t, "Avlys møtet") // it is over

	wantStatus(t, anon.get("/meetings/999999"), http.StatusNotFound)
	wantStatus(t, anon.get("/meetings/999999.ics"), http.StatusNotFound)
}

func TestMeetingRegistration(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := meetingAt("Møte med få plasser", osloAt(3, 18))
	in.Capacity = sql.NullInt32{Int32: 1, Valid: true}
	id := f.meeting(in)

	resident := f.signedIn(residentEmail)
	page := resident.get(meetingURL(id))
	page.mustContain(t, "Meld deg på, så vet arrangøren at du kommer.", "0 av 1 plass er tatt.")
	r := register(resident, id)
	wantStatus(t, r, http.StatusSeeOther)
	if r.location != meetingURL(id)+"#registration" {
		t.Errorf("after registering: location %q", r.location)
	}
	page = resident.get(meetingURL(id))
	page.mustContain(t, "Du er påmeldt. Vi minner deg på møtet dagen før.", "Du er påmeldt.", "1 av 1 plass er tatt.",
		"Møtet er fullt.", "Meld deg av")

	// Twice: refused with a message, the registration stays.
	again := register(resident, id)
	wantStatus(t, again, http.StatusConflict)
	again.mustContain(t, "Du er allerede påmeldt dette møtet.", "Møte med få plasser", "Du er påmeldt.")
	resident.cookies["lang"] = "en"
	register(resident, id).mustContain(t, "You are already registered for this meeting.")
	delete(resident.cookies, "lang")

	// Full: the next residents join the waiting list, in order.
	_, second := f.newResident("Kari Nordmann")
	_, third := f.newResident("Per Hansen")
	second.get(meetingURL(id)).mustContain(t, "Møtet er fullt. Sett deg på ventelisten", "Sett deg på ventelisten")
	wantStatus(t, register(second, id), http.StatusSeeOther)
	second.get(meetingURL(id)).mustContain(t, "Møtet er fullt, så du står på ventelisten.", "Du er nummer 1 på ventelisten.",
		"Gå ut av ventelisten", "1 person står på venteliste.")
	wantStatus(t, register(third, id), http.StatusSeeOther)
	third.get(meetingURL(id)).mustContain(t, "Du er nummer 2 på ventelisten.", "2 personer står på venteliste.")
	third.get(meetingURL(id)+"?lang=en").mustContain(t, "You are number 2 on the waiting list.")
	delete(third.cookies, "lang")

	// The first cancels: the second gets the place, the third moves up.
	r = unregister(resident, id)
	wantStatus(t, r, http.StatusSeeOther)
	resident.get(meetingURL(id)).mustContain(t, "Du er meldt av møtet.", "Sett deg på ventelisten")
	second.get(meetingURL(id)).mustContain(t, "Du er påmeldt.", "Meld deg av")
	third.get(meetingURL(id)).mustContain(t, "Du er nummer 1 på ventelisten.")
	wantStatus(t, unregister(third, id), http.StatusSeeOther)
	third.get(meetingURL(id)).mustContain(t, "Du har gått ut av ventelisten.")
	notRegistered := unregister(third, id)
	wantStatus(t, notRegistered, http.StatusConflict)
	notRegistered.mustContain(t, "Du er ikke påmeldt dette møtet.")

	// Full without a waiting list: refused, and the page offers no button.
	closed := meetingAt("Møte uten venteliste", osloAt(3, 12))
	closed.Capacity = sql.NullInt32{Int32: 1, Valid: true}
	closed.WaitingList = false
	closedID := f.meeting(closed)
	wantStatus(t, register(second, closedID), http.StatusSeeOther)
	full := register(third, closedID)
	wantStatus(t, full, http.StatusConflict)
	full.mustContain(t, "Møtet er fullt, og det har ingen venteliste. Du ble ikke påmeldt.")
	third.cookies["lang"] = "nn"
	register(third, closedID).mustContain(t, "Møtet er fullt, og det har inga venteliste. Du vart ikkje påmeld.")
	third.cookies["lang"] = "da"
	register(third, closedID).mustContain(t, "Mødet er fuldt, og der er ingen venteliste. Du blev ikke tilmeldt.")
	delete(third.cookies, "lang")
	page = third.get(meetingURL(closedID))
	page.mustContain(t, "Møtet er fullt, og det har ingen venteliste.")
	if strings.Contains(page.body, meetingURL(closedID, "/register")) {
		t.Error("a full meeting without a waiting list offers to register")
	}

	// A meeting that has started: refused.
	started := meetingAt("Møtet som har begynt", time.Now().Add(-30*time.Minute))
	startedID := f.meeting(started)
	late := register(resident, startedID)
	wantStatus(t, late, http.StatusConflict)
	late.mustContain(t, "Dette møtet har allerede begynt. Du kan ikke melde deg på lenger.")
	resident.get(meetingURL(startedID)).mustContain(t, "Dette møtet har allerede begynt. Du kan fortsatt komme.", "Pågår nå")

	// No registration needed: refused, the page says just come.
	open := meetingAt("Åpent møte", osloAt(2, 18))
	open.RegistrationRequired = false
	openID := f.meeting(open)
	resident.get(meetingURL(openID)).mustContain(t, "Du trenger ikke melde deg på. Bare kom.", "Ingen påmelding")
	notOpen := register(resident, openID)
	wantStatus(t, notOpen, http.StatusConflict)
	notOpen.mustContain(t, "Dette møtet har ikke påmelding.")

	// A cancelled meeting stays visible, with its reason.
	cancelled := f.meeting(meetingAt("Avlyst møte", osloAt(4, 18)))
	wantStatus(t, register(resident, cancelled), http.StatusSeeOther)
	if err := f.store.CancelMeeting(context.Background(), f.demo.ID, f.user(officialEmail).ID, cancelled, "Vi fant ikke noe lokale."); err != nil {
		t.Fatal(err)
	}
	page = resident.get(meetingURL(cancelled))
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Dette møtet er avlyst.", "Grunn: <span>Vi fant ikke noe lokale.</span>", "Møtet er avlyst, så du kan ikke melde deg på.")
	refused := register(f.signedIn(officialEmail), cancelled)
	wantStatus(t, refused, http.StatusConflict)
	refused.mustContain(t, "Dette møtet har ikke påmelding.")

	// Signed out: a sign-in link, and posting is refused.
	anon := f.client()
	anon.get(meetingURL(id)).mustContain(t, "Logg inn for å melde deg på", fmt.Sprintf(`href="/login?next=%%2Fmeetings%%2F%d"`, id))
	wantStatus(t, anon.post("/login", meetingURL(id, "/register"), url.Values{}), http.StatusForbidden)
}

func TestMeetingVisibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	proposer := f.user(residentEmail)
	id, err := f.store.ProposeMeeting(ctx, f.demo.ID, proposer.ID, meetingAt("Turgruppe for nye i byen", osloAt(7, 11)))
	if err != nil {
		t.Fatal(err)
	}
	anon, own, official := f.client(), f.signedIn(residentEmail), f.signedIn(officialEmail)
	_, other := f.newResident("Eva Berg")

	wantStatus(t, anon.get(meetingURL(id)), http.StatusNotFound)
	wantStatus(t, other.get(meetingURL(id)), http.StatusNotFound)
	wantStatus(t, anon.get(meetingURL(id, ".ics")), http.StatusNotFound)
	wantStatus(t, register(other, id), http.StatusNotFound)
	mine := own.get(meetingURL(id))
	wantStatus(t, mine, http.StatusOK)
	mine.mustContain(t, "Venter på godkjenning.", "Kommunen ser på forslaget ditt.", "Du kan melde deg på når møtet er godkjent.")
	mine.mustNotContain(t, "Godkjenn møtet")
	review := official.get(meetingURL(id))
	wantStatus(t, review, http.StatusOK)
	review.mustContain(t, "En innbygger har foreslått dette møtet.", "Godkjenn møtet", "Avslå møtet", "Endre møtet")
	for _, action := range []string{"/approve", "/reject"} {
		if !strings.Contains(review.body, `action="`+meetingURL(id, action)+`"`) {
			t.Errorf("no %s form for the official", action)
		}
	}

	anon.get("/meetings").mustNotContain(t, "Turgruppe for nye i byen")
	other.get("/meetings").mustNotContain(t, "Turgruppe for nye i byen")
	ownList := own.get("/meetings")
	ownList.mustContain(t, "Møtene du har foreslått", "Turgruppe for nye i byen", "Venter på godkjenning")
	officialList := official.get("/meetings")
	officialList.mustContain(t, "Venter på godkjenning", "Turgruppe for nye i byen")
	officialList.mustNotContain(t, "Møtene du har foreslått")
	if strings.Contains(anon.get("/meetings.ics").body, "Turgruppe") {
		t.Error("a proposed meeting is in the calendar feed")
	}

	// Rejected: still seen by its proposer and officials only.
	if err := f.store.ReviewMeeting(ctx, f.demo.ID, f.user(officialEmail).ID, id, false); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, anon.get(meetingURL(id)), http.StatusNotFound)
	wantStatus(t, other.get(meetingURL(id)), http.StatusNotFound)
	own.get(meetingURL(id)).mustContain(t, "Ikke godkjent.", "Kommunen godkjente ikke dette møtet.")
	wantStatus(t, official.get(meetingURL(id)), http.StatusOK)
	own.get("/meetings").mustContain(t, "Turgruppe for nye i byen", "Ikke godkjent")

	// Approved: public.
	approved, err := f.store.ProposeMeeting(ctx, f.demo.ID, proposer.ID, meetingAt("Leksehjelp på biblioteket", osloAt(8, 16)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.ReviewMeeting(ctx, f.demo.ID, f.user(officialEmail).ID, approved, true); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, anon.get(meetingURL(approved)), http.StatusOK)
	anon.get("/meetings").mustContain(t, "Leksehjelp på biblioteket")

	// Officials get the organiser's links and the cancel form.
	page := official.get(meetingURL(approved))
	page.mustContain(t, "For saksbehandlere", "Registrer hvem som kom", "Skriv referat",
		"Registrer en idé fra dette møtet", "Hvorfor blir møtet avlyst?", "Avlys møtet")
	for _, link := range []string{meetingURL(approved, "/edit"), meetingURL(approved, "/attendance"), meetingURL(approved, "/minutes"),
		fmt.Sprintf("/proposals/assisted?meeting=%d", approved), `action="` + meetingURL(approved, "/cancel") + `"`, `name="reason"`} {
		if !strings.Contains(page.body, link) {
			t.Errorf("the official's page lacks %s", link)
		}
	}
	own.get(meetingURL(approved)).mustNotContain(t, "For saksbehandlere", "Avlys møtet")

	// Another municipality's meeting is not found here.
	f.addMunicipality("strandby", "DK", "da")
	other2 := f.client()
	other2.host = "strandby.localhost"
	wantStatus(t, other2.get(meetingURL(approved)), http.StatusNotFound)
	wantStatus(t, anon.get("/meetings/abc"), http.StatusNotFound)
}

func TestMeetingsListPagesStaySmall(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Twenty-one meetings with every fact and long texts: two pages.
	for i := range 21 {
		in := meetingAt(fmt.Sprintf("Et møte med et ganske langt navn for å prøve sidestørrelsen, nummer %02d", i+1), osloAt(1+i/4, 10+i%4))
		in.AreaID = f.areaID("Sentrum")
		in.Capacity = sql.NullInt32{Int32: 20, Valid: true}
		in.OnlineURL = "https://meet.example/fjordvik"
		in.Facts = store.MeetingFacts{StepFree: true, HearingLoop: true, SignLanguage: true, Childcare: true, FoodServed: true,
			FreeOfCharge: true, Interpretation: []string{"arabisk", "polsk", "somali"}}
		f.meeting(in)
	}
	for i := range 12 {
		if _, err := f.store.ProposeMeeting(context.Background(), f.demo.ID, f.user(residentEmail).ID,
			meetingAt(fmt.Sprintf("Foreslått møte %02d", i+1), osloAt(2, 12))); err != nil {
			t.Fatal(err)
		}
	}
	official := f.signedIn(officialEmail)
	first := official.get("/meetings?fact=childcare")
	wantStatus(t, first, http.StatusOK)
	if n := len(first.body); n > 60*1024 {
		t.Errorf("the first page is %d bytes", n)
	}
	first.mustContain(t, "nummer 01", "nummer 20", "Neste side", "Foreslått møte 10", "Flere møter venter.")
	first.mustNotContain(t, "nummer 21", "Foreslått møte 11", "Forrige side")
	second := official.get("/meetings?fact=childcare&page=2")
	second.mustContain(t, "nummer 21", "Forrige side")
	second.mustNotContain(t, "nummer 20", "Neste side")
	if !strings.Contains(first.body, `href="/meetings?fact=childcare&amp;page=2" rel="next"`) {
		t.Error("the next page link loses the filter")
	}
}
