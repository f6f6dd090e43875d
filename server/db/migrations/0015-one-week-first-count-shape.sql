-- 15: one counted shape for observations per area, week first; fewer index entries written
-- per observation (docs/architecture.md "Week aggregates").
--
-- Migrations 12 and 14 kept two tables of the same counts: week_area_counts keyed
-- week × area × indicator × time of day, and area_week_counts keyed area first with time of
-- day as columns. Every observation wrote both, and area-first keys put each area's
-- current week on its own page, so a batch of reports dirtied a page per area. Now one
-- table, keyed week first (a batch of this week's reports lands on a few neighbouring
-- pages), time of day and "kvarstår" as columns. Readers that want one area or place over
-- many weeks seek week by week (the week list bound as JSON) instead of a second key.
--
-- The observations' indexes by area and by place served counts the aggregates now answer;
-- each cost a b-tree entry at a random position per observation. The index by week and
-- area stays (this week's entries sit together): a cell's or an area's observations on
-- demand, the export and the map read the week's rows by it.
--
-- Invariant as before: each counted table equals the GROUP BY of its source at every
-- commit, kept by triggers in the writing transaction; a group whose count falls to 0 is
-- deleted. One trigger per table and event now maintains all of its counted tables.

DROP TRIGGER observations_aggregate_insert;
DROP TRIGGER observations_aggregate_delete;
DROP TRIGGER observations_aggregate_update;
DROP TRIGGER observations_area_week_insert;
DROP TRIGGER observations_area_week_delete;
DROP TRIGGER observations_area_week_update;
DROP TRIGGER reports_aggregate_insert;
DROP TRIGGER reports_aggregate_delete;
DROP TRIGGER reports_aggregate_update;
DROP TRIGGER reports_week_insert;
DROP TRIGGER reports_week_delete;
DROP TRIGGER reports_week_update;

DROP TABLE week_area_counts;
DROP TABLE area_week_counts;
DROP INDEX week_place_counts_place;

DROP INDEX observations_area_week;
DROP INDEX observations_place_week;

-- Observations per week × area × indicator; of `count`, by time of day, and marked "kvarstår".
CREATE TABLE week_area_counts (
  week TEXT NOT NULL,
  area_id TEXT NOT NULL,
  category TEXT NOT NULL,
  count INTEGER NOT NULL,
  day INTEGER NOT NULL,
  evening INTEGER NOT NULL,
  night INTEGER NOT NULL,
  unknown INTEGER NOT NULL,
  persisting INTEGER NOT NULL,
  PRIMARY KEY (week, area_id, category)
) WITHOUT ROWID;

INSERT INTO week_area_counts (week, area_id, category, count, day, evening, night, unknown, persisting)
  SELECT week, area_id, category, count(*), sum(time_of_day = 'day'), sum(time_of_day = 'evening'),
         sum(time_of_day = 'night'), sum(time_of_day = 'unknown'), sum(persists <> 0)
    FROM observations GROUP BY week, area_id, category;

CREATE TRIGGER observations_counts_insert AFTER INSERT ON observations BEGIN
  INSERT INTO week_area_counts (week, area_id, category, count, day, evening, night, unknown, persisting)
    VALUES (NEW.week, NEW.area_id, NEW.category, 1, NEW.time_of_day = 'day', NEW.time_of_day = 'evening',
            NEW.time_of_day = 'night', NEW.time_of_day = 'unknown', NEW.persists <> 0)
    ON CONFLICT (week, area_id, category) DO UPDATE SET count = count + 1, day = day + excluded.day,
      evening = evening + excluded.evening, night = night + excluded.night, unknown = unknown + excluded.unknown,
      persisting = persisting + excluded.persisting;
  INSERT INTO week_place_counts (week, place_id, category, count)
    SELECT NEW.week, NEW.place_id, NEW.category, 1 WHERE NEW.place_id IS NOT NULL
    ON CONFLICT (week, place_id, category) DO UPDATE SET count = count + 1;
  INSERT INTO year_area_counts (year, area_id, category, count) VALUES (substr(NEW.week, 1, 4), NEW.area_id, NEW.category, 1)
    ON CONFLICT (year, area_id, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER observations_counts_delete AFTER DELETE ON observations BEGIN
  UPDATE week_area_counts SET count = count - 1, day = day - (OLD.time_of_day = 'day'), evening = evening - (OLD.time_of_day = 'evening'),
      night = night - (OLD.time_of_day = 'night'), unknown = unknown - (OLD.time_of_day = 'unknown'), persisting = persisting - (OLD.persists <> 0)
   WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category;
  DELETE FROM week_area_counts WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category AND count <= 0;
  UPDATE week_place_counts SET count = count - 1
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category;
  DELETE FROM week_place_counts
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category AND count <= 0;
  UPDATE year_area_counts SET count = count - 1 WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category;
  DELETE FROM year_area_counts WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category AND count <= 0;
END;

-- An edit: the old row's counts out, the new row's in (the same statements as delete + insert).
CREATE TRIGGER observations_counts_update AFTER UPDATE OF week, area_id, category, time_of_day, persists, place_id ON observations BEGIN
  UPDATE week_area_counts SET count = count - 1, day = day - (OLD.time_of_day = 'day'), evening = evening - (OLD.time_of_day = 'evening'),
      night = night - (OLD.time_of_day = 'night'), unknown = unknown - (OLD.time_of_day = 'unknown'), persisting = persisting - (OLD.persists <> 0)
   WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category;
  DELETE FROM week_area_counts WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category AND count <= 0;
  UPDATE week_place_counts SET count = count - 1
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category;
  DELETE FROM week_place_counts
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category AND count <= 0;
  UPDATE year_area_counts SET count = count - 1 WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category;
  DELETE FROM year_area_counts WHERE year = substr(OLD.week, 1, 4) AND area_id = OLD.area_id AND category = OLD.category AND count <= 0;
  INSERT INTO week_area_counts (week, area_id, category, count, day, evening, night, unknown, persisting)
    VALUES (NEW.week, NEW.area_id, NEW.category, 1, NEW.time_of_day = 'day', NEW.time_of_day = 'evening',
            NEW.time_of_day = 'night', NEW.time_of_day = 'unknown', NEW.persists <> 0)
    ON CONFLICT (week, area_id, category) DO UPDATE SET count = count + 1, day = day + excluded.day,
      evening = evening + excluded.evening, night = night + excluded.night, unknown = unknown + excluded.unknown,
      persisting = persisting + excluded.persisting;
  INSERT INTO week_place_counts (week, place_id, category, count)
    SELECT NEW.week, NEW.place_id, NEW.category, 1 WHERE NEW.place_id IS NOT NULL
    ON CONFLICT (week, place_id, category) DO UPDATE SET count = count + 1;
  INSERT INTO year_area_counts (year, area_id, category, count) VALUES (substr(NEW.week, 1, 4), NEW.area_id, NEW.category, 1)
    ON CONFLICT (year, area_id, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER reports_counts_insert AFTER INSERT ON reports BEGIN
  INSERT INTO week_function_reports (week, function_id, reports, calm)
    VALUES (NEW.week, NEW.function_id, 1, NEW.calm <> 0)
    ON CONFLICT (week, function_id) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
  INSERT INTO week_reports (week, reports, calm) VALUES (NEW.week, 1, NEW.calm <> 0)
    ON CONFLICT (week) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
END;

CREATE TRIGGER reports_counts_delete AFTER DELETE ON reports BEGIN
  UPDATE week_function_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0)
   WHERE week = OLD.week AND function_id = OLD.function_id;
  DELETE FROM week_function_reports WHERE week = OLD.week AND function_id = OLD.function_id AND reports <= 0;
  UPDATE week_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0) WHERE week = OLD.week;
  DELETE FROM week_reports WHERE week = OLD.week AND reports <= 0;
END;

CREATE TRIGGER reports_counts_update AFTER UPDATE OF week, function_id, calm ON reports BEGIN
  UPDATE week_function_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0)
   WHERE week = OLD.week AND function_id = OLD.function_id;
  DELETE FROM week_function_reports WHERE week = OLD.week AND function_id = OLD.function_id AND reports <= 0;
  UPDATE week_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0) WHERE week = OLD.week;
  DELETE FROM week_reports WHERE week = OLD.week AND reports <= 0;
  INSERT INTO week_function_reports (week, function_id, reports, calm)
    VALUES (NEW.week, NEW.function_id, 1, NEW.calm <> 0)
    ON CONFLICT (week, function_id) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
  INSERT INTO week_reports (week, reports, calm) VALUES (NEW.week, 1, NEW.calm <> 0)
    ON CONFLICT (week) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
END;
