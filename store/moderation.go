package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// What can be flagged and hidden.
const (
	TargetProposal = "proposal"
	TargetComment  = "comment"
)

// Flag reasons.
const (
	FlagSpam                = "spam"
	FlagOffensive           = "offensive"
	FlagPersonalInformation = "personal_information"
	FlagOther               = "other"
)

// FlagReasons lists every flag reason in display order.
var FlagReasons = []string{FlagSpam, FlagOffensive, FlagPersonalInformation, FlagOther}

// HiddenPendingReview is the hidden_reason of an item hidden automatically
// because enough residents flagged it. It is a key, not text: the UI shows a
// translated "hidden until a moderator has looked at it" instead.
const HiddenPendingReview = "pending_review"

// DefaultFlagThreshold is how many residents must flag an item before it is
// hidden pending review, unless the municipality's settings say otherwise
// ("flag_threshold").
const DefaultFlagThreshold = 3

// ReasonMaxLength is the longest hide or block reason.
const ReasonMaxLength = 500

// Moderation errors.
var (
	// ErrBadTarget: only proposals and comments are flagged and hidden.
	ErrBadTarget = errors.New("unknown target type")
	// ErrBadFlag: an unknown flag reason or a note over 500 characters.
	ErrBadFlag = errors.New("unknown flag reason or a note over 500 characters")
	// ErrFlagOwn: residents cannot flag what they wrote themselves (they may delete it).
	ErrFlagOwn = fmt.Errorf("cannot flag your own contribution: %w", ErrConflict)
	// ErrNotModerator: only active moderators and admins moderate.
	ErrNotModerator = errors.New("only moderators and admins may moderate")
	// ErrReasonRequired: hiding and blocking need a reason of 1 to 500 characters.
	ErrReasonRequired = errors.New("a reason of 1 to 500 characters is required")
	// ErrCannotBlock: moderators cannot block admins or themselves.
	ErrCannotBlock = fmt.Errorf("admins and oneself cannot be blocked: %w", ErrConflict)
)

// ValidFlagReason reports whether r is a known flag reason.
func ValidFlagReason(r string) bool {
	for _, known := range FlagReasons {
		if r == known {
			return true
		}
	}
	return false
}

// moderated names the table of a target type and the condition that makes a
// row of it exist for moderation (a deleted comment does not).
func moderated(targetType string) (table, live string, err error) {
	switch targetType {
	case TargetProposal:
		return "proposals", "true", nil
	case TargetComment:
		return "comments", "deleted_at IS NULL", nil
	}
	return "", "", fmt.Errorf("target type %q: %w", targetType, ErrBadTarget)
}

// Flag records userID's flag on a proposal or comment and reports whether the
// item is now hidden.
//
// One flag per resident per item: flagging again changes nothing and is no
// error, even after a moderator dismissed the first flag (the schema keeps one
// row per person and item). A new flag counts in the item's flag_count. When
// the item's open flags — one per resident, so distinct residents — reach the
// municipality's flag_threshold (default 3), the item is hidden with reason
// HiddenPendingReview until a moderator decides; that is audited as
// "moderation.auto_hidden" without an actor.
//
// Refused: a blocked user (ErrBlocked), one's own item (ErrFlagOwn), and an
// item that is unknown, deleted, already hidden or under a hidden proposal
// (ErrNotFound: there is nothing visible to flag).
func (s *Store) Flag(ctx context.Context, municipalityID, userID int64, targetType string, targetID int64, reason, note string) (hidden bool, err error) {
	table, _, err := moderated(targetType)
	if err != nil {
		return false, err
	}
	if !ValidFlagReason(reason) || utf8.RuneCountInString(note) > ReasonMaxLength {
		return false, ErrBadFlag
	}
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkNotBlocked(ctx, tx, municipalityID, userID); err != nil {
			return err
		}
		// Lock the item so that concurrent flags count one after another.
		lock := `SELECT author_id, hidden_at IS NOT NULL AS hidden FROM proposals
			WHERE municipality_id = $1 AND id = $2 FOR NO KEY UPDATE`
		if targetType == TargetComment {
			lock = `SELECT c.author_id, (c.hidden_at IS NOT NULL OR c.deleted_at IS NOT NULL OR p.hidden_at IS NOT NULL) AS hidden
				FROM comments c JOIN proposals p ON p.municipality_id = c.municipality_id AND p.id = c.proposal_id
				WHERE c.municipality_id = $1 AND c.id = $2 FOR NO KEY UPDATE OF c`
		}
		var item struct {
			AuthorID sql.NullInt64 `db:"author_id"`
			Hidden   bool          `db:"hidden"`
		}
		if err := tx.GetContext(ctx, &item, lock, municipalityID, targetID); err != nil {
			return notFound(err, fmt.Sprintf("%s %d", targetType, targetID))
		}
		if item.Hidden {
			return fmt.Errorf("%s %d: %w", targetType, targetID, ErrNotFound)
		}
		if item.AuthorID.Valid && item.AuthorID.Int64 == userID {
			return fmt.Errorf("%s %d: %w", targetType, targetID, ErrFlagOwn)
		}
		var flagID int64
		err := tx.GetContext(ctx, &flagID, `INSERT INTO flags (municipality_id, target_type, target_id, user_id, reason, note)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (municipality_id, target_type, target_id, user_id) DO NOTHING
			RETURNING id`, municipalityID, targetType, targetID, userID, reason, note)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // flagged before: nothing changes
		}
		if err != nil {
			return fmt.Errorf("flag %s %d: %w", targetType, targetID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET flag_count = flag_count + 1
			WHERE municipality_id = $1 AND id = $2`, municipalityID, targetID); err != nil {
			return fmt.Errorf("count flag on %s %d: %w", targetType, targetID, err)
		}
		var count struct {
			Open      int `db:"open"`
			Threshold int `db:"threshold"`
		}
		if err := tx.GetContext(ctx, &count, `SELECT
				(SELECT count(*) FROM flags WHERE municipality_id = $1 AND target_type = $2 AND target_id = $3
					AND resolved_at IS NULL) AS open,
				GREATEST(COALESCE((m.settings->>'flag_threshold')::int, $4), 1) AS threshold
			FROM municipalities m WHERE m.id = $1`, municipalityID, targetType, targetID, DefaultFlagThreshold); err != nil {
			return fmt.Errorf("count open flags on %s %d: %w", targetType, targetID, err)
		}
		if count.Open < count.Threshold {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hidden_at = now(), hidden_reason = $3
			WHERE municipality_id = $1 AND id = $2`, municipalityID, targetID, HiddenPendingReview); err != nil {
			return fmt.Errorf("hide %s %d pending review: %w", targetType, targetID, err)
		}
		hidden = true
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, Action: "moderation.auto_hidden",
			TargetType: targetType, TargetID: fmt.Sprint(targetID),
			Details: map[string]any{"open_flags": count.Open, "threshold": count.Threshold},
		})
	})
	if err != nil {
		return false, fmt.Errorf("flag: %w", err)
	}
	return hidden, nil
}

// QueueItem is a proposal or comment awaiting a moderator: it has open flags
// (an item hidden pending review always has them, since only flags hide it so
// and every moderator action on it resolves them).
type QueueItem struct {
	TargetType   string        `db:"target_type"`
	TargetID     int64         `db:"target_id"`
	ProposalID   int64         `db:"proposal_id"` // the link target: the proposal itself or the comment's
	Title        string        `db:"title"`       // the proposal's title
	Excerpt      string        `db:"excerpt"`     // the first 200 characters of the body
	AuthorID     sql.NullInt64 `db:"author_id"`
	AuthorName   string        `db:"author_name"`
	HiddenAt     sql.NullTime  `db:"hidden_at"`
	HiddenReason string        `db:"hidden_reason"`
	OpenFlags    int           `db:"open_flags"`
	// Open flags per reason.
	Spam                int            `db:"spam"`
	Offensive           int            `db:"offensive"`
	PersonalInformation int            `db:"personal_information"`
	Other               int            `db:"other"`
	Notes               pq.StringArray `db:"notes"` // the flaggers' non-empty notes, oldest first
	LastFlaggedAt       time.Time      `db:"last_flagged_at"`
}

// ByReason returns the open flags with reason (one of FlagReasons).
func (q QueueItem) ByReason(reason string) int {
	switch reason {
	case FlagSpam:
		return q.Spam
	case FlagOffensive:
		return q.Offensive
	case FlagPersonalInformation:
		return q.PersonalInformation
	case FlagOther:
		return q.Other
	}
	return 0
}

// PendingReview reports whether the flags hid the item until a moderator decides.
func (q QueueItem) PendingReview() bool {
	return q.HiddenAt.Valid && q.HiddenReason == HiddenPendingReview
}

// ModerationQueue lists the items with open flags, most recently flagged
// first, in one query driven by the open-flags index. Comments deleted by
// their authors drop out of the queue.
func (s *Store) ModerationQueue(ctx context.Context, municipalityID int64) ([]QueueItem, error) {
	items := []QueueItem{}
	err := s.db.SelectContext(ctx, &items, `WITH open AS (
			SELECT target_type, target_id, count(*) AS open_flags,
				count(*) FILTER (WHERE reason = 'spam') AS spam,
				count(*) FILTER (WHERE reason = 'offensive') AS offensive,
				count(*) FILTER (WHERE reason = 'personal_information') AS personal_information,
				count(*) FILTER (WHERE reason = 'other') AS other,
				array_remove(array_agg(NULLIF(note, '') ORDER BY created_at, id), NULL) AS notes,
				max(created_at) AS last_flagged_at
			FROM flags WHERE municipality_id = $1 AND resolved_at IS NULL
			GROUP BY target_type, target_id
		), items AS (
			SELECT 'proposal'::text AS target_type, p.id AS target_id, p.id AS proposal_id, p.title, p.body,
				p.author_id, p.hidden_at, p.hidden_reason
			FROM proposals p
			WHERE p.municipality_id = $1 AND p.id IN (SELECT target_id FROM open WHERE target_type = 'proposal')
			UNION ALL
			SELECT 'comment', c.id, c.proposal_id, p.title, c.body, c.author_id, c.hidden_at, c.hidden_reason
			FROM comments c JOIN proposals p ON p.municipality_id = c.municipality_id AND p.id = c.proposal_id
			WHERE c.municipality_id = $1 AND c.deleted_at IS NULL
				AND c.id IN (SELECT target_id FROM open WHERE target_type = 'comment')
		)
		SELECT i.target_type, i.target_id, i.proposal_id, i.title, left(i.body, 200) AS excerpt,
			i.author_id, COALESCE(u.display_name, '') AS author_name, i.hidden_at, i.hidden_reason,
			o.open_flags, o.spam, o.offensive, o.personal_information, o.other, o.notes, o.last_flagged_at
		FROM items i
		JOIN open o ON o.target_type = i.target_type AND o.target_id = i.target_id
		LEFT JOIN users u ON u.municipality_id = $1 AND u.id = i.author_id
		ORDER BY o.last_flagged_at DESC, i.target_type, i.target_id DESC`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("moderation queue: %w", err)
	}
	return items, nil
}

// checkModerator refuses anyone but an active, unblocked moderator or admin.
func checkModerator(ctx context.Context, tx *sqlx.Tx, municipalityID, moderatorID int64) error {
	var ok bool
	err := tx.GetContext(ctx, &ok, `SELECT true FROM users
		WHERE municipality_id = $1 AND id = $2 AND role IN ('moderator', 'admin')
			AND deleted_at IS NULL AND blocked_at IS NULL`, municipalityID, moderatorID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("user %d: %w", moderatorID, ErrNotModerator)
	}
	if err != nil {
		return fmt.Errorf("check moderator %d: %w", moderatorID, err)
	}
	return nil
}

func validReason(reason string) bool {
	return strings.TrimSpace(reason) != "" && utf8.RuneCountInString(reason) <= ReasonMaxLength
}

// resolveFlags closes an item's open flags in the name of a moderator and
// returns how many there were.
func resolveFlags(ctx context.Context, tx *sqlx.Tx, municipalityID, moderatorID int64, targetType string, targetID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE flags SET resolved_at = now(), resolved_by = $4
		WHERE municipality_id = $1 AND target_type = $2 AND target_id = $3 AND resolved_at IS NULL`,
		municipalityID, targetType, targetID, moderatorID)
	if err != nil {
		return 0, fmt.Errorf("resolve flags on %s %d: %w", targetType, targetID, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// moderate runs one moderator action on a proposal or comment in a
// transaction: it checks the moderator, lets change alter the item (it
// returns what the audit entry should say), resolves the item's open flags
// and writes the audit entry with action.
func (s *Store) moderate(ctx context.Context, municipalityID, moderatorID int64, targetType string, targetID int64,
	action string, change func(tx *sqlx.Tx, table, live string) (map[string]any, error)) error {
	table, live, err := moderated(targetType)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkModerator(ctx, tx, municipalityID, moderatorID); err != nil {
			return err
		}
		details, err := change(tx, table, live)
		if err != nil {
			return err
		}
		resolved, err := resolveFlags(ctx, tx, municipalityID, moderatorID, targetType, targetID)
		if err != nil {
			return err
		}
		details["flags_resolved"] = resolved
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: moderatorID, Action: action,
			TargetType: targetType, TargetID: fmt.Sprint(targetID), Details: details,
		})
	})
}

// Hide hides a proposal or comment with a reason that the public sees
// ("hidden by a moderator: reason"), resolves its open flags and audits
// "moderation.hidden". Hiding a hidden item replaces the reason. The reason
// may not be HiddenPendingReview, which only flags set.
func (s *Store) Hide(ctx context.Context, municipalityID, moderatorID int64, targetType string, targetID int64, reason string) error {
	if _, _, err := moderated(targetType); err != nil {
		return err
	}
	if !validReason(reason) || reason == HiddenPendingReview {
		return ErrReasonRequired
	}
	err := s.moderate(ctx, municipalityID, moderatorID, targetType, targetID, "moderation.hidden",
		func(tx *sqlx.Tx, table, live string) (map[string]any, error) {
			res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hidden_at = now(), hidden_reason = $3
				WHERE municipality_id = $1 AND id = $2 AND `+live, municipalityID, targetID, reason)
			if err != nil {
				return nil, fmt.Errorf("hide %s %d: %w", targetType, targetID, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil, fmt.Errorf("%s %d: %w", targetType, targetID, ErrNotFound)
			}
			return map[string]any{"reason": reason}, nil
		})
	if err != nil {
		return fmt.Errorf("hide: %w", err)
	}
	return nil
}

// Restore shows a hidden item again, resolves its open flags (the moderator
// found nothing wrong) and audits "moderation.restored".
func (s *Store) Restore(ctx context.Context, municipalityID, moderatorID int64, targetType string, targetID int64) error {
	err := s.moderate(ctx, municipalityID, moderatorID, targetType, targetID, "moderation.restored",
		func(tx *sqlx.Tx, table, live string) (map[string]any, error) {
			var wasHidden bool
			err := tx.GetContext(ctx, &wasHidden, `SELECT hidden_at IS NOT NULL FROM `+table+`
				WHERE municipality_id = $1 AND id = $2 AND `+live+` FOR NO KEY UPDATE`, municipalityID, targetID)
			if err != nil {
				return nil, notFound(err, fmt.Sprintf("%s %d", targetType, targetID))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hidden_at = NULL, hidden_reason = ''
				WHERE municipality_id = $1 AND id = $2`, municipalityID, targetID); err != nil {
				return nil, fmt.Errorf("restore %s %d: %w", targetType, targetID, err)
			}
			return map[string]any{"was_hidden": wasHidden}, nil
		})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// DismissFlags resolves an item's open flags, shows it again if the flags had
// hidden it pending review (a moderator's own hiding stays), and audits
// "moderation.flags_dismissed".
func (s *Store) DismissFlags(ctx context.Context, municipalityID, moderatorID int64, targetType string, targetID int64) error {
	err := s.moderate(ctx, municipalityID, moderatorID, targetType, targetID, "moderation.flags_dismissed",
		func(tx *sqlx.Tx, table, live string) (map[string]any, error) {
			var pending bool
			err := tx.GetContext(ctx, &pending, `SELECT hidden_at IS NOT NULL AND hidden_reason = $3 FROM `+table+`
				WHERE municipality_id = $1 AND id = $2 AND `+live+` FOR NO KEY UPDATE`,
				municipalityID, targetID, HiddenPendingReview)
			if err != nil {
				return nil, notFound(err, fmt.Sprintf("%s %d", targetType, targetID))
			}
			if pending {
				if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hidden_at = NULL, hidden_reason = ''
					WHERE municipality_id = $1 AND id = $2`, municipalityID, targetID); err != nil {
					return nil, fmt.Errorf("unhide %s %d: %w", targetType, targetID, err)
				}
			}
			return map[string]any{"unhidden": pending}, nil
		})
	if err != nil {
		return fmt.Errorf("dismiss flags: %w", err)
	}
	return nil
}

// BlockUser stops an account from posting (it may still read and sign in)
// and audits "user.blocked" with the reason. Blocking a blocked user replaces
// the reason and keeps the original time. Moderators cannot block admins or
// themselves (ErrCannotBlock); a deleted or unknown account is ErrNotFound.
func (s *Store) BlockUser(ctx context.Context, municipalityID, moderatorID, userID int64, reason string) error {
	if !validReason(reason) {
		return ErrReasonRequired
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkModerator(ctx, tx, municipalityID, moderatorID); err != nil {
			return err
		}
		var role string
		err := tx.GetContext(ctx, &role, `SELECT role FROM users
			WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL FOR NO KEY UPDATE`, municipalityID, userID)
		if err != nil {
			return notFound(err, fmt.Sprintf("user %d", userID))
		}
		if userID == moderatorID || role == RoleAdmin {
			return fmt.Errorf("block user %d: %w", userID, ErrCannotBlock)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET blocked_at = COALESCE(blocked_at, now()), blocked_reason = $3
			WHERE municipality_id = $1 AND id = $2`, municipalityID, userID, reason); err != nil {
			return fmt.Errorf("block user %d: %w", userID, err)
		}
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: moderatorID, Action: "user.blocked",
			TargetType: "user", TargetID: fmt.Sprint(userID), Details: map[string]any{"reason": reason},
		})
	})
	if err != nil {
		return fmt.Errorf("block user: %w", err)
	}
	return nil
}

// UnblockUser lets an account post again and audits "user.unblocked". A
// blocked moderator cannot moderate, so cannot unblock themselves.
func (s *Store) UnblockUser(ctx context.Context, municipalityID, moderatorID, userID int64) error {
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkModerator(ctx, tx, municipalityID, moderatorID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET blocked_at = NULL, blocked_reason = ''
			WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, userID)
		if err != nil {
			return fmt.Errorf("unblock user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("user %d: %w", userID, ErrNotFound)
		}
		return audit(ctx, tx, AuditEntry{
			MunicipalityID: municipalityID, ActorID: moderatorID, Action: "user.unblocked",
			TargetType: "user", TargetID: fmt.Sprint(userID),
		})
	})
	if err != nil {
		return fmt.Errorf("unblock user: %w", err)
	}
	return nil
}
