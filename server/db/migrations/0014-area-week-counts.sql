-- 14: observations per area × week × indicator, area first, per year, and reports per
-- week, for the period analysis and the year review (docs/architecture.md "Week aggregates").
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

-- Observations per ISO week-year (the week's first four characters) × area × indicator:
-- the year review's "the year before", one row per area and indicator instead of a year of weeks.
CREATE TABLE year_area_counts (
  year TEXT NOT NULL,
  area_id TEXT NOT NULL,
  category TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (year, area_id, category)
) WITHOUT ROWID;

INSERT INTO year_area_counts (year, area_id, category, count)
  SELECT substr(week, 1, 4), area_id, category, count(*) FROM observations GROUP BY 1, 2, 3;

-- Reports, and of those calm, per week (the year review's participation line).
CREATE TABLE week_reports (
  week TEXT PRIMARY KEY,
  reports INTEGER NOT NULL,
  calm INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO week_reports (week, reports, calm) SELECT week, count(*), sum(calm <> 0) FROM reports GROUP BY week;

-- An intervention's place over its before/after weeks: one range of the place's weeks,
-- covering (with the count), so no row is looked up per week and indicator.
CREATE INDEX week_place_counts_place ON week_place_counts(place_id, week, category, count);

CREATE TRIGGER observations_area_week_insert AFTER INSERT ON observations BEGIN
  INSERT INTO area_week_counts (area_id, week, category, count, day, evening, night, unknown)
    VALUES (NEW.area_id, NEW.week, NEW.category, 1, NEW.time_of_day = 'day', NEW.time_of_day = 'evening',
            NEW.time_of_day = 'night', NEW.time_of_day = 'unknown')
    ON CONFLICT (area_id, week, category) DO UPDATE SET count = count + 1, day = day + excluded.day,
      evening = evening + excluded.evening, night = night + excluded.night, unknown = unknown + excluded.unknown;
  INSERT INTO year_area_counts (year, area_id, category, count) VALUES (substr(NEW.week, 1, 4), NEW.area_id, NEW.category, 1)
    ON CONFLICT (year, area_id, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER observations_area_week_delete AFTER DELETE ON observations BEGIN
  UPDATE area_week_counts SET count = count - 1, day = day - (OLD.time_of_day = 'day'), evening = evening - (OLD.time_of_day = 'evening'),
      night = night - (OLD.time_of_day = 'night'), unknown = unknown - (OLD.time_of_day = 'unknown')
   WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category;
  DELETE FROM area_week_counts WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category AND count <= 0;
  UPDATE year_area_counts SET count = count - 1 WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category;
  DELETE FROM year_area_counts WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category AND count <= 0;
END;

CREATE TRIGGER observations_area_week_update AFTER UPDATE OF area_id, week, category, time_of_day ON observations BEGIN
  UPDATE area_week_counts SET count = count - 1, day = day - (OLD.time_of_day = 'day'), evening = evening - (OLD.time_of_day = 'evening'),
      night = night - (OLD.time_of_day = 'night'), unknown = unknown - (OLD.time_of_day = 'unknown')
   WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category;
  DELETE FROM area_week_counts WHERE area_id = OLD.area_id AND week = OLD.week AND category = OLD.category AND count <= 0;
  UPDATE year_area_counts SET count = count - 1 WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category;
  DELETE FROM year_area_counts WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category AND count <= 0;
  INSERT INTO area_week_counts (area_id, week, category, count, day, evening, night, unknown)
    VALUES (NEW.area_id, NEW.week, NEW.category, 1, NEW.time_of_day = 'day', NEW.time_of_day = 'evening',
            NEW.time_of_day = 'night', NEW.time_of_day = 'unknown')
    ON CONFLICT (area_id, week, category) DO UPDATE SET count = count + 1, day = day + excluded.day,
      evening = evening + excluded.evening, night = night + excluded.night, unknown = unknown + excluded.unknown;
  INSERT INTO year_area_counts (year, area_id, category, count) VALUES (substr(NEW.week, 1, 4), NEW.area_id, NEW.category, 1)
    ON CONFLICT (year, area_id, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER reports_week_insert AFTER INSERT ON reports BEGIN
  INSERT INTO week_reports (week, reports, calm) VALUES (NEW.week, 1, NEW.calm <> 0)
    ON CONFLICT (week) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
END;

CREATE TRIGGER reports_week_delete AFTER DELETE ON reports BEGIN
  UPDATE week_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0) WHERE week = OLD.week;
  DELETE FROM week_reports WHERE week = OLD.week AND reports <= 0;
END;

CREATE TRIGGER reports_week_update AFTER UPDATE OF week, calm ON reports BEGIN
  UPDATE week_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0) WHERE week = OLD.week;
  DELETE FROM week_reports WHERE week = OLD.week AND reports <= 0;
  INSERT INTO week_reports (week, reports, calm) VALUES (NEW.week, 1, NEW.calm <> 0)
    ON CONFLICT (week) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
END;
