package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// propEnv is a municipality with an area and a few accounts for proposal tests.
type propEnv struct {
	st   *store.Store
	ctx  context.Context
	m    *store.Municipality
	area *store.Area
	n    int
}

func newPropEnv(t *testing.T, st *store.Store, slug string) *propEnv {
	t.Helper()
	m, area := newMunicipality(t, st, slug, slug+".example")
	return &propEnv{st: st, ctx: context.Background(), m: m, area: area}
}

// user creates an account with role and an optional profile.
func (e *propEnv) user(t *testing.T, role string, profile store.Profile) *store.User {
	t.Helper()
	e.n++
	u, err := e.st.CreateUser(e.ctx, e.m.ID, store.NewUser{
		Email: fmt.Sprintf("%s%d@%s.example", role, e.n, e.m.Slug), PasswordHash: "h",
		DisplayName: fmt.Sprintf("%s %d", role, e.n), Role: role, Profile: profile,
	})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func (e *propEnv) resident(t *testing.T) *store.User {
	return e.user(t, store.RoleResident, store.Profile{})
}

// propose publishes a proposal in bokmål by author.
func (e *propEnv) propose(t *testing.T, author *store.User, title, body string) *store.Proposal {
	t.Helper()
	return e.proposeIn(t, author, "nb", title, body)
}

func (e *propEnv) proposeIn(t *testing.T, author *store.User, lang, title, body string) *store.Proposal {
	t.Helper()
	p, err := e.st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{
		AuthorID: author.ID, Title: title, Body: body, Language: lang,
	})
	if err != nil {
		t.Fatalf("create proposal %q: %v", title, err)
	}
	return p
}

// exec runs SQL directly, for states that other parts of the store create.
func (e *propEnv) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := e.st.DB().ExecContext(e.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (e *propEnv) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.st.DB().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *propEnv) get(t *testing.T, id int64) *store.Proposal {
	t.Helper()
	p, err := e.st.ProposalByID(e.ctx, e.m.ID, id, store.Viewer{CanModerate: true})
	if err != nil {
		t.Fatalf("proposal %d: %v", id, err)
	}
	return p
}

// ledgerRow is a participation ledger entry as stored.
type ledgerRow struct {
	UserID       sql.NullInt64
	AnonymousRef sql.NullString
	Act          string
	ScopeType    string
	ScopeID      sql.NullInt64
	Channel      string
	AreaID       sql.NullInt64
	AgeBand      sql.NullString
	Gender       sql.NullString
	RecordedBy   sql.NullInt64
}

func (e *propEnv) ledger(t *testing.T, act string, scopeID int64) []ledgerRow {
	t.Helper()
	rows, err := e.st.DB().QueryContext(e.ctx, `SELECT user_id, anonymous_ref::text, act, scope_type, scope_id,
			channel, area_id, age_band, gender, recorded_by
		FROM participation_ledger WHERE municipality_id = $1 AND act = $2 AND scope_id = $3 ORDER BY id`,
		e.m.ID, act, scopeID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []ledgerRow
	for rows.Next() {
		var r ledgerRow
		if err := rows.Scan(&r.UserID, &r.AnonymousRef, &r.Act, &r.ScopeType, &r.ScopeID, &r.Channel,
			&r.AreaID, &r.AgeBand, &r.Gender, &r.RecordedBy); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTranslationsIn(t *testing.T) {
	t.Parallel()
	names := store.Translations{"nb": "Trafikk", "da": "Trafik", "en": "Traffic"}
	for lang, want := range map[string]string{"nb": "Trafikk", "da": "Trafik", "en": "Traffic", "nn": "Trafikk", "": "Trafikk"} {
		if got := names.In(lang); got != want {
			t.Errorf("%q: got %q, want %q", lang, got, want)
		}
	}
	noBokmal := store.Translations{"en": "Traffic", "da": "Trafik"}
	if got := noBokmal.In("nn"); got != "Trafik" {
		t.Errorf("without nn and nb, the first language by code: got %q", got)
	}
	if got := (store.Translations)(nil).In("nb"); got != "" {
		t.Errorf("nil: got %q", got)
	}
}

func TestCategories(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	other := newPropEnv(t, st, "b")
	admin := e.user(t, store.RoleAdmin, store.Profile{})

	traffic, err := st.CreateCategory(e.ctx, e.m.ID, admin.ID, "trafikk", map[string]string{"nb": " Trafikk ", "da": "Trafik", "en": ""})
	if err != nil {
		t.Fatal(err)
	}
	if traffic.Name("da") != "Trafik" || traffic.Name("nn") != "Trafikk" || traffic.Name("en") != "Trafikk" || len(traffic.Names) != 2 {
		t.Fatalf("names are trimmed, empty ones dropped, and fall back to nb: %+v", traffic)
	}
	culture, err := st.CreateCategory(e.ctx, e.m.ID, admin.ID, "kultur", map[string]string{"en": "Culture"})
	if err != nil {
		t.Fatal(err)
	}
	if culture.Name("nb") != "Culture" || culture.Position <= traffic.Position {
		t.Fatalf("a new category comes last and falls back to any name: %+v", culture)
	}
	if _, err := st.CreateCategory(e.ctx, e.m.ID, admin.ID, "trafikk", map[string]string{"nb": "Igjen"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate slug: want ErrConflict, got %v", err)
	}
	if _, err := st.CreateCategory(e.ctx, e.m.ID, admin.ID, "tom", map[string]string{"nb": " "}); !errors.Is(err, store.ErrNoCategoryName) {
		t.Fatalf("no name: want ErrNoCategoryName, got %v", err)
	}
	if _, err := st.CreateCategory(e.ctx, other.m.ID, 0, "trafikk", map[string]string{"nb": "Trafikk"}); err != nil {
		t.Fatalf("the same slug in another municipality: %v", err)
	}
	// Same position: by slug.
	e.exec(t, `UPDATE categories SET position = 0 WHERE municipality_id = $1`, e.m.ID)
	cs, err := st.Categories(e.ctx, e.m.ID)
	if err != nil || len(cs) != 2 || cs[0].Slug != "kultur" || cs[1].Slug != "trafikk" {
		t.Fatalf("categories by position, then slug: %+v %v", cs, err)
	}

	if err := st.ArchiveCategory(e.ctx, other.m.ID, 0, traffic.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("archive across municipalities: want ErrNotFound, got %v", err)
	}
	if err := st.ArchiveCategory(e.ctx, e.m.ID, admin.ID, traffic.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.ArchiveCategory(e.ctx, e.m.ID, admin.ID, traffic.ID); err != nil {
		t.Fatalf("archiving twice is a no-op: %v", err)
	}
	cs, _ = st.Categories(e.ctx, e.m.ID)
	if len(cs) != 1 || cs[0].Slug != "kultur" {
		t.Fatalf("archived categories are not listed: %+v", cs)
	}
	log, _ := st.AuditLog(e.ctx, e.m.ID, 10)
	actions := map[string]int{}
	for _, l := range log {
		actions[l.Action]++
	}
	if actions["category.created"] != 2 || actions["category.archived"] != 1 {
		t.Fatalf("audit: %v", actions)
	}
}

func TestCreateProposalByResident(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	author := e.user(t, store.RoleResident, store.Profile{
		AreaID: some(e.area.ID), BirthYear: sql.NullInt32{Int32: 1990, Valid: true}, Gender: text("female"),
	})
	cat, err := st.CreateCategory(e.ctx, e.m.ID, 0, "trafikk", map[string]string{"nb": "Trafikk", "en": "Traffic"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{
		AuthorID: author.ID, Title: "  Flere benker\r\n ", Body: "Langs elva\x02 trengs\r\nbenker.\x07", Language: "nb",
		AreaID: e.area.ID, CategoryID: cat.ID,
		Segment: store.Segment{Gender: text("male")}, // ignored for an author with an account
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Flere benker" || p.Body != "Langs elva trengs\nbenker." {
		t.Errorf("text is trimmed, control characters dropped: %q %q", p.Title, p.Body)
	}
	if p.AuthorName != author.DisplayName || p.Channel != store.ChannelWeb || p.Status != store.StatusPublished ||
		p.AreaName.String != "Sentrum" || p.CategoryName("en") != "Traffic" || p.RecordedBy.Valid || p.MunicipalityID != e.m.ID {
		t.Errorf("created proposal: %+v", p)
	}
	if !p.Editable() || !p.Supportable() || !p.Withdrawable() {
		t.Errorf("a new proposal is editable, supportable and withdrawable")
	}
	got := e.ledger(t, "proposal", p.ID)
	wantBand := store.AgeBandFor(time.Now().Year()-1990, store.DefaultAgeBands)
	if len(got) != 1 || got[0].UserID.Int64 != author.ID || got[0].ScopeType != "proposal" || got[0].Channel != "web" ||
		got[0].AreaID.Int64 != e.area.ID || got[0].AgeBand.String != wantBand || got[0].Gender.String != "female" ||
		got[0].RecordedBy.Valid || got[0].AnonymousRef.Valid {
		t.Errorf("ledger entry with the author's segment: %+v", got)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE municipality_id = $1 AND action LIKE 'proposal.%'`, e.m.ID); n != 0 {
		t.Errorf("a resident's own proposal is not audited: %d entries", n)
	}

	// A resident without a profile: unknown segment.
	plain := e.resident(t)
	q := e.propose(t, plain, "Uten profil", "Tekst")
	if got := e.ledger(t, "proposal", q.ID); len(got) != 1 || got[0].AreaID.Valid || got[0].AgeBand.Valid || got[0].Gender.Valid {
		t.Errorf("no profile, unknown segment: %+v", got)
	}
	if q.AreaID.Valid || q.CategoryID.Valid || q.CategoryNames != nil || q.CategoryName("nb") != "" {
		t.Errorf("0 area and category are NULL: %+v", q)
	}
}

func TestCreateAssistedProposal(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	official := e.user(t, store.RoleOfficial, store.Profile{})
	seg := store.Segment{AreaID: some(e.area.ID), AgeBand: text("80+"), Gender: text("male")}
	p, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{
		RecordedBy: official.ID, Title: "Lys på stien", Body: "Ringte inn.", Language: "nn", Segment: seg,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.AuthorID.Valid || p.AuthorName != "" || p.RecordedBy.Int64 != official.ID || p.Channel != store.ChannelAssisted {
		t.Errorf("assisted proposal: %+v", p)
	}
	paper, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{
		RecordedBy: official.ID, Channel: store.ChannelPaper, Title: "Brev", Body: "Fra postkassa.", Language: "nb",
	})
	if err != nil || paper.Channel != store.ChannelPaper {
		t.Fatalf("paper: %+v %v", paper, err)
	}
	got := e.ledger(t, "proposal", p.ID)
	if len(got) != 1 || got[0].UserID.Valid || got[0].AnonymousRef.Valid || got[0].Channel != "assisted" ||
		got[0].AreaID != seg.AreaID || got[0].AgeBand != seg.AgeBand || got[0].Gender != seg.Gender ||
		got[0].RecordedBy.Int64 != official.ID {
		t.Errorf("ledger entry of an assisted proposal: %+v", got)
	}
	// Two anonymous acts count as two participants.
	counts, err := st.ParticipantsBySegment(e.ctx, e.m.ID, store.ParticipationScope{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range counts {
		total += c.Participants
	}
	if total != 2 {
		t.Errorf("each assisted proposal is its own participant: %d", total)
	}
	log, _ := st.AuditLog(e.ctx, e.m.ID, 10)
	if len(log) != 2 || log[0].Action != "proposal.recorded" || log[0].ActorName != official.DisplayName ||
		log[1].TargetID != fmt.Sprint(p.ID) {
		t.Errorf("audit: %+v", log)
	}
	if _, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{Title: "Ingen", Body: "Ingen", Language: "nb"}); err == nil {
		t.Error("a proposal needs an author or an official who recorded it")
	}
}

func TestCreateProposalRefusals(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	other := newPropEnv(t, st, "b")
	author := e.resident(t)

	blocked := e.resident(t)
	e.exec(t, `UPDATE users SET blocked_at = now(), blocked_reason = 'spam' WHERE id = $1`, blocked.ID)
	if _, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{AuthorID: blocked.ID, Title: "T", Body: "B", Language: "nb"}); !errors.Is(err, store.ErrBlocked) {
		t.Errorf("blocked author: want ErrBlocked, got %v", err)
	}
	if _, err := st.CreateProposal(e.ctx, other.m.ID, store.NewProposal{AuthorID: author.ID, Title: "T", Body: "B", Language: "nb"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("author of another municipality: want ErrNotFound, got %v", err)
	}
	if _, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{AuthorID: author.ID, Title: "T", Body: "B", Language: "nb", AreaID: other.area.ID}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("area of another municipality: want ErrNotFound, got %v", err)
	}
	cat, _ := st.CreateCategory(e.ctx, e.m.ID, 0, "gammel", map[string]string{"nb": "Gammel"})
	if err := st.ArchiveCategory(e.ctx, e.m.ID, 0, cat.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{AuthorID: author.ID, Title: "T", Body: "B", Language: "nb", CategoryID: cat.ID}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("archived category: want ErrNotFound, got %v", err)
	}
	if _, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{AuthorID: author.ID, Title: " ", Body: "B", Language: "nb"}); err == nil {
		t.Error("an empty title is refused")
	}
	if _, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{AuthorID: author.ID, Title: "T", Body: "B", Language: "sv"}); err == nil {
		t.Error("an unknown language is refused")
	}
	if n := e.count(t, `SELECT count(*) FROM proposals`); n != 0 {
		t.Errorf("refused proposals leave nothing: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM participation_ledger`); n != 0 {
		t.Errorf("refused proposals leave no ledger entry: %d", n)
	}
}

func TestProposalVisibilityAndTenancy(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	other := newPropEnv(t, st, "b")
	author, reader := e.resident(t), e.resident(t)
	p := e.propose(t, author, "Skjult forslag", "Tekst")
	visible := e.propose(t, author, "Synlig forslag", "Tekst")
	e.exec(t, `UPDATE proposals SET hidden_at = now(), hidden_reason = 'personopplysninger' WHERE id = $1`, p.ID)

	for name, v := range map[string]store.Viewer{"anonymous": {}, "another resident": {UserID: reader.ID}} {
		if _, err := st.ProposalByID(e.ctx, e.m.ID, p.ID, v); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s sees a hidden proposal: %v", name, err)
		}
	}
	for name, v := range map[string]store.Viewer{"author": {UserID: author.ID}, "moderator": {UserID: reader.ID, CanModerate: true}} {
		got, err := st.ProposalByID(e.ctx, e.m.ID, p.ID, v)
		if err != nil || !got.HiddenAt.Valid || got.HiddenReason != "personopplysninger" || got.Editable() {
			t.Errorf("%s sees the hidden proposal marked hidden: %+v %v", name, got, err)
		}
	}
	list, total, err := st.ListProposals(e.ctx, e.m.ID, store.ProposalFilter{}, store.Viewer{UserID: reader.ID, CanModerate: true})
	if err != nil || total != 1 || len(list) != 1 || list[0].ID != visible.ID {
		t.Errorf("lists never show hidden proposals, not even to moderators: %d %+v %v", total, list, err)
	}

	// Tenancy: the other municipality sees nothing of this one.
	if _, err := st.ProposalByID(e.ctx, other.m.ID, visible.ID, store.Viewer{CanModerate: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ProposalByID across municipalities: %v", err)
	}
	if list, total, err := st.ListProposals(e.ctx, other.m.ID, store.ProposalFilter{}, store.Viewer{}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("ListProposals across municipalities: %d %v", total, err)
	}
	otherResident := other.resident(t)
	if err := st.UpdateProposal(e.ctx, other.m.ID, author.ID, visible.ID, "X", "Y", 0, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateProposal across municipalities: %v", err)
	}
	if err := st.WithdrawProposal(e.ctx, other.m.ID, author.ID, visible.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("WithdrawProposal across municipalities: %v", err)
	}
	if _, err := st.Support(e.ctx, other.m.ID, otherResident.ID, visible.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Support across municipalities: %v", err)
	}
	if _, err := st.Support(e.ctx, e.m.ID, otherResident.ID, visible.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Support by a user of another municipality: %v", err)
	}
	if _, err := st.Unsupport(e.ctx, other.m.ID, otherResident.ID, visible.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Unsupport across municipalities: %v", err)
	}
	if got, err := st.SupportedBy(e.ctx, other.m.ID, reader.ID, []int64{visible.ID}); err != nil || len(got) != 0 {
		t.Errorf("SupportedBy across municipalities: %v %v", got, err)
	}
}

func TestUpdateProposal(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	author, other := e.resident(t), e.resident(t)
	cat, _ := st.CreateCategory(e.ctx, e.m.ID, 0, "natur", map[string]string{"nb": "Natur"})
	p := e.propose(t, author, "Før", "Gammel tekst")

	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, p.ID, " Etter ", "Ny tekst", e.area.ID, cat.ID); err != nil {
		t.Fatal(err)
	}
	got := e.get(t, p.ID)
	if got.Title != "Etter" || got.Body != "Ny tekst" || got.AreaID.Int64 != e.area.ID || got.CategoryID.Int64 != cat.ID || !got.UpdatedAt.After(p.UpdatedAt) {
		t.Errorf("updated: %+v", got)
	}
	if got.Headline != "" {
		t.Errorf("no headline outside a search: %q", got.Headline)
	}
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, p.ID, "Etter", "Ny tekst", 0, 0); err != nil || e.get(t, p.ID).AreaID.Valid {
		t.Errorf("area and category can be removed: %v", err)
	}
	err := st.UpdateProposal(e.ctx, e.m.ID, other.ID, p.ID, "Kapret", "Kapret", 0, 0)
	if !errors.Is(err, store.ErrNotProposalAuthor) || !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another resident: want ErrNotProposalAuthor, got %v", err)
	}
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, p.ID+1000, "X", "Y", 0, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown proposal: %v", err)
	}

	// After the first support: no more edits.
	if _, err := st.Support(e.ctx, e.m.ID, other.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	err = st.UpdateProposal(e.ctx, e.m.ID, author.ID, p.ID, "Sent", "Sent", 0, 0)
	if !errors.Is(err, store.ErrNotEditable) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("after a support: want ErrNotEditable, got %v", err)
	}
	if e.get(t, p.ID).Editable() {
		t.Error("Editable after a support")
	}

	// After the first comment (written as comments.go would).
	c := e.propose(t, author, "Kommentert", "Tekst")
	e.exec(t, `INSERT INTO comments (municipality_id, proposal_id, author_id, body) VALUES ($1, $2, $3, 'Hei')`, e.m.ID, c.ID, other.ID)
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, c.ID, "Sent", "Sent", 0, 0); !errors.Is(err, store.ErrNotEditable) {
		t.Errorf("after a comment: want ErrNotEditable, got %v", err)
	}
	counted := e.propose(t, author, "Telt", "Tekst")
	e.exec(t, `UPDATE proposals SET comment_count = 1 WHERE id = $1`, counted.ID)
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, counted.ID, "Sent", "Sent", 0, 0); !errors.Is(err, store.ErrNotEditable) {
		t.Errorf("with a comment count: want ErrNotEditable, got %v", err)
	}

	// Another status, hidden, or a blocked author.
	s := e.propose(t, author, "Status", "Tekst")
	e.exec(t, `UPDATE proposals SET status = 'under_review' WHERE id = $1`, s.ID)
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, s.ID, "Sent", "Sent", 0, 0); !errors.Is(err, store.ErrNotEditable) {
		t.Errorf("under review: want ErrNotEditable, got %v", err)
	}
	h := e.propose(t, author, "Skjult", "Tekst")
	e.exec(t, `UPDATE proposals SET hidden_at = now() WHERE id = $1`, h.ID)
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, h.ID, "Sent", "Sent", 0, 0); !errors.Is(err, store.ErrNotEditable) {
		t.Errorf("hidden: want ErrNotEditable, got %v", err)
	}
	b := e.propose(t, author, "Blokkert", "Tekst")
	e.exec(t, `UPDATE users SET blocked_at = now() WHERE id = $1`, author.ID)
	if err := st.UpdateProposal(e.ctx, e.m.ID, author.ID, b.ID, "Sent", "Sent", 0, 0); !errors.Is(err, store.ErrBlocked) {
		t.Errorf("blocked author: want ErrBlocked, got %v", err)
	}
	if got := e.get(t, b.ID); got.Title != "Blokkert" {
		t.Errorf("refused edits change nothing: %q", got.Title)
	}
}

func TestWithdrawProposal(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	author, other := e.resident(t), e.resident(t)
	p := e.propose(t, author, "Trekkes", "Tekst")

	if err := st.WithdrawProposal(e.ctx, e.m.ID, other.ID, p.ID); !errors.Is(err, store.ErrNotProposalAuthor) {
		t.Errorf("another resident: want ErrNotProposalAuthor, got %v", err)
	}
	if err := st.WithdrawProposal(e.ctx, e.m.ID, author.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.WithdrawProposal(e.ctx, e.m.ID, author.ID, p.ID); err != nil {
		t.Errorf("withdrawing twice is a no-op: %v", err)
	}
	got, err := st.ProposalByID(e.ctx, e.m.ID, p.ID, store.Viewer{})
	if err != nil || got.Status != store.StatusWithdrawn || got.Editable() || got.Supportable() {
		t.Errorf("a withdrawn proposal stays visible: %+v %v", got, err)
	}
	if n := e.count(t, `SELECT count(*) FROM proposal_status_changes WHERE proposal_id = $1
		AND from_status = 'published' AND to_status = 'withdrawn' AND official_id IS NULL AND explanation = $2`,
		p.ID, store.TimelineWithdrawn); n != 1 {
		t.Errorf("one timeline entry: %d", n)
	}
	if list, total, _ := st.ListProposals(e.ctx, e.m.ID, store.ProposalFilter{Status: store.StatusWithdrawn}, store.Viewer{}); total != 1 || list[0].ID != p.ID {
		t.Errorf("withdrawn proposals are listed: %d", total)
	}
	if _, err := st.Support(e.ctx, e.m.ID, other.ID, p.ID); !errors.Is(err, store.ErrSupportClosed) {
		t.Errorf("support of a withdrawn proposal: want ErrSupportClosed, got %v", err)
	}

	for status, allowed := range map[string]bool{
		store.StatusAwaitingAnswer: true, store.StatusUnderReview: true,
		store.StatusAccepted: false, store.StatusRejected: false, store.StatusInProgress: false, store.StatusImplemented: false,
	} {
		q := e.propose(t, author, "Status "+status, "Tekst")
		e.exec(t, `UPDATE proposals SET status = $2 WHERE id = $1`, q.ID, status)
		err := st.WithdrawProposal(e.ctx, e.m.ID, author.ID, q.ID)
		if allowed && err != nil {
			t.Errorf("%s: withdraw: %v", status, err)
		}
		if !allowed && (!errors.Is(err, store.ErrNotWithdrawable) || !errors.Is(err, store.ErrConflict)) {
			t.Errorf("%s: want ErrNotWithdrawable, got %v", status, err)
		}
		if got := e.get(t, q.ID); allowed != (got.Status == store.StatusWithdrawn) {
			t.Errorf("%s: status after withdraw %s", status, got.Status)
		}
	}
	e.exec(t, `UPDATE users SET blocked_at = now() WHERE id = $1`, author.ID)
	q := e.propose(t, other, "Annen", "Tekst")
	if err := st.WithdrawProposal(e.ctx, e.m.ID, other.ID, q.ID); err != nil {
		t.Errorf("withdraw: %v", err)
	}
	assisted, _ := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{RecordedBy: other.ID, Title: "A", Body: "B", Language: "nb"})
	if err := st.WithdrawProposal(e.ctx, e.m.ID, 0, assisted.ID); !errors.Is(err, store.ErrNotProposalAuthor) {
		t.Errorf("an assisted proposal has no author to withdraw it: %v", err)
	}
}

func TestSearchProposals(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	author := e.resident(t)
	nb := e.proposeIn(t, author, "nb", "Trygge sykkelveier", `Vi trenger a<b & "c" <script>alert("x")</script> sykkelvei til skolen.`)
	nn := e.proposeIn(t, author, "nn", "Betre sykkelvegar i bygda", "Det trengst fleire gangvegar.")
	da := e.proposeIn(t, author, "da", "Flere cykelstier", "Vi ønsker sikre cykelstier langs havnen.")
	en := e.proposeIn(t, author, "en", "Safe bike lanes", "We need a bike lane to the station.")
	e.proposeIn(t, author, "nb", "Benker i parken", "Flere benker ved dammen.")

	search := func(query, lang string) []store.Proposal {
		t.Helper()
		list, total, err := st.ListProposals(e.ctx, e.m.ID, store.ProposalFilter{Query: query, Language: lang, Order: store.OrderRelevance}, store.Viewer{})
		if err != nil {
			t.Fatalf("search %q: %v", query, err)
		}
		if total != len(list) {
			t.Fatalf("search %q: total %d, page %d", query, total, len(list))
		}
		return list
	}
	ids := func(list []store.Proposal) []int64 {
		var out []int64
		for _, p := range list {
			out = append(out, p.ID)
		}
		return out
	}
	cases := []struct {
		query, lang string
		want        int64
	}{
		{"sykkelvei", "nb", nb.ID},     // sykkelveier -> sykkelvei
		{"sykkelveg", "nn", nn.ID},     // sykkelvegar -> sykkelveg
		{"cykelsti", "da", da.ID},      // cykelstier -> cykelsti
		{"cykelstierne", "da", da.ID},  // the definite plural stems alike
		{"bikes", "en", en.ID},         // bikes -> bike
		{"cykelstier", "en", da.ID},    // the proposal's own language parses the query
		{"sykkelveiene", "da", nb.ID},  // also for a Danish reader on a bokmål proposal
		{`"safe bike"`, "nb", en.ID},   // phrase
		{"sykkelvei -skolen", "nb", 0}, // exclusion
	}
	for _, c := range cases {
		got := ids(search(c.query, c.lang))
		if c.want == 0 {
			if len(got) != 0 {
				t.Errorf("%q (%s): want nothing, got %v", c.query, c.lang, got)
			}
			continue
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%q (%s): want [%d], got %v", c.query, c.lang, c.want, got)
		}
	}
	if got := search("og", "nb"); len(got) != 0 {
		t.Errorf("a query of stop words finds nothing: %v", ids(got))
	}

	// The headline marks matches and is safe to render.
	list := search("sykkelvei", "nb")
	if len(list) != 1 || list[0].Headline == "" {
		t.Fatalf("headline: %+v", list)
	}
	html := string(store.HighlightHTML(list[0].Headline))
	if !strings.Contains(html, "<mark>sykkelveier</mark>") || !strings.Contains(html, "<mark>sykkelvei</mark>") {
		t.Errorf("matches are marked: %s", html)
	}
	if !strings.Contains(html, "a&lt;b &amp; &#34;c&#34;") {
		t.Errorf("user text is escaped: %s", html)
	}
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(html)
	if strings.ContainsAny(rest, "<>") || strings.Contains(html, "<script") {
		t.Errorf("nothing but <mark> is markup: %s", html)
	}
	// Relevance: a title match (weight A) before a body match (weight B).
	body := e.proposeIn(t, author, "nb", "Skolevei", "Bygg en trygg sykkelvei.")
	if got := ids(search("sykkelvei", "nb")); len(got) != 2 || got[0] != nb.ID || got[1] != body.ID {
		t.Errorf("relevance: want [%d %d], got %v", nb.ID, body.ID, got)
	}
}

func TestHighlightHTML(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"plain & simple":                   "plain &amp; simple",
		"\x02<script>\x03alert(1)":         "<mark>&lt;script&gt;</mark>alert(1)",
		"a \x02b\x03 c \x02d\x03":          "a <mark>b</mark> c <mark>d</mark>",
		"stray \x03stop and \x02open":      "stray stop and <mark>open</mark>",
		"\x02\x02double\x03\x03":           "<mark>double</mark>",
		`<img src=x onerror="alert('x')">`: "&lt;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&gt;",
	}
	for in, want := range cases {
		if got := string(store.HighlightHTML(in)); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestListProposals(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	e := newPropEnv(t, st, "a")
	havna, err := st.CreateArea(e.ctx, e.m.ID, "A2", "Havna")
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := st.CreateCategory(e.ctx, e.m.ID, 0, "trafikk", map[string]string{"nb": "Trafikk"})
	author := e.resident(t)
	create := func(title string, area, category int64, hoursAgo, supports int) *store.Proposal {
		t.Helper()
		p, err := st.CreateProposal(e.ctx, e.m.ID, store.NewProposal{AuthorID: author.ID, Title: title, Body: "Tekst", Language: "nb", AreaID: area, CategoryID: category})
		if err != nil {
			t.Fatal(err)
		}
		e.exec(t, `UPDATE proposals SET created_at = now() - make_interval(hours => $2), support_count = $3 WHERE id = $1`, p.ID, hoursAgo, supports)
		return p
	}
	old := create("Gammel populær", e.area.ID, cat.ID, 24*30, 9)
	mid := create("Midt", havna.ID, 0, 48, 2)
	fresh := create("Fersk", 0, cat.ID, 1, 0)
	withdrawn := create("Trukket", havna.ID, 0, 3, 1)
	e.exec(t, `UPDATE proposals SET status = 'withdrawn' WHERE id = $1`, withdrawn.ID)
	hidden := create("Skjult", e.area.ID, 0, 2, 50)
	e.exec(t, `UPDATE proposals SET hidden_at = now() WHERE id = $1`, hidden.ID)

	list := func(f store.ProposalFilter) ([]int64, int) {
		t.Helper()
		ps, total, err := st.ListProposals(e.ctx, e.m.ID, f, store.Viewer{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return ids, total
	}
	check := func(name string, f store.ProposalFilter, wantTotal int, want ...*store.Proposal) {
		t.Helper()
		got, total := list(f)
		var wantIDs []int64
		for _, p := range want {
			wantIDs = append(wantIDs, p.ID)
		}
		if total != wantTotal || fmt.Sprint(got) != fmt.Sprint(wantIDs) {
			t.Errorf("%s: got %v (total %d), want %v (total %d)", name, got, total, wantIDs, wantTotal)
		}
	}
	check("newest by default", store.ProposalFilter{}, 4, fresh, withdrawn, mid, old)
	check("unknown order is newest", store.ProposalFilter{Order: "random"}, 4, fresh, withdrawn, mid, old)
	check("relevance without a query is newest", store.ProposalFilter{Order: store.OrderRelevance}, 4, fresh, withdrawn, mid, old)
	check("most supported", store.ProposalFilter{Order: store.OrderMostSupported}, 4, old, mid, withdrawn, fresh)
	check("area", store.ProposalFilter{AreaID: havna.ID}, 2, withdrawn, mid)
	check("category", store.ProposalFilter{CategoryID: cat.ID}, 2, fresh, old)
	check("status", store.ProposalFilter{Status: store.StatusPublished}, 3, fresh, mid, old)
	check("area and category", store.ProposalFilter{AreaID: e.area.ID, CategoryID: cat.ID}, 1, old)
	check("page 1", store.ProposalFilter{Limit: 2}, 4, fresh, withdrawn)
	check("page 2", store.ProposalFilter{Limit: 2, Offset: 2}, 4, mid, old)
	check("past the end", store.ProposalFilter{Limit: 2, Offset: 10}, 4)
	// Balanced: (supports+1)/(hours+2)^1.5 — fresh 0.19, withdrawn 0.18, mid 0.009, old 0.0005.
	check("balanced", store.ProposalFilter{Order: store.OrderBalanced}, 4, fresh, withdrawn, mid, old)
	check("balanced with a boost for Havna", store.ProposalFilter{Order: store.OrderBalanced,
		AreaBoost: map[int64]float64{havna.ID: 30}}, 4, withdrawn, mid, fresh, old)
	check("balanced with a boost for the whole municipality (key 0)", store.ProposalFilter{Order: store.OrderBalanced,
		AreaBoost: map[int64]float64{0: 2, havna.ID: 0.5}}, 4, fresh, withdrawn, mid, old)
	check("balanced with a filter", store.ProposalFilter{Order: store.OrderBalanced, AreaID: e.area.ID,
		AreaBoost: map[int64]float64{havna.ID: 30}}, 1, old)

	ps, _, err := st.ListProposals(e.ctx, e.m.ID, store.ProposalFilter{AreaID: e.area.ID}, store.Viewer{})
	if err != nil || len(ps) != 1 || ps[0].AreaName.String != "Sentrum" || ps[0].CategoryName("nb") != "Trafikk" ||
		ps[0].AuthorName != author.DisplayName || ps[0].Headline != "" {
		t.Errorf("list rows carry joined names: %+v %v", ps, err)
	}
	// A deleted author's proposals stay, without a name.
	if err := st.DeleteUser(e.ctx, e.m.ID, author.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.get(t, old.ID); got.AuthorName != "" || !got.AuthorID.Valid {
		t.Errorf("deleted author: %+v", got)
	}
}
