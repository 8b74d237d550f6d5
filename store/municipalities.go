package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Municipality is a tenant.
type Municipality struct {
	ID             int64          `db:"id"`
	Slug           string         `db:"slug"`
	Name           string         `db:"name"`
	Country        string         `db:"country"` // "NO" or "DK"
	DefaultLocale  string         `db:"default_locale"`
	EnabledLocales pq.StringArray `db:"enabled_locales"`
	TimeZone       string         `db:"time_zone"`
	Settings       Settings       `db:"settings"`
	CreatedAt      time.Time      `db:"created_at"`
}

// Location returns the municipality's time zone, or Europe/Oslo if the stored
// name is unknown to this system's zone database.
func (m *Municipality) Location() *time.Location {
	if loc, err := time.LoadLocation(m.TimeZone); err == nil {
		return loc
	}
	loc, _ := time.LoadLocation("Europe/Oslo")
	return loc
}

// Settings are per-municipality options, stored as JSON.
type Settings struct {
	// AccessibilityStatementURL is the published statement: uustatus.no in
	// Norway, the /was page on the municipality's site in Denmark.
	AccessibilityStatementURL string `json:"accessibility_statement_url,omitempty"`
	// ContactEmail receives accessibility feedback and general questions.
	ContactEmail string `json:"contact_email,omitempty"`
	// AgeBands override the default age bands for reports (e.g. "16-19").
	AgeBands []string `json:"age_bands,omitempty"`
	// SupportThreshold is the number of supports that makes a proposal wait
	// for an answer (default DefaultSupportThreshold). Read in SQL.
	SupportThreshold int `json:"support_threshold,omitempty"`
	// FlagThreshold is the number of distinct flags that hides an item
	// pending review (default DefaultFlagThreshold). Read in SQL.
	FlagThreshold int `json:"flag_threshold,omitempty"`
}

// AgeBandsOrDefault returns the municipality's age bands, or DefaultAgeBands
// when it has set none.
func (s Settings) AgeBandsOrDefault() []string {
	if len(s.AgeBands) > 0 {
		return s.AgeBands
	}
	return DefaultAgeBands
}

// Scan implements sql.Scanner.
func (s *Settings) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case []byte:
		raw = v
	case string:
		raw = []byte(v)
	case nil:
		*s = Settings{}
		return nil
	default:
		return fmt.Errorf("settings: cannot scan %T", src)
	}
	return json.Unmarshal(raw, s)
}

// Value implements driver.Valuer.
func (s Settings) Value() (driver.Value, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

const municipalityColumns = `m.id, m.slug, m.name, m.country, m.default_locale, m.enabled_locales,
	m.time_zone, m.settings, m.created_at`

// MunicipalityForHost resolves the tenant for a request's host name. When no
// host matches and exactly one municipality exists, that one serves every host.
func (s *Store) MunicipalityForHost(ctx context.Context, host string) (*Municipality, error) {
	var m Municipality
	err := s.db.GetContext(ctx, &m, `SELECT `+municipalityColumns+`
		FROM municipalities m JOIN municipality_hostnames h ON h.municipality_id = m.id
		WHERE h.hostname = lower($1)`, host)
	if err == nil {
		return &m, nil
	}
	if err := notFound(err, "municipality for host"); !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var only []Municipality
	if err := s.db.SelectContext(ctx, &only, `SELECT `+municipalityColumns+`
		FROM municipalities m ORDER BY m.id LIMIT 2`); err != nil {
		return nil, fmt.Errorf("list municipalities: %w", err)
	}
	if len(only) != 1 {
		return nil, fmt.Errorf("municipality for host %q: %w", host, ErrNotFound)
	}
	return &only[0], nil
}

// MunicipalityBySlug finds a municipality by its slug.
func (s *Store) MunicipalityBySlug(ctx context.Context, slug string) (*Municipality, error) {
	var m Municipality
	err := s.db.GetContext(ctx, &m, `SELECT `+municipalityColumns+` FROM municipalities m WHERE m.slug = $1`, slug)
	if err != nil {
		return nil, notFound(err, "municipality "+slug)
	}
	return &m, nil
}

// Municipalities lists every municipality, oldest first.
func (s *Store) Municipalities(ctx context.Context) ([]Municipality, error) {
	var ms []Municipality
	if err := s.db.SelectContext(ctx, &ms, `SELECT `+municipalityColumns+` FROM municipalities m ORDER BY m.id`); err != nil {
		return nil, fmt.Errorf("list municipalities: %w", err)
	}
	return ms, nil
}

// NewMunicipality holds what is needed to create a municipality.
type NewMunicipality struct {
	Slug           string
	Name           string
	Country        string
	DefaultLocale  string
	EnabledLocales []string
	TimeZone       string
	Hostnames      []string
	Settings       Settings
}

// CreateMunicipality inserts a municipality with its host names.
func (s *Store) CreateMunicipality(ctx context.Context, n NewMunicipality) (*Municipality, error) {
	var m Municipality
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &m, `INSERT INTO municipalities AS m
			(slug, name, country, default_locale, enabled_locales, time_zone, settings)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			RETURNING `+municipalityColumns,
			n.Slug, n.Name, n.Country, n.DefaultLocale, pq.Array(n.EnabledLocales), n.TimeZone, n.Settings); err != nil {
			if isUniqueViolation(err, "") {
				return fmt.Errorf("create municipality %s: %w", n.Slug, ErrConflict)
			}
			return fmt.Errorf("create municipality %s: %w", n.Slug, err)
		}
		for _, h := range n.Hostnames {
			if _, err := tx.ExecContext(ctx, `INSERT INTO municipality_hostnames (hostname, municipality_id)
				VALUES (lower($1), $2)`, h, m.ID); err != nil {
				if isUniqueViolation(err, "") {
					return fmt.Errorf("host name %s: %w", h, ErrConflict)
				}
				return fmt.Errorf("add host name %s: %w", h, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}
