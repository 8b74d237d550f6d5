package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
)

// Registrant is a resident registered or waiting for a meeting, as the
// official sees them when recording attendance.
type Registrant struct {
	UserID       int64     `db:"user_id"`
	DisplayName  string    `db:"display_name"`
	Status       string    `db:"status"`
	RegisteredAt time.Time `db:"registered_at"`
	CheckedIn    bool      `db:"checked_in"`
}

// Registrants lists a meeting's registrations: registered first, then the
// waiting list in order.
func (s *Store) Registrants(ctx context.Context, municipalityID, meetingID int64) ([]Registrant, error) {
	var list []Registrant
	err := s.db.SelectContext(ctx, &list, `SELECT r.user_id,
			CASE WHEN u.deleted_at IS NULL THEN COALESCE(u.display_name, '') ELSE '' END AS display_name,
			r.status, r.registered_at,
			EXISTS (SELECT 1 FROM meeting_attendance t WHERE t.municipality_id = r.municipality_id
				AND t.meeting_id = r.meeting_id AND t.user_id = r.user_id) AS checked_in
		FROM meeting_registrations r JOIN users u ON u.municipality_id = r.municipality_id AND u.id = r.user_id
		WHERE r.municipality_id = $1 AND r.meeting_id = $2
		ORDER BY r.status = 'waiting', r.registered_at, r.id`, municipalityID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("registrants of meeting %d: %w", meetingID, err)
	}
	return list, nil
}

// AttendanceRow is one line of a meeting's attendance: a resident checked in
// (UserID set) or a count of people without an account in one segment.
type AttendanceRow struct {
	ID          int64          `db:"id"`
	UserID      sql.NullInt64  `db:"user_id"`
	DisplayName string         `db:"display_name"`
	People      int            `db:"people"`
	AreaID      sql.NullInt64  `db:"area_id"`
	AreaName    sql.NullString `db:"area_name"`
	AgeBand     sql.NullString `db:"age_band"`
	Gender      sql.NullString `db:"gender"`
	RecordedAt  time.Time      `db:"recorded_at"`
}

// Attendance lists what was recorded for a meeting, in the order recorded.
func (s *Store) Attendance(ctx context.Context, municipalityID, meetingID int64) ([]AttendanceRow, error) {
	var rows []AttendanceRow
	err := s.db.SelectContext(ctx, &rows, `SELECT t.id, t.user_id,
			CASE WHEN u.id IS NULL OR u.deleted_at IS NOT NULL THEN '' ELSE COALESCE(u.display_name, '') END AS display_name,
			t.people, t.area_id, a.name AS area_name, t.age_band, t.gender, t.recorded_at
		FROM meeting_attendance t
		LEFT JOIN users u ON u.municipality_id = t.municipality_id AND u.id = t.user_id
		LEFT JOIN areas a ON a.municipality_id = t.municipality_id AND a.id = t.area_id
		WHERE t.municipality_id = $1 AND t.meeting_id = $2 ORDER BY t.id`, municipalityID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("attendance of meeting %d: %w", meetingID, err)
	}
	return rows, nil
}

// lockAttendedMeeting locks a meeting for recording attendance: it must be
// scheduled and have started.
func lockAttendedMeeting(ctx context.Context, tx *sqlx.Tx, municipalityID, meetingID int64) (*Meeting, error) {
	m, err := lockMeeting(ctx, tx, municipalityID, meetingID)
	if err != nil {
		return nil, err
	}
	var started bool
	if err := tx.GetContext(ctx, &started, `SELECT now() >= $1::timestamptz`, m.StartsAt); err != nil {
		return nil, fmt.Errorf("read the time: %w", err)
	}
	if m.Status != MeetingScheduled || !started {
		return nil, ErrWrongMeetingStatus
	}
	return m, nil
}

// CheckIn records that a resident with an account came to a meeting (once;
// ErrAlreadyCheckedIn after that), with a meeting participation entry in the
// ledger.
func (s *Store) CheckIn(ctx context.Context, municipalityID, officialID, meetingID, userID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockAttendedMeeting(ctx, tx, municipalityID, meetingID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO meeting_attendance (municipality_id, meeting_id, user_id, recorded_by)
			VALUES ($1, $2, $3, $4)`, municipalityID, meetingID, userID, officialID)
		if isUniqueViolation(err, "") {
			return ErrAlreadyCheckedIn
		}
		if err != nil {
			return fmt.Errorf("check in at meeting %d: %w", meetingID, err)
		}
		seg, err := segmentOf(ctx, tx, municipalityID, userID, m.StartsAt)
		if err != nil {
			return err
		}
		return recordParticipation(ctx, tx, municipalityID, Participation{UserID: nullID(userID), OccurredAt: m.StartsAt,
			Act: "meeting_attendance", ScopeType: "meeting", ScopeID: nullID(meetingID), Channel: ChannelMeeting,
			Segment: seg, RecordedBy: nullID(officialID)})
	})
}

// ErrAttendanceChanged refuses a count made on a page that no longer shows
// the newest attendance: perhaps the same count, sent twice.
var ErrAttendanceChanged = fmt.Errorf("attendance was recorded since the form was shown: %w", ErrConflict)

// CountAttendees records people without an account who came to a meeting,
// all of one segment (parts may be unknown): each is one anonymous meeting
// participant in the ledger. lastSeen is the newest attendance record the
// official's form showed (0 when none): anything newer means the form is
// stale — typically the same count sent twice — and is ErrAttendanceChanged.
// A negative lastSeen skips that check (for imports and the demo).
func (s *Store) CountAttendees(ctx context.Context, municipalityID, officialID, meetingID int64, people int, seg Segment, lastSeen int64) error {
	if people < 1 || people > 10000 {
		return fmt.Errorf("%d people: %w", people, ErrConflict)
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockAttendedMeeting(ctx, tx, municipalityID, meetingID)
		if err != nil {
			return err
		}
		if lastSeen >= 0 {
			// The meeting's row is locked: counts of one meeting are checked
			// and written one after the other.
			var newest int64
			if err := tx.GetContext(ctx, &newest, `SELECT COALESCE(max(id), 0) FROM meeting_attendance
				WHERE municipality_id = $1 AND meeting_id = $2`, municipalityID, meetingID); err != nil {
				return fmt.Errorf("newest attendance of meeting %d: %w", meetingID, err)
			}
			if newest != lastSeen {
				return ErrAttendanceChanged
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_attendance
				(municipality_id, meeting_id, people, area_id, age_band, gender, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			municipalityID, meetingID, people, seg.AreaID, seg.AgeBand, seg.Gender, officialID); err != nil {
			return fmt.Errorf("count attendees of meeting %d: %w", meetingID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO participation_ledger
				(municipality_id, anonymous_ref, occurred_at, act, scope_type, scope_id, channel, area_id, age_band, gender, recorded_by)
			SELECT $1, gen_random_uuid(), $2, 'meeting_attendance', 'meeting', $3, 'meeting', $4, $5, $6, $7
			FROM generate_series(1, $8)`,
			municipalityID, m.StartsAt, meetingID, seg.AreaID, seg.AgeBand, seg.Gender, officialID, people); err != nil {
			return fmt.Errorf("record attendees of meeting %d: %w", meetingID, err)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "meeting.attendees",
			TargetType: "meeting", TargetID: strconv.FormatInt(meetingID, 10), Details: map[string]any{"people": people}})
	})
}

// PublishMinutes publishes (or corrects) a meeting's minutes, per language.
func (s *Store) PublishMinutes(ctx context.Context, municipalityID, officialID, meetingID int64, minutes Translations) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockMeeting(ctx, tx, municipalityID, meetingID)
		if err != nil {
			return err
		}
		if m.Status != MeetingScheduled {
			return ErrWrongMeetingStatus
		}
		if err := requireDefaultLanguage(ctx, tx, municipalityID, minutes); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET minutes = $3,
				minutes_published_at = COALESCE(minutes_published_at, now()), updated_at = now()
			WHERE municipality_id = $1 AND id = $2`, municipalityID, meetingID, minutes); err != nil {
			return fmt.Errorf("publish minutes of meeting %d: %w", meetingID, err)
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "meeting.minutes",
			TargetType: "meeting", TargetID: strconv.FormatInt(meetingID, 10)})
	})
}

// MeetingProposal is a proposal linked to a meeting.
type MeetingProposal struct {
	ProposalID int64  `db:"proposal_id"`
	Title      string `db:"title"`
	Relation   string `db:"relation"` // linked or raised
}

// MeetingProposals lists the proposals a meeting discusses and those raised
// at it.
func (s *Store) MeetingProposals(ctx context.Context, municipalityID, meetingID int64) ([]MeetingProposal, error) {
	var list []MeetingProposal
	err := s.db.SelectContext(ctx, &list, `SELECT mp.proposal_id, p.title, mp.relation
		FROM meeting_proposals mp JOIN proposals p ON p.municipality_id = mp.municipality_id AND p.id = mp.proposal_id
		WHERE mp.municipality_id = $1 AND mp.meeting_id = $2 AND p.hidden_at IS NULL
		ORDER BY mp.relation, p.id`, municipalityID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("proposals of meeting %d: %w", meetingID, err)
	}
	return list, nil
}

// SendMeetingReminders notifies everyone registered for a scheduled meeting
// that starts within the next day, once per meeting. It returns how many
// meetings it reminded about. Run it under an advisory lock so that one
// instance sends them (see WithAdvisoryLock).
func (s *Store) SendMeetingReminders(ctx context.Context, municipalityID int64) (int, error) {
	var due []int64
	if err := s.db.SelectContext(ctx, &due, `SELECT id FROM meetings
		WHERE municipality_id = $1 AND status = 'scheduled' AND reminder_sent_at IS NULL
			AND starts_at > now() AND starts_at <= now() + interval '1 day'
		ORDER BY starts_at`, municipalityID); err != nil {
		return 0, fmt.Errorf("meetings due a reminder: %w", err)
	}
	sent := 0
	for _, id := range due {
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			m, err := lockMeeting(ctx, tx, municipalityID, id)
			if err != nil || m.ReminderSentAt.Valid || m.Status != MeetingScheduled {
				return err
			}
			var users []int64
			if err := tx.SelectContext(ctx, &users, `SELECT user_id FROM meeting_registrations
				WHERE municipality_id = $1 AND meeting_id = $2 AND status = 'registered' ORDER BY id`, municipalityID, id); err != nil {
				return fmt.Errorf("registrants of meeting %d: %w", id, err)
			}
			if err := notifyUsers(ctx, tx, municipalityID, users, "notification.meeting_reminder",
				map[string]any{"Title": m.Title, "Starts": m.StartsAt.UTC().Format(time.RFC3339)},
				"/meetings/"+strconv.FormatInt(id, 10)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET reminder_sent_at = now() WHERE municipality_id = $1 AND id = $2`,
				municipalityID, id); err != nil {
				return fmt.Errorf("mark reminder of meeting %d: %w", id, err)
			}
			sent++
			return nil
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}
