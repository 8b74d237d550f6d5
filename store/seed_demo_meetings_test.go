package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/store"
)

// TestSeedDemoMeetings checks what a visitor of the demo meets under
// /meetings: past meetings in several areas with minutes and attendance
// that leans old, as real attendance does; coming ones with varied
// low-threshold facts; one full with a waiting list, one cancelled, one a
// resident proposed; links to the demo's consultations and proposals; and
// every time at a sensible hour in Fjordvik.
func TestSeedDemoMeetings(t *testing.T) {
	t.Parallel()
	st, m, _ := seedDemoWithProposals(t)
	ctx := context.Background()
	db := st.DB()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, query, append([]any{m.ID}, args...)...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	now := time.Now()
	upcoming, err := st.ListMeetings(ctx, m.ID, store.MeetingFilter{
		Statuses: []string{store.MeetingScheduled, store.MeetingCancelled, store.MeetingProposed, store.MeetingRejected}})
	if err != nil {
		t.Fatal(err)
	}
	past, err := st.ListMeetings(ctx, m.ID, store.MeetingFilter{Past: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(past) < 5 || len(upcoming) < 6 {
		t.Fatalf("%d past and %d coming meetings, want at least 5 and 6", len(past), len(upcoming))
	}

	loc := m.Location()
	for _, mt := range append(append([]store.Meeting{}, past...), upcoming...) {
		title := mt.Title["nb"]
		if title == "" || mt.Description["nb"] == "" || mt.Title["da"] == "" && mt.Status != store.MeetingProposed {
			t.Errorf("%q lacks bokmål or Danish text", title)
		}
		start, end := mt.StartsAt.In(loc), mt.EndsAt.In(loc)
		if start.Hour() < 10 || end.Hour() > 22 || !end.After(start) || end.Sub(start) > 3*time.Hour || start.Minute()%15 != 0 {
			t.Errorf("%q runs %s–%s in Fjordvik", title, start.Format("15:04"), end.Format("15:04"))
		}
		if !mt.AreaID.Valid || mt.Address == "" {
			t.Errorf("%q has no area or address", title)
		}
		if mt.Capacity.Valid && mt.Registered > int(mt.Capacity.Int32) {
			t.Errorf("%q: %d registered for %d places", title, mt.Registered, mt.Capacity.Int32)
		}
	}

	// Past meetings: minutes in bokmål and Danish, attendance, several areas.
	areas := map[int64]bool{}
	for _, mt := range past {
		if mt.Status != store.MeetingScheduled || !mt.EndsAt.Before(now) {
			t.Errorf("past meeting %q: %s, ends %v", mt.Title["nb"], mt.Status, mt.EndsAt)
		}
		if !mt.MinutesPublishedAt.Valid || mt.MinutesPublishedAt.Time.Before(mt.EndsAt) || mt.MinutesPublishedAt.Time.After(now) ||
			len(mt.Minutes["nb"]) < 200 || len(mt.Minutes["da"]) < 200 {
			t.Errorf("past meeting %q has no minutes in bokmål and Danish published after it", mt.Title["nb"])
		}
		if mt.Attended < 10 {
			t.Errorf("past meeting %q: %d attended", mt.Title["nb"], mt.Attended)
		}
		attendance, err := st.Attendance(ctx, m.ID, mt.ID)
		if err != nil {
			t.Fatal(err)
		}
		people, residents := 0, 0
		for _, a := range attendance {
			people += a.People
			if a.UserID.Valid {
				residents++
			}
			if a.RecordedAt.Before(mt.EndsAt) || a.RecordedAt.After(now) {
				t.Errorf("%q: attendance recorded at %v", mt.Title["nb"], a.RecordedAt)
			}
		}
		if residents == 0 || people == residents {
			t.Errorf("%q: %d residents checked in among %d people; want both kinds", mt.Title["nb"], residents, people)
		}
		if n := count(`SELECT count(*) FROM participation_ledger WHERE municipality_id = $1 AND act = 'meeting_attendance'
			AND scope_type = 'meeting' AND scope_id = $2 AND channel = 'meeting' AND occurred_at = $3`, mt.ID, mt.StartsAt); n != mt.Attended {
			t.Errorf("%q: %d attended, %d meeting entries in the ledger at its start", mt.Title["nb"], mt.Attended, n)
		}
		areas[mt.AreaID.Int64] = true
	}
	if len(areas) < 4 {
		t.Errorf("past meetings in %d areas, want several", len(areas))
	}
	if n := count(`SELECT count(*) FROM participation_ledger WHERE municipality_id = $1 AND act = 'meeting_registration'
		AND occurred_at > now()`); n != 0 {
		t.Errorf("%d registrations in the future", n)
	}
	if n := count(`SELECT count(*) FROM meeting_registrations r JOIN meetings mt ON mt.id = r.meeting_id
		WHERE r.municipality_id = $1 AND (r.registered_at > now() OR r.registered_at > mt.starts_at OR r.registered_at < mt.created_at)`); n != 0 {
		t.Errorf("%d registrations outside their meeting's announcement", n)
	}

	// Attendance leans old, as at real meetings: residents of 67 and over
	// are a bigger share of those who came than of the population.
	var oldAttending, oldPopulation float64
	if err := db.QueryRowContext(ctx, `SELECT
			(SELECT avg((age_band IN ('67-79', '80+'))::int) FROM participation_ledger
				WHERE municipality_id = $1 AND act = 'meeting_attendance' AND age_band IS NOT NULL),
			(SELECT sum(count) FILTER (WHERE age_band IN ('67-79', '80+'))::float8 / sum(count) FROM population_stats
				WHERE municipality_id = $1)`, m.ID).Scan(&oldAttending, &oldPopulation); err != nil {
		t.Fatal(err)
	}
	t.Logf("67+: %.0f%% of attendance, %.0f%% of the population", oldAttending*100, oldPopulation*100)
	if oldAttending < oldPopulation*1.3 {
		t.Errorf("67+ are %.0f%% of attendance and %.0f%% of the population; want a realistic lean", oldAttending*100, oldPopulation*100)
	}
	// ...and young adults are rarer than in the population.
	var youngAttending, youngPopulation float64
	if err := db.QueryRowContext(ctx, `SELECT
			(SELECT avg((age_band = '20-29')::int) FROM participation_ledger
				WHERE municipality_id = $1 AND act = 'meeting_attendance' AND age_band IS NOT NULL),
			(SELECT sum(count) FILTER (WHERE age_band = '20-29')::float8 / sum(count) FROM population_stats
				WHERE municipality_id = $1)`, m.ID).Scan(&youngAttending, &youngPopulation); err != nil {
		t.Fatal(err)
	}
	t.Logf("20-29: %.0f%% of attendance, %.0f%% of the population", youngAttending*100, youngPopulation*100)
	if youngAttending >= youngPopulation {
		t.Errorf("20-29 are %.0f%% of attendance and %.0f%% of the population", youngAttending*100, youngPopulation*100)
	}

	// Coming meetings and their facts.
	find := func(what string, ok func(store.Meeting) bool) *store.Meeting {
		t.Helper()
		for i := range upcoming {
			if ok(upcoming[i]) {
				return &upcoming[i]
			}
		}
		t.Errorf("no coming meeting %s", what)
		return nil
	}
	scheduled := func(mt store.Meeting) bool { return mt.Status == store.MeetingScheduled }
	interpreted := find("with sign language, Arabic and Polish interpretation and childcare", func(mt store.Meeting) bool {
		langs := strings.Join(mt.Interpretation, ",")
		return scheduled(mt) && mt.SignLanguage && mt.Childcare && strings.Contains(langs, "arabisk") && strings.Contains(langs, "polsk")
	})
	walk := find("without registration", func(mt store.Meeting) bool { return scheduled(mt) && !mt.RegistrationRequired })
	find("with food and step-free access", func(mt store.Meeting) bool { return scheduled(mt) && mt.FoodServed && mt.StepFree })
	full := find("full with a waiting list", func(mt store.Meeting) bool { return scheduled(mt) && mt.Full() && mt.Waiting > 0 })
	find("nearly full", func(mt store.Meeting) bool {
		return scheduled(mt) && !mt.Full() && mt.Capacity.Valid && mt.Registered >= int(mt.Capacity.Int32)*8/10
	})
	cancelled := find("cancelled with a reason", func(mt store.Meeting) bool {
		return mt.Status == store.MeetingCancelled && len(mt.CancelReason) > 20
	})
	proposed := find("proposed by a resident", func(mt store.Meeting) bool { return mt.Status == store.MeetingProposed })
	for _, mt := range upcoming {
		if !mt.StartsAt.After(now) {
			t.Errorf("coming meeting %q starts %v", mt.Title["nb"], mt.StartsAt)
		}
	}
	if interpreted != nil && !interpreted.ConsultationID.Valid {
		t.Errorf("the language café is not part of the neighbourhood consultation")
	}
	if walk != nil && (!walk.OrganiserID.Valid || walk.OrganiserName == "") {
		t.Errorf("the walk was proposed by a resident: organiser %v %q", walk.OrganiserID, walk.OrganiserName)
	}
	if full != nil {
		if n := count(`SELECT count(*) FROM notifications WHERE municipality_id = $1 AND link = '/meetings/' || $2::text`, full.ID); n != 0 {
			t.Errorf("%d notifications about the full meeting", n)
		}
	}
	if cancelled != nil {
		if n := count(`SELECT count(*) FROM notifications WHERE municipality_id = $1 AND message_id = 'notification.meeting_cancelled'
			AND link = '/meetings/' || $2::text AND created_at < now()`, cancelled.ID); n == 0 || n != cancelled.Registered+cancelled.Waiting {
			t.Errorf("%d cancellation notices for %d registrants", n, cancelled.Registered)
		}
	}
	if proposed != nil {
		if n := count(`SELECT count(*) FROM users WHERE municipality_id = $1 AND id = $2 AND role = 'resident'`, proposed.OrganiserID.Int64); n != 1 {
			t.Error("the proposed meeting's organiser is no resident")
		}
		if n := count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.municipality_id = $1 AND n.message_id = 'notification.meeting_proposed' AND u.role = 'official'`); n == 0 {
			t.Error("no official was told about the proposed meeting")
		}
	}
	if list, _ := st.ListMeetings(ctx, m.ID, store.MeetingFilter{Facts: []string{"childcare"}}); len(list) == 0 {
		t.Error("the childcare filter finds no coming meeting")
	}

	// Links to the demo's consultations and proposals, and ideas raised.
	if n := count(`SELECT count(DISTINCT consultation_id) FROM meetings WHERE municipality_id = $1`); n != 3 {
		t.Errorf("meetings belong to %d consultations, want all 3", n)
	}
	if n := count(`SELECT count(*) FROM meeting_proposals WHERE municipality_id = $1 AND relation = 'linked'`); n < 6 {
		t.Errorf("%d linked proposals", n)
	}
	if n := count(`SELECT count(*) FROM meeting_proposals mp JOIN proposals p ON p.id = mp.proposal_id
		JOIN meetings mt ON mt.id = mp.meeting_id
		WHERE mp.municipality_id = $1 AND mp.relation = 'raised' AND p.channel = 'meeting' AND p.author_id IS NULL
			AND p.created_at > mt.ends_at AND p.created_at < now()`); n < 3 {
		t.Errorf("%d proposals raised at meetings", n)
	}

	// The demo resident has been to a meeting and is registered for one.
	resident, err := st.UserByEmail(ctx, m.ID, store.DemoAccounts[0].Email)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM participation_ledger WHERE municipality_id = $1 AND user_id = $2
		AND act = 'meeting_attendance'`, resident.ID); n != 1 {
		t.Errorf("the demo resident came to %d meetings, want 1", n)
	}
	if n := count(`SELECT count(*) FROM meeting_registrations r JOIN meetings mt ON mt.id = r.meeting_id
		WHERE r.municipality_id = $1 AND r.user_id = $2 AND mt.starts_at > now()`, resident.ID); n != 1 {
		t.Errorf("the demo resident is registered for %d coming meetings, want 1", n)
	}
	// Only what the meetings seed made is dated by it: accounts and rows.
	if n := count(`SELECT count(*) FROM meetings WHERE municipality_id = $1 AND (created_at > now() OR created_at > starts_at OR updated_at < created_at)`); n != 0 {
		t.Errorf("%d meetings created at odd times", n)
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE municipality_id = $1 AND target_type = 'meeting' AND created_at > now() - interval '1 minute'
		AND action <> 'meeting.scheduled'`); n != 0 {
		t.Errorf("%d audit entries about meetings are dated now", n)
	}
	if _, err := st.SendMeetingReminders(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
}
