package handlers

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"

	"github.com/medvirk/medvirk/internal/password"
	"github.com/medvirk/medvirk/store"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "medvirk_session"

// CSRFCookie is the name of the CSRF cookie (double-submit pattern).
const CSRFCookie = "medvirk_csrf"

type profileData struct {
	Areas []store.Area
}

// LoginForm shows the sign-in form.
func (h *Handler) LoginForm(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	p := h.page(c, nil)
	p.Form["next"] = c.Query("next")
	return h.render(c, fiber.StatusOK, "login", p)
}

// Login checks the credentials and starts a new session.
func (h *Handler) Login(c *fiber.Ctx) error {
	m := municipality(c)
	p := h.page(c, nil)
	p.Form = formValues(c, "email", "next")
	pw := c.FormValue("password")
	errs := newFieldErrors(p.L)
	errs.checkEmail("email", p.Form["email"])
	if pw == "" {
		errs.add("password", "validate.password_required")
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "login", p)
	}
	u, err := h.Store.UserByEmail(c.UserContext(), m.ID, p.Form["email"])
	switch {
	case errors.Is(err, store.ErrNotFound):
		password.CheckMissing(pw)
	case err != nil:
		return err
	}
	if u == nil || !password.Check(pw, u.PasswordHash) {
		p.Errors = map[string]string{"email": p.L.T("login.failed")}
		return h.render(c, fiber.StatusUnprocessableEntity, "login", p)
	}
	if err := h.startSession(c, u, "flash.signed_in"); err != nil {
		return err
	}
	return c.Redirect(safeNext(p.Form["next"]), fiber.StatusSeeOther)
}

// LoginLimited re-renders the sign-in form when too many attempts were made.
func (h *Handler) LoginLimited(c *fiber.Ctx) error {
	p := h.page(c, nil)
	p.Form = formValues(c, "email", "next")
	p.Errors = map[string]string{"email": p.L.T("login.too_many")}
	c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(h.LoginWindow.Seconds())))
	return h.render(c, fiber.StatusTooManyRequests, "login", p)
}

// startSession gives the user a fresh session id (against session fixation)
// and a fresh CSRF token.
func (h *Handler) startSession(c *fiber.Ctx, u *store.User, flash string) error {
	err := h.updateSession(c, func(s *session.Session) {
		if err := s.Reset(); err != nil {
			h.Logger.Warn("reset session", "err", err)
		}
		s.Set(sessionUser, u.ID)
		s.Set(sessionMunicipality, u.MunicipalityID)
		s.Set(sessionFlash, flash)
	})
	if err != nil {
		return fmt.Errorf("start session: %w", err)
	}
	return h.rotateCSRF(c)
}

// endSession throws the session away and keeps only a farewell message.
func (h *Handler) endSession(c *fiber.Ctx, flash string) error {
	err := h.updateSession(c, func(s *session.Session) {
		if err := s.Reset(); err != nil {
			h.Logger.Warn("reset session", "err", err)
		}
		s.Set(sessionFlash, flash)
	})
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return h.rotateCSRF(c)
}

func (h *Handler) rotateCSRF(c *fiber.Ctx) error {
	if handler, ok := c.Locals(csrf.ConfigDefault.HandlerContextKey).(*csrf.CSRFHandler); ok && c.Cookies(CSRFCookie) != "" {
		if err := handler.DeleteToken(c); err != nil {
			return fmt.Errorf("rotate CSRF token: %w", err)
		}
	}
	return nil
}

// Logout ends the session.
func (h *Handler) Logout(c *fiber.Ctx) error {
	if err := h.endSession(c, "flash.signed_out"); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}

// RegisterForm shows the form to create an account.
func (h *Handler) RegisterForm(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/account", fiber.StatusSeeOther)
	}
	areas, err := h.Store.Areas(c.UserContext(), municipality(c).ID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "register", h.page(c, profileData{Areas: areas}))
}

// Register creates a resident account and signs it in.
func (h *Handler) Register(c *fiber.Ctx) error {
	m := municipality(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return err
	}
	p := h.page(c, profileData{Areas: areas})
	p.Form = formValues(c, append([]string{"email", "display_name"}, profileFields...)...)
	pw := c.FormValue("password")
	errs := newFieldErrors(p.L)
	errs.checkDisplayName("display_name", p.Form["display_name"])
	errs.checkEmail("email", p.Form["email"])
	errs.checkNewPassword("password", pw)
	profile := errs.parseProfile(p.Form, areas, time.Now())
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "register", p)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	u, err := h.Store.CreateUser(ctx, m.ID, store.NewUser{
		Email: p.Form["email"], PasswordHash: hash, DisplayName: p.Form["display_name"],
		Role: store.RoleResident, Locale: p.L.Lang, Profile: profile,
	})
	if errors.Is(err, store.ErrEmailTaken) {
		errs.add("email", "validate.email_taken")
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "register", p)
	}
	if err != nil {
		return err
	}
	if err := h.startSession(c, u, "flash.welcome"); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}
