package handlers

import "github.com/gofiber/fiber/v2"

// ParticipationReport is not built yet.
func (h *Handler) ParticipationReport(c *fiber.Ctx) error { return fiber.ErrNotImplemented }

// ParticipationReportCSV is not built yet.
func (h *Handler) ParticipationReportCSV(c *fiber.Ctx) error { return fiber.ErrNotImplemented }

// ParticipationReportJSON is not built yet.
func (h *Handler) ParticipationReportJSON(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
