// Package app is Medvirk's composition root: configuration from the
// environment, the Fiber application with its middleware, templates,
// translations and routes, and a server with graceful shutdown.
package app

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/medvirk/medvirk/locales"
)

// Config is the validated configuration. Every field comes from one
// environment variable, documented in docs/configuration.md.
type Config struct {
	DatabaseURL    string     // DATABASE_URL
	Port           int        // PORT
	BaseURL        *url.URL   // BASE_URL
	SecureCookies  bool       // SECURE_COOKIES
	DefaultLocale  string     // DEFAULT_LOCALE
	LogLevel       slog.Level // LOG_LEVEL
	TrustedProxies []string   // TRUSTED_PROXIES
	// BallotKey links a voter to their ballot while voting is open. It is kept
	// out of the database so that a copy of the database cannot link them.
	BallotKey []byte // BALLOT_KEY
}

// MinBallotKeyLength is the shortest BALLOT_KEY accepted, in bytes.
const MinBallotKeyLength = 32

// ConfigError names the variable that is wrong and why.
type ConfigError struct {
	Variable, Problem string
}

func (e *ConfigError) Error() string { return e.Variable + ": " + e.Problem }

// LoadConfig reads and validates the configuration through getenv (os.Getenv
// in production). The first bad value is reported by name.
func LoadConfig(getenv func(string) string) (Config, error) {
	var cfg Config

	cfg.DatabaseURL = strings.TrimSpace(getenv("DATABASE_URL"))
	if cfg.DatabaseURL == "" {
		return cfg, &ConfigError{"DATABASE_URL", "is not set; give a PostgreSQL URL such as postgres://user:password@localhost:5432/medvirk?sslmode=disable"}
	}
	if u, err := url.Parse(cfg.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return cfg, &ConfigError{"DATABASE_URL", "is not a postgres:// URL"}
	}

	cfg.Port = 3000
	if v := strings.TrimSpace(getenv("PORT")); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil || port < 1 || port > 65535 {
			return cfg, &ConfigError{"PORT", fmt.Sprintf("%q is not a port number between 1 and 65535", v)}
		}
		cfg.Port = port
	}

	base := strings.TrimSpace(getenv("BASE_URL"))
	if base == "" {
		base = fmt.Sprintf("http://127.0.0.1:%d", cfg.Port)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return cfg, &ConfigError{"BASE_URL", fmt.Sprintf("%q is not an absolute http:// or https:// URL without query", base)}
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	cfg.BaseURL = u

	cfg.SecureCookies = u.Scheme == "https"
	if v := strings.TrimSpace(getenv("SECURE_COOKIES")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, &ConfigError{"SECURE_COOKIES", fmt.Sprintf("%q is not true or false", v)}
		}
		cfg.SecureCookies = b
	}

	cfg.DefaultLocale = "nb"
	if v := strings.TrimSpace(getenv("DEFAULT_LOCALE")); v != "" {
		if !locales.IsSupported(v) {
			return cfg, &ConfigError{"DEFAULT_LOCALE", fmt.Sprintf("%q is not one of %s", v, strings.Join(locales.Supported, ", "))}
		}
		cfg.DefaultLocale = v
	}

	cfg.LogLevel = slog.LevelInfo
	if v := strings.TrimSpace(getenv("LOG_LEVEL")); v != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return cfg, &ConfigError{"LOG_LEVEL", fmt.Sprintf("%q is not one of debug, info, warn, error", v)}
		}
	}

	if v := strings.TrimSpace(getenv("TRUSTED_PROXIES")); v != "" {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if net.ParseIP(p) == nil {
				if _, _, err := net.ParseCIDR(p); err != nil {
					return cfg, &ConfigError{"TRUSTED_PROXIES", fmt.Sprintf("%q is not an IP address or CIDR range", p)}
				}
			}
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	// Checked last: commands that never touch ballots (migrate, user create)
	// accept a configuration whose only fault is a missing BALLOT_KEY.
	cfg.BallotKey = []byte(strings.TrimSpace(getenv("BALLOT_KEY")))
	if len(cfg.BallotKey) < MinBallotKeyLength {
		problem := "is too short"
		if len(cfg.BallotKey) == 0 {
			problem = "is not set"
		}
		return cfg, &ConfigError{"BALLOT_KEY", fmt.Sprintf("%s; give at least %d random characters, e.g. from 'openssl rand -base64 32'", problem, MinBallotKeyLength)}
	}
	return cfg, nil
}

// LogValue summarises the configuration for the start-up line, without secrets.
func (c Config) LogValue() slog.Value {
	db := "(invalid)"
	if u, err := url.Parse(c.DatabaseURL); err == nil {
		db = u.Host + u.Path
	}
	return slog.GroupValue(
		slog.String("database", db),
		slog.Int("port", c.Port),
		slog.String("base_url", c.BaseURL.String()),
		slog.Bool("secure_cookies", c.SecureCookies),
		slog.String("default_locale", c.DefaultLocale),
		slog.String("log_level", c.LogLevel.String()),
		slog.Any("trusted_proxies", c.TrustedProxies),
	)
}
