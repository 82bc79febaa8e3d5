-- The queue at the counters. A ticket's number is unique per location and day (taken with the
-- insert, retried on a clash); a booking checks in once (unique reference); a counter is open
-- while it has a session without an end, and at most one at a time.
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations (id),
    day TEXT NOT NULL,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('appointment', 'walk_in', 'priority', 'private')),
    -- What a walk-in came for (a service code), when they said.
    service TEXT,
    booking_reference TEXT UNIQUE,
    -- An appointment's slot start, minutes after midnight.
    due INTEGER,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    counter_id TEXT,
    issued_at INTEGER NOT NULL,
    called_at INTEGER,
    served_at INTEGER,
    done_at INTEGER,
    UNIQUE (location_id, day, number)
);
CREATE INDEX tickets_by_day_and_status ON tickets (location_id, day, status);

CREATE TABLE counter_sessions (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations (id),
    counter_id TEXT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    opened_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE UNIQUE INDEX counter_sessions_one_open ON counter_sessions (location_id, counter_id) WHERE closed_at IS NULL;
