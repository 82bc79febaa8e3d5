-- Appointment slots: their length per location, and which counters serve booked appointments
-- (a slot takes one appointment per such counter; the others serve walk-ins).
ALTER TABLE locations ADD COLUMN slot_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE counters ADD COLUMN appointments INTEGER NOT NULL DEFAULT 0;
