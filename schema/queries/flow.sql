-- flow.sql - `progdb flow` and the report's flow part: throughput, cycle
-- and lead time, aging work in progress, from v_item_flow (when each item
-- was added, first seen in progress and completed; see 0008_flow.sql).
--
-- Parameters, bound by cmd_flow.c and cmd_report.c:
--   :since_at, :until_at    the window in UTC, 'YYYY-MM-DD HH:MM:SS',
--                           since inclusive, until exclusive; until is now
--   :since_day              its first local day
--   :templates              1 to include template documents
--   :by                     how cycle times are grouped: milestone or doc
--
-- Items completed in the window are found by their completed_at as
-- written (done is it in UTC: a day either side at most), so that
-- v_item_flow is read for those items only.
--
-- Cycle time is done - coalesce(started, added), lead time done - added,
-- in days, for items completed in the window whose start is known and not
-- after done.  Percentiles are nearest-rank: the value at rank
-- ceil(p * n) in ascending order.  Weeks are ISO weeks of local days.

-- name: throughput
-- One row per ISO week the window touches, empty weeks included: items
-- completed and added that week, done and added as v_item_flow has them.
-- Reads the items themselves, not v_item_flow (its start and milestone
-- cost a second per 650,000 items), and of them only those completed or
-- added (as written, before the shift to UTC) from 13 days before the
-- window on: its first Monday is at most 6 days before it, the time zone
-- shifts a day at most.
WITH RECURSIVE
  weeks(monday) AS (
    SELECT date(:since_day, '-6 days', 'weekday 1')
    UNION ALL
    SELECT date(monday, '+7 days') FROM weeks
     WHERE date(monday, '+7 days') <= date(:until_at, 'localtime')),
  bounds(since, first_run) AS (
    SELECT date(:since_day, '-13 days'), (SELECT min(id) FROM ingest_run)),
  -- The items done or created since then, or first found after the first
  -- run, each by an index (a run's finds by its range of ids), not by
  -- reading every item; UNION drops those found twice.
  ids(id) AS (
    SELECT i.id FROM bounds b CROSS JOIN item i INDEXED BY item_written_done
     WHERE i.state = 'done' AND i.completed_source = 'written'
       AND i.completed_at >= b.since
    UNION
    SELECT i.id FROM bounds b CROSS JOIN item i INDEXED BY item_done_at
     WHERE i.state = 'done' AND i.completed_source IS NOT 'written'
       AND i.completed_at IS NOT NULL AND i.completed_at >= b.since
    UNION
    SELECT i.id FROM bounds b CROSS JOIN item i INDEXED BY item_created
     WHERE i.created_date IS NOT NULL AND i.created_date >= b.since
    UNION
    SELECT i.id FROM bounds b CROSS JOIN ingest_run r
      CROSS JOIN item i ON i.id BETWEEN r.items_from AND r.items_to
                       AND i.first_run = r.id
     WHERE r.id > b.first_run),
  recent AS (
    SELECT i.document_id,
           CASE WHEN i.state <> 'done' OR i.completed_at < b.since THEN NULL
                WHEN length(i.completed_at) = 10
                THEN datetime(i.completed_at, 'utc')
                ELSE i.completed_at END AS done,
           CASE WHEN i.created_date IS NOT NULL
                THEN CASE WHEN i.created_date >= b.since
                          THEN datetime(i.created_date, 'utc') END
                WHEN i.first_run > b.first_run
                THEN (SELECT r.observed_at FROM ingest_run r
                       WHERE r.id = i.first_run) END AS added
      FROM bounds b CROSS JOIN ids CROSS JOIN item i ON i.id = ids.id),
  flow AS (
    SELECT f.done, f.added FROM recent f
      CROSS JOIN document d ON d.id = f.document_id
     WHERE d.removed_run IS NULL AND (d.is_template = 0 OR :templates)),
  byweek AS (
    SELECT date(done, 'localtime', '-6 days', 'weekday 1') AS monday,
           1 AS completed, 0 AS added
      FROM flow WHERE done IS NOT NULL
    UNION ALL
    SELECT date(added, 'localtime', '-6 days', 'weekday 1'), 0, 1
      FROM flow WHERE added IS NOT NULL)
SELECT strftime('%Y', w.monday, '+3 days') || '-W' ||
         printf('%02d', (strftime('%j', w.monday, '+3 days') - 1) / 7 + 1)
         AS week,
       w.monday AS starts,
       coalesce(sum(b.completed), 0) AS completed,
       coalesce(sum(b.added), 0) AS added
  FROM weeks w LEFT JOIN byweek b ON b.monday = w.monday
 GROUP BY w.monday
 ORDER BY w.monday;

-- name: cycle_items
-- Each item completed in the window with a known start (the scatter).
SELECT item, path, line, milestone, date(done, 'localtime') AS done,
       round(julianday(done) - julianday(coalesce(started, added)), 1)
         AS cycle_days,
       CASE WHEN added <= done
            THEN round(julianday(done) - julianday(added), 1) END
         AS lead_days
  FROM v_item_flow
 WHERE item_id IN (SELECT id FROM item WHERE state = 'done'
                      AND completed_at >= date(:since_at, '-1 day')
                      AND completed_at < date(:until_at, '+2 days'))
   AND done >= :since_at AND done < :until_at
   AND coalesce(started, added) <= done
   AND (is_template = 0 OR :templates)
 ORDER BY done, path, line;

-- name: cycle_time
-- Per group (:by milestone, doc or owner) of the items completed in the
-- window with a known start: how many, and the median and 85th percentile
-- of their cycle and lead times in days.  The last row, name '(all)', is
-- all of them.
WITH
  timed AS (
    SELECT CASE :by WHEN 'doc' THEN path
                WHEN 'owner' THEN coalesce((SELECT i.owner FROM item i
                                             WHERE i.id = item_id),
                                           '(no owner)')
                ELSE coalesce(milestone, '(no milestone)') END AS name,
           julianday(done) - julianday(coalesce(started, added)) AS cycle,
           CASE WHEN added <= done
                THEN julianday(done) - julianday(added) END AS lead
      FROM v_item_flow
     WHERE item_id IN (SELECT id FROM item WHERE state = 'done'
                          AND completed_at >= date(:since_at, '-1 day')
                          AND completed_at < date(:until_at, '+2 days'))
       AND done >= :since_at AND done < :until_at
       AND coalesce(started, added) <= done
       AND (is_template = 0 OR :templates)),
  grouped AS (
    SELECT name, 0 AS is_all, cycle, lead FROM timed
    UNION ALL
    SELECT '(all)', 1, cycle, lead FROM timed),
  ranked AS (
    SELECT name, is_all, cycle, lead,
           row_number() OVER g_cycle AS cycle_rank,
           count(*) OVER g AS n,
           row_number() OVER g_lead AS lead_rank,
           count(lead) OVER g AS n_lead
      FROM grouped
    WINDOW g AS (PARTITION BY is_all, name),
           g_cycle AS (g ORDER BY cycle),
           g_lead AS (g ORDER BY lead IS NULL, lead))
SELECT name, max(n) AS items,
       round(max(CASE WHEN cycle_rank = (n + 1) / 2 THEN cycle END), 1)
         AS cycle_median,
       round(max(CASE WHEN cycle_rank = (n * 85 + 99) / 100 THEN cycle END), 1)
         AS cycle_p85,
       max(n_lead) AS with_lead,
       round(max(CASE WHEN lead_rank = (n_lead + 1) / 2 AND n_lead > 0
                      THEN lead END), 1) AS lead_median,
       round(max(CASE WHEN lead_rank = (n_lead * 85 + 99) / 100
                       AND n_lead > 0 THEN lead END), 1) AS lead_p85
  FROM ranked
 GROUP BY is_all, name
 ORDER BY is_all, name;

-- name: aging
-- Open items in progress now, oldest first: since when they are (the last
-- time they went in progress; 'at least' when only first seen so) and
-- for how many whole days.
SELECT item, path, line, milestone, date(wip_since, 'localtime') AS since,
       CASE WHEN at_least THEN 'at least' ELSE 'exact' END AS known,
       max(0, CAST(julianday(:until_at) - julianday(wip_since) AS INTEGER))
         AS age_days
  FROM v_item_flow
 WHERE state = 'in_progress' AND (is_template = 0 OR :templates)
 ORDER BY wip_since, path, line;
