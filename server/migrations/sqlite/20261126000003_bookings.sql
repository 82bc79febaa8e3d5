-- Appointment slots and bookings. A slot's capacity is enforced by the database: `booked`
-- only ever moves through `UPDATE … SET booked = booked + 1 WHERE booked < capacity`, and the
-- CHECK makes any other path that would overbook fail.
CREATE TABLE slots (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations (id),
    day TEXT NOT NULL,
    starts INTEGER NOT NULL,
    ends INTEGER NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    booked INTEGER NOT NULL DEFAULT 0,
    CHECK (booked >= 0 AND booked <= capacity),
    CHECK (starts < ends),
    UNIQUE (location_id, day, starts)
);

CREATE TABLE bookings (
    reference TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    slot_id TEXT NOT NULL REFERENCES slots (id),
    day TEXT NOT NULL,
    -- The national ID: a keyed hash to find the booking, the number itself sealed.
    id_hash TEXT NOT NULL,
    id_sealed BLOB NOT NULL,
    -- The service's other answers (names, phone, address…), sealed as JSON.
    answers_sealed BLOB NOT NULL,
    email_sealed BLOB,
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'done', 'no_show')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One active booking per person per day.
CREATE UNIQUE INDEX bookings_one_per_person_per_day ON bookings (id_hash, day) WHERE status = 'booked';
CREATE INDEX bookings_by_slot ON bookings (slot_id);
