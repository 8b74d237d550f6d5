package handlers

import (
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/medvirk/medvirk/store"
)

const (
	// Limits of a proposal's text; the schema checks the same.
	proposalTitleMax = 120
	proposalBodyMax  = 5000
	proposalsPerPage = 20
)

// proposalStatuses lists every status in the order of a proposal's life.
var proposalStatuses = []string{
	store.StatusPublished, store.StatusAwaitingAnswer, store.StatusUnderReview, store.StatusAccepted,
	store.StatusRejected, store.StatusInProgress, store.StatusImplemented, store.StatusWithdrawn,
}

// assistedChannels are the ways an official receives a proposal from a
// resident without an account.
var assistedChannels = []string{store.ChannelPaper, store.ChannelPhone, store.ChannelMeeting, store.ChannelAssisted}

// proposalOrders are the orders a reader may choose, the default first;
// relevance only with a search (and then by default).
var proposalOrders = []string{string(store.OrderBalanced), string(store.OrderNewest),
	string(store.OrderMostSupported), string(store.OrderRelevance)}

// proposalFields are the fields of the proposal form.
var proposalFields = []string{"title", "body", "area", "category"}

// categoryOption is one category in the reader's language.
type categoryOption struct {
	ID   int64
	Name string
}

func categoryOptions(cats []store.Category, lang string) []categoryOption {
	opts := make([]categoryOption, len(cats))
	for i, c := range cats {
		opts[i] = categoryOption{ID: c.ID, Name: c.Name(lang)}
	}
	return opts
}

func hasCategory(cats []store.Category, id int64) bool {
	for _, c := range cats {
		if c.ID == id {
			return true
		}
	}
	return false
}

func isOneOf(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// proposalID reads the :id route parameter.
func proposalID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// canAnswer reports whether u may change a proposal's status.
func canAnswer(u *store.User) bool {
	return u != nil && (u.Role == store.RoleOfficial || u.Role == store.RoleAdmin)
}

// ---- The list ----

// proposalListItem is one proposal in the list.
type proposalListItem struct {
	P        store.Proposal
	Category string
	Headline template.HTML
}

type proposalListData struct {
	Items      []proposalListItem
	Total      int
	Areas      []store.Area
	Categories []categoryOption
	Statuses   []string
	Orders     []string
	Order      string
	// OrderLinks switch the order in one click, keeping the filters.
	OrderLinks         []orderLink
	Searching          bool
	Page, Pages        int
	PrevPage, NextPage string
}

// orderLink is a link that lists the same proposals in another order.
type orderLink struct {
	Order, URL string
	Current    bool
}

// Proposals lists the municipality's proposals with filters, orders, search
// and pages of 20. The default order is the balanced feed (see feed.go); a
// search is ordered by relevance unless the reader chooses otherwise.
func (h *Handler) Proposals(c *fiber.Ctx) error {
	m := municipality(c)
	ctx := c.UserContext()
	areas, err := h.Store.Areas(ctx, m.ID)
	if err != nil {
		return err
	}
	cats, err := h.Store.Categories(ctx, m.ID)
	if err != nil {
		return err
	}
	p := h.page(c, nil)
	form := map[string]string{}
	for _, k := range []string{"q", "area", "category", "status", "order"} {
		form[k] = strings.TrimSpace(c.Query(k))
	}
	if len(form["q"]) > 200 {
		form["q"] = form["q"][:200]
	}
	f := store.ProposalFilter{Query: form["q"], Language: p.L.Lang, Limit: proposalsPerPage}
	if id, err := strconv.ParseInt(form["area"], 10, 64); err == nil && hasArea(areas, id) {
		f.AreaID = id
	} else {
		form["area"] = ""
	}
	if id, err := strconv.ParseInt(form["category"], 10, 64); err == nil && hasCategory(cats, id) {
		f.CategoryID = id
	} else {
		form["category"] = ""
	}
	if isOneOf(proposalStatuses, form["status"]) {
		f.Status = form["status"]
	} else {
		form["status"] = ""
	}
	order := form["order"]
	switch {
	case !isOneOf(proposalOrders, order) && f.Query != "":
		order = string(store.OrderRelevance)
	case !isOneOf(proposalOrders, order), order == string(store.OrderRelevance) && f.Query == "":
		order = string(store.OrderBalanced)
	}
	form["order"] = order
	f.Order = store.Order(order)
	if f.Order == store.OrderBalanced {
		if f.AreaBoost, err = h.feedBoost(ctx, m.ID); err != nil {
			return err
		}
	}
	pageNo := c.QueryInt("page", 1)
	if pageNo < 1 {
		pageNo = 1
	}
	f.Offset = (pageNo - 1) * proposalsPerPage

	list, total, err := h.Store.ListProposals(ctx, m.ID, f, viewer(c))
	if err != nil {
		return err
	}
	items := make([]proposalListItem, len(list))
	for i, pr := range list {
		items[i] = proposalListItem{P: pr, Category: pr.CategoryName(p.L.Lang)}
		if pr.Headline != "" {
			items[i].Headline = store.HighlightHTML(pr.Headline)
		}
	}
	orders := proposalOrders[:3]
	if f.Query != "" {
		orders = proposalOrders
	}
	data := proposalListData{
		Items: items, Total: total, Areas: areas, Categories: categoryOptions(cats, p.L.Lang),
		Statuses: proposalStatuses, Orders: orders, Order: order, Searching: f.Query != "",
		Page: pageNo, Pages: (total + proposalsPerPage - 1) / proposalsPerPage,
	}
	link := func(order string, n int) string {
		q := url.Values{}
		for _, k := range []string{"q", "area", "category", "status"} {
			if form[k] != "" {
				q.Set(k, form[k])
			}
		}
		q.Set("order", order)
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return "/proposals?" + q.Encode()
	}
	if pageNo > 1 && total > 0 {
		data.PrevPage = link(order, min(pageNo-1, data.Pages))
	}
	if pageNo < data.Pages {
		data.NextPage = link(order, pageNo+1)
	}
	for _, o := range orders {
		data.OrderLinks = append(data.OrderLinks, orderLink{Order: o, URL: link(o, 1), Current: o == order})
	}
	p.Data = data
	p.Form = form
	return h.render(c, fiber.StatusOK, "proposals", p)
}

// ---- The proposal page ----

// timelineEntry is one status change as shown: the explanation is either an
// official's own words or a translated system message.
type timelineEntry struct {
	store.StatusChange
	Explanation template.HTML
}

// proposalView is the proposal page's data. Comments is read by the
// comments_section partial.
type proposalView struct {
	P            *store.Proposal
	Body         template.HTML
	Category     string
	HiddenReason string
	Timeline     []timelineEntry
	Supported    bool
	IsAuthor     bool
	CanAnswer    bool
	NextStatuses []string
	Notice       string
	Comments     *CommentsView
}

// proposalPage loads a proposal the reader may see, with its timeline,
// support and comments.
func (h *Handler) proposalPage(c *fiber.Ctx) (*Page, *proposalView, error) {
	id, err := proposalID(c)
	if err != nil {
		return nil, nil, err
	}
	m, u := municipality(c), currentUser(c)
	ctx := c.UserContext()
	prop, err := h.Store.ProposalByID(ctx, m.ID, id, viewer(c))
	if err != nil {
		return nil, nil, notFoundAs404(err)
	}
	changes, err := h.Store.Timeline(ctx, m.ID, id)
	if err != nil {
		return nil, nil, notFoundAs404(err)
	}
	p := h.page(c, nil)
	v := &proposalView{
		P:        prop,
		Body:     renderText(prop.Body),
		Category: prop.CategoryName(p.L.Lang),
		Timeline: make([]timelineEntry, len(changes)),
	}
	for i, ch := range changes {
		text := ch.Explanation
		if strings.HasPrefix(text, "timeline.") {
			text = p.L.T(text)
		}
		v.Timeline[i] = timelineEntry{StatusChange: ch, Explanation: renderText(text)}
	}
	if prop.HiddenAt.Valid {
		v.HiddenReason = prop.HiddenReason
		if v.HiddenReason == store.HiddenPendingReview || v.HiddenReason == "" {
			v.HiddenReason = p.L.T("proposal.hidden_pending")
		}
	}
	if u != nil {
		v.IsAuthor = prop.AuthorID.Valid && prop.AuthorID.Int64 == u.ID
		supported, err := h.Store.SupportedBy(ctx, m.ID, u.ID, []int64{id})
		if err != nil {
			return nil, nil, err
		}
		v.Supported = supported[id]
		if canAnswer(u) {
			v.CanAnswer = true
			v.NextStatuses = store.NextStatuses(prop.Status)
		}
	}
	if v.Comments, err = h.loadComments(c, prop); err != nil {
		return nil, nil, notFoundAs404(err)
	}
	p.Data = v
	return p, v, nil
}

// Proposal shows one proposal.
func (h *Handler) Proposal(c *fiber.Ctx) error {
	p, _, err := h.proposalPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "proposal", p)
}

// refuseOnProposal re-renders the proposal page with a translated notice
// that says why an act was refused.
func (h *Handler) refuseOnProposal(c *fiber.Ctx, status int, messageID string) error {
	p, v, err := h.proposalPage(c)
	if err != nil {
		return err
	}
	v.Notice = p.L.T(messageID)
	return h.render(c, status, "proposal", p)
}

func proposalPath(id int64) string { return fmt.Sprintf("/proposals/%d", id) }

// ---- Support ----

// Support records the signed-in resident's support.
func (h *Handler) Support(c *fiber.Ctx) error {
	return h.changeSupport(c, true)
}

// Unsupport withdraws the signed-in resident's support.
func (h *Handler) Unsupport(c *fiber.Ctx) error {
	return h.changeSupport(c, false)
}

func (h *Handler) changeSupport(c *fiber.Ctx, support bool) error {
	id, err := proposalID(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	flash := "proposal.flash_unsupported"
	if support {
		flash = "proposal.flash_supported"
		_, err = h.Store.Support(c.UserContext(), m.ID, u.ID, id)
	} else {
		_, err = h.Store.Unsupport(c.UserContext(), m.ID, u.ID, id)
	}
	switch {
	case errors.Is(err, store.ErrOwnProposal):
		return h.refuseOnProposal(c, fiber.StatusConflict, "proposal.support_own")
	case errors.Is(err, store.ErrBlocked):
		return h.refuseOnProposal(c, fiber.StatusForbidden, "proposal.blocked")
	case errors.Is(err, store.ErrSupportClosed):
		return h.refuseOnProposal(c, fiber.StatusConflict, "proposal.support_closed")
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, flash)
	return c.Redirect(proposalPath(id)+"#support", fiber.StatusSeeOther)
}

// ---- Withdraw ----

// WithdrawProposal lets the author withdraw a proposal; it stays visible.
func (h *Handler) WithdrawProposal(c *fiber.Ctx) error {
	id, err := proposalID(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	err = h.Store.WithdrawProposal(c.UserContext(), m.ID, u.ID, id)
	switch {
	case errors.Is(err, store.ErrNotWithdrawable):
		return h.refuseOnProposal(c, fiber.StatusConflict, "proposal.not_withdrawable")
	case err != nil:
		return notFoundAs404(err)
	}
	h.flash(c, "proposal.flash_withdrawn")
	return c.Redirect(proposalPath(id), fiber.StatusSeeOther)
}

// ---- Status changes by officials ----

// ChangeStatus records an official's answer: a new status, an explanation in
// their own words and, for in_progress, how far the work has come.
func (h *Handler) ChangeStatus(c *fiber.Ctx) error {
	p, v, err := h.proposalPage(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	p.Form = formValues(c, "to", "explanation", "progress")
	p.Form["explanation"] = normalizeNewlines(p.Form["explanation"])
	errs := newFieldErrors(p.L)
	to := p.Form["to"]
	if !isOneOf(v.NextStatuses, to) {
		errs.add("to", "proposal.answer_status_invalid")
	}
	switch n := utf8.RuneCountInString(p.Form["explanation"]); {
	case n == 0:
		errs.add("explanation", "proposal.answer_explanation_required")
	case n > store.ExplanationMaxLength:
		errs.add("explanation", "proposal.answer_explanation_long")
	}
	progress := -1
	if to == store.StatusInProgress {
		n, err := strconv.Atoi(p.Form["progress"])
		if err != nil || n < 0 || n > 100 {
			errs.add("progress", "proposal.answer_progress_invalid")
		}
		progress = n
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "proposal", p)
	}
	_, err = h.Store.ChangeStatus(c.UserContext(), m.ID, u.ID, v.P.ID, to, progress, p.Form["explanation"])
	switch {
	case errors.Is(err, store.ErrNotOfficial):
		return fiber.ErrForbidden
	case errors.Is(err, store.ErrBadTransition), errors.Is(err, store.ErrConflict):
		errs.add("to", "proposal.answer_conflict")
	case errors.Is(err, store.ErrExplanationRequired):
		errs.add("explanation", "proposal.answer_explanation_required")
	case errors.Is(err, store.ErrBadProgress):
		errs.add("progress", "proposal.answer_progress_invalid")
	case err != nil:
		return notFoundAs404(err)
	}
	if errs.any() {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusConflict, "proposal", p)
	}
	h.flash(c, "proposal.flash_answered")
	return c.Redirect(proposalPath(v.P.ID)+"#timeline", fiber.StatusSeeOther)
}

// ---- Submit, edit and assisted submission ----

// proposalPreview is the proposal as it will look once published.
type proposalPreview struct {
	Title, Area, Category string
	Body                  template.HTML
}

// proposalFormData is the data of the proposal forms (new, edit, assisted).
type proposalFormData struct {
	Action     string
	Editing    *store.Proposal
	Assisted   bool
	Areas      []store.Area
	Categories []categoryOption
	Channels   []string
	AgeBands   []string
	Preview    *proposalPreview
	Notice     string
	// Meeting is the neighbourhood meeting an assisted proposal was raised at.
	Meeting *meetingHeading
}

// proposalForm reads the areas and categories for a proposal form.
func (h *Handler) proposalForm(c *fiber.Ctx, action string) (*Page, *proposalFormData, []store.Category, error) {
	m := municipality(c)
	areas, err := h.Store.Areas(c.UserContext(), m.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	cats, err := h.Store.Categories(c.UserContext(), m.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	p := h.page(c, nil)
	d := &proposalFormData{Action: action, Areas: areas, Categories: categoryOptions(cats, p.L.Lang)}
	p.Data = d
	return p, d, cats, nil
}

// proposalInput is a validated proposal form.
type proposalInput struct {
	Title, Body        string
	AreaID, CategoryID int64
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// parseProposal validates title, text, area and category.
func (e *fieldErrors) parseProposal(form map[string]string, areas []store.Area, cats []store.Category) proposalInput {
	in := proposalInput{Title: form["title"], Body: normalizeNewlines(form["body"])}
	form["body"] = in.Body
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		e.add("title", "proposal.title_required")
	case n > proposalTitleMax:
		e.add("title", "proposal.title_long")
	}
	switch n := utf8.RuneCountInString(in.Body); {
	case n == 0:
		e.add("body", "proposal.body_required")
	case n > proposalBodyMax:
		e.add("body", "proposal.body_long")
	}
	if v := form["area"]; v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !hasArea(areas, id) {
			e.add("area", "validate.area_invalid")
		}
		in.AreaID = id
	}
	if v := form["category"]; v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !hasCategory(cats, id) {
			e.add("category", "proposal.category_invalid")
		}
		in.CategoryID = id
	}
	return in
}

// preview builds the preview of a valid form.
// submittedProposal reads and checks the proposal form. When the form has
// errors, or the author asked for a preview, it renders the form again and
// reports shown; otherwise the caller publishes the returned input.
func (h *Handler) submittedProposal(c *fiber.Ctx, p *Page, d *proposalFormData, cats []store.Category) (in proposalInput, shown bool, err error) {
	p.Form = formValues(c, proposalFields...)
	errs := newFieldErrors(p.L)
	in = errs.parseProposal(p.Form, d.Areas, cats)
	if errs.any() {
		p.Errors = errs.errors
		return in, true, h.render(c, fiber.StatusUnprocessableEntity, "proposal_form", p)
	}
	if c.FormValue("action") != "publish" {
		d.Preview = preview(in, d)
		return in, true, h.render(c, fiber.StatusOK, "proposal_form", p)
	}
	return in, false, nil
}

func preview(in proposalInput, d *proposalFormData) *proposalPreview {
	pv := &proposalPreview{Title: in.Title, Body: renderText(in.Body)}
	for _, a := range d.Areas {
		if a.ID == in.AreaID {
			pv.Area = a.Name
		}
	}
	for _, c := range d.Categories {
		if c.ID == in.CategoryID {
			pv.Category = c.Name
		}
	}
	return pv
}

// NewProposalForm shows the form to submit a proposal.
func (h *Handler) NewProposalForm(c *fiber.Ctx) error {
	p, _, _, err := h.proposalForm(c, "/proposals/new")
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "proposal_form", p)
}

// CreateProposal previews (action=preview) or publishes (action=publish) a
// resident's proposal.
func (h *Handler) CreateProposal(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, d, cats, err := h.proposalForm(c, "/proposals/new")
	if err != nil {
		return err
	}
	in, shown, err := h.submittedProposal(c, p, d, cats)
	if shown || err != nil {
		return err
	}
	prop, err := h.Store.CreateProposal(c.UserContext(), m.ID, store.NewProposal{
		AuthorID: u.ID, Title: in.Title, Body: in.Body, Language: p.L.Lang,
		AreaID: in.AreaID, CategoryID: in.CategoryID,
	})
	switch {
	case errors.Is(err, store.ErrBlocked):
		d.Notice = p.L.T("proposal.blocked")
		return h.render(c, fiber.StatusForbidden, "proposal_form", p)
	case errors.Is(err, store.ErrNotFound):
		// The area or category went away while the form was open.
		p.Errors = map[string]string{"category": p.L.T("proposal.category_invalid")}
		return h.render(c, fiber.StatusUnprocessableEntity, "proposal_form", p)
	case err != nil:
		return err
	}
	h.flash(c, "proposal.flash_published")
	return c.Redirect(proposalPath(prop.ID), fiber.StatusSeeOther)
}

// editableProposal loads a proposal for its author's edit form.
func (h *Handler) editableProposal(c *fiber.Ctx) (*store.Proposal, error) {
	id, err := proposalID(c)
	if err != nil {
		return nil, err
	}
	m, u := municipality(c), currentUser(c)
	prop, err := h.Store.ProposalByID(c.UserContext(), m.ID, id, viewer(c))
	if err != nil {
		return nil, notFoundAs404(err)
	}
	if !prop.AuthorID.Valid || prop.AuthorID.Int64 != u.ID {
		return nil, fiber.ErrNotFound
	}
	return prop, nil
}

// EditProposalForm shows the author's edit form, or says why editing is over.
func (h *Handler) EditProposalForm(c *fiber.Ctx) error {
	prop, err := h.editableProposal(c)
	if err != nil {
		return err
	}
	p, d, _, err := h.proposalForm(c, proposalPath(prop.ID)+"/edit")
	if err != nil {
		return err
	}
	d.Editing = prop
	p.Form = map[string]string{"title": prop.Title, "body": prop.Body}
	if prop.AreaID.Valid {
		p.Form["area"] = strconv.FormatInt(prop.AreaID.Int64, 10)
	}
	if prop.CategoryID.Valid {
		p.Form["category"] = strconv.FormatInt(prop.CategoryID.Int64, 10)
	}
	status := fiber.StatusOK
	if !prop.Editable() {
		d.Notice = p.L.T("proposal.not_editable")
		status = fiber.StatusConflict
	}
	return h.render(c, status, "proposal_form", p)
}

// UpdateProposal previews or saves the author's changes.
func (h *Handler) UpdateProposal(c *fiber.Ctx) error {
	prop, err := h.editableProposal(c)
	if err != nil {
		return err
	}
	m, u := municipality(c), currentUser(c)
	p, d, cats, err := h.proposalForm(c, proposalPath(prop.ID)+"/edit")
	if err != nil {
		return err
	}
	d.Editing = prop
	in, shown, err := h.submittedProposal(c, p, d, cats)
	if shown || err != nil {
		return err
	}
	err = h.Store.UpdateProposal(c.UserContext(), m.ID, u.ID, prop.ID, in.Title, in.Body, in.AreaID, in.CategoryID)
	switch {
	case errors.Is(err, store.ErrNotEditable):
		d.Notice = p.L.T("proposal.not_editable")
		return h.render(c, fiber.StatusConflict, "proposal_form", p)
	case errors.Is(err, store.ErrBlocked):
		d.Notice = p.L.T("proposal.blocked")
		return h.render(c, fiber.StatusForbidden, "proposal_form", p)
	case errors.Is(err, store.ErrNotProposalAuthor):
		return fiber.ErrNotFound
	case errors.Is(err, store.ErrNotFound):
		p.Errors = map[string]string{"category": p.L.T("proposal.category_invalid")}
		return h.render(c, fiber.StatusUnprocessableEntity, "proposal_form", p)
	case err != nil:
		return err
	}
	h.flash(c, "proposal.flash_updated")
	return c.Redirect(proposalPath(prop.ID), fiber.StatusSeeOther)
}

// assistedForm prepares the form for an official's assisted submission.
func (h *Handler) assistedForm(c *fiber.Ctx) (*Page, *proposalFormData, []store.Category, error) {
	p, d, cats, err := h.proposalForm(c, "/proposals/assisted")
	if err != nil {
		return nil, nil, nil, err
	}
	d.Assisted = true
	d.Channels = assistedChannels
	d.AgeBands = municipality(c).Settings.AgeBandsOrDefault()
	return p, d, cats, nil
}

// AssistedProposalForm shows officials the form to record a proposal on
// behalf of a resident without an account.
func (h *Handler) AssistedProposalForm(c *fiber.Ctx) error {
	p, d, _, err := h.assistedForm(c)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if raw := c.Query("meeting"); raw != "" {
		found, err := h.assistedMeeting(c, p, d, raw)
		if err != nil {
			return err
		}
		if !found {
			status = fiber.StatusNotFound
		}
		p.Form["channel"] = store.ChannelMeeting
	}
	return h.render(c, status, "proposal_form", p)
}

// CreateAssistedProposal previews or records an assisted submission. No
// user account is created; what the resident told is kept as their segment.
func (h *Handler) CreateAssistedProposal(c *fiber.Ctx) error {
	m, u := municipality(c), currentUser(c)
	p, d, cats, err := h.assistedForm(c)
	if err != nil {
		return err
	}
	p.Form = formValues(c, append([]string{"channel", "age_band", "gender", "meeting"}, proposalFields...)...)
	meetingFound, err := h.assistedMeeting(c, p, d, p.Form["meeting"])
	if err != nil {
		return err
	}
	errs := newFieldErrors(p.L)
	if !isOneOf(assistedChannels, p.Form["channel"]) {
		errs.add("channel", "proposal.channel_required")
	}
	in := errs.parseProposal(p.Form, d.Areas, cats)
	seg := store.Segment{}
	if in.AreaID != 0 {
		seg.AreaID = sql.NullInt64{Int64: in.AreaID, Valid: true}
	}
	seg.AgeBand = errs.parseAgeBand(p.Form["age_band"], d.AgeBands)
	seg.Gender = errs.parseGender(p.Form["gender"])
	if errs.any() || !meetingFound {
		p.Errors = errs.errors
		return h.render(c, fiber.StatusUnprocessableEntity, "proposal_form", p)
	}
	if c.FormValue("action") != "publish" {
		d.Preview = preview(in, d)
		return h.render(c, fiber.StatusOK, "proposal_form", p)
	}
	prop, err := h.Store.CreateProposal(c.UserContext(), m.ID, store.NewProposal{
		RecordedBy: u.ID, Channel: p.Form["channel"], Title: in.Title, Body: in.Body, Language: p.L.Lang,
		AreaID: in.AreaID, CategoryID: in.CategoryID, Segment: seg, MeetingID: d.meetingID(),
	})
	if errors.Is(err, store.ErrNotFound) {
		p.Errors = map[string]string{"category": p.L.T("proposal.category_invalid")}
		return h.render(c, fiber.StatusUnprocessableEntity, "proposal_form", p)
	}
	if err != nil {
		return err
	}
	h.flash(c, "proposal.flash_recorded")
	if d.Meeting != nil {
		return c.Redirect(meetingAdminPath(d.Meeting.ID), fiber.StatusSeeOther)
	}
	return c.Redirect(proposalPath(prop.ID), fiber.StatusSeeOther)
}
