-- 0002_registers: every table as written, risks, technical debt, burndown
-- rows, dated log entries and progress claims; context dates on sections
-- and items.

-- Block comments after an added column are kept in the stored schema.
ALTER TABLE section ADD COLUMN date TEXT
  /* date the heading, or a **Date** field under it, gives */;
ALTER TABLE section ADD COLUMN context_date TEXT
  /* its date, else the date of the nearest dated heading above it */;
ALTER TABLE item ADD COLUMN context_date TEXT
  /* date of the dated heading (log entry) it sits under */;
ALTER TABLE document ADD COLUMN risks_open INTEGER NOT NULL DEFAULT 0
  /* risks in it that are not resolved */;

CREATE TABLE doc_table (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES document(id),
  section_id   INTEGER REFERENCES section(id),  -- innermost heading above it
  line         INTEGER NOT NULL,        -- line of the header row
  kind         TEXT NOT NULL,           -- risk, tech_debt, burndown, metric, fields or other
  columns      INTEGER NOT NULL,        -- number of columns
  rows         INTEGER NOT NULL,        -- number of body rows
  header       TEXT NOT NULL            -- JSON array of the header cells
) STRICT;
CREATE INDEX doc_table_document ON doc_table(document_id);

CREATE TABLE table_row (
  table_id     INTEGER NOT NULL REFERENCES doc_table(id),
  row          INTEGER NOT NULL,        -- 1 = first body row
  line         INTEGER NOT NULL,
  cells        TEXT NOT NULL,           -- JSON array of the cells as plain text
  PRIMARY KEY (table_id, row)
) STRICT, WITHOUT ROWID;

CREATE TABLE risk (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES document(id),
  section_id    INTEGER REFERENCES section(id),
  table_id      INTEGER REFERENCES doc_table(id),  -- the table it is a row of, if any
  line          INTEGER NOT NULL,
  source        TEXT NOT NULL,          -- table, bullet (**Risk**: block) or blocker (Blocker: block)
  ext_id        TEXT,                   -- R-03, CWR-001
  title         TEXT NOT NULL,
  probability   TEXT,                   -- as written
  probability_level INTEGER,            -- 1 low, 2 medium, 3 high, 4 critical; NULL if unknown
  impact        TEXT,
  impact_level  INTEGER,
  severity      TEXT,
  severity_level INTEGER,
  mitigation    TEXT,
  owner         TEXT,
  status        TEXT,                   -- as written
  state         TEXT NOT NULL,          -- open or resolved (from status, else the section)
  resolution    TEXT,
  lessons       TEXT,                   -- lessons learned, for resolved risks
  eta           TEXT,                   -- a blocker's ETA as written
  due_date      TEXT,                   -- due, review date or ETA (YYYY-MM-DD)
  resolved_date TEXT,
  key           INTEGER NOT NULL        -- identity across ingests: the id, else the normalised title
) STRICT;
CREATE INDEX risk_document ON risk(document_id);

CREATE TABLE tech_debt (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES document(id),
  section_id    INTEGER REFERENCES section(id),
  table_id      INTEGER REFERENCES doc_table(id),
  line          INTEGER NOT NULL,
  source        TEXT NOT NULL,          -- table or bullet (TD-001: ...)
  ext_id        TEXT,                   -- TD-001
  description   TEXT NOT NULL,
  impact        TEXT,
  impact_level  INTEGER,                -- 1 low .. 4 critical
  priority      TEXT,
  priority_level INTEGER,
  planned_resolution TEXT,
  status        TEXT,
  state         TEXT NOT NULL,          -- open or resolved
  owner         TEXT,
  resolved_date TEXT,
  key           INTEGER NOT NULL
) STRICT;
CREATE INDEX tech_debt_document ON tech_debt(document_id);

CREATE TABLE burndown (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES document(id),
  section_id    INTEGER REFERENCES section(id),
  table_id      INTEGER REFERENCES doc_table(id),
  line          INTEGER NOT NULL,
  milestone     TEXT,                   -- from the heading, else the nearest milestone section
  label         TEXT NOT NULL,          -- the date or day cell as written
  date          TEXT,                   -- YYYY-MM-DD when the label is a date
  ordinal       INTEGER,                -- Day 3 -> 3, Week 2 -> 2, when it is not a date
  remaining     INTEGER,                -- the number in the remaining cell
  remaining_text TEXT,                  -- as written ('12 (−3)', '~40')
  completed     INTEGER,
  completed_text TEXT,
  scope         INTEGER,
  ideal         INTEGER,
  blockers      TEXT                    -- NULL when None, -, n/a
) STRICT;
CREATE INDEX burndown_document ON burndown(document_id);

CREATE TABLE log_entry (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES document(id),
  section_id    INTEGER REFERENCES section(id),  -- the dated heading, or the section of a dated list item
  line          INTEGER NOT NULL,
  date          TEXT NOT NULL,          -- YYYY-MM-DD
  source        TEXT NOT NULL,          -- heading, date_field (**Date**: under a heading) or item
  weekly        INTEGER NOT NULL DEFAULT 0,  -- a 'Week of ...' summary
  title         TEXT NOT NULL,          -- without the date where it opens or closes the title
  milestone     TEXT,                   -- 'Milestone 5.1'
  component     TEXT                    -- 'Cache layer' in '... - Milestone 5.1 - Cache layer'
) STRICT;
CREATE INDEX log_entry_document ON log_entry(document_id);
CREATE INDEX log_entry_date ON log_entry(date);

CREATE TABLE claim (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES document(id),
  section_id    INTEGER REFERENCES section(id),
  line          INTEGER NOT NULL,
  kind          TEXT NOT NULL,          -- progress, status, tests, coverage or metric
  subject       TEXT NOT NULL,          -- what it is about: a label, a milestone, a module, a section
  done          INTEGER,                -- x of x/y
  total         INTEGER,                -- y of x/y
  percent       REAL,                   -- 60 for '60% complete'
  target        REAL,                   -- 80 for 'Target: 80%+'
  value         TEXT,                   -- a metric's current or actual value as written
  status        TEXT,                   -- status word or rating emoji as written
  state         TEXT,                   -- that status normalised
  text          TEXT NOT NULL           -- the line as written (plain text)
) STRICT;
CREATE INDEX claim_document ON claim(document_id);

-- Cells of every table, one row each, with the column's header.
CREATE VIEW table_cell AS
SELECT r.table_id, r.row, r.line, CAST(c.key AS INTEGER) + 1 AS col,
       json_extract(t.header, '$[' || c.key || ']') AS header,
       c.value AS value
  FROM table_row r
  JOIN doc_table t ON t.id = r.table_id
  JOIN json_each(r.cells) c;
