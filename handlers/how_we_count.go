package handlers

import "github.com/gofiber/fiber/v2"

// HowWeCount is not built yet.
func (h *Handler) HowWeCount(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
