package store_test

import (
	"database/sql"
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

// meeting schedules a meeting in the env's area starting at start (one hour
// long) with capacity places (0: no limit).
func (e *meetingEnv) meeting(t *testing.T, start time.Time, capacity int, change func(*store.MeetingInput)) int64 {
	t.Helper()
	in := store.MeetingInput{
		Title:  store.Translations{"nb": "Nabolagsmøte på Sentrum"},
		AreaID: e.area.ID, Address: "Torget 1", StartsAt: start, EndsAt: start.Add(time.Hour),
		RegistrationRequired: true, WaitingList: true,
		Facts: store.MeetingFacts{FreeOfCharge: true},
	}
	if capacity > 0 {
		in.Capacity = sql.NullInt32{Int32: int32(capacity), Valid: true}
	}
	if change != nil {
		change(&in)
	}
	id, err := e.st.CreateMeeting(e.ctx, e.m.ID, e.official.ID, in)
	if err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	return id
}
