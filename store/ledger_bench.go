package store

import (
	"context"
	"fmt"
)

// GenerateLedgerForBenchmark fills the ledger with acts synthetic residents
// spread over the municipality's areas, the default age bands, two genders and
// every channel within the last two years, then analyses the table. It exists
// for benchmarks and load tests; nothing in the application calls it.
func (s *Store) GenerateLedgerForBenchmark(ctx context.Context, municipalityID int64, acts, residents int) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO participation_ledger
			(municipality_id, anonymous_ref, occurred_at, act, scope_type, channel, area_id, age_band, gender)
		SELECT $1,
			md5((g % $3)::text)::uuid,
			now() - (g % 700) * interval '1 day',
			'support', 'municipality',
			(ARRAY['web', 'meeting', 'paper', 'phone', 'assisted'])[1 + g % 5],
			areas.ids[1 + (g % $3) % cardinality(areas.ids)],
			(ARRAY['16-19', '20-29', '30-44', '45-66', '67-79', '80+'])[1 + (g % $3) / cardinality(areas.ids) % 6],
			(ARRAY['female', 'male'])[1 + (g % $3) / (6 * cardinality(areas.ids)) % 2]
		FROM generate_series(1, $2) AS g,
			(SELECT array_agg(id ORDER BY id) AS ids FROM areas WHERE municipality_id = $1) AS areas`,
		municipalityID, acts, residents)
	if err != nil {
		return fmt.Errorf("generate ledger: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `ANALYZE participation_ledger`); err != nil {
		return fmt.Errorf("analyse ledger: %w", err)
	}
	return nil
}
