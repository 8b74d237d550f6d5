-- +goose Up

-- A municipality is a tenant. Every tenant-owned table carries municipality_id,
-- and its indexes lead with it.
CREATE TABLE municipalities (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    country         text NOT NULL CHECK (country IN ('NO', 'DK')),
    default_locale  text NOT NULL CHECK (default_locale IN ('nb', 'nn', 'da', 'en')),
    enabled_locales text[] NOT NULL CHECK (
        cardinality(enabled_locales) > 0
        AND enabled_locales <@ ARRAY['nb', 'nn', 'da', 'en']::text[]
        AND default_locale = ANY (enabled_locales)
    ),
    time_zone       text NOT NULL DEFAULT 'Europe/Oslo',
    settings        jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- One host name belongs to at most one municipality.
CREATE TABLE municipality_hostnames (
    hostname        text PRIMARY KEY CHECK (hostname = lower(hostname) AND hostname <> ''),
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE
);
CREATE INDEX municipality_hostnames_municipality_idx ON municipality_hostnames (municipality_id);

CREATE TABLE areas (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    code            text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id       bigint,
    UNIQUE (municipality_id, code),
    UNIQUE (municipality_id, id),
    -- A parent area must belong to the same municipality.
    FOREIGN KEY (municipality_id, parent_id) REFERENCES areas (municipality_id, id),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

-- Residents per segment (area x age band x gender) from official statistics.
-- A data set is identified by its reference date; the newest one is current.
CREATE TABLE population_stats (
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    as_of           date NOT NULL,
    area_id         bigint NOT NULL,
    age_band        text NOT NULL CHECK (age_band ~ '^[0-9]{1,3}(-[0-9]{1,3}|\+)$'),
    gender          text NOT NULL CHECK (gender IN ('female', 'male', 'all')),
    count           integer NOT NULL CHECK (count >= 0),
    source          text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
    imported_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (municipality_id, as_of, area_id, age_band, gender),
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id) ON DELETE CASCADE
);

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    -- NULL once the account is deleted: the row stays so that contributions keep
    -- an (anonymous) author, but nothing identifies the person any more.
    email           text CHECK (email IS NULL OR (email = lower(email) AND email LIKE '%_@_%')),
    password_hash   text NOT NULL DEFAULT '',
    display_name    text NOT NULL DEFAULT '' CHECK (length(display_name) <= 80),
    role            text NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'official', 'moderator', 'admin')),
    locale          text CHECK (locale IN ('nb', 'nn', 'da', 'en')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    UNIQUE (municipality_id, id),
    CHECK ((deleted_at IS NULL) = (email IS NOT NULL))
);
-- Email is unique per municipality: the same person may hold accounts in two municipalities.
CREATE UNIQUE INDEX users_municipality_email_key ON users (municipality_id, email);
CREATE INDEX users_municipality_role_idx ON users (municipality_id, role) WHERE deleted_at IS NULL;

-- Optional, consented demographic profile. The row exists only with consent.
CREATE TABLE resident_profiles (
    user_id         bigint PRIMARY KEY,
    municipality_id bigint NOT NULL,
    area_id         bigint,
    birth_year      integer CHECK (birth_year BETWEEN 1900 AND 2100),
    gender          text CHECK (gender IN ('female', 'male', 'other')),
    consent_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id)
);
CREATE INDEX resident_profiles_municipality_area_idx ON resident_profiles (municipality_id, area_id);

-- Key-value store behind sessions, CSRF tokens and rate-limit counters, so that
-- any number of app instances share them. Keys are random or namespaced; values
-- are opaque. This is infrastructure, not tenant data: session values carry the
-- municipality and are checked against the request's host on every request.
CREATE TABLE kv_store (
    key        text PRIMARY KEY,
    value      bytea NOT NULL,
    expires_at timestamptz
);
CREATE INDEX kv_store_expires_idx ON kv_store (expires_at) WHERE expires_at IS NOT NULL;

-- Every action by an official, moderator or admin that changes something.
CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    actor_id        bigint,
    action          text NOT NULL CHECK (action ~ '^[a-z_.]{1,80}$'),
    target_type     text NOT NULL DEFAULT '',
    target_id       text NOT NULL DEFAULT '',
    details         jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, actor_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX audit_log_municipality_created_idx ON audit_log (municipality_id, created_at DESC);

-- In-app notifications. The message is stored as a translation key plus
-- arguments so that each reader sees it in their own language.
CREATE TABLE notifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    user_id         bigint NOT NULL,
    message_id      text NOT NULL CHECK (message_id ~ '^[A-Za-z0-9_.]{1,100}$'),
    args            jsonb NOT NULL DEFAULT '{}'::jsonb,
    link            text NOT NULL DEFAULT '' CHECK (link = '' OR link LIKE '/%'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_idx ON notifications (municipality_id, user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (municipality_id, user_id) WHERE read_at IS NULL;

-- The participation ledger: one row per act of participation, through any
-- channel, with the segment as it was at the time of the act. The outreach
-- engine counts distinct participants per segment from here.
CREATE TABLE participation_ledger (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    -- Who: a resident with an account, or an anonymous participant (paper,
    -- phone, meeting). anonymous_ref groups the acts of one anonymous person
    -- when the official knows they are the same person; otherwise each row is
    -- its own participant.
    user_id         bigint,
    anonymous_ref   uuid,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    act             text NOT NULL CHECK (act IN (
                        'proposal', 'support', 'comment', 'ballot', 'answer',
                        'meeting_attendance', 'meeting_registration')),
    scope_type      text NOT NULL CHECK (scope_type IN ('municipality', 'proposal', 'consultation', 'meeting')),
    scope_id        bigint,
    channel         text NOT NULL CHECK (channel IN ('web', 'meeting', 'paper', 'phone', 'assisted')),
    area_id         bigint,
    age_band        text CHECK (age_band ~ '^[0-9]{1,3}(-[0-9]{1,3}|\+)$'),
    gender          text CHECK (gender IN ('female', 'male', 'other')),
    recorded_by     bigint,
    CHECK ((scope_type = 'municipality') = (scope_id IS NULL)),
    CHECK (user_id IS NULL OR anonymous_ref IS NULL),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id)
);
CREATE INDEX participation_ledger_time_idx ON participation_ledger (municipality_id, occurred_at);
CREATE INDEX participation_ledger_scope_idx ON participation_ledger (municipality_id, scope_type, scope_id);
CREATE INDEX participation_ledger_user_idx ON participation_ledger (municipality_id, user_id) WHERE user_id IS NOT NULL;

-- +goose Down
DROP TABLE participation_ledger;
DROP TABLE notifications;
DROP TABLE audit_log;
DROP TABLE kv_store;
DROP TABLE resident_profiles;
DROP TABLE users;
DROP TABLE population_stats;
DROP TABLE areas;
DROP TABLE municipality_hostnames;
DROP TABLE municipalities;
