-- +goose Up

-- Moderators may block an account: it can still read and sign in, but not post.
ALTER TABLE users
    ADD COLUMN blocked_at     timestamptz,
    ADD COLUMN blocked_reason text NOT NULL DEFAULT '' CHECK (length(blocked_reason) <= 500);

-- Proposal categories, managed per municipality by admins. Names are per
-- language: {"nb": "Trafikk", "nn": "Trafikk", "da": "Trafik", "en": "Traffic"}.
CREATE TABLE categories (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    names           jsonb NOT NULL CHECK (jsonb_typeof(names) = 'object' AND names <> '{}'::jsonb),
    position        integer NOT NULL DEFAULT 0,
    archived_at     timestamptz,
    UNIQUE (municipality_id, slug),
    UNIQUE (municipality_id, id)
);

-- The text-search configuration for a proposal's language. IMMUTABLE so that
-- it may feed a generated column and an expression index.
-- +goose StatementBegin
CREATE FUNCTION medvirk_search_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lang WHEN 'da' THEN 'danish'::regconfig
                     WHEN 'en' THEN 'english'::regconfig
                     ELSE 'norwegian'::regconfig END
$$;
-- +goose StatementEnd

CREATE TABLE proposals (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    -- NULL for an assisted submission by a resident without an account.
    author_id       bigint,
    -- The official who recorded an assisted submission.
    recorded_by     bigint,
    channel         text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'meeting', 'paper', 'phone', 'assisted')),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    language        text NOT NULL CHECK (language IN ('nb', 'nn', 'da', 'en')),
    area_id         bigint, -- NULL: the whole municipality
    category_id     bigint,
    status          text NOT NULL DEFAULT 'published' CHECK (status IN (
                        'published', 'awaiting_answer', 'under_review', 'accepted', 'rejected',
                        'in_progress', 'implemented', 'withdrawn')),
    progress        integer CHECK (progress BETWEEN 0 AND 100),
    -- Kept by the store in the same transaction as the rows they count, so
    -- that lists never count per row.
    support_count   integer NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    comment_count   integer NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    flag_count      integer NOT NULL DEFAULT 0 CHECK (flag_count >= 0),
    hidden_at       timestamptz,
    hidden_reason   text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector(medvirk_search_config(language), title), 'A') ||
                        setweight(to_tsvector(medvirk_search_config(language), body), 'B')) STORED,
    UNIQUE (municipality_id, id),
    CHECK (channel <> 'web' OR author_id IS NOT NULL),
    CHECK (author_id IS NOT NULL OR recorded_by IS NOT NULL),
    FOREIGN KEY (municipality_id, author_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id),
    FOREIGN KEY (municipality_id, category_id) REFERENCES categories (municipality_id, id)
);
CREATE INDEX proposals_list_idx ON proposals (municipality_id, created_at DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX proposals_support_idx ON proposals (municipality_id, support_count DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX proposals_area_idx ON proposals (municipality_id, area_id);
CREATE INDEX proposals_category_idx ON proposals (municipality_id, category_id);
CREATE INDEX proposals_status_idx ON proposals (municipality_id, status);
CREATE INDEX proposals_author_idx ON proposals (municipality_id, author_id);
CREATE INDEX proposals_search_idx ON proposals USING gin (search);

-- One support per resident per proposal.
CREATE TABLE proposal_supports (
    municipality_id bigint NOT NULL,
    proposal_id     bigint NOT NULL,
    user_id         bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (proposal_id, user_id),
    FOREIGN KEY (municipality_id, proposal_id) REFERENCES proposals (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX proposal_supports_user_idx ON proposal_supports (municipality_id, user_id);

-- Comments, threaded two levels: a reply's parent is a top-level comment
-- (enforced by the store, which checks the parent in the same transaction).
CREATE TABLE comments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    proposal_id     bigint NOT NULL,
    parent_id       bigint,
    author_id       bigint NOT NULL,
    body            text NOT NULL CHECK (length(body) <= 2000),
    reply_count     integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    flag_count      integer NOT NULL DEFAULT 0 CHECK (flag_count >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    edited_at       timestamptz,
    -- A deleted comment leaves a tombstone: the body is emptied, replies stay.
    deleted_at      timestamptz,
    hidden_at       timestamptz,
    hidden_reason   text NOT NULL DEFAULT '',
    UNIQUE (municipality_id, id),
    CHECK (deleted_at IS NOT NULL OR length(body) >= 1),
    CHECK (parent_id IS NULL OR parent_id <> id),
    FOREIGN KEY (municipality_id, proposal_id) REFERENCES proposals (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, parent_id) REFERENCES comments (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, author_id) REFERENCES users (municipality_id, id)
);
-- Top-level comments of a proposal in order, and the replies of one comment.
CREATE INDEX comments_thread_idx ON comments (municipality_id, proposal_id, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_replies_idx ON comments (municipality_id, parent_id, created_at, id) WHERE parent_id IS NOT NULL;

-- The public timeline of a proposal: every status change with the official's
-- explanation in their own words.
CREATE TABLE proposal_status_changes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    proposal_id     bigint NOT NULL,
    from_status     text NOT NULL,
    to_status       text NOT NULL,
    progress        integer CHECK (progress BETWEEN 0 AND 100),
    explanation     text NOT NULL CHECK (length(explanation) BETWEEN 1 AND 5000),
    official_id     bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, proposal_id) REFERENCES proposals (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, official_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX proposal_status_changes_idx ON proposal_status_changes (municipality_id, proposal_id, created_at);

-- Flags raised by residents on proposals and comments; one per person per item.
CREATE TABLE flags (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    target_type     text NOT NULL CHECK (target_type IN ('proposal', 'comment')),
    target_id       bigint NOT NULL,
    user_id         bigint NOT NULL,
    reason          text NOT NULL CHECK (reason IN ('spam', 'offensive', 'personal_information', 'other')),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    resolved_by     bigint,
    UNIQUE (municipality_id, target_type, target_id, user_id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, resolved_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX flags_open_idx ON flags (municipality_id, created_at) WHERE resolved_at IS NULL;

-- +goose Down
DROP TABLE flags;
DROP TABLE proposal_status_changes;
DROP TABLE comments;
DROP TABLE proposal_supports;
DROP TABLE proposals;
DROP FUNCTION medvirk_search_config(text);
DROP TABLE categories;
ALTER TABLE users DROP COLUMN blocked_reason, DROP COLUMN blocked_at;
