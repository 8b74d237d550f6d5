package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func some(n int64) sql.NullInt64   { return sql.NullInt64{Int64: n, Valid: true} }
func text(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// countsByKey indexes segment counts as "AREA/BAND/GENDER/" -> participants
// and "AREA/BAND/GENDER/CHANNEL" -> participants through that channel.
func countsByKey(counts []store.SegmentCount) map[string]int {
	m := map[string]int{}
	for _, c := range counts {
		key := fmt.Sprintf("%s/%s/%s/", c.AreaCode.String, c.AgeBand.String, c.Gender.String)
		m[key] = c.Participants
		for _, ch := range store.Channels {
			if n := c.ByChannel(ch); n > 0 {
				m[key+ch] = n
			}
		}
	}
	return m
}

func TestParticipantsBySegment(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, sentrum := newMunicipality(t, st, "a", "a.example")
	havn, err := st.CreateArea(ctx, m.ID, "A2", "Havna")
	if err != nil {
		t.Fatal(err)
	}
	other, otherArea := newMunicipality(t, st, "b", "b.example")
	users := make([]*store.User, 3)
	for i := range users {
		users[i], err = st.CreateUser(ctx, m.ID, store.NewUser{Email: fmt.Sprintf("u%d@example.no", i), PasswordHash: "h", DisplayName: "U", Role: store.RoleResident})
		if err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	young := store.Segment{AreaID: some(sentrum.ID), AgeBand: text("16-19"), Gender: text("female")}
	old := store.Segment{AreaID: some(havn.ID), AgeBand: text("80+"), Gender: text("male")}
	record := func(mid int64, p store.Participation) {
		t.Helper()
		if err := st.RecordParticipation(ctx, mid, p); err != nil {
			t.Fatal(err)
		}
	}
	// User 0 takes part three times on the web and once at a meeting: one participant.
	for i := 0; i < 3; i++ {
		record(m.ID, store.Participation{UserID: some(users[0].ID), Act: "support", ScopeType: "municipality", Channel: "web", Segment: young, OccurredAt: now.Add(-time.Hour)})
	}
	record(m.ID, store.Participation{UserID: some(users[0].ID), Act: "meeting_attendance", ScopeType: "meeting", ScopeID: some(7), Channel: "meeting", Segment: young, OccurredAt: now.Add(-time.Minute)})
	// User 1 moved: an old act in Sentrum, the latest in Havna. They count in Havna.
	record(m.ID, store.Participation{UserID: some(users[1].ID), Act: "comment", ScopeType: "municipality", Channel: "web", Segment: young, OccurredAt: now.Add(-48 * time.Hour)})
	record(m.ID, store.Participation{UserID: some(users[1].ID), Act: "comment", ScopeType: "municipality", Channel: "web", Segment: old, OccurredAt: now.Add(-time.Hour)})
	// Two paper ballots without identity: two participants; one person twice on the phone: one.
	record(m.ID, store.Participation{Act: "ballot", ScopeType: "consultation", ScopeID: some(3), Channel: "paper", Segment: old})
	record(m.ID, store.Participation{Act: "ballot", ScopeType: "consultation", ScopeID: some(3), Channel: "paper", Segment: old})
	ref := text("6f1c1f4e-8d2a-4c55-9b1e-2a7c9d1e0f11")
	record(m.ID, store.Participation{AnonymousRef: ref, Act: "proposal", ScopeType: "municipality", Channel: "phone", Segment: old})
	record(m.ID, store.Participation{AnonymousRef: ref, Act: "comment", ScopeType: "municipality", Channel: "phone", Segment: old})
	// User 2 declared nothing: the unknown segment.
	record(m.ID, store.Participation{UserID: some(users[2].ID), Act: "support", ScopeType: "municipality", Channel: "web"})
	// Too old for the default window, and another municipality's act: neither counts.
	record(m.ID, store.Participation{Act: "answer", ScopeType: "consultation", ScopeID: some(1), Channel: "paper", Segment: young, OccurredAt: now.AddDate(-3, 0, 0)})
	record(other.ID, store.Participation{Act: "ballot", ScopeType: "consultation", ScopeID: some(3), Channel: "paper", Segment: store.Segment{AreaID: some(otherArea.ID)}})

	counts, err := st.ParticipantsBySegment(ctx, m.ID, store.ParticipationScope{})
	if err != nil {
		t.Fatal(err)
	}
	got := countsByKey(counts)
	want := map[string]int{
		"A1/16-19/female/":        1, // user 0
		"A1/16-19/female/web":     1,
		"A1/16-19/female/meeting": 1,
		"A2/80+/male/":            4, // user 1, two paper ballots, the phone caller
		"A2/80+/male/web":         1,
		"A2/80+/male/paper":       2,
		"A2/80+/male/phone":       1,
		"///":                     1, // user 2, unknown segment
		"///web":                  1,
	}
	if len(got) != len(want) {
		t.Errorf("got %d rows %v, want %d", len(got), got, len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %d, want %d", k, got[k], v)
		}
	}

	byConsultation, err := st.ParticipantsBySegment(ctx, m.ID, store.ParticipationScope{ScopeType: "consultation", ScopeID: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c := countsByKey(byConsultation); len(c) != 2 || c["A2/80+/male/"] != 2 || c["A2/80+/male/paper"] != 2 {
		t.Errorf("one consultation: %v", c)
	}
	byArea, _ := st.ParticipantsBySegment(ctx, m.ID, store.ParticipationScope{AreaID: sentrum.ID})
	if c := countsByKey(byArea); c["A1/16-19/female/"] != 2 || c["A2/80+/male/"] != 0 {
		t.Errorf("one area counts acts made there (user 1's old act included): %v", c)
	}
	longer, _ := st.ParticipantsBySegment(ctx, m.ID, store.ParticipationScope{From: now.AddDate(-4, 0, 0)})
	if c := countsByKey(longer); c["A1/16-19/female/"] != 2 || c["A1/16-19/female/paper"] != 1 {
		t.Errorf("a longer window counts the old paper answer: %v", c)
	}
}

// BenchmarkParticipantsBySegment4M aggregates a ledger of 4,000,000 acts by
// 1,000,000 residents over 96 segments and five channels.
func BenchmarkParticipantsBySegment4M(b *testing.B) {
	st := testdb.New(b)
	ctx := context.Background()
	m, err := st.SeedDemo(ctx, "unused")
	if err != nil {
		b.Fatal(err)
	}
	if err := st.GenerateLedgerForBenchmark(ctx, m.ID, 4_000_000, 1_000_000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		counts, err := st.ParticipantsBySegment(ctx, m.ID, store.ParticipationScope{})
		if err != nil {
			b.Fatal(err)
		}
		if len(counts) < 96 {
			b.Fatalf("only %d rows", len(counts))
		}
	}
}
