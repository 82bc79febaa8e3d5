-- Files attached to announcements and pages (PDF, ODF, images …), kept in the database so
-- every instance serves them.
CREATE TABLE content_attachments (
    id TEXT PRIMARY KEY,
    content_id TEXT NOT NULL REFERENCES content (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX content_attachments_by_item ON content_attachments (content_id);
