package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// reportBenchSession is a signed-in browser for benchmarks: cookies and a Host.
type reportBenchSession struct {
	app     *fiber.App
	cookies map[string]string
}

func (s *reportBenchSession) do(b *testing.B, method, path string, form url.Values) (*http.Response, string) {
	b.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.Host = "fjordvik.localhost"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for name, value := range s.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := s.app.Test(req, -1)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		s.cookies[ck.Name] = ck.Value
	}
	return resp, string(text)
}

// BenchmarkParticipationReport renders the participation report of the
// demo municipality over its whole history (the demo's areas, population
// and participation history: SeedDemo and SeedDemoContent) for a signed-in
// moderator, through the whole application. The target is under 300 ms.
func BenchmarkParticipationReport(b *testing.B) {
	st := testdb.New(b)
	ctx := context.Background()
	m, err := st.SeedDemo(ctx, demoHash)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SeedDemoContent(ctx, m, demoHash, []byte(testBallotKey)); err != nil {
		b.Fatal(err)
	}
	s := &reportBenchSession{app: newApp(b, st), cookies: map[string]string{}}
	_, loginPage := s.do(b, http.MethodGet, "/login", nil)
	token := csrfField.FindStringSubmatch(loginPage)
	if token == nil {
		b.Fatal("no CSRF token on /login")
	}
	if resp, _ := s.do(b, http.MethodPost, "/login", url.Values{"_csrf": {token[1]},
		"email": {"moderator@fjordvik.example"}, "password": {store.DemoPassword}}); resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("login: status %d", resp.StatusCode)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for i := 0; i < b.N; i++ {
		resp, body := s.do(b, http.MethodGet, "/reports/participation?period=all", nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="chart-area"`) {
			b.Fatalf("status %d without the area chart", resp.StatusCode)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size), "html-bytes")
}
