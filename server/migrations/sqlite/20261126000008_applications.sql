-- Online applications (certificates, English transcripts, home visits, house-number
-- certificates, designated delivery addresses): what the citizen asked for, sealed, and the
-- state the counters move it through. The ID number is a keyed hash for lookups and sealed.
CREATE TABLE applications (
    reference TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    id_hash TEXT NOT NULL,
    id_sealed BLOB NOT NULL,
    -- Every answer of the form (names, phone, addresses …), sealed as JSON.
    answers_sealed BLOB NOT NULL,
    email_sealed BLOB,
    -- Where and when it is collected, for the services collected at the office.
    location_id TEXT REFERENCES locations (id),
    pickup_day TEXT,
    -- The day it should be done by (辦理期限), in working days from the day it was made.
    due_day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'processing', 'missing_documents', 'ready', 'collected', 'closed', 'withdrawn')),
    -- The application this one replaced, when the citizen changed an earlier one.
    replaces TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX applications_by_status_and_due ON applications (status, due_day);
CREATE INDEX applications_by_person ON applications (id_hash);
