-- The office calendar's special days: public holidays and make-up working days (補班).
-- Days are ISO dates as text, so they sort and compare the same on both engines.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    hours_of INTEGER CHECK (hours_of BETWEEN 1 AND 7)
);
