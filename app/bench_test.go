package app_test

import (
	"context"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/medvirk/medvirk/internal/password"
	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// benchmarkPage measures one anonymous page view through the whole stack:
// middleware, tenant and language resolution, queries, template, compression.
func benchmarkPage(b *testing.B, path string) {
	st := testdb.New(b)
	if _, err := st.SeedDemo(context.Background(), "unused"); err != nil {
		b.Fatal(err)
	}
	a := newApp(b, st)
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "fjordvik.localhost"
		resp, err := a.Test(req, -1)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size), "html-bytes")
}

func BenchmarkHomePage(b *testing.B)     { benchmarkPage(b, "/?lang=nn") }
func BenchmarkRegisterPage(b *testing.B) { benchmarkPage(b, "/register?lang=da") }

// BenchmarkPasswordHash is the cost of one sign-in's argon2id check.
func BenchmarkPasswordHash(b *testing.B) {
	hash, err := password.Hash(store.DemoPassword)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !password.Check(store.DemoPassword, hash) {
			b.Fatal("no match")
		}
	}
}
