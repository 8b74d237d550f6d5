package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/handlers"
	"github.com/medvirk/medvirk/store"
)

// outreachRoutes put the outreach engine in officials' and moderators'
// hands: the outreach plan and the invitation lottery for officials, the
// participation report for moderators and officials, and the public pages
// that explain how voices are counted and how each draw was made.
func outreachRoutes(app *fiber.App, h *handlers.Handler) {
	official := h.RequireRole(store.RoleOfficial)
	reporter := h.RequireRole(store.RoleOfficial, store.RoleModerator)

	app.Get("/outreach", official, h.OutreachPlan)
	app.Get("/outreach/lottery", official, h.LotteryForm)
	app.Post("/outreach/lottery", official, h.DrawLottery)
	app.Get("/outreach/lottery/:id<int>", h.LotteryAudit)
	app.Get("/reports/participation", reporter, h.ParticipationReport)
	app.Get("/reports/participation.csv", reporter, h.ParticipationReportCSV)
	app.Get("/reports/participation.json", reporter, h.ParticipationReportJSON)
	app.Get("/how-we-count", h.HowWeCount)
}
