-- 0006_speed: item rows that cost half as much to write, and the indexes
-- weekly and check need to answer in milliseconds.  AUTOINCREMENT updated
-- sqlite_sequence on every insert, and the generated column `detail` was
-- computed on every insert too; together they were half the cost of
-- storing an item.  Ingest now numbers new items itself (never reusing an
-- id that an item or one of its events had) and stores `detail`.  The
-- table is rebuilt with the same columns in the same order; the views name
-- the table, not its definition, so they are kept as they are
-- (legacy_alter_table keeps the rename from re-checking them while no
-- table is called item).  Each run numbers its new items in one block and
-- records it, so that the items a run first saw are a range of ids, not an
-- index of 650,000 entries (which was a quarter of a bulk load's index
-- building).

ALTER TABLE ingest_run ADD COLUMN items_from INTEGER
  /* the items this run first saw have ids in items_from..items_to (with gaps where an item moved from another file took back its old id); NULL: none */;
ALTER TABLE ingest_run ADD COLUMN items_to INTEGER;
UPDATE ingest_run
   SET items_from = (SELECT min(id) FROM item WHERE first_run = ingest_run.id),
       items_to = (SELECT max(id) FROM item WHERE first_run = ingest_run.id);

PRAGMA legacy_alter_table = ON;

CREATE TABLE item_rebuilt (
  id           INTEGER PRIMARY KEY,     -- stable: the same item keeps its id across ingests, never reused
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
  detail       TEXT,                    -- text after the label and its colon, when text starts with the label
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
  first_run    INTEGER NOT NULL,        -- run that first saw this item
  context_date TEXT,                    -- date of the dated heading (log entry) it sits under
  completed_at TEXT,                    -- when it was completed: 'YYYY-MM-DD' as written, or 'YYYY-MM-DD HH:MM:SS' UTC as observed
  completed_source TEXT                 -- how completed_at is known: written, observed or git; NULL: unknown
) STRICT;

INSERT INTO item_rebuilt
SELECT id, document_id, section_id, parent_id, line, depth, state, mark,
       source, text, label, detail, ext_id, tags, optional, is_current,
       priority, done_date, due_date, created_date, start_date,
       scheduled_date, cancelled_date, key, first_run, context_date,
       completed_at, completed_source
  FROM item;

DROP TABLE item;
ALTER TABLE item_rebuilt RENAME TO item;

CREATE INDEX item_document ON item(document_id);
CREATE INDEX item_section ON item(section_id);
CREATE INDEX item_blocked ON item(document_id) WHERE state = 'blocked';
CREATE INDEX item_current ON item(document_id) WHERE is_current = 1;
-- With the state, for check: the open sub-items of each item.
CREATE INDEX item_parent ON item(parent_id, state) WHERE parent_id IS NOT NULL;

PRAGMA legacy_alter_table = OFF;

-- No query looks claims or metadata up by section (they are read by
-- document, or joined to their section from their own side).
DROP INDEX claim_section;
DROP INDEX metadata_section;

-- For weekly: what each run first saw or changed (risks, debt,
-- documents), burndown rows by date, undated ones by the run that first
-- saw them, and open blockers.
CREATE INDEX risk_first_run ON risk(first_run);
CREATE INDEX tech_debt_first_run ON tech_debt(first_run);
CREATE INDEX document_first_run ON document(first_run);
CREATE INDEX document_rechanged ON document(changed_run)
  WHERE changed_run <> first_run;
CREATE INDEX burndown_date ON burndown(date);
CREATE INDEX burndown_undated ON burndown(first_run) WHERE date IS NULL;
CREATE INDEX risk_blocker ON risk(document_id)
  WHERE source = 'blocker' AND state = 'open';

-- For check: sections declared done with items open.
CREATE INDEX section_done_open ON section(document_id)
  WHERE declared_state = 'done' AND subtree_done < subtree_total;
