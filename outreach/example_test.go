package outreach_test

import (
	"fmt"

	"github.com/medvirk/medvirk/outreach"
)

func ExampleRepresentativeness() {
	cells := []outreach.Cell{
		{Segment: outreach.Segment{Area: "Nord", AgeBand: "16-19"}, Population: 400, Participants: 4},
		{Segment: outreach.Segment{Area: "Nord", AgeBand: "67-79"}, Population: 600, Participants: 36},
		{Segment: outreach.Segment{Area: "Sør", AgeBand: "16-19"}, Population: 500, Participants: 10},
		{Segment: outreach.Segment{Area: "Sør", AgeBand: "67-79"}, Population: 500, Participants: 30},
	}
	r, err := outreach.Representativeness(cells, outreach.DefaultPrior)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("overall rate %.3f, dissimilarity %.3f, R-indicator %.3f\n", r.OverallRate, r.Dissimilarity, r.RIndicator)
	for _, p := range outreach.RankSegments(r) {
		fmt.Printf("%-10s missing voices %4.1f  ratio %.2f\n", p.Segment, p.MissingVoices, p.Ratio)
	}
	// Output:
	// overall rate 0.040, dissimilarity 0.275, R-indicator 0.955
	// Nord/16-19 missing voices 12.0  ratio 0.25
	// Sør/16-19  missing voices 10.0  ratio 0.50
	// Nord/67-79 missing voices  0.0  ratio 1.50
	// Sør/67-79  missing voices  0.0  ratio 1.50
}

func ExampleRepresentativeness_noParticipants() {
	_, err := outreach.Representativeness([]outreach.Cell{
		{Segment: outreach.Segment{Area: "Nord", AgeBand: "16-19"}, Population: 400},
	}, 0)
	fmt.Println(err)
	// Output: nobody took part
}

func ExampleDraw() {
	young := outreach.Segment{Area: "Nord", AgeBand: "16-19"}
	old := outreach.Segment{Area: "Nord", AgeBand: "67-79"}
	rows := []outreach.RegisterRow{
		{Segment: young, Household: "a"}, {Segment: old, Household: "a"},
		{Segment: young}, {Segment: young}, {Segment: old}, {Segment: old}, {Segment: old},
	}
	res, err := outreach.Draw(rows, map[outreach.Segment]int{young: 1, old: 2}, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Segments {
		fmt.Printf("%s: %d letters from %d rows\n", s.Segment, s.Letters, s.Rows)
	}
	pi, _ := outreach.InclusionProbabilities(rows, map[outreach.Segment]int{young: 1, old: 2})
	fmt.Printf("π of the first row %.4f, of a young row without household %.4f\n", pi[0], pi[2])
	// Output:
	// Nord/16-19: 1 letters from 3 rows
	// Nord/67-79: 2 letters from 4 rows
	// π of the first row 0.1667, of a young row without household 0.4167
}

func ExampleConsensus() {
	c := outreach.Consensus([]outreach.GroupVotes{
		{Group: "Nord", Agree: 8, Disagree: 1, Pass: 1},
		{Group: "Sør", Agree: 3, Disagree: 5},
	})
	fmt.Printf("%.2f\n", c)
	// Output: 0.30
}
