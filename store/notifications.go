package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Notification is an in-app message to one user. MessageID and Args are
// rendered in the reader's language.
type Notification struct {
	ID        int64          `db:"id"`
	MessageID string         `db:"message_id"`
	ArgsJSON  []byte         `db:"args"`
	Link      string         `db:"link"`
	CreatedAt time.Time      `db:"created_at"`
	ReadAt    *time.Time     `db:"read_at"`
	Args      map[string]any `db:"-"`
}

// Notify sends an in-app notification.
func (s *Store) Notify(ctx context.Context, municipalityID, userID int64, messageID string, args map[string]any, link string) error {
	encoded, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("encode notification args: %w", err)
	}
	if args == nil {
		encoded = []byte("{}")
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO notifications (municipality_id, user_id, message_id, args, link)
		VALUES ($1, $2, $3, $4, $5)`, municipalityID, userID, messageID, string(encoded), link); err != nil {
		return fmt.Errorf("notify user %d: %w", userID, err)
	}
	return nil
}

// UnreadCount returns how many notifications a user has not read.
func (s *Store) UnreadCount(ctx context.Context, municipalityID, userID int64) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM notifications
		WHERE municipality_id = $1 AND user_id = $2 AND read_at IS NULL`, municipalityID, userID); err != nil {
		return 0, fmt.Errorf("count unread notifications: %w", err)
	}
	return n, nil
}

// Notifications returns a user's newest notifications.
func (s *Store) Notifications(ctx context.Context, municipalityID, userID int64, limit int) ([]Notification, error) {
	var ns []Notification
	if err := s.db.SelectContext(ctx, &ns, `SELECT id, message_id, args, link, created_at, read_at FROM notifications
		WHERE municipality_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
		municipalityID, userID, limit); err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	for i := range ns {
		if err := json.Unmarshal(ns[i].ArgsJSON, &ns[i].Args); err != nil {
			return nil, fmt.Errorf("decode notification %d: %w", ns[i].ID, err)
		}
	}
	return ns, nil
}

// MarkNotificationsRead marks all of a user's notifications as read.
func (s *Store) MarkNotificationsRead(ctx context.Context, municipalityID, userID int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = now()
		WHERE municipality_id = $1 AND user_id = $2 AND read_at IS NULL`, municipalityID, userID); err != nil {
		return fmt.Errorf("mark notifications read: %w", err)
	}
	return nil
}
