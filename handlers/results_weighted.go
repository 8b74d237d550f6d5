package handlers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// weightedColumn is the outreach engine's estimate for one question: each
// row's share after weighting the respondents by area, age group and gender
// to the newest population figures, beside the raw count and share, or the
// reason weighting was refused. Raw counts stay the result: the page shows
// this below them as an estimate. Nothing in it is per segment, so it gives
// no small cell away.
type weightedColumn struct {
	// Refused is the translated reason weighting was refused; the figures
	// below are empty then.
	Refused      string
	Rows         []weightedRow // in the order of the question's Rows
	N            string        // respondents weighted
	NEff         string        // Kish's effective sample size
	DesignEffect string
	Method       string // a translated sentence: post-stratification or raking
	Trimmed      string // a translated sentence: whether weights were trimmed
	// Unknown says how many respondents could not be weighted, "fewer than
	// 5" below MinCell; empty when there are none.
	Unknown string
}

// weightedRow is one option or stance of a weighted question, formatted.
type weightedRow struct {
	Answers  string // people who chose it: the raw count, "fewer than 5" from 1 to 4
	RawShare string // of everyone who answered the question
	Share    string // weighted
	Interval string // the weighted share's 95 % interval
}

// weightingBase is what the weighting of every question of a consultation
// shares: the newest population figures and the way from a ballot's segment
// to a population segment.
type weightingBase struct {
	pop        []outreach.PopulationCell
	withGender bool
	areaCode   map[int64]string  // area id -> code, for areas with figures
	areaName   map[string]string // area code -> name
	bands      map[string]bool
	genders    map[string]bool
}

// newWeightingBase reads the population figures the way the outreach plan
// and the report do (buildEngineInput), so that all pages agree on segments.
func newWeightingBase(pop *store.Population) *weightingBase {
	in := buildEngineInput(pop, nil, nil)
	b := &weightingBase{withGender: in.WithGender, areaCode: map[int64]string{}, areaName: map[string]string{},
		bands: map[string]bool{}, genders: map[string]bool{}}
	for _, c := range in.Cells {
		b.pop = append(b.pop, outreach.PopulationCell{Segment: c.Segment, Count: c.Population})
		b.bands[c.AgeBand], b.genders[c.Gender] = true, true
	}
	for _, ps := range pop.Segments {
		b.areaCode[ps.AreaID], b.areaName[ps.AreaCode] = ps.AreaCode, ps.AreaName
	}
	return b
}

// segment places a ballot's segment among the population's segments. It
// reports false when a part is unknown, or one the figures do not have
// (an area without figures, a gender the statistics do not count): such a
// respondent cannot be weighted.
func (b *weightingBase) segment(area sql.NullInt64, band, gender sql.NullString) (outreach.Segment, bool) {
	code, ok := b.areaCode[area.Int64]
	if !area.Valid || !ok || !band.Valid || !b.bands[band.String] {
		return outreach.Segment{}, false
	}
	s := outreach.Segment{Area: code, AgeBand: band.String}
	if b.withGender {
		if !gender.Valid || !b.genders[gender.String] {
			return outreach.Segment{}, false
		}
		s.Gender = gender.String
	}
	return s, true
}

// weightable reports whether the outreach engine weights a question's kind.
func weightable(kind string) bool {
	return kind == store.QuestionStatement || store.HasOptions(kind)
}

// questionCounts are one question's respondents and each row's choosers, by
// segment, as the engine needs them.
type questionCounts struct {
	respondents map[outreach.Segment]int
	unknown     int // respondents that cannot be weighted
	// chosen holds, per row of the question (option or stance), the
	// respondents of each segment who chose it.
	chosen []map[outreach.Segment]int
}

// total is everyone who answered the question, weighted or not.
func (qc *questionCounts) total() int {
	n := qc.unknown
	for _, k := range qc.respondents {
		n += k
	}
	return n
}

// weightedEstimate is the engine's result for one question.
type weightedEstimate struct {
	Weighting *outreach.Weighting
	// Shares, Low and High are each row's weighted share and its 95 %
	// interval, in row order.
	Shares, Low, High []float64
}

// estimate weights the question's known respondents to the population and
// computes every row's weighted share. Respondents are expanded one per
// person, in segment order; within a segment every respondent has the same
// weight, so the first k of them stand for the k who chose a row.
func (b *weightingBase) estimate(qc *questionCounts) (*weightedEstimate, error) {
	segments := make([]outreach.Segment, 0, len(qc.respondents))
	for s, n := range qc.respondents {
		if n > 0 {
			segments = append(segments, s)
		}
	}
	slices.SortFunc(segments, outreach.CompareSegments)
	var resp []outreach.Respondent
	for _, s := range segments {
		// The engine names a respondent only in errors about a segment the
		// figures lack, which segment() has already kept out.
		id := s.String()
		for range qc.respondents[s] {
			resp = append(resp, outreach.Respondent{ID: id, Segment: s})
		}
	}
	w, err := outreach.Weight(b.pop, resp, outreach.DefaultWeightOptions())
	if err != nil {
		return nil, err
	}
	est := &weightedEstimate{Weighting: w}
	for _, chosen := range qc.chosen {
		values := make([]bool, 0, len(resp))
		for _, s := range segments {
			k := min(chosen[s], qc.respondents[s])
			for i := range qc.respondents[s] {
				values = append(values, i < k)
			}
		}
		share, lo, hi := outreach.WeightedShare(values, w.Weights)
		est.Shares, est.Low, est.High = append(est.Shares, share), append(est.Low, lo), append(est.High, hi)
	}
	return est, nil
}

// weightingCounts sorts the consultation's respondents and choices by
// question and population segment.
func (b *weightingBase) weightingCounts(res *store.Results, respondents []store.RespondentCell) map[int64]*questionCounts {
	counts := map[int64]*questionCounts{}
	rowIndex := map[resultRowKey]int{}
	for _, qr := range res.Questions {
		if !weightable(qr.Question.Kind) {
			continue
		}
		qc := &questionCounts{respondents: map[outreach.Segment]int{}, chosen: make([]map[outreach.Segment]int, len(qr.Rows))}
		for i, r := range qr.Rows {
			qc.chosen[i] = map[outreach.Segment]int{}
			rowIndex[resultRowKey{qr.Question.ID, r.OptionID, r.Stance}] = i
		}
		counts[qr.Question.ID] = qc
	}
	for _, rc := range respondents {
		qc := counts[rc.QuestionID]
		if qc == nil {
			continue
		}
		if s, ok := b.segment(rc.AreaID, rc.AgeBand, rc.Gender); ok {
			qc.respondents[s] += rc.Count
		} else {
			qc.unknown += rc.Count
		}
	}
	for _, c := range res.Cells {
		qc := counts[c.QuestionID]
		i, ok := rowIndex[resultRowKey{c.QuestionID, c.OptionID.Int64, c.Stance.String}]
		if qc == nil || !ok {
			continue
		}
		if s, known := b.segment(c.AreaID, c.AgeBand, c.Gender); known {
			qc.chosen[i][s] += c.Count
		}
	}
	return counts
}

// resultRowKey names one row of one question: an option, or a stance.
type resultRowKey struct {
	question, option int64
	stance           string
}

// resultsFormat formats the weighted figures for the reader's language.
type resultsFormat struct {
	l       *locales.Localizer
	printer *message.Printer
}

// decimal formats x with exactly digits decimals (n_eff 63,1; 1,62).
func (f resultsFormat) decimal(x float64, digits int) string {
	return f.printer.Sprint(number.Decimal(x, number.MinFractionDigits(digits), number.MaxFractionDigits(digits)))
}

// fewer formats a count of people under the small-cell rule: counts from 1
// to MinCell-1 become msgFew ("fewer than 5 …"), others the plural message.
func (f resultsFormat) fewer(n int, msgFew, msg string) string {
	switch {
	case n == 0:
		return ""
	case n < store.MinCell:
		return f.l.T(msgFew, "Count", store.MinCell)
	}
	return f.l.N(msg, n)
}

// count formats a count of people in a cell of the estimate: from 1 to
// MinCell-1 it says "fewer than 5", as every new table does.
func (f resultsFormat) count(n int) string {
	if n > 0 && n < store.MinCell {
		return f.l.T("weighted_results.fewer_cell", "Count", store.MinCell)
	}
	return f.l.Number(n)
}

// addWeighting fills each choice, budget and statement question's weighted
// estimate (or the reason there is none). Questions nobody answered get none.
// questions are the page's, in the order of res.Questions.
func (h *Handler) addWeighting(ctx context.Context, municipalityID, consultationID int64, res *store.Results, questions []*resultsQuestion, f resultsFormat) error {
	pop, err := h.Store.NewestPopulation(ctx, municipalityID)
	if err != nil {
		return err
	}
	respondents, err := h.Store.RespondentCells(ctx, municipalityID, consultationID)
	if err != nil {
		return err
	}
	// Without figures every respondent is "unknown" to an empty base: the
	// page then gives that one reason, not a count of unknowns.
	base := &weightingBase{}
	if pop != nil {
		base = newWeightingBase(pop)
	}
	counts := base.weightingCounts(res, respondents)
	for i, qr := range res.Questions {
		qc := counts[qr.Question.ID]
		if qc == nil || qc.total() == 0 {
			continue
		}
		col := &weightedColumn{}
		questions[i].Weighted = col
		if pop == nil {
			col.Refused = f.l.T("weighted_results.refused_no_population")
			continue
		}
		col.Unknown = f.fewer(qc.unknown, "weighted_results.unknown_few", "weighted_results.unknown")
		est, err := base.estimate(qc)
		if err != nil {
			if col.Refused, err = base.refusal(f.l, err); err != nil {
				return fmt.Errorf("weight question %d: %w", qr.Question.ID, err)
			}
			continue
		}
		w := est.Weighting
		col.N, col.NEff, col.DesignEffect = f.l.Number(w.N), f.decimal(w.NEff, 1), f.decimal(w.DesignEffect, 2)
		col.Method = f.l.T("weighted_results.method_" + methodKey(w.Method))
		col.Trimmed = f.l.T("weighted_results.untrimmed")
		if w.TrimRounds > 0 {
			col.Trimmed = f.l.T("weighted_results.trimmed")
		}
		total := qc.total()
		for j, r := range qr.Rows {
			col.Rows = append(col.Rows, weightedRow{
				Answers:  f.count(r.Total),
				RawShare: percent(f.printer, float64(r.Total)/float64(total)),
				Share:    percent(f.printer, est.Shares[j]),
				Interval: f.l.T("weighted_results.interval", "Low", percent(f.printer, est.Low[j]), "High", percent(f.printer, est.High[j])),
			})
		}
	}
	return nil
}

// methodKey is the message suffix of a weighting method.
func methodKey(method string) string {
	if method == outreach.MethodPostStratification {
		return "post_stratification"
	}
	return "raking"
}

// refusal translates why the engine refused to weight: the group that did
// not answer or has no figures by its name (an area's name, not its code),
// never the engine's English message. Errors that are not the engine's
// *DataError are returned.
func (b *weightingBase) refusal(l *locales.Localizer, err error) (string, error) {
	var de *outreach.DataError
	if !errors.As(err, &de) {
		return "", err
	}
	group := func(prefix string) string {
		switch de.Variable {
		case outreach.Area:
			name := b.areaName[de.Category]
			if name == "" {
				name = de.Category
			}
			return l.T(prefix+"_area", "Area", name)
		case outreach.AgeBand:
			return l.T(prefix+"_age_band", "Band", de.Category)
		case outreach.Gender:
			if de.Category == "female" || de.Category == "male" {
				return l.T(prefix + "_" + de.Category)
			}
		}
		return ""
	}
	switch de.Kind {
	case outreach.ErrNoRespondents:
		if msg := group("weighted_results.refused_nobody_in"); msg != "" {
			return msg, nil
		}
		return l.T("weighted_results.refused_nobody"), nil
	case outreach.ErrEmpty:
		return l.T("weighted_results.refused_nobody"), nil
	case outreach.ErrNoPopulation:
		if msg := group("weighted_results.refused_no_figures"); msg != "" {
			return msg, nil
		}
		return l.T("weighted_results.refused_no_population"), nil
	case outreach.ErrLowNEff:
		return l.T("weighted_results.refused_low_neff", "Min", int(outreach.DefaultWeightOptions().MinNEff)), nil
	case outreach.ErrNotConverged:
		// Without a category it is the trimming that could not settle: some
		// groups would need weights above the cap.
		if de.Category == "" {
			return l.T("weighted_results.refused_trim", "Max", outreach.DefaultWeightOptions().TrimHigh), nil
		}
		return l.T("weighted_results.refused_not_converged"), nil
	}
	return l.T("weighted_results.refused_invalid"), nil
}
