-- +goose Up

-- A consultation asks residents questions. Title, summary and body are per
-- language: {"nb": "...", "da": "..."}; the municipality's default language
-- is required (checked by the store, which knows the municipality).
-- Phases are calendar days in the municipality's time zone: information from
-- information_from, input from input_from (optional), voting from voting_from
-- through voting_until (inclusive), results from results_from (optional,
-- an announcement only).
CREATE TABLE consultations (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id   bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    title             jsonb NOT NULL CHECK (jsonb_typeof(title) = 'object' AND title <> '{}'::jsonb),
    summary           jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(summary) = 'object'),
    body              jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(body) = 'object'),
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed', 'results_published')),
    information_from  date NOT NULL,
    input_from        date,
    voting_from       date NOT NULL,
    voting_until      date NOT NULL,
    results_from      date,
    -- Results shown while voting is still open.
    live_results      boolean NOT NULL DEFAULT false,
    -- Only residents whose profile area is a target area may vote.
    restrict_to_areas boolean NOT NULL DEFAULT false,
    -- Residents who turn min_age this year or earlier may vote.
    min_age           integer CHECK (min_age BETWEEN 0 AND 120),
    created_by        bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    published_at      timestamptz,
    closed_at         timestamptz,
    UNIQUE (municipality_id, id),
    CHECK (input_from IS NULL OR (information_from <= input_from AND input_from <= voting_from)),
    CHECK (information_from <= voting_from AND voting_from <= voting_until),
    CHECK (results_from IS NULL OR results_from >= voting_until),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX consultations_list_idx ON consultations (municipality_id, status, voting_until DESC);

-- Target areas; none means the whole municipality.
CREATE TABLE consultation_areas (
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    area_id         bigint NOT NULL,
    PRIMARY KEY (consultation_id, area_id),
    FOREIGN KEY (municipality_id, consultation_id) REFERENCES consultations (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id)
);

CREATE TABLE consultation_questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    position        integer NOT NULL DEFAULT 0,
    kind            text NOT NULL CHECK (kind IN ('single', 'multiple', 'text', 'statement', 'budget')),
    prompt          jsonb NOT NULL CHECK (jsonb_typeof(prompt) = 'object' AND prompt <> '{}'::jsonb),
    help            jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(help) = 'object'),
    min_choices     integer NOT NULL DEFAULT 0 CHECK (min_choices >= 0),
    max_choices     integer CHECK (max_choices >= 1),
    -- The total a participatory-budget ballot may spend, in whole kroner.
    budget          bigint CHECK (budget > 0),
    UNIQUE (municipality_id, id),
    UNIQUE (consultation_id, id),
    CHECK (max_choices IS NULL OR max_choices >= min_choices),
    CHECK ((kind = 'budget') = (budget IS NOT NULL)),
    FOREIGN KEY (municipality_id, consultation_id) REFERENCES consultations (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX consultation_questions_idx ON consultation_questions (municipality_id, consultation_id, position, id);

-- The options of a choice or budget question.
CREATE TABLE question_options (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    question_id     bigint NOT NULL,
    position        integer NOT NULL DEFAULT 0,
    label           jsonb NOT NULL CHECK (jsonb_typeof(label) = 'object' AND label <> '{}'::jsonb),
    cost            bigint CHECK (cost > 0),
    UNIQUE (municipality_id, id),
    UNIQUE (question_id, id),
    FOREIGN KEY (municipality_id, question_id) REFERENCES consultation_questions (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX question_options_idx ON question_options (municipality_id, question_id, position, id);

-- Ballots are secret. A ballot row holds no user id and nothing that orders
-- it against the participation ledger or the users table: a random id, the
-- day (not the time) it was cast, and the segment snapshot for weighting.
-- voter_hash is HMAC-SHA256(key from the environment, municipality,
-- consultation, user) and links a resident to their ballot only while voting
-- is open, so that they can change it and cannot vote twice; closing voting
-- sets it to NULL on every ballot of the consultation and rewrites the rows
-- in random order. Paper and meeting ballots never have one.
CREATE TABLE ballots (
    id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    voter_hash      bytea CHECK (octet_length(voter_hash) = 32),
    -- SHA-256 of the receipt code the voter was given.
    receipt_hash    bytea NOT NULL UNIQUE CHECK (octet_length(receipt_hash) = 32),
    channel         text NOT NULL CHECK (channel IN ('web', 'meeting', 'paper', 'phone', 'assisted')),
    cast_on         date NOT NULL,
    area_id         bigint,
    age_band        text CHECK (age_band ~ '^[0-9]{1,3}(-[0-9]{1,3}|\+)$'),
    gender          text CHECK (gender IN ('female', 'male', 'other')),
    UNIQUE (municipality_id, id),
    -- One ballot per resident per consultation, under any concurrency.
    UNIQUE (consultation_id, voter_hash),
    UNIQUE (consultation_id, id),
    CHECK (channel = 'web' OR voter_hash IS NULL),
    FOREIGN KEY (municipality_id, consultation_id) REFERENCES consultations (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id)
);
CREATE INDEX ballots_consultation_idx ON ballots (municipality_id, consultation_id);

-- The options chosen on a ballot (single, multiple and budget questions).
CREATE TABLE ballot_choices (
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    ballot_id       uuid NOT NULL,
    question_id     bigint NOT NULL,
    option_id       bigint NOT NULL,
    PRIMARY KEY (ballot_id, option_id),
    -- The ballot, the question and the option belong together: no ballot can
    -- choose an option of another question or another consultation.
    FOREIGN KEY (municipality_id, ballot_id) REFERENCES ballots (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, ballot_id) REFERENCES ballots (consultation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, question_id) REFERENCES consultation_questions (consultation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (question_id, option_id) REFERENCES question_options (question_id, id) ON DELETE CASCADE
);
CREATE INDEX ballot_choices_question_idx ON ballot_choices (municipality_id, question_id);

-- Agree / disagree / pass on a statement question.
CREATE TABLE ballot_stances (
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    ballot_id       uuid NOT NULL,
    question_id     bigint NOT NULL,
    stance          text NOT NULL CHECK (stance IN ('agree', 'disagree', 'pass')),
    PRIMARY KEY (ballot_id, question_id),
    FOREIGN KEY (municipality_id, ballot_id) REFERENCES ballots (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, ballot_id) REFERENCES ballots (consultation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, question_id) REFERENCES consultation_questions (consultation_id, id) ON DELETE CASCADE
);
CREATE INDEX ballot_stances_question_idx ON ballot_stances (municipality_id, question_id);

-- Free-text answers. Shown in results without any link to the ballot's
-- other answers; a moderator may hide one.
CREATE TABLE ballot_texts (
    id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    ballot_id       uuid NOT NULL,
    question_id     bigint NOT NULL,
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    -- A boolean, not a time: when an answer was hidden would say it was
    -- written before then, which the ledger could tie to a resident.
    hidden          boolean NOT NULL DEFAULT false,
    UNIQUE (ballot_id, question_id),
    FOREIGN KEY (municipality_id, ballot_id) REFERENCES ballots (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, ballot_id) REFERENCES ballots (consultation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, question_id) REFERENCES consultation_questions (consultation_id, id) ON DELETE CASCADE
);
CREATE INDEX ballot_texts_question_idx ON ballot_texts (municipality_id, question_id);

-- Paper and meeting ballots entered as a tally: how many ballots of one
-- channel and segment chose each option. ballots is the number of people.
CREATE TABLE ballot_tallies (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    consultation_id bigint NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('meeting', 'paper', 'phone', 'assisted')),
    ballots         integer NOT NULL CHECK (ballots BETWEEN 1 AND 100000),
    area_id         bigint,
    age_band        text CHECK (age_band ~ '^[0-9]{1,3}(-[0-9]{1,3}|\+)$'),
    gender          text CHECK (gender IN ('female', 'male', 'other')),
    recorded_by     bigint NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, id),
    UNIQUE (consultation_id, id),
    FOREIGN KEY (municipality_id, consultation_id) REFERENCES consultations (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX ballot_tallies_consultation_idx ON ballot_tallies (municipality_id, consultation_id);

CREATE TABLE ballot_tally_counts (
    municipality_id bigint NOT NULL,
    tally_id        bigint NOT NULL,
    question_id     bigint NOT NULL,
    option_id       bigint NOT NULL,
    count           integer NOT NULL CHECK (count >= 0),
    PRIMARY KEY (tally_id, option_id),
    consultation_id bigint NOT NULL,
    FOREIGN KEY (municipality_id, tally_id) REFERENCES ballot_tallies (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, tally_id) REFERENCES ballot_tallies (consultation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (consultation_id, question_id) REFERENCES consultation_questions (consultation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (question_id, option_id) REFERENCES question_options (question_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE ballot_tally_counts;
DROP TABLE ballot_tallies;
DROP TABLE ballot_texts;
DROP TABLE ballot_stances;
DROP TABLE ballot_choices;
DROP TABLE ballots;
DROP TABLE question_options;
DROP TABLE consultation_questions;
DROP TABLE consultation_areas;
DROP TABLE consultations;
