// Package locales holds Medvirk's message files (bokmål, nynorsk, Danish and
// English), language negotiation and the per-request Localizer.
package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed *.toml
var files embed.FS

// Supported lists the language codes Medvirk speaks, in switcher order.
var Supported = []string{"nb", "nn", "da", "en"}

// Names are the languages' own names, shown in the language switcher.
var Names = map[string]string{"nb": "Bokmål", "nn": "Nynorsk", "da": "Dansk", "en": "English"}

var tags = func() []language.Tag {
	ts := make([]language.Tag, len(Supported))
	for i, s := range Supported {
		ts[i] = language.MustParse(s)
	}
	return ts
}()

var matcher = language.NewMatcher(tags)

// IsSupported reports whether code is one of Supported.
func IsSupported(code string) bool {
	for _, s := range Supported {
		if s == code {
			return true
		}
	}
	return false
}

// Negotiate picks a supported language from an Accept-Language header.
// It reports false when nothing in the header is close enough, so the caller
// can fall back to the municipality's default.
func Negotiate(acceptLanguage string) (string, bool) {
	if strings.TrimSpace(acceptLanguage) == "" {
		return "", false
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return "", false
	}
	_, index, confidence := matcher.Match(prefs...)
	if confidence == language.No {
		return "", false
	}
	return Supported[index], true
}

// Bundle holds the parsed message files.
type Bundle struct {
	bundle *i18n.Bundle
	logger *slog.Logger
}

// NewBundle parses the embedded message files. A broken file fails start-up.
// Each language has a main file (nb.toml) and may have one file per feature
// (proposals.nb.toml), so that features keep their messages apart.
func NewBundle(logger *slog.Logger) (*Bundle, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, code := range Supported {
		names, err := FilesFor(code)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if _, err := b.LoadMessageFileFS(files, name); err != nil {
				return nil, fmt.Errorf("load %s messages from %s: %w", code, name, err)
			}
		}
	}
	return &Bundle{bundle: b, logger: logger}, nil
}

// FilesFor lists the message files of one language: CODE.toml and *.CODE.toml.
func FilesFor(code string) ([]string, error) {
	features, err := fs.Glob(files, "*."+code+".toml")
	if err != nil {
		return nil, fmt.Errorf("list %s message files: %w", code, err)
	}
	return append([]string{code + ".toml"}, features...), nil
}

// Files exposes the message files for tests and tooling.
func Files() fs.FS { return files }

// Localizer renders messages, dates and numbers for one request.
type Localizer struct {
	Lang     string
	loc      *i18n.Localizer
	printer  *message.Printer
	location *time.Location
	logger   *slog.Logger
}

// Localizer returns a localizer for lang (one of Supported) that shows times in location.
func (b *Bundle) Localizer(lang string, location *time.Location) *Localizer {
	if !IsSupported(lang) {
		lang = "nb"
	}
	if location == nil {
		location = time.UTC
	}
	return &Localizer{
		Lang:     lang,
		loc:      i18n.NewLocalizer(b.bundle, lang),
		printer:  message.NewPrinter(language.MustParse(lang)),
		location: location,
		logger:   b.logger,
	}
}

// T translates id. Args are name/value pairs for the message's template.
// A missing translation is logged and falls back to English or the id itself,
// so a page never breaks for want of a string.
func (l *Localizer) T(id string, args ...any) string {
	return l.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(args)})
}

// N translates id with the plural form for count; the message sees .Count
// formatted for the language.
func (l *Localizer) N(id string, count int, args ...any) string {
	data := pairs(args)
	data["Count"] = l.Number(count)
	return l.localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
}

func (l *Localizer) localize(cfg *i18n.LocalizeConfig) string {
	text, err := l.loc.Localize(cfg)
	if err != nil {
		l.logger.Warn("missing translation", "lang", l.Lang, "id", cfg.MessageID, "err", err)
		if text == "" {
			return cfg.MessageID
		}
	}
	return text
}

func pairs(args []any) map[string]any {
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if key, ok := args[i].(string); ok {
			data[key] = args[i+1]
		}
	}
	return data
}

// Number formats an integer with the language's digit grouping (60 000, 60.000, 60,000).
func (l *Localizer) Number(n int) string {
	return l.printer.Sprintf("%d", n)
}

// Date formats t as a date in the municipality's time zone ("23. november 2026").
func (l *Localizer) Date(t time.Time) string {
	t = t.In(l.location)
	return l.T("format.date", "Day", t.Day(), "Month", l.T(fmt.Sprintf("month.m%d", int(t.Month()))), "Year", t.Year())
}

// DateTime formats t with the time of day in the municipality's time zone
// ("23. november 2026 kl. 18.00").
func (l *Localizer) DateTime(t time.Time) string {
	t = t.In(l.location)
	return l.T("format.datetime", "Day", t.Day(), "Month", l.T(fmt.Sprintf("month.m%d", int(t.Month()))),
		"Year", t.Year(), "Hour", fmt.Sprintf("%02d", t.Hour()), "Minute", fmt.Sprintf("%02d", t.Minute()))
}

// ISO formats t for a machine-readable datetime attribute.
func (l *Localizer) ISO(t time.Time) string {
	return t.In(l.location).Format(time.RFC3339)
}
