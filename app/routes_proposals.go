package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/handlers"
	"github.com/medvirk/medvirk/store"
)

// proposalRoutes are the pages of residents' proposals and the admins'
// category list.
func proposalRoutes(app *fiber.App, h *handlers.Handler) {
	signedIn := h.RequireUser
	official := h.RequireRole(store.RoleOfficial)

	app.Get("/proposals", h.Proposals)
	app.Get("/proposals/new", signedIn, h.NewProposalForm)
	app.Post("/proposals/new", signedIn, h.CreateProposal)
	app.Get("/proposals/assisted", official, h.AssistedProposalForm)
	app.Post("/proposals/assisted", official, h.CreateAssistedProposal)
	app.Get("/proposals/:id<int>", h.Proposal)
	app.Get("/proposals/:id<int>/edit", signedIn, h.EditProposalForm)
	app.Post("/proposals/:id<int>/edit", signedIn, h.UpdateProposal)
	app.Post("/proposals/:id<int>/withdraw", signedIn, h.WithdrawProposal)
	app.Post("/proposals/:id<int>/support", signedIn, h.Support)
	app.Post("/proposals/:id<int>/unsupport", signedIn, h.Unsupport)
	app.Post("/proposals/:id<int>/status", official, h.ChangeStatus)

	categories := app.Group("/admin/categories", h.RequireRole(store.RoleAdmin))
	categories.Get("", h.AdminCategories)
	categories.Post("", h.CreateCategory)
	categories.Post("/:id<int>/archive", h.ArchiveCategory)
}
