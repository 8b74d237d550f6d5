package outreach

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestConsensus(t *testing.T) {
	tests := []struct {
		name  string
		votes []GroupVotes
		want  float64
	}{
		// Nord: (8+1)/(10+2) = 0.75; Sør: (3+1)/(8+2) = 0.4; C = 0.3.
		{"two groups", []GroupVotes{{"Nord", 8, 1, 1}, {"Sør", 3, 5, 0}}, 0.3},
		// (0+1)/(0+2) = ½.
		{"group without votes", []GroupVotes{{"Nord", 0, 0, 0}}, 0.5},
		// Passes count as votes: (2+1)/(4+2) = ½.
		{"passes", []GroupVotes{{"Nord", 2, 0, 2}}, 0.5},
		// Nord 3,0,0 + 1,1,0 = 4,1,0 → 5/7; Sør (0+1)/(1+2) = 1/3.
		{"same group merged", []GroupVotes{{"Nord", 3, 0, 0}, {"Sør", 0, 1, 0}, {"Nord", 1, 1, 0}}, 5.0 / 7 / 3},
		// Negative counts count as 0: (0+1)/(2+2) = ¼.
		{"negative counts", []GroupVotes{{"Nord", -3, 2, -1}}, 0.25},
		{"no groups", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertNear(t, "C", Consensus(tt.votes), tt.want)
		})
	}
}

func TestRankByConsensus(t *testing.T) {
	got := RankByConsensus([]Statement{
		{ID: "s3", Votes: []GroupVotes{{"Nord", 1, 0, 0}, {"Sør", 1, 0, 0}}}, // (2/3)² = 4/9
		{ID: "s1", Votes: []GroupVotes{{"Nord", 9, 0, 0}, {"Sør", 0, 9, 0}}}, // (10/11)(1/11) = 10/121
		{ID: "s2", Votes: []GroupVotes{{"Nord", 1, 0, 0}, {"Sør", 1, 0, 0}}}, // 4/9, tie with s3
		{ID: "s0", Votes: []GroupVotes{{"Nord", 5, 0, 0}, {"Sør", 4, 1, 0}}}, // (6/7)(5/7) = 30/49
	})
	ids := make([]string, len(got))
	for i, r := range got {
		ids[i] = r.ID
	}
	if want := []string{"s0", "s2", "s3", "s1"}; !slices.Equal(ids, want) {
		t.Errorf("order = %v, want %v", ids, want)
	}
	assertNear(t, "C s0", got[0].Consensus, 30.0/49)
	assertNear(t, "C s2", got[1].Consensus, 4.0/9)
	assertNear(t, "C s1", got[3].Consensus, 10.0/121)
	if len(RankByConsensus(nil)) != 0 {
		t.Errorf("RankByConsensus(nil) not empty")
	}
}

// A statement that only one group agrees with ranks below one that every
// group agrees with less strongly, and more agreement never lowers C.
func TestConsensusProperties(t *testing.T) {
	split := Consensus([]GroupVotes{{"Nord", 50, 0, 0}, {"Sør", 0, 50, 0}})
	broad := Consensus([]GroupVotes{{"Nord", 30, 20, 0}, {"Sør", 30, 20, 0}})
	if split >= broad {
		t.Errorf("split %v ≥ broad %v", split, broad)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 2000 {
		n := 1 + rng.IntN(6)
		votes := make([]GroupVotes, n)
		for i := range votes {
			votes[i] = GroupVotes{Group: string(rune('A' + i)), Agree: rng.IntN(50), Disagree: rng.IntN(50), Pass: rng.IntN(20)}
		}
		c := Consensus(votes)
		if !(c > 0 && c < 1) {
			t.Fatalf("C = %v outside (0, 1) for %v", c, votes)
		}
		g := rng.IntN(n)
		more := slices.Clone(votes)
		more[g].Agree++
		if Consensus(more) <= c {
			t.Fatalf("an extra agree did not raise C: %v", votes)
		}
		less := slices.Clone(votes)
		less[g].Disagree++
		if Consensus(less) >= c {
			t.Fatalf("an extra disagree did not lower C: %v", votes)
		}
	}
}
