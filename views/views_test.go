package views_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/medvirk/medvirk/views"
)

var (
	templateComment = regexp.MustCompile(`(?s)\{\{-?\s*/\*.*?\*/\s*-?\}\}`)
	action          = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	htmlComment     = regexp.MustCompile(`(?s)<!--.*?-->`)
	tag             = regexp.MustCompile(`(?s)<[^>]*>`)
	// Attributes whose values people read or hear.
	spokenAttribute = regexp.MustCompile(`\b(aria-label|title|alt|placeholder|aria-description)="([^"]*)"`)
)

// TestTemplatesHoldNoUntranslatedText fails when a template has visible text,
// or a spoken attribute, that does not come from the translation function.
func TestTemplatesHoldNoUntranslatedText(t *testing.T) {
	files, err := fs.Glob(views.TemplateFS(), "*/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	for _, file := range files {
		raw, err := fs.ReadFile(views.TemplateFS(), file)
		if err != nil {
			t.Fatal(err)
		}
		src := templateComment.ReplaceAllString(string(raw), "")
		src = action.ReplaceAllString(src, "§")
		src = htmlComment.ReplaceAllString(src, "")
		for _, tg := range tag.FindAllString(src, -1) {
			for _, m := range spokenAttribute.FindAllStringSubmatch(tg, -1) {
				if hasLetter(m[2]) {
					t.Errorf("%s: attribute %s=%q is not translated", file, m[1], m[2])
				}
			}
		}
		for _, text := range tag.Split(src, -1) {
			if hasLetter(text) {
				t.Errorf("%s: untranslated text %q", file, strings.TrimSpace(text))
			}
		}
	}
}

func hasLetter(s string) bool {
	s = regexp.MustCompile(`&[a-z]+;|&#\d+;`).ReplaceAllString(s, "")
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

func TestEveryPageParses(t *testing.T) {
	e, err := views.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"home", "login", "register", "account", "admin_users", "notifications", "accessibility", "error"} {
		if _, ok := e.Pages()[want]; !ok {
			t.Errorf("page %s is missing", want)
		}
	}
}

func TestAssetURLsCarryContentHash(t *testing.T) {
	u, err := views.AssetURL("app.css")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{10}\.css$`).MatchString(u) {
		t.Fatalf("asset URL %q", u)
	}
	asset, ok := views.LookupAsset(strings.TrimPrefix(u, "/static/"))
	if !ok || len(asset.Body) == 0 || !strings.HasPrefix(asset.ContentType, "text/css") {
		t.Fatalf("lookup %q: %v", u, ok)
	}
	if _, err := views.AssetURL("missing.css"); err == nil {
		t.Fatal("an unknown asset is an error, so a typo fails the render")
	}
}
