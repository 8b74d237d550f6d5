package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PopulationSegment is the number of residents in one segment of the newest
// population data set, with the area's code and name.
type PopulationSegment struct {
	AreaID   int64  `db:"area_id"`
	AreaCode string `db:"area_code"`
	AreaName string `db:"area_name"`
	AgeBand  string `db:"age_band"`
	Gender   string `db:"gender"` // "female", "male" or "all"
	Count    int    `db:"count"`
}

// Population is the newest population data set of a municipality.
type Population struct {
	AsOf     time.Time
	Source   string
	Segments []PopulationSegment
}

// NewestPopulation returns the newest population data set, or nil when none
// has been imported.
func (s *Store) NewestPopulation(ctx context.Context, municipalityID int64) (*Population, error) {
	var rows []struct {
		PopulationSegment
		AsOf   time.Time `db:"as_of"`
		Source string    `db:"source"`
	}
	err := s.db.SelectContext(ctx, &rows, `SELECT ps.as_of, ps.source, ps.area_id, a.code AS area_code,
			a.name AS area_name, ps.age_band, ps.gender, ps.count
		FROM population_stats ps
		JOIN areas a ON a.municipality_id = ps.municipality_id AND a.id = ps.area_id
		WHERE ps.municipality_id = $1
		  AND ps.as_of = (SELECT max(as_of) FROM population_stats WHERE municipality_id = $1)
		ORDER BY a.code, ps.age_band, ps.gender`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("newest population: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	p := &Population{AsOf: rows[0].AsOf, Source: rows[0].Source, Segments: make([]PopulationSegment, len(rows))}
	for i, r := range rows {
		p.Segments[i] = r.PopulationSegment
	}
	return p, nil
}

// FirstParticipation returns the time of the municipality's earliest act in
// the ledger; ok is false when the ledger is empty.
func (s *Store) FirstParticipation(ctx context.Context, municipalityID int64) (first time.Time, ok bool, err error) {
	var t sql.NullTime
	if err := s.db.GetContext(ctx, &t, `SELECT min(occurred_at) FROM participation_ledger
		WHERE municipality_id = $1`, municipalityID); err != nil {
		return time.Time{}, false, fmt.Errorf("first participation: %w", err)
	}
	return t.Time, t.Valid, nil
}

// MonthCount is the number of distinct participants in one calendar month,
// in total and through each channel.
type MonthCount struct {
	Month        time.Time `db:"month"` // the first day of the month, in the municipality's time zone
	Participants int       `db:"participants"`
	Web          int       `db:"web"`
	Meeting      int       `db:"meeting"`
	Paper        int       `db:"paper"`
	Phone        int       `db:"phone"`
	Assisted     int       `db:"assisted"`
}

// ParticipantsByMonth counts distinct participants per calendar month of the
// municipality's time zone for a scope; a person active in two months counts
// in both. Months without participants are left out.
func (s *Store) ParticipantsByMonth(ctx context.Context, m *Municipality, scope ParticipationScope) ([]MonthCount, error) {
	from, to := scope.Period()
	var months []MonthCount
	err := s.db.SelectContext(ctx, &months, `
		WITH acts AS (
			SELECT COALESCE(user_id::text, anonymous_ref::text, 'act:' || id) AS person, channel,
				date_trunc('month', occurred_at AT TIME ZONE $7) AS month
			FROM participation_ledger
			WHERE municipality_id = $1 AND occurred_at >= $2 AND occurred_at < $3
				AND ($4 = '' OR (scope_type = $4 AND scope_id = $5))
				AND ($6 = 0 OR area_id = $6)
		)
		SELECT month AT TIME ZONE $7 AS month,
			count(DISTINCT person) AS participants,
			count(DISTINCT person) FILTER (WHERE channel = 'web') AS web,
			count(DISTINCT person) FILTER (WHERE channel = 'meeting') AS meeting,
			count(DISTINCT person) FILTER (WHERE channel = 'paper') AS paper,
			count(DISTINCT person) FILTER (WHERE channel = 'phone') AS phone,
			count(DISTINCT person) FILTER (WHERE channel = 'assisted') AS assisted
		FROM acts GROUP BY month ORDER BY month`,
		m.ID, from, to, scope.ScopeType, scope.ScopeID, scope.AreaID, m.Location().String())
	if err != nil {
		return nil, fmt.Errorf("count participants by month: %w", err)
	}
	loc := m.Location()
	for i := range months {
		months[i].Month = months[i].Month.In(loc)
	}
	return months, nil
}

// Period returns the scope's period with its defaults filled in: To is now
// when zero, and From is DefaultWindow before To when zero.
func (sc ParticipationScope) Period() (from, to time.Time) {
	to = sc.To
	if to.IsZero() {
		to = time.Now()
	}
	from = sc.From
	if from.IsZero() {
		from = to.Add(-DefaultWindow)
	}
	return from, to
}

// AreaMeetings counts the meetings held in one area in a period. A NULL area
// is a meeting for the whole municipality.
type AreaMeetings struct {
	AreaID   sql.NullInt64 `db:"area_id"`
	Meetings int           `db:"meetings"`
	Last     time.Time     `db:"last"`
}

// MeetingsHeldByArea counts the scheduled (not cancelled) meetings that ended
// in [from, to), per area.
func (s *Store) MeetingsHeldByArea(ctx context.Context, municipalityID int64, from, to time.Time) ([]AreaMeetings, error) {
	var counts []AreaMeetings
	err := s.db.SelectContext(ctx, &counts, `SELECT area_id, count(*) AS meetings, max(starts_at) AS last
		FROM meetings
		WHERE municipality_id = $1 AND status = 'scheduled' AND ends_at >= $2 AND ends_at < $3
		GROUP BY area_id ORDER BY area_id NULLS LAST`, municipalityID, from, to)
	if err != nil {
		return nil, fmt.Errorf("count meetings held by area: %w", err)
	}
	return counts, nil
}

// ErrNoPopulation means the municipality has imported no population figures,
// so participation cannot be compared with anything.
var ErrNoPopulation = errors.New("no population figures")
