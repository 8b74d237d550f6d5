package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

// The balanced feed is the default order of /proposals: the ordinary "hot"
// score of store.OrderBalanced times the area boost of the outreach engine,
// so that proposals from areas the municipality hears less from move up a
// little (at most √3 ≈ 1.7 times; see /how-we-count#feed).

// feedWindow is the participation the boost looks at: the last 24 months.
const feedWindow = 24

// feedBoostTTL is how long a municipality's boosts are kept. They move
// slowly (two years of participation), and computing them scans the ledger
// of the whole window, so the list reads them from the cache.
const feedBoostTTL = 10 * time.Minute

// feedBoostKey is the key of a municipality's boosts in the key-value store,
// which lives in PostgreSQL: every app instance shares it, and it survives
// restarts.
func feedBoostKey(municipalityID int64) string {
	return "feed-boost:" + strconv.FormatInt(municipalityID, 10)
}

// feedBoost returns the balanced feed's boost per area id, from the cache
// when it is fresh, or else computed and cached. An area missing from the map
// (and proposals for the whole municipality) get 1.
func (h *Handler) feedBoost(ctx context.Context, municipalityID int64) (map[int64]float64, error) {
	kv := h.Store.KV()
	key := feedBoostKey(municipalityID)
	raw, err := kv.Get(key)
	if err != nil {
		return nil, fmt.Errorf("read feed boost: %w", err)
	}
	if raw != nil {
		var cached map[int64]float64
		if err := json.Unmarshal(raw, &cached); err == nil {
			return cached, nil
		}
		// A value this version cannot read is computed again below.
	}
	boost, err := h.computeFeedBoost(ctx, municipalityID, time.Now())
	if err != nil {
		return nil, err
	}
	encoded, err := json.Marshal(boost)
	if err != nil {
		return nil, fmt.Errorf("encode feed boost: %w", err)
	}
	if err := kv.Set(key, encoded, feedBoostTTL); err != nil {
		return nil, fmt.Errorf("cache feed boost: %w", err)
	}
	return boost, nil
}

// computeFeedBoost runs outreach.AreaBoost on the population and the
// participants of the last 24 months. Without population figures, or when
// nobody has taken part, there is nothing to balance: every area gets 1 and
// the order is the plain "hot" order.
func (h *Handler) computeFeedBoost(ctx context.Context, municipalityID int64, now time.Time) (map[int64]float64, error) {
	scope := store.ParticipationScope{From: now.AddDate(0, -feedWindow, 0), To: now}
	in, err := h.loadEngineInput(ctx, municipalityID, scope)
	if errors.Is(err, store.ErrNoPopulation) {
		return map[int64]float64{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed boost: %w", err)
	}
	byCode, err := outreach.AreaBoost(in.Cells, outreach.DefaultPrior)
	switch {
	case errors.Is(err, outreach.ErrEmpty), errors.Is(err, outreach.ErrNoPopulation):
		return map[int64]float64{}, nil
	case err != nil:
		return nil, fmt.Errorf("feed boost: %w", err)
	}
	boost := make(map[int64]float64, len(byCode))
	for code, b := range byCode {
		if a, ok := in.Areas[code]; ok {
			boost[a.ID] = b
		}
	}
	return boost, nil
}
