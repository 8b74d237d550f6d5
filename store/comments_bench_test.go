package store_test

import (
	"context"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// BenchmarkCommentsPage reads a page of top-level comments of a proposal
// with 10,000 of them (and 5,000 replies), at the start and deep inside.
func BenchmarkCommentsPage(b *testing.B) {
	st, mid, pid := manyComments(b)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		page int
	}{{"page1", 1}, {"page400", 400}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				page, total, err := st.Comments(ctx, mid, pid, bc.page, store.Viewer{})
				if err != nil || total != 10000 || len(page) != store.CommentsPerPage {
					b.Fatalf("page %d: %d comments, total %d, %v", bc.page, len(page), total, err)
				}
			}
		})
	}
}

// manyComments makes a proposal with 10,000 top-level comments and 5,000
// replies and returns the municipality's and the proposal's ids.
func manyComments(tb testing.TB) (*store.Store, int64, int64) {
	tb.Helper()
	st := testdb.New(tb)
	ctx := context.Background()
	m, err := st.CreateMunicipality(ctx, store.NewMunicipality{
		Slug: "bench", Name: "Bench", Country: "NO", DefaultLocale: "nb",
		EnabledLocales: []string{"nb"}, TimeZone: "Europe/Oslo",
	})
	if err != nil {
		tb.Fatal(err)
	}
	author, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: "a@bench.example", PasswordHash: "h", DisplayName: "A", Role: store.RoleResident})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := st.CreateProposal(ctx, m.ID, store.NewProposal{AuthorID: author.ID, Title: "Mange", Body: "Kommentarer", Language: "nb"})
	if err != nil {
		tb.Fatal(err)
	}
	// 10,000 top-level comments, one a second, by 100 residents; then two
	// replies to every fourth; then the counters the store keeps.
	_, err = st.DB().ExecContext(ctx, `
		WITH people AS (
			INSERT INTO users (municipality_id, email, display_name)
			SELECT $1, 'u' || g || '@bench.example', 'Bruker ' || g FROM generate_series(1, 100) g
			RETURNING id
		), who AS (SELECT array_agg(id ORDER BY id) AS ids FROM people),
		top AS (
			INSERT INTO comments (municipality_id, proposal_id, author_id, body, created_at)
			SELECT $1, $2, who.ids[1 + g % 100], 'Kommentar ' || g || ' ' || repeat('tekst ', 30),
				now() - interval '1 day' + g * interval '1 second'
			FROM generate_series(1, 10000) g, who
			RETURNING id, created_at
		)
		INSERT INTO comments (municipality_id, proposal_id, parent_id, author_id, body, created_at)
		SELECT $1, $2, top.id, who.ids[1 + (top.id + r) % 100], 'Svar ' || r, top.created_at + r * interval '1 millisecond'
		FROM top, who, generate_series(1, 2) r
		WHERE top.id % 4 = 0`, m.ID, p.ID)
	if err != nil {
		tb.Fatal(err)
	}
	for _, counter := range []string{
		`UPDATE comments c SET reply_count = r.n
		FROM (SELECT parent_id, count(*) AS n FROM comments
			WHERE municipality_id = $1 AND proposal_id = $2 AND parent_id IS NOT NULL GROUP BY parent_id) r
		WHERE c.municipality_id = $1 AND c.id = r.parent_id`,
		`UPDATE proposals SET comment_count = (SELECT count(*) FROM comments WHERE municipality_id = $1 AND proposal_id = $2)
		WHERE municipality_id = $1 AND id = $2`,
	} {
		if _, err := st.DB().ExecContext(ctx, counter, m.ID, p.ID); err != nil {
			tb.Fatal(err)
		}
	}
	// As autovacuum would: statistics, and the visibility map for index-only scans.
	if _, err := st.DB().ExecContext(ctx, `VACUUM (ANALYZE) comments, users, proposals`); err != nil {
		tb.Fatal(err)
	}
	return st, m.ID, p.ID
}
