package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// encodeNotificationArgs turns notification arguments into a JSON object.
func encodeNotificationArgs(args map[string]any) (string, error) {
	if args == nil {
		return "{}", nil
	}
	encoded, err := json.Marshal(args)
	if err != nil {
		return "", fmt.Errorf("encode notification args: %w", err)
	}
	return string(encoded), nil
}

// notify sends an in-app notification inside the transaction of the act that
// causes it, so that the act and its notification commit together.
func notify(ctx context.Context, tx *sqlx.Tx, municipalityID, userID int64, messageID string, args map[string]any, link string) error {
	encoded, err := encodeNotificationArgs(args)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (municipality_id, user_id, message_id, args, link)
		VALUES ($1, $2, $3, $4, $5)`, municipalityID, userID, messageID, encoded, link); err != nil {
		return fmt.Errorf("notify user %d: %w", userID, err)
	}
	return nil
}

// notifyUsers sends the same notification to each of users, in one
// statement inside tx.
func notifyUsers(ctx context.Context, tx *sqlx.Tx, municipalityID int64, users []int64, messageID string, args map[string]any, link string) error {
	if len(users) == 0 {
		return nil
	}
	encoded, err := encodeNotificationArgs(args)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (municipality_id, user_id, message_id, args, link)
		SELECT $1, unnest($2::bigint[]), $3, $4, $5`, municipalityID, pq.Array(users), messageID, encoded, link); err != nil {
		return fmt.Errorf("notify %d users: %w", len(users), err)
	}
	return nil
}

// notifyRoles sends one notification to every active account of the
// municipality that holds one of roles, in one statement inside tx. It returns
// how many accounts were notified.
func notifyRoles(ctx context.Context, tx *sqlx.Tx, municipalityID int64, roles []string, messageID string, args map[string]any, link string) (int, error) {
	encoded, err := encodeNotificationArgs(args)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO notifications (municipality_id, user_id, message_id, args, link)
		SELECT municipality_id, id, $3, $4, $5 FROM users
		WHERE municipality_id = $1 AND role = ANY($2) AND deleted_at IS NULL`,
		municipalityID, pq.Array(roles), messageID, encoded, link)
	if err != nil {
		return 0, fmt.Errorf("notify %v: %w", roles, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("notify %v: %w", roles, err)
	}
	return int(n), nil
}
