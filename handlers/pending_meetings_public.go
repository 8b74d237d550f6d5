package handlers

import "github.com/gofiber/fiber/v2"

// Placeholders while the public meeting pages are written; each is removed
// as its real handler lands.

func (h *Handler) Meetings(c *fiber.Ctx) error              { return fiber.ErrNotImplemented }
func (h *Handler) MeetingsCalendar(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) MeetingCalendar(c *fiber.Ctx) error       { return fiber.ErrNotImplemented }
func (h *Handler) Meeting(c *fiber.Ctx) error               { return fiber.ErrNotImplemented }
func (h *Handler) RegisterForMeeting(c *fiber.Ctx) error    { return fiber.ErrNotImplemented }
func (h *Handler) UnregisterFromMeeting(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
