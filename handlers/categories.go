package handlers

import (
	"errors"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

const (
	categoriesPath = "/admin/categories"
	// categoryNameMax bounds a category's name in one language.
	categoryNameMax = 80
)

// categorySlug matches the schema's check on categories.slug.
var categorySlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// categoryLanguage is one name field of the category form.
type categoryLanguage struct {
	Code, Name, Field string
	Required          bool
}

type categoryRow struct {
	ID         int64
	Slug, Name string
}

type categoriesData struct {
	Categories []categoryRow
	Languages  []categoryLanguage
}

// categoriesPage lists the categories in use and the form's languages: the
// municipality's enabled ones, its default language first and required.
func (h *Handler) categoriesPage(c *fiber.Ctx) (*Page, *categoriesData, error) {
	m := municipality(c)
	cats, err := h.Store.Categories(c.UserContext(), m.ID)
	if err != nil {
		return nil, nil, err
	}
	p := h.page(c, nil)
	d := &categoriesData{Categories: make([]categoryRow, len(cats))}
	for i, cat := range cats {
		d.Categories[i] = categoryRow{ID: cat.ID, Slug: cat.Slug, Name: cat.Name(p.L.Lang)}
	}
	d.Languages = append(d.Languages, categoryLanguage{
		Code: m.DefaultLocale, Name: locales.Names[m.DefaultLocale], Field: "name_" + m.DefaultLocale, Required: true,
	})
	for _, code := range locales.Supported {
		if code != m.DefaultLocale && enabled(m, code) {
			d.Languages = append(d.Languages, categoryLanguage{Code: code, Name: locales.Names[code], Field: "name_" + code})
		}
	}
	p.Data = d
	return p, d, nil
}

// AdminCategories shows the proposal categories and the form to add one.
func (h *Handler) AdminCategories(c *fiber.Ctx) error {
	p, _, err := h.categoriesPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "admin_categories", p)
}

// CreateCategory adds a category with a name in the default language and,
// if given, in the other enabled languages.
func (h *Handler) CreateCategory(c *fiber.Ctx) error {
	m, admin := municipality(c), currentUser(c)
	p, d, err := h.categoriesPage(c)
	if err != nil {
		return err
	}
	fields := []string{"slug"}
	for _, l := range d.Languages {
		fields = append(fields, l.Field)
	}
	p.Form = formValues(c, fields...)
	errs := newFieldErrors(p.L)
	switch slug := p.Form["slug"]; {
	case slug == "":
		errs.add("slug", "categories.slug_required")
	case !categorySlug.MatchString(slug):
		errs.add("slug", "categories.slug_invalid")
	}
	names := map[string]string{}
	for _, l := range d.Languages {
		name := p.Form[l.Field]
		switch n := utf8.RuneCountInString(name); {
		case n == 0 && l.Required:
			errs.set(l.Field, p.L.T("categories.name_required", "Language", l.Name))
		case n > categoryNameMax:
			errs.set(l.Field, p.L.T("categories.name_long", "Language", l.Name))
		case n > 0:
			names[l.Code] = name
		}
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "admin_categories", p)
	}
	_, err = h.Store.CreateCategory(c.UserContext(), m.ID, admin.ID, p.Form["slug"], names)
	if errors.Is(err, store.ErrConflict) {
		errs.add("slug", "categories.slug_taken")
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "admin_categories", p)
	}
	if err != nil {
		return err
	}
	h.flash(c, "categories.flash_created")
	return c.Redirect(categoriesPath, fiber.StatusSeeOther)
}

// ArchiveCategory takes a category out of use.
func (h *Handler) ArchiveCategory(c *fiber.Ctx) error {
	m, admin := municipality(c), currentUser(c)
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	if err := h.Store.ArchiveCategory(c.UserContext(), m.ID, admin.ID, id); err != nil {
		return notFoundAs404(err)
	}
	h.flash(c, "categories.flash_archived")
	return c.Redirect(categoriesPath, fiber.StatusSeeOther)
}
