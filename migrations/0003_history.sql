-- 0003_history: what changed between ingests, as events; completion dates
-- with how they are known; persistent identities for risks and debt; and
-- section totals over whole subtrees.

ALTER TABLE item ADD COLUMN completed_at TEXT
  /* when it was completed: 'YYYY-MM-DD' as written, or 'YYYY-MM-DD HH:MM:SS' UTC as observed */;
ALTER TABLE item ADD COLUMN completed_source TEXT
  /* how completed_at is known: written, observed or git; NULL: unknown */;
CREATE INDEX item_first_run ON item(first_run);

ALTER TABLE section ADD COLUMN subtree_total INTEGER NOT NULL DEFAULT 0
  /* items under this heading and every heading below it (each item once, parents and children alike), cancelled left out */;
ALTER TABLE section ADD COLUMN subtree_done INTEGER NOT NULL DEFAULT 0
  /* of which done */;

ALTER TABLE risk ADD COLUMN first_run INTEGER NOT NULL DEFAULT 0
  /* run that first saw this risk (ids are kept across ingests, like items) */;
ALTER TABLE tech_debt ADD COLUMN first_run INTEGER NOT NULL DEFAULT 0
  /* run that first saw this entry */;
ALTER TABLE burndown ADD COLUMN first_run INTEGER NOT NULL DEFAULT 0
  /* run that first saw this row */;
ALTER TABLE document ADD COLUMN file TEXT GENERATED ALWAYS AS
  (CASE WHEN root = '.' THEN path ELSE root || '/' || path END) VIRTUAL
  /* root/path: the file as named from where progdb ran */;
ALTER TABLE ingest_run ADD COLUMN commit_id TEXT
  /* with ingest --git: the commit this run replays */;
ALTER TABLE ingest_run ADD COLUMN commit_author TEXT
  /* its author */;
ALTER TABLE ingest_run ADD COLUMN commit_subject TEXT
  /* its subject line */;

-- Rows stored before this version lack what it adds (subtree totals, the
-- first run of risks, debt and burndown rows): take the first runs from
-- their documents, and have the next ingest read every document again
-- (extract_version 0 is no version of the rules).
ALTER TABLE document ADD COLUMN extract_version INTEGER NOT NULL DEFAULT 0
  /* PDB_EXTRACT_VERSION of the extraction rules that stored it */;
UPDATE risk SET first_run = (SELECT d.first_run FROM document d
                              WHERE d.id = risk.document_id);
UPDATE tech_debt SET first_run = (SELECT d.first_run FROM document d
                                   WHERE d.id = tech_debt.document_id);
UPDATE burndown SET first_run = (SELECT d.first_run FROM document d
                                  WHERE d.id = burndown.document_id);

CREATE TABLE event (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES ingest_run(id),  -- the ingest that noticed it
  at           TEXT NOT NULL,           -- when it happened: 'YYYY-MM-DD HH:MM:SS' UTC, or 'YYYY-MM-DD' when only a written date is known
  entity       TEXT NOT NULL,           -- item, risk or debt
  entity_id    INTEGER NOT NULL,        -- item.id, risk.id or tech_debt.id (kept after the row is gone)
  document_id  INTEGER NOT NULL REFERENCES document(id),
  kind         TEXT NOT NULL,           -- completed, reopened, state, moved, removed, resolved, escalated, deescalated
  old_value    TEXT,                    -- the state (or severity level) before
  new_value    TEXT,                    -- and after
  source       TEXT,                    -- for completions: written, observed or git
  window_start TEXT,                    -- for observed completions: the last observation that saw it open
  commit_id    TEXT,                    -- for git completions: the commit that made it
  title        TEXT NOT NULL,           -- the item's text (risk title, debt description) at the time
  mark         TEXT,                    -- an item's mark then ('[x]', '✅')
  section_id   INTEGER,                 -- where it was then (it may no longer exist)
  section_title TEXT,                   -- that section's title then
  milestone    TEXT,                    -- that section's milestone then
  line         INTEGER,                 -- its line then
  first_run    INTEGER                  -- for removed ones: the run that first saw it
) STRICT;
CREATE INDEX event_at ON event(at);
CREATE INDEX event_entity ON event(entity, entity_id);
