-- Satisfaction per counter: an answer given for a visit served at a counter, or through the QR
-- code at a counter, records that counter (with the location already recorded).
ALTER TABLE survey_answers ADD COLUMN counter TEXT;
