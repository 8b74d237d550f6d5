package store_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func TestCheckIn(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "checkin")
	id := e.meeting(t, time.Now().Add(4*time.Hour), 0, nil)
	senior := e.user(t, store.RoleResident, store.Profile{
		AreaID:    sql.NullInt64{Int64: e.area.ID, Valid: true},
		BirthYear: sql.NullInt32{Int32: int32(time.Now().Year() - 70), Valid: true},
		Gender:    sql.NullString{String: "female", Valid: true},
	})
	e.register(t, senior, id)

	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, senior.ID); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("attendance before the meeting starts: %v", err)
	}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 2, store.Segment{}, -1); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("a count before the meeting starts: %v", err)
	}
	if n := len(e.ledger(t, "meeting_attendance", id)); n != 0 {
		t.Fatalf("refused attendance reached the ledger: %d", n)
	}

	e.start(t, id)
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, senior.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, senior.ID); !errors.Is(err, store.ErrAlreadyCheckedIn) {
		t.Fatalf("attendance entered twice: %v", err)
	}
	// A resident who came without registering is checked in too.
	walkIn := e.resident(t)
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, walkIn.ID); err != nil {
		t.Fatal(err)
	}

	rows := e.ledger(t, "meeting_attendance", id)
	if len(rows) != 2 {
		t.Fatalf("two residents came: %d ledger entries", len(rows))
	}
	r := rows[0]
	if r.UserID.Int64 != senior.ID || r.Channel != store.ChannelMeeting || r.ScopeType != "meeting" ||
		r.AreaID.Int64 != e.area.ID || r.AgeBand.String != "67-79" || r.Gender.String != "female" ||
		r.RecordedBy.Int64 != e.official.ID {
		t.Fatalf("ledger entry of the check-in: %+v", r)
	}
	if w := rows[1]; w.UserID.Int64 != walkIn.ID || w.AreaID.Valid || w.AgeBand.Valid || w.Gender.Valid {
		t.Fatalf("a resident without a profile is in the unknown segment: %+v", w)
	}
	m := e.getMeeting(t, id)
	if n := e.count(t, `SELECT count(*) FROM participation_ledger WHERE scope_id = $1 AND act = 'meeting_attendance'
		AND occurred_at = $2`, id, m.StartsAt); n != 2 {
		t.Fatalf("attendance counts at the meeting's start: %d", n)
	}

	list, err := st.Registrants(e.ctx, e.m.ID, id)
	if err != nil || len(list) != 1 || !list[0].CheckedIn || list[0].UserID != senior.ID {
		t.Fatalf("registrants: %+v %v", list, err)
	}
	if m.Attended != 2 {
		t.Fatalf("attended: %d", m.Attended)
	}

	// Leaving once the meeting has started promotes nobody.
	full := e.meeting(t, time.Now().Add(time.Hour), 1, nil)
	first, second := e.resident(t), e.resident(t)
	e.register(t, first, full)
	e.register(t, second, full)
	e.start(t, full)
	if err := st.CancelRegistration(e.ctx, e.m.ID, first.ID, full); err != nil {
		t.Fatal(err)
	}
	if status, _ := e.status(t, second, full); status != store.RegistrationWaiting || e.notified(t, second, "notification.meeting_promoted") != 0 {
		t.Fatalf("promoted to a meeting under way: %s", status)
	}

	// A cancelled meeting takes no attendance.
	cancelled := e.meeting(t, time.Now().Add(time.Hour), 0, nil)
	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, cancelled, ""); err != nil {
		t.Fatal(err)
	}
	e.start(t, cancelled)
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, cancelled, senior.ID); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("attendance at a cancelled meeting: %v", err)
	}
}

func TestCountAttendees(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "count")
	id := e.meeting(t, time.Now().Add(time.Hour), 0, func(in *store.MeetingInput) { in.RegistrationRequired = false })
	e.start(t, id)

	seg := store.Segment{
		AreaID:  sql.NullInt64{Int64: e.area.ID, Valid: true},
		AgeBand: sql.NullString{String: "67-79", Valid: true},
		Gender:  sql.NullString{String: "female", Valid: true},
	}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 3, seg, -1); err != nil {
		t.Fatal(err)
	}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 2, store.Segment{}, -1); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, -1, 10001} {
		if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, n, seg, -1); err == nil {
			t.Errorf("%d people were counted", n)
		}
	}

	rows := e.ledger(t, "meeting_attendance", id)
	if len(rows) != 5 {
		t.Fatalf("five people came: %d ledger entries", len(rows))
	}
	refs := map[string]bool{}
	for i, r := range rows {
		if r.UserID.Valid || !r.AnonymousRef.Valid || r.Channel != store.ChannelMeeting || r.RecordedBy.Int64 != e.official.ID {
			t.Fatalf("entry %d: %+v", i, r)
		}
		refs[r.AnonymousRef.String] = true
		wantSegment := i < 3
		if (r.AreaID.Int64 == e.area.ID && r.AgeBand.String == "67-79" && r.Gender.String == "female") != wantSegment ||
			(!wantSegment && (r.AreaID.Valid || r.AgeBand.Valid || r.Gender.Valid)) {
			t.Fatalf("entry %d has the wrong segment: %+v", i, r)
		}
	}
	if len(refs) != 5 {
		t.Fatalf("each person without an account is their own participant: %d references", len(refs))
	}
	att, err := st.Attendance(e.ctx, e.m.ID, id)
	if err != nil || len(att) != 2 || att[0].People != 3 || att[0].AreaName.String != "Sentrum" || att[1].People != 2 {
		t.Fatalf("attendance: %+v %v", att, err)
	}
	if m := e.getMeeting(t, id); m.Attended != 5 {
		t.Fatalf("attended: %d", m.Attended)
	}

	// An area of another municipality is refused and nothing is kept.
	other := newMeetingEnv(t, st, "elsewhere")
	foreign := store.Segment{AreaID: sql.NullInt64{Int64: other.area.ID, Valid: true}}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 4, foreign, -1); err == nil {
		t.Fatal("counted people in another municipality's area")
	}
	if n := len(e.ledger(t, "meeting_attendance", id)); n != 5 {
		t.Fatalf("a refused count reached the ledger: %d", n)
	}
}

func TestPublishMinutes(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "minutes")
	id := e.meeting(t, time.Now().Add(time.Hour), 0, nil)
	e.exec(t, `UPDATE meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, id)

	if err := st.PublishMinutes(e.ctx, e.m.ID, e.official.ID, id, store.Translations{"da": "Referat"}); !errors.Is(err, store.ErrDefaultLanguageMissing) {
		t.Fatalf("minutes without the default language: %v", err)
	}
	if m := e.getMeeting(t, id); m.MinutesPublishedAt.Valid {
		t.Fatal("refused minutes were published")
	}
	if err := st.PublishMinutes(e.ctx, e.m.ID, e.official.ID, id, store.Translations{"nb": "Vi snakket om gatelys.", "da": "Vi talte om gadelys."}); err != nil {
		t.Fatal(err)
	}
	first := e.getMeeting(t, id)
	if !first.MinutesPublishedAt.Valid || first.Minutes["da"] != "Vi talte om gadelys." {
		t.Fatalf("published minutes: %+v", first.Minutes)
	}
	if err := st.PublishMinutes(e.ctx, e.m.ID, e.official.ID, id, store.Translations{"nb": "Vi snakket om gatelys og benker."}); err != nil {
		t.Fatal(err)
	}
	if m := e.getMeeting(t, id); !m.MinutesPublishedAt.Time.Equal(first.MinutesPublishedAt.Time) || !strings.Contains(m.Minutes["nb"], "benker") {
		t.Fatalf("a correction keeps the publishing time: %v %v", m.MinutesPublishedAt, m.Minutes)
	}
	past, err := st.ListMeetings(e.ctx, e.m.ID, store.MeetingFilter{Past: true})
	if err != nil || len(past) != 1 || !past[0].MinutesPublishedAt.Valid {
		t.Fatalf("past meetings with minutes: %+v %v", past, err)
	}

	// Ideas raised at the meeting are linked to it.
	author := e.resident(t)
	p, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{RecordedBy: e.official.ID, Channel: store.ChannelMeeting,
		Title: "Gatelys langs skoleveien", Body: "Det er mørkt om vinteren.", Language: "nb", MeetingID: id})
	if err != nil {
		t.Fatal(err)
	}
	linked := e.propose(t, author, "Benker ved torget", "Flere benker.")
	in := e.meetingInput(time.Now().Add(24*time.Hour), 0)
	in.ProposalIDs = []int64{linked.ID}
	next, err := st.CreateMeeting(e.ctx, e.m.ID, e.official.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if list, err := st.MeetingProposals(e.ctx, e.m.ID, id); err != nil || len(list) != 1 || list[0].ProposalID != p.ID || list[0].Relation != "raised" {
		t.Fatalf("raised at the meeting: %+v %v", list, err)
	}
	if list, err := st.MeetingProposals(e.ctx, e.m.ID, next); err != nil || len(list) != 1 || list[0].ProposalID != linked.ID || list[0].Relation != "linked" {
		t.Fatalf("linked to the meeting: %+v %v", list, err)
	}

	cancelled := e.meeting(t, time.Now().Add(time.Hour), 0, nil)
	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, cancelled, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.PublishMinutes(e.ctx, e.m.ID, e.official.ID, cancelled, store.Translations{"nb": "Referat"}); !errors.Is(err, store.ErrWrongMeetingStatus) {
		t.Fatalf("minutes of a cancelled meeting: %v", err)
	}
}

func TestSendMeetingReminders(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "remind")
	tomorrow := e.meeting(t, time.Now().Add(20*time.Hour), 1, nil)
	later := e.meeting(t, time.Now().Add(50*time.Hour), 0, nil)
	off := e.meeting(t, time.Now().Add(10*time.Hour), 0, nil)
	going, waiting, other := e.resident(t), e.resident(t), e.resident(t)
	e.register(t, going, tomorrow)
	e.register(t, waiting, tomorrow)
	e.register(t, going, later)
	e.register(t, other, off)
	if err := st.CancelMeeting(e.ctx, e.m.ID, e.official.ID, off, ""); err != nil {
		t.Fatal(err)
	}

	if n, err := st.SendMeetingReminders(e.ctx, e.m.ID); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if n, err := st.SendMeetingReminders(e.ctx, e.m.ID); err != nil || n != 0 {
		t.Fatalf("second round: %d %v", n, err)
	}
	if n := e.notified(t, going, "notification.meeting_reminder"); n != 1 {
		t.Fatalf("the registered resident: %d reminders, want 1 (the meeting in two days is not due)", n)
	}
	if n := e.notified(t, waiting, "notification.meeting_reminder"); n != 0 {
		t.Fatalf("the waiting resident was reminded")
	}
	if n := e.notified(t, other, "notification.meeting_reminder"); n != 0 {
		t.Fatalf("reminded of a cancelled meeting")
	}
	var args struct{ Starts string }
	var raw []byte
	if err := st.DB().QueryRowContext(e.ctx, `SELECT args FROM notifications WHERE user_id = $1 AND message_id = 'notification.meeting_reminder'`,
		going.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &args); err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, args.Starts)
	if m := e.getMeeting(t, tomorrow); err != nil || !at.Equal(m.StartsAt.Truncate(time.Second)) {
		t.Fatalf("the reminder tells when it starts: %q %v", args.Starts, err)
	}
	if e.getMeeting(t, later).ReminderSentAt.Valid {
		t.Fatal("the meeting in two days is marked as reminded")
	}
}

// TestMeetingParticipantsBySegment: a registered resident checked in and
// three people counted without an account are four meeting participants in
// the area, as the outreach engine reads the ledger; the resident, who also
// registered on the web, counts once.
func TestMeetingParticipantsBySegment(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newMeetingEnv(t, st, "segments")
	id := e.meeting(t, time.Now().Add(time.Hour), 0, func(in *store.MeetingInput) {
		in.Facts.Childcare, in.Facts.Interpretation = true, []string{"arabisk"}
	})
	inArea := sql.NullInt64{Int64: e.area.ID, Valid: true}
	u := e.user(t, store.RoleResident, store.Profile{AreaID: inArea})
	e.register(t, u, id)
	e.start(t, id)
	if err := st.CheckIn(e.ctx, e.m.ID, e.official.ID, id, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.CountAttendees(e.ctx, e.m.ID, e.official.ID, id, 3, store.Segment{AreaID: inArea}, -1); err != nil {
		t.Fatal(err)
	}
	counts, err := st.ParticipantsBySegment(e.ctx, e.m.ID, store.ParticipationScope{ScopeType: "meeting", ScopeID: id})
	if err != nil {
		t.Fatal(err)
	}
	var participants, meeting, web int
	for _, c := range counts {
		if c.AreaID != inArea {
			t.Fatalf("a participant outside the area: %+v", c)
		}
		participants += c.Participants
		meeting += c.Meeting
		web += c.Web
	}
	if participants != 4 || meeting != 4 || web != 1 {
		t.Fatalf("participants %d, at the meeting %d, on the web %d; want 4, 4, 1", participants, meeting, web)
	}
}
