-- 0004_views: the answers the commands give, as views, so that ad-hoc SQL
-- and the CLI agree.  Views hold no data; rows of removed documents are
-- left out, and is_template says which rows come from templates.

CREATE INDEX claim_section ON claim(section_id);

-- Documents as they are now, with their progress.
CREATE VIEW v_document AS
SELECT d.id, d.root, d.path, d.file, d.title, d.is_template, d.status, d.state,
       d.items_done, d.items_total,
       CASE WHEN d.items_total > 0
            THEN CAST(round(100.0 * d.items_done / d.items_total) AS INTEGER)
       END AS percent,
       d.risks_open,
       (SELECT observed_at FROM ingest_run WHERE id = d.changed_run)
         AS changed_at
  FROM document d
 WHERE d.removed_run IS NULL;

-- Checklist items not done and not cancelled.
CREATE VIEW v_open_items AS
SELECT i.id, d.file AS path, i.line, i.state, i.text, s.title AS section,
       s.milestone, i.is_current, i.due_date, d.is_template
  FROM item i
  JOIN document d ON d.id = i.document_id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE i.state NOT IN ('done', 'cancelled') AND d.removed_run IS NULL;

-- Every completion progdb knows of: those it saw happen (events, with
-- their source: written, observed or git) and, for items already done
-- when first seen, the date the document writes.
CREATE VIEW v_completions AS
SELECT e.entity_id AS item_id, d.file AS path, e.line, e.title AS text,
       e.section_title AS section, e.milestone, e.at AS completed_at,
       e.source, e.window_start, e.commit_id, 1 AS observed, d.is_template
  FROM event e JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'item' AND e.kind = 'completed'
UNION ALL
SELECT i.id, d.file AS path, i.line, i.text, s.title, s.milestone, i.completed_at,
       i.completed_source, NULL, NULL, 0, d.is_template
  FROM item i
  JOIN document d ON d.id = i.document_id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE i.state = 'done' AND i.completed_at IS NOT NULL
   AND d.removed_run IS NULL
   AND NOT EXISTS (SELECT 1 FROM event e WHERE e.entity = 'item'
                     AND e.entity_id = i.id AND e.kind = 'completed');

-- Milestone-like sections (naming a milestone, or holding items) with
-- done/total over their whole subtree (every item counts once, parents and
-- children alike; cancelled items left out), what they declare (heading
-- status, **Status**, progress claims) and whether the two disagree.
CREATE VIEW v_milestone_progress AS
WITH declared AS (
  SELECT s.id AS section_id,
         coalesce(s.status,
                  (SELECT c.state FROM claim c WHERE c.section_id = s.id
                      AND c.kind = 'status' ORDER BY c.line LIMIT 1))
           AS declared_state,
         coalesce(s.status_text,
                  (SELECT c.status FROM claim c WHERE c.section_id = s.id
                      AND c.kind = 'status' ORDER BY c.line LIMIT 1),
                  (SELECT c.text FROM claim c WHERE c.section_id = s.id
                      AND c.kind = 'progress' ORDER BY c.line LIMIT 1))
           AS declared,
         EXISTS (SELECT 1 FROM claim c WHERE c.section_id = s.id
                   AND c.kind = 'progress'
                   AND ((c.total IS NOT NULL AND (c.done <> s.subtree_done
                         OR c.total <> s.subtree_total))
                     OR (c.total IS NULL AND c.percent IS NOT NULL
                         AND s.subtree_total > 0
                         AND abs(c.percent - 100.0 * s.subtree_done
                                 / s.subtree_total) > 1)))
           AS claim_differs
    FROM section s)
SELECT s.id AS section_id, d.file AS path, d.path AS rel_path, s.line,
       s.title AS section, s.milestone,
       s.subtree_done AS done, s.subtree_total AS total,
       CASE WHEN s.subtree_total > 0
            THEN CAST(round(100.0 * s.subtree_done / s.subtree_total)
                      AS INTEGER) END AS percent,
       x.declared, x.declared_state,
       CASE WHEN (x.declared_state = 'done'
                  AND s.subtree_done < s.subtree_total)
              OR (x.declared_state = 'not_started' AND s.subtree_done > 0)
              OR x.claim_differs THEN 1 ELSE 0 END AS disagrees,
       d.is_template, d.id AS document_id, s.ord
  FROM section s
  JOIN document d ON d.id = s.document_id
  JOIN declared x ON x.section_id = s.id
 WHERE (s.milestone IS NOT NULL OR s.items_total > 0)
   AND d.removed_run IS NULL;

-- Risks not resolved, most severe first.
CREATE VIEW v_open_risks AS
SELECT r.id, d.file AS path, r.line, r.ext_id, r.title, r.severity,
       coalesce(r.severity_level, r.impact_level) AS level, r.probability,
       r.impact, r.mitigation, r.owner, r.status, r.source, r.due_date,
       d.is_template
  FROM risk r JOIN document d ON d.id = r.document_id
 WHERE r.state = 'open' AND d.removed_run IS NULL;

-- Every item progdb has seen: those present now (gone_at NULL) and those
-- removed since, from their 'removed' event (state as last seen, placed in
-- the section of the same title when it still exists).  first_seen and
-- gone_at are the observations that found it and lost it.
CREATE VIEW v_item_life AS
SELECT i.id AS item_id, i.document_id, i.section_id, i.line, i.text, i.state,
       i.is_current, fr.observed_at AS first_seen, NULL AS gone_at
  FROM item i JOIN ingest_run fr ON fr.id = i.first_run
UNION ALL
SELECT e.entity_id, e.document_id,
       (SELECT s.id FROM section s
         WHERE s.document_id = e.document_id AND s.title = e.section_title
         ORDER BY s.ord LIMIT 1),
       e.line, e.title, e.old_value, 0, fr.observed_at, rr.observed_at
  FROM event e
  JOIN ingest_run fr ON fr.id = e.first_run
  JOIN ingest_run rr ON rr.id = e.run_id
 WHERE e.entity = 'item' AND e.kind = 'removed';

-- Each change of an item's state and when it happened, in UTC: the run
-- that saw it, or for a completion the date the document writes (from the
-- start of that local day).  An item's state at a moment T is the
-- state_before of its first change happening at or after T, else its
-- state now.
CREATE VIEW v_item_change AS
SELECT e.entity_id AS item_id, e.id AS event_id, e.kind,
       e.old_value AS state_before, e.new_value AS state_after,
       CASE WHEN length(e.at) = 10 THEN datetime(e.at, 'utc') ELSE e.at END
         AS happened
  FROM event e
 WHERE e.entity = 'item' AND e.kind IN ('completed', 'reopened', 'state');
