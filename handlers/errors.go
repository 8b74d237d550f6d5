package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

// errCSRF is returned when a form arrives without a valid CSRF token.
var errCSRF = fiber.NewError(fiber.StatusForbidden, "missing or invalid CSRF token")

// errTooMany is returned when a rate limit is reached.
var errTooMany = fiber.NewError(fiber.StatusTooManyRequests, "too many requests")

// CSRFError is the CSRF middleware's error handler.
func (h *Handler) CSRFError(_ *fiber.Ctx, err error) error {
	h.Logger.Info("csrf check failed", "err", err)
	return errCSRF
}

// errorPage holds the error page's message ids.
type errorPage struct {
	TitleID, MessageID string
	RequestID          string
}

// ErrorHandler renders every error as a translated page with the right
// status. Server errors are logged here, once, with the request id.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = fe.Code
	}
	data := errorPage{TitleID: "error.server_title", MessageID: "error.server"}
	switch {
	case errors.Is(err, errUnknownMunicipality):
		data = errorPage{TitleID: "error.unknown_municipality_title", MessageID: "error.unknown_municipality"}
	case errors.Is(err, errCSRF):
		data = errorPage{TitleID: "error.csrf_title", MessageID: "error.csrf"}
	case code == fiber.StatusNotFound:
		data = errorPage{TitleID: "error.not_found_title", MessageID: "error.not_found"}
	case code == fiber.StatusForbidden || code == fiber.StatusUnauthorized:
		data = errorPage{TitleID: "error.forbidden_title", MessageID: "error.forbidden"}
	case code == fiber.StatusTooManyRequests:
		data = errorPage{TitleID: "error.too_many_title", MessageID: "error.too_many"}
	case code == fiber.StatusRequestEntityTooLarge:
		data = errorPage{TitleID: "error.too_large_title", MessageID: "error.too_large"}
	case code >= 400 && code < 500:
		data = errorPage{TitleID: "error.bad_request_title", MessageID: "error.bad_request"}
	default:
		rid, _ := c.Locals("requestid").(string)
		data.RequestID = rid
		h.Logger.Error("request failed", "method", c.Method(), "path", c.Path(), "request_id", rid, "err", err)
	}
	if rerr := h.render(c, code, "error", h.page(c, data)); rerr != nil {
		h.Logger.Error("render error page", "err", rerr, "original", err)
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(code).SendString(fiber.ErrInternalServerError.Message)
	}
	return nil
}

// notFoundAs404 turns the store's ErrNotFound into a translated 404 page
// and passes every other error on.
func notFoundAs404(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// NotFound ends the route table.
func (h *Handler) NotFound(_ *fiber.Ctx) error { return fiber.ErrNotFound }

// TooMany is the rate limiters' handler when a limit is reached.
func (h *Handler) TooMany(_ *fiber.Ctx) error { return errTooMany }
