package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// LotteryDraw is one invitation lottery as an auditor needs it: the
// parameters, the seed, the register file's SHA-256 and the letters per
// segment. Nothing of the register itself is kept.
type LotteryDraw struct {
	ID              int64
	MunicipalityID  int64
	CreatedAt       time.Time
	CreatedBy       int64 // 0 when the official's account is gone
	Purpose         string
	FileName        string
	FileSHA256      string // lower-case hex
	RegisterRows    int
	HouseholdColumn string // "" when the draw had none
	Households      int
	LettersAsked    int
	LettersDrawn    int
	Seed            uint64
	Prior           int
	// RatesFrom and RatesTo bound the participation period whose rates set
	// the letters per segment.
	RatesFrom, RatesTo time.Time
	// Segments are filled by LotteryDraw (not by LotteryDraws), ordered by
	// area code, age band (by its lower bound) and gender.
	Segments []LotteryDrawSegment
}

// LotteryDrawSegment is one segment of a draw: the register rows in it, the
// letters it was allocated and the letters actually drawn (fewer when
// households shared between segments left too few rows).
type LotteryDrawSegment struct {
	Area         string `db:"area"` // the area code as written in the register
	AgeBand      string `db:"age_band"`
	Gender       string `db:"gender"` // "" when the population has no gender
	RegisterRows int    `db:"register_rows"`
	Allocated    int    `db:"allocated"`
	Letters      int    `db:"letters"`
}

// lotteryDrawRow is a lottery_draws row as read; the seed is numeric(20,0),
// read as text because it does not fit bigint.
type lotteryDrawRow struct {
	ID              int64         `db:"id"`
	MunicipalityID  int64         `db:"municipality_id"`
	CreatedAt       time.Time     `db:"created_at"`
	CreatedBy       sql.NullInt64 `db:"created_by"`
	Purpose         string        `db:"purpose"`
	FileName        string        `db:"file_name"`
	FileSHA256      string        `db:"file_sha256"`
	RegisterRows    int           `db:"register_rows"`
	HouseholdColumn string        `db:"household_column"`
	Households      int           `db:"households"`
	LettersAsked    int           `db:"letters_asked"`
	LettersDrawn    int           `db:"letters_drawn"`
	Seed            string        `db:"seed"`
	Prior           int           `db:"prior"`
	RatesFrom       time.Time     `db:"rates_from"`
	RatesTo         time.Time     `db:"rates_to"`
}

func (r lotteryDrawRow) draw() (LotteryDraw, error) {
	seed, err := strconv.ParseUint(r.Seed, 10, 64)
	if err != nil {
		return LotteryDraw{}, fmt.Errorf("lottery draw %d: seed %q: %w", r.ID, r.Seed, err)
	}
	return LotteryDraw{
		ID: r.ID, MunicipalityID: r.MunicipalityID, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy.Int64,
		Purpose: r.Purpose, FileName: r.FileName, FileSHA256: r.FileSHA256, RegisterRows: r.RegisterRows,
		HouseholdColumn: r.HouseholdColumn, Households: r.Households, LettersAsked: r.LettersAsked,
		LettersDrawn: r.LettersDrawn, Seed: seed, Prior: r.Prior, RatesFrom: r.RatesFrom, RatesTo: r.RatesTo,
	}, nil
}

const lotteryDrawColumns = `id, municipality_id, created_at, created_by, purpose, file_name, file_sha256,
	register_rows, household_column, households, letters_asked, letters_drawn, seed::text AS seed,
	prior, rates_from, rates_to`

// CreateLotteryDraw stores a draw, its segments and an audit entry in one
// transaction and returns the draw's id. d.ID and d.CreatedAt are ignored.
func (s *Store) CreateLotteryDraw(ctx context.Context, d LotteryDraw) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, `INSERT INTO lottery_draws
			(municipality_id, created_by, purpose, file_name, file_sha256, register_rows, household_column,
			 households, letters_asked, letters_drawn, seed, prior, rates_from, rates_to)
			VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12, $13, $14)
			RETURNING id`,
			d.MunicipalityID, d.CreatedBy, d.Purpose, d.FileName, d.FileSHA256, d.RegisterRows, d.HouseholdColumn,
			d.Households, d.LettersAsked, d.LettersDrawn, strconv.FormatUint(d.Seed, 10), d.Prior, d.RatesFrom, d.RatesTo)
		if err != nil {
			return fmt.Errorf("insert lottery draw: %w", err)
		}
		n := len(d.Segments)
		areas, bands, genders := make([]string, n), make([]string, n), make([]string, n)
		rows, allocated, letters := make([]int64, n), make([]int64, n), make([]int64, n)
		for i, sg := range d.Segments {
			areas[i], bands[i], genders[i] = sg.Area, sg.AgeBand, sg.Gender
			rows[i], allocated[i], letters[i] = int64(sg.RegisterRows), int64(sg.Allocated), int64(sg.Letters)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO lottery_draw_segments
			(municipality_id, draw_id, area, age_band, gender, register_rows, allocated, letters)
			SELECT $1, $2, s.area, s.age_band, s.gender, s.register_rows, s.allocated, s.letters
			FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[])
				AS s (area, age_band, gender, register_rows, allocated, letters)`,
			d.MunicipalityID, id, pq.Array(areas), pq.Array(bands), pq.Array(genders),
			pq.Array(rows), pq.Array(allocated), pq.Array(letters)); err != nil {
			return fmt.Errorf("insert letters per segment of lottery draw %d: %w", id, err)
		}
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: d.MunicipalityID, ActorID: d.CreatedBy, Action: "lottery.drawn",
			TargetType: "lottery_draw", TargetID: strconv.FormatInt(id, 10),
			Details: map[string]any{
				"purpose": d.Purpose, "file_sha256": d.FileSHA256, "seed": strconv.FormatUint(d.Seed, 10),
				"letters_asked": d.LettersAsked, "letters_drawn": d.LettersDrawn,
			},
		})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// LotteryDraw returns one of the municipality's draws with its segments, or
// ErrNotFound (also for another municipality's draw).
func (s *Store) LotteryDraw(ctx context.Context, municipalityID, id int64) (*LotteryDraw, error) {
	var row lotteryDrawRow
	err := s.db.GetContext(ctx, &row, `SELECT `+lotteryDrawColumns+` FROM lottery_draws
		WHERE municipality_id = $1 AND id = $2`, municipalityID, id)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("lottery draw %d", id))
	}
	d, err := row.draw()
	if err != nil {
		return nil, err
	}
	err = s.db.SelectContext(ctx, &d.Segments, `SELECT area, age_band, gender, register_rows, allocated, letters
		FROM lottery_draw_segments
		WHERE municipality_id = $1 AND draw_id = $2
		ORDER BY area COLLATE "C", substring(age_band FROM '^[0-9]+')::int, age_band COLLATE "C", gender COLLATE "C"`,
		municipalityID, id)
	if err != nil {
		return nil, fmt.Errorf("letters per segment of lottery draw %d: %w", id, err)
	}
	return &d, nil
}

// LotteryDraws returns the municipality's newest draws, without segments.
func (s *Store) LotteryDraws(ctx context.Context, municipalityID int64, limit int) ([]LotteryDraw, error) {
	var rows []lotteryDrawRow
	err := s.db.SelectContext(ctx, &rows, `SELECT `+lotteryDrawColumns+` FROM lottery_draws
		WHERE municipality_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("list lottery draws: %w", err)
	}
	draws := make([]LotteryDraw, len(rows))
	for i, r := range rows {
		if draws[i], err = r.draw(); err != nil {
			return nil, err
		}
	}
	return draws, nil
}
