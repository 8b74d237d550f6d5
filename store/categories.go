package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Translations is a text in several languages, keyed by language code (nb,
// nn, da, en) and stored as a JSON object. A nil Translations scans from and
// stores as SQL NULL.
type Translations map[string]string

// Scan implements sql.Scanner.
func (t *Translations) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case nil:
		*t = nil
		return nil
	case []byte:
		raw = v
	case string:
		raw = []byte(v)
	default:
		return fmt.Errorf("translations: cannot scan %T", src)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("translations: %w", err)
	}
	*t = m
	return nil
}

// Value implements driver.Valuer.
func (t Translations) Value() (driver.Value, error) {
	if t == nil {
		return nil, nil
	}
	b, err := json.Marshal(map[string]string(t))
	return string(b), err
}

// In returns the text in lang, else in bokmål, else in the first language
// by code that has one; "" when there is none.
func (t Translations) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["nb"]; s != "" {
		return s
	}
	langs := make([]string, 0, len(t))
	for l, s := range t {
		if s != "" {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		return ""
	}
	sort.Strings(langs)
	return t[langs[0]]
}

// Category groups proposals by subject; admins manage a municipality's list.
type Category struct {
	ID       int64        `db:"id"`
	Slug     string       `db:"slug"`
	Names    Translations `db:"names"`
	Position int          `db:"position"`
}

// Name returns the category's name in lang, falling back to bokmål, then to
// any language.
func (c Category) Name(lang string) string { return c.Names.In(lang) }

// ErrNoCategoryName is returned when a category would have no name at all.
var ErrNoCategoryName = errors.New("a category needs a name in at least one language")

// Categories lists the municipality's categories in use, by position then slug.
func (s *Store) Categories(ctx context.Context, municipalityID int64) ([]Category, error) {
	var cs []Category
	if err := s.db.SelectContext(ctx, &cs, `SELECT id, slug, names, position FROM categories
		WHERE municipality_id = $1 AND archived_at IS NULL
		ORDER BY position, slug`, municipalityID); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return cs, nil
}

// CreateCategory adds a category after the existing ones. Names are trimmed
// and empty ones dropped; a slug already used in the municipality (even by an
// archived category) is ErrConflict.
func (s *Store) CreateCategory(ctx context.Context, municipalityID, actorID int64, slug string, names map[string]string) (*Category, error) {
	clean := Translations{}
	for lang, name := range names {
		if name = strings.TrimSpace(name); name != "" {
			clean[lang] = name
		}
	}
	if len(clean) == 0 {
		return nil, ErrNoCategoryName
	}
	var c Category
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &c, `INSERT INTO categories (municipality_id, slug, names, position)
			SELECT $1, $2, $3, COALESCE(max(position) + 1, 0) FROM categories WHERE municipality_id = $1
			RETURNING id, slug, names, position`, municipalityID, slug, clean)
		if isUniqueViolation(err, "categories_municipality_id_slug_key") {
			return fmt.Errorf("category %s: %w", slug, ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create category %s: %w", slug, err)
		}
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: actorID, Action: "category.created",
			TargetType: "category", TargetID: fmt.Sprint(c.ID),
			Details: map[string]any{"slug": slug, "names": clean},
		})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ArchiveCategory takes a category out of use: it is no longer offered for
// new proposals, while proposals that have it keep showing its name.
// Archiving an archived category does nothing.
func (s *Store) ArchiveCategory(ctx context.Context, municipalityID, actorID, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var wasArchived bool
		err := tx.GetContext(ctx, &wasArchived, `SELECT archived_at IS NOT NULL FROM categories
			WHERE municipality_id = $1 AND id = $2 FOR UPDATE`, municipalityID, id)
		if err != nil {
			return notFound(err, fmt.Sprintf("category %d", id))
		}
		if wasArchived {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE categories SET archived_at = now()
			WHERE municipality_id = $1 AND id = $2`, municipalityID, id); err != nil {
			return fmt.Errorf("archive category %d: %w", id, err)
		}
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: actorID, Action: "category.archived",
			TargetType: "category", TargetID: fmt.Sprint(id),
		})
	})
}
