// Package views renders Medvirk's HTML pages. Each page is parsed as its own
// template set (base layout + partials + the page), so pages may all define
// "content" without overwriting each other, and rendering takes no lock. The
// request's localizer travels in the template data; the one global function
// "t" takes it as its first argument.
package views

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/medvirk/medvirk/locales"
)

//go:embed layouts/*.html partials/*.html pages/*.html
var templateFS embed.FS

// Engine implements fiber.Views over the embedded templates.
type Engine struct {
	pages map[string]*template.Template
}

// New parses every page. A template that does not parse fails start-up.
func New() (*Engine, error) {
	e := &Engine{}
	return e, e.Load()
}

// Funcs are the functions available in every template.
var Funcs = template.FuncMap{
	"t": func(l *locales.Localizer, id string, args ...any) string { return l.T(id, args...) },
	"tn": func(l *locales.Localizer, id string, count int, args ...any) string {
		return l.N(id, count, args...)
	},
	"asset":     AssetURL,
	"add":       func(a, b int) int { return a + b },
	"hasPrefix": strings.HasPrefix,
	// field bundles the page and a field name for the field partials.
	"field": func(page any, name string) map[string]any { return map[string]any{"Page": page, "Field": name} },
	// dict bundles name/value pairs for a partial: dict "Page" $ "Max" 200.
	"dict": func(pairs ...any) (map[string]any, error) {
		if len(pairs)%2 != 0 {
			return nil, fmt.Errorf("dict: %d arguments, want name/value pairs", len(pairs))
		}
		m := make(map[string]any, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			name, ok := pairs[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: argument %d is not a name", i)
			}
			m[name] = pairs[i+1]
		}
		return m, nil
	},
	"contains": func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	},
}

// Load parses the templates; fiber calls it once at start.
func (e *Engine) Load() error {
	names, err := fs.Glob(templateFS, "pages/*.html")
	if err != nil {
		return fmt.Errorf("list page templates: %w", err)
	}
	e.pages = make(map[string]*template.Template, len(names))
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".html")
		t, err := template.New(name).Funcs(Funcs).ParseFS(templateFS, "layouts/*.html", "partials/*.html", file)
		if err != nil {
			return fmt.Errorf("parse page %s: %w", name, err)
		}
		e.pages[name] = t
	}
	return nil
}

// Render writes page name with data inside the base layout. The page is
// rendered into a buffer first, so a template error never sends half a page.
func (e *Engine) Render(w io.Writer, name string, data any, _ ...string) error {
	t, ok := e.pages[name]
	if !ok {
		return fmt.Errorf("render: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
		return fmt.Errorf("render page %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Pages returns the names of all page templates, for tests.
func (e *Engine) Pages() map[string]*template.Template { return e.pages }

// TemplateFS exposes the template sources, for tests.
func TemplateFS() fs.FS { return templateFS }
