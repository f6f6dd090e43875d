-- 12: per-week aggregates of observations and reports, so the week view, the draft and
-- participation read a few hundred counted rows instead of every observation of ten weeks
-- (docs/architecture.md "Week aggregates").
--
-- Invariant: each table equals the GROUP BY of its source table, at every commit.
-- Triggers keep it, so every write path (ingest, the demo seed, imports, tests writing SQL,
-- a later edit or withdrawal) maintains it in its own transaction; a row whose count falls
-- to 0 is deleted, so the tables hold exactly the groups that exist.

-- Observations per week × area × indicator × time of day; `persisting` of them marked "kvarstår".
CREATE TABLE week_area_counts (
  week TEXT NOT NULL,
  area_id TEXT NOT NULL,
  category TEXT NOT NULL,
  time_of_day TEXT NOT NULL,
  count INTEGER NOT NULL,
  persisting INTEGER NOT NULL,
  PRIMARY KEY (week, area_id, category, time_of_day)
) WITHOUT ROWID;

-- Observations with a place per week × place × indicator (recurring places).
CREATE TABLE week_place_counts (
  week TEXT NOT NULL,
  place_id TEXT NOT NULL,
  category TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (week, place_id, category)
) WITHOUT ROWID;

-- Reports per week × function, and of those calm (participation, weeks in use).
CREATE TABLE week_function_reports (
  week TEXT NOT NULL,
  function_id TEXT NOT NULL,
  reports INTEGER NOT NULL,
  calm INTEGER NOT NULL,
  PRIMARY KEY (week, function_id)
) WITHOUT ROWID;

INSERT INTO week_area_counts (week, area_id, category, time_of_day, count, persisting)
  SELECT week, area_id, category, time_of_day, count(*), sum(persists <> 0)
    FROM observations GROUP BY week, area_id, category, time_of_day;
INSERT INTO week_place_counts (week, place_id, category, count)
  SELECT week, place_id, category, count(*)
    FROM observations WHERE place_id IS NOT NULL GROUP BY week, place_id, category;
INSERT INTO week_function_reports (week, function_id, reports, calm)
  SELECT week, function_id, count(*), sum(calm <> 0)
    FROM reports GROUP BY week, function_id;

CREATE TRIGGER observations_aggregate_insert AFTER INSERT ON observations BEGIN
  INSERT INTO week_area_counts (week, area_id, category, time_of_day, count, persisting)
    VALUES (NEW.week, NEW.area_id, NEW.category, NEW.time_of_day, 1, NEW.persists <> 0)
    ON CONFLICT (week, area_id, category, time_of_day)
    DO UPDATE SET count = count + 1, persisting = persisting + excluded.persisting;
  INSERT INTO week_place_counts (week, place_id, category, count)
    SELECT NEW.week, NEW.place_id, NEW.category, 1 WHERE NEW.place_id IS NOT NULL
    ON CONFLICT (week, place_id, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER observations_aggregate_delete AFTER DELETE ON observations BEGIN
  UPDATE week_area_counts SET count = count - 1, persisting = persisting - (OLD.persists <> 0)
   WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category AND time_of_day = OLD.time_of_day;
  DELETE FROM week_area_counts
   WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category AND time_of_day = OLD.time_of_day AND count <= 0;
  UPDATE week_place_counts SET count = count - 1
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category;
  DELETE FROM week_place_counts
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category AND count <= 0;
END;

CREATE TRIGGER observations_aggregate_update AFTER UPDATE OF week, area_id, category, time_of_day, persists, place_id ON observations BEGIN
  UPDATE week_area_counts SET count = count - 1, persisting = persisting - (OLD.persists <> 0)
   WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category AND time_of_day = OLD.time_of_day;
  DELETE FROM week_area_counts
   WHERE week = OLD.week AND area_id = OLD.area_id AND category = OLD.category AND time_of_day = OLD.time_of_day AND count <= 0;
  UPDATE week_place_counts SET count = count - 1
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category;
  DELETE FROM week_place_counts
   WHERE OLD.place_id IS NOT NULL AND week = OLD.week AND place_id = OLD.place_id AND category = OLD.category AND count <= 0;
  INSERT INTO week_area_counts (week, area_id, category, time_of_day, count, persisting)
    VALUES (NEW.week, NEW.area_id, NEW.category, NEW.time_of_day, 1, NEW.persists <> 0)
    ON CONFLICT (week, area_id, category, time_of_day)
    DO UPDATE SET count = count + 1, persisting = persisting + excluded.persisting;
  INSERT INTO week_place_counts (week, place_id, category, count)
    SELECT NEW.week, NEW.place_id, NEW.category, 1 WHERE NEW.place_id IS NOT NULL
    ON CONFLICT (week, place_id, category) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER reports_aggregate_insert AFTER INSERT ON reports BEGIN
  INSERT INTO week_function_reports (week, function_id, reports, calm)
    VALUES (NEW.week, NEW.function_id, 1, NEW.calm <> 0)
    ON CONFLICT (week, function_id) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
END;

CREATE TRIGGER reports_aggregate_delete AFTER DELETE ON reports BEGIN
  UPDATE week_function_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0)
   WHERE week = OLD.week AND function_id = OLD.function_id;
  DELETE FROM week_function_reports WHERE week = OLD.week AND function_id = OLD.function_id AND reports <= 0;
END;

CREATE TRIGGER reports_aggregate_update AFTER UPDATE OF week, function_id, calm ON reports BEGIN
  UPDATE week_function_reports SET reports = reports - 1, calm = calm - (OLD.calm <> 0)
   WHERE week = OLD.week AND function_id = OLD.function_id;
  DELETE FROM week_function_reports WHERE week = OLD.week AND function_id = OLD.function_id AND reports <= 0;
  INSERT INTO week_function_reports (week, function_id, reports, calm)
    VALUES (NEW.week, NEW.function_id, 1, NEW.calm <> 0)
    ON CONFLICT (week, function_id) DO UPDATE SET reports = reports + 1, calm = calm + excluded.calm;
END;
