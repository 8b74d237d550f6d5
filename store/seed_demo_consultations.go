package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// SeedDemoConsultations gives Fjordvik three consultations, one at each stage
// residents meet:
//
//   - "Hva skal til for at du trives i nabolaget ditt?", open for input
//     (statements and free text, in nb, nn, da and en), with voting later;
//   - "Innbyggerbudsjett 2027", in its voting phase: a participatory budget
//     of 1 500 000 kroner and a single-choice question, with web ballots,
//     the tally of a neighbourhood meeting and paper ballots;
//   - "Ny skolestruktur i nord", closed with its results published: some
//     300 ballots on the web, on paper and at two meetings, whose answers
//     differ by area, with free-text answers of which a moderator hid one.
//     Its texts have no English, so the missing-language note shows.
//
// Paper and meeting ballots are tallied in piles by the age group and
// gender the voters ticked (a few left them blank), so the ledger knows the
// segment of nearly every participant. Who answered is chosen so that the
// demo's whole history is visibly skewed, as real participation is: Bråtane
// and Skjærgården, and the youngest (16-19) and oldest (80+) residents, are
// heard much less than their share (see TestDemoHistoryIsSkewed).
//
// Everything goes through the store's rules (creating, publishing, casting,
// tallying, moderating, closing and publishing results); only the calendar
// and the times of the rows are moved afterwards, as seedDemoProposals does.
// About 110 residents with consented profiles are added to vote. The demo
// resident has voted in the closed consultation, not in the open ones, so
// that she can try. The other demo residents of seedDemoProposals do not
// vote: SeedDemoContent seeds the proposals and the consultations side by
// side (each dates only the accounts it made), so they may not exist yet.
// Only in SeedDemoContent, a few residents of the meetings' seed answered
// the school consultation on the web too (demoSchoolGuests), so that every
// area and age group answered it often enough for its results to be
// weighted to the population; standing alone this seed has no such guests.
// ballotKey is BALLOT_KEY: the two consultations that are still open keep
// their voter links under it, so their voters can see and change their
// ballots.
//
// The content of every ballot is the same on every run; receipt codes and
// ballot ids are random, as always. A municipality that already has
// consultations is refused with ErrConflict.
func (s *Store) SeedDemoConsultations(ctx context.Context, m *Municipality, passwordHash string, ballotKey []byte) error {
	return s.seedDemoConsultations(ctx, m, passwordHash, ballotKey, nil)
}

// seedDemoConsultations is SeedDemoConsultations. When guestsMade is not
// nil, it is called before the school consultation's ballots are planned
// and waits until the meetings' seed has made its residents' accounts; if
// it reports that they exist, demoSchoolGuests vote in the school
// consultation on the web too (SeedDemoContent). Standing alone, the seed
// makes no use of other seeds' accounts.
func (s *Store) seedDemoConsultations(ctx context.Context, m *Municipality, passwordHash string, ballotKey []byte, guestsMade func() bool) error {
	if len(ballotKey) == 0 {
		return errors.New("seed demo consultations: the ballot key (BALLOT_KEY) is empty")
	}
	var existing int
	if err := s.db.GetContext(ctx, &existing, `SELECT count(*) FROM consultations WHERE municipality_id = $1`, m.ID); err != nil {
		return fmt.Errorf("seed demo consultations: %w", err)
	}
	if existing > 0 {
		return fmt.Errorf("seed demo consultations: %s already has consultations: %w", m.Name, ErrConflict)
	}
	d, err := s.newDemoVoting(ctx, m, ballotKey)
	if err != nil {
		return fmt.Errorf("seed demo consultations: %w", err)
	}
	// The panel's accounts and the consultations do not depend on each
	// other: make them at the same time. The consultations are created
	// oldest first, so that their ids follow the calendar.
	var schools, budget, neighbourhood *demoPlan
	err = demoParallel(2, func(i int) error {
		if i == 0 {
			return d.createPanel(ctx, passwordHash)
		}
		var err error
		if schools, err = d.createSchools(ctx); err != nil {
			return fmt.Errorf("school consultation: %w", err)
		}
		if budget, err = d.createBudget(ctx); err != nil {
			return fmt.Errorf("participatory budget: %w", err)
		}
		if neighbourhood, err = d.createNeighbourhood(ctx); err != nil {
			return fmt.Errorf("neighbourhood consultation: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed demo consultations: %w", err)
	}
	if guestsMade != nil && guestsMade() {
		if err := d.findGuests(ctx); err != nil {
			return fmt.Errorf("seed demo consultations: %w", err)
		}
	}
	d.planSchools(schools)
	d.planBudget(budget)
	d.planNeighbourhood(neighbourhood)
	plans := []*demoPlan{schools, budget, neighbourhood}
	if err := d.vote(ctx, plans); err != nil {
		return fmt.Errorf("seed demo ballots: %w", err)
	}
	if err := d.closeSchools(ctx, schools); err != nil {
		return fmt.Errorf("seed demo school consultation: %w", err)
	}
	if err := d.backdate(ctx, plans); err != nil {
		return fmt.Errorf("seed demo consultations: %w", err)
	}
	return nil
}

// demoVoting is what the consultations of the demo are seeded with.
type demoVoting struct {
	s         *Store
	m         *Municipality
	key       []byte
	loc       *time.Location
	now       time.Time
	today     time.Time // as Today returns it
	official  int64
	moderator int64
	areas     map[string]int64 // area code -> id
	// voters are the residents who vote: the demo resident first, then the
	// panel.
	voters []demoVoter
	panel  []demoPanelMember
	// guests are the demoSchoolGuests, when the meetings' seed has made
	// them: they vote only in the school consultation.
	guests []demoVoter
}

// demoVoter is a resident with a consented profile.
type demoVoter struct {
	id     int64
	area   string // area code
	born   int
	gender string
	signIn bool // the demo resident everybody signs in as
}

// demoPanelMember is a resident the seed creates to vote, with how long
// ago their account was made.
type demoPanelMember struct {
	id      int64
	daysAgo int
}

// demoPlan is a consultation and what happens to it.
type demoPlan struct {
	id        int64
	questions []Question
	web       []demoWebVote
	paper     []demoPaperVote
	tallies   []demoTally
	hide      string // the free-text answer a moderator hides

	// The calendar the consultation ends up with, and when things happened.
	dates                     ConsultationInput
	created, published        time.Time
	closed, results, hiddenAt time.Time // zero when it did not happen
	paperFrom                 time.Time // paper ballots were cast from this day...
	paperDays                 int       // ...for this many days

	// What vote gathers for backdate, in the order the ballots were cast.
	paperCodes  []string // receipts of the paper ballots
	paperCastOn []time.Time
	webHashes   [][]byte
	webCastOn   []time.Time
	webUsers    []int64
	webTimes    []time.Time
	tallyTimes  []time.Time
}

// demoWebVote is a ballot a resident casts on the web.
type demoWebVote struct {
	voter  demoVoter
	at     time.Time
	ballot BallotInput
}

// demoPaperVote is a ballot an official enters one by one: on paper, or
// filled in with a resident at the service desk (assisted).
type demoPaperVote struct {
	seg     Segment
	channel string
	at      time.Time
	ballot  BallotInput
}

// demoTally is a count of paper or meeting ballots.
type demoTally struct {
	in TallyInput
	at time.Time
}

func (s *Store) newDemoVoting(ctx context.Context, m *Municipality, key []byte) (*demoVoting, error) {
	d := &demoVoting{s: s, m: m, key: key, loc: m.Location(), now: time.Now(), areas: map[string]int64{}}
	d.today = Today(d.loc, d.now)
	areas, err := s.Areas(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range areas {
		d.areas[a.Code] = a.ID
	}
	for _, t := range demoSchoolTurnout {
		if d.areas[t.area] == 0 {
			return nil, fmt.Errorf("area %s is missing: %w", t.area, ErrNotFound)
		}
	}
	codes := make(map[int64]string, len(areas))
	for _, a := range areas {
		codes[a.ID] = a.Code
	}
	for _, a := range DemoAccounts {
		u, err := s.UserByEmail(ctx, m.ID, a.Email)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		switch a.Role {
		case RoleOfficial:
			d.official = u.ID
		case RoleModerator:
			d.moderator = u.ID
		case RoleResident:
			v, err := d.voter(ctx, u.ID, codes)
			if err != nil {
				return nil, err
			}
			v.signIn = true
			d.voters = append(d.voters, v)
		}
	}
	return d, nil
}

// voter reads a resident's profile.
func (d *demoVoting) voter(ctx context.Context, userID int64, codes map[int64]string) (demoVoter, error) {
	p, err := d.s.ProfileOf(ctx, d.m.ID, userID)
	if err != nil {
		return demoVoter{}, fmt.Errorf("profile of resident %d: %w", userID, err)
	}
	return demoVoter{id: userID, area: codes[p.AreaID.Int64], born: int(p.BirthYear.Int32), gender: p.Gender.String}, nil
}

// createPanel creates the residents who vote in the demo besides the demo
// residents: as many in each area as vote there on the web in the school
// consultation, with profiles that lean to working age, as web voters do.
func (d *demoVoting) createPanel(ctx context.Context, passwordHash string) error {
	r := rand.New(rand.NewPCG(2027, 1))
	taken := map[string]bool{}
	for _, a := range DemoAccounts {
		taken[a.Email] = true
	}
	for _, res := range demoResidents {
		taken[res.email] = true
	}
	var people []NewUser
	var areas []string
	for _, t := range demoSchoolTurnout {
		for range t.web {
			n := demoPanelResident(r, t.area, d.today.Year(), d.areas[t.area], taken)
			people = append(people, n)
			areas = append(areas, t.area)
		}
	}
	d.panel = make([]demoPanelMember, len(people))
	for i := range d.panel {
		// Accounts made between two months and a year and a bit ago, before
		// the school consultation opened.
		d.panel[i].daysAgo = 60 + r.IntN(340)
	}
	for i := range people {
		people[i].PasswordHash = passwordHash
	}
	err := demoParallel(len(people), func(i int) error {
		u, err := d.s.CreateUser(ctx, d.m.ID, people[i])
		if err != nil {
			return fmt.Errorf("panel resident %s: %w", people[i].Email, err)
		}
		d.panel[i].id = u.ID
		return nil
	})
	if err != nil {
		return err
	}
	for i, n := range people {
		d.voters = append(d.voters, demoVoter{id: d.panel[i].id, area: areas[i],
			born: int(n.Profile.BirthYear.Int32), gender: n.Profile.Gender.String})
	}
	return nil
}

// demoSchoolGuests are residents whom the meetings' seed makes
// (demoMeetingResidents, by the local part of their email) and who also
// answered the school consultation on the web: islanders of Skjærgården,
// three of them over 80, and two teenagers from Lundevik. They are already
// in the ledger for their meetings, so their ballots do not change the
// whole history's skew, but without them the school consultation would have
// so few answers from Skjærgården, from 16-19 and from 80+ that its results
// could not be weighted (see TestDemoSchoolResultsAreWeighted).
var demoSchoolGuests = []string{"margit.eide", "olav.naess", "berit.sand", "jorunn.aune", "sebastian.fjeld", "ida.hovland"}

// findGuests reads the profiles of demoSchoolGuests.
func (d *demoVoting) findGuests(ctx context.Context) error {
	codes := make(map[int64]string, len(d.areas))
	for code, id := range d.areas {
		codes[id] = code
	}
	for _, local := range demoSchoolGuests {
		u, err := d.s.UserByEmail(ctx, d.m.ID, local+"@fjordvik.example")
		if err != nil {
			return fmt.Errorf("school guest %s: %w", local, err)
		}
		v, err := d.voter(ctx, u.ID, codes)
		if err != nil {
			return err
		}
		d.guests = append(d.guests, v)
	}
	return nil
}

// demoPanelResident makes up a resident of area: a name, an email not yet
// taken, and a profile.
func demoPanelResident(r *rand.Rand, area string, year int, areaID int64, taken map[string]bool) NewUser {
	var first, gender, locale string
	switch x := r.Float64(); {
	case x < 0.01:
		gender = "other"
		first = demoFirstNames[r.IntN(2)][r.IntN(len(demoFirstNames[0]))]
	case x < 0.53:
		gender = "female"
		first = demoFirstNames[0][r.IntN(len(demoFirstNames[0]))]
	default:
		gender = "male"
		first = demoFirstNames[1][r.IntN(len(demoFirstNames[1]))]
	}
	initial := string([]rune(demoInitials)[r.IntN(len([]rune(demoInitials)))])
	base := demoASCII(first) + "." + demoASCII(initial)
	email := base + "@fjordvik.example"
	for k := 2; taken[email]; k++ {
		email = fmt.Sprintf("%s%d@fjordvik.example", base, k)
	}
	taken[email] = true
	switch {
	case demoDanishNames[first]:
		locale = "da"
	case (area == "0307" || area == "0304") && r.Float64() < 0.6:
		locale = "nn"
	case r.Float64() < 0.04:
		locale = "en"
	default:
		locale = "nb"
	}
	// Residents who vote on the web are mostly of working age: few teenagers
	// and very few of 80 and over (bands as in DefaultAgeBands).
	band := demoPick(r, demoWebBands)
	lo := []int{16, 20, 30, 45, 67, 80}[band]
	hi := []int{19, 29, 44, 66, 79, 91}[band]
	born := year - (lo + r.IntN(hi-lo+1))
	return NewUser{
		Email: email, DisplayName: first + " " + initial + ".", Role: RoleResident, Locale: locale,
		Profile: Profile{
			AreaID:    sql.NullInt64{Int64: areaID, Valid: true},
			BirthYear: sql.NullInt32{Int32: int32(born), Valid: true},
			Gender:    sql.NullString{String: gender, Valid: true},
		},
	}
}

// demoASCII writes a name as the local part of an email address.
func demoASCII(s string) string {
	return strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "é", "e", "ł", "l").Replace(strings.ToLower(s))
}

// demoPick returns an index with probability proportional to its weight.
func demoPick(r *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// demoParallel runs fn for 0..n-1, eight at a time, and returns the first
// error.
func demoParallel(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	slots := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// day returns the calendar day offset days from today.
func (d *demoVoting) day(offset int) time.Time { return d.today.AddDate(0, 0, offset) }

// at returns the moment hh:mm on calendar day in the municipality's zone.
func (d *demoVoting) at(day time.Time, hh, mm int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, d.loc)
}

// someTime returns a moment on day when residents are awake, never in the
// future.
func (d *demoVoting) someTime(r *rand.Rand, day time.Time) time.Time {
	t := d.at(day, 7+r.IntN(16), r.IntN(60))
	if t.After(d.now) {
		t = d.now.Add(-time.Duration(1+r.IntN(90)) * time.Minute)
	}
	return t
}

// someDay returns one of the days first..last (offsets from today), more
// often the first days and the last, as turnout goes.
func (d *demoVoting) someDay(r *rand.Rand, first, last int) time.Time {
	n := last - first + 1
	switch x := r.Float64(); {
	case x < 0.35 && n > 3:
		return d.day(first + r.IntN(3))
	case x < 0.5 && n > 4:
		return d.day(last - r.IntN(2))
	}
	return d.day(first + r.IntN(n))
}

// create makes a consultation through the store's rules: created and
// published by the official, with its questions.
func (d *demoVoting) create(ctx context.Context, in ConsultationInput, questions []QuestionInput) (int64, []Question, error) {
	id, err := d.s.CreateConsultation(ctx, d.m.ID, d.official, in)
	if err != nil {
		return 0, nil, err
	}
	for i, q := range questions {
		q.Position = i + 1
		if _, err := d.s.CreateQuestion(ctx, d.m.ID, d.official, id, q); err != nil {
			return 0, nil, fmt.Errorf("question %d: %w", i+1, err)
		}
	}
	if err := d.s.PublishConsultation(ctx, d.m.ID, d.official, id); err != nil {
		return 0, nil, err
	}
	qs, err := d.s.Questions(ctx, d.m.ID, id)
	if err != nil {
		return 0, nil, err
	}
	return id, qs, nil
}

// createNeighbourhood creates the consultation open for input, in all four
// languages, with live results for the common-ground view.
func (d *demoVoting) createNeighbourhood(ctx context.Context) (*demoPlan, error) {
	p := &demoPlan{}
	p.dates = ConsultationInput{
		Title: demoNeighbourhood.title, Summary: demoNeighbourhood.summary, Body: demoNeighbourhood.body,
		InformationFrom: d.day(-14),
		InputFrom:       sql.NullTime{Time: d.day(-9), Valid: true},
		VotingFrom:      d.day(19), VotingUntil: d.day(33),
		ResultsFrom: sql.NullTime{Time: d.day(47), Valid: true},
		LiveResults: true,
	}
	var err error
	if p.id, p.questions, err = d.create(ctx, p.dates, demoNeighbourhood.questions); err != nil {
		return nil, err
	}
	p.created = d.at(d.day(-17), 13, 42)
	p.published = d.at(d.day(-14), 8, 5)
	return p, nil
}

// planNeighbourhood plans the first answers to the consultation open for
// input from a fifth of the residents (not the demo resident, who may try
// it): stances on the statements and some free text.
func (d *demoVoting) planNeighbourhood(p *demoPlan) {
	r := rand.New(rand.NewPCG(2027, 3))
	var statements []Question
	var text Question
	for _, q := range p.questions {
		switch q.Kind {
		case QuestionStatement:
			statements = append(statements, q)
		case QuestionText:
			text = q
		}
	}
	for _, v := range d.voters {
		if v.signIn || r.Float64() > 0.2 {
			continue
		}
		b := BallotInput{Stances: map[int64]string{}}
		col := demoAreaColumn(v.area)
		for i, q := range statements {
			if r.Float64() < 0.08 {
				continue // skipped
			}
			agree := demoNeighbourhoodAgree[i][col]
			switch x := r.Float64(); {
			case x < 0.1:
				b.Stances[q.ID] = StancePass
			case x < 0.1+0.9*agree:
				b.Stances[q.ID] = StanceAgree
			default:
				b.Stances[q.ID] = StanceDisagree
			}
		}
		if len(b.Stances) == 0 {
			b.Stances[statements[0].ID] = StancePass
		}
		p.web = append(p.web, demoWebVote{voter: v, at: d.someTime(r, d.someDay(r, -9, 0)), ballot: b})
	}
	d.assignTexts(p, text.ID, demoNeighbourhoodTexts)
}

// assignTexts gives free-text answers to web voters: each to the first
// voter of its area who has none yet, or else to the first who has none.
func (d *demoVoting) assignTexts(p *demoPlan, questionID int64, texts []demoText) {
	used := make([]bool, len(p.web))
	give := func(i int, body string) {
		used[i] = true
		if p.web[i].ballot.Texts == nil {
			p.web[i].ballot.Texts = map[int64]string{}
		}
		p.web[i].ballot.Texts[questionID] = body
	}
next:
	for _, t := range texts {
		for i, w := range p.web {
			if !used[i] && w.voter.area == t.area {
				give(i, t.body)
				continue next
			}
		}
		for i := range p.web {
			if !used[i] {
				give(i, t.body)
				continue next
			}
		}
	}
}

// createBudget creates the participatory budget in its voting phase, open
// to residents from the year they turn 16.
func (d *demoVoting) createBudget(ctx context.Context) (*demoPlan, error) {
	p := &demoPlan{}
	p.dates = ConsultationInput{
		Title: demoBudget.title, Summary: demoBudget.summary, Body: demoBudget.body,
		InformationFrom: d.day(-20),
		VotingFrom:      d.day(-6), VotingUntil: d.day(14),
		ResultsFrom: sql.NullTime{Time: d.day(21), Valid: true},
		MinAge:      sql.NullInt32{Int32: 16, Valid: true},
	}
	var err error
	if p.id, p.questions, err = d.create(ctx, p.dates, demoBudget.questions); err != nil {
		return nil, err
	}
	p.created = d.at(d.day(-27), 10, 17)
	p.published = d.at(d.day(-20), 8, 0)
	return p, nil
}

// planBudget plans the ballots of the participatory budget cast so far: web
// ballots from about a third of the residents (not the demo resident, who
// may try it) and the tally of a neighbourhood meeting in Lundevik.
func (d *demoVoting) planBudget(p *demoPlan) {
	budget, single := p.questions[0], p.questions[1]

	r := rand.New(rand.NewPCG(2027, 2))
	ballot := func(area string, age int) BallotInput {
		return BallotInput{Choices: map[int64][]int64{
			budget.ID: demoBudgetBallot(r, budget, area, age),
			single.ID: {single.Options[demoPick(r, []float64{0.52, 0.21, 0.11, 0.16})].ID},
		}}
	}
	for _, v := range d.voters {
		if v.signIn || r.Float64() > 0.35 {
			continue
		}
		b := ballot(v.area, d.today.Year()-v.born)
		p.web = append(p.web, demoWebVote{voter: v, at: d.someTime(r, d.someDay(r, -6, 0)), ballot: b})
	}
	// The neighbourhood meeting at Lundevik skole: 21 ballots on paper,
	// counted there and then, in piles by age group and gender. Then the
	// paper ballots from the boxes at the library and the service desk,
	// counted each morning.
	tally := func(channel string, pile demoPile, area string) TallyInput {
		in := TallyInput{Channel: channel, Ballots: pile.ballots, Counts: map[int64]int{}, Segment: pile.seg}
		for range in.Ballots {
			for _, ids := range ballot(area, demoAgeOf(pile.seg.AgeBand.String)).Choices {
				for _, o := range ids {
					in.Counts[o]++
				}
			}
		}
		return in
	}
	for _, pile := range demoPiles(r, 21, d.areas["0305"], 0.05) {
		p.tallies = append(p.tallies, demoTally{in: tally(ChannelMeeting, pile, "0305"), at: d.at(d.day(-3), 20, 40)})
	}
	p.paperFrom, p.paperDays = d.day(-6), 5
	for i, box := range demoBudgetPaper {
		for _, pile := range demoPiles(r, box.ballots, d.areas[box.area], 0.08) {
			p.tallies = append(p.tallies, demoTally{in: tally(ChannelPaper, pile, box.area),
				at: d.at(d.day(-1), 9, 30+i)})
		}
	}
}

// demoBudgetPaper are the paper ballots of the participatory budget so far,
// by the area the voters wrote on them: mostly from the centre and the
// harbour, where the library and the service desk are.
var demoBudgetPaper = []struct {
	area    string
	ballots int
}{{"0301", 12}, {"0302", 16}, {"0304", 18}, {"0305", 3}}

// demoAgeOf returns the lowest age in band ("16-19", …, "80+"), or 0 for
// none.
func demoAgeOf(band string) int {
	lo, _, _ := strings.Cut(strings.TrimSuffix(band, "+"), "-")
	age, _ := strconv.Atoi(lo)
	return age
}

// demoWebBands is how residents who take part on the web spread over the
// age groups (DefaultAgeBands): mostly of working age, few teenagers and
// very few of 80 and over, as on real participation platforms.
var demoWebBands = []float64{0.015, 0.22, 0.31, 0.34, 0.105, 0.01}

// demoPaperBands is the same for the paper and meeting ballots that are
// counted in piles.
var demoPaperBands = []float64{0.01, 0.23, 0.31, 0.35, 0.095, 0.005}

// demoPile is a pile of ballots from voters of one segment.
type demoPile struct {
	seg     Segment
	ballots int
}

// demoPiles sorts n ballots from area (0: none given) into piles by the
// age group and gender their voters ticked, as an official counts them; a
// share blank of them left both blank. The piles come in a fixed order.
func demoPiles(r *rand.Rand, n int, areaID int64, blank float64) []demoPile {
	area := sql.NullInt64{Int64: areaID, Valid: areaID != 0}
	genders := []string{"female", "male"}
	counts := make([][2]int, len(DefaultAgeBands))
	unknown := 0
	for range n {
		if r.Float64() < blank {
			unknown++
			continue
		}
		g := 1
		if r.Float64() < 0.52 {
			g = 0
		}
		counts[demoPick(r, demoPaperBands)][g]++
	}
	var piles []demoPile
	for b, byGender := range counts {
		for g, k := range byGender {
			if k > 0 {
				piles = append(piles, demoPile{ballots: k, seg: Segment{AreaID: area,
					AgeBand: sql.NullString{String: DefaultAgeBands[b], Valid: true},
					Gender:  sql.NullString{String: genders[g], Valid: true}}})
			}
		}
	}
	if unknown > 0 {
		piles = append(piles, demoPile{ballots: unknown, seg: Segment{AreaID: area}})
	}
	return piles
}

// demoBudgetBallot chooses projects that fit the budget, in an order that
// leans to the voter's own area and age: near projects first, the young to
// the skatepark and the ball court, the old to the benches.
func demoBudgetBallot(r *rand.Rand, q Question, area string, age int) []int64 {
	type option struct {
		id   int64
		cost int64
		key  float64
	}
	opts := make([]option, len(q.Options))
	for i, o := range q.Options {
		w := 1.0
		if demoBudgetHome[i] == area {
			w *= 4
		}
		switch {
		case age > 0 && age < 30 && (i == 6 || i == 7):
			w *= 2.5
		case age >= 67 && i == 0:
			w *= 3
		case age >= 67 && (i == 6 || i == 7):
			w *= 0.4
		}
		// Weighted random order (Efraimidis–Spirakis).
		opts[i] = option{o.ID, o.Cost.Int64, math.Pow(r.Float64(), 1/w)}
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].key > opts[j].key })
	var chosen []int64
	var spent int64
	for _, o := range opts {
		if spent+o.cost > q.Budget.Int64 || (len(chosen) > 0 && r.Float64() > 0.8) {
			continue
		}
		chosen = append(chosen, o.id)
		spent += o.cost
	}
	return chosen
}

// createSchools creates the school consultation with today's calendar, so
// that it takes ballots now; closeSchools moves it into the past after they
// are cast.
func (d *demoVoting) createSchools(ctx context.Context) (*demoPlan, error) {
	p := &demoPlan{hide: demoSchoolHidden}
	p.dates = ConsultationInput{
		Title: demoSchools.title, Summary: demoSchools.summary, Body: demoSchools.body,
		InformationFrom: d.day(-70),
		InputFrom:       sql.NullTime{Time: d.day(-56), Valid: true},
		VotingFrom:      d.day(-42), VotingUntil: d.day(-21),
		ResultsFrom: sql.NullTime{Time: d.day(-7), Valid: true},
		AreaIDs:     []int64{d.areas["0303"], d.areas["0306"], d.areas["0307"]},
	}
	open := p.dates
	open.InformationFrom, open.InputFrom, open.VotingFrom = d.today, sql.NullTime{}, d.today
	open.VotingUntil, open.ResultsFrom = d.day(1), sql.NullTime{}
	var err error
	if p.id, p.questions, err = d.create(ctx, open, demoSchools.questions); err != nil {
		return nil, err
	}
	p.created = d.at(d.day(-84), 14, 3)
	p.published = d.at(d.day(-70), 8, 0)
	p.closed = d.at(d.day(-20), 0, 0).Add(40 * time.Second)
	p.results = d.at(d.day(-7), 9, 30)
	p.hiddenAt = d.at(d.day(-24), 11, 5)
	p.paperFrom, p.paperDays = d.day(-42), 22
	return p, nil
}

// planSchools plans the ballots of the school consultation: web ballots
// from the residents of each area, meeting and paper tallies, and paper
// ballots with free text entered one by one.
func (d *demoVoting) planSchools(p *demoPlan) {
	q := demoSchoolQuestions{solution: p.questions[0], priorities: p.questions[1], bus: p.questions[2], text: p.questions[3]}
	r := rand.New(rand.NewPCG(2027, 4))
	byArea := map[string][]demoVoter{}
	for _, v := range d.voters {
		byArea[v.area] = append(byArea[v.area], v)
	}
	meetings := []time.Time{d.at(d.day(-37), 21, 50), d.at(d.day(-30), 21, 35)}
	for _, t := range demoSchoolTurnout {
		voters := byArea[t.area]
		for i := 0; i < t.web && i < len(voters); i++ {
			b := q.ballot(r, t, -1)
			p.web = append(p.web, demoWebVote{voter: voters[i], at: d.someTime(r, d.someDay(r, -42, -21)), ballot: b})
		}
		// Meeting ballots are counted in piles by the age group and gender
		// the voters ticked; a few left them blank.
		for _, pile := range demoPiles(r, t.meeting, d.areas[t.area], 0.05) {
			p.tallies = append(p.tallies, demoTally{in: q.tally(r, t, ChannelMeeting, pile.ballots, pile.seg),
				at: meetings[t.meetingAt]})
		}
	}
	// Paper ballots from the boxes at the library and the service desk,
	// counted the morning after voting closed, in the same piles.
	for _, t := range demoSchoolTurnout {
		for _, pile := range demoPiles(r, t.paper, d.areas[t.area], 0.08) {
			p.tallies = append(p.tallies, demoTally{in: q.tally(r, t, ChannelPaper, pile.ballots, pile.seg),
				at: d.at(d.day(-20), 10, 15)})
		}
	}
	for _, pile := range demoPiles(r, demoSchoolNoArea.paper, 0, 1) {
		p.tallies = append(p.tallies, demoTally{in: q.tally(r, demoSchoolNoArea, ChannelPaper, pile.ballots, pile.seg),
			at: d.at(d.day(-20), 10, 40)})
	}

	// Free text: on the web ballots of the answer's area, or on a paper
	// ballot the official enters one by one, with the segment the voter
	// wrote on it.
	var web []demoText
	for _, a := range demoSchoolAnswers {
		if !a.paper {
			web = append(web, demoText{area: a.area, body: a.body})
			continue
		}
		t := demoSchoolTurnoutOf(a.area)
		b := q.ballot(r, t, a.option)
		b.Texts = map[int64]string{q.text.ID: a.body}
		seg := Segment{AreaID: sql.NullInt64{Int64: d.areas[a.area], Valid: a.area != ""}}
		if a.born > 0 {
			seg.AgeBand = sql.NullString{String: AgeBandFor(d.today.Year()-a.born, DefaultAgeBands), Valid: true}
		}
		if a.gender != "" {
			seg.Gender = sql.NullString{String: a.gender, Valid: true}
		}
		day := p.paperFrom.AddDate(0, 0, r.IntN(p.paperDays))
		p.paper = append(p.paper, demoPaperVote{seg: seg, channel: a.channel(), at: d.at(day, 9+r.IntN(6), r.IntN(60)), ballot: b})
	}
	// A voter who wrote an answer chose the solution it argues for.
	d.assignTexts(p, q.text.ID, web)
	for _, w := range p.web {
		body := w.ballot.Texts[q.text.ID]
		for _, a := range demoSchoolAnswers {
			if body != "" && a.body == body && a.option >= 0 {
				w.ballot.Choices[q.solution.ID] = []int64{q.solution.Options[a.option].ID}
			}
		}
	}
	// The guests from the meetings' seed, with a draw of their own so that
	// everyone else's ballots are the same with them or without.
	g := rand.New(rand.NewPCG(2027, 8))
	for _, v := range d.guests {
		b := q.ballot(g, demoSchoolTurnoutOf(v.area), -1)
		p.web = append(p.web, demoWebVote{voter: v, at: d.someTime(g, d.someDay(g, -42, -21)), ballot: b})
	}
}

// demoSchoolQuestions are the questions of the school consultation.
type demoSchoolQuestions struct {
	solution, priorities, bus, text Question
}

// ballot fills in a ballot as a voter of t would: solution (or the
// distribution of t when solution is -1), up to two priorities, and most
// often a stance on the statement.
func (q demoSchoolQuestions) ballot(r *rand.Rand, t demoTurnout, solution int) BallotInput {
	if solution < 0 {
		solution = demoPick(r, t.solution[:])
	}
	b := BallotInput{Choices: map[int64][]int64{
		q.solution.ID:   {q.solution.Options[solution].ID},
		q.priorities.ID: q.pickPriorities(r, t),
	}, Stances: map[int64]string{}}
	if r.Float64() < 0.9 {
		b.Stances[q.bus.ID] = Stances[demoPick(r, t.bus[:])]
	}
	return b
}

func (q demoSchoolQuestions) pickPriorities(r *rand.Rand, t demoTurnout) []int64 {
	w := t.priorities
	first := demoPick(r, w[:])
	chosen := []int64{q.priorities.Options[first].ID}
	if r.Float64() < 0.8 {
		w[first] = 0
		chosen = append(chosen, q.priorities.Options[demoPick(r, w[:])].ID)
	}
	return chosen
}

// tally counts n ballots of t, from voters of segment seg, as an official
// counts a pile of paper.
func (q demoSchoolQuestions) tally(r *rand.Rand, t demoTurnout, channel string, n int, seg Segment) TallyInput {
	in := TallyInput{Channel: channel, Ballots: n, Counts: map[int64]int{}, Segment: seg}
	for range n {
		in.Counts[q.solution.Options[demoPick(r, t.solution[:])].ID]++
		for _, o := range q.pickPriorities(r, t) {
			in.Counts[o]++
		}
	}
	return in
}

// vote casts every planned ballot through the store: web and single paper
// ballots eight at a time, tallies one after the other (their order gives
// their times). Then it moves each web ballot to the day it was cast, by
// its voter link, and each paper ballot by its receipt, while voting is
// still open.
func (d *demoVoting) vote(ctx context.Context, plans []*demoPlan) error {
	type job func() error
	var jobs []job
	var mu sync.Mutex
	// Tallies first: those of the school consultation are the longest job.
	for _, p := range plans {
		if len(p.tallies) > 0 {
			jobs = append(jobs, func() error {
				for i, t := range p.tallies {
					if err := d.s.RecordTally(ctx, d.m.ID, d.official, p.id, t.in); err != nil {
						return fmt.Errorf("consultation %d: tally %d: %w", p.id, i+1, err)
					}
					p.tallyTimes = append(p.tallyTimes, t.at)
				}
				return nil
			})
		}
	}
	for _, p := range plans {
		for _, w := range p.web {
			jobs = append(jobs, func() error {
				if _, err := d.s.CastBallot(ctx, d.m.ID, d.key, w.voter.id, p.id, w.ballot); err != nil {
					return fmt.Errorf("consultation %d: ballot of resident %d: %w", p.id, w.voter.id, err)
				}
				mu.Lock()
				defer mu.Unlock()
				p.webHashes = append(p.webHashes, VoterHash(d.key, d.m.ID, p.id, w.voter.id))
				p.webCastOn = append(p.webCastOn, Today(d.loc, w.at))
				p.webUsers = append(p.webUsers, w.voter.id)
				p.webTimes = append(p.webTimes, w.at)
				return nil
			})
		}
		for _, pv := range p.paper {
			jobs = append(jobs, func() error {
				code, err := d.s.CastPaperBallot(ctx, d.m.ID, d.official, p.id, pv.channel, pv.seg, pv.ballot)
				if err != nil {
					return fmt.Errorf("consultation %d: paper ballot: %w", p.id, err)
				}
				mu.Lock()
				defer mu.Unlock()
				p.paperCodes = append(p.paperCodes, code)
				p.paperCastOn = append(p.paperCastOn, Today(d.loc, pv.at))
				return nil
			})
		}
	}
	if err := demoParallel(len(jobs), func(i int) error { return jobs[i]() }); err != nil {
		return err
	}
	return d.s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, p := range plans {
			hashes := make([][]byte, len(p.paperCodes))
			for i, c := range p.paperCodes {
				hashes[i] = receiptHash(c)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE ballots b SET cast_on = x.day
				FROM unnest($3::bytea[], $4::date[]) AS x(hash, day)
				WHERE b.municipality_id = $1 AND b.consultation_id = $2 AND b.voter_hash = x.hash`,
				d.m.ID, p.id, pq.Array(p.webHashes), demoDays(p.webCastOn)); err != nil {
				return fmt.Errorf("days of web ballots: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE ballots b SET cast_on = x.day
				FROM unnest($3::bytea[], $4::date[]) AS x(hash, day)
				WHERE b.municipality_id = $1 AND b.consultation_id = $2 AND b.receipt_hash = x.hash`,
				d.m.ID, p.id, pq.Array(hashes), demoDays(p.paperCastOn)); err != nil {
				return fmt.Errorf("days of paper ballots: %w", err)
			}
		}
		return nil
	})
}

// closeSchools ends the school consultation as it would have ended: a
// moderator hides an answer during voting, the calendar moves into the past,
// the closing round closes voting (dropping the voter links and rewriting
// the ballots in random order) and the official publishes the results.
func (d *demoVoting) closeSchools(ctx context.Context, p *demoPlan) error {
	answers, err := d.s.TextAnswers(ctx, d.m.ID, p.id, true)
	if err != nil {
		return err
	}
	hidden := false
	for _, a := range answers {
		if a.Body == p.hide {
			if err := d.s.SetTextAnswerHidden(ctx, d.m.ID, d.moderator, p.id, a.ID, true); err != nil {
				return err
			}
			hidden = true
		}
	}
	if !hidden {
		return fmt.Errorf("the answer to hide is not among the %d answers", len(answers))
	}
	if _, err := d.s.db.ExecContext(ctx, `UPDATE consultations SET information_from = $3, input_from = $4,
			voting_from = $5, voting_until = $6, results_from = $7
		WHERE municipality_id = $1 AND id = $2`, d.m.ID, p.id, p.dates.InformationFrom, p.dates.InputFrom,
		p.dates.VotingFrom, p.dates.VotingUntil, p.dates.ResultsFrom); err != nil {
		return fmt.Errorf("move the calendar: %w", err)
	}
	closed, err := d.s.CloseDueConsultations(ctx, d.m.ID)
	if err != nil {
		return err
	}
	if closed != 1 {
		return fmt.Errorf("closed %d consultations, want 1", closed)
	}
	return d.s.PublishResults(ctx, d.m.ID, d.official, p.id)
}

// backdate moves the rows of the seeded consultations to the times they
// happened, in one transaction: the consultations, their tallies, the
// participation ledger (web acts at their voter's time, meeting ballots at
// the meeting, paper ballots on a day of the voting period), the audit log
// and the panel's accounts.
func (d *demoVoting) backdate(ctx context.Context, plans []*demoPlan) error {
	null := func(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }
	return d.s.inTx(ctx, func(tx *sqlx.Tx) error {
		ids := make([]int64, len(d.panel))
		days := make([]int64, len(d.panel))
		for i, p := range d.panel {
			ids[i], days[i] = p.id, int64(p.daysAgo)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users u SET created_at = now() - make_interval(days => x.days::int, mins => (x.id * 37 % 600)::int)
			FROM unnest($2::bigint[], $3::bigint[]) AS x(id, days) WHERE u.municipality_id = $1 AND u.id = x.id`,
			d.m.ID, pq.Array(ids), pq.Array(days)); err != nil {
			return fmt.Errorf("backdate panel accounts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE resident_profiles r SET consent_at = u.created_at, updated_at = u.created_at
			FROM users u WHERE u.municipality_id = $1 AND r.municipality_id = $1 AND u.id = r.user_id AND u.id = ANY($2)`,
			d.m.ID, pq.Array(ids)); err != nil {
			return fmt.Errorf("backdate panel profiles: %w", err)
		}
		for _, p := range plans {
			last := p.published
			for _, t := range []time.Time{p.closed, p.results} {
				if t.After(last) {
					last = t
				}
			}
			tz := d.loc.String()
			steps := []struct {
				what  string
				query string
				args  []any
			}{
				{"consultation", `UPDATE consultations SET created_at = $3, published_at = $4, closed_at = $5, updated_at = $6
					WHERE municipality_id = $1 AND id = $2`,
					[]any{p.created, p.published, null(p.closed), last}},
				{"tallies", `UPDATE ballot_tallies t SET recorded_at = x.at
					FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ballot_tallies
						WHERE municipality_id = $1 AND consultation_id = $2) t2
					JOIN unnest($3::timestamptz[]) WITH ORDINALITY AS x(at, n) ON x.n = t2.n
					WHERE t.municipality_id = $1 AND t.id = t2.id`,
					[]any{demoStamps(p.tallyTimes)}},
				{"web acts", `UPDATE participation_ledger l SET occurred_at = x.at
					FROM unnest($3::bigint[], $4::timestamptz[]) AS x(user_id, at)
					WHERE l.municipality_id = $1 AND l.scope_type = 'consultation' AND l.scope_id = $2 AND l.user_id = x.user_id`,
					[]any{pq.Array(p.webUsers), demoStamps(p.webTimes)}},
				// Meeting ballots were cast in the two hours before their tally.
				{"meeting acts", `UPDATE participation_ledger l SET occurred_at = t.recorded_at
						- make_interval(mins => 20 + abs(hashtext(l.anonymous_ref::text)) % 100)
					FROM ballot_tallies t
					WHERE l.municipality_id = $1 AND l.scope_type = 'consultation' AND l.scope_id = $2
						AND l.user_id IS NULL AND l.channel = 'meeting'
						AND t.municipality_id = $1 AND t.consultation_id = $2 AND t.channel = 'meeting'
						AND t.area_id IS NOT DISTINCT FROM l.area_id AND t.age_band IS NOT DISTINCT FROM l.age_band
						AND t.gender IS NOT DISTINCT FROM l.gender`, nil},
				{"paper acts", `UPDATE participation_ledger l SET occurred_at =
						($3::date + abs(hashtext(l.anonymous_ref::text)) % $4 + time '09:00'
							+ make_interval(mins => abs(hashtext(l.anonymous_ref::text || 'm')) % 420)) AT TIME ZONE $5
					WHERE l.municipality_id = $1 AND l.scope_type = 'consultation' AND l.scope_id = $2
						AND l.user_id IS NULL AND l.channel IN ('paper', 'assisted') AND $3::date IS NOT NULL`,
					[]any{null(p.paperFrom), max(p.paperDays, 1), tz}},
				{"audit log", `UPDATE audit_log a SET created_at = CASE a.action
						WHEN 'consultation.create' THEN $3::timestamptz
						WHEN 'question.create' THEN $3::timestamptz + make_interval(mins => 4 + a.id::int % 20)
						WHEN 'consultation.publish' THEN $4::timestamptz
						WHEN 'consultation.close' THEN COALESCE($5::timestamptz, a.created_at)
						WHEN 'consultation.publish_results' THEN COALESCE($6::timestamptz, a.created_at)
						WHEN 'answer.hide' THEN COALESCE($7::timestamptz, a.created_at)
						WHEN 'ballot.tally' THEN COALESCE((SELECT t.recorded_at FROM ballot_tallies t
							WHERE t.municipality_id = $1 AND t.id = (a.details->>'tally')::bigint), a.created_at)
						WHEN 'ballot.paper' THEN COALESCE(($8::date + abs(hashtext(a.id::text)) % $9 + time '09:00'
							+ make_interval(mins => abs(hashtext(a.id::text || 'm')) % 420)) AT TIME ZONE $10, a.created_at)
						ELSE a.created_at END
					WHERE a.municipality_id = $1 AND a.target_type = 'consultation' AND a.target_id = $2::bigint::text`,
					[]any{p.created, p.published, null(p.closed), null(p.results), null(p.hiddenAt),
						null(p.paperFrom), max(p.paperDays, 1), tz}},
			}
			for _, st := range steps {
				if _, err := tx.ExecContext(ctx, st.query, append([]any{d.m.ID, p.id}, st.args...)...); err != nil {
					return fmt.Errorf("backdate consultation %d: %s: %w", p.id, st.what, err)
				}
			}
		}
		return nil
	})
}

// demoTr returns a text in bokmål, nynorsk, Danish and English, leaving out
// the languages given as "".
func demoTr(nb, nn, da, en string) Translations {
	t := Translations{}
	for lang, s := range map[string]string{"nb": nb, "nn": nn, "da": da, "en": en} {
		if s != "" {
			t[lang] = s
		}
	}
	return t
}

// demoConsultationText is what an official writes for a demo consultation.
type demoConsultationText struct {
	title, summary, body Translations
	questions            []QuestionInput
}

// demoText is a free-text answer by a resident of area.
type demoText struct {
	area, body string
}

func demoOption(label Translations) OptionInput { return OptionInput{Label: label} }

func demoCost(kroner int64, label Translations) OptionInput {
	return OptionInput{Label: label, Cost: sql.NullInt64{Int64: kroner, Valid: true}}
}

func demoStatement(nb, nn, da, en string) QuestionInput {
	return QuestionInput{Kind: QuestionStatement, Prompt: demoTr(nb, nn, da, en)}
}

// The consultation open for input, in all four languages.
var demoNeighbourhood = demoConsultationText{
	title: demoTr(
		"Hva skal til for at du trives i nabolaget ditt?",
		"Kva skal til for at du trivst i nabolaget ditt?",
		"Hvad skal der til, for at du trives i dit lokalområde?",
		"What would make you enjoy living in your neighbourhood?"),
	summary: demoTr(
		"Kommunen lager en ny plan for nærmiljøene i Fjordvik. Før vi skriver den, vil vi vite hva som gjør det godt å bo der du bor, og hva som mangler.",
		"Kommunen lagar ein ny plan for nærmiljøa i Fjordvik. Før vi skriv han, vil vi vite kva som gjer det godt å bu der du bur, og kva som manglar.",
		"Kommunen laver en ny plan for lokalområderne i Fjordvik. Før vi skriver den, vil vi gerne vide, hvad der gør det godt at bo, hvor du bor, og hvad der mangler.",
		"The municipality is making a new plan for Fjordvik's neighbourhoods. Before we write it, we want to know what makes your neighbourhood a good place to live, and what is missing."),
	body: demoTr(
		"Kommunestyret har bestemt at Fjordvik skal få en egen plan for nærmiljøene, med møteplasser, trygge veier, lys, lekeplasser og grøntområder. Planen skal gjelde fra 2027 til 2030.\n\n"+
			"Først vil vi høre fra deg. Si om du er enig eller uenig i påstandene, og skriv gjerne med egne ord hva som ville gjort nabolaget ditt bedre. Du kan hoppe over påstander du ikke har noen mening om.\n\n"+
			"Senere åpner avstemningen om hvilke tiltak som skal komme først. Til da kan du endre svarene dine.\n\n"+
			"Svarene er hemmelige. Vi viser bare samlede tall, og aldri tall for så få personer at noen kan kjennes igjen. Vil du heller si det på et møte, er du velkommen på nabolagsmøtene som holdes i alle områdene.",
		"Kommunestyret har bestemt at Fjordvik skal få ein eigen plan for nærmiljøa, med møtestader, trygge vegar, lys, leikeplassar og grøntområde. Planen skal gjelde frå 2027 til 2030.\n\n"+
			"Først vil vi høyre frå deg. Sei om du er samd eller usamd i påstandane, og skriv gjerne med eigne ord kva som ville gjort nabolaget ditt betre. Du kan hoppe over påstandar du ikkje har noka meining om.\n\n"+
			"Seinare opnar røystinga om kva tiltak som skal kome først. Fram til då kan du endre svara dine.\n\n"+
			"Svara er hemmelege. Vi viser berre samla tal, og aldri tal for så få personar at nokon kan kjennast att. Vil du heller seie det på eit møte, er du velkomen på nabolagsmøta som blir haldne i alle områda.",
		"Kommunalbestyrelsen har besluttet, at Fjordvik skal have en plan for lokalområderne med mødesteder, sikre veje, lys, legepladser og grønne områder. Planen skal gælde fra 2027 til 2030.\n\n"+
			"Først vil vi gerne høre fra dig. Sig, om du er enig eller uenig i udsagnene, og skriv gerne med dine egne ord, hvad der ville gøre dit lokalområde bedre. Du kan springe over udsagn, du ikke har nogen mening om.\n\n"+
			"Senere åbner afstemningen om, hvilke tiltag der skal komme først. Indtil da kan du ændre dine svar.\n\n"+
			"Svarene er hemmelige. Vi viser kun samlede tal og aldrig tal for så få personer, at nogen kan genkendes. Vil du hellere sige det på et møde, er du velkommen til borgermøderne i lokalområderne.",
		"The municipal council has decided that Fjordvik will have a plan for its neighbourhoods: meeting places, safe roads, lighting, playgrounds and green spaces. The plan will run from 2027 to 2030.\n\n"+
			"First, we want to hear from you. Say whether you agree or disagree with the statements, and tell us in your own words what would make your neighbourhood better. You can skip any statement you have no opinion on.\n\n"+
			"Later, voting opens on which measures should come first. Until then, you can change your answers.\n\n"+
			"Your answers are secret. We only show totals, and never numbers for so few people that anyone could be recognised. If you would rather say it at a meeting, you are welcome at the neighbourhood meetings held in every area."),
	questions: []QuestionInput{
		demoStatement(
			"Jeg føler meg trygg når jeg går ute i nabolaget mitt om kvelden.",
			"Eg kjenner meg trygg når eg går ute i nabolaget mitt om kvelden.",
			"Jeg føler mig tryg, når jeg går udenfor i mit lokalområde om aftenen.",
			"I feel safe walking outside in my neighbourhood in the evening."),
		demoStatement(
			"Det finnes et sted i nærheten der jeg kan treffe naboer uten å måtte betale.",
			"Det finst ein stad i nærleiken der eg kan treffe naboar utan å måtte betale.",
			"Der er et sted i nærheden, hvor jeg kan mødes med naboer uden at skulle betale.",
			"There is a place nearby where I can meet neighbours without having to pay."),
		demoStatement(
			"Barn og unge har nok å gjøre i nabolaget etter skoletid.",
			"Born og unge har nok å gjere i nabolaget etter skuletid.",
			"Børn og unge har nok at lave i lokalområdet efter skoletid.",
			"Children and young people have enough to do in the neighbourhood after school."),
		demoStatement(
			"Det er lett å komme seg rundt i nabolaget med rullator, rullestol eller barnevogn.",
			"Det er lett å kome seg rundt i nabolaget med rullator, rullestol eller barnevogn.",
			"Det er let at komme rundt i lokalområdet med rollator, kørestol eller barnevogn.",
			"It is easy to get around the neighbourhood with a walker, a wheelchair or a pram."),
		demoStatement(
			"Jeg vet navnet på minst tre av naboene mine.",
			"Eg veit namnet på minst tre av naboane mine.",
			"Jeg kender navnet på mindst tre af mine naboer.",
			"I know the names of at least three of my neighbours."),
		demoStatement(
			"Kommunen bør ta bedre vare på det vi har, før den bygger noe nytt.",
			"Kommunen bør ta betre vare på det vi har, før han byggjer noko nytt.",
			"Kommunen bør passe bedre på det, vi har, før den bygger noget nyt.",
			"The municipality should look after what we have before it builds anything new."),
		{
			Kind: QuestionText,
			Prompt: demoTr(
				"Hva ville gjort nabolaget ditt til et bedre sted å bo?",
				"Kva ville gjort nabolaget ditt til ein betre stad å bu?",
				"Hvad ville gøre dit lokalområde til et bedre sted at bo?",
				"What would make your neighbourhood a better place to live?"),
			Help: demoTr(
				"Skriv så kort eller langt du vil, men ikke skriv navn på andre eller noe som viser hvem du er.",
				"Skriv så kort eller langt du vil, men ikkje skriv namn på andre eller noko som viser kven du er.",
				"Skriv så kort eller langt, du vil, men skriv ikke navne på andre eller noget, der viser, hvem du er.",
				"Write as much or as little as you like, but do not name other people or write anything that shows who you are."),
		},
		{
			Kind: QuestionSingle,
			Prompt: demoTr(
				"Hvilket tiltak bør kommunen gjøre først i nabolaget ditt?",
				"Kva tiltak bør kommunen gjere først i nabolaget ditt?",
				"Hvilket tiltag bør kommunen sætte i gang først i dit lokalområde?",
				"Which measure should the municipality carry out first in your neighbourhood?"),
			Options: []OptionInput{
				demoOption(demoTr("Bedre lys og tryggere snarveier", "Betre lys og tryggare snarvegar",
					"Bedre belysning og sikrere stier", "Better lighting and safer shortcuts")),
				demoOption(demoTr("Et gratis møtested innendørs, åpent om kvelden", "Ein gratis møtestad innandørs, open om kvelden",
					"Et gratis mødested indendørs, åbent om aftenen", "A free indoor meeting place, open in the evenings")),
				demoOption(demoTr("Flere aktiviteter for barn og unge", "Fleire aktivitetar for born og unge",
					"Flere aktiviteter for børn og unge", "More activities for children and young people")),
				demoOption(demoTr("Bedre framkommelighet for rullator, rullestol og barnevogn", "Betre framkome for rullator, rullestol og barnevogn",
					"Bedre fremkommelighed for rollator, kørestol og barnevogn", "Easier ways around for walkers, wheelchairs and prams")),
				demoOption(demoTr("Støtte til nabolagsfester og dugnader", "Støtte til nabolagsfestar og dugnader",
					"Støtte til gadefester og fælles arbejdsdage", "Support for street parties and volunteer work days")),
			},
		},
	},
}

// demoNeighbourhoodAgree is how likely a resident of each area (in the
// order of demoSchoolTurnout) is to agree with each statement: the centre
// and the harbour feel less safe at night, the outer areas lack meeting
// places and things for the young, and know their neighbours.
var demoNeighbourhoodAgree = [][8]float64{
	{0.55, 0.50, 0.75, 0.80, 0.78, 0.85, 0.60, 0.90},
	{0.70, 0.60, 0.45, 0.50, 0.40, 0.20, 0.30, 0.15},
	{0.45, 0.40, 0.20, 0.35, 0.30, 0.15, 0.25, 0.10},
	{0.50, 0.45, 0.35, 0.30, 0.40, 0.25, 0.30, 0.15},
	{0.45, 0.40, 0.65, 0.70, 0.60, 0.90, 0.75, 0.95},
	{0.70, 0.65, 0.60, 0.75, 0.70, 0.80, 0.75, 0.85},
}

// demoAreaColumn returns the position of area in demoSchoolTurnout.
func demoAreaColumn(area string) int {
	for i, t := range demoSchoolTurnout {
		if t.area == area {
			return i
		}
	}
	return 0
}

var demoNeighbourhoodTexts = []demoText{
	{"0308", "Et sted å sitte ned på veien opp bakken til butikken. Jeg må hvile to ganger."},
	{"0307", "Gatelys som verkar. Lyset på stien ved skulen har vore slokt sidan oktober."},
	{"0306", "Ein open kafé på grendehuset ein kveld i veka. Det går lang tid mellom kvar gong ein treffer folk her ute."},
	{"0302", "Mere liv på havnen om vinteren. Om sommeren er her dejligt, men fra oktober er alt lukket."},
	{"0303", "Ungdomsklubben burde være åpen i helgene. Nå henger vi på bensinstasjonen."},
	{"0304", "Brøyt fortauene før klokka sju, ikke etter at ungene har gått til skolen."},
	{"0301", "Fartshumper i Strandgata. Bilene kjører altfor fort forbi barnehagen."},
	{"0302", "A noticeboard in English at the shop, so that newcomers know what is going on."},
	{"0302", "Flere benker og søppelkasser langs fjordstien."},
	{"0305", "Hjelp til å starte en nabolagsgruppe. Vi vil gjerne, men vet ikke hvor vi skal begynne."},
	{"0305", "Lekeplassen i Lundevik trenger skygge og en benk til foreldrene."},
	{"0303", "Biblioteket på Nordheia må holde åpent på lørdager også."},
	{"0301", "Bedre busstilbud om kvelden. Siste buss går 21.40, og da blir mange sittende hjemme."},
	{"0305", "Et fælles drivhus eller en nyttehave, hvor vi kan dyrke grøntsager sammen."},
	{"0304", "Jeg kjenner nesten ingen her etter tre år. Et velkomstmøte for nye innbyggere hadde hjulpet."},
}

// The participatory budget in its voting phase, in all four languages.
var demoBudget = demoConsultationText{
	title: demoTr(
		"Innbyggerbudsjett 2027: 1,5 millioner til nærmiljøet",
		"Innbyggjarbudsjett 2027: 1,5 millionar til nærmiljøet",
		"Borgerbudget 2027: 1,5 millioner til lokalområderne",
		"Participatory budget 2027: 1.5 million for the neighbourhoods"),
	summary: demoTr(
		"Du bestemmer hva 1,5 millioner kroner skal brukes til i nærmiljøet neste år. Alle forslagene kommer fra innbyggere, og kommunen har regnet ut hva de koster.",
		"Du bestemmer kva 1,5 millionar kroner skal brukast til i nærmiljøet neste år. Alle forslaga kjem frå innbyggjarar, og kommunen har rekna ut kva dei kostar.",
		"Du bestemmer, hvad 1,5 millioner kroner skal bruges til i lokalområderne næste år. Alle forslagene kommer fra borgere, og kommunen har regnet ud, hvad de koster.",
		"You decide what 1.5 million kroner will be spent on in the neighbourhoods next year. Every project was proposed by residents, and the municipality has worked out what each one costs."),
	body: demoTr(
		"Kommunestyret har satt av 1 500 000 kroner i budsjettet for 2027 som innbyggerne selv skal fordele. I vår kom det inn 43 forslag. Kommunen har regnet ut hva hvert av dem koster, og sjekket at det kan gjøres i løpet av ett år. Åtte forslag står igjen.\n\n"+
			"Slik stemmer du: Velg de tiltakene du vil ha. Til sammen kan de koste høyst 1 500 000 kroner. Du trenger ikke bruke hele beløpet.\n\n"+
			"Når avstemningen er over, gjennomfører vi tiltaket med flest stemmer først, så det neste, helt til pengene er brukt opp. Et tiltak som ikke får plass innenfor det som er igjen, hoppes over.\n\n"+
			"Alle som bor i Fjordvik og fyller 16 år i år eller er eldre, kan stemme. Du kan endre stemmen din helt til avstemningen stenger. Du kan også stemme på papir på biblioteket, på servicetorget og på nabolagsmøtene.",
		"Kommunestyret har sett av 1 500 000 kroner i budsjettet for 2027 som innbyggjarane sjølve skal fordele. I vår kom det inn 43 forslag. Kommunen har rekna ut kva kvart av dei kostar, og sjekka at det kan gjerast i løpet av eitt år. Åtte forslag står att.\n\n"+
			"Slik røystar du: Vel dei tiltaka du vil ha. Til saman kan dei koste høgst 1 500 000 kroner. Du treng ikkje bruke heile summen.\n\n"+
			"Når røystinga er over, gjennomfører vi tiltaket med flest røyster først, så det neste, heilt til pengane er brukte opp. Eit tiltak som ikkje får plass innanfor det som er att, blir hoppa over.\n\n"+
			"Alle som bur i Fjordvik og fyller 16 år i år eller er eldre, kan røyste. Du kan endre røysta di heilt til røystinga stengjer. Du kan òg røyste på papir på biblioteket, på servicetorget og på nabolagsmøta.",
		"Kommunalbestyrelsen har afsat 1.500.000 kroner i budgettet for 2027, som borgerne selv skal fordele. I foråret kom der 43 forslag. Kommunen har regnet ud, hvad hvert af dem koster, og tjekket, at det kan gennemføres inden for et år. Otte forslag er tilbage.\n\n"+
			"Sådan stemmer du: Vælg de projekter, du vil have. Tilsammen må de højst koste 1.500.000 kroner. Du behøver ikke bruge hele beløbet.\n\n"+
			"Når afstemningen er slut, gennemfører vi projektet med flest stemmer først, så det næste og så videre, indtil pengene er brugt. Et projekt, der ikke kan være inden for det beløb, der er tilbage, springes over.\n\n"+
			"Alle, der bor i Fjordvik og fylder 16 år i år eller er ældre, kan stemme. Du kan ændre din stemme, indtil afstemningen lukker. Du kan også stemme på papir på biblioteket, i borgerservice og på borgermøderne i lokalområderne.",
		"The municipal council has set aside 1,500,000 kroner in the 2027 budget for residents to share out. This spring, residents sent in 43 proposals. The municipality has worked out what each one costs and checked that it can be done within a year. Eight proposals are left.\n\n"+
			"How to vote: choose the projects you want. Together they can cost at most 1,500,000 kroner. You do not have to spend it all.\n\n"+
			"When voting is over, we carry out the project with the most votes first, then the next, until the money runs out. A project that does not fit in what is left is skipped.\n\n"+
			"Everyone who lives in Fjordvik and turns 16 this year or is older can vote. You can change your vote until voting closes. You can also vote on paper at the library, at the service desk and at the neighbourhood meetings."),
	questions: []QuestionInput{
		{
			Kind: QuestionBudget,
			Prompt: demoTr(
				"Hvilke tiltak vil du bruke pengene på?",
				"Kva tiltak vil du bruke pengane på?",
				"Hvilke projekter vil du bruge pengene på?",
				"Which projects would you spend the money on?"),
			Help: demoTr(
				"Velg så mange du vil, så lenge summen ikke blir over 1 500 000 kroner.",
				"Vel så mange du vil, så lenge summen ikkje blir over 1 500 000 kroner.",
				"Vælg så mange, du vil, så længe summen ikke bliver over 1.500.000 kroner.",
				"Choose as many as you like, as long as the total is no more than 1,500,000 kroner."),
			Budget: sql.NullInt64{Int64: 1_500_000, Valid: true},
			Options: []OptionInput{
				demoCost(180_000, demoTr("Ti nye benker langs fjordstien", "Ti nye benkar langs fjordstien",
					"Ti nye bænke langs fjordstien", "Ten new benches along the fjord path")),
				demoCost(420_000, demoTr("Belysning på turstien mellom Kvernhus og skolen", "Lys på turstien mellom Kvernhus og skulen",
					"Belysning på stien mellem Kvernhus og skolen", "Lighting on the footpath between Kvernhus and the school")),
				demoCost(550_000, demoTr("Ny lekeplass med skygge i Lundevik", "Ny leikeplass med skugge i Lundevik",
					"Ny legeplads med skygge i Lundevik", "A new playground with shade in Lundevik")),
				demoCost(300_000, demoTr("Gatetun i Strandgata, der barn kan leke og biler kjører i gangfart",
					"Gatetun i Strandgata, der born kan leike og bilar køyrer i gangfart",
					"Legegade i Strandgata, hvor børn kan lege og biler kører i skridtempo",
					"A play street in Strandgata, where children can play and cars drive at walking pace")),
				demoCost(650_000, demoTr("Større bydelsbibliotek på Nordheia, med lesesal og rom for leksehjelp",
					"Større bydelsbibliotek på Nordheia, med lesesal og rom for leksehjelp",
					"Større bydelsbibliotek på Nordheia med læsesal og lokale til lektiehjælp",
					"A bigger branch library in Nordheia, with a reading room and a homework room")),
				demoCost(240_000, demoTr("Grønne lunger: blomstereng og frukttrær i Solbakkparken",
					"Grøne lunger: blomeeng og frukttre i Solbakkparken",
					"Grønne åndehuller: blomstereng og frugttræer i Solbakkparken",
					"Green spaces: a wildflower meadow and fruit trees in Solbakken park")),
				demoCost(390_000, demoTr("Ny ballbinge i Bråtane", "Ny ballbinge i Bråtane",
					"Ny boldbane med hegn i Bråtane", "A new fenced ball court in Bråtane")),
				demoCost(480_000, demoTr("Skatepark ved idrettshallen på Nordheia", "Skatepark ved idrettshallen på Nordheia",
					"Skatepark ved idrætshallen på Nordheia", "A skatepark by the sports hall in Nordheia")),
			},
		},
		{
			Kind: QuestionSingle,
			Prompt: demoTr(
				"Bør innbyggerbudsjettet bli fast hvert år?",
				"Bør innbyggjarbudsjettet bli fast kvart år?",
				"Skal borgerbudgettet være fast hvert år?",
				"Should the participatory budget happen every year?"),
			Options: []OptionInput{
				demoOption(demoTr("Ja, hvert år", "Ja, kvart år", "Ja, hvert år", "Yes, every year")),
				demoOption(demoTr("Ja, men annethvert år", "Ja, men annakvart år", "Ja, men hvert andet år", "Yes, but every other year")),
				demoOption(demoTr("Nei", "Nei", "Nej", "No")),
				demoOption(demoTr("Vet ikke", "Veit ikkje", "Ved ikke", "Don't know")),
			},
		},
	},
}

// demoBudgetHome is the area each budget project lies in: its residents
// choose it more often.
var demoBudgetHome = []string{"0302", "0307", "0305", "0301", "0303", "0304", "0306", "0303"}

// The closed school consultation, in bokmål, nynorsk and Danish: the English
// text is missing on purpose.
var demoSchools = demoConsultationText{
	title: demoTr(
		"Ny skolestruktur i nord: Bråtane, Kvernhus og Nordheia",
		"Ny skulestruktur i nord: Bråtane, Kvernhus og Nordheia",
		"Ny skolestruktur i nord: Bråtane, Kvernhus og Nordheia",
		""),
	summary: demoTr(
		"Bråtane skole og Kvernhus skule trenger store utbedringer, og Nordheia skole er full. Kommunestyret skal velge mellom tre løsninger og ville høre innbyggerne først.",
		"Bråtane skole og Kvernhus skule treng store utbetringar, og Nordheia skole er full. Kommunestyret skal velje mellom tre løysingar og ville høyre innbyggjarane først.",
		"Bråtane skole og Kvernhus skule trænger en gennemgribende istandsættelse, og Nordheia skole er fyldt op. Kommunalbestyrelsen skal vælge mellem tre løsninger og ville høre borgerne først.",
		""),
	body: demoTr(
		"Bråtane skole er fra 1956 og har 84 elever. Kvernhus skule er fra 1962 og har 171 elever. Begge byggene har dårlig inneklima, og ingen av dem er tilgjengelige for elever i rullestol. Samtidig er Nordheia skole full, og elevtallet i nord vokser.\n\n"+
			"Kommunestyret skal velge mellom tre løsninger:\n\n"+
			"A. Beholde alle tre skolene og rehabilitere Bråtane og Kvernhus. Kostnadsoverslag: 310 millioner kroner.\n\n"+
			"B. Slå sammen Bråtane og Kvernhus til én ny skole på Kvernhus. Elevene fra Bråtane får skolebuss. Kostnadsoverslag: 265 millioner kroner.\n\n"+
			"C. Bygge én ny barneskole for hele nord ved Nordheia idrettspark og legge ned Bråtane og Kvernhus. Kostnadsoverslag: 380 millioner kroner, men lavere driftskostnader.\n\n"+
			"Alle kunne svare på nett, på papir på biblioteket og servicetorget, og på folkemøtene på Bråtane grendehus og i gymsalen på Kvernhus skule. Resultatet er lagt ved saken til kommunestyret.",
		"Bråtane skole er frå 1956 og har 84 elevar. Kvernhus skule er frå 1962 og har 171 elevar. Begge bygga har dårleg inneklima, og ingen av dei er tilgjengelege for elevar i rullestol. Samstundes er Nordheia skole full, og elevtalet i nord veks.\n\n"+
			"Kommunestyret skal velje mellom tre løysingar:\n\n"+
			"A. Behalde alle tre skulane og rehabilitere Bråtane og Kvernhus. Kostnadsoverslag: 310 millionar kroner.\n\n"+
			"B. Slå saman Bråtane og Kvernhus til éin ny skule på Kvernhus. Elevane frå Bråtane får skulebuss. Kostnadsoverslag: 265 millionar kroner.\n\n"+
			"C. Byggje éin ny barneskule for heile nord ved Nordheia idrettspark og leggje ned Bråtane og Kvernhus. Kostnadsoverslag: 380 millionar kroner, men lågare driftskostnader.\n\n"+
			"Alle kunne svare på nett, på papir på biblioteket og servicetorget, og på folkemøta på Bråtane grendehus og i gymsalen på Kvernhus skule. Resultatet er lagt ved saka til kommunestyret.",
		"Bråtane skole er fra 1956 og har 84 elever. Kvernhus skule er fra 1962 og har 171 elever. Begge bygninger har dårligt indeklima, og ingen af dem er tilgængelige for elever i kørestol. Samtidig er Nordheia skole fyldt op, og elevtallet i nord vokser.\n\n"+
			"Kommunalbestyrelsen skal vælge mellem tre løsninger:\n\n"+
			"A. Beholde alle tre skoler og renovere Bråtane og Kvernhus. Overslag: 310 millioner kroner.\n\n"+
			"B. Lægge Bråtane og Kvernhus sammen i én ny skole på Kvernhus. Eleverne fra Bråtane får skolebus. Overslag: 265 millioner kroner.\n\n"+
			"C. Bygge én ny skole for 1.–7. klasse for hele nord ved Nordheia idrætspark og lukke Bråtane og Kvernhus. Overslag: 380 millioner kroner, men lavere driftsudgifter.\n\n"+
			"Alle kunne svare på nettet, på papir på biblioteket og i borgerservice og på borgermøderne i Bråtane forsamlingshus og i gymnastiksalen på Kvernhus skule. Resultatet er vedlagt sagen til kommunalbestyrelsen.",
		""),
	questions: []QuestionInput{
		{
			Kind: QuestionSingle,
			Prompt: demoTr("Hvilken løsning foretrekker du?", "Kva løysing føretrekkjer du?",
				"Hvilken løsning foretrækker du?", ""),
			Options: []OptionInput{
				demoOption(demoTr("A: Beholde tre skoler og rehabilitere Bråtane og Kvernhus",
					"A: Behalde tre skular og rehabilitere Bråtane og Kvernhus",
					"A: Beholde tre skoler og renovere Bråtane og Kvernhus", "")),
				demoOption(demoTr("B: Slå sammen Bråtane og Kvernhus til én ny skole på Kvernhus",
					"B: Slå saman Bråtane og Kvernhus til éin ny skule på Kvernhus",
					"B: Lægge Bråtane og Kvernhus sammen i én ny skole på Kvernhus", "")),
				demoOption(demoTr("C: Én ny barneskole for hele nord ved Nordheia idrettspark",
					"C: Éin ny barneskule for heile nord ved Nordheia idrettspark",
					"C: Én ny skole for hele nord ved Nordheia idrætspark", "")),
			},
		},
		{
			Kind: QuestionMultiple,
			Prompt: demoTr("Hva er viktigst for deg når kommunen bestemmer seg?",
				"Kva er viktigast for deg når kommunen bestemmer seg?",
				"Hvad er vigtigst for dig, når kommunen beslutter sig?", ""),
			Help:       demoTr("Velg opptil to.", "Vel opptil to.", "Vælg op til to.", ""),
			MaxChoices: sql.NullInt32{Int32: 2, Valid: true},
			Options: []OptionInput{
				demoOption(demoTr("Kort og trygg skolevei", "Kort og trygg skuleveg", "Kort og sikker skolevej", "")),
				demoOption(demoTr("Gode uteområder og natur nær skolen", "Gode uteområde og natur nær skulen",
					"Gode udearealer og natur tæt på skolen", "")),
				demoOption(demoTr("Et moderne skolebygg med godt inneklima", "Eit moderne skulebygg med godt inneklima",
					"En moderne skolebygning med godt indeklima", "")),
				demoOption(demoTr("Skolen som møteplass i nærmiljøet", "Skulen som møtestad i nærmiljøet",
					"Skolen som mødested i lokalområdet", "")),
				demoOption(demoTr("At kommunen bruker pengene klokt", "At kommunen brukar pengane klokt",
					"At kommunen bruger pengene fornuftigt", "")),
			},
		},
		demoStatement(
			"Det er greit at elever på 1.–4. trinn tar skolebuss i opptil 20 minutter hver vei.",
			"Det er greitt at elevar på 1.–4. trinn tek skulebuss i opptil 20 minutt kvar veg.",
			"Det er i orden, at elever i 1.–4. klasse tager skolebus i op til 20 minutter hver vej.",
			""),
		{
			Kind: QuestionText,
			Prompt: demoTr("Er det noe mer kommunestyret bør vite før de bestemmer seg?",
				"Er det noko meir kommunestyret bør vite før dei bestemmer seg?",
				"Er der andet, kommunalbestyrelsen bør vide, før den beslutter sig?", ""),
		},
	},
}

// demoTurnout is who answered the school consultation in one area and how:
// web ballots, tallied paper ballots and meeting ballots (at meeting
// meetingAt: 0 Bråtane grendehus, 1 Kvernhus skule), and how its residents
// lean: the solution (A, B, C), the priorities, and the statement on the
// school bus (agree, disagree, pass).
type demoTurnout struct {
	area                string
	web, paper, meeting int
	meetingAt           int
	solution            [3]float64
	priorities          [5]float64
	bus                 [3]float64
}

// Bråtane wants to keep its small school (every ballot from there chose
// A), but few of its residents answered: the meeting in Bråtane was thin and hardly anyone there votes
// on the web, which is why the outreach plan points there. Kvernhus wants
// the new school at Kvernhus and came to its meeting in force, with many
// from Nordheia, whose school is full and which wants one big new school.
// The rest of town answered on the web and on paper at the library and the
// service desk in the centre; Skjærgården, out on the islands, hardly at
// all, so that some of its counts are too small to show. The web column is
// also the number of panel residents of each area (see createPanel).
var demoSchoolTurnout = []demoTurnout{
	{"0301", 35, 33, 0, 0, [3]float64{0.25, 0.33, 0.42}, [5]float64{0.25, 0.15, 0.20, 0.10, 0.30}, [3]float64{0.50, 0.30, 0.20}},
	{"0302", 24, 24, 0, 0, [3]float64{0.27, 0.33, 0.40}, [5]float64{0.25, 0.20, 0.20, 0.10, 0.25}, [3]float64{0.50, 0.30, 0.20}},
	{"0303", 22, 28, 16, 1, [3]float64{0.14, 0.24, 0.62}, [5]float64{0.20, 0.15, 0.35, 0.10, 0.20}, [3]float64{0.55, 0.30, 0.15}},
	{"0304", 14, 18, 0, 0, [3]float64{0.32, 0.34, 0.34}, [5]float64{0.25, 0.20, 0.15, 0.15, 0.25}, [3]float64{0.45, 0.35, 0.20}},
	{"0305", 10, 8, 0, 0, [3]float64{0.35, 0.35, 0.30}, [5]float64{0.30, 0.20, 0.15, 0.15, 0.20}, [3]float64{0.45, 0.35, 0.20}},
	{"0306", 2, 2, 6, 0, [3]float64{1, 0, 0}, [5]float64{0.35, 0.15, 0.05, 0.35, 0.10}, [3]float64{0.12, 0.78, 0.10}},
	{"0307", 6, 10, 22, 1, [3]float64{0.26, 0.60, 0.14}, [5]float64{0.30, 0.15, 0.25, 0.20, 0.10}, [3]float64{0.35, 0.50, 0.15}},
	{"0308", 1, 1, 0, 0, [3]float64{0.60, 0.20, 0.20}, [5]float64{0.40, 0.20, 0.05, 0.25, 0.10}, [3]float64{0.30, 0.55, 0.15}},
}

// demoSchoolNoArea are the paper ballots whose voters left the area blank.
var demoSchoolNoArea = demoTurnout{"", 0, 14, 0, 0, [3]float64{0.40, 0.30, 0.30}, [5]float64{0.30, 0.15, 0.15, 0.20, 0.20}, [3]float64{0.40, 0.40, 0.20}}

func demoSchoolTurnoutOf(area string) demoTurnout {
	for _, t := range demoSchoolTurnout {
		if t.area == area {
			return t
		}
	}
	return demoSchoolNoArea
}

// demoSchoolAnswer is a free-text answer to the school consultation: on a
// web ballot from area, or on a paper ballot (with what the voter wrote of
// themselves; assisted: filled in with an official at the service desk),
// from a voter who chose solution option (-1: any).
type demoSchoolAnswer struct {
	area     string
	paper    bool
	assisted bool
	born     int
	gender   string
	option   int
	body     string
}

// channel is the channel of an answer on a ballot an official entered.
func (a demoSchoolAnswer) channel() string {
	if a.assisted {
		return ChannelAssisted
	}
	return ChannelPaper
}

// demoSchoolHidden is the answer a moderator hid: it attacks an employee
// who can be recognised.
const demoSchoolHidden = "Rektoren på Bråtane har latt skolen forfalle i årevis. Han bør få sparken før dere bruker en krone til."

var demoSchoolAnswers = []demoSchoolAnswer{
	{area: "0306", option: 0, body: "Bråtane skole er det eneste som er igjen i bygda. Legger dere den ned, flytter barnefamiliene."},
	{area: "0306", option: 0, body: "Skolebussen fra Bråtane ville brukt nesten 30 minutter med alle stoppene. Det er for lenge for en seksåring."},
	{area: "0306", paper: true, born: 1983, gender: "female", option: 0, body: "Vi flyttet hit på grunn av den lille skolen. Alle kjenner alle, og ingen blir borte."},
	{area: "0306", paper: true, born: 1961, gender: "male", option: 0, body: "Skolen og grendehuset deler gymsal. Forsvinner skolen, forsvinner korpset og idrettslaget også."},
	{area: "0306", option: 0, body: "Vores datter trives på Bråtane skole, netop fordi den er lille. Jeg forstår ikke, hvorfor det skal laves om."},
	{area: "0306", option: 0, body: "Rehabiliter skolen, men bygg den om slik at også elever i rullestol kommer inn. Det må gå an."},
	{area: "0306", paper: true, born: 1975, gender: "male", option: -1, body: "Veien mellom Bråtane og Kvernhus er smal og har ikke fortau. Den må utbedres uansett hva dere velger."},
	{area: "0306", paper: true, assisted: true, born: 1946, gender: "male", option: 0, body: "Jeg gikk selv på Bråtane skole for sytti år siden. Den må få bli."},
	{area: "0306", paper: true, born: 1952, gender: "female", option: 0, body: "Ta vare på skolehagen på Bråtane, uansett hva som skjer med bygget."},
	{area: "0306", paper: true, assisted: true, born: 1955, gender: "female", option: 0, body: "Det var bra at dere holdt møte på grendehuset. Mange av oss eldre her bruker ikke nett."},
	{area: "0306", option: 0, body: demoSchoolHidden},
	{area: "0307", option: 1, body: "Ein ny skule på Kvernhus er det beste kompromisset. Borna frå Bråtane får kortare veg enn til Nordheia."},
	{area: "0307", option: 1, body: "Inneklimaet på Kvernhus skule er så dårleg at fleire born får hovudverk. Noko må skje no, ikkje om fem år."},
	{area: "0307", option: -1, body: "Hugs den gamle kverna ved bekken bak skulen. Ho er eit kulturminne og må takast vare på."},
	{area: "0307", option: 1, body: "Vi trenger en flerbrukshall på Kvernhus uansett. Bygg den sammen med skolen."},
	{area: "0307", option: -1, body: "Lat elevane sjølve få seie kva dei meiner. Det er dei som skal gå der."},
	{area: "0307", paper: true, born: 1958, gender: "female", option: 1, body: "Ikkje legg ned noko før den nye skulen står ferdig. Borna skal ikkje flytte to gonger."},
	{area: "0303", option: 2, body: "En stor skole gir flere lærere med spesialkompetanse og et bedre tilbud til barn som trenger ekstra hjelp."},
	{area: "0303", option: 2, body: "Nordheia skole er allerede full. Uten en ny skole får vi brakker i skolegården i mange år."},
	{area: "0303", option: -1, body: "Idrettsparken er et fint sted for en skole, men trafikken i Heiaveien må løses først."},
	{area: "0303", option: 2, body: "Tenk på driftskostnadene. Tre gamle bygg koster mer enn ett nytt i lengden."},
	{area: "0303", option: 2, body: "Bygg skolen slik at nabolaget kan bruke den om kvelden: bibliotek, gymsal og kantine."},
	{area: "0303", paper: true, born: 1969, gender: "male", option: -1, body: "Mindre klasser er viktigere enn nye bygg."},
	{area: "0301", option: -1, body: "Jeg har ikke barn i skolen, men jeg synes dere skal lytte mest til dem som bor i Bråtane."},
	{area: "0301", option: 1, body: "Uansett løsning: sørg for trygg sykkelparkering og gang- og sykkelvei hele veien."},
	{area: "0304", option: -1, body: "Hvorfor bare tre alternativer? Kunne ikke 1.–4. trinn gått på Bråtane og resten på Kvernhus?"},
	{area: "0302", option: 1, body: "Regnestykket for alternativ A virker for lavt. Rehabilitering blir alltid dyrere enn planlagt."},
	{area: "0302", option: -1, body: "Husk, at mange forældre i nord arbejder i Sentrum. En skole tæt på bussen er en fordel."},
	{area: "0305", option: -1, body: "Dette burde vært bestemt for ti år siden. Bare bestem dere."},
	{area: "0308", paper: true, born: 1979, gender: "female", option: 0, body: "Skjærgården har ingen skole i det hele tatt. Barna våre tar båt og buss i 40 minutter i dag. Tenk på oss også."},
	{area: "", paper: true, option: -1, body: "Skolebussen må ha en voksen med, ikke bare sjåføren."},
	// Two more islanders and two teenagers, last so that the draws for
	// everything above stay as they were: with the guests (demoSchoolGuests)
	// they let the results be weighted.
	{area: "0308", paper: true, born: 1942, gender: "male", option: 0, body: "Datteren min leverer denne på servicetorget for meg. Vi på øyene blir sjelden spurt. Behold de små skolene, de holder liv i bygdene."},
	{area: "0308", paper: true, born: 1957, gender: "male", option: 1, body: "Skolebussen må passe med båtrutene. I dag venter ungene en halvtime på kaia hver morgen."},
	{area: "0303", paper: true, born: 2009, gender: "male", option: 2, body: "Jeg gikk på Nordheia skole. Det var så fullt at vi hadde gym i en brakke. Bygg en ny skole."},
	{area: "0307", paper: true, born: 2008, gender: "female", option: 1, body: "Lillesøsteren min begynner på skolen snart. Kvernhus er nærmest for oss, la skolen ligge der."},
}

// Names of the panel: women's, then men's (as many of each).
var demoFirstNames = [2][]string{
	{"Anne", "Inger", "Marit", "Liv", "Eva", "Silje", "Ida", "Nora", "Sara", "Maja", "Ingeborg", "Sigrid", "Tone", "Heidi",
		"Camilla", "Marianne", "Elisabeth", "Ragnhild", "Kristin", "Aud", "Berit", "Gunn", "Lene", "Mona", "Trine", "Julie",
		"Thea", "Aisha", "Hanna", "Zainab", "Agnieszka", "Olena", "Mari", "Linnea", "Vilde", "Synnøve", "Karoline",
		"Pernille", "Signe", "Freja"},
	{"Ole", "Lars", "Jan", "Bjørn", "Kjell", "Arne", "Knut", "Svein", "Hans", "Terje", "Rune", "Morten", "Tor", "Erik",
		"Kristian", "Magnus", "Henrik", "Sindre", "Eivind", "Sander", "Mathias", "Emil", "Tobias", "Filip", "Ali", "Yusuf",
		"Piotr", "Andrii", "Dawit", "Hamid", "Odd", "Nils", "Gunnar", "Torstein", "Vegard", "Audun", "Anders", "Mads",
		"Rasmus", "Jakob"},
}

// demoDanishNames are the panel's names that choose Danish pages.
var demoDanishNames = map[string]bool{"Pernille": true, "Signe": true, "Freja": true, "Mads": true, "Rasmus": true}

// demoInitials are the initials of the panel's family names.
const demoInitials = "ABDEFGHJKLMNOPRSTVØ"

// demoDays writes calendar days for a date[] parameter.
func demoDays(days []time.Time) pq.StringArray {
	out := make(pq.StringArray, len(days))
	for i, d := range days {
		out[i] = d.Format(time.DateOnly)
	}
	return out
}

// demoStamps writes moments for a timestamptz[] parameter.
func demoStamps(times []time.Time) pq.StringArray {
	out := make(pq.StringArray, len(times))
	for i, t := range times {
		out[i] = t.Format(time.RFC3339Nano)
	}
	return out
}
