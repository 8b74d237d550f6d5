package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Viewer says who looks: moderators (and admins) see hidden items.
type Viewer struct {
	UserID      int64
	CanModerate bool
}

// Proposal statuses.
const (
	StatusPublished      = "published"
	StatusAwaitingAnswer = "awaiting_answer"
	StatusUnderReview    = "under_review"
	StatusAccepted       = "accepted"
	StatusRejected       = "rejected"
	StatusInProgress     = "in_progress"
	StatusImplemented    = "implemented"
	StatusWithdrawn      = "withdrawn"
)

// Errors of the proposal rules.
var (
	// ErrBlocked refuses an act by an account that a moderator blocked.
	ErrBlocked = errors.New("account is blocked")
	// ErrNotEditable refuses an edit once a proposal has a support or a
	// comment, has left the published status, or is hidden.
	ErrNotEditable = fmt.Errorf("proposal can no longer be edited: %w", ErrConflict)
	// ErrNotWithdrawable refuses to withdraw a proposal that the municipality
	// has decided on or is carrying out.
	ErrNotWithdrawable = fmt.Errorf("proposal can no longer be withdrawn: %w", ErrConflict)
	// ErrNotProposalAuthor refuses a change by someone other than the author.
	// It wraps ErrNotFound: to anyone else, the editable proposal does not exist.
	ErrNotProposalAuthor = fmt.Errorf("not the author of the proposal: %w", ErrNotFound)
)

// Explanations stored by the system (not by an official) in the status
// timeline. Explanations that start with "timeline." are message ids that the
// UI translates; any other explanation is an official's own words.
const (
	TimelineThresholdReached = "timeline.threshold_reached"
	TimelineWithdrawn        = "timeline.withdrawn"
)

// Proposal is a resident's proposal as shown to a reader.
type Proposal struct {
	ID             int64          `db:"id"`
	MunicipalityID int64          `db:"municipality_id"`
	AuthorID       sql.NullInt64  `db:"author_id"` // NULL: assisted submission without an account
	AuthorName     string         `db:"author_name"`
	RecordedBy     sql.NullInt64  `db:"recorded_by"`
	Channel        string         `db:"channel"`
	Title          string         `db:"title"`
	Body           string         `db:"body"`
	Language       string         `db:"language"`
	AreaID         sql.NullInt64  `db:"area_id"` // NULL: the whole municipality
	AreaName       sql.NullString `db:"area_name"`
	CategoryID     sql.NullInt64  `db:"category_id"`
	CategoryNames  Translations   `db:"category_names"` // nil without a category
	Status         string         `db:"status"`
	Progress       sql.NullInt32  `db:"progress"`
	SupportCount   int            `db:"support_count"`
	CommentCount   int            `db:"comment_count"`
	FlagCount      int            `db:"flag_count"`
	HiddenAt       sql.NullTime   `db:"hidden_at"`
	HiddenReason   string         `db:"hidden_reason"`
	CreatedAt      time.Time      `db:"created_at"`
	UpdatedAt      time.Time      `db:"updated_at"`
	// Headline is set by ListProposals for a search only: an excerpt with the
	// matches between sentinel characters. Render it with HighlightHTML.
	Headline string `db:"headline"`
}

// Editable reports whether the author may still edit the proposal: nobody
// has supported or commented on it, it is published and not hidden.
// UpdateProposal checks the same in SQL.
func (p *Proposal) Editable() bool {
	return p.SupportCount == 0 && p.CommentCount == 0 && p.Status == StatusPublished && !p.HiddenAt.Valid
}

// Supportable reports whether residents may support (or stop supporting) the
// proposal: until the municipality has decided on it.
func (p *Proposal) Supportable() bool { return supportable(p.Status) }

func supportable(status string) bool {
	return status == StatusPublished || status == StatusAwaitingAnswer || status == StatusUnderReview
}

// Withdrawable reports whether the author may still withdraw the proposal.
func (p *Proposal) Withdrawable() bool { return supportable(p.Status) }

// CategoryName returns the proposal's category name in lang ("" without one).
func (p *Proposal) CategoryName(lang string) string { return p.CategoryNames.In(lang) }

// proposalColumns reads a proposal (alias p) with its author, area and
// category names; use it with proposalJoins.
const proposalColumns = `p.id, p.municipality_id, p.author_id,
	CASE WHEN u.deleted_at IS NULL THEN COALESCE(u.display_name, '') ELSE '' END AS author_name,
	p.recorded_by, p.channel, p.title, p.body, p.language, p.area_id, a.name AS area_name,
	p.category_id, c.names AS category_names, p.status, p.progress, p.support_count, p.comment_count,
	p.flag_count, p.hidden_at, p.hidden_reason, p.created_at, p.updated_at`

const proposalJoins = `
	LEFT JOIN users u ON u.municipality_id = p.municipality_id AND u.id = p.author_id
	LEFT JOIN areas a ON a.municipality_id = p.municipality_id AND a.id = p.area_id
	LEFT JOIN categories c ON c.municipality_id = p.municipality_id AND c.id = p.category_id`

// ProposalByID returns a proposal of the municipality as viewer may see it.
// A hidden proposal is ErrNotFound, except to moderators and to its author,
// who see it with HiddenAt and HiddenReason set (so that the author learns
// why and may withdraw it). Withdrawn proposals stay visible to everyone.
func (s *Store) ProposalByID(ctx context.Context, municipalityID, id int64, viewer Viewer) (*Proposal, error) {
	var p Proposal
	err := s.db.GetContext(ctx, &p, `SELECT `+proposalColumns+`, '' AS headline
		FROM proposals p`+proposalJoins+`
		WHERE p.municipality_id = $1 AND p.id = $2
			AND (p.hidden_at IS NULL OR $3 OR p.author_id = $4)`,
		municipalityID, id, viewer.CanModerate, viewer.UserID)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("proposal %d", id))
	}
	return &p, nil
}

// NewProposal is what a resident submits, or what an official records on
// behalf of a resident (assisted submission).
type NewProposal struct {
	AuthorID   int64  // 0: assisted submission by a resident without an account
	RecordedBy int64  // the official who recorded it; required when AuthorID is 0
	Channel    string // "" means web for a resident and assisted for a recorded submission
	Title      string
	Body       string
	Language   string // nb, nn, da or en: the language the text is written in
	AreaID     int64  // 0: the whole municipality
	CategoryID int64  // 0: none
	// Segment is what a resident without an account told the official; it is
	// ignored when AuthorID is set (the author's consented profile is used).
	Segment Segment
	// MeetingID links a proposal raised at a neighbourhood meeting to it (0: none).
	MeetingID int64
}

// CreateProposal publishes a proposal and records the act in the
// participation ledger, in one transaction. A blocked author gets ErrBlocked;
// an area or category of another municipality, or an archived category, is
// ErrNotFound. A proposal recorded by an official is audited as
// "proposal.recorded"; when it has no author, its ledger entry has neither a
// user nor an anonymous reference, so that it counts as its own participant.
func (s *Store) CreateProposal(ctx context.Context, municipalityID int64, n NewProposal) (*Proposal, error) {
	channel := n.Channel
	if channel == "" {
		channel = ChannelWeb
		if n.AuthorID == 0 {
			channel = ChannelAssisted
		}
	}
	var p Proposal
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		seg := n.Segment
		if n.AuthorID != 0 {
			if err := checkNotBlocked(ctx, tx, municipalityID, n.AuthorID); err != nil {
				return err
			}
			var err error
			if seg, err = segmentOf(ctx, tx, municipalityID, n.AuthorID, time.Now()); err != nil {
				return err
			}
		}
		if err := checkAreaAndCategory(ctx, tx, municipalityID, n.AreaID, n.CategoryID); err != nil {
			return err
		}
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO proposals
			(municipality_id, author_id, recorded_by, channel, title, body, language, area_id, category_id)
			VALUES ($1, NULLIF($2, 0), NULLIF($3, 0), $4, $5, $6, $7, NULLIF($8, 0), NULLIF($9, 0))
			RETURNING id`,
			municipalityID, n.AuthorID, n.RecordedBy, channel, cleanText(n.Title), cleanText(n.Body),
			n.Language, n.AreaID, n.CategoryID)
		if err != nil {
			return fmt.Errorf("create proposal: %w", err)
		}
		if err := recordParticipation(ctx, tx, municipalityID, Participation{
			UserID:     nullID(n.AuthorID),
			Act:        "proposal",
			ScopeType:  "proposal",
			ScopeID:    nullID(id),
			Channel:    channel,
			Segment:    seg,
			RecordedBy: nullID(n.RecordedBy),
		}); err != nil {
			return err
		}
		if n.MeetingID != 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO meeting_proposals (municipality_id, meeting_id, proposal_id, relation)
				SELECT $1, id, $3, 'raised' FROM meetings WHERE municipality_id = $1 AND id = $2`, municipalityID, n.MeetingID, id)
			if err != nil {
				return fmt.Errorf("link proposal to meeting %d: %w", n.MeetingID, err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return fmt.Errorf("meeting %d: %w", n.MeetingID, ErrNotFound)
			}
		}
		if n.RecordedBy != 0 {
			if err := audit(ctx, tx, AuditEntry{
				MunicipalityID: municipalityID, ActorID: n.RecordedBy, Action: "proposal.recorded",
				TargetType: "proposal", TargetID: fmt.Sprint(id),
				Details: map[string]any{"channel": channel, "author_id": n.AuthorID},
			}); err != nil {
				return err
			}
		}
		err = tx.GetContext(ctx, &p, `SELECT `+proposalColumns+`, '' AS headline
			FROM proposals p`+proposalJoins+` WHERE p.municipality_id = $1 AND p.id = $2`, municipalityID, id)
		if err != nil {
			return fmt.Errorf("read new proposal %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// UpdateProposal lets the author change the text, area and category while
// the proposal is editable (see Proposal.Editable); the rule is checked in the
// UPDATE itself, so a support or comment that commits first wins. Someone
// else than the author gets ErrNotProposalAuthor, a late edit ErrNotEditable,
// a blocked author ErrBlocked.
func (s *Store) UpdateProposal(ctx context.Context, municipalityID, authorID, id int64, title, body string, areaID, categoryID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkNotBlocked(ctx, tx, municipalityID, authorID); err != nil {
			return err
		}
		if err := checkAreaAndCategory(ctx, tx, municipalityID, areaID, categoryID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE proposals p
			SET title = $4, body = $5, area_id = NULLIF($6, 0), category_id = NULLIF($7, 0), updated_at = now()
			WHERE p.municipality_id = $1 AND p.id = $2 AND p.author_id = $3
				AND p.support_count = 0 AND p.comment_count = 0 AND p.status = 'published' AND p.hidden_at IS NULL
				AND NOT EXISTS (SELECT 1 FROM comments c
					WHERE c.municipality_id = $1 AND c.proposal_id = p.id AND c.parent_id IS NULL)`,
			municipalityID, id, authorID, cleanText(title), cleanText(body), areaID, categoryID)
		if err != nil {
			return fmt.Errorf("update proposal %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		// Nothing changed: say why.
		var author sql.NullInt64
		err = tx.GetContext(ctx, &author, `SELECT author_id FROM proposals WHERE municipality_id = $1 AND id = $2`,
			municipalityID, id)
		if err != nil {
			return notFound(err, fmt.Sprintf("proposal %d", id))
		}
		if !author.Valid || author.Int64 != authorID {
			return fmt.Errorf("update proposal %d: %w", id, ErrNotProposalAuthor)
		}
		return fmt.Errorf("update proposal %d: %w", id, ErrNotEditable)
	})
}

// WithdrawProposal lets the author withdraw a proposal that the municipality
// has not yet decided on (published, awaiting an answer or under review). It
// stays visible with the status withdrawn, and the timeline shows the change.
// Withdrawing a withdrawn proposal does nothing; a decided one (accepted,
// rejected, in progress, implemented) is ErrNotWithdrawable. A blocked author
// may still withdraw.
func (s *Store) WithdrawProposal(ctx context.Context, municipalityID, authorID, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			AuthorID sql.NullInt64 `db:"author_id"`
			Status   string        `db:"status"`
		}
		err := tx.GetContext(ctx, &row, `SELECT author_id, status FROM proposals
			WHERE municipality_id = $1 AND id = $2 FOR UPDATE`, municipalityID, id)
		if err != nil {
			return notFound(err, fmt.Sprintf("proposal %d", id))
		}
		switch {
		case !row.AuthorID.Valid || row.AuthorID.Int64 != authorID:
			return fmt.Errorf("withdraw proposal %d: %w", id, ErrNotProposalAuthor)
		case row.Status == StatusWithdrawn:
			return nil
		case !supportable(row.Status):
			return fmt.Errorf("withdraw proposal %d (%s): %w", id, row.Status, ErrNotWithdrawable)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'withdrawn', updated_at = now()
			WHERE municipality_id = $1 AND id = $2`, municipalityID, id); err != nil {
			return fmt.Errorf("withdraw proposal %d: %w", id, err)
		}
		return recordStatusChange(ctx, tx, municipalityID, id, row.Status, StatusWithdrawn, TimelineWithdrawn)
	})
}

// recordStatusChange adds a system entry (no official) to a proposal's timeline.
func recordStatusChange(ctx context.Context, tx *sqlx.Tx, municipalityID, proposalID int64, from, to, explanation string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_status_changes
		(municipality_id, proposal_id, from_status, to_status, explanation)
		VALUES ($1, $2, $3, $4, $5)`, municipalityID, proposalID, from, to, explanation); err != nil {
		return fmt.Errorf("record status change of proposal %d: %w", proposalID, err)
	}
	return nil
}

// checkNotBlocked refuses a blocked account (ErrBlocked) and a deleted or
// unknown one (ErrNotFound).
func checkNotBlocked(ctx context.Context, tx *sqlx.Tx, municipalityID, userID int64) error {
	var blocked bool
	err := tx.GetContext(ctx, &blocked, `SELECT blocked_at IS NOT NULL FROM users
		WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, userID)
	if err != nil {
		return notFound(err, fmt.Sprintf("user %d", userID))
	}
	if blocked {
		return fmt.Errorf("user %d: %w", userID, ErrBlocked)
	}
	return nil
}

// checkAreaAndCategory makes sure that an area and a category in use (0 for
// none) belong to the municipality, in one statement.
func checkAreaAndCategory(ctx context.Context, tx *sqlx.Tx, municipalityID, areaID, categoryID int64) error {
	var ok struct {
		Area     bool `db:"area"`
		Category bool `db:"category"`
	}
	err := tx.GetContext(ctx, &ok, `SELECT
		$2::bigint = 0 OR EXISTS (SELECT 1 FROM areas WHERE municipality_id = $1 AND id = $2) AS area,
		$3::bigint = 0 OR EXISTS (SELECT 1 FROM categories
			WHERE municipality_id = $1 AND id = $3 AND archived_at IS NULL) AS category`,
		municipalityID, areaID, categoryID)
	if err != nil {
		return fmt.Errorf("check area and category: %w", err)
	}
	if !ok.Area {
		return fmt.Errorf("area %d: %w", areaID, ErrNotFound)
	}
	if !ok.Category {
		return fmt.Errorf("category %d: %w", categoryID, ErrNotFound)
	}
	return nil
}

// nullID maps 0 to NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// cleanText trims s and drops control characters other than newline and tab
// (which also keeps the headline sentinels out of stored text). Line breaks
// are stored as "\n".
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// Order is how ListProposals sorts.
type Order string

// Orders of proposal lists.
const (
	OrderNewest        Order = "newest"
	OrderMostSupported Order = "most_supported"
	// OrderRelevance ranks search matches (ts_rank_cd); without a query it
	// falls back to OrderNewest.
	OrderRelevance Order = "relevance"
	// OrderBalanced is a "hot" order that the outreach engine can tilt
	// toward under-represented areas: score = (supports + 1) /
	// (age in hours + 2)^1.5 × the area's boost from ProposalFilter.AreaBoost
	// (1 for areas not in the map). It sorts in SQL over every visible
	// proposal of the municipality (no index serves it), which is fine for the
	// tens of thousands of proposals a municipality has.
	OrderBalanced Order = "balanced"
)

// ProposalFilter narrows and orders a list of proposals.
type ProposalFilter struct {
	AreaID     int64 // 0: every area (and the whole municipality)
	CategoryID int64 // 0: every category
	Status     string
	Query      string // full-text search, websearch syntax ("a b", "a or b", -a, "exact phrase")
	Language   string // the reader's language: parses Query (besides each proposal's own language)
	Order      Order  // "" or unknown: newest
	// AreaBoost multiplies the score of OrderBalanced per area id; key 0 is
	// the whole municipality (proposals without an area). Ignored by the
	// other orders. This is the seam for the outreach engine's priorities.
	AreaBoost map[int64]float64
	Limit     int // 1..100, default 20
	Offset    int
}

// Options of ts_headline. The sentinels mark matches in user text that is not
// yet escaped; HighlightHTML escapes everything and turns them into <mark>.
const (
	headlineStart   = "\x02"
	headlineStop    = "\x03"
	headlineOptions = "StartSel=" + headlineStart + ", StopSel=" + headlineStop +
		", MaxFragments=2, MaxWords=25, MinWords=8"
)

// HighlightHTML renders a search headline safely: every character of the
// text is HTML-escaped, and only the match sentinels become <mark> elements,
// always balanced.
func HighlightHTML(headline string) template.HTML {
	var b strings.Builder
	open := false
	for {
		i := strings.IndexAny(headline, headlineStart+headlineStop)
		if i < 0 {
			b.WriteString(template.HTMLEscapeString(headline))
			break
		}
		b.WriteString(template.HTMLEscapeString(headline[:i]))
		start := headline[i:i+1] == headlineStart
		switch {
		case start && !open:
			b.WriteString("<mark>")
			open = true
		case !start && open:
			b.WriteString("</mark>")
			open = false
		}
		headline = headline[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) // every piece of text above is escaped
}

// ListProposals returns one page of the municipality's visible proposals
// and the number of all that match. Hidden proposals are never listed (not
// even to moderators, who find them in the moderation queue); withdrawn ones
// are. The list is the same for every viewer today; viewer is there for
// per-reader fields. Relevance without a query, and unknown orders, sort
// newest first.
//
// It runs exactly two statements, whatever the filter and the data: one for
// the page (authors, areas and categories joined, the search headline
// computed for the page's rows only) and one count(*) with the same WHERE.
//
// Search: each proposal's vector was built with its own language's
// configuration, so the query is parsed in the proposal's own language
// (medvirk_search_config(p.language)) OR in the reader's (f.Language): the
// own-language parse is the correct one (a Danish query word is stemmed like
// the Danish proposal it should find), the reader's adds matches across
// languages. As that per-row query cannot use the GIN index, the WHERE clause
// also requires a match of the query parsed in every configuration — a
// constant, indexable superset. Ranking (OrderRelevance) is ts_rank_cd
// against the per-row query, titles weigh A and bodies B.
//
// Balanced order (OrderBalanced) scores every visible proposal in SQL and
// takes the top: (supports + 1) / (age in hours + 2)^1.5, times
// f.AreaBoost[area] joined from unnest(area ids, factors) (key 0 for
// proposals without an area, 1 for areas not in the map).
func (s *Store) ListProposals(ctx context.Context, municipalityID int64, f ProposalFilter, viewer Viewer) ([]Proposal, int, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	args := []any{municipalityID}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"p.municipality_id = $1", "p.hidden_at IS NULL"}
	if f.AreaID != 0 {
		where = append(where, "p.area_id = "+arg(f.AreaID))
	}
	if f.CategoryID != 0 {
		where = append(where, "p.category_id = "+arg(f.CategoryID))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+arg(f.Status))
	}
	query := strings.TrimSpace(f.Query)
	rowQuery := "" // the search query for one row (alias p)
	if query != "" {
		q, lang := arg(query), arg(f.Language)
		parse := func(language string) string {
			return fmt.Sprintf("websearch_to_tsquery(medvirk_search_config(%s), %s)", language, q)
		}
		// The query for a row: parsed in the row's language OR in the
		// reader's. Every branch has constant arguments, so PostgreSQL parses
		// each once per statement rather than once per row. The languages
		// are those of the proposals.language CHECK.
		reader := parse(lang)
		rowQuery = fmt.Sprintf(`(CASE p.language WHEN 'nn' THEN %s || %s WHEN 'da' THEN %s || %s
				WHEN 'en' THEN %s || %s ELSE %s || %s END)`,
			parse("'nn'"), reader, parse("'da'"), reader, parse("'en'"), reader, parse("'nb'"), reader)
		where = append(where,
			// An indexable superset: the query parsed in every configuration.
			fmt.Sprintf("p.search @@ (%s || %s || %s)", parse("'nb'"), parse("'da'"), parse("'en'")),
			"p.search @@ "+rowQuery)
	}
	whereSQL := strings.Join(where, " AND ")
	countSQL := `SELECT count(*) FROM proposals p WHERE ` + whereSQL
	countArgs := append([]any(nil), args...)

	// The page: ids and a sort score, then the rows themselves. Both levels
	// sort the same way (the outer one by the inner's score or by p's columns).
	from, score, order := "proposals p", "0", "p.created_at DESC, p.id DESC"
	switch {
	case f.Order == OrderMostSupported:
		order = "p.support_count DESC, p.id DESC"
	case f.Order == OrderRelevance && query != "":
		score = "ts_rank_cd(p.search, " + rowQuery + ")"
		order = "sort_score DESC, p.id DESC"
	case f.Order == OrderBalanced:
		score = "(p.support_count + 1) / power(date_part('epoch', now() - p.created_at) / 3600 + 2, 1.5)"
		if len(f.AreaBoost) > 0 {
			areas := make([]int64, 0, len(f.AreaBoost))
			factors := make([]float64, 0, len(f.AreaBoost))
			for area, factor := range f.AreaBoost {
				areas = append(areas, area)
				factors = append(factors, factor)
			}
			from += fmt.Sprintf(`
			LEFT JOIN unnest(%s::bigint[], %s::float8[]) AS boost (area_id, factor)
				ON boost.area_id = COALESCE(p.area_id, 0)`, arg(pq.Array(areas)), arg(pq.Array(factors)))
			score += " * COALESCE(boost.factor, 1)"
		}
		order = "sort_score DESC, p.id DESC"
	}
	headline, matchQuery := "''", "NULL::tsquery"
	if query != "" {
		matchQuery = rowQuery
		headline = fmt.Sprintf("ts_headline(medvirk_search_config(p.language), p.title || ' — ' || p.body, page.query, %s)",
			arg(headlineOptions))
	}
	pageSQL := fmt.Sprintf(`SELECT %s, %s AS headline
		FROM (SELECT p.id, (%s)::float8 AS sort_score, %s AS query FROM %s
			WHERE %s ORDER BY %s LIMIT %s OFFSET %s) page
		JOIN proposals p ON p.municipality_id = $1 AND p.id = page.id%s
		ORDER BY %s`,
		proposalColumns, headline, score, matchQuery, from, whereSQL, order, arg(f.Limit), arg(f.Offset), proposalJoins,
		strings.ReplaceAll(order, "sort_score", "page.sort_score"))

	var page []Proposal
	if err := s.db.SelectContext(ctx, &page, pageSQL, args...); err != nil {
		return nil, 0, fmt.Errorf("list proposals: %w", err)
	}
	var total int
	if err := s.db.GetContext(ctx, &total, countSQL, countArgs...); err != nil {
		return nil, 0, fmt.Errorf("count proposals: %w", err)
	}
	return page, total, nil
}
