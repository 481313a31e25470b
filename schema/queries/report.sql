-- report.sql - what `progdb report` needs beyond the statements it shares
-- with weekly, milestones, check and the list commands (it runs those
-- too, so that every command tells the same story).
--
-- Parameters, bound by cmd_report.c: :templates (1 to include template
-- documents).

-- name: last_ingest
-- When the data was last ingested: the newest run's observed time, UTC
-- and local.  NULLs when nothing was ingested yet.
SELECT max(observed_at) AS at_utc,
       datetime(max(observed_at), 'localtime') AS at_local
  FROM ingest_run;

-- name: documents
-- Every document with items or a declared status: done/total, what it
-- declares, and whether the two disagree (by the rule of
-- v_milestone_progress: declared done with items open, or declared not
-- started with items done).
SELECT file AS path, title, status AS declared, items_done AS done,
       items_total AS total, percent,
       CASE WHEN (state = 'done' AND items_done < items_total)
              OR (state = 'not_started' AND items_done > 0)
            THEN 1 ELSE 0 END AS disagrees
  FROM v_document
 WHERE (is_template = 0 OR :templates)
   AND (items_total > 0 OR status IS NOT NULL)
 ORDER BY path;

-- name: disagreeing
-- Milestones whose declared status the items belie (as `milestones`
-- marks them).
SELECT section, path, line, declared, done, total, percent, disagrees
  FROM (SELECT m.section, m.path, m.line, m.declared, m.done, m.total,
               m.percent, m.disagrees, m.root, m.rel_path, m.ord
          FROM v_milestone_progress m
         WHERE m.disagrees AND (m.is_template = 0 OR :templates))
 ORDER BY root, rel_path, ord;

-- name: risk_levels
-- Open risks counted by level (0: unrated, 1 low .. 4 critical), as
-- `progdb risks --open` lists them.
SELECT coalesce(level, 0) AS level, count(*) AS open
  FROM v_open_risks
 WHERE (is_template = 0 OR :templates)
 GROUP BY 1
 ORDER BY 1;

-- name: burndown_ends
-- The end date each milestone declares: a date written as Estimated
-- Completion, Target Date, Due Date, Deadline, End Date (and the like)
-- under a heading that names the milestone; the first in path and line
-- order when several documents give one.
SELECT milestone, end_date
  FROM (SELECT s.milestone, m.date_value AS end_date,
               row_number() OVER (PARTITION BY s.milestone
                                  ORDER BY d.file, m.line) AS n
          FROM metadata m
          JOIN section s ON s.id = m.section_id
          JOIN document d ON d.id = m.document_id
         WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
           AND s.milestone IS NOT NULL AND m.date_value IS NOT NULL
           AND lower(m.key) IN ('estimated completion', 'expected completion',
                                'planned completion', 'target completion',
                                'target date', 'target', 'due date', 'due',
                                'deadline', 'end date', 'end', 'eta'))
 WHERE n = 1
 ORDER BY milestone;

-- name: burndown_tables
-- The table of every burndown row, in the order of lists.burndown (path,
-- document, line: the indexes of migration 0013 give it without a sort):
-- read beside it, it tells two tables of one milestone apart.
SELECT d.file AS path, b.line, b.table_id
  FROM burndown b JOIN document d ON d.id = b.document_id
 WHERE d.removed_run IS NULL
 ORDER BY d.file, d.id, b.line;
