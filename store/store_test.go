package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// newMunicipality creates a tenant with one area for a test.
func newMunicipality(t *testing.T, st *store.Store, slug string, hosts ...string) (*store.Municipality, *store.Area) {
	t.Helper()
	ctx := context.Background()
	m, err := st.CreateMunicipality(ctx, store.NewMunicipality{
		Slug: slug, Name: slug, Country: "NO", DefaultLocale: "nb",
		EnabledLocales: []string{"nb", "nn", "da", "en"}, TimeZone: "Europe/Oslo", Hostnames: hosts,
	})
	if err != nil {
		t.Fatalf("create municipality %s: %v", slug, err)
	}
	a, err := st.CreateArea(ctx, m.ID, "A1", "Sentrum")
	if err != nil {
		t.Fatalf("create area: %v", err)
	}
	return m, a
}

func TestMunicipalityForHost(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()

	if _, err := st.MunicipalityForHost(ctx, "anything.example"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no municipality: want ErrNotFound, got %v", err)
	}
	first, _ := newMunicipality(t, st, "first", "first.example")
	got, err := st.MunicipalityForHost(ctx, "unknown.example")
	if err != nil || got.ID != first.ID {
		t.Fatalf("a single municipality serves every host: got %v, %v", got, err)
	}
	second, _ := newMunicipality(t, st, "second", "second.example")
	got, err = st.MunicipalityForHost(ctx, "SECOND.example")
	if err != nil || got.ID != second.ID {
		t.Fatalf("host lookup is case-insensitive: got %v, %v", got, err)
	}
	if _, err := st.MunicipalityForHost(ctx, "unknown.example"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("several municipalities and an unknown host: want ErrNotFound, got %v", err)
	}
	if _, err := st.CreateMunicipality(ctx, store.NewMunicipality{
		Slug: "third", Name: "Third", Country: "DK", DefaultLocale: "da", EnabledLocales: []string{"da"},
		TimeZone: "Europe/Copenhagen", Hostnames: []string{"first.example"},
	}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a host name belongs to one municipality: want ErrConflict, got %v", err)
	}
	if _, err := st.MunicipalityBySlug(ctx, "third"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a failed creation leaves nothing behind: got %v", err)
	}
}

func TestMunicipalityRejectsDefaultLocaleOutsideEnabled(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	_, err := st.CreateMunicipality(context.Background(), store.NewMunicipality{
		Slug: "x", Name: "X", Country: "NO", DefaultLocale: "nn", EnabledLocales: []string{"nb"}, TimeZone: "Europe/Oslo",
	})
	if err == nil {
		t.Fatal("the schema must refuse a default locale that is not enabled")
	}
}

func TestUsersAreUniquePerMunicipality(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	a, _ := newMunicipality(t, st, "a", "a.example")
	b, _ := newMunicipality(t, st, "b", "b.example")

	if _, err := st.CreateUser(ctx, a.ID, store.NewUser{Email: "Kari@Example.no", PasswordHash: "h", DisplayName: "Kari", Role: store.RoleResident}); err != nil {
		t.Fatal(err)
	}
	_, err := st.CreateUser(ctx, a.ID, store.NewUser{Email: "kari@example.no ", PasswordHash: "h", DisplayName: "Kari 2", Role: store.RoleResident})
	if !errors.Is(err, store.ErrEmailTaken) {
		t.Fatalf("same email in the same municipality: want ErrEmailTaken, got %v", err)
	}
	if _, err := st.CreateUser(ctx, b.ID, store.NewUser{Email: "kari@example.no", PasswordHash: "h", DisplayName: "Kari", Role: store.RoleResident}); err != nil {
		t.Fatalf("same email in another municipality is allowed: %v", err)
	}
	if _, err := st.UserByEmail(ctx, b.ID, "KARI@example.no"); err != nil {
		t.Fatalf("lookup normalises the email: %v", err)
	}
}

func TestUserQueriesStayInTheirMunicipality(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	a, _ := newMunicipality(t, st, "a", "a.example")
	b, _ := newMunicipality(t, st, "b", "b.example")
	u, err := st.CreateUser(ctx, a.ID, store.NewUser{Email: "ola@example.no", PasswordHash: "h", DisplayName: "Ola", Role: store.RoleResident})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UserByID(ctx, b.ID, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByID across municipalities: want ErrNotFound, got %v", err)
	}
	if _, err := st.UserByEmail(ctx, b.ID, "ola@example.no"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByEmail across municipalities: want ErrNotFound, got %v", err)
	}
	if err := st.SetRole(ctx, b.ID, 0, u.ID, store.RoleAdmin); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetRole across municipalities: want ErrNotFound, got %v", err)
	}
	if err := st.DeleteUser(ctx, b.ID, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteUser across municipalities: want ErrNotFound, got %v", err)
	}
	users, total, err := st.Users(ctx, b.ID, store.UserFilter{})
	if err != nil || total != 0 || len(users) != 0 {
		t.Errorf("Users of b lists a's users: %d %v", total, err)
	}
}

func TestProfileNeedsConsentAndAreaOfSameMunicipality(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	a, areaA := newMunicipality(t, st, "a", "a.example")
	_, areaB := newMunicipality(t, st, "b", "b.example")

	profile := store.Profile{
		AreaID:    sql.NullInt64{Int64: areaA.ID, Valid: true},
		BirthYear: sql.NullInt32{Int32: 1950, Valid: true},
		Gender:    sql.NullString{String: "male", Valid: true},
	}
	u, err := st.CreateUser(ctx, a.ID, store.NewUser{Email: "p@example.no", PasswordHash: "h", DisplayName: "P", Role: store.RoleResident, Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.ProfileOf(ctx, a.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AreaID != profile.AreaID || got.BirthYear != profile.BirthYear || got.Gender != profile.Gender || got.ConsentAt.IsZero() {
		t.Fatalf("profile round trip: got %+v", got)
	}
	foreign := profile
	foreign.AreaID = sql.NullInt64{Int64: areaB.ID, Valid: true}
	if err := st.UpdateProfile(ctx, a.ID, u.ID, "P", foreign); err == nil {
		t.Fatal("an area of another municipality must be refused by the schema")
	}
	if err := st.UpdateProfile(ctx, a.ID, u.ID, "P", store.Profile{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.ProfileOf(ctx, a.ID, u.ID); !got.Empty() {
		t.Fatalf("an empty profile withdraws consent and deletes the data, got %+v", got)
	}
}

func TestDeleteUserAnonymises(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, area := newMunicipality(t, st, "a", "a.example")
	u, err := st.CreateUser(ctx, m.ID, store.NewUser{
		Email: "gone@example.no", PasswordHash: "h", DisplayName: "Gone", Role: store.RoleResident,
		Profile: store.Profile{AreaID: sql.NullInt64{Int64: area.ID, Valid: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordParticipation(ctx, m.ID, store.Participation{
		UserID: sql.NullInt64{Int64: u.ID, Valid: true}, Act: "comment", ScopeType: "municipality", Channel: store.ChannelWeb,
		Segment: store.Segment{AreaID: sql.NullInt64{Int64: area.ID, Valid: true}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.Notify(ctx, m.ID, u.ID, "flash.welcome", nil, "/"); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteUser(ctx, m.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UserByID(ctx, m.ID, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a deleted account cannot be found: %v", err)
	}
	if _, err := st.UserByEmail(ctx, m.ID, "gone@example.no"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a deleted account's email is gone: %v", err)
	}
	if p, _ := st.ProfileOf(ctx, m.ID, u.ID); !p.Empty() {
		t.Fatalf("the profile is deleted: %+v", p)
	}
	if _, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: "gone@example.no", PasswordHash: "h", DisplayName: "New", Role: store.RoleResident}); err != nil {
		t.Fatalf("the email can be used again: %v", err)
	}
	if err := st.DeleteUser(ctx, m.ID, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting twice: want ErrNotFound, got %v", err)
	}
}

func TestSetRoleWritesAudit(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, _ := newMunicipality(t, st, "a", "a.example")
	admin, _ := st.CreateUser(ctx, m.ID, store.NewUser{Email: "admin@example.no", PasswordHash: "h", DisplayName: "Admin", Role: store.RoleAdmin})
	u, _ := st.CreateUser(ctx, m.ID, store.NewUser{Email: "u@example.no", PasswordHash: "h", DisplayName: "U", Role: store.RoleResident})
	if err := st.SetRole(ctx, m.ID, admin.ID, u.ID, store.RoleOfficial); err != nil {
		t.Fatal(err)
	}
	got, _ := st.UserByID(ctx, m.ID, u.ID)
	if got.Role != store.RoleOfficial {
		t.Fatalf("role: got %s", got.Role)
	}
	log, err := st.AuditLog(ctx, m.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "user.role_changed" || log[0].ActorName != "Admin" || log[0].TargetID != strconv.FormatInt(u.ID, 10) {
		t.Fatalf("audit log: %+v", log)
	}
}

func TestKVExpiry(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	kv := st.KV()
	if err := kv.Set("k", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, err := kv.Get("k"); err != nil || string(got) != "v" {
		t.Fatalf("get: %q %v", got, err)
	}
	if err := kv.Set("k", []byte("w"), 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := kv.Get("k"); string(got) != "w" {
		t.Fatalf("overwrite: %q", got)
	}
	if err := kv.Set("short", []byte("x"), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if got, _ := kv.Get("short"); got != nil {
		t.Fatalf("an expired key reads as absent, got %q", got)
	}
	if n, err := kv.DeleteExpired(context.Background()); err != nil || n != 1 {
		t.Fatalf("delete expired: %d %v", n, err)
	}
	if err := kv.Delete("k"); err != nil {
		t.Fatal(err)
	}
	if got, _ := kv.Get("k"); got != nil {
		t.Fatalf("deleted key: %q", got)
	}
}

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, err := st.SeedDemo(ctx, "hash")
	if err != nil {
		t.Fatal(err)
	}
	areas, _ := st.Areas(ctx, m.ID)
	if len(areas) != 8 {
		t.Errorf("areas: got %d, want 8", len(areas))
	}
	total, _ := st.PopulationTotal(ctx, m.ID)
	if total < 59000 || total > 61000 {
		t.Errorf("population: got %d, want about 60 000", total)
	}
	for _, a := range store.DemoAccounts {
		u, err := st.UserByEmail(ctx, m.ID, a.Email)
		if err != nil || u.Role != a.Role {
			t.Errorf("demo account %s: %v %v", a.Email, u, err)
		}
	}
	if _, err := st.SeedDemo(ctx, "hash"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("seeding twice: want ErrConflict, got %v", err)
	}
}

func TestImportPopulation(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	m, _ := newMunicipality(t, st, "a", "a.example") // area code A1
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := []store.PopulationRow{
		{Line: 2, AreaCode: "A1", AgeBand: "16-19", Gender: "female", Count: 40},
		{Line: 3, AreaCode: "A1", AgeBand: "16-19", Gender: "male", Count: 45},
		{Line: 4, AreaCode: "X9", AgeBand: "80+", Gender: "male", Count: 3},
		{Line: 5, AreaCode: "X9", AgeBand: "80+", Gender: "female", Count: 4},
		{Line: 6, AreaCode: "Z1", AgeBand: "80+", Gender: "female", Count: 4},
	}
	_, err := st.ImportPopulation(ctx, m.ID, asOf, "SSB 07459", rows)
	var unknown *store.UnknownAreasError
	if !errors.As(err, &unknown) || err.Error() != "unknown areas: X9 (line 4), Z1 (line 6)" {
		t.Fatalf("unknown areas are listed: %v", err)
	}
	if total, _ := st.PopulationTotal(ctx, m.ID); total != 0 {
		t.Fatalf("nothing is imported from a file with unknown areas, got %d", total)
	}
	n, err := st.ImportPopulation(ctx, m.ID, asOf, "SSB 07459", rows[:2])
	if err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	if total, _ := st.PopulationTotal(ctx, m.ID); total != 85 {
		t.Fatalf("total %d", total)
	}
	// Importing the same date again replaces it; a newer date becomes current.
	if _, err := st.ImportPopulation(ctx, m.ID, asOf, "SSB 07459", rows[:1]); err != nil {
		t.Fatal(err)
	}
	if total, _ := st.PopulationTotal(ctx, m.ID); total != 40 {
		t.Fatalf("replaced total %d", total)
	}
	if _, err := st.ImportPopulation(ctx, m.ID, asOf.AddDate(1, 0, 0), "SSB 07459 (2027)", rows[1:2]); err != nil {
		t.Fatal(err)
	}
	if total, _ := st.PopulationTotal(ctx, m.ID); total != 45 {
		t.Fatalf("the newest date is current: %d", total)
	}
	imports, err := st.PopulationImports(ctx, m.ID)
	if err != nil || len(imports) != 2 || imports[0].Source != "SSB 07459 (2027)" || imports[1].Residents != 40 {
		t.Fatalf("imports: %+v %v", imports, err)
	}
	dup := []store.PopulationRow{rows[0], rows[0]}
	if _, err := st.ImportPopulation(ctx, m.ID, asOf, "x", dup); err == nil {
		t.Fatal("a duplicate segment is refused by the schema")
	}
	if total, _ := st.PopulationTotal(ctx, m.ID); total != 45 {
		t.Fatalf("a failed import changes nothing: %d", total)
	}
}

func TestAgeBandFor(t *testing.T) {
	cases := map[int]string{15: "", 16: "16-19", 19: "16-19", 20: "20-29", 44: "30-44", 66: "45-66", 67: "67-79", 80: "80+", 104: "80+"}
	for age, want := range cases {
		if got := store.AgeBandFor(age, store.DefaultAgeBands); got != want {
			t.Errorf("age %d: got %q, want %q", age, got, want)
		}
	}
}
