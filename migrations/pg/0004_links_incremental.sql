-- 0004_links_incremental: dependencies and coverage (local migration
-- 0010's item_link and its views) on the server, and what an incremental
-- push needs: the local schema a repository's rows were pushed from (a
-- local migration may rewrite rows no run marks as changed, so a push from
-- another local schema replaces them all), and indexes to find the rows of
-- the documents a run changed.

ALTER TABLE progdb_repo ADD COLUMN local_schema integer;

CREATE TABLE item_link (
  repo text NOT NULL, id bigint NOT NULL,
  document_id bigint NOT NULL, item_id bigint, line bigint NOT NULL,
  kind text NOT NULL, ref text NOT NULL, text text,
  PRIMARY KEY (repo, id)
);
CREATE INDEX item_link_document ON item_link(repo, document_id);
CREATE INDEX item_link_ref ON item_link(repo, ref);
CREATE INDEX item_ext_id ON item(repo, ext_id) WHERE ext_id IS NOT NULL;

CREATE INDEX doc_table_document ON doc_table(repo, document_id);
CREATE INDEX risk_document ON risk(repo, document_id);
CREATE INDEX tech_debt_document ON tech_debt(repo, document_id);
CREATE INDEX burndown_document ON burndown(repo, document_id);
CREATE INDEX log_entry_document ON log_entry(repo, document_id);
CREATE INDEX claim_document ON claim(repo, document_id);
CREATE INDEX event_document ON event(repo, document_id);
CREATE INDEX event_run ON event(repo, run_id);

-- Each dependency with the item it names: an item of the same document
-- with that id, else of any document of the repository still there
-- (dep_id NULL: none).
CREATE VIEW v_dependency AS
SELECT l.repo, l.item_id, l.document_id, l.line, l.ref,
       coalesce((SELECT i.id FROM item i
                  WHERE i.repo = l.repo AND i.document_id = l.document_id
                    AND i.ext_id = l.ref
                  ORDER BY i.line LIMIT 1),
                (SELECT i.id FROM item i
                   JOIN document d ON d.repo = i.repo AND d.id = i.document_id
                  WHERE i.repo = l.repo AND i.ext_id = l.ref
                    AND d.removed_run IS NULL
                  ORDER BY i.document_id, i.line LIMIT 1)) AS dep_id
  FROM item_link l
 WHERE l.kind = 'depends' AND l.item_id IS NOT NULL;

-- Items that depend on themselves through their dependencies.
CREATE VIEW v_dependency_cycle AS
WITH RECURSIVE
  edge AS (SELECT repo, item_id AS src, dep_id AS dst FROM v_dependency
            WHERE dep_id IS NOT NULL),
  reach(repo, start, at) AS (
    SELECT repo, src, dst FROM edge
    UNION
    SELECT r.repo, r.start, e.dst
      FROM reach r JOIN edge e ON e.repo = r.repo AND e.src = r.at)
SELECT DISTINCT repo, start AS item_id FROM reach WHERE start = at;

-- Links with the folder of their document, for coverage.
CREATE VIEW v_spec_link AS
SELECT l.repo, l.document_id, l.item_id, l.line, l.kind, l.ref, l.text,
       rtrim(d.file, replace(d.file, '/', '')) AS folder, d.root
  FROM item_link l JOIN document d ON d.repo = l.repo AND d.id = l.document_id
 WHERE l.kind IN ('covers', 'criterion') AND d.removed_run IS NULL;
