-- What editors write: announcements (by category), FAQ entries (by topic) and section pages.
-- An item is seen by citizens when published and its publish time has come (a later time is
-- a scheduled publication). Every save keeps a revision.
CREATE TABLE content (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('announcement', 'faq', 'page')),
    slug TEXT NOT NULL,
    -- The announcement's category, the FAQ entry's topic, or the page's section.
    section TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    body_zh TEXT NOT NULL,
    body_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'unpublished')),
    publish_at BIGINT,
    sample BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT,
    UNIQUE (kind, slug)
);
CREATE INDEX content_visible ON content (kind, status, publish_at);

CREATE TABLE content_revisions (
    id TEXT PRIMARY KEY,
    content_id TEXT NOT NULL REFERENCES content (id),
    at BIGINT NOT NULL,
    staff_id TEXT,
    status TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_zh TEXT NOT NULL,
    body_en TEXT NOT NULL
);
CREATE INDEX content_revisions_by_item ON content_revisions (content_id, at);

-- Search synonyms editors extend: each row a group of words that find each other.
CREATE TABLE search_synonyms (
    id TEXT PRIMARY KEY,
    words TEXT NOT NULL
);
