package handlers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// The participation report: who took part in a scope,
// compared with the population, for the council and the public record. One
// set of figures (reportFigures) feeds the page, the CSV and the JSON, so
// that all three show the same numbers and hide the same cells.
//
// Small cells: every table of counts goes through store.SuppressTable. A
// hidden count has no number anywhere, and neither have the figures made
// from it (shares, rates, ratios, and a variable's scores, which could be
// solved for a hidden category).

// reportFigures are the participation report's figures for one scope.
type reportFigures struct {
	Scope        engineScope
	Consultation string // the consultation's title; "" for all participation
	Generated    time.Time

	// NoPopulation is true when no population figures were imported; nothing
	// else is filled then.
	NoPopulation bool
	Population   *store.Population
	Residents    store.Cell

	// Participants is everyone in scope: Known fit a segment of the
	// population, Unknown do not (the unknown bucket). Participants is shown
	// only when it is at least store.MinCell.
	Participants, Known, Unknown store.Cell
	// Indicators are nil when they cannot be given: nobody with a known
	// group took part, or fewer than store.MinCell did.
	Indicators *reportIndicators
	Variables  []reportVariable
	// UnknownParts splits the unknown bucket: no area, an area but no age
	// group, area and age group but no gender the figures have.
	UnknownParts []reportCount
	// Channels counts participants per channel (one who used two channels
	// counts in both), in the order of store.Channels.
	Channels []reportCount
	// ChannelAreas has a row per area of the population and a last row for
	// participants whose group is not known; its cells follow Channels.
	ChannelAreas []reportChannelRow
	// Months counts distinct participants per calendar month of the scope,
	// months without participants included.
	Months []reportMonth
}

// reportIndicators are the engine's headline figures.
type reportIndicators struct {
	OverallRate   float64
	RIndicator    float64
	CV            float64
	Dissimilarity float64
}

// reportVariable is one dimension of the segments (area, age group, gender).
type reportVariable struct {
	Variable outreach.Variable
	// Scores is nil when a category's count is hidden: the scores could be
	// solved for it.
	Scores *outreach.VariableScore
	Groups []reportGroup
}

// reportGroup is one category of a variable. Shares, rate and ratio are nil
// when a count they come from is hidden, or when they are undefined.
type reportGroup struct {
	Code, Name       string // area code and name; the age group or gender for the others
	Residents        store.Cell
	Participants     store.Cell
	ParticipantShare *float64 // of the participants whose group is known
	PopulationShare  *float64
	Rate             *float64
	Ratio            *float64
}

// reportCount is a count with what it counts (a channel, a part of the
// unknown bucket).
type reportCount struct {
	Code string
	Cell store.Cell
}

// reportChannelRow is an area's participants per channel.
type reportChannelRow struct {
	Code, Name string // empty for the row of participants whose group is not known
	Cells      []store.Cell
}

// reportMonth is one calendar month of the trend.
type reportMonth struct {
	Month time.Time // the first day, in the municipality's time zone
	Cell  store.Cell
}

// reportUnknownParts are the parts of the unknown bucket, in report order.
var reportUnknownParts = []string{"area", "age_group", "gender"}

// loadReport reads the figures for the scope of the request's query. It
// returns the field errors of the scope form: with errors, the figures are
// those of the default scope.
func (h *Handler) loadReport(c *fiber.Ctx) (*reportFigures, *fieldErrors, error) {
	ctx := c.UserContext()
	m := municipality(c)
	e := newFieldErrors(h.localizer(c))
	now := time.Now()
	scope, err := h.parseScope(c, e, now)
	if err != nil {
		return nil, e, err
	}
	f := &reportFigures{Scope: scope, Generated: now}
	if scope.Consultation != 0 {
		cn, err := h.Store.ConsultationByID(ctx, m.ID, scope.Consultation)
		if err != nil {
			return nil, e, err
		}
		f.Consultation = localize(cn.Title, h.localizer(c).Lang, m.DefaultLocale).Text
	}
	in, err := h.loadEngineInput(ctx, m.ID, scope.Store)
	if errors.Is(err, store.ErrNoPopulation) {
		f.NoPopulation = true
		return f, e, nil
	}
	if err != nil {
		return nil, e, err
	}
	months, err := h.Store.ParticipantsByMonth(ctx, m, scope.Store)
	if err != nil {
		return nil, e, err
	}
	if err := f.fill(in, months, m.Location()); err != nil {
		return nil, e, err
	}
	return f, e, nil
}

// fill computes the figures from the engine's input.
func (f *reportFigures) fill(in *engineInput, months []store.MonthCount, loc *time.Location) error {
	f.Population = in.Population
	residents, known := 0, 0
	for _, cell := range in.Cells {
		residents += cell.Population
		known += cell.Participants
	}
	f.Residents = store.SuppressTable([][]int{{residents}})[0][0]
	// The total is shown when it reaches MinCell; then known and unknown
	// must not give each other away.
	top := store.SuppressTable([][]int{{known, in.Unknown.Total}})[0]
	f.Known, f.Unknown = top[0], top[1]
	f.Participants = store.SuppressTable([][]int{{known + in.Unknown.Total}})[0][0]

	rep, err := in.representativeness()
	switch {
	case errors.Is(err, outreach.ErrNoRespondents):
		rep = nil
	case err != nil:
		return err
	}
	if rep != nil {
		if !f.Known.Suppressed {
			f.Indicators = &reportIndicators{OverallRate: rep.OverallRate, RIndicator: rep.RIndicator,
				CV: rep.CV, Dissimilarity: rep.Dissimilarity}
		}
		for _, v := range outreach.Variables {
			if score, ok := rep.Variables[v]; ok {
				f.Variables = append(f.Variables, reportVariableOf(v, score, rep, in, f.Known.Suppressed))
			}
		}
	}

	parts := []int{in.Unknown.Area, in.Unknown.AgeBand, in.Unknown.Gender}
	for i, row := range store.SuppressTable(column(parts)) {
		cell := row[0]
		if f.Unknown.Suppressed {
			cell = store.Cell{Suppressed: cell.Suppressed || parts[i] > 0}
		}
		f.UnknownParts = append(f.UnknownParts, reportCount{Code: reportUnknownParts[i], Cell: cell})
	}

	f.fillChannels(in)
	f.fillMonths(months, loc)
	return nil
}

// column turns counts into a one-column table for store.SuppressTable.
func column(counts []int) [][]int {
	t := make([][]int, len(counts))
	for i, n := range counts {
		t[i] = []int{n}
	}
	return t
}

// suppressAlone hides a count from 1 to MinCell-1 that is not part of a
// total anyone is shown (a month, a channel: a participant may count in
// several), so it needs no second hidden cell.
func suppressAlone(n int) store.Cell { return store.SuppressTable([][]int{{n}})[0][0] }

// reportVariableOf sums the report's segments into the categories of one
// variable. knownHidden tells that the number of participants whose group is
// known is hidden; at least one category is hidden then, so that the shown
// categories do not add up to it.
func reportVariableOf(v outreach.Variable, score outreach.VariableScore, rep *outreach.Report, in *engineInput, knownHidden bool) reportVariable {
	type sums struct{ pop, part int }
	byCode := map[string]*sums{}
	var codes []string
	for _, s := range rep.Segments {
		code := s.Of(v)
		if byCode[code] == nil {
			byCode[code] = &sums{}
			codes = append(codes, code)
		}
		byCode[code].pop += s.Population
		byCode[code].part += s.Participants
	}
	if v == outreach.AgeBand {
		sort.SliceStable(codes, func(i, j int) bool { return outreach.AgeBandLess(codes[i], codes[j]) })
	} else {
		sort.Strings(codes)
	}
	pops, parts := make([]int, len(codes)), make([]int, len(codes))
	for i, code := range codes {
		pops[i], parts[i] = byCode[code].pop, byCode[code].part
	}
	popCells := store.SuppressTable(column(pops))
	partCells := store.SuppressTable(column(parts))
	if knownHidden {
		hideSmallestShown(partCells, parts)
	}
	out := reportVariable{Variable: v}
	hidden := false
	for i, code := range codes {
		g := reportGroup{Code: code, Name: code, Residents: popCells[i][0], Participants: partCells[i][0]}
		if v == outreach.Area {
			g.Name = in.Areas[code].Name
		}
		hidden = hidden || g.Residents.Suppressed || g.Participants.Suppressed
		if !g.Participants.Suppressed && rep.Participants > 0 {
			g.ParticipantShare = ptr(float64(parts[i]) / float64(rep.Participants))
		}
		if !g.Residents.Suppressed && rep.Population > 0 {
			g.PopulationShare = ptr(float64(pops[i]) / float64(rep.Population))
		}
		if !g.Residents.Suppressed && !g.Participants.Suppressed && pops[i] > 0 {
			rate := float64(parts[i]) / float64(pops[i])
			g.Rate = ptr(rate)
			if rep.OverallRate > 0 {
				g.Ratio = ptr(rate / rep.OverallRate)
			}
		}
		out.Groups = append(out.Groups, g)
	}
	if !hidden {
		out.Scores = &score
	}
	return out
}

// hideSmallestShown hides the smallest non-zero shown cell of a column when
// none is hidden yet.
func hideSmallestShown(cells [][]store.Cell, counts []int) {
	smallest := -1
	for i, row := range cells {
		if row[0].Suppressed {
			return
		}
		if counts[i] > 0 && (smallest < 0 || counts[i] < counts[smallest]) {
			smallest = i
		}
	}
	if smallest >= 0 {
		cells[smallest][0] = store.Cell{Suppressed: true}
	}
}

func ptr(f float64) *float64 { return &f }

// fillChannels counts participants per channel, in total and per area.
func (f *reportFigures) fillChannels(in *engineInput) {
	var areaCodes []string
	for _, cell := range in.Cells {
		if len(areaCodes) == 0 || areaCodes[len(areaCodes)-1] != cell.Area {
			areaCodes = append(areaCodes, cell.Area)
		}
	}
	sort.Strings(areaCodes)
	areaCodes = compactStrings(areaCodes)
	rowOf := make(map[string]int, len(areaCodes))
	counts := make([][]int, len(areaCodes)+1)
	for i, code := range areaCodes {
		rowOf[code] = i
		counts[i] = make([]int, len(store.Channels))
	}
	counts[len(areaCodes)] = append([]int(nil), in.Unknown.Channels...)
	for s, byChannel := range in.Channels {
		row := counts[rowOf[s.Area]]
		for j, n := range byChannel {
			row[j] += n
		}
	}
	totals := make([]int, len(store.Channels))
	for _, row := range counts {
		for j, n := range row {
			totals[j] += n
		}
	}
	for j, ch := range store.Channels {
		f.Channels = append(f.Channels, reportCount{Code: ch, Cell: suppressAlone(totals[j])})
	}
	cells := store.SuppressTable(counts)
	for i, row := range cells {
		r := reportChannelRow{Cells: row}
		if i < len(areaCodes) {
			r.Code, r.Name = areaCodes[i], in.Areas[areaCodes[i]].Name
		}
		f.ChannelAreas = append(f.ChannelAreas, r)
	}
}

// compactStrings drops repeated neighbours of a sorted list.
func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// fillMonths lists every month of the scope with its participants, 0 for
// months without any.
func (f *reportFigures) fillMonths(months []store.MonthCount, loc *time.Location) {
	byMonth := make(map[string]int, len(months))
	for _, mc := range months {
		byMonth[mc.Month.In(loc).Format("2006-01")] = mc.Participants
	}
	from := f.Scope.From.In(loc)
	last := f.Scope.To.Add(-time.Nanosecond).In(loc)
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, loc); !m.After(last); m = m.AddDate(0, 1, 0) {
		f.Months = append(f.Months, reportMonth{Month: m, Cell: suppressAlone(byMonth[m.Format("2006-01")])})
	}
}

// LastDay is the last day the scope includes.
func (f *reportFigures) LastDay() time.Time { return f.Scope.To.Add(-time.Nanosecond) }

// reportPage is the data of the report page, formatted for the reader.
type reportPage struct {
	F         *reportFigures
	ScopeForm scopeFormData
	// Query is the scope as a query string, for the download links.
	Query        string
	From, To     string // the period's first and last day
	Generated    string
	PopulationOn string
	Residents    shownFigure
	Participants shownFigure
	Known        shownFigure
	Unknown      shownFigure
	Indicators   []reportIndicatorView
	Variables    []reportVariableView
	UnknownParts []reportCountView
	Channels     []reportCountView
	ChannelAreas []reportChannelRowView
	Months       []reportMonthView
	MonthChart   template.HTML
	MinCell      int
	// Nobody is true when nobody took part in scope; KnownNone when
	// people took part but none of them has a group the figures have.
	Nobody, KnownNone bool
}

type reportIndicatorView struct {
	Key, Value string
}

type reportVariableView struct {
	Key      string // area, age_group, gender
	Groups   []reportGroupView
	Scores   []reportIndicatorView // nil when hidden
	Chart    template.HTML
	ChartID  string
	Hidden   bool // some counts are hidden
	Variable outreach.Variable
}

type reportGroupView struct {
	Name                                           string
	Residents, Participants                        shownFigure
	ParticipantShare, PopulationShare, Rate, Ratio shownFigure
}

type reportCountView struct {
	Key   string
	Count shownFigure
}

type reportChannelRowView struct {
	Name  string // "" for the row of participants whose group is not known
	Cells []shownFigure
}

type reportMonthView struct {
	Label, ISO string
	Count      shownFigure
}

// reportVariableKey names a variable in messages and exports.
func reportVariableKey(v outreach.Variable) string {
	if v == outreach.AgeBand {
		return "age_group"
	}
	return string(v)
}

// reportFormatter formats the report's figures in the reader's language.
type reportFormatter struct {
	l       *locales.Localizer
	printer *message.Printer
}

func newReportFormatter(l *locales.Localizer) reportFormatter {
	return reportFormatter{l: l, printer: message.NewPrinter(language.Make(l.Lang))}
}

func (r reportFormatter) count(c store.Cell) shownFigure {
	if c.Suppressed {
		return shownFigure{Text: r.l.T("reports.hidden_cell", "Count", store.MinCell), Hidden: true}
	}
	return shownFigure{Text: r.l.Number(c.N)}
}

func (r reportFormatter) share(f *float64) shownFigure {
	if f == nil {
		return shownFigure{Text: r.l.T("reports.derived_hidden"), Hidden: true}
	}
	return shownFigure{Text: percent(r.printer, *f)}
}

func (r reportFormatter) decimal(f float64) string { return r.decimals(f, 2) }

// decimals formats f with exactly n decimals.
func (r reportFormatter) decimals(f float64, n int) string {
	return r.printer.Sprint(number.Decimal(f, number.MinFractionDigits(n), number.MaxFractionDigits(n)))
}

func (r reportFormatter) ratio(f *float64) shownFigure {
	if f == nil {
		return shownFigure{Text: r.l.T("reports.derived_hidden"), Hidden: true}
	}
	return shownFigure{Text: r.decimal(*f)}
}

// groupName is a category as the reader sees it.
func (r reportFormatter) groupName(v outreach.Variable, g reportGroup) string {
	if v == outreach.Gender {
		return r.l.T("reports.gender_" + g.Code)
	}
	return g.Name
}

// newReportPage formats the figures.
func newReportPage(l *locales.Localizer, f *reportFigures, form scopeFormData) *reportPage {
	r := newReportFormatter(l)
	d := &reportPage{F: f, ScopeForm: form, Query: reportQuery(f.Scope), MinCell: store.MinCell,
		From: l.Date(f.Scope.From), To: l.Date(f.LastDay()), Generated: l.Date(f.Generated)}
	if f.NoPopulation {
		return d
	}
	d.PopulationOn = l.Date(f.Population.AsOf)
	d.Residents, d.Participants = r.count(f.Residents), r.count(f.Participants)
	d.Known, d.Unknown = r.count(f.Known), r.count(f.Unknown)
	d.Nobody = !f.Participants.Suppressed && f.Participants.N == 0
	d.KnownNone = !d.Nobody && len(f.Variables) == 0
	if in := f.Indicators; in != nil {
		d.Indicators = []reportIndicatorView{
			{Key: "overall_rate", Value: percent(r.printer, in.OverallRate)},
			// R lies close to 1 when few take part, so it needs three decimals.
			{Key: "r_indicator", Value: r.decimals(in.RIndicator, 3)},
			{Key: "cv", Value: r.decimal(in.CV)},
			{Key: "dissimilarity", Value: percent(r.printer, in.Dissimilarity)},
		}
	}
	for _, v := range f.Variables {
		vv := reportVariableView{Key: reportVariableKey(v.Variable), Variable: v.Variable,
			ChartID: "chart-" + reportVariableKey(v.Variable)}
		for _, g := range v.Groups {
			vv.Groups = append(vv.Groups, reportGroupView{
				Name: r.groupName(v.Variable, g), Residents: r.count(g.Residents), Participants: r.count(g.Participants),
				ParticipantShare: r.share(g.ParticipantShare), PopulationShare: r.share(g.PopulationShare),
				Rate: r.share(g.Rate), Ratio: r.ratio(g.Ratio),
			})
			vv.Hidden = vv.Hidden || g.Residents.Suppressed || g.Participants.Suppressed
		}
		if s := v.Scores; s != nil {
			vv.Scores = []reportIndicatorView{
				// Partial indicators are of the size of the rates themselves.
				{Key: "partial_r", Value: r.decimals(s.PartialR, 4)},
				{Key: "score_minmax", Value: r.decimal(s.ScoreMinMax)},
				{Key: "similarity", Value: percent(r.printer, s.Similarity)},
			}
		}
		vv.Chart = shareChart(l, r, vv.ChartID, v, vv.Groups)
		d.Variables = append(d.Variables, vv)
	}
	for _, p := range f.UnknownParts {
		d.UnknownParts = append(d.UnknownParts, reportCountView{Key: p.Code, Count: r.count(p.Cell)})
	}
	for _, ch := range f.Channels {
		d.Channels = append(d.Channels, reportCountView{Key: ch.Code, Count: r.count(ch.Cell)})
	}
	for _, row := range f.ChannelAreas {
		rv := reportChannelRowView{Name: row.Name}
		for _, c := range row.Cells {
			rv.Cells = append(rv.Cells, r.count(c))
		}
		d.ChannelAreas = append(d.ChannelAreas, rv)
	}
	for _, m := range f.Months {
		d.Months = append(d.Months, reportMonthView{Label: reportMonthLabel(l, m.Month), ISO: m.Month.Format("2006-01"),
			Count: r.count(m.Cell)})
	}
	if !d.Nobody {
		d.MonthChart = monthChart(l, "chart-months", f.Months)
	}
	return d
}

// reportMonthLabel names a month with its year ("mars 2026").
func reportMonthLabel(l *locales.Localizer, m time.Time) string {
	return l.T("reports.month_label", "Month", l.T(fmt.Sprintf("month.m%d", int(m.Month()))), "Year", m.Year())
}

// reportQuery is the scope as the query string of the download links.
func reportQuery(sc engineScope) string {
	q := url.Values{}
	for _, name := range scopeFields {
		if v := sc.Form[name]; v != "" {
			q.Set(name, v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// ParticipationReport shows the participation report for the scope in the
// query. A scope with errors is shown again with the messages (422), above
// the figures of the default scope.
func (h *Handler) ParticipationReport(c *fiber.Ctx) error {
	f, e, err := h.loadReport(c)
	if err != nil {
		return err
	}
	form, err := h.scopeForm(c)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	p.Form, p.Errors = f.Scope.Form, e.errors
	d := newReportPage(p.L, f, form)
	p.Data = d
	status := fiber.StatusOK
	if e.any() {
		// The figures are those of the default scope: so are the downloads.
		d.Query = ""
		status = fiber.StatusUnprocessableEntity
	}
	return h.render(c, status, "report", p)
}

// reportCSVHeader are the columns of the CSV export (docs/reports.md).
var reportCSVHeader = []string{"section", "group", "channel", "residents", "participants",
	"participant_share", "population_share", "rate", "ratio", "value", "suppressed"}

// reportNumber writes a share, rate or ratio for machines: a dot, six decimals.
func reportNumber(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 6, 64)
}

// reportCSVRow is one row of the CSV export. Counts that are hidden are
// empty and mark the row suppressed.
type reportCSVRow struct {
	section, group, channel           string
	residents, participants           *store.Cell
	participantShare, populationShare *float64
	rate, ratio, value                *float64
}

func (r reportCSVRow) strings() []string {
	suppressed := false
	count := func(c *store.Cell) string {
		switch {
		case c == nil:
			return ""
		case c.Suppressed:
			suppressed = true
			return ""
		}
		return strconv.Itoa(c.N)
	}
	residents, participants := count(r.residents), count(r.participants)
	return []string{r.section, csvText(r.group), r.channel, residents, participants,
		reportNumber(r.participantShare), reportNumber(r.populationShare), reportNumber(r.rate),
		reportNumber(r.ratio), reportNumber(r.value), strconv.FormatBool(suppressed)}
}

// csvRows lists the figures one per row, in the order of the page.
func (f *reportFigures) csvRows() [][]string {
	rows := [][]string{reportCSVHeader}
	add := func(r reportCSVRow) { rows = append(rows, r.strings()) }
	if f.NoPopulation {
		return rows
	}
	var overall *float64
	if f.Indicators != nil {
		overall = &f.Indicators.OverallRate
	}
	add(reportCSVRow{section: "total", group: "all", residents: &f.Residents, participants: &f.Participants})
	add(reportCSVRow{section: "total", group: "known", residents: &f.Residents, participants: &f.Known, rate: overall})
	add(reportCSVRow{section: "total", group: "unknown", participants: &f.Unknown})
	if in := f.Indicators; in != nil {
		add(reportCSVRow{section: "indicator", group: "r_indicator", value: &in.RIndicator})
		add(reportCSVRow{section: "indicator", group: "cv", value: &in.CV})
		add(reportCSVRow{section: "indicator", group: "dissimilarity", value: &in.Dissimilarity})
	}
	for _, v := range f.Variables {
		key := reportVariableKey(v.Variable)
		if s := v.Scores; s != nil {
			add(reportCSVRow{section: "indicator", group: key + ".partial_r", value: &s.PartialR})
			add(reportCSVRow{section: "indicator", group: key + ".score_minmax", value: &s.ScoreMinMax})
			add(reportCSVRow{section: "indicator", group: key + ".similarity", value: &s.Similarity})
		}
		for _, g := range v.Groups {
			add(reportCSVRow{section: key, group: g.Name, residents: &g.Residents, participants: &g.Participants,
				participantShare: g.ParticipantShare, populationShare: g.PopulationShare, rate: g.Rate, ratio: g.Ratio})
		}
	}
	for _, p := range f.UnknownParts {
		add(reportCSVRow{section: "unknown", group: p.Code, participants: &p.Cell})
	}
	for _, ch := range f.Channels {
		add(reportCSVRow{section: "channel", group: ch.Code, participants: &ch.Cell})
	}
	for _, row := range f.ChannelAreas {
		group := row.Name
		if row.Code == "" {
			group = "unknown"
		}
		for j, ch := range store.Channels {
			add(reportCSVRow{section: "channel_area", group: group, channel: ch, participants: &row.Cells[j]})
		}
	}
	for _, m := range f.Months {
		add(reportCSVRow{section: "month", group: m.Month.Format("2006-01"), participants: &m.Cell})
	}
	return rows
}

// reportFileName is the dated name of a download: participation-report-
// 2026-11-30.csv.
func reportFileName(m *store.Municipality, f *reportFigures, ext string) string {
	return fmt.Sprintf("participation-report-%s-%s.%s", m.Slug, f.Generated.In(m.Location()).Format(time.DateOnly), ext)
}

// ParticipationReportCSV exports the report's figures as CSV, one figure
// per row, with the same scope and the same hidden cells as the page.
// A scope with errors gets 422 and the messages as text.
func (h *Handler) ParticipationReportCSV(c *fiber.Ctx) error {
	f, e, err := h.loadReport(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if e.any() {
		return c.Status(fiber.StatusUnprocessableEntity).SendString(strings.Join(sortedMessages(e.errors), "\n") + "\n")
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	if err := csv.NewWriter(&buf).WriteAll(f.csvRows()); err != nil {
		return fmt.Errorf("write participation report csv: %w", err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, reportFileName(municipality(c), f, "csv")))
	return c.Send(buf.Bytes())
}

// sortedMessages lists field messages in field order, for plain-text answers.
func sortedMessages(errs map[string]string) []string {
	var out []string
	for _, field := range scopeFields {
		if msg, ok := errs[field]; ok {
			out = append(out, field+": "+msg)
		}
	}
	return out
}

// reportJSONCount is a count in the JSON export: a hidden count has no
// number, only "suppressed": true.
type reportJSONCount struct {
	Count      *int `json:"count,omitempty"`
	Suppressed bool `json:"suppressed"`
}

func jsonCount(c store.Cell) reportJSONCount {
	if c.Suppressed {
		return reportJSONCount{Suppressed: true}
	}
	n := c.N
	return reportJSONCount{Count: &n}
}

type reportJSON struct {
	Municipality string                     `json:"municipality"`
	GeneratedAt  time.Time                  `json:"generated_at"`
	Scope        reportJSONScope            `json:"scope"`
	MinCell      int                        `json:"min_cell"`
	Population   *reportJSONPopulation      `json:"population"`
	Participants *reportJSONTotals          `json:"participants"`
	Indicators   *reportJSONIndicators      `json:"indicators"`
	Variables    []reportJSONVariable       `json:"variables"`
	Unknown      map[string]reportJSONCount `json:"unknown"`
	Channels     []reportJSONChannel        `json:"channels"`
	ChannelAreas []reportJSONChannel        `json:"channels_by_area"`
	Months       []reportJSONMonth          `json:"months"`
}

type reportJSONScope struct {
	Period         string `json:"period"`
	From           string `json:"from"`
	To             string `json:"to"`
	ConsultationID *int64 `json:"consultation_id"`
	Consultation   string `json:"consultation,omitempty"`
}

type reportJSONPopulation struct {
	AsOf      string          `json:"as_of"`
	Source    string          `json:"source"`
	Residents reportJSONCount `json:"residents"`
}

type reportJSONTotals struct {
	Total   reportJSONCount `json:"total"`
	Known   reportJSONCount `json:"known"`
	Unknown reportJSONCount `json:"unknown"`
}

type reportJSONIndicators struct {
	OverallRate   float64 `json:"overall_rate"`
	RIndicator    float64 `json:"r_indicator"`
	CV            float64 `json:"cv"`
	Dissimilarity float64 `json:"dissimilarity"`
}

type reportJSONVariable struct {
	Variable    string            `json:"variable"`
	PartialR    *float64          `json:"partial_r"`
	ScoreMinMax *float64          `json:"score_minmax"`
	Similarity  *float64          `json:"similarity"`
	Groups      []reportJSONGroup `json:"groups"`
}

type reportJSONGroup struct {
	Code             string          `json:"code"`
	Name             string          `json:"name"`
	Residents        reportJSONCount `json:"residents"`
	Participants     reportJSONCount `json:"participants"`
	ParticipantShare *float64        `json:"participant_share"`
	PopulationShare  *float64        `json:"population_share"`
	Rate             *float64        `json:"rate"`
	Ratio            *float64        `json:"ratio"`
}

type reportJSONChannel struct {
	Channel      string          `json:"channel"`
	Area         *string         `json:"area,omitempty"`
	AreaName     *string         `json:"area_name,omitempty"`
	Participants reportJSONCount `json:"participants"`
}

type reportJSONMonth struct {
	Month        string          `json:"month"`
	Participants reportJSONCount `json:"participants"`
}

// json lays the figures out for the JSON export (docs/reports.md).
func (f *reportFigures) json(m *store.Municipality) reportJSON {
	loc := m.Location()
	out := reportJSON{
		Municipality: m.Name, GeneratedAt: f.Generated.UTC(), MinCell: store.MinCell,
		Scope: reportJSONScope{Period: f.Scope.Period, From: f.Scope.From.In(loc).Format(time.DateOnly),
			To: f.LastDay().In(loc).Format(time.DateOnly), Consultation: f.Consultation},
		Variables: []reportJSONVariable{}, Channels: []reportJSONChannel{}, ChannelAreas: []reportJSONChannel{},
		Months: []reportJSONMonth{}, Unknown: map[string]reportJSONCount{},
	}
	if f.Scope.Consultation != 0 {
		id := f.Scope.Consultation
		out.Scope.ConsultationID = &id
	}
	if f.NoPopulation {
		return out
	}
	out.Population = &reportJSONPopulation{AsOf: f.Population.AsOf.Format(time.DateOnly), Source: f.Population.Source,
		Residents: jsonCount(f.Residents)}
	out.Participants = &reportJSONTotals{Total: jsonCount(f.Participants), Known: jsonCount(f.Known), Unknown: jsonCount(f.Unknown)}
	if in := f.Indicators; in != nil {
		out.Indicators = &reportJSONIndicators{OverallRate: in.OverallRate, RIndicator: in.RIndicator, CV: in.CV, Dissimilarity: in.Dissimilarity}
	}
	for _, v := range f.Variables {
		jv := reportJSONVariable{Variable: reportVariableKey(v.Variable), Groups: []reportJSONGroup{}}
		if s := v.Scores; s != nil {
			jv.PartialR, jv.ScoreMinMax, jv.Similarity = ptr(s.PartialR), ptr(s.ScoreMinMax), ptr(s.Similarity)
		}
		for _, g := range v.Groups {
			jv.Groups = append(jv.Groups, reportJSONGroup{Code: g.Code, Name: g.Name,
				Residents: jsonCount(g.Residents), Participants: jsonCount(g.Participants),
				ParticipantShare: g.ParticipantShare, PopulationShare: g.PopulationShare, Rate: g.Rate, Ratio: g.Ratio})
		}
		out.Variables = append(out.Variables, jv)
	}
	for _, p := range f.UnknownParts {
		out.Unknown[p.Code] = jsonCount(p.Cell)
	}
	out.Unknown["total"] = jsonCount(f.Unknown)
	for _, ch := range f.Channels {
		out.Channels = append(out.Channels, reportJSONChannel{Channel: ch.Code, Participants: jsonCount(ch.Cell)})
	}
	for _, row := range f.ChannelAreas {
		code, name := row.Code, row.Name
		for j, ch := range store.Channels {
			jc := reportJSONChannel{Channel: ch, Participants: jsonCount(row.Cells[j])}
			if code != "" {
				jc.Area, jc.AreaName = &code, &name
			}
			out.ChannelAreas = append(out.ChannelAreas, jc)
		}
	}
	for _, mo := range f.Months {
		out.Months = append(out.Months, reportJSONMonth{Month: mo.Month.Format("2006-01"), Participants: jsonCount(mo.Cell)})
	}
	return out
}

// ParticipationReportJSON exports the report's figures as JSON, with the
// same scope and the same hidden cells as the page. A scope with errors gets
// 422 and {"errors": {field: message}}.
func (h *Handler) ParticipationReportJSON(c *fiber.Ctx) error {
	f, e, err := h.loadReport(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if e.any() {
		return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"errors": e.errors})
	}
	m := municipality(c)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, reportFileName(m, f, "json")))
	return c.JSON(f.json(m))
}
