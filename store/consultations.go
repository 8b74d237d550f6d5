package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Consultation statuses, in the order a consultation goes through them.
const (
	ConsultationDraft            = "draft"
	ConsultationPublished        = "published"
	ConsultationClosed           = "closed"
	ConsultationResultsPublished = "results_published"
)

// Phases of a consultation as residents see them. Phase derives them from the
// status and the calendar.
const (
	PhaseDraft       = "draft"       // not published
	PhaseUpcoming    = "upcoming"    // published, before the information phase
	PhaseInformation = "information" // read only
	PhaseInput       = "input"       // free text and statements open
	PhaseVoting      = "voting"      // every question open
	PhaseCounting    = "counting"    // voting is over, results not yet published
	PhaseResults     = "results"     // results published
)

// Errors of the consultation rules.
var (
	// ErrHasVotes refuses a change to the questions or the eligibility once
	// ballots exist: only text fixes are allowed then.
	ErrHasVotes = fmt.Errorf("the consultation has ballots: %w", ErrConflict)
	// ErrWrongStatus refuses a step that the consultation's status does not
	// allow (publishing twice, closing a draft, editing a closed one).
	ErrWrongStatus = fmt.Errorf("not allowed in the consultation's status: %w", ErrConflict)
	// ErrNoQuestions refuses to publish a consultation without questions.
	ErrNoQuestions = fmt.Errorf("the consultation has no questions: %w", ErrConflict)
	// ErrDefaultLanguageMissing refuses text without the municipality's
	// default language.
	ErrDefaultLanguageMissing = errors.New("text in the municipality's default language is missing")
)

// Consultation is a consultation with its target areas.
type Consultation struct {
	ID              int64         `db:"id"`
	MunicipalityID  int64         `db:"municipality_id"`
	Title           Translations  `db:"title"`
	Summary         Translations  `db:"summary"`
	Body            Translations  `db:"body"`
	Status          string        `db:"status"`
	InformationFrom time.Time     `db:"information_from"`
	InputFrom       sql.NullTime  `db:"input_from"`
	VotingFrom      time.Time     `db:"voting_from"`
	VotingUntil     time.Time     `db:"voting_until"`
	ResultsFrom     sql.NullTime  `db:"results_from"`
	LiveResults     bool          `db:"live_results"`
	RestrictToAreas bool          `db:"restrict_to_areas"`
	MinAge          sql.NullInt32 `db:"min_age"`
	CreatedAt       time.Time     `db:"created_at"`
	UpdatedAt       time.Time     `db:"updated_at"`
	PublishedAt     sql.NullTime  `db:"published_at"`
	ClosedAt        sql.NullTime  `db:"closed_at"`
	AreaIDs         pq.Int64Array `db:"area_ids"` // empty: the whole municipality
	// HasVotes is true once a ballot or a tally exists.
	HasVotes bool `db:"has_votes"`
	// Ballots counts web, paper and tallied ballots.
	Ballots int `db:"ballots"`
}

// Today returns the calendar day in loc as a date at midnight UTC, the form
// in which PostgreSQL dates are read.
func Today(loc *time.Location, now time.Time) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Phase returns the consultation's phase on day today (see Today).
func (c *Consultation) Phase(today time.Time) string {
	switch c.Status {
	case ConsultationDraft:
		return PhaseDraft
	case ConsultationClosed:
		return PhaseCounting
	case ConsultationResultsPublished:
		return PhaseResults
	}
	switch {
	case today.Before(c.InformationFrom):
		return PhaseUpcoming
	case today.After(c.VotingUntil):
		return PhaseCounting
	case !today.Before(c.VotingFrom):
		return PhaseVoting
	case c.InputFrom.Valid && !today.Before(c.InputFrom.Time):
		return PhaseInput
	}
	return PhaseInformation
}

// ResultsVisible reports whether everyone may see the results on day today.
func (c *Consultation) ResultsVisible(today time.Time) bool {
	phase := c.Phase(today)
	return phase == PhaseResults || (c.LiveResults && (phase == PhaseVoting || phase == PhaseInput || phase == PhaseCounting))
}

// Targets reports whether area is one of the consultation's target areas;
// every area is when the consultation targets the whole municipality.
func (c *Consultation) Targets(area int64) bool {
	if len(c.AreaIDs) == 0 {
		return true
	}
	for _, id := range c.AreaIDs {
		if id == area {
			return true
		}
	}
	return false
}

// ConsultationInput is what an official writes: texts per language, the
// calendar, the target areas and who may vote.
type ConsultationInput struct {
	Title, Summary, Body Translations
	InformationFrom      time.Time
	InputFrom            sql.NullTime
	VotingFrom           time.Time
	VotingUntil          time.Time
	ResultsFrom          sql.NullTime
	LiveResults          bool
	RestrictToAreas      bool
	MinAge               sql.NullInt32
	AreaIDs              []int64
}

// consultationRowColumns are a consultation's own columns and target areas,
// without the ballot counts (HasVotes and Ballots stay zero).
const consultationRowColumns = `c.id, c.municipality_id, c.title, c.summary, c.body, c.status,
	c.information_from, c.input_from, c.voting_from, c.voting_until, c.results_from,
	c.live_results, c.restrict_to_areas, c.min_age, c.created_at, c.updated_at,
	c.published_at, c.closed_at,
	ARRAY(SELECT ca.area_id FROM consultation_areas ca
		WHERE ca.municipality_id = c.municipality_id AND ca.consultation_id = c.id ORDER BY ca.area_id) AS area_ids`

const consultationColumns = consultationRowColumns + `,
	EXISTS (SELECT 1 FROM ballots b WHERE b.municipality_id = c.municipality_id AND b.consultation_id = c.id)
		OR EXISTS (SELECT 1 FROM ballot_tallies t WHERE t.municipality_id = c.municipality_id AND t.consultation_id = c.id) AS has_votes,
	(SELECT count(*) FROM ballots b WHERE b.municipality_id = c.municipality_id AND b.consultation_id = c.id)
		+ COALESCE((SELECT sum(t.ballots) FROM ballot_tallies t WHERE t.municipality_id = c.municipality_id AND t.consultation_id = c.id), 0) AS ballots`

// ConsultationByID returns a consultation of the municipality. Drafts are
// returned too; handlers show them to officials only.
func (s *Store) ConsultationByID(ctx context.Context, municipalityID, id int64) (*Consultation, error) {
	var c Consultation
	err := s.db.GetContext(ctx, &c, `SELECT `+consultationColumns+`
		FROM consultations c WHERE c.municipality_id = $1 AND c.id = $2`, municipalityID, id)
	if err != nil {
		return nil, notFound(err, "consultation "+strconv.FormatInt(id, 10))
	}
	return &c, nil
}

// consultationExists returns ErrNotFound unless the municipality has the
// consultation. Reads that find nothing call it, so that another
// municipality's consultation is refused rather than shown as empty.
func (s *Store) consultationExists(ctx context.Context, municipalityID, id int64) error {
	var found bool
	if err := s.db.GetContext(ctx, &found, `SELECT EXISTS (SELECT 1 FROM consultations
		WHERE municipality_id = $1 AND id = $2)`, municipalityID, id); err != nil {
		return fmt.Errorf("find consultation %d: %w", id, err)
	}
	if !found {
		return fmt.Errorf("consultation %d: %w", id, ErrNotFound)
	}
	return nil
}

// ListConsultations returns the municipality's consultations, open ones
// first, newest voting end first; drafts only when withDrafts.
func (s *Store) ListConsultations(ctx context.Context, municipalityID int64, withDrafts bool) ([]Consultation, error) {
	var list []Consultation
	err := s.db.SelectContext(ctx, &list, `SELECT `+consultationColumns+`
		FROM consultations c
		WHERE c.municipality_id = $1 AND (c.status <> 'draft' OR $2)
		ORDER BY CASE c.status WHEN 'draft' THEN 0 WHEN 'published' THEN 1 WHEN 'closed' THEN 2 ELSE 3 END,
			c.voting_until DESC, c.id DESC
		LIMIT 500`, municipalityID, withDrafts)
	if err != nil {
		return nil, fmt.Errorf("list consultations: %w", err)
	}
	return list, nil
}

// requireDefaultLanguage refuses texts without the municipality's default
// language (ErrDefaultLanguageMissing).
func requireDefaultLanguage(ctx context.Context, tx *sqlx.Tx, municipalityID int64, texts Translations) error {
	var defaultLocale string
	if err := tx.GetContext(ctx, &defaultLocale, `SELECT default_locale FROM municipalities WHERE id = $1`, municipalityID); err != nil {
		return notFound(err, "municipality")
	}
	if texts[defaultLocale] == "" {
		return ErrDefaultLanguageMissing
	}
	return nil
}

// checkConsultationInput checks what the schema cannot: the default
// language's title and that the target areas are the municipality's.
func checkConsultationInput(ctx context.Context, tx *sqlx.Tx, municipalityID int64, in ConsultationInput) error {
	if err := requireDefaultLanguage(ctx, tx, municipalityID, in.Title); err != nil {
		return err
	}
	if len(in.AreaIDs) > 0 {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM areas WHERE municipality_id = $1 AND id = ANY($2)`,
			municipalityID, pq.Array(in.AreaIDs)); err != nil {
			return fmt.Errorf("check target areas: %w", err)
		}
		if n != len(distinct(in.AreaIDs)) {
			return fmt.Errorf("target area: %w", ErrNotFound)
		}
	}
	return nil
}

func setConsultationAreas(ctx context.Context, tx *sqlx.Tx, municipalityID, id int64, areaIDs []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM consultation_areas WHERE municipality_id = $1 AND consultation_id = $2`,
		municipalityID, id); err != nil {
		return fmt.Errorf("clear target areas: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_areas (municipality_id, consultation_id, area_id)
		SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`, municipalityID, id, pq.Array(areaIDs)); err != nil {
		return fmt.Errorf("set target areas: %w", err)
	}
	return nil
}

// CreateConsultation stores a new draft and returns its id.
func (s *Store) CreateConsultation(ctx context.Context, municipalityID, officialID int64, in ConsultationInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkConsultationInput(ctx, tx, municipalityID, in); err != nil {
			return err
		}
		err := tx.GetContext(ctx, &id, `INSERT INTO consultations
			(municipality_id, title, summary, body, information_from, input_from, voting_from, voting_until,
			 results_from, live_results, restrict_to_areas, min_age, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			municipalityID, in.Title, nonNil(in.Summary), nonNil(in.Body), in.InformationFrom, in.InputFrom,
			in.VotingFrom, in.VotingUntil, in.ResultsFrom, in.LiveResults, in.RestrictToAreas, in.MinAge, officialID)
		if err != nil {
			return fmt.Errorf("insert consultation: %w", err)
		}
		if err := setConsultationAreas(ctx, tx, municipalityID, id, in.AreaIDs); err != nil {
			return err
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "consultation.create", TargetType: "consultation", TargetID: strconv.FormatInt(id, 10)})
	})
	return id, err
}

func nonNil(t Translations) Translations {
	if t == nil {
		return Translations{}
	}
	return t
}

// lockConsultation reads a consultation's status and whether it has votes,
// holding its row until the transaction ends, so that a ballot cast
// concurrently cannot slip past a rule that depends on there being none.
func lockConsultation(ctx context.Context, tx *sqlx.Tx, municipalityID, id int64) (status string, hasVotes bool, err error) {
	var row struct {
		Status   string `db:"status"`
		HasVotes bool   `db:"has_votes"`
	}
	err = tx.GetContext(ctx, &row, `SELECT c.status,
			EXISTS (SELECT 1 FROM ballots b WHERE b.municipality_id = c.municipality_id AND b.consultation_id = c.id)
			OR EXISTS (SELECT 1 FROM ballot_tallies t WHERE t.municipality_id = c.municipality_id AND t.consultation_id = c.id) AS has_votes
		FROM consultations c WHERE c.municipality_id = $1 AND c.id = $2 FOR UPDATE`, municipalityID, id)
	if err != nil {
		return "", false, notFound(err, "consultation "+strconv.FormatInt(id, 10))
	}
	return row.Status, row.HasVotes, nil
}

// UpdateConsultation changes a draft or published consultation. Once ballots
// exist, the target areas and the eligibility rules stay as they were
// (ErrHasVotes): changing them would change who may have voted.
func (s *Store) UpdateConsultation(ctx context.Context, municipalityID, officialID, id int64, in ConsultationInput) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		status, hasVotes, err := lockConsultation(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		if status != ConsultationDraft && status != ConsultationPublished {
			return ErrWrongStatus
		}
		if err := checkConsultationInput(ctx, tx, municipalityID, in); err != nil {
			return err
		}
		if hasVotes {
			var same bool
			err := tx.GetContext(ctx, &same, `SELECT c.restrict_to_areas = $3 AND c.min_age IS NOT DISTINCT FROM $4
				AND ARRAY(SELECT area_id FROM consultation_areas ca WHERE ca.municipality_id = c.municipality_id
					AND ca.consultation_id = c.id ORDER BY area_id) = ARRAY(SELECT DISTINCT unnest($5::bigint[]) ORDER BY 1)
				FROM consultations c WHERE c.municipality_id = $1 AND c.id = $2`,
				municipalityID, id, in.RestrictToAreas, in.MinAge, pq.Array(in.AreaIDs))
			if err != nil {
				return fmt.Errorf("compare eligibility: %w", err)
			}
			if !same {
				return ErrHasVotes
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE consultations SET title = $3, summary = $4, body = $5,
			information_from = $6, input_from = $7, voting_from = $8, voting_until = $9, results_from = $10,
			live_results = $11, restrict_to_areas = $12, min_age = $13, updated_at = now()
			WHERE municipality_id = $1 AND id = $2`,
			municipalityID, id, in.Title, nonNil(in.Summary), nonNil(in.Body), in.InformationFrom, in.InputFrom,
			in.VotingFrom, in.VotingUntil, in.ResultsFrom, in.LiveResults, in.RestrictToAreas, in.MinAge)
		if err != nil {
			return fmt.Errorf("update consultation: %w", err)
		}
		if !hasVotes {
			if err := setConsultationAreas(ctx, tx, municipalityID, id, in.AreaIDs); err != nil {
				return err
			}
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "consultation.update", TargetType: "consultation", TargetID: strconv.FormatInt(id, 10)})
	})
}

// PublishConsultation makes a draft with at least one question public.
func (s *Store) PublishConsultation(ctx context.Context, municipalityID, officialID, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		status, _, err := lockConsultation(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		if status != ConsultationDraft {
			return ErrWrongStatus
		}
		var questions int
		if err := tx.GetContext(ctx, &questions, `SELECT count(*) FROM consultation_questions
			WHERE municipality_id = $1 AND consultation_id = $2`, municipalityID, id); err != nil {
			return fmt.Errorf("count questions: %w", err)
		}
		if questions == 0 {
			return ErrNoQuestions
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET status = 'published', published_at = now(), updated_at = now()
			WHERE municipality_id = $1 AND id = $2`, municipalityID, id); err != nil {
			return fmt.Errorf("publish consultation: %w", err)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "consultation.publish", TargetType: "consultation", TargetID: strconv.FormatInt(id, 10)})
	})
}

// CloseVoting ends voting on a published consultation: see closeVoting.
func (s *Store) CloseVoting(ctx context.Context, municipalityID, officialID, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		status, _, err := lockConsultation(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		if status != ConsultationPublished {
			return ErrWrongStatus
		}
		return closeVoting(ctx, tx, municipalityID, officialID, id)
	})
}

// closeVoting closes a locked, published consultation and makes its ballots
// anonymous for good: the voter hashes are dropped and every ballot row and
// answer row is written again in random order, so that neither a link nor
// the rows' physical order can tie a ballot to a voter or to the moment
// they voted. Every ballot's day becomes the closing day, so that the day a
// resident voted (which the ledger keeps) cannot single out their ballot.
// Ids and receipts stay, so receipts keep working.
func closeVoting(ctx context.Context, tx *sqlx.Tx, municipalityID, officialID, id int64) error {
	steps := []struct{ what, sql string }{
		{"close consultation", `UPDATE consultations SET status = 'closed', closed_at = now(), updated_at = now()
			WHERE municipality_id = $1 AND id = $2`},
		{"copy ballots", `CREATE TEMP TABLE closing_ballots ON COMMIT DROP AS
			SELECT id, municipality_id, consultation_id, receipt_hash, channel, cast_on, area_id, age_band, gender
			FROM ballots WHERE municipality_id = $1 AND consultation_id = $2`},
		{"copy choices", `CREATE TEMP TABLE closing_choices ON COMMIT DROP AS
			SELECT municipality_id, consultation_id, ballot_id, question_id, option_id
			FROM ballot_choices WHERE municipality_id = $1 AND consultation_id = $2`},
		{"copy stances", `CREATE TEMP TABLE closing_stances ON COMMIT DROP AS
			SELECT municipality_id, consultation_id, ballot_id, question_id, stance
			FROM ballot_stances WHERE municipality_id = $1 AND consultation_id = $2`},
		{"copy texts", `CREATE TEMP TABLE closing_texts ON COMMIT DROP AS
			SELECT id, municipality_id, consultation_id, ballot_id, question_id, body, hidden
			FROM ballot_texts WHERE municipality_id = $1 AND consultation_id = $2`},
		{"delete ballots", `DELETE FROM ballots WHERE municipality_id = $1 AND consultation_id = $2`},
	}
	for _, step := range steps {
		if _, err := tx.ExecContext(ctx, step.sql, municipalityID, id); err != nil {
			return fmt.Errorf("%s %d: %w", step.what, id, err)
		}
	}
	refill := []struct{ what, sql string }{
		{"rewrite ballots", `INSERT INTO ballots (id, municipality_id, consultation_id, voter_hash, receipt_hash, channel, cast_on, area_id, age_band, gender)
			SELECT b.id, b.municipality_id, b.consultation_id, NULL, b.receipt_hash, b.channel,
				LEAST(c.voting_until, (now() AT TIME ZONE m.time_zone)::date), b.area_id, b.age_band, b.gender
			FROM closing_ballots b
			JOIN consultations c ON c.municipality_id = b.municipality_id AND c.id = b.consultation_id
			JOIN municipalities m ON m.id = b.municipality_id
			ORDER BY random()`},
		{"rewrite choices", `INSERT INTO ballot_choices (municipality_id, consultation_id, ballot_id, question_id, option_id)
			SELECT municipality_id, consultation_id, ballot_id, question_id, option_id FROM closing_choices ORDER BY random()`},
		{"rewrite stances", `INSERT INTO ballot_stances (municipality_id, consultation_id, ballot_id, question_id, stance)
			SELECT municipality_id, consultation_id, ballot_id, question_id, stance FROM closing_stances ORDER BY random()`},
		{"rewrite texts", `INSERT INTO ballot_texts (id, municipality_id, consultation_id, ballot_id, question_id, body, hidden)
			SELECT id, municipality_id, consultation_id, ballot_id, question_id, body, hidden FROM closing_texts ORDER BY random()`},
		{"drop copies", `DROP TABLE closing_ballots, closing_choices, closing_stances, closing_texts`},
	}
	for _, step := range refill {
		if _, err := tx.ExecContext(ctx, step.sql); err != nil {
			return fmt.Errorf("%s %d: %w", step.what, id, err)
		}
	}
	return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
		Action: "consultation.close", TargetType: "consultation", TargetID: strconv.FormatInt(id, 10)})
}

// CloseDueConsultations closes voting on every published consultation of the
// municipality whose last voting day has passed in its time zone. It returns
// how many it closed. Serving instances call it on a timer and before showing
// a consultation, so that links never outlive the voting phase for long.
func (s *Store) CloseDueConsultations(ctx context.Context, municipalityID int64) (int, error) {
	var due []int64
	err := s.db.SelectContext(ctx, &due, `SELECT c.id FROM consultations c JOIN municipalities m ON m.id = c.municipality_id
		WHERE c.municipality_id = $1 AND c.status = 'published'
			AND c.voting_until < (now() AT TIME ZONE m.time_zone)::date`, municipalityID)
	if err != nil {
		return 0, fmt.Errorf("find consultations due to close: %w", err)
	}
	closed := 0
	for _, id := range due {
		did := false
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			status, _, err := lockConsultation(ctx, tx, municipalityID, id)
			if err != nil || status != ConsultationPublished {
				return err // closed meanwhile by someone else: nothing to do
			}
			did = true
			return closeVoting(ctx, tx, municipalityID, 0, id)
		})
		if err != nil {
			return closed, fmt.Errorf("close consultation %d: %w", id, err)
		}
		if did {
			closed++
		}
	}
	return closed, nil
}

// PublishResults publishes the results of a consultation whose voting has
// closed; a published consultation is closed first.
func (s *Store) PublishResults(ctx context.Context, municipalityID, officialID, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		status, _, err := lockConsultation(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		switch status {
		case ConsultationPublished:
			if err := closeVoting(ctx, tx, municipalityID, officialID, id); err != nil {
				return err
			}
		case ConsultationClosed:
		default:
			return ErrWrongStatus
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET status = 'results_published', updated_at = now()
			WHERE municipality_id = $1 AND id = $2`, municipalityID, id); err != nil {
			return fmt.Errorf("publish results: %w", err)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "consultation.publish_results", TargetType: "consultation", TargetID: strconv.FormatInt(id, 10)})
	})
}

// Ineligibility reasons, from Eligibility. The empty reason means eligible.
const (
	IneligibleAreaMissing = "area_missing" // the profile has no area
	IneligibleArea        = "area"         // the profile's area is not a target area
	IneligibleAgeMissing  = "age_missing"  // the profile has no birth year
	IneligibleAge         = "age"          // too young
)

// eligibility says why a resident with profile p may not vote in c on day
// today, or "" when they may. Age counts by year: someone who turns the
// minimum age this year may vote, as in Norwegian and Danish elections.
func eligibility(c *Consultation, p Profile, today time.Time) string {
	if c.RestrictToAreas && len(c.AreaIDs) > 0 {
		if !p.AreaID.Valid {
			return IneligibleAreaMissing
		}
		if !c.Targets(p.AreaID.Int64) {
			return IneligibleArea
		}
	}
	if c.MinAge.Valid && c.MinAge.Int32 > 0 {
		if !p.BirthYear.Valid {
			return IneligibleAgeMissing
		}
		if today.Year()-int(p.BirthYear.Int32) < int(c.MinAge.Int32) {
			return IneligibleAge
		}
	}
	return ""
}

// Eligibility says why the resident may not vote in consultation c, or ""
// when they may.
func (s *Store) Eligibility(ctx context.Context, c *Consultation, userID int64, today time.Time) (string, error) {
	p, err := s.ProfileOf(ctx, c.MunicipalityID, userID)
	if err != nil {
		return "", err
	}
	return eligibility(c, p, today), nil
}

// distinct returns ids without repeats, in their first order.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
