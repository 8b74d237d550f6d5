package handlers

import (
	"database/sql"
	"testing"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

func TestBuildEngineInputPlacesParticipantsInPopulationSegments(t *testing.T) {
	areas := []store.Area{{ID: 1, Code: "0301", Name: "Sentrum"}, {ID: 2, Code: "0302", Name: "Havnebyen"}, {ID: 3, Code: "0399", Name: "Uten tall"}}
	pop := &store.Population{Segments: []store.PopulationSegment{
		{AreaID: 1, AreaCode: "0301", AgeBand: "16-19", Gender: "female", Count: 100},
		{AreaID: 1, AreaCode: "0301", AgeBand: "16-19", Gender: "male", Count: 110},
		{AreaID: 2, AreaCode: "0302", AgeBand: "16-19", Gender: "female", Count: 90},
		{AreaID: 2, AreaCode: "0302", AgeBand: "16-19", Gender: "male", Count: 80},
	}}
	area := func(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: true} }
	text := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	counts := []store.SegmentCount{
		{AreaID: area(1), AgeBand: text("16-19"), Gender: text("female"), Participants: 7, Web: 6, Meeting: 2},
		{AreaID: area(2), AgeBand: text("16-19"), Gender: text("male"), Participants: 3, Paper: 3},
		{AreaID: area(2), AgeBand: text("16-19"), Gender: text("other"), Participants: 2, Web: 2},  // gender the figures lack
		{AreaID: area(1), AgeBand: text("16-19"), Participants: 1, Web: 1},                         // no gender
		{AreaID: area(1), AgeBand: text("20-29"), Gender: text("male"), Participants: 4, Web: 4},   // band without figures
		{AreaID: area(1), Gender: text("male"), Participants: 5, Assisted: 5},                      // no age band
		{AreaID: area(3), AgeBand: text("16-19"), Gender: text("male"), Participants: 6, Phone: 6}, // area without figures
		{AgeBand: text("16-19"), Participants: 8, Web: 8},                                          // no area
	}
	in := buildEngineInput(pop, counts, areas)

	if !in.WithGender {
		t.Fatal("figures split by gender: WithGender should be true")
	}
	want := map[outreach.Segment][2]int{ // population, participants
		{Area: "0301", AgeBand: "16-19", Gender: "female"}: {100, 7},
		{Area: "0301", AgeBand: "16-19", Gender: "male"}:   {110, 0},
		{Area: "0302", AgeBand: "16-19", Gender: "female"}: {90, 0},
		{Area: "0302", AgeBand: "16-19", Gender: "male"}:   {80, 3},
	}
	if len(in.Cells) != len(want) {
		t.Fatalf("got %d cells, want %d: %+v", len(in.Cells), len(want), in.Cells)
	}
	for _, c := range in.Cells {
		if w := want[c.Segment]; c.Population != w[0] || c.Participants != w[1] {
			t.Errorf("%v: population %d participants %d, want %v", c.Segment, c.Population, c.Participants, w)
		}
	}
	if got := in.Channels[outreach.Segment{Area: "0301", AgeBand: "16-19", Gender: "female"}]; got[0] != 6 || got[1] != 2 {
		t.Errorf("channels of 0301 16-19 female = %v, want web 6 and meeting 2", got)
	}
	u := in.Unknown
	if u.Total != 26 || u.Area != 14 || u.AgeBand != 9 || u.Gender != 3 {
		t.Errorf("unknown = %+v, want total 26: area 14 (none or without figures), age group 9, gender 3", u)
	}
	if u.Channels[0] != 15 || u.Channels[3] != 6 || u.Channels[4] != 5 {
		t.Errorf("unknown channels = %v, want web 15, phone 6, assisted 5", u.Channels)
	}
	if in.Areas["0302"].Name != "Havnebyen" {
		t.Errorf("areas by code: %+v", in.Areas)
	}
}

func TestBuildEngineInputWithoutGenderMergesParticipants(t *testing.T) {
	pop := &store.Population{Segments: []store.PopulationSegment{
		{AreaID: 1, AreaCode: "A", AgeBand: "80+", Gender: "all", Count: 50},
	}}
	counts := []store.SegmentCount{
		{AreaID: sql.NullInt64{Int64: 1, Valid: true}, AgeBand: sql.NullString{String: "80+", Valid: true}, Gender: sql.NullString{String: "female", Valid: true}, Participants: 2},
		{AreaID: sql.NullInt64{Int64: 1, Valid: true}, AgeBand: sql.NullString{String: "80+", Valid: true}, Participants: 3},
	}
	in := buildEngineInput(pop, counts, []store.Area{{ID: 1, Code: "A"}})
	if in.WithGender || len(in.Cells) != 1 || in.Cells[0].Participants != 5 || in.Unknown.Total != 0 {
		t.Fatalf("without gender in the figures every participant of the area and band counts: %+v, unknown %+v", in.Cells, in.Unknown)
	}
}
