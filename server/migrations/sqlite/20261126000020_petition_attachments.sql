-- A file sent with a mailbox message (a photo, a scanned letter): its name and bytes sealed,
-- since either may hold personal data; only staff of the register open it.
CREATE TABLE petition_attachments (
    id TEXT PRIMARY KEY,
    petition TEXT NOT NULL REFERENCES petitions (number),
    name_sealed BLOB NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes_sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX petition_attachments_by_petition ON petition_attachments (petition);
