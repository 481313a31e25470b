-- 0004_links_incremental: dependencies and coverage (local migration
-- 0010's item_link and its views) and v_item_flow on the server, and what
-- an incremental
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

-- A date or local time as written, as UTC text (SQLite's datetime(t,
-- 'utc')), in the session's time zone; NULL when t is neither.
CREATE FUNCTION progdb_utc(t text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN t ~ '^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$'
              THEN to_char(t::timestamp AT TIME ZONE current_setting('TimeZone')
                             AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
         END
$$;

-- The life of every item as flow metrics need it (local 0010's
-- v_item_flow): when it was added, started, done, in progress since, and
-- the milestone the nearest heading up from it names.
CREATE VIEW v_item_flow AS
WITH RECURSIVE
  ev AS (
    SELECT e.repo, e.entity_id AS item_id, e.new_value,
           first_value(e.old_value) OVER (PARTITION BY e.repo, e.entity_id
                                          ORDER BY e.at, e.id) AS first_old,
           CASE WHEN length(e.at) = 10 THEN progdb_utc(e.at)
                ELSE e.at END AS at
      FROM event e
     WHERE e.entity = 'item' AND e.kind IN ('completed', 'reopened', 'state')),
  chg AS (
    SELECT repo, item_id, max(first_old) AS first_old,
           min(CASE WHEN new_value = 'in_progress' THEN at END) AS started,
           max(CASE WHEN new_value = 'in_progress' THEN at END) AS wip_since
      FROM ev GROUP BY repo, item_id),
  milestone_of(repo, section_id, at_id, milestone) AS (
    SELECT repo, id, id, milestone FROM section
    UNION ALL
    SELECT m.repo, m.section_id, p.id, p.milestone
      FROM milestone_of m
      JOIN section s ON s.repo = m.repo AND s.id = m.at_id
      JOIN section p ON p.repo = m.repo AND p.id = s.parent_id
     WHERE m.milestone IS NULL),
  first_run AS (SELECT repo, min(id) AS id FROM ingest_run GROUP BY repo)
SELECT i.repo, i.id AS item_id, i.document_id, d.file AS path, i.line,
       i.text AS item, i.state, d.is_template,
       (SELECT max(m.milestone) FROM milestone_of m
         WHERE m.repo = i.repo AND m.section_id = i.section_id) AS milestone,
       CASE WHEN i.created_date IS NOT NULL THEN progdb_utc(i.created_date)
            WHEN i.first_run > f.id THEN r.observed_at END AS added,
       coalesce(c.started,
                CASE WHEN c.first_old = 'in_progress' AND i.first_run > f.id
                     THEN r.observed_at END) AS started,
       CASE WHEN i.state <> 'done' THEN NULL
            WHEN length(i.completed_at) = 10 THEN progdb_utc(i.completed_at)
            ELSE i.completed_at END AS done,
       CASE WHEN i.state = 'in_progress'
            THEN coalesce(c.wip_since, r.observed_at) END AS wip_since,
       (c.wip_since IS NULL)::int AS at_least
  FROM item i
  JOIN ingest_run r ON r.repo = i.repo AND r.id = i.first_run
  JOIN document d ON d.repo = i.repo AND d.id = i.document_id
  JOIN first_run f ON f.repo = i.repo
  LEFT JOIN chg c ON c.repo = i.repo AND c.item_id = i.id
 WHERE d.removed_run IS NULL;
