package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/handlers"
	"github.com/medvirk/medvirk/store"
)

// commentRoutes are comments on proposals, flags and the moderators' pages.
func commentRoutes(app *fiber.App, h *handlers.Handler) {
	signedIn := h.RequireUser
	app.Get("/proposals/:id<int>/comments", h.CommentsAnchor)
	app.Post("/proposals/:id<int>/comments", signedIn, h.AddComment)
	app.Get("/proposals/:id<int>/flag", signedIn, h.FlagProposalForm)
	app.Post("/proposals/:id<int>/flag", signedIn, h.FlagProposal)

	app.Get("/comments/:cid<int>/edit", signedIn, h.EditCommentForm)
	app.Post("/comments/:cid<int>/edit", signedIn, h.EditComment)
	app.Get("/comments/:cid<int>/delete", signedIn, h.DeleteCommentForm)
	app.Post("/comments/:cid<int>/delete", signedIn, h.DeleteComment)
	app.Get("/comments/:cid<int>/flag", signedIn, h.FlagCommentForm)
	app.Post("/comments/:cid<int>/flag", signedIn, h.FlagComment)

	moderator := h.RequireRole(store.RoleModerator)
	app.Get("/moderation", moderator, h.Moderation)
	app.Post("/moderation/hide", moderator, h.ModerationHide)
	app.Post("/moderation/restore", moderator, h.ModerationRestore)
	app.Post("/moderation/dismiss", moderator, h.ModerationDismiss)
	app.Post("/moderation/block", moderator, h.ModerationBlock)
	app.Post("/moderation/unblock", moderator, h.ModerationUnblock)
}
