package store

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/jmoiron/sqlx"
	"time"
)

// Participation channels.
const (
	ChannelWeb      = "web"
	ChannelMeeting  = "meeting"
	ChannelPaper    = "paper"
	ChannelPhone    = "phone"
	ChannelAssisted = "assisted"
)

// Channels lists every channel.
var Channels = []string{ChannelWeb, ChannelMeeting, ChannelPaper, ChannelPhone, ChannelAssisted}

// Segment is the part of the population a participant belongs to at the time
// of an act. Unknown parts stay empty and are reported as "unknown".
type Segment struct {
	AreaID  sql.NullInt64
	AgeBand sql.NullString
	Gender  sql.NullString
}

// Participation is one act recorded in the participation ledger.
type Participation struct {
	UserID       sql.NullInt64
	AnonymousRef sql.NullString // uuid grouping acts of one person without an account
	OccurredAt   time.Time      // zero means now
	Act          string         // proposal, support, comment, ballot, answer, meeting_attendance, meeting_registration
	ScopeType    string         // municipality, proposal, consultation, meeting
	ScopeID      sql.NullInt64
	Channel      string
	Segment      Segment
	RecordedBy   sql.NullInt64
}

const insertParticipation = `INSERT INTO participation_ledger
	(municipality_id, user_id, anonymous_ref, occurred_at, act, scope_type, scope_id, channel,
	 area_id, age_band, gender, recorded_by)
	VALUES ($1, $2, $3::uuid, COALESCE($4, now()), $5, $6, $7, $8, $9, $10, $11, $12)`

// RecordParticipation appends an act to the ledger.
func (s *Store) RecordParticipation(ctx context.Context, municipalityID int64, p Participation) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return recordParticipation(ctx, tx, municipalityID, p) })
}

// LedgerEntry is one act as shown to the person who took part.
type LedgerEntry struct {
	OccurredAt time.Time      `db:"occurred_at" json:"occurred_at"`
	Act        string         `db:"act" json:"act"`
	ScopeType  string         `db:"scope_type" json:"scope_type"`
	ScopeID    sql.NullInt64  `db:"scope_id" json:"-"`
	Channel    string         `db:"channel" json:"channel"`
	AreaName   sql.NullString `db:"area_name" json:"-"`
	AgeBand    sql.NullString `db:"age_band" json:"-"`
	Gender     sql.NullString `db:"gender" json:"-"`
}

// ParticipationOf lists a user's own acts in the ledger, newest first.
func (s *Store) ParticipationOf(ctx context.Context, municipalityID, userID int64) ([]LedgerEntry, error) {
	var entries []LedgerEntry
	err := s.db.SelectContext(ctx, &entries, `SELECT l.occurred_at, l.act, l.scope_type, l.scope_id, l.channel,
			a.name AS area_name, l.age_band, l.gender
		FROM participation_ledger l
		LEFT JOIN areas a ON a.municipality_id = l.municipality_id AND a.id = l.area_id
		WHERE l.municipality_id = $1 AND l.user_id = $2
		ORDER BY l.occurred_at DESC, l.id DESC`, municipalityID, userID)
	if err != nil {
		return nil, fmt.Errorf("participation of user %d: %w", userID, err)
	}
	return entries, nil
}

// ParticipationScope selects the acts that count: a period, optionally one
// consultation, proposal or meeting, optionally one area.
type ParticipationScope struct {
	From, To  time.Time // zero To means now; zero From means 24 months before To
	ScopeType string    // "" for every act; else proposal, consultation or meeting
	ScopeID   int64
	AreaID    int64 // 0 for every area
}

// DefaultWindow is how far back participation counts when no period is given.
const DefaultWindow = 24 * 30 * 24 * time.Hour

// SegmentCount is the number of distinct participants in one segment, in
// total and through each channel. A participant counts once, in the segment of
// their latest act in scope, however many acts they made; one who used two
// channels counts in both channel columns. Unknown parts of the segment are NULL.
type SegmentCount struct {
	AreaID       sql.NullInt64  `db:"area_id"`
	AreaCode     sql.NullString `db:"area_code"`
	AgeBand      sql.NullString `db:"age_band"`
	Gender       sql.NullString `db:"gender"`
	Participants int            `db:"participants"`
	Web          int            `db:"web"`
	Meeting      int            `db:"meeting"`
	Paper        int            `db:"paper"`
	Phone        int            `db:"phone"`
	Assisted     int            `db:"assisted"`
}

// ByChannel returns the participants who used channel (one of Channels).
func (c SegmentCount) ByChannel(channel string) int {
	switch channel {
	case ChannelWeb:
		return c.Web
	case ChannelMeeting:
		return c.Meeting
	case ChannelPaper:
		return c.Paper
	case ChannelPhone:
		return c.Phone
	case ChannelAssisted:
		return c.Assisted
	}
	return 0
}

// ledgerInScope is the condition on participation_ledger rows for a scope:
// $1 municipality, [$2, $3) period, $4/$5 scope type and id (an empty type
// for every act), $6 area (0 for every area).
const ledgerInScope = `municipality_id = $1 AND occurred_at >= $2 AND occurred_at < $3
			AND ($4 = '' OR (scope_type = $4 AND scope_id = $5))
			AND ($6 = 0 OR area_id = $6)`

// channelBit turns an act's channel into one bit, so that bit_or collects the
// set of channels a participant used.
const channelBit = `CASE channel WHEN 'web' THEN 1 WHEN 'meeting' THEN 2 WHEN 'paper' THEN 4
			WHEN 'phone' THEN 8 ELSE 16 END`

// countBySegment counts the participants of a branch of
// participantsBySegment per segment and channel.
const countBySegment = `SELECT area_id, age_band, gender,
			count(*) AS participants,
			count(*) FILTER (WHERE channels & 1 <> 0) AS web,
			count(*) FILTER (WHERE channels & 2 <> 0) AS meeting,
			count(*) FILTER (WHERE channels & 4 <> 0) AS paper,
			count(*) FILTER (WHERE channels & 8 <> 0) AS phone,
			count(*) FILTER (WHERE channels & 16 <> 0) AS assisted`

// participantsBySegment finds each participant's latest segment and the set
// of channels they used (as bits), counts them per segment, then names the
// areas. A participant is a user, an anonymous reference, or else a single
// act, and each kind is its own branch with its own index (migrations/0005):
// the acts of a user or an anonymous reference come out of their index per
// person and newest first, the order both the window and DISTINCT ON ask
// for, so no sort over the acts remains; acts without identity need no
// grouping. Each branch counts its own people per segment, which keeps the
// rows to aggregate at the end to a few hundred.
const participantsBySegment = `
	WITH counts AS (
		` + countBySegment + ` FROM (
			SELECT DISTINCT ON (user_id) area_id, age_band, gender,
				bit_or(` + channelBit + `) OVER (PARTITION BY user_id ORDER BY occurred_at DESC, id DESC
					ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS channels
			FROM participation_ledger
			WHERE user_id IS NOT NULL AND ` + ledgerInScope + `
			ORDER BY user_id, occurred_at DESC, id DESC) AS users
		GROUP BY area_id, age_band, gender
		UNION ALL
		` + countBySegment + ` FROM (
			SELECT DISTINCT ON (anonymous_ref) area_id, age_band, gender,
				bit_or(` + channelBit + `) OVER (PARTITION BY anonymous_ref ORDER BY occurred_at DESC, id DESC
					ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS channels
			FROM participation_ledger
			WHERE anonymous_ref IS NOT NULL AND ` + ledgerInScope + `
			ORDER BY anonymous_ref, occurred_at DESC, id DESC) AS anonymous
		GROUP BY area_id, age_band, gender
		UNION ALL
		` + countBySegment + ` FROM (
			SELECT area_id, age_band, gender, ` + channelBit + ` AS channels
			FROM participation_ledger
			WHERE user_id IS NULL AND anonymous_ref IS NULL AND ` + ledgerInScope + `) AS single_acts
		GROUP BY area_id, age_band, gender
	)
	SELECT c.area_id, ar.code AS area_code, c.age_band, c.gender,
		sum(c.participants) AS participants, sum(c.web) AS web, sum(c.meeting) AS meeting,
		sum(c.paper) AS paper, sum(c.phone) AS phone, sum(c.assisted) AS assisted
	FROM counts c
	LEFT JOIN areas ar ON ar.municipality_id = $1 AND ar.id = c.area_id
	GROUP BY c.area_id, ar.code, c.age_band, c.gender
	ORDER BY ar.code NULLS LAST, c.age_band NULLS LAST, c.gender NULLS LAST`

// ParticipantsBySegment counts distinct participants per segment, in total and
// per channel, for a scope — in one aggregate query.
func (s *Store) ParticipantsBySegment(ctx context.Context, municipalityID int64, scope ParticipationScope) ([]SegmentCount, error) {
	from, to := scope.Period()
	var counts []SegmentCount
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		// Compiling this query with JIT takes longer (seconds on millions of
		// acts) than the compiled code saves: the work is index reads and
		// one window pass, not expressions.
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return fmt.Errorf("turn off jit: %w", err)
		}
		return tx.SelectContext(ctx, &counts, participantsBySegment,
			municipalityID, from, to, scope.ScopeType, scope.ScopeID, scope.AreaID)
	})
	if err != nil {
		return nil, fmt.Errorf("count participants by segment: %w", err)
	}
	return counts, nil
}
