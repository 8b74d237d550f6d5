package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/store"
)

func TestRegisterLoginLogout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	areas, _ := f.store.Areas(context.Background(), f.demo.ID)

	r := c.post("/register", "/register", url.Values{
		"email": {"Nora@Example.no"}, "password": {"a long enough password"}, "display_name": {"Nora"},
		"area": {itoa(areas[0].ID)}, "birth_year": {"2004"}, "gender": {"female"}, "consent": {"yes"},
	})
	if r.status != 303 || r.location != "/" {
		t.Fatalf("register: status %d, location %q\n%s", r.status, r.location, r.body)
	}
	home := c.get("/?lang=en")
	if !strings.Contains(home.body, "Signed in as Nora") || !strings.Contains(home.body, "Welcome!") {
		t.Fatal("after registering the resident is signed in and welcomed")
	}
	u, err := f.store.UserByEmail(context.Background(), f.demo.ID, "nora@example.no")
	if err != nil || u.Role != store.RoleResident {
		t.Fatalf("registered user: %v %v", u, err)
	}
	profile, _ := f.store.ProfileOf(context.Background(), f.demo.ID, u.ID)
	if profile.BirthYear.Int32 != 2004 || profile.AreaID.Int64 != areas[0].ID || profile.ConsentAt.IsZero() {
		t.Fatalf("profile stored with consent: %+v", profile)
	}

	r = c.post("/", "/logout", url.Values{})
	if r.status != 303 {
		t.Fatalf("logout: %d", r.status)
	}
	if home := c.get("/?lang=en"); strings.Contains(home.body, "Signed in as") || !strings.Contains(home.body, "You are signed out.") {
		t.Fatal("after logout the visitor is anonymous")
	}
	if r := c.get("/account"); r.status != 303 || !strings.HasPrefix(r.location, "/login?next=") {
		t.Fatalf("account needs a session: %d %q", r.status, r.location)
	}

	r = c.login("nora@example.no", "a long enough password")
	if r.status != 303 {
		t.Fatalf("login: %d", r.status)
	}
	if r := c.get("/account?lang=en"); r.status != 200 || !strings.Contains(r.body, "nora@example.no") {
		t.Fatalf("account page after login: %d", r.status)
	}
}

func TestLoginReturnsToNextButOnlyLocally(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for next, want := range map[string]string{"/account": "/account", "https://evil.example/": "/", "//evil.example": "/"} {
		c := f.client()
		r := c.post("/login?next="+url.QueryEscape(next), "/login", url.Values{
			"email": {"resident@fjordvik.example"}, "password": {store.DemoPassword}, "next": {next},
		})
		if r.status != 303 || r.location != want {
			t.Errorf("next=%q: status %d, location %q, want %q", next, r.status, r.location, want)
		}
	}
}

func TestSessionIsRegeneratedOnLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.post("/login", "/login", url.Values{"email": {"nobody@example.no"}, "password": {"wrong password"}})
	c.get("/?lang=en") // a session may exist before login
	before := c.cookies["medvirk_session"]
	beforeCSRF := c.cookies["medvirk_csrf"]
	c.login("resident@fjordvik.example", store.DemoPassword)
	after := c.cookies["medvirk_session"]
	if after == "" || after == before {
		t.Fatalf("login must issue a new session id: before %q after %q", before, after)
	}
	if c.cookies["medvirk_csrf"] == beforeCSRF {
		t.Fatal("login must rotate the CSRF token")
	}
	old := f.client()
	old.cookies["medvirk_session"] = before
	if r := old.get("/?lang=en"); strings.Contains(r.body, "Signed in as") {
		t.Fatal("the pre-login session id must not be signed in")
	}
}

func TestWrongPasswordKeepsEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=nn")
	r := c.login("resident@fjordvik.example", "not the password")
	if r.status != 422 {
		t.Fatalf("wrong password: status %d", r.status)
	}
	if !strings.Contains(r.body, `value="resident@fjordvik.example"`) {
		t.Error("the typed email is kept")
	}
	if !strings.Contains(r.body, "E-postadressa eller passordet er ikkje rett.") {
		t.Errorf("a translated error in nynorsk is shown:\n%s", r.body)
	}
	if strings.Contains(r.body, "not the password") {
		t.Error("the password is never echoed back")
	}
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cases := []struct {
		name  string
		form  url.Values
		field string
		text  string
	}{
		{"short password", url.Values{"email": {"a@example.no"}, "password": {"short"}, "display_name": {"A"}}, "password", "at least 10 characters"},
		{"bad email", url.Values{"email": {"not-an-email"}, "password": {"long enough pw"}, "display_name": {"A"}}, "email", "Enter an email address like"},
		{"no name", url.Values{"email": {"a@example.no"}, "password": {"long enough pw"}, "display_name": {"  "}}, "display_name", "Enter the name others will see."},
		{"profile without consent", url.Values{"email": {"a@example.no"}, "password": {"long enough pw"}, "display_name": {"A"}, "birth_year": {"1990"}}, "consent", "Tick the box"},
		{"impossible birth year", url.Values{"email": {"a@example.no"}, "password": {"long enough pw"}, "display_name": {"A"}, "birth_year": {"1776"}, "consent": {"yes"}}, "birth_year", "four digits"},
		{"duplicate email", url.Values{"email": {"RESIDENT@fjordvik.example"}, "password": {"long enough pw"}, "display_name": {"A"}}, "email", "already has an account"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := f.client()
			c.get("/?lang=en")
			r := c.post("/register", "/register", tc.form)
			if r.status != 422 {
				t.Fatalf("status %d", r.status)
			}
			if !strings.Contains(r.body, tc.text) || !strings.Contains(r.body, `id="`+tc.field+`-error"`) {
				t.Errorf("want message %q on field %s", tc.text, tc.field)
			}
			if v := tc.form.Get("display_name"); strings.TrimSpace(v) != "" && !strings.Contains(r.body, `value="`+v+`"`) {
				t.Error("typed values are kept")
			}
		})
	}
	if _, total, _ := f.store.Users(context.Background(), f.demo.ID, store.UserFilter{}); total != len(store.DemoAccounts) {
		t.Errorf("no account was created by invalid forms: %d users", total)
	}
}

func TestPostWithoutCSRFIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=en")
	r := c.do("POST", "/login", url.Values{"email": {"resident@fjordvik.example"}, "password": {store.DemoPassword}})
	if r.status != 403 || !strings.Contains(r.body, "The form has expired") {
		t.Fatalf("POST without _csrf: status %d", r.status)
	}
	r = c.do("POST", "/login", url.Values{"email": {"resident@fjordvik.example"}, "password": {store.DemoPassword}, "_csrf": {"forged"}})
	if r.status != 403 {
		t.Fatalf("POST with a forged _csrf: status %d", r.status)
	}
	if r := c.get("/?lang=en"); strings.Contains(r.body, "Signed in as") {
		t.Fatal("a refused POST signs nobody in")
	}
}

func TestRolesAreEnforced(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	anon := f.client()
	if r := anon.get("/admin/users"); r.status != 303 || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("anonymous: %d %q", r.status, r.location)
	}
	for _, role := range []string{"resident", "official", "moderator"} {
		c := f.client()
		c.get("/?lang=da")
		c.login(role+"@fjordvik.example", store.DemoPassword)
		r := c.get("/admin/users")
		if r.status != 403 || langOf(r.body) != "da" || !strings.Contains(r.body, "Du har ikke adgang") {
			t.Errorf("%s on the admin page: status %d, lang %q", role, r.status, langOf(r.body))
		}
	}

	admin := f.client()
	admin.get("/?lang=en")
	admin.login("admin@fjordvik.example", store.DemoPassword)
	r := admin.get("/admin/users")
	if r.status != 200 || !strings.Contains(r.body, "resident@fjordvik.example") {
		t.Fatalf("admin sees the users: %d", r.status)
	}
	resident, _ := f.store.UserByEmail(context.Background(), f.demo.ID, "resident@fjordvik.example")
	r = admin.post("/admin/users", "/admin/users/"+itoa(resident.ID)+"/role", url.Values{"role": {"official"}})
	if r.status != 303 {
		t.Fatalf("set role: %d", r.status)
	}
	got, _ := f.store.UserByID(context.Background(), f.demo.ID, resident.ID)
	if got.Role != store.RoleOfficial {
		t.Fatalf("role after change: %s", got.Role)
	}
	log, _ := f.store.AuditLog(context.Background(), f.demo.ID, 5)
	if len(log) == 0 || log[0].Action != "user.role_changed" {
		t.Fatalf("the change is audited: %+v", log)
	}

	// A moderator cannot change roles even with a valid form token.
	res := f.client()
	res.login("moderator@fjordvik.example", store.DemoPassword)
	r = res.post("/", "/admin/users/"+itoa(resident.ID)+"/role", url.Values{"role": {"admin"}})
	if r.status != 403 {
		t.Fatalf("a moderator posting a role change: %d", r.status)
	}
	if got, _ := f.store.UserByID(context.Background(), f.demo.ID, resident.ID); got.Role != store.RoleOfficial {
		t.Fatalf("role changed by a non-admin: %s", got.Role)
	}
}

func TestTenancyIsolation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := f.addMunicipality("nabovik", "NO", "nb", "en")
	c := f.client()
	c.host = "nabovik.localhost"
	r := c.login("resident@fjordvik.example", store.DemoPassword)
	if r.status != 422 {
		t.Fatalf("a Fjordvik account cannot sign in to Nabovik: status %d", r.status)
	}

	// A session made in Fjordvik is not valid in Nabovik.
	fj := f.client()
	fj.login("admin@fjordvik.example", store.DemoPassword)
	fj.host = "nabovik.localhost"
	if r := fj.get("/admin/users"); r.status != 303 {
		t.Fatalf("a Fjordvik session on Nabovik's admin page: status %d", r.status)
	}
	if r := fj.get("/?lang=en"); strings.Contains(r.body, "Signed in as") || !strings.Contains(r.body, other.Name) {
		t.Fatal("Nabovik's page shows no Fjordvik user")
	}
}

func TestLoginIsRateLimitedPerAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=en")
	for i := 0; i < 5; i++ {
		if r := c.login("official@fjordvik.example", "wrong password"); r.status != 422 {
			t.Fatalf("failure %d: status %d", i+1, r.status)
		}
	}
	last := c.login("official@fjordvik.example", "wrong password")
	if last.status != 429 || !strings.Contains(last.body, "Too many attempts") || !strings.Contains(last.body, `value="official@fjordvik.example"`) {
		t.Fatalf("after 5 failures: status %d", last.status)
	}
	// Even the right password is refused while the limit holds.
	if r := c.login("official@fjordvik.example", store.DemoPassword); r.status != 429 {
		t.Fatalf("right password during the lock-out: %d", r.status)
	}
	// Another account from the same address still signs in.
	if r := c.login("moderator@fjordvik.example", store.DemoPassword); r.status != 303 {
		t.Fatalf("another account signs in: %d", r.status)
	}
}

func TestLoginIsRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	for i := 0; i < 20; i++ {
		if r := c.login("guess"+strconv.Itoa(i)+"@fjordvik.example", "wrong password"); r.status != 422 {
			t.Fatalf("failure %d: status %d", i+1, r.status)
		}
	}
	if r := c.login("admin@fjordvik.example", store.DemoPassword); r.status != 429 {
		t.Fatalf("after 20 failures from one address: status %d", r.status)
	}
}

func TestChangePasswordAndDeleteAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=en")
	c.login("resident@fjordvik.example", store.DemoPassword)

	r := c.post("/account", "/account/password", url.Values{"current_password": {"wrong"}, "new_password": {"brand new password"}})
	if r.status != 422 || !strings.Contains(r.body, "The current password is not correct.") {
		t.Fatalf("wrong current password: %d", r.status)
	}
	r = c.post("/account", "/account/password", url.Values{"current_password": {store.DemoPassword}, "new_password": {"brand new password"}})
	if r.status != 303 {
		t.Fatalf("change password: %d", r.status)
	}
	if r := c.get("/account"); !strings.Contains(r.body, "Your password has been changed.") {
		t.Fatal("confirmation shown")
	}
	other := f.client()
	if r := other.login("resident@fjordvik.example", store.DemoPassword); r.status != 422 {
		t.Fatalf("the old password no longer works: %d", r.status)
	}

	r = c.post("/account", "/account/delete", url.Values{"password": {"wrong"}})
	if r.status != 422 {
		t.Fatalf("delete with a wrong password: %d", r.status)
	}
	r = c.post("/account", "/account/delete", url.Values{"password": {"brand new password"}})
	if r.status != 303 {
		t.Fatalf("delete: %d", r.status)
	}
	if r := c.get("/?lang=en"); strings.Contains(r.body, "Signed in as") || !strings.Contains(r.body, "Your account has been deleted.") {
		t.Fatal("signed out after deletion")
	}
	if r := other.login("resident@fjordvik.example", "brand new password"); r.status != 422 {
		t.Fatalf("a deleted account cannot sign in: %d", r.status)
	}
}

func TestUpdateProfile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=en")
	c.login("resident@fjordvik.example", store.DemoPassword)
	r := c.post("/account", "/account/profile", url.Values{"display_name": {""}, "birth_year": {"abcd"}})
	if r.status != 422 || !strings.Contains(r.body, "Enter the name others will see.") || !strings.Contains(r.body, `value="abcd"`) {
		t.Fatalf("invalid profile: %d", r.status)
	}
	r = c.post("/account", "/account/profile", url.Values{"display_name": {"Ingrid H."}})
	if r.status != 303 {
		t.Fatalf("save profile: %d", r.status)
	}
	u, _ := f.store.UserByEmail(context.Background(), f.demo.ID, "resident@fjordvik.example")
	p, _ := f.store.ProfileOf(context.Background(), f.demo.ID, u.ID)
	if u.DisplayName != "Ingrid H." || !p.Empty() {
		t.Fatalf("name saved and empty answers withdraw the profile: %q %+v", u.DisplayName, p)
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, _ := f.store.UserByEmail(ctx, f.demo.ID, "resident@fjordvik.example")
	if err := f.store.Notify(ctx, f.demo.ID, u.ID, "flash.role_changed", nil, "/account"); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	c.get("/?lang=en")
	c.login("resident@fjordvik.example", store.DemoPassword)
	r := c.get("/notifications")
	if !strings.Contains(r.body, "The role has been changed.") || !strings.Contains(r.body, `class="badge">1`) {
		t.Fatalf("notification listed with an unread count:\n%s", r.body)
	}
	c.post("/notifications", "/notifications/read", url.Values{})
	if n, _ := f.store.UnreadCount(ctx, f.demo.ID, u.ID); n != 0 {
		t.Fatalf("unread after marking: %d", n)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAdminCannotDemoteThemselves(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.get("/?lang=en")
	c.login("admin@fjordvik.example", store.DemoPassword)
	admin, _ := f.store.UserByEmail(context.Background(), f.demo.ID, "admin@fjordvik.example")
	r := c.post("/admin/users", "/admin/users/"+itoa(admin.ID)+"/role", url.Values{"role": {"resident"}})
	if r.status != 303 {
		t.Fatalf("status %d", r.status)
	}
	if page := c.get("/admin/users"); page.status != 200 || !strings.Contains(page.body, "You cannot take the administrator role from yourself.") {
		t.Fatalf("the admin keeps access and is told why: %d", page.status)
	}
	if got, _ := f.store.UserByID(context.Background(), f.demo.ID, admin.ID); got.Role != store.RoleAdmin {
		t.Fatalf("role: %s", got.Role)
	}
}

func TestExportData(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, _ := f.store.UserByEmail(ctx, f.demo.ID, "resident@fjordvik.example")
	if err := f.store.RecordParticipation(ctx, f.demo.ID, store.Participation{
		UserID: sql.NullInt64{Int64: u.ID, Valid: true}, Act: "comment", ScopeType: "municipality", Channel: store.ChannelWeb,
	}); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	if r := c.get("/account/data.json"); r.status != 303 {
		t.Fatalf("anonymous export: %d", r.status)
	}
	c.login("resident@fjordvik.example", store.DemoPassword)
	r := c.get("/account/data.json")
	if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %q", r.status, r.header.Get("Content-Disposition"))
	}
	var data struct {
		Account struct {
			Email string `json:"email"`
		} `json:"account"`
		Profile struct {
			Area      string `json:"area"`
			BirthYear int    `json:"birth_year"`
		} `json:"profile"`
		Participation []struct {
			Act     string `json:"act"`
			Channel string `json:"channel"`
		} `json:"participation"`
	}
	if err := json.Unmarshal([]byte(r.body), &data); err != nil {
		t.Fatal(err)
	}
	if data.Account.Email != "resident@fjordvik.example" || data.Profile.Area != "Havnebyen" || data.Profile.BirthYear != 1991 ||
		len(data.Participation) != 1 || data.Participation[0].Act != "comment" {
		t.Fatalf("export content: %+v", data)
	}
}
