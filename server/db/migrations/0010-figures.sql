-- 9: other sources' figures (police, property management, rescue service) and the
-- statutory lägesbild's texts (SFS 2023:196).
--
-- - figure_sources / figure_categories: a source ("Polisen – anmälda brott") and
--   its own categories; `name_key` is the normalised name imports match by.
-- - figures: one count per source × week × area × category (the primary key), so
--   re-importing the same combination replaces the count. An area with figures
--   cannot be deleted (foreign key: the admin API answers 409).
-- - figure_area_mappings: an area name of the source's files that matches no area,
--   mapped by an admin to an area or to "ignore" (area_id NULL); remembered.
-- - figure_source_tokens: API tokens of sources that push figures, stored as
--   SHA-256 hashes like device tokens (the token itself is never stored).
-- - figure_imports: one row per import (who, when, how many), beside the audit entry.
-- - lagesbild_texts: the coordinators' analysis per year, saved with a version
--   (optimistic concurrency like the draft picture).
CREATE TABLE figure_sources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE figure_categories (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES figure_sources(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE (source_id, name_key)
);
CREATE TABLE figures (
  source_id TEXT NOT NULL REFERENCES figure_sources(id) ON DELETE CASCADE,
  week TEXT NOT NULL,
  area_id TEXT NOT NULL REFERENCES areas(id),
  category_id TEXT NOT NULL REFERENCES figure_categories(id) ON DELETE CASCADE,
  count INTEGER NOT NULL CHECK (count >= 0),
  import_id TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source_id, week, area_id, category_id)
) WITHOUT ROWID;
CREATE INDEX figures_week ON figures(week);
CREATE INDEX figures_area ON figures(area_id);
CREATE INDEX figures_category ON figures(category_id);
CREATE TABLE figure_area_mappings (
  source_id TEXT NOT NULL REFERENCES figure_sources(id) ON DELETE CASCADE,
  name_key TEXT NOT NULL,
  name TEXT NOT NULL,
  area_id TEXT REFERENCES areas(id) ON DELETE CASCADE,
  PRIMARY KEY (source_id, name_key)
) WITHOUT ROWID;
CREATE TABLE figure_source_tokens (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES figure_sources(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE figure_imports (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES figure_sources(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  file_name TEXT,
  rows INTEGER NOT NULL,
  figures INTEGER NOT NULL,
  first_week TEXT,
  last_week TEXT
);
CREATE INDEX figure_imports_source ON figure_imports(source_id, at);
CREATE TABLE lagesbild_texts (
  scope TEXT PRIMARY KEY,
  texts TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL,
  updated_by TEXT
) WITHOUT ROWID;
