package outreachcsv

import (
	"errors"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/outreach"
)

func TestReadCounts(t *testing.T) {
	in := "\ufeffArea,Age_band,Gender,Count\nSentrum,16-19,Kvinner,120\nSentrum,16–19,M,110\n\nHavna,80+,female,1 200\n"
	rows, withGender, err := ReadCounts(strings.NewReader(in), "pop.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []CountRow{
		{outreach.Segment{Area: "Sentrum", AgeBand: "16-19", Gender: "female"}, 120, 2},
		{outreach.Segment{Area: "Sentrum", AgeBand: "16-19", Gender: "male"}, 110, 3},
		{outreach.Segment{Area: "Havna", AgeBand: "80+", Gender: "female"}, 1200, 5},
	}
	if !withGender || len(rows) != len(want) {
		t.Fatalf("got %+v", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, rows[i], want[i])
		}
	}
	for _, in := range []string{"area,age_band,count\nA,20-29,5\n", "area,age_band,gender,count\nA,20-29,,5\nB,80+, ,7\n"} {
		rows, withGender, err = ReadCounts(strings.NewReader(in), "part.csv")
		if err != nil || withGender || rows[0].Gender != "" {
			t.Fatalf("without gender: %+v %v %v", rows, withGender, err)
		}
	}
	if _, _, err := ReadCounts(strings.NewReader("area,age_band,gender,count\nA,20-29,,5\nB,80+,male,7\n"), "pop.csv"); err == nil ||
		err.Error() != `pop.csv:2: column gender: "" is not female or male` {
		t.Fatalf("gender on some rows only: %v", err)
	}
}

func TestErrorsNameFileLineAndColumn(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "pop.csv: the file is empty; it needs a header line"},
		{"area,age_band\nA,16-19\n", `pop.csv:1: the header has no column "count" (it has: area, age_band)`},
		{"area;age_band;count\nA;16-19;3\n", "pop.csv:1: the columns are separated by semicolons; save the file with commas"},
		{"area,age_band,count\n", "pop.csv: the file has a header but no rows"},
		{"area,age_band,count\nA,16-19,3\nB,16-19,12.5\n", `pop.csv:3: column count: "12.5" is not a whole number`},
		{"area,age_band,count\nA,16-19,-3\n", "pop.csv:2: column count: -3 is negative"},
		{"area,age_band,count\nA,sixteen,3\n", `pop.csv:2: column age_band: "sixteen" is not an age band like 16-19 or 80+`},
		{"area,age_band,count\nA,30-20,3\n", `pop.csv:2: column age_band: "30-20" ends before it starts`},
		{"area,age_band,gender,count\nA,16-19,x,3\n", `pop.csv:2: column gender: "x" is not female or male`},
		{"area,age_band,count\n,16-19,3\n", "pop.csv:2: column area: is empty"},
		{"area,age_band,count\nA,16-19,3\nA,16-19,4\n", "pop.csv:3: segment A/16-19 already appears on line 2"},
		{"area,age_band,count\nA,16-19\n", "pop.csv:2: has 2 fields, the header has 3"},
		{"area,area,count\n", `pop.csv:1: column area: appears twice in the header`},
		{"area,age_band,count\n\"A,16-19,3\n", "pop.csv:2: extraneous or missing \" in quoted-field"},
	}
	for _, tc := range cases {
		_, _, err := ReadCounts(strings.NewReader(tc.in), "pop.csv")
		var e *Error
		if !errors.As(err, &e) || err.Error() != tc.want {
			t.Errorf("%q:\n got  %v\n want %s", tc.in, err, tc.want)
		}
	}
}

func TestCells(t *testing.T) {
	pop, _, _ := ReadCounts(strings.NewReader("area,age_band,count\nA,16-19,100\nB,16-19,50\n"), "pop.csv")
	part, _, _ := ReadCounts(strings.NewReader("area,age_band,count\nB,16-19,5\n"), "part.csv")
	cells, err := Cells(pop, part, "part.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 2 || cells[0].Participants != 0 || cells[1].Participants != 5 || cells[1].Population != 50 {
		t.Fatalf("cells %+v", cells)
	}
	part, _, _ = ReadCounts(strings.NewReader("area,age_band,count\nC,16-19,5\n"), "part.csv")
	if _, err := Cells(pop, part, "part.csv"); err == nil || err.Error() != "part.csv:2: segment C/16-19 is not in the population file" {
		t.Fatalf("unknown segment: %v", err)
	}
}

func TestReadRespondents(t *testing.T) {
	in := "id,area,age_band,gender,answer\nr1,A,16-19,k,yes\nr2,B,80+,Mænd,no\n"
	resp, err := ReadRespondents(strings.NewReader(in), "resp.csv", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp) != 2 || resp[1].ID != "r2" || resp[1].Gender != "male" || resp[0].Gender != "female" {
		t.Fatalf("%+v", resp)
	}
	if _, err := ReadRespondents(strings.NewReader("id,area,age_band\nr1,A,16-19\nr1,A,16-19\n"), "resp.csv", false); err == nil ||
		err.Error() != `resp.csv:3: column id: "r1" already appears on line 2` {
		t.Fatalf("duplicate id: %v", err)
	}
	if _, err := ReadRespondents(strings.NewReader("id,area,age_band\nr1,A,16-19\n"), "resp.csv", true); err == nil ||
		!strings.Contains(err.Error(), `no column "gender"`) {
		t.Fatalf("gender needed when the population has it: %v", err)
	}
}

func TestReadRegister(t *testing.T) {
	in := "name,address,Area,age_band,gender,hh\nKari,Storgata 1,A,20-29,female,h1\nOla,Storgata 1,A,30-44,male,h1\n"
	reg, err := ReadRegister(strings.NewReader(in), "reg.csv", true, "HH")
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Rows) != 2 || reg.Rows[1].Household != "h1" || reg.Records[0][0] != "Kari" || reg.Header[2] != "Area" {
		t.Fatalf("%+v", reg)
	}
	if _, err := ReadRegister(strings.NewReader(in), "reg.csv", true, "household"); err == nil || !strings.Contains(err.Error(), `no column "household"`) {
		t.Fatalf("missing household column: %v", err)
	}
}

// FuzzReadCounts: any input either parses into valid rows or fails with an
// *Error that names the file; it never panics.
func FuzzReadCounts(f *testing.F) {
	f.Add("area,age_band,gender,count\nA,16-19,female,3\n")
	f.Add("area,age_band,count\nA,80+,0\n")
	f.Add("\ufeffarea,age_band,count\n\"A\",16–19,1 000\n")
	f.Add("area;age_band;count\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, _, err := ReadCounts(strings.NewReader(in), "f.csv")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "f.csv" {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Count < 0 || r.Area == "" || r.Line < 2 {
				t.Fatalf("invalid row accepted: %+v", r)
			}
			if _, err := NormalizeAgeBand(r.AgeBand); err != nil {
				t.Fatalf("invalid band accepted: %+v", r)
			}
		}
	})
}

// FuzzReadRegister: the register reader keeps every record and never panics.
func FuzzReadRegister(f *testing.F) {
	f.Add("x,area,age_band,hh\n1,A,16-19,h\n2,B,80+,h\n", "hh")
	f.Add("area,age_band\nA,20-29\n", "")
	f.Fuzz(func(t *testing.T, in, household string) {
		reg, err := ReadRegister(strings.NewReader(in), "r.csv", false, household)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		if len(reg.Rows) != len(reg.Records) {
			t.Fatalf("%d rows for %d records", len(reg.Rows), len(reg.Records))
		}
		for _, rec := range reg.Records {
			if len(rec) != len(reg.Header) {
				t.Fatalf("ragged record %v", rec)
			}
		}
	})
}
