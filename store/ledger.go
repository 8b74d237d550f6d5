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
