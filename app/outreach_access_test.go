package app_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/medvirk/medvirk/store"
)

// The outreach pages for officials and moderators are closed to everyone
// else, whatever the method; the audit pages and "How we count" are public.
func TestOutreachPagesAreClosedToResidents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	officialOnly := []string{"/outreach", "/outreach?period=all", "/outreach/lottery"}
	reports := []string{"/reports/participation", "/reports/participation.csv", "/reports/participation.json"}

	anonymous := f.client()
	for _, path := range append(append([]string{}, officialOnly...), reports...) {
		r := anonymous.get(path)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login?next=") {
			t.Errorf("anonymous GET %s: %d to %q, want 303 to the sign-in page", path, r.status, r.location)
		}
	}
	if r := anonymous.get("/how-we-count"); r.status != http.StatusOK {
		t.Errorf("anonymous GET /how-we-count: %d, want 200", r.status)
	}

	resident := f.client()
	resident.login("resident@fjordvik.example", store.DemoPassword)
	for _, path := range append(append([]string{}, officialOnly...), reports...) {
		if r := resident.get(path); r.status != http.StatusForbidden {
			t.Errorf("resident GET %s: %d, want 403", path, r.status)
		}
	}
	// A resident cannot draw a lottery either, even with a valid CSRF token.
	if r := resident.post("/account", "/outreach/lottery", map[string][]string{"letters": {"10"}}); r.status != http.StatusForbidden {
		t.Errorf("resident POST /outreach/lottery: %d, want 403", r.status)
	}

	moderator := f.client()
	moderator.login("moderator@fjordvik.example", store.DemoPassword)
	for _, path := range officialOnly {
		if r := moderator.get(path); r.status != http.StatusForbidden {
			t.Errorf("moderator GET %s: %d, want 403", path, r.status)
		}
	}
	for _, path := range reports {
		if r := moderator.get(path); r.status != http.StatusOK {
			t.Errorf("moderator GET %s: %d, want 200", path, r.status)
		}
	}

	official := f.client()
	official.login("official@fjordvik.example", store.DemoPassword)
	for _, path := range append(append([]string{}, officialOnly...), reports...) {
		if r := official.get(path); r.status != http.StatusOK {
			t.Errorf("official GET %s: %d, want 200", path, r.status)
		}
	}
}

// A ledger with groups of 1 to 4 participants: no page or export of the
// outreach engine shows such a count.
func TestOutreachPagesNeverShowCountsFromOneToFour(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	areas, err := f.store.Areas(ctx, f.demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Participants per area (in the area's first age group), through the
	// web, some at meetings: small groups beside large ones, and a few
	// without a known group.
	sizes := []int{1, 2, 3, 4, 12, 25, 40, 7}
	for i, a := range areas {
		n := sizes[i%len(sizes)]
		for j := 0; j < n; j++ {
			channel := store.ChannelWeb
			if j%3 == 1 {
				channel = store.ChannelMeeting
			}
			gender := "female"
			if j%2 == 1 {
				gender = "male"
			}
			record(t, f, store.Participation{Channel: channel, Segment: store.Segment{
				AreaID:  sql.NullInt64{Int64: a.ID, Valid: true},
				AgeBand: sql.NullString{String: []string{"30-44", "80+", "16-19"}[j%3], Valid: true},
				Gender:  sql.NullString{String: gender, Valid: true},
			}})
		}
	}
	for j := 0; j < 3; j++ {
		record(t, f, store.Participation{Channel: store.ChannelPaper})
	}

	official := f.client()
	official.login("official@fjordvik.example", store.DemoPassword)
	for _, path := range []string{"/outreach?period=all", "/reports/participation?period=all"} {
		r := official.get(path)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.status)
		}
		for _, cell := range smallCountCells(r.body) {
			t.Errorf("GET %s shows a count from 1 to 4 in a table cell: %s", path, cell)
		}
	}

	r := official.get("/reports/participation.csv?period=all")
	if r.status != http.StatusOK {
		t.Fatalf("GET the report as CSV: %d", r.status)
	}
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("report CSV: %v (%d rows)", err, len(rows))
	}
	for _, row := range rows[1:] {
		for i, v := range row {
			if countColumn(rows[0][i]) && isSmallCount(v) {
				t.Errorf("CSV row %v has %s = %s", row, rows[0][i], v)
			}
		}
	}

	r = official.get("/reports/participation.json?period=all")
	if r.status != http.StatusOK {
		t.Fatalf("GET the report as JSON: %d", r.status)
	}
	var doc any
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	walkJSON(doc, "", func(path string, n float64) {
		key := path[strings.LastIndex(path, ".")+1:]
		if countColumn(key) && n >= 1 && n <= 4 && n == float64(int(n)) {
			t.Errorf("JSON %s = %v", path, n)
		}
	})
}

func record(t *testing.T, f *fixture, p store.Participation) {
	t.Helper()
	p.AnonymousRef = sql.NullString{String: uuid.NewString(), Valid: true}
	p.Act, p.ScopeType = "comment", "municipality"
	if err := f.store.RecordParticipation(context.Background(), f.demo.ID, p); err != nil {
		t.Fatal(err)
	}
}

var tableCell = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
var tag = regexp.MustCompile(`<[^>]*>`)

// smallCountCells returns the table cells whose whole text is a number from
// 1 to 4 (digits and spaces only: shares, rates and ratios carry a sign or
// a decimal separator, dates and names carry letters).
func smallCountCells(body string) []string {
	var found []string
	for _, m := range tableCell.FindAllStringSubmatch(body, -1) {
		if isSmallCount(tag.ReplaceAllString(m[1], "")) {
			found = append(found, m[0])
		}
	}
	return found
}

func isSmallCount(v string) bool {
	v = strings.Join(strings.Fields(strings.ReplaceAll(v, "\u00a0", " ")), "")
	n, err := strconv.Atoi(v)
	return err == nil && n >= 1 && n <= 4
}

// countColumn reports whether a CSV column or JSON key holds a count of
// people.
func countColumn(name string) bool {
	name = strings.ToLower(name)
	for _, w := range []string{"participants", "residents", "population", "count", "web", "meeting", "paper", "phone", "assisted", "unknown"} {
		if strings.Contains(name, w) && !strings.Contains(name, "share") && !strings.Contains(name, "rate") && !strings.Contains(name, "ratio") {
			return true
		}
	}
	return false
}

func walkJSON(v any, path string, visit func(string, float64)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			walkJSON(x, path+"."+k, visit)
		}
	case []any:
		for i, x := range v {
			walkJSON(x, fmt.Sprintf("%s[%d]", path, i), visit)
		}
	case float64:
		visit(path, v)
	}
}
