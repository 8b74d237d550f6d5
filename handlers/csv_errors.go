package handlers

import (
	"strconv"

	"github.com/medvirk/medvirk/internal/outreachcsv"
	"github.com/medvirk/medvirk/locales"
)

// csvMessages name the translated messages that explain a problem in an
// uploaded CSV file on one page: PREFIX.error_line_column, .error_line and
// .error_file place the problem, and a hint says how to fix it.
type csvMessages struct {
	Prefix string
	// ColumnHints say how to fix a value in a column the reader complained about.
	ColumnHints map[string]string
	// HeaderHint explains the header, for a problem on line 1.
	HeaderHint string
}

// explain places e in a translated sentence that names the line and the
// column. The reader's own description is technical detail and is shown as
// written; the translated hint follows.
func (m csvMessages) explain(l *locales.Localizer, e *outreachcsv.Error) string {
	var msg, hint string
	switch {
	case e.Line > 0 && e.Column != "":
		msg = l.T(m.Prefix+".error_line_column", "Line", strconv.Itoa(e.Line), "Column", e.Column, "Detail", e.Msg)
		hint = m.ColumnHints[e.Column]
	case e.Line > 0:
		msg = l.T(m.Prefix+".error_line", "Line", strconv.Itoa(e.Line), "Detail", e.Msg)
		if e.Line == 1 {
			hint = m.HeaderHint
		}
	default:
		msg = l.T(m.Prefix+".error_file", "Detail", e.Msg)
		hint = m.Prefix + ".hint_file"
	}
	if hint != "" {
		msg += " " + l.T(hint)
	}
	return msg
}
