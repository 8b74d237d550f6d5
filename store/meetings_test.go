package store_test

import (
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func TestMeetingRegistrationWaitingListAndAttendance(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "meet")
	id := e.meeting(t, time.Now().Add(2*time.Hour), 1, nil)
	a, b := e.resident(t), e.resident(t)

	if r, err := st.Register(e.ctx, e.m.ID, a.ID, id); err != nil || r.Status != store.RegistrationRegistered {
		t.Fatalf("first registration: %+v %v", r, err)
	}
	if r, err := st.Register(e.ctx, e.m.ID, b.ID, id); err != nil || r.Status != store.RegistrationWaiting || r.Position != 1 {
		t.Fatalf("a full meeting puts the next on the waiting list: %+v %v", r, err)
	}
	if _, err := st.Register(e.ctx, e.m.ID, a.ID, id); !errors.Is(err, store.ErrAlreadyRegistered) {
		t.Fatalf("registering twice: %v", err)
	}
	if err := st.CancelRegistration(e.ctx, e.m.ID, a.ID, id); err != nil {
		t.Fatal(err)
	}
	if r, err := st.RegistrationOf(e.ctx, e.m.ID, b.ID, id); err != nil || r.Status != store.RegistrationRegistered {
		t.Fatalf("the waiting list moves up: %+v %v", r, err)
	}
	if n := e.count(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND message_id = 'notification.meeting_promoted'`, b.ID); n != 1 {
		t.Fatalf("the promoted resident is notified: %d", n)
	}

	if n, err := st.SendMeetingReminders(e.ctx, e.m.ID); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if n, err := st.SendMeetingReminders(e.ctx, e.m.ID); err != nil || n != 0 {
		t.Fatalf("a reminder is sent once: %d %v", n, err)
	}

	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, b.ID); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("no attendance before the meeting starts: %v", err)
	}
	e.exec(t, `UPDATE meetings SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '30 minutes' WHERE id = $1`, id)
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, b.ID); !errors.Is(err, store.ErrAlreadyCheckedIn) {
		t.Fatalf("checking in twice: %v", err)
	}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 3, store.Segment{}, -1); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ledger(t, "meeting_attendance", id)); n != 4 {
		t.Fatalf("one resident and three without an account: %d ledger entries", n)
	}
	m, err := st.MeetingByID(e.ctx, e.m.ID, id)
	if err != nil || m.Attended != 4 || m.Registered != 1 {
		t.Fatalf("counts: %+v %v", m, err)
	}
	list, err := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{Facts: []string{"free_of_charge"}})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	if list, _ := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{Facts: []string{"childcare"}}); len(list) != 0 {
		t.Fatalf("filter by childcare: %v", list)
	}
}

func TestMeetingInputRules(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "rules")
	start := time.Now().Add(48 * time.Hour)

	for name, change := range map[string]func(*store.MeetingInput){
		"ends before it starts": func(in *store.MeetingInput) { in.EndsAt = in.StartsAt.Add(-time.Minute) },
		"ends as it starts":     func(in *store.MeetingInput) { in.EndsAt = in.StartsAt },
	} {
		in := e.meetingInput(start, 0)
		change(&in)
		if _, err := st.CreateMeeting(e.ctx, e.m.ID, e.official.ID, in); !errors.Is(err, store.ErrEndsBeforeStart) {
			t.Errorf("create, %s: %v", name, err)
		}
		if _, err := st.ProposeMeeting(e.ctx, e.m.ID, e.resident(t).ID, in); !errors.Is(err, store.ErrEndsBeforeStart) {
			t.Errorf("propose, %s: %v", name, err)
		}
	}
	noBokmal := e.meetingInput(start, 0)
	noBokmal.Title = store.Translations{"da": "Borgermøde i lokalområdet", "nb": ""}
	if _, err := st.CreateMeeting(e.ctx, e.m.ID, e.official.ID, noBokmal); !errors.Is(err, store.ErrDefaultLanguageMissing) {
		t.Errorf("a title without the default language: %v", err)
	}
	if n := e.count(t, `SELECT count(*) FROM meetings`); n != 0 {
		t.Fatalf("refused meetings were stored: %d", n)
	}

	id := e.meeting(t, start, 0, nil)
	in := e.meetingInput(start, 0)
	in.Title = store.Translations{"nb": "Nytt navn"}
	in.EndsAt = start.Add(-time.Hour)
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); !errors.Is(err, store.ErrEndsBeforeStart) {
		t.Errorf("update ending before it starts: %v", err)
	}
	in.EndsAt = start.Add(time.Hour)
	in.Title = store.Translations{"en": "New name"}
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); !errors.Is(err, store.ErrDefaultLanguageMissing) {
		t.Errorf("update without the default language: %v", err)
	}
	if m := e.getMeeting(t, id); m.Title["nb"] != "Nabolagsmøte på Sentrum" || !m.EndsAt.After(m.StartsAt) {
		t.Fatalf("a refused change changed the meeting: %+v", m)
	}
}

func TestMeetingCapacity(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "capacity")
	start := time.Now().Add(72 * time.Hour)
	id := e.meeting(t, start, 3, nil)
	people := e.residents(t, 6)
	for _, u := range people {
		e.register(t, u, id)
	}
	if m := e.getMeeting(t, id); m.Registered != 3 || m.Waiting != 3 || !m.Full() {
		t.Fatalf("3 places, 6 residents: %d registered, %d waiting", m.Registered, m.Waiting)
	}

	in := e.meetingInput(start, 2)
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); !errors.Is(err, store.ErrCapacityBelowRegistrations) {
		t.Fatalf("capacity below the registrations: %v", err)
	}
	if m := e.getMeeting(t, id); m.Capacity.Int32 != 3 || m.Registered != 3 {
		t.Fatalf("the refused capacity was stored: %+v", m.Capacity)
	}

	// Raising the capacity moves the waiting list up, in order.
	in = e.meetingInput(start, 5)
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); err != nil {
		t.Fatal(err)
	}
	for i, u := range people {
		status, pos := e.status(t, u, id)
		want, wantPos, wantNotes := store.RegistrationRegistered, 0, 0
		switch i {
		case 3, 4:
			wantNotes = 1
		case 5:
			want, wantPos = store.RegistrationWaiting, 1
		}
		if status != want || pos != wantPos {
			t.Errorf("resident %d: %s %d, want %s %d", i, status, pos, want, wantPos)
		}
		if n := e.notified(t, u, "notification.meeting_promoted"); n != wantNotes {
			t.Errorf("resident %d: %d promotion notices, want %d", i, n, wantNotes)
		}
		if n := e.notified(t, u, "notification.meeting_rescheduled"); n != 0 {
			t.Errorf("a new capacity is not a reschedule: resident %d notified", i)
		}
	}
	// No limit: everyone waiting gets a place.
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, e.meetingInput(start, 0)); err != nil {
		t.Fatal(err)
	}
	if m := e.getMeeting(t, id); m.Registered != 6 || m.Waiting != 0 || m.Full() {
		t.Fatalf("without a limit: %d registered, %d waiting", m.Registered, m.Waiting)
	}
}

func TestRegisterRules(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "register")
	soon := time.Now().Add(24 * time.Hour)

	// A full meeting without a waiting list refuses.
	closed := e.meeting(t, soon, 1, func(in *store.MeetingInput) { in.WaitingList = false })
	first, second := e.resident(t), e.resident(t)
	e.register(t, first, closed)
	if _, err := st.Register(e.ctx, e.m.ID, second.ID, closed); !errors.Is(err, store.ErrMeetingFull) {
		t.Fatalf("a full meeting without a waiting list: %v", err)
	}
	if _, err := st.Register(e.ctx, e.m.ID, first.ID, closed); !errors.Is(err, store.ErrAlreadyRegistered) {
		t.Fatalf("registering twice: %v", err)
	}

	// With a waiting list, the next residents wait in order.
	open := e.meeting(t, soon, 2, nil)
	people := e.residents(t, 5)
	for i, u := range people {
		r := e.register(t, u, open)
		want, pos := store.RegistrationRegistered, 0
		if i >= 2 {
			want, pos = store.RegistrationWaiting, i-1
		}
		if r.Status != want || r.Position != pos {
			t.Fatalf("resident %d: %+v, want %s at %d", i, r, want, pos)
		}
		if status, p := e.status(t, u, open); status != want || p != pos {
			t.Fatalf("resident %d reads %s at %d, want %s at %d", i, status, p, want, pos)
		}
	}
	if _, err := st.Register(e.ctx, e.m.ID, people[4].ID, open); !errors.Is(err, store.ErrAlreadyRegistered) {
		t.Fatalf("registering twice from the waiting list: %v", err)
	}
	if m := e.getMeeting(t, open); m.Registered != 2 || m.Waiting != 3 {
		t.Fatalf("counts: %d registered, %d waiting", m.Registered, m.Waiting)
	}
	// Leaving the waiting list moves those behind up, and frees no place.
	if err := st.CancelRegistration(e.ctx, e.m.ID, people[2].ID, open); err != nil {
		t.Fatal(err)
	}
	if status, p := e.status(t, people[4], open); status != store.RegistrationWaiting || p != 2 {
		t.Fatalf("after one left the waiting list: %s %d", status, p)
	}
	if err := st.CancelRegistration(e.ctx, e.m.ID, people[2].ID, open); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("cancelling a registration twice: %v", err)
	}

	// One ledger entry per resident, on the web, with their segment.
	young := e.user(t, store.RoleResident, store.Profile{
		AreaID:    sql.NullInt64{Int64: e.area.ID, Valid: true},
		BirthYear: sql.NullInt32{Int32: int32(time.Now().Year() - 25), Valid: true},
		Gender:    sql.NullString{String: "male", Valid: true},
	})
	e.register(t, young, open)
	if err := st.CancelRegistration(e.ctx, e.m.ID, young.ID, open); err != nil {
		t.Fatal(err)
	}
	e.register(t, young, open)
	var mine []ledgerRow
	for _, r := range e.ledger(t, "meeting_registration", open) {
		if r.UserID.Int64 == young.ID {
			mine = append(mine, r)
		}
	}
	if len(mine) != 1 {
		t.Fatalf("registering, cancelling and registering again: %d ledger entries, want 1", len(mine))
	}
	if r := mine[0]; r.Channel != store.ChannelWeb || r.ScopeType != "meeting" || r.AreaID.Int64 != e.area.ID ||
		r.AgeBand.String != "20-29" || r.Gender.String != "male" {
		t.Fatalf("ledger entry: %+v", r)
	}
	if n := len(e.ledger(t, "meeting_registration", open)); n != 6 {
		t.Fatalf("six residents registered for the meeting: %d entries", n)
	}

	// A meeting that has started takes no registrations.
	started := e.meeting(t, soon, 0, nil)
	e.start(t, started)
	if _, err := st.Register(e.ctx, e.m.ID, second.ID, started); !errors.Is(err, store.ErrMeetingPast) {
		t.Fatalf("a meeting that has started: %v", err)
	}
	past := e.meeting(t, soon, 0, nil)
	e.exec(t, `UPDATE meetings SET starts_at = now() - interval '1 week', ends_at = now() - interval '1 week' + interval '2 hours' WHERE id = $1`, past)
	if _, err := st.Register(e.ctx, e.m.ID, second.ID, past); !errors.Is(err, store.ErrMeetingPast) {
		t.Fatalf("a past meeting: %v", err)
	}

	// Proposed, rejected, cancelled and walk-in meetings take none.
	proposed, err := st.ProposeMeeting(e.ctx, e.m.ID, first.ID, e.meetingInput(soon, 0))
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := st.ProposeMeeting(e.ctx, e.m.ID, first.ID, e.meetingInput(soon, 0))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ReviewMeeting(e.ctx, e.m.ID, e.official.ID, rejected, false); err != nil {
		t.Fatal(err)
	}
	cancelled := e.meeting(t, soon, 0, nil)
	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, cancelled, "Lokalet er ikke ledig."); err != nil {
		t.Fatal(err)
	}
	walk := e.meeting(t, soon, 0, func(in *store.MeetingInput) { in.RegistrationRequired = false })
	for name, id := range map[string]int64{"proposed": proposed, "rejected": rejected, "cancelled": cancelled, "walk-in": walk} {
		if _, err := st.Register(e.ctx, e.m.ID, second.ID, id); !errors.Is(err, store.ErrMeetingNotOpen) {
			t.Errorf("%s meeting: %v", name, err)
		}
	}
	if _, err := st.Register(e.ctx, e.m.ID, second.ID, 1<<40); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no such meeting: %v", err)
	}
	if n := e.count(t, `SELECT count(*) FROM meeting_registrations WHERE user_id = $1`, second.ID); n != 0 {
		t.Fatalf("refused registrations were stored: %d", n)
	}
}

func TestCancelAndRescheduleNotifyEveryone(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "changes")
	start := time.Now().Add(20 * time.Hour)
	id := e.meeting(t, start, 2, nil)
	people := e.residents(t, 3) // two registered, one waiting
	for _, u := range people {
		e.register(t, u, id)
	}
	bystander := e.resident(t)
	if n, err := st.SendMeetingReminders(e.ctx, e.m.ID); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}

	// A new description is no reschedule.
	in := e.meetingInput(start, 2)
	in.Description = store.Translations{"nb": "Ta med kaffekopp."}
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); err != nil {
		t.Fatal(err)
	}
	// A new time is: everyone registered or waiting hears of it once.
	moved := start.Add(2 * time.Hour)
	in.StartsAt, in.EndsAt = moved, moved.Add(90*time.Minute)
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); err != nil {
		t.Fatal(err)
	}
	// So is a new address.
	in.Address = "Biblioteket, Storgata 4"
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); err != nil {
		t.Fatal(err)
	}
	for i, u := range people {
		if n := e.notified(t, u, "notification.meeting_rescheduled"); n != 2 {
			t.Errorf("resident %d: %d reschedule notices, want 2", i, n)
		}
	}
	m := e.getMeeting(t, id)
	if !m.StartsAt.Equal(moved.Round(time.Microsecond)) || m.Address != "Biblioteket, Storgata 4" {
		t.Fatalf("rescheduled meeting: %v %q", m.StartsAt, m.Address)
	}
	if m.ReminderSentAt.Valid {
		t.Fatal("a new time needs a new reminder")
	}
	if n, err := st.SendMeetingReminders(e.ctx, e.m.ID); err != nil || n != 1 {
		t.Fatalf("reminders for the new time: %d %v", n, err)
	}

	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, id, "  Lokalet er dessverre ikke ledig.  "); err != nil {
		t.Fatal(err)
	}
	for i, u := range people {
		if n := e.notified(t, u, "notification.meeting_cancelled"); n != 1 {
			t.Errorf("resident %d: %d cancellation notices, want 1", i, n)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM notifications WHERE user_id = $1`, bystander.ID); n != 0 {
		t.Errorf("a resident who never registered was notified %d times", n)
	}
	m = e.getMeeting(t, id)
	if m.Status != store.MeetingCancelled || m.CancelReason != "Lokalet er dessverre ikke ledig." {
		t.Fatalf("cancelled: %s %q", m.Status, m.CancelReason)
	}
	list, err := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{})
	if err != nil || len(list) != 1 || list[0].Status != store.MeetingCancelled {
		t.Fatalf("a cancelled meeting stays visible as cancelled: %+v %v", list, err)
	}
	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, id, ""); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("cancelling twice: %v", err)
	}
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, in); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("changing a cancelled meeting: %v", err)
	}
	// Leaving a cancelled meeting promotes nobody.
	if err := st.CancelRegistration(e.ctx, e.m.ID, people[0].ID, id); err != nil {
		t.Fatal(err)
	}
	if n := e.notified(t, people[2], "notification.meeting_promoted"); n != 0 {
		t.Fatalf("promoted to a cancelled meeting")
	}
}

func TestReviewMeetingNotifiesTheProposer(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "review")
	second := e.user(t, store.RoleOfficial, store.Profile{})
	proposer := e.resident(t)
	start := time.Now().Add(10 * 24 * time.Hour)
	in := e.meetingInput(start, 0)
	in.Title = store.Translations{"nb": "Nabolagsvandring i Sentrum", "en": "Neighbourhood walk"}

	approved, err := st.ProposeMeeting(e.ctx, e.m.ID, proposer.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := st.ProposeMeeting(e.ctx, e.m.ID, proposer.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, official := range []*store.User{e.official, second} {
		if n := e.notified(t, official, "notification.meeting_proposed"); n != 2 {
			t.Fatalf("official %d: %d notices of proposed meetings, want 2", official.ID, n)
		}
	}
	m := e.getMeeting(t, approved)
	if m.Status != store.MeetingProposed || m.OrganiserID.Int64 != proposer.ID {
		t.Fatalf("proposed meeting: %s organiser %v", m.Status, m.OrganiserID)
	}
	if list, _ := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{}); len(list) != 0 {
		t.Fatalf("a proposed meeting is not public: %d listed", len(list))
	}
	if list, _ := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{ProposedBy: proposer.ID}); len(list) != 2 {
		t.Fatalf("its proposer sees it: %d listed", len(list))
	}

	if err := st.ReviewMeeting(e.ctx, e.m.ID, e.official.ID, approved, true); err != nil {
		t.Fatal(err)
	}
	if err := st.ReviewMeeting(e.ctx, e.m.ID, second.ID, rejected, false); err != nil {
		t.Fatal(err)
	}
	if n := e.notified(t, proposer, "notification.meeting_approved"); n != 1 {
		t.Fatalf("approval notices: %d", n)
	}
	if n := e.notified(t, proposer, "notification.meeting_rejected"); n != 1 {
		t.Fatalf("rejection notices: %d", n)
	}
	var args string
	if err := st.DB().QueryRowContext(e.ctx, `SELECT args::text FROM notifications WHERE user_id = $1 AND message_id = 'notification.meeting_approved'`,
		proposer.ID).Scan(&args); err != nil || !strings.Contains(args, "Neighbourhood walk") {
		t.Fatalf("the notice carries the title in every language: %s %v", args, err)
	}
	if s := e.getMeeting(t, approved).Status; s != store.MeetingScheduled {
		t.Fatalf("approved: %s", s)
	}
	if s := e.getMeeting(t, rejected).Status; s != store.MeetingRejected {
		t.Fatalf("rejected: %s", s)
	}
	for _, id := range []int64{approved, rejected} {
		if err := st.ReviewMeeting(e.ctx, e.m.ID, e.official.ID, id, true); !errors.Is(err, store.ErrWrongMeetingStatus) {
			t.Fatalf("reviewing twice: %v", err)
		}
	}
	list, err := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{})
	if err != nil || len(list) != 1 || list[0].ID != approved {
		t.Fatalf("the approved meeting is public, the rejected one not: %+v %v", list, err)
	}
	e.register(t, e.resident(t), approved)

	// A resident may propose in another language; the official adds the
	// default language's title before approving.
	english := e.meetingInput(start, 0)
	english.Title = store.Translations{"en": "Walk for newcomers"}
	id, err := st.ProposeMeeting(e.ctx, e.m.ID, proposer.ID, english)
	if err != nil {
		t.Fatalf("a proposal in English: %v", err)
	}
	if err := st.ReviewMeeting(e.ctx, e.m.ID, e.official.ID, id, true); !errors.Is(err, store.ErrDefaultLanguageMissing) {
		t.Fatalf("approving without a bokmål title: %v", err)
	}
	if s := e.getMeeting(t, id).Status; s != store.MeetingProposed {
		t.Fatalf("a refused approval changed the status: %s", s)
	}
	english.Title["nb"] = "Vandring for nye innbyggere"
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, id, english); err != nil {
		t.Fatal(err)
	}
	if err := st.ReviewMeeting(e.ctx, e.m.ID, e.official.ID, id, true); err != nil {
		t.Fatalf("approving with a bokmål title: %v", err)
	}
}

func TestMeetingsOfAnotherMunicipality(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "here")
	other := newMeetingEnv(t, st, "there")
	soon := time.Now().Add(5 * time.Hour)
	theirs := other.meeting(t, soon, 0, nil)
	theirProposal, err := st.ProposeMeeting(other.ctx, other.m.ID, other.resident(t).ID, other.meetingInput(soon, 0))
	if err != nil {
		t.Fatal(err)
	}
	other.register(t, other.resident(t), theirs)
	me := e.resident(t)

	if _, err := st.MeetingByID(e.ctx, e.m.ID, theirs); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("read: %v", err)
	}
	if _, err := st.Register(e.ctx, e.m.ID, me.ID, theirs); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("register: %v", err)
	}
	if err := st.CancelRegistration(e.ctx, e.m.ID, me.ID, theirs); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cancel a registration: %v", err)
	}
	if _, err := st.RegistrationOf(e.ctx, e.m.ID, me.ID, theirs); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("registration: %v", err)
	}
	if err := st.UpdateMeeting(e.ctx, e.m.ID, e.official.ID, theirs, e.meetingInput(soon, 0)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update: %v", err)
	}
	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, theirs, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cancel: %v", err)
	}
	if err := st.ReviewMeeting(e.ctx, e.m.ID, e.official.ID, theirProposal, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("review: %v", err)
	}
	other.start(t, theirs)
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, theirs, me.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("check in: %v", err)
	}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, theirs, 2, store.Segment{}, -1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("count attendees: %v", err)
	}
	if err := st.PublishMinutes(e.ctx, e.m.ID, e.official.ID, theirs, store.Translations{"nb": "Referat"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("minutes: %v", err)
	}
	if list, err := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{Statuses: []string{store.MeetingScheduled, store.MeetingProposed}}); err != nil || len(list) != 0 {
		t.Errorf("list: %d %v", len(list), err)
	}
	if list, err := st.Registrants(e.ctx, e.m.ID, theirs); err != nil || len(list) != 0 {
		t.Errorf("registrants: %d %v", len(list), err)
	}
	if m := other.getMeeting(t, theirs); m.Status != store.MeetingScheduled || m.Registered != 1 || m.Attended != 0 {
		t.Fatalf("their meeting changed: %+v", m)
	}
}

// TestConcurrentCancellationsPromoteInOrder: ten registered residents
// cancel at once while twenty wait; exactly the first ten on the waiting
// list get the places, each told once, and the meeting is never overbooked.
func TestConcurrentCancellationsPromoteInOrder(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "promote")
	id := e.meeting(t, time.Now().Add(3*24*time.Hour), 10, nil)
	registered, waiting := e.residents(t, 10), e.residents(t, 20)
	for _, u := range registered {
		e.register(t, u, id)
	}
	for i, u := range waiting {
		if r := e.register(t, u, id); r.Status != store.RegistrationWaiting || r.Position != i+1 {
			t.Fatalf("waiting resident %d: %+v", i, r)
		}
	}

	// Watch the counts while the cancellations run.
	done := make(chan struct{})
	overbooked := make(chan int, 1)
	go func() {
		defer close(overbooked)
		for {
			select {
			case <-done:
				return
			default:
			}
			var n int
			if err := st.DB().QueryRowContext(e.ctx, `SELECT count(*) FROM meeting_registrations
				WHERE meeting_id = $1 AND status = 'registered'`, id).Scan(&n); err == nil && n > 10 {
				overbooked <- n
				return
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, len(registered))
	startLine := make(chan struct{})
	for _, u := range registered {
		wg.Add(1)
		go func(u *store.User) {
			defer wg.Done()
			<-startLine
			errs <- st.CancelRegistration(e.ctx, e.m.ID, u.ID, id)
		}(u)
	}
	close(startLine)
	wg.Wait()
	close(done)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n, ok := <-overbooked; ok {
		t.Fatalf("%d registered for 10 places during the cancellations", n)
	}

	m := e.getMeeting(t, id)
	if m.Registered != 10 || m.Waiting != 10 {
		t.Fatalf("after 10 cancellations: %d registered, %d waiting", m.Registered, m.Waiting)
	}
	for i, u := range waiting {
		status, pos := e.status(t, u, id)
		want, wantPos, wantNotes := store.RegistrationRegistered, 0, 1
		if i >= 10 {
			want, wantPos, wantNotes = store.RegistrationWaiting, i-9, 0
		}
		if status != want || pos != wantPos {
			t.Errorf("waiting resident %d: %s %d, want %s %d", i, status, pos, want, wantPos)
		}
		if n := e.notified(t, u, "notification.meeting_promoted"); n != wantNotes {
			t.Errorf("waiting resident %d: %d promotion notices, want %d", i, n, wantNotes)
		}
	}
	for i, u := range registered {
		if status, _ := e.status(t, u, id); status != "" {
			t.Errorf("cancelled resident %d is still %s", i, status)
		}
	}
}

// TestConcurrentRegistrationsForTheLastPlaces: thirty residents register at
// once for five places; five get them and the rest wait, each at their own
// place in the queue.
func TestConcurrentRegistrationsForTheLastPlaces(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "rush")
	id := e.meeting(t, time.Now().Add(3*24*time.Hour), 5, nil)
	people := e.residents(t, 30)
	results := make([]store.Registration, len(people))
	errs := make([]error, len(people))
	var wg sync.WaitGroup
	startLine := make(chan struct{})
	for i, u := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-startLine
			results[i], errs[i] = st.Register(e.ctx, e.m.ID, u.ID, id)
		}()
	}
	close(startLine)
	wg.Wait()

	registered, positions := 0, map[int]int{}
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("resident %d: %v", i, errs[i])
		}
		switch r.Status {
		case store.RegistrationRegistered:
			registered++
		case store.RegistrationWaiting:
			if other, dup := positions[r.Position]; dup {
				t.Fatalf("residents %d and %d share waiting position %d", other, i, r.Position)
			}
			positions[r.Position] = i
			if status, pos := e.status(t, people[i], id); status != r.Status || pos != r.Position {
				t.Errorf("resident %d was told position %d but reads %s %d", i, r.Position, status, pos)
			}
		}
	}
	if registered != 5 || len(positions) != 25 {
		t.Fatalf("%d registered and %d waiting, want 5 and 25", registered, len(positions))
	}
	for p := 1; p <= 25; p++ {
		if _, ok := positions[p]; !ok {
			t.Fatalf("no one at waiting position %d: %v", p, positions)
		}
	}
	if m := e.getMeeting(t, id); m.Registered != 5 || m.Waiting != 25 {
		t.Fatalf("counts: %d registered, %d waiting", m.Registered, m.Waiting)
	}
	if n := len(e.ledger(t, "meeting_registration", id)); n != 30 {
		t.Fatalf("ledger: %d registrations, want 30", n)
	}

	// The first to leave gives the place to the first in the queue.
	var leaver *store.User
	for i, r := range results {
		if r.Status == store.RegistrationRegistered {
			leaver = people[i]
			break
		}
	}
	if err := st.CancelRegistration(e.ctx, e.m.ID, leaver.ID, id); err != nil {
		t.Fatal(err)
	}
	if status, _ := e.status(t, people[positions[1]], id); status != store.RegistrationRegistered {
		t.Fatalf("the first in the queue: %s", status)
	}
}

// TestRegisteringTwiceAtOnce: one resident's double submit leaves one
// registration and one ledger entry.
func TestRegisteringTwiceAtOnce(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "double")
	id := e.meeting(t, time.Now().Add(3*24*time.Hour), 5, nil)
	u := e.resident(t)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.Register(e.ctx, e.m.ID, u.ID, id)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrAlreadyRegistered):
			t.Fatal(err)
		}
	}
	if ok != 1 || e.getMeeting(t, id).Registered != 1 || len(e.ledger(t, "meeting_registration", id)) != 1 {
		t.Fatalf("%d registrations accepted", ok)
	}
}
