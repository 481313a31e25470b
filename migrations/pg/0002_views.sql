-- 0002_views.sql (PostgreSQL): the views of the SQLite schema (see
-- migrations/0004_views.sql and schema/schema.sql), with the same names
-- and columns, repo first; rows of one repository join only its own rows.

CREATE VIEW table_cell AS
SELECT r.repo, r.table_id, r.row, r.line, c.ord::bigint AS col,
       (t.header::jsonb) ->> (c.ord::int - 1) AS header, c.value AS value
  FROM table_row r
  JOIN doc_table t ON t.repo = r.repo AND t.id = r.table_id
  CROSS JOIN LATERAL jsonb_array_elements_text(r.cells::jsonb)
       WITH ORDINALITY AS c(value, ord);

CREATE VIEW v_document AS
SELECT d.repo, d.id, d.root, d.path, d.file, d.title, d.is_template, d.status,
       d.state, d.items_done, d.items_total,
       CASE WHEN d.items_total > 0
            THEN round(100.0 * d.items_done / d.items_total)::bigint
       END AS percent,
       d.risks_open,
       (SELECT observed_at FROM ingest_run r
         WHERE r.repo = d.repo AND r.id = d.changed_run) AS changed_at
  FROM document d
 WHERE d.removed_run IS NULL;

CREATE VIEW v_open_items AS
SELECT i.repo, i.id, d.file AS path, i.line, i.state, i.text,
       s.title AS section, s.milestone, i.is_current, i.due_date, d.is_template
  FROM item i
  JOIN document d ON d.repo = i.repo AND d.id = i.document_id
  LEFT JOIN section s ON s.repo = i.repo AND s.id = i.section_id
 WHERE i.state NOT IN ('done', 'cancelled') AND d.removed_run IS NULL;

CREATE VIEW v_completions AS
SELECT e.repo, e.entity_id AS item_id, d.file AS path, e.line,
       e.title AS text, e.section_title AS section, e.milestone,
       e.at AS completed_at, e.source, e.window_start, e.commit_id,
       1 AS observed, d.is_template
  FROM event e JOIN document d ON d.repo = e.repo AND d.id = e.document_id
 WHERE e.entity = 'item' AND e.kind = 'completed'
UNION ALL
SELECT i.repo, i.id, d.file AS path, i.line, i.text, s.title, s.milestone,
       i.completed_at, i.completed_source, NULL, NULL, 0, d.is_template
  FROM item i
  JOIN document d ON d.repo = i.repo AND d.id = i.document_id
  LEFT JOIN section s ON s.repo = i.repo AND s.id = i.section_id
 WHERE i.state = 'done' AND i.completed_at IS NOT NULL
   AND d.removed_run IS NULL
   AND NOT EXISTS (SELECT 1 FROM event e WHERE e.repo = i.repo
                     AND e.entity = 'item' AND e.entity_id = i.id
                     AND e.kind = 'completed');

CREATE VIEW v_open_risks AS
SELECT r.repo, r.id, d.file AS path, r.line, r.ext_id, r.title, r.severity,
       coalesce(r.severity_level, r.impact_level) AS level, r.probability,
       r.impact, r.mitigation, r.owner, r.status, r.source, r.due_date,
       d.is_template
  FROM risk r JOIN document d ON d.repo = r.repo AND d.id = r.document_id
 WHERE r.state = 'open' AND d.removed_run IS NULL;

CREATE VIEW v_item_life AS
SELECT i.repo, i.id AS item_id, i.document_id, i.section_id, i.line, i.text,
       i.state, i.is_current, fr.observed_at AS first_seen, NULL AS gone_at
  FROM item i JOIN ingest_run fr ON fr.repo = i.repo AND fr.id = i.first_run
UNION ALL
SELECT e.repo, e.entity_id, e.document_id,
       (SELECT s.id FROM section s
         WHERE s.repo = e.repo AND s.document_id = e.document_id
           AND s.title = e.section_title
         ORDER BY s.ord LIMIT 1),
       e.line, e.title, e.old_value, 0, fr.observed_at, rr.observed_at
  FROM event e
  JOIN ingest_run fr ON fr.repo = e.repo AND fr.id = e.first_run
  JOIN ingest_run rr ON rr.repo = e.repo AND rr.id = e.run_id
 WHERE e.entity = 'item' AND e.kind = 'removed';

CREATE VIEW v_item_change AS
SELECT e.repo, e.entity_id AS item_id, e.id AS event_id, e.kind,
       e.old_value AS state_before, e.new_value AS state_after,
       CASE WHEN length(e.at) = 10
            THEN to_char(e.at::timestamp AT TIME ZONE
                           current_setting('TimeZone') AT TIME ZONE 'UTC',
                         'YYYY-MM-DD HH24:MI:SS')
            ELSE e.at END AS happened
  FROM event e
 WHERE e.entity = 'item' AND e.kind IN ('completed', 'reopened', 'state');

CREATE VIEW v_milestone_progress AS
SELECT d.repo, s.id AS section_id, d.file AS path, d.path AS rel_path, s.line,
       s.title AS section, s.milestone,
       s.subtree_done AS done, s.subtree_total AS total,
       CASE WHEN s.subtree_total > 0
            THEN round(100.0 * s.subtree_done / s.subtree_total)::bigint
       END AS percent,
       s.declared, s.declared_state, s.disagrees,
       d.is_template, d.id AS document_id, s.ord, d.root
  FROM document d
  JOIN section s ON s.repo = d.repo AND s.document_id = d.id
 WHERE (s.milestone IS NOT NULL OR s.items_total > 0)
   AND d.removed_run IS NULL;

-- One row per repository: its documents' items, as `progdb status` sums them.
CREATE VIEW v_document_rollup AS
SELECT p.repo, p.last_run, p.pushed_at,
       count(d.id) AS documents,
       coalesce(sum(d.items_done), 0)::bigint AS done,
       coalesce(sum(d.items_total), 0)::bigint AS total
  FROM progdb_repo p
  LEFT JOIN document d ON d.repo = p.repo AND d.removed_run IS NULL
                      AND d.is_template = 0
 GROUP BY p.repo, p.last_run, p.pushed_at;
