package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/handlers"
	"github.com/medvirk/medvirk/store"
)

// consultationRoutes are the consultations: officials author and run them,
// residents answer and vote, everyone reads the results.
func consultationRoutes(app *fiber.App, h *handlers.Handler) {
	signedIn := h.RequireUser
	official := h.RequireRole(store.RoleOfficial)
	moderator := h.RequireRole(store.RoleModerator, store.RoleOfficial)

	app.Get("/consultations", h.Consultations)
	app.Get("/consultations/new", official, h.NewConsultationForm)
	app.Post("/consultations/new", official, h.CreateConsultation)
	app.Get("/consultations/:id<int>", h.Consultation)
	app.Get("/consultations/:id<int>/edit", official, h.EditConsultationForm)
	app.Post("/consultations/:id<int>/edit", official, h.UpdateConsultation)
	app.Post("/consultations/:id<int>/publish", official, h.PublishConsultation)
	app.Post("/consultations/:id<int>/close", official, h.CloseConsultation)
	app.Post("/consultations/:id<int>/publish-results", official, h.PublishConsultationResults)

	app.Get("/consultations/:id<int>/questions/new", official, h.NewQuestionForm)
	app.Post("/consultations/:id<int>/questions/new", official, h.CreateQuestion)
	app.Get("/consultations/:id<int>/questions/:qid<int>/edit", official, h.EditQuestionForm)
	app.Post("/consultations/:id<int>/questions/:qid<int>/edit", official, h.UpdateQuestion)
	app.Post("/consultations/:id<int>/questions/:qid<int>/delete", official, h.DeleteQuestion)

	app.Get("/consultations/:id<int>/vote", signedIn, h.BallotForm)
	app.Post("/consultations/:id<int>/vote", signedIn, h.CastBallot)
	app.Get("/consultations/:id<int>/receipt", h.Receipt)

	app.Get("/consultations/:id<int>/paper", official, h.PaperBallotForm)
	app.Post("/consultations/:id<int>/paper", official, h.CastPaperBallot)
	app.Post("/consultations/:id<int>/tally", official, h.RecordTally)

	app.Get("/consultations/:id<int>/results", h.Results)
	app.Get("/consultations/:id<int>/results.csv", h.ResultsCSV)
	app.Post("/consultations/:id<int>/answers/:aid/hide", moderator, h.HideAnswer)
	app.Post("/consultations/:id<int>/answers/:aid/restore", moderator, h.RestoreAnswer)
}
