package handlers

import "github.com/gofiber/fiber/v2"

// OutreachPlan is not built yet.
func (h *Handler) OutreachPlan(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
