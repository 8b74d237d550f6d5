-- +goose Up

-- Neighbourhood meetings: low-threshold places to meet. Title, description
-- and minutes are per language, like consultations. Times are instants; pages
-- and calendar feeds show them in the municipality's time zone.
CREATE TABLE meetings (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id       bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    -- proposed: suggested by a resident, waiting for an official; scheduled:
    -- public; rejected: not approved (seen by its proposer only); cancelled:
    -- stays visible as cancelled.
    status                text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('proposed', 'scheduled', 'rejected', 'cancelled')),
    title                 jsonb NOT NULL CHECK (jsonb_typeof(title) = 'object' AND title <> '{}'::jsonb),
    description           jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(description) = 'object'),
    area_id               bigint, -- NULL: the whole municipality (or online only)
    address               text NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    room                  text NOT NULL DEFAULT '' CHECK (length(room) <= 200),
    directions            text NOT NULL DEFAULT '' CHECK (length(directions) <= 1000),
    starts_at             timestamptz NOT NULL,
    ends_at               timestamptz NOT NULL,
    online_url            text NOT NULL DEFAULT '' CHECK (online_url = '' OR online_url ~ '^https?://[^\s]+$'),
    capacity              integer CHECK (capacity > 0),
    registration_required boolean NOT NULL DEFAULT true,
    -- When the meeting is full, further residents join a waiting list (true)
    -- or are refused (false).
    waiting_list          boolean NOT NULL DEFAULT true,
    consultation_id       bigint,
    -- Low-threshold facts, shown as icons with text and filterable.
    step_free             boolean NOT NULL DEFAULT false,
    hearing_loop          boolean NOT NULL DEFAULT false,
    sign_language         boolean NOT NULL DEFAULT false,
    -- Spoken languages interpreted, as language names the official writes
    -- ("arabisk", "polsk"); empty when none.
    interpretation        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(interpretation) <= 20),
    childcare             boolean NOT NULL DEFAULT false,
    food_served           boolean NOT NULL DEFAULT false,
    free_of_charge        boolean NOT NULL DEFAULT true,
    organiser_id          bigint,
    organiser_name        text NOT NULL DEFAULT '' CHECK (length(organiser_name) <= 200),
    minutes               jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(minutes) = 'object'),
    minutes_published_at  timestamptz,
    reminder_sent_at      timestamptz,
    cancel_reason         text NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 1000),
    created_by            bigint,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, id),
    CHECK (ends_at > starts_at),
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id),
    FOREIGN KEY (municipality_id, consultation_id) REFERENCES consultations (municipality_id, id),
    FOREIGN KEY (municipality_id, organiser_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX meetings_time_idx ON meetings (municipality_id, starts_at);
CREATE INDEX meetings_area_idx ON meetings (municipality_id, area_id, starts_at);
-- The reminder job looks for scheduled meetings without a reminder.
CREATE INDEX meetings_reminder_idx ON meetings (starts_at) WHERE status = 'scheduled' AND reminder_sent_at IS NULL;

-- Proposals linked to a meeting: 'linked' by the official beforehand (what
-- the meeting discusses), or 'raised' at the meeting and registered on
-- behalf of attendees.
CREATE TABLE meeting_proposals (
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    proposal_id     bigint NOT NULL,
    relation        text NOT NULL CHECK (relation IN ('linked', 'raised')),
    PRIMARY KEY (meeting_id, proposal_id),
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, proposal_id) REFERENCES proposals (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX meeting_proposals_proposal_idx ON meeting_proposals (municipality_id, proposal_id);

-- One registration per resident per meeting: registered, or waiting in the
-- order of registered_at (then id).
CREATE TABLE meeting_registrations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    user_id         bigint NOT NULL,
    status          text NOT NULL CHECK (status IN ('registered', 'waiting')),
    registered_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (meeting_id, user_id),
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX meeting_registrations_queue_idx ON meeting_registrations (municipality_id, meeting_id, status, registered_at, id);
CREATE INDEX meeting_registrations_user_idx ON meeting_registrations (municipality_id, user_id);

-- Who came. A resident with an account is checked in once; people without
-- an account are counted by segment (each count a tally of that many people).
CREATE TABLE meeting_attendance (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    user_id         bigint,
    people          integer NOT NULL DEFAULT 1 CHECK (people BETWEEN 1 AND 10000),
    area_id         bigint,
    age_band        text CHECK (age_band ~ '^[0-9]{1,3}(-[0-9]{1,3}|\+)$'),
    gender          text CHECK (gender IN ('female', 'male', 'other')),
    recorded_by     bigint NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (meeting_id, user_id),
    CHECK (user_id IS NULL OR people = 1),
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, area_id) REFERENCES areas (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX meeting_attendance_meeting_idx ON meeting_attendance (municipality_id, meeting_id);

-- +goose Down
DROP TABLE meeting_attendance;
DROP TABLE meeting_registrations;
DROP TABLE meeting_proposals;
DROP TABLE meetings;
