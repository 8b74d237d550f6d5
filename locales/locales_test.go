package locales_test

import (
	"io"
	"io/fs"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/medvirk/medvirk/locales"
)

// messageKeys flattens a language's message files into dotted ids mapped to
// their placeholders; plural messages (tables of one/other) are one id. An id
// defined in two files of the language fails the test.
func messageKeys(t *testing.T, lang string) map[string][]string {
	t.Helper()
	names, err := locales.FilesFor(lang)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string][]string{}
	origin := map[string]string{}
	for _, name := range names {
		for id, ph := range fileKeys(t, lang, name) {
			if first, dup := origin[id]; dup {
				t.Errorf("%s is defined in both %s and %s", id, first, name)
			}
			origin[id] = name
			keys[id] = ph
		}
	}
	return keys
}

func fileKeys(t *testing.T, lang, name string) map[string][]string {
	t.Helper()
	raw, err := fs.ReadFile(locales.Files(), name)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := toml.Unmarshal(raw, &tree); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	keys := map[string][]string{}
	var walk func(prefix string, node map[string]any)
	walk = func(prefix string, node map[string]any) {
		if _, plural := node["other"]; plural {
			if _, ok := node["other"].(string); ok {
				keys[strings.TrimSuffix(prefix, ".")] = placeholders(node["other"].(string))
				if _, ok := node["one"]; !ok {
					t.Errorf("%s: plural %s lacks the 'one' form", lang, prefix)
				}
				return
			}
		}
		for k, v := range node {
			switch v := v.(type) {
			case string:
				keys[prefix+k] = placeholders(v)
			case map[string]any:
				walk(prefix+k+".", v)
			}
		}
	}
	walk("", tree)
	return keys
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(s string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	sort.Strings(names)
	return names
}

func TestEveryFeatureFileInEveryLocale(t *testing.T) {
	en, err := locales.FilesFor("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range locales.Supported {
		files, _ := locales.FilesFor(lang)
		if len(files) != len(en) {
			t.Errorf("%s has message files %v; en has %v", lang, files, en)
		}
	}
}

func TestEveryKeyInEveryLocale(t *testing.T) {
	reference := messageKeys(t, "en")
	if len(reference) < 100 {
		t.Fatalf("en.toml has only %d keys", len(reference))
	}
	for _, lang := range locales.Supported {
		keys := messageKeys(t, lang)
		for id, want := range reference {
			got, ok := keys[id]
			if !ok {
				t.Errorf("%s.toml lacks %s", lang, id)
				continue
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s.toml %s uses placeholders %v, en uses %v", lang, id, got, want)
			}
		}
		for id := range keys {
			if _, ok := reference[id]; !ok {
				t.Errorf("%s.toml has %s, which en.toml lacks", lang, id)
			}
		}
	}
}

func TestNegotiate(t *testing.T) {
	cases := map[string]string{
		"no": "nb", "nb-NO": "nb", "nb": "nb", "nn-NO": "nn", "nn": "nn", "da-DK": "da", "da": "da",
		"en-GB": "en", "en-US,en;q=0.9": "en", "de-DE,da;q=0.8": "da", "sv-SE,nn;q=0.5": "nn",
	}
	for header, want := range cases {
		if got, ok := locales.Negotiate(header); !ok || got != want {
			t.Errorf("Negotiate(%q) = %q, %v; want %q", header, got, ok, want)
		}
	}
	for _, header := range []string{"", "fr-FR", "zh", "garbage;;;"} {
		if got, ok := locales.Negotiate(header); ok {
			t.Errorf("Negotiate(%q) = %q; want no match", header, got)
		}
	}
}

func newBundle(t *testing.T) *locales.Bundle {
	b, err := locales.NewBundle(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPluralsAndNumbers(t *testing.T) {
	b := newBundle(t)
	cases := []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "1 user"}, {"en", 0, "0 users"}, {"en", 60000, "60,000 users"},
		{"nb", 1, "1 bruker"}, {"nb", 2, "2 brukere"}, {"nb", 60000, "60\u00a0000 brukere"},
		{"nn", 1, "1 brukar"}, {"nn", 5, "5 brukarar"},
		{"da", 1, "1 bruger"}, {"da", 60000, "60.000 brugere"},
	}
	for _, tc := range cases {
		got := b.Localizer(tc.lang, nil).N("admin.user_count", tc.count)
		if got != tc.want {
			t.Errorf("%s %d: got %q, want %q", tc.lang, tc.count, got, tc.want)
		}
	}
}

func TestDatesInTheMunicipalityTimeZone(t *testing.T) {
	b := newBundle(t)
	oslo, _ := time.LoadLocation("Europe/Oslo")
	// 17:00 UTC on 23 November is 18:00 in Oslo (winter time).
	at := time.Date(2026, time.November, 23, 17, 0, 0, 0, time.UTC)
	cases := map[string]string{
		"nb": "23. november 2026 kl. 18.00",
		"nn": "23. november 2026 kl. 18.00",
		"da": "23. november 2026 kl. 18.00",
		"en": "23 November 2026, 18:00",
	}
	for lang, want := range cases {
		if got := b.Localizer(lang, oslo).DateTime(at); got != want {
			t.Errorf("%s: got %q, want %q", lang, got, want)
		}
	}
	// Summer time: 16:00 UTC on 1 July is 18:00 in Oslo.
	if got := b.Localizer("en", oslo).DateTime(time.Date(2026, time.July, 1, 16, 0, 0, 0, time.UTC)); got != "1 July 2026, 18:00" {
		t.Errorf("summer time: got %q", got)
	}
}

func TestMissingKeyFallsBackWithoutBreaking(t *testing.T) {
	b := newBundle(t)
	if got := b.Localizer("nn", nil).T("no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key renders its id, got %q", got)
	}
}
