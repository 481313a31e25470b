-- 0003_paths_owners: what the local migrations 0008 (one notion of path)
-- and 0009 (owners) changed, on the server.  The path below the root is
-- rel_path, as in SQLite; the file as shown stays `file`.  Views read the
-- columns by position, so they keep working across the rename.
ALTER TABLE document RENAME COLUMN path TO rel_path;
ALTER TABLE document ADD COLUMN real_path text;
ALTER TABLE item ADD COLUMN owner text;

-- v_completions is the completions an ingest saw happen (local 0008):
-- items first seen already done are weekly's completed_earlier part.
DROP VIEW v_completions;
CREATE VIEW v_completions AS
SELECT e.repo, e.entity_id AS item_id, d.file AS path, e.line,
       e.title AS text, e.mark, e.section_title AS section, e.milestone,
       e.at AS completed_at, e.source, e.window_start, e.commit_id,
       d.is_template
  FROM event e JOIN document d ON d.repo = e.repo AND d.id = e.document_id
 WHERE e.entity = 'item' AND e.kind = 'completed';

-- v_document shows path as the file is named (local 0008), rel_path below
-- its root.
DROP VIEW v_document;
CREATE VIEW v_document AS
SELECT d.repo, d.id, d.root, d.rel_path, d.file AS path, d.file, d.title,
       d.is_template, d.status, d.state, d.items_done, d.items_total,
       CASE WHEN d.items_total > 0
            THEN round(100.0 * d.items_done / d.items_total)::bigint
       END AS percent,
       d.risks_open,
       (SELECT observed_at FROM ingest_run r
         WHERE r.repo = d.repo AND r.id = d.changed_run) AS changed_at
  FROM document d
 WHERE d.removed_run IS NULL;
