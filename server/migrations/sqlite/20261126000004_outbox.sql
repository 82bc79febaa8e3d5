-- Mail waiting to go out (三通服務步 notifications), and the record of what went. Recipient,
-- body and attachment are sealed with the data key: the table alone reveals no personal data.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT,
    recipient_sealed BLOB NOT NULL,
    subject TEXT NOT NULL,
    body_sealed BLOB NOT NULL,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment_sealed BLOB,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_reference ON outbox (reference);
