// Package testdb gives each test its own PostgreSQL database, cloned from a
// template that has every migration applied (pgtestdb), so that tests run in
// parallel against a real server without seeing each other's rows.
package testdb

import (
	"database/sql"
	"net/url"
	"os"
	"testing"

	"github.com/peterldowns/pgtestdb"
	"github.com/peterldowns/pgtestdb/migrators/goosemigrator"

	"github.com/medvirk/medvirk/migrations"
	"github.com/medvirk/medvirk/store"
)

// EnvURL names the variable holding a URL of a server where tests may create
// databases (make test sets it); without it, 127.0.0.1:5432 is used.
const EnvURL = "MEDVIRK_TEST_DATABASE_URL"

// Config describes the test server from MEDVIRK_TEST_DATABASE_URL.
func Config(t testing.TB) pgtestdb.Config {
	t.Helper()
	raw := os.Getenv(EnvURL)
	if raw == "" {
		raw = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	pw, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	options := u.Query()
	if options.Get("sslmode") == "" {
		options.Set("sslmode", "disable")
	}
	db := u.Path
	if len(db) > 1 {
		db = db[1:]
	} else {
		db = "postgres"
	}
	return pgtestdb.Config{
		DriverName:                "postgres",
		Host:                      u.Hostname(),
		Port:                      port,
		User:                      u.User.Username(),
		Password:                  pw,
		Database:                  db,
		Options:                   options.Encode(),
		ForceTerminateConnections: true,
	}
}

// Migrator migrates the template database with the embedded migrations.
func Migrator() pgtestdb.Migrator {
	return goosemigrator.New(".", goosemigrator.WithFS(migrations.FS))
}

// New returns a store on a fresh, fully migrated database.
func New(t testing.TB) *store.Store {
	t.Helper()
	return store.New(pgtestdb.New(t, Config(t), Migrator()))
}

// Empty returns a fresh database without any schema, for migration tests.
func Empty(t testing.TB) *sql.DB {
	t.Helper()
	return pgtestdb.New(t, Config(t), pgtestdb.NoopMigrator{})
}
