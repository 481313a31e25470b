-- ingest.sql - the statements `progdb ingest` writes with (store_ingest.c).
-- Every value is a bound parameter; nothing here is built from input.
-- The inserts of sections, items, metadata, claims, table rows, burndown
-- rows and log entries also run as multi-row inserts made from the same
-- text (store_batch.c): keep each to one "VALUES (...)" tuple.  They are
-- OR FAIL: a multi-row insert that may abort halfway keeps a statement
-- journal (a copy of every page it changes that the run changed before),
-- and a run that fails is rolled back whole anyway.

-- name: begin_run
INSERT INTO ingest_run (started_at, observed_at, tool_version, roots,
                        commit_id, commit_author, commit_subject)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);

-- name: finish_run
-- ?13: the items the run leaves, when its writer kept count; NULL: counted.
UPDATE ingest_run
   SET finished_at = ?2, files_seen = ?3, files_new = ?4, files_changed = ?5,
       files_unchanged = ?6, files_removed = ?7, files_failed = ?8,
       warnings = ?9, items = coalesce(?13, (SELECT count(*) FROM item)),
       unknown_marks = ?10,
       items_from = ?11, items_to = ?12
 WHERE id = ?1
RETURNING items, (SELECT count(*) FROM risk WHERE state = 'open');

-- name: known_documents
-- ?1: the extraction rules' version.  Documents stored by other rules
-- look changed (no size, no hash), so they are read again.
SELECT id, root, rel_path,
       CASE WHEN extract_version = ?1 THEN size ELSE -1 END, mtime_ns,
       CASE WHEN extract_version = ?1 THEN hash ELSE 0 END,
       removed_run IS NOT NULL, real_path
  FROM document;

-- name: insert_document
INSERT INTO document (root, rel_path, title, size, mtime_ns, hash, encoding,
                      is_template, template_reason, status, state,
                      start_date, doc_date, updated_date, items_total,
                      items_done, risks_open, first_run, changed_run,
                      extract_version, real_path)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16, ?19, ?17, ?17, ?20, ?21);

-- name: update_document
-- ?1 and ?2, the root and rel_path the file was reached by, are not used: a
-- document keeps the name it was first stored under (or renamed to).
UPDATE document
   SET title = ?3, size = ?4, mtime_ns = ?5, hash = ?6, encoding = ?7,
       is_template = ?8, template_reason = ?9, status = ?10, state = ?11,
       start_date = ?12, doc_date = ?13, updated_date = ?14,
       items_total = ?15, items_done = ?16, risks_open = ?19,
       changed_run = ?17, removed_run = NULL, extract_version = ?20,
       real_path = coalesce(?21, real_path)
 WHERE id = ?18;

-- name: set_real_path
-- A document stored before real paths were kept, seen again.
UPDATE document SET real_path = ?2 WHERE id = ?1;

-- name: touch_document
UPDATE document SET size = ?2, mtime_ns = ?3 WHERE id = ?1;

-- name: remove_document
UPDATE document SET removed_run = ?2 WHERE id = ?1;

-- name: previous_run
-- The last run: its id (to notice a run committed meanwhile) and time.
SELECT id, observed_at FROM ingest_run ORDER BY id DESC LIMIT 1;

-- name: secondary_indexes
-- What a bulk load into an empty database drops first and builds last:
-- building an index once from sorted rows is much cheaper than updating
-- it row by row.  The document table's stay: the run looks documents up.
-- Partial indexes stay too: keeping one costs a test per row, building
-- it a scan of its whole table.  The triggers that keep search_index in
-- step go too and are not made again: the index stays unbuilt until the
-- first `search` builds it (search.build).  The indexes whose first
-- column grows as the load goes (a document's, an item's, a table's id,
-- the run's first_seen or first_run) stay as well, on every table: rows
-- are written document by document in id order, all first seen in this
-- one run, so each entry goes at their end, which costs less than sorting
-- them all at the end of the run (1% fewer writer instructions on 200
-- files), when the writer is all that is left to wait for.
-- Columns: name, sql, type.
SELECT name, sql, type FROM sqlite_master m
 WHERE (type = 'index' AND sql IS NOT NULL AND tbl_name <> 'document'
        AND sql NOT LIKE '% WHERE %'
        AND (SELECT c.name FROM pragma_index_info(m.name) c
              WHERE c.seqno = 0)
            NOT IN ('document_id', 'item_id', 'table_id', 'first_seen',
                    'first_run'))
    OR (type = 'trigger' AND name GLOB 'search_*')
 ORDER BY type, name;

-- name: next_ids
-- Ids for new items, risks and debt entries: never one that a removed
-- entry had, as its events still name it.  Then the next section id.
SELECT max(coalesce((SELECT max(id) FROM item), 0),
           coalesce((SELECT max(entity_id) FROM event
                      WHERE entity = 'item'), 0)) + 1,
       max(coalesce((SELECT max(id) FROM risk), 0),
           coalesce((SELECT max(entity_id) FROM event
                      WHERE entity = 'risk'), 0)) + 1,
       max(coalesce((SELECT max(id) FROM tech_debt), 0),
           coalesce((SELECT max(entity_id) FROM event
                      WHERE entity = 'debt'), 0)) + 1,
       coalesce((SELECT max(id) FROM section), 0) + 1;

-- name: old_items
SELECT i.key, i.id, i.first_run, i.state, i.text, i.line, i.completed_at,
       i.completed_source, i.section_id, s.title, s.norm_title, s.milestone,
       i.mark, i.due_date
  FROM item i LEFT JOIN section s ON s.id = i.section_id
 WHERE i.document_id = ?1
 ORDER BY i.id;

-- name: old_risks
SELECT r.key, r.id, r.first_run, r.state, r.severity_level, r.title, r.line,
       r.section_id, s.title, s.milestone
  FROM risk r LEFT JOIN section s ON s.id = r.section_id
 WHERE r.document_id = ?1;

-- name: old_debts
SELECT d.key, d.id, d.first_run, d.state, d.priority_level, d.description,
       d.line, d.section_id, s.title, s.milestone
  FROM tech_debt d LEFT JOIN section s ON s.id = d.section_id
 WHERE d.document_id = ?1;

-- name: old_burndown
SELECT coalesce(milestone, '') || char(31) || label, first_run
  FROM burndown WHERE document_id = ?1;

-- name: new_items
SELECT i.id, i.key, i.document_id, i.state, i.text, i.line, s.title,
       s.milestone, i.mark, i.due_date
  FROM item i LEFT JOIN section s ON s.id = i.section_id
 WHERE i.id >= ?2 AND i.first_run = ?1;

-- name: move_item
UPDATE item SET id = ?1, first_run = ?2, completed_at = ?3,
       completed_source = ?4
 WHERE id = ?5;

-- name: reparent_items
UPDATE item SET parent_id = ?1 WHERE parent_id = ?2;

-- name: insert_event
INSERT INTO event (run_id, at, entity, entity_id, document_id, kind,
                   old_value, new_value, source, window_start, commit_id,
                   title, section_id, section_title, milestone, line,
                   first_run, mark)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16, ?17, ?18);

-- name: insert_new_spans
-- A bulk load's new items ?1..?2 (none has history yet) get their one
-- span each as the run goes, their row as it is, first seen at the run's
-- observed_at ?3: what spans.sql's keys writes for a run's new items at
-- its end, where it would be the last thing a cold ingest waits for.
INSERT INTO item_span (item_id, removal, document_id, first_seen, gone_at,
                       from_at, until_at, state)
SELECT id, NULL, document_id, ?3, NULL, NULL, NULL, state
  FROM item WHERE id BETWEEN ?1 AND ?2;

-- name: delete_table_rows
DELETE FROM table_row
 WHERE table_id IN (SELECT id FROM doc_table WHERE document_id = ?1);

-- name: delete_risks
DELETE FROM risk WHERE document_id = ?1;

-- name: delete_debts
DELETE FROM tech_debt WHERE document_id = ?1;

-- name: delete_burndown
DELETE FROM burndown WHERE document_id = ?1;

-- name: delete_logs
DELETE FROM log_entry WHERE document_id = ?1;

-- name: delete_claims
DELETE FROM claim WHERE document_id = ?1;

-- name: delete_tables
DELETE FROM doc_table WHERE document_id = ?1;

-- name: delete_links
DELETE FROM item_link WHERE document_id = ?1;

-- name: delete_items
DELETE FROM item WHERE document_id = ?1;

-- name: delete_sections
DELETE FROM section WHERE document_id = ?1;

-- name: delete_metadata
DELETE FROM metadata WHERE document_id = ?1;

-- name: delete_diagnostics
DELETE FROM diagnostic WHERE document_id = ?1;

-- name: delete_findings
DELETE FROM check_finding WHERE document_id = ?1;

-- name: delete_milestone_ends
DELETE FROM check_milestone_end WHERE document_id = ?1;

-- name: store_milestone_ends
-- The dates the documents run ?1 stored (checked ones, as store_findings)
-- declare for a milestone, for check's due-after-milestone: Due Date,
-- Target Date, Deadline, ... under a heading naming the milestone.
INSERT INTO check_milestone_end (document_id, seq, milestone, end_date)
SELECT m.document_id, m.rowid, s.milestone, m.date_value
  FROM document d
  CROSS JOIN metadata m INDEXED BY metadata_document ON m.document_id = d.id
  JOIN section s ON s.id = m.section_id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND m.date_value IS NOT NULL AND s.milestone IS NOT NULL
   AND lower(m.key) IN ('target date', 'due date', 'due', 'deadline',
                        'end date', 'eta', 'estimated completion',
                        'target completion');

-- The finding_* statements: check's findings that a document's own rows
-- decide (check.sql reads them), for the documents run ?1 stored that are
-- checked (not removed, not templates): computed once here, not at every
-- `check`; store_findings() runs them in stmts.def's order.  A document's
-- rows go with its other rows (delete_findings).  seq is the row the
-- finding is about (its id), so that no two are the same; due is the due
-- date of a past-due finding, shown only once today is later.  ?2: 1 in
-- a bulk load into an empty database (every document is new).  One
-- statement per rule: as one compound INSERT they took twice the time.

-- name: finding_done_open
-- A section declared done that still has work open (the sections
-- v_milestone_progress shows).
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT s.document_id, s.line, 'done-with-open-items', s.id, NULL,
       printf('"%s" is marked done (%s) but only %d of its %d items are '
              || 'done', s.title, s.declared, s.subtree_done,
              s.subtree_total)
  FROM document d
  CROSS JOIN section s INDEXED BY section_done_open ON s.document_id = d.id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND s.declared_state = 'done' AND s.subtree_done < s.subtree_total
   AND (s.milestone IS NOT NULL OR s.items_total > 0);

-- name: finding_claims
-- A declared x/y or percent that is not what the section's items say.
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT c.document_id, c.line, 'claim-mismatch', c.id, NULL,
       printf('"%s" claims %s but its items are %d/%d done', c.subject,
              CASE WHEN c.total IS NOT NULL
                   THEN c.done || '/' || c.total
                   ELSE CAST(c.percent AS INTEGER) || '%' END,
              s.subtree_done, s.subtree_total)
  FROM document d
  CROSS JOIN claim c ON c.document_id = d.id
  JOIN section s ON s.id = c.section_id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND c.kind = 'progress' AND c.subject = s.norm_title
   AND s.subtree_total > 0
   AND ((c.total IS NOT NULL AND (c.done <> s.subtree_done
         OR c.total <> s.subtree_total))
     OR (c.total IS NULL AND c.percent IS NOT NULL
         AND abs(c.percent - 100.0 * s.subtree_done / s.subtree_total) > 1));

-- name: finding_open_children
-- A ticked item whose sub-items are not (item.open_children, counted
-- when the item is stored).
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT p.document_id, p.line, 'checked-parent-open-children', p.id, NULL,
       printf('"%s" is checked but %d of its sub-items are open', p.text,
              p.open_children)
  FROM document d
  CROSS JOIN item p INDEXED BY item_done_open_children ON p.document_id = d.id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND p.state = 'done' AND p.open_children > 0;

-- name: finding_current_done
-- The current-step marker on finished work.
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT i.document_id, i.line, 'current-step-done', i.id, NULL,
       CASE WHEN i.state = 'done'
            THEN printf('"%s" is marked as the current step but is done',
                        i.text)
            ELSE printf('"%s" is marked as the current step in "%s", '
                        || 'which is marked done', i.text, s.title) END
  FROM document d
  CROSS JOIN item i INDEXED BY item_current ON i.document_id = d.id
  LEFT JOIN section s ON s.id = i.section_id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND i.is_current = 1 AND (i.state = 'done' OR s.status = 'done');

-- name: finding_due_all
-- Open work with a due date: past due once today is later (due).  A
-- bulk load (?2 = 1) reads it all from its index (finding_due: a run
-- that stores a few documents, their items).
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT i.document_id, i.line, 'past-due', i.id, i.due_date,
       printf('"%s" was due %s%s', i.text, i.due_date,
              CASE WHEN i.owner IS NOT NULL
                   THEN ' (owner: ' || i.owner || ')' ELSE '' END)
  FROM item i INDEXED BY item_open_due
 WHERE ?2 = 1
   AND i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled')
   AND i.document_id IN (SELECT d.id FROM document d WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0);

-- name: finding_due
-- finding_due_all's findings when the run is no bulk load (?2 = 0).
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT i.document_id, i.line, 'past-due', i.id, i.due_date,
       printf('"%s" was due %s%s', i.text, i.due_date,
              CASE WHEN i.owner IS NOT NULL
                   THEN ' (owner: ' || i.owner || ')' ELSE '' END)
  FROM document d
  CROSS JOIN item i INDEXED BY item_document ON i.document_id = d.id
 WHERE ?2 = 0 AND d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled');

-- name: finding_placeholders
-- Placeholders left in a real document.
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT g.document_id, g.line, g.code, g.rowid, NULL, g.message
  FROM document d
  CROSS JOIN diagnostic g ON g.document_id = d.id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0 AND g.code = 'placeholder';

-- name: finding_marks
-- Item markers not known: once per document and marker, at its first
-- line, with the count and where to declare it.
INSERT INTO check_finding (document_id, line, code, seq, due, message)
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
          FROM document d
          CROSS JOIN diagnostic g ON g.document_id = d.id
         WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0 AND g.code = 'unknown-mark')
 GROUP BY document_id, mark;

-- name: finding_burndown_up
-- A burndown whose remaining work grows while its scope does not: each
-- row against the row above it in its table (one index step back).
INSERT INTO check_finding (document_id, line, code, seq, due, message)
SELECT b.document_id, b.line, 'burndown-up', b.id, NULL,
       printf('%s: remaining went up from %d to %d without a scope '
              || 'change', coalesce(b.milestone, 'burndown'),
              (SELECT a.remaining FROM burndown a INDEXED BY burndown_table
                WHERE a.table_id = b.table_id AND a.line < b.line
                ORDER BY a.line DESC LIMIT 1),
              b.remaining)
  FROM document d
  CROSS JOIN burndown b INDEXED BY burndown_line ON b.document_id = d.id
 WHERE d.changed_run = ?1 AND d.removed_run IS NULL AND d.is_template = 0
   AND EXISTS (SELECT 1
                 FROM (SELECT a.remaining, a.scope
                         FROM burndown a INDEXED BY burndown_table
                        WHERE a.table_id = b.table_id AND a.line < b.line
                        ORDER BY a.line DESC LIMIT 1) a
                WHERE b.remaining > a.remaining AND b.scope IS a.scope);

-- name: insert_section
INSERT OR FAIL INTO section (document_id, parent_id, ord, level, line, end_line,
                     title, norm_title, status, status_text, milestone,
                     items_total, items_done, date, context_date,
                     subtree_total, subtree_done, declared, declared_state,
                     disagrees, id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16, ?17, ?18, ?19, ?20, ?21);

-- name: insert_item
INSERT OR FAIL INTO item (id, document_id, section_id, parent_id, line, depth, state,
                  mark, source, text, label, ext_id, tags, optional,
                  is_current, priority, done_date, due_date, created_date,
                  start_date, scheduled_date, cancelled_date, key, first_run,
                  context_date, completed_at, completed_source, detail, owner,
                  milestone, open_children)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,
        ?30, ?31);

-- name: insert_link
INSERT INTO item_link (document_id, item_id, line, kind, ref, text)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: insert_metadata
INSERT OR FAIL INTO metadata (document_id, section_id, line, key, value, date_value,
                      source)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);

-- name: insert_diagnostic
INSERT INTO diagnostic (document_id, line, code, message)
VALUES (?1, ?2, ?3, ?4);

-- name: insert_table
INSERT INTO doc_table (document_id, section_id, line, kind, columns, rows,
                       header)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);

-- name: insert_table_row
INSERT OR FAIL INTO table_row (table_id, row, line, cells) VALUES (?1, ?2, ?3, ?4);

-- name: insert_risk
INSERT INTO risk (document_id, section_id, table_id, line, source, ext_id,
                  title, probability, probability_level, impact,
                  impact_level, severity, severity_level, mitigation, owner,
                  status, state, resolution, lessons, eta, due_date,
                  resolved_date, key, id, first_run)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25);

-- name: insert_debt
INSERT INTO tech_debt (document_id, section_id, table_id, line, source,
                       ext_id, description, impact, impact_level, priority,
                       priority_level, planned_resolution, status, state,
                       owner, resolved_date, key, id, first_run)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16, ?17, ?18, ?19);

-- name: insert_burndown
INSERT OR FAIL INTO burndown (document_id, section_id, table_id, line, milestone,
                      label, date, ordinal, remaining, remaining_text,
                      completed, completed_text, scope, ideal, blockers,
                      first_run)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        ?16);

-- name: insert_log
INSERT OR FAIL INTO log_entry (document_id, section_id, line, date, source, weekly,
                       title, milestone, component)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: insert_claim
INSERT OR FAIL INTO claim (document_id, section_id, line, kind, subject, done, total,
                   percent, target, value, status, state, text)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13);

-- name: last_commit
-- The last commit ingest --git replayed for these roots (?1, as JSON).
SELECT commit_id FROM ingest_run
 WHERE commit_id IS NOT NULL AND roots = ?1
 ORDER BY id DESC LIMIT 1;

-- name: rename_document
-- ingest --git: the file was renamed; the document keeps its id.
UPDATE document SET rel_path = ?2 WHERE id = ?1;

-- name: forget_documents
-- ingest --git --rebuild: the documents under the roots ?1 (a JSON array),
-- whose rows (delete_*), events and selves are forgotten one by one.
SELECT id FROM document WHERE root IN (SELECT value FROM json_each(?1));

-- name: forget_events
DELETE FROM event WHERE document_id = ?1;

-- name: forget_document
DELETE FROM document WHERE id = ?1;

-- name: forget_runs
-- Then the runs' observations of the roots ?1: a run of other roots too
-- keeps those; a run of nothing else goes.
UPDATE ingest_run
   SET roots = (SELECT json_group_array(j.value) FROM json_each(ingest_run.roots) j
                 WHERE j.value NOT IN (SELECT value FROM json_each(?1)))
 WHERE EXISTS (SELECT 1 FROM json_each(ingest_run.roots) j
                WHERE j.value IN (SELECT value FROM json_each(?1)));

-- name: forget_empty_runs
DELETE FROM ingest_run WHERE roots = '[]';

-- name: newer_run
-- History only moves forward: the newest run observed after ?1 that took
-- one of the roots ?2 (a JSON array), of those after run ?4.  With ?3 = 1
-- (a commit being replayed) only runs of the work tree count: a replay
-- follows the history's order, whatever its commits' times.  Then the
-- last run's id.
SELECT r.id, r.observed_at, r.commit_id, j.value
  FROM ingest_run r, json_each(r.roots) j
 WHERE r.id > ?4 AND r.observed_at > ?1 AND (?3 = 0 OR r.commit_id IS NULL)
   AND j.value IN (SELECT value FROM json_each(?2))
 ORDER BY r.observed_at DESC, r.id DESC
 LIMIT 1;

-- name: last_run
SELECT coalesce(max(id), 0) FROM ingest_run;
