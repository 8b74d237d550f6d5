package store_test

import (
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// meetingEnv is a municipality with an official and helpers to make meetings.
type meetingEnv struct {
	*propEnv
	official *store.User
}

func newMeetingEnv(t *testing.T, st *store.Store, slug string) *meetingEnv {
	t.Helper()
	e := &meetingEnv{propEnv: newPropEnv(t, st, slug)}
	e.official = e.user(t, store.RoleOfficial, store.Profile{})
	return e
}

// meetingInput is a one-hour meeting in the env's area starting at start with
// capacity places (0: no limit), registration required and a waiting list.
func (e *meetingEnv) meetingInput(start time.Time, capacity int) store.MeetingInput {
	in := store.MeetingInput{
		Title:  store.Translations{"nb": "Nabolagsmøte på Sentrum"},
		AreaID: e.area.ID, Address: "Torget 1", StartsAt: start, EndsAt: start.Add(time.Hour),
		RegistrationRequired: true, WaitingList: true,
		Facts: store.MeetingFacts{FreeOfCharge: true},
	}
	if capacity > 0 {
		in.Capacity = sql.NullInt32{Int32: int32(capacity), Valid: true}
	}
	return in
}

// meeting schedules a meeting in the env's area starting at start (one hour
// long) with capacity places (0: no limit).
func (e *meetingEnv) meeting(t *testing.T, start time.Time, capacity int, change func(*store.MeetingInput)) int64 {
	t.Helper()
	in := e.meetingInput(start, capacity)
	if change != nil {
		change(&in)
	}
	id, err := e.st.CreateMeeting(e.ctx, e.m.ID, e.official.ID, in)
	if err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	return id
}

// start moves a meeting so that it started half an hour ago and ends in half
// an hour, as if time had passed; attendance may then be recorded.
func (e *meetingEnv) start(t *testing.T, id int64) {
	t.Helper()
	e.exec(t, `UPDATE meetings SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '30 minutes'
		WHERE id = $1`, id)
}

// getMeeting reads a meeting of the env's municipality.
func (e *meetingEnv) getMeeting(t *testing.T, id int64) *store.Meeting {
	t.Helper()
	m, err := e.st.MeetingByID(e.ctx, e.m.ID, id)
	if err != nil {
		t.Fatalf("meeting %d: %v", id, err)
	}
	return m
}

// register registers u for meeting id and returns the registration.
func (e *meetingEnv) register(t *testing.T, u *store.User, id int64) store.Registration {
	t.Helper()
	r, err := e.st.Register(e.ctx, e.m.ID, u.ID, id)
	if err != nil {
		t.Fatalf("register user %d: %v", u.ID, err)
	}
	return r
}

// residents creates n residents.
func (e *meetingEnv) residents(t *testing.T, n int) []*store.User {
	t.Helper()
	out := make([]*store.User, n)
	for i := range out {
		out[i] = e.resident(t)
	}
	return out
}

// notified counts the notifications with messageID that u has.
func (e *meetingEnv) notified(t *testing.T, u *store.User, messageID string) int {
	t.Helper()
	return e.count(t, `SELECT count(*) FROM notifications WHERE municipality_id = $1 AND user_id = $2 AND message_id = $3`,
		e.m.ID, u.ID, messageID)
}

// status returns u's registration status for meeting id ("" when none) and
// position on the waiting list.
func (e *meetingEnv) status(t *testing.T, u *store.User, id int64) (string, int) {
	t.Helper()
	r, err := e.st.RegistrationOf(e.ctx, e.m.ID, u.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", 0
	}
	if err != nil {
		t.Fatalf("registration of user %d: %v", u.ID, err)
	}
	return r.Status, r.Position
}
