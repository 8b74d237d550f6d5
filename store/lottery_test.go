package store_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

func newDraw(m *store.Municipality, official *store.User) store.LotteryDraw {
	now := time.Now().UTC().Truncate(time.Microsecond)
	return store.LotteryDraw{
		MunicipalityID: m.ID, CreatedBy: official.ID,
		Purpose: "Invitasjoner til budsjettmøtet i Bråtane", FileName: "folkeregister-utdrag.csv",
		FileSHA256:   strings.Repeat("ab", 32),
		RegisterRows: 40, HouseholdColumn: "household", Households: 31,
		LettersAsked: 6, LettersDrawn: 5, Seed: math.MaxUint64, Prior: 200,
		RatesFrom: now.AddDate(-2, 0, 0), RatesTo: now,
		// Out of order on purpose: the store returns them in segment order.
		Segments: []store.LotteryDrawSegment{
			{Area: "A1", AgeBand: "80+", Gender: "male", RegisterRows: 3, Allocated: 1, Letters: 1},
			{Area: "A1", AgeBand: "16-19", Gender: "female", RegisterRows: 25, Allocated: 4, Letters: 3},
			{Area: "A1", AgeBand: "20-29", Gender: "female", RegisterRows: 12, Allocated: 1, Letters: 1},
		},
	}
}

func TestLotteryDrawsAreStoredAndReadBackPerMunicipality(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, _ := newMunicipality(t, st, "a", "a.example")
	other, _ := newMunicipality(t, st, "b", "b.example")
	official, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: "o@example.no", PasswordHash: "h", DisplayName: "Ola Saksbehandler", Role: store.RoleOfficial})
	if err != nil {
		t.Fatal(err)
	}

	want := newDraw(m, official)
	id, err := st.CreateLotteryDraw(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.LotteryDraw(ctx, m.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.Seed != math.MaxUint64 || got.Purpose != want.Purpose || got.FileSHA256 != want.FileSHA256 ||
		got.RegisterRows != 40 || got.Households != 31 || got.HouseholdColumn != "household" ||
		got.LettersAsked != 6 || got.LettersDrawn != 5 || got.Prior != 200 || got.CreatedBy != official.ID ||
		!got.RatesFrom.Equal(want.RatesFrom) || !got.RatesTo.Equal(want.RatesTo) || got.CreatedAt.IsZero() {
		t.Fatalf("read back %+v, stored %+v", got, want)
	}
	wantSegments := []store.LotteryDrawSegment{want.Segments[1], want.Segments[2], want.Segments[0]}
	if !reflect.DeepEqual(got.Segments, wantSegments) {
		t.Fatalf("segments in segment order:\n got %+v\nwant %+v", got.Segments, wantSegments)
	}

	entries, err := st.AuditLog(ctx, m.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != "lottery.drawn" || entries[0].TargetID != strconv.FormatInt(id, 10) ||
		entries[0].ActorName != "Ola Saksbehandler" || !strings.Contains(entries[0].Details, `"seed": "18446744073709551615"`) {
		t.Fatalf("the draw is in the audit log: %+v", entries)
	}

	// Another municipality sees nothing of it.
	if _, err := st.LotteryDraw(ctx, other.ID, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another municipality's draw: %v, want ErrNotFound", err)
	}
	if list, err := st.LotteryDraws(ctx, other.ID, 10); err != nil || len(list) != 0 {
		t.Fatalf("another municipality lists %d draws (%v)", len(list), err)
	}

	// The list is newest first and has no segments.
	second := newDraw(m, official)
	second.Purpose, second.Seed, second.HouseholdColumn = "Ungdomspanel", 0, ""
	secondID, err := st.CreateLotteryDraw(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.LotteryDraws(ctx, m.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != secondID || list[1].ID != id || list[0].Seed != 0 || list[0].Segments != nil {
		t.Fatalf("newest first: %+v", list)
	}
	if list, _ := st.LotteryDraws(ctx, m.ID, 1); len(list) != 1 || list[0].ID != secondID {
		t.Fatalf("the limit: %+v", list)
	}
}

func TestLotteryDrawChecks(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, _ := newMunicipality(t, st, "a", "a.example")
	official, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: "o@example.no", PasswordHash: "h", DisplayName: "O", Role: store.RoleOfficial})
	if err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(d *store.LotteryDraw){
		"empty purpose":          func(d *store.LotteryDraw) { d.Purpose = "" },
		"purpose over 200":       func(d *store.LotteryDraw) { d.Purpose = strings.Repeat("å", 201) },
		"SHA-256 not hex":        func(d *store.LotteryDraw) { d.FileSHA256 = strings.Repeat("AB", 32) },
		"SHA-256 too short":      func(d *store.LotteryDraw) { d.FileSHA256 = "abc" },
		"empty file name":        func(d *store.LotteryDraw) { d.FileName = "" },
		"no register rows":       func(d *store.LotteryDraw) { d.RegisterRows = 0 },
		"no households":          func(d *store.LotteryDraw) { d.Households = 0 },
		"no letters asked":       func(d *store.LotteryDraw) { d.LettersAsked = 0 },
		"rates period backwards": func(d *store.LotteryDraw) { d.RatesFrom = d.RatesTo.Add(time.Hour) },
		"more letters than allocated": func(d *store.LotteryDraw) {
			d.Segments[0].Letters = d.Segments[0].Allocated + 1
		},
		"more allocated than rows": func(d *store.LotteryDraw) {
			d.Segments[0].Allocated, d.Segments[0].Letters = d.Segments[0].RegisterRows+1, 0
		},
		"age band not a band": func(d *store.LotteryDraw) { d.Segments[0].AgeBand = "young" },
		"unknown gender":      func(d *store.LotteryDraw) { d.Segments[0].Gender = "other" },
		"empty area":          func(d *store.LotteryDraw) { d.Segments[0].Area = "" },
		"a segment twice":     func(d *store.LotteryDraw) { d.Segments[1] = d.Segments[0] },
		"another municipality's official": func(d *store.LotteryDraw) {
			other, _ := newMunicipality(t, st, "b", "b.example")
			u, err := st.CreateUser(ctx, other.ID, store.NewUser{Email: "x@example.no", PasswordHash: "h", DisplayName: "X", Role: store.RoleOfficial})
			if err != nil {
				t.Fatal(err)
			}
			d.CreatedBy = u.ID
		},
	} {
		d := newDraw(m, official)
		change(&d)
		_, err := st.CreateLotteryDraw(ctx, d)
		var pqErr *pq.Error
		if !errors.As(err, &pqErr) || (pqErr.Code != "23514" && pqErr.Code != "23505" && pqErr.Code != "23503") {
			t.Errorf("%s: got %v, want a constraint violation", name, err)
		}
	}
	// Nothing of a refused draw is left, not even its audit entry.
	if list, err := st.LotteryDraws(ctx, m.ID, 100); err != nil || len(list) != 0 {
		t.Fatalf("refused draws were stored: %d (%v)", len(list), err)
	}
	if entries, err := st.AuditLog(ctx, m.ID, 100); err != nil || len(entries) != 0 {
		t.Fatalf("refused draws were audited: %+v (%v)", entries, err)
	}
}
