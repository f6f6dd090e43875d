-- 13: an admin's name for an informant device ("Telefon bil 3"), so devices are not
-- known by timestamps only. Optional; the server refuses control characters and personal
-- data before it writes one, and it is at most 40 characters here too. It is never sent
-- to the phone itself.
ALTER TABLE devices ADD COLUMN label TEXT CHECK (label IS NULL OR length(label) BETWEEN 1 AND 40);
