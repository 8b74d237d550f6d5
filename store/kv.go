package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// KV is a key-value store in PostgreSQL with expiry. It has the method set of
// fiber.Storage, so sessions, CSRF tokens and rate-limit counters survive
// restarts and are shared by every app instance.
type KV struct {
	db      *sql.DB
	timeout time.Duration
}

// KV returns the key-value store backed by this database.
func (s *Store) KV() *KV { return &KV{db: s.db.DB, timeout: 5 * time.Second} }

// fiber.Storage has no context parameter, so each call gets its own deadline.
func (kv *KV) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), kv.timeout)
}

// Get returns the value for key, or nil when it is absent or expired.
func (kv *KV) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	ctx, cancel := kv.ctx()
	defer cancel()
	var value []byte
	err := kv.db.QueryRowContext(ctx, `SELECT value FROM kv_store
		WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("kv get: %w", err)
	}
	return value, nil
}

// Set stores value under key; exp 0 means no expiry.
func (kv *KV) Set(key string, value []byte, exp time.Duration) error {
	if key == "" || len(value) == 0 {
		return nil
	}
	ctx, cancel := kv.ctx()
	defer cancel()
	var expires sql.NullTime
	if exp > 0 {
		expires = sql.NullTime{Time: time.Now().Add(exp), Valid: true}
	}
	if _, err := kv.db.ExecContext(ctx, `INSERT INTO kv_store (key, value, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
		key, value, expires); err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	return nil
}

// Delete removes key.
func (kv *KV) Delete(key string) error {
	if key == "" {
		return nil
	}
	ctx, cancel := kv.ctx()
	defer cancel()
	if _, err := kv.db.ExecContext(ctx, `DELETE FROM kv_store WHERE key = $1`, key); err != nil {
		return fmt.Errorf("kv delete: %w", err)
	}
	return nil
}

// Reset removes every key.
func (kv *KV) Reset() error {
	ctx, cancel := kv.ctx()
	defer cancel()
	if _, err := kv.db.ExecContext(ctx, `DELETE FROM kv_store`); err != nil {
		return fmt.Errorf("kv reset: %w", err)
	}
	return nil
}

// Close does nothing: the connection pool belongs to the Store.
func (kv *KV) Close() error { return nil }

// DeleteExpired removes expired keys and returns how many went.
func (kv *KV) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := kv.db.ExecContext(ctx, `DELETE FROM kv_store WHERE expires_at <= now()`)
	if err != nil {
		return 0, fmt.Errorf("kv delete expired: %w", err)
	}
	return res.RowsAffected()
}
