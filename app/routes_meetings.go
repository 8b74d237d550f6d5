package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/handlers"
	"github.com/medvirk/medvirk/store"
)

// meetingRoutes are the neighbourhood meetings: everyone browses them and
// their calendar feeds, residents register and propose meetings of their
// own, officials organise them and record who came.
func meetingRoutes(app *fiber.App, h *handlers.Handler) {
	signedIn := h.RequireUser
	official := h.RequireRole(store.RoleOfficial)

	app.Get("/meetings", h.Meetings)
	app.Get("/meetings.ics", h.MeetingsCalendar)
	app.Get("/meetings/new", official, h.NewMeetingForm)
	app.Post("/meetings/new", official, h.CreateMeeting)
	app.Get("/meetings/propose", signedIn, h.ProposeMeetingForm)
	app.Post("/meetings/propose", signedIn, h.ProposeMeeting)
	app.Get("/meetings/:id<int>.ics", h.MeetingCalendar)
	app.Get("/meetings/:id<int>", h.Meeting)
	app.Get("/meetings/:id<int>/edit", official, h.EditMeetingForm)
	app.Post("/meetings/:id<int>/edit", official, h.UpdateMeeting)
	app.Post("/meetings/:id<int>/cancel", official, h.CancelMeeting)
	app.Post("/meetings/:id<int>/approve", official, h.ApproveMeeting)
	app.Post("/meetings/:id<int>/reject", official, h.RejectMeeting)
	app.Post("/meetings/:id<int>/register", signedIn, h.RegisterForMeeting)
	app.Post("/meetings/:id<int>/unregister", signedIn, h.UnregisterFromMeeting)
	app.Get("/meetings/:id<int>/attendance", official, h.AttendanceForm)
	app.Post("/meetings/:id<int>/checkin", official, h.CheckIn)
	app.Post("/meetings/:id<int>/attendees", official, h.CountAttendees)
	app.Get("/meetings/:id<int>/minutes", official, h.MinutesForm)
	app.Post("/meetings/:id<int>/minutes", official, h.PublishMinutes)
}
