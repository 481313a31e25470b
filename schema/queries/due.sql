-- due.sql - `progdb due`: open items by due date, and due dates that
-- slipped.  :today is the day counted from (YYYY-MM-DD); :templates is 1
-- to include template documents.  An item's milestone is its heading's,
-- else that heading's parent's or grandparent's.

-- name: list
-- Open items (not done, not cancelled) with a due date: the overdue ones
-- and, with :within (days), those due by :today + :within; all of them
-- when :within is NULL.  days: due minus today (negative: overdue).
-- :owner (any case) and :milestone narrow them.
WITH due AS (
  SELECT d.file AS path, i.line, i.owner,
         coalesce(s.milestone, p.milestone, g.milestone) AS milestone,
         i.due_date AS due,
         CAST(julianday(i.due_date) - julianday(:today) AS INTEGER) AS days,
         i.state, i.text
    FROM item i
    JOIN document d ON d.id = i.document_id
    LEFT JOIN section s ON s.id = i.section_id
    LEFT JOIN section p ON p.id = s.parent_id
    LEFT JOIN section g ON g.id = p.parent_id
   WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
     AND i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled'))
SELECT path, line, coalesce(owner, '') AS owner,
       coalesce(milestone, '') AS milestone, due, days,
       CASE WHEN days < 0 THEN 'overdue' ELSE 'due' END AS status, text
  FROM due
 WHERE (:within IS NULL OR days <= :within)
   AND (:owner IS NULL OR lower(owner) = lower(:owner))
   AND (:milestone IS NULL OR milestone = :milestone)
 ORDER BY due, path, line;

-- name: by
-- The same rows counted per owner (:by = 'owner') or milestone: overdue,
-- due within the window, the next due day and the most days overdue.
-- Items no one owns count as '(nobody)', those in no milestone as '(none)'.
WITH due AS (
  SELECT i.owner, coalesce(s.milestone, p.milestone, g.milestone)
           AS milestone,
         i.due_date AS due,
         CAST(julianday(i.due_date) - julianday(:today) AS INTEGER) AS days
    FROM item i
    JOIN document d ON d.id = i.document_id
    LEFT JOIN section s ON s.id = i.section_id
    LEFT JOIN section p ON p.id = s.parent_id
    LEFT JOIN section g ON g.id = p.parent_id
   WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
     AND i.due_date IS NOT NULL AND i.state NOT IN ('done', 'cancelled'))
SELECT coalesce(CASE :by WHEN 'owner' THEN owner ELSE milestone END,
                CASE :by WHEN 'owner' THEN '(nobody)' ELSE '(none)' END)
         AS name,
       sum(days < 0) AS overdue, sum(days >= 0) AS due_soon,
       min(CASE WHEN days >= 0 THEN due END) AS next_due,
       coalesce(max(-days) FILTER (WHERE days < 0), 0) AS most_days_late
  FROM due
 WHERE (:within IS NULL OR days <= :within)
   AND (:owner IS NULL OR lower(owner) = lower(:owner))
   AND (:milestone IS NULL OR milestone = :milestone)
 GROUP BY 1
 ORDER BY overdue DESC, lower(name);

-- name: slipped
-- Items whose due date moved later (due-changed events, old -> new):
-- how often, by how many days in all, the first due date seen and the one
-- now.  Pulled-in dates count in changes, not in slips.
WITH ch AS (
  SELECT e.entity_id AS id, e.document_id, e.title, e.old_value, e.new_value,
         e.id AS event_id, e.at,
         CAST(julianday(e.new_value) - julianday(e.old_value) AS INTEGER)
           AS days
    FROM event e
   WHERE e.entity = 'item' AND e.kind = 'due-changed')
SELECT d.file AS path, coalesce(i.line, 0) AS line,
       coalesce(i.owner, '') AS owner,
       (SELECT c2.old_value FROM ch c2 WHERE c2.id = ch.id
         ORDER BY c2.event_id LIMIT 1) AS first_due,
       (SELECT c2.new_value FROM ch c2 WHERE c2.id = ch.id
         ORDER BY c2.event_id DESC LIMIT 1) AS due,
       sum(days > 0) AS slips, count(*) AS changes,
       sum(CASE WHEN days > 0 THEN days ELSE 0 END) AS days_slipped,
       date(max(at)) AS last_change,
       coalesce(i.text, max(ch.title)) AS text
  FROM ch
  JOIN document d ON d.id = ch.document_id
  LEFT JOIN item i ON i.id = ch.id
 WHERE (d.is_template = 0 OR :templates)
   AND (:owner IS NULL OR lower(i.owner) = lower(:owner))
 GROUP BY ch.id
HAVING slips > 0
 ORDER BY days_slipped DESC, slips DESC, path, line;
