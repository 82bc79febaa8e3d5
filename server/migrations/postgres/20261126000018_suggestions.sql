-- Innovation and improvement suggestions (創新服務及改進建議, plan items 10-1 and 10-2): citizens
-- and staff propose simpler procedures, forms and systems; the review group (staff marked as
-- reviewers) scores each on three criteria and records a decision; adopted ones are published
-- with what changed. What the proposer wrote and who they are is sealed; the published title and
-- change are written by the reviewers for the public.
ALTER TABLE staff ADD COLUMN reviewer BIGINT NOT NULL DEFAULT 0;

CREATE TABLE suggestions (
    number TEXT PRIMARY KEY,
    area TEXT NOT NULL,
    -- 'citizen' or 'staff'
    origin TEXT NOT NULL,
    staff_id TEXT REFERENCES staff (id),
    title_sealed BYTEA NOT NULL,
    current_sealed BYTEA NOT NULL,
    proposal_sealed BYTEA NOT NULL,
    name_sealed BYTEA,
    email_sealed BYTEA,
    -- 'received', 'adopted' or 'not_adopted'
    status TEXT NOT NULL,
    received_day TEXT NOT NULL,
    decided_day TEXT,
    decided_by TEXT,
    -- The reason given to the proposer (and on the status page).
    decision_sealed BYTEA,
    -- Published for adopted suggestions.
    public_title TEXT,
    public_change TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX suggestions_by_status ON suggestions (status, received_day);

-- One score per reviewer and suggestion (changed until the decision).
CREATE TABLE suggestion_scores (
    suggestion TEXT NOT NULL REFERENCES suggestions (number),
    reviewer TEXT NOT NULL REFERENCES staff (id),
    innovation BIGINT NOT NULL CHECK (innovation BETWEEN 1 AND 5),
    feasibility BIGINT NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
    benefit BIGINT NOT NULL CHECK (benefit BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    scored_at BIGINT NOT NULL,
    PRIMARY KEY (suggestion, reviewer)
);
