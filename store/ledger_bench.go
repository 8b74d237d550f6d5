package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// GenerateLedgerForBenchmark fills the ledger with acts of synthetic
// residents spread over the municipality's areas, the default age bands, two
// genders and every channel within the last 700 days, then vacuums and
// analyses the table (as autovacuum would in production), so that plans and
// timings are those of a settled table. It exists for benchmarks, plan tests
// and load tests; nothing in the application calls it.
//
// Resident r (0 ≤ r < residents) makes the acts g with g % residents = r.
// The residents take part the three ways the ledger knows: one in two has an
// account (a synthetic user is created for each), one in ten is a participant
// without identity (each of their acts counts as its own participant, like an
// unsigned paper form) and the rest are anonymous references (phone or
// meeting participants an official recognises). Residents 2k and 2k+1 share
// a segment, so that every segment has all three kinds.
func (s *Store) GenerateLedgerForBenchmark(ctx context.Context, municipalityID int64, acts, residents int) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO users (municipality_id, email, display_name, role)
		SELECT $1, 'bench-' || r || '@bench.example', 'Bench ' || r, 'resident'
		FROM generate_series(0, $2 - 1, 2) AS r
		ON CONFLICT (municipality_id, email) DO NOTHING`, municipalityID, residents)
	if err != nil {
		return fmt.Errorf("generate ledger users: %w", err)
	}
	_, err = s.db.ExecContext(ctx, `
		WITH bench_users AS (
			SELECT split_part(substr(email, 7), '@', 1)::int AS r, id
			FROM users WHERE municipality_id = $1 AND email LIKE 'bench-%@bench.example'
		), resident AS (
			SELECT g, g % $3 AS r FROM generate_series(1, $2) AS g
		)
		INSERT INTO participation_ledger
			(municipality_id, user_id, anonymous_ref, occurred_at, act, scope_type, channel, area_id, age_band, gender)
		SELECT $1,
			u.id,
			CASE WHEN u.id IS NULL AND r % 10 <> 1 THEN md5(r::text)::uuid END,
			now() - (g % 700) * interval '1 day' - (g % 86400) * interval '1 second',
			'support', 'municipality',
			(ARRAY['web', 'meeting', 'paper', 'phone', 'assisted'])[1 + g % 5],
			areas.ids[1 + r / 2 % cardinality(areas.ids)],
			(ARRAY['16-19', '20-29', '30-44', '45-66', '67-79', '80+'])[1 + r / 2 / cardinality(areas.ids) % 6],
			(ARRAY['female', 'male'])[1 + r / 2 / (6 * cardinality(areas.ids)) % 2]
		FROM resident
		LEFT JOIN bench_users u USING (r),
			(SELECT array_agg(id ORDER BY id) AS ids FROM areas WHERE municipality_id = $1) AS areas`,
		municipalityID, acts, residents)
	if err != nil {
		return fmt.Errorf("generate ledger: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM ANALYZE users, participation_ledger`); err != nil {
		return fmt.Errorf("vacuum ledger: %w", err)
	}
	return nil
}

// ExplainParticipantsBySegment returns PostgreSQL's plan (EXPLAIN, text
// format, not executed) of the query behind ParticipantsBySegment, with the
// same settings. Tests use it to prove the plan reads the report indexes
// instead of sorting every act; operators may use it the same way.
func (s *Store) ExplainParticipantsBySegment(ctx context.Context, municipalityID int64, scope ParticipationScope) (string, error) {
	from, to := scope.Period()
	var lines []string
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return fmt.Errorf("turn off jit: %w", err)
		}
		return tx.SelectContext(ctx, &lines, `EXPLAIN `+participantsBySegment,
			municipalityID, from, to, scope.ScopeType, scope.ScopeID, scope.AreaID)
	})
	if err != nil {
		return "", fmt.Errorf("explain participants by segment: %w", err)
	}
	return strings.Join(lines, "\n"), nil
}
