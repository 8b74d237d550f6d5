// Command medvirk is Medvirk's single binary: the web server and the
// operator's commands (migrations, demo data, accounts).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	// Time zones must resolve even in images without a zone database.
	_ "time/tzdata"

	"github.com/medvirk/medvirk/app"
	"github.com/medvirk/medvirk/internal/password"
	"github.com/medvirk/medvirk/store"
)

const usage = `medvirk — a participation platform for municipalities

Usage:
  medvirk serve [--migrate] [--demo]   serve the web application
  medvirk migrate [--down-to VERSION]  apply (or roll back) database migrations
  medvirk seed demo                    create the demo municipality Fjordvik
  medvirk user create --email E --role R [--municipality SLUG]
                                       create an account (password from stdin or generated)
  medvirk population import --municipality SLUG --source TEXT --date YYYY-MM-DD FILE.csv
                                       import residents per area, age band and gender
  medvirk outreach representativeness|weights|lottery ...
                                       the outreach method on CSV files (see docs/outreach.md)
  medvirk healthcheck                  exit 0 when the local server answers /healthz

Configuration comes from the environment; see docs/configuration.md.
Run "medvirk COMMAND --help" for a command's options.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit code: 0 success,
// 1 failure, 2 usage or configuration error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], stdout, stderr)
	case "seed":
		err = cmdSeed(ctx, args[1:], stdout, stderr)
	case "user":
		err = cmdUser(ctx, args[1:], stdin, stdout, stderr)
	case "population":
		err = cmdPopulation(ctx, args[1:], stdout, stderr)
	case "outreach":
		err = cmdOutreach(args[1:], stdout, stderr)
	case "healthcheck":
		err = cmdHealthcheck(ctx, args[1:], stderr)
	default:
		fmt.Fprintf(stderr, "medvirk: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var cfgErr *app.ConfigError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &cfgErr):
		fmt.Fprintf(stderr, "medvirk: configuration error: %s\n", cfgErr)
		return 2
	default:
		fmt.Fprintf(stderr, "medvirk: %v\n", err)
		return 1
	}
}

// errUsage marks a command line the flag package has already complained about.
var errUsage = errors.New("usage error")

func newFlags(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: medvirk %s\n\n%s\n\nOptions:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func newLogger(level slog.Level, w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// open loads the configuration and connects to the database. Commands that
// never cast or read ballots pass ballots=false and run without BALLOT_KEY.
func open(ctx context.Context, stderr io.Writer, ballots bool) (app.Config, *store.Store, *slog.Logger, error) {
	cfg, err := app.LoadConfig(os.Getenv)
	var cfgErr *app.ConfigError
	if err != nil && !(errors.As(err, &cfgErr) && cfgErr.Variable == "BALLOT_KEY" && !ballots) {
		return cfg, nil, nil, err
	}
	logger := newLogger(cfg.LogLevel, stderr)
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return cfg, nil, nil, err
	}
	return cfg, st, logger, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve [--migrate] [--demo]", "Serve the web application on PORT.", stderr)
	migrate := fs.Bool("migrate", false, "apply pending database migrations before serving")
	demo := fs.Bool("demo", false, "seed the demo municipality when the database has none, and print the demo logins")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, st, logger, err := open(ctx, stderr, true)
	if err != nil {
		return err
	}
	defer st.Close()
	logger.Info("starting medvirk", "config", cfg)

	m, err := store.NewMigrator(st.DB())
	if err != nil {
		return err
	}
	if *migrate {
		n, err := m.Up(ctx)
		if err != nil {
			return err
		}
		logger.Info("migrations applied", "count", n)
	} else if pending, err := m.Pending(ctx); err != nil {
		return err
	} else if pending > 0 {
		return fmt.Errorf("the database has %d pending migration(s); run \"medvirk migrate\" or start with \"medvirk serve --migrate\"", pending)
	}
	if *demo {
		if err := seedDemoIfEmpty(ctx, st, cfg.BallotKey, stdout, logger); err != nil {
			return err
		}
	}
	application, err := app.New(cfg, st, logger)
	if err != nil {
		return err
	}
	return app.Run(ctx, cfg, application, st, logger)
}

// seedDemoIfEmpty seeds Fjordvik into a database without municipalities and
// prints the demo logins whenever the demo municipality exists.
func seedDemoIfEmpty(ctx context.Context, st *store.Store, ballotKey []byte, stdout io.Writer, logger *slog.Logger) error {
	ms, err := st.Municipalities(ctx)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		if err := seedDemo(ctx, st, ballotKey); err != nil {
			return err
		}
		logger.Info("demo municipality created", "slug", store.DemoSlug)
	}
	if _, err := st.MunicipalityBySlug(ctx, store.DemoSlug); err == nil {
		printDemoLogins(stdout)
	}
	return nil
}

// seedDemo creates Fjordvik with its content. ballotKey is BALLOT_KEY: the
// demo's open consultations have ballots linked to their voters under it.
func seedDemo(ctx context.Context, st *store.Store, ballotKey []byte) error {
	hash, err := password.Hash(store.DemoPassword)
	if err != nil {
		return err
	}
	m, err := st.SeedDemo(ctx, hash)
	if err != nil {
		return err
	}
	return st.SeedDemoContent(ctx, m, hash, ballotKey)
}

func printDemoLogins(w io.Writer) {
	fmt.Fprintln(w, "Demo logins (password "+store.DemoPassword+"):")
	for _, a := range store.DemoAccounts {
		fmt.Fprintf(w, "  %-10s %s\n", a.Role, a.Email)
	}
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate [--down-to VERSION]", "Apply every pending database migration, or roll back to VERSION.", stderr)
	downTo := fs.Int64("down-to", -1, "roll back to this schema version (0 = empty) instead of migrating up")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, st, _, err := open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := store.NewMigrator(st.DB())
	if err != nil {
		return err
	}
	if *downTo >= 0 {
		if err := m.DownTo(ctx, *downTo); err != nil {
			return err
		}
	} else if _, err := m.Up(ctx); err != nil {
		return err
	}
	v, err := m.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database schema at version %d\n", v)
	return nil
}

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("seed demo", "Create the demo municipality Fjordvik with areas, population, one account per role,\nproposals and consultations. Needs DATABASE_URL and BALLOT_KEY (see docs/configuration.md).", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "demo" {
		fs.Usage()
		return errUsage
	}
	// open validates BALLOT_KEY as the server does: the demo's open
	// consultations hold ballots linked to their voters under it.
	cfg, st, _, err := open(ctx, stderr, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := requireMigrated(ctx, st); err != nil {
		return err
	}
	err = seedDemo(ctx, st, cfg.BallotKey)
	if errors.Is(err, store.ErrConflict) {
		fmt.Fprintln(stdout, "The demo municipality Fjordvik already exists; nothing to do.")
		printDemoLogins(stdout)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Created the demo municipality Fjordvik.")
	printDemoLogins(stdout)
	return nil
}

func requireMigrated(ctx context.Context, st *store.Store) error {
	m, err := store.NewMigrator(st.DB())
	if err != nil {
		return err
	}
	pending, err := m.Pending(ctx)
	if err != nil {
		return err
	}
	if pending > 0 {
		return fmt.Errorf("the database has %d pending migration(s); run \"medvirk migrate\" first", pending)
	}
	return nil
}

// verb checks that a command group (user, population) is followed by its one
// verb, and prints the group's usage otherwise.
func verb(args []string, want, usage string, stderr io.Writer) error {
	if len(args) > 0 && args[0] == want {
		return nil
	}
	fmt.Fprintf(stderr, "Usage: medvirk %s\n", usage)
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		return flag.ErrHelp
	}
	return errUsage
}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if err := verb(args, "create", "user create --email E --role R [--municipality SLUG]", stderr); err != nil {
		return err
	}
	fs := newFlags("user create --email E --role R [--municipality SLUG]",
		"Create an account. The password is read from standard input (one line) when it is not a terminal;\notherwise a random password is generated and printed once.", stderr)
	email := fs.String("email", "", "email address (required)")
	role := fs.String("role", "", "role: "+strings.Join(store.Roles, ", ")+" (required)")
	slug := fs.String("municipality", "", "municipality slug (required when there is more than one)")
	name := fs.String("name", "", "display name (default: the part of the email before @)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" || !store.ValidRole(*role) {
		fmt.Fprintln(stderr, "medvirk user create: --email and a valid --role are required")
		fs.Usage()
		return errUsage
	}
	_, st, _, err := open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := pickMunicipality(ctx, st, *slug)
	if err != nil {
		return err
	}
	pw, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	display := *name
	if display == "" {
		display, _, _ = strings.Cut(*email, "@")
	}
	u, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: *email, PasswordHash: hash, DisplayName: display, Role: *role})
	if errors.Is(err, store.ErrEmailTaken) {
		return fmt.Errorf("%s already has an account in %s", *email, m.Name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s %s (id %d) in %s.\n", *role, u.Email.String, u.ID, m.Name)
	if generated {
		fmt.Fprintf(stdout, "Password (shown once): %s\n", pw)
	}
	return nil
}

func pickMunicipality(ctx context.Context, st *store.Store, slug string) (*store.Municipality, error) {
	if slug != "" {
		return st.MunicipalityBySlug(ctx, slug)
	}
	ms, err := st.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	switch len(ms) {
	case 0:
		return nil, errors.New("there is no municipality yet; run \"medvirk seed demo\" or create one first")
	case 1:
		return &ms[0], nil
	}
	slugs := make([]string, len(ms))
	for i, m := range ms {
		slugs[i] = m.Slug
	}
	return nil, fmt.Errorf("there are several municipalities; choose one with --municipality (%s)", strings.Join(slugs, ", "))
}

// readPassword takes one line from stdin when it is piped, or generates one.
func readPassword(stdin io.Reader) (pw string, generated bool, err error) {
	if f, ok := stdin.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			return password.Generate(), true, nil
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password from stdin: %w", err)
	}
	pw = strings.TrimRight(line, "\r\n")
	if pw == "" {
		return password.Generate(), true, nil
	}
	if len([]rune(pw)) < password.MinLength {
		return "", false, fmt.Errorf("the password must be at least %d characters long", password.MinLength)
	}
	return pw, false, nil
}

func cmdHealthcheck(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("healthcheck", "Exit 0 when the server on PORT answers /healthz (for container health checks).", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return checkHealth(ctx, "http://127.0.0.1:"+port+"/healthz")
}
