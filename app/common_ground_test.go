package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"math"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

var (
	cgSection = regexp.MustCompile(`(?s)<section class="common-ground".*?</section>`)
	cgRow     = regexp.MustCompile(`(?s)<tr>\s*<th scope="row"><a href="#q\d+">(.*?)</a></th>(.*?)</tr>`)
)

// cgList reads the common-ground list of a results page: the statements in
// order, each with its cells (words, score, share that agrees; or the
// "too few" cell).
func cgList(t *testing.T, body string) (order []string, cells map[string][]string, section string) {
	t.Helper()
	section = cgSection.FindString(body)
	if section == "" {
		t.Fatal("the results page has no common-ground list")
	}
	cells = map[string][]string{}
	for _, m := range cgRow.FindAllStringSubmatch(section, -1) {
		prompt := html.UnescapeString(m[1])
		order = append(order, prompt)
		for _, c := range wrCell.FindAllStringSubmatch(m[2], -1) {
			cells[prompt] = append(cells[prompt], html.UnescapeString(strings.TrimSpace(c[1])))
		}
	}
	return order, cells, section
}

// TestCommonGround builds statements that split the areas but not the age
// groups, and the other way round, and checks that the list is in the order
// of outreach.RankByConsensus for the chosen groups, with the consensus
// shown per group (its square root, with two groups), that the groups
// parameter switches it, that people without a known group are left out and
// counted without showing a number under 5, and that no count per group is
// shown.
func TestCommonGround(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := newBallotEnv(f, nil)
	official := f.user(officialEmail)
	prompts := []string{"Alle aldre trenger parken.", "Parken bør ligge i sentrum.", "Parken bør stenge klokka 22."}
	for i, p := range prompts {
		if _, err := f.store.CreateQuestion(ctx, f.demo.ID, official.ID, e.id, store.QuestionInput{
			Position: 6 + i, Kind: store.QuestionStatement, Prompt: ballotLabel(p)}); err != nil {
			t.Fatal(err)
		}
	}
	qs, err := f.store.Questions(ctx, f.demo.ID, e.id)
	if err != nil {
		t.Fatal(err)
	}
	var statements []store.Question
	for _, q := range qs {
		if q.Kind == store.QuestionStatement {
			statements = append(statements, q)
		}
	}
	if len(statements) != 4 {
		t.Fatalf("%d statements, want 4", len(statements))
	}
	first := statements[0].Prompt["nb"] // answered only by people without a segment
	byAge, byArea, split := statements[1], statements[2], statements[3]

	areas, err := f.store.Areas(ctx, f.demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, b := areas[0], areas[1]
	young, old := "20-29", "67-79"
	// The stance of the i-th of ten people in a segment on each statement:
	// byAge splits the old, byArea splits area b, split divides a from b.
	stance := func(q store.Question, area int64, band string, i int) string {
		yes := true
		switch q.ID {
		case byAge.ID:
			yes = band == young || i < 5
		case byArea.ID:
			yes = area == a.ID || i < 5
		case split.ID:
			yes = area == a.ID || (band == old && i < 1)
		}
		if yes {
			return store.StanceAgree
		}
		return store.StanceDisagree
	}
	type tally map[string]*outreach.GroupVotes // group -> votes
	votesByArea := map[string]tally{}
	votesByAge := map[string]tally{}
	count := func(votes map[string]tally, prompt, group, st string) {
		if votes[prompt] == nil {
			votes[prompt] = tally{}
		}
		v := votes[prompt][group]
		if v == nil {
			v = &outreach.GroupVotes{Group: group}
			votes[prompt][group] = v
		}
		if st == store.StanceAgree {
			v.Agree++
		} else {
			v.Disagree++
		}
	}
	cast := func(seg store.Segment, b store.BallotInput) {
		t.Helper()
		b.Choices = map[int64][]int64{e.single.ID: {wrOption(t, e.single, "Nord")}}
		if _, err := f.store.CastPaperBallot(ctx, f.demo.ID, official.ID, e.id, store.ChannelPaper, seg, b); err != nil {
			t.Fatalf("paper ballot: %v", err)
		}
	}
	agreeShare := map[string][2]int{} // prompt -> agrees, answers
	for _, area := range []int64{a.ID, b.ID} {
		for _, band := range []string{young, old} {
			for i := range 10 {
				in := store.BallotInput{Stances: map[int64]string{}}
				for _, q := range []store.Question{byAge, byArea, split} {
					st := stance(q, area, band, i)
					in.Stances[q.ID] = st
					p := q.Prompt["nb"]
					count(votesByArea, p, fmt.Sprint(area), st)
					count(votesByAge, p, band, st)
					s := agreeShare[p]
					s[1]++
					if st == store.StanceAgree {
						s[0]++
					}
					agreeShare[p] = s
				}
				cast(store.Segment{AreaID: sql.NullInt64{Int64: area, Valid: true},
					AgeBand: sql.NullString{String: band, Valid: true}}, in)
			}
		}
	}
	// Three people without a segment agree with everything: they count in
	// the results, in no group.
	for range 3 {
		in := store.BallotInput{Stances: map[int64]string{}}
		for _, q := range statements {
			in.Stances[q.ID] = store.StanceAgree
		}
		cast(store.Segment{}, in)
	}

	// The expected order: every statement over the groups that answered any.
	expected := func(votes map[string]tally, groups []string) ([]string, map[string]float64) {
		var input []outreach.Statement
		for _, q := range statements {
			p := q.Prompt["nb"]
			s := outreach.Statement{ID: p}
			for _, g := range groups {
				v := outreach.GroupVotes{Group: g}
				if gv := votes[p][g]; gv != nil {
					v = *gv
				}
				s.Votes = append(s.Votes, v)
			}
			input = append(input, s)
		}
		var order []string
		scores := map[string]float64{}
		for _, r := range outreach.RankByConsensus(input) {
			order = append(order, r.ID)
			scores[r.ID] = r.Consensus
		}
		return order, scores
	}
	wantArea, areaScores := expected(votesByArea, []string{fmt.Sprint(a.ID), fmt.Sprint(b.ID)})
	wantAge, ageScores := expected(votesByAge, []string{young, old})
	if fmt.Sprint(wantArea) == fmt.Sprint(wantAge) {
		t.Fatalf("the test data should order the statements differently by area and by age group: %q", wantArea)
	}

	// Before publication the public sees no results, so no list.
	public := f.client()
	public.get(e.path("/results")).mustNotContain(t, "Felles grunn")
	e.publishResults()

	nb := newWRFormat("nb")
	r := public.get(e.path("/results"))
	wantStatus(t, r, http.StatusOK)
	order, cells, section := cgList(t, r.body)
	if fmt.Sprint(order) != fmt.Sprint(wantArea) {
		t.Errorf("order by area %q, want %q", order, wantArea)
	}
	top := wantArea[0]
	s := agreeShare[top]
	if want := nb.decimal(math.Sqrt(areaScores[top]), 2); len(cells[top]) != 3 || cells[top][1] != want ||
		cells[top][2] != nb.percent(float64(s[0]+3)/float64(s[1]+3)) {
		t.Errorf("%s: %q, want score %s and agree share %s", top, cells[top], want, nb.percent(float64(s[0]+3)/float64(s[1]+3)))
	}
	if len(cells[top]) > 0 && !strings.HasPrefix(cells[top][0], "Høy: ") {
		t.Errorf("%s: %q, want the words for high common ground (%.2f per group)", top, cells[top][0], math.Sqrt(areaScores[top]))
	}
	if got := cells[first]; len(got) != 1 || got[0] != "Færre enn 5 svar: for få til å si noe." {
		t.Errorf("a statement only 3 people answered: %q", got)
	}
	if !strings.Contains(section, `href="/consultations/`+fmt.Sprint(e.id)+`/results?groups=age_band#common-ground"`) ||
		!regexp.MustCompile(`groups=area#common-ground" aria-current="true"`).MatchString(section) {
		t.Error("the list has no links to switch groups, or does not mark the current one")
	}
	for _, want := range []string{"Sammenlignet på tvers av 2 områder.",
		"Færre enn 5 av dem som tok stilling, har ikke et kjent område.", `href="/how-we-count#common-ground"`} {
		if !strings.Contains(html.UnescapeString(section), want) {
			t.Errorf("the list does not say %q", want)
		}
	}
	// No count per group, and no count from 1 to 4, anywhere in the list.
	for _, m := range regexp.MustCompile(`>\s*([0-9]+)\s*<`).FindAllStringSubmatch(section, -1) {
		if wrSmallCount.MatchString(m[1]) || m[1] == "10" || m[1] == "20" {
			t.Errorf("the list shows the count %s", m[1])
		}
	}

	// By age group, without JavaScript: a plain link.
	r = public.get(e.path("/results?groups=age_band"))
	wantStatus(t, r, http.StatusOK)
	order, cells, section = cgList(t, r.body)
	if fmt.Sprint(order) != fmt.Sprint(wantAge) {
		t.Errorf("order by age group %q, want %q", order, wantAge)
	}
	if want := nb.decimal(math.Sqrt(ageScores[wantAge[0]]), 2); len(cells[wantAge[0]]) != 3 || cells[wantAge[0]][1] != want {
		t.Errorf("%s by age group: %q, want score %s", wantAge[0], cells[wantAge[0]], want)
	}
	if !strings.Contains(section, "Sammenlignet på tvers av 2 aldersgrupper.") ||
		!strings.Contains(section, `groups=age_band#common-ground" aria-current="true"`) {
		t.Error("the list by age group does not say so")
	}

	en := public.get(e.path("/results?groups=age_band&lang=en"))
	en.mustContain(t, "Common ground", "Statements by common ground across age groups", "Fewer than 5 answers: too few to say.")

	// An unknown grouping is refused in words, and the list compares areas.
	r = public.get(e.path("/results?groups=gender&lang=nb"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Vi kjenner ikke den måten å gruppere på. Listen under sammenligner områder.")
	if order, _, _ := cgList(t, r.body); fmt.Sprint(order) != fmt.Sprint(wantArea) {
		t.Errorf("after an unknown grouping, order %q, want the order by area %q", order, wantArea)
	}
}
