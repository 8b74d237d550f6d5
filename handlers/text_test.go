package handlers

import "testing"

func TestRenderText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"one paragraph", "Benker i parken", "<p>Benker i parken</p>\n"},
		{"paragraphs and line breaks",
			"Første linje\nandre linje\n\n\n  \nNytt avsnitt\r\nmed CRLF",
			"<p>Første linje<br>\nandre linje</p>\n<p>Nytt avsnitt<br>\nmed CRLF</p>\n"},
		{"escapes everything", `<script>alert("x")</script> & 'y'`,
			"<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;y&#39;</p>\n"},
		{"link", "Se https://fjordvik.kommune.no/plan?a=1&b=2 for mer",
			`<p>Se <a href="https://fjordvik.kommune.no/plan?a=1&amp;b=2" rel="nofollow ugc noopener">https://fjordvik.kommune.no/plan?a=1&amp;b=2</a> for mer</p>` + "\n"},
		{"trailing punctuation stays outside", "Les http://example.no/a.",
			`<p>Les <a href="http://example.no/a" rel="nofollow ugc noopener">http://example.no/a</a>.</p>` + "\n"},
		{"parenthesised link", "(se https://example.no/x)",
			`<p>(se <a href="https://example.no/x" rel="nofollow ugc noopener">https://example.no/x</a>)</p>` + "\n"},
		{"balanced parenthesis kept", "https://no.wikipedia.org/wiki/Fjord_(landform)",
			`<p><a href="https://no.wikipedia.org/wiki/Fjord_(landform)" rel="nofollow ugc noopener">https://no.wikipedia.org/wiki/Fjord_(landform)</a></p>` + "\n"},
		{"quote ends a link", `"https://example.no/"><img src=x>`,
			`<p>&#34;<a href="https://example.no/" rel="nofollow ugc noopener">https://example.no/</a>&#34;&gt;&lt;img src=x&gt;</p>` + "\n"},
		{"other schemes are text", "javascript:alert(1) ftp://example.no",
			"<p>javascript:alert(1) ftp://example.no</p>\n"},
		{"bare scheme is text", "https:// og mer", "<p>https:// og mer</p>\n"},
	}
	for _, tc := range cases {
		if got := string(renderText(tc.in)); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
