package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestCategoriesAdmin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	wantStatus(t, f.signedIn(officialEmail).get("/admin/categories"), http.StatusForbidden)
	wantStatus(t, f.signedIn(residentEmail).do(http.MethodPost, "/admin/categories", url.Values{}), http.StatusForbidden)

	admin := f.signedIn(adminEmail)
	page := admin.get("/admin/categories")
	wantStatus(t, page, http.StatusOK)
	page.mustContain(t, "Kategorier for forslag", "Navn på Bokmål", "Navn på Nynorsk (valgfritt)")

	// The default language's name is required, the slug checked.
	r := admin.post("/admin/categories", "/admin/categories", url.Values{"slug": {"Parker Og Grønt"}, "name_nn": {"Parkar"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Skriv navnet på Bokmål.", "Bruk bare små bokstaver a–z", `value="Parkar"`, `value="Parker Og Grønt"`)

	r = admin.post("/admin/categories", "/admin/categories", url.Values{"slug": {"parker-test"}, "name_nb": {"Parker (test)"}, "name_nn": {"Parkar (test)"}})
	wantStatus(t, r, http.StatusSeeOther)
	page = admin.get("/admin/categories")
	page.mustContain(t, "Kategorien er lagt til.", "Parker (test)", "parker-test")
	admin.get("/admin/categories?lang=nn").mustContain(t, "Parkar (test)")

	// A used slug is refused.
	r = admin.post("/admin/categories?lang=nb", "/admin/categories", url.Values{"slug": {"parker-test"}, "name_nb": {"Annet"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r.mustContain(t, "Dette kortnavnet er allerede brukt")

	// The category is offered on the proposal form, and archiving removes it.
	var id int64
	cats, err := f.store.Categories(ctx, f.demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		if c.Slug == "parker-test" {
			id = c.ID
		}
	}
	if id == 0 {
		t.Fatal("the category was not created")
	}
	resident := f.signedIn(residentEmail)
	resident.get("/proposals/new").mustContain(t, "Parker (test)")
	r = admin.post("/admin/categories", "/admin/categories/"+strconv.FormatInt(id, 10)+"/archive", url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	admin.get("/admin/categories").mustContain(t, "Kategorien er arkivert.")
	if strings.Contains(resident.get("/proposals/new").text(), "Parker (test)") {
		t.Error("an archived category is still offered")
	}
	wantStatus(t, admin.post("/admin/categories", "/admin/categories/999999999/archive", url.Values{}), http.StatusNotFound)

	var audited bool
	entries, err := f.store.AuditLog(ctx, f.demo.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		audited = audited || e.Action == "category.archived"
	}
	if !audited {
		t.Error("archiving is not audited")
	}
}
