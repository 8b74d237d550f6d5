// Package outreachcsv reads the CSV files analysts and officials give the
// outreach commands and the population import: population and participant
// counts, survey respondents and register extracts. Every error names the
// file, the line and the column.
package outreachcsv

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// Error locates a problem in an input file. Line 0 means the file as a whole.
type Error struct {
	File   string
	Line   int
	Column string
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %s: ", e.Column)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// CountRow is one line of a population or participants file.
type CountRow struct {
	outreach.Segment
	Count int
	Line  int
}

// table is a CSV file with a header, read whole.
type table struct {
	file    string
	header  []string
	columns map[string]int
	records [][]string
	lines   []int
}

// maxRecords bounds what one file may hold, so a mistaken upload cannot
// exhaust memory.
const maxRecords = 5_000_000

func readTable(r io.Reader, file string) (*table, error) {
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	t := &table{file: file, columns: map[string]int{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: file, Msg: "the file is empty; it needs a header line"}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	if len(header) == 1 && strings.Count(header[0], ";") > 0 {
		return nil, &Error{File: file, Line: 1, Msg: "the columns are separated by semicolons; save the file with commas"}
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if !utf8.ValidString(name) {
			return nil, &Error{File: file, Line: 1, Msg: "the header is not valid UTF-8"}
		}
		if _, dup := t.columns[name]; dup && name != "" {
			return nil, &Error{File: file, Line: 1, Column: name, Msg: "appears twice in the header"}
		}
		t.columns[name] = i
		header[i] = strings.TrimSpace(h)
	}
	t.header = header
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			return nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header))}
		}
		if len(t.records) >= maxRecords {
			return nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("the file has more than %d rows", maxRecords)}
		}
		t.records = append(t.records, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &Error{File: file, Msg: err.Error()}
}

// stripBOM drops the byte order mark spreadsheet programs put first.
func stripBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if head, err := br.Peek(3); err == nil && string(head) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	return br
}

func (t *table) require(names ...string) error {
	for _, n := range names {
		if _, ok := t.columns[n]; !ok {
			return &Error{File: t.file, Line: 1, Msg: fmt.Sprintf("the header has no column %q (it has: %s)", n, strings.Join(t.header, ", "))}
		}
	}
	return nil
}

func (t *table) has(name string) bool {
	_, ok := t.columns[name]
	return ok
}

// hasValues reports whether the column exists and holds a value on any row:
// a gender column left empty throughout means the data has no gender.
func (t *table) hasValues(name string) bool {
	if !t.has(name) {
		return false
	}
	for i := range t.records {
		if t.field(i, name) != "" {
			return true
		}
	}
	return false
}

func (t *table) field(i int, name string) string {
	return strings.TrimSpace(t.records[i][t.columns[name]])
}

func (t *table) errorf(i int, column, format string, args ...any) error {
	return &Error{File: t.file, Line: t.lines[i], Column: column, Msg: fmt.Sprintf(format, args...)}
}

var ageBandPattern = regexp.MustCompile(`^[0-9]{1,3}(-[0-9]{1,3}|\+)$`)

// segment reads area, age band and (when the file has it) gender of row i.
func (t *table) segment(i int, withGender bool) (outreach.Segment, error) {
	var s outreach.Segment
	s.Area = t.field(i, "area")
	if s.Area == "" {
		return s, t.errorf(i, "area", "is empty")
	}
	band, err := NormalizeAgeBand(t.field(i, "age_band"))
	if err != nil {
		return s, t.errorf(i, "age_band", "%v", err)
	}
	s.AgeBand = band
	if withGender {
		g, err := NormalizeGender(t.field(i, "gender"))
		if err != nil {
			return s, t.errorf(i, "gender", "%v", err)
		}
		s.Gender = g
	}
	return s, nil
}

// NormalizeAgeBand accepts "16-19", "16–19" or "80+" and returns the band with
// an ASCII hyphen.
func NormalizeAgeBand(v string) (string, error) {
	band := strings.NewReplacer("–", "-", "—", "-", " ", "").Replace(v)
	if !ageBandPattern.MatchString(band) {
		return "", fmt.Errorf("%q is not an age band like 16-19 or 80+", v)
	}
	if lo, hi, ok := strings.Cut(band, "-"); ok {
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		if b < a {
			return "", fmt.Errorf("%q ends before it starts", v)
		}
	}
	return band, nil
}

var genders = map[string]string{
	"female": "female", "f": "female", "k": "female", "kvinne": "female", "kvinner": "female",
	"kvinde": "female", "kvinder": "female", "woman": "female", "women": "female",
	"male": "male", "m": "male", "mann": "male", "menn": "male", "mand": "male", "mænd": "male",
	"man": "male", "men": "male",
}

// NormalizeGender maps the words statistics offices use to "female" or "male".
func NormalizeGender(v string) (string, error) {
	if g, ok := genders[strings.ToLower(strings.TrimSpace(v))]; ok {
		return g, nil
	}
	return "", fmt.Errorf("%q is not female or male", v)
}

// ReadCounts reads a population or participants file:
// area,age_band,gender,count, where gender is optional (a column left empty
// on every row counts as absent). It reports whether the file has gender.
func ReadCounts(r io.Reader, file string) (rows []CountRow, withGender bool, err error) {
	t, err := readTable(r, file)
	if err != nil {
		return nil, false, err
	}
	if err := t.require("area", "age_band", "count"); err != nil {
		return nil, false, err
	}
	withGender = t.hasValues("gender")
	if len(t.records) == 0 {
		return nil, withGender, &Error{File: file, Msg: "the file has a header but no rows"}
	}
	seen := map[outreach.Segment]int{}
	for i := range t.records {
		s, err := t.segment(i, withGender)
		if err != nil {
			return nil, false, err
		}
		raw := t.field(i, "count")
		n, err := strconv.Atoi(strings.ReplaceAll(raw, " ", ""))
		if err != nil {
			return nil, false, t.errorf(i, "count", "%q is not a whole number", raw)
		}
		if n < 0 {
			return nil, false, t.errorf(i, "count", "%d is negative", n)
		}
		if first, dup := seen[s]; dup {
			return nil, false, t.errorf(i, "", "segment %s already appears on line %d", s, first)
		}
		seen[s] = t.lines[i]
		rows = append(rows, CountRow{Segment: s, Count: n, Line: t.lines[i]})
	}
	return rows, withGender, nil
}

// Cells joins population and participant counts by segment. A participants
// segment the population lacks is an error, since its rate is undefined.
func Cells(population, participants []CountRow, participantsFile string) ([]outreach.Cell, error) {
	index := map[outreach.Segment]int{}
	cells := make([]outreach.Cell, 0, len(population))
	for _, p := range population {
		index[p.Segment] = len(cells)
		cells = append(cells, outreach.Cell{Segment: p.Segment, Population: p.Count})
	}
	for _, p := range participants {
		i, ok := index[p.Segment]
		if !ok {
			return nil, &Error{File: participantsFile, Line: p.Line, Msg: fmt.Sprintf("segment %s is not in the population file", p.Segment)}
		}
		cells[i].Participants = p.Count
	}
	return cells, nil
}

// PopulationCells converts population rows for weighting.
func PopulationCells(rows []CountRow) []outreach.PopulationCell {
	cells := make([]outreach.PopulationCell, len(rows))
	for i, r := range rows {
		cells[i] = outreach.PopulationCell{Segment: r.Segment, Count: r.Count}
	}
	return cells
}

// ReadRespondents reads id,area,age_band,gender (+ any columns); gender is
// read only when withGender.
func ReadRespondents(r io.Reader, file string, withGender bool) ([]outreach.Respondent, error) {
	t, err := readTable(r, file)
	if err != nil {
		return nil, err
	}
	cols := []string{"id", "area", "age_band"}
	if withGender {
		cols = append(cols, "gender")
	}
	if err := t.require(cols...); err != nil {
		return nil, err
	}
	if len(t.records) == 0 {
		return nil, &Error{File: file, Msg: "the file has a header but no rows"}
	}
	seen := map[string]int{}
	resp := make([]outreach.Respondent, len(t.records))
	for i := range t.records {
		id := t.field(i, "id")
		if id == "" {
			return nil, t.errorf(i, "id", "is empty")
		}
		if first, dup := seen[id]; dup {
			return nil, t.errorf(i, "id", "%q already appears on line %d", id, first)
		}
		seen[id] = t.lines[i]
		s, err := t.segment(i, withGender)
		if err != nil {
			return nil, err
		}
		resp[i] = outreach.Respondent{ID: id, Segment: s}
	}
	return resp, nil
}

// Register is a register extract: its original header and records, kept for
// output, and the segment and household of each row.
type Register struct {
	Header  []string
	Records [][]string
	Rows    []outreach.RegisterRow
}

// ReadRegister reads any CSV with area and age_band columns (and gender when
// withGender). householdColumn, when not empty, names the column that groups
// members of one household.
func ReadRegister(r io.Reader, file string, withGender bool, householdColumn string) (*Register, error) {
	t, err := readTable(r, file)
	if err != nil {
		return nil, err
	}
	cols := []string{"area", "age_band"}
	if withGender {
		cols = append(cols, "gender")
	}
	household := strings.ToLower(strings.TrimSpace(householdColumn))
	if household != "" {
		cols = append(cols, household)
	}
	if err := t.require(cols...); err != nil {
		return nil, err
	}
	if len(t.records) == 0 {
		return nil, &Error{File: file, Msg: "the file has a header but no rows"}
	}
	reg := &Register{Header: t.header, Records: t.records, Rows: make([]outreach.RegisterRow, len(t.records))}
	for i := range t.records {
		s, err := t.segment(i, withGender)
		if err != nil {
			return nil, err
		}
		reg.Rows[i] = outreach.RegisterRow{Segment: s}
		if household != "" {
			reg.Rows[i].Household = t.field(i, household)
		}
	}
	return reg, nil
}

// PopulationRows converts a population file's rows for import; a file without
// a gender column counts everyone under "all".
func PopulationRows(rows []CountRow) []store.PopulationRow {
	out := make([]store.PopulationRow, len(rows))
	for i, r := range rows {
		gender := r.Gender
		if gender == "" {
			gender = "all"
		}
		out[i] = store.PopulationRow{Line: r.Line, AreaCode: r.Area, AgeBand: r.AgeBand, Gender: gender, Count: r.Count}
	}
	return out
}
