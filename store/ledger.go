package store

import (
	"context"
	"database/sql"
	"fmt"
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

// RecordParticipation appends an act to the ledger.
func (s *Store) RecordParticipation(ctx context.Context, municipalityID int64, p Participation) error {
	occurred := sql.NullTime{Time: p.OccurredAt, Valid: !p.OccurredAt.IsZero()}
	_, err := s.db.ExecContext(ctx, `INSERT INTO participation_ledger
		(municipality_id, user_id, anonymous_ref, occurred_at, act, scope_type, scope_id, channel,
		 area_id, age_band, gender, recorded_by)
		VALUES ($1, $2, $3::uuid, COALESCE($4, now()), $5, $6, $7, $8, $9, $10, $11, $12)`,
		municipalityID, p.UserID, p.AnonymousRef, occurred, p.Act, p.ScopeType, p.ScopeID, p.Channel,
		p.Segment.AreaID, p.Segment.AgeBand, p.Segment.Gender, p.RecordedBy)
	if err != nil {
		return fmt.Errorf("record %s participation: %w", p.Act, err)
	}
	return nil
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
