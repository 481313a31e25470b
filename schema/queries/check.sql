-- check.sql - `progdb check`: what a reviewer would flag, as findings
-- (path, line, code, message).  Templates are not checked.

-- name: findings
-- Paths are shown from where progdb was run (document.path), so that
-- editors can open them.  :ignore is ",code,code," (codes left out) or NULL.
-- Each rule gives the document of its finding; the documents checked (not
-- removed, not templates) are joined once, to all of them.
WITH docs AS MATERIALIZED (SELECT id, path
                             FROM document
                            WHERE removed_run IS NULL AND is_template = 0),
-- The acceptance criteria of each spec folder, read once.
criteria AS MATERIALIZED (SELECT root, folder, ref FROM v_spec_link
                           WHERE kind = 'criterion')
SELECT d.path, f.line, 'warning' AS severity, f.code, f.message FROM (
  -- A section declared done that still has work open.
  SELECT m.document_id, m.line, 'done-with-open-items' AS code,
         printf('"%s" is marked done (%s) but only %d of its %d items are '
                || 'done', m.section, m.declared, m.done, m.total) AS message
    FROM v_milestone_progress m
   WHERE m.declared_state = 'done' AND m.done < m.total
  UNION ALL
  -- A declared x/y or percent that is not what the section's items say.
  SELECT c.document_id, c.line, 'claim-mismatch',
         printf('"%s" claims %s but its items are %d/%d done', c.subject,
                CASE WHEN c.total IS NOT NULL
                     THEN c.done || '/' || c.total
                     ELSE CAST(c.percent AS INTEGER) || '%' END,
                s.subtree_done, s.subtree_total)
    FROM claim c
    JOIN section s ON s.id = c.section_id
   WHERE c.kind = 'progress' AND c.subject = s.norm_title
     AND s.subtree_total > 0
     AND ((c.total IS NOT NULL AND (c.done <> s.subtree_done
           OR c.total <> s.subtree_total))
       OR (c.total IS NULL AND c.percent IS NOT NULL
           AND abs(c.percent - 100.0 * s.subtree_done / s.subtree_total) > 1))
  UNION ALL
  -- A ticked item whose sub-items are not (item.open_children, counted
  -- when the item is stored).
  SELECT p.document_id, p.line, 'checked-parent-open-children',
         printf('"%s" is checked but %d of its sub-items are open', p.text,
                p.open_children)
    FROM item p INDEXED BY item_done_open_children
   WHERE p.state = 'done' AND p.open_children > 0
  UNION ALL
  -- The current-step marker on finished work.
  SELECT i.document_id, i.line, 'current-step-done',
         CASE WHEN i.state = 'done'
              THEN printf('"%s" is marked as the current step but is done',
                          i.text)
              ELSE printf('"%s" is marked as the current step in "%s", '
                          || 'which is marked done', i.text, s.title) END
    FROM item i INDEXED BY item_current
    LEFT JOIN section s ON s.id = i.section_id
   WHERE i.is_current = 1 AND (i.state = 'done' OR s.status = 'done')
  UNION ALL
  -- Done once, open again.
  SELECT i.document_id, i.line, 'reopened',
         printf('"%s" was done and is open again (since %s)', i.text,
                date(e.at, 'localtime'))
    FROM event e
    JOIN item i ON i.id = e.entity_id
   WHERE e.entity = 'item' AND e.kind = 'reopened' AND i.state <> 'done'
     AND NOT EXISTS (SELECT 1 FROM event later
                      WHERE later.entity = 'item'
                        AND later.entity_id = e.entity_id
                        AND later.kind IN ('completed', 'reopened')
                        AND later.id > e.id)
  UNION ALL
  -- Open work past its due date (today in local time).
  SELECT i.document_id, i.line, 'past-due',
         printf('"%s" was due %s%s', i.text, i.due_date,
                CASE WHEN i.owner IS NOT NULL
                     THEN ' (owner: ' || i.owner || ')' ELSE '' END)
    FROM item i
   WHERE i.due_date < date('now', 'localtime')
     AND i.state NOT IN ('done', 'cancelled')
  UNION ALL
  -- Open work due after the date its milestone declares (Due Date,
  -- Target Date, Deadline, ... under a heading naming the milestone): per
  -- milestone, its open items due later (item.milestone, stored with the
  -- item).
  SELECT i.document_id, i.line, 'due-after-milestone',
         printf('"%s" is due %s, after %s''s own date %s', i.text,
                i.due_date, e.milestone, e.end_date)
    FROM (SELECT s2.milestone, min(m.date_value) AS end_date
            FROM metadata m
            JOIN section s2 ON s2.id = m.section_id
            JOIN document d2 ON d2.id = m.document_id
           WHERE d2.removed_run IS NULL AND d2.is_template = 0
             AND s2.milestone IS NOT NULL AND m.date_value IS NOT NULL
             AND lower(m.key) IN ('target date', 'due date', 'due',
                                  'deadline', 'end date', 'eta',
                                  'estimated completion',
                                  'target completion')
           GROUP BY s2.milestone) e
    CROSS JOIN item i INDEXED BY item_due_milestone
      ON i.milestone = e.milestone AND i.due_date > e.end_date
   WHERE i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled')
  UNION ALL
  -- Placeholders left in a real document.
  SELECT g.document_id, g.line, g.code, g.message
    FROM diagnostic g
   WHERE g.code = 'placeholder'
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
    FROM (SELECT DISTINCT root, folder FROM criteria) f
    JOIN v_spec_link c ON c.root = f.root AND c.folder = f.folder
   WHERE c.kind = 'covers'
     AND NOT EXISTS (SELECT 1 FROM criteria k
                      WHERE k.root = c.root AND k.folder = c.folder
                        AND k.ref = c.ref)
  UNION ALL
  SELECT k.document_id, k.line, 'criterion-uncovered',
         printf('acceptance criterion %s is covered by no task: %s', k.ref,
                k.text)
    FROM v_spec_link k
   WHERE k.kind = 'criterion'
     AND NOT EXISTS (SELECT 1 FROM v_spec_link c WHERE c.kind = 'covers'
                       AND c.root = k.root AND c.folder = k.folder
                       AND c.ref = k.ref)
  UNION ALL
  -- Item markers not known: once per document and marker, at its first
  -- line, with the count and where to declare it.
  SELECT document_id, min(line), 'unknown-mark',
         printf('%d list item%s start%s with %s: declare it with '
                || '"%s = STATE" under [markers] in .progdb (STATE: open, '
                || 'done, in_progress, cancelled, deferred, blocked)',
                count(*), CASE WHEN count(*) > 1 THEN 's' ELSE '' END,
                CASE WHEN count(*) > 1 THEN '' ELSE 's' END, mark, mark)
    FROM (SELECT g.document_id, g.line,
                 substr(g.message, instr(g.message, '''') + 1,
                        instr(g.message, ''' (') - instr(g.message, '''')
                          - 1) AS mark
            FROM diagnostic g
           WHERE g.code = 'unknown-mark')
   GROUP BY document_id, mark
  UNION ALL
  -- A burndown whose remaining work grows while its scope does not: each
  -- row against the row above it in its table (one index step back).
  SELECT b.document_id, b.line, 'burndown-up',
         printf('%s: remaining went up from %d to %d without a scope '
                || 'change', coalesce(b.milestone, 'burndown'),
                (SELECT a.remaining FROM burndown a INDEXED BY burndown_table
                  WHERE a.table_id = b.table_id AND a.line < b.line
                  ORDER BY a.line DESC LIMIT 1),
                b.remaining)
    FROM burndown b INDEXED BY burndown_table
   WHERE EXISTS (SELECT 1
                   FROM (SELECT a.remaining, a.scope
                           FROM burndown a INDEXED BY burndown_table
                          WHERE a.table_id = b.table_id AND a.line < b.line
                          ORDER BY a.line DESC LIMIT 1) a
                  WHERE b.remaining > a.remaining AND b.scope IS a.scope)
) f
CROSS JOIN docs d ON d.id = f.document_id
WHERE :ignore IS NULL OR instr(:ignore, ',' || f.code || ',') = 0
ORDER BY d.path, f.line, f.code;

-- name: roots
-- Where each ingest root is, for its .progdb.
SELECT DISTINCT root FROM document WHERE removed_run IS NULL;
