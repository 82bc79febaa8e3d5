-- Open data (資料開放專區): datasets with the data.gov.tw metadata fields, and each version of a
-- dataset's data as uploaded (CSV; JSON and ODS are made from it).
CREATE TABLE datasets (
    name TEXT PRIMARY KEY,
    grp TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    notes_zh TEXT NOT NULL,
    notes_en TEXT NOT NULL,
    fields_zh TEXT NOT NULL,
    fields_en TEXT NOT NULL,
    contact TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    frequency_zh TEXT NOT NULL,
    frequency_en TEXT NOT NULL,
    keywords TEXT NOT NULL,
    service_category TEXT NOT NULL,
    related_url TEXT NOT NULL,
    sample BIGINT NOT NULL,
    published BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL
);
CREATE TABLE dataset_resources (
    id TEXT PRIMARY KEY,
    dataset TEXT NOT NULL REFERENCES datasets (name),
    version BIGINT NOT NULL,
    csv BYTEA NOT NULL,
    rows_count BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    UNIQUE (dataset, version)
);
