-- 0008_document_paths (reserved number 0013; renumber on merge): a
-- document is its file however it was reached, and has one path.
--
-- `ingest docs`, `ingest $PWD/docs`, `ingest docs/../docs`, a link to
-- docs and `ingest .` name the same files; keyed by the root as typed
-- they were counted once per spelling.  real_path is the file's absolute
-- path with every link resolved; ingest finds documents by it, and root
-- and rel_path stay as first named, for display.  Documents stored before
-- take it the next time an ingest names them as before.
--
-- document.path was relative to the root while every view's and every
-- command's path included it ('docs/plan.md'), so `WHERE path = :doc`
-- meant two things.  Now path is that one notion everywhere (the file as
-- named from where progdb ran), and the part below the root is rel_path.
-- The views are made again over the renamed column.  v_completions held,
-- besides the completions progdb saw happen, items first seen already
-- done, which weekly (and the README's history rules) do not count: a
-- lead's count over it disagreed with weekly's (43 against 34 in one
-- week).  Now it holds what weekly lists, with each completion's mark, and
-- weekly is a query over it.
DROP VIEW v_document;
DROP VIEW v_open_items;
DROP VIEW v_completions;
DROP VIEW v_open_risks;
DROP VIEW v_milestone_progress;

ALTER TABLE document RENAME COLUMN path TO rel_path;
ALTER TABLE document ADD COLUMN path TEXT GENERATED ALWAYS AS (file) VIRTUAL
  /* the file as named from where progdb ran ('docs/plan.md'): the path every view and command shows */;
ALTER TABLE document ADD COLUMN real_path TEXT
  /* the file's absolute path, links resolved: what makes it one document; NULL until a plain ingest since this migration saw it */;
CREATE UNIQUE INDEX document_real_path ON document(real_path);

CREATE VIEW v_document AS
SELECT d.id, d.root, d.rel_path, d.path, d.file, d.title, d.is_template,
       d.status, d.state, d.items_done, d.items_total,
       CASE WHEN d.items_total > 0
            THEN CAST(round(100.0 * d.items_done / d.items_total) AS INTEGER)
       END AS percent,
       d.risks_open,
       (SELECT observed_at FROM ingest_run WHERE id = d.changed_run)
         AS changed_at
  FROM document d
 WHERE d.removed_run IS NULL;

CREATE VIEW v_open_items AS
SELECT i.id, d.path, i.line, i.state, i.text, s.title AS section,
       s.milestone, i.is_current, i.due_date, d.is_template
  FROM item i
  JOIN document d ON d.id = i.document_id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE i.state NOT IN ('done', 'cancelled') AND d.removed_run IS NULL;

-- The completions progdb saw happen (events, with their source: written,
-- observed or git), the ones weekly lists.  An item first seen already
-- done is not one (its item row keeps the date its document writes).
CREATE VIEW v_completions AS
SELECT e.entity_id AS item_id, d.path, e.line, e.title AS text, e.mark,
       e.section_title AS section, e.milestone, e.at AS completed_at,
       e.source, e.window_start, e.commit_id, d.is_template
  FROM event e JOIN document d ON d.id = e.document_id
 WHERE e.entity = 'item' AND e.kind = 'completed';

CREATE VIEW v_open_risks AS
SELECT r.id, d.path, r.line, r.ext_id, r.title, r.severity,
       coalesce(r.severity_level, r.impact_level) AS level, r.probability,
       r.impact, r.mitigation, r.owner, r.status, r.source, r.due_date,
       d.is_template
  FROM risk r JOIN document d ON d.id = r.document_id
 WHERE r.state = 'open' AND d.removed_run IS NULL;

CREATE VIEW v_milestone_progress AS
SELECT s.id AS section_id, d.path, d.rel_path, s.line,
       s.title AS section, s.milestone,
       s.subtree_done AS done, s.subtree_total AS total,
       CASE WHEN s.subtree_total > 0
            THEN CAST(round(100.0 * s.subtree_done / s.subtree_total)
                      AS INTEGER) END AS percent,
       s.declared, s.declared_state, s.disagrees,
       d.is_template, d.id AS document_id, s.ord, d.root
  FROM document d
  JOIN section s ON s.document_id = d.id
 WHERE (s.milestone IS NOT NULL OR s.items_total > 0)
   AND d.removed_run IS NULL;
