package outreach

import (
	"cmp"
	"slices"
	"strings"
)

// GroupVotes counts one group's votes on a statement. A group is typically an
// area or an age band.
type GroupVotes struct {
	Group    string `json:"group"`
	Agree    int    `json:"agree"`
	Disagree int    `json:"disagree"`
	Pass     int    `json:"pass"`
}

// Statement is a statement residents vote agree, disagree or pass on.
type Statement struct {
	ID    string       `json:"id"`
	Votes []GroupVotes `json:"votes"`
}

// RankedStatement is a statement with its group-aware consensus.
type RankedStatement struct {
	ID        string  `json:"id"`
	Consensus float64 `json:"consensus"`
}

// Consensus is the group-aware consensus of a statement,
//
//	C = Π_g (A_g + 1) / (S_g + 2),
//
// with A_g the agrees and S_g all votes (agree, disagree and pass) in group g.
// It is high only when every group agrees. Entries with the same group name
// are merged by summing; negative counts count as zero. A statement with no
// groups has consensus 0. A group with no votes contributes ½.
func Consensus(votes []GroupVotes) float64 {
	if len(votes) == 0 {
		return 0
	}
	merged := make([]GroupVotes, 0, len(votes))
	for _, v := range votes {
		v.Agree, v.Disagree, v.Pass = max(0, v.Agree), max(0, v.Disagree), max(0, v.Pass)
		i := slices.IndexFunc(merged, func(g GroupVotes) bool { return g.Group == v.Group })
		if i < 0 {
			merged = append(merged, v)
			continue
		}
		merged[i].Agree += v.Agree
		merged[i].Disagree += v.Disagree
		merged[i].Pass += v.Pass
	}
	c := 1.0
	for _, g := range merged {
		s := g.Agree + g.Disagree + g.Pass
		c *= float64(g.Agree+1) / float64(s+2)
	}
	return c
}

// RankByConsensus returns the statements by descending consensus, ties by
// ID (byte order): the "common ground" list.
func RankByConsensus(statements []Statement) []RankedStatement {
	out := make([]RankedStatement, len(statements))
	for i, s := range statements {
		out[i] = RankedStatement{ID: s.ID, Consensus: Consensus(s.Votes)}
	}
	slices.SortStableFunc(out, func(a, b RankedStatement) int {
		if c := cmp.Compare(b.Consensus, a.Consensus); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}
