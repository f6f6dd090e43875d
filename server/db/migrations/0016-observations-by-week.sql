-- 16: observations indexed by week alone (docs/architecture.md "Week aggregates").
--
-- The index by week × area × indicator served counts that the counted tables now answer
-- (migration 15). What still reads observations themselves – a cell's or an area's
-- observations on demand, the draft's events, the export, the map – reads one week's rows
-- and filters them: a week is some 1,500 rows on a large municipality's ten-year history.
--
-- Measured (npm run bench -- ingest, a batch of 100 reports × 3 observations): the
-- three-column index cost about 3 ms of the batch's 8 ms of inserts, because each
-- observation's entry lands at the end of its own week × area × indicator group – some forty
-- separate places in the b-tree per batch, each a page to split and write to the WAL. An
-- index on the week alone is appended at one place (this week's end) and costs a few tenths
-- of a millisecond.

DROP INDEX observations_week_area;
CREATE INDEX observations_week ON observations(week);
