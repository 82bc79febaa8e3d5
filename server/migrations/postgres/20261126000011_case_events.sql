-- The history of each online application: every state it went through, when, by whom, and
-- the message the citizen was given (shown on their lookup page and sent by mail).
CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    at BIGINT NOT NULL,
    status TEXT NOT NULL,
    -- What the citizen is told (e.g. which document is missing), sealed with the data key:
    -- free text may hold personal data. NULL when nothing was said.
    message_sealed BYTEA,
    staff_id TEXT
);
CREATE INDEX case_events_by_reference ON case_events (reference, at);
