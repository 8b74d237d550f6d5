package handlers

import "github.com/gofiber/fiber/v2"

// Placeholders while the meeting organisers' pages are written; each is
// removed as its real handler lands.

func (h *Handler) NewMeetingForm(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
func (h *Handler) CreateMeeting(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) ProposeMeetingForm(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (h *Handler) ProposeMeeting(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
func (h *Handler) EditMeetingForm(c *fiber.Ctx) error    { return fiber.ErrNotImplemented }
func (h *Handler) UpdateMeeting(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) CancelMeeting(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) ApproveMeeting(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
func (h *Handler) RejectMeeting(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (h *Handler) AttendanceForm(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
func (h *Handler) CheckIn(c *fiber.Ctx) error            { return fiber.ErrNotImplemented }
func (h *Handler) CountAttendees(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
func (h *Handler) MinutesForm(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (h *Handler) PublishMinutes(c *fiber.Ctx) error     { return fiber.ErrNotImplemented }
