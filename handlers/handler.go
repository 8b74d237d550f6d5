// Package handlers is Medvirk's HTTP layer: it parses and validates input,
// calls the store, and renders a page or JSON. One file per resource.
package handlers

import (
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// Handler holds what every HTTP handler needs.
type Handler struct {
	Store         *store.Store
	Bundle        *locales.Bundle
	Sessions      *session.Store
	Logger        *slog.Logger
	DefaultLocale string
	SecureCookies bool
	// BaseURL is the public address (BASE_URL); its scheme makes absolute
	// links, such as those in calendar feeds.
	BaseURL *url.URL
	// BallotKey links voters to ballots while voting is open (BALLOT_KEY).
	BallotKey []byte
	// Failed sign-ins allowed per window, per account and per address. The
	// address limit is higher because a library or town hall shares one.
	LoginLimitPerAccount int
	LoginLimitPerAddress int
	LoginWindow          time.Duration
}

// Keys under which request-scoped values are kept in fiber's Locals.
const (
	localMunicipality = "municipality"
	localLocalizer    = "localizer"
	localUser         = "user"
	localCSRF         = "csrf"
	localFlash        = "flash"
)

// CSRFContextKey is where the CSRF middleware leaves the token for templates.
const CSRFContextKey = localCSRF

// Page is the data every template receives. Data holds the page's own values;
// Form and Errors carry a submitted form back to the user with messages.
type Page struct {
	L            *locales.Localizer
	Municipality *store.Municipality
	User         *store.User
	CSRF         string
	Path         string
	Languages    []Language
	Unread       int
	Flash        string
	Data         any
	Form         map[string]string
	Errors       map[string]string
}

// Language is one entry of the language switcher.
type Language struct {
	Code, Name, Href string
	Current          bool
}

// municipality returns the request's tenant, set by ResolveMunicipality.
func municipality(c *fiber.Ctx) *store.Municipality {
	m, _ := c.Locals(localMunicipality).(*store.Municipality)
	return m
}

// MunicipalityID returns the request's tenant id, or 0 before it is resolved.
func MunicipalityID(c *fiber.Ctx) int64 {
	if m := municipality(c); m != nil {
		return m.ID
	}
	return 0
}

// currentUser returns the signed-in user or nil.
func currentUser(c *fiber.Ctx) *store.User {
	u, _ := c.Locals(localUser).(*store.User)
	return u
}

// localizer returns the request's localizer, falling back to the default
// language when the locale middleware has not run (e.g. an unknown host).
func (h *Handler) localizer(c *fiber.Ctx) *locales.Localizer {
	if l, ok := c.Locals(localLocalizer).(*locales.Localizer); ok {
		return l
	}
	var loc *time.Location
	if m := municipality(c); m != nil {
		loc = m.Location()
	}
	return h.Bundle.Localizer(h.DefaultLocale, loc)
}

// page assembles the common template data for the current request.
func (h *Handler) page(c *fiber.Ctx, data any) *Page {
	m := municipality(c)
	if m == nil {
		m = &store.Municipality{Name: "Medvirk", DefaultLocale: h.DefaultLocale, EnabledLocales: locales.Supported}
	}
	l := h.localizer(c)
	p := &Page{
		L:            l,
		Municipality: m,
		User:         currentUser(c),
		Path:         c.Path(),
		Data:         data,
		Form:         map[string]string{},
		Errors:       map[string]string{},
	}
	if token, ok := c.Locals(localCSRF).(string); ok {
		p.CSRF = token
	}
	p.Languages = languageLinks(c, m, l.Lang)
	if flash, ok := c.Locals(localFlash).(string); ok && flash != "" {
		p.Flash = flash
		if err := h.updateSession(c, func(s *session.Session) { s.Delete(sessionFlash) }); err != nil {
			h.Logger.Warn("clear flash message", "err", err)
		}
	}
	if p.User != nil {
		n, err := h.Store.UnreadCount(c.UserContext(), m.ID, p.User.ID)
		if err != nil {
			h.Logger.Warn("count unread notifications", "err", err)
		}
		p.Unread = n
	}
	return p
}

// languageLinks builds the switcher: the current URL with ?lang= set, for each
// language the municipality offers.
func languageLinks(c *fiber.Ctx, m *store.Municipality, current string) []Language {
	query, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	var links []Language
	for _, code := range locales.Supported {
		if !enabled(m, code) {
			continue
		}
		query.Set("lang", code)
		links = append(links, Language{
			Code:    code,
			Name:    locales.Names[code],
			Href:    c.Path() + "?" + query.Encode(),
			Current: code == current,
		})
	}
	return links
}

func enabled(m *store.Municipality, code string) bool {
	if len(m.EnabledLocales) == 0 {
		return locales.IsSupported(code)
	}
	for _, e := range m.EnabledLocales {
		if e == code {
			return true
		}
	}
	return false
}

// render writes a page with the given status.
func (h *Handler) render(c *fiber.Ctx, status int, name string, p *Page) error {
	c.Status(status)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Render(name, p)
}

// Session keys.
const (
	sessionUser         = "uid"
	sessionMunicipality = "mid"
	sessionFlash        = "flash"
)

// updateSession loads the session, changes it and saves it. Fiber's session
// must not be used after Save, so it never outlives one change.
func (h *Handler) updateSession(c *fiber.Ctx, change func(*session.Session)) error {
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w", err)
	}
	change(sess)
	if err := sess.Save(); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// flash leaves a message id for the next page the user sees.
func (h *Handler) flash(c *fiber.Ctx, messageID string) {
	if err := h.updateSession(c, func(s *session.Session) { s.Set(sessionFlash, messageID) }); err != nil {
		h.Logger.Warn("save flash message", "err", err)
	}
}
