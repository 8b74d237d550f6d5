package store_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// demoSkew is the demo's whole history as the outreach engine sees it: the
// representation ratio of every area and every age group, and the share of
// participants whose segment the population cannot place (the unknown
// bucket).
type demoSkew struct {
	areas, bands map[string]float64 // area name / age group -> ratio
	participants int
	unknown      int
	channelsUsed map[string]int
	withGender   bool
}

// measureDemoSkew counts the distinct participants of the whole history per
// segment with store.ParticipantsBySegment, pairs them with the newest
// population as the outreach pages do (area × age group × gender; a
// participant whose area, age group or gender the figures do not have is
// unknown), and runs outreach.Representativeness per area and per age group.
func measureDemoSkew(t *testing.T, st *store.Store, m *store.Municipality) demoSkew {
	t.Helper()
	ctx := context.Background()
	first, ok, err := st.FirstParticipation(ctx, m.ID)
	if err != nil || !ok {
		t.Fatalf("first participation: %v %v", ok, err)
	}
	counts, err := st.ParticipantsBySegment(ctx, m.ID, store.ParticipationScope{From: first, To: time.Now().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	pop, err := st.NewestPopulation(ctx, m.ID)
	if err != nil || pop == nil {
		t.Fatalf("population: %v", err)
	}
	type key struct{ area, band, gender string }
	population := map[key]int{}
	names := map[string]string{}
	skew := demoSkew{areas: map[string]float64{}, bands: map[string]float64{}, channelsUsed: map[string]int{}}
	for _, ps := range pop.Segments {
		g := ps.Gender
		if g == "all" {
			g = ""
		} else {
			skew.withGender = true
		}
		population[key{ps.AreaCode, ps.AgeBand, g}] += ps.Count
		names[ps.AreaCode] = ps.AreaName
	}
	participants := map[key]int{}
	for _, sc := range counts {
		skew.participants += sc.Participants
		for _, ch := range store.Channels {
			skew.channelsUsed[ch] += sc.ByChannel(ch)
		}
		k := key{sc.AreaCode.String, sc.AgeBand.String, ""}
		if skew.withGender {
			k.gender = sc.Gender.String
		}
		if _, known := population[k]; !known || !sc.AreaID.Valid || !sc.AgeBand.Valid {
			skew.unknown += sc.Participants
			continue
		}
		participants[k] += sc.Participants
	}
	// One run per variable: the cells collapsed to areas, then to age groups.
	ratios := func(of func(key) string) map[string]float64 {
		byName := map[string]*outreach.Cell{}
		for k, p := range population {
			name := of(k)
			c := byName[name]
			if c == nil {
				c = &outreach.Cell{Segment: outreach.Segment{Area: name}}
				byName[name] = c
			}
			c.Population += p
			c.Participants += participants[k]
		}
		cells := make([]outreach.Cell, 0, len(byName))
		for _, c := range byName {
			cells = append(cells, *c)
		}
		r, err := outreach.Representativeness(cells, outreach.DefaultPrior)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, s := range r.Segments {
			out[s.Segment.Area] = s.Ratio
		}
		return out
	}
	skew.areas = ratios(func(k key) string { return names[k.area] })
	skew.bands = ratios(func(k key) string { return k.band })
	return skew
}

// lowest returns the names with the n lowest ratios, lowest first.
func lowest(ratios map[string]float64, n int) []string {
	names := make([]string, 0, len(ratios))
	for name := range ratios {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return ratios[names[i]] < ratios[names[j]] })
	return names[:n]
}

// TestDemoHistoryIsSkewed seeds the whole demo and checks the picture the
// outreach pages draw from it over the whole history: two areas (Bråtane
// and Skjærgården) and the youngest and oldest age groups (16-19 and 80+)
// clearly under-heard, the rest visibly nearer a fair share, a small but
// real unknown bucket, and every channel in use.
func TestDemoHistoryIsSkewed(t *testing.T) {
	t.Parallel()
	st, m, _ := seedDemoWithProposals(t)
	skew := measureDemoSkew(t, st, m)
	t.Logf("%d participants, %d unknown (%.1f %%), channels %v", skew.participants, skew.unknown,
		100*float64(skew.unknown)/float64(skew.participants), skew.channelsUsed)
	for _, ratios := range []map[string]float64{skew.areas, skew.bands} {
		names := lowest(ratios, len(ratios))
		for _, name := range names {
			t.Logf("  %-12s %.2f", name, ratios[name])
		}
	}

	check := func(what string, ratios map[string]float64, want [2]string) {
		t.Helper()
		low := lowest(ratios, 2)
		if !(low[0] == want[0] && low[1] == want[1] || low[0] == want[1] && low[1] == want[0]) {
			t.Errorf("the two most under-heard %s are %v, want %v", what, low, want)
		}
		for name, ratio := range ratios {
			under := name == want[0] || name == want[1]
			switch {
			case under && ratio >= 0.6:
				t.Errorf("%s %s has ratio %.2f, want clearly under-heard (< 0.6)", what, name, ratio)
			case !under && (ratio < 0.75 || ratio > 1.6):
				t.Errorf("%s %s has ratio %.2f, want near a fair share (0.75 to 1.6)", what, name, ratio)
			}
		}
	}
	check("areas", skew.areas, [2]string{"Bråtane", "Skjærgården"})
	check("age groups", skew.bands, [2]string{"16-19", "80+"})

	share := float64(skew.unknown) / float64(skew.participants)
	if skew.unknown == 0 || share < 0.05 || share > 0.10 {
		t.Errorf("%d of %d participants are unknown (%.1f %%), want about 5 to 10 %%", skew.unknown, skew.participants, 100*share)
	}
	for _, ch := range store.Channels {
		if skew.channelsUsed[ch] == 0 {
			t.Errorf("nobody took part through the %s channel", ch)
		}
	}
}
