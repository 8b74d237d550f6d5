package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// TestWithAdvisoryLock lets one of two concurrent callers run; the other
// skips, and the lock is free again afterwards, however fn ended.
func TestWithAdvisoryLock(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	const key = store.LockCloseDueConsultations
	held := func() int {
		t.Helper()
		var n int
		if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	inside, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		ran, err := st.WithAdvisoryLock(ctx, key, func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		if err == nil && !ran {
			err = errors.New("the first caller did not run")
		}
		first <- err
	}()
	<-inside
	if n := held(); n != 1 {
		t.Fatalf("advisory locks held while running: %d", n)
	}
	ran, err := st.WithAdvisoryLock(ctx, key, func(context.Context) error {
		t.Error("the second caller ran while the first held the lock")
		return nil
	})
	if err != nil || ran {
		t.Fatalf("second caller: ran %v, %v", ran, err)
	}
	// Another key is another job.
	if ran, err := st.WithAdvisoryLock(ctx, key+1, func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("another key: ran %v, %v", ran, err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := held(); n != 0 {
		t.Fatalf("advisory locks left: %d", n)
	}

	// An error from fn comes back, and the lock is released.
	boom := errors.New("boom")
	if ran, err := st.WithAdvisoryLock(ctx, key, func(context.Context) error { return boom }); !ran || !errors.Is(err, boom) {
		t.Fatalf("failing fn: ran %v, %v", ran, err)
	}
	// So it is when the caller's context ends while fn runs.
	cctx, cancel := context.WithCancel(ctx)
	if ran, err := st.WithAdvisoryLock(cctx, key, func(ctx context.Context) error {
		cancel()
		return ctx.Err()
	}); !ran || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: ran %v, %v", ran, err)
	}
	if n := held(); n != 0 {
		t.Fatalf("advisory locks left: %d", n)
	}
	if ran, err := st.WithAdvisoryLock(ctx, key, func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("after all that: ran %v, %v", ran, err)
	}
	if _, err := st.WithAdvisoryLock(cctx, key, func(context.Context) error { return nil }); err == nil {
		t.Fatal("a cancelled context takes no lock")
	}
}
