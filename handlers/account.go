package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/internal/password"
	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// accountPage prepares the account page with the user's stored details.
func (h *Handler) accountPage(c *fiber.Ctx) (*Page, []store.Area, error) {
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	profile, err := h.Store.ProfileOf(ctx, m.ID, u.ID)
	if err != nil {
		return nil, nil, err
	}
	p := h.page(c, profileData{Areas: areas})
	p.Form["display_name"] = u.DisplayName
	profileForm(p.Form, profile)
	return p, areas, nil
}

// Account shows the user's details, password change and account deletion.
func (h *Handler) Account(c *fiber.Ctx) error {
	p, _, err := h.accountPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "account", p)
}

// UpdateProfile saves the display name and the optional demographic profile.
func (h *Handler) UpdateProfile(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, areas, err := h.accountPage(c)
	if err != nil {
		return err
	}
	p.Form = formValues(c, append([]string{"display_name"}, profileFields...)...)
	errs := newFieldErrors(p.L)
	errs.checkDisplayName("display_name", p.Form["display_name"])
	profile := errs.parseProfile(p.Form, areas, time.Now())
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "account", p)
	}
	if err := h.Store.UpdateProfile(c.UserContext(), m.ID, u.ID, p.Form["display_name"], profile); err != nil {
		return err
	}
	h.flash(c, "flash.profile_saved")
	return c.Redirect("/account", fiber.StatusSeeOther)
}

// ChangePassword replaces the password after checking the current one.
func (h *Handler) ChangePassword(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	current, next := c.FormValue("current_password"), c.FormValue("new_password")
	p, _, err := h.accountPage(c)
	if err != nil {
		return err
	}
	errs := newFieldErrors(p.L)
	if !password.Check(current, u.PasswordHash) {
		errs.add("current_password", "validate.current_password_wrong")
	}
	errs.checkNewPassword("new_password", next)
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "account", p)
	}
	hash, err := password.Hash(next)
	if err != nil {
		return err
	}
	if err := h.Store.SetPassword(c.UserContext(), m.ID, u.ID, hash); err != nil {
		return err
	}
	// A new session id, so that a stolen cookie stops working with the old password.
	if err := h.startSession(c, u, "flash.password_changed"); err != nil {
		return err
	}
	return c.Redirect("/account", fiber.StatusSeeOther)
}

// DeleteAccount anonymises the account after the password is confirmed.
func (h *Handler) DeleteAccount(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	if !password.Check(c.FormValue("password"), u.PasswordHash) {
		p, _, err := h.accountPage(c)
		if err != nil {
			return err
		}
		p.Errors = map[string]string{"delete_password": p.L.T("validate.current_password_wrong")}
		return h.render(c, fiber.StatusUnprocessableEntity, "account", p)
	}
	if err := h.Store.DeleteUser(c.UserContext(), m.ID, u.ID); err != nil {
		return err
	}
	if err := h.endSession(c, "flash.account_deleted"); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}

type notificationsData struct {
	Notifications []notificationView
}

// notificationView is a notification with its text in the reader's language.
type notificationView struct {
	store.Notification
	Text string
}

// notificationText renders a notification's message with its arguments:
// {"title": …} becomes .Title, a proposal status is shown translated, a text
// per language ({"nb": …, "da": …}) in the reader's language, and "Starts" (a
// meeting's start, RFC 3339) as a local date and time.
func notificationText(l *locales.Localizer, n store.Notification) string {
	var args []any
	for key, value := range n.Args {
		switch v := value.(type) {
		case map[string]any:
			texts := store.Translations{}
			for lang, text := range v {
				texts[lang] = fmt.Sprint(text)
			}
			value = texts.In(l.Lang)
		case string:
			if key == "status" {
				value = l.T("proposal_status." + v)
			} else if key == "Starts" {
				if at, err := time.Parse(time.RFC3339, v); err == nil {
					value = l.DateTime(at)
				}
			}
		}
		args = append(args, strings.ToUpper(key[:1])+key[1:], value)
	}
	return l.T(n.MessageID, args...)
}

// Notifications lists the user's in-app notifications.
func (h *Handler) Notifications(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	ns, err := h.Store.Notifications(c.UserContext(), m.ID, u.ID, 100)
	if err != nil {
		return err
	}
	l := h.localizer(c)
	views := make([]notificationView, len(ns))
	for i, n := range ns {
		views[i] = notificationView{Notification: n, Text: notificationText(l, n)}
	}
	return h.render(c, fiber.StatusOK, "notifications", h.page(c, notificationsData{Notifications: views}))
}

// MarkNotificationsRead marks every notification as read.
func (h *Handler) MarkNotificationsRead(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	if err := h.Store.MarkNotificationsRead(c.UserContext(), m.ID, u.ID); err != nil {
		return err
	}
	h.flash(c, "flash.notifications_read")
	return c.Redirect("/notifications", fiber.StatusSeeOther)
}
