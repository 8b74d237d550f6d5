package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/views"
)

// Static serves embedded files under their content-hashed names, cached for a year.
func (h *Handler) Static(c *fiber.Ctx) error {
	asset, ok := views.LookupAsset(c.Params("file"))
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, asset.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(asset.Body)
}
