package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"
)

// Question kinds.
const (
	QuestionSingle    = "single"    // one option
	QuestionMultiple  = "multiple"  // between min and max options
	QuestionText      = "text"      // free text up to MaxAnswerLength
	QuestionStatement = "statement" // agree, disagree or pass
	QuestionBudget    = "budget"    // options with costs within a total budget
)

// QuestionKinds lists every kind in the order the form offers them.
var QuestionKinds = []string{QuestionSingle, QuestionMultiple, QuestionText, QuestionStatement, QuestionBudget}

// Stances on a statement.
const (
	StanceAgree    = "agree"
	StanceDisagree = "disagree"
	StancePass     = "pass"
)

// Stances lists every stance in the order the ballot offers them.
var Stances = []string{StanceAgree, StanceDisagree, StancePass}

// MaxAnswerLength is the longest free-text answer, in characters.
const MaxAnswerLength = 2000

// Question is a question of a consultation with its options.
type Question struct {
	ID             int64         `db:"id"`
	ConsultationID int64         `db:"consultation_id"`
	Position       int           `db:"position"`
	Kind           string        `db:"kind"`
	Prompt         Translations  `db:"prompt"`
	Help           Translations  `db:"help"`
	MinChoices     int           `db:"min_choices"`
	MaxChoices     sql.NullInt32 `db:"max_choices"`
	Budget         sql.NullInt64 `db:"budget"`
	Options        []Option      `db:"-"`
}

// Option is one answer a choice or budget question offers.
type Option struct {
	ID         int64         `db:"id"`
	QuestionID int64         `db:"question_id"`
	Position   int           `db:"position"`
	Label      Translations  `db:"label"`
	Cost       sql.NullInt64 `db:"cost"`
}

// HasOptions reports whether the kind offers options.
func HasOptions(kind string) bool {
	return kind == QuestionSingle || kind == QuestionMultiple || kind == QuestionBudget
}

// OpenIn reports whether the question takes answers in phase: free text and
// statements from the input phase, choices and budgets in the voting phase.
func (q *Question) OpenIn(phase string) bool {
	switch phase {
	case PhaseVoting:
		return true
	case PhaseInput:
		return q.Kind == QuestionText || q.Kind == QuestionStatement
	}
	return false
}

// Questions returns a consultation's questions in order, with their options.
func (s *Store) Questions(ctx context.Context, municipalityID, consultationID int64) ([]Question, error) {
	questions, err := loadQuestions(ctx, s.db, municipalityID, consultationID)
	if err == nil && len(questions) == 0 {
		return nil, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return questions, err
}

// loadQuestions reads a consultation's questions with their options, through
// the database or inside a transaction.
func loadQuestions(ctx context.Context, q sqlx.QueryerContext, municipalityID, consultationID int64) ([]Question, error) {
	var questions []Question
	if err := sqlx.SelectContext(ctx, q, &questions, `SELECT id, consultation_id, position, kind, prompt, help,
			min_choices, max_choices, budget
		FROM consultation_questions WHERE municipality_id = $1 AND consultation_id = $2
		ORDER BY position, id`, municipalityID, consultationID); err != nil {
		return nil, fmt.Errorf("questions of consultation %d: %w", consultationID, err)
	}
	if len(questions) == 0 {
		return nil, nil
	}
	var options []Option
	if err := sqlx.SelectContext(ctx, q, &options, `SELECT o.id, o.question_id, o.position, o.label, o.cost
		FROM question_options o JOIN consultation_questions q
			ON q.municipality_id = o.municipality_id AND q.id = o.question_id
		WHERE o.municipality_id = $1 AND q.consultation_id = $2
		ORDER BY o.position, o.id`, municipalityID, consultationID); err != nil {
		return nil, fmt.Errorf("options of consultation %d: %w", consultationID, err)
	}
	index := make(map[int64]int, len(questions))
	for i := range questions {
		index[questions[i].ID] = i
	}
	for _, o := range options {
		if i, ok := index[o.QuestionID]; ok {
			questions[i].Options = append(questions[i].Options, o)
		}
	}
	return questions, nil
}

// QuestionInput is what an official writes for a question. Options are
// replaced as a whole; once ballots exist only their labels may change.
type QuestionInput struct {
	Position   int
	Kind       string
	Prompt     Translations
	Help       Translations
	MinChoices int
	MaxChoices sql.NullInt32
	Budget     sql.NullInt64
	Options    []OptionInput
}

// OptionInput is one option as an official writes it.
type OptionInput struct {
	Label Translations
	Cost  sql.NullInt64
}

// lockEditableConsultation locks a consultation for a change to its
// questions: it must be a draft or published and, unless textOnly, have no
// ballots.
func lockEditableConsultation(ctx context.Context, tx *sqlx.Tx, municipalityID, consultationID int64) (hasVotes bool, err error) {
	status, hasVotes, err := lockConsultation(ctx, tx, municipalityID, consultationID)
	if err != nil {
		return false, err
	}
	if status != ConsultationDraft && status != ConsultationPublished {
		return false, ErrWrongStatus
	}
	return hasVotes, nil
}

// CreateQuestion adds a question to a consultation that has no ballots yet.
func (s *Store) CreateQuestion(ctx context.Context, municipalityID, officialID, consultationID int64, in QuestionInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		hasVotes, err := lockEditableConsultation(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		if hasVotes {
			return ErrHasVotes
		}
		err = tx.GetContext(ctx, &id, `INSERT INTO consultation_questions
			(municipality_id, consultation_id, position, kind, prompt, help, min_choices, max_choices, budget)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			municipalityID, consultationID, in.Position, in.Kind, in.Prompt, nonNil(in.Help),
			in.MinChoices, in.MaxChoices, in.Budget)
		if err != nil {
			return fmt.Errorf("insert question: %w", err)
		}
		if err := insertOptions(ctx, tx, municipalityID, id, in.Options); err != nil {
			return err
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "question.create", TargetType: "consultation", TargetID: strconv.FormatInt(consultationID, 10)})
	})
	return id, err
}

func insertOptions(ctx context.Context, tx *sqlx.Tx, municipalityID, questionID int64, options []OptionInput) error {
	for i, o := range options {
		if _, err := tx.ExecContext(ctx, `INSERT INTO question_options (municipality_id, question_id, position, label, cost)
			VALUES ($1, $2, $3, $4, $5)`, municipalityID, questionID, i, o.Label, o.Cost); err != nil {
			return fmt.Errorf("insert option %d: %w", i+1, err)
		}
	}
	return nil
}

// UpdateQuestion changes a question. Once the consultation has ballots, only
// the texts (prompt, help and option labels) may change: the kind, limits,
// budget, costs and the number of options must stay, or ErrHasVotes.
func (s *Store) UpdateQuestion(ctx context.Context, municipalityID, officialID, consultationID, questionID int64, in QuestionInput) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		hasVotes, err := lockEditableConsultation(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		var current Question
		err = tx.GetContext(ctx, &current, `SELECT id, consultation_id, position, kind, prompt, help, min_choices, max_choices, budget
			FROM consultation_questions WHERE municipality_id = $1 AND consultation_id = $2 AND id = $3`,
			municipalityID, consultationID, questionID)
		if err != nil {
			return notFound(err, "question "+strconv.FormatInt(questionID, 10))
		}
		var options []Option
		if err := tx.SelectContext(ctx, &options, `SELECT id, question_id, position, label, cost FROM question_options
			WHERE municipality_id = $1 AND question_id = $2 ORDER BY position, id`, municipalityID, questionID); err != nil {
			return fmt.Errorf("options of question %d: %w", questionID, err)
		}
		if hasVotes {
			if !sameStructure(current, options, in) {
				return ErrHasVotes
			}
			for i, o := range options {
				if _, err := tx.ExecContext(ctx, `UPDATE question_options SET label = $3 WHERE municipality_id = $1 AND id = $2`,
					municipalityID, o.ID, in.Options[i].Label); err != nil {
					return fmt.Errorf("update option %d: %w", o.ID, err)
				}
			}
		} else {
			if _, err := tx.ExecContext(ctx, `DELETE FROM question_options WHERE municipality_id = $1 AND question_id = $2`,
				municipalityID, questionID); err != nil {
				return fmt.Errorf("replace options: %w", err)
			}
			if err := insertOptions(ctx, tx, municipalityID, questionID, in.Options); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE consultation_questions SET position = $3, kind = $4, prompt = $5, help = $6,
			min_choices = $7, max_choices = $8, budget = $9 WHERE municipality_id = $1 AND id = $2`,
			municipalityID, questionID, in.Position, in.Kind, in.Prompt, nonNil(in.Help), in.MinChoices, in.MaxChoices, in.Budget)
		if err != nil {
			return fmt.Errorf("update question %d: %w", questionID, err)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "question.update", TargetType: "consultation", TargetID: strconv.FormatInt(consultationID, 10),
			Details: map[string]any{"question": questionID, "text_only": hasVotes}})
	})
}

// sameStructure reports whether in changes only texts of the question.
func sameStructure(q Question, options []Option, in QuestionInput) bool {
	if q.Kind != in.Kind || q.MinChoices != in.MinChoices || q.MaxChoices != in.MaxChoices ||
		q.Budget != in.Budget || len(options) != len(in.Options) {
		return false
	}
	for i, o := range options {
		if o.Cost != in.Options[i].Cost {
			return false
		}
	}
	return true
}

// DeleteQuestion removes a question from a consultation without ballots.
func (s *Store) DeleteQuestion(ctx context.Context, municipalityID, officialID, consultationID, questionID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		hasVotes, err := lockEditableConsultation(ctx, tx, municipalityID, consultationID)
		if err != nil {
			return err
		}
		if hasVotes {
			return ErrHasVotes
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM consultation_questions WHERE municipality_id = $1 AND consultation_id = $2 AND id = $3`,
			municipalityID, consultationID, questionID)
		if err != nil {
			return fmt.Errorf("delete question %d: %w", questionID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("question %d: %w", questionID, ErrNotFound)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID,
			Action: "question.delete", TargetType: "consultation", TargetID: strconv.FormatInt(consultationID, 10),
			Details: map[string]any{"question": questionID}})
	})
}
