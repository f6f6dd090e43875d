-- 13: observations per area × week × indicator, area first, for the period analysis and the
-- year review (docs/architecture.md "Week aggregates").
--
-- The week aggregates of migration 12 are keyed week first and split by time of day, which
-- fits one week's questions; the period and the year ask per area over many weeks (a year's
-- series, the interventions' before/after windows, the previous year's totals), so this
-- table is keyed area first and without time of day: one range per area. Invariant and
-- maintenance as in migration 12: it equals the GROUP BY of observations at every commit,
-- kept by triggers in the writing transaction; a group whose count falls to 0 is deleted.
CREATE TABLE area_week_counts (
  area_id TEXT NOT NULL,
  week TEXT NOT NULL,
  category TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (area_id, week, category)
) WITHOUT ROWID;

INSERT INTO area_week_counts (area_id, week, category, count)
  SELECT area_id, week, category, count(*) FROM observations GROUP BY area_id, week, category;

-- An intervention's place over its before/after weeks: one range of the place's weeks.
CREATE INDEX week_place_counts_place ON week_place_counts(place_id, week);

CREATE TRIGGER observations_area_week_insert AFTER INSERT ON observations BEGIN
  INSERT INTO area_week_counts (area_id, week, category, count) VALUES (NEW.area_id, NEW.week, NEW.category, 1)
    ON CONFLICT (area_id, week, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER observations_area_week_delete AFTER DELETE ON observations BEGIN
  UPDATE area_week_counts SET count = count - 1 WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category;
  DELETE FROM area_week_counts WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category AND count <= 0;
END;

CREATE TRIGGER observations_area_week_update AFTER UPDATE OF area_id, week, category ON observations BEGIN
  UPDATE area_week_counts SET count = count - 1 WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category;
  DELETE FROM area_week_counts WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category AND count <= 0;
  INSERT INTO area_week_counts (area_id, week, category, count) VALUES (NEW.area_id, NEW.week, NEW.category, 1)
    ON CONFLICT (area_id, week, category) DO UPDATE SET count = count + 1;
END;
