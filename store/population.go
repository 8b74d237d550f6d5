package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// PopulationCell is the number of residents in one segment.
type PopulationCell struct {
	AreaID  int64  `db:"area_id"`
	AgeBand string `db:"age_band"`
	Gender  string `db:"gender"` // "female", "male" or "all"
	Count   int    `db:"count"`
}

// ReplacePopulation stores a complete population data set for one reference
// date, replacing any earlier import for the same date, in one transaction.
func (s *Store) ReplacePopulation(ctx context.Context, municipalityID int64, asOf time.Time, source string, cells []PopulationCell) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM population_stats WHERE municipality_id = $1 AND as_of = $2`,
			municipalityID, asOf); err != nil {
			return fmt.Errorf("clear population for %s: %w", asOf.Format(time.DateOnly), err)
		}
		for _, c := range cells {
			if _, err := tx.ExecContext(ctx, `INSERT INTO population_stats
				(municipality_id, as_of, area_id, age_band, gender, count, source)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				municipalityID, asOf, c.AreaID, c.AgeBand, c.Gender, c.Count, source); err != nil {
				return fmt.Errorf("insert population cell %d/%s/%s: %w", c.AreaID, c.AgeBand, c.Gender, err)
			}
		}
		return nil
	})
}

// PopulationTotal returns the number of residents in the newest data set.
func (s *Store) PopulationTotal(ctx context.Context, municipalityID int64) (int, error) {
	var total int
	err := s.db.GetContext(ctx, &total, `SELECT COALESCE(sum(count), 0) FROM population_stats
		WHERE municipality_id = $1
		  AND as_of = (SELECT max(as_of) FROM population_stats WHERE municipality_id = $1)`, municipalityID)
	if err != nil {
		return 0, fmt.Errorf("population total: %w", err)
	}
	return total, nil
}
