package app_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// TestPageQueriesDoNotGrowWithData proves there is no N+1 on the proposal
// list and the proposal page: each sends as many statements with 3 proposals
// and one comment as with 60 proposals, 3 pages of comments, replies and
// supports.
func TestPageQueriesDoNotGrowWithData(t *testing.T) {
	t.Parallel()
	st, statements := testdb.Counting(t)
	ctx := context.Background()
	m, err := st.SeedDemo(ctx, demoHash)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, app: newApp(t, st), store: st, demo: m}
	author, err := st.UserByEmail(ctx, m.ID, "resident@fjordvik.example")
	if err != nil {
		t.Fatal(err)
	}
	var residents []int64
	addResidents := func(n int) {
		for i := 0; i < n; i++ {
			u, err := st.CreateUser(ctx, m.ID, store.NewUser{
				Email: fmt.Sprintf("r%d@fjordvik.example", len(residents)), PasswordHash: "h", DisplayName: "R", Role: store.RoleResident,
			})
			if err != nil {
				t.Fatal(err)
			}
			residents = append(residents, u.ID)
		}
	}
	addProposals := func(n int) int64 {
		var last int64
		for i := 0; i < n; i++ {
			p, err := st.CreateProposal(ctx, m.ID, store.NewProposal{
				AuthorID: author.ID, Title: "Benker langs fjorden " + strconv.Itoa(i), Body: "Flere benker, takk.", Language: "nb",
			})
			if err != nil {
				t.Fatal(err)
			}
			last = p.ID
		}
		return last
	}
	addResidents(3)
	target := addProposals(3)
	if _, err := st.AddComment(ctx, m.ID, residents[0], target, 0, "Godt forslag."); err != nil {
		t.Fatal(err)
	}

	anonymous, signedIn := f.client(), f.client()
	signedIn.login("moderator@fjordvik.example", store.DemoPassword)
	pages := []string{"/proposals", "/proposals?order=most_supported", "/proposals?q=benker", fmt.Sprintf("/proposals/%d", target)}
	measure := func() map[string]int64 {
		counts := map[string]int64{}
		for _, c := range []*client{anonymous, signedIn} {
			for _, path := range pages {
				c.get(path) // warm up: CSRF cookie, flash messages
				before := statements.Load()
				if r := c.get(path); r.status != 200 {
					t.Fatalf("%s: status %d", path, r.status)
				}
				counts[fmt.Sprintf("%s signed in %v", path, c == signedIn)] = statements.Load() - before
			}
		}
		return counts
	}
	small := measure()

	addResidents(20)
	addProposals(57)
	for i := 0; i < 45; i++ {
		top, err := st.AddComment(ctx, m.ID, residents[i%len(residents)], target, 0, "Enig, "+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		if i%5 == 0 {
			if _, err := st.AddComment(ctx, m.ID, residents[(i+1)%len(residents)], target, top.ID, "Svar"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range residents[:15] {
		if _, err := st.Support(ctx, m.ID, r, target); err != nil {
			t.Fatal(err)
		}
	}
	large := measure()
	for page, n := range small {
		if large[page] > n {
			t.Errorf("%s: %d statements with little data, %d with more", page, n, large[page])
		}
		t.Logf("%s: %d statements", page, n)
	}
}
