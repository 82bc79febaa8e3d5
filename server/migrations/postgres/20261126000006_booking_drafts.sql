-- A booking in progress: the answers so far (sealed: they hold the ID number), found by the
-- random id in the citizen's cookie. Nothing here is a booking until the check page is sent.
CREATE TABLE booking_drafts (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    answers_sealed BYTEA NOT NULL,
    reference TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX booking_drafts_by_age ON booking_drafts (updated_at);
