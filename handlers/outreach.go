package handlers

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// planTopSegments is how many groups the outreach plan lists: enough to
// plan a season of outreach, few enough to read on a phone.
const planTopSegments = 15

// planMeetingMonths is how far back the plan counts the meetings held in
// each area, whatever the scope: it answers "when were we last there?".
const planMeetingMonths = 12

// planChannel is how many of a row's participants one channel reached.
type planChannel struct {
	Code  string
	Count shownFigure
}

// planRow is one area or one group (segment) of the outreach plan, with
// every figure formatted for the reader. Figures derived from a hidden
// count are empty.
type planRow struct {
	Rank         int
	AreaID       int64
	AreaName     string
	AgeBand      string // groups only
	Gender       string // groups only, when the figures have gender
	Residents    shownFigure
	Participants shownFigure
	// Ratio is the representation ratio in numbers ("0.50") and RatioWords
	// the same in plain language; both empty when hidden or undefined.
	Ratio, RatioWords string
	// Missing is the missing voices, rounded; "" when undefined.
	Missing string
	// Channels lists the channels that reached the row's participants
	// (those with a count or a hidden count); ChannelsHidden hides them all
	// because the participants are hidden.
	Channels       []planChannel
	ChannelsHidden bool
	// Meetings held in the area in the last planMeetingMonths, and the day
	// the last one started (areas only).
	Meetings    int
	LastMeeting string
	PlanURL     string
}

// outreachPlanPage is the data of the outreach plan.
type outreachPlanPage struct {
	ScopeForm scopeFormData
	// NoPopulation: no figures have been imported, nothing to compare with.
	NoPopulation bool
	// NoParticipants: nobody in a group took part in scope; the tables are
	// ranked by residents instead of missing voices.
	NoParticipants bool
	ReportURL      string
	AsOf, Source   string
	Residents      int
	// Participants is everyone in scope, placed in a group or not.
	Participants     shownFigure
	ParticipantsNone bool
	Rate             string // overall rate; "" when hidden
	Unknown          shownFigure
	UnknownNone      bool
	Areas            []planRow
	Segments         []planRow
	WithGender       bool
	// WholeMunicipalityMeetings were held for no area in particular.
	WholeMunicipalityMeetings int
	MeetingMonths             int
	MinCell                   int
}

// OutreachPlan shows officials where voices are missing for a scope: areas
// and groups ranked by missing voices with their representation, the
// channels that reached them and the meetings held there, each with a link
// that opens the meeting form for the area.
func (h *Handler) OutreachPlan(c *fiber.Ctx) error {
	m := municipality(c)
	ctx := c.UserContext()
	now := time.Now()
	p := h.page(c, nil)
	errs := newFieldErrors(p.L)
	scope, err := h.parseScope(c, errs, now)
	if err != nil {
		return fmt.Errorf("outreach plan scope: %w", err)
	}
	form, err := h.scopeForm(c)
	if err != nil {
		return fmt.Errorf("outreach plan scope form: %w", err)
	}
	p.Form, p.Errors = scope.Form, errs.errors
	status := fiber.StatusOK
	if errs.any() {
		status = fiber.StatusUnprocessableEntity
	}
	d := &outreachPlanPage{ScopeForm: form, MeetingMonths: planMeetingMonths, MinCell: store.MinCell,
		ReportURL: planReportURL(scope, errs)}
	p.Data = d

	in, err := h.loadEngineInput(ctx, m.ID, scope.Store)
	if errors.Is(err, store.ErrNoPopulation) {
		d.NoPopulation = true
		return h.render(c, status, "outreach", p)
	}
	if err != nil {
		return fmt.Errorf("outreach plan input: %w", err)
	}
	report, err := in.representativeness()
	switch {
	case errors.Is(err, outreach.ErrNoPopulation):
		// Figures were imported, but every count is zero.
		d.NoPopulation = true
		return h.render(c, status, "outreach", p)
	case errors.Is(err, outreach.ErrNoRespondents):
		d.NoParticipants, report = true, nil
	case err != nil:
		return fmt.Errorf("outreach plan: %w", err)
	}
	held, err := h.Store.MeetingsHeldByArea(ctx, m.ID, now.AddDate(0, -planMeetingMonths, 0), now)
	if err != nil {
		return fmt.Errorf("outreach plan meetings: %w", err)
	}
	buildOutreachPlan(d, p.L, in, report, held)
	return h.render(c, status, "outreach", p)
}

// planReportURL links to the participation report with the scope the plan
// shows: the fields the official typed, less those that were refused (the
// plan fell back to the default for them).
func planReportURL(scope engineScope, errs *fieldErrors) string {
	q := url.Values{}
	add := func(field string) {
		if v := scope.Form[field]; v != "" {
			q.Set(field, v)
		}
	}
	_, badPeriod := errs.errors["period"]
	_, badFrom := errs.errors["from"]
	_, badTo := errs.errors["to"]
	if !badPeriod && !badFrom && !badTo {
		add("period")
		if scope.Period == periodCustom {
			add("from")
			add("to")
		}
	}
	if scope.Consultation != 0 {
		q.Set("consultation", strconv.FormatInt(scope.Consultation, 10))
	}
	if len(q) == 0 {
		return "/reports/participation"
	}
	return "/reports/participation?" + q.Encode()
}

// planFormat formats the plan's figures for one reader.
type planFormat struct {
	l       *locales.Localizer
	printer *message.Printer
}

// count shows a count of people after the small-cell rule.
func (f planFormat) count(c store.Cell) shownFigure {
	if c.Suppressed {
		return shownFigure{Text: f.l.T("outreach_plan.hidden"), Hidden: true}
	}
	return shownFigure{Text: f.l.Number(c.N)}
}

// ratio is the representation ratio with two decimals, in the reader's
// digits.
func (f planFormat) ratio(r float64) string {
	return f.printer.Sprint(number.Decimal(r, number.MinFractionDigits(2), number.MaxFractionDigits(2)))
}

// ratioWords says a representation ratio in plain language, from "no
// voices yet" to "about 3 times its share".
func (f planFormat) ratioWords(r float64, participants int) string {
	key := "outreach_plan.ratio_"
	switch {
	case participants == 0:
		key += "none"
	case r < 0.15:
		key += "hardly"
	case r < 0.29:
		key += "quarter"
	case r < 0.42:
		key += "third"
	case r < 0.58:
		key += "half"
	case r < 0.71:
		key += "two_thirds"
	case r < 0.9:
		key += "three_quarters"
	case r < 1.1:
		key += "fair"
	case r < 1.75:
		key += "more"
	default:
		return f.l.T("outreach_plan.ratio_times", "Times", f.l.Number(int(math.Round(r))))
	}
	return f.l.T(key)
}

// missing shows missing voices rounded to whole people. A number from 1
// to 4 is said as "fewer than 5", so that the page never shows a count of
// people that small.
func (f planFormat) missing(e float64) string {
	n := int(math.Round(e))
	if n > 0 && n < store.MinCell {
		return f.l.T("outreach_plan.fewer_than", "Count", f.l.Number(store.MinCell))
	}
	return f.l.Number(n)
}

// missingApprox shows the missing voices of a row whose participants are
// hidden: to the nearest 10, so that the hidden count cannot be worked
// back from it.
func (f planFormat) missingApprox(e float64) string {
	n := int(math.Round(e/10)) * 10
	if n < 10 {
		return f.l.T("outreach_plan.fewer_than", "Count", f.l.Number(10))
	}
	return f.l.T("outreach_plan.about", "Count", f.l.Number(n))
}

// rate shows the overall participation rate as a percentage, with a
// second decimal when it is below 1 %. When some participant count is
// hidden, the rate must not give the exact number of participants away
// (total minus that number would reveal the hidden count): it is rounded so
// that half its last digit stands for at least MinCell residents, and left
// out ("") when even a whole percent is that precise.
func (f planFormat) rate(r float64, population int, hiding bool) string {
	digits := 1
	if r < 0.01 {
		digits = 2
	}
	if hiding {
		// Half a unit of the last shown digit, in residents.
		blur := func(d int) float64 { return 0.5 * math.Pow(10, -float64(d+2)) * float64(population) }
		for digits > 0 && blur(digits) < store.MinCell {
			digits--
		}
		if blur(digits) < store.MinCell {
			return ""
		}
	}
	return f.printer.Sprint(number.Percent(r, number.MaxFractionDigits(digits)))
}

// planFigures fills a row's representation and missing voices, hiding
// what a hidden count would give away. ranked is false when nobody took
// part, so that there is no rate to compare with.
func (f planFormat) planFigures(row *planRow, ratio, missing float64, participants int, ranked bool) {
	switch {
	case !ranked || row.Residents.Hidden:
	case row.Participants.Hidden:
		row.Missing = f.missingApprox(missing)
	default:
		row.Ratio, row.RatioWords = f.ratio(ratio), f.ratioWords(ratio, participants)
		row.Missing = f.missing(missing)
	}
}

// planChannels lists the channels of a row: those that reached someone,
// or whose count is hidden.
func (f planFormat) planChannels(row *planRow, cells []store.Cell) {
	if row.Participants.Hidden {
		row.ChannelsHidden = true
		return
	}
	for j, cell := range cells {
		if cell.Suppressed || cell.N > 0 {
			row.Channels = append(row.Channels, planChannel{Code: store.Channels[j], Count: f.count(cell)})
		}
	}
}

// buildOutreachPlan fills the page from the engine's input and report
// (nil when nobody took part) and the meetings held per area.
func buildOutreachPlan(d *outreachPlanPage, l *locales.Localizer, in *engineInput, report *outreach.Report, held []store.AreaMeetings) {
	f := planFormat{l: l, printer: message.NewPrinter(language.Make(l.Lang))}
	d.AsOf, d.Source, d.WithGender = l.Date(in.Population.AsOf), in.Population.Source, in.WithGender
	ranked := report != nil

	// Areas and groups in the order of the plan: by missing voices, or by
	// residents when nobody took part (missing voices are then all 0).
	var areas []outreach.AreaPriority
	var segments []outreach.Priority
	if ranked {
		areas, segments = outreach.RankAreas(report), outreach.RankSegments(report)
	} else {
		areas, segments = planByResidents(in.Cells)
	}
	for _, cell := range in.Cells {
		d.Residents += cell.Population
	}

	// The headline: everyone in scope, of whom some fit no group. The
	// participants per area and the unknown bucket add up to the total, so
	// they are suppressed together.
	total := in.Unknown.Total
	for _, a := range areas {
		total += a.Participants
	}
	d.ParticipantsNone = total == 0
	d.Participants = f.count(store.Cell{N: total, Suppressed: total > 0 && total < store.MinCell})
	participantCounts := make([][]int, 0, len(areas)+1)
	residentCounts := make([][]int, 0, len(areas))
	channelCounts := make([][]int, 0, len(areas))
	for _, a := range areas {
		participantCounts = append(participantCounts, []int{a.Participants})
		residentCounts = append(residentCounts, []int{a.Population})
		channelCounts = append(channelCounts, planAreaChannels(in, a.Area))
	}
	participantCells := store.SuppressTable(append(participantCounts, []int{in.Unknown.Total}))
	residentCells, channelCells := store.SuppressTable(residentCounts), store.SuppressTable(channelCounts)
	d.Unknown = f.count(participantCells[len(areas)][0])
	d.UnknownNone = in.Unknown.Total == 0
	hiding := false
	for _, row := range participantCells {
		hiding = hiding || row[0].Suppressed
	}
	if ranked && report.Participants >= store.MinCell {
		d.Rate = f.rate(report.OverallRate, report.Population, hiding)
	}

	meetings := map[int64]store.AreaMeetings{}
	for _, am := range held {
		if am.AreaID.Valid {
			meetings[am.AreaID.Int64] = am
		} else {
			d.WholeMunicipalityMeetings += am.Meetings
		}
	}
	for i, a := range areas {
		area := in.Areas[a.Area]
		row := planRow{Rank: i + 1, AreaID: area.ID, AreaName: area.Name,
			Residents: f.count(residentCells[i][0]), Participants: f.count(participantCells[i][0]),
			PlanURL: planMeetingURL(area.ID)}
		f.planFigures(&row, a.Ratio, a.MissingVoices, a.Participants, ranked)
		f.planChannels(&row, channelCells[i])
		if am, ok := meetings[area.ID]; ok {
			row.Meetings, row.LastMeeting = am.Meetings, l.Date(am.Last)
		}
		d.Areas = append(d.Areas, row)
	}
	d.Segments = planSegments(f, in, segments, ranked)
}

// planByResidents orders areas and groups by residents, most first (ties
// by area code and segment order), for a scope where nobody took part.
func planByResidents(cells []outreach.Cell) ([]outreach.AreaPriority, []outreach.Priority) {
	byArea := map[string]*outreach.AreaPriority{}
	var areas []outreach.AreaPriority
	segments := make([]outreach.Priority, 0, len(cells))
	for _, c := range cells {
		if byArea[c.Area] == nil {
			byArea[c.Area] = &outreach.AreaPriority{Area: c.Area}
		}
		byArea[c.Area].Population += c.Population
		segments = append(segments, outreach.Priority{Segment: c.Segment, Population: c.Population})
	}
	for _, a := range byArea {
		areas = append(areas, *a)
	}
	slices.SortFunc(areas, func(a, b outreach.AreaPriority) int {
		return cmp.Or(cmp.Compare(b.Population, a.Population), cmp.Compare(a.Area, b.Area))
	})
	slices.SortStableFunc(segments, func(a, b outreach.Priority) int {
		return cmp.Or(cmp.Compare(b.Population, a.Population), outreach.CompareSegments(a.Segment, b.Segment))
	})
	return areas, segments
}

// planAreaChannels sums, per channel, the participants of an area's groups.
func planAreaChannels(in *engineInput, area string) []int {
	sums := make([]int, len(store.Channels))
	for s, counts := range in.Channels {
		if s.Area != area {
			continue
		}
		for j, n := range counts {
			sums[j] += n
		}
	}
	return sums
}

// planSegments formats the groups with the most missing voices. The
// small-cell rule runs over every group first — as a table of areas by age
// group and gender, whose area totals the plan shows — so that a hidden
// group cannot be worked out from its area's total; then the top groups are
// kept.
func planSegments(f planFormat, in *engineInput, ranked []outreach.Priority, withRank bool) []planRow {
	var areaCodes []string
	var columns []outreach.Segment // age band and gender, without area
	areaIndex, columnIndex := map[string]int{}, map[outreach.Segment]int{}
	for _, p := range ranked {
		if _, ok := areaIndex[p.Area]; !ok {
			areaIndex[p.Area] = len(areaCodes)
			areaCodes = append(areaCodes, p.Area)
		}
		col := outreach.Segment{AgeBand: p.AgeBand, Gender: p.Gender}
		if _, ok := columnIndex[col]; !ok {
			columnIndex[col] = len(columns)
			columns = append(columns, col)
		}
	}
	grid := func(value func(outreach.Priority) int) [][]store.Cell {
		counts := make([][]int, len(areaCodes))
		for i := range counts {
			counts[i] = make([]int, len(columns))
		}
		for _, p := range ranked {
			counts[areaIndex[p.Area]][columnIndex[outreach.Segment{AgeBand: p.AgeBand, Gender: p.Gender}]] = value(p)
		}
		return store.SuppressTable(counts)
	}
	participants := grid(func(p outreach.Priority) int { return p.Participants })
	residents := grid(func(p outreach.Priority) int { return p.Population })
	channelCounts := make([][]int, len(ranked))
	for i, p := range ranked {
		channelCounts[i] = make([]int, len(store.Channels))
		copy(channelCounts[i], in.Channels[p.Segment])
	}
	channels := store.SuppressTable(channelCounts)

	top := ranked[:min(len(ranked), planTopSegments)]
	rows := make([]planRow, 0, len(top))
	for i, p := range top {
		area := in.Areas[p.Area]
		at := func(g [][]store.Cell) store.Cell {
			return g[areaIndex[p.Area]][columnIndex[outreach.Segment{AgeBand: p.AgeBand, Gender: p.Gender}]]
		}
		row := planRow{Rank: i + 1, AreaID: area.ID, AreaName: area.Name,
			AgeBand:   f.l.T("outreach_plan.age_group", "Band", p.AgeBand),
			Residents: f.count(at(residents)), Participants: f.count(at(participants)),
			PlanURL: planMeetingURL(area.ID)}
		if p.Gender != "" {
			row.Gender = f.l.T("outreach_plan.gender_" + p.Gender)
		}
		f.planFigures(&row, p.Ratio, p.MissingVoices, p.Participants, withRank)
		f.planChannels(&row, channels[i])
		rows = append(rows, row)
	}
	return rows
}

// planMeetingURL opens the meeting form with the area chosen.
func planMeetingURL(areaID int64) string {
	return "/meetings/new?area=" + strconv.FormatInt(areaID, 10)
}
