package handlers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/internal/outreachcsv"
	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

const (
	populationPath = "/admin/population"
	// maxSourceLength matches the check on population_stats.source.
	maxSourceLength = 500
	// maxUnknownAreasListed bounds the list of unknown codes in one message,
	// so a file with the wrong kind of code does not flood the page.
	maxUnknownAreasListed = 10
)

// populationColumn is one column of the population file: its name, which the
// file must use as written, and the message that explains it.
type populationColumn struct {
	Name, HintID string
}

// populationColumns are the population file's columns, in order. The names
// are part of the file format, the same in every language.
var populationColumns = []populationColumn{
	{"area", "population.format_area"},
	{"age_band", "population.format_age_band"},
	{"gender", "population.format_gender"},
	{"count", "population.format_count"},
}

// populationCSVMessages explain a problem in a population file.
var populationCSVMessages = csvMessages{
	Prefix: "population",
	ColumnHints: map[string]string{
		"area":     "population.hint_area",
		"age_band": "population.hint_age_band",
		"gender":   "population.hint_gender",
		"count":    "population.hint_count",
	},
	HeaderHint: "population.hint_header",
}

type populationData struct {
	Columns []populationColumn
	Header  string
	Example []string
	MaxMB   int
	Today   string // the latest reference date allowed, YYYY-MM-DD
	Areas   []store.Area
	Imports []populationImportRow
}

// populationImportRow is one earlier import, with its reference date as a
// day in the municipality's time zone.
type populationImportRow struct {
	AsOf       time.Time
	AsOfISO    string
	Source     string
	Cells      int
	Residents  int
	ImportedAt time.Time
}

// populationPage prepares the population page: the format, the areas with
// their codes and the earlier imports.
func (h *Handler) populationPage(c *fiber.Ctx) (*Page, error) {
	m := municipality(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	imports, err := h.Store.PopulationImports(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	loc := m.Location()
	rows := make([]populationImportRow, len(imports))
	for i, im := range imports {
		y, mo, d := im.AsOf.Date()
		rows[i] = populationImportRow{
			AsOf:       time.Date(y, mo, d, 12, 0, 0, 0, loc),
			AsOfISO:    im.AsOf.Format(time.DateOnly),
			Source:     im.Source,
			Cells:      im.Cells,
			Residents:  im.Residents,
			ImportedAt: im.ImportedAt,
		}
	}
	names := make([]string, len(populationColumns))
	for i, col := range populationColumns {
		names[i] = col.Name
	}
	// The example uses one of the municipality's own codes.
	code := "0301"
	for i, a := range areas {
		if i == 0 || a.Code < code {
			code = a.Code
		}
	}
	data := populationData{
		Columns: populationColumns,
		Header:  strings.Join(names, ","),
		Example: []string{code + ",16-19,female,310", code + ",16-19,male,325", code + ",80+,female,402"},
		MaxMB:   c.App().Config().BodyLimit / (1024 * 1024),
		Today:   today(loc, time.Now()).Format(time.DateOnly),
		Areas:   areas,
		Imports: rows,
	}
	return h.page(c, data), nil
}

// today is the current date in loc, as midnight UTC like a parsed date.
func today(loc *time.Location, now time.Time) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AdminPopulation shows the population figures: how to upload them, the
// municipality's area codes and the imports so far.
func (h *Handler) AdminPopulation(c *fiber.Ctx) error {
	p, err := h.populationPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "admin_population", p)
}

// ImportPopulation reads an uploaded population file and replaces the figures
// for its reference date. Any problem re-renders the form with the source and
// date kept; nothing is imported unless the whole file is good.
func (h *Handler) ImportPopulation(c *fiber.Ctx) error {
	m, admin := municipality(c), currentUser(c)
	p, err := h.populationPage(c)
	if err != nil {
		return err
	}
	p.Form = formValues(c, "source", "as_of")
	errs := newFieldErrors(p.L)
	source := p.Form["source"]
	switch n := utf8.RuneCountInString(source); {
	case n == 0:
		errs.add("source", "population.source_required")
	case n > maxSourceLength:
		errs.add("source", "population.source_long")
	}
	asOf := errs.checkAsOf("as_of", p.Form["as_of"], today(m.Location(), time.Now()))
	rows, fileName, err := readPopulationFile(c, errs)
	if err != nil {
		return err
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "admin_population", p)
	}

	ctx := c.UserContext()
	cells, err := h.Store.ImportPopulation(ctx, m.ID, asOf, source, rows)
	var unknown *store.UnknownAreasError
	if errors.As(err, &unknown) {
		errs.set("file", unknownAreasMessage(p.L, unknown))
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "admin_population", p)
	}
	if err != nil {
		return err
	}
	residents := 0
	for _, r := range rows {
		residents += r.Count
	}
	if err := h.Store.RecordAudit(ctx, store.AuditEntry{
		MunicipalityID: m.ID, ActorID: admin.ID, Action: "population.imported",
		TargetType: "population", TargetID: asOf.Format(time.DateOnly),
		Details: map[string]any{"source": source, "file": fileName, "cells": cells, "residents": residents},
	}); err != nil {
		return err
	}
	h.flash(c, "population.imported")
	return c.Redirect(populationPath, fiber.StatusSeeOther)
}

// set records an already translated message for a field.
func (e *fieldErrors) set(field, message string) {
	if _, exists := e.errors[field]; !exists {
		e.errors[field] = message
	}
}

// checkAsOf validates a reference date written YYYY-MM-DD that is not after today.
func (e *fieldErrors) checkAsOf(field, value string, today time.Time) time.Time {
	if value == "" {
		e.add(field, "population.as_of_required")
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, value)
	switch {
	case err != nil || t.Year() < 1900:
		e.add(field, "population.as_of_invalid")
	case t.After(today):
		e.add(field, "population.as_of_future")
	}
	return t
}

// readPopulationFile reads the uploaded file into rows for import. Problems
// with the file become field errors; only a failure to open the upload is an
// error.
func readPopulationFile(c *fiber.Ctx, errs *fieldErrors) ([]store.PopulationRow, string, error) {
	fh, err := c.FormFile("file")
	if err != nil || fh.Filename == "" {
		errs.add("file", "population.file_required")
		return nil, "", nil
	}
	if fh.Size == 0 {
		errs.add("file", "population.file_empty")
		return nil, fh.Filename, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", fmt.Errorf("open uploaded population file: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if separatedBySemicolons(r) {
		errs.add("file", "population.file_semicolons")
		return nil, fh.Filename, nil
	}
	rows, _, err := outreachcsv.ReadCounts(r, fh.Filename)
	var ce *outreachcsv.Error
	if errors.As(err, &ce) {
		errs.set("file", populationCSVMessages.explain(errs.l, ce))
		return nil, fh.Filename, nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read uploaded population file: %w", err)
	}
	return outreachcsv.PopulationRows(rows), fh.Filename, nil
}

// separatedBySemicolons reports whether the first line uses semicolons and no
// commas, as spreadsheet programs set up for Norwegian or Danish write CSV.
func separatedBySemicolons(r *bufio.Reader) bool {
	head, _ := r.Peek(4096)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	return bytes.IndexByte(head, ';') >= 0 && bytes.IndexByte(head, ',') < 0
}

// unknownAreasMessage lists the unknown area codes with the line each first
// appears on.
func unknownAreasMessage(l *locales.Localizer, e *store.UnknownAreasError) string {
	shown := min(len(e.Codes), maxUnknownAreasListed)
	items := make([]string, shown)
	for i := range shown {
		items[i] = l.T("population.unknown_area", "Code", e.Codes[i], "Line", strconv.Itoa(e.Lines[i]))
	}
	list := strings.Join(items, ", ")
	if rest := len(e.Codes) - shown; rest > 0 {
		list += " " + l.N("population.unknown_more", rest)
	}
	return l.N("population.unknown_areas", len(e.Codes), "List", list)
}
