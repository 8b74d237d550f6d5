package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// DemoSlug is the slug of the demo municipality.
const DemoSlug = "fjordvik"

// DemoPassword is the password of every demo account. Demo mode only.
const DemoPassword = "medvirk-demo"

// DemoAccounts are the demo logins, one per role, in display order.
var DemoAccounts = []struct{ Email, Role, Name string }{
	{"resident@fjordvik.example", RoleResident, "Ingrid Haugen"},
	{"official@fjordvik.example", RoleOfficial, "Lars Bakken"},
	{"moderator@fjordvik.example", RoleModerator, "Sara Nilsen"},
	{"admin@fjordvik.example", RoleAdmin, "Omar Haddad"},
}

// DefaultAgeBands are the age bands of population statistics and reports.
var DefaultAgeBands = []string{"16-19", "20-29", "30-44", "45-66", "67-79", "80+"}

// demoArea describes one area of Fjordvik: its adult population and how its
// age profile leans (positive: younger; negative: older).
type demoArea struct {
	code, name string
	residents  int
	youth      float64
}

var demoAreas = []demoArea{
	{"0301", "Sentrum", 9800, 0.35},
	{"0302", "Havnebyen", 8600, 0.55},
	{"0303", "Nordheia", 7900, 0.05},
	{"0304", "Solbakken", 8200, -0.10},
	{"0305", "Lundevik", 6900, 0.15},
	{"0306", "Bråtane", 7100, -0.30},
	{"0307", "Kvernhus", 6300, 0.00},
	{"0308", "Skjærgården", 5200, -0.55},
}

// Share of the adult population in each default age band in a typical
// Norwegian town (SSB, 2024, rounded).
var demoAgeShares = []float64{0.065, 0.160, 0.250, 0.335, 0.130, 0.060}

// SeedDemo creates the demo municipality Fjordvik with its areas, population
// statistics and one account per role. passwordHash is the hash of
// DemoPassword. It returns ErrConflict when Fjordvik already exists.
func (s *Store) SeedDemo(ctx context.Context, passwordHash string) (*Municipality, error) {
	m, err := s.CreateMunicipality(ctx, NewMunicipality{
		Slug:           DemoSlug,
		Name:           "Fjordvik",
		Country:        "NO",
		DefaultLocale:  "nb",
		EnabledLocales: []string{"nb", "nn", "da", "en"},
		TimeZone:       "Europe/Oslo",
		Hostnames:      []string{"fjordvik.localhost"},
		Settings: Settings{
			AccessibilityStatementURL: "https://uustatus.no/nb/erklaringer/publisert/fjordvik-medvirk",
			ContactEmail:              "post@fjordvik.example",
		},
	})
	if err != nil {
		return nil, fmt.Errorf("seed demo municipality: %w", err)
	}

	var cells []PopulationCell
	areaIDs := map[string]int64{}
	for _, da := range demoAreas {
		area, err := s.CreateArea(ctx, m.ID, da.code, da.name)
		if err != nil {
			return nil, fmt.Errorf("seed demo areas: %w", err)
		}
		areaIDs[da.code] = area.ID
		cells = append(cells, demoPopulation(area.ID, da)...)
	}
	asOf := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	if err := s.ReplacePopulation(ctx, m.ID, asOf, "Demo data modelled on SSB table 07459", cells); err != nil {
		return nil, fmt.Errorf("seed demo population: %w", err)
	}

	for i, a := range DemoAccounts {
		n := NewUser{Email: a.Email, PasswordHash: passwordHash, DisplayName: a.Name, Role: a.Role}
		if a.Role == RoleResident {
			n.Profile = Profile{
				AreaID:    sql.NullInt64{Int64: areaIDs["0302"], Valid: true},
				BirthYear: sql.NullInt32{Int32: 1991, Valid: true},
				Gender:    sql.NullString{String: "female", Valid: true},
			}
		}
		if _, err := s.CreateUser(ctx, m.ID, n); err != nil {
			return nil, fmt.Errorf("seed demo account %d: %w", i, err)
		}
	}
	return m, nil
}

// SeedDemoContent adds the demo's participation history to Fjordvik:
// categories, more residents, proposals in every status with supports,
// comments and officials' answers, consultations open for input, open for
// voting and closed with results (see SeedDemoConsultations, which needs
// ballotKey, the BALLOT_KEY), and neighbourhood meetings past and coming
// (see seedDemoMeetings). It takes a few seconds, so tests that
// need only the municipality and its accounts call SeedDemo alone.
func (s *Store) SeedDemoContent(ctx context.Context, m *Municipality, passwordHash string, ballotKey []byte) error {
	// The proposals, the consultations and the meetings touch different rows
	// (each dates only the accounts it made), and all spend most of their
	// time waiting for the database, so they are seeded side by side; the
	// meetings are linked to the others at the end.
	proposals := make(chan error, 1)
	go func() { proposals <- s.seedDemoProposals(ctx, m, passwordHash) }()
	type seededMeetings struct {
		seed *demoMeetingSeed
		err  error
	}
	meetings := make(chan seededMeetings, 1)
	// A few of the meetings' residents answered the school consultation on
	// the web (demoSchoolGuests): its seed waits for their accounts, which
	// the meetings' seed makes first, before it plans that consultation's
	// ballots. guests is closed without a value when the meetings' seed
	// fails before.
	guests := make(chan struct{}, 1)
	go func() {
		seed, err := s.seedDemoMeetings(ctx, m, passwordHash, func([]int64) { guests <- struct{}{} })
		close(guests)
		meetings <- seededMeetings{seed, err}
	}()
	err := s.seedDemoConsultations(ctx, m, passwordHash, ballotKey, func() bool {
		_, made := <-guests
		return made
	})
	perr, met := <-proposals, <-meetings
	if perr != nil {
		return fmt.Errorf("seed demo proposals: %w", perr)
	}
	if err != nil {
		return err
	}
	if met.err != nil {
		return fmt.Errorf("seed demo meetings: %w", met.err)
	}
	if err := s.linkDemoMeetings(ctx, met.seed); err != nil {
		return fmt.Errorf("seed demo meetings: %w", err)
	}
	return nil
}

// demoPopulation spreads an area's residents over age bands and gender: the
// area's lean tilts the national age profile, and women outnumber men among
// the oldest.
func demoPopulation(areaID int64, da demoArea) []PopulationCell {
	weights := make([]float64, len(demoAgeShares))
	var sum float64
	for i, share := range demoAgeShares {
		// Bands 0..5 run from young to old; centre the tilt on the middle.
		tilt := 1 + da.youth*(2.5-float64(i))/2.5
		weights[i] = share * math.Max(tilt, 0.2)
		sum += weights[i]
	}
	femaleShare := []float64{0.48, 0.48, 0.49, 0.49, 0.52, 0.60}
	var cells []PopulationCell
	for i, band := range DefaultAgeBands {
		total := int(math.Round(float64(da.residents) * weights[i] / sum))
		female := int(math.Round(float64(total) * femaleShare[i]))
		cells = append(cells,
			PopulationCell{AreaID: areaID, AgeBand: band, Gender: "female", Count: female},
			PopulationCell{AreaID: areaID, AgeBand: band, Gender: "male", Count: total - female},
		)
	}
	return cells
}
