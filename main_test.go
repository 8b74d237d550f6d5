package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/migrations"
	"github.com/medvirk/medvirk/store"
)

// TestMain gives the commands a valid BALLOT_KEY, as every deployment has
// one (the configuration tests in app/ cover a missing or short one).
func TestMain(m *testing.M) {
	if os.Getenv("BALLOT_KEY") == "" {
		os.Setenv("BALLOT_KEY", "main-test-ballot-key-0123456789abcdef")
	}
	os.Exit(m.Run())
}

func TestBadConfigurationExitsWithOneLine(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://x@localhost/x")
	t.Setenv("PORT", "abc")
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve"}, strings.NewReader(""), &stdout, &stderr)
	if code == 0 {
		t.Fatal("bad configuration must exit non-zero")
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "PORT") || !strings.Contains(lines[0], `"abc"`) {
		t.Fatalf("want one line naming PORT, got %q", stderr.String())
	}
}

func TestMissingDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"migrate"}, strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "DATABASE_URL") {
		t.Fatalf("code %d, stderr %q", code, stderr.String())
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"seed", "--help"}, {"user", "create", "--help"}, {"healthcheck", "--help"}} {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if code != 0 || !strings.Contains(out, "Usage") {
			t.Errorf("%v: code %d, output %q", args, code, out)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"frobnicate"}, strings.NewReader(""), &stdout, &stderr); code != 2 {
		t.Errorf("unknown command: code %d", code)
	}
}

// TestMigrateSeedAndCreateUser runs the operator's commands against a real
// database, one after the other, as an operator would.
func TestMigrateSeedAndCreateUser(t *testing.T) {
	db := testdb.Empty(t)
	var name string
	if err := db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	cfg := testdb.Config(t)
	role := cfg.TestRole
	user, pass := "pgtdbuser", "pgtdbpass"
	if role != nil {
		user, pass = role.Username, role.Password
	}
	t.Setenv("DATABASE_URL", "postgres://"+user+":"+pass+"@"+cfg.Host+":"+cfg.Port+"/"+name+"?sslmode=disable")

	runOK := func(stdin string, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, strings.NewReader(stdin), &stdout, &stderr); code != 0 {
			t.Fatalf("%v: code %d\n%s%s", args, code, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"seed", "demo"}, strings.NewReader(""), &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "pending migration") {
		t.Fatalf("seeding an unmigrated database must fail clearly: %d %q", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"serve"}, strings.NewReader(""), &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "pending migration") {
		t.Fatalf("serve refuses pending migrations without --migrate: %d %q", code, stderr.String())
	}
	// Migrating touches no ballot: it needs no BALLOT_KEY. Serving does.
	key := os.Getenv("BALLOT_KEY")
	t.Setenv("BALLOT_KEY", "")
	files, _ := fs.Glob(migrations.FS, "*.sql")
	if out := runOK("", "migrate"); !strings.Contains(out, fmt.Sprintf("database schema at version %d\n", len(files))) {
		t.Fatalf("migrate: %q", out)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"serve"}, strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "BALLOT_KEY") {
		t.Fatalf("serve without BALLOT_KEY: %d %q", code, stderr.String())
	}
	t.Setenv("BALLOT_KEY", key)
	if out := runOK("", "seed", "demo"); !strings.Contains(out, "resident@fjordvik.example") {
		t.Fatalf("seed demo prints the logins: %q", out)
	}
	if out := runOK("", "seed", "demo"); !strings.Contains(out, "already exists") {
		t.Fatalf("seeding twice is harmless: %q", out)
	}
	out := runOK("a very secret password\n", "user", "create", "--email", "Saks@Fjordvik.example", "--role", "official")
	if !strings.Contains(out, "saks@fjordvik.example") || strings.Contains(out, "a very secret password") {
		t.Fatalf("user create with a piped password: %q", out)
	}
	out = runOK("", "user", "create", "--email", "new@fjordvik.example", "--role", "moderator", "--municipality", "fjordvik")
	if !strings.Contains(out, "Password (shown once): ") {
		t.Fatalf("a generated password is printed once: %q", out)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"user", "create", "--email", "saks@fjordvik.example", "--role", "official"}, strings.NewReader("another long password\n"), &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "already has an account") {
		t.Fatalf("duplicate: %d %q", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"user", "create", "--email", "x@fjordvik.example", "--role", "king"}, strings.NewReader(""), &stdout, &stderr); code != 2 {
		t.Fatalf("an unknown role is a usage error: %d", code)
	}

	st, err := store.Open(context.Background(), os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, err := st.MunicipalityBySlug(context.Background(), "fjordvik")
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByEmail(context.Background(), m.ID, "saks@fjordvik.example")
	if err != nil || u.Role != store.RoleOfficial {
		t.Fatalf("created user: %v %v", u, err)
	}
}
