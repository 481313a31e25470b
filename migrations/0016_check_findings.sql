-- 0016_check_findings (issue 19): check's findings that a document's own
-- rows decide, computed when the document is stored (ingest.sql's
-- store_findings) instead of at every `check`, which reads them in path
-- order with no sort.  seq is the row a finding is about (its id), so
-- that no two are the same; due is the due date of a past-due finding,
-- shown only once today is later (NULL: always shown).  The findings of
-- the documents stored before are computed here, as store_findings does.
CREATE TABLE check_finding (
  document_id  INTEGER NOT NULL,        -- the document it is in
  line         INTEGER,                 -- where
  code         TEXT NOT NULL,           -- check's code ('past-due', ...)
  seq          INTEGER NOT NULL,        -- the id of the row it is about
  due          TEXT,                    -- past-due: the due date; else NULL
  message      TEXT NOT NULL,
  PRIMARY KEY (document_id, line, code, seq)
) WITHOUT ROWID, STRICT;

-- The links check's dependency and Kiro rules start from, which most trees
-- have few of or none: without these, each rule read every link (a
-- tree's 'covers' links are most of them).
CREATE INDEX item_link_depends ON item_link(item_id) WHERE kind = 'depends';

CREATE INDEX item_link_criterion ON item_link(document_id)
  WHERE kind = 'criterion';

INSERT INTO check_finding (document_id, line, code, seq, due, message)
WITH docs AS MATERIALIZED (SELECT id FROM document
                            WHERE removed_run IS NULL AND is_template = 0)
  -- A section declared done that still has work open (the sections
  -- v_milestone_progress shows).
  SELECT s.document_id, s.line, 'done-with-open-items', s.id, NULL,
         printf('"%s" is marked done (%s) but only %d of its %d items are '
                || 'done', s.title, s.declared, s.subtree_done,
                s.subtree_total)
    FROM docs d
    CROSS JOIN section s INDEXED BY section_done_open ON s.document_id = d.id
   WHERE s.declared_state = 'done' AND s.subtree_done < s.subtree_total
     AND (s.milestone IS NOT NULL OR s.items_total > 0)
  UNION ALL
  -- A declared x/y or percent that is not what the section's items say.
  SELECT c.document_id, c.line, 'claim-mismatch', c.id, NULL,
         printf('"%s" claims %s but its items are %d/%d done', c.subject,
                CASE WHEN c.total IS NOT NULL
                     THEN c.done || '/' || c.total
                     ELSE CAST(c.percent AS INTEGER) || '%' END,
                s.subtree_done, s.subtree_total)
    FROM docs d
    CROSS JOIN claim c ON c.document_id = d.id
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
  SELECT p.document_id, p.line, 'checked-parent-open-children', p.id, NULL,
         printf('"%s" is checked but %d of its sub-items are open', p.text,
                p.open_children)
    FROM docs d
    CROSS JOIN item p INDEXED BY item_done_open_children
      ON p.document_id = d.id
   WHERE p.state = 'done' AND p.open_children > 0
  UNION ALL
  -- The current-step marker on finished work.
  SELECT i.document_id, i.line, 'current-step-done', i.id, NULL,
         CASE WHEN i.state = 'done'
              THEN printf('"%s" is marked as the current step but is done',
                          i.text)
              ELSE printf('"%s" is marked as the current step in "%s", '
                          || 'which is marked done', i.text, s.title) END
    FROM docs d
    CROSS JOIN item i INDEXED BY item_current ON i.document_id = d.id
    LEFT JOIN section s ON s.id = i.section_id
   WHERE i.is_current = 1 AND (i.state = 'done' OR s.status = 'done')
  UNION ALL
  -- Open work with a due date: past due once today is later (due).
  SELECT i.document_id, i.line, 'past-due', i.id, i.due_date,
         printf('"%s" was due %s%s', i.text, i.due_date,
                CASE WHEN i.owner IS NOT NULL
                     THEN ' (owner: ' || i.owner || ')' ELSE '' END)
    FROM item i INDEXED BY item_open_due
   WHERE i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled')
     AND i.document_id IN (SELECT id FROM docs)
  UNION ALL
  -- Placeholders left in a real document.
  SELECT g.document_id, g.line, g.code, g.rowid, NULL, g.message
    FROM docs d
    CROSS JOIN diagnostic g ON g.document_id = d.id
   WHERE g.code = 'placeholder'
  UNION ALL
  -- Item markers not known: once per document and marker, at its first
  -- line, with the count and where to declare it.
  SELECT document_id, min(line), 'unknown-mark', min(id), NULL,
         printf('%d list item%s start%s with %s: declare it with '
                || '"%s = STATE" under [markers] in .progdb (STATE: open, '
                || 'done, in_progress, cancelled, deferred, blocked)',
                count(*), CASE WHEN count(*) > 1 THEN 's' ELSE '' END,
                CASE WHEN count(*) > 1 THEN '' ELSE 's' END, mark, mark)
    FROM (SELECT g.document_id, g.line, g.rowid AS id,
                 substr(g.message, instr(g.message, '''') + 1,
                        instr(g.message, ''' (') - instr(g.message, '''')
                          - 1) AS mark
            FROM docs d
            CROSS JOIN diagnostic g ON g.document_id = d.id
           WHERE g.code = 'unknown-mark')
   GROUP BY document_id, mark
  UNION ALL
  -- A burndown whose remaining work grows while its scope does not: each
  -- row against the row above it in its table (one index step back).
  SELECT b.document_id, b.line, 'burndown-up', b.id, NULL,
         printf('%s: remaining went up from %d to %d without a scope '
                || 'change', coalesce(b.milestone, 'burndown'),
                (SELECT a.remaining FROM burndown a INDEXED BY burndown_table
                  WHERE a.table_id = b.table_id AND a.line < b.line
                  ORDER BY a.line DESC LIMIT 1),
                b.remaining)
    FROM docs d
    CROSS JOIN burndown b INDEXED BY burndown_line ON b.document_id = d.id
   WHERE EXISTS (SELECT 1
                   FROM (SELECT a.remaining, a.scope
                           FROM burndown a INDEXED BY burndown_table
                          WHERE a.table_id = b.table_id AND a.line < b.line
                          ORDER BY a.line DESC LIMIT 1) a
                  WHERE b.remaining > a.remaining AND b.scope IS a.scope);

-- The dates a document declares for a milestone (Due Date, Target Date,
-- Deadline, ... under a heading naming it), kept as check_finding is
-- (ingest.sql's store_milestone_ends): check's due-after-milestone takes
-- each milestone's earliest from its index instead of reading every
-- dated field of the tree.
CREATE TABLE check_milestone_end (
  document_id  INTEGER NOT NULL,        -- the document that declares it
  seq          INTEGER NOT NULL,        -- the metadata row (its rowid)
  milestone    TEXT NOT NULL,
  end_date     TEXT NOT NULL,           -- YYYY-MM-DD
  PRIMARY KEY (document_id, seq)
) WITHOUT ROWID, STRICT;

CREATE INDEX check_milestone_end_date ON check_milestone_end(milestone,
                                                             end_date);

INSERT INTO check_milestone_end (document_id, seq, milestone, end_date)
WITH docs AS MATERIALIZED (SELECT id FROM document
                            WHERE removed_run IS NULL AND is_template = 0)
SELECT m.document_id, m.rowid, s.milestone, m.date_value
  FROM docs d
  CROSS JOIN metadata m INDEXED BY metadata_document ON m.document_id = d.id
  JOIN section s ON s.id = m.section_id
 WHERE m.date_value IS NOT NULL AND s.milestone IS NOT NULL
   AND lower(m.key) IN ('target date', 'due date', 'due', 'deadline',
                        'end date', 'eta', 'estimated completion',
                        'target completion');
