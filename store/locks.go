package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// Advisory lock keys: each names one job that only one instance at a time
// may run.
const (
	// LockCloseDueConsultations guards the timer that closes voting.
	LockCloseDueConsultations int64 = 0x6d65_6476_0001
	// LockMeetingReminders guards the job that sends meeting reminders.
	LockMeetingReminders int64 = 0x6d65_6476_0002
)

// WithAdvisoryLock runs fn while holding PostgreSQL's session advisory lock
// key, taken on a dedicated connection, and reports whether it ran: when
// another session (another instance) holds the lock, it returns at once with
// false. fn uses the pool as usual. The lock is released when fn returns,
// even when ctx has been cancelled meanwhile; if releasing fails, the
// connection is closed, which releases it too.
func (s *Store) WithAdvisoryLock(ctx context.Context, key int64, fn func(ctx context.Context) error) (ran bool, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("connection for advisory lock %d: %w", key, err)
	}
	defer conn.Close()
	var locked bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&locked); err != nil {
		return false, fmt.Errorf("take advisory lock %d: %w", key, err)
	}
	if !locked {
		return false, nil
	}
	defer func() {
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		var unlocked bool
		uerr := conn.QueryRowContext(unlockCtx, `SELECT pg_advisory_unlock($1)`, key).Scan(&unlocked)
		if uerr == nil && unlocked {
			return
		}
		// Never hand a connection that may still hold the lock back to
		// the pool: closing it ends the session and so the lock.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		if uerr == nil {
			uerr = errors.New("the lock was not held")
		}
		err = errors.Join(err, fmt.Errorf("release advisory lock %d: %w", key, uerr))
	}()
	return true, fn(ctx)
}
