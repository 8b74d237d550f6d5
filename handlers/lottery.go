package handlers

import "github.com/gofiber/fiber/v2"

// LotteryForm is not built yet.
func (h *Handler) LotteryForm(c *fiber.Ctx) error { return fiber.ErrNotImplemented }

// DrawLottery is not built yet.
func (h *Handler) DrawLottery(c *fiber.Ctx) error { return fiber.ErrNotImplemented }

// LotteryAudit is not built yet.
func (h *Handler) LotteryAudit(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
