-- +goose Up

-- Invitation lotteries. The register extract itself is never stored: only
-- what an auditor needs to check a draw — the parameters, the seed, the
-- file's SHA-256 and how many letters each segment received. With the same
-- file, parameters and seed anyone can draw the same letters again.
CREATE TABLE lottery_draws (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint,
    -- What the draw is for, in the official's words ("Invitations to the
    -- budget meeting in Bråtane"); shown on the public audit page.
    purpose          text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 200),
    file_name        text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    file_sha256      text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    register_rows    integer NOT NULL CHECK (register_rows > 0),
    -- The register column that groups one household ('' without one).
    household_column text NOT NULL DEFAULT '' CHECK (length(household_column) <= 100),
    households       integer NOT NULL CHECK (households > 0),
    letters_asked    integer NOT NULL CHECK (letters_asked > 0),
    letters_drawn    integer NOT NULL CHECK (letters_drawn >= 0),
    -- An unsigned 64-bit number, so it does not fit bigint.
    seed             numeric(20, 0) NOT NULL CHECK (seed >= 0 AND seed <= 18446744073709551615),
    -- The prior m of the smoothed rates, and the participation period whose
    -- rates set the letters per segment.
    prior            integer NOT NULL CHECK (prior >= 0),
    rates_from       timestamptz NOT NULL,
    rates_to         timestamptz NOT NULL,
    CHECK (rates_from < rates_to),
    UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX lottery_draws_municipality_created_idx ON lottery_draws (municipality_id, created_at DESC);

-- Letters per segment of one draw. area is the area code as written in the
-- register (the register may name areas the municipality has not set up).
CREATE TABLE lottery_draw_segments (
    municipality_id bigint NOT NULL,
    draw_id         bigint NOT NULL,
    area            text NOT NULL CHECK (length(area) BETWEEN 1 AND 100),
    age_band        text NOT NULL CHECK (age_band ~ '^[0-9]{1,3}(-[0-9]{1,3}|\+)$'),
    gender          text NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male')),
    register_rows   integer NOT NULL CHECK (register_rows >= 0),
    allocated       integer NOT NULL CHECK (allocated >= 0 AND allocated <= register_rows),
    letters         integer NOT NULL CHECK (letters >= 0 AND letters <= allocated),
    PRIMARY KEY (municipality_id, draw_id, area, age_band, gender),
    FOREIGN KEY (municipality_id, draw_id) REFERENCES lottery_draws (municipality_id, id) ON DELETE CASCADE
);

-- The participation report and the outreach plan count distinct
-- participants per segment (store.ParticipantsBySegment): each person once,
-- in the segment of their latest act in scope. The query reads the acts of
-- people with an account and of anonymous references from these two
-- indexes, already per person and newest first, so PostgreSQL needs no sort
-- over the acts; the INCLUDE columns let it answer from the index alone
-- once the table is vacuumed. The first also serves a resident's own list of
-- acts (store.ParticipationOf) in its order, and replaces the plain index on
-- (municipality_id, user_id).
CREATE INDEX participation_ledger_user_report_idx
    ON participation_ledger (municipality_id, user_id, occurred_at DESC, id DESC)
    INCLUDE (channel, area_id, age_band, gender, scope_type, scope_id)
    WHERE user_id IS NOT NULL;
CREATE INDEX participation_ledger_anonymous_report_idx
    ON participation_ledger (municipality_id, anonymous_ref, occurred_at DESC, id DESC)
    INCLUDE (channel, area_id, age_band, gender, scope_type, scope_id)
    WHERE anonymous_ref IS NOT NULL;
DROP INDEX participation_ledger_user_idx;
-- Acts without identity (each one its own participant) for the same count.
CREATE INDEX participation_ledger_single_report_idx
    ON participation_ledger (municipality_id, occurred_at)
    INCLUDE (channel, area_id, age_band, gender, scope_type, scope_id)
    WHERE user_id IS NULL AND anonymous_ref IS NULL;
-- Acts of a period: the monthly trend (store.ParticipantsByMonth) and the
-- first act. Covering as well; it replaces the plain index on the same key.
CREATE INDEX participation_ledger_report_idx ON participation_ledger (municipality_id, occurred_at)
    INCLUDE (id, user_id, anonymous_ref, channel, area_id, age_band, gender, scope_type, scope_id);
DROP INDEX participation_ledger_time_idx;

-- +goose Down
CREATE INDEX participation_ledger_time_idx ON participation_ledger (municipality_id, occurred_at);
DROP INDEX participation_ledger_report_idx;
CREATE INDEX participation_ledger_user_idx ON participation_ledger (municipality_id, user_id) WHERE user_id IS NOT NULL;
DROP INDEX participation_ledger_single_report_idx;
DROP INDEX participation_ledger_anonymous_report_idx;
DROP INDEX participation_ledger_user_report_idx;
DROP TABLE lottery_draw_segments;
DROP TABLE lottery_draws;
