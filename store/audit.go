package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditEntry records one action by an official, moderator or admin.
type AuditEntry struct {
	ID             int64     `db:"id"`
	MunicipalityID int64     `db:"municipality_id"`
	ActorID        int64     `db:"-"`
	Action         string    `db:"action"`
	TargetType     string    `db:"target_type"`
	TargetID       string    `db:"target_id"`
	Details        any       `db:"-"`
	CreatedAt      time.Time `db:"created_at"`
}

// audit writes an entry inside the transaction of the action it records, so
// that the action and its trace commit together.
func audit(ctx context.Context, tx *sqlx.Tx, e AuditEntry) error {
	details, err := json.Marshal(e.Details)
	if err != nil {
		return fmt.Errorf("encode audit details: %w", err)
	}
	if e.Details == nil {
		details = []byte("{}")
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(municipality_id, actor_id, action, target_type, target_id, details)
		VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6)`,
		e.MunicipalityID, e.ActorID, e.Action, e.TargetType, e.TargetID, string(details))
	if err != nil {
		return fmt.Errorf("write audit entry %s: %w", e.Action, err)
	}
	return nil
}

// RecordAudit writes one audit entry in a transaction of its own, for an
// action whose store method does not write its trace itself.
func (s *Store) RecordAudit(ctx context.Context, e AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return audit(ctx, tx, e) })
}

// AuditLogEntry is an audit entry as read back, with the actor's name.
type AuditLogEntry struct {
	ID         int64     `db:"id"`
	ActorName  string    `db:"actor_name"`
	Action     string    `db:"action"`
	TargetType string    `db:"target_type"`
	TargetID   string    `db:"target_id"`
	Details    string    `db:"details"`
	CreatedAt  time.Time `db:"created_at"`
}

// AuditLog returns the newest entries of a municipality's audit log.
func (s *Store) AuditLog(ctx context.Context, municipalityID int64, limit int) ([]AuditLogEntry, error) {
	var entries []AuditLogEntry
	err := s.db.SelectContext(ctx, &entries, `SELECT a.id, COALESCE(u.display_name, '') AS actor_name,
			a.action, a.target_type, a.target_id, a.details::text AS details, a.created_at
		FROM audit_log a LEFT JOIN users u ON u.municipality_id = a.municipality_id AND u.id = a.actor_id
		WHERE a.municipality_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return entries, nil
}
