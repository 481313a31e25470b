-- 0013_item_checks: what two `check` rules ask of each item, stored with
-- it when it is written (issue 19: check at 10,000 files), so that the
-- rules are index lookups instead of walks over every item.
--   item.milestone      the milestone its nearest heading naming one names
--                       (the heading above it, or that heading's parent,
--                       and so on); NULL: none does.  due-after-milestone
--                       reads it.
--   item.open_children  how many of its direct sub-items are open (not
--                       done, not cancelled).  checked-parent-open-children
--                       reads it.
--   item_due_milestone       open items with a due date under a milestone,
--                            by milestone and due date;
--   item_done_open_children  done items with open sub-items;
-- both with the columns the findings print (no table lookups: the item
-- rows are wide and scattered);
--   section_disagrees        sections whose items belie what they declare,
--                            per document in order (the report's "What
--                            disagrees" reads them, not every milestone).
-- The store fills both columns for every item it writes (a document's
-- items are written together with its headings); the rows already stored
-- are filled here.
ALTER TABLE item ADD COLUMN milestone TEXT
  /* the milestone its nearest heading naming one names; NULL: none */;
ALTER TABLE item ADD COLUMN open_children INTEGER NOT NULL DEFAULT 0
  /* how many of its direct sub-items are open (not done or cancelled) */;

UPDATE item SET milestone = m.milestone
  FROM (WITH RECURSIVE up(section_id, at_id, milestone) AS (
          SELECT id, parent_id, milestone FROM section
          UNION ALL
          SELECT u.section_id, p.parent_id, p.milestone
            FROM up u JOIN section p ON p.id = u.at_id
           WHERE u.milestone IS NULL)
        SELECT section_id, milestone FROM up
         WHERE milestone IS NOT NULL) m
 WHERE m.section_id = item.section_id;

UPDATE item SET open_children = c.open
  FROM (SELECT parent_id, count(*) AS open FROM item
         WHERE parent_id IS NOT NULL AND state NOT IN ('done', 'cancelled')
         GROUP BY parent_id) c
 WHERE c.parent_id = item.id;

CREATE INDEX item_due_milestone
  ON item(milestone, due_date, document_id, line, text, state)
  WHERE milestone IS NOT NULL AND due_date IS NOT NULL
    AND state NOT IN ('done', 'cancelled');
CREATE INDEX item_done_open_children
  ON item(document_id, line, open_children, text, state)
  WHERE state = 'done' AND open_children > 0;
CREATE INDEX section_disagrees ON section(document_id, ord) WHERE disagrees;
