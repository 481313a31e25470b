-- check.sql - `progdb check`: what a reviewer would flag, as findings
-- (path, line, code, message).  Templates are not checked.

-- name: findings
-- Paths are shown from where progdb was run (document.path), so that
-- editors can open them.  :ignore is ",code,code," (codes left out) or NULL.
-- The findings a document's own rows decide were computed when it was
-- stored (check_finding, ingest.sql's store_findings): read in path order
-- through document_file and check_finding's key, they need no sort; a
-- past-due one shows once today is after its due date.  The rules that
-- look across documents or at history run here, and the two lists are
-- merged (ORDER BY path, line, code: each side comes in path order, and
-- only a document's own findings are sorted by line and code).  Templates
-- and removed documents are not checked.
SELECT d.file AS path, f.line, 'warning' AS severity, f.code,
       f.message
  FROM document d INDEXED BY document_file
  CROSS JOIN check_finding f ON f.document_id = d.id
 WHERE d.removed_run IS NULL AND d.is_template = 0
   AND (f.due IS NULL OR f.due < date('now', 'localtime'))
   AND (:ignore IS NULL OR instr(:ignore, ',' || f.code || ',') = 0)
UNION ALL
SELECT d.file, f.line, 'warning', f.code, f.message FROM (
  -- Done once, open again.
  SELECT i.document_id, i.line, 'reopened' AS code,
         printf('"%s" was done and is open again (since %s)', i.text,
                date(e.at, 'localtime')) AS message
    FROM event e
    JOIN item i ON i.id = e.entity_id
   WHERE e.entity = 'item' AND e.kind = 'reopened' AND i.state <> 'done'
     AND NOT EXISTS (SELECT 1 FROM event later
                      WHERE later.entity = 'item'
                        AND later.entity_id = e.entity_id
                        AND later.kind IN ('completed', 'reopened')
                        AND later.id > e.id)
  UNION ALL
  -- Open work due after the date its milestone declares (Due Date,
  -- Target Date, Deadline, ... under a heading naming the milestone, kept
  -- in check_milestone_end when the document is stored): per milestone,
  -- its open items due later (item.milestone, stored with the item).
  SELECT i.document_id, i.line, 'due-after-milestone',
         printf('"%s" is due %s, after %s''s own date %s', i.text,
                i.due_date, e.milestone, e.end_date)
    FROM (SELECT milestone, min(end_date) AS end_date
            FROM check_milestone_end
           GROUP BY milestone) e
    CROSS JOIN item i INDEXED BY item_due_milestone
      ON i.milestone = e.milestone AND i.due_date > e.end_date
   WHERE i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled')
  UNION ALL
  -- Dependencies (v_dependency): an item that depends, through others,
  -- on itself; on an id no item has; done while one it depends on is not.
  SELECT i.document_id, i.line, 'dependency-cycle',
         printf('"%s" depends on itself through its dependencies', i.text)
    FROM v_dependency_cycle c
    JOIN item i ON i.id = c.item_id
  UNION ALL
  SELECT v.document_id, v.line, 'dependency-missing',
         printf('"%s" depends on %s, which no item has as its id', i.text,
                v.ref)
    FROM v_dependency v
    JOIN item i ON i.id = v.item_id
   WHERE v.dep_id IS NULL
  UNION ALL
  SELECT v.document_id, i.line, 'done-before-dependency',
         printf('"%s" is done but depends on %s, which is %s', i.text,
                v.ref, replace(x.state, '_', ' '))
    FROM v_dependency v
    JOIN item i ON i.id = v.item_id
    JOIN item x ON x.id = v.dep_id
   WHERE i.state = 'done' AND x.state NOT IN ('done', 'cancelled')
  UNION ALL
  -- Kiro coverage in a spec folder (v_spec_link): a task covering a
  -- requirement the folder's criteria lack, a criterion no task covers.
  SELECT c.document_id, c.line, 'requirement-missing',
         printf('a task covers requirement %s, which requirements.md '
                || 'beside it does not have', c.ref)
    FROM (SELECT DISTINCT root, folder FROM v_spec_link
           WHERE kind = 'criterion') f
    JOIN v_spec_link c ON c.root = f.root AND c.folder = f.folder
   WHERE c.kind = 'covers'
     AND NOT EXISTS (SELECT 1 FROM v_spec_link k
                      WHERE k.kind = 'criterion' AND k.root = c.root
                        AND k.folder = c.folder AND k.ref = c.ref)
  UNION ALL
  SELECT k.document_id, k.line, 'criterion-uncovered',
         printf('acceptance criterion %s is covered by no task: %s', k.ref,
                k.text)
    FROM v_spec_link k
   WHERE k.kind = 'criterion'
     AND NOT EXISTS (SELECT 1 FROM v_spec_link c WHERE c.kind = 'covers'
                       AND c.root = k.root AND c.folder = k.folder
                       AND c.ref = k.ref)
) f
CROSS JOIN document d ON d.id = f.document_id
WHERE d.removed_run IS NULL AND d.is_template = 0
  AND (:ignore IS NULL OR instr(:ignore, ',' || f.code || ',') = 0)
ORDER BY 1, 2, 4;

-- name: roots
-- Where each ingest root is, for its .progdb.
SELECT DISTINCT root FROM document WHERE removed_run IS NULL;
