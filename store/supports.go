package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Support rules.
var (
	// ErrOwnProposal refuses a support of one's own proposal: the author's
	// backing is implied, and counting it would let every proposal start one
	// support closer to the threshold.
	ErrOwnProposal = fmt.Errorf("cannot support your own proposal: %w", ErrConflict)
	// ErrSupportClosed refuses to support (or stop supporting) a proposal
	// that is withdrawn or decided on; its count is history then.
	ErrSupportClosed = fmt.Errorf("proposal is closed for support: %w", ErrConflict)
)

// DefaultSupportThreshold is how many supports a proposal needs to await
// an answer from the municipality, unless the municipality's settings set
// support_threshold.
const DefaultSupportThreshold = 10

// supportTarget is a proposal locked for a support or an unsupport.
type supportTarget struct {
	AuthorID  sql.NullInt64 `db:"author_id"`
	Status    string        `db:"status"`
	Hidden    bool          `db:"hidden"`
	Title     string        `db:"title"`
	Threshold int           `db:"threshold"`
}

// lockSupportTarget locks the proposal row, which serialises the supports of
// one proposal (and so makes the threshold fire exactly once), and checks
// that it can be supported. Hidden proposals are ErrNotFound, as to readers.
func lockSupportTarget(ctx context.Context, tx *sqlx.Tx, municipalityID, proposalID int64) (*supportTarget, error) {
	var t supportTarget
	err := tx.GetContext(ctx, &t, `SELECT p.author_id, p.status, p.hidden_at IS NOT NULL AS hidden, p.title,
			GREATEST(COALESCE((m.settings->>'support_threshold')::int, $3), 1) AS threshold
		FROM proposals p JOIN municipalities m ON m.id = p.municipality_id
		WHERE p.municipality_id = $1 AND p.id = $2
		FOR UPDATE OF p`, municipalityID, proposalID, DefaultSupportThreshold)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("proposal %d", proposalID))
	}
	if t.Hidden {
		return nil, fmt.Errorf("proposal %d: %w", proposalID, ErrNotFound)
	}
	if !supportable(t.Status) {
		return nil, fmt.Errorf("proposal %d (%s): %w", proposalID, t.Status, ErrSupportClosed)
	}
	return &t, nil
}

// Support records that a resident supports a proposal. It is idempotent:
// changed is false when the resident already supported it. Blocked accounts
// get ErrBlocked, the author ErrOwnProposal, a withdrawn or decided proposal
// ErrSupportClosed, a hidden one ErrNotFound.
//
// In the same transaction it counts the support on the proposal, writes a
// ledger entry the first time this resident ever supports this proposal (not
// again after an unsupport and a new support), and, when the count reaches
// the municipality's threshold while the proposal is published, moves it to
// awaiting_answer with a timeline entry (explanation
// TimelineThresholdReached, no official) and notifies every official and
// admin with notify.proposal_awaiting_answer.
func (s *Store) Support(ctx context.Context, municipalityID, userID, proposalID int64) (changed bool, err error) {
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		target, err := lockSupportTarget(ctx, tx, municipalityID, proposalID)
		if err != nil {
			return err
		}
		if err := checkNotBlocked(ctx, tx, municipalityID, userID); err != nil {
			return err
		}
		if target.AuthorID.Valid && target.AuthorID.Int64 == userID {
			return fmt.Errorf("support proposal %d: %w", proposalID, ErrOwnProposal)
		}
		var first bool
		err = tx.GetContext(ctx, &first, `WITH added AS (
				INSERT INTO proposal_supports (municipality_id, proposal_id, user_id) VALUES ($1, $2, $3)
				ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING 1)
			SELECT NOT EXISTS (SELECT 1 FROM participation_ledger
				WHERE municipality_id = $1 AND user_id = $3 AND act = 'support'
					AND scope_type = 'proposal' AND scope_id = $2)
			FROM added`, municipalityID, proposalID, userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already supported
		}
		if err != nil {
			return fmt.Errorf("support proposal %d: %w", proposalID, err)
		}
		changed = true
		var count int
		if err := tx.GetContext(ctx, &count, `UPDATE proposals SET support_count = support_count + 1
			WHERE municipality_id = $1 AND id = $2 RETURNING support_count`, municipalityID, proposalID); err != nil {
			return fmt.Errorf("count support of proposal %d: %w", proposalID, err)
		}
		if first {
			now := time.Now()
			seg, err := segmentOf(ctx, tx, municipalityID, userID, now)
			if err != nil {
				return err
			}
			if err := recordParticipation(ctx, tx, municipalityID, Participation{
				UserID: nullID(userID), OccurredAt: now, Act: "support", ScopeType: "proposal",
				ScopeID: nullID(proposalID), Channel: ChannelWeb, Segment: seg,
			}); err != nil {
				return err
			}
		}
		if target.Status == StatusPublished && count >= target.Threshold {
			return awaitAnswer(ctx, tx, municipalityID, proposalID, target.Title)
		}
		return nil
	})
	return changed, err
}

// awaitAnswer moves a published proposal that reached the support threshold
// to awaiting_answer and tells the municipality's officials.
func awaitAnswer(ctx context.Context, tx *sqlx.Tx, municipalityID, proposalID int64, title string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'awaiting_answer', updated_at = now()
		WHERE municipality_id = $1 AND id = $2`, municipalityID, proposalID); err != nil {
		return fmt.Errorf("proposal %d awaits an answer: %w", proposalID, err)
	}
	if err := recordStatusChange(ctx, tx, municipalityID, proposalID,
		StatusPublished, StatusAwaitingAnswer, TimelineThresholdReached); err != nil {
		return err
	}
	_, err := notifyRoles(ctx, tx, municipalityID, []string{RoleOfficial, RoleAdmin},
		"notify.proposal_awaiting_answer", map[string]any{"title": title}, fmt.Sprintf("/proposals/%d", proposalID))
	return err
}

// Unsupport withdraws a resident's support; changed is false when there was
// none. The count never goes below zero, the status does not go back, and the
// ledger keeps the act. Withdrawn or decided proposals are ErrSupportClosed.
// A blocked account may still withdraw its support.
func (s *Store) Unsupport(ctx context.Context, municipalityID, userID, proposalID int64) (changed bool, err error) {
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := lockSupportTarget(ctx, tx, municipalityID, proposalID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM proposal_supports
			WHERE municipality_id = $1 AND proposal_id = $2 AND user_id = $3`, municipalityID, proposalID, userID)
		if err != nil {
			return fmt.Errorf("unsupport proposal %d: %w", proposalID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET support_count = GREATEST(support_count - 1, 0)
			WHERE municipality_id = $1 AND id = $2`, municipalityID, proposalID); err != nil {
			return fmt.Errorf("uncount support of proposal %d: %w", proposalID, err)
		}
		return nil
	})
	return changed, err
}

// SupportedBy tells which of proposalIDs the user supports, in one query
// (none for an anonymous reader or an empty list).
func (s *Store) SupportedBy(ctx context.Context, municipalityID, userID int64, proposalIDs []int64) (map[int64]bool, error) {
	supported := make(map[int64]bool, len(proposalIDs))
	if userID == 0 || len(proposalIDs) == 0 {
		return supported, nil
	}
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, `SELECT proposal_id FROM proposal_supports
		WHERE municipality_id = $1 AND user_id = $2 AND proposal_id = ANY($3)`,
		municipalityID, userID, pq.Array(proposalIDs)); err != nil {
		return nil, fmt.Errorf("supports of user %d: %w", userID, err)
	}
	for _, id := range ids {
		supported[id] = true
	}
	return supported, nil
}
