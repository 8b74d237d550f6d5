package store

import (
	"context"
	"fmt"
	"github.com/lib/pq"
	"strings"
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
		areaIDs := make([]int64, len(cells))
		bands := make([]string, len(cells))
		genders := make([]string, len(cells))
		counts := make([]int64, len(cells))
		for i, c := range cells {
			areaIDs[i], bands[i], genders[i], counts[i] = c.AreaID, c.AgeBand, c.Gender, int64(c.Count)
		}
		// One statement for the whole data set; the primary key refuses duplicates.
		if _, err := tx.ExecContext(ctx, `INSERT INTO population_stats
			(municipality_id, as_of, area_id, age_band, gender, count, source)
			SELECT $1, $2, a, b, g, n, $3
			FROM unnest($4::bigint[], $5::text[], $6::text[], $7::int[]) AS t(a, b, g, n)`,
			municipalityID, asOf, source, pq.Array(areaIDs), pq.Array(bands), pq.Array(genders), pq.Array(counts)); err != nil {
			return fmt.Errorf("insert population for %s: %w", asOf.Format(time.DateOnly), err)
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

// PopulationRow is one line of a population file, by area code.
type PopulationRow struct {
	Line     int
	AreaCode string
	AgeBand  string
	Gender   string // "female", "male" or "all"
	Count    int
}

// UnknownAreasError lists the area codes of an import that the municipality
// does not have, with the first line each appears on.
type UnknownAreasError struct {
	Codes []string
	Lines []int
}

func (e *UnknownAreasError) Error() string {
	parts := make([]string, len(e.Codes))
	for i, c := range e.Codes {
		parts[i] = fmt.Sprintf("%s (line %d)", c, e.Lines[i])
	}
	return "unknown areas: " + strings.Join(parts, ", ")
}

// ImportPopulation replaces the population data set for one reference date
// from rows keyed by area code. Every code must be an area of the
// municipality; otherwise nothing is imported and the unknown codes are listed.
func (s *Store) ImportPopulation(ctx context.Context, municipalityID int64, asOf time.Time, source string, rows []PopulationRow) (int, error) {
	areas, err := s.Areas(ctx, municipalityID)
	if err != nil {
		return 0, err
	}
	byCode := make(map[string]int64, len(areas))
	for _, a := range areas {
		byCode[a.Code] = a.ID
	}
	unknown := &UnknownAreasError{}
	seen := map[string]bool{}
	cells := make([]PopulationCell, 0, len(rows))
	for _, r := range rows {
		id, ok := byCode[r.AreaCode]
		if !ok {
			if !seen[r.AreaCode] {
				seen[r.AreaCode] = true
				unknown.Codes = append(unknown.Codes, r.AreaCode)
				unknown.Lines = append(unknown.Lines, r.Line)
			}
			continue
		}
		cells = append(cells, PopulationCell{AreaID: id, AgeBand: r.AgeBand, Gender: r.Gender, Count: r.Count})
	}
	if len(unknown.Codes) > 0 {
		return 0, unknown
	}
	if err := s.ReplacePopulation(ctx, municipalityID, asOf, source, cells); err != nil {
		return 0, err
	}
	return len(cells), nil
}

// PopulationImport summarises one imported data set.
type PopulationImport struct {
	AsOf       time.Time `db:"as_of"`
	Source     string    `db:"source"`
	Cells      int       `db:"cells"`
	Residents  int       `db:"residents"`
	ImportedAt time.Time `db:"imported_at"`
}

// PopulationImports lists the imported data sets, newest reference date first.
func (s *Store) PopulationImports(ctx context.Context, municipalityID int64) ([]PopulationImport, error) {
	var imports []PopulationImport
	err := s.db.SelectContext(ctx, &imports, `SELECT as_of, min(source) AS source, count(*) AS cells,
			sum(count) AS residents, max(imported_at) AS imported_at
		FROM population_stats WHERE municipality_id = $1
		GROUP BY as_of ORDER BY as_of DESC`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("list population imports: %w", err)
	}
	return imports, nil
}
