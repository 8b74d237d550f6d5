package store_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// countingStore is a store on a fresh database whose statements are counted.
func countingStore(t testing.TB) (*store.Store, *atomic.Int64) { return testdb.Counting(t) }

// generateProposals bulk-loads a municipality, bypassing the store: users
// residents, proposals more proposals (in nb, nn, da and en, over 8 areas and 5
// categories, a year of history, 0.5 % hidden), and supports skewed toward
// some proposals until the municipality has supports in all.
func generateProposals(tb testing.TB, st *store.Store, municipalityID int64, users, proposals, supports int) {
	tb.Helper()
	ctx := context.Background()
	db := st.DB()
	exec := func(query string, args ...any) {
		tb.Helper()
		if _, err := db.ExecContext(ctx, query, args...); err != nil {
			tb.Fatalf("%.60s…: %v", query, err)
		}
	}
	exec(`INSERT INTO areas (municipality_id, code, name)
		SELECT $1, 'B' || g, 'Bydel ' || g FROM generate_series(1, 7) g
		ON CONFLICT DO NOTHING`, municipalityID)
	exec(`INSERT INTO categories (municipality_id, slug, names, position)
		SELECT $1, 'kategori-' || g, jsonb_build_object('nb', 'Kategori ' || g), g FROM generate_series(1, 5) g
		ON CONFLICT DO NOTHING`, municipalityID)
	exec(`INSERT INTO users (municipality_id, email, display_name, role)
		SELECT $1, 'beboer' || g || '@bench.example', 'Beboer ' || g, 'resident' FROM generate_series(1, $2) g
		ON CONFLICT DO NOTHING`,
		municipalityID, users)
	exec(`INSERT INTO proposals (municipality_id, author_id, channel, title, body, language, area_id, category_id,
			status, created_at, updated_at, hidden_at)
		SELECT $1, u.ids[1 + g % cardinality(u.ids)], 'web',
			initcap(w.words[1 + g % 20]) || ' ' || w.near || ' ' || w.words[1 + (g / 20) % 20] || ' ' || g,
			w.want || ' ' || w.words[1 + (g / 7) % 20] || ' ' || w.and || ' ' || w.words[1 + (g / 13) % 20] || '. '
				|| repeat(w.filler || ' ', 1 + g % 4) || w.words[1 + (g / 3) % 20] || '.',
			l.lang,
			CASE WHEN g % 9 = 0 THEN NULL ELSE a.ids[1 + g % cardinality(a.ids)] END,
			CASE WHEN g % 6 = 0 THEN NULL ELSE c.ids[1 + g % cardinality(c.ids)] END,
			(ARRAY['published', 'published', 'published', 'published', 'published', 'published', 'awaiting_answer',
				'under_review', 'accepted', 'implemented', 'rejected', 'withdrawn'])[1 + (g / 11) % 12],
			now() - g * interval '5 minutes', now() - g * interval '5 minutes',
			CASE WHEN g % 200 = 0 THEN now() END
		FROM generate_series(1, $2) g
		CROSS JOIN LATERAL (SELECT (ARRAY['nb', 'nb', 'nb', 'nb', 'nb', 'nb', 'nn', 'da', 'da', 'en'])[1 + g % 10] AS lang) l
		CROSS JOIN LATERAL (SELECT
			CASE l.lang WHEN 'da' THEN ARRAY['cykelstier', 'bænke', 'legepladser', 'gadelys', 'fortove', 'parkering',
					'busser', 'skolen', 'biblioteket', 'parken', 'badestrande', 'stier', 'snerydning', 'fodboldbaner',
					'ældrecentre', 'ungdomsklubber', 'trafikken', 'støj', 'affald', 'hundeparker']
				WHEN 'en' THEN ARRAY['bike lanes', 'benches', 'playgrounds', 'street lights', 'pavements', 'parking',
					'buses', 'the school', 'the library', 'the park', 'beaches', 'trails', 'snow clearing', 'football pitches',
					'care homes', 'youth clubs', 'traffic', 'noise', 'litter', 'dog parks']
				ELSE ARRAY['sykkelveier', 'benker', 'lekeplasser', 'gatelys', 'fortau', 'parkering', 'bussene', 'skolen',
					'biblioteket', 'parken', 'badeplasser', 'turstier', 'snørydding', 'fotballbaner', 'eldresentre',
					'ungdomsklubber', 'trafikken', 'støy', 'søppel', 'hundeparker'] END AS words,
			CASE l.lang WHEN 'da' THEN 'ved' WHEN 'en' THEN 'near' ELSE 'ved' END AS near,
			CASE l.lang WHEN 'da' THEN 'Vi ønsker bedre' WHEN 'en' THEN 'We want better' ELSE 'Vi ønsker bedre' END AS want,
			CASE l.lang WHEN 'da' THEN 'og flere' WHEN 'en' THEN 'and more' ELSE 'og flere' END AS and,
			CASE l.lang WHEN 'da' THEN 'Det vil gøre kvarteret tryggere for børn og ældre.'
				WHEN 'en' THEN 'It would make the neighbourhood safer for children and older people.'
				ELSE 'Det vil gjøre nabolaget tryggere for barn og eldre.' END AS filler) w,
		(SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE municipality_id = $1) u,
		(SELECT array_agg(id ORDER BY id) AS ids FROM areas WHERE municipality_id = $1) a,
		(SELECT array_agg(id ORDER BY id) AS ids FROM categories WHERE municipality_id = $1) c`,
		municipalityID, proposals)
	// Supports: random residents, proposals skewed toward the start of the
	// id range; duplicates are dropped and topped up until the count is exact.
	for range 10 {
		var have int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM proposal_supports WHERE municipality_id = $1`,
			municipalityID).Scan(&have); err != nil {
			tb.Fatal(err)
		}
		if have >= supports {
			break
		}
		exec(`INSERT INTO proposal_supports (municipality_id, proposal_id, user_id, created_at)
			SELECT $1, p.ids[1 + floor(power(random(), 2) * cardinality(p.ids))::int],
				u.ids[1 + floor(random() * cardinality(u.ids))::int], now() - random() * interval '365 days'
			FROM generate_series(1, $2) g,
				(SELECT array_agg(id ORDER BY id) AS ids FROM proposals WHERE municipality_id = $1) p,
				(SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE municipality_id = $1) u
			ON CONFLICT DO NOTHING`, municipalityID, supports-have)
	}
	exec(`UPDATE proposals p SET support_count = s.n
		FROM (SELECT proposal_id, count(*) AS n FROM proposal_supports WHERE municipality_id = $1 GROUP BY proposal_id) s
		WHERE p.municipality_id = $1 AND p.id = s.proposal_id`, municipalityID)
	exec(`VACUUM ANALYZE proposals`)
	exec(`VACUUM ANALYZE proposal_supports`)
	exec(`ANALYZE users`)
}

// benchMunicipality creates a municipality with one area (newMunicipality
// takes a *testing.T only).
func benchMunicipality(tb testing.TB, st *store.Store) (*store.Municipality, *store.Area) {
	tb.Helper()
	ctx := context.Background()
	m, err := st.CreateMunicipality(ctx, store.NewMunicipality{
		Slug: "bench", Name: "Bench", Country: "NO", DefaultLocale: "nb",
		EnabledLocales: []string{"nb", "nn", "da", "en"}, TimeZone: "Europe/Oslo",
	})
	if err != nil {
		tb.Fatal(err)
	}
	a, err := st.CreateArea(ctx, m.ID, "A1", "Sentrum")
	if err != nil {
		tb.Fatal(err)
	}
	return m, a
}

// listProposalCases are the lists a page shows most.
func listProposalCases(areaID int64) map[string]store.ProposalFilter {
	return map[string]store.ProposalFilter{
		"newest":                 {Language: "nb"},
		"newest_page_50":         {Language: "nb", Offset: 980},
		"newest_in_area":         {Language: "nb", AreaID: areaID},
		"most_supported":         {Language: "nb", Order: store.OrderMostSupported},
		"awaiting_answer":        {Language: "nb", Status: store.StatusAwaitingAnswer, Order: store.OrderMostSupported},
		"search_relevance":       {Language: "nb", Query: "sykkelvei", Order: store.OrderRelevance},
		"search_newest":          {Language: "nb", Query: "sykkelvei", Order: store.OrderNewest},
		"search_two_words":       {Language: "da", Query: "cykelsti bænk", Order: store.OrderRelevance},
		"search_rare":            {Language: "nb", Query: "2041 benker", Order: store.OrderRelevance},
		"balanced_with_boost":    {Language: "nb", Order: store.OrderBalanced, AreaBoost: map[int64]float64{areaID: 3, 0: 0.5}},
		"balanced_without_boost": {Language: "nb", Order: store.OrderBalanced},
	}
}

// TestListProposalsRunsTwoStatements proves that a list costs the same
// number of statements whatever the filter, the order and the data size: one
// for the page and one for the count.
func TestListProposalsRunsTwoStatements(t *testing.T) {
	t.Parallel()
	st, statements := countingStore(t)
	ctx := context.Background()
	m, area := benchMunicipality(t, st)
	for _, size := range []int{0, 30, 300} {
		if size > 0 {
			generateProposals(t, st, m.ID, 50, size/2, size)
		}
		for name, f := range listProposalCases(area.ID) {
			before := statements.Load()
			list, _, err := st.ListProposals(ctx, m.ID, f, store.Viewer{UserID: 1})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if n := statements.Load() - before; n != 2 {
				t.Errorf("%s with %d proposals: %d statements, want 2", name, size, n)
			}
			ids := make([]int64, len(list))
			for i, p := range list {
				ids[i] = p.ID
			}
			before = statements.Load()
			if _, err := st.SupportedBy(ctx, m.ID, 1, ids); err != nil {
				t.Fatal(err)
			}
			if n := statements.Load() - before; n > 1 {
				t.Errorf("SupportedBy: %d statements, want at most 1", n)
			}
		}
	}
}

// BenchmarkListProposals lists proposals of a municipality with 100,000
// proposals, 1,000,000 supports and 10,000 residents. Each call runs two
// statements (see TestListProposalsRunsTwoStatements).
func BenchmarkListProposals(b *testing.B) {
	st := testdb.New(b)
	ctx := context.Background()
	m, area := benchMunicipality(b, st)
	generateProposals(b, st, m.ID, 10_000, 100_000, 1_000_000)
	for name, f := range listProposalCases(area.ID) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				list, total, err := st.ListProposals(ctx, m.ID, f, store.Viewer{})
				if err != nil {
					b.Fatal(err)
				}
				if len(list) == 0 || total == 0 {
					b.Fatalf("empty list (total %d)", total)
				}
			}
		})
	}
}
