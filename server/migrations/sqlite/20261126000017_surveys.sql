-- Satisfaction surveys: each version of the questions (editors change them; answers keep the
-- version they were given to, so results stay comparable), and the answers: tied to a visit's
-- reference by a keyed hash (one answer per visit) and to its service, never to the person.
CREATE TABLE survey_versions (
    version INTEGER PRIMARY KEY,
    questions TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE survey_answers (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL REFERENCES survey_versions (version),
    ref_hash TEXT UNIQUE,
    service TEXT,
    location TEXT,
    answers TEXT NOT NULL,
    comment_sealed BLOB,
    created_at INTEGER NOT NULL
);
CREATE INDEX survey_answers_by_version ON survey_answers (version, created_at);
