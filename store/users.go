package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Roles, from least to most privileged. Officials and moderators have
// separate duties; admins may do everything.
const (
	RoleResident  = "resident"
	RoleOfficial  = "official"
	RoleModerator = "moderator"
	RoleAdmin     = "admin"
)

// Roles lists every role in display order.
var Roles = []string{RoleResident, RoleOfficial, RoleModerator, RoleAdmin}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// ErrEmailTaken is returned when an email is already registered in the municipality.
var ErrEmailTaken = fmt.Errorf("email already registered: %w", ErrConflict)

// User is an account in one municipality.
type User struct {
	ID             int64          `db:"id"`
	MunicipalityID int64          `db:"municipality_id"`
	Email          sql.NullString `db:"email"`
	PasswordHash   string         `db:"password_hash"`
	DisplayName    string         `db:"display_name"`
	Role           string         `db:"role"`
	Locale         sql.NullString `db:"locale"`
	CreatedAt      time.Time      `db:"created_at"`
	DeletedAt      sql.NullTime   `db:"deleted_at"`
	BlockedAt      sql.NullTime   `db:"blocked_at"`
	BlockedReason  string         `db:"blocked_reason"`
}

// Profile is a resident's optional, consented demographic profile.
type Profile struct {
	AreaID    sql.NullInt64  `db:"area_id"`
	BirthYear sql.NullInt32  `db:"birth_year"`
	Gender    sql.NullString `db:"gender"`
	ConsentAt time.Time      `db:"consent_at"`
}

// Empty reports whether the profile holds no demographic data.
func (p Profile) Empty() bool {
	return !p.AreaID.Valid && !p.BirthYear.Valid && !p.Gender.Valid
}

// NewUser is what registration or an admin provides.
type NewUser struct {
	Email        string
	PasswordHash string
	DisplayName  string
	Role         string
	Locale       string
	// Profile is stored only when it holds data; its consent time is set then.
	Profile Profile
}

const userColumns = `id, municipality_id, email, password_hash, display_name, role, locale, created_at, deleted_at,
	blocked_at, blocked_reason`

// NormalizeEmail trims and lower-cases an email address.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// CreateUser adds an account (and its profile when given) in one transaction.
func (s *Store) CreateUser(ctx context.Context, municipalityID int64, n NewUser) (*User, error) {
	var u User
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &u, `INSERT INTO users
			(municipality_id, email, password_hash, display_name, role, locale)
			VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''))
			RETURNING `+userColumns,
			municipalityID, NormalizeEmail(n.Email), n.PasswordHash, strings.TrimSpace(n.DisplayName), n.Role, n.Locale)
		if isUniqueViolation(err, "users_municipality_email_key") {
			return ErrEmailTaken
		}
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		if n.Profile.Empty() {
			return nil
		}
		return saveProfile(ctx, tx, municipalityID, u.ID, n.Profile)
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

func saveProfile(ctx context.Context, tx *sqlx.Tx, municipalityID, userID int64, p Profile) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO resident_profiles
		(user_id, municipality_id, area_id, birth_year, gender, consent_at)
		VALUES ($1, $2, $3, $4, $5, now())
		ON CONFLICT (user_id) DO UPDATE SET area_id = EXCLUDED.area_id, birth_year = EXCLUDED.birth_year,
			gender = EXCLUDED.gender, updated_at = now()`,
		userID, municipalityID, p.AreaID, p.BirthYear, p.Gender)
	if err != nil {
		return fmt.Errorf("save profile of user %d: %w", userID, err)
	}
	return nil
}

// UserByEmail finds an active account by email within a municipality.
func (s *Store) UserByEmail(ctx context.Context, municipalityID int64, email string) (*User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users
		WHERE municipality_id = $1 AND email = $2 AND deleted_at IS NULL`, municipalityID, NormalizeEmail(email))
	if err != nil {
		return nil, notFound(err, "user by email")
	}
	return &u, nil
}

// UserByID finds an active account within a municipality.
func (s *Store) UserByID(ctx context.Context, municipalityID, id int64) (*User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users
		WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, id)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("user %d", id))
	}
	return &u, nil
}

// ProfileOf returns a user's profile; an empty profile when none was given.
func (s *Store) ProfileOf(ctx context.Context, municipalityID, userID int64) (Profile, error) {
	var p Profile
	err := s.db.GetContext(ctx, &p, `SELECT area_id, birth_year, gender, consent_at FROM resident_profiles
		WHERE municipality_id = $1 AND user_id = $2`, municipalityID, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, nil
	}
	if err != nil {
		return Profile{}, fmt.Errorf("profile of user %d: %w", userID, err)
	}
	return p, nil
}

// UpdateProfile replaces a user's display name and profile; an empty profile
// withdraws consent and deletes the stored data.
func (s *Store) UpdateProfile(ctx context.Context, municipalityID, userID int64, displayName string, p Profile) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $3
			WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, userID, strings.TrimSpace(displayName))
		if err != nil {
			return fmt.Errorf("update user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("update user %d: %w", userID, ErrNotFound)
		}
		if p.Empty() {
			if _, err := tx.ExecContext(ctx, `DELETE FROM resident_profiles WHERE municipality_id = $1 AND user_id = $2`,
				municipalityID, userID); err != nil {
				return fmt.Errorf("delete profile of user %d: %w", userID, err)
			}
			return nil
		}
		return saveProfile(ctx, tx, municipalityID, userID, p)
	})
}

// SetPassword stores a new password hash.
func (s *Store) SetPassword(ctx context.Context, municipalityID, userID int64, hash string) error {
	return s.execOne(ctx, fmt.Sprintf("set password of user %d", userID), `UPDATE users SET password_hash = $3
		WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, userID, hash)
}

// SetLocale remembers a user's preferred language.
func (s *Store) SetLocale(ctx context.Context, municipalityID, userID int64, locale string) error {
	return s.execOne(ctx, fmt.Sprintf("set locale of user %d", userID), `UPDATE users SET locale = $3
		WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, userID, locale)
}

// SetRole changes a user's role and records who did it in the audit log.
func (s *Store) SetRole(ctx context.Context, municipalityID, actorID, userID int64, role string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var old string
		err := tx.GetContext(ctx, &old, `SELECT role FROM users
			WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE`, municipalityID, userID)
		if err != nil {
			return notFound(err, fmt.Sprintf("user %d", userID))
		}
		if old == role {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = $3 WHERE municipality_id = $1 AND id = $2`,
			municipalityID, userID, role); err != nil {
			return fmt.Errorf("set role of user %d: %w", userID, err)
		}
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: actorID, Action: "user.role_changed",
			TargetType: "user", TargetID: fmt.Sprint(userID),
			Details: map[string]any{"from": old, "to": role},
		})
	})
}

// UserFilter narrows the admin's user list.
type UserFilter struct {
	Query   string // part of the email or display name
	Role    string
	Blocked bool // only accounts a moderator blocked
	Limit   int
	Offset  int
}

// Users lists active accounts for administration, newest first.
func (s *Store) Users(ctx context.Context, municipalityID int64, f UserFilter) ([]User, int, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := `municipality_id = $1 AND deleted_at IS NULL
		AND ($2 = '' OR email LIKE '%' || $2 || '%' OR lower(display_name) LIKE '%' || $2 || '%')
		AND ($3 = '' OR role = $3)
		AND (NOT $4 OR blocked_at IS NOT NULL)`
	query := strings.ToLower(strings.TrimSpace(f.Query))
	query = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(query)
	var total int
	if err := s.db.GetContext(ctx, &total, `SELECT count(*) FROM users WHERE `+where,
		municipalityID, query, f.Role, f.Blocked); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	var users []User
	if err := s.db.SelectContext(ctx, &users, `SELECT `+userColumns+` FROM users WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6`,
		municipalityID, query, f.Role, f.Blocked, f.Limit, f.Offset); err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return users, total, nil
}

// DeleteUser anonymises an account: the row stays so that threads keep an
// anonymous author, but the email, name, password and profile are erased and
// the sessions of the account stop working.
func (s *Store) DeleteUser(ctx context.Context, municipalityID, userID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users
			SET email = NULL, password_hash = '', display_name = '', locale = NULL, deleted_at = now()
			WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, userID)
		if err != nil {
			return fmt.Errorf("anonymise user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("anonymise user %d: %w", userID, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resident_profiles WHERE municipality_id = $1 AND user_id = $2`,
			municipalityID, userID); err != nil {
			return fmt.Errorf("delete profile of user %d: %w", userID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE municipality_id = $1 AND user_id = $2`,
			municipalityID, userID); err != nil {
			return fmt.Errorf("delete notifications of user %d: %w", userID, err)
		}
		return nil
	})
}

// execOne runs a statement that must change exactly one row.
func (s *Store) execOne(ctx context.Context, what, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}
