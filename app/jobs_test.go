package app

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peterldowns/pgtestdb"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// instances returns n stores with their own connection pools on one fresh
// database, as n app instances would have, and the database's URL.
func instances(t *testing.T, n int) ([]*store.Store, string) {
	t.Helper()
	conf := pgtestdb.Custom(t, testdb.Config(t), testdb.Migrator())
	stores := make([]*store.Store, n)
	for i := range stores {
		st, err := store.Open(context.Background(), conf.URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores[i] = st
	}
	return stores, conf.URL()
}

// reminderWorld is a municipality with an official, for meetings to remind
// residents of.
type reminderWorld struct {
	t        *testing.T
	st       *store.Store
	m        *store.Municipality
	official *store.User
	n        int
}

func newReminderWorld(t *testing.T, st *store.Store, slug string) *reminderWorld {
	t.Helper()
	ctx := context.Background()
	m, err := st.CreateMunicipality(ctx, store.NewMunicipality{Slug: slug, Name: slug, Country: "NO",
		DefaultLocale: "nb", EnabledLocales: []string{"nb"}, TimeZone: "Europe/Oslo"})
	if err != nil {
		t.Fatal(err)
	}
	w := &reminderWorld{t: t, st: st, m: m}
	w.official = w.user(store.RoleOfficial)
	return w
}

func (w *reminderWorld) user(role string) *store.User {
	w.t.Helper()
	w.n++
	u, err := w.st.CreateUser(context.Background(), w.m.ID, store.NewUser{
		Email: fmt.Sprintf("%s%d@%s.example", role, w.n, w.m.Slug), PasswordHash: "h", Role: role})
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

// meeting schedules a meeting starting after in from now with capacity
// places and registers residents for it: the first capacity of them get a
// place, the rest wait.
func (w *reminderWorld) meeting(in time.Duration, capacity, residents int) (int64, []*store.User) {
	w.t.Helper()
	ctx := context.Background()
	start := time.Now().Add(in)
	id, err := w.st.CreateMeeting(ctx, w.m.ID, w.official.ID, store.MeetingInput{
		Title:    store.Translations{"nb": "Nabolagsmøte"},
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), RegistrationRequired: true, WaitingList: true,
		Capacity: sql.NullInt32{Int32: int32(capacity), Valid: true},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	var people []*store.User
	for range residents {
		u := w.user(store.RoleResident)
		if _, err := w.st.Register(ctx, w.m.ID, u.ID, id); err != nil {
			w.t.Fatal(err)
		}
		people = append(people, u)
	}
	return id, people
}

// reminders counts the reminders u has.
func (w *reminderWorld) reminders(u *store.User) int {
	w.t.Helper()
	var n int
	if err := w.st.DB().QueryRow(`SELECT count(*) FROM notifications
		WHERE municipality_id = $1 AND user_id = $2 AND message_id = 'notification.meeting_reminder'`, w.m.ID, u.ID).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

// TestMeetingRemindersOnceAcrossTwoInstances starts two app instances (New
// and Run, each with its own connection pool) on one database at the same
// moment: each resident registered for a meeting tomorrow gets one reminder.
func TestMeetingRemindersOnceAcrossTwoInstances(t *testing.T) {
	t.Parallel()
	stores, url := instances(t, 2)
	nord, sor := newReminderWorld(t, stores[0], "nord"), newReminderWorld(t, stores[0], "sor")
	_, nordPeople := nord.meeting(20*time.Hour, 3, 4) // three registered, one waiting
	_, sorPeople := sor.meeting(2*time.Hour, 5, 2)
	_, laterPeople := sor.meeting(3*24*time.Hour, 5, 1)

	cfg, err := LoadConfig(func(k string) string {
		switch k {
		case "DATABASE_URL":
			return url
		case "BALLOT_KEY":
			return "jobs-test-ballot-key-0123456789abcdef"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0 // any free port: two instances on one machine

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logs := make([]*lockedBuffer, len(stores))
	served := make(chan error, len(stores))
	startLine := make(chan struct{})
	for i, st := range stores {
		logs[i] = &lockedBuffer{}
		logger := slog.New(slog.NewTextHandler(logs[i], &slog.HandlerOptions{Level: slog.LevelDebug}))
		a, err := New(cfg, st, logger)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			<-startLine
			served <- Run(ctx, cfg, a, st, logger)
		}()
	}
	close(startLine)

	// Wait until both instances have had their first round of reminders:
	// one did it, the other found the lock taken or nothing left to do.
	deadline := time.Now().Add(15 * time.Second)
	for _, l := range logs {
		for !strings.Contains(l.String(), "send meeting reminders: ") {
			if time.Now().After(deadline) {
				t.Fatalf("no round of reminders; logs:\n%s\n%s", logs[0], logs[1])
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	stop()
	for range stores {
		select {
		case err := <-served:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(25 * time.Second):
			t.Fatal("an instance does not stop")
		}
	}

	for i, u := range nordPeople {
		want := 1
		if i == 3 {
			want = 0 // on the waiting list
		}
		if n := nord.reminders(u); n != want {
			t.Errorf("nord resident %d: %d reminders, want %d", i, n, want)
		}
	}
	for i, u := range sorPeople {
		if n := sor.reminders(u); n != 1 {
			t.Errorf("sor resident %d: %d reminders, want 1", i, n)
		}
	}
	if n := sor.reminders(laterPeople[0]); n != 0 {
		t.Errorf("reminded of a meeting in three days")
	}
	all := logs[0].String() + logs[1].String()
	if strings.Contains(all, "level=ERROR") || strings.Count(all, `msg="sent meeting reminders"`) != 2 {
		t.Fatalf("logs:\n%s\n%s", logs[0], logs[1])
	}
}

// TestJobLoopsOnTwoInstances runs the job loops of two instances side by
// side, every few milliseconds, while meetings become due: every meeting is
// reminded of once, whichever instance gets there first.
func TestJobLoopsOnTwoInstances(t *testing.T) {
	t.Parallel()
	stores, _ := instances(t, 2)
	w := newReminderWorld(t, stores[0], "fjord")

	// The meetings are a week off, with their registrants, until the test
	// moves them into the next day one by one while both loops run.
	var people []*store.User
	var meetings []int64
	for range 8 {
		id, p := w.meeting(7*24*time.Hour, 3, 3)
		meetings = append(meetings, id)
		people = append(people, p...)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logs := make([]*lockedBuffer, len(stores))
	var wg sync.WaitGroup
	for i, st := range stores {
		logs[i] = &lockedBuffer{}
		logger := slog.New(slog.NewTextHandler(logs[i], &slog.HandlerOptions{Level: slog.LevelDebug}))
		wg.Add(1)
		go func() {
			defer wg.Done()
			runJobs(ctx, st, logger, 2*time.Millisecond, scheduledJobs...)
		}()
	}
	for i, id := range meetings {
		if _, err := w.st.DB().Exec(`UPDATE meetings SET starts_at = now() + make_interval(hours => $2),
			ends_at = now() + make_interval(hours => $2 + 2) WHERE id = $1`, id, i+1); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		var left int
		if err := w.st.DB().QueryRow(`SELECT count(*) FROM meetings WHERE reminder_sent_at IS NULL`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		both := strings.Contains(logs[0].String(), "send meeting reminders: round done") &&
			strings.Contains(logs[1].String(), "send meeting reminders: round done")
		if left == 0 && both {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d meetings not reminded, both instances ran: %v", left, both)
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	wg.Wait()

	for i, u := range people {
		if n := w.reminders(u); n != 1 {
			t.Errorf("resident %d: %d reminders, want 1", i, n)
		}
	}
	all := logs[0].String() + logs[1].String()
	if strings.Contains(all, "level=ERROR") {
		t.Fatalf("logs:\n%s", all)
	}
	var sent int
	for _, l := range strings.Split(all, "\n") {
		if strings.Contains(l, `msg="sent meeting reminders"`) {
			var n int
			if _, err := fmt.Sscanf(l[strings.Index(l, "meetings="):], "meetings=%d", &n); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			sent += n
		}
	}
	if sent != len(meetings) {
		t.Fatalf("%d reminder rounds logged for %d meetings", sent, len(meetings))
	}
}

// TestMeetingRemindersSkipWhileAnotherInstanceHoldsTheLock: while another
// instance holds the reminders' lock, this one sends none (and still closes
// consultations, which have a lock of their own); once it is free, it sends
// them.
func TestMeetingRemindersSkipWhileAnotherInstanceHoldsTheLock(t *testing.T) {
	t.Parallel()
	stores, _ := instances(t, 2)
	mine, other := stores[0], stores[1]
	w := newReminderWorld(t, mine, "vik")
	_, people := w.meeting(5*time.Hour, 10, 2)
	ctx := context.Background()
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	inside, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := other.WithAdvisoryLock(ctx, store.LockMeetingReminders, func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		held <- err
	}()
	<-inside
	if meetingRemindersJob.once(ctx, mine, logger) {
		t.Fatal("ran while another instance held the lock")
	}
	if !closeDueJob.once(ctx, mine, logger) {
		t.Fatal("the reminders' lock kept consultations from closing")
	}
	for i, u := range people {
		if n := w.reminders(u); n != 0 {
			t.Fatalf("resident %d reminded while another instance held the lock", i)
		}
	}
	if !strings.Contains(logs.String(), "send meeting reminders: another instance is at it") {
		t.Fatalf("log:\n%s", logs.String())
	}
	close(release)
	if err := <-held; err != nil {
		t.Fatal(err)
	}

	if !meetingRemindersJob.once(ctx, mine, logger) {
		t.Fatal("did not run once the lock was free")
	}
	for i, u := range people {
		if n := w.reminders(u); n != 1 {
			t.Fatalf("resident %d: %d reminders", i, n)
		}
	}
	if !strings.Contains(logs.String(), `msg="sent meeting reminders" municipality=vik meetings=1`) {
		t.Fatalf("log:\n%s", logs.String())
	}
}
