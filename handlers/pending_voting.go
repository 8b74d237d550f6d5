package handlers

import "github.com/gofiber/fiber/v2"

// Placeholders while the voting and results pages are written; each is
// removed as its real handler lands.

func (h *Handler) BallotForm(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) CastBallot(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) Receipt(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Handler) PaperBallotForm(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (h *Handler) CastPaperBallot(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (h *Handler) RecordTally(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
func (h *Handler) Results(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Handler) ResultsCSV(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) HideAnswer(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) RestoreAnswer(c *fiber.Ctx) error   { return fiber.ErrNotImplemented }
