package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

// moderationPath is the moderators' queue.
const moderationPath = "/moderation"

// flagData is the page where a resident reports a proposal or a comment.
type flagData struct {
	TargetType string // store.TargetProposal or store.TargetComment
	Title      string // the proposal's title
	Comment    *CommentItem
	Reasons    []string
	Action     string
	BackURL    string
	// Refused explains why the item cannot be flagged (a message id).
	Refused string
}

// flagTarget finds what a flag page is about.
func (h *Handler) flagTarget(c *fiber.Ctx, targetType string) (*flagData, error) {
	d := &flagData{TargetType: targetType, Reasons: store.FlagReasons}
	if targetType == store.TargetComment {
		p, cm, ref, err := h.findComment(c)
		if err != nil {
			return nil, err
		}
		d.Title = p.Title
		d.Comment = &CommentItem{Comment: *cm, Paragraphs: paragraphs(cm.Body)}
		d.Action = "/comments/" + strconv.FormatInt(cm.ID, 10) + "/flag?" + ref.query()
		d.BackURL = ref.backURL(cm.ID)
		return d, nil
	}
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	p, err := h.Store.ProposalByID(c.UserContext(), municipality(c).ID, int64(id), viewer(c))
	if err != nil {
		return nil, notFoundAs404(err)
	}
	d.Title = p.Title
	d.Action = commentsProposalPath(p.ID) + "/flag"
	d.BackURL = commentsProposalPath(p.ID)
	return d, nil
}

// FlagCommentForm asks why a comment should be looked at by a moderator.
func (h *Handler) FlagCommentForm(c *fiber.Ctx) error { return h.flagForm(c, store.TargetComment) }

// FlagProposalForm asks why a proposal should be looked at by a moderator.
func (h *Handler) FlagProposalForm(c *fiber.Ctx) error { return h.flagForm(c, store.TargetProposal) }

// FlagComment records a resident's flag on a comment.
func (h *Handler) FlagComment(c *fiber.Ctx) error { return h.flag(c, store.TargetComment) }

// FlagProposal records a resident's flag on a proposal.
func (h *Handler) FlagProposal(c *fiber.Ctx) error { return h.flag(c, store.TargetProposal) }

func (h *Handler) flagForm(c *fiber.Ctx, targetType string) error {
	d, err := h.flagTarget(c, targetType)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if u := currentUser(c); u.BlockedAt.Valid {
		d.Refused, status = "comments.flag_blocked", fiber.StatusForbidden
	}
	return h.render(c, status, "flag", h.page(c, d))
}

func (h *Handler) flag(c *fiber.Ctx, targetType string) error {
	d, err := h.flagTarget(c, targetType)
	if err != nil {
		return err
	}
	p := h.page(c, d)
	p.Form = formValues(c, "reason", "note")
	errs := newFieldErrors(p.L)
	if !store.ValidFlagReason(p.Form["reason"]) {
		errs.add("reason", "comments.flag_reason_required")
	}
	if utf8.RuneCountInString(p.Form["note"]) > store.ReasonMaxLength {
		errs.add("note", "comments.flag_note_long")
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "flag", p)
	}
	targetID := int64(0)
	if d.Comment != nil {
		targetID = d.Comment.ID
	} else {
		id, _ := c.ParamsInt("id")
		targetID = int64(id)
	}
	u := currentUser(c)
	_, err = h.Store.Flag(c.UserContext(), municipality(c).ID, u.ID, targetType, targetID, p.Form["reason"], p.Form["note"])
	switch {
	case errors.Is(err, store.ErrBlocked):
		d.Refused = "comments.flag_blocked"
		return h.render(c, fiber.StatusForbidden, "flag", p)
	case errors.Is(err, store.ErrFlagOwn):
		d.Refused = "comments.flag_own"
		return h.render(c, fiber.StatusConflict, "flag", p)
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "comments.flash_flagged")
	return c.Redirect(d.BackURL, fiber.StatusSeeOther)
}

// moderationData is the moderators' page: the queue and the blocked accounts.
type moderationData struct {
	Items   []moderationItem
	Total   int // items in the whole queue
	PrevURL string
	NextURL string
	Blocked []store.User
	Reasons []string
}

// moderationPerPage keeps the queue page small; the oldest reports wait on
// later pages.
const moderationPerPage = 15

// moderationItem is one queue entry with its form field ids.
type moderationItem struct {
	store.QueueItem
	Key           string // unique per item: "comment-12"
	Link          string
	AuthorBlocked bool
	CanBlock      bool
}

// moderationPage prepares the queue and the list of blocked accounts.
func (h *Handler) moderationPage(c *fiber.Ctx) (*Page, error) {
	ctx, mid, me := c.UserContext(), municipality(c).ID, currentUser(c)
	queue, err := h.Store.ModerationQueue(ctx, mid)
	if err != nil {
		return nil, err
	}
	blocked, err := h.blockedUsers(ctx, mid)
	if err != nil {
		return nil, err
	}
	isBlocked := make(map[int64]bool, len(blocked))
	for _, b := range blocked {
		isBlocked[b.ID] = true
	}
	data := &moderationData{Total: len(queue), Blocked: blocked, Reasons: store.FlagReasons}
	page, _ := strconv.Atoi(c.Query("page"))
	pages := max((len(queue)+moderationPerPage-1)/moderationPerPage, 1)
	page = min(max(page, 1), pages)
	if page > 1 {
		data.PrevURL = fmt.Sprintf("%s?page=%d", moderationPath, page-1)
	}
	if page < pages {
		data.NextURL = fmt.Sprintf("%s?page=%d", moderationPath, page+1)
	}
	queue = queue[(page-1)*moderationPerPage : min(page*moderationPerPage, len(queue))]
	items := make([]moderationItem, len(queue))
	for i, q := range queue {
		it := moderationItem{QueueItem: q, Key: q.TargetType + "-" + strconv.FormatInt(q.TargetID, 10)}
		it.Link = commentsProposalPath(q.ProposalID)
		if q.TargetType == store.TargetComment {
			it.Link += fmt.Sprintf("#comment-%d", q.TargetID)
		}
		it.AuthorBlocked = q.AuthorID.Valid && isBlocked[q.AuthorID.Int64]
		it.CanBlock = q.AuthorID.Valid && q.AuthorID.Int64 != me.ID && !it.AuthorBlocked
		items[i] = it
	}
	data.Items = items
	return h.page(c, data), nil
}

// blockedUsers lists the municipality's blocked accounts, newest first.
func (h *Handler) blockedUsers(ctx context.Context, mid int64) ([]store.User, error) {
	users, _, err := h.Store.Users(ctx, mid, store.UserFilter{Blocked: true, Limit: 200})
	return users, err
}

// Moderation shows the moderators' queue.
func (h *Handler) Moderation(c *fiber.Ctx) error {
	p, err := h.moderationPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "moderation", p)
}

// moderationTarget reads the item a moderation form is about.
func moderationTarget(c *fiber.Ctx) (string, int64, error) {
	targetType := c.FormValue("target_type")
	id, err := strconv.ParseInt(c.FormValue("target_id"), 10, 64)
	if (targetType != store.TargetComment && targetType != store.TargetProposal) || err != nil || id <= 0 {
		return "", 0, fiber.ErrBadRequest
	}
	return targetType, id, nil
}

// moderationError re-renders the queue with a message on one field.
func (h *Handler) moderationError(c *fiber.Ctx, status int, field, value, messageID string) error {
	p, err := h.moderationPage(c)
	if err != nil {
		return err
	}
	p.Form[field] = value
	p.Errors[field] = p.L.T(messageID)
	return h.render(c, status, "moderation", p)
}

// moderationDone flashes the result and returns to the queue, or maps the
// store's refusal to a 404 or an error.
func (h *Handler) moderationDone(c *fiber.Ctx, err error, flash string) error {
	if err != nil {
		if errors.Is(err, store.ErrNotModerator) {
			return fiber.ErrForbidden
		}
		return notFoundAs404(err)
	}
	h.flash(c, flash)
	return c.Redirect(moderationPath, fiber.StatusSeeOther)
}

// ModerationHide hides an item with a reason that the public sees.
func (h *Handler) ModerationHide(c *fiber.Ctx) error {
	targetType, id, err := moderationTarget(c)
	if err != nil {
		return err
	}
	field := fmt.Sprintf("hide-reason-%s-%d", targetType, id)
	reason := formValues(c, "reason")["reason"]
	if msg := checkReason(reason); msg != "" {
		return h.moderationError(c, fiber.StatusUnprocessableEntity, field, reason, msg)
	}
	err = h.Store.Hide(c.UserContext(), municipality(c).ID, currentUser(c).ID, targetType, id, reason)
	if errors.Is(err, store.ErrReasonRequired) {
		return h.moderationError(c, fiber.StatusUnprocessableEntity, field, reason, "moderation.reason_invalid")
	}
	return h.moderationDone(c, err, "moderation.flash_hidden")
}

// checkReason validates a hiding or blocking reason and returns a message id.
func checkReason(reason string) string {
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return "moderation.reason_required"
	case n > store.ReasonMaxLength:
		return "moderation.reason_long"
	case reason == store.HiddenPendingReview:
		return "moderation.reason_invalid"
	}
	return ""
}

// ModerationRestore shows a hidden item again.
func (h *Handler) ModerationRestore(c *fiber.Ctx) error {
	targetType, id, err := moderationTarget(c)
	if err != nil {
		return err
	}
	err = h.Store.Restore(c.UserContext(), municipality(c).ID, currentUser(c).ID, targetType, id)
	return h.moderationDone(c, err, "moderation.flash_restored")
}

// ModerationDismiss closes an item's flags.
func (h *Handler) ModerationDismiss(c *fiber.Ctx) error {
	targetType, id, err := moderationTarget(c)
	if err != nil {
		return err
	}
	err = h.Store.DismissFlags(c.UserContext(), municipality(c).ID, currentUser(c).ID, targetType, id)
	return h.moderationDone(c, err, "moderation.flash_dismissed")
}

// ModerationBlock stops an author from posting.
func (h *Handler) ModerationBlock(c *fiber.Ctx) error {
	uid, err := strconv.ParseInt(c.FormValue("user_id"), 10, 64)
	if err != nil || uid <= 0 {
		return fiber.ErrBadRequest
	}
	field := "block-reason-" + c.FormValue("key")
	if c.FormValue("key") == "" {
		field = "block-reason-" + strconv.FormatInt(uid, 10)
	}
	reason := formValues(c, "reason")["reason"]
	if msg := checkReason(reason); msg != "" && msg != "moderation.reason_invalid" {
		return h.moderationError(c, fiber.StatusUnprocessableEntity, field, reason, msg)
	}
	err = h.Store.BlockUser(c.UserContext(), municipality(c).ID, currentUser(c).ID, uid, reason)
	switch {
	case errors.Is(err, store.ErrCannotBlock):
		return h.moderationError(c, fiber.StatusConflict, field, reason, "moderation.cannot_block")
	case errors.Is(err, store.ErrReasonRequired):
		return h.moderationError(c, fiber.StatusUnprocessableEntity, field, reason, "moderation.reason_required")
	}
	return h.moderationDone(c, err, "moderation.flash_blocked")
}

// ModerationUnblock lets an account post again.
func (h *Handler) ModerationUnblock(c *fiber.Ctx) error {
	uid, err := strconv.ParseInt(c.FormValue("user_id"), 10, 64)
	if err != nil || uid <= 0 {
		return fiber.ErrBadRequest
	}
	err = h.Store.UnblockUser(c.UserContext(), municipality(c).ID, currentUser(c).ID, uid)
	return h.moderationDone(c, err, "moderation.flash_unblocked")
}
