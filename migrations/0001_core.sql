-- 0001_core: runs, documents, their heading tree, checklist items,
-- metadata and the warnings each document produced.

CREATE TABLE ingest_run (
  id              INTEGER PRIMARY KEY,  -- run number, increasing
  started_at      TEXT NOT NULL,        -- UTC 'YYYY-MM-DD HH:MM:SS' the run began
  observed_at     TEXT NOT NULL,        -- UTC time the run observes: started_at, or --as-of
  finished_at     TEXT,                 -- UTC time it committed
  tool_version    TEXT NOT NULL,        -- progdb version that wrote it
  roots           TEXT NOT NULL,        -- JSON array of the roots ingested, as named
  files_seen      INTEGER NOT NULL DEFAULT 0,  -- files found by the walk
  files_new       INTEGER NOT NULL DEFAULT 0,  -- first seen in this run
  files_changed   INTEGER NOT NULL DEFAULT 0,  -- content changed since the last run
  files_unchanged INTEGER NOT NULL DEFAULT 0,  -- skipped: same size, mtime or hash
  files_removed   INTEGER NOT NULL DEFAULT 0,  -- known files no longer found
  files_failed    INTEGER NOT NULL DEFAULT 0,  -- could not be read or decoded
  warnings        INTEGER NOT NULL DEFAULT 0,  -- warnings reported during the run
  items           INTEGER NOT NULL DEFAULT 0,  -- current items after the run
  unknown_marks   TEXT                  -- JSON object: unknown checkbox mark -> count
) STRICT;

CREATE TABLE document (
  id            INTEGER PRIMARY KEY,
  root          TEXT NOT NULL,          -- ingest root as named ('docs', '.')
  path          TEXT NOT NULL,          -- path relative to the root, '/'-separated
  title         TEXT NOT NULL,          -- first H1, else the file name
  size          INTEGER NOT NULL,       -- bytes, as last read
  mtime_ns      INTEGER NOT NULL,       -- modification time in ns, as last read
  hash          INTEGER NOT NULL,       -- 64-bit content hash, as last read
  encoding      TEXT,                   -- repairs made when decoding ('mojibake,crlf'), NULL if clean
  is_template   INTEGER NOT NULL DEFAULT 0,  -- 1: made of placeholders, left out of progress
  template_reason TEXT,                 -- why it is (or is not) taken for a template
  status        TEXT,                   -- declared status, as written (**Status**: ...)
  state         TEXT,                   -- that status normalised: done, in_progress, ...
  start_date    TEXT,                   -- declared **Start Date** (YYYY-MM-DD)
  doc_date      TEXT,                   -- declared **Date**
  updated_date  TEXT,                   -- declared Last Updated
  items_total   INTEGER NOT NULL DEFAULT 0,  -- checklist items, cancelled ones left out
  items_done    INTEGER NOT NULL DEFAULT 0,  -- of which done
  first_run     INTEGER NOT NULL REFERENCES ingest_run(id),  -- run that first saw it
  changed_run   INTEGER NOT NULL REFERENCES ingest_run(id),  -- run that last found it new or changed
  removed_run   INTEGER REFERENCES ingest_run(id),  -- run that found it gone; NULL while present
  UNIQUE (root, path)
) STRICT;

CREATE TABLE section (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES document(id),
  parent_id    INTEGER,                 -- enclosing section's id, NULL at the top
  ord          INTEGER NOT NULL,        -- position in the document, from 0
  level        INTEGER NOT NULL,        -- heading level 1-6
  line         INTEGER NOT NULL,        -- line of the heading
  end_line     INTEGER NOT NULL,        -- last line before the next heading of this level or higher
  title        TEXT NOT NULL,           -- heading as plain text, emoji kept
  norm_title   TEXT NOT NULL,           -- title without status emoji and status words
  status       TEXT,                    -- status the heading declares: done, in_progress, not_started, blocked, cancelled, deferred
  status_text  TEXT,                    -- the indicator as written ('✅', '⏸️ NOT STARTED')
  milestone    TEXT,                    -- milestone the title names ('Phase 2', 'Milestone 5.1')
  items_total  INTEGER NOT NULL DEFAULT 0,  -- items directly under this heading, cancelled left out
  items_done   INTEGER NOT NULL DEFAULT 0   -- of which done
) STRICT;
CREATE INDEX section_document ON section(document_id);

CREATE TABLE item (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- stable: the same item keeps its id across ingests, never reused
  document_id  INTEGER NOT NULL REFERENCES document(id),
  section_id   INTEGER REFERENCES section(id),  -- innermost heading above it
  parent_id    INTEGER,                 -- enclosing item's id, NULL at the top
  line         INTEGER NOT NULL,
  depth        INTEGER NOT NULL,        -- list nesting, 1 = top level
  state        TEXT NOT NULL,           -- open, done, in_progress, cancelled, deferred, blocked, question
  mark         TEXT NOT NULL,           -- as written: '[ ]', '[x]', '[/]', '✅', ...
  source       TEXT NOT NULL,           -- 'checkbox' or 'emoji'
  text         TEXT NOT NULL,           -- plain text after the mark
  label        TEXT,                    -- leading bold span (**Label**: detail)
  detail       TEXT GENERATED ALWAYS AS (
                 CASE WHEN label IS NOT NULL AND substr(text, 1, length(label)) = label
                      THEN ltrim(substr(text, length(label) + 1), ': ') END) VIRTUAL,
                                        -- text after the label and its colon
  ext_id       TEXT,                    -- explicit id: T012, 1.2, 🆔 id, TD-004
  tags         TEXT,                    -- spec-kit tags: 'P US1'
  optional     INTEGER NOT NULL DEFAULT 0,  -- Kiro '- [ ]*'
  is_current   INTEGER NOT NULL DEFAULT 0,  -- carries '← CURRENT STEP'
  priority     INTEGER,                 -- Obsidian Tasks: 1 lowest .. 5 highest
  done_date    TEXT,                    -- written completion date (✅ date, done date, [completion::])
  due_date     TEXT,                    -- 📅 date, due date, [due::]
  created_date TEXT,                    -- ➕ date, (added date), [created::]
  start_date   TEXT,                    -- 🛫 date, [start::]
  scheduled_date TEXT,                  -- ⏳ date, [scheduled::]
  cancelled_date TEXT,                  -- ❌ date, [cancelled::]
  key          INTEGER NOT NULL,        -- 64-bit identity: hash of the explicit id, else of section path + normalised text
  first_run    INTEGER NOT NULL         -- run that first saw this item
) STRICT;
CREATE INDEX item_document ON item(document_id);
CREATE INDEX item_section ON item(section_id);

CREATE TABLE metadata (
  document_id  INTEGER NOT NULL REFERENCES document(id),
  section_id   INTEGER REFERENCES section(id),  -- NULL: before any heading
  line         INTEGER NOT NULL,
  key          TEXT NOT NULL,           -- 'Status', 'Start Date', ...
  value        TEXT NOT NULL,           -- as written, plain text
  date_value   TEXT,                    -- value read as a date (YYYY-MM-DD), when it is one
  source       TEXT NOT NULL            -- 'front_matter', 'bold', 'block' or 'table' (Field | Value)
) STRICT;
CREATE INDEX metadata_document ON metadata(document_id);
CREATE INDEX metadata_section ON metadata(section_id);

CREATE TABLE diagnostic (
  document_id  INTEGER NOT NULL REFERENCES document(id),
  line         INTEGER,                 -- NULL when not about one line
  code         TEXT NOT NULL,           -- 'invalid-utf8', 'mojibake', 'unknown-mark', ...
  message      TEXT NOT NULL
) STRICT;
CREATE INDEX diagnostic_document ON diagnostic(document_id);
