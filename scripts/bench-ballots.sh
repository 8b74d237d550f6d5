#!/usr/bin/env bash
# Ballot casting over HTTP against the same SQL in pgbench, in one run.
#
# Usage: scripts/bench-ballots.sh   (or: make bench-ballots)
#
#   1. Prepares a database with the data of BenchmarkCastBallotHTTP (the demo
#      municipality, a consultation in its voting phase with one single-choice
#      question, 200 residents who have each voted once), made by the same Go
#      code (TestPrepareBallotBench with MEDVIRK_BALLOT_BENCH_URL set).
#   2. Measures, in turn and BENCH_ROUNDS times (default 3), BENCH_SECONDS
#      each (default 5), at the same concurrency (8 clients, each with its own
#      25 residents):
#      - pgbench running the statements of store.CastBallot's transaction when
#        a resident changes their ballot, on that database;
#      - BenchmarkCastBallotHTTP: the same ballots through the whole
#        application on a real TCP port, with sessions and CSRF tokens;
#      - BenchmarkCastBallotStore: store.CastBallot called directly, the
#        middle step between the two.
#      Taking turns keeps the three comparable when other work on the machine
#      comes and goes.
#   3. Prints the median rates and the median of each round's ratio.
#
# PostgreSQL is found as everywhere else (scripts/pg.sh).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
GO=${GO:-go}
PGBENCH=${PGBENCH:-pgbench}
SECONDS_EACH=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
DB=medvirk_bench_ballots

log() { printf 'bench-ballots: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

command -v "$PGBENCH" >/dev/null || die "pgbench not found (Debian: apt-get install postgresql-client)"
command -v psql >/dev/null || die "psql not found"

url=$(scripts/pg.sh fresh "$DB")
admin=${MEDVIRK_TEST_DATABASE_URL:-$(scripts/pg.sh admin-url)}
tmp=$(mktemp -d)
cleanup() {
	rm -rf "$tmp"
	scripts/pg.sh drop "$DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
log "building the Go benchmarks"
"$GO" test -c -o "$tmp/app.test" ./app >&2

log "preparing $DB"
if ! (cd app && MEDVIRK_BALLOT_BENCH_URL="$url" MEDVIRK_BALLOT_BENCH_OUT="$tmp/ids" \
	"$tmp/app.test" -test.run '^TestPrepareBallotBench$') >"$tmp/prepare.log" 2>&1; then
	cat "$tmp/prepare.log" >&2
	die "could not prepare the data"
fi
# shellcheck disable=SC1091
. "$tmp/ids"
# hmac() and gen_random_bytes() for the voter and receipt hashes.
psql -qX -v ON_ERROR_STOP=1 "$url" -c 'CREATE EXTENSION IF NOT EXISTS pgcrypto' >/dev/null

# store.CastBallot for a resident who changes their single-choice answer:
# the same statements in the same order, one transaction. The voter hash is
# the same HMAC-SHA256 (so the upsert finds the resident's ballot), the
# receipt hash the SHA-256 of 10 random bytes, the age band the one
# store.AgeBandFor gives with the default bands. The ledger row is written
# only for a first ballot, as in Go; every resident has voted already.
cat >"$tmp/cast.sql" <<'SQL'
\set n :client_id + :clients * random(0, :residents / :clients - 1)
\set uid :first_user + :n
\set opt :first_option + random(0, :options - 1)
BEGIN;
SELECT c.id, c.municipality_id, c.title, c.summary, c.body, c.status,
	c.information_from, c.input_from, c.voting_from, c.voting_until, c.results_from,
	c.live_results, c.restrict_to_areas, c.min_age, c.created_at, c.updated_at,
	c.published_at, c.closed_at,
	ARRAY(SELECT ca.area_id FROM consultation_areas ca
		WHERE ca.municipality_id = c.municipality_id AND ca.consultation_id = c.id ORDER BY ca.area_id) AS area_ids,
	EXISTS (SELECT 1 FROM ballots b WHERE b.municipality_id = c.municipality_id AND b.consultation_id = c.id)
		OR EXISTS (SELECT 1 FROM ballot_tallies t WHERE t.municipality_id = c.municipality_id AND t.consultation_id = c.id) AS has_votes,
	(SELECT count(*) FROM ballots b WHERE b.municipality_id = c.municipality_id AND b.consultation_id = c.id)
		+ COALESCE((SELECT sum(t.ballots) FROM ballot_tallies t WHERE t.municipality_id = c.municipality_id AND t.consultation_id = c.id), 0) AS ballots,
	(now() AT TIME ZONE m.time_zone)::date AS today
	FROM consultations c JOIN municipalities m ON m.id = c.municipality_id
	WHERE c.municipality_id = :mid AND c.id = :cid FOR SHARE OF c
\gset c_
SELECT area_id, birth_year, gender, consent_at FROM resident_profiles
	WHERE municipality_id = :mid AND user_id = :uid;
SELECT id, consultation_id, position, kind, prompt, help, min_choices, max_choices, budget
	FROM consultation_questions WHERE municipality_id = :mid AND consultation_id = :cid ORDER BY position, id;
SELECT o.id, o.question_id, o.position, o.label, o.cost
	FROM question_options o JOIN consultation_questions q ON q.municipality_id = o.municipality_id AND q.id = o.question_id
	WHERE o.municipality_id = :mid AND q.consultation_id = :cid ORDER BY o.position, o.id;
SELECT p.area_id, p.birth_year, p.gender, m.settings
	FROM resident_profiles p JOIN municipalities m ON m.id = p.municipality_id
	WHERE p.municipality_id = :mid AND p.user_id = :uid
\gset p_
\set age :year - :p_birth_year
INSERT INTO ballots
		(municipality_id, consultation_id, voter_hash, receipt_hash, channel, cast_on, area_id, age_band, gender)
	VALUES (:mid, :cid,
		hmac(convert_to('medvirk ballot v1', 'UTF8') || '\x00'::bytea
			|| int8send(:mid::bigint) || int8send(:cid::bigint) || int8send(:uid::bigint), convert_to(:key, 'UTF8'), 'sha256'),
		sha256(gen_random_bytes(10)), 'web', :c_today, :p_area_id,
		CASE WHEN :age >= 80 THEN '80+' WHEN :age >= 67 THEN '67-79' WHEN :age >= 45 THEN '45-66'
			WHEN :age >= 30 THEN '30-44' WHEN :age >= 20 THEN '20-29' WHEN :age >= 16 THEN '16-19' END,
		:p_gender)
	ON CONFLICT (consultation_id, voter_hash) DO UPDATE SET receipt_hash = EXCLUDED.receipt_hash,
		cast_on = EXCLUDED.cast_on, area_id = EXCLUDED.area_id, age_band = EXCLUDED.age_band, gender = EXCLUDED.gender
	RETURNING id, (xmax = 0) AS inserted
\gset b_
SELECT question_id, body FROM ballot_texts WHERE municipality_id = :mid AND ballot_id = :b_id;
DELETE FROM ballot_choices WHERE municipality_id = :mid AND ballot_id = :b_id AND question_id = ANY(ARRAY[:qid]::bigint[]);
DELETE FROM ballot_stances WHERE municipality_id = :mid AND ballot_id = :b_id AND question_id = ANY(ARRAY[:qid]::bigint[]);
INSERT INTO ballot_choices (municipality_id, consultation_id, ballot_id, question_id, option_id)
	SELECT :mid, :cid, :b_id, unnest(ARRAY[:qid]::bigint[]), unnest(ARRAY[:opt]::bigint[]);
\if :b_inserted
INSERT INTO participation_ledger
	(municipality_id, user_id, anonymous_ref, occurred_at, act, scope_type, scope_id, channel,
	 area_id, age_band, gender, recorded_by)
	VALUES (:mid, :uid, NULL, now(), 'ballot', 'consultation', :cid, 'web', :p_area_id,
		CASE WHEN :age >= 80 THEN '80+' WHEN :age >= 67 THEN '67-79' WHEN :age >= 45 THEN '45-66'
			WHEN :age >= 30 THEN '30-44' WHEN :age >= 20 THEN '20-29' WHEN :age >= 16 THEN '16-19' END,
		:p_gender, NULL);
\endif
COMMIT;
SQL

# -M extended: like lib/pq, every statement is parsed, bound and executed
# with parameters, unprepared.
run_pgbench() {
	"$PGBENCH" -n -M extended -c "$CLIENTS" -j 2 -T "$SECONDS_EACH" -f "$tmp/cast.sql" \
		-D mid="$MUNICIPALITY" -D cid="$CONSULTATION" -D qid="$QUESTION" \
		-D first_option="$FIRST_OPTION" -D options="$OPTIONS" -D first_user="$FIRST_USER" \
		-D residents="$RESIDENTS" -D clients="$CLIENTS" -D key="$BALLOT_KEY" -D year="$(date +%Y)" \
		"$url" >"$tmp/pgbench.log" 2>&1 || {
		cat "$tmp/pgbench.log" >&2
		die "pgbench failed"
	}
	awk '/^tps = / { print $3 }' "$tmp/pgbench.log"
}

# run_go NAME: ballots/s of BenchmarkCastBallotNAME (it prepares its own
# database with the same data, then signs the residents in).
run_go() {
	(cd app && MEDVIRK_TEST_DATABASE_URL="$admin" "$tmp/app.test" -test.run '^$' \
		-test.bench "^BenchmarkCastBallot$1\$" -test.benchtime "${SECONDS_EACH}s") >"$tmp/go.log" 2>&1 || {
		cat "$tmp/go.log" >&2
		die "BenchmarkCastBallot$1 failed"
	}
	grep -E '^Benchmark' "$tmp/go.log" | sed 's/^/    /' >&2
	awk '/^BenchmarkCastBallot/ { for (i = 2; i < NF; i++) if ($(i + 1) == "ballots/s") print $i }' "$tmp/go.log"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

: >"$tmp/rates"
for round in $(seq "$ROUNDS"); do
	log "round $round of $ROUNDS: pgbench, HTTP and store.CastBallot, ${SECONDS_EACH}s each"
	sql=$(run_pgbench)
	[ -n "$sql" ] || die "no tps in pgbench's output"
	printf '    pgbench: %s tps\n' "$sql" >&2
	http=$(run_go HTTP)
	store=$(run_go Store)
	[ -n "$http" ] && [ -n "$store" ] || die "no ballots/s in the benchmarks' output"
	echo "$sql $http $store" >>"$tmp/rates"
done

# Every transaction must have changed an existing ballot: a new ballot or
# ledger row would mean the SQL above does not do what the Go code does.
check=$(psql -qXAt -v ON_ERROR_STOP=1 "$url" -c "SELECT (SELECT count(*) FROM ballots WHERE consultation_id = $CONSULTATION)
	|| ' ' || (SELECT count(*) FROM participation_ledger WHERE act = 'ballot' AND scope_id = $CONSULTATION)")
[ "$check" = "$RESIDENTS $RESIDENTS" ] || die "after pgbench: ballots and ledger rows are '$check', want '$RESIDENTS $RESIDENTS'"

sql=$(awk '{ print $1 }' "$tmp/rates" | median)
http=$(awk '{ print $2 }' "$tmp/rates" | median)
store=$(awk '{ print $3 }' "$tmp/rates" | median)
ratio=$(awk '{ print $1 / $2 }' "$tmp/rates" | median)
store_ratio=$(awk '{ print $1 / $3 }' "$tmp/rates" | median)
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
awk -v http="$http" -v store="$store" -v sql="$sql" -v ratio="$ratio" -v store_ratio="$store_ratio" \
	-v clients="$CLIENTS" -v rounds="$ROUNDS" -v cores="$(getconf _NPROCESSORS_ONLN)" \
	-v before="$load_before" -v after="$load_after" 'BEGIN {
	printf "\nBallots cast per second, %d concurrent clients (median of %d rounds):\n", clients, rounds
	printf "  pgbench, the same SQL:           %6.0f\n", sql
	printf "  store.CastBallot from Go:        %6.0f   pgbench is %.2fx\n", store, store_ratio
	printf "  HTTP with session and CSRF:      %6.0f   pgbench is %.2fx\n", http, ratio
	printf "(%d cores; load average %s before, %s after)\n", cores, before, after
}'
