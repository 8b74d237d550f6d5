package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Errors of casting a ballot.
var (
	// ErrNotOpen refuses a ballot when the consultation takes no answers:
	// before the input phase, after voting, or while it is a draft.
	ErrNotOpen = fmt.Errorf("the consultation does not take answers now: %w", ErrConflict)
	// ErrEmptyBallot refuses a ballot without a single answer.
	ErrEmptyBallot = fmt.Errorf("the ballot has no answers: %w", ErrConflict)
)

// IneligibleError refuses a ballot from a resident who may not vote; Reason
// is one of the Ineligible* constants.
type IneligibleError struct{ Reason string }

func (e *IneligibleError) Error() string { return "not eligible to vote: " + e.Reason }

// Problems with one answer on a ballot.
const (
	ProblemUnknownQuestion = "unknown_question" // not a question of this consultation
	ProblemUnknownOption   = "unknown_option"   // not an option of this question
	ProblemNotOpen         = "not_open"         // the question takes no answers in this phase
	ProblemTooFew          = "too_few"          // fewer options than MinChoices
	ProblemTooMany         = "too_many"         // more options than allowed
	ProblemOverBudget      = "over_budget"      // the chosen costs exceed the budget
	ProblemTooLong         = "too_long"         // a free-text answer over MaxAnswerLength
	ProblemStance          = "stance"           // not agree, disagree or pass
	ProblemCount           = "count"            // a tally count is impossible
)

// BallotProblem is what is wrong with the answer to one question.
type BallotProblem struct {
	QuestionID int64
	Code       string
	Limit      int64 // the limit that was broken (choices, budget, length), if any
}

// BallotError lists every problem of a ballot, so that the form can show
// them all at once and keep the voter's choices.
type BallotError struct{ Problems []BallotProblem }

func (e *BallotError) Error() string {
	codes := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		codes[i] = fmt.Sprintf("question %d: %s", p.QuestionID, p.Code)
	}
	return "ballot refused: " + strings.Join(codes, "; ")
}

// BallotInput is the content of a ballot.
type BallotInput struct {
	Choices map[int64][]int64 // question -> chosen options
	Stances map[int64]string  // statement question -> stance
	Texts   map[int64]string  // free-text question -> answer
}

// Empty reports whether the ballot answers nothing.
func (b BallotInput) Empty() bool {
	for _, opts := range b.Choices {
		if len(opts) > 0 {
			return false
		}
	}
	for _, s := range b.Stances {
		if s != "" {
			return false
		}
	}
	for _, t := range b.Texts {
		if strings.TrimSpace(t) != "" {
			return false
		}
	}
	return true
}

// VoterHash links a resident to their ballot in one consultation while
// voting is open. The key comes from the environment, never the database, so
// a copy of the database alone cannot tell whose ballot a hash is.
func VoterHash(key []byte, municipalityID, consultationID, userID int64) []byte {
	mac := hmac.New(sha256.New, key)
	var buf [8 * 3]byte
	binary.BigEndian.PutUint64(buf[0:], uint64(municipalityID))
	binary.BigEndian.PutUint64(buf[8:], uint64(consultationID))
	binary.BigEndian.PutUint64(buf[16:], uint64(userID))
	mac.Write([]byte("medvirk ballot v1\x00"))
	mac.Write(buf[:])
	return mac.Sum(nil)
}

// receiptEncoding writes receipt codes in Crockford's base32 alphabet,
// without the letters that are easy to misread (I, L, O, U).
var receiptEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// newReceipt returns a fresh receipt code (80 random bits, as XXXX-XXXX-XXXX-XXXX)
// and the hash that the ballot keeps.
func newReceipt() (code string, hash []byte, err error) {
	var raw [10]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", nil, fmt.Errorf("receipt code: %w", err)
	}
	s := receiptEncoding.EncodeToString(raw[:])
	code = s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
	return code, receiptHash(code), nil
}

// NormaliseReceipt turns what a voter typed into the canonical code:
// upper case, without spaces or dashes, with O read as 0 and I or L as 1.
func NormaliseReceipt(code string) string {
	code = strings.ToUpper(code)
	code = strings.NewReplacer(" ", "", "-", "", "O", "0", "I", "1", "L", "1").Replace(code)
	if len(code) != 16 {
		return code
	}
	return code[0:4] + "-" + code[4:8] + "-" + code[8:12] + "-" + code[12:16]
}

func receiptHash(code string) []byte {
	sum := sha256.Sum256([]byte(NormaliseReceipt(code)))
	return sum[:]
}

// ballotTarget is the consultation a ballot goes into, read under a share
// lock so that closing waits for ballots in flight (and they for it). It
// does not count the ballots (HasVotes and Ballots are zero): casting one
// must not read all the others.
type ballotTarget struct {
	Consultation
	Today time.Time `db:"today"`
}

func lockBallotTarget(ctx context.Context, tx *sqlx.Tx, municipalityID, consultationID int64) (*ballotTarget, error) {
	var t ballotTarget
	err := tx.GetContext(ctx, &t, `SELECT `+consultationRowColumns+`, (now() AT TIME ZONE m.time_zone)::date AS today
		FROM consultations c JOIN municipalities m ON m.id = c.municipality_id
		WHERE c.municipality_id = $1 AND c.id = $2 FOR SHARE OF c`, municipalityID, consultationID)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("consultation %d", consultationID))
	}
	return &t, nil
}

// CheckBallot returns every problem of ballot b for questions in phase
// (PhaseVoting for paper ballots, which take every question), or nil.
func CheckBallot(questions []Question, phase string, b BallotInput) []BallotProblem {
	byID := make(map[int64]*Question, len(questions))
	for i := range questions {
		byID[questions[i].ID] = &questions[i]
	}
	var problems []BallotProblem
	add := func(q int64, code string, limit int64) {
		problems = append(problems, BallotProblem{QuestionID: q, Code: code, Limit: limit})
	}
	for qid, chosen := range b.Choices {
		q, ok := byID[qid]
		if !ok || !HasOptions(q.Kind) {
			add(qid, ProblemUnknownQuestion, 0)
			continue
		}
		if len(chosen) > 0 && !q.OpenIn(phase) {
			add(qid, ProblemNotOpen, 0)
			continue
		}
		costs := make(map[int64]int64, len(q.Options))
		for _, o := range q.Options {
			costs[o.ID] = o.Cost.Int64
		}
		seen := make(map[int64]bool, len(chosen))
		var spent int64
		unknown := false
		for _, o := range chosen {
			cost, ok := costs[o]
			if !ok || seen[o] {
				unknown = true
				break
			}
			seen[o] = true
			spent += cost
		}
		switch {
		case unknown:
			add(qid, ProblemUnknownOption, 0)
		case q.Kind == QuestionSingle && len(chosen) > 1:
			add(qid, ProblemTooMany, 1)
		case q.MaxChoices.Valid && len(chosen) > int(q.MaxChoices.Int32):
			add(qid, ProblemTooMany, int64(q.MaxChoices.Int32))
		case q.Kind == QuestionBudget && spent > q.Budget.Int64:
			add(qid, ProblemOverBudget, q.Budget.Int64)
		}
	}
	for qid, stance := range b.Stances {
		if stance == "" {
			continue // no answer, as in Empty and writeAnswers
		}
		q, ok := byID[qid]
		switch {
		case !ok || q.Kind != QuestionStatement:
			add(qid, ProblemUnknownQuestion, 0)
		case stance != StanceAgree && stance != StanceDisagree && stance != StancePass:
			add(qid, ProblemStance, 0)
		case !q.OpenIn(phase):
			add(qid, ProblemNotOpen, 0)
		}
	}
	for qid, text := range b.Texts {
		q, ok := byID[qid]
		switch {
		case !ok || q.Kind != QuestionText:
			add(qid, ProblemUnknownQuestion, 0)
		case utf8.RuneCountInString(normaliseAnswer(text)) > MaxAnswerLength:
			add(qid, ProblemTooLong, MaxAnswerLength)
		case strings.TrimSpace(text) != "" && !q.OpenIn(phase):
			add(qid, ProblemNotOpen, 0)
		}
	}
	// Required choices: only questions open now, and only when the ballot
	// answers something (an empty ballot is refused as a whole).
	for _, q := range questions {
		if !b.Empty() && HasOptions(q.Kind) && q.MinChoices > 0 && q.OpenIn(phase) && len(b.Choices[q.ID]) < q.MinChoices {
			add(q.ID, ProblemTooFew, int64(q.MinChoices))
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].QuestionID < problems[j].QuestionID })
	return problems
}

// CastReceipt is what a voter gets back.
type CastReceipt struct {
	Code  string // shown once; the ballot keeps only its hash
	First bool   // the resident's first ballot in this consultation
}

// CastBallot stores or replaces a resident's ballot. At most one ballot per
// resident and consultation exists, however many requests race: the unique
// (consultation, voter hash) pair decides, and a change replaces the answers
// of the existing ballot in the same transaction. The first ballot and every
// new or changed free-text answer go into the participation ledger.
func (s *Store) CastBallot(ctx context.Context, municipalityID int64, key []byte, userID, consultationID int64, b BallotInput) (CastReceipt, error) {
	var receipt CastReceipt
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		t, err := lockBallotTarget(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		phase := t.Phase(t.Today)
		if !AnswersOpen(phase) {
			return ErrNotOpen
		}
		var p Profile
		if err := tx.GetContext(ctx, &p, `SELECT area_id, birth_year, gender, consent_at FROM resident_profiles
			WHERE municipality_id = $1 AND user_id = $2`, municipalityID, userID); err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("profile of user %d: %w", userID, err)
		}
		if reason := eligibility(&t.Consultation, p, t.Today); reason != "" {
			return &IneligibleError{Reason: reason}
		}
		questions, err := loadQuestions(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		if problems := CheckBallot(questions, phase, b); len(problems) > 0 {
			return &BallotError{Problems: problems}
		}
		if b.Empty() {
			return ErrEmptyBallot
		}
		seg, err := segmentOf(ctx, tx, municipalityID, userID, time.Now())
		if err != nil {
			return err
		}
		code, hash, err := newReceipt()
		if err != nil {
			return err
		}
		var row struct {
			ID       string `db:"id"`
			Inserted bool   `db:"inserted"`
		}
		err = tx.GetContext(ctx, &row, `INSERT INTO ballots
				(municipality_id, consultation_id, voter_hash, receipt_hash, channel, cast_on, area_id, age_band, gender)
			VALUES ($1, $2, $3, $4, 'web', $5, $6, $7, $8)
			ON CONFLICT (consultation_id, voter_hash) DO UPDATE SET receipt_hash = EXCLUDED.receipt_hash,
				cast_on = EXCLUDED.cast_on, area_id = EXCLUDED.area_id, age_band = EXCLUDED.age_band, gender = EXCLUDED.gender
			RETURNING id, (xmax = 0) AS inserted`,
			municipalityID, consultationID, VoterHash(key, municipalityID, consultationID, userID), hash, t.Today,
			seg.AreaID, seg.AgeBand, seg.Gender)
		if err != nil {
			return fmt.Errorf("store ballot: %w", err)
		}
		changedTexts, err := writeAnswers(ctx, tx, municipalityID, consultationID, row.ID, questions, phase, b)
		if err != nil {
			return err
		}
		act := Participation{UserID: sql.NullInt64{Int64: userID, Valid: true}, ScopeType: "consultation",
			ScopeID: sql.NullInt64{Int64: consultationID, Valid: true}, Channel: ChannelWeb, Segment: seg}
		if row.Inserted {
			act.Act = "ballot"
			if err := recordParticipation(ctx, tx, municipalityID, act); err != nil {
				return err
			}
		}
		for range changedTexts {
			act.Act = "answer"
			if err := recordParticipation(ctx, tx, municipalityID, act); err != nil {
				return err
			}
		}
		receipt = CastReceipt{Code: code, First: row.Inserted}
		return nil
	})
	return receipt, err
}

// normaliseAnswer is a free-text answer as stored: browsers send a
// textarea's line breaks as CR LF, and blank lines around it are dropped.
// Its length is checked after this, as the voter counted it.
func normaliseAnswer(text string) string {
	return strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
}

// writeAnswers replaces the answers of ballot to the questions open in
// phase, keeping a free-text answer (and whether a moderator hid it) when its
// text is unchanged. It returns the questions whose text is new or changed.
func writeAnswers(ctx context.Context, tx *sqlx.Tx, municipalityID, consultationID int64, ballotID string,
	questions []Question, phase string, b BallotInput) ([]int64, error) {
	var open []int64
	for _, q := range questions {
		if q.OpenIn(phase) {
			open = append(open, q.ID)
		}
	}
	var old []struct {
		QuestionID int64  `db:"question_id"`
		Body       string `db:"body"`
	}
	if err := tx.SelectContext(ctx, &old, `SELECT question_id, body FROM ballot_texts
		WHERE municipality_id = $1 AND ballot_id = $2`, municipalityID, ballotID); err != nil {
		return nil, fmt.Errorf("read old answers: %w", err)
	}
	oldText := make(map[int64]string, len(old))
	for _, o := range old {
		oldText[o.QuestionID] = o.Body
	}
	for _, table := range []string{"ballot_choices", "ballot_stances"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE municipality_id = $1 AND ballot_id = $2
			AND question_id = ANY($3)`, municipalityID, ballotID, pq.Array(open)); err != nil {
			return nil, fmt.Errorf("replace answers in %s: %w", table, err)
		}
	}
	var choiceQuestions, choiceOptions []int64
	for qid, options := range b.Choices {
		for _, o := range options {
			choiceQuestions = append(choiceQuestions, qid)
			choiceOptions = append(choiceOptions, o)
		}
	}
	if len(choiceOptions) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_choices (municipality_id, consultation_id, ballot_id, question_id, option_id)
			SELECT $1, $2, $3, unnest($4::bigint[]), unnest($5::bigint[])`,
			municipalityID, consultationID, ballotID, pq.Array(choiceQuestions), pq.Array(choiceOptions)); err != nil {
			return nil, fmt.Errorf("store choices: %w", err)
		}
	}
	for qid, stance := range b.Stances {
		if stance == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_stances (municipality_id, consultation_id, ballot_id, question_id, stance)
			VALUES ($1, $2, $3, $4, $5)`, municipalityID, consultationID, ballotID, qid, stance); err != nil {
			return nil, fmt.Errorf("store stance: %w", err)
		}
	}
	var changed []int64
	for _, qid := range open {
		text := normaliseAnswer(b.Texts[qid])
		before, had := oldText[qid]
		switch {
		case text == before:
		case text == "":
			if _, err := tx.ExecContext(ctx, `DELETE FROM ballot_texts WHERE municipality_id = $1 AND ballot_id = $2 AND question_id = $3`,
				municipalityID, ballotID, qid); err != nil {
				return nil, fmt.Errorf("remove answer: %w", err)
			}
		case had:
			if _, err := tx.ExecContext(ctx, `UPDATE ballot_texts SET body = $4, hidden = false
				WHERE municipality_id = $1 AND ballot_id = $2 AND question_id = $3`, municipalityID, ballotID, qid, text); err != nil {
				return nil, fmt.Errorf("change answer: %w", err)
			}
			changed = append(changed, qid)
		default:
			if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_texts (municipality_id, consultation_id, ballot_id, question_id, body)
				VALUES ($1, $2, $3, $4, $5)`, municipalityID, consultationID, ballotID, qid, text); err != nil {
				return nil, fmt.Errorf("store answer: %w", err)
			}
			changed = append(changed, qid)
		}
	}
	return changed, nil
}

// MyBallot returns the resident's own ballot while voting is open, so that
// they can see and change it; ErrNotFound when they have none (or voting has
// closed and the link is gone).
func (s *Store) MyBallot(ctx context.Context, municipalityID int64, key []byte, userID, consultationID int64) (BallotInput, error) {
	b := BallotInput{Choices: map[int64][]int64{}, Stances: map[int64]string{}, Texts: map[int64]string{}}
	var id string
	err := s.db.GetContext(ctx, &id, `SELECT id FROM ballots WHERE municipality_id = $1 AND consultation_id = $2 AND voter_hash = $3`,
		municipalityID, consultationID, VoterHash(key, municipalityID, consultationID, userID))
	if err != nil {
		return b, notFound(err, "ballot")
	}
	var rows []struct {
		QuestionID int64          `db:"question_id"`
		OptionID   sql.NullInt64  `db:"option_id"`
		Stance     sql.NullString `db:"stance"`
		Body       sql.NullString `db:"body"`
	}
	err = s.db.SelectContext(ctx, &rows, `
		SELECT question_id, option_id, NULL AS stance, NULL AS body FROM ballot_choices WHERE municipality_id = $1 AND ballot_id = $2
		UNION ALL SELECT question_id, NULL, stance, NULL FROM ballot_stances WHERE municipality_id = $1 AND ballot_id = $2
		UNION ALL SELECT question_id, NULL, NULL, body FROM ballot_texts WHERE municipality_id = $1 AND ballot_id = $2`,
		municipalityID, id)
	if err != nil {
		return b, fmt.Errorf("read own ballot: %w", err)
	}
	for _, r := range rows {
		switch {
		case r.OptionID.Valid:
			b.Choices[r.QuestionID] = append(b.Choices[r.QuestionID], r.OptionID.Int64)
		case r.Stance.Valid:
			b.Stances[r.QuestionID] = r.Stance.String
		case r.Body.Valid:
			b.Texts[r.QuestionID] = r.Body.String
		}
	}
	return b, nil
}

// HasVoted reports whether the resident has a ballot in the consultation
// while voting is open.
func (s *Store) HasVoted(ctx context.Context, municipalityID int64, key []byte, userID, consultationID int64) (bool, error) {
	var voted bool
	err := s.db.GetContext(ctx, &voted, `SELECT EXISTS (SELECT 1 FROM ballots
		WHERE municipality_id = $1 AND consultation_id = $2 AND voter_hash = $3)`,
		municipalityID, consultationID, VoterHash(key, municipalityID, consultationID, userID))
	if err != nil {
		return false, fmt.Errorf("has voted: %w", err)
	}
	if !voted {
		return false, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return voted, nil
}

// VerifyReceipt reports whether a ballot with this receipt code is in the
// consultation's count. It reveals nothing of the ballot's content.
func (s *Store) VerifyReceipt(ctx context.Context, municipalityID, consultationID int64, code string) (bool, error) {
	var found bool
	err := s.db.GetContext(ctx, &found, `SELECT EXISTS (SELECT 1 FROM ballots
		WHERE municipality_id = $1 AND consultation_id = $2 AND receipt_hash = $3)`,
		municipalityID, consultationID, receiptHash(code))
	if err != nil {
		return false, fmt.Errorf("verify receipt: %w", err)
	}
	if !found {
		return false, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return found, nil
}

// enteredChannel checks that ballots of channel may be entered by an
// official: every channel but the web, which is the residents' own.
func enteredChannel(channel string) error {
	if channel == ChannelWeb || !slices.Contains(Channels, channel) {
		return fmt.Errorf("ballots cannot be entered for channel %q: %w", channel, ErrConflict)
	}
	return nil
}

// AnswersOpen reports whether residents may answer and vote in phase.
func AnswersOpen(phase string) bool { return phase == PhaseInput || phase == PhaseVoting }

// PaperOpen reports whether officials may enter paper ballots in phase: from
// the start of voting until the results are published.
func PaperOpen(phase string) bool { return phase == PhaseVoting || phase == PhaseCounting }

// lockPaperTarget reads the consultation that paper ballots go into, with
// its questions: officials may enter them from the start of voting until the
// results are published (ErrNotOpen otherwise).
func lockPaperTarget(ctx context.Context, tx *sqlx.Tx, municipalityID, consultationID int64) (*ballotTarget, []Question, error) {
	t, err := lockBallotTarget(ctx, tx, municipalityID, consultationID)
	if err != nil {
		return nil, nil, err
	}
	if !PaperOpen(t.Phase(t.Today)) {
		return nil, nil, ErrNotOpen
	}
	questions, err := loadQuestions(ctx, tx, municipalityID, consultationID)
	if err != nil {
		return nil, nil, err
	}
	return t, questions, nil
}

// CastPaperBallot enters one ballot cast on paper, at a meeting or by phone.
// It never has a voter link; the ledger gets an anonymous participant with
// the segment the official knows. The receipt can be handed to the voter.
func (s *Store) CastPaperBallot(ctx context.Context, municipalityID, officialID, consultationID int64, channel string, seg Segment, b BallotInput) (string, error) {
	var code string
	if err := enteredChannel(channel); err != nil {
		return "", err
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		t, questions, err := lockPaperTarget(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		if problems := CheckBallot(questions, PhaseVoting, b); len(problems) > 0 {
			return &BallotError{Problems: problems}
		}
		if b.Empty() {
			return ErrEmptyBallot
		}
		var hash []byte
		if code, hash, err = newReceipt(); err != nil {
			return err
		}
		var id string
		err = tx.GetContext(ctx, &id, `INSERT INTO ballots
				(municipality_id, consultation_id, receipt_hash, channel, cast_on, area_id, age_band, gender)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			municipalityID, consultationID, hash, channel, t.Today, seg.AreaID, seg.AgeBand, seg.Gender)
		if err != nil {
			return fmt.Errorf("store paper ballot: %w", err)
		}
		texts, err := writeAnswers(ctx, tx, municipalityID, consultationID, id, questions, PhaseVoting, b)
		if err != nil {
			return err
		}
		var ref string
		if err := tx.GetContext(ctx, &ref, `SELECT gen_random_uuid()::text`); err != nil {
			return fmt.Errorf("anonymous participant: %w", err)
		}
		act := Participation{AnonymousRef: sql.NullString{String: ref, Valid: true}, Act: "ballot", ScopeType: "consultation",
			ScopeID: sql.NullInt64{Int64: consultationID, Valid: true}, Channel: channel, Segment: seg,
			RecordedBy: sql.NullInt64{Int64: officialID, Valid: true}}
		if err := recordParticipation(ctx, tx, municipalityID, act); err != nil {
			return err
		}
		for range texts {
			act.Act = "answer"
			if err := recordParticipation(ctx, tx, municipalityID, act); err != nil {
				return err
			}
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "ballot.paper",
			TargetType: "consultation", TargetID: fmt.Sprint(consultationID), Details: map[string]any{"channel": channel}})
	})
	return code, err
}

// TallyInput is a count of paper or meeting ballots of one channel and
// segment: how many ballots there were and how many chose each option.
type TallyInput struct {
	Channel string
	Ballots int
	Segment Segment
	Counts  map[int64]int // option -> ballots that chose it
}

// MaxTallyBallots is the most ballots one tally may count.
const MaxTallyBallots = 100000

// CheckTally returns the problems of a tally for questions: a number of
// ballots outside 1..MaxTallyBallots (a problem without a question), a count
// above the number of ballots, more choices than the ballots could hold, or
// more money than their budgets allow.
func CheckTally(questions []Question, in TallyInput) []BallotProblem {
	var problems []BallotProblem
	if in.Ballots < 1 || in.Ballots > MaxTallyBallots {
		return []BallotProblem{{Code: ProblemCount, Limit: MaxTallyBallots}}
	}
	known := map[int64]bool{}
	for _, q := range questions {
		if !HasOptions(q.Kind) {
			continue
		}
		var sum, spent int64
		for _, o := range q.Options {
			known[o.ID] = true
			n := int64(in.Counts[o.ID])
			sum += n
			spent += n * o.Cost.Int64
			if n < 0 || n > int64(in.Ballots) {
				problems = append(problems, BallotProblem{QuestionID: q.ID, Code: ProblemCount, Limit: int64(in.Ballots)})
			}
		}
		perBallot := int64(len(q.Options))
		switch {
		case q.Kind == QuestionSingle:
			perBallot = 1
		case q.MaxChoices.Valid:
			perBallot = int64(q.MaxChoices.Int32)
		}
		switch {
		case sum > perBallot*int64(in.Ballots):
			problems = append(problems, BallotProblem{QuestionID: q.ID, Code: ProblemTooMany, Limit: perBallot * int64(in.Ballots)})
		case q.Kind == QuestionBudget && spent > q.Budget.Int64*int64(in.Ballots):
			problems = append(problems, BallotProblem{QuestionID: q.ID, Code: ProblemOverBudget, Limit: q.Budget.Int64 * int64(in.Ballots)})
		}
	}
	for o := range in.Counts {
		if !known[o] {
			problems = append(problems, BallotProblem{Code: ProblemUnknownOption})
			break
		}
	}
	return problems
}

// RecordTally enters a tally of paper or meeting ballots. Each ballot counts
// as one anonymous participant in the ledger.
func (s *Store) RecordTally(ctx context.Context, municipalityID, officialID, consultationID int64, in TallyInput) error {
	if err := enteredChannel(in.Channel); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		_, questions, err := lockPaperTarget(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		if problems := CheckTally(questions, in); len(problems) > 0 {
			return &BallotError{Problems: problems}
		}
		var tallyID int64
		err = tx.GetContext(ctx, &tallyID, `INSERT INTO ballot_tallies
				(municipality_id, consultation_id, channel, ballots, area_id, age_band, gender, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			municipalityID, consultationID, in.Channel, in.Ballots, in.Segment.AreaID, in.Segment.AgeBand, in.Segment.Gender, officialID)
		if err != nil {
			return fmt.Errorf("store tally: %w", err)
		}
		var questionIDs, optionIDs, counts []int64
		for _, q := range questions {
			for _, o := range q.Options {
				if n := in.Counts[o.ID]; n > 0 {
					questionIDs = append(questionIDs, q.ID)
					optionIDs = append(optionIDs, o.ID)
					counts = append(counts, int64(n))
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_tally_counts (municipality_id, consultation_id, tally_id, question_id, option_id, count)
			SELECT $1, $2, $3, unnest($4::bigint[]), unnest($5::bigint[]), unnest($6::bigint[])`,
			municipalityID, consultationID, tallyID, pq.Array(questionIDs), pq.Array(optionIDs), pq.Array(counts)); err != nil {
			return fmt.Errorf("store tally counts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO participation_ledger
				(municipality_id, anonymous_ref, act, scope_type, scope_id, channel, area_id, age_band, gender, recorded_by)
			SELECT $1, gen_random_uuid(), 'ballot', 'consultation', $2, $3, $4, $5, $6, $7 FROM generate_series(1, $8)`,
			municipalityID, consultationID, in.Channel, in.Segment.AreaID, in.Segment.AgeBand, in.Segment.Gender, officialID, in.Ballots); err != nil {
			return fmt.Errorf("record tallied participants: %w", err)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "ballot.tally",
			TargetType: "consultation", TargetID: fmt.Sprint(consultationID),
			Details: map[string]any{"tally": tallyID, "channel": in.Channel, "ballots": in.Ballots}})
	})
}
