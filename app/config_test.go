package app_test

import (
	"errors"
	"log/slog"
	"testing"

	"github.com/medvirk/medvirk/app"
)

// env serves vars, with a valid BALLOT_KEY unless vars names one.
func env(vars map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := vars[k]; ok || k != "BALLOT_KEY" {
			return v
		}
		return "a-ballot-key-of-at-least-32-characters"
	}
}

const validDB = "postgres://medvirk@localhost:5432/medvirk?sslmode=disable"

func TestConfigDefaults(t *testing.T) {
	cfg, err := app.LoadConfig(env(map[string]string{"DATABASE_URL": validDB}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 3000 || cfg.BaseURL.String() != "http://127.0.0.1:3000" || cfg.SecureCookies ||
		cfg.DefaultLocale != "nb" || cfg.LogLevel != slog.LevelInfo || len(cfg.TrustedProxies) != 0 {
		t.Fatalf("defaults: %+v", cfg)
	}
}

func TestConfigValues(t *testing.T) {
	cfg, err := app.LoadConfig(env(map[string]string{
		"DATABASE_URL": validDB, "PORT": "8080", "BASE_URL": "https://medvirk.fjordvik.kommune.no/",
		"DEFAULT_LOCALE": "nn", "LOG_LEVEL": "debug", "TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 8080 || cfg.BaseURL.String() != "https://medvirk.fjordvik.kommune.no" || !cfg.SecureCookies ||
		cfg.DefaultLocale != "nn" || cfg.LogLevel != slog.LevelDebug || len(cfg.TrustedProxies) != 2 {
		t.Fatalf("values: %+v", cfg)
	}
	cfg, err = app.LoadConfig(env(map[string]string{"DATABASE_URL": validDB, "BASE_URL": "https://x.example", "SECURE_COOKIES": "false"}))
	if err != nil || cfg.SecureCookies {
		t.Fatalf("SECURE_COOKIES=false overrides an https base: %v %v", cfg.SecureCookies, err)
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"DATABASE_URL":    {},
		"PORT":            {"PORT": "eighty"},
		"BASE_URL":        {"BASE_URL": "fjordvik.no"},
		"SECURE_COOKIES":  {"SECURE_COOKIES": "maybe"},
		"DEFAULT_LOCALE":  {"DEFAULT_LOCALE": "sv"},
		"LOG_LEVEL":       {"LOG_LEVEL": "loud"},
		"TRUSTED_PROXIES": {"TRUSTED_PROXIES": "10.0.0.1,not-an-ip"},
		"BALLOT_KEY":      {"BALLOT_KEY": "short"},
	}
	for variable, vars := range cases {
		if variable != "DATABASE_URL" {
			vars["DATABASE_URL"] = validDB
		}
		_, err := app.LoadConfig(env(vars))
		var cfgErr *app.ConfigError
		if !errors.As(err, &cfgErr) || cfgErr.Variable != variable {
			t.Errorf("%v: want an error naming %s, got %v", vars, variable, err)
		}
	}
	_, err := app.LoadConfig(env(map[string]string{"DATABASE_URL": "mysql://x"}))
	var cfgErr *app.ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Variable != "DATABASE_URL" {
		t.Errorf("a non-postgres URL: %v", err)
	}
	_, err = app.LoadConfig(env(map[string]string{"DATABASE_URL": validDB, "PORT": "70000"}))
	if !errors.As(err, &cfgErr) || cfgErr.Variable != "PORT" {
		t.Errorf("PORT out of range: %v", err)
	}
}

func TestConfigRequiresABallotKey(t *testing.T) {
	_, err := app.LoadConfig(env(map[string]string{"DATABASE_URL": validDB, "BALLOT_KEY": ""}))
	var cfgErr *app.ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Variable != "BALLOT_KEY" {
		t.Fatalf("a missing BALLOT_KEY stops the start: %v", err)
	}
	cfg, err := app.LoadConfig(env(map[string]string{"DATABASE_URL": validDB}))
	if err != nil || string(cfg.BallotKey) != "a-ballot-key-of-at-least-32-characters" {
		t.Fatalf("BALLOT_KEY is read: %q %v", cfg.BallotKey, err)
	}
}
