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
)

// Comment limits.
const (
	// CommentMaxLength is the longest comment body in characters (the schema
	// enforces it too).
	CommentMaxLength = 2000
	// CommentEditWindow is how long after posting its author may edit a comment.
	CommentEditWindow = 15 * time.Minute
	// CommentsPerPage is the number of top-level comments on a page.
	CommentsPerPage = 20
	// RepliesLimit caps the replies returned for one comment.
	RepliesLimit = 200
)

// Comment errors.
var (
	// ErrCommentBody: a body must hold 1 to CommentMaxLength characters and
	// not only white space. The handler validates first; this is the guard.
	ErrCommentBody = errors.New("a comment must be 1 to 2000 characters")
	// ErrEditWindowClosed: the comment is older than CommentEditWindow.
	ErrEditWindowClosed = fmt.Errorf("the comment can no longer be edited: %w", ErrConflict)
	// ErrCommentHidden: a moderator has hidden the comment; it cannot be edited.
	ErrCommentHidden = fmt.Errorf("the comment is hidden by a moderator: %w", ErrConflict)
	// ErrProposalWithdrawn: a withdrawn proposal takes no new comments.
	ErrProposalWithdrawn = fmt.Errorf("the proposal is withdrawn: %w", ErrConflict)
)

// Comment is a comment on a proposal, or a reply to one. Threads have two
// levels: a reply's parent is always a top-level comment.
//
// Body is empty for a deleted comment (a tombstone) and, for readers who
// cannot moderate, for a hidden one; the UI then shows "deleted" or "hidden
// by a moderator: HiddenReason" instead. HiddenReason "pending_review" means
// the comment was hidden automatically because enough residents flagged it;
// the UI translates it rather than showing the key.
type Comment struct {
	ID           int64         `db:"id"`
	ProposalID   int64         `db:"proposal_id"`
	ParentID     sql.NullInt64 `db:"parent_id"`
	AuthorID     int64         `db:"author_id"`
	AuthorName   string        `db:"author_name"` // empty once the account is deleted
	Body         string        `db:"body"`
	ReplyCount   int           `db:"reply_count"`
	FlagCount    int           `db:"flag_count"`
	CreatedAt    time.Time     `db:"created_at"`
	EditedAt     sql.NullTime  `db:"edited_at"`
	DeletedAt    sql.NullTime  `db:"deleted_at"`
	HiddenAt     sql.NullTime  `db:"hidden_at"`
	HiddenReason string        `db:"hidden_reason"`
}

// Deleted reports whether the author deleted the comment (a tombstone).
func (c Comment) Deleted() bool { return c.DeletedAt.Valid }

// Hidden reports whether a moderator (or the flag threshold) hid the comment.
func (c Comment) Hidden() bool { return c.HiddenAt.Valid }

// EditableBy reports whether userID may still edit the comment at now: their
// own, neither deleted nor hidden, and younger than CommentEditWindow.
// EditComment applies the same rule in its UPDATE.
func (c Comment) EditableBy(userID int64, now time.Time) bool {
	return userID != 0 && c.AuthorID == userID && !c.Deleted() && !c.Hidden() &&
		now.Before(c.CreatedAt.Add(CommentEditWindow))
}

// validCommentBody mirrors the schema's check and refuses blank bodies.
func validCommentBody(body string) bool {
	return strings.TrimSpace(body) != "" && utf8.RuneCountInString(body) <= CommentMaxLength
}

const commentColumns = `c.id, c.proposal_id, c.parent_id, c.author_id, COALESCE(u.display_name, '') AS author_name,
	c.body, c.reply_count, c.flag_count, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.hidden_reason`

// AddComment posts a comment on a proposal; parentID 0 makes it top-level.
//
// Threads have two levels. A reply to a reply is attached to the top-level
// comment of that reply instead (the thread is flattened), so a reply button
// on a reply simply continues the thread. Replying to a deleted or hidden
// comment is allowed: the thread goes on beneath the tombstone or the
// moderator's note.
//
// In one transaction it refuses blocked authors (ErrBlocked), hidden proposals
// (ErrNotFound) and withdrawn ones (ErrProposalWithdrawn), counts the comment
// in the proposal's comment_count and the parent's reply_count, and records
// the act in the participation ledger with the author's segment.
func (s *Store) AddComment(ctx context.Context, municipalityID, authorID, proposalID, parentID int64, body string) (*Comment, error) {
	if !validCommentBody(body) {
		return nil, ErrCommentBody
	}
	var c Comment
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var author struct {
			Name    string `db:"display_name"`
			Blocked bool   `db:"blocked"`
		}
		if err := tx.GetContext(ctx, &author, `SELECT display_name, blocked_at IS NOT NULL AS blocked FROM users
			WHERE municipality_id = $1 AND id = $2 AND deleted_at IS NULL`, municipalityID, authorID); err != nil {
			return notFound(err, fmt.Sprintf("user %d", authorID))
		}
		if author.Blocked {
			return fmt.Errorf("user %d: %w", authorID, ErrBlocked)
		}
		// Lock the proposal against a concurrent withdrawal or hiding.
		var p struct {
			Status string `db:"status"`
			Hidden bool   `db:"hidden"`
		}
		err := tx.GetContext(ctx, &p, `SELECT status, hidden_at IS NOT NULL AS hidden FROM proposals
			WHERE municipality_id = $1 AND id = $2 FOR NO KEY UPDATE`, municipalityID, proposalID)
		if err != nil {
			return notFound(err, fmt.Sprintf("proposal %d", proposalID))
		}
		if p.Hidden {
			return fmt.Errorf("proposal %d: %w", proposalID, ErrNotFound)
		}
		if p.Status == StatusWithdrawn {
			return fmt.Errorf("comment on proposal %d: %w", proposalID, ErrProposalWithdrawn)
		}
		var parent sql.NullInt64
		if parentID != 0 {
			// The top-level comment of the parent (itself when top-level), on
			// the same proposal, counts one more reply.
			err := tx.GetContext(ctx, &parent, `UPDATE comments SET reply_count = reply_count + 1
				WHERE municipality_id = $1 AND proposal_id = $2 AND parent_id IS NULL
					AND id = (SELECT COALESCE(parent_id, id) FROM comments WHERE municipality_id = $1 AND id = $3)
				RETURNING id`, municipalityID, proposalID, parentID)
			if err != nil {
				return notFound(err, fmt.Sprintf("parent comment %d on proposal %d", parentID, proposalID))
			}
		}
		err = tx.GetContext(ctx, &c, `INSERT INTO comments (municipality_id, proposal_id, parent_id, author_id, body)
			VALUES ($1, $2, $3, $4, $5)
			RETURNING id, proposal_id, parent_id, author_id, $6::text AS author_name, body, reply_count, flag_count,
				created_at, edited_at, deleted_at, hidden_at, hidden_reason`,
			municipalityID, proposalID, parent, authorID, body, author.Name)
		if err != nil {
			return fmt.Errorf("insert comment on proposal %d: %w", proposalID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET comment_count = comment_count + 1
			WHERE municipality_id = $1 AND id = $2`, municipalityID, proposalID); err != nil {
			return fmt.Errorf("count comment on proposal %d: %w", proposalID, err)
		}
		seg, err := segmentOf(ctx, tx, municipalityID, authorID, c.CreatedAt)
		if err != nil {
			return err
		}
		return recordParticipation(ctx, tx, municipalityID, Participation{
			UserID:     sql.NullInt64{Int64: authorID, Valid: true},
			OccurredAt: c.CreatedAt,
			Act:        "comment",
			ScopeType:  "proposal",
			ScopeID:    sql.NullInt64{Int64: proposalID, Valid: true},
			Channel:    ChannelWeb,
			Segment:    seg,
		})
	})
	if err != nil {
		return nil, fmt.Errorf("add comment: %w", err)
	}
	return &c, nil
}

// EditComment replaces the body of the author's own comment while the edit
// window is open at now: the window is checked in the UPDATE itself. Someone
// else's or a deleted comment is ErrNotFound; a hidden one ErrCommentHidden;
// a late edit ErrEditWindowClosed; a blocked author ErrBlocked.
func (s *Store) EditComment(ctx context.Context, municipalityID, authorID, commentID int64, body string, now time.Time) error {
	if !validCommentBody(body) {
		return ErrCommentBody
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE comments c SET body = $4, edited_at = $5
			FROM users u
			WHERE c.municipality_id = $1 AND c.id = $2 AND c.author_id = $3
				AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.created_at > $6
				AND u.municipality_id = c.municipality_id AND u.id = c.author_id AND u.blocked_at IS NULL`,
			municipalityID, commentID, authorID, body, now, now.Add(-CommentEditWindow))
		if err != nil {
			return fmt.Errorf("update comment %d: %w", commentID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		// Nothing changed: say why.
		var why struct {
			Hidden  bool `db:"hidden"`
			Blocked bool `db:"blocked"`
		}
		err = tx.GetContext(ctx, &why, `SELECT c.hidden_at IS NOT NULL AS hidden, u.blocked_at IS NOT NULL AS blocked
			FROM comments c JOIN users u ON u.municipality_id = c.municipality_id AND u.id = c.author_id
			WHERE c.municipality_id = $1 AND c.id = $2 AND c.author_id = $3 AND c.deleted_at IS NULL`,
			municipalityID, commentID, authorID)
		switch {
		case err != nil:
			return notFound(err, fmt.Sprintf("comment %d by user %d", commentID, authorID))
		case why.Blocked:
			return fmt.Errorf("user %d: %w", authorID, ErrBlocked)
		case why.Hidden:
			return fmt.Errorf("comment %d: %w", commentID, ErrCommentHidden)
		default:
			return fmt.Errorf("comment %d: %w", commentID, ErrEditWindowClosed)
		}
	})
	if err != nil {
		return fmt.Errorf("edit comment: %w", err)
	}
	return nil
}

// DeleteComment turns the author's own comment into a tombstone: the body is
// erased and deleted_at set, the row and its replies stay. Someone else's or
// an already deleted comment is ErrNotFound. Blocked authors may delete.
//
// Counts are of comments that stand: the proposal's comment_count and, for a
// reply, the parent's reply_count go down by one. A deleted top-level comment
// stays in the list as a tombstone (so that its replies keep their place and
// pages do not shift); a deleted reply, which has nothing beneath it, is no
// longer listed by Replies.
func (s *Store) DeleteComment(ctx context.Context, municipalityID, authorID, commentID int64) error {
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		// Lock the proposal before the comment, in the order AddComment
		// locks them, so that a reply and a deletion cannot deadlock.
		var proposalID int64
		err := tx.GetContext(ctx, &proposalID, `UPDATE proposals SET comment_count = comment_count - 1
			WHERE municipality_id = $1
				AND id = (SELECT proposal_id FROM comments
					WHERE municipality_id = $1 AND id = $2 AND author_id = $3 AND deleted_at IS NULL)
			RETURNING id`, municipalityID, commentID, authorID)
		if err != nil {
			return notFound(err, fmt.Sprintf("comment %d by user %d", commentID, authorID))
		}
		var parentID sql.NullInt64
		err = tx.GetContext(ctx, &parentID, `UPDATE comments SET body = '', deleted_at = now()
			WHERE municipality_id = $1 AND id = $2 AND author_id = $3 AND deleted_at IS NULL
			RETURNING parent_id`, municipalityID, commentID, authorID)
		if err != nil {
			return notFound(err, fmt.Sprintf("comment %d by user %d", commentID, authorID))
		}
		if parentID.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE comments SET reply_count = reply_count - 1
				WHERE municipality_id = $1 AND id = $2`, municipalityID, parentID.Int64); err != nil {
				return fmt.Errorf("uncount reply to comment %d: %w", parentID.Int64, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete comment: %w", err)
	}
	return nil
}

// Comments returns page (from 1) of a proposal's top-level comments, oldest
// first, CommentsPerPage a page, and how many there are in all, tombstones
// included. A hidden proposal is ErrNotFound unless the viewer can moderate
// or wrote it (as with ProposalByID).
//
// Two queries whatever the page: a count and the page, both reading
// comments_thread_idx (index-only when the table is vacuumed); the page's ids
// are found first and only those 20 rows are read in full.
func (s *Store) Comments(ctx context.Context, municipalityID, proposalID int64, page int, viewer Viewer) ([]Comment, int, error) {
	if page < 1 {
		page = 1
	}
	var total int
	err := s.db.GetContext(ctx, &total, `SELECT (SELECT count(*) FROM comments c
			WHERE c.municipality_id = $1 AND c.proposal_id = $2 AND c.parent_id IS NULL)
		FROM proposals p WHERE p.municipality_id = $1 AND p.id = $2 AND (p.hidden_at IS NULL OR $3 OR p.author_id = $4)`,
		municipalityID, proposalID, viewer.CanModerate, viewer.UserID)
	if err != nil {
		return nil, 0, notFound(err, fmt.Sprintf("comments of proposal %d", proposalID))
	}
	comments := []Comment{}
	offset := (page - 1) * CommentsPerPage
	if offset >= total {
		return comments, total, nil
	}
	err = s.db.SelectContext(ctx, &comments, `SELECT `+commentColumns+`
		FROM (SELECT id FROM comments
			WHERE municipality_id = $1 AND proposal_id = $2 AND parent_id IS NULL
			ORDER BY created_at, id LIMIT $3 OFFSET $4) page
		JOIN comments c ON c.municipality_id = $1 AND c.id = page.id
		LEFT JOIN users u ON u.municipality_id = c.municipality_id AND u.id = c.author_id
		ORDER BY c.created_at, c.id`, municipalityID, proposalID, CommentsPerPage, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("comments of proposal %d: %w", proposalID, err)
	}
	redactComments(comments, viewer)
	return comments, total, nil
}

// Replies returns the replies to a top-level comment, oldest first, at most
// RepliesLimit; deleted replies are left out. An unknown parent, a reply
// given as parent, or a parent on a proposal the viewer may not see is
// ErrNotFound. Two queries.
func (s *Store) Replies(ctx context.Context, municipalityID, parentID int64, viewer Viewer) ([]Comment, error) {
	var ok bool
	err := s.db.GetContext(ctx, &ok, `SELECT true FROM comments c
		JOIN proposals p ON p.municipality_id = c.municipality_id AND p.id = c.proposal_id
		WHERE c.municipality_id = $1 AND c.id = $2 AND c.parent_id IS NULL
			AND (p.hidden_at IS NULL OR $3 OR p.author_id = $4)`,
		municipalityID, parentID, viewer.CanModerate, viewer.UserID)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("replies to comment %d", parentID))
	}
	replies := []Comment{}
	err = s.db.SelectContext(ctx, &replies, `SELECT `+commentColumns+`
		FROM comments c LEFT JOIN users u ON u.municipality_id = c.municipality_id AND u.id = c.author_id
		WHERE c.municipality_id = $1 AND c.parent_id = $2 AND c.deleted_at IS NULL
		ORDER BY c.created_at, c.id
		LIMIT $3`, municipalityID, parentID, RepliesLimit)
	if err != nil {
		return nil, fmt.Errorf("replies to comment %d: %w", parentID, err)
	}
	redactComments(replies, viewer)
	return replies, nil
}

// CommentByID finds one comment, with the same visibility rules as Comments:
// a comment on a proposal the viewer may not see is ErrNotFound, and a hidden
// one's body is blank unless the viewer moderates.
func (s *Store) CommentByID(ctx context.Context, municipalityID, id int64, viewer Viewer) (*Comment, error) {
	comments := []Comment{}
	err := s.db.SelectContext(ctx, &comments, `SELECT `+commentColumns+`
		FROM comments c
		JOIN proposals p ON p.municipality_id = c.municipality_id AND p.id = c.proposal_id
		LEFT JOIN users u ON u.municipality_id = c.municipality_id AND u.id = c.author_id
		WHERE c.municipality_id = $1 AND c.id = $2 AND (p.hidden_at IS NULL OR $3 OR p.author_id = $4)`,
		municipalityID, id, viewer.CanModerate, viewer.UserID)
	if err != nil {
		return nil, fmt.Errorf("comment %d: %w", id, err)
	}
	if len(comments) == 0 {
		return nil, fmt.Errorf("comment %d: %w", id, ErrNotFound)
	}
	redactComments(comments, viewer)
	return &comments[0], nil
}

// redactComments blanks what a viewer may not read: a deleted comment's body
// (already empty in the database) and, unless they moderate, a hidden one's.
func redactComments(comments []Comment, viewer Viewer) {
	for i := range comments {
		if comments[i].Deleted() || (comments[i].Hidden() && !viewer.CanModerate) {
			comments[i].Body = ""
		}
	}
}
