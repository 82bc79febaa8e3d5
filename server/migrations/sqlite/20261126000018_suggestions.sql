-- Innovation and improvement suggestions (創新服務及改進建議, plan items 10-1 and 10-2): citizens
-- and staff propose simpler procedures, forms and systems; the review group (staff marked as
-- reviewers) scores each on three criteria and records a decision; adopted ones are published
-- with what changed. What the proposer wrote and who they are is sealed; the published title and
-- change are written by the reviewers for the public.
ALTER TABLE staff ADD COLUMN reviewer INTEGER NOT NULL DEFAULT 0;

CREATE TABLE suggestions (
    number TEXT PRIMARY KEY,
    area TEXT NOT NULL,
    -- 'citizen' or 'staff'
    origin TEXT NOT NULL,
    staff_id TEXT REFERENCES staff (id),
    title_sealed BLOB NOT NULL,
    current_sealed BLOB NOT NULL,
    proposal_sealed BLOB NOT NULL,
    name_sealed BLOB,
    email_sealed BLOB,
    -- 'received', 'adopted' or 'not_adopted'
    status TEXT NOT NULL,
    received_day TEXT NOT NULL,
    decided_day TEXT,
    decided_by TEXT,
    -- The reason given to the proposer (and on the status page).
    decision_sealed BLOB,
    -- Published for adopted suggestions.
    public_title TEXT,
    public_change TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX suggestions_by_status ON suggestions (status, received_day);

-- One score per reviewer and suggestion (changed until the decision).
CREATE TABLE suggestion_scores (
    suggestion TEXT NOT NULL REFERENCES suggestions (number),
    reviewer TEXT NOT NULL REFERENCES staff (id),
    innovation INTEGER NOT NULL CHECK (innovation BETWEEN 1 AND 5),
    feasibility INTEGER NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
    benefit INTEGER NOT NULL CHECK (benefit BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    scored_at INTEGER NOT NULL,
    PRIMARY KEY (suggestion, reviewer)
);
