package handlers

import "github.com/gofiber/fiber/v2"

// Placeholders while the authoring pages are written; each is removed as
// its real handler lands.

func (h *Handler) Consultations(c *fiber.Ctx) error              { return fiber.ErrNotImplemented }
func (h *Handler) NewConsultationForm(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (h *Handler) CreateConsultation(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Handler) Consultation(c *fiber.Ctx) error               { return fiber.ErrNotImplemented }
func (h *Handler) EditConsultationForm(c *fiber.Ctx) error       { return fiber.ErrNotImplemented }
func (h *Handler) UpdateConsultation(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Handler) PublishConsultation(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (h *Handler) CloseConsultation(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (h *Handler) PublishConsultationResults(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (h *Handler) NewQuestionForm(c *fiber.Ctx) error            { return fiber.ErrNotImplemented }
func (h *Handler) CreateQuestion(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
func (h *Handler) EditQuestionForm(c *fiber.Ctx) error           { return fiber.ErrNotImplemented }
func (h *Handler) UpdateQuestion(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
func (h *Handler) DeleteQuestion(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
