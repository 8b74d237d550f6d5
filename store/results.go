package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/jmoiron/sqlx"
)

// MinCell is the smallest count a result or report shows; smaller non-zero
// counts are suppressed so that no one can be picked out.
const MinCell = 5

// ResultCell is a count of answers to one option (or one stance) from one
// channel and segment. It is the finest grain results are read at: results
// sum it up, and the outreach engine weights it by segment.
type ResultCell struct {
	QuestionID int64          `db:"question_id"`
	OptionID   sql.NullInt64  `db:"option_id"` // choice and budget questions
	Stance     sql.NullString `db:"stance"`    // statement questions
	Channel    string         `db:"channel"`
	AreaID     sql.NullInt64  `db:"area_id"`
	AgeBand    sql.NullString `db:"age_band"`
	Gender     sql.NullString `db:"gender"`
	Count      int            `db:"count"`
}

// ResultCells returns the consultation's answers counted by question,
// option or stance, channel and segment, from ballots and tallies alike.
func (s *Store) ResultCells(ctx context.Context, municipalityID, consultationID int64) ([]ResultCell, error) {
	var cells []ResultCell
	err := s.db.SelectContext(ctx, &cells, `
		SELECT question_id, option_id, NULL::text AS stance, channel, area_id, age_band, gender, sum(n)::int AS count FROM (
			SELECT c.question_id, c.option_id, b.channel, b.area_id, b.age_band, b.gender, 1 AS n
			FROM ballot_choices c JOIN ballots b ON b.municipality_id = c.municipality_id AND b.id = c.ballot_id
			WHERE c.municipality_id = $1 AND c.consultation_id = $2
			UNION ALL
			SELECT k.question_id, k.option_id, t.channel, t.area_id, t.age_band, t.gender, k.count
			FROM ballot_tally_counts k JOIN ballot_tallies t ON t.municipality_id = k.municipality_id AND t.id = k.tally_id
			WHERE k.municipality_id = $1 AND k.consultation_id = $2
		) choices GROUP BY question_id, option_id, channel, area_id, age_band, gender
		UNION ALL
		SELECT s.question_id, NULL, s.stance, b.channel, b.area_id, b.age_band, b.gender, count(*)::int
		FROM ballot_stances s JOIN ballots b ON b.municipality_id = s.municipality_id AND b.id = s.ballot_id
		WHERE s.municipality_id = $1 AND s.consultation_id = $2
		GROUP BY s.question_id, s.stance, b.channel, b.area_id, b.age_band, b.gender`,
		municipalityID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("result cells of consultation %d: %w", consultationID, err)
	}
	if len(cells) == 0 {
		return nil, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return cells, nil
}

// BallotCell counts ballots (people) of one channel and segment.
type BallotCell struct {
	Channel string         `db:"channel"`
	AreaID  sql.NullInt64  `db:"area_id"`
	AgeBand sql.NullString `db:"age_band"`
	Gender  sql.NullString `db:"gender"`
	Count   int            `db:"count"`
}

// BallotCells counts the consultation's ballots, tallied ones included, by
// channel and segment.
func (s *Store) BallotCells(ctx context.Context, municipalityID, consultationID int64) ([]BallotCell, error) {
	var cells []BallotCell
	err := s.db.SelectContext(ctx, &cells, `SELECT channel, area_id, age_band, gender, sum(n)::int AS count FROM (
			SELECT channel, area_id, age_band, gender, 1 AS n FROM ballots WHERE municipality_id = $1 AND consultation_id = $2
			UNION ALL
			SELECT channel, area_id, age_band, gender, ballots FROM ballot_tallies WHERE municipality_id = $1 AND consultation_id = $2
		) b GROUP BY channel, area_id, age_band, gender`, municipalityID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("ballot cells of consultation %d: %w", consultationID, err)
	}
	if len(cells) == 0 {
		return nil, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return cells, nil
}

// RespondentCell counts the people of one segment who answered one choice,
// budget or statement question: a count of ballots, not of choices.
type RespondentCell struct {
	QuestionID int64          `db:"question_id"`
	AreaID     sql.NullInt64  `db:"area_id"`
	AgeBand    sql.NullString `db:"age_band"`
	Gender     sql.NullString `db:"gender"`
	Count      int            `db:"count"`
}

// RespondentCells counts, per question and segment, the ballots that answered
// each choice, budget and statement question: a ballot that chose at least
// one of the question's options, or took a stance on the statement. A tally
// has no single ballots, so for a single-choice question its respondents are
// the ballots that chose an option (a ballot chooses at most one), and for a
// multiple-choice or budget question every ballot of a tally that counted a
// choice on the question (those left blank cannot be told apart). Weighting
// needs people: ResultCells counts choices, of which a multiple-choice ballot
// has several.
func (s *Store) RespondentCells(ctx context.Context, municipalityID, consultationID int64) ([]RespondentCell, error) {
	var cells []RespondentCell
	err := s.db.SelectContext(ctx, &cells, `
		SELECT question_id, area_id, age_band, gender, sum(n)::int AS count FROM (
			SELECT c.question_id, b.area_id, b.age_band, b.gender, count(DISTINCT c.ballot_id) AS n
			FROM ballot_choices c JOIN ballots b ON b.municipality_id = c.municipality_id AND b.id = c.ballot_id
			WHERE c.municipality_id = $1 AND c.consultation_id = $2
			GROUP BY c.question_id, b.area_id, b.age_band, b.gender
			UNION ALL
			SELECT s.question_id, b.area_id, b.age_band, b.gender, count(*)
			FROM ballot_stances s JOIN ballots b ON b.municipality_id = s.municipality_id AND b.id = s.ballot_id
			WHERE s.municipality_id = $1 AND s.consultation_id = $2
			GROUP BY s.question_id, b.area_id, b.age_band, b.gender
			UNION ALL
			SELECT k.question_id, t.area_id, t.age_band, t.gender,
				CASE WHEN q.kind = 'single' THEN least(sum(k.count), t.ballots) ELSE t.ballots END
			FROM ballot_tally_counts k
			JOIN ballot_tallies t ON t.municipality_id = k.municipality_id AND t.id = k.tally_id
			JOIN consultation_questions q ON q.municipality_id = k.municipality_id AND q.id = k.question_id
			WHERE k.municipality_id = $1 AND k.consultation_id = $2
			GROUP BY t.id, t.ballots, t.area_id, t.age_band, t.gender, k.question_id, q.kind
			HAVING sum(k.count) > 0
		) respondents GROUP BY question_id, area_id, age_band, gender
		ORDER BY question_id, area_id, age_band, gender`,
		municipalityID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("respondent cells of consultation %d: %w", consultationID, err)
	}
	if len(cells) == 0 {
		return nil, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return cells, nil
}

// StatementBallotCells counts, by channel and segment, the ballots that took
// a stance on at least one of the consultation's statements: the people the
// common-ground list compares, each once however many statements they
// answered.
func (s *Store) StatementBallotCells(ctx context.Context, municipalityID, consultationID int64) ([]BallotCell, error) {
	var cells []BallotCell
	err := s.db.SelectContext(ctx, &cells, `SELECT b.channel, b.area_id, b.age_band, b.gender, count(*)::int AS count
		FROM ballots b
		WHERE b.municipality_id = $1 AND b.consultation_id = $2
		  AND EXISTS (SELECT 1 FROM ballot_stances s
			WHERE s.municipality_id = b.municipality_id AND s.ballot_id = b.id)
		GROUP BY b.channel, b.area_id, b.age_band, b.gender`, municipalityID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("statement ballot cells of consultation %d: %w", consultationID, err)
	}
	if len(cells) == 0 {
		return nil, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return cells, nil
}

// TextAnswer is one free-text answer, with nothing that links it to the rest
// of its ballot.
type TextAnswer struct {
	ID         string `db:"id"`
	QuestionID int64  `db:"question_id"`
	Body       string `db:"body"`
	Hidden     bool   `db:"hidden"`
}

// TextAnswers returns the consultation's free-text answers in an order that
// says nothing about when they were written (their random ids); hidden ones
// only when withHidden (for moderators).
func (s *Store) TextAnswers(ctx context.Context, municipalityID, consultationID int64, withHidden bool) ([]TextAnswer, error) {
	var answers []TextAnswer
	err := s.db.SelectContext(ctx, &answers, `SELECT id, question_id, body, hidden FROM ballot_texts
		WHERE municipality_id = $1 AND consultation_id = $2 AND (NOT hidden OR $3)
		ORDER BY question_id, id LIMIT 5000`, municipalityID, consultationID, withHidden)
	if err != nil {
		return nil, fmt.Errorf("text answers of consultation %d: %w", consultationID, err)
	}
	if len(answers) == 0 {
		return nil, s.consultationExists(ctx, municipalityID, consultationID)
	}
	return answers, nil
}

// SetTextAnswerHidden hides or shows again a free-text answer. The audit
// entry names the question, not the answer: the time of the entry must not
// date a single answer.
func (s *Store) SetTextAnswerHidden(ctx context.Context, municipalityID, moderatorID, consultationID int64, answerID string, hidden bool) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var questionID int64
		err := tx.GetContext(ctx, &questionID, `UPDATE ballot_texts SET hidden = $4
			WHERE municipality_id = $1 AND consultation_id = $2 AND id::text = $3 RETURNING question_id`,
			municipalityID, consultationID, answerID, hidden)
		if err != nil {
			return notFound(err, "answer "+answerID)
		}
		action := "answer.restore"
		if hidden {
			action = "answer.hide"
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: moderatorID, Action: action,
			TargetType: "consultation", TargetID: fmt.Sprint(consultationID), Details: map[string]any{"question": questionID}})
	})
}

// Cell is a count as shown: Suppressed cells hide a count between 1 and
// MinCell-1, or a count that would give such a count away.
type Cell struct {
	N          int
	Suppressed bool
}

// SuppressTable applies the small-cell rule to a table of counts whose row
// and column totals may be shown: counts from 1 to MinCell-1 are hidden, and
// whenever a row or a column has exactly one hidden cell, its next smallest
// cell is hidden too (a zero when nothing else is left), until no row or
// column has a lone hidden cell — so that no total minus the shown cells
// gives a hidden count away. Rows are options, whose totals are shown;
// columns are channels or areas, whose totals reports show when they reach
// MinCell.
func SuppressTable(counts [][]int) [][]Cell {
	cells := make([][]Cell, len(counts))
	for i, row := range counts {
		cells[i] = make([]Cell, len(row))
		for j, n := range row {
			cells[i][j] = Cell{N: n, Suppressed: n > 0 && n < MinCell}
		}
	}
	// hideSecond hides one more cell of a line (given by its coordinates)
	// that has exactly one hidden cell, and reports whether it did.
	hideSecond := func(line [][2]int) bool {
		hidden, next := 0, -1
		for k, at := range line {
			c := cells[at[0]][at[1]]
			switch {
			case c.Suppressed:
				hidden++
			case next < 0:
				next = k
			default:
				nc := cells[line[next][0]][line[next][1]]
				// Prefer the smallest non-zero cell; a zero only if no other.
				if c.N > 0 && (nc.N == 0 || c.N < nc.N) {
					next = k
				}
			}
		}
		if hidden != 1 || next < 0 {
			return false
		}
		cells[line[next][0]][line[next][1]].Suppressed = true
		return true
	}
	for changed := true; changed; {
		changed = false
		for i := range cells {
			line := make([][2]int, len(cells[i]))
			for j := range cells[i] {
				line[j] = [2]int{i, j}
			}
			changed = hideSecond(line) || changed
		}
		if len(cells) == 0 {
			break
		}
		for j := range cells[0] {
			line := make([][2]int, len(cells))
			sum := 0
			for i := range cells {
				line[i] = [2]int{i, j}
				sum += counts[i][j]
			}
			// A column total under MinCell is itself never shown, so it
			// cannot give away the cell it hides.
			if sum >= MinCell {
				changed = hideSecond(line) || changed
			}
		}
	}
	for i := range cells {
		for j := range cells[i] {
			if cells[i][j].Suppressed {
				cells[i][j].N = 0
			}
		}
	}
	return cells
}

// Results are a consultation's aggregate results, ready to show or export.
type Results struct {
	Ballots   int
	Channels  []string // channels with ballots, in Channels order
	ByChannel []int    // ballots per channel (people, not content: never suppressed)
	Areas     []AreaColumn
	Questions []QuestionResult
	// Cells are the counts the results were summed from, unsuppressed: for
	// the outreach engine, which weights them by segment, never to show.
	Cells []ResultCell
}

// AreaColumn is an area that has answers; ID 0 is "area unknown".
type AreaColumn struct {
	ID   int64
	Name string
}

// QuestionResult is the result of one question.
type QuestionResult struct {
	Question Question
	Answers  int // ballots that answered it (choice questions: chosen options)
	Rows     []ResultRow
}

// ResultRow is one option or stance of a question: its total, always shown,
// with small cells suppressed in the breakdowns by channel and area.
type ResultRow struct {
	OptionID  int64
	Label     Translations // options
	Stance    string       // statements
	Cost      int64
	Total     int
	Share     float64 // of the question's answers
	ByChannel []Cell  // in Results.Channels order
	ByArea    []Cell  // in Results.Areas order
}

// SummariseResults builds the results from the cells of ResultCells and
// BallotCells. areaNames names the municipality's areas.
func SummariseResults(questions []Question, cells []ResultCell, ballots []BallotCell, areaNames map[int64]string) Results {
	r := Results{Cells: cells}
	perChannel := map[string]int{}
	for _, b := range ballots {
		r.Ballots += b.Count
		perChannel[b.Channel] += b.Count
	}
	for _, ch := range Channels {
		if perChannel[ch] > 0 {
			r.Channels = append(r.Channels, ch)
			r.ByChannel = append(r.ByChannel, perChannel[ch])
		}
	}
	areaSeen := map[int64]bool{}
	for _, c := range cells {
		areaSeen[c.AreaID.Int64] = true
	}
	for id := range areaSeen {
		if id != 0 {
			r.Areas = append(r.Areas, AreaColumn{ID: id, Name: areaNames[id]})
		}
	}
	sort.Slice(r.Areas, func(i, j int) bool { return r.Areas[i].Name < r.Areas[j].Name })
	if areaSeen[0] {
		r.Areas = append(r.Areas, AreaColumn{ID: 0})
	}
	channelIndex := map[string]int{}
	for i, ch := range r.Channels {
		channelIndex[ch] = i
	}
	areaIndex := map[int64]int{}
	for i, a := range r.Areas {
		areaIndex[a.ID] = i
	}
	type key struct {
		question, option int64
		stance           string
	}
	totals := map[key][]int{} // [total, channels..., areas...]
	for _, c := range cells {
		k := key{c.QuestionID, c.OptionID.Int64, c.Stance.String}
		row := totals[k]
		if row == nil {
			row = make([]int, 1+len(r.Channels)+len(r.Areas))
			totals[k] = row
		}
		row[0] += c.Count
		if i, ok := channelIndex[c.Channel]; ok {
			row[1+i] += c.Count
		}
		row[1+len(r.Channels)+areaIndex[c.AreaID.Int64]] += c.Count
	}
	for _, q := range questions {
		qr := QuestionResult{Question: q}
		var rows []ResultRow
		if q.Kind == QuestionStatement {
			for _, st := range Stances {
				rows = append(rows, ResultRow{Stance: st})
			}
		} else if HasOptions(q.Kind) {
			for _, o := range q.Options {
				rows = append(rows, ResultRow{OptionID: o.ID, Label: o.Label, Cost: o.Cost.Int64})
			}
		}
		byChannel := make([][]int, len(rows))
		byArea := make([][]int, len(rows))
		for i := range rows {
			counts := totals[key{q.ID, rows[i].OptionID, rows[i].Stance}]
			if counts == nil {
				counts = make([]int, 1+len(r.Channels)+len(r.Areas))
			}
			rows[i].Total = counts[0]
			byChannel[i] = counts[1 : 1+len(r.Channels)]
			byArea[i] = counts[1+len(r.Channels):]
			qr.Answers += counts[0]
		}
		channelCells, areaCells := SuppressTable(byChannel), SuppressTable(byArea)
		for i := range rows {
			rows[i].ByChannel, rows[i].ByArea = channelCells[i], areaCells[i]
		}
		for i := range rows {
			if qr.Answers > 0 {
				rows[i].Share = float64(rows[i].Total) / float64(qr.Answers)
			}
		}
		qr.Rows = rows
		r.Questions = append(r.Questions, qr)
	}
	return r
}

// ConsultationResults reads and sums up a consultation's results.
func (s *Store) ConsultationResults(ctx context.Context, municipalityID, consultationID int64) (Results, []Question, error) {
	questions, err := s.Questions(ctx, municipalityID, consultationID)
	if err != nil {
		return Results{}, nil, err
	}
	cells, err := s.ResultCells(ctx, municipalityID, consultationID)
	if err != nil {
		return Results{}, nil, err
	}
	ballots, err := s.BallotCells(ctx, municipalityID, consultationID)
	if err != nil {
		return Results{}, nil, err
	}
	areas, err := s.Areas(ctx, municipalityID)
	if err != nil {
		return Results{}, nil, err
	}
	names := make(map[int64]string, len(areas))
	for _, a := range areas {
		names[a.ID] = a.Name
	}
	return SummariseResults(questions, cells, ballots, names), questions, nil
}
