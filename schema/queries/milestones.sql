-- milestones.sql - `progdb milestones`.  Parameters: :doc (a GLOB on the
-- document path, or NULL), :templates (1 to include templates), and for
-- the as-of forms :at (UTC 'YYYY-MM-DD HH:MM:SS').

-- name: current
SELECT path, section, milestone, done, total, percent, declared, disagrees,
       line
  FROM v_milestone_progress
 WHERE (is_template = 0 OR :templates) AND (:doc IS NULL OR path GLOB :doc OR rel_path GLOB :doc)
 ORDER BY root, rel_path, ord;

-- name: documents
SELECT file AS path, items_done AS done, items_total AS total, percent
  FROM v_document
 WHERE (is_template = 0 OR :templates) AND (:doc IS NULL OR path GLOB :doc OR file GLOB :doc)
   AND items_total > 0
 ORDER BY path;

-- name: total
SELECT count(*) AS documents, coalesce(sum(items_done), 0) AS done,
       coalesce(sum(items_total), 0) AS total,
       CASE WHEN sum(items_total) > 0
            THEN CAST(round(100.0 * sum(items_done) / sum(items_total))
                      AS INTEGER) END AS percent
  FROM v_document
 WHERE (is_template = 0 OR :templates) AND (:doc IS NULL OR path GLOB :doc OR file GLOB :doc);

-- name: as_of
-- The same rows with done/total as they were at :at (see v_item_change):
-- only items whose counts then differ from now are looked at (changed,
-- first seen or removed since), and the difference is added up each
-- section's ancestors.  Removed items count in the section of the same
-- title; moved items where they are now.  declared and disagrees are
-- today's.
WITH RECURSIVE
  since(item_id) AS (
    SELECT item_id FROM v_item_change WHERE happened >= :at
    UNION
    SELECT i.id FROM ingest_run r CROSS JOIN item i
            ON i.id BETWEEN r.items_from AND r.items_to AND i.first_run = r.id
     WHERE r.observed_at >= :at
    UNION
    SELECT e.entity_id FROM ingest_run r CROSS JOIN event e ON e.run_id = r.id
     WHERE r.observed_at >= :at AND e.entity = 'item' AND e.kind = 'removed'),
  life(section_id, state_now, gone_at, state_then) AS (
    SELECT l.section_id, l.state, l.gone_at,
           CASE WHEN l.first_seen >= :at OR l.gone_at < :at THEN NULL
           ELSE coalesce((SELECT c.state_before FROM v_item_change c
                           WHERE c.item_id = l.item_id AND c.happened >= :at
                           ORDER BY c.happened, c.event_id LIMIT 1), l.state)
           END
      FROM since k JOIN v_item_life l ON l.item_id = k.item_id
     WHERE l.section_id IS NOT NULL),
  deltas(section_id, total, done) AS (
    SELECT section_id,
           coalesce(state_then <> 'cancelled', 0)
             - (gone_at IS NULL AND state_now <> 'cancelled'),
           coalesce(state_then = 'done', 0)
             - (gone_at IS NULL AND state_now = 'done')
      FROM life),
  up(section_id, ancestor) AS (
    SELECT DISTINCT section_id, section_id FROM deltas
    UNION
    SELECT up.section_id, s.parent_id FROM up
      JOIN section s ON s.id = up.ancestor WHERE s.parent_id IS NOT NULL),
  adjust(section_id, total, done) AS (
    SELECT up.ancestor, sum(d.total), sum(d.done)
      FROM deltas d JOIN up ON up.section_id = d.section_id
     GROUP BY up.ancestor)
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
   AND m.total + coalesce(a.total, 0) > 0
 ORDER BY m.root, m.rel_path, m.ord;
