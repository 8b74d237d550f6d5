package store_test

import (
	"context"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func TestMigrationsUpDownUp(t *testing.T) {
	t.Parallel()
	db := testdb.Empty(t)
	ctx := context.Background()
	m, err := store.NewMigrator(db)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := m.Pending(ctx)
	if err != nil || pending == 0 {
		t.Fatalf("a fresh database has pending migrations: %d %v", pending, err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if pending, _ := m.Pending(ctx); pending != 0 {
		t.Fatalf("after up: %d pending", pending)
	}
	if err := m.DownTo(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Fatalf("down to 0 leaves %d tables", tables)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up again after down: %v", err)
	}
	if v, _ := m.Version(ctx); v < 1 {
		t.Fatalf("version after up: %d", v)
	}
}

// TestConcurrentMigrationsAreSafe starts two migrators at once, as two app
// instances starting together would; the session lock lets one do the work.
func TestConcurrentMigrationsAreSafe(t *testing.T) {
	t.Parallel()
	db := testdb.Empty(t)
	ctx := context.Background()
	errs := make(chan error, 2)
	applied := make(chan int, 2)
	for i := 0; i < 2; i++ {
		go func() {
			m, err := store.NewMigrator(db)
			if err != nil {
				errs <- err
				return
			}
			n, err := m.Up(ctx)
			applied <- n
			errs <- err
		}()
	}
	total := 0
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent migration failed: %v", err)
		}
	}
	for i := 0; i < 2; i++ {
		total += <-applied
	}
	m, _ := store.NewMigrator(db)
	pending, err := m.Pending(ctx)
	if err != nil || pending != 0 {
		t.Fatalf("after two concurrent runs: %d pending, %v", pending, err)
	}
	version, _ := m.Version(ctx)
	if int64(total) != version {
		t.Fatalf("each migration ran once: applied %d in total, schema at version %d", total, version)
	}
}
