-- Staff accounts, their sessions, and the audit log of who saw or changed personal data.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'editor', 'admin')),
    -- Argon2id, as a PHC string.
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    -- Login throttling: failures in a row, and until when further tries are refused.
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its hash is stored, so the table
-- alone lets nobody sign in. Any instance can serve any request.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    -- Sent back in every state-changing form (CSRF).
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    staff_id TEXT,
    -- What was done: login, login_failed, view_booking, check_in, case_status …
    action TEXT NOT NULL,
    -- The booking, application or account it was done to.
    subject TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);
