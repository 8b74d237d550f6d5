package handlers

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// The report's charts are inline SVG drawn here, not in templates, because
// they are geometry. They carry no style attribute and no script (the
// content security policy forbids both): colours come from classes in
// app.css ("Participation report" section), the hatching of population bars
// from a pattern. Each chart is an image (role="img") named by the visible
// title beside it and described as having the same figures as the table
// below, which is its text alternative; the SVG's own texts repeat the
// values, so colour never carries meaning alone.

// Geometry of the share chart, in SVG user units.
const (
	chartWidth      = 640
	shareLabelWidth = 170
	shareBarMax     = 380
	shareRowHeight  = 44
	shareTop        = 34
)

// svgText escapes a text for SVG.
func svgText(s string) string { return template.HTMLEscapeString(s) }

// chartOpen starts a chart's svg element.
func chartOpen(b *strings.Builder, id string, height int) {
	fmt.Fprintf(b, `<svg class="report-chart" id="%s" role="img" aria-labelledby="%s-title" aria-describedby="%s-desc" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" focusable="false">`,
		id, id, id, chartWidth, height)
}

// shareChart compares, per category of a variable, the share of
// participants (a solid bar) with the share of the population (a hatched
// bar). A hidden share draws no bar and says so in words.
func shareChart(l *locales.Localizer, r reportFormatter, id string, v reportVariable, groups []reportGroupView) template.HTML {
	maxShare := 0.0
	for _, g := range v.Groups {
		for _, s := range []*float64{g.ParticipantShare, g.PopulationShare} {
			if s != nil && *s > maxShare {
				maxShare = *s
			}
		}
	}
	// The scale ends at the next 10 %, so the bars fill the width.
	scaleEnd := math.Max(0.1, math.Ceil(maxShare*10-1e-9)/10)
	height := shareTop + len(groups)*shareRowHeight + 24
	var b strings.Builder
	chartOpen(&b, id, height)
	fmt.Fprintf(&b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="chart-hatch-ground"/><line x1="0" y1="0" x2="0" y2="6" class="chart-hatch-line"/></pattern></defs>`, id)
	// Legend: a sample of each bar with its name.
	fmt.Fprintf(&b, `<rect x="0" y="6" width="14" height="14" class="chart-bar-participants"/><text x="20" y="18" class="chart-text">%s</text>`,
		svgText(l.T("reports.participant_share")))
	fmt.Fprintf(&b, `<rect x="300" y="6" width="14" height="14" fill="url(#%s-hatch)" class="chart-bar-population"/><text x="320" y="18" class="chart-text">%s</text>`,
		id, svgText(l.T("reports.population_share")))
	scale := func(share float64) float64 { return share / scaleEnd * shareBarMax }
	for i, g := range v.Groups {
		view := groups[i]
		y := shareTop + i*shareRowHeight
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-text chart-label" text-anchor="end">%s</text>`,
			shareLabelWidth-8, y+25, svgText(truncateLabel(view.Name, 22)))
		bar := func(share *float64, text shownFigure, dy int, class, fill string) {
			if share == nil {
				fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-text chart-value">%s</text>`, shareLabelWidth+4, y+dy+11, svgText(text.Text))
				return
			}
			w := scale(*share)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="14" class="%s"%s/>`, shareLabelWidth, y+dy, w, class, fill)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="chart-text chart-value">%s</text>`, float64(shareLabelWidth)+w+6, y+dy+12, svgText(text.Text))
		}
		bar(g.ParticipantShare, hiddenAsWords(l, view.ParticipantShare), 4, "chart-bar-participants", "")
		bar(g.PopulationShare, hiddenAsWords(l, view.PopulationShare), 21, "chart-bar-population", fmt.Sprintf(` fill="url(#%s-hatch)"`, id))
	}
	axisY := shareTop + len(groups)*shareRowHeight + 2
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="chart-axis"/>`, shareLabelWidth, shareTop, shareLabelWidth, axisY)
	for _, tick := range []float64{0, scaleEnd / 2, scaleEnd} {
		x := float64(shareLabelWidth) + scale(tick)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="chart-text chart-tick" text-anchor="middle">%s</text>`, x, axisY+16, svgText(percent(r.printer, tick)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through svgText
}

// hiddenAsWords replaces the dash of a hidden share by words, for the chart.
func hiddenAsWords(l *locales.Localizer, t shownFigure) shownFigure {
	if t.Hidden {
		return shownFigure{Text: l.T("reports.chart_hidden"), Hidden: true}
	}
	return t
}

// truncateLabel shortens a long category name to n characters; the table
// below has it in full.
func truncateLabel(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Geometry of the month chart.
const (
	monthTop    = 12
	monthPlot   = 160
	monthLeft   = 48
	monthHeight = monthTop + monthPlot + 44
)

// monthChart draws distinct participants per month as columns. A hidden
// month has no column but a short "fewer than 5" mark.
func monthChart(l *locales.Localizer, id string, months []reportMonth) template.HTML {
	if len(months) == 0 {
		return ""
	}
	maxN := 0
	for _, m := range months {
		if !m.Cell.Suppressed && m.Cell.N > maxN {
			maxN = m.Cell.N
		}
	}
	top := niceCeiling(maxN)
	slot := float64(chartWidth-monthLeft-8) / float64(len(months))
	every := int(math.Ceil(float64(len(months)) / 12)) // at most about 12 labels
	var b strings.Builder
	chartOpen(&b, id, monthHeight)
	base := monthTop + monthPlot
	lastYear := 0 // the year is written under the first label of each year
	for _, tick := range []int{0, top / 2, top} {
		y := float64(base) - float64(tick)/float64(top)*monthPlot
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="chart-grid"/>`, monthLeft, y, chartWidth-8, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" class="chart-text chart-tick" text-anchor="end">%s</text>`, monthLeft-6, y+4, svgText(l.Number(tick)))
	}
	for i, m := range months {
		x := float64(monthLeft) + float64(i)*slot
		w := math.Max(1, slot*0.7)
		cx := x + slot/2
		switch {
		case m.Cell.Suppressed:
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="chart-text chart-tick" text-anchor="middle">%s</text>`, cx, base-4, svgText(l.T("reports.chart_hidden_short", "Count", store.MinCell)))
		case m.Cell.N > 0:
			h := float64(m.Cell.N) / float64(top) * monthPlot
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="chart-bar-participants"/>`, x+(slot-w)/2, float64(base)-h, w, h)
		}
		if i%every == 0 {
			name := l.T(fmt.Sprintf("month.m%d", int(m.Month.Month())))
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="chart-text chart-tick" text-anchor="middle">%s</text>`, cx, base+16, svgText(string([]rune(name)[:min(3, utf8.RuneCountInString(name))])))
			if m.Month.Year() != lastYear {
				lastYear = m.Month.Year()
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="chart-text chart-tick" text-anchor="middle">%d</text>`, cx, base+32, m.Month.Year())
			}
		}
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="chart-axis"/>`, monthLeft, base, chartWidth-8, base)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through svgText
}

// niceCeiling rounds n up to 1, 2 or 5 times a power of ten (at least 10),
// so that the scale's ticks are round numbers.
func niceCeiling(n int) int {
	for step := 10; ; step *= 10 {
		for _, k := range []int{1, 2, 5} {
			if n <= k*step {
				return k * step
			}
		}
	}
}
