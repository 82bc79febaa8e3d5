-- Hours a location opens on holidays for the services that allow holiday appointments
-- (marriage registrations on popular dates), as minutes after midnight; NULL: never.
ALTER TABLE locations ADD COLUMN holiday_opens BIGINT;
ALTER TABLE locations ADD COLUMN holiday_closes BIGINT;
