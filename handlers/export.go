package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// exportedData is everything Medvirk holds about a resident, in a form they
// can keep or take elsewhere.
type exportedData struct {
	ExportedAt   time.Time        `json:"exported_at"`
	Municipality string           `json:"municipality"`
	Account      exportedAccount  `json:"account"`
	Profile      *exportedProfile `json:"profile"`
	Participated []exportedAct    `json:"participation"`
	Notices      []exportedNotice `json:"notifications"`
}

type exportedAccount struct {
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role"`
	Language    string    `json:"language,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

type exportedProfile struct {
	Area      string    `json:"area,omitempty"`
	BirthYear int       `json:"birth_year,omitempty"`
	Gender    string    `json:"gender,omitempty"`
	ConsentAt time.Time `json:"consent_at"`
}

type exportedAct struct {
	OccurredAt time.Time `json:"occurred_at"`
	Act        string    `json:"act"`
	Scope      string    `json:"scope"`
	ScopeID    int64     `json:"scope_id,omitempty"`
	Channel    string    `json:"channel"`
	Area       string    `json:"area,omitempty"`
	AgeBand    string    `json:"age_band,omitempty"`
	Gender     string    `json:"gender,omitempty"`
}

type exportedNotice struct {
	CreatedAt time.Time `json:"created_at"`
	Text      string    `json:"text"`
	Link      string    `json:"link,omitempty"`
	Read      bool      `json:"read"`
}

// ExportData sends the signed-in resident all data held about them as JSON.
func (h *Handler) ExportData(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	l := h.localizer(c)
	out := exportedData{
		ExportedAt:   time.Now().UTC(),
		Municipality: m.Name,
		Account: exportedAccount{
			Email: u.Email.String, DisplayName: u.DisplayName, Role: u.Role,
			Language: u.Locale.String, CreatedAt: u.CreatedAt,
		},
		Participated: []exportedAct{},
		Notices:      []exportedNotice{},
	}
	profile, err := h.Store.ProfileOf(ctx, m.ID, u.ID)
	if err != nil {
		return err
	}
	if !profile.Empty() {
		p := &exportedProfile{BirthYear: int(profile.BirthYear.Int32), Gender: profile.Gender.String, ConsentAt: profile.ConsentAt}
		if profile.AreaID.Valid {
			if a, err := h.Store.Area(ctx, m.ID, profile.AreaID.Int64); err == nil {
				p.Area = a.Name
			}
		}
		out.Profile = p
	}
	acts, err := h.Store.ParticipationOf(ctx, m.ID, u.ID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		out.Participated = append(out.Participated, exportedAct{
			OccurredAt: a.OccurredAt, Act: a.Act, Scope: a.ScopeType, ScopeID: a.ScopeID.Int64, Channel: a.Channel,
			Area: a.AreaName.String, AgeBand: a.AgeBand.String, Gender: a.Gender.String,
		})
	}
	notices, err := h.Store.Notifications(ctx, m.ID, u.ID, 10000)
	if err != nil {
		return err
	}
	for _, n := range notices {
		out.Notices = append(out.Notices, exportedNotice{
			CreatedAt: n.CreatedAt, Text: notificationText(l, n), Link: n.Link, Read: n.ReadAt != nil,
		})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Attachment("medvirk-data.json")
	return c.JSON(out)
}
