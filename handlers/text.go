package handlers

import (
	"html/template"
	"regexp"
	"strings"
)

// linkPattern finds http(s) addresses in plain text. It stops at white space
// and at characters that cannot start or be part of a bare address in prose.
var linkPattern = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+`)

// trailingPunctuation is left outside a link when it ends an address, as in
// "see https://example.no/plan." or "(https://example.no)".
const trailingPunctuation = `.,;:!?)]}'"`

// renderText turns a resident's plain text into safe HTML: paragraphs split
// on blank lines, single line breaks as <br>, and http(s) addresses as links
// marked as user content (rel="nofollow ugc noopener"). Every character of the
// text is HTML-escaped; the only markup is what this function writes.
func renderText(text string) template.HTML {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, para := range splitParagraphs(text) {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			writeLinked(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String()) // #nosec G203 -- every piece of text is escaped in writeLinked
}

// splitParagraphs splits text on lines that are empty or hold only spaces,
// trimming each paragraph and dropping empty ones.
func splitParagraphs(text string) []string {
	var paras, current []string
	flush := func() {
		if p := strings.TrimSpace(strings.Join(current, "\n")); p != "" {
			paras = append(paras, p)
		}
		current = current[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		current = append(current, strings.TrimRight(line, " \t"))
	}
	flush()
	return paras
}

// writeLinked writes one line, escaped, with its addresses as links.
func writeLinked(b *strings.Builder, line string) {
	for {
		loc := linkPattern.FindStringIndex(line)
		if loc == nil {
			b.WriteString(template.HTMLEscapeString(line))
			return
		}
		url := strings.TrimRight(line[loc[0]:loc[1]], trailingPunctuation)
		// Keep a closing parenthesis that belongs to the address, as in
		// https://no.wikipedia.org/wiki/Fjord_(landform).
		if rest := line[loc[0]+len(url) : loc[1]]; strings.HasPrefix(rest, ")") && strings.Count(url, "(") > strings.Count(url, ")") {
			url += ")"
		}
		end := loc[0] + len(url)
		b.WriteString(template.HTMLEscapeString(line[:loc[0]]))
		if len(url) <= len("https://") {
			b.WriteString(template.HTMLEscapeString(url))
		} else {
			escaped := template.HTMLEscapeString(url)
			b.WriteString(`<a href="` + escaped + `" rel="nofollow ugc noopener">` + escaped + `</a>`)
		}
		line = line[end:]
	}
}
