package handlers

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

const usersPerPage = 50

type adminUsersData struct {
	Users              []store.User
	Total              int
	Roles              []string
	Query, RoleFilter  string
	PrevPage, NextPage string
}

// AdminUsers lists accounts with a role selector for each.
func (h *Handler) AdminUsers(c *fiber.Ctx) error {
	m := municipality(c)
	query, role := c.Query("q"), c.Query("role")
	if !store.ValidRole(role) {
		role = ""
	}
	pageNo, _ := strconv.Atoi(c.Query("page"))
	if pageNo < 1 {
		pageNo = 1
	}
	users, total, err := h.Store.Users(c.UserContext(), m.ID, store.UserFilter{
		Query: query, Role: role, Limit: usersPerPage, Offset: (pageNo - 1) * usersPerPage,
	})
	if err != nil {
		return err
	}
	data := adminUsersData{Users: users, Total: total, Roles: store.Roles, Query: query, RoleFilter: role}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if query != "" {
			v.Set("q", query)
		}
		if role != "" {
			v.Set("role", role)
		}
		return "/admin/users?" + v.Encode()
	}
	if pageNo > 1 {
		data.PrevPage = link(pageNo - 1)
	}
	if pageNo*usersPerPage < total {
		data.NextPage = link(pageNo + 1)
	}
	return h.render(c, fiber.StatusOK, "admin_users", h.page(c, data))
}

// SetRole changes one user's role; the change is written to the audit log.
func (h *Handler) SetRole(c *fiber.Ctx) error {
	m, admin := municipality(c), currentUser(c)
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	role := c.FormValue("role")
	if !store.ValidRole(role) {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "unknown role")
	}
	if id == admin.ID && role != store.RoleAdmin {
		// An administrator cannot demote themselves and lock everyone out.
		h.flash(c, "flash.own_role_kept")
		return c.Redirect("/admin/users", fiber.StatusSeeOther)
	}
	if err := h.Store.SetRole(c.UserContext(), m.ID, admin.ID, id, role); err != nil {
		return notFoundAs404(err)
	}
	h.flash(c, "flash.role_changed")
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}
