-- lists.sql - `progdb status`, `items`, `risks`, `debt`, `burndown` and
-- `search`.  :templates is 1 to include template documents.

-- name: present
-- Whether the database holds any ingest run, and any document present
-- (each 0 or 1: a query says which of the two is missing, not how many).
SELECT EXISTS (SELECT 1 FROM ingest_run) AS runs,
       EXISTS (SELECT 1 FROM document WHERE removed_run IS NULL) AS docs;

-- name: status
SELECT file AS path, title, coalesce(status, '') AS status, items_done AS done,
       items_total AS total, percent, risks_open AS open_risks,
       date(changed_at, 'localtime') AS changed
  FROM v_document
 WHERE (is_template = 0 OR :templates)
 ORDER BY path;

-- name: status_by_owner
-- Per owner (items' owners and risks' owners, any case; '(nobody)' for
-- items no one owns):
-- items done and counted (cancelled left out), percent, open risks.
WITH docs AS (SELECT id FROM document
               WHERE removed_run IS NULL AND (is_template = 0 OR :templates)),
work AS (
  SELECT coalesce(i.owner, '(nobody)') AS owner, i.state = 'done' AS done,
         1 AS item, 0 AS risk
    FROM item i JOIN docs d ON d.id = i.document_id
   WHERE i.state <> 'cancelled'
  UNION ALL
  SELECT trim(r.owner), 0, 0, 1
    FROM risk r JOIN docs d ON d.id = r.document_id
   WHERE r.state = 'open' AND trim(coalesce(r.owner, '')) <> '')
SELECT min(owner) AS owner, sum(done) AS done, sum(item) AS total,
       CASE WHEN sum(item) > 0
            THEN CAST(round(100.0 * sum(done) / sum(item)) AS INTEGER)
       END AS percent,
       sum(risk) AS open_risks
  FROM work
 GROUP BY lower(owner)
 ORDER BY owner = '(nobody)', lower(owner);

-- name: items
-- :open (1: not done and not cancelled), :state, :doc (GLOB), :section
-- (part of the section title, any case), :current (1: current steps),
-- :owner (the item's owner, any case).  owner and due come last, after
-- the columns scripts read by position.
SELECT d.file AS path, i.line, i.state, s.title AS section, i.text,
       CASE WHEN length(i.completed_at) = 10 THEN i.completed_at
            ELSE date(i.completed_at, 'localtime') END AS completed,
       i.completed_source AS how, i.owner, i.due_date AS due
  FROM item i
  JOIN document d ON d.id = i.document_id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (:open = 0 OR i.state NOT IN ('done', 'cancelled'))
   AND (:state IS NULL OR i.state = :state)
   AND (:doc IS NULL OR d.path GLOB :doc OR d.rel_path GLOB :doc)
   AND (:section IS NULL OR instr(lower(s.title), lower(:section)) > 0)
   AND (:current = 0 OR i.is_current = 1)
   AND (:owner IS NULL OR lower(i.owner) = lower(:owner))
 ORDER BY d.file, i.line;

-- name: items_as_of
-- The same at :at (UTC): items there then, removed ones too, in the state
-- they had (their span in item_span valid then); completed only when it
-- was done then.  A removed item is shown as its removal event names it,
-- in the section of the same title.  Read document by document in path
-- order (a span's document_id is its item's, or its removal event's), so
-- that only each document's rows are sorted by line; each document's
-- spans by item_span_document_ends, from those not ended before :at (a
-- lower bound of their end, see migration 0015).
SELECT d.file AS path, coalesce(i.line, e.line) AS line, p.state AS state,
       s.title AS section, coalesce(i.text, e.title) AS text,
       CASE WHEN p.state = 'done' THEN
         CASE WHEN length(i.completed_at) = 10 THEN i.completed_at
              WHEN i.completed_at < :at THEN date(i.completed_at, 'localtime')
         END END AS completed,
       CASE WHEN p.state = 'done' AND i.completed_at IS NOT NULL
             AND (length(i.completed_at) = 10 OR i.completed_at < :at)
            THEN i.completed_source END AS how, i.owner, i.due_date AS due
  FROM document d
  CROSS JOIN item_span p INDEXED BY item_span_document_ends
    ON p.document_id = d.id
   AND min(coalesce(p.gone_at, '9'),
         CASE WHEN p.until_at IS NULL THEN '9'
              WHEN length(p.until_at) = 10 THEN date(p.until_at, '-1 day')
              ELSE p.until_at END) >= date(:at, '-3 days')
  LEFT JOIN item i ON p.removal IS NULL AND i.id = p.item_id
  LEFT JOIN event e ON e.id = p.removal
  LEFT JOIN section s
    ON s.id = CASE WHEN p.removal IS NULL THEN i.section_id
                   ELSE (SELECT x.id FROM section x
                          WHERE x.document_id = e.document_id
                            AND x.title = e.section_title
                          ORDER BY x.ord LIMIT 1) END
 WHERE (d.is_template = 0 OR :templates)
   AND p.first_seen < :at AND (p.gone_at IS NULL OR p.gone_at >= :at)
   AND (p.from_at IS NULL OR CASE WHEN length(p.from_at) = 10
         THEN datetime(p.from_at, 'utc') ELSE p.from_at END < :at)
   AND (p.until_at IS NULL OR CASE WHEN length(p.until_at) = 10
         THEN datetime(p.until_at, 'utc') ELSE p.until_at END >= :at)
   AND (:open = 0 OR p.state NOT IN ('done', 'cancelled'))
   AND (:state IS NULL OR p.state = :state)
   AND (:doc IS NULL OR d.path GLOB :doc OR d.rel_path GLOB :doc)
   AND (:section IS NULL OR instr(lower(s.title), lower(:section)) > 0)
   AND (:current = 0 OR coalesce(i.is_current, 0) = 1)
   AND (:owner IS NULL OR lower(i.owner) = lower(:owner))
 -- Ties as v_item_life lists them: items there now, then removed ones.
 ORDER BY d.file, 2, p.removal IS NOT NULL, coalesce(p.removal, p.item_id);

-- name: risks
-- :open (1: only open ones), :min_level (1 low .. 4 critical, or NULL).
SELECT d.file AS path, r.line, r.ext_id AS id, r.title, r.severity,
       coalesce(r.severity_level, r.impact_level) AS level, r.probability,
       r.impact, r.owner, r.state, r.due_date AS due
  FROM risk r JOIN document d ON d.id = r.document_id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (:open = 0 OR r.state = 'open')
   AND (:min_level IS NULL
        OR coalesce(r.severity_level, r.impact_level) >= :min_level)
 ORDER BY coalesce(r.severity_level, r.impact_level, 0) DESC, d.file, r.line;

-- name: risks_as_of
-- The same at :at (UTC): risks there then, removed ones too, with the
-- state and severity level they had (undoing later events).
WITH life(risk_id, document_id, line, ext_id, title, severity, level,
          probability, impact, owner, state, due, first_seen, gone_at) AS (
    SELECT r.id, r.document_id, r.line, r.ext_id, r.title, r.severity,
           coalesce(r.severity_level, r.impact_level), r.probability,
           r.impact, r.owner, r.state, r.due_date, fr.observed_at, NULL
      FROM risk r JOIN ingest_run fr ON fr.id = r.first_run
    UNION ALL
    SELECT e.entity_id, e.document_id, e.line, NULL, e.title, NULL, NULL,
           NULL, NULL, NULL, e.old_value, NULL, fr.observed_at,
           rr.observed_at
      FROM event e
      JOIN ingest_run fr ON fr.id = e.first_run
      JOIN ingest_run rr ON rr.id = e.run_id
     WHERE e.entity = 'risk' AND e.kind = 'removed'),
  later(risk_id, event_id, kind, old_value) AS (
    SELECT e.entity_id, e.id, e.kind, e.old_value
      FROM event e JOIN ingest_run r ON r.id = e.run_id
     WHERE e.entity = 'risk' AND r.observed_at >= :at),
  thens AS (
    SELECT l.*,
           coalesce((SELECT old_value FROM later x
                      WHERE x.risk_id = l.risk_id
                        AND x.kind IN ('resolved', 'reopened')
                      ORDER BY x.event_id LIMIT 1), l.state) AS state_then,
           coalesce((SELECT CAST(old_value AS INTEGER) FROM later x
                      WHERE x.risk_id = l.risk_id
                        AND x.kind IN ('escalated', 'deescalated')
                      ORDER BY x.event_id LIMIT 1), l.level) AS level_then
      FROM life l
     WHERE l.first_seen < :at AND (l.gone_at IS NULL OR l.gone_at >= :at))
SELECT d.file AS path, t.line, t.ext_id AS id, t.title,
       CASE WHEN t.level_then IS t.level THEN t.severity
            ELSE CASE t.level_then WHEN 1 THEN 'Low' WHEN 2 THEN 'Medium'
                      WHEN 3 THEN 'High' WHEN 4 THEN 'Critical' END
       END AS severity,
       t.level_then AS level, t.probability, t.impact, t.owner,
       t.state_then AS state, t.due
  FROM thens t JOIN document d ON d.id = t.document_id
 WHERE (d.is_template = 0 OR :templates)
   AND (:open = 0 OR t.state_then = 'open')
   AND (:min_level IS NULL OR t.level_then >= :min_level)
 ORDER BY coalesce(t.level_then, 0) DESC, d.file, t.line;

-- name: debt
SELECT d.file AS path, t.line, t.ext_id AS id, t.description, t.priority,
       t.impact, t.planned_resolution AS planned, t.state
  FROM tech_debt t JOIN document d ON d.id = t.document_id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (:open = 0 OR t.state = 'open')
 ORDER BY coalesce(t.priority_level, 0) DESC, d.file, t.line;

-- name: burndown
-- Rows as written and, for dated rows after the document was first
-- ingested, the open items progdb counted at the end of that day
-- (history): in the milestone's sections when the row names one, else in
-- the whole document.  :milestone is a milestone key or NULL.
WITH RECURSIVE
  -- The dated rows whose day ends after the first observation (the end
  -- of a day in local time is within two days of its date): no item was
  -- seen before it, so the others count nothing.
  rows(id, document_id, milestone, day_end) AS (
    SELECT b.id, b.document_id, b.milestone,
           datetime(b.date, '+1 day', 'utc')
      FROM burndown b JOIN document d ON d.id = b.document_id
     WHERE b.date > (SELECT date(min(observed_at), '-2 days')
                       FROM ingest_run)
       AND datetime(b.date, '+1 day', 'utc') >
           (SELECT min(observed_at) FROM ingest_run)
       AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
       AND (:milestone IS NULL OR b.milestone = :milestone)),
  tree(row_id, document_id, section_id) AS (
    SELECT r.id, r.document_id, s.id FROM rows r
      JOIN section s ON s.document_id = r.document_id
                    AND s.milestone = r.milestone
    UNION
    SELECT t.row_id, t.document_id, s.id
      FROM tree t JOIN section s ON s.parent_id = t.section_id),
  -- Every item the row covers, removed ones too: a section's items are
  -- found through their document (items are not indexed by section).
  scope(row_id, item_id, state, first_seen, gone_at) AS (
    SELECT t.row_id, l.item_id, l.state, l.first_seen, l.gone_at FROM tree t
      JOIN v_item_life l ON l.document_id = t.document_id
                        AND l.section_id = t.section_id
    UNION ALL
    SELECT r.id, l.item_id, l.state, l.first_seen, l.gone_at FROM rows r
      JOIN v_item_life l ON l.document_id = r.document_id
     WHERE r.milestone IS NULL),
  -- Those there at the day's end that were not done or cancelled then.
  counted(row_id, open_items) AS (
    SELECT r.id, sum(
             coalesce((SELECT c.state_before FROM v_item_change c
                        WHERE c.item_id = sc.item_id
                          AND c.happened >= r.day_end
                        ORDER BY c.happened, c.event_id LIMIT 1), sc.state)
               NOT IN ('done', 'cancelled'))
      FROM scope sc
      JOIN rows r ON r.id = sc.row_id
     WHERE sc.first_seen < r.day_end
       AND (sc.gone_at IS NULL OR sc.gone_at >= r.day_end)
     GROUP BY r.id)
SELECT b.milestone, d.file AS path, b.line, b.label, b.remaining,
       c.open_items AS remaining_seen, b.completed, b.scope, b.blockers
  FROM document d
  CROSS JOIN burndown b ON b.document_id = d.id
  LEFT JOIN counted c ON c.row_id = b.id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (:milestone IS NULL OR b.milestone = :milestone)
 ORDER BY d.file, d.id, b.line;

-- name: search
-- :query, an FTS5 query (cmd_list.c writes it from the words given),
-- against search_index: best match first (bm25), then path, line, kind.
-- An entry's rowid names its row: id * 4 + 0 item, 1 section, 2 risk,
-- 3 tech debt.
WITH hit(kind, id, rank) AS MATERIALIZED (
  SELECT rowid % 4, rowid / 4, rank FROM search_index
   WHERE search_index MATCH :query)
SELECT kind, path, line, text
  FROM (SELECT 'item' AS kind, d.file AS path, i.line, i.text, h.rank
          FROM hit h
          CROSS JOIN item i ON i.id = h.id
          JOIN document d ON d.id = i.document_id
         WHERE h.kind = 0
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
        UNION ALL
        SELECT 'section', d.file, s.line, s.title, h.rank
          FROM hit h
          CROSS JOIN section s ON s.id = h.id
          JOIN document d ON d.id = s.document_id
         WHERE h.kind = 1
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
        UNION ALL
        SELECT 'risk', d.file, r.line, r.title, h.rank
          FROM hit h
          CROSS JOIN risk r ON r.id = h.id
          JOIN document d ON d.id = r.document_id
         WHERE h.kind = 2
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
        UNION ALL
        SELECT 'debt', d.file, t.line, t.description, h.rank
          FROM hit h
          CROSS JOIN tech_debt t ON t.id = h.id
          JOIN document d ON d.id = t.document_id
         WHERE h.kind = 3
           AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates))
 ORDER BY rank, path, line, kind;
