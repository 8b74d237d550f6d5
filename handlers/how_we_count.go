package handlers

import (
	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// howWeCountExample is the small worked example of the representation ratio
// and missing voices, computed here so that the page's figures always agree
// with each other and are written the reader's way.
type howWeCountExample struct {
	TotalResidents, TotalParticipants, TotalRate string
	AreaResidents, AreaParticipants, AreaRate    string
	Ratio, FairShare, Missing                    string
}

// howWeCountData is what the "How we count" page shows besides its text.
type howWeCountData struct {
	Denmark bool // Danmarks Statistik rather than SSB
	// PopulationAsOf is the date of the municipality's current population
	// figures; empty when none have been imported.
	PopulationAsOf string
	MinCell        string
	MaxBoost       string
	Example        howWeCountExample
}

// The worked example: a municipality of 60 000 residents aged 16 and over
// of whom 2 400 took part, and an area of 2 000 residents of whom 20 did.
const (
	exampleTotalResidents    = 60000
	exampleTotalParticipants = 2400
	exampleAreaResidents     = 2000
	exampleAreaParticipants  = 20
)

// HowWeCount explains, in plain language and to everyone, what the platform
// counts, how it compares participation with the population, what it does
// with the comparison and what it never stores.
func (h *Handler) HowWeCount(c *fiber.Ctx) error {
	m := municipality(c)
	pop, err := h.Store.NewestPopulation(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	printer := message.NewPrinter(language.Make(p.L.Lang))
	decimal := func(x float64) string { return printer.Sprint(number.Decimal(x, number.MaxFractionDigits(2))) }

	totalRate := float64(exampleTotalParticipants) / exampleTotalResidents
	areaRate := float64(exampleAreaParticipants) / exampleAreaResidents
	fair := int(totalRate*exampleAreaResidents + 0.5)
	d := howWeCountData{
		Denmark:  m.Country == "DK",
		MinCell:  p.L.Number(store.MinCell),
		MaxBoost: printer.Sprint(number.Decimal(outreach.MaxBoost, number.MaxFractionDigits(1))),
		Example: howWeCountExample{
			TotalResidents: p.L.Number(exampleTotalResidents), TotalParticipants: p.L.Number(exampleTotalParticipants),
			TotalRate:     percent(printer, totalRate),
			AreaResidents: p.L.Number(exampleAreaResidents), AreaParticipants: p.L.Number(exampleAreaParticipants),
			AreaRate:  percent(printer, areaRate),
			Ratio:     decimal(areaRate / totalRate),
			FairShare: p.L.Number(fair),
			Missing:   p.L.Number(fair - exampleAreaParticipants),
		},
	}
	if pop != nil {
		d.PopulationAsOf = p.L.Date(pop.AsOf)
	}
	p.Data = d
	return h.render(c, fiber.StatusOK, "how_we_count", p)
}
