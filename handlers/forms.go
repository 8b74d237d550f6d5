package handlers

import (
	"database/sql"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/internal/password"
	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// formValues copies the named fields of a submitted form, trimmed, so that a
// form re-rendered after an error shows what the user typed.
func formValues(c *fiber.Ctx, names ...string) map[string]string {
	values := make(map[string]string, len(names))
	for _, n := range names {
		values[n] = strings.TrimSpace(c.FormValue(n))
	}
	return values
}

// fieldErrors collects one translated message per invalid field.
type fieldErrors struct {
	l      *locales.Localizer
	errors map[string]string
}

func newFieldErrors(l *locales.Localizer) *fieldErrors {
	return &fieldErrors{l: l, errors: map[string]string{}}
}

func (e *fieldErrors) add(field, messageID string) {
	if _, exists := e.errors[field]; !exists {
		e.errors[field] = e.l.T(messageID)
	}
}

func (e *fieldErrors) any() bool { return len(e.errors) > 0 }

func (e *fieldErrors) checkEmail(field, value string) {
	switch {
	case value == "":
		e.add(field, "validate.email_required")
	case !validEmail(value):
		e.add(field, "validate.email_invalid")
	}
}

func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

func (e *fieldErrors) checkNewPassword(field, value string) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0:
		e.add(field, "validate.password_required")
	case n < password.MinLength:
		e.add(field, "validate.password_short")
	case n > password.MaxLength:
		e.add(field, "validate.password_long")
	}
}

func (e *fieldErrors) checkDisplayName(field, value string) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0:
		e.add(field, "validate.display_name_required")
	case n > 80:
		e.add(field, "validate.display_name_long")
	}
}

// profileFields are the optional demographic questions' form fields.
var profileFields = []string{"area", "birth_year", "gender", "consent"}

// parseProfile validates the optional demographic questions. Consent is only
// required when at least one question is answered.
func (e *fieldErrors) parseProfile(form map[string]string, areas []store.Area, now time.Time) store.Profile {
	var p store.Profile
	p.AreaID = e.parseArea(form["area"], areas)
	if v := form["birth_year"]; v != "" {
		year, err := strconv.Atoi(v)
		if err != nil || len(v) != 4 || year < now.Year()-120 || year > now.Year()-10 {
			e.add("birth_year", "validate.birth_year_invalid")
		} else {
			p.BirthYear = sql.NullInt32{Int32: int32(year), Valid: true}
		}
	}
	p.Gender = e.parseGender(form["gender"])
	if !p.Empty() && form["consent"] == "" {
		e.add("consent", "validate.consent_required")
	}
	return p
}

// parseGender accepts an empty answer (not given) or one of the genders a
// resident may declare.
func (e *fieldErrors) parseGender(v string) sql.NullString {
	switch v {
	case "":
	case "female", "male", "other":
		return sql.NullString{String: v, Valid: true}
	default:
		e.add("gender", "validate.gender_invalid")
	}
	return sql.NullString{}
}

// parseArea reads an optional area field: empty is none, anything but one of
// areas is an error.
func (e *fieldErrors) parseArea(v string, areas []store.Area) sql.NullInt64 {
	if v == "" {
		return sql.NullInt64{}
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !hasArea(areas, id) {
		e.add("area", "validate.area_invalid")
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: id, Valid: true}
}

// parseAgeBand reads an optional age band: empty is not known, anything but
// one of bands is an error.
func (e *fieldErrors) parseAgeBand(v string, bands []string) sql.NullString {
	if v == "" {
		return sql.NullString{}
	}
	if !isOneOf(bands, v) {
		e.add("age_band", "proposal.age_band_invalid")
		return sql.NullString{}
	}
	return sql.NullString{String: v, Valid: true}
}

func hasArea(areas []store.Area, id int64) bool {
	for _, a := range areas {
		if a.ID == id {
			return true
		}
	}
	return false
}

// profileForm fills the form fields from a stored profile.
func profileForm(form map[string]string, p store.Profile) {
	if p.AreaID.Valid {
		form["area"] = strconv.FormatInt(p.AreaID.Int64, 10)
	}
	if p.BirthYear.Valid {
		form["birth_year"] = strconv.Itoa(int(p.BirthYear.Int32))
	}
	form["gender"] = p.Gender.String
	if !p.Empty() {
		form["consent"] = "yes"
	}
}

// safeNext accepts only a local path as a place to return to after signing in.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}
