-- The office, its locations, opening hours and counters.
CREATE TABLE office (
    id TEXT PRIMARY KEY CHECK (id = 'office'),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    phone TEXT NOT NULL,
    fax TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    sample BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    sort BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('main', 'service_point')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    address_zh TEXT NOT NULL,
    address_en TEXT NOT NULL,
    phone TEXT NOT NULL,
    map_url TEXT NOT NULL,
    note_zh TEXT NOT NULL,
    note_en TEXT NOT NULL
);

CREATE TABLE opening_hours (
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    weekday BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens BIGINT NOT NULL CHECK (opens BETWEEN 0 AND 1440),
    closes BIGINT NOT NULL CHECK (closes BETWEEN 0 AND 1440),
    PRIMARY KEY (location_id, weekday, opens),
    CHECK (opens < closes)
);

CREATE TABLE counters (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    sort BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('full_service', 'privacy', 'priority', 'mobile', 'information_desk')),
    number BIGINT,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL
);
