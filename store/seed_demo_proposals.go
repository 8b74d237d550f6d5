package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// seedDemoProposals fills Fjordvik with a year of participation: categories,
// two dozen residents with consented profiles, about forty proposals in
// bokmål, nynorsk, Danish and English in every status, with supports,
// comments and the officials' answers. Everything goes through the store's
// own API, so that the ledger, timelines and notifications are real; the
// times are then spread over the last twelve months with one statement per
// table. It is deterministic: the same content and times (relative to now)
// every time, and the same proposal ids; only the ids of later rows, such as
// comments and ledger entries, may interleave differently between proposals.
func (s *Store) seedDemoProposals(ctx context.Context, m *Municipality, passwordHash string) error {
	areas, err := s.Areas(ctx, m.ID)
	if err != nil {
		return fmt.Errorf("seed demo proposals: %w", err)
	}
	areaIDs := map[string]int64{}
	for _, a := range areas {
		areaIDs[a.Code] = a.ID
	}
	staff := map[string]int64{}
	for _, a := range DemoAccounts {
		u, err := s.UserByEmail(ctx, m.ID, a.Email)
		if err != nil {
			return fmt.Errorf("seed demo proposals: demo account %s: %w", a.Email, err)
		}
		staff[a.Role] = u.ID
	}
	official, admin := staff[RoleOfficial], staff[RoleAdmin]

	categoryIDs := map[string]int64{}
	for _, c := range demoCategories {
		cat, err := s.CreateCategory(ctx, m.ID, admin, c.slug, c.names)
		if err != nil {
			return fmt.Errorf("seed demo category %s: %w", c.slug, err)
		}
		categoryIDs[c.slug] = cat.ID
	}

	// people[0] is the demo resident everybody signs in as; the others follow
	// demoResidents.
	people := []int64{staff[RoleResident]}
	for _, r := range demoResidents {
		u, err := s.CreateUser(ctx, m.ID, NewUser{
			Email: r.email, PasswordHash: passwordHash, DisplayName: r.name, Role: RoleResident, Locale: r.locale,
			Profile: Profile{
				AreaID:    sql.NullInt64{Int64: areaIDs[r.area], Valid: true},
				BirthYear: sql.NullInt32{Int32: int32(r.born), Valid: true},
				Gender:    sql.NullString{String: r.gender, Valid: true},
			},
		})
		if err != nil {
			return fmt.Errorf("seed demo resident %s: %w", r.email, err)
		}
		people = append(people, u.ID)
	}

	// The proposals are created in order, so that their ids are always the
	// same; what happens to each one then runs a few proposals at a time
	// (each proposal's own acts stay in order), and the planned times are
	// gathered in proposal order.
	clock := demoClock{now: time.Now(), loc: m.Location()}
	if clock.loc == nil {
		clock.loc = time.UTC
	}
	ids := make([]int64, len(demoProposals))
	for i, dp := range demoProposals {
		if ids[i], err = s.createDemoProposal(ctx, m.ID, dp, people, official, areaIDs, categoryIDs, clock.now); err != nil {
			return fmt.Errorf("seed demo proposal %d (%s): %w", i, dp.title, err)
		}
	}
	parts := make([]demoTimes, len(demoProposals))
	errs := make([]error, len(demoProposals))
	var wg sync.WaitGroup
	slots := make(chan struct{}, 8)
	for i, dp := range demoProposals {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			errs[i] = s.seedDemoActivity(ctx, m.ID, i, dp, ids[i], people, official, clock, &parts[i])
		}()
	}
	wg.Wait()
	// The accounts this seed dates: the demo accounts and its residents, and
	// no one else (the consultations add residents of their own meanwhile).
	t := demoTimes{userIDs: pq.Int64Array{staff[RoleOfficial], staff[RoleModerator], staff[RoleAdmin]}}
	t.userIDs = append(t.userIDs, people...)
	for i := range parts {
		if errs[i] != nil {
			return fmt.Errorf("seed demo proposal %d (%s): %w", i, demoProposals[i].title, errs[i])
		}
		t.add(&parts[i])
	}
	return s.backdateDemo(ctx, m.ID, &t)
}

// demoTimes collects when each seeded row should have happened, in seconds
// before now, for backdateDemo.
type demoTimes struct {
	userIDs pq.Int64Array

	proposalIDs                  pq.Int64Array
	proposalAgo, proposalUpdated pq.Float64Array

	supportProposals, supportUsers pq.Int64Array
	supportAgo                     pq.Float64Array

	commentIDs                    pq.Int64Array
	commentAgo, commentDeletedAgo pq.Float64Array

	changeProposals, changeSeq pq.Int64Array
	changeAgo                  pq.Float64Array
}

// add appends the times of u.
func (t *demoTimes) add(u *demoTimes) {
	t.proposalIDs = append(t.proposalIDs, u.proposalIDs...)
	t.proposalAgo = append(t.proposalAgo, u.proposalAgo...)
	t.proposalUpdated = append(t.proposalUpdated, u.proposalUpdated...)
	t.supportProposals = append(t.supportProposals, u.supportProposals...)
	t.supportUsers = append(t.supportUsers, u.supportUsers...)
	t.supportAgo = append(t.supportAgo, u.supportAgo...)
	t.commentIDs = append(t.commentIDs, u.commentIDs...)
	t.commentAgo = append(t.commentAgo, u.commentAgo...)
	t.commentDeletedAgo = append(t.commentDeletedAgo, u.commentDeletedAgo...)
	t.changeProposals = append(t.changeProposals, u.changeProposals...)
	t.changeSeq = append(t.changeSeq, u.changeSeq...)
	t.changeAgo = append(t.changeAgo, u.changeAgo...)
}

// createDemoProposal publishes a demo proposal, by its author or recorded by
// the official.
func (s *Store) createDemoProposal(ctx context.Context, municipalityID int64, dp demoProposal,
	people []int64, official int64, areaIDs, categoryIDs map[string]int64, now time.Time) (int64, error) {
	n := NewProposal{
		Title: dp.title, Body: dp.body, Language: dp.lang,
		AreaID: areaIDs[dp.area], CategoryID: categoryIDs[dp.cat],
	}
	if dp.by >= 0 {
		n.AuthorID = people[dp.by]
	} else {
		n.RecordedBy, n.Channel = official, dp.channel
		n.Segment = Segment{
			AreaID:  sql.NullInt64{Int64: areaIDs[dp.area], Valid: dp.area != ""},
			AgeBand: sql.NullString{String: AgeBandFor(now.Year()-dp.born, DefaultAgeBands), Valid: dp.born != 0},
			Gender:  sql.NullString{String: dp.gender, Valid: dp.gender != ""},
		}
	}
	p, err := s.CreateProposal(ctx, municipalityID, n)
	if err != nil {
		return 0, err
	}
	return p.ID, nil
}

// seedDemoActivity gives proposal number i its supports, comments and
// status changes, and plans their times: supports and comments in the first
// 60% of the proposal's life, the municipality's answers after them, and
// "late" comments after the last answer.
func (s *Store) seedDemoActivity(ctx context.Context, municipalityID int64, i int, dp demoProposal, proposalID int64,
	people []int64, official int64, clock demoClock, t *demoTimes) error {
	author := int64(0)
	if dp.by >= 0 {
		author = people[dp.by]
	}

	// The proposal's life runs from its creation, dp.days ago at a time of
	// day that depends on i (office hours when an official recorded it), to
	// now; f is a fraction of it.
	now := clock.now.In(clock.loc)
	created := time.Date(now.Year(), now.Month(), now.Day()-dp.days, 7+i*5%15, i*13%60, 0, 0, clock.loc)
	if dp.by < 0 {
		created = officeHours(created)
	}
	life := clock.now.Sub(created).Seconds()
	at := func(f float64) float64 { return life * (1 - f) }
	t.proposalIDs = append(t.proposalIDs, proposalID)
	t.proposalAgo = append(t.proposalAgo, life)

	// Supporters: a walk through everybody with a stride prime to their
	// number, starting at a point that depends on the proposal.
	supporters := make([]int64, 0, dp.supports)
	for k := 0; len(supporters) < dp.supports && k < len(people); k++ {
		if id := people[(i*11+3+k*7)%len(people)]; id != author {
			supporters = append(supporters, id)
		}
	}
	if len(supporters) < dp.supports {
		return fmt.Errorf("only %d possible supporters for %d supports", len(supporters), dp.supports)
	}
	for j, id := range supporters {
		if _, err := s.Support(ctx, municipalityID, id, proposalID); err != nil {
			return fmt.Errorf("support by user %d: %w", id, err)
		}
		t.supportProposals = append(t.supportProposals, proposalID)
		t.supportUsers = append(t.supportUsers, id)
		t.supportAgo = append(t.supportAgo, at(0.6*float64(j+1)/float64(len(supporters)+1)))
	}

	// The timeline: the threshold (reached at the tenth support), then the
	// official's answers and a withdrawal spread over the rest of the
	// proposal's life, leaving room for late comments.
	seq, updated := int64(0), life
	plan := func(ago float64) {
		seq++
		t.changeProposals = append(t.changeProposals, proposalID)
		t.changeSeq = append(t.changeSeq, seq)
		t.changeAgo = append(t.changeAgo, ago)
		updated = ago
	}
	if len(supporters) >= DefaultSupportThreshold {
		plan(at(0.6 * float64(DefaultSupportThreshold) / float64(len(supporters)+1)))
	}
	answers := len(dp.steps)
	if dp.withdraw {
		answers++
	}
	lastF := 0.6
	if answers > 0 {
		lastF = 0.6 + 0.3*float64(answers)/float64(answers+1)
	}

	var early, late int
	for _, c := range dp.comments {
		if c.late {
			late++
		} else {
			early++
		}
	}
	commentIDs := make([]int64, len(dp.comments))
	var e, l int
	for j, c := range dp.comments {
		parent := int64(0)
		if c.reply > 0 {
			parent = commentIDs[c.reply-1]
		}
		if c.late {
			// Late comments come after the answers; they are posted after
			// them too, further down.
			continue
		}
		e++
		f := 0.02 + 0.56*float64(e)/float64(early+1)
		if err := s.seedDemoComment(ctx, municipalityID, people[c.by], proposalID, parent, c, at(f), t, &commentIDs[j]); err != nil {
			return err
		}
	}
	for k, st := range dp.steps {
		if _, err := s.ChangeStatus(ctx, municipalityID, official, proposalID, st.to, st.progress, st.text); err != nil {
			return fmt.Errorf("status %s: %w", st.to, err)
		}
		// Officials answer in office hours.
		ago := at(0.6 + 0.3*float64(k+1)/float64(answers+1))
		answered := officeHours(clock.now.Add(-time.Duration(ago * float64(time.Second))).In(clock.loc))
		plan(max(clock.now.Sub(answered).Seconds(), 60))
	}
	for j, c := range dp.comments {
		if !c.late {
			continue
		}
		parent := int64(0)
		if c.reply > 0 {
			parent = commentIDs[c.reply-1]
		}
		l++
		f := lastF + (0.995-lastF)*float64(l)/float64(late+1)
		if err := s.seedDemoComment(ctx, municipalityID, people[c.by], proposalID, parent, c, at(f), t, &commentIDs[j]); err != nil {
			return err
		}
	}
	if dp.withdraw {
		if err := s.WithdrawProposal(ctx, municipalityID, author, proposalID); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		plan(at(lastF))
	}
	t.proposalUpdated = append(t.proposalUpdated, updated)
	return nil
}

// demoClock is the time the demo is seeded at, in the municipality's zone.
type demoClock struct {
	now time.Time
	loc *time.Location
}

// officeHours moves t forward into an office day: to 09 the same morning
// when it is before 08, to 09 the next morning when it is 16 or later. The
// minutes stay, so that answers do not all come on the hour.
func officeHours(t time.Time) time.Time {
	switch h := t.Hour(); {
	case h < 8:
		return time.Date(t.Year(), t.Month(), t.Day(), 9, t.Minute(), 0, 0, t.Location())
	case h >= 16:
		return time.Date(t.Year(), t.Month(), t.Day()+1, 9, t.Minute(), 0, 0, t.Location())
	}
	return t
}

// seedDemoComment posts one comment (and deletes it again when the plan says
// so, two hours later) and plans its time.
func (s *Store) seedDemoComment(ctx context.Context, municipalityID, authorID, proposalID, parentID int64,
	c demoComment, ago float64, t *demoTimes, id *int64) error {
	posted, err := s.AddComment(ctx, municipalityID, authorID, proposalID, parentID, c.body)
	if err != nil {
		return err
	}
	*id = posted.ID
	deletedAgo := -1.0
	if c.deleted {
		if err := s.DeleteComment(ctx, municipalityID, authorID, posted.ID); err != nil {
			return err
		}
		deletedAgo = max(ago-2*3600, 60)
	}
	t.commentIDs = append(t.commentIDs, posted.ID)
	t.commentAgo = append(t.commentAgo, ago)
	t.commentDeletedAgo = append(t.commentDeletedAgo, deletedAgo)
	return nil
}

// backdateDemo moves the demo's rows back to the times planned in t, one
// statement per table, in one transaction. Accounts date from a little more
// than a year ago. The ledger follows the acts it records, with each
// resident's age band as it was then; notifications follow the status changes
// they announce, and those older than three weeks count as read.
func (s *Store) backdateDemo(ctx context.Context, municipalityID int64, t *demoTimes) error {
	steps := []struct {
		what  string
		query string
		args  []any
	}{
		{"municipality", `UPDATE municipalities SET created_at = now() - interval '430 days' WHERE id = $1`, nil},
		{"users", `UPDATE users u SET created_at = now() - make_interval(days => 420 - x.n::int, hours => (x.n::int * 5) % 9)
			FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE municipality_id = $1 AND id = ANY($2)) x
			WHERE u.id = x.id`, []any{t.userIDs}},
		{"profiles", `UPDATE resident_profiles r SET consent_at = u.created_at, updated_at = u.created_at
			FROM users u WHERE u.municipality_id = $1 AND r.municipality_id = $1 AND u.id = r.user_id AND u.id = ANY($2)`,
			[]any{t.userIDs}},
		{"status changes", `UPDATE proposal_status_changes c SET created_at = now() - make_interval(secs => x.ago)
			FROM (SELECT id, proposal_id, row_number() OVER (PARTITION BY proposal_id ORDER BY id) AS seq
				FROM proposal_status_changes WHERE municipality_id = $1) c2
			JOIN unnest($2::bigint[], $3::bigint[], $4::float8[]) AS x(proposal_id, seq, ago)
				ON x.proposal_id = c2.proposal_id AND x.seq = c2.seq
			WHERE c.municipality_id = $1 AND c.id = c2.id`,
			[]any{t.changeProposals, t.changeSeq, t.changeAgo}},
		{"proposals", `UPDATE proposals p SET created_at = now() - make_interval(secs => x.ago),
				updated_at = now() - make_interval(secs => x.updated)
			FROM unnest($2::bigint[], $3::float8[], $4::float8[]) AS x(id, ago, updated)
			WHERE p.municipality_id = $1 AND p.id = x.id`,
			[]any{t.proposalIDs, t.proposalAgo, t.proposalUpdated}},
		{"supports", `UPDATE proposal_supports s SET created_at = now() - make_interval(secs => x.ago)
			FROM unnest($2::bigint[], $3::bigint[], $4::float8[]) AS x(proposal_id, user_id, ago)
			WHERE s.municipality_id = $1 AND s.proposal_id = x.proposal_id AND s.user_id = x.user_id`,
			[]any{t.supportProposals, t.supportUsers, t.supportAgo}},
		{"comments", `UPDATE comments c SET created_at = now() - make_interval(secs => x.ago),
				deleted_at = CASE WHEN c.deleted_at IS NOT NULL THEN now() - make_interval(secs => x.deleted) END
			FROM unnest($2::bigint[], $3::float8[], $4::float8[]) AS x(id, ago, deleted)
			WHERE c.municipality_id = $1 AND c.id = x.id`,
			[]any{t.commentIDs, t.commentAgo, t.commentDeletedAgo}},
		{"ledger", `UPDATE participation_ledger l SET occurred_at = x.at,
				age_band = CASE WHEN r.birth_year IS NULL OR l.age_band IS NULL THEN l.age_band ELSE
					(SELECT b FROM unnest($2::text[]) AS b
					WHERE extract(year FROM x.at)::int - r.birth_year >= split_part(rtrim(b, '+'), '-', 1)::int
						AND (b LIKE '%+' OR extract(year FROM x.at)::int - r.birth_year <= split_part(b, '-', 2)::int)
					LIMIT 1) END
			FROM (
				SELECT l.id, l.user_id, p.created_at AS at FROM participation_ledger l
				JOIN proposals p ON p.municipality_id = l.municipality_id AND p.id = l.scope_id
				WHERE l.municipality_id = $1 AND l.act = 'proposal' AND l.scope_type = 'proposal'
				UNION ALL
				SELECT l.id, l.user_id, s.created_at FROM participation_ledger l
				JOIN proposal_supports s ON s.municipality_id = l.municipality_id AND s.proposal_id = l.scope_id
					AND s.user_id = l.user_id
				WHERE l.municipality_id = $1 AND l.act = 'support' AND l.scope_type = 'proposal'
				UNION ALL
				SELECT l.id, l.user_id, c.created_at
				FROM (SELECT id, user_id, scope_id,
						row_number() OVER (PARTITION BY user_id, scope_id ORDER BY id) AS n
					FROM participation_ledger
					WHERE municipality_id = $1 AND act = 'comment' AND scope_type = 'proposal') l
				JOIN (SELECT author_id, proposal_id, created_at,
						row_number() OVER (PARTITION BY author_id, proposal_id ORDER BY id) AS n
					FROM comments WHERE municipality_id = $1) c
					ON c.author_id = l.user_id AND c.proposal_id = l.scope_id AND c.n = l.n
			) x LEFT JOIN resident_profiles r ON r.municipality_id = $1 AND r.user_id = x.user_id
			WHERE l.id = x.id`,
			[]any{pq.StringArray(DefaultAgeBands)}},
		{"notifications", `UPDATE notifications n SET created_at = x.at,
				read_at = CASE WHEN x.at < now() - interval '21 days' THEN x.at + interval '1 day' END
			FROM (SELECT n.id, c.created_at AS at
				FROM (SELECT id, link, COALESCE(args->>'status', 'awaiting_answer') AS status,
						row_number() OVER (PARTITION BY user_id, link, message_id, args->>'status' ORDER BY id) AS k
					FROM notifications
					WHERE municipality_id = $1 AND link LIKE '/proposals/%'
						AND message_id IN ($2, 'notify.proposal_awaiting_answer')) n
				JOIN (SELECT proposal_id, to_status, created_at,
						row_number() OVER (PARTITION BY proposal_id, to_status ORDER BY id) AS k
					FROM proposal_status_changes WHERE municipality_id = $1) c
					ON n.link = '/proposals/' || c.proposal_id AND n.status = c.to_status AND n.k = c.k) x
			WHERE n.id = x.id`,
			[]any{MessageStatusChanged}},
		{"audit log", `UPDATE audit_log a SET created_at = x.at
			FROM (
				SELECT id, now() - interval '400 days' AS at FROM audit_log
				WHERE municipality_id = $1 AND action = 'category.created'
				UNION ALL
				SELECT a.id, p.created_at FROM audit_log a
				JOIN proposals p ON p.municipality_id = a.municipality_id AND a.target_id = p.id::text
				WHERE a.municipality_id = $1 AND a.action = 'proposal.recorded'
				UNION ALL
				SELECT a.id, c.created_at
				FROM (SELECT id, target_id, row_number() OVER (PARTITION BY target_id ORDER BY id) AS k
					FROM audit_log WHERE municipality_id = $1 AND action = 'proposal.status_changed') a
				JOIN (SELECT proposal_id, created_at, row_number() OVER (PARTITION BY proposal_id ORDER BY id) AS k
					FROM proposal_status_changes WHERE municipality_id = $1 AND official_id IS NOT NULL) c
					ON a.target_id = c.proposal_id::text AND a.k = c.k
			) x
			WHERE a.id = x.id`, nil},
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.query, append([]any{municipalityID}, st.args...)...); err != nil {
				return fmt.Errorf("backdate demo %s: %w", st.what, err)
			}
		}
		return nil
	})
}

// demoCategory is a proposal category of Fjordvik.
type demoCategory struct {
	slug  string
	names map[string]string
}

// demoResident is a resident of Fjordvik with a consented profile. Like real
// participants they lean middle-aged, and Bråtane and Skjærgården are thin.
type demoResident struct {
	email, name    string
	area           string // area code
	born           int
	gender, locale string
}

// demoProposal is a proposal with what happened to it.
type demoProposal struct {
	by       int    // index into the residents (0: the demo resident); -1: assisted, recorded by the official
	channel  string // assisted submissions: paper, phone or meeting
	born     int    // assisted submissions: what the resident told the official
	gender   string
	lang     string
	area     string // area code; "" for the whole municipality
	cat      string // category slug
	days     int    // how long ago it was proposed
	supports int
	title    string
	body     string
	steps    []demoStep // the official's answers, in order
	withdraw bool       // the author withdraws it at the end
	comments []demoComment
}

// demoStep is a status change with the official's explanation.
type demoStep struct {
	to       string
	progress int
	text     string
}

// demoComment is a comment by resident by; reply is the 1-based position of
// the comment it answers in the same list (0: top-level). Late comments are
// written after the municipality's answers; deleted ones are deleted by their
// author soon after.
type demoComment struct {
	by      int
	reply   int
	body    string
	late    bool
	deleted bool
}

func demoReview(text string) demoStep    { return demoStep{StatusUnderReview, -1, text} }
func demoAccept(text string) demoStep    { return demoStep{StatusAccepted, -1, text} }
func demoReject(text string) demoStep    { return demoStep{StatusRejected, -1, text} }
func demoImplement(text string) demoStep { return demoStep{StatusImplemented, -1, text} }
func demoProgress(percent int, text string) demoStep {
	return demoStep{StatusInProgress, percent, text}
}

// Demo residents by their place in the participants (see seedDemoProposals).
const (
	demoAssisted = iota - 1 // an assisted submission without an account
	demoIngrid              // the demo resident, resident@fjordvik.example
	demoKari
	demoPer
	demoAstrid
	demoMette
	demoSoren
	demoAhmed
	demoFatima
	demoEirik
	demoSolveig
	demoTomasz
	demoMarta
	demoJonas
	demoEmma
	demoOle
	demoHilde
	demoBirgitte
	demoThomas
	demoAmina
	demoMohammad
	demoNina
	demoAlex
	demoPriya
	demoGeir
	demoRandi
)

var demoCategories = []demoCategory{
	{"trafikk-og-sykkel", map[string]string{"nb": "Trafikk og sykkel", "nn": "Trafikk og sykkel", "da": "Trafik og cykel", "en": "Traffic and cycling"}},
	{"parker-og-grontomrader", map[string]string{"nb": "Parker og grøntområder", "nn": "Parkar og grøntområde", "da": "Parker og grønne områder", "en": "Parks and green spaces"}},
	{"barn-og-unge", map[string]string{"nb": "Barn og unge", "nn": "Born og unge", "da": "Børn og unge", "en": "Children and young people"}},
	{"eldre", map[string]string{"nb": "Eldre", "nn": "Eldre", "da": "Ældre", "en": "Older people"}},
	{"kultur-og-moteplasser", map[string]string{"nb": "Kultur og møteplasser", "nn": "Kultur og møteplassar", "da": "Kultur og mødesteder", "en": "Culture and meeting places"}},
	{"miljo-og-klima", map[string]string{"nb": "Miljø og klima", "nn": "Miljø og klima", "da": "Miljø og klima", "en": "Environment and climate"}},
	{"universell-utforming", map[string]string{"nb": "Universell utforming", "nn": "Universell utforming", "da": "Tilgængelighed", "en": "Accessibility"}},
}

// demoResidents follow the demo resident in the participants, in the order
// of the constants above.
var demoResidents = []demoResident{
	{"kari.n@fjordvik.example", "Kari N.", "0301", 1968, "female", "nb"},
	{"per.o@fjordvik.example", "Per O.", "0304", 1961, "male", "nb"},
	{"astrid.l@fjordvik.example", "Astrid L.", "0304", 1955, "female", "nn"},
	{"mette.k@fjordvik.example", "Mette K.", "0302", 1974, "female", "da"},
	{"soren.m@fjordvik.example", "Søren M.", "0305", 1979, "male", "da"},
	{"ahmed.y@fjordvik.example", "Ahmed Y.", "0303", 1984, "male", "nb"},
	{"fatima.a@fjordvik.example", "Fatima A.", "0301", 1990, "female", "nb"},
	{"eirik.v@fjordvik.example", "Eirik V.", "0307", 1971, "male", "nn"},
	{"solveig.h@fjordvik.example", "Solveig H.", "0303", 1964, "female", "nn"},
	{"tomasz.k@fjordvik.example", "Tomasz K.", "0302", 1986, "male", "en"},
	{"marta.n@fjordvik.example", "Marta N.", "0305", 1993, "female", "nb"},
	{"jonas.b@fjordvik.example", "Jonas B.", "0303", 2008, "male", "nb"},
	{"emma.s@fjordvik.example", "Emma S.", "0302", 2001, "female", "nb"},
	{"ole.d@fjordvik.example", "Ole D.", "0308", 1943, "male", "nb"},
	{"hilde.s@fjordvik.example", "Hilde S.", "0307", 1966, "female", "nb"},
	{"birgitte.j@fjordvik.example", "Birgitte J.", "0306", 1957, "female", "da"},
	{"thomas.e@fjordvik.example", "Thomas E.", "0304", 1969, "male", "nb"},
	{"amina.h@fjordvik.example", "Amina H.", "0303", 1998, "female", "nb"},
	{"mohammad.r@fjordvik.example", "Mohammad R.", "0307", 1981, "male", "nb"},
	{"nina.j@fjordvik.example", "Nina J.", "0305", 1987, "female", "nb"},
	{"alex.l@fjordvik.example", "Alex L.", "0302", 2003, "other", "nb"},
	{"priya.s@fjordvik.example", "Priya S.", "0301", 1985, "female", "en"},
	{"geir.m@fjordvik.example", "Geir M.", "0301", 1962, "male", "nb"},
	{"randi.k@fjordvik.example", "Randi K.", "0304", 1959, "female", "nb"},
}

var demoProposals = []demoProposal{
	{
		by: demoKari, lang: "nb", area: "0302", cat: "parker-og-grontomrader", days: 330, supports: 22,
		title: "Benker langs fjordstien",
		body: "Fjordstien fra småbåthavna i Havnebyen til badeplassen på Kvitsand er en av de fineste turene vi har, men på hele strekningen er det bare én benk, og den står ved parkeringsplassen.\n\n" +
			"For mange eldre, for oss med vonde knær og for småbarnsforeldre er 2,5 kilometer uten et sted å hvile for langt. Jeg foreslår fem–seks benker med ryggstø og armlener, gjerne der utsikten er best: ved odden, ved gamle fergeleiet og oppe ved utsiktspunktet.\n\n" +
			"Det trenger ikke koste mye, og det vil gjøre stien brukbar for mange flere.",
		steps: []demoStep{
			demoAccept("Takk for et godt og konkret forslag. Vi gikk stien sammen med eldrerådet og rådet for personer med funksjonsnedsettelse og fant seks steder der benker passer, blant annet de tre du nevner. Benkene er bestilt og blir satt ut så snart telen har gått ut av bakken."),
			demoProgress(50, "Fire av seks benker står nå ute. De to siste, ved odden og ved utsiktspunktet, må festes i fjell, og entreprenøren kommer dit i løpet av de neste ukene."),
			demoImplement("Alle seks benkene står nå langs fjordstien, med ryggstø og armlener. Ved benken på utsiktspunktet er det også plass til en rullestol. Takk til alle som var med og pekte ut stedene!"),
		},
		comments: []demoComment{
			{by: demoRandi, body: "Endelig! Jeg går der nesten hver dag og må alltid snu ved båthavna fordi jeg ikke orker hele veien uten pause."},
			{by: demoOle, body: "Husk armlener. Det er de som gjør at en gammel kar kommer seg opp igjen."},
			{by: demoKari, reply: 2, body: "Helt enig, Ole. Det står i forslaget."},
			{by: demoGeir, body: "Støtter dette. Kanskje et bord også ved gamle fergeleiet? Der spiser mange matpakka."},
			{by: demoAstrid, body: "Godt forslag. Eg går gjerne ein tur med kommunen og viser kvar det er brattast."},
			{by: demoIngrid, late: true, body: "Gikk hele stien med mamma i helga, og vi brukte tre av de nye benkene. Tusen takk!"},
			{by: demoMohammad, reply: 6, late: true, body: "Så hyggelig å høre! Benken ved odden er blitt favoritten vår."},
		},
	},
	{
		by: demoAhmed, lang: "nb", area: "0303", cat: "trafikk-og-sykkel", days: 80, supports: 24,
		title: "Tryggere kryssing ved Nordheia skole",
		body: "Hver morgen krysser over hundre barn Heiaveien ved hovedinngangen til Nordheia skole. Gangfeltet ligger rett etter en sving, og mange biler holder langt over 30 km/t. Før jul var det nesten en ulykke da en bil ikke fikk stoppet for en førsteklassing.\n\n" +
			"Jeg foreslår et opphøyd gangfelt med bedre belysning, og at fartsgrensen settes ned til 30 hele døgnet, ikke bare i skoletiden. Skolevakter fra FAU kan hjelpe i en overgangsperiode, men det løser ikke problemet.\n\n" +
			"Trygg Trafikk har gode råd om trygge skoleveier: https://www.tryggtrafikk.no",
		steps: []demoStep{
			demoReview("Takk til alle som har engasjert seg i dette. Vi har bestilt trafikktelling og fartsmåling i Heiaveien i to uker, og vi ser på opphøyd gangfelt og ny belysning sammen med skolen og FAU. Vi kommer tilbake med et svar når målingene er klare, senest før sommerferien."),
		},
		comments: []demoComment{
			{by: demoSolveig, body: "Eg har sett det same. Bilane kjem altfor fort rundt svingen, særleg når det er mørkt."},
			{by: demoAmina, body: "Sønnen min går i andre klasse, og jeg følger ham hver dag fordi jeg ikke tør la ham gå alene."},
			{by: demoJonas, body: "Gikk der selv i sju år. Det har alltid vært sånn."},
			{by: demoThomas, body: "Kan vi også få flyttet bussholdeplassen litt? Bussen står rett ved gangfeltet og skjuler barna."},
			{by: demoAhmed, reply: 4, body: "Godt poeng, Thomas. Det gjør det enda vanskeligere å se dem."},
			{by: demoPer, body: "Opphøyd gangfelt er billig og virker. Bare gjør det!"},
			{by: demoNina, deleted: true, body: "Skrev i feil tråd, beklager."},
			{by: demoHilde, body: "Vi hadde samme problem i Kvernhus. Der hjalp det med fartshump og skilt som viser farten."},
			{by: demoFatima, body: "Støtter! Og la lyset over gangfeltet stå på hele natta, ikke bare til klokka 23."},
			{by: demoIngrid, reply: 8, body: "Fartsvisningsskilt fungerer godt, de har satt opp et i Havnebyen også."},
			{by: demoGeir, body: "Husk at mange voksne også krysser her på vei til bussen."},
			{by: demoEirik, body: "Gjer det no, ikkje etter at noko har skjedd."},
		},
	},
	{
		by: demoJonas, lang: "nb", area: "0303", cat: "barn-og-unge", days: 200, supports: 19,
		title: "La ungdomsklubben holde åpent fredagskveld",
		body: "Ungdomsklubben på Nordheia er åpen mandag og onsdag til klokka 21, men på fredager er den stengt. Det er akkurat da vi trenger et sted å være. Nå ender mange av oss opp på parkeringsplassen ved butikken eller på bussen til byen.\n\n" +
			"Vi ønsker at klubben holder åpent fredager fra 19 til 23. Vi kan hjelpe til selv med kiosken og ryddingen, og vi vil gjerne ha et lite ungdomsstyre som bestemmer aktiviteter, for eksempel FIFA-turnering, filmkveld og konserter med lokale band.",
		steps: []demoStep{
			demoAccept("Takk, Jonas, og takk til alle som har støttet forslaget. Vi har snakket med de ansatte på klubben og med ungdomsrådet, og vi prøver ut fredagsåpent fra 19 til 23 fra høsten. Det krever to ekstra voksne på jobb de kveldene, og vi har satt av penger til det."),
			demoProgress(40, "Vi har ansatt én ekstra miljøarbeider og er i gang med å finne den andre. Fram til da er det fredagsåpent annenhver uke. Ungdomsstyret har hatt sitt første møte."),
			demoProgress(75, "Nå er det åpent hver fredag. Ungdomsstyret har laget program resten av halvåret, med FIFA-turnering og konsert. Vi evaluerer ordningen sammen med ungdommene etter jul."),
		},
		comments: []demoComment{
			{by: demoEmma, body: "Skulle ønske dette fantes da jeg var 15. Full støtte!"},
			{by: demoNina, body: "Som forelder er jeg mye roligere når jeg vet at de er et sted med voksne til stede."},
			{by: demoAhmed, body: "Jeg kan stille som frivillig voksen en fredag i måneden."},
			{by: demoJonas, reply: 3, body: "Tusen takk, det hjelper masse!"},
			{by: demoAlex, body: "Kan vi få låne lydanlegget? Bandet mitt spiller gjerne gratis."},
			{by: demoJonas, late: true, body: "Første fredagen var det over 40 stykker der. Takk for at dere hørte på oss!"},
		},
	},
	{
		by: demoFatima, lang: "nb", area: "0301", cat: "kultur-og-moteplasser", days: 280, supports: 14,
		title: "Delehylle på biblioteket",
		body: "Mange av oss har ting vi sjelden bruker: drill, symaskin, telt, vaffeljern, stige. Andre trenger dem én gang i året og må kjøpe nytt.\n\n" +
			"Jeg foreslår en delehylle på Fjordvik bibliotek, der man kan låne utstyr med lånekortet på samme måte som bøker. Flere bibliotek har fått det til med utstyr fra innbyggerne og fra BUA. Det er bra for lommeboka og for miljøet, og biblioteket blir en møteplass for enda flere.",
		steps: []demoStep{
			demoAccept("Biblioteket synes dette er en god idé og starter med en prøveordning. Vi tar imot utstyr i god stand fra innbyggerne og samarbeider med BUA om sportsutstyr. Utlånet skjer med vanlig lånekort."),
			demoImplement("Delehylla er åpnet på biblioteket i Sentrum med 45 ting, fra drill og symaskin til telt og pølsemaskin. Alt kan lånes i en uke med lånekortet. Har du noe å gi, kan du levere det i skranken."),
		},
		comments: []demoComment{
			{by: demoMarta, body: "Så bra! Jeg har et telt jeg kan gi."},
			{by: demoKari, body: "Kan det også bli en hylle for bøker på andre språk? Mange har bøker de gjerne vil dele."},
			{by: demoFatima, reply: 2, body: "God idé, Kari. Jeg tar det med til biblioteket."},
			{by: demoTomasz, late: true, body: "Lånte høytrykksspyler der i helga. Genialt!"},
		},
	},
	{
		by: demoAssisted, channel: ChannelPhone, born: 1941, gender: "female",
		lang: "nb", area: "0304", cat: "universell-utforming", days: 120, supports: 17,
		title: "Brøyting av fortau for oss som går med rullator",
		body: "Meldt inn på telefon til servicetorget og skrevet ned av saksbehandler:\n\n" +
			"Innbyggeren bor i Solbakken og går med rullator. Om vinteren blir fortauene i Solbakkveien og opp mot helsehuset brøytet sent, ofte lenge etter bilveiene, og brøytekanten legges over fortauet. Da kommer hun seg ikke ut, og hun har flere ganger måttet avlyse legetimer.\n\n" +
			"Hun ber om at fortau og gangveier til helsehuset, butikken og bussholdeplassene prioriteres like tidlig som veiene, og at det strøs med grus der det er bratt.",
		steps: []demoStep{
			demoAccept("Takk for en viktig henvendelse. Fra og med neste vinter får fortauene i Solbakkveien og gangveien til helsehuset samme prioritet som bussveiene, og brøytekanten skal ikke legges på fortauet. Vi setter også ut flere strøkasser i bakkene. Driftsavdelingen går gjennom brøyterodene for resten av kommunen i løpet av sommeren."),
		},
		comments: []demoComment{
			{by: demoRandi, body: "Dette gjelder ikke bare dem med rullator. Med barnevogn er det like ille."},
			{by: demoPer, body: "Bor i samme gate. Fortauet var ikke brøytet på fire dager i januar."},
			{by: demoAstrid, body: "Godt at dette kjem fram. Eg kjenner fleire som ikkje går ut i det heile om vinteren."},
			{by: demoHilde, late: true, body: "Flott svar fra kommunen. Vi følger med når snøen kommer!"},
		},
	},
	{
		by: demoAstrid, lang: "nn", area: "0304", cat: "universell-utforming", days: 260, supports: 12,
		title: "Teleslynge i Solbakken grendehus",
		body: "Grendehuset på Solbakken er i bruk nesten kvar dag: pensjonistlaget, songkoret, foreldremøte og folkemøte. Men det finst inga teleslynge i salen, og vi som har høyreapparat får berre med oss halvparten av det som vert sagt.\n\n" +
			"Eg foreslår at kommunen set inn ei fast teleslynge i storsalen og kjøper inn ei mobil slynge som kan lånast ut til mindre møte. HLF har gode råd om kva som fungerer: https://www.hlf.no\n\n" +
			"Det handlar om at alle skal kunne vere med.",
		steps: []demoStep{
			demoAccept("Takk for forslaget. Vi har fått ei vurdering frå ein leverandør, og salen eignar seg godt for fast teleslynge. Arbeidet vert gjort samstundes med at det elektriske anlegget vert oppgradert i vinter."),
			demoImplement("Teleslynga i storsalen er no montert og testa saman med HLF Fjordvik. Det heng skilt ved inngangen, og vaktmeisteren har ei mobil slynge som kan lånast til mindre møte."),
		},
		comments: []demoComment{
			{by: demoOle, body: "Dette trengst. Eg har slutta å gå på møta fordi eg ikkje høyrer noko."},
			{by: demoSolveig, body: "Heilt einig. Koret vårt har òg medlemer som vil ha god nytte av dette."},
			{by: demoRandi, body: "Støtter! Husk skilt ved døra, så folk vet at slyngen finnes."},
			{by: demoAstrid, late: true, body: "No har vi prøvd slynga på pensjonistlaget, og det var som å få høyrselen att. Tusen takk!"},
		},
	},
	{
		by: demoIngrid, lang: "nb", area: "0302", cat: "trafikk-og-sykkel", days: 35, supports: 13,
		title: "Leskur på bussholdeplassen ved Havnebyen brygge",
		body: "Holdeplassen ved Havnebyen brygge er en av de mest brukte i kommunen, men den har bare et skilt og en søppelbøtte. Når det blåser fra fjorden og regner sidelengs, står vi der og blir gjennomvåte, både skoleelever, pendlere og eldre.\n\n" +
			"Jeg foreslår et leskur med benk og lys, gjerne med sanntidsskjerm for bussene. Det er god plass på fortauet ved siden av kiosken.",
		comments: []demoComment{
			{by: demoEmma, body: "Ja! Venter der hver morgen klokka 07.10 og er søkkvåt før jeg kommer på skolen."},
			{by: demoTomasz, body: "Sanntidsskjerm hadde vært supert. Appen virker ikke alltid."},
			{by: demoKari, body: "Sjekk om fylkeskommunen har penger til leskur. Det er de som har ansvaret for kollektivtrafikken."},
			{by: demoIngrid, reply: 3, body: "Takk, Kari! Jeg har sendt en e-post til fylket også."},
		},
	},
	{
		by: demoHilde, lang: "nb", area: "0307", cat: "miljo-og-klima", days: 130, supports: 16,
		title: "Ryddedag ved badeplassen i Kvernhusvika",
		body: "Etter vinteren ligger det mye søppel i fjæra ved badeplassen i Kvernhusvika: plast, tauverk, flasker og engangsgriller fra i fjor sommer.\n\n" +
			"Jeg foreslår en fast ryddedag hver vår før badesesongen, der kommunen stiller med sekker, hansker og henting av avfallet, og vi innbyggere stiller med folk. Vellet kan servere kaffe og vafler. Hold Norge Rent har opplegg for slike aksjoner: https://holdnorgerent.no",
		steps: []demoStep{
			demoAccept("Dette støtter vi gjerne. Kommunen stiller med sekker, hansker og klyper og henter avfallet etterpå, og vi setter opp en container ved parkeringsplassen. Vi foreslår en lørdag i mai, før badesesongen, og tar kontakt med vellet for å planlegge dagen sammen."),
		},
		comments: []demoComment{
			{by: demoMohammad, body: "Jeg og barna blir med!"},
			{by: demoEirik, body: "Kan vi òg få fleire søppeldunkar ved badeplassen om sommaren? Dei er fulle kvar helg."},
			{by: demoHilde, reply: 2, body: "God idé, Eirik. Jeg tar det med i planleggingen."},
		},
	},
	{
		by: demoAmina, lang: "nb", area: "0303", cat: "kultur-og-moteplasser", days: 20, supports: 7,
		title: "Språkkafé på Nordheia bydelshus",
		body: "Jeg kom til Fjordvik for fem år siden og lærte mye norsk på språkkafé i byen der jeg bodde først. Her på Nordheia bor mange som gjerne vil øve på norsk, men som ikke har noen å snakke med utenom kurset.\n\n" +
			"Jeg foreslår en språkkafé på bydelshuset én kveld i uka, med frivillige som liker å prate, kaffe og enkle spill. Norsk Folkehjelp og Røde Kors har lang erfaring med dette, og jeg vil gjerne være med og starte det.\n\n" +
			"Det handler ikke bare om språk, men om å bli kjent med naboene.",
		comments: []demoComment{
			{by: demoSolveig, body: "Eg er pensjonert lærar og stiller gjerne som frivillig."},
			{by: demoAmina, reply: 1, body: "Tusen takk, Solveig! Det betyr mye."},
			{by: demoMohammad, body: "Kan det være noe for barna samtidig? Da kan flere foreldre komme."},
			{by: demoAhmed, body: "Onsdag kveld passer bra for mange."},
		},
	},
	{
		by: demoThomas, lang: "nb", area: "0301", cat: "trafikk-og-sykkel", days: 190, supports: 11,
		title: "Gratis parkering i sentrum på lørdager",
		body: "Butikkene i Storgata sliter, og mange kjører heller til kjøpesenteret i nabokommunen der parkeringen er gratis. Jeg foreslår gratis parkering på kommunens plasser i sentrum på lørdager, i alle fall i en prøveperiode.\n\n" +
			"Det vil gi mer liv i sentrum og hjelpe de små butikkene.",
		steps: []demoStep{
			demoReject("Takk for forslaget og for engasjementet for handelen i sentrum. Vi har vurdert det grundig, men må si nei. Parkeringsinntektene betaler for drift og brøyting av plassene, og lørdag er allerede dagen da de er mest fulle. Gratis parkering vil gjøre det enda vanskeligere å finne en ledig plass for dem som skal handle.\n\n" +
				"I stedet blir første time gratis på Torvet fra neste måned, og sammen med Sentrumsforeningen lager vi flere sykkelparkeringer og bedre skilting fra bussterminalen. Vi følger med på hvordan det virker."),
		},
		comments: []demoComment{
			{by: demoGeir, body: "Enig. Jeg handler heller der jeg slipper å betale for parkering."},
			{by: demoFatima, body: "Men hva med oss som går eller tar bussen? Sentrum trenger færre biler, ikke flere."},
			{by: demoThomas, reply: 2, body: "Forstår det, men mange bor langt unna bussen."},
			{by: demoKari, deleted: true, body: "Vet noen om Torvet er kommunalt eller privat?"},
			{by: demoEmma, body: "Bedre busstilbud på lørdager hadde hjulpet mer."},
			{by: demoThomas, late: true, body: "Skuffet, men første time gratis er i alle fall et steg i riktig retning. Takk for et ordentlig svar."},
		},
	},
	{
		by: demoMette, lang: "da", area: "0302", cat: "parker-og-grontomrader", days: 230, supports: 6,
		title: "Hundeskov ved Havnebyen",
		body: "Jeg er flyttet hertil fra Aarhus, hvor vi havde en hundeskov få minutters gang fra lejligheden: et indhegnet område, hvor hundene kan løbe frit uden snor, og hvor hundeejerne mødes.\n\n" +
			"I Havnebyen er der mange hunde, men intet sted hvor de må løbe løs. Jeg foreslår at indhegne en del af det grønne område ved den gamle værftsgrund og sætte et par bænke og en affaldsspand op.",
		steps: []demoStep{
			demoReject("Tak for et godt og velbegrundet forslag. Vi må desværre sige nej til placeringen ved den gamle værftsgrund, fordi jorden er forurenet og skal renses, før området kan bruges til noget. Det vil tage mindst tre år.\n\n" +
				"Vi ser gerne på en anden placering, og parkafdelingen vil meget gerne mødes med dig og andre hundeejere for at finde et egnet sted. Du er velkommen til at stille et nyt forslag, når I har fundet et."),
		},
		comments: []demoComment{
			{by: demoSoren, body: "God idé. I Danmark er det helt almindeligt, og det fungerer rigtig godt."},
			{by: demoBirgitte, body: "Så længe der er et ordentligt hegn, er jeg glad. Jeg er lidt bange for store hunde."},
			{by: demoMette, late: true, body: "Ærgerligt, men forståeligt. Jeg tager gerne imod tilbuddet om et møde."},
		},
	},
	{
		by: demoSoren, lang: "da", area: "0305", cat: "trafikk-og-sykkel", days: 170, supports: 18,
		title: "Cykelparkering ved Lundevik station",
		body: "Hver morgen står der over 30 cykler ved Lundevik station, låst til hegn, lygtepæle og hinanden. Der er intet tag, og flere cykler er blevet stjålet i år.\n\n" +
			"Jeg foreslår en overdækket cykelparkering med stativer, hvor man kan låse rammen fast, og gerne et par ladepunkter til elcykler. Det vil gøre det meget lettere at cykle til toget i stedet for at tage bilen. Cyklistforbundet har gode råd om cykelparkering: https://www.cyklistforbundet.dk",
		steps: []demoStep{
			demoAccept("Tak for forslaget. Vi er enige i, at der mangler ordentlig cykelparkering ved stationen. Vi bygger en overdækket parkering til 60 cykler med rammelås og fire ladepunkter, og Bane NOR har givet os lov til at bruge arealet ved siden af perronen."),
			demoProgress(70, "Fundament og tag er på plads, og stativerne bliver monteret i næste uge. Ladepunkterne mangler stadig, fordi vi venter på tilslutning fra netselskabet."),
		},
		comments: []demoComment{
			{by: demoMette, body: "Ja tak! Min cykel blev stjålet der i foråret."},
			{by: demoBirgitte, body: "Husk også lys. Det er meget mørkt der om vinteren."},
			{by: demoSoren, reply: 2, body: "Godt punkt, Birgitte."},
			{by: demoMette, late: true, body: "Det ser rigtig godt ud allerede. Glæder mig til ladepunkterne."},
		},
	},
	{
		by: demoBirgitte, lang: "da", area: "0306", cat: "eldre", days: 15, supports: 4,
		title: "Fællesspisning for ældre i Bråtane",
		body: "Mange ældre i Bråtane bor alene og spiser alene hver dag. I Danmark, hvor jeg kommer fra, har mange byer fællesspisning i forsamlingshuset en gang om ugen, og det er en af de bedste ting ved at blive ældre der.\n\n" +
			"Jeg foreslår, at kommunen låner os lokalerne i Bråtane bydelshus en torsdag om måneden, og at hjemmeplejen hjælper med at fortælle om det. Vi kan selv stå for maden, hvis kommunen kan give lidt penge til råvarer i starten.",
		comments: []demoComment{
			{by: demoMette, body: "Skønt forslag, Birgitte. Min mor ville have elsket det."},
			{by: demoSoren, body: "Jeg hjælper gerne med at lave mad en gang imellem."},
		},
	},
	{
		by: demoEirik, lang: "nn", area: "0307", cat: "miljo-og-klima", days: 60, supports: 9,
		title: "Ladeskap for elsyklar ved Kvernhus skule",
		body: "Mange av oss som bur i Kvernhus syklar til jobb i Sentrum med elsykkel, men det er langt og bratt heim att, og batteriet held ikkje alltid. Ved skulen og idrettshallen er det stor parkeringsplass, men ingen stad å lade.\n\n" +
			"Eg foreslår nokre enkle ladeskap med lås, slik dei har fått til i fleire kommunar på Vestlandet. Det gjer det lettare å la bilen stå.",
		steps: []demoStep{
			demoReview("Takk for forslaget. Vi ser på om ladeskap kan koplast til det nye straumanlegget ved idrettshallen, og vi har bede om pris frå to leverandørar. Vi kjem tilbake med svar i løpet av våren."),
		},
		comments: []demoComment{
			{by: demoSolveig, body: "Godt forslag! Skap med lås er viktig, så ein kan la hjelmen og veska liggje."},
			{by: demoMohammad, body: "Støtter. Bakken opp fra Sentrum er tung på slutten av dagen."},
		},
	},
	{
		by: demoSolveig, lang: "nn", area: "0303", cat: "kultur-og-moteplasser", days: 90, supports: 5,
		title: "Lokalhistorisk vandring i Nordheia",
		body: "Nordheia var gardsbruk og utmark fram til 1960-talet, og mange veit ikkje at det låg eit teglverk der skulen står i dag. Historielaget har mange bilete og forteljingar som berre ligg i permar.\n\n" +
			"Eg foreslår skilt med bilete og tekst på fem–seks stader i bydelen, og ei kartløype som kan brukast både av skuleklassar og av oss andre. Historielaget hjelper gjerne til med tekstane.",
		comments: []demoComment{
			{by: demoAstrid, body: "Dette likar eg. Bestefar min arbeidde på teglverket."},
			{by: demoJonas, body: "Kan det være QR-koder på skiltene med flere gamle bilder?"},
			{by: demoSolveig, reply: 2, body: "Ja, det er ein god idé!"},
		},
	},
	{
		by: demoTomasz, lang: "nb", area: "0302", cat: "trafikk-og-sykkel", days: 140, supports: 3, withdraw: true,
		title: "Fartshumper i Strandgata",
		body:  "Strandgata er blitt en snarvei for mye trafikk mellom fergekaia og E39, og mange kjører altfor fort forbi barnehagen. Jeg foreslår to–tre fartshumper og skilt om 30-sone.",
		comments: []demoComment{
			{by: demoEmma, body: "Enig, det kjøres vilt der om kveldene."},
			{by: demoGeir, body: "Strandgata er vel fylkesvei? Da er det fylkeskommunen som må gjøre noe, ikke kommunen."},
			{by: demoTomasz, reply: 2, body: "Takk, Geir, det visste jeg ikke. Jeg trekker forslaget her og sender det til fylkeskommunen i stedet."},
		},
	},
	{
		by: demoPriya, lang: "en", area: "0301", cat: "kultur-og-moteplasser", days: 25, supports: 6,
		title: "Practical information for newcomers in English",
		body: "I moved to Fjordvik two years ago to work at the hospital. Like many colleagues from abroad, I found it hard to figure out simple things: how waste sorting works, how to apply for kindergarten, how to book the community hall, when the swimming pool is open for families.\n\n" +
			"I suggest a short welcome page on the municipality's website in English (and perhaps Polish and Arabic), and a welcome evening at the library twice a year. Many of us would love to get involved in the community, but we need to know where to start.",
		comments: []demoComment{
			{by: demoTomasz, body: "Yes, please. Waste sorting took me half a year to understand."},
			{by: demoAmina, body: "Arabic would help many families in Nordheia too."},
			{by: demoPriya, reply: 2, body: "Absolutely, thank you for adding that."},
			{by: demoAlex, body: "Happy to help with the Norwegian side if needed."},
		},
	},
	{
		by: demoMarta, lang: "nb", area: "0305", cat: "barn-og-unge", days: 40, supports: 15,
		title: "Skygge på lekeplassen i Lundevik",
		body: "Lekeplassen ved Lundevik torg ble fin etter oppussingen, men det er ikke et eneste tre eller tak der. I sommer var sklia så varm at barna brente seg, og vi foreldre satt i stekende sol hele ettermiddagen.\n\n" +
			"Jeg foreslår å plante noen trær og sette opp et solseil over sandkassa og benkene, så lekeplassen kan brukes også på varme dager.",
		comments: []demoComment{
			{by: demoNina, body: "Så enig. Vi drar hjem etter ti minutter når sola steker."},
			{by: demoIngrid, body: "Trær er fint på sikt, men et solseil kan komme opp allerede til sommeren."},
			{by: demoMarta, reply: 2, body: "Ja, begge deler hadde vært best!"},
		},
	},
	{
		by: demoGeir, lang: "nb", area: "0301", cat: "universell-utforming", days: 240, supports: 21,
		title: "Trinnfri inngang til kulturhuset",
		body: "Hovedinngangen til Fjordvik kulturhus har seks trappetrinn og en tung dør. Rullestolbrukere må gå rundt bygget til varemottaket og ringe på, og det samme gjelder dem med barnevogn eller rullator.\n\n" +
			"Jeg foreslår en rampe ved hovedinngangen og automatisk døråpner. Alle skal kunne komme inn samme vei på konsert og kino.",
		steps: []demoStep{
			demoAccept("Du har helt rett, dette er ikke godt nok. Vi har fått tegnet en rampe langs fasaden med rekkverk på begge sider og automatisk døråpner, og arbeidet er tatt inn i budsjettet for neste år."),
			demoProgress(20, "Byggesøknaden er godkjent, og arbeidet er lyst ut på anbud. Vi regner med oppstart om seks uker."),
			demoProgress(60, "Døråpneren er montert, og rampen er støpt. Rekkverk og varmekabler kommer på plass i løpet av de neste ukene. Fram til da er inngangen gjennom varemottaket bedre skiltet."),
		},
		comments: []demoComment{
			{by: demoRandi, body: "Mannen min sitter i rullestol, og vi har sluttet å gå på kino på grunn av dette. Takk for at du tar det opp."},
			{by: demoAlex, body: "Automatisk dør er bra for alle, også når man bærer instrumenter."},
			{by: demoKari, body: "Husk kontrastmarkering på kanten av rampen for dem som ser dårlig."},
			{by: demoGeir, reply: 3, body: "Viktig, Kari!"},
			{by: demoRandi, late: true, body: "Så fint å se at det skjer noe. Vi gleder oss til første kinokveld!"},
		},
	},
	{
		by: demoEmma, lang: "nb", area: "0302", cat: "miljo-og-klima", days: 10, supports: 2,
		title: "Byttemarked for klær i Havnebyen",
		body: "Jeg vil gjerne arrangere byttemarked for klær og sko to ganger i året, før sommeren og før vinteren. Alle tar med det de ikke bruker, og tar med seg hjem det de trenger.\n\n" +
			"Jeg trenger bare et lokale med noen stativer og bord, for eksempel kantina på Havnebyen skole en lørdag. Det som blir igjen, kan gis til Fretex.",
		comments: []demoComment{
			{by: demoAlex, body: "Dette blir jeg med på!"},
		},
	},
	{
		by: demoPer, lang: "nb", area: "0304", cat: "miljo-og-klima", days: 270, supports: 8,
		title: "Henting av hageavfall hjemme om våren",
		body: "Mange i Solbakken har store hager, men ikke alle har bil eller henger til å kjøre hageavfall til gjenvinningsstasjonen. Resultatet er at folk brenner det eller dumper greiner i skogkanten.\n\n" +
			"Jeg foreslår at kommunen henter hageavfall ved veien én gang om våren og én gang om høsten, slik de gjør i flere nabokommuner.",
		steps: []demoStep{
			demoReject("Takk for forslaget, Per. Vi har regnet på henting hjemme hos alle, og det ville koste rundt 1,8 millioner kroner i året, som måtte dekkes av renovasjonsgebyret til alle husstander. Det kan vi dessverre ikke forsvare.\n\n" +
				"I stedet setter vi ut containere for hageavfall på fire steder i kommunen, blant annet ved Solbakken grendehus, to helger om våren og to om høsten. Datoene kommer i tømmekalenderen."),
		},
		comments: []demoComment{
			{by: demoRandi, body: "Det ville vært til stor hjelp for oss som er litt eldre."},
			{by: demoThomas, body: "Containere i nærheten hadde også gjort susen."},
			{by: demoPer, late: true, body: "Containerne ved grendehuset var et godt alternativ. Takk."},
		},
	},
	{
		by: demoNina, lang: "nb", area: "0305", cat: "barn-og-unge", days: 55, supports: 12,
		title: "Åpen gymsal for småbarnsfamilier på søndager",
		body: "Om vinteren er det vanskelig å finne steder der småbarn kan løpe og leke inne uten at det koster penger. Gymsalen på Lundevik skole står tom på søndager.\n\n" +
			"Jeg foreslår åpen gymsal søndager fra 11 til 14 for barn under skolealder sammen med foreldrene. Vi foreldre kan stå for ryddingen og ta med baller og matter selv om det trengs.",
		steps: []demoStep{
			demoReview("Vi er positive og ser nå på hvem som kan låse opp og stenge, og om forsikringen dekker aktiviteter uten kommunalt ansatte til stede. Vi svarer innen utgangen av måneden."),
		},
		comments: []demoComment{
			{by: demoMarta, body: "Supert! Vi har tvillinger på tre, de trenger å få ut energi."},
			{by: demoNina, reply: 1, body: "Da blir vi minst to familier, Marta!"},
			{by: demoIngrid, body: "Kanskje idrettslaget har noen som kan stille som vakt?"},
		},
	},
	{
		by: demoAlex, lang: "nb", area: "0302", cat: "kultur-og-moteplasser", days: 8, supports: 1,
		title: "Øvingsrom for band",
		body: "Det finnes ikke et eneste øvingsrom for band i Fjordvik. Vi som spiller, må øve i garasjer og kjellere, og naboene blir naturlig nok lei.\n\n" +
			"Kjelleren under kulturhuset står nesten tom. Med litt lydisolering kan den bli to øvingsrom som leies ut billig per time, slik mange kulturhus gjør.",
	},
	{
		by: demoMohammad, lang: "nb", area: "0307", cat: "trafikk-og-sykkel", days: 300, supports: 15,
		title: "Lys på stien mellom Kvernhus og skolen",
		body: "Snarveien fra Kvernhus ned til Nordheia skole brukes av mange skolebarn, men den er helt mørk fra oktober til mars. Barna velger derfor å gå langs bilveien, som er farligere.\n\n" +
			"Jeg foreslår gatelys langs stien, som er omtrent 400 meter lang.",
		steps: []demoStep{
			demoAccept("Takk for forslaget. Vi har gått over stien og setter opp tolv LED-lamper med bevegelsessensor, slik at lyset blir sterkere når noen går der. Arbeidet blir gjort før mørketida."),
			demoImplement("Lysene langs stien er satt opp og slått på. Gi gjerne beskjed til driftsavdelingen hvis du ser at et lys ikke virker."),
		},
		comments: []demoComment{
			{by: demoHilde, body: "Endelig! Jeg har kjørt datteren min hver morgen fordi stien er så mørk."},
			{by: demoEirik, body: "Bra med sensor, så slepp vi lys heile natta."},
			{by: demoMohammad, late: true, body: "Barna går stien igjen. Tusen takk til kommunen!"},
		},
	},
	{
		by: demoAssisted, channel: ChannelPaper, born: 1950, gender: "male",
		lang: "nb", area: "0308", cat: "eldre", days: 30, supports: 3,
		title: "Bokbussen må komme tilbake til Skjærgården",
		body: "Levert på papir på biblioteket og skrevet av her:\n\n" +
			"«Bokbussen sluttet å stoppe ved butikken i Skjærgården for to år siden. Vi er mange eldre her ute som ikke kjører bil lenger, og båten går bare tre ganger om dagen. Bokbussen var det eneste biblioteket vi hadde. Kan den komme igjen, om så bare én gang i måneden?»",
		comments: []demoComment{
			{by: demoOle, body: "Dette kan jeg skrive under på. Vi savner bokbussen her ute."},
			{by: demoRandi, body: "Støtter. Kanskje biblioteket kan sende bøker med båten også?"},
		},
	},
	{
		by: demoEirik, lang: "nn", area: "0307", cat: "kultur-og-moteplasser", days: 160, supports: 4, withdraw: true,
		title: "Flytt julemarknaden til Kvernhus",
		body:  "Julemarknaden har i mange år vore på Torget i Sentrum. Eg foreslår at han vert flytta til den gamle kvernhusgarden eitt år, så fleire bydelar får vere vertskap og fleire får eit tilbod i nærleiken.",
		comments: []demoComment{
			{by: demoHilde, body: "Hva med heller et eget lite julemarked i Kvernhus i tillegg?"},
			{by: demoEirik, reply: 1, body: "Det er eigentleg betre. Eg trekkjer dette forslaget og tek det opp med velet i staden."},
		},
	},
	{
		by: demoRandi, lang: "nb", area: "0304", cat: "eldre", days: 110, supports: 20,
		title: "Trim for seniorer i Solbakkparken",
		body: "Mange av oss over 70 vil gjerne holde oss i form, men treningssenteret er dyrt og litt skummelt. Jeg foreslår en fast trimgruppe ute i Solbakkparken to formiddager i uka, med fysioterapeut eller instruktør de første gangene.\n\n" +
			"Det trengs ikke mer enn noen enkle apparater ved gangveien og en fast tid å møtes. Det er like mye sosialt som trening.",
		steps: []demoStep{
			demoAccept("Dette passer godt med kommunens plan for aktive eldre. Fysioterapitjenesten starter trimgruppe i Solbakkparken tirsdager og torsdager klokka 10 fra neste måned, og vi setter opp fire enkle treningsapparater langs gangveien i løpet av sommeren."),
		},
		comments: []demoComment{
			{by: demoAstrid, body: "Eg er med frå første dag!"},
			{by: demoPer, body: "Kan vi være inne i grendehuset når det regner?"},
			{by: demoRandi, reply: 2, body: "Godt spørsmål, Per. Det tar vi opp."},
			{by: demoOle, body: "Går det en buss dit, kommer jeg fra Skjærgården også."},
		},
	},
	{
		by: demoKari, lang: "nb", area: "0301", cat: "universell-utforming", days: 12, supports: 9,
		title: "Bedre skilting til offentlige toaletter i sentrum",
		body: "Det finnes tre offentlige toaletter i sentrum, men det er nesten umulig å finne dem. Det er ingen skilt fra Torvet eller fra bussterminalen, og toalettet i kulturhuset har bare en liten lapp på døra.\n\n" +
			"Jeg foreslår tydelige skilt med symboler, og at toalettene legges inn i kommunens kart på nettet med åpningstider og opplysning om hvilke som er tilrettelagt for rullestol.",
		comments: []demoComment{
			{by: demoGeir, body: "Ja! Særlig viktig for eldre og barnefamilier."},
			{by: demoFatima, body: "Og stellerom! Det er bare ett i hele sentrum."},
		},
	},
	{
		by: demoAssisted, channel: ChannelMeeting, born: 2010, gender: "male",
		lang: "nb", area: "0306", cat: "barn-og-unge", days: 50, supports: 11,
		title: "Ny ballbinge i Bråtane",
		body: "Registrert på folkemøtet i Bråtane bydelshus. Flere ungdommer tok det opp, og en av dem ba om at det ble skrevet inn som forslag:\n\n" +
			"Ballbingen ved Bråtane skole har råtne vant, hull i kunstgresset og ingen lys. Det er den eneste plassen i bydelen der man kan spille fotball om kvelden. Vi ønsker nye vant, nytt dekke og lys som står på til klokka 22.",
		comments: []demoComment{
			{by: demoJonas, body: "Den på Nordheia ble pusset opp i fjor og brukes hele tiden. Bråtane fortjener det samme."},
			{by: demoNina, body: "Barna mine sier det er farlig å spille der nå."},
		},
	},
	{
		by: demoPer, lang: "nb", area: "0304", cat: "trafikk-og-sykkel", days: 5,
		title: "Sykkelfelt i Solbakkveien",
		body:  "Solbakkveien er den raskeste veien inn til sentrum på sykkel, men den er smal og har mye tungtrafikk. Jeg foreslår å male sykkelfelt i begge retninger og fjerne gateparkeringen på den ene siden, der det uansett står få biler.",
	},
	{
		by: demoMette, lang: "da", area: "0302", cat: "miljo-og-klima", days: 65, supports: 10,
		title: "Affaldsspande med sortering på havnepromenaden",
		body: "Om sommeren er affaldsspandene på havnepromenaden fyldt allerede lørdag eftermiddag, og måger og vind spreder resten ud over kajen og ned i vandet.\n\n" +
			"Jeg foreslår større spande med låg, så mågerne ikke kan komme til, og med sortering af plast, pant og restaffald. I København har de gode erfaringer med spande, der komprimerer affaldet og sender besked, når de skal tømmes.",
		steps: []demoStep{
			demoReview("Tak for forslaget. Vi er i gang med at undersøge priser på spande med låg og sortering, og vi afprøver to forskellige typer på promenaden i sommer. Vi vender tilbage, når vi har set, hvordan de fungerer."),
		},
		comments: []demoComment{
			{by: demoSoren, body: "Godt set. Mågerne ved havnen er helt vilde om sommeren."},
			{by: demoBirgitte, body: "Og husk en holder til pantflasker, så andre kan få glæde af dem."},
		},
	},
	{
		by: demoAstrid, lang: "nn", area: "0304", cat: "eldre", days: 18, supports: 6,
		title: "Buss til helsehuset på dagtid",
		body: "Helsehuset ligg oppe i lia over Solbakken, og bussen går berre forbi om morgonen og ettermiddagen. Vi som har time midt på dagen, må bestille drosje eller be nokon om skyss.\n\n" +
			"Eg foreslår at servicebussen køyrer ein fast runde til helsehuset kvar time mellom klokka 10 og 14 på kvardagar.",
		comments: []demoComment{
			{by: demoRandi, body: "Ja, dette trengs. Drosje fram og tilbake koster nesten 400 kroner."},
			{by: demoSolveig, body: "Heilt einig. Det gjeld òg dei som skal besøkje nokon på sjukeheimen."},
		},
	},
	{
		by: demoTomasz, lang: "en", area: "0302", cat: "barn-og-unge", days: 70, supports: 5,
		title: "A classroom on Saturdays for the Polish school",
		body: "About twenty children in Fjordvik attend a Polish Saturday school run by volunteer parents. Right now we rent a room from a church in the next town, and many families cannot drive there every week.\n\n" +
			"We would like to rent a classroom at Havnebyen school on Saturday mornings. We will of course clean up after ourselves, and other language groups are welcome to use it too.",
		comments: []demoComment{
			{by: demoMarta, body: "My daughter would love this. The drive every Saturday is long."},
			{by: demoPriya, body: "Great idea. Mother tongue lessons matter so much."},
		},
	},
	{
		by: demoSoren, lang: "da", area: "0305", cat: "kultur-og-moteplasser", days: 250, supports: 13,
		title: "Loppemarked på Lundevik torv",
		body: "Jeg savner de loppemarkeder, vi havde hver søndag i min gamle by i Danmark. Folk sælger ting fra bagagerummet eller fra et bord, og hele kvarteret mødes.\n\n" +
			"Jeg foreslår et loppemarked på Lundevik torv den første søndag i måneden fra maj til september. Kommunen behøver bare at give tilladelse, låne os nogle borde og sørge for en affaldscontainer.",
		steps: []demoStep{
			demoAccept("Tak for et hyggeligt forslag. Torvet kan bruges den første søndag i måneden fra maj til september, og kommunen sørger for borde og en container. Lundevik Vel vil gerne stå for kaffesalget."),
			demoImplement("Det første loppemarked blev holdt med over 40 stande, og datoerne for resten af sæsonen står i arrangementskalenderen. Tak for initiativet, Søren!"),
		},
		comments: []demoComment{
			{by: demoMette, body: "Jeg kommer med alle de børnebøger, mine børn er vokset fra."},
			{by: demoBirgitte, body: "Dejligt! Jeg tager bussen derud."},
			{by: demoSoren, late: true, body: "Sikke en dag. Tak til alle, der kom, og til Lundevik Vel for kaffen."},
		},
	},
	{
		by: demoThomas, lang: "nb", area: "0304", cat: "parker-og-grontomrader", days: 180, supports: 10, withdraw: true,
		title: "Hundeluftegård i Solbakken",
		body:  "Det er mange hunder i Solbakken, og i parken er det båndtvang hele året. Jeg foreslår en inngjerdet luftegård ved ballbingen, der hundene kan løpe fritt.",
		comments: []demoComment{
			{by: demoPer, body: "Støtter. Da slipper vi løse hunder i lekeparken."},
			{by: demoThomas, body: "Oppdatering: Solbakken hundeklubb har fått leie en tomt av en grunneier og lager luftegården selv. Da trekker jeg dette forslaget. Takk for støtten!"},
		},
	},
	{
		by: demoHilde, lang: "nb", area: "0307", cat: "eldre", days: 28, supports: 12,
		title: "Besøksvenn i Kvernhus",
		body: "Mange eldre i Kvernhus bor alene og får sjelden besøk. Røde Kors har besøkstjeneste i sentrum, men ikke her hos oss.\n\n" +
			"Jeg foreslår at kommunen og frivilligsentralen sammen starter en besøksvennordning i Kvernhus, der frivillige besøker en eldre nabo en time i uka. Mer om besøkstjenesten: https://www.rodekors.no",
		comments: []demoComment{
			{by: demoMohammad, body: "Jeg kan være besøksvenn. Jeg har god tid på ettermiddagene."},
			{by: demoHilde, reply: 1, body: "Tusen takk, Mohammad!"},
			{by: demoEirik, body: "Mor mi hadde sett pris på dette."},
		},
	},
	{
		by: demoFatima, lang: "nb", area: "0301", cat: "barn-og-unge", days: 38, supports: 7,
		title: "Leksehjelp på biblioteket for ungdomsskoleelever",
		body: "Mange ungdomsskoleelever har ingen hjemme som kan hjelpe dem med matte og norsk. Jeg foreslår gratis leksehjelp på biblioteket to ettermiddager i uka, med frivillige studenter og pensjonerte lærere.\n\n" +
			"Biblioteket har allerede rom og nett. Det som mangler, er noen som organiserer det.",
		steps: []demoStep{
			demoReview("Vi har hatt et første møte med biblioteket og frivilligsentralen og ser nå på om vi kan starte en prøveordning etter nyttår. Vi trenger frivillige, så meld deg gjerne i skranken på biblioteket."),
		},
		comments: []demoComment{
			{by: demoSolveig, body: "Eg stiller gjerne ein ettermiddag i veka."},
			{by: demoAmina, body: "Dette hadde hjulpet broren min mye."},
		},
	},
	{
		by: demoSolveig, lang: "nn", area: "0303", cat: "trafikk-og-sykkel", days: 210, supports: 10,
		title: "Gatetun i Heiavegen",
		body: "Den øvste delen av Heiavegen er ein blindveg med tolv hus og mange born. Eg foreslår at han vert gjord om til gatetun, der borna kan leike i gata og bilane må køyre i gangfart.\n\n" +
			"Det krev skilt og litt oppmerking, men lite anna.",
		steps: []demoStep{
			demoReject("Takk for forslaget, Solveig. Vi har sett på saka, men Heiavegen er einaste tilkomstveg for renovasjonsbilen og brøytebilen til bustadene ovanfor, og eit gatetun krev fartsdempande tiltak som desse bilane ikkje kjem forbi. Det kan vi diverre ikkje forsvare no.\n\n" +
				"Vi set i staden opp skilt med «Born leikar» og tek vegen med i trafikktryggingsplanen, som skal rullerast neste år."),
		},
		comments: []demoComment{
			{by: demoAhmed, body: "Dette hadde vært fint for barna i gata."},
			{by: demoAstrid, late: true, body: "Synd, men skilta hjelper kanskje litt."},
		},
	},
	{
		by: demoJonas, lang: "nb", area: "0303", cat: "barn-og-unge", days: 3, supports: 1,
		title: "Skatepark ved idrettshallen",
		body: "Vi er mange som står på skateboard og sparkesykkel på Nordheia, men det eneste stedet vi kan være, er parkeringsplassen ved butikken, og der blir vi jaget bort.\n\n" +
			"Bak idrettshallen er det en flat asfaltplass som nesten aldri brukes. Med noen ramper og rails kan den bli en skatepark. Vi er med og bygger.",
	},
	{
		by: demoIngrid, lang: "nb", area: "0302", cat: "parker-og-grontomrader", days: 190, supports: 16,
		title: "Toalett og dusj ved badeplassen på Kvitsand",
		body: "Kvitsand er den mest brukte badeplassen i kommunen, og på fine sommerdager er det flere hundre mennesker der. Likevel finnes det bare én utedo, som er full og stengt halve sommeren.\n\n" +
			"Jeg foreslår et lite servicebygg med to toaletter, der det ene er tilrettelagt for rullestol, og en utedusj for å skylle av seg saltvannet. Det vil også gjøre det enklere å holde området rent.",
		steps: []demoStep{
			demoAccept("Takk for forslaget. Vi har lenge visst at Kvitsand trenger bedre fasiliteter, og støtten til forslaget ditt viser at mange er enige. Vi bygger et servicebygg med to toaletter, det ene universelt utformet, og utedusj. Prosjektet er tatt inn i budsjettet."),
			demoProgress(30, "Vann og avløp er lagt fram til tomta. Bygget lages som en ferdig modul og blir satt på plass i løpet av våren."),
			demoProgress(80, "Servicebygget står på plass, og toalettene er koblet til. Nå gjenstår utedusjen og en fast gangvei fram til bygget, som blir ferdig før badesesongen."),
		},
		comments: []demoComment{
			{by: demoEmma, body: "Ja takk! Både toalett og dusj."},
			{by: demoKari, body: "Husk stellebord på det universelle toalettet."},
			{by: demoIngrid, reply: 2, body: "Godt poeng, Kari!"},
			{by: demoTomasz, body: "Kanskje også en vannpost med drikkevann?"},
		},
	},
	// Raised at neighbourhood meetings and linked to them by the meetings'
	// seed (see demoMeetings).
	{
		by: demoAssisted, channel: ChannelMeeting, born: 1950, gender: "female",
		lang: "nb", area: "0304", cat: "trafikk-og-sykkel", days: 47, supports: 4,
		title: "Nedsenket fortauskant ved Solbakken senter",
		body: "Registrert på nabolagsmøtet i Solbakken grendehus, på vegne av deltakerne:\n\n" +
			"Fortauskanten ved inngangen til Solbakken senter er for høy for rullator og rullestol. Vi ber om at den senkes, og at det kommer en benk ved busslommen.",
	},
	{
		by: demoAssisted, channel: ChannelMeeting, born: 1941, gender: "female",
		lang: "nb", area: "0308", cat: "eldre", days: 19,
		title: "Benk med le ved brygga på Skjærgården",
		body: "Registrert på formiddagstreffet på Skjærgården:\n\n" +
			"Vi venter ofte lenge på båten i vind og regn. En benk med tak eller le ved brygga ville gjort ventetiden tryggere for oss som er eldre.",
	},
	{
		by: demoAssisted, channel: ChannelMeeting, born: 2009, gender: "male",
		lang: "nb", area: "0305", cat: "barn-og-unge", days: 2, supports: 3,
		title: "Gapahuk ved Lundevikvannet",
		body: "Registrert på stemmemøtet om innbyggerbudsjettet på Lundevik skole. Ungdommene ba om at det ble skrevet inn som forslag:\n\n" +
			"Vi vil ha et sted å møtes ute som ikke er kjøpesenteret. En gapahuk med bålplass ved Lundevikvannet ville blitt brukt hele året.",
	},
}
