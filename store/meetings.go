package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Meeting statuses.
const (
	MeetingProposed  = "proposed"  // suggested by a resident, waiting for an official
	MeetingScheduled = "scheduled" // public
	MeetingRejected  = "rejected"  // not approved; its proposer still sees it
	MeetingCancelled = "cancelled" // stays visible as cancelled
)

// Errors of the meeting rules.
var (
	// ErrMeetingPast refuses a registration for a meeting that has started.
	ErrMeetingPast = fmt.Errorf("the meeting has started or is over: %w", ErrConflict)
	// ErrMeetingFull refuses a registration when the meeting is full and has
	// no waiting list.
	ErrMeetingFull = fmt.Errorf("the meeting is full: %w", ErrConflict)
	// ErrMeetingNotOpen refuses a registration for a meeting that is not
	// scheduled (proposed, rejected or cancelled) or needs none.
	ErrMeetingNotOpen = fmt.Errorf("the meeting takes no registrations: %w", ErrConflict)
	// ErrAlreadyRegistered refuses a second registration of one resident.
	ErrAlreadyRegistered = fmt.Errorf("already registered for the meeting: %w", ErrConflict)
	// ErrAlreadyCheckedIn refuses a second check-in of one resident.
	ErrAlreadyCheckedIn = fmt.Errorf("already checked in at the meeting: %w", ErrConflict)
	// ErrCapacityBelowRegistrations refuses a capacity smaller than the
	// number of residents already registered.
	ErrCapacityBelowRegistrations = fmt.Errorf("the capacity is below the registrations: %w", ErrConflict)
	// ErrEndsBeforeStart refuses a meeting that ends before it starts.
	ErrEndsBeforeStart = errors.New("the meeting ends before it starts")
	// ErrWrongMeetingStatus refuses a step the meeting's status does not allow.
	ErrWrongMeetingStatus = fmt.Errorf("not allowed in the meeting's status: %w", ErrConflict)
)

// Registration statuses.
const (
	RegistrationRegistered = "registered"
	RegistrationWaiting    = "waiting"
)

// Meeting is a neighbourhood meeting with its counts.
type Meeting struct {
	ID                   int64          `db:"id"`
	MunicipalityID       int64          `db:"municipality_id"`
	Status               string         `db:"status"`
	Title                Translations   `db:"title"`
	Description          Translations   `db:"description"`
	AreaID               sql.NullInt64  `db:"area_id"`
	AreaName             sql.NullString `db:"area_name"`
	Address              string         `db:"address"`
	Room                 string         `db:"room"`
	Directions           string         `db:"directions"`
	StartsAt             time.Time      `db:"starts_at"`
	EndsAt               time.Time      `db:"ends_at"`
	OnlineURL            string         `db:"online_url"`
	Capacity             sql.NullInt32  `db:"capacity"`
	RegistrationRequired bool           `db:"registration_required"`
	WaitingList          bool           `db:"waiting_list"`
	ConsultationID       sql.NullInt64  `db:"consultation_id"`
	MeetingFacts
	OrganiserID        sql.NullInt64 `db:"organiser_id"`
	OrganiserName      string        `db:"organiser_name"`
	Minutes            Translations  `db:"minutes"`
	MinutesPublishedAt sql.NullTime  `db:"minutes_published_at"`
	ReminderSentAt     sql.NullTime  `db:"reminder_sent_at"`
	CancelReason       string        `db:"cancel_reason"`
	CreatedBy          sql.NullInt64 `db:"created_by"`
	CreatedAt          time.Time     `db:"created_at"`
	UpdatedAt          time.Time     `db:"updated_at"`
	Registered         int           `db:"registered"` // residents registered
	Waiting            int           `db:"waiting"`    // residents on the waiting list
	Attended           int           `db:"attended"`   // people recorded as present
}

// MeetingFacts are the low-threshold facts of a meeting.
type MeetingFacts struct {
	StepFree       bool           `db:"step_free"`
	HearingLoop    bool           `db:"hearing_loop"`
	SignLanguage   bool           `db:"sign_language"`
	Interpretation pq.StringArray `db:"interpretation"`
	Childcare      bool           `db:"childcare"`
	FoodServed     bool           `db:"food_served"`
	FreeOfCharge   bool           `db:"free_of_charge"`
}

// Full reports whether every place is taken.
func (m *Meeting) Full() bool { return m.Capacity.Valid && m.Registered >= int(m.Capacity.Int32) }

// Started reports whether the meeting has started at now.
func (m *Meeting) Started(now time.Time) bool { return !now.Before(m.StartsAt) }

const meetingColumns = `mt.id, mt.municipality_id, mt.status, mt.title, mt.description, mt.area_id, a.name AS area_name,
	mt.address, mt.room, mt.directions, mt.starts_at, mt.ends_at, mt.online_url, mt.capacity,
	mt.registration_required, mt.waiting_list, mt.consultation_id, mt.step_free, mt.hearing_loop, mt.sign_language,
	mt.interpretation, mt.childcare, mt.food_served, mt.free_of_charge, mt.organiser_id, mt.organiser_name,
	mt.minutes, mt.minutes_published_at, mt.reminder_sent_at, mt.cancel_reason, mt.created_by, mt.created_at, mt.updated_at,
	(SELECT count(*) FROM meeting_registrations r WHERE r.municipality_id = mt.municipality_id AND r.meeting_id = mt.id AND r.status = 'registered') AS registered,
	(SELECT count(*) FROM meeting_registrations r WHERE r.municipality_id = mt.municipality_id AND r.meeting_id = mt.id AND r.status = 'waiting') AS waiting,
	(SELECT COALESCE(sum(people), 0) FROM meeting_attendance t WHERE t.municipality_id = mt.municipality_id AND t.meeting_id = mt.id) AS attended`

const meetingJoins = ` FROM meetings mt LEFT JOIN areas a ON a.municipality_id = mt.municipality_id AND a.id = mt.area_id`

// MeetingByID returns a meeting of the municipality, whatever its status;
// handlers decide who may see a proposed or rejected one.
func (s *Store) MeetingByID(ctx context.Context, municipalityID, id int64) (*Meeting, error) {
	var m Meeting
	err := s.db.GetContext(ctx, &m, `SELECT `+meetingColumns+meetingJoins+` WHERE mt.municipality_id = $1 AND mt.id = $2`,
		municipalityID, id)
	if err != nil {
		return nil, notFound(err, "meeting "+strconv.FormatInt(id, 10))
	}
	return &m, nil
}

// MeetingFilter selects meetings for a list.
type MeetingFilter struct {
	Past     bool      // meetings that have ended before Now, newest first; else upcoming, soonest first
	Now      time.Time // zero: the database's now
	AreaID   int64     // 0: every area
	From, To time.Time // zero: no bound on the start time
	// Facts lists facts every meeting must have: step_free, hearing_loop,
	// sign_language, interpretation, childcare, food_served, free_of_charge,
	// no_registration.
	Facts []string
	// Statuses to include; nil means scheduled and cancelled.
	Statuses []string
	// ProposedBy also includes meetings this resident proposed (0: none).
	ProposedBy int64
	Limit      int // 0: 200
}

// MeetingFacts are the filterable facts, in the order pages show them.
var MeetingFactNames = []string{"step_free", "hearing_loop", "sign_language", "interpretation", "childcare",
	"food_served", "free_of_charge", "no_registration"}

// ListMeetings returns the municipality's meetings for f.
func (s *Store) ListMeetings(ctx context.Context, municipalityID int64, f MeetingFilter) ([]Meeting, error) {
	statuses := f.Statuses
	if statuses == nil {
		statuses = []string{MeetingScheduled, MeetingCancelled}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	has := func(name string) bool {
		for _, fact := range f.Facts {
			if fact == name {
				return true
			}
		}
		return false
	}
	now := sql.NullTime{Time: f.Now, Valid: !f.Now.IsZero()}
	from := sql.NullTime{Time: f.From, Valid: !f.From.IsZero()}
	to := sql.NullTime{Time: f.To, Valid: !f.To.IsZero()}
	var list []Meeting
	err := s.db.SelectContext(ctx, &list, `SELECT `+meetingColumns+meetingJoins+`
		WHERE mt.municipality_id = $1
			AND (mt.status = ANY($2) OR (mt.organiser_id = $3 AND $3 <> 0))
			AND CASE WHEN $4 THEN mt.ends_at < COALESCE($5, now()) ELSE mt.ends_at >= COALESCE($5, now()) END
			AND ($6 = 0 OR mt.area_id = $6)
			AND ($7::timestamptz IS NULL OR mt.starts_at >= $7)
			AND ($8::timestamptz IS NULL OR mt.starts_at < $8)
			AND (NOT $9 OR mt.step_free) AND (NOT $10 OR mt.hearing_loop) AND (NOT $11 OR mt.sign_language)
			AND (NOT $12 OR cardinality(mt.interpretation) > 0 OR mt.sign_language) AND (NOT $13 OR mt.childcare)
			AND (NOT $14 OR mt.food_served) AND (NOT $15 OR mt.free_of_charge) AND (NOT $16 OR NOT mt.registration_required)
		ORDER BY CASE WHEN $4 THEN -extract(epoch FROM mt.starts_at) ELSE extract(epoch FROM mt.starts_at) END, mt.id
		LIMIT $17`,
		municipalityID, pq.Array(statuses), f.ProposedBy, f.Past, now, f.AreaID, from, to,
		has("step_free"), has("hearing_loop"), has("sign_language"), has("interpretation"), has("childcare"),
		has("food_served"), has("free_of_charge"), has("no_registration"), limit)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	return list, nil
}

// MeetingInput is what an official (or a resident proposing a meeting)
// writes.
type MeetingInput struct {
	Title, Description   Translations
	AreaID               int64 // 0: the whole municipality
	Address, Room        string
	Directions           string
	StartsAt, EndsAt     time.Time
	OnlineURL            string
	Capacity             sql.NullInt32
	RegistrationRequired bool
	WaitingList          bool
	ConsultationID       int64 // 0: none
	Facts                MeetingFacts
	OrganiserName        string
	ProposalIDs          []int64 // proposals the meeting discusses
}

// checkMeetingInput checks what the schema cannot. A title in the
// municipality's default language is required unless anyLanguage: a
// resident proposing a meeting may write in any language, and an official
// adds the default language's title before approving it.
func checkMeetingInput(ctx context.Context, tx *sqlx.Tx, municipalityID int64, in MeetingInput, anyLanguage bool) error {
	if !in.EndsAt.After(in.StartsAt) {
		return ErrEndsBeforeStart
	}
	if anyLanguage {
		return nil
	}
	return requireDefaultLanguage(ctx, tx, municipalityID, in.Title)
}

func interpretationArray(f MeetingFacts) pq.StringArray {
	if f.Interpretation == nil {
		return pq.StringArray{}
	}
	return f.Interpretation
}

// insertMeeting stores a meeting with status and returns its id.
func insertMeeting(ctx context.Context, tx *sqlx.Tx, municipalityID, userID int64, status string, organiser sql.NullInt64, in MeetingInput) (int64, error) {
	if err := checkMeetingInput(ctx, tx, municipalityID, in, status == MeetingProposed); err != nil {
		return 0, err
	}
	var id int64
	err := tx.GetContext(ctx, &id, `INSERT INTO meetings
		(municipality_id, status, title, description, area_id, address, room, directions, starts_at, ends_at,
		 online_url, capacity, registration_required, waiting_list, consultation_id, step_free, hearing_loop,
		 sign_language, interpretation, childcare, food_served, free_of_charge, organiser_id, organiser_name, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
		RETURNING id`,
		municipalityID, status, in.Title, nonNil(in.Description), nullID(in.AreaID), in.Address, in.Room, in.Directions,
		in.StartsAt, in.EndsAt, in.OnlineURL, in.Capacity, in.RegistrationRequired, in.WaitingList, nullID(in.ConsultationID),
		in.Facts.StepFree, in.Facts.HearingLoop, in.Facts.SignLanguage, interpretationArray(in.Facts), in.Facts.Childcare,
		in.Facts.FoodServed, in.Facts.FreeOfCharge, organiser, in.OrganiserName, userID)
	if err != nil {
		return 0, fmt.Errorf("insert meeting: %w", err)
	}
	return id, linkProposals(ctx, tx, municipalityID, id, in.ProposalIDs)
}

// linkProposals replaces the proposals a meeting discusses.
func linkProposals(ctx context.Context, tx *sqlx.Tx, municipalityID, meetingID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_proposals WHERE municipality_id = $1 AND meeting_id = $2 AND relation = 'linked'`,
		municipalityID, meetingID); err != nil {
		return fmt.Errorf("unlink proposals: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO meeting_proposals (municipality_id, meeting_id, proposal_id, relation)
		SELECT $1, $2, p.id, 'linked' FROM proposals p WHERE p.municipality_id = $1 AND p.id = ANY($3)
		ON CONFLICT DO NOTHING`, municipalityID, meetingID, pq.Array(ids))
	if err != nil {
		return fmt.Errorf("link proposals: %w", err)
	}
	if n, _ := res.RowsAffected(); int(n) != len(distinct(ids)) {
		return fmt.Errorf("linked proposal: %w", ErrNotFound)
	}
	return nil
}

// CreateMeeting schedules a meeting organised by an official.
func (s *Store) CreateMeeting(ctx context.Context, municipalityID, officialID int64, in MeetingInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if id, err = insertMeeting(ctx, tx, municipalityID, officialID, MeetingScheduled, nullID(officialID), in); err != nil {
			return err
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "meeting.create",
			TargetType: "meeting", TargetID: strconv.FormatInt(id, 10)})
	})
	return id, err
}

// ProposeMeeting stores a resident's self-organised meeting or group, waiting
// for an official's approval; officials are notified.
func (s *Store) ProposeMeeting(ctx context.Context, municipalityID, residentID int64, in MeetingInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkNotBlocked(ctx, tx, municipalityID, residentID); err != nil {
			return err
		}
		var err error
		if id, err = insertMeeting(ctx, tx, municipalityID, residentID, MeetingProposed, nullID(residentID), in); err != nil {
			return err
		}
		_, err = notifyRoles(ctx, tx, municipalityID, []string{RoleOfficial}, "notification.meeting_proposed",
			map[string]any{"Title": in.Title}, "/meetings/"+strconv.FormatInt(id, 10))
		return err
	})
	return id, err
}

// lockMeeting reads a meeting's status, start and capacity, holding its row
// until the transaction ends: registrations, cancellations and changes of
// one meeting happen one after the other. The row is locked first and read
// in a second statement: a statement that waited for the lock still sees the
// registrations as they were when it began, so counts read in the locking
// statement could miss those the previous holder committed.
func lockMeeting(ctx context.Context, tx *sqlx.Tx, municipalityID, id int64) (*Meeting, error) {
	var locked int64
	err := tx.GetContext(ctx, &locked, `SELECT id FROM meetings WHERE municipality_id = $1 AND id = $2 FOR UPDATE`,
		municipalityID, id)
	if err != nil {
		return nil, notFound(err, "meeting "+strconv.FormatInt(id, 10))
	}
	var m Meeting
	err = tx.GetContext(ctx, &m, `SELECT `+meetingColumns+meetingJoins+` WHERE mt.municipality_id = $1 AND mt.id = $2`,
		municipalityID, id)
	if err != nil {
		return nil, notFound(err, "meeting "+strconv.FormatInt(id, 10))
	}
	return &m, nil
}

// UpdateMeeting changes a scheduled or proposed meeting. A capacity below the
// residents already registered is refused. When the time or place changes,
// registrants are notified (a reschedule).
func (s *Store) UpdateMeeting(ctx context.Context, municipalityID, officialID, id int64, in MeetingInput) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockMeeting(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		if m.Status != MeetingScheduled && m.Status != MeetingProposed {
			return ErrWrongMeetingStatus
		}
		if err := checkMeetingInput(ctx, tx, municipalityID, in, false); err != nil {
			return err
		}
		if in.Capacity.Valid && int(in.Capacity.Int32) < m.Registered {
			return ErrCapacityBelowRegistrations
		}
		_, err = tx.ExecContext(ctx, `UPDATE meetings SET title = $3, description = $4, area_id = $5, address = $6,
			room = $7, directions = $8, starts_at = $9, ends_at = $10, online_url = $11, capacity = $12,
			registration_required = $13, waiting_list = $14, consultation_id = $15, step_free = $16, hearing_loop = $17,
			sign_language = $18, interpretation = $19, childcare = $20, food_served = $21, free_of_charge = $22,
			organiser_name = $23, updated_at = now(),
			reminder_sent_at = CASE WHEN starts_at = $9 THEN reminder_sent_at END
			WHERE municipality_id = $1 AND id = $2`,
			municipalityID, id, in.Title, nonNil(in.Description), nullID(in.AreaID), in.Address, in.Room, in.Directions,
			in.StartsAt, in.EndsAt, in.OnlineURL, in.Capacity, in.RegistrationRequired, in.WaitingList, nullID(in.ConsultationID),
			in.Facts.StepFree, in.Facts.HearingLoop, in.Facts.SignLanguage, interpretationArray(in.Facts), in.Facts.Childcare,
			in.Facts.FoodServed, in.Facts.FreeOfCharge, in.OrganiserName)
		if err != nil {
			return fmt.Errorf("update meeting %d: %w", id, err)
		}
		if err := linkProposals(ctx, tx, municipalityID, id, in.ProposalIDs); err != nil {
			return err
		}
		// More places may have opened: move the waiting list up.
		if err := promoteWaiting(ctx, tx, municipalityID, id, in.Capacity); err != nil {
			return err
		}
		// The database keeps microseconds.
		moved := !m.StartsAt.Equal(in.StartsAt.Round(time.Microsecond)) || !m.EndsAt.Equal(in.EndsAt.Round(time.Microsecond)) ||
			m.Address != in.Address ||
			m.Room != in.Room || m.AreaID != nullID(in.AreaID)
		if moved && m.Status == MeetingScheduled {
			if err := notifyRegistrants(ctx, tx, municipalityID, id, "notification.meeting_rescheduled", in.Title); err != nil {
				return err
			}
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "meeting.update",
			TargetType: "meeting", TargetID: strconv.FormatInt(id, 10), Details: map[string]any{"rescheduled": moved}})
	})
}

// notifyRegistrants notifies everyone registered or waiting for a meeting.
func notifyRegistrants(ctx context.Context, tx *sqlx.Tx, municipalityID, meetingID int64, messageID string, title Translations) error {
	var users []int64
	if err := tx.SelectContext(ctx, &users, `SELECT user_id FROM meeting_registrations
		WHERE municipality_id = $1 AND meeting_id = $2 ORDER BY id`, municipalityID, meetingID); err != nil {
		return fmt.Errorf("registrants of meeting %d: %w", meetingID, err)
	}
	return notifyUsers(ctx, tx, municipalityID, users, messageID, map[string]any{"Title": title},
		"/meetings/"+strconv.FormatInt(meetingID, 10))
}

// CancelMeeting cancels a scheduled meeting with a reason; it stays visible as
// cancelled and everyone registered or waiting is notified.
func (s *Store) CancelMeeting(ctx context.Context, municipalityID, officialID, id int64, reason string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockMeeting(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		if m.Status != MeetingScheduled {
			return ErrWrongMeetingStatus
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', cancel_reason = $3, updated_at = now()
			WHERE municipality_id = $1 AND id = $2`, municipalityID, id, cleanText(reason)); err != nil {
			return fmt.Errorf("cancel meeting %d: %w", id, err)
		}
		if err := notifyRegistrants(ctx, tx, municipalityID, id, "notification.meeting_cancelled", m.Title); err != nil {
			return err
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "meeting.cancel",
			TargetType: "meeting", TargetID: strconv.FormatInt(id, 10)})
	})
}

// ReviewMeeting approves (schedules) or rejects a meeting a resident
// proposed; the resident is notified.
func (s *Store) ReviewMeeting(ctx context.Context, municipalityID, officialID, id int64, approve bool) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockMeeting(ctx, tx, municipalityID, id)
		if err != nil {
			return err
		}
		if m.Status != MeetingProposed {
			return ErrWrongMeetingStatus
		}
		if approve {
			if err := requireDefaultLanguage(ctx, tx, municipalityID, m.Title); err != nil {
				return err
			}
		}
		status, message := MeetingScheduled, "notification.meeting_approved"
		if !approve {
			status, message = MeetingRejected, "notification.meeting_rejected"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = $3, updated_at = now() WHERE municipality_id = $1 AND id = $2`,
			municipalityID, id, status); err != nil {
			return fmt.Errorf("review meeting %d: %w", id, err)
		}
		if m.OrganiserID.Valid {
			if err := notify(ctx, tx, municipalityID, m.OrganiserID.Int64, message, map[string]any{"Title": m.Title},
				"/meetings/"+strconv.FormatInt(id, 10)); err != nil {
				return err
			}
		}
		return audit(ctx, tx, AuditEntry{MunicipalityID: municipalityID, ActorID: officialID, Action: "meeting." + status,
			TargetType: "meeting", TargetID: strconv.FormatInt(id, 10)})
	})
}

// Registration is a resident's place at a meeting.
type Registration struct {
	Status   string // RegistrationRegistered or RegistrationWaiting
	Position int    // on the waiting list, from 1; 0 when registered
}

// Register registers a resident for a scheduled meeting that has not
// started. When it is full, the resident joins the waiting list (or, without
// one, gets ErrMeetingFull). The first registration is a participation act.
func (s *Store) Register(ctx context.Context, municipalityID, userID, meetingID int64) (Registration, error) {
	var reg Registration
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockMeeting(ctx, tx, municipalityID, meetingID)
		if err != nil {
			return err
		}
		var now time.Time
		if err := tx.GetContext(ctx, &now, `SELECT now()`); err != nil {
			return fmt.Errorf("read the time: %w", err)
		}
		switch {
		case m.Status != MeetingScheduled || !m.RegistrationRequired:
			return ErrMeetingNotOpen
		case m.Started(now):
			return ErrMeetingPast
		}
		var already bool
		if err := tx.GetContext(ctx, &already, `SELECT EXISTS (SELECT 1 FROM meeting_registrations
			WHERE municipality_id = $1 AND meeting_id = $2 AND user_id = $3)`, municipalityID, meetingID, userID); err != nil {
			return fmt.Errorf("registration for meeting %d: %w", meetingID, err)
		}
		if already {
			return ErrAlreadyRegistered
		}
		if m.Full() && !m.WaitingList {
			return ErrMeetingFull
		}
		status := RegistrationRegistered
		if m.Full() {
			status = RegistrationWaiting
		}
		// The queue is in the order the meeting's lock was taken, not the
		// order the transactions began: clock_timestamp(), not now().
		_, err = tx.ExecContext(ctx, `INSERT INTO meeting_registrations (municipality_id, meeting_id, user_id, status, registered_at)
			VALUES ($1, $2, $3, $4, clock_timestamp())`, municipalityID, meetingID, userID, status)
		if isUniqueViolation(err, "") {
			return ErrAlreadyRegistered
		}
		if err != nil {
			return fmt.Errorf("register for meeting %d: %w", meetingID, err)
		}
		reg = Registration{Status: status}
		if status == RegistrationWaiting {
			reg.Position = m.Waiting + 1
		}
		var counted bool
		if err := tx.GetContext(ctx, &counted, `SELECT EXISTS (SELECT 1 FROM participation_ledger
			WHERE municipality_id = $1 AND user_id = $2 AND act = 'meeting_registration' AND scope_type = 'meeting' AND scope_id = $3)`,
			municipalityID, userID, meetingID); err != nil {
			return fmt.Errorf("earlier registration for meeting %d: %w", meetingID, err)
		}
		if counted { // registering again after cancelling is the same act
			return nil
		}
		seg, err := segmentOf(ctx, tx, municipalityID, userID, now)
		if err != nil {
			return err
		}
		return recordParticipation(ctx, tx, municipalityID, Participation{UserID: nullID(userID), Act: "meeting_registration",
			ScopeType: "meeting", ScopeID: nullID(meetingID), Channel: ChannelWeb, Segment: seg})
	})
	return reg, err
}

// CancelRegistration removes a resident's registration (or place on the
// waiting list). A freed place goes to the first on the waiting list, who is
// notified; concurrent cancellations promote one resident each.
func (s *Store) CancelRegistration(ctx context.Context, municipalityID, userID, meetingID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		m, err := lockMeeting(ctx, tx, municipalityID, meetingID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM meeting_registrations WHERE municipality_id = $1 AND meeting_id = $2 AND user_id = $3`,
			municipalityID, meetingID, userID)
		if err != nil {
			return fmt.Errorf("cancel registration: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("registration: %w", ErrNotFound)
		}
		var started bool
		if err := tx.GetContext(ctx, &started, `SELECT now() >= $1::timestamptz`, m.StartsAt); err != nil {
			return fmt.Errorf("read the time: %w", err)
		}
		if m.Status != MeetingScheduled || started {
			return nil // nobody is promoted to a meeting that is over or off
		}
		return promoteWaiting(ctx, tx, municipalityID, meetingID, m.Capacity)
	})
}

// promoteWaiting gives free places to the waiting list in order, notifying
// each promoted resident. The meeting's row must be locked.
func promoteWaiting(ctx context.Context, tx *sqlx.Tx, municipalityID, meetingID int64, capacity sql.NullInt32) error {
	var promoted []int64
	err := tx.SelectContext(ctx, &promoted, `UPDATE meeting_registrations SET status = 'registered'
		WHERE id IN (
			SELECT id FROM meeting_registrations
			WHERE municipality_id = $1 AND meeting_id = $2 AND status = 'waiting'
			ORDER BY registered_at, id
			LIMIT CASE WHEN $3::int IS NULL THEN NULL ELSE GREATEST($3::int - (SELECT count(*) FROM meeting_registrations
				WHERE municipality_id = $1 AND meeting_id = $2 AND status = 'registered'), 0) END)
		RETURNING user_id`, municipalityID, meetingID, capacity)
	if err != nil {
		return fmt.Errorf("promote the waiting list of meeting %d: %w", meetingID, err)
	}
	if len(promoted) == 0 {
		return nil
	}
	var title Translations
	if err := tx.GetContext(ctx, &title, `SELECT title FROM meetings WHERE municipality_id = $1 AND id = $2`, municipalityID, meetingID); err != nil {
		return fmt.Errorf("title of meeting %d: %w", meetingID, err)
	}
	return notifyUsers(ctx, tx, municipalityID, promoted, "notification.meeting_promoted", map[string]any{"Title": title},
		"/meetings/"+strconv.FormatInt(meetingID, 10))
}

// RegistrationOf returns a resident's registration for a meeting, or
// ErrNotFound.
func (s *Store) RegistrationOf(ctx context.Context, municipalityID, userID, meetingID int64) (Registration, error) {
	var row struct {
		Status   string `db:"status"`
		Position int    `db:"position"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT r.status,
			CASE WHEN r.status = 'waiting' THEN (SELECT count(*) FROM meeting_registrations w
				WHERE w.municipality_id = r.municipality_id AND w.meeting_id = r.meeting_id AND w.status = 'waiting'
					AND (w.registered_at, w.id) <= (r.registered_at, r.id)) ELSE 0 END AS position
		FROM meeting_registrations r WHERE r.municipality_id = $1 AND r.meeting_id = $2 AND r.user_id = $3`,
		municipalityID, meetingID, userID)
	if err != nil {
		return Registration{}, notFound(err, "registration")
	}
	return Registration{Status: row.Status, Position: row.Position}, nil
}
