package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
)

// ExplanationMaxLength is the longest explanation of a status change.
const ExplanationMaxLength = 5000

// Status change errors.
var (
	// ErrBadTransition: the proposal may not move from its status to the new one.
	ErrBadTransition = fmt.Errorf("status transition not allowed: %w", ErrConflict)
	// ErrNotOfficial: only active officials and admins change a proposal's status.
	ErrNotOfficial = errors.New("only officials and admins may change a proposal's status")
	// ErrExplanationRequired: every status change is explained in 1 to 5000 characters.
	ErrExplanationRequired = errors.New("a status change needs an explanation of 1 to 5000 characters")
	// ErrBadProgress: in_progress needs a progress of 0 to 100; other statuses take none (-1).
	ErrBadProgress = errors.New("progress must be 0 to 100 for in_progress and -1 otherwise")
)

// transitions lists where an official may move a proposal from each status.
// Rejected, implemented and withdrawn are final; withdrawal is the author's
// act, never an official's. in_progress -> in_progress is a progress update.
var transitions = map[string][]string{
	StatusPublished:      {StatusUnderReview, StatusAccepted, StatusRejected},
	StatusAwaitingAnswer: {StatusUnderReview, StatusAccepted, StatusRejected},
	StatusUnderReview:    {StatusAccepted, StatusRejected},
	StatusAccepted:       {StatusInProgress, StatusImplemented},
	StatusInProgress:     {StatusInProgress, StatusImplemented},
}

// CanTransition reports whether an official may move a proposal from one
// status to another.
func CanTransition(from, to string) bool {
	for _, allowed := range transitions[from] {
		if allowed == to {
			return true
		}
	}
	return false
}

// NextStatuses lists the statuses an official may move a proposal to from
// status, for the form; nil for a final status.
func NextStatuses(status string) []string {
	return append([]string(nil), transitions[status]...)
}

// StatusChange is one entry of a proposal's public timeline.
type StatusChange struct {
	ID           int64         `db:"id"`
	FromStatus   string        `db:"from_status"`
	ToStatus     string        `db:"to_status"`
	Progress     sql.NullInt32 `db:"progress"`
	Explanation  string        `db:"explanation"`
	OfficialName string        `db:"official_name"` // empty once the account is deleted
	CreatedAt    time.Time     `db:"created_at"`
}

// MessageStatusChanged is the notification sent to a proposal's author and
// supporters when its status changes; args: title, status.
const MessageStatusChanged = "notify.proposal_status_changed"

// ChangeStatus moves a proposal to status to with the official's explanation
// (required for every change, so a rejection always carries its reason) and,
// for in_progress, a progress of 0 to 100 (-1 = none, for every other status).
// proposals.progress is set for in_progress and cleared otherwise.
//
// In one transaction: the official's role is checked (ErrNotOfficial), the
// transition too (ErrBadTransition), the proposal is updated only if its
// status is still the one read (ErrConflict when another change won), the
// timeline row and the audit entry "proposal.status_changed" are written, and
// the author and every supporter are notified once each — except the official
// and deleted accounts.
func (s *Store) ChangeStatus(ctx context.Context, municipalityID, officialID, proposalID int64, to string, progress int, explanation string) (*StatusChange, error) {
	if strings.TrimSpace(explanation) == "" || utf8.RuneCountInString(explanation) > ExplanationMaxLength {
		return nil, ErrExplanationRequired
	}
	if (to == StatusInProgress) != (progress >= 0) || progress > 100 || progress < -1 {
		return nil, ErrBadProgress
	}
	dbProgress := sql.NullInt32{Int32: int32(progress), Valid: progress >= 0}
	var change StatusChange
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &change.OfficialName, `SELECT display_name FROM users
			WHERE municipality_id = $1 AND id = $2 AND role IN ('official', 'admin')
				AND deleted_at IS NULL AND blocked_at IS NULL`, municipalityID, officialID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("user %d: %w", officialID, ErrNotOfficial)
		}
		if err != nil {
			return fmt.Errorf("check official %d: %w", officialID, err)
		}
		var p struct {
			Status       string        `db:"status"`
			Title        string        `db:"title"`
			AuthorID     sql.NullInt64 `db:"author_id"`
			AuthorActive bool          `db:"author_active"`
		}
		err = tx.GetContext(ctx, &p, `SELECT p.status, p.title, p.author_id, u.deleted_at IS NULL AS author_active
			FROM proposals p LEFT JOIN users u ON u.municipality_id = p.municipality_id AND u.id = p.author_id
			WHERE p.municipality_id = $1 AND p.id = $2`, municipalityID, proposalID)
		if err != nil {
			return notFound(err, fmt.Sprintf("proposal %d", proposalID))
		}
		if !CanTransition(p.Status, to) {
			return fmt.Errorf("proposal %d from %s to %s: %w", proposalID, p.Status, to, ErrBadTransition)
		}
		// Optimistic: the status must still be the one the transition was
		// checked against.
		res, err := tx.ExecContext(ctx, `UPDATE proposals SET status = $4, progress = $5, updated_at = now()
			WHERE municipality_id = $1 AND id = $2 AND status = $3`,
			municipalityID, proposalID, p.Status, to, dbProgress)
		if err != nil {
			return fmt.Errorf("update status of proposal %d: %w", proposalID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("proposal %d changed status meanwhile: %w", proposalID, ErrConflict)
		}
		change.FromStatus, change.ToStatus, change.Progress, change.Explanation = p.Status, to, dbProgress, explanation
		err = tx.GetContext(ctx, &change, `INSERT INTO proposal_status_changes
			(municipality_id, proposal_id, from_status, to_status, progress, explanation, official_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			RETURNING id, from_status, to_status, progress, explanation, $8::text AS official_name, created_at`,
			municipalityID, proposalID, p.Status, to, dbProgress, explanation, officialID, change.OfficialName)
		if err != nil {
			return fmt.Errorf("record status change of proposal %d: %w", proposalID, err)
		}
		details := map[string]any{"from": p.Status, "to": to}
		if dbProgress.Valid {
			details["progress"] = progress
		}
		if err := audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: officialID, Action: "proposal.status_changed",
			TargetType: "proposal", TargetID: fmt.Sprint(proposalID), Details: details,
		}); err != nil {
			return err
		}
		return notifyStatusChange(ctx, tx, municipalityID, proposalID, officialID, p.AuthorID, p.AuthorActive, p.Title, to)
	})
	if err != nil {
		return nil, fmt.Errorf("change status: %w", err)
	}
	return &change, nil
}

// notifyStatusChange tells the author (through notify) and, with one
// INSERT … SELECT, every other supporter of the proposal, skipping the
// official who made the change and deleted accounts.
func notifyStatusChange(ctx context.Context, tx *sqlx.Tx, municipalityID, proposalID, officialID int64,
	authorID sql.NullInt64, authorActive bool, title, status string) error {
	args := map[string]any{"title": title, "status": status}
	link := fmt.Sprintf("/proposals/%d", proposalID)
	if authorID.Valid && authorActive && authorID.Int64 != officialID {
		if err := notify(ctx, tx, municipalityID, authorID.Int64, MessageStatusChanged, args, link); err != nil {
			return err
		}
	}
	encoded, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("encode notification args: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO notifications (municipality_id, user_id, message_id, args, link)
		SELECT s.municipality_id, s.user_id, $4, $5::jsonb, $6
		FROM proposal_supports s
		JOIN users u ON u.municipality_id = s.municipality_id AND u.id = s.user_id AND u.deleted_at IS NULL
		WHERE s.municipality_id = $1 AND s.proposal_id = $2 AND s.user_id <> $3
			AND s.user_id IS DISTINCT FROM $7
		ORDER BY s.user_id`,
		municipalityID, proposalID, officialID, MessageStatusChanged, string(encoded), link, authorID)
	if err != nil {
		return fmt.Errorf("notify supporters of proposal %d: %w", proposalID, err)
	}
	return nil
}

// Timeline returns a proposal's status changes, oldest first, with each
// official's display name. An unknown proposal is ErrNotFound.
func (s *Store) Timeline(ctx context.Context, municipalityID, proposalID int64) ([]StatusChange, error) {
	changes := []StatusChange{}
	err := s.db.SelectContext(ctx, &changes, `SELECT sc.id, sc.from_status, sc.to_status, sc.progress, sc.explanation,
			COALESCE(u.display_name, '') AS official_name, sc.created_at
		FROM proposal_status_changes sc
		LEFT JOIN users u ON u.municipality_id = sc.municipality_id AND u.id = sc.official_id
		WHERE sc.municipality_id = $1 AND sc.proposal_id = $2
		ORDER BY sc.created_at, sc.id`, municipalityID, proposalID)
	if err != nil {
		return nil, fmt.Errorf("timeline of proposal %d: %w", proposalID, err)
	}
	if len(changes) > 0 {
		return changes, nil
	}
	var exists bool
	if err := s.db.GetContext(ctx, &exists, `SELECT true FROM proposals WHERE municipality_id = $1 AND id = $2`,
		municipalityID, proposalID); err != nil {
		return nil, notFound(err, fmt.Sprintf("timeline of proposal %d", proposalID))
	}
	return changes, nil
}
