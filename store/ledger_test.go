package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
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

// TestParticipantsBySegmentMatchesReference compares the indexed query with
// a plain count in Go over random acts: users, anonymous references and acts
// without identity, in several segments (some parts unknown), through every
// channel, in and out of scope, with acts at the same instant (the later act
// wins a tie).
func TestParticipantsBySegmentMatchesReference(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, sentrum := newMunicipality(t, st, "ref", "ref.example")
	havn, err := st.CreateArea(ctx, m.ID, "A2", "Havna")
	if err != nil {
		t.Fatal(err)
	}
	users := make([]int64, 12)
	for i := range users {
		u, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: fmt.Sprintf("r%d@example.no", i), PasswordHash: "h", DisplayName: "R", Role: store.RoleResident})
		if err != nil {
			t.Fatal(err)
		}
		users[i] = u.ID
	}
	refs := []string{"6f1c1f4e-8d2a-4c55-9b1e-2a7c9d1e0f11", "0b4a7c2e-1f3d-4e5a-8b6c-9d0e1f2a3b4c", "c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f"}
	areas := []sql.NullInt64{{}, some(sentrum.ID), some(havn.ID)}
	bands := []string{"", "16-19", "30-44", "80+"}
	genders := []string{"", "female", "male"}
	type act struct {
		person  string // "" for an act without identity
		at      time.Time
		scopeID int64 // 0: the municipality
		channel string
		seg     store.Segment
	}
	rng := rand.New(rand.NewPCG(7, 11))
	now := time.Now().Truncate(time.Second)
	instants := make([]time.Time, 40) // few instants, so that ties happen
	for i := range instants {
		instants[i] = now.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
	}
	var acts []act
	for i := 0; i < 300; i++ {
		a := act{at: instants[rng.IntN(len(instants))], channel: store.Channels[rng.IntN(len(store.Channels))],
			seg: store.Segment{AreaID: areas[rng.IntN(len(areas))], AgeBand: text(bands[rng.IntN(len(bands))]), Gender: text(genders[rng.IntN(len(genders))])}}
		p := store.Participation{Act: "support", ScopeType: "municipality", Channel: a.channel, Segment: a.seg, OccurredAt: a.at}
		if rng.IntN(3) == 0 {
			a.scopeID = int64(1 + rng.IntN(2))
			p.Act, p.ScopeType, p.ScopeID = "ballot", "consultation", some(a.scopeID)
		}
		switch k := rng.IntN(10); {
		case k < 6:
			u := users[rng.IntN(len(users))]
			a.person, p.UserID = fmt.Sprintf("u%d", u), some(u)
		case k < 9:
			r := refs[rng.IntN(len(refs))]
			a.person, p.AnonymousRef = r, text(r)
		}
		if err := st.RecordParticipation(ctx, m.ID, p); err != nil {
			t.Fatal(err)
		}
		acts = append(acts, a)
	}
	codes := map[int64]string{sentrum.ID: "A1", havn.ID: "A2"}
	// reference counts per "AREA/BAND/GENDER/" and per channel, as countsByKey.
	reference := func(sc store.ParticipationScope) map[string]int {
		from, to := sc.Period()
		type person struct {
			latest   int // index of the latest act; acts are in id order
			channels map[string]bool
		}
		people := map[string]*person{}
		for i, a := range acts {
			if a.at.Before(from) || !a.at.Before(to) || (sc.ScopeType != "" && a.scopeID != sc.ScopeID) ||
				(sc.AreaID != 0 && a.seg.AreaID.Int64 != sc.AreaID) {
				continue
			}
			key := a.person
			if key == "" {
				key = fmt.Sprintf("act%d", i)
			}
			p := people[key]
			if p == nil {
				p = &person{latest: i, channels: map[string]bool{}}
				people[key] = p
			}
			if !a.at.Before(acts[p.latest].at) {
				p.latest = i
			}
			p.channels[a.channel] = true
		}
		want := map[string]int{}
		for _, p := range people {
			s := acts[p.latest].seg
			key := fmt.Sprintf("%s/%s/%s/", codes[s.AreaID.Int64], s.AgeBand.String, s.Gender.String)
			want[key]++
			for ch := range p.channels {
				want[key+ch]++
			}
		}
		return want
	}
	scopes := map[string]store.ParticipationScope{
		"24 months":      {},
		"everything":     {From: now.AddDate(-4, 0, 0)},
		"one year ago":   {From: now.AddDate(-2, 0, 0), To: now.AddDate(-1, 0, 0)},
		"consultation 1": {From: now.AddDate(-4, 0, 0), ScopeType: "consultation", ScopeID: 1},
		"one area":       {From: now.AddDate(-4, 0, 0), AreaID: havn.ID},
	}
	for name, sc := range scopes {
		counts, err := st.ParticipantsBySegment(ctx, m.ID, sc)
		if err != nil {
			t.Fatal(err)
		}
		got, want := countsByKey(counts), reference(sc)
		if len(got) != len(want) {
			t.Errorf("%s: %d keys, want %d:\n got %v\nwant %v", name, len(got), len(want), got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q: got %d, want %d", name, k, got[k], v)
			}
		}
	}
}

// TestParticipantsBySegmentPlanUsesIndexes checks, on a ledger of a
// realistic size for a municipality (100 000 acts by 30 000 residents, half
// with an account), that PostgreSQL reads the acts of people through the
// report indexes, which deliver them per person and newest first, instead
// of reading the table and sorting every act.
func TestParticipantsBySegmentPlanUsesIndexes(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, _ := newMunicipality(t, st, "plan", "plan.example")
	if _, err := st.CreateArea(ctx, m.ID, "A2", "Havna"); err != nil {
		t.Fatal(err)
	}
	if err := st.GenerateLedgerForBenchmark(ctx, m.ID, 100_000, 30_000); err != nil {
		t.Fatal(err)
	}
	plan, err := st.ExplainParticipantsBySegment(ctx, m.ID, store.ParticipationScope{From: time.Now().AddDate(-10, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, index := range []string{"participation_ledger_user_report_idx", "participation_ledger_anonymous_report_idx", "participation_ledger_single_report_idx"} {
		if !strings.Contains(plan, index) {
			t.Errorf("the plan does not use %s:\n%s", index, plan)
		}
	}
	if strings.Contains(plan, "Seq Scan on participation_ledger") {
		t.Errorf("the plan reads the whole ledger:\n%s", plan)
	}
	for _, line := range strings.Split(plan, "\n") {
		if strings.Contains(line, "Sort Key:") && strings.Contains(line, "occurred_at") {
			t.Errorf("the plan sorts the acts (%s):\n%s", strings.TrimSpace(line), plan)
		}
	}
}

// BenchmarkParticipantsBySegment4M aggregates a ledger of 4,000,000 acts by
// 1,000,000 residents (half with an account, 40 % anonymous references, 10 %
// without identity) over 96 segments and five channels, in the default
// 24-month window. Loading the acts takes minutes and is not measured.
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
