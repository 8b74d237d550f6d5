package app_test

import (
	"strings"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
)

func TestHealthEndpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	if r := c.get("/healthz"); r.status != 200 {
		t.Errorf("/healthz: %d", r.status)
	}
	if r := c.get("/readyz"); r.status != 200 {
		t.Errorf("/readyz: %d", r.status)
	}
}

func TestReadyzFailsWithoutDatabase(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	a := newApp(t, st)
	f := &fixture{t: t, app: a, store: st}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	if r := c.get("/healthz"); r.status != 200 {
		t.Errorf("/healthz while the database is gone: %d, want 200", r.status)
	}
	if r := c.get("/readyz"); r.status != 503 {
		t.Errorf("/readyz while the database is gone: %d, want 503", r.status)
	}
}

func TestLocaleNegotiation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cases := []struct {
		name, query, cookie, acceptLanguage, want string
	}{
		{"query nn", "?lang=nn", "", "", "nn"},
		{"query en beats cookie and header", "?lang=en", "da", "nn-NO", "en"},
		{"query da", "?lang=da", "", "", "da"},
		{"unknown query falls through to header", "?lang=xx", "", "da-DK", "da"},
		{"cookie beats header", "", "nn", "da-DK", "nn"},
		{"Danish header", "", "", "da-DK", "da"},
		{"Danish with weights", "", "", "da-DK,da;q=0.9,en;q=0.5", "da"},
		{"no is bokmål", "", "", "no", "nb"},
		{"nb-NO is bokmål", "", "", "nb-NO", "nb"},
		{"nn-NO is nynorsk", "", "", "nn-NO", "nn"},
		{"en-GB is English", "", "", "en-GB", "en"},
		{"unsupported falls back to the municipality default", "", "", "fr-FR", "nb"},
		{"nothing at all", "", "", "", "nb"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := f.client()
			if tc.cookie != "" {
				c.cookies["lang"] = tc.cookie
			}
			if tc.acceptLanguage != "" {
				c.header.Set("Accept-Language", tc.acceptLanguage)
			}
			r := c.get("/" + tc.query)
			if r.status != 200 || langOf(r.body) != tc.want {
				t.Fatalf("got status %d and lang %q, want %q", r.status, langOf(r.body), tc.want)
			}
		})
	}
}

func TestLanguageChoiceIsRemembered(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=da")
	if c.cookies["lang"] != "da" {
		t.Fatalf("?lang=da sets a cookie, got %q", c.cookies["lang"])
	}
	r := c.get("/login")
	if langOf(r.body) != "da" || !strings.Contains(r.body, "Log ind") {
		t.Fatalf("the next page is in Danish: lang %q", langOf(r.body))
	}
}

func TestPagesRenderInEveryLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, lang := range []string{"nb", "nn", "da", "en"} {
		for _, path := range []string{"/", "/login", "/register", "/accessibility"} {
			r := f.client().get(path + "?lang=" + lang)
			if r.status != 200 || langOf(r.body) != lang {
				t.Errorf("%s in %s: status %d, lang %q", path, lang, r.status, langOf(r.body))
			}
			for _, want := range []string{`href="#main"`, `href="/accessibility"`, `hreflang="nn"`, `id="main"`} {
				if !strings.Contains(r.body, want) {
					t.Errorf("%s in %s lacks %s", path, lang, want)
				}
			}
		}
	}
}

func TestNotFoundIsTranslated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for lang, want := range map[string]string{"nb": "Fant ikke siden", "nn": "Fann ikkje sida", "da": "Siden findes ikke", "en": "Page not found"} {
		r := f.client().get("/no-such-page?lang=" + lang)
		if r.status != 404 || langOf(r.body) != lang || !strings.Contains(r.body, want) {
			t.Errorf("404 in %s: status %d, lang %q, want text %q", lang, r.status, langOf(r.body), want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.client().get("/")
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("strict CSP expected, got %q", csp)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("nosniff missing")
	}
	if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " style=") {
		t.Errorf("pages carry no inline script or style")
	}
}

func TestStaticAssetsAreCachedForever(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	page := f.client().get("/")
	i := strings.Index(page.body, "/static/app.")
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	href := page.body[i : i+strings.Index(page.body[i:], `"`)]
	r := f.client().get(href)
	if r.status != 200 || !strings.Contains(r.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("%s: status %d, cache %q, type %q", href, r.status, r.header.Get("Cache-Control"), r.header.Get("Content-Type"))
	}
	if r := f.client().get("/static/app.0000000000.css"); r.status != 404 {
		t.Errorf("a stale hash is 404, got %d", r.status)
	}
}

func TestHomeShowsDemoMunicipality(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.client().get("/?lang=en")
	for _, want := range []string{"Fjordvik", "Havnebyen", "60,000"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}

func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.client().get("/accessibility?lang=nb")
	if !strings.Contains(r.body, "uustatus.no") {
		t.Error("a Norwegian municipality links its uustatus.no statement")
	}
	if r := f.client().get("/was"); r.status != 301 || r.location != "/accessibility" {
		t.Errorf("/was redirects to the statement: %d %q", r.status, r.location)
	}
	dk := f.addMunicipality("fjordby", "DK", "da", "en")
	c := f.client()
	c.host = "fjordby.localhost"
	r = c.get("/accessibility")
	if langOf(r.body) != dk.DefaultLocale || !strings.Contains(r.body, "/was") {
		t.Errorf("a Danish municipality's statement mentions /was in Danish: lang %q", langOf(r.body))
	}
	if strings.Contains(r.body, `hreflang="nb"`) {
		t.Error("the switcher offers only the municipality's enabled languages")
	}
	if r := c.get("/?lang=nb"); langOf(r.body) != "da" {
		t.Errorf("a language the municipality has not enabled is ignored, got %q", langOf(r.body))
	}
}

func TestUnknownHostWithSeveralMunicipalities(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addMunicipality("other", "NO", "nb")
	c := f.client()
	c.host = "nobody.example"
	if r := c.get("/"); r.status != 404 || !strings.Contains(r.body, "Ukjent kommune") {
		t.Errorf("unknown host: status %d", r.status)
	}
	if r := c.get("/healthz"); r.status != 200 {
		t.Errorf("health does not depend on the host: %d", r.status)
	}
}
