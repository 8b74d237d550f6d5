package handlers

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// The groups the common-ground list compares, as the groups parameter of
// the results page names them.
const (
	groupsByArea    = "area"
	groupsByAgeBand = "age_band"
)

// commonGroundGroupings lists the groupings in the order the page offers them.
var commonGroundGroupings = []string{groupsByArea, groupsByAgeBand}

// commonGround is the results page's common-ground list: the consultation's
// statements (one question each) ordered by group-aware consensus. It shows
// no count per group, so no small cell can show.
type commonGround struct {
	Groups    string   // groupsByArea or groupsByAgeBand
	Groupings []string // what the reader can switch to
	// Invalid is set when the groups parameter named no grouping; the list
	// then compares areas.
	Invalid    bool
	GroupCount int // groups that answered at least one statement
	Statements []commonGroundRow
	// LeftOut says how many people who took a stance are in no group (area
	// or age group not known), "fewer than 5" below MinCell; empty for none.
	LeftOut string
}

// commonGroundRow is one statement in the list, which is in rank order.
type commonGroundRow struct {
	QuestionID int64
	Prompt     localText
	// TooFew is set when fewer than MinCell people took a stance: the
	// figures below are then left out.
	TooFew bool
	Level  string // the consensus in words
	Score  string // the consensus per group, 0 to 1 (perGroupConsensus)
	Agree  string // the share of everyone who took a stance that agrees
}

// perGroupConsensus is the consensus taken per group: the geometric mean
// C^(1/G) of the groups' factors (A_g+1)/(S_g+2), about the share that
// agrees in a typical group. The product C itself shrinks with every group
// (eight areas that each agree 70 % give C ≈ 0.06), so the page shows this
// instead; for a list, where every statement has the same G, it orders the
// statements exactly as C does.
func perGroupConsensus(c float64, groups int) float64 {
	return math.Pow(c, 1/float64(groups))
}

// consensusLevels maps the consensus per group to words: the lower bound of
// each level, highest first.
var consensusLevels = []struct {
	min float64
	key string
}{{0.7, "high"}, {0.55, "fairly_high"}, {0.4, "middling"}, {0, "low"}}

// consensusLevel returns the message id of the words for a consensus per
// group.
func consensusLevel(perGroup float64) string {
	for _, lv := range consensusLevels {
		if perGroup >= lv.min {
			return "common_ground.level_" + lv.key
		}
	}
	return "common_ground.level_low"
}

// statementGroup is the group a stance counts in, or "" when its group is
// not known.
func statementGroup(groups string, area sql.NullInt64, band sql.NullString) string {
	if groups == groupsByAgeBand {
		if band.Valid {
			return band.String
		}
		return ""
	}
	if area.Valid {
		return strconv.FormatInt(area.Int64, 10)
	}
	return ""
}

// commonGroundList builds the common-ground list for the consultation's
// statement questions, or returns nil when it has none. groups is the
// page's groups parameter ("" for areas); questions are the page's, in the
// order of res.Questions.
func (h *Handler) commonGroundList(ctx context.Context, municipalityID, consultationID int64, res *store.Results, questions []*resultsQuestion, groups string, f resultsFormat) (*commonGround, error) {
	// Groups takes the constant, not the query's string, which points into
	// request memory.
	cg := &commonGround{Groups: groupsByArea, Groupings: commonGroundGroupings}
	switch groups {
	case "", groupsByArea:
	case groupsByAgeBand:
		cg.Groups = groupsByAgeBand
	default:
		cg.Invalid = true
	}
	// Statement ids for the engine are the questions' places on the ballot,
	// zero-padded, so that ties keep the ballot's order.
	var statements []outreach.Statement
	byID := map[string]int{} // statement id -> index in res.Questions
	index := map[int64]string{}
	for i, qr := range res.Questions {
		if qr.Question.Kind != store.QuestionStatement {
			continue
		}
		id := fmt.Sprintf("%06d", i)
		byID[id], index[qr.Question.ID] = i, id
		statements = append(statements, outreach.Statement{ID: id})
	}
	if len(statements) == 0 {
		return nil, nil
	}
	// Votes per statement and group, from the stances by segment. Every
	// statement is scored over the same groups: those in which anyone took a
	// stance on any statement (a group silent on one statement counts ½ there).
	votes := map[string]map[string]*outreach.GroupVotes{}
	var groupNames []string
	for _, c := range res.Cells {
		id, ok := index[c.QuestionID]
		if !ok || !c.Stance.Valid {
			continue
		}
		g := statementGroup(cg.Groups, c.AreaID, c.AgeBand)
		if g == "" {
			continue
		}
		if votes[g] == nil {
			votes[g] = map[string]*outreach.GroupVotes{}
			groupNames = append(groupNames, g)
		}
		v := votes[g][id]
		if v == nil {
			v = &outreach.GroupVotes{Group: g}
			votes[g][id] = v
		}
		switch c.Stance.String {
		case store.StanceAgree:
			v.Agree += c.Count
		case store.StanceDisagree:
			v.Disagree += c.Count
		default:
			v.Pass += c.Count
		}
	}
	cg.GroupCount = len(groupNames)
	for i := range statements {
		for _, g := range groupNames {
			v := outreach.GroupVotes{Group: g}
			if gv := votes[g][statements[i].ID]; gv != nil {
				v = *gv
			}
			statements[i].Votes = append(statements[i].Votes, v)
		}
	}
	for _, rs := range outreach.RankByConsensus(statements) {
		i := byID[rs.ID]
		qr := res.Questions[i]
		row := commonGroundRow{QuestionID: qr.Question.ID, Prompt: questions[i].Prompt,
			TooFew: qr.Answers < store.MinCell || cg.GroupCount == 0}
		if !row.TooFew {
			perGroup := perGroupConsensus(rs.Consensus, cg.GroupCount)
			row.Level = f.l.T(consensusLevel(perGroup))
			row.Score = f.decimal(perGroup, 2)
			for _, r := range qr.Rows {
				if r.Stance == store.StanceAgree {
					row.Agree = percent(f.printer, r.Share)
				}
			}
		}
		cg.Statements = append(cg.Statements, row)
	}
	people, err := h.Store.StatementBallotCells(ctx, municipalityID, consultationID)
	if err != nil {
		return nil, err
	}
	leftOut := 0
	for _, p := range people {
		if statementGroup(cg.Groups, p.AreaID, p.AgeBand) == "" {
			leftOut += p.Count
		}
	}
	cg.LeftOut = f.fewer(leftOut, "common_ground.left_out_few_"+cg.Groups, "common_ground.left_out_"+cg.Groups)
	return cg, nil
}
