package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Area is a part of a municipality (a district, a neighbourhood).
type Area struct {
	ID             int64         `db:"id"`
	MunicipalityID int64         `db:"municipality_id"`
	Code           string        `db:"code"`
	Name           string        `db:"name"`
	ParentID       sql.NullInt64 `db:"parent_id"`
}

// Areas lists a municipality's areas by name.
func (s *Store) Areas(ctx context.Context, municipalityID int64) ([]Area, error) {
	var areas []Area
	if err := s.db.SelectContext(ctx, &areas, `SELECT id, municipality_id, code, name, parent_id
		FROM areas WHERE municipality_id = $1 ORDER BY name, code`, municipalityID); err != nil {
		return nil, fmt.Errorf("list areas: %w", err)
	}
	return areas, nil
}

// Area finds one area of a municipality.
func (s *Store) Area(ctx context.Context, municipalityID, id int64) (*Area, error) {
	var a Area
	err := s.db.GetContext(ctx, &a, `SELECT id, municipality_id, code, name, parent_id
		FROM areas WHERE municipality_id = $1 AND id = $2`, municipalityID, id)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("area %d", id))
	}
	return &a, nil
}

// CreateArea adds an area.
func (s *Store) CreateArea(ctx context.Context, municipalityID int64, code, name string) (*Area, error) {
	var a Area
	err := s.db.GetContext(ctx, &a, `INSERT INTO areas (municipality_id, code, name) VALUES ($1, $2, $3)
		RETURNING id, municipality_id, code, name, parent_id`, municipalityID, code, name)
	if err != nil {
		if isUniqueViolation(err, "") {
			return nil, fmt.Errorf("area %s: %w", code, ErrConflict)
		}
		return nil, fmt.Errorf("create area %s: %w", code, err)
	}
	return &a, nil
}
