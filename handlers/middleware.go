package handlers

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// errUnknownMunicipality marks a request whose host belongs to no municipality.
var errUnknownMunicipality = fiber.NewError(fiber.StatusNotFound, "unknown municipality")

// ResolveMunicipality finds the tenant from the Host header.
func (h *Handler) ResolveMunicipality(c *fiber.Ctx) error {
	m, err := h.Store.MunicipalityForHost(c.UserContext(), c.Hostname())
	if errors.Is(err, store.ErrNotFound) {
		return errUnknownMunicipality
	}
	if err != nil {
		return err
	}
	c.Locals(localMunicipality, m)
	return c.Next()
}

// langCookie remembers a language chosen with ?lang=.
const langCookie = "lang"

// NegotiateLocale picks the page language: ?lang= (remembered in a cookie),
// then the cookie, then Accept-Language, then the municipality's default.
func (h *Handler) NegotiateLocale(c *fiber.Ctx) error {
	m := municipality(c)
	lang := ""
	if q := c.Query("lang"); q != "" && locales.IsSupported(q) && enabled(m, q) {
		lang = q
		c.Cookie(&fiber.Cookie{
			Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			Secure: h.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		})
	} else if ck := c.Cookies(langCookie); locales.IsSupported(ck) && enabled(m, ck) {
		lang = ck
	} else if neg, ok := locales.Negotiate(c.Get(fiber.HeaderAcceptLanguage)); ok && enabled(m, neg) {
		lang = neg
	} else {
		lang = m.DefaultLocale
	}
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	c.Locals(localLocalizer, h.Bundle.Localizer(lang, m.Location()))
	return c.Next()
}

// LoadUser reads the session and puts the signed-in user, if any, in the
// request. A session made in another municipality is ignored, so an account
// never crosses tenants.
func (h *Handler) LoadUser(c *fiber.Ctx) error {
	if c.Cookies(SessionCookie) == "" {
		return c.Next()
	}
	sess, err := h.Sessions.Get(c)
	if err != nil {
		h.Logger.Warn("load session", "err", err)
		return c.Next()
	}
	if flash, ok := sess.Get(sessionFlash).(string); ok {
		c.Locals(localFlash, flash)
	}
	uid, _ := sess.Get(sessionUser).(int64)
	mid, _ := sess.Get(sessionMunicipality).(int64)
	m := municipality(c)
	if uid == 0 || mid != m.ID {
		return c.Next()
	}
	u, err := h.Store.UserByID(c.UserContext(), m.ID, uid)
	if errors.Is(err, store.ErrNotFound) {
		return c.Next()
	}
	if err != nil {
		return err
	}
	c.Locals(localUser, u)
	if l, ok := c.Locals(localLocalizer).(*locales.Localizer); ok && c.Query("lang") == l.Lang && u.Locale.String != l.Lang {
		// Remember the choice so that notifications can be written in it.
		if err := h.Store.SetLocale(c.UserContext(), m.ID, u.ID, l.Lang); err != nil {
			h.Logger.Warn("remember language", "err", err)
		}
	}
	return c.Next()
}

// RequireUser sends anonymous visitors to the sign-in page and back.
func (h *Handler) RequireUser(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Next()
	}
	if c.Method() != fiber.MethodGet {
		return fiber.ErrForbidden
	}
	return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
}

// RequireRole lets through only users with one of roles; admins pass every check.
func (h *Handler) RequireRole(roles ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := currentUser(c)
		if u == nil {
			return h.RequireUser(c)
		}
		if u.Role == store.RoleAdmin {
			return c.Next()
		}
		for _, r := range roles {
			if u.Role == r {
				return c.Next()
			}
		}
		return fiber.ErrForbidden
	}
}

// AccessLog writes one structured line per request.
func (h *Handler) AccessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
	} else if err != nil {
		status = fiber.StatusInternalServerError
	}
	if strings.HasPrefix(c.Path(), "/static/") || c.Path() == "/healthz" {
		return err
	}
	h.Logger.Info("request",
		"method", c.Method(), "path", c.Path(), "status", status,
		"duration_ms", time.Since(start).Milliseconds(), "request_id", c.Locals("requestid"))
	return err
}
