package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// seedDemoMeetings gives Fjordvik its neighbourhood meetings: six past ones
// in six areas, with minutes and the attendance recorded there (residents
// checked in and people without an account counted by segment: mostly older
// residents and parents, few young adults, as at real meetings), and seven
// coming ones with varied low-threshold facts: interpretation into sign
// language, Arabic and Polish with childcare, a walk that needs no
// registration, a dinner with step-free access, one full with a waiting
// list and one nearly full, one cancelled with a reason, and a support group
// a resident proposed that waits for an official's approval.
//
// It adds 42 residents of its own (older and more often women than the
// population, as meeting-goers are) and dates only them. Everything goes
// through the store's rules; past meetings are created in the future, take
// their registrations, are moved back to their day with SQL and then take
// attendance and minutes, as the consultations' seed moves its calendar.
// SeedDemoContent runs it beside the proposals and the consultations, and
// then links the meetings to them with linkDemoMeetings. A municipality that
// already has meetings is refused with ErrConflict. residentsMade, when not
// nil, is called with the ids of demoMeetingResidents (in their order) as
// soon as their accounts exist, so that the consultations' seed can let a
// few of them vote (see demoSchoolGuests).
func (s *Store) seedDemoMeetings(ctx context.Context, m *Municipality, passwordHash string, residentsMade func([]int64)) (*demoMeetingSeed, error) {
	var existing int
	if err := s.db.GetContext(ctx, &existing, `SELECT count(*) FROM meetings WHERE municipality_id = $1`, m.ID); err != nil {
		return nil, err
	}
	if existing > 0 {
		return nil, fmt.Errorf("%s already has meetings: %w", m.Name, ErrConflict)
	}
	d := &demoMeetingSeed{s: s, m: m, loc: m.Location(), now: time.Now(), areas: map[string]int64{}, ids: map[string]int64{}}
	d.today = Today(d.loc, d.now)
	areas, err := s.Areas(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range areas {
		d.areas[a.Code] = a.ID
	}
	for _, a := range DemoAccounts {
		u, err := s.UserByEmail(ctx, m.ID, a.Email)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		switch a.Role {
		case RoleOfficial:
			d.official = u.ID
		case RoleResident:
			d.demoResident = u.ID
		}
	}

	d.residents = make([]int64, len(demoMeetingResidents))
	err = demoParallel(len(demoMeetingResidents), func(i int) error {
		r := demoMeetingResidents[i]
		u, err := s.CreateUser(ctx, m.ID, NewUser{
			Email: r.email + "@fjordvik.example", PasswordHash: passwordHash, DisplayName: r.name,
			Role: RoleResident, Locale: r.locale,
			Profile: Profile{
				AreaID:    sql.NullInt64{Int64: d.areas[r.area], Valid: true},
				BirthYear: sql.NullInt32{Int32: int32(r.born), Valid: true},
				Gender:    sql.NullString{String: r.gender, Valid: true},
			},
		})
		if err != nil {
			return fmt.Errorf("meeting resident %s: %w", r.email, err)
		}
		d.residents[i] = u.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	if residentsMade != nil {
		residentsMade(slices.Clone(d.residents))
	}

	// The meetings are created one after the other, oldest first, so that
	// their ids follow the calendar; what happens at each then runs side by
	// side.
	d.plans = make([]demoMeetingPlan, len(demoMeetings))
	for i := range demoMeetings {
		if err := d.create(ctx, i); err != nil {
			return nil, fmt.Errorf("meeting %q: %w", demoMeetings[i].title["nb"], err)
		}
	}
	err = demoParallel(len(demoMeetings), func(i int) error {
		if err := d.happen(ctx, i); err != nil {
			return fmt.Errorf("meeting %q: %w", demoMeetings[i].title["nb"], err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := d.backdate(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// demoMeetingSeed is what the meetings of the demo are seeded with.
type demoMeetingSeed struct {
	s            *Store
	m            *Municipality
	loc          *time.Location
	now          time.Time
	today        time.Time // as Today returns it
	official     int64
	demoResident int64
	areas        map[string]int64 // area code -> id
	residents    []int64          // demoMeetingResidents' ids, in order
	plans        []demoMeetingPlan
	ids          map[string]int64 // demoMeeting key -> id
}

// demoMeetingPlan is a created meeting and when things happened to it.
type demoMeetingPlan struct {
	id                 int64
	startsAt, endsAt   time.Time // the real times (past meetings are created later on)
	created, updated   time.Time
	minutes            time.Time // zero: no minutes
	registrationsUntil time.Time // registrations are spread from created to this
}

// demoMeetingResident is a resident who comes to meetings; email is the
// local part (first name and whole surname, so that it never meets the
// addresses the other seeds make up).
type demoMeetingResident struct {
	email, name, area string
	born              int
	gender, locale    string
}

// demoHeadcount is a number of people without an account of one segment
// ("" parts unknown) counted at a meeting.
type demoHeadcount struct {
	people             int
	area, band, gender string
}

// demoMeeting is a meeting of the demo and what happens to it.
type demoMeeting struct {
	key                       string
	day                       int    // offset from today
	from, until               string // local "hh:mm"
	area                      string // area code
	title, description        Translations
	address, room, directions string
	onlineURL                 string
	capacity                  int // 0: no limit
	walkIn                    bool
	facts                     MeetingFacts
	organiser                 string
	proposedBy                int  // 1 + index of the resident who proposed it; 0: an official
	approved                  bool // a proposed meeting an official approved
	cancelled                 string
	demoResident              bool // the demo resident registers (and comes, if it is past)
	registrants               int  // residents who register, those of the meeting's area first
	came                      int  // of the registrants, how many in ten came
	walkIns                   []int
	counts                    []demoHeadcount
	minutes                   Translations
	consultation              string   // nb title of a demo consultation it belongs to
	proposals                 []string // titles of demo proposals it discusses
	raised                    []string // titles of demo proposals registered at it
}

// at returns the moment "hh:mm" on day offset days from today, in the
// municipality's time zone.
func (d *demoMeetingSeed) at(offset int, hhmm string) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic("demo meeting time " + hhmm)
	}
	day := d.today.AddDate(0, 0, offset)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, d.loc)
}

// past clamps t to a minute ago at the latest.
func (d *demoMeetingSeed) past(t time.Time) time.Time {
	if latest := d.now.Add(-time.Minute); t.After(latest) {
		return latest
	}
	return t
}

// create makes meeting i through the store's rules: scheduled by the
// official, or proposed by a resident (and approved). A past meeting is
// created in the future, to take registrations, and moved back by happen.
func (d *demoMeetingSeed) create(ctx context.Context, i int) error {
	dm := demoMeetings[i]
	p := &d.plans[i]
	p.startsAt, p.endsAt = d.at(dm.day, dm.from), d.at(dm.day, dm.until)
	in := MeetingInput{
		Title: dm.title, Description: dm.description, AreaID: d.areas[dm.area],
		Address: dm.address, Room: dm.room, Directions: dm.directions,
		StartsAt: p.startsAt, EndsAt: p.endsAt, OnlineURL: dm.onlineURL,
		RegistrationRequired: !dm.walkIn, WaitingList: true, Facts: dm.facts, OrganiserName: dm.organiser,
	}
	if dm.capacity > 0 {
		in.Capacity = sql.NullInt32{Int32: int32(dm.capacity), Valid: true}
	}
	if dm.day < 0 {
		// Far enough ahead that it takes registrations while it is seeded.
		in.StartsAt = d.now.Add(time.Duration(30*24+i) * time.Hour)
		in.EndsAt = in.StartsAt.Add(p.endsAt.Sub(p.startsAt))
	}
	var err error
	if dm.proposedBy > 0 {
		p.id, err = d.s.ProposeMeeting(ctx, d.m.ID, d.residents[dm.proposedBy-1], in)
		if err == nil && dm.approved {
			err = d.s.ReviewMeeting(ctx, d.m.ID, d.official, p.id, true)
		}
	} else {
		p.id, err = d.s.CreateMeeting(ctx, d.m.ID, d.official, in)
	}
	if err != nil {
		return err
	}
	d.ids[dm.key] = p.id

	// When things happened, for backdate.
	if dm.day < 0 {
		p.created = d.at(dm.day-24, "10:15")
		p.registrationsUntil = p.startsAt.Add(-3 * time.Hour)
		if len(dm.minutes) > 0 {
			p.minutes = d.past(d.at(dm.day+2, "09:40"))
			p.updated = p.minutes
		} else {
			p.updated = d.past(p.endsAt.Add(30 * time.Minute))
		}
		return nil
	}
	p.created = d.past(d.at(-9-i%5, "10:15"))
	p.updated = p.created
	switch {
	case dm.proposedBy > 0 && !dm.approved:
		p.created = d.past(d.at(-2, "21:05"))
		p.updated = p.created
	case dm.approved:
		p.updated = d.past(p.created.Add(26 * time.Hour))
	case dm.cancelled != "":
		p.updated = d.past(d.at(-1, "08:50"))
	}
	// Registrations come in until now, or until the meeting was cancelled.
	p.registrationsUntil = d.now.Add(-20 * time.Minute)
	if dm.cancelled != "" {
		p.registrationsUntil = p.updated.Add(-time.Hour)
	}
	return nil
}

// registrants chooses who registers for meeting i: the demo resident if
// the meeting says so, then the residents of its area, then the others.
func (d *demoMeetingSeed) registrants(i int) []int64 {
	dm := demoMeetings[i]
	var out []int64
	if dm.demoResident {
		out = append(out, d.demoResident)
	}
	for pass := range 2 {
		for j, r := range demoMeetingResidents {
			if len(out) >= dm.registrants+boolInt(dm.demoResident) {
				return out
			}
			if (r.area == dm.area) == (pass == 0) && j != dm.proposedBy-1 {
				out = append(out, d.residents[j])
			}
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// happen registers residents for meeting i, and then cancels it, or moves
// it back to its day and records attendance and minutes.
func (d *demoMeetingSeed) happen(ctx context.Context, i int) error {
	dm, p := demoMeetings[i], d.plans[i]
	people := d.registrants(i)
	if dm.walkIn || (dm.proposedBy > 0 && !dm.approved) {
		people = nil
	}
	for _, u := range people {
		if _, err := d.s.Register(ctx, d.m.ID, u, p.id); err != nil {
			return fmt.Errorf("register: %w", err)
		}
	}
	if dm.cancelled != "" {
		return d.s.CancelMeeting(ctx, d.m.ID, d.official, p.id, dm.cancelled)
	}
	if dm.day >= 0 {
		return nil
	}
	if _, err := d.s.db.ExecContext(ctx, `UPDATE meetings SET starts_at = $3, ends_at = $4 WHERE municipality_id = $1 AND id = $2`,
		d.m.ID, p.id, p.startsAt, p.endsAt); err != nil {
		return fmt.Errorf("move to its day: %w", err)
	}
	// Most registrants come; who stays away follows a fixed pattern.
	for k, u := range people {
		if u != d.demoResident && (k*7+i)%10 >= dm.came {
			continue
		}
		if err := d.s.CheckIn(ctx, d.m.ID, d.official, p.id, u); err != nil {
			return fmt.Errorf("check in: %w", err)
		}
	}
	for _, j := range dm.walkIns {
		if err := d.s.CheckIn(ctx, d.m.ID, d.official, p.id, d.residents[j]); err != nil {
			return fmt.Errorf("check in: %w", err)
		}
	}
	for _, c := range dm.counts {
		seg := Segment{
			AreaID:  sql.NullInt64{Int64: d.areas[c.area], Valid: c.area != ""},
			AgeBand: sql.NullString{String: c.band, Valid: c.band != ""},
			Gender:  sql.NullString{String: c.gender, Valid: c.gender != ""},
		}
		if err := d.s.CountAttendees(ctx, d.m.ID, d.official, p.id, c.people, seg, -1); err != nil {
			return fmt.Errorf("count attendees: %w", err)
		}
	}
	if len(dm.minutes) > 0 {
		if err := d.s.PublishMinutes(ctx, d.m.ID, d.official, p.id, dm.minutes); err != nil {
			return fmt.Errorf("minutes: %w", err)
		}
	}
	return nil
}

// backdate moves what was seeded to when it happened: the residents'
// accounts, the meetings, their registrations (and those acts in the
// ledger), attendance, the audit log and the notifications.
func (d *demoMeetingSeed) backdate(ctx context.Context) error {
	return d.s.inTx(ctx, func(tx *sqlx.Tx) error {
		days := make(pq.Int64Array, len(d.residents))
		for i := range days {
			days[i] = int64(45 + (i*37)%480)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users u SET created_at = now() - make_interval(days => x.days::int, mins => (x.id * 41 % 600)::int)
			FROM unnest($2::bigint[], $3::bigint[]) AS x(id, days) WHERE u.municipality_id = $1 AND u.id = x.id`,
			d.m.ID, pq.Int64Array(d.residents), days); err != nil {
			return fmt.Errorf("backdate meeting residents: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE resident_profiles r SET consent_at = u.created_at, updated_at = u.created_at
			FROM users u WHERE u.municipality_id = $1 AND r.municipality_id = $1 AND u.id = r.user_id AND u.id = ANY($2)`,
			d.m.ID, pq.Int64Array(d.residents)); err != nil {
			return fmt.Errorf("backdate meeting residents' profiles: %w", err)
		}
		for _, p := range d.plans {
			minutes := sql.NullTime{Time: p.minutes, Valid: !p.minutes.IsZero()}
			steps := []struct {
				what, query string
				args        []any
			}{
				{"meeting", `UPDATE meetings SET created_at = $3, updated_at = $4,
					minutes_published_at = CASE WHEN minutes_published_at IS NOT NULL THEN $5::timestamptz END
					WHERE municipality_id = $1 AND id = $2`, []any{p.created, p.updated, minutes}},
				// In the order they registered, spread from the meeting's
				// creation to registrationsUntil.
				{"registrations", `UPDATE meeting_registrations r
					SET registered_at = $3::timestamptz + ($4::timestamptz - $3::timestamptz) * (x.n::float8 / (x.total + 1))
					FROM (SELECT id, row_number() OVER (ORDER BY registered_at, id) AS n, count(*) OVER () AS total
						FROM meeting_registrations WHERE municipality_id = $1 AND meeting_id = $2) x
					WHERE r.id = x.id`, []any{p.created, p.registrationsUntil}},
				{"registration acts", `UPDATE participation_ledger l SET occurred_at = r.registered_at
					FROM meeting_registrations r
					WHERE l.municipality_id = $1 AND l.act = 'meeting_registration' AND l.scope_type = 'meeting' AND l.scope_id = $2
						AND r.municipality_id = $1 AND r.meeting_id = $2 AND r.user_id = l.user_id`, nil},
				{"attendance", `UPDATE meeting_attendance t SET recorded_at = m.ends_at + make_interval(mins => 5 + (t.id % 20)::int)
					FROM meetings m WHERE t.municipality_id = $1 AND t.meeting_id = $2 AND m.municipality_id = $1 AND m.id = $2`, nil},
				{"audit log", `UPDATE audit_log a SET created_at = CASE a.action
						WHEN 'meeting.create' THEN $3::timestamptz
						WHEN 'meeting.attendees' THEN m.ends_at + interval '15 minutes'
						WHEN 'meeting.minutes' THEN COALESCE($5::timestamptz, $4::timestamptz)
						ELSE $4::timestamptz END
					FROM meetings m
					WHERE a.municipality_id = $1 AND a.target_type = 'meeting' AND a.target_id = $2::bigint::text
						AND m.municipality_id = $1 AND m.id = $2`, []any{p.created, p.updated, minutes}},
				{"notifications", `UPDATE notifications SET created_at = $3
					WHERE municipality_id = $1 AND link = '/meetings/' || $2::bigint::text`, []any{p.updated}},
			}
			for _, st := range steps {
				if _, err := tx.ExecContext(ctx, st.query, append([]any{d.m.ID, p.id}, st.args...)...); err != nil {
					return fmt.Errorf("backdate meeting %d %s: %w", p.id, st.what, err)
				}
			}
		}
		return nil
	})
}

// linkDemoMeetings links the meetings to the demo's consultations and
// proposals, which SeedDemoContent seeds at the same time as the meetings:
// those a meeting discusses, and those an official registered on behalf of
// the attendees after it (assisted submissions through the meeting channel,
// part of the proposals' seed so that their times move with the others).
func (s *Store) linkDemoMeetings(ctx context.Context, d *demoMeetingSeed) error {
	for i, dm := range demoMeetings {
		p := d.plans[i]
		if dm.consultation != "" {
			res, err := s.db.ExecContext(ctx, `UPDATE meetings SET consultation_id = c.id
				FROM consultations c
				WHERE meetings.municipality_id = $1 AND meetings.id = $2 AND c.municipality_id = $1 AND c.title->>'nb' = $3`,
				d.m.ID, p.id, dm.consultation)
			if err != nil {
				return fmt.Errorf("link meeting %d to a consultation: %w", p.id, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("consultation %q: %w", dm.consultation, ErrNotFound)
			}
		}
		for relation, titles := range map[string][]string{"linked": dm.proposals, "raised": dm.raised} {
			if len(titles) == 0 {
				continue
			}
			res, err := s.db.ExecContext(ctx, `INSERT INTO meeting_proposals (municipality_id, meeting_id, proposal_id, relation)
				SELECT $1, $2, p.id, $4 FROM proposals p WHERE p.municipality_id = $1 AND p.title = ANY($3)`,
				d.m.ID, p.id, pq.StringArray(titles), relation)
			if err != nil {
				return fmt.Errorf("link meeting %d to proposals: %w", p.id, err)
			}
			if n, _ := res.RowsAffected(); int(n) != len(titles) {
				return fmt.Errorf("proposals %q: %d found: %w", titles, n, ErrNotFound)
			}
		}
	}
	return nil
}

// demoMeetingResidents come to meetings: older and more often women than
// the population, in every area.
var demoMeetingResidents = []demoMeetingResident{
	{"gunnhild.berg", "Gunnhild B.", "0306", 1951, "female", "nb"},
	{"arne.solberg", "Arne S.", "0306", 1948, "male", "nb"},
	{"liv.aasen", "Liv Aa.", "0306", 1956, "female", "nn"},
	{"kjersti.moe", "Kjersti M.", "0306", 1979, "female", "nb"},
	{"hamza.ali", "Hamza A.", "0306", 1983, "male", "nb"},
	{"inger.lund", "Inger L.", "0304", 1948, "female", "nb"},
	{"torbjorn.vik", "Torbjørn V.", "0304", 1953, "male", "nn"},
	{"ragnhild.dahl", "Ragnhild D.", "0304", 1960, "female", "nn"},
	{"bente.holm", "Bente H.", "0304", 1972, "female", "nb"},
	{"svein.bakke", "Svein B.", "0307", 1958, "male", "nn"},
	{"sigrid.rui", "Sigrid R.", "0307", 1980, "female", "nn"},
	{"anders.lie", "Anders L.", "0307", 1977, "male", "nb"},
	{"maria.nowak", "Maria N.", "0307", 1985, "female", "en"},
	{"halima.warsame", "Halima W.", "0303", 1982, "female", "nb"},
	{"yusuf.hassan", "Yusuf H.", "0303", 1975, "male", "nb"},
	{"leila.haddad", "Leila H.", "0303", 1990, "female", "en"},
	{"agnieszka.wojcik", "Agnieszka W.", "0303", 1987, "female", "en"},
	{"turid.nes", "Turid N.", "0303", 1954, "female", "nb"},
	{"hanne.skov", "Hanne S.", "0305", 1965, "female", "da"},
	{"lars.kjaer", "Lars K.", "0305", 1970, "male", "da"},
	{"elin.strand", "Elin S.", "0305", 1983, "female", "nb"},
	{"sebastian.fjeld", "Sebastian F.", "0305", 2008, "male", "nb"},
	{"ida.hovland", "Ida H.", "0305", 2009, "female", "nb"},
	{"margit.eide", "Margit E.", "0308", 1941, "female", "nb"},
	{"olav.naess", "Olav N.", "0308", 1944, "male", "nb"},
	{"berit.sand", "Berit S.", "0308", 1950, "female", "nb"},
	{"jorunn.aune", "Jorunn A.", "0308", 1939, "female", "nb"},
	{"camilla.friis", "Camilla F.", "0302", 1988, "female", "da"},
	{"jakub.zielinski", "Jakub Z.", "0302", 1991, "male", "en"},
	{"nora.lien", "Nora L.", "0302", 1996, "female", "nb"},
	{"henrik.aas", "Henrik Aa.", "0302", 1974, "male", "nb"},
	{"wenche.ruud", "Wenche R.", "0301", 1957, "female", "nb"},
	{"knut.hagen", "Knut H.", "0301", 1949, "male", "nb"},
	{"siri.myhre", "Siri M.", "0301", 1981, "female", "nb"},
	{"daniel.tesfaye", "Daniel T.", "0301", 1993, "male", "nb"},
	{"grete.lunde", "Grete L.", "0306", 1962, "female", "nb"},
	{"reidun.bjorke", "Reidun B.", "0304", 1947, "female", "nb"},
	{"oddvar.hauge", "Oddvar H.", "0304", 1947, "male", "nb"},
	{"annelise.tangen", "Anne-Lise T.", "0305", 1959, "female", "nb"},
	{"mona.fossum", "Mona F.", "0307", 1968, "female", "nn"},
	{"ahmad.karimi", "Ahmad K.", "0303", 1979, "male", "nb"},
	{"ellen.ness", "Ellen N.", "0301", 1963, "female", "nb"},
}

// Indexes into demoMeetingResidents used below.
const (
	demoTurid    = 17 // Nordheia, proposed the walk
	demoRagnhild = 7  // Solbakken, proposed the support group
)

// demoMeetings are the demo's meetings, oldest first.
var demoMeetings = []demoMeeting{
	{
		key: "havnebyen-brygge", day: -62, from: "18:00", until: "20:00", area: "0302",
		title: demoTr(
			"Kveldsmøte om Havnebyen brygge",
			"Kveldsmøte om Havnebyen brygge",
			"Aftenmøde om Havnebyen brygge",
			"Evening meeting about Havnebyen wharf"),
		description: demoTr(
			"Havnebyen brygge skal pusses opp. Hva vil du bruke brygga til? Vi har tolk til polsk og engelsk, og barnepass i rommet ved siden av. Det blir servert suppe.",
			"Havnebyen brygge skal pussast opp. Kva vil du bruke brygga til? Vi har tolk til polsk og engelsk, og barnepass i rommet ved sida av. Det vert servert suppe.",
			"Havnebyen brygge skal sættes i stand. Hvad vil du bruge bryggen til? Vi har tolk til polsk og engelsk og børnepasning i rummet ved siden af. Der serveres suppe.",
			"Havnebyen wharf is being renovated. What would you like to use the wharf for? We have interpreters for Polish and English, and childcare in the room next door. Soup is served."),
		address: "Havnebyen bibliotekfilial, Brygga 5", room: "Møterommet i 2. etasje",
		directions: "Heis fra inngangen mot sjøen.",
		capacity:   50,
		facts: MeetingFacts{StepFree: true, Childcare: true, FoodServed: true, FreeOfCharge: true,
			Interpretation: pq.StringArray{"polsk", "engelsk"}},
		organiser:    "Fjordvik kommune, plan og bygg",
		demoResident: true, registrants: 7, came: 6,
		counts: []demoHeadcount{
			{3, "0302", "30-44", "female"}, {2, "0302", "20-29", "male"}, {1, "0302", "20-29", "female"}, {2, "", "", ""},
		},
		minutes: demoTr(
			"13 personer kom. Det var færre enn vi håpet, og vi prøver et annet tidspunkt neste gang, gjerne en lørdag.\n\n"+
				"De som kom, ønsket sittegrupper med le for vinden, en badetrapp og plass til matboder om sommeren. To foreldre ba om gjerde mot sjøen ved lekeplassen. Flere sa at leskuret på bussholdeplassen ved brygga må komme snart.\n\n"+
				"Innspillene går til arkitekten. Skissene blir lagt ut på Medvirk for kommentarer, og vi inviterer til et nytt møte om lekeplassen.",
			"",
			"13 personer kom. Det var færre, end vi havde håbet, og vi prøver et andet tidspunkt næste gang, gerne en lørdag.\n\n"+
				"De fremmødte ønskede siddepladser i læ for vinden, en badetrappe og plads til madboder om sommeren. To forældre bad om et hegn mod vandet ved legepladsen. Flere sagde, at læskuret ved busstoppestedet ved bryggen skal komme snart.\n\n"+
				"Input går videre til arkitekten. Skitserne bliver lagt ud på Medvirk til kommentarer, og vi inviterer til et nyt møde om legepladsen.",
			"13 people came. That was fewer than we hoped, and next time we will try another time, perhaps a Saturday.\n\n"+
				"Those who came wanted sheltered seating, a ladder for swimming and room for food stalls in summer. Two parents asked for a fence towards the water by the playground. Several said the bus shelter at the wharf is needed soon.\n\n"+
				"The suggestions go to the architect. The sketches will be posted on Medvirk for comments, and we will invite you to another meeting about the playground."),
	},
	{
		key: "solbakken-trafikk", day: -48, from: "17:30", until: "19:30", area: "0304",
		title: demoTr(
			"Nabolagsmøte i Solbakken: trafikk og trygg ferdsel",
			"Nabolagsmøte i Solbakken: trafikk og trygg ferdsel",
			"Borgermøde i Solbakken: trafik og sikker færden",
			"Neighbourhood meeting in Solbakken: traffic and getting around safely"),
		description: demoTr(
			"Hvordan kommer du deg trygt til butikken, bussen og helsehuset? Vi vil høre om steder som er vanskelige å gå, sykle eller kjøre rullator. Ta gjerne med et kart eller bilder. Det blir servert kaffe og vafler.",
			"Korleis kjem du deg trygt til butikken, bussen og helsehuset? Vi vil høyre om stader som er vanskelege å gå, sykle eller køyre rullator. Ta gjerne med eit kart eller bilete. Det vert servert kaffi og vaflar.",
			"Hvordan kommer du sikkert hen til butikken, bussen og sundhedshuset? Vi vil gerne høre om steder, hvor det er svært at gå, cykle eller køre med rollator. Tag gerne et kort eller billeder med. Der serveres kaffe og vafler.",
			"How do you get safely to the shop, the bus and the health centre? We want to hear about places that are hard to walk, cycle or use a walker. Feel free to bring a map or photos. Coffee and waffles are served."),
		address: "Solbakken grendehus, Solbakkveien 40", room: "Storsalen",
		directions:  "Trinnfri inngang på baksiden. Teleslynge i hele salen.",
		capacity:    60,
		facts:       MeetingFacts{StepFree: true, HearingLoop: true, FoodServed: true, FreeOfCharge: true},
		organiser:   "Fjordvik kommune, samferdsel",
		registrants: 9, came: 9,
		counts: []demoHeadcount{
			{8, "0304", "67-79", "female"}, {4, "0304", "67-79", "male"}, {1, "0304", "80+", "female"},
			{3, "0304", "45-66", "female"}, {2, "0304", "45-66", "male"}, {1, "", "", ""},
		},
		minutes: demoTr(
			"27 personer kom, de fleste over 65 år. Vi gikk gjennom kartet sammen og merket 14 steder der det er vanskelig å gå.\n\n"+
				"Det som gikk igjen: for høye fortauskanter ved Solbakken senter, glatte fortau om vinteren og for kort grønn tid i lyskrysset ved helsehuset. Flere syklister ønsket eget sykkelfelt i Solbakkveien.\n\n"+
				"Kommunen sender listen over stedene til vegavdelingen og svarer på Medvirk innen seks uker. Et forslag om nedsenket fortauskant ble registrert på vegne av deltakerne.",
			"27 personar kom, dei fleste over 65 år. Vi gjekk gjennom kartet saman og merka 14 stader der det er vanskeleg å gå.\n\n"+
				"Det som gjekk att: for høge fortauskantar ved Solbakken senter, glatte fortau om vinteren og for kort grøn tid i lyskrysset ved helsehuset. Fleire syklistar ønskte eige sykkelfelt i Solbakkveien.\n\n"+
				"Kommunen sender lista over stadene til vegavdelinga og svarer på Medvirk innan seks veker. Eit forslag om nedsenka fortauskant vart registrert på vegner av deltakarane.",
			"27 personer kom, de fleste over 65 år. Vi gennemgik kortet sammen og markerede 14 steder, hvor det er svært at gå.\n\n"+
				"Det, der gik igen: for høje kantsten ved Solbakken senter, glatte fortove om vinteren og for kort grøn tid i lyskrydset ved sundhedshuset. Flere cyklister ønskede en cykelsti i Solbakkveien.\n\n"+
				"Kommunen sender listen over stederne til vejafdelingen og svarer på Medvirk inden for seks uger. Et forslag om sænket kantsten blev registreret på vegne af deltagerne.",
			""),
		raised: []string{"Nedsenket fortauskant ved Solbakken senter"},
	},
	{
		key: "skole-bratane", day: -37, from: "19:00", until: "21:30", area: "0306",
		title: demoTr(
			"Folkemøte om ny skolestruktur i nord",
			"Folkemøte om ny skulestruktur i nord",
			"Borgermøde om ny skolestruktur i nord",
			"Public meeting on the new school structure in the north"),
		description: demoTr(
			"Kommunen legger fram de tre forslagene til ny skolestruktur for Bråtane, Kvernhus og Nordheia. Rektorene og saksbehandlerne svarer på spørsmål. Du kan stemme på papir på møtet. Det blir servert kaffe og boller.",
			"Kommunen legg fram dei tre forslaga til ny skulestruktur for Bråtane, Kvernhus og Nordheia. Rektorane og sakshandsamarane svarer på spørsmål. Du kan røyste på papir på møtet. Det vert servert kaffi og bollar.",
			"Kommunen fremlægger de tre forslag til ny skolestruktur for Bråtane, Kvernhus og Nordheia. Skolelederne og kommunens medarbejdere svarer på spørgsmål. Du kan stemme på papir på mødet. Der serveres kaffe og boller.",
			"The municipality presents the three proposals for a new school structure in Bråtane, Kvernhus and Nordheia. The head teachers and officials answer questions. You can vote on paper at the meeting. Coffee and buns are served."),
		address: "Bråtane skole, Skoleveien 12", room: "Gymsalen",
		directions: "Inngang fra skolegården. Parkering ved idrettshallen. Buss 21 til Bråtane skole.",
		capacity:   150,
		facts: MeetingFacts{StepFree: true, HearingLoop: true, Childcare: true, FoodServed: true, FreeOfCharge: true,
			Interpretation: pq.StringArray{"somali", "arabisk"}},
		organiser:   "Fjordvik kommune, oppvekst",
		registrants: 12, came: 8,
		counts: []demoHeadcount{
			{2, "0306", "30-44", "female"}, {2, "0306", "45-66", "female"}, {1, "0306", "67-79", "male"}, {1, "", "", ""},
		},
		minutes: demoTr(
			"Bare 14 personer kom, de fleste foreldre med barn på Bråtane skole. Kommunen la fram de tre alternativene: å beholde alle tre skolene, å samle ungdomstrinnet på Kvernhus, eller å bygge én ny skole for hele nord.\n\n"+
				"Mange var bekymret for lengre skolevei og for at barna må ta buss. Flere ba om at skoleskyssen blir avklart før vedtaket. Foreldreutvalget ved Bråtane ønsket å beholde barnetrinnet i bydelen.\n\n"+
				"6 stemmesedler ble levert på møtet og er talt med i resultatet. Flere sa at naboene ikke visste om møtet, og ba om at kommunen inviterer med brev neste gang. Saksbehandleren svarer skriftlig på spørsmålene vi ikke rakk, på høringssiden.",
			"Berre 14 personar kom, dei fleste foreldre med born på Bråtane skole. Kommunen la fram dei tre alternativa: å halde på alle tre skulane, å samle ungdomssteget på Kvernhus, eller å byggje éin ny skule for heile nord.\n\n"+
				"Mange var uroa for lengre skuleveg og for at borna må ta buss. Fleire bad om at skuleskyssen vert avklart før vedtaket. Foreldreutvalet ved Bråtane ønskte å halde på barnesteget i bydelen.\n\n"+
				"6 røystesetlar vart leverte på møtet og er talde med i resultatet. Fleire sa at naboane ikkje visste om møtet, og bad om at kommunen inviterer med brev neste gong. Sakshandsamaren svarer skriftleg på spørsmåla vi ikkje rakk, på høyringssida.",
			"Kun 14 personer kom, de fleste forældre med børn på Bråtane skole. Kommunen fremlagde de tre muligheder: at beholde alle tre skoler, at samle udskolingen på Kvernhus eller at bygge én ny skole for hele nord.\n\n"+
				"Mange var bekymrede for længere skolevej og for, at børnene skal tage bus. Flere bad om, at skolebussen bliver afklaret før beslutningen. Forældrerådet på Bråtane ønskede at beholde indskolingen i bydelen.\n\n"+
				"6 stemmesedler blev afleveret på mødet og er talt med i resultatet. Flere sagde, at naboerne ikke kendte til mødet, og bad kommunen om at invitere med brev næste gang. Kommunens medarbejder svarer skriftligt på de spørgsmål, vi ikke nåede, på høringssiden.",
			""),
		consultation: demoSchools.title["nb"],
	},
	{
		key: "skole-kvernhus", day: -30, from: "19:00", until: "21:00", area: "0307",
		title: demoTr(
			"Skolemøte i Kvernhus: hva betyr forslagene for oss?",
			"Skulemøte i Kvernhus: kva tyder forslaga for oss?",
			"Skolemøde i Kvernhus: hvad betyder forslagene for os?",
			"School meeting in Kvernhus: what do the proposals mean for us?"),
		description: demoTr(
			"Et møte for foreldre, elever og naboer i Kvernhus om forslagene til ny skolestruktur i nord. Vi snakker særlig om skoleveien og om hva som skjer med Kvernhus skule. Du kan levere stemmeseddel på papir.",
			"Eit møte for foreldre, elevar og naboar i Kvernhus om forslaga til ny skulestruktur i nord. Vi snakkar særleg om skulevegen og om kva som skjer med Kvernhus skule. Du kan levere røystesetel på papir.",
			"Et møde for forældre, elever og naboer i Kvernhus om forslagene til ny skolestruktur i nord. Vi taler især om skolevejen og om, hvad der sker med Kvernhus skule. Du kan aflevere stemmeseddel på papir.",
			"A meeting for parents, pupils and neighbours in Kvernhus about the proposals for a new school structure in the north. We will talk especially about the way to school and what happens to Kvernhus skule. You can hand in a paper ballot."),
		address: "Kvernhus skule, Kvernhusvegen 3", room: "Kantina",
		directions:  "Hovedinngangen er åpen fra kl. 18.30.",
		capacity:    80,
		facts:       MeetingFacts{StepFree: true, FoodServed: true, FreeOfCharge: true},
		organiser:   "Fjordvik kommune, oppvekst",
		registrants: 8, came: 7,
		counts: []demoHeadcount{
			{8, "0307", "30-44", "female"}, {6, "0307", "30-44", "male"}, {5, "0307", "45-66", "female"},
			{4, "0307", "45-66", "male"}, {2, "0307", "20-29", "female"}, {1, "0307", "16-19", "female"}, {1, "", "", ""},
		},
		minutes: demoTr(
			"34 personer kom, også mange fra Nordheia. Kvernhus skule er med i alle tre forslagene, men i to av dem blir ungdomstrinnet flyttet hit. Mange mente det er bra for fagmiljøet, men at skolegården er for liten.\n\n"+
				"Trafikken på Kvernhusvegen om morgenen var det største temaet. Flere foreldre ba om en trygg kryssing av Kvernhusvegen ved skolen, og saksbehandleren tar det med i saken. Lysene på stien til skolen fikk mye ros.\n\n"+
				"38 stemmesedler ble levert og er talt med.",
			"34 personar kom, òg mange frå Nordheia. Kvernhus skule er med i alle tre forslaga, men i to av dei vert ungdomssteget flytta hit. Mange meinte det er bra for fagmiljøet, men at skuleplassen er for liten.\n\n"+
				"Trafikken på Kvernhusvegen om morgonen var det største temaet. Fleire foreldre bad om ei trygg kryssing av Kvernhusvegen ved skulen, og sakshandsamaren tek det med i saka. Lysa på stien til skulen fekk mykje ros.\n\n"+
				"38 røystesetlar vart leverte og er talde med.",
			"34 personer kom, også mange fra Nordheia. Kvernhus skule er med i alle tre forslag, men i to af dem flyttes udskolingen hertil. Mange mente, at det er godt for fagmiljøet, men at skolegården er for lille.\n\n"+
				"Trafikken på Kvernhusvegen om morgenen var det største emne. Flere forældre bad om en sikker krydsning af Kvernhusvegen ved skolen, og kommunens medarbejder tager det med i sagen. Lyset på stien til skolen fik meget ros.\n\n"+
				"38 stemmesedler blev afleveret og er talt med.",
			""),
		consultation: demoSchools.title["nb"],
	},
	{
		key: "skjaergarden-formiddag", day: -20, from: "11:00", until: "13:00", area: "0308",
		title: demoTr(
			"Formiddagstreff på Skjærgården: bokbuss og båtrute",
			"Formiddagstreff på Skjærgården: bokbuss og båtrute",
			"Formiddagsmøde på Skjærgården: bogbus og bådrute",
			""),
		description: demoTr(
			"Kommunen kommer ut til Skjærgården for å høre hva dere savner. Vi snakker om bokbussen, båtruta og tilbud for eldre. Du trenger ikke melde deg på. Det blir servert lunsj.",
			"Kommunen kjem ut til Skjærgården for å høyre kva de saknar. Vi snakkar om bokbussen, båtruta og tilbod for eldre. Du treng ikkje melde deg på. Det vert servert lunsj.",
			"Kommunen kommer ud til Skjærgården for at høre, hvad I savner. Vi taler om bogbussen, bådruten og tilbud til ældre. Du behøver ikke at tilmelde dig. Der serveres frokost.",
			""),
		address:    "Skjærgården bedehus, Holmeveien 2",
		directions: "Båten fra Fjordvik kai går kl. 10.15. Vi følger deg gjerne fra brygga.",
		walkIn:     true,
		facts:      MeetingFacts{HearingLoop: true, FoodServed: true, FreeOfCharge: true},
		organiser:  "Fjordvik kommune, helse og omsorg",
		walkIns:    []int{23, 24, 25},
		counts: []demoHeadcount{
			{4, "0308", "67-79", "female"}, {2, "0308", "67-79", "male"}, {1, "0308", "80+", "female"},
			{1, "0308", "45-66", "female"},
		},
		minutes: demoTr(
			"11 personer kom, og de fleste har bodd på Skjærgården hele livet. Det viktigste for mange var at bokbussen kommer tilbake. Flere sa at den var det eneste stedet de møtte folk fra andre øyer.\n\n"+
				"Båtruta går for sjelden om vinteren, og det er vanskelig å komme til legen og helsehuset. Noen ønsket en benk med le ved brygga mens de venter på båten.\n\n"+
				"Kommunen tar spørsmålet om bokbussen med til kulturutvalget i neste møte. Neste formiddagstreff blir om tre måneder.",
			"11 personar kom, og dei fleste har budd på Skjærgården heile livet. Det viktigaste for mange var at bokbussen kjem tilbake. Fleire sa at han var den einaste staden dei møtte folk frå andre øyar.\n\n"+
				"Båtruta går for sjeldan om vinteren, og det er vanskeleg å kome til legen og helsehuset. Nokre ønskte ein benk med le ved brygga medan dei ventar på båten.\n\n"+
				"Kommunen tek spørsmålet om bokbussen med til kulturutvalet i neste møte. Neste formiddagstreff vert om tre månader.",
			"11 personer kom, og de fleste har boet på Skjærgården hele livet. Det vigtigste for mange var, at bogbussen kommer tilbage. Flere sagde, at det var det eneste sted, de mødte folk fra de andre øer.\n\n"+
				"Bådruten sejler for sjældent om vinteren, og det er svært at komme til lægen og sundhedshuset. Nogle ønskede en bænk med læ ved bådebroen, mens de venter på båden.\n\n"+
				"Kommunen tager spørgsmålet om bogbussen med til kulturudvalget på næste møde. Næste formiddagsmøde bliver om tre måneder.",
			""),
		proposals: []string{"Bokbussen må komme tilbake til Skjærgården"},
		raised:    []string{"Benk med le ved brygga på Skjærgården"},
	},
	{
		key: "budsjett-lundevik", day: -3, from: "18:30", until: "20:30", area: "0305",
		title: demoTr(
			"Innbyggerbudsjett 2027: stemmemøte på Lundevik skole",
			"Innbyggjarbudsjett 2027: røystemøte på Lundevik skole",
			"Borgerbudget 2027: afstemningsmøde på Lundevik skole",
			"Participatory budget 2027: voting meeting at Lundevik skole"),
		description: demoTr(
			"Se prosjektene i innbyggerbudsjettet, snakk med dem som foreslo dem, og stem på papir hvis du vil. Ungdomsrådet er med og presenterer skateparken. Det blir servert pizza.",
			"Sjå prosjekta i innbyggjarbudsjettet, snakk med dei som foreslo dei, og røyst på papir om du vil. Ungdomsrådet er med og presenterer skateparken. Det vert servert pizza.",
			"Se projekterne i borgerbudgettet, tal med dem, der foreslog dem, og stem på papir, hvis du vil. Ungdomsrådet er med og præsenterer skateparken. Der serveres pizza.",
			"See the projects in the participatory budget, talk to the people who proposed them, and vote on paper if you like. The youth council presents the skatepark. Pizza is served."),
		address: "Lundevik skole, Torvveien 8", room: "Aulaen",
		capacity:    80,
		facts:       MeetingFacts{StepFree: true, FoodServed: true, FreeOfCharge: true},
		organiser:   "Fjordvik kommune og ungdomsrådet",
		registrants: 7, came: 10,
		counts: []demoHeadcount{
			{2, "0305", "16-19", "male"}, {1, "0305", "16-19", "female"}, {2, "0305", "20-29", "female"},
			{5, "0305", "30-44", "female"}, {3, "0305", "45-66", "male"}, {1, "", "", ""},
		},
		minutes: demoTr(
			"21 personer kom, blant dem tre ungdommer fra Lundevik. Ungdomsrådet presenterte skateparken, og Lundevik velforening presenterte lekeplassen ved torvet.\n\n"+
				"Mange spurte hvordan pengene blir fordelt hvis to prosjekter får nesten like mange stemmer. Saksbehandleren forklarte at prosjektene med flest stemmer får penger til budsjettet er brukt opp.\n\n"+
				"21 stemmesedler ble levert og talt samme kveld. Ungdommene foreslo også en gapahuk ved Lundevikvannet; forslaget er registrert på Medvirk.",
			"",
			"21 personer kom, heriblandt tre unge fra Lundevik. Ungdomsrådet præsenterede skateparken, og Lundevik grundejerforening præsenterede legepladsen ved torvet.\n\n"+
				"Mange spurgte, hvordan pengene fordeles, hvis to projekter får næsten lige mange stemmer. Kommunens medarbejder forklarede, at projekterne med flest stemmer får penge, indtil budgettet er brugt.\n\n"+
				"21 stemmesedler blev afleveret og talt samme aften. De unge foreslog også et shelter ved Lundevikvannet; forslaget er registreret på Medvirk.",
			"21 people came, among them seven young people from Lundevik. The youth council presented the skatepark, and the Lundevik residents' association presented the playground by the square.\n\n"+
				"Many asked how the money is shared if two projects get almost the same number of votes. The official explained that the projects with the most votes get money until the budget is used up.\n\n"+
				"21 ballots were handed in and counted the same evening. The young people also proposed a lean-to shelter by Lundevikvannet; the proposal is registered on Medvirk."),
		consultation: demoBudget.title["nb"],
		raised:       []string{"Gapahuk ved Lundevikvannet"},
	},
	{
		key: "lekeplass-havnebyen", day: 1, from: "18:00", until: "19:30", area: "0302",
		title: demoTr(
			"Nabolagsmøte i Havnebyen: lekeplassen og gjerdet mot sjøen",
			"Nabolagsmøte i Havnebyen: leikeplassen og gjerdet mot sjøen",
			"Borgermøde i Havnebyen: legepladsen og hegnet mod vandet",
			"Neighbourhood meeting in Havnebyen: the playground and the fence by the water"),
		description: demoTr(
			"På møtet om brygga ba flere foreldre om gjerde mot sjøen ved lekeplassen. Nå har arkitekten tegnet tre forslag. Kom og si hva du synes, og ta gjerne med barna. Vi snakker også om leskuret på bussholdeplassen.",
			"På møtet om brygga bad fleire foreldre om gjerde mot sjøen ved leikeplassen. No har arkitekten teikna tre forslag. Kom og sei kva du synest, og ta gjerne med borna. Vi snakkar òg om leskuret på busshaldeplassen.",
			"På mødet om bryggen bad flere forældre om et hegn mod vandet ved legepladsen. Nu har arkitekten tegnet tre forslag. Kom og sig, hvad du synes, og tag gerne børnene med. Vi taler også om læskuret ved busstoppestedet.",
			"At the meeting about the wharf, several parents asked for a fence by the water at the playground. The architect has now drawn three proposals. Come and tell us what you think, and feel free to bring the children. We will also talk about the bus shelter."),
		address: "Havnebyen bibliotekfilial, Brygga 5", room: "Barneavdelingen, 1. etasje",
		directions:   "Inngang fra torget. Barnevogner kan stå innenfor døra.",
		capacity:     40,
		facts:        MeetingFacts{StepFree: true, Childcare: true, FreeOfCharge: true},
		organiser:    "Fjordvik kommune, park og idrett",
		demoResident: true, registrants: 10,
		proposals: []string{"Leskur på bussholdeplassen ved Havnebyen brygge"},
	},
	{
		key: "hundeskov-havnebyen", day: 3, from: "18:00", until: "19:30", area: "0302",
		title: demoTr(
			"Møte om hundeskov ved Havnebyen",
			"Møte om hundeskog ved Havnebyen",
			"Møde om hundeskov ved Havnebyen",
			"Meeting about a dog park in Havnebyen"),
		description: demoTr(
			"Den gamle verftstomta kan ikke brukes til hundeskov. Parkavdelingen vil finne et annet sted for en inngjerdet hundeskov i Havnebyen sammen med dere. Hundeeiere og naboer er like velkomne.",
			"Den gamle verftstomta kan ikkje brukast til hundeskog. Parkavdelinga vil finne ein annan stad for ein inngjerda hundeskog i Havnebyen saman med dykk. Hundeeigarar og naboar er like velkomne.",
			"Den gamle værftsgrund kan ikke bruges til hundeskov. Parkafdelingen vil gerne finde et andet sted til en indhegnet hundeskov i Havnebyen sammen med jer. Hundeejere og naboer er lige velkomne.",
			"The old shipyard site cannot be used for a dog park. The parks department wants to find another place for a fenced dog park in Havnebyen together with you. Dog owners and neighbours are equally welcome."),
		address: "Havnebyen bibliotekfilial, Brygga 5", room: "Møterommet i 2. etasje",
		capacity:    40,
		facts:       MeetingFacts{StepFree: true, FreeOfCharge: true},
		organiser:   "Fjordvik kommune, park og idrett",
		registrants: 6,
		cancelled:   "Møterommet i bibliotekfilialen er stengt etter en vannlekkasje. Vi finner en ny dato og sender en ny invitasjon til alle som var påmeldt.",
		proposals:   []string{"Hundeskov ved Havnebyen"},
	},
	{
		key: "budsjett-sporsmal", day: 5, from: "18:00", until: "19:30", area: "0301",
		title: demoTr(
			"Innbyggerbudsjett 2027: spør oss om prosjektene",
			"Innbyggjarbudsjett 2027: spør oss om prosjekta",
			"Borgerbudget 2027: spørg os om projekterne",
			"Participatory budget 2027: ask us about the projects"),
		description: demoTr(
			"Lurer du på hva prosjektene koster, hvem som skal drive dem, eller hvordan du stemmer? Saksbehandlerne svarer i et lite møterom med plass til 15. Møtet strømmes også, så du kan følge med hjemmefra.",
			"Lurer du på kva prosjekta kostar, kven som skal drive dei, eller korleis du røystar? Sakshandsamarane svarer i eit lite møterom med plass til 15. Møtet vert òg strøymt, så du kan følgje med heimanfrå.",
			"Er du i tvivl om, hvad projekterne koster, hvem der skal drive dem, eller hvordan du stemmer? Kommunens medarbejdere svarer i et lille mødelokale med plads til 15. Mødet streames også, så du kan følge med hjemmefra.",
			"Wondering what the projects cost, who will run them or how to vote? The officials answer in a small meeting room with space for 15. The meeting is also streamed, so you can follow it from home."),
		address: "Fjordvik rådhus, Rådhusplassen 1", room: "Møterom Fjorden, 1. etasje",
		directions:   "Meld deg i resepsjonen.",
		onlineURL:    "https://fjordvik.example/direkte/innbyggerbudsjett",
		capacity:     15,
		facts:        MeetingFacts{StepFree: true, HearingLoop: true, FreeOfCharge: true},
		organiser:    "Fjordvik kommune, økonomi",
		registrants:  18, // three wait for a place
		consultation: demoBudget.title["nb"],
	},
	{
		key: "vandring-nordheia", day: 6, from: "12:00", until: "13:30", area: "0303",
		title: demoTr(
			"Lokalhistorisk vandring på Nordheia",
			"Lokalhistorisk vandring på Nordheia",
			"Lokalhistorisk vandring på Nordheia",
			"Local history walk in Nordheia"),
		description: demoTr(
			"Historielaget viser fram Nordheia slik det var: gardsbruk, utmark og teglverket der skolen står i dag. Vi går omtrent to kilometer på fortau og grusvei og stopper seks steder. Turen tar halvannen time. Du trenger ikke melde deg på, bare møt opp.",
			"Historielaget viser fram Nordheia slik det var: gardsbruk, utmark og teglverket der skulen står i dag. Vi går om lag to kilometer på fortau og grusveg og stoppar seks stader. Turen tek halvannan time. Du treng ikkje melde deg på, berre møt opp.",
			"Historieforeningen viser Nordheia, som det var: landbrug, udmark og teglværket, hvor skolen ligger i dag. Vi går omkring to kilometer på fortov og grusvej og stopper seks steder. Turen tager halvanden time. Du behøver ikke at tilmelde dig, bare mød op.",
			"The local history society shows Nordheia as it was: farms, outfields and the brickworks where the school stands today. We walk about two kilometres on pavements and gravel paths and stop at six places. The walk takes an hour and a half. No need to register, just come along."),
		address:    "Nordheia skole, Heiavegen 2",
		directions: "Oppmøte ved hovedinngangen til skolen. Ta på gode sko.",
		walkIn:     true,
		facts:      MeetingFacts{FreeOfCharge: true},
		organiser:  "Turid N. og Nordheia historielag",
		proposedBy: demoTurid + 1, approved: true,
		proposals: []string{"Lokalhistorisk vandring i Nordheia"},
	},
	{
		key: "sprakkafe-nordheia", day: 9, from: "18:00", until: "20:00", area: "0303",
		title: demoTr(
			"Språkkafé og nabolagsmøte på Nordheia bydelshus",
			"Språkkafé og nabolagsmøte på Nordheia bydelshus",
			"Sprogcafé og borgermøde i lokalområdet på Nordheia bydelshus",
			"Language café and neighbourhood meeting at Nordheia community centre"),
		description: demoTr(
			"Hva er bra med å bo på Nordheia, og hva bør bli bedre? Vi snakker sammen i små grupper. Det er tegnspråktolk og tolk til arabisk og polsk, og barnepass i lekerommet. Det blir servert te og kaker.",
			"Kva er bra med å bu på Nordheia, og kva bør bli betre? Vi snakkar saman i små grupper. Det er teiknspråktolk og tolk til arabisk og polsk, og barnepass i leikerommet. Det vert servert te og kaker.",
			"Hvad er godt ved at bo på Nordheia, og hvad bør blive bedre? Vi taler sammen i små grupper. Der er tegnsprogstolk og tolk til arabisk og polsk og børnepasning i legerummet. Der serveres te og kage.",
			"What is good about living in Nordheia, and what should get better? We talk in small groups. There is a sign-language interpreter and interpreters for Arabic and Polish, and childcare in the playroom. Tea and cake are served."),
		address: "Nordheia bydelshus, Heiavegen 14", room: "Storstua",
		directions: "Trinnfri inngang fra parkeringsplassen. Teleslynge i Storstua.",
		capacity:   60,
		facts: MeetingFacts{StepFree: true, HearingLoop: true, SignLanguage: true, Childcare: true, FoodServed: true,
			FreeOfCharge: true, Interpretation: pq.StringArray{"arabisk", "polsk"}},
		organiser:    "Fjordvik kommune og Nordheia frivilligsentral",
		registrants:  9,
		consultation: demoNeighbourhood.title["nb"],
		proposals:    []string{"Språkkafé på Nordheia bydelshus"},
	},
	{
		key: "fellesmiddag-bratane", day: 13, from: "17:00", until: "19:00", area: "0306",
		title: demoTr(
			"Fellesmiddag og nabolagsmøte i Bråtane",
			"Fellesmiddag og nabolagsmøte i Bråtane",
			"Fællesspisning og borgermøde i Bråtane",
			"Shared dinner and neighbourhood meeting in Bråtane"),
		description: demoTr(
			"Vi spiser middag sammen og snakker om hva som skal til for at du trives i Bråtane. Maten er gratis, og det finnes vegetar og halal. Lokalet har trinnfri tilgang og teleslynge. Si fra om du trenger skyss.",
			"Vi et middag saman og snakkar om kva som skal til for at du trivst i Bråtane. Maten er gratis, og det finst vegetar og halal. Lokalet har trinnfri tilkomst og teleslynge. Sei frå om du treng skyss.",
			"Vi spiser aftensmad sammen og taler om, hvad der skal til, for at du trives i Bråtane. Maden er gratis, og der er vegetar og halal. Lokalet har niveaufri adgang og teleslynge. Sig til, hvis du har brug for kørsel.",
			"We have dinner together and talk about what it takes for you to enjoy living in Bråtane. The food is free, with vegetarian and halal options. The venue has step-free access and a hearing loop. Let us know if you need a lift."),
		address: "Bråtane frivilligsentral, Bråtaneveien 22", room: "Kafeen",
		directions:   "Inngang fra gårdsplassen, uten trapper.",
		capacity:     40,
		facts:        MeetingFacts{StepFree: true, HearingLoop: true, FoodServed: true, FreeOfCharge: true},
		organiser:    "Fjordvik kommune og Bråtane frivilligsentral",
		registrants:  37, // nearly full
		consultation: demoNeighbourhood.title["nb"],
		proposals:    []string{"Fællesspisning for ældre i Bråtane", "Ny ballbinge i Bråtane"},
	},
	{
		key: "parorende-solbakken", day: 20, from: "11:00", until: "12:30", area: "0304",
		title: demoTr(
			"Samtalegruppe for pårørende i Solbakken",
			"Samtalegruppe for pårørande i Solbakken",
			"", ""),
		description: demoTr(
			"Er du pårørende til noen med demens eller langvarig sykdom? Vi er noen naboer som vil starte en samtalegruppe som møtes annenhver uke. Her kan du dele erfaringer og få råd. Du trenger ikke melde deg på, og det er gratis.",
			"Er du pårørande til nokon med demens eller langvarig sjukdom? Vi er nokre naboar som vil starte ei samtalegruppe som møtest annakvar veke. Her kan du dele erfaringar og få råd. Du treng ikkje melde deg på, og det er gratis.",
			"", ""),
		address: "Solbakken grendehus, Solbakkveien 40", room: "Peisestua",
		walkIn:     true,
		facts:      MeetingFacts{StepFree: true, HearingLoop: true, FreeOfCharge: true},
		organiser:  "Ragnhild D.",
		proposedBy: demoRagnhild + 1,
	},
}
