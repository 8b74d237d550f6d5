package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/medvirk/medvirk/store"
)

// testBallotKey links voters to ballots in tests.
var testBallotKey = []byte("0123456789abcdef0123456789abcdef")

// oslo is the time zone of the test municipalities (newMunicipality).
var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// day returns today plus offset days in the test municipalities' time zone,
// the calendar the store counts phases by.
func day(offset int) time.Time {
	return store.Today(oslo, time.Now()).AddDate(0, 0, offset)
}

// consultationEnv is a municipality with a published consultation in its
// voting phase: a single-choice question with three options, a budget
// question, a statement and a free-text question.
type consultationEnv struct {
	*propEnv
	official  *store.User
	c         *store.Consultation
	single    store.Question
	budget    store.Question
	statement store.Question
	text      store.Question
}

func label(s string) store.Translations { return store.Translations{"nb": s} }

func money(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: true} }

// votingNow is a calendar whose voting phase is on.
func votingNow(title string) store.ConsultationInput {
	return store.ConsultationInput{
		Title:           store.Translations{"nb": title, "da": title},
		Summary:         store.Translations{"nb": "Hva vil du ha i parken?"},
		InformationFrom: day(-10), VotingFrom: day(-2), VotingUntil: day(5),
	}
}

func newConsultationEnv(t *testing.T, st *store.Store, slug string) *consultationEnv {
	t.Helper()
	e := &consultationEnv{propEnv: newPropEnv(t, st, slug)}
	e.official = e.user(t, store.RoleOfficial, store.Profile{})
	var qs []store.Question
	e.c, qs = e.consultation(t, votingNow("Ny park"), true,
		store.QuestionInput{Position: 1, Kind: store.QuestionSingle, Prompt: label("Hvor?"),
			Options: []store.OptionInput{{Label: label("Nord")}, {Label: label("Sør")}, {Label: label("Øst")}}},
		store.QuestionInput{Position: 2, Kind: store.QuestionBudget, Prompt: label("Hva?"), Budget: money(100),
			Options: []store.OptionInput{
				{Label: label("Benker"), Cost: money(40)},
				{Label: label("Lekeplass"), Cost: money(70)},
				{Label: label("Trær"), Cost: money(30)},
			}},
		store.QuestionInput{Position: 3, Kind: store.QuestionStatement, Prompt: label("Parken bør være åpen om natta.")},
		store.QuestionInput{Position: 4, Kind: store.QuestionText, Prompt: label("Noe mer?")},
	)
	e.single, e.budget, e.statement, e.text = qs[0], qs[1], qs[2], qs[3]
	return e
}

// consultation creates a consultation of e's municipality with questions,
// publishes it when publish is set, and returns it with its questions in
// order.
func (e *consultationEnv) consultation(t *testing.T, in store.ConsultationInput, publish bool, questions ...store.QuestionInput) (*store.Consultation, []store.Question) {
	t.Helper()
	id, err := e.st.CreateConsultation(e.ctx, e.m.ID, e.official.ID, in)
	if err != nil {
		t.Fatalf("create consultation: %v", err)
	}
	for _, q := range questions {
		if _, err := e.st.CreateQuestion(e.ctx, e.m.ID, e.official.ID, id, q); err != nil {
			t.Fatalf("create %s question: %v", q.Kind, err)
		}
	}
	if publish {
		if err := e.st.PublishConsultation(e.ctx, e.m.ID, e.official.ID, id); err != nil {
			t.Fatalf("publish: %v", err)
		}
	}
	c, err := e.st.ConsultationByID(e.ctx, e.m.ID, id)
	if err != nil {
		t.Fatalf("read consultation: %v", err)
	}
	var qs []store.Question
	if len(questions) > 0 {
		if qs, err = e.st.Questions(e.ctx, e.m.ID, id); err != nil || len(qs) != len(questions) {
			t.Fatalf("questions: %v %v", qs, err)
		}
	}
	return c, qs
}

// reload reads e.c again.
func (e *consultationEnv) reload(t *testing.T) *store.Consultation {
	t.Helper()
	c, err := e.st.ConsultationByID(e.ctx, e.m.ID, e.c.ID)
	if err != nil {
		t.Fatalf("read consultation: %v", err)
	}
	return c
}

// cast casts ballot b for u in e.c.
func (e *consultationEnv) cast(u *store.User, b store.BallotInput) (store.CastReceipt, error) {
	return e.st.CastBallot(e.ctx, e.m.ID, testBallotKey, u.ID, e.c.ID, b)
}

// vote casts a ballot choosing option i of the single-choice question.
func (e *consultationEnv) vote(t *testing.T, u *store.User, i int) store.CastReceipt {
	t.Helper()
	r, err := e.cast(u, choose(e.single, i))
	if err != nil {
		t.Fatalf("cast ballot: %v", err)
	}
	return r
}

// choose is a ballot choosing options at indexes of question q.
func choose(q store.Question, indexes ...int) store.BallotInput {
	ids := make([]int64, len(indexes))
	for i, x := range indexes {
		ids[i] = q.Options[x].ID
	}
	return store.BallotInput{Choices: map[int64][]int64{q.ID: ids}}
}

// ballotID returns the id of u's ballot in e.c, found by the voter hash.
func (e *consultationEnv) ballotID(t *testing.T, u *store.User) string {
	t.Helper()
	var id string
	err := e.st.DB().QueryRowContext(e.ctx, `SELECT id FROM ballots WHERE consultation_id = $1 AND voter_hash = $2`,
		e.c.ID, store.VoterHash(testBallotKey, e.m.ID, e.c.ID, u.ID)).Scan(&id)
	if err != nil {
		t.Fatalf("ballot of user %d: %v", u.ID, err)
	}
	return id
}

// problems returns the codes of a BallotError by question ("q<id>:<code>"),
// or fails the test when err is not one.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var be *store.BallotError
	if !errors.As(err, &be) {
		t.Fatalf("want a BallotError, got %v", err)
	}
	codes := make([]string, len(be.Problems))
	for i, p := range be.Problems {
		codes[i] = fmt.Sprintf("q%d:%s", p.QuestionID, p.Code)
	}
	return codes
}

// residents creates n residents at once, with profile(i) as the profile of
// the i-th when profile is not nil.
func (e *consultationEnv) residents(t *testing.T, n int, profile func(i int) store.Profile) []*store.User {
	t.Helper()
	e.n++
	rows, err := e.st.DB().QueryContext(e.ctx, `INSERT INTO users (municipality_id, email, display_name, role)
		SELECT $1, 'voter' || $2::int || '-' || g || '@' || $3 || '.example', 'Velger ' || g, 'resident'
		FROM generate_series(1, $4::int) g ORDER BY g RETURNING id`, e.m.ID, e.n, e.m.Slug, n)
	if err != nil {
		t.Fatalf("create residents: %v", err)
	}
	defer rows.Close()
	var users []*store.User
	for rows.Next() {
		u := &store.User{MunicipalityID: e.m.ID, Role: store.RoleResident}
		if err := rows.Scan(&u.ID); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil || len(users) != n {
		t.Fatalf("created %d residents: %v", len(users), err)
	}
	if profile == nil {
		return users
	}
	ids := make([]int64, n)
	areas := make([]sql.NullInt64, n)
	years := make([]sql.NullInt32, n)
	genders := make([]sql.NullString, n)
	for i, u := range users {
		p := profile(i)
		ids[i], areas[i], years[i], genders[i] = u.ID, p.AreaID, p.BirthYear, p.Gender
	}
	e.exec(t, `INSERT INTO resident_profiles (user_id, municipality_id, area_id, birth_year, gender, consent_at)
		SELECT unnest($1::bigint[]), $2, unnest($3::bigint[]), unnest($4::int[]), unnest($5::text[]), now()`,
		pq.Array(ids), e.m.ID, pq.GenericArray{A: areas}, pq.GenericArray{A: years}, pq.GenericArray{A: genders})
	return users
}
