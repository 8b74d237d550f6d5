package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gofiber/fiber/v2/middleware/session"

	"github.com/medvirk/medvirk/handlers"
	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
	"github.com/medvirk/medvirk/views"
)

// contentSecurityPolicy allows nothing but our own files: no inline script or
// style, no frames, forms only to ourselves.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Limits on failed sign-in attempts.
const (
	loginLimitPerAccount = 5
	loginLimitPerAddress = 20
	loginWindow          = 15 * time.Minute
)

// New builds the HTTP application.
func New(cfg Config, st *store.Store, logger *slog.Logger) (*fiber.App, error) {
	bundle, err := locales.NewBundle(logger)
	if err != nil {
		return nil, err
	}
	engine, err := views.New()
	if err != nil {
		return nil, err
	}
	kv := st.KV()
	sessions := session.New(session.Config{
		Storage:        kv,
		Expiration:     14 * 24 * time.Hour,
		KeyLookup:      "cookie:" + handlers.SessionCookie,
		CookieSecure:   cfg.SecureCookies,
		CookieHTTPOnly: true,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
	})
	h := &handlers.Handler{
		Store:                st,
		Bundle:               bundle,
		Sessions:             sessions,
		Logger:               logger,
		DefaultLocale:        cfg.DefaultLocale,
		SecureCookies:        cfg.SecureCookies,
		BaseURL:              cfg.BaseURL,
		BallotKey:            cfg.BallotKey,
		LoginLimitPerAccount: loginLimitPerAccount,
		LoginLimitPerAddress: loginLimitPerAddress,
		LoginWindow:          loginWindow,
	}

	app := fiber.New(fiber.Config{
		AppName:                 "Medvirk",
		Views:                   engine,
		ErrorHandler:            h.ErrorHandler,
		Immutable:               true,
		ReadTimeout:             15 * time.Second,
		WriteTimeout:            30 * time.Second,
		IdleTimeout:             120 * time.Second,
		BodyLimit:               4 * 1024 * 1024,
		DisableStartupMessage:   true,
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg),
	})

	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		logger.Error("panic", "path", c.Path(), "panic", e)
	}}))
	app.Use(requestid.New())
	app.Use(h.AccessLog)
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy:     contentSecurityPolicy,
		ReferrerPolicy:            "strict-origin-when-cross-origin",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=(), interest-cohort=()",
		CrossOriginEmbedderPolicy: "unsafe-none",
		HSTSMaxAge:                hstsMaxAge(cfg),
	}))
	app.Use(compress.New())
	app.Use(etag.New())

	// Infrastructure routes answer without a tenant or a database query.
	app.Get("/healthz", h.Healthz)
	app.Get("/readyz", h.Readyz)
	app.Get("/static/:file", h.Static)

	app.Use(h.ResolveMunicipality, h.NegotiateLocale, h.LoadUser)
	app.Use(csrf.New(csrf.Config{
		KeyLookup:      "form:_csrf",
		CookieName:     handlers.CSRFCookie,
		CookieSecure:   cfg.SecureCookies,
		CookieHTTPOnly: true,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		Expiration:     8 * time.Hour,
		Storage:        kv,
		ContextKey:     handlers.CSRFContextKey,
		ErrorHandler:   h.CSRFError,
	}))

	routes(app, h, kv)
	app.Use(h.NotFound)
	return app, nil
}

func routes(app *fiber.App, h *handlers.Handler, kv fiber.Storage) {
	app.Get("/", h.Home)
	app.Get("/accessibility", h.Accessibility)
	app.Get("/was", h.WAS)

	app.Get("/login", h.LoginForm)
	app.Post("/login",
		loginLimiter(h, kv, "address", h.LoginLimitPerAddress, func(c *fiber.Ctx) string { return c.IP() }),
		loginLimiter(h, kv, "account", h.LoginLimitPerAccount, func(c *fiber.Ctx) string { return store.NormalizeEmail(c.FormValue("email")) }),
		h.Login)
	app.Post("/logout", h.Logout)
	app.Get("/register", h.RegisterForm)
	app.Post("/register", h.Register)

	signedIn := h.RequireUser
	app.Get("/account", signedIn, h.Account)
	app.Post("/account/profile", signedIn, h.UpdateProfile)
	app.Post("/account/password", signedIn, h.ChangePassword)
	app.Post("/account/delete", signedIn, h.DeleteAccount)
	app.Get("/account/data.json", signedIn, h.ExportData)
	app.Get("/notifications", signedIn, h.Notifications)
	app.Post("/notifications/read", signedIn, h.MarkNotificationsRead)

	proposalRoutes(app, h)
	commentRoutes(app, h)
	consultationRoutes(app, h)
	meetingRoutes(app, h)
	outreachRoutes(app, h)

	admin := app.Group("/admin", h.RequireRole(store.RoleAdmin))
	admin.Get("/users", h.AdminUsers)
	admin.Post("/users/:id<int>/role", h.SetRole)
	admin.Get("/population", h.AdminPopulation)
	admin.Post("/population", h.ImportPopulation)
}

// loginLimiter counts failed sign-ins per key (address or account) in the
// shared PostgreSQL store, so that every instance sees the same count.
func loginLimiter(h *handlers.Handler, kv fiber.Storage, kind string, max int, key func(*fiber.Ctx) string) fiber.Handler {
	return limiter.New(limiter.Config{
		Max:                    max,
		Expiration:             h.LoginWindow,
		SkipSuccessfulRequests: true,
		Storage:                kv,
		KeyGenerator: func(c *fiber.Ctx) string {
			return "login:" + kind + ":" + strconv.FormatInt(handlers.MunicipalityID(c), 10) + ":" + key(c)
		},
		LimitReached: h.LoginLimited,
	})
}

func proxyHeader(cfg Config) string {
	if len(cfg.TrustedProxies) > 0 {
		return fiber.HeaderXForwardedFor
	}
	return ""
}

func hstsMaxAge(cfg Config) int {
	if cfg.BaseURL != nil && cfg.BaseURL.Scheme == "https" {
		return 365 * 24 * 3600
	}
	return 0
}

// Run serves app until ctx is cancelled, then drains requests for up to 20 s.
func Run(ctx context.Context, cfg Config, app *fiber.App, st *store.Store, logger *slog.Logger) error {
	ln, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.Port))
	if err != nil {
		return fmt.Errorf("listen on port %d: %w", cfg.Port, err)
	}
	go sweepExpired(ctx, st.KV(), logger)
	go runJobs(ctx, st, logger, time.Minute, scheduledJobs...)

	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	logger.Info("serving", "url", cfg.BaseURL.String(), "port", cfg.Port)

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	if err := app.ShutdownWithTimeout(20 * time.Second); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// sweepExpired deletes expired sessions, tokens and counters now and then.
func sweepExpired(ctx context.Context, kv *store.KV, logger *slog.Logger) {
	ticker := time.NewTicker(10 * time.Minute)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if n, err := kv.DeleteExpired(ctx); err != nil {
				logger.Warn("delete expired sessions", "err", err)
			} else if n > 0 {
				logger.Debug("deleted expired sessions", "count", n)
			}
		}
	}
}
