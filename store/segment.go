package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// AgeBandFor returns the band of bands ("16-19", …, "80+") that age falls
// in, or "" when none does (e.g. a child under the lowest band).
func AgeBandFor(age int, bands []string) string {
	for _, b := range bands {
		lo, hi, ranged := strings.Cut(b, "-")
		if !ranged {
			lo = strings.TrimSuffix(b, "+")
		}
		from, err := strconv.Atoi(lo)
		if err != nil || age < from {
			continue
		}
		if !ranged {
			return b
		}
		if to, err := strconv.Atoi(hi); err == nil && age <= to {
			return b
		}
	}
	return ""
}

// segmentOf snapshots a resident's segment at time at, from their consented
// profile, for the participation ledger. Residents without a profile get the
// unknown segment. Age is counted as at's year minus birth year, which may be
// one year high before the birthday; the profile holds only the year.
func segmentOf(ctx context.Context, tx *sqlx.Tx, municipalityID, userID int64, at time.Time) (Segment, error) {
	var row struct {
		AreaID    sql.NullInt64  `db:"area_id"`
		BirthYear sql.NullInt32  `db:"birth_year"`
		Gender    sql.NullString `db:"gender"`
		Settings  Settings       `db:"settings"`
	}
	err := tx.GetContext(ctx, &row, `SELECT p.area_id, p.birth_year, p.gender, m.settings
		FROM resident_profiles p JOIN municipalities m ON m.id = p.municipality_id
		WHERE p.municipality_id = $1 AND p.user_id = $2`, municipalityID, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return Segment{}, nil
	}
	if err != nil {
		return Segment{}, fmt.Errorf("segment of user %d: %w", userID, err)
	}
	seg := Segment{AreaID: row.AreaID, Gender: row.Gender}
	if row.BirthYear.Valid {
		if band := AgeBandFor(at.Year()-int(row.BirthYear.Int32), row.Settings.AgeBandsOrDefault()); band != "" {
			seg.AgeBand = sql.NullString{String: band, Valid: true}
		}
	}
	return seg, nil
}

// recordParticipation appends an act to the ledger inside the transaction of
// the act itself, so that the act and its trace commit together.
func recordParticipation(ctx context.Context, tx *sqlx.Tx, municipalityID int64, p Participation) error {
	occurred := sql.NullTime{Time: p.OccurredAt, Valid: !p.OccurredAt.IsZero()}
	_, err := tx.ExecContext(ctx, insertParticipation,
		municipalityID, p.UserID, p.AnonymousRef, occurred, p.Act, p.ScopeType, p.ScopeID, p.Channel,
		p.Segment.AreaID, p.Segment.AgeBand, p.Segment.Gender, p.RecordedBy)
	if err != nil {
		return fmt.Errorf("record %s participation: %w", p.Act, err)
	}
	return nil
}
