package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/locales"
	"github.com/medvirk/medvirk/store"
)

// CommentsView is the comment section of a proposal page: one page of
// top-level comments, the replies of the one thread the reader opened
// (?replies=ID), the links to move between pages and what the reader may do.
type CommentsView struct {
	Proposal *store.Proposal
	Comments []CommentItem
	Total    int
	Page     int
	Pages    int
	PrevURL  string
	NextURL  string
	// RepliesFor is the top-level comment whose replies are shown, with
	// Replies; 0 when no thread is open.
	RepliesFor int64
	Replies    []CommentItem
	// Who may write: CanComment for a signed-in resident on an open
	// proposal; otherwise one of the reasons below explains why not.
	SignedIn       bool
	CanComment     bool
	Blocked        bool
	BlockedReason  string
	Withdrawn      bool
	ProposalHidden bool
	LoginURL       string
	ActionURL      string // where new comments and replies are posted
	MaxLength      int
	// For the comment template, which receives one CommentItem at a time.
	L    *locales.Localizer
	CSRF string
}

// CommentItem is one comment as the reader sees it, with the links for what
// the reader may do with it.
type CommentItem struct {
	store.Comment
	Section    *CommentsView
	Paragraphs [][]string // the body as paragraphs of lines
	Own        bool
	CanEdit    bool
	CanDelete  bool
	CanFlag    bool
	CanReply   bool
	// PendingReview: hidden by flags until a moderator decides.
	PendingReview bool
	RepliesURL    string // opens the thread (top-level comments only)
	ReplyURL      string // opens the thread at its reply form
	CloseURL      string // closes the open thread
	EditURL       string
	DeleteURL     string
	FlagURL       string
}

// viewer describes the signed-in user for the store's visibility rules.
func viewer(c *fiber.Ctx) store.Viewer {
	u := currentUser(c)
	if u == nil {
		return store.Viewer{}
	}
	return store.Viewer{UserID: u.ID, CanModerate: canModerate(u)}
}

func canModerate(u *store.User) bool {
	return u != nil && (u.Role == store.RoleModerator || u.Role == store.RoleAdmin)
}

// queryID reads a positive integer from the query string; 0 when absent or bad.
func queryID(c *fiber.Ctx, name string) int64 {
	id, err := strconv.ParseInt(c.Query(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// loadComments reads the page of comments asked for with ?comments=N and,
// with ?replies=ID, the replies of that top-level comment on the page. It
// runs a constant number of queries whatever the number of comments.
func (h *Handler) loadComments(c *fiber.Ctx, p *store.Proposal) (*CommentsView, error) {
	page, _ := strconv.Atoi(c.Query("comments"))
	if page < 1 {
		page = 1
	}
	ctx, mid, v := c.UserContext(), municipality(c).ID, viewer(c)
	comments, total, err := h.Store.Comments(ctx, mid, p.ID, page, v)
	if err != nil {
		return nil, err
	}
	pages := max((total+store.CommentsPerPage-1)/store.CommentsPerPage, 1)
	u := currentUser(c)
	base := commentsProposalPath(p.ID)
	cv := &CommentsView{
		Proposal: p, Total: total, Page: page, Pages: pages,
		SignedIn:       u != nil,
		Withdrawn:      p.Status == store.StatusWithdrawn,
		ProposalHidden: p.HiddenAt.Valid,
		LoginURL:       "/login?next=" + url.QueryEscape(base+"#comments-heading"),
		ActionURL:      base + "/comments",
		MaxLength:      store.CommentMaxLength,
		L:              h.localizer(c),
	}
	cv.CSRF, _ = c.Locals(localCSRF).(string)
	if u != nil && u.BlockedAt.Valid {
		cv.Blocked, cv.BlockedReason = true, u.BlockedReason
	}
	cv.CanComment = u != nil && !cv.Blocked && !cv.Withdrawn && !cv.ProposalHidden
	if page > 1 {
		cv.PrevURL = commentsPageURL(p.ID, page-1)
	}
	if page < pages {
		cv.NextURL = commentsPageURL(p.ID, page+1)
	}
	now := time.Now()
	open, openReplies := queryID(c, "replies"), 0
	cv.Comments = make([]CommentItem, len(comments))
	for i, cm := range comments {
		cv.Comments[i] = h.commentItem(cv, cm, page, now, u)
		if cm.ID == open {
			cv.RepliesFor = cm.ID
			openReplies = cm.ReplyCount
		}
	}
	if openReplies > 0 {
		replies, err := h.Store.Replies(ctx, mid, cv.RepliesFor, v)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		cv.Replies = make([]CommentItem, len(replies))
		for i, r := range replies {
			cv.Replies[i] = h.commentItem(cv, r, page, now, u)
		}
	}
	return cv, nil
}

// commentItem prepares one comment for the page.
func (h *Handler) commentItem(cv *CommentsView, cm store.Comment, page int, now time.Time, u *store.User) CommentItem {
	item := CommentItem{Comment: cm, Section: cv, Paragraphs: paragraphs(cm.Body)}
	item.PendingReview = cm.Hidden() && cm.HiddenReason == store.HiddenPendingReview
	ref := commentRef{Proposal: cm.ProposalID, Page: page, Parent: cm.ParentID.Int64}
	if !cm.ParentID.Valid {
		item.RepliesURL = fmt.Sprintf("%s?comments=%d&replies=%d#comment-%d", commentsProposalPath(cm.ProposalID), page, cm.ID, cm.ID)
		item.ReplyURL = fmt.Sprintf("%s?comments=%d&replies=%d#reply-%d", commentsProposalPath(cm.ProposalID), page, cm.ID, cm.ID)
		item.CloseURL = fmt.Sprintf("%s#comment-%d", commentsPageURLNoAnchor(cm.ProposalID, page), cm.ID)
		item.CanReply = cv.CanComment
	}
	if u == nil {
		return item
	}
	blocked := u.BlockedAt.Valid
	item.Own = cm.AuthorID == u.ID
	item.CanEdit = item.Own && !blocked && cm.EditableBy(u.ID, now)
	item.CanDelete = item.Own && !cm.Deleted()
	item.CanFlag = !item.Own && !blocked && !cm.Deleted() && !cm.Hidden() && !cv.ProposalHidden
	if item.CanEdit {
		item.EditURL = "/comments/" + strconv.FormatInt(cm.ID, 10) + "/edit?" + ref.query()
	}
	if item.CanDelete {
		item.DeleteURL = "/comments/" + strconv.FormatInt(cm.ID, 10) + "/delete?" + ref.query()
	}
	if item.CanFlag {
		item.FlagURL = "/comments/" + strconv.FormatInt(cm.ID, 10) + "/flag?" + ref.query()
	}
	return item
}

var blankLines = regexp.MustCompile(`\n[ \t]*\n+`)

// paragraphs splits a comment into paragraphs at blank lines, and each
// paragraph into its lines, so that the template can escape every piece.
func paragraphs(body string) [][]string {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil
	}
	var out [][]string
	for _, para := range blankLines.Split(body, -1) {
		lines := strings.Split(strings.TrimSpace(para), "\n")
		for i := range lines {
			lines[i] = strings.TrimSpace(lines[i])
		}
		out = append(out, lines)
	}
	return out
}

// commentsProposalPath is the proposal page the comments belong to.
func commentsProposalPath(id int64) string { return "/proposals/" + strconv.FormatInt(id, 10) }

func commentsPageURLNoAnchor(proposalID int64, page int) string {
	if page <= 1 {
		return commentsProposalPath(proposalID)
	}
	return fmt.Sprintf("%s?comments=%d", commentsProposalPath(proposalID), page)
}

func commentsPageURL(proposalID int64, page int) string {
	return fmt.Sprintf("%s?comments=%d#comments-heading", commentsProposalPath(proposalID), page)
}

// commentRef says where a comment is shown: its proposal, the page of
// top-level comments it is on and, for a reply, its top-level comment. Links
// to a comment's own pages carry it, so that the comment is found with the
// same constant-cost queries as the proposal page and the reader returns to
// where they were.
type commentRef struct {
	Proposal int64
	Page     int
	Parent   int64
}

func (r commentRef) query() string {
	q := url.Values{}
	q.Set("proposal", strconv.FormatInt(r.Proposal, 10))
	q.Set("comments", strconv.Itoa(max(r.Page, 1)))
	if r.Parent != 0 {
		q.Set("parent", strconv.FormatInt(r.Parent, 10))
	}
	return q.Encode()
}

// backURL returns to the comment on the proposal page.
func (r commentRef) backURL(commentID int64) string {
	if r.Parent != 0 {
		return fmt.Sprintf("%s?comments=%d&replies=%d#comment-%d", commentsProposalPath(r.Proposal), max(r.Page, 1), r.Parent, commentID)
	}
	return fmt.Sprintf("%s#comment-%d", commentsPageURLNoAnchor(r.Proposal, r.Page), commentID)
}

// findComment looks up the comment :cid where the request's commentRef says
// it is shown. Anything that does not match is a 404.
func (h *Handler) findComment(c *fiber.Ctx) (*store.Proposal, *store.Comment, commentRef, error) {
	cid, err := c.ParamsInt("cid")
	ref := commentRef{Proposal: queryID(c, "proposal"), Page: int(queryID(c, "comments")), Parent: queryID(c, "parent")}
	if err != nil || cid <= 0 || ref.Proposal == 0 {
		return nil, nil, ref, fiber.ErrNotFound
	}
	ref.Page = max(ref.Page, 1)
	ctx, mid, v := c.UserContext(), municipality(c).ID, viewer(c)
	comment, err := h.Store.CommentByID(ctx, mid, int64(cid), v)
	if err != nil {
		return nil, nil, ref, notFoundAs404(err)
	}
	if comment.ProposalID != ref.Proposal {
		return nil, nil, ref, fiber.ErrNotFound
	}
	p, err := h.Store.ProposalByID(ctx, mid, comment.ProposalID, v)
	if err != nil {
		return nil, nil, ref, notFoundAs404(err)
	}
	return p, comment, ref, nil
}

// commentFormData is the page for writing or editing one comment on its own:
// shown when a comment from the proposal page has an error, and for editing.
type commentFormData struct {
	Proposal  *store.Proposal
	Mode      string // "new", "reply" or "edit"
	Action    string
	BackURL   string
	Parent    int64
	Page      int
	MaxLength int
	// Refused explains why the comment cannot be saved at all (a message id).
	Refused string
}

// normalizeBody trims a comment and uses one kind of line break.
func normalizeBody(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

// checkBody validates a comment's text.
func (e *fieldErrors) checkBody(body string) {
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		e.add("body", "comments.error_empty")
	case n > store.CommentMaxLength:
		e.add("body", "comments.error_long")
	}
}

// CommentsAnchor sends a GET of the comment form's address to the comments.
func (h *Handler) CommentsAnchor(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil {
		return fiber.ErrNotFound
	}
	return c.Redirect(commentsProposalPath(int64(id))+"#comments-heading", fiber.StatusSeeOther)
}

// AddComment posts a comment, or a reply when the form names a parent. On
// success the reader lands on the new comment; an error shows the comment on
// a page of its own, with what was typed.
func (h *Handler) AddComment(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	ctx, mid, u := c.UserContext(), municipality(c).ID, currentUser(c)
	p, err := h.Store.ProposalByID(ctx, mid, int64(id), viewer(c))
	if err != nil {
		return notFoundAs404(err)
	}
	parent, _ := strconv.ParseInt(c.FormValue("parent"), 10, 64)
	page, _ := strconv.Atoi(c.FormValue("comments"))
	page = max(page, 1)
	body := normalizeBody(c.FormValue("body"))
	data := &commentFormData{
		Proposal: p, Mode: "new", Action: commentsProposalPath(p.ID) + "/comments",
		BackURL: commentsProposalPath(p.ID) + "#comments-heading", Parent: max(parent, 0), Page: page,
		MaxLength: store.CommentMaxLength,
	}
	if parent > 0 {
		data.Mode = "reply"
		data.BackURL = fmt.Sprintf("%s?comments=%d&replies=%d#comment-%d", commentsProposalPath(p.ID), page, parent, parent)
	}
	pg := h.page(c, data)
	pg.Form["body"] = body
	errs := newFieldErrors(pg.L)
	errs.checkBody(body)
	if errs.any() {
		pg.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "comment_form", pg)
	}
	cm, err := h.Store.AddComment(ctx, mid, u.ID, p.ID, max(parent, 0), body)
	switch {
	case errors.Is(err, store.ErrBlocked):
		data.Refused = "comments.blocked"
		return h.render(c, fiber.StatusForbidden, "comment_form", pg)
	case errors.Is(err, store.ErrProposalWithdrawn):
		data.Refused = "comments.withdrawn"
		return h.render(c, fiber.StatusConflict, "comment_form", pg)
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "comments.flash_added")
	if cm.ParentID.Valid {
		return c.Redirect(fmt.Sprintf("%s?comments=%d&replies=%d#comment-%d",
			commentsProposalPath(p.ID), page, cm.ParentID.Int64, cm.ID), fiber.StatusSeeOther)
	}
	_, total, err := h.Store.Comments(ctx, mid, p.ID, 1, viewer(c))
	if err != nil {
		return err
	}
	last := max((total+store.CommentsPerPage-1)/store.CommentsPerPage, 1)
	return c.Redirect(fmt.Sprintf("%s?comments=%d#comment-%d", commentsProposalPath(p.ID), last, cm.ID), fiber.StatusSeeOther)
}

// editData prepares the edit page for a found comment.
func (h *Handler) editPage(c *fiber.Ctx, p *store.Proposal, cm *store.Comment, ref commentRef) *Page {
	return h.page(c, &commentFormData{
		Proposal: p, Mode: "edit",
		Action:    "/comments/" + strconv.FormatInt(cm.ID, 10) + "/edit?" + ref.query(),
		BackURL:   ref.backURL(cm.ID),
		MaxLength: store.CommentMaxLength,
	})
}

// EditCommentForm shows the author's comment for editing, while the edit
// window is open.
func (h *Handler) EditCommentForm(c *fiber.Ctx) error {
	p, cm, ref, err := h.findComment(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if cm.AuthorID != u.ID || cm.Deleted() {
		return fiber.ErrNotFound
	}
	pg := h.editPage(c, p, cm, ref)
	pg.Form["body"] = cm.Body
	status := fiber.StatusOK
	if d := pg.Data.(*commentFormData); !cm.EditableBy(u.ID, time.Now()) || u.BlockedAt.Valid {
		d.Refused = editRefusal(cm, u)
		status = fiber.StatusConflict
	}
	return h.render(c, status, "comment_form", pg)
}

func editRefusal(cm *store.Comment, u *store.User) string {
	switch {
	case u.BlockedAt.Valid:
		return "comments.blocked"
	case cm.Hidden():
		return "comments.edit_hidden"
	default:
		return "comments.edit_closed"
	}
}

// EditComment saves the author's changed comment.
func (h *Handler) EditComment(c *fiber.Ctx) error {
	p, cm, ref, err := h.findComment(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if cm.AuthorID != u.ID || cm.Deleted() {
		return fiber.ErrNotFound
	}
	pg := h.editPage(c, p, cm, ref)
	data := pg.Data.(*commentFormData)
	body := normalizeBody(c.FormValue("body"))
	pg.Form["body"] = body
	errs := newFieldErrors(pg.L)
	errs.checkBody(body)
	if errs.any() {
		pg.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "comment_form", pg)
	}
	err = h.Store.EditComment(c.UserContext(), municipality(c).ID, u.ID, cm.ID, body, time.Now())
	switch {
	case errors.Is(err, store.ErrBlocked):
		data.Refused = "comments.blocked"
		return h.render(c, fiber.StatusForbidden, "comment_form", pg)
	case errors.Is(err, store.ErrCommentHidden):
		data.Refused = "comments.edit_hidden"
		return h.render(c, fiber.StatusConflict, "comment_form", pg)
	case errors.Is(err, store.ErrEditWindowClosed):
		data.Refused = "comments.edit_closed"
		return h.render(c, fiber.StatusConflict, "comment_form", pg)
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "comments.flash_edited")
	return c.Redirect(ref.backURL(cm.ID), fiber.StatusSeeOther)
}

// commentActionData is the confirmation page for deleting a comment.
type commentActionData struct {
	Proposal *store.Proposal
	Comment  CommentItem
	Action   string
	BackURL  string
}

// DeleteCommentForm asks the author to confirm the deletion.
func (h *Handler) DeleteCommentForm(c *fiber.Ctx) error {
	p, cm, ref, err := h.findComment(c)
	if err != nil {
		return err
	}
	if cm.AuthorID != currentUser(c).ID || cm.Deleted() {
		return fiber.ErrNotFound
	}
	return h.render(c, fiber.StatusOK, "comment_delete", h.page(c, &commentActionData{
		Proposal: p,
		Comment:  CommentItem{Comment: *cm, Paragraphs: paragraphs(cm.Body)},
		Action:   "/comments/" + strconv.FormatInt(cm.ID, 10) + "/delete?" + ref.query(),
		BackURL:  ref.backURL(cm.ID),
	}))
}

// DeleteComment turns the author's comment into a tombstone.
func (h *Handler) DeleteComment(c *fiber.Ctx) error {
	cid, err := c.ParamsInt("cid")
	if err != nil || cid <= 0 {
		return fiber.ErrNotFound
	}
	if err := h.Store.DeleteComment(c.UserContext(), municipality(c).ID, currentUser(c).ID, int64(cid)); err != nil {
		return notFoundAs404(err)
	}
	h.flash(c, "comments.flash_deleted")
	ref := commentRef{Proposal: queryID(c, "proposal"), Page: int(queryID(c, "comments")), Parent: queryID(c, "parent")}
	if ref.Proposal == 0 {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return c.Redirect(ref.backURL(int64(cid)), fiber.StatusSeeOther)
}
