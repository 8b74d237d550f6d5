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
