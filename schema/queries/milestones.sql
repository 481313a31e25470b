-- milestones.sql - `progdb milestones`.  Parameters: :doc (a GLOB on the
-- document path, or NULL), :dir (a directory, as shown or under its root,
-- or NULL), :templates (1 to include templates), :all (1: every section),
-- :limit (rows, -1 for all) and for the as-of forms :at (UTC
-- 'YYYY-MM-DD HH:MM:SS').

-- name: listed
-- What a lead means by a milestone: a section that names one or holds
-- items itself, with items under it or a status it declares; with :all
-- (--all) every section.  Each row with its document's roll-up.
SELECT d.file AS path, s.title AS section, s.milestone,
       s.subtree_done AS done, s.subtree_total AS total,
       CASE WHEN s.subtree_total > 0
            THEN CAST(round(100.0 * s.subtree_done / s.subtree_total)
                      AS INTEGER) END AS percent,
       s.declared, s.disagrees, s.line, d.items_done AS doc_done,
       d.items_total AS doc_total
  FROM document d JOIN section s ON s.document_id = d.id
 WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (:doc IS NULL OR d.file GLOB :doc OR d.rel_path GLOB :doc)
   AND (:dir IS NULL OR substr(d.file, 1, length(:dir) + 1) = :dir || '/'
        OR substr(d.rel_path, 1, length(:dir) + 1) = :dir || '/')
   AND (:all OR ((s.milestone IS NOT NULL OR s.items_total > 0)
                 AND (s.subtree_total > 0 OR s.declared IS NOT NULL)))
 ORDER BY d.root, d.rel_path, s.ord
 LIMIT :limit;

-- name: directories
-- Documents with items per directory one level below :dir (or below each
-- root), for narrowing a long answer with --dir.  Each string is made once
-- per document: file (a generated column, a concatenation) is read from
-- the index document_file, and LIMIT -1 OFFSET 0 keeps SQLite from
-- flattening the subqueries, which would compute file, base and rest
-- again in every expression that names them (10k files: 390M -> 180M
-- instructions, three quarters of the default `milestones`).
SELECT CASE WHEN instr(rest, '/') > 0
            THEN base || substr(rest, 1, instr(rest, '/') - 1)
            ELSE coalesce(nullif(rtrim(base, '/'), ''), '.') END AS directory,
       count(*) AS documents, sum(items_done) AS done,
       sum(items_total) AS total,
       CAST(round(100.0 * sum(items_done) / sum(items_total)) AS INTEGER)
         AS percent
  FROM (SELECT items_done, items_total, base,
               substr(file, length(base) + 1) AS rest
          FROM (SELECT items_done, items_total, file,
                       CASE WHEN :dir IS NOT NULL
                             AND substr(file, 1, length(:dir) + 1) = :dir || '/'
                            THEN :dir || '/'
                            WHEN :dir IS NOT NULL THEN substr(file, 1,
                              length(file) - length(rel_path)) || :dir || '/'
                            WHEN root = '.' THEN ''
                            ELSE root || '/' END AS base
                  FROM document INDEXED BY document_file
                 WHERE removed_run IS NULL AND (is_template = 0 OR :templates)
                   AND items_total > 0
                   AND (:doc IS NULL OR file GLOB :doc OR rel_path GLOB :doc)
                   AND (:dir IS NULL
                        OR substr(file, 1, length(:dir) + 1) = :dir || '/'
                        OR substr(rel_path, 1, length(:dir) + 1) = :dir || '/')
                 LIMIT -1 OFFSET 0)
         LIMIT -1 OFFSET 0)
 GROUP BY 1
 ORDER BY 1;

-- name: span
-- The first and last path the directories query groups (in the order of
-- document's unique index, so each is found without a scan): the
-- directory both are under is where the documents start to spread.
SELECT (SELECT file FROM document
         WHERE removed_run IS NULL AND (is_template = 0 OR :templates)
           AND items_total > 0
           AND (:doc IS NULL OR file GLOB :doc OR rel_path GLOB :doc)
           AND (:dir IS NULL
                OR substr(file, 1, length(:dir) + 1) = :dir || '/'
                OR substr(rel_path, 1, length(:dir) + 1) = :dir || '/')
         ORDER BY root, rel_path LIMIT 1),
       (SELECT file FROM document
         WHERE removed_run IS NULL AND (is_template = 0 OR :templates)
           AND items_total > 0
           AND (:doc IS NULL OR file GLOB :doc OR rel_path GLOB :doc)
           AND (:dir IS NULL
                OR substr(file, 1, length(:dir) + 1) = :dir || '/'
                OR substr(rel_path, 1, length(:dir) + 1) = :dir || '/')
         ORDER BY root DESC, rel_path DESC LIMIT 1);

-- name: current
SELECT path, section, milestone, done, total, percent, declared, disagrees,
       line
  FROM v_milestone_progress
 WHERE (is_template = 0 OR :templates) AND (:doc IS NULL OR path GLOB :doc OR rel_path GLOB :doc)
 ORDER BY root, rel_path, ord;

-- name: documents
SELECT file AS path, items_done AS done, items_total AS total, percent
  FROM v_document
 WHERE (is_template = 0 OR :templates) AND (:doc IS NULL OR path GLOB :doc OR rel_path GLOB :doc)
   AND items_total > 0
 ORDER BY path;

-- name: total
SELECT count(*) AS documents, coalesce(sum(items_done), 0) AS done,
       coalesce(sum(items_total), 0) AS total,
       CASE WHEN sum(items_total) > 0
            THEN CAST(round(100.0 * sum(items_done) / sum(items_total))
                      AS INTEGER) END AS percent
  FROM v_document
 WHERE (is_template = 0 OR :templates) AND (:doc IS NULL OR path GLOB :doc OR rel_path GLOB :doc)
   AND (:dir IS NULL OR substr(file, 1, length(:dir) + 1) = :dir || '/'
        OR substr(rel_path, 1, length(:dir) + 1) = :dir || '/');

-- name: as_of_plan
-- 1 when as_of_changes is the cheaper way to the rows of as_of at :at.
-- as_of reads the spans valid at :at: its cost grows with the items there
-- were then, so it suits early dates.  as_of_changes undoes what changed
-- since :at: its cost grows with the changes since, so it suits recent
-- ones.  The estimate is two index lookups: the item events since :at
-- against every item ever stored (4x, measured on a 1,000-run history:
-- the two cost the same where a quarter of the items changed since).
SELECT (SELECT count(*) FROM event INDEXED BY event_at
         WHERE at >= date(:at, '-1 day') AND entity = 'item') * 4
       < coalesce((SELECT max(id) FROM item), 0);

-- name: as_of
-- The same rows with done/total as they were at :at: the items' spans
-- (item_span) valid then, counted per section and added up each section's
-- ancestors.  Removed items count in the section of the same title; moved
-- items where they are now.  declared and disagrees are today's.  The
-- spans are read whole, in table order: through item_span_first each span
-- begun before :at costs a seek, more than reading them all even at early
-- times.  then_items is read once (by own), so it is not materialized.
WITH RECURSIVE
  then_items(section_id, state) AS (
    SELECT CASE WHEN p.removal IS NULL THEN i.section_id
           ELSE (SELECT s.id FROM event e CROSS JOIN section s
                  WHERE e.id = p.removal AND s.document_id = e.document_id
                    AND s.title = e.section_title
                  ORDER BY s.ord LIMIT 1) END,
           p.state
      FROM item_span p NOT INDEXED
      LEFT JOIN item i ON p.removal IS NULL AND i.id = p.item_id
     WHERE p.first_seen < :at AND (p.gone_at IS NULL OR p.gone_at >= :at)
       AND (p.from_at IS NULL OR CASE WHEN length(p.from_at) = 10
             THEN datetime(p.from_at, 'utc') ELSE p.from_at END < :at)
       AND (p.until_at IS NULL OR CASE WHEN length(p.until_at) = 10
             THEN datetime(p.until_at, 'utc') ELSE p.until_at END >= :at)),
  -- Per section first: the ancestors are then walked once per section,
  -- not once per item.
  own(section_id, total, done) AS MATERIALIZED (
    SELECT section_id, sum(state <> 'cancelled'), sum(state = 'done')
      FROM then_items
     WHERE section_id IS NOT NULL
     GROUP BY section_id),
  -- Each section's counts carried up to every heading above it (the
  -- parent looked up by id: a join here had SQLite scan every section for
  -- a Bloom filter).
  up(ancestor, total, done) AS (
    SELECT section_id, total, done FROM own
    UNION ALL
    SELECT (SELECT s.parent_id FROM section s WHERE s.id = up.ancestor)
             AS parent, up.total, up.done
      FROM up
     WHERE parent IS NOT NULL),
  counts(section_id, total, done) AS (
    SELECT ancestor, sum(total), sum(done) FROM up GROUP BY ancestor)
SELECT m.path, m.section, m.milestone, c.done, c.total,
       CASE WHEN c.total > 0
            THEN CAST(round(100.0 * c.done / c.total) AS INTEGER)
       END AS percent,
       m.declared, m.disagrees, m.line
  FROM v_milestone_progress m
  JOIN counts c ON c.section_id = m.section_id
 WHERE (m.is_template = 0 OR :templates)
   AND (:doc IS NULL OR m.path GLOB :doc OR m.rel_path GLOB :doc)
   AND (:dir IS NULL OR substr(m.path, 1, length(:dir) + 1) = :dir || '/'
        OR substr(m.rel_path, 1, length(:dir) + 1) = :dir || '/')
   AND c.total > 0
 ORDER BY m.root, m.rel_path, m.ord;

-- name: as_of_changes
-- The rows of as_of, found the other way: from today's counts, undoing
-- what changed since :at.
-- Only items whose counts then differ from now are looked at (changed,
-- first seen or removed since; see v_item_change), and the difference is
-- added up each section's ancestors.
WITH RECURSIVE
  since(item_id) AS (
    -- v_item_change since :at, found by the index of events by time: a
    -- written date (a local day) happens within a day of its UTC time.
    SELECT e.entity_id FROM event e INDEXED BY event_at
     WHERE e.at >= date(:at, '-1 day') AND e.entity = 'item'
       AND e.kind IN ('completed', 'reopened', 'state')
       AND CASE WHEN length(e.at) = 10 THEN datetime(e.at, 'utc') ELSE e.at END
             >= :at
    UNION
    SELECT i.id FROM ingest_run r CROSS JOIN item i
            ON i.id BETWEEN r.items_from AND r.items_to AND i.first_run = r.id
     WHERE r.observed_at >= :at
    UNION
    -- A removal happens when a run observes it (event.at).
    SELECT e.entity_id FROM event e INDEXED BY event_at
     WHERE e.at >= :at AND e.entity = 'item' AND e.kind = 'removed'),
  -- v_item_life of those items only, each looked up by its id (the view
  -- would be read whole: every item and removal ever).
  since_life(item_id, section_id, state, first_seen, gone_at) AS (
    SELECT i.id, i.section_id, i.state, fr.observed_at, NULL
      FROM since k CROSS JOIN item i ON i.id = k.item_id
      CROSS JOIN ingest_run fr ON fr.id = i.first_run
    UNION ALL
    SELECT e.entity_id,
           (SELECT s.id FROM section s
             WHERE s.document_id = e.document_id AND s.title = e.section_title
             ORDER BY s.ord LIMIT 1),
           e.old_value, fr.observed_at, rr.observed_at
      FROM since k
      CROSS JOIN event e ON e.entity = 'item' AND e.entity_id = k.item_id
      CROSS JOIN ingest_run fr ON fr.id = e.first_run
      CROSS JOIN ingest_run rr ON rr.id = e.run_id
     WHERE e.kind = 'removed'),
  life(section_id, state_now, gone_at, state_then) AS (
    SELECT l.section_id, l.state, l.gone_at,
           CASE WHEN l.first_seen >= :at OR l.gone_at < :at THEN NULL
           ELSE coalesce((SELECT c.state_before FROM v_item_change c
                           WHERE c.item_id = l.item_id AND c.happened >= :at
                           ORDER BY c.happened, c.event_id LIMIT 1), l.state)
           END
      FROM since_life l
     WHERE l.section_id IS NOT NULL),
  -- Per section first: the ancestors are then walked once per section,
  -- not once per item.
  deltas(section_id, total, done) AS MATERIALIZED (
    SELECT section_id,
           sum(coalesce(state_then <> 'cancelled', 0)
               - (gone_at IS NULL AND state_now <> 'cancelled')),
           sum(coalesce(state_then = 'done', 0)
               - (gone_at IS NULL AND state_now = 'done'))
      FROM life
     GROUP BY section_id),
  up(ancestor, total, done) AS (
    SELECT section_id, total, done FROM deltas
    UNION ALL
    SELECT (SELECT s.parent_id FROM section s WHERE s.id = up.ancestor)
             AS parent, up.total, up.done
      FROM up
     WHERE parent IS NOT NULL),
  adjust(section_id, total, done) AS (
    SELECT ancestor, sum(total), sum(done) FROM up GROUP BY ancestor)
SELECT m.path, m.section, m.milestone,
       m.done + coalesce(a.done, 0) AS done,
       m.total + coalesce(a.total, 0) AS total,
       CASE WHEN m.total + coalesce(a.total, 0) > 0
            THEN CAST(round(100.0 * (m.done + coalesce(a.done, 0))
                            / (m.total + coalesce(a.total, 0))) AS INTEGER)
       END AS percent,
       m.declared, m.disagrees, m.line
  FROM v_milestone_progress m
  LEFT JOIN adjust a ON a.section_id = m.section_id
 WHERE (m.is_template = 0 OR :templates)
   AND (:doc IS NULL OR m.path GLOB :doc OR m.rel_path GLOB :doc)
   AND (:dir IS NULL OR substr(m.path, 1, length(:dir) + 1) = :dir || '/'
        OR substr(m.rel_path, 1, length(:dir) + 1) = :dir || '/')
   AND m.total + coalesce(a.total, 0) > 0
 ORDER BY m.root, m.rel_path, m.ord;
