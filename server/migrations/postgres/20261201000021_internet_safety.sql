-- Safety on the open internet.

-- Per-client limits every instance shares: one row per bucket (a limit's class and a keyed
-- hash of the client) and fixed window; old windows are purged.
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

-- Facts about this installation, such as the check value of the data key that sealed it.
CREATE TABLE portal_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Failed staff sign-ins in a row, per account and per client (keyed hashes), for growing
-- delays; a success clears the account's rows for that client.
CREATE TABLE sign_in_failures (
    bucket TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);

-- Who made a booking, as keyed hashes, so that one phone, e-mail address or client cannot
-- hold more than a few of a day's seats.
ALTER TABLE bookings ADD COLUMN phone_hash TEXT;
ALTER TABLE bookings ADD COLUMN email_hash TEXT;
ALTER TABLE bookings ADD COLUMN client_hash TEXT;
CREATE INDEX bookings_by_phone ON bookings (day, phone_hash) WHERE status = 'booked';
CREATE INDEX bookings_by_email ON bookings (day, email_hash) WHERE status = 'booked';
CREATE INDEX bookings_by_client ON bookings (day, client_hash) WHERE status = 'booked';
-- How many bookings a client made lately, and a day got lately (the challenge's pressure).
CREATE INDEX bookings_by_client_time ON bookings (client_hash, created_at);
CREATE INDEX bookings_by_day_time ON bookings (day, created_at);

-- When a petition's personal data was erased after its keeping time (the row stays for the
-- published monthly figures: category, days and status).
ALTER TABLE petitions ADD COLUMN erased_at BIGINT;

-- The kiosks of each service point: a device a supervisor enrolled (its browser holds the
-- token, only a hash of it is kept). Only kiosks take numbered tickets.
CREATE TABLE kiosk_devices (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations (id),
    token_hash TEXT NOT NULL UNIQUE,
    enrolled_by TEXT NOT NULL,
    enrolled_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX kiosk_devices_by_location ON kiosk_devices (location_id);

-- A contended day's seat held for a booking in progress while the person types the code mailed
-- to them: the seat counts in its slot's `booked` until the hold becomes a booking or lapses.
CREATE TABLE seat_holds (
    id TEXT PRIMARY KEY,
    slot_id TEXT NOT NULL REFERENCES slots (id),
    draft TEXT NOT NULL UNIQUE,
    -- A keyed hash of the booking in progress and the code.
    code_hash TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX seat_holds_by_expiry ON seat_holds (expires_at);
