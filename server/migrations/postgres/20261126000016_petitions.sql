-- The opinion mailbox and petitions register (設簿列管): every message with its category, due
-- day (working days from the rules), handler, status, the office's reply and internal notes.
-- Personal data and the message are sealed; lookups go by keyed hashes of the contact.
CREATE TABLE petitions (
    number TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    subject_sealed BYTEA NOT NULL,
    message_sealed BYTEA NOT NULL,
    name_sealed BYTEA NOT NULL,
    email_sealed BYTEA,
    phone_sealed BYTEA,
    email_hash TEXT,
    phone_hash TEXT,
    status TEXT NOT NULL,
    handler TEXT,
    received_day TEXT NOT NULL,
    due_day TEXT NOT NULL,
    reply_sealed BYTEA,
    replied_day TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX petitions_by_due ON petitions (status, due_day);
CREATE TABLE petition_notes (
    id TEXT PRIMARY KEY,
    petition TEXT NOT NULL REFERENCES petitions (number),
    author TEXT NOT NULL,
    note_sealed BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX petition_notes_by_petition ON petition_notes (petition);
