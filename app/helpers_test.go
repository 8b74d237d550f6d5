package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/app"
	"github.com/medvirk/medvirk/internal/password"
	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// fixture is an application on its own database with the demo municipality.
type fixture struct {
	t     *testing.T
	app   *fiber.App
	store *store.Store
	demo  *store.Municipality
}

var demoHash = func() string {
	h, err := password.Hash(store.DemoPassword)
	if err != nil {
		panic(err)
	}
	return h
}()

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := testdb.New(t)
	m, err := st.SeedDemo(context.Background(), demoHash)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, app: newApp(t, st), store: st, demo: m}
}

func newApp(t testing.TB, st *store.Store) *fiber.App {
	t.Helper()
	cfg, err := app.LoadConfig(func(k string) string {
		switch k {
		case "DATABASE_URL":
			return "postgres://unused@localhost/unused"
		case "BALLOT_KEY":
			return testBallotKey
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(cfg, st, logger)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// addMunicipality adds a second tenant served at SLUG.localhost.
func (f *fixture) addMunicipality(slug, country string, languages ...string) *store.Municipality {
	f.t.Helper()
	tz := "Europe/Oslo"
	if country == "DK" {
		tz = "Europe/Copenhagen"
	}
	m, err := f.store.CreateMunicipality(context.Background(), store.NewMunicipality{
		Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:], Country: country,
		DefaultLocale: languages[0], EnabledLocales: languages, TimeZone: tz, Hostnames: []string{slug + ".localhost"},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

// client is a browser stand-in: it keeps cookies and sends a Host header.
type client struct {
	f       *fixture
	host    string
	cookies map[string]string
	header  http.Header
}

func (f *fixture) client() *client {
	return &client{f: f, host: "fjordvik.localhost", cookies: map[string]string{}, header: http.Header{}}
}

type response struct {
	status   int
	body     string
	header   http.Header
	location string
}

func (c *client) do(method, path string, form url.Values) response {
	c.f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.Host = c.host
	for k, v := range c.header {
		req.Header[k] = v
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for name, value := range c.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := c.f.app.Test(req, -1)
	if err != nil {
		c.f.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" || (!ck.Expires.IsZero() && ck.Expires.Unix() <= 0) {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return response{status: resp.StatusCode, body: string(b), header: resp.Header, location: resp.Header.Get("Location")}
}

func (c *client) get(path string) response { c.f.t.Helper(); return c.do(http.MethodGet, path, nil) }

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// post submits a form the way a browser would: it first loads formPage to
// get the CSRF token.
func (c *client) post(formPage, action string, form url.Values) response {
	c.f.t.Helper()
	page := c.get(formPage)
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.f.t.Fatalf("no CSRF token on %s (status %d)", formPage, page.status)
	}
	form.Set("_csrf", m[1])
	return c.do(http.MethodPost, action, form)
}

func (c *client) login(email, pw string) response {
	c.f.t.Helper()
	return c.post("/login", "/login", url.Values{"email": {email}, "password": {pw}})
}

var htmlLang = regexp.MustCompile(`<html lang="([^"]+)"`)

func langOf(body string) string {
	if m := htmlLang.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// testBallotKey is the BALLOT_KEY of test servers.
const testBallotKey = "test-ballot-key-0123456789abcdefghij"
