-- 0010_flow: the life
-- of every item as flow metrics need it, one row per item of a document
-- still there:
--   added      when it was added, UTC: its written created date (➕,
--              [created::]), else the run that first saw it unless that is
--              the database's first run (what was there then has no known
--              start);
--   started    when it was first seen in progress: the first event that
--              made it in_progress, else the run that first saw it if it
--              was in progress then (its first change left in_progress)
--              and that run is not the first;
--   done       for a done item, when it was completed (completed_at as
--              written, observed or from git), UTC;
--   wip_since  for an item in progress, since when: the last event that
--              made it so, else the run that first saw it (at_least 1);
--   milestone  the milestone the nearest heading up from it names.
-- Items drive the joins (CROSS JOIN): each looks its run and document up.
CREATE VIEW v_item_flow AS
WITH
  ev AS (
    SELECT e.entity_id AS item_id, e.new_value,
           first_value(e.old_value) OVER (PARTITION BY e.entity_id
                                          ORDER BY e.at, e.id) AS first_old,
           CASE WHEN length(e.at) = 10 THEN datetime(e.at, 'utc')
                ELSE e.at END AS at
      FROM event e
     WHERE e.entity = 'item' AND e.kind IN ('completed', 'reopened', 'state')),
  chg AS (
    SELECT item_id, max(first_old) AS first_old,
           min(CASE WHEN new_value = 'in_progress' THEN at END) AS started,
           max(CASE WHEN new_value = 'in_progress' THEN at END) AS wip_since
      FROM ev GROUP BY item_id),
  milestone_of(section_id, at_id, milestone) AS (
    SELECT id, id, milestone FROM section
    UNION ALL
    SELECT m.section_id, p.id, p.milestone
      FROM milestone_of m
      JOIN section s ON s.id = m.at_id
      JOIN section p ON p.id = s.parent_id
     WHERE m.milestone IS NULL)
SELECT i.id AS item_id, i.document_id, d.file AS path, i.line, i.text AS item,
       i.state, d.is_template,
       (SELECT max(m.milestone) FROM milestone_of m
         WHERE m.section_id = i.section_id) AS milestone,
       CASE WHEN i.created_date IS NOT NULL
            THEN datetime(i.created_date, 'utc')
            WHEN i.first_run > (SELECT min(id) FROM ingest_run)
            THEN r.observed_at END AS added,
       coalesce(c.started,
                CASE WHEN c.first_old = 'in_progress'
                      AND i.first_run > (SELECT min(id) FROM ingest_run)
                     THEN r.observed_at END) AS started,
       CASE WHEN i.state <> 'done' THEN NULL
            WHEN length(i.completed_at) = 10
            THEN datetime(i.completed_at, 'utc')
            ELSE i.completed_at END AS done,
       CASE WHEN i.state = 'in_progress'
            THEN coalesce(c.wip_since, r.observed_at) END AS wip_since,
       c.wip_since IS NULL AS at_least
  FROM item i
  CROSS JOIN ingest_run r ON r.id = i.first_run
  CROSS JOIN document d ON d.id = i.document_id
  LEFT JOIN chg c ON c.item_id = i.id
 WHERE d.removed_run IS NULL;

-- Dependencies and coverage (extract_deps.c): one row per id an item
-- names as a dependency (depends) or a requirement it covers (covers), and
-- one per Kiro acceptance criterion (criterion, no item).  Refs name
-- item.ext_id (or, for covers, a criterion's ref) as written.
CREATE TABLE item_link (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES document(id),
  item_id      INTEGER,                 -- the item (NULL for a criterion)
  line         INTEGER NOT NULL,        -- where the link is written
  kind         TEXT NOT NULL,           -- depends, covers or criterion
  ref          TEXT NOT NULL,           -- the id named: abc, T001, 1.2; a criterion's own 'N.k'
  text         TEXT                     -- a criterion's text
) STRICT;
CREATE INDEX item_link_document ON item_link(document_id);
CREATE INDEX item_link_ref ON item_link(ref);
CREATE INDEX item_ext_id ON item(ext_id) WHERE ext_id IS NOT NULL;

-- Each dependency with the item it names: an item of the same document
-- with that id, else of any document still there (dep_id NULL: none).
CREATE VIEW v_dependency AS
SELECT l.item_id, l.document_id, l.line, l.ref,
       coalesce((SELECT i.id FROM item i
                  WHERE i.document_id = l.document_id AND i.ext_id = l.ref
                  ORDER BY i.line LIMIT 1),
                (SELECT i.id FROM item i
                   JOIN document d ON d.id = i.document_id
                  WHERE i.ext_id = l.ref AND d.removed_run IS NULL
                  ORDER BY i.document_id, i.line LIMIT 1)) AS dep_id
  FROM item_link l
 WHERE l.kind = 'depends' AND l.item_id IS NOT NULL;

-- Items that depend on themselves through their dependencies.
CREATE VIEW v_dependency_cycle AS
WITH RECURSIVE
  edge AS (SELECT item_id AS src, dep_id AS dst FROM v_dependency
            WHERE dep_id IS NOT NULL),
  reach(start, at) AS (
    SELECT src, dst FROM edge
    UNION
    SELECT r.start, e.dst FROM reach r JOIN edge e ON e.src = r.at)
SELECT DISTINCT start AS item_id FROM reach WHERE start = at;

-- Links with the folder of their document (a spec folder: where a Kiro
-- tasks.md and its requirements.md sit), for coverage.  The links drive
-- (CROSS JOIN): there are few of them, and many documents.
CREATE VIEW v_spec_link AS
SELECT l.document_id, l.item_id, l.line, l.kind, l.ref, l.text,
       rtrim(d.path, replace(d.path, '/', '')) AS folder, d.root
  FROM item_link l CROSS JOIN document d ON d.id = l.document_id
 WHERE l.kind IN ('covers', 'criterion') AND d.removed_run IS NULL;
