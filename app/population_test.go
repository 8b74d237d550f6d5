package app_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/medvirk/medvirk/store"
)

const populationPage = "/admin/population"

// upload submits the population form as multipart/form-data, as a browser
// does: it first loads formPage for the CSRF token.
func (c *client) upload(formPage string, fields url.Values, fileName, content string) response {
	c.f.t.Helper()
	page := c.get(formPage)
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.f.t.Fatalf("no CSRF token on %s (status %d)", formPage, page.status)
	}
	fields.Set("_csrf", m[1])
	return c.multipart(populationPage, fields, fileName, content)
}

// multipart posts fields and one file in the field "file". An empty fileName
// sends the field the way a browser does when no file was chosen.
func (c *client) multipart(action string, fields url.Values, fileName, content string) response {
	c.f.t.Helper()
	body, contentType := multipartBody(c.f.t, fields, fileName, content)
	req := httptest.NewRequest(http.MethodPost, action, body)
	req.Host = c.host
	req.Header.Set("Content-Type", contentType)
	for name, value := range c.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := c.f.app.Test(req, -1)
	if err != nil {
		c.f.t.Fatalf("POST %s: %v", action, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return response{status: resp.StatusCode, body: html.UnescapeString(string(b)), header: resp.Header, location: resp.Header.Get("Location")}
}

func multipartBody(t *testing.T, fields url.Values, fileName, content string) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for name, values := range fields {
		for _, v := range values {
			if err := w.WriteField(name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	part := textproto.MIMEHeader{}
	part.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, fileName))
	part.Set("Content-Type", "text/csv")
	pw, err := w.CreatePart(part)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(pw, content); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &body, w.FormDataContentType()
}

func (f *fixture) admin() *client {
	f.t.Helper()
	c := f.client()
	if r := c.login("admin@fjordvik.example", store.DemoPassword); r.status != 303 {
		f.t.Fatalf("admin login: %d", r.status)
	}
	return c
}

func (f *fixture) populationState() (total, imports int) {
	f.t.Helper()
	ctx := context.Background()
	total, err := f.store.PopulationTotal(ctx, f.demo.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	list, err := f.store.PopulationImports(ctx, f.demo.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return total, len(list)
}

// demoCSV has a line for every demo area, two age bands and both genders.
func demoCSV() (csv string, total int) {
	var b strings.Builder
	b.WriteString("area,age_band,gender,count\n")
	n := 100
	for code := 301; code <= 308; code++ {
		for _, band := range []string{"16-19", "80+"} {
			for _, g := range []string{"female", "male"} {
				fmt.Fprintf(&b, "%04d,%s,%s,%d\n", code, band, g, n)
				total += n
				n += 7
			}
		}
	}
	return b.String(), total
}

func TestPopulationImport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.admin()
	before, imports := f.populationState()

	page := c.get(populationPage + "?lang=en")
	if page.status != 200 {
		t.Fatalf("population page: %d", page.status)
	}
	for _, want := range []string{
		`enctype="multipart/form-data"`, `name="file" type="file" accept=".csv,text/csv"`,
		"area,age_band,gender,count", "0301", "Sentrum", "0308", "at most 4 MB",
		"Demo data modelled on SSB table 07459", "1 January 2026",
		`href="/admin/population" aria-current="page"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	csv, total := demoCSV()
	r := c.upload(populationPage+"?lang=en", url.Values{"source": {"SSB tabell 07459"}, "as_of": {"2026-06-30"}}, "fjordvik.csv", csv)
	if r.status != 303 || r.location != populationPage {
		t.Fatalf("upload: status %d, location %q\n%s", r.status, r.location, r.body)
	}
	after, n := f.populationState()
	if after != total || after == before || n != imports+1 {
		t.Fatalf("population total %d → %d (want %d), imports %d → %d", before, after, total, imports, n)
	}

	page = c.get(populationPage + "?lang=en")
	for _, want := range []string{
		"The population figures have been imported.", "SSB tabell 07459", `<time datetime="2026-06-30">30 June 2026</time>`,
		fmt.Sprintf("<td>%d,%03d</td>", total/1000, total%1000), "<td>32</td>",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("after the import the page lacks %q", want)
		}
	}
	if nn := c.get(populationPage + "?lang=nn"); !strings.Contains(nn.body, "30. juni 2026") {
		t.Error("the date of the figures is shown in nynorsk")
	}

	entries, err := f.store.AuditLog(context.Background(), f.demo.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 || entries[0].Action != "population.imported" || entries[0].TargetID != "2026-06-30" ||
		entries[0].ActorName != "Omar Haddad" || !strings.Contains(entries[0].Details, `"source": "SSB tabell 07459"`) {
		t.Fatalf("the import is in the audit log: %+v", entries)
	}

	// A file without a gender column counts everyone under "all"; an older
	// date adds an import without changing the newest total.
	r = c.upload(populationPage, url.Values{"source": {"Danmarks Statistik FOLK1A"}, "as_of": {"2025-01-01"}}, "all.csv",
		"\ufeffarea,age_band,count\r\n0301,16-19,400\r\n0302,80+,150\r\n")
	if r.status != 303 {
		t.Fatalf("upload without gender: %d\n%s", r.status, r.body)
	}
	if again, n := f.populationState(); again != total || n != imports+2 {
		t.Fatalf("an older date is added but the newest stays: total %d, imports %d", again, n)
	}
}

func TestPopulationUnknownAreaCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.admin()
	before, imports := f.populationState()

	csv := "area,age_band,gender,count\n0301,16-19,female,10\n9999,16-19,male,11\n0302,16-19,female,12\n0399,80+,male,13\n9999,80+,female,14\n"
	r := c.upload(populationPage+"?lang=en", url.Values{"source": {"My source"}, "as_of": {"2026-06-30"}}, "codes.csv", csv)
	if r.status != 422 {
		t.Fatalf("unknown codes: status %d", r.status)
	}
	want := "The area codes 9999 (line 3), 0399 (line 5) are not among the municipality's areas, so nothing was imported."
	if !strings.Contains(r.body, want) {
		t.Errorf("the unknown codes are listed with their lines:\n%s", r.body)
	}
	if !strings.Contains(r.body, `value="My source"`) || !strings.Contains(r.body, `value="2026-06-30"`) {
		t.Error("the typed source and date are kept")
	}
	if !strings.Contains(r.body, `aria-describedby="file-hint file-error" aria-invalid="true"`) {
		t.Error("the file field is marked invalid and described by its error")
	}
	if after, n := f.populationState(); after != before || n != imports {
		t.Fatalf("nothing is imported: total %d → %d, imports %d → %d", before, after, imports, n)
	}

	c.get(populationPage + "?lang=da")
	r = c.upload(populationPage, url.Values{"source": {"Kilde"}, "as_of": {"2026-06-30"}}, "one.csv", "area,age_band,count\nSentrum,16-19,10\n")
	if !strings.Contains(r.body, "Områdekoden Sentrum (linje 2) findes ikke blandt kommunens områder") {
		t.Errorf("one unknown code, in Danish:\n%s", r.body)
	}
}

func TestPopulationMalformedCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.admin()
	before, imports := f.populationState()

	csv := "area,age_band,gender,count\n0301,16-19,female,10\n0301,16-19,male,12a\n"
	r := c.upload(populationPage+"?lang=en", url.Values{"source": {"SSB"}, "as_of": {"2026-06-30"}}, "bad.csv", csv)
	if r.status != 422 {
		t.Fatalf("malformed count: status %d", r.status)
	}
	want := `Line 3, column “count”: "12a" is not a whole number. Write the number of residents as a whole number, 0 or more.`
	if !strings.Contains(r.body, want) {
		t.Errorf("the line and column are named:\n%s", r.body)
	}
	c.get(populationPage + "?lang=nn")
	r = c.upload(populationPage, url.Values{"source": {"SSB"}, "as_of": {"2026-06-30"}}, "bad.csv", csv)
	if !strings.Contains(r.body, "Linje 3, kolonne «count»:") || !strings.Contains(r.body, "Skriv talet på innbyggjarar som eit heiltal") {
		t.Errorf("the surrounding sentence is in nynorsk:\n%s", r.body)
	}
	if after, n := f.populationState(); after != before || n != imports {
		t.Fatal("nothing is imported")
	}
}

func TestPopulationValidationKeepsTypedValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.admin()
	before, imports := f.populationState()
	csv, _ := demoCSV()
	c.get(populationPage + "?lang=en")

	cases := []struct {
		name             string
		source, asOf     string
		fileName, file   string
		want, keep, lack []string
	}{
		{
			name: "missing source", asOf: "2026-06-30", fileName: "f.csv", file: csv,
			want: []string{"Enter where the figures come from.", "Choose the file again"},
			keep: []string{`value="2026-06-30"`},
		},
		{
			name: "missing date", source: "SSB tabell 07459", fileName: "f.csv", file: csv,
			want: []string{"Enter the date the figures apply to."},
			keep: []string{`value="SSB tabell 07459"`},
		},
		{
			name: "bad date", source: "SSB", asOf: "2026-02-30", fileName: "f.csv", file: csv,
			want: []string{"Enter the date as year-month-day, for example 2026-01-01."},
			keep: []string{`value="2026-02-30"`, `value="SSB"`},
		},
		{
			name: "future date", source: "SSB", asOf: "2099-01-01", fileName: "f.csv", file: csv,
			want: []string{"The date cannot be in the future."},
			keep: []string{`value="2099-01-01"`},
		},
		{
			name: "source too long", source: strings.Repeat("s", 501), asOf: "2026-06-30", fileName: "f.csv", file: csv,
			want: []string{"The source can be at most 500 characters long."},
		},
		{
			name: "no file", source: "SSB", asOf: "2026-06-30",
			want: []string{"Choose a CSV file with the population figures."},
			keep: []string{`value="SSB"`, `value="2026-06-30"`},
			lack: []string{"Choose the file again"},
		},
		{
			name: "empty file", source: "SSB", asOf: "2026-06-30", fileName: "empty.csv",
			want: []string{"The file is empty."},
		},
		{
			name: "semicolons", source: "SSB", asOf: "2026-06-30", fileName: "excel.csv",
			file: "area;age_band;gender;count\n0301;16-19;female;10\n",
			want: []string{"The columns in the file are separated by semicolons."},
		},
		{
			name: "missing column", source: "SSB", asOf: "2026-06-30", fileName: "cols.csv",
			file: "area,gender,count\n0301,female,10\n",
			want: []string{`Line 1: the header has no column "age_band"`, "Compare the first line with the example above."},
		},
		{
			name: "everything missing",
			want: []string{"Enter where the figures come from.", "Enter the date the figures apply to.", "Choose a CSV file"},
		},
	}
	for _, tc := range cases {
		r := c.upload(populationPage, url.Values{"source": {tc.source}, "as_of": {tc.asOf}}, tc.fileName, tc.file)
		if r.status != 422 {
			t.Errorf("%s: status %d, want 422", tc.name, r.status)
			continue
		}
		if !strings.Contains(r.body, `class="error-summary"`) {
			t.Errorf("%s: no error summary", tc.name)
		}
		for _, s := range append(tc.want, tc.keep...) {
			if !strings.Contains(r.body, s) {
				t.Errorf("%s: the page lacks %q", tc.name, s)
			}
		}
		for _, s := range tc.lack {
			if strings.Contains(r.body, s) {
				t.Errorf("%s: the page has %q", tc.name, s)
			}
		}
	}
	if after, n := f.populationState(); after != before || n != imports {
		t.Fatal("nothing is imported")
	}
}

func TestPopulationIsForAdminsOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before, imports := f.populationState()
	csv, _ := demoCSV()

	anonymous := f.client()
	if r := anonymous.get(populationPage); r.status != 303 || !strings.HasPrefix(r.location, "/login?next=") {
		t.Errorf("anonymous: status %d, location %q", r.status, r.location)
	}

	for _, email := range []string{"resident@fjordvik.example", "official@fjordvik.example"} {
		c := f.client()
		c.login(email, store.DemoPassword)
		if r := c.get(populationPage); r.status != 403 {
			t.Errorf("%s GET: status %d, want 403", email, r.status)
		}
		if r := c.get("/?lang=en"); strings.Contains(r.body, `href="/admin/population"`) {
			t.Errorf("%s: the navigation links to the population page", email)
		}
		r := c.upload("/", url.Values{"source": {"SSB"}, "as_of": {"2026-06-30"}}, "f.csv", csv)
		if r.status != 403 {
			t.Errorf("%s POST: status %d, want 403", email, r.status)
		}
	}
	if after, n := f.populationState(); after != before || n != imports {
		t.Fatal("nothing is imported")
	}
}

func TestPopulationNeedsCSRF(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.admin()
	before, imports := f.populationState()
	csv, _ := demoCSV()

	c.get(populationPage)
	r := c.multipart(populationPage, url.Values{"source": {"SSB"}, "as_of": {"2026-06-30"}}, "f.csv", csv)
	if r.status != 403 {
		t.Fatalf("without _csrf: status %d, want 403", r.status)
	}
	r = c.multipart(populationPage, url.Values{"_csrf": {"forged"}, "source": {"SSB"}, "as_of": {"2026-06-30"}}, "f.csv", csv)
	if r.status != 403 {
		t.Fatalf("with a wrong _csrf: status %d, want 403", r.status)
	}
	if after, n := f.populationState(); after != before || n != imports {
		t.Fatal("nothing is imported")
	}
}

// TestPopulationUploadTooLarge announces a body over the limit to a real
// listener: the server refuses it with 413 from the Content-Length alone,
// before any handler runs, and the error handler renders its page.
func TestPopulationUploadTooLarge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = f.app.Listener(ln) }()
	t.Cleanup(func() { _ = f.app.Shutdown() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: fjordvik.localhost\r\n"+
		"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", populationPage, 5*1024*1024)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a body over the limit: status %d, want 413", resp.StatusCode)
	}
	if !strings.Contains(string(page), "<html") || !strings.Contains(string(page), "<h1>") {
		t.Errorf("the answer is an error page:\n%s", page)
	}
}
