-- 13: observations per area × week × indicator, area first, for the period analysis and the
-- year review (docs/architecture.md "Week aggregates").
--
-- The week aggregates of migration 12 are keyed week first and split by time of day, which
-- fits one week's questions; the period and the year ask per area over many weeks (a year's
-- series, the interventions' before/after windows, the previous year's totals), so this
-- table is keyed area first: one range per area. Time of day is four columns, not a key,
-- so the table stays one row per area × week × indicator. Invariant and
-- maintenance as in migration 12: it equals the GROUP BY of observations at every commit,
-- kept by triggers in the writing transaction; a group whose count falls to 0 is deleted.
CREATE TABLE area_week_counts (
  area_id TEXT NOT NULL,
  week TEXT NOT NULL,
  category TEXT NOT NULL,
  count INTEGER NOT NULL,
  day INTEGER NOT NULL,              -- of `count`, by time of day
  evening INTEGER NOT NULL,
  night INTEGER NOT NULL,
  unknown INTEGER NOT NULL,
  PRIMARY KEY (area_id, week, category)
) WITHOUT ROWID;

INSERT INTO area_week_counts (area_id, week, category, count, day, evening, night, unknown)
  SELECT area_id, week, category, count(*), sum(time_of_day = 'day'), sum(time_of_day = 'evening'),
         sum(time_of_day = 'night'), sum(time_of_day = 'unknown')
    FROM observations GROUP BY area_id, week, category;

-- An intervention's place over its before/after weeks: one range of the place's weeks,
-- covering (with the count), so no row is looked up per week and indicator.
CREATE INDEX week_place_counts_place ON week_place_counts(place_id, week, category, count);

CREATE TRIGGER observations_area_week_insert AFTER INSERT ON observations BEGIN
  INSERT INTO area_week_counts (area_id, week, category, count, day, evening, night, unknown)
    VALUES (NEW.area_id, NEW.week, NEW.category, 1, NEW.time_of_day = 'day', NEW.time_of_day = 'evening',
            NEW.time_of_day = 'night', NEW.time_of_day = 'unknown')
    ON CONFLICT (area_id, week, category) DO UPDATE SET count = count + 1, day = day + excluded.day,
      evening = evening + excluded.evening, night = night + excluded.night, unknown = unknown + excluded.unknown;
END;

CREATE TRIGGER observations_area_week_delete AFTER DELETE ON observations BEGIN
  UPDATE area_week_counts SET count = count - 1, day = day - (OLD.time_of_day = 'day'), evening = evening - (OLD.time_of_day = 'evening'),
      night = night - (OLD.time_of_day = 'night'), unknown = unknown - (OLD.time_of_day = 'unknown')
   WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category;
  DELETE FROM area_week_counts WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category AND count <= 0;
END;

CREATE TRIGGER observations_area_week_update AFTER UPDATE OF area_id, week, category, time_of_day ON observations BEGIN
  UPDATE area_week_counts SET count = count - 1, day = day - (OLD.time_of_day = 'day'), evening = evening - (OLD.time_of_day = 'evening'),
      night = night - (OLD.time_of_day = 'night'), unknown = unknown - (OLD.time_of_day = 'unknown')
   WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category;
  DELETE FROM area_week_counts WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category AND count <= 0;
  INSERT INTO area_week_counts (area_id, week, category, count, day, evening, night, unknown)
    VALUES (NEW.area_id, NEW.week, NEW.category, 1, NEW.time_of_day = 'day', NEW.time_of_day = 'evening',
            NEW.time_of_day = 'night', NEW.time_of_day = 'unknown')
    ON CONFLICT (area_id, week, category) DO UPDATE SET count = count + 1, day = day + excluded.day,
      evening = evening + excluded.evening, night = night + excluded.night, unknown = unknown + excluded.unknown;
END;
