-- weekly.sql - the sections of `progdb weekly`, one statement each.
--
-- Parameters, bound by cmd_weekly.c:
--   :since_at, :until_at    the window in UTC, 'YYYY-MM-DD HH:MM:SS',
--                           since inclusive, until exclusive
--   :since_day, :until_day  the same window as local days, both inclusive,
--                           for dates written in documents
--   :templates              1 to include template documents
-- Event times are UTC datetimes, or bare dates when a document wrote them;
-- both are shown as local days.
--
-- What an ingest finds for the first time is added (or opened) then, the
-- first ingest's finds included: the truth files of gencorpus.py count so.
-- With :baseline 0 (the text e-mail), what the database's first ingest
-- found is left out of added, opened and milestones, and only counted
-- (statement baseline): listing a whole tree helps nobody.

-- name: completed
-- The completions of v_completions in the window, so that a lead's query
-- over the view gives this answer (its rows are read here from event by
-- the index of events by time: the view's planner picks the index by
-- entity and reads every completion); an item completed again after a
-- reopening in the window (a reverted tick) is one completion, the first.
SELECT item, path, line, mark, section, completed, source, open_until
  FROM (SELECT e.title AS item, d.path, e.line, e.mark,
               e.section_title AS section,
               CASE WHEN length(e.at) = 10 THEN e.at
                    ELSE date(e.at, 'localtime') END AS completed,
               e.source,
               CASE WHEN e.window_start IS NOT NULL
                    THEN date(e.window_start, 'localtime') END AS open_until,
               row_number() OVER (PARTITION BY e.entity_id
                                  ORDER BY e.at) AS nth
          FROM event e INDEXED BY event_at
          JOIN document d ON d.id = e.document_id
         WHERE e.entity = 'item' AND e.kind = 'completed'
           AND (d.is_template = 0 OR :templates)
           -- Both forms at once, so that the index bounds the scan (a
           -- local day sorts before the times of that day).
           AND e.at >= min(:since_day, :since_at)
           AND e.at <= max(:until_day, :until_at)
           AND ((length(e.at) = 10
                 AND e.at BETWEEN :since_day AND :until_day)
             OR (length(e.at) > 10
                 AND e.at >= :since_at AND e.at < :until_at)))
 WHERE nth = 1
 ORDER BY completed, path, line;

-- name: completed_earlier
-- Items an ingest first found already done, whose document writes when
-- they were done in the window ('✅ 2024-02-19'): no ingest saw them
-- complete, the document says they did.
SELECT i.text AS item, d.file AS path, i.line, i.mark, s.title AS section,
       i.completed_at AS completed
  FROM item i
  JOIN document d ON d.id = i.document_id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE i.state = 'done' AND i.completed_source = 'written'
   AND i.completed_at BETWEEN :since_day AND :until_day
   AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND NOT EXISTS (SELECT 1 FROM event e WHERE e.entity = 'item'
                     AND e.entity_id = i.id AND e.kind = 'completed')
 ORDER BY completed, d.file, i.line;

-- name: added
SELECT a.item, a.path, a.line, a.mark, a.section, a.state, a.added
  FROM (SELECT i.text AS item, d.file AS path, i.line, i.mark,
               s.title AS section, i.state,
               date(r.observed_at, 'localtime') AS added,
               0 AS gone, r.id AS run, i.id AS id, 0 AS event_id
          FROM ingest_run r
          CROSS JOIN item i
            ON i.id BETWEEN r.items_from AND r.items_to AND i.first_run = r.id
          JOIN document d ON d.id = i.document_id
          LEFT JOIN section s ON s.id = i.section_id
         WHERE r.observed_at >= :since_at AND r.observed_at < :until_at
           AND r.id > CASE WHEN :baseline THEN 0
                           ELSE (SELECT min(id) FROM ingest_run) END
           AND (d.is_template = 0 OR :templates)
        UNION ALL
        -- Removed since: a removal (event.at) comes after the first sight.
        -- Found from the window's runs (event_removed), not from every
        -- event since its start.
        SELECT e.title, d.file, e.line, e.mark, e.section_title, e.old_value,
               date(r.observed_at, 'localtime'), 1, r.id, e.entity_id, e.id
          FROM ingest_run r
          CROSS JOIN event e INDEXED BY event_removed ON e.first_run = r.id
          JOIN document d ON d.id = e.document_id
         WHERE e.at >= :since_at AND e.entity = 'item' AND e.kind = 'removed'
           AND r.id > CASE WHEN :baseline THEN 0
                           ELSE (SELECT min(id) FROM ingest_run) END
           AND r.observed_at >= :since_at AND r.observed_at < :until_at
           AND (d.is_template = 0 OR :templates)) a
 -- Ties as the runs found them: items there before removed ones.
 ORDER BY a.added, a.path, a.line, a.gone, a.run, a.id, a.event_id;

-- name: reopened
SELECT e.title AS item, d.file AS path, e.line, e.mark, e.section_title AS section,
       e.new_value AS state, date(e.at, 'localtime') AS reopened
  FROM event e INDEXED BY event_at JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'item' AND e.kind = 'reopened'
   AND e.at >= :since_at AND e.at < :until_at
   AND (d.is_template = 0 OR :templates)
 ORDER BY reopened, d.file, e.line, e.entity_id, e.id;

-- name: cancelled
SELECT e.title AS item, d.file AS path, e.line, e.mark, e.section_title AS section,
       date(e.at, 'localtime') AS cancelled
  FROM event e INDEXED BY event_at JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'item' AND e.kind = 'state' AND e.new_value = 'cancelled'
   AND e.at >= :since_at AND e.at < :until_at
   AND (d.is_template = 0 OR :templates)
 ORDER BY cancelled, d.file, e.line, e.entity_id, e.id;

-- name: milestones
-- Milestone-like sections whose counts changed in the window: done/total
-- at its start and at its end, each counted from the items' spans
-- (item_span) valid then.  Only documents holding a span that starts or
-- ends in the window (or first seen in it) are looked at: elsewhere both
-- ends count the same.  Sections of documents first seen in the window had
-- nothing at its start.  Ordered by document, so that a limit stops early.
WITH RECURSIVE
  first_run(id, at) AS (
    SELECT id, observed_at FROM ingest_run ORDER BY id LIMIT 1),
  -- With :baseline 0, what the first ingest found counts as there all
  -- along: its documents are old ones.
  new_docs(id, after_end) AS (
    SELECT d.id, r.observed_at >= :until_at
      FROM ingest_run r CROSS JOIN document d ON d.first_run = r.id
     WHERE r.observed_at >= :since_at
       AND (:baseline OR r.id > (SELECT id FROM first_run))),
  -- Documents with a span starting or ending in the window (a written
  -- date within a day of its time in UTC, so a day more on each side).
  -- With :baseline 0 the first ingest's spans are left out (they count
  -- the same at both ends), by ranges of the index around its time: a
  -- time with ' ' after it sorts after that time and before any later one.
  docs(id) AS (
    SELECT document_id FROM item_span INDEXED BY item_span_first
     WHERE first_seen >= :since_at
       AND first_seen < min(:until_at, CASE WHEN :baseline THEN :until_at
                                       ELSE (SELECT at FROM first_run) END)
    UNION
    SELECT document_id FROM item_span INDEXED BY item_span_first
     WHERE first_seen >= max(:since_at, (SELECT at FROM first_run) || ' ')
       AND first_seen < CASE WHEN :baseline THEN '' ELSE :until_at END
    UNION
    SELECT document_id FROM item_span INDEXED BY item_span_gone
     WHERE gone_at >= :since_at AND gone_at < :until_at
    UNION
    SELECT document_id FROM item_span INDEXED BY item_span_until
     WHERE until_at >= date(:since_at, '-1 day')
       AND until_at < date(:until_at, '+2 days')
    UNION
    SELECT document_id FROM item_span INDEXED BY item_span_first
     WHERE NOT :baseline
       AND first_seen >= max(:until_at, (SELECT at FROM first_run))
       AND first_seen <= (SELECT at FROM first_run)
    UNION
    SELECT id FROM new_docs WHERE NOT after_end),
  -- The spans of those documents, and whether each held at either end
  -- (at the start, with :baseline 0, the first ingest's finds always).
  spans(section_id, state, at_since, at_until) AS MATERIALIZED (
    SELECT CASE WHEN p.removal IS NULL THEN i.section_id
           ELSE (SELECT s.id FROM event e CROSS JOIN section s
                  WHERE e.id = p.removal AND s.document_id = e.document_id
                    AND s.title = e.section_title
                  ORDER BY s.ord LIMIT 1) END,
           p.state,
           (p.first_seen < :since_at OR (NOT :baseline
              AND p.first_seen = (SELECT at FROM first_run)))
             AND (p.gone_at IS NULL OR p.gone_at >= :since_at)
             AND (p.from_at IS NULL OR CASE WHEN length(p.from_at) = 10
                   THEN datetime(p.from_at, 'utc') ELSE p.from_at END
                   < :since_at)
             AND (p.until_at IS NULL OR CASE WHEN length(p.until_at) = 10
                   THEN datetime(p.until_at, 'utc') ELSE p.until_at END
                   >= :since_at),
           p.first_seen < :until_at
             AND (p.gone_at IS NULL OR p.gone_at >= :until_at)
             AND (p.from_at IS NULL OR CASE WHEN length(p.from_at) = 10
                   THEN datetime(p.from_at, 'utc') ELSE p.from_at END
                   < :until_at)
             AND (p.until_at IS NULL OR CASE WHEN length(p.until_at) = 10
                   THEN datetime(p.until_at, 'utc') ELSE p.until_at END
                   >= :until_at)
      FROM docs k
      -- Only spans not ended before the window and begun before its end
      -- (lower bounds of both), by item_span_document_ends: a span that
      -- held at either end ended after :since_at and began before
      -- :until_at (or in the first run, with :baseline 0).
      CROSS JOIN item_span p INDEXED BY item_span_document_ends
        ON p.document_id = k.id
       AND min(coalesce(p.gone_at, '9'),
             CASE WHEN p.until_at IS NULL THEN '9'
                  WHEN length(p.until_at) = 10 THEN date(p.until_at, '-1 day')
                  ELSE p.until_at END) >= date(:since_at, '-3 days')
       AND max(p.first_seen,
             CASE WHEN p.from_at IS NULL THEN ''
                  WHEN length(p.from_at) = 10 THEN date(p.from_at, '-1 day')
                  ELSE p.from_at END)
           < max(:until_at, (SELECT at FROM first_run) || ' ')
      LEFT JOIN item i ON p.removal IS NULL AND i.id = p.item_id),
  -- Per section first: the ancestors are then walked once per section,
  -- not once per item.
  own(section_id, total_since, done_since, total_until, done_until)
    AS MATERIALIZED (
    SELECT section_id, sum(at_since AND state <> 'cancelled'),
           sum(at_since AND state = 'done'),
           sum(at_until AND state <> 'cancelled'),
           sum(at_until AND state = 'done')
      FROM spans
     WHERE section_id IS NOT NULL AND (at_since OR at_until)
     GROUP BY section_id),
  -- Every heading above a section counts its items too: each section's
  -- counts are carried up to every heading above it (the
  -- parent looked up by id: a join here had SQLite scan every section for
  -- a Bloom filter).
  up(ancestor, total_since, done_since, total_until, done_until) AS (
    SELECT section_id, total_since, done_since, total_until, done_until
      FROM own
    UNION ALL
    SELECT (SELECT s.parent_id FROM section s WHERE s.id = up.ancestor)
             AS parent, up.total_since, up.done_since, up.total_until,
           up.done_until
      FROM up
     WHERE parent IS NOT NULL),
  subtree(section_id, total_since, done_since, total_until, done_until) AS (
    SELECT ancestor, sum(total_since), sum(done_since), sum(total_until),
           sum(done_until)
      FROM up
     GROUP BY ancestor),
  counts(section_id, done_before, total_before, done_after, total_after) AS (
    SELECT t.section_id,
           CASE WHEN n.id IS NOT NULL THEN 0 ELSE t.done_since END,
           CASE WHEN n.id IS NOT NULL THEN 0 ELSE t.total_since END,
           CASE WHEN n.after_end THEN 0 ELSE t.done_until END,
           CASE WHEN n.after_end THEN 0 ELSE t.total_until END
      FROM subtree t
      JOIN section s ON s.id = t.section_id
      LEFT JOIN new_docs n ON n.id = s.document_id)
SELECT s.title AS milestone, d.file AS path, s.line,
       c.done_before, c.total_before, c.done_after, c.total_after,
       c.done_after - c.done_before AS delta,
       CASE WHEN c.total_after > 0
            THEN CAST(round(100.0 * c.done_after / c.total_after) AS INTEGER)
       END AS percent
  FROM counts c
  JOIN section s ON s.id = c.section_id
  JOIN document d ON d.id = s.document_id
 WHERE (s.milestone IS NOT NULL OR s.items_total > 0)
   AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (c.done_before <> c.done_after OR c.total_before <> c.total_after)
 ORDER BY d.root, d.rel_path, s.ord;

-- name: risks_opened
SELECT x.risk, x.path, x.line, x.severity, x.opened
  FROM (SELECT r.title AS risk, d.file AS path, r.line, r.severity,
               date(ir.observed_at, 'localtime') AS opened
          FROM ingest_run ir
          CROSS JOIN risk r ON r.first_run = ir.id
          JOIN document d ON d.id = r.document_id
         WHERE ir.observed_at >= :since_at AND ir.observed_at < :until_at
           AND ir.id > CASE WHEN :baseline THEN 0
                            ELSE (SELECT min(id) FROM ingest_run) END
           AND r.state = 'open' AND (d.is_template = 0 OR :templates)
        UNION ALL
        SELECT e.title, d.file, e.line, NULL, date(e.at, 'localtime')
          FROM event e JOIN document d ON d.id = e.document_id
         WHERE e.entity = 'risk' AND e.kind = 'reopened'
           AND e.at >= :since_at AND e.at < :until_at
           AND (d.is_template = 0 OR :templates)) x
 ORDER BY x.opened, x.path, x.line;

-- name: risks_resolved
SELECT e.title AS risk, d.file AS path, e.line, date(e.at, 'localtime') AS resolved
  FROM event e JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'risk' AND e.kind = 'resolved'
   AND e.at >= :since_at AND e.at < :until_at
   AND (d.is_template = 0 OR :templates)
 ORDER BY resolved, d.file, e.line;

-- name: risks_escalated
SELECT e.title AS risk, d.file AS path, e.line,
       CAST(e.old_value AS INTEGER) AS level_before,
       CAST(e.new_value AS INTEGER) AS level_after,
       date(e.at, 'localtime') AS escalated
  FROM event e JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'risk' AND e.kind = 'escalated'
   AND e.at >= :since_at AND e.at < :until_at
   AND (d.is_template = 0 OR :templates)
 ORDER BY escalated, d.file, e.line;

-- name: debt_added
SELECT t.description AS debt, d.file AS path, t.line, t.ext_id AS id, t.priority,
       date(ir.observed_at, 'localtime') AS added
  FROM ingest_run ir
  CROSS JOIN tech_debt t ON t.first_run = ir.id
  JOIN document d ON d.id = t.document_id
 WHERE ir.observed_at >= :since_at AND ir.observed_at < :until_at
   AND ir.id > CASE WHEN :baseline THEN 0
                            ELSE (SELECT min(id) FROM ingest_run) END
   AND (d.is_template = 0 OR :templates)
 ORDER BY added, d.file, t.line;

-- name: debt_resolved
SELECT e.title AS debt, d.file AS path, e.line, date(e.at, 'localtime') AS resolved
  FROM event e JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'debt' AND e.kind = 'resolved'
   AND e.at >= :since_at AND e.at < :until_at
   AND (d.is_template = 0 OR :templates)
 ORDER BY resolved, d.file, e.line;

-- name: burndown
-- Rows dated in the window, and undated ones (Day 3) first seen in it.
SELECT coalesce(b.milestone, s.title, d.title) AS milestone, d.file AS path,
       b.line, b.label, b.remaining, b.completed, b.blockers
  FROM (SELECT * FROM burndown
         WHERE date BETWEEN :since_day AND :until_day
        UNION ALL
        SELECT b.* FROM ingest_run ir
          JOIN burndown b ON b.first_run = ir.id AND b.date IS NULL
         WHERE ir.observed_at >= :since_at AND ir.observed_at < :until_at) b
  JOIN document d ON d.id = b.document_id
  LEFT JOIN section s ON s.id = b.section_id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
 ORDER BY d.file, b.line;

-- name: log_entries
SELECT l.title AS entry, d.file AS path, l.line, l.date, l.milestone
  FROM log_entry l JOIN document d ON d.id = l.document_id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND l.date BETWEEN :since_day AND :until_day
 ORDER BY l.date, d.file, l.line;

-- name: blockers
-- What blocks work now: open blocker entries and blocked items.
SELECT x.blocker, x.path, x.line, x.kind, x.eta
  FROM (SELECT r.title AS blocker, d.file AS path, r.line, 'blocker' AS kind,
               coalesce(r.due_date, r.eta) AS eta
          FROM risk r JOIN document d ON d.id = r.document_id
         WHERE r.source = 'blocker' AND r.state = 'open'
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
        UNION ALL
        SELECT i.text, d.file, i.line, 'blocked item', i.due_date
          FROM item i JOIN document d ON d.id = i.document_id
         WHERE i.state = 'blocked'
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)) x
 ORDER BY x.path, x.line;

-- name: blockers_first
-- The first :limit rows of weekly.blockers (text shows only those):
-- documents in file order, so it stops after them instead of sorting
-- every open blocker and blocked item.  Where rows tie on path and line,
-- blocker entries come first, as in weekly.blockers.
SELECT x.blocker, x.path, x.line, x.kind, x.eta
  FROM (SELECT * FROM
         (SELECT r.title AS blocker, d.file AS path, r.line,
                 'blocker' AS kind, coalesce(r.due_date, r.eta) AS eta
            FROM document d CROSS JOIN risk r ON r.document_id = d.id
           WHERE r.source = 'blocker' AND r.state = 'open'
             AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
           ORDER BY d.file, r.line
           LIMIT :limit)
        UNION ALL
        SELECT * FROM
         (SELECT i.text, d.file, i.line, 'blocked item', i.due_date
            FROM document d CROSS JOIN item i ON i.document_id = d.id
           WHERE i.state = 'blocked'
             AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
           ORDER BY d.file, i.line
           LIMIT :limit)) x
 ORDER BY x.path, x.line
 LIMIT :limit;

-- name: blockers_count
-- How many rows weekly.blockers gives (the same conditions): text counts
-- them here and builds only the rows it shows (weekly.blockers_first).
SELECT (SELECT count(*)
          FROM risk r JOIN document d ON d.id = r.document_id
         WHERE r.source = 'blocker' AND r.state = 'open'
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates))
     + (SELECT count(*)
          FROM item i JOIN document d ON d.id = i.document_id
         WHERE i.state = 'blocked'
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates));

-- name: current_steps
SELECT i.text AS step, d.file AS path, i.line, s.title AS section, i.state
  FROM item i
  JOIN document d ON d.id = i.document_id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE i.is_current = 1 AND i.state <> 'done'
   AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
 ORDER BY d.file, i.line;

-- name: current_steps_first
-- The first :limit rows of weekly.current_steps: documents in file order,
-- so it stops after them instead of sorting every current step.
SELECT i.text AS step, d.file AS path, i.line, s.title AS section, i.state
  FROM document d
  CROSS JOIN item i ON i.document_id = d.id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE i.is_current = 1 AND i.state <> 'done'
   AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
 ORDER BY d.file, i.line
 LIMIT :limit;

-- name: current_steps_count
-- How many rows weekly.current_steps gives (the same conditions).
SELECT count(*)
  FROM item i JOIN document d ON d.id = i.document_id
 WHERE i.is_current = 1 AND i.state <> 'done'
   AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates);

-- name: baseline
-- The database's first ingest, when it falls in the window: when it was,
-- and the items (as that run counted them), open risks, debt entries and
-- documents it found.
SELECT date(r.observed_at, 'localtime') AS day, r.items AS items,
       (SELECT count(*) FROM risk k
         WHERE k.first_run = r.id AND k.state = 'open') AS risks,
       (SELECT count(*) FROM tech_debt t WHERE t.first_run = r.id) AS debt,
       (SELECT count(*) FROM document d WHERE d.first_run = r.id) AS documents
  FROM ingest_run r
 WHERE r.id = (SELECT min(id) FROM ingest_run)
   AND r.observed_at >= :since_at AND r.observed_at < :until_at;

-- name: by_owner
-- `weekly --by owner`: per owner (the item's owner now, any case;
-- '(nobody)' for none or a removed item), items completed (by event, or
-- written done in the window and first found so), added and reopened in
-- the window (as the parts completed, completed_earlier, added and
-- reopened count them), and open and overdue (due before :until_day) now.
WITH docs AS (SELECT id, removed_run FROM document
               WHERE is_template = 0 OR :templates),
w AS (
  SELECT coalesce(i.owner, '(nobody)') AS owner, 1 AS completed, 0 AS added,
         0 AS reopened, 0 AS open, 0 AS overdue
    FROM event e
    JOIN docs d ON d.id = e.document_id
    LEFT JOIN item i ON i.id = e.entity_id
   WHERE e.entity = 'item' AND e.kind = 'completed'
     AND ((length(e.at) = 10 AND e.at BETWEEN :since_day AND :until_day)
       OR (length(e.at) > 10 AND e.at >= :since_at AND e.at < :until_at))
  UNION ALL
  SELECT coalesce(i.owner, '(nobody)'), 1, 0, 0, 0, 0
    FROM item i JOIN docs d ON d.id = i.document_id
   WHERE i.state = 'done' AND i.completed_source = 'written'
     AND i.completed_at BETWEEN :since_day AND :until_day
     AND d.removed_run IS NULL
     AND NOT EXISTS (SELECT 1 FROM event e WHERE e.entity = 'item'
                       AND e.entity_id = i.id AND e.kind = 'completed')
  UNION ALL
  SELECT coalesce(i.owner, '(nobody)'), 0, 1, 0, 0, 0
    FROM ingest_run r
    JOIN item i ON i.first_run = r.id
    JOIN docs d ON d.id = i.document_id
   WHERE r.observed_at >= :since_at AND r.observed_at < :until_at
     AND r.id > CASE WHEN :baseline THEN 0
                     ELSE (SELECT min(id) FROM ingest_run) END
  UNION ALL
  SELECT '(nobody)', 0, 1, 0, 0, 0
    FROM ingest_run r
    JOIN event e ON e.first_run = r.id
    JOIN docs d ON d.id = e.document_id
   WHERE e.entity = 'item' AND e.kind = 'removed'
     AND r.observed_at >= :since_at AND r.observed_at < :until_at
     AND r.id > CASE WHEN :baseline THEN 0
                     ELSE (SELECT min(id) FROM ingest_run) END
  UNION ALL
  SELECT coalesce(i.owner, '(nobody)'), 0, 0, 1, 0, 0
    FROM event e
    JOIN docs d ON d.id = e.document_id
    LEFT JOIN item i ON i.id = e.entity_id
   WHERE e.entity = 'item' AND e.kind = 'reopened'
     AND e.at >= :since_at AND e.at < :until_at
  UNION ALL
  SELECT coalesce(i.owner, '(nobody)'), 0, 0, 0, 1, i.due_date < :until_day
    FROM item i JOIN docs d ON d.id = i.document_id
   WHERE d.removed_run IS NULL AND i.state NOT IN ('done', 'cancelled'))
SELECT min(owner) AS owner, sum(completed) AS completed, sum(added) AS added,
       sum(reopened) AS reopened, sum(open) AS open,
       coalesce(sum(overdue), 0) AS overdue
  FROM w
 GROUP BY lower(owner)
 ORDER BY min(owner) = '(nobody)', lower(min(owner));
