package app_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// An upload over the body limit gets a translated page that says so, not a
// bare status line.
func TestUploadOverTheLimitIsExplained(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = f.app.Listener(ln) }()
	t.Cleanup(func() { _ = f.app.Shutdown() })

	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/outreach/lottery",
		bytes.NewReader(bytes.Repeat([]byte("a"), 5<<20)))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "fjordvik.localhost"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST 5 MB: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "4 MB") {
		t.Fatalf("POST 5 MB: %d %q, want 413 with a page that names the limit", res.StatusCode, body)
	}
}
