-- Forms editors upload to the catalogue beside the built-in ones (any format; ODF files are
-- checked before they are taken), kept in the database so every instance serves them.
CREATE TABLE form_uploads (
    id TEXT PRIMARY KEY,
    topic TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    version TEXT NOT NULL,
    published INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX form_uploads_by_time ON form_uploads (updated_at);
