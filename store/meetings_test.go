package store_test

import (
	"errors"
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
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 3, store.Segment{}); err != nil {
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
