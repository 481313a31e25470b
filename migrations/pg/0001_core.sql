-- 0001_core.sql (PostgreSQL): the tables `progdb push` copies a
-- repository's database into.  Each holds the columns of the SQLite table
-- of the same name (see schema/schema.sql for what they mean) plus repo,
-- the name given to --repo; ids are unique within a repo.
-- progdb_repo has a row per repository: the last run pushed, locked while
-- a push replaces that repository's rows.

CREATE TABLE progdb_repo (
  repo          text PRIMARY KEY,
  last_run      bigint,                 -- ingest_run.id of the newest run pushed
  last_started  text,                   -- its started_at: tells a rebuilt local database apart
  pushed_at     timestamptz,            -- when that push committed
  tool_version  text                    -- progdb version that pushed
);

CREATE TABLE ingest_run (
  repo text NOT NULL, id bigint NOT NULL,
  started_at text NOT NULL, observed_at text NOT NULL, finished_at text,
  tool_version text NOT NULL, roots text NOT NULL,
  files_seen bigint NOT NULL DEFAULT 0, files_new bigint NOT NULL DEFAULT 0,
  files_changed bigint NOT NULL DEFAULT 0,
  files_unchanged bigint NOT NULL DEFAULT 0,
  files_removed bigint NOT NULL DEFAULT 0,
  files_failed bigint NOT NULL DEFAULT 0, warnings bigint NOT NULL DEFAULT 0,
  items bigint NOT NULL DEFAULT 0, unknown_marks text,
  commit_id text, commit_author text, commit_subject text,
  items_from bigint, items_to bigint,
  PRIMARY KEY (repo, id)
);

CREATE TABLE document (
  repo text NOT NULL, id bigint NOT NULL,
  root text NOT NULL, path text NOT NULL, title text NOT NULL,
  size bigint NOT NULL, mtime_ns bigint NOT NULL, hash bigint NOT NULL,
  encoding text, is_template bigint NOT NULL DEFAULT 0, template_reason text,
  status text, state text, start_date text, doc_date text, updated_date text,
  items_total bigint NOT NULL DEFAULT 0, items_done bigint NOT NULL DEFAULT 0,
  first_run bigint NOT NULL, changed_run bigint NOT NULL, removed_run bigint,
  risks_open bigint NOT NULL DEFAULT 0,
  file text GENERATED ALWAYS AS
    (CASE WHEN root = '.' THEN path ELSE root || '/' || path END) STORED,
  extract_version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (repo, id)
);

CREATE TABLE section (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, parent_id bigint, ord bigint NOT NULL,
  level bigint NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL,
  title text NOT NULL, norm_title text NOT NULL, status text,
  status_text text, milestone text,
  items_total bigint NOT NULL DEFAULT 0, items_done bigint NOT NULL DEFAULT 0,
  date text, context_date text,
  subtree_total bigint NOT NULL DEFAULT 0,
  subtree_done bigint NOT NULL DEFAULT 0,
  declared text, declared_state text, disagrees bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (repo, id)
);
CREATE INDEX section_document ON section(repo, document_id);

CREATE TABLE metadata (
  repo text NOT NULL,
  document_id bigint NOT NULL, section_id bigint, line bigint NOT NULL,
  key text NOT NULL, value text NOT NULL, date_value text, source text NOT NULL
);
CREATE INDEX metadata_document ON metadata(repo, document_id);

CREATE TABLE diagnostic (
  repo text NOT NULL,
  document_id bigint NOT NULL, line bigint, code text NOT NULL,
  message text NOT NULL
);
CREATE INDEX diagnostic_document ON diagnostic(repo, document_id);

CREATE TABLE doc_table (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, line bigint NOT NULL,
  kind text NOT NULL, columns bigint NOT NULL, rows bigint NOT NULL,
  header text NOT NULL,
  PRIMARY KEY (repo, id)
);

CREATE TABLE table_row (
  repo text NOT NULL,
  table_id bigint NOT NULL, row bigint NOT NULL, line bigint NOT NULL,
  cells text NOT NULL,
  PRIMARY KEY (repo, table_id, row)
);

CREATE TABLE risk (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, table_id bigint,
  line bigint NOT NULL, source text NOT NULL, ext_id text, title text NOT NULL,
  probability text, probability_level bigint, impact text, impact_level bigint,
  severity text, severity_level bigint, mitigation text, owner text,
  status text, state text NOT NULL, resolution text, lessons text, eta text,
  due_date text, resolved_date text, key bigint NOT NULL,
  first_run bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (repo, id)
);

CREATE TABLE tech_debt (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, table_id bigint,
  line bigint NOT NULL, source text NOT NULL, ext_id text,
  description text NOT NULL, impact text, impact_level bigint, priority text,
  priority_level bigint, planned_resolution text, status text,
  state text NOT NULL, owner text, resolved_date text, key bigint NOT NULL,
  first_run bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (repo, id)
);

CREATE TABLE burndown (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, table_id bigint,
  line bigint NOT NULL, milestone text, label text NOT NULL, date text,
  ordinal bigint, remaining bigint, remaining_text text, completed bigint,
  completed_text text, scope bigint, ideal bigint, blockers text,
  first_run bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (repo, id)
);

CREATE TABLE log_entry (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, line bigint NOT NULL,
  date text NOT NULL, source text NOT NULL, weekly bigint NOT NULL DEFAULT 0,
  title text NOT NULL, milestone text, component text,
  PRIMARY KEY (repo, id)
);

CREATE TABLE claim (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, line bigint NOT NULL,
  kind text NOT NULL, subject text NOT NULL, done bigint, total bigint,
  percent double precision, target double precision, value text,
  status text, state text, text text NOT NULL,
  PRIMARY KEY (repo, id)
);

CREATE TABLE event (
  repo text NOT NULL, id bigint NOT NULL,
  run_id bigint NOT NULL, at text NOT NULL, entity text NOT NULL,
  entity_id bigint NOT NULL, document_id bigint NOT NULL, kind text NOT NULL,
  old_value text, new_value text, source text, window_start text,
  commit_id text, title text NOT NULL, mark text, section_id bigint,
  section_title text, milestone text, line bigint, first_run bigint,
  PRIMARY KEY (repo, id)
);
CREATE INDEX event_at ON event(at);
CREATE INDEX event_entity ON event(repo, entity, entity_id);

CREATE TABLE item (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, section_id bigint, parent_id bigint,
  line bigint NOT NULL, depth bigint NOT NULL, state text NOT NULL,
  mark text NOT NULL, source text NOT NULL, text text NOT NULL, label text,
  detail text, ext_id text, tags text, optional bigint NOT NULL DEFAULT 0,
  is_current bigint NOT NULL DEFAULT 0, priority bigint, done_date text,
  due_date text, created_date text, start_date text, scheduled_date text,
  cancelled_date text, key bigint NOT NULL, first_run bigint NOT NULL,
  context_date text, completed_at text, completed_source text,
  PRIMARY KEY (repo, id)
);
CREATE INDEX item_document ON item(repo, document_id);
