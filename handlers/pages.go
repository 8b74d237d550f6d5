package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

type homeData struct {
	Areas     []store.Area
	AreaCount int
	Residents string
}

// Home is the front page.
func (h *Handler) Home(c *fiber.Ctx) error {
	m := municipality(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return err
	}
	total, err := h.Store.PopulationTotal(ctx, m.ID)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	p.Data = homeData{Areas: areas, AreaCount: len(areas), Residents: p.L.Number(roundResidents(total))}
	return h.render(c, fiber.StatusOK, "home", p)
}

// roundResidents rounds a population to two significant figures for "about N residents".
func roundResidents(n int) int {
	step := 1
	for n/step >= 100 {
		step *= 10
	}
	return (n + step/2) / step * step
}

// Accessibility is the accessibility statement page.
func (h *Handler) Accessibility(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "accessibility", h.page(c, nil))
}

// WAS follows the Danish convention that a public website's accessibility
// statement is found at /was.
func (h *Handler) WAS(c *fiber.Ctx) error {
	return c.Redirect("/accessibility", fiber.StatusMovedPermanently)
}
