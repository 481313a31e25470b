-- spans.sql - item_span kept in step with the runs (see migration 0012):
-- store_spans_update() runs keys, derive and new_items at the end of every run,
-- before its commit: the items whose history this run extended (an event
-- since the last update; items first seen in the newest run without one
-- are written by new_items after derive) have their spans derived again
-- from their item row, removal events and state changes, as
-- v_item_life and v_item_change describe them.  store_spans_rebuild()
-- runs all_keys then derive, for a database whose rows were copied in
-- (--server's copy of what was pushed).
-- name: keys
CREATE TEMP TABLE IF NOT EXISTS span_keys(item_id INTEGER PRIMARY KEY);
DELETE FROM temp.span_keys;
INSERT OR IGNORE INTO temp.span_keys
  SELECT e.entity_id FROM event e
   WHERE e.id > (SELECT last_event FROM item_span_mark) AND +e.entity = 'item';

-- name: new_items
-- (Skipped when a bulk load wrote these spans as it went:
-- ingest.insert_new_spans.)  The newest run's new items without an event
-- (every item of a first ingest) have one span each, their row as it is,
-- written here directly: derive's way costs several times as much per
-- item.  Spans that forgotten items left in the run's block of ids go
-- first.
DELETE FROM item_span
 WHERE item_id BETWEEN (SELECT items_from FROM ingest_run
                         ORDER BY id DESC LIMIT 1)
                   AND (SELECT items_to FROM ingest_run
                         ORDER BY id DESC LIMIT 1)
   AND item_id NOT IN (SELECT item_id FROM temp.span_keys);
INSERT INTO item_span (item_id, removal, document_id, first_seen, gone_at,
                       from_at, until_at, state)
  SELECT i.id, NULL, i.document_id, r.observed_at, NULL, NULL, NULL,
         i.state
    FROM ingest_run r CROSS JOIN item i
      ON i.id BETWEEN r.items_from AND r.items_to AND i.first_run = r.id
   WHERE r.id = (SELECT max(id) FROM ingest_run)
     AND i.id NOT IN (SELECT item_id FROM temp.span_keys);

-- name: all_keys
CREATE TEMP TABLE IF NOT EXISTS span_keys(item_id INTEGER PRIMARY KEY);
DELETE FROM temp.span_keys;
INSERT OR IGNORE INTO temp.span_keys SELECT id FROM item;
INSERT OR IGNORE INTO temp.span_keys
  SELECT entity_id FROM event WHERE entity = 'item' AND kind = 'removed';

-- name: derive
-- The events of the keys are looked up with IN: joined to temp.span_keys
-- (no statistics), SQLite would build a Bloom filter over every item
-- event first, a scan of the whole event table each run.
DELETE FROM item_span WHERE item_id IN (SELECT item_id FROM temp.span_keys);
INSERT INTO item_span (item_id, removal, document_id, first_seen, gone_at,
                       from_at, until_at, state)
WITH
  lives(item_id, removal, document_id, first_seen, gone_at, state) AS (
    SELECT i.id, NULL, i.document_id, fr.observed_at, NULL, i.state
      FROM temp.span_keys k CROSS JOIN item i ON i.id = k.item_id
      CROSS JOIN ingest_run fr ON fr.id = i.first_run
    UNION ALL
    SELECT e.entity_id, e.id, e.document_id, fr.observed_at, rr.observed_at,
           e.old_value
      FROM event e
      CROSS JOIN ingest_run fr ON fr.id = e.first_run
      CROSS JOIN ingest_run rr ON rr.id = e.run_id
     WHERE e.entity = 'item'
       AND e.entity_id IN (SELECT item_id FROM temp.span_keys)
       AND e.kind = 'removed'),
  -- Each item's state changes in the order of v_item_change's happened
  -- (a written date as this ingest's local day), ties by event.
  changes(item_id, at, state_before, prev_at, last) AS (
    SELECT item_id, at, state_before,
           lag(at) OVER (PARTITION BY item_id ORDER BY n),
           lead(n) OVER (PARTITION BY item_id ORDER BY n) IS NULL
      FROM (SELECT e.entity_id AS item_id, e.at, e.old_value AS state_before,
                   row_number() OVER (PARTITION BY e.entity_id
                     ORDER BY CASE WHEN length(e.at) = 10
                                   THEN datetime(e.at, 'utc') ELSE e.at END,
                              e.id) AS n
              FROM event e
             WHERE e.entity = 'item'
               AND e.entity_id IN (SELECT item_id FROM temp.span_keys)
               AND e.kind IN ('completed', 'reopened', 'state'))),
  -- (from_at, until_at]: the state before the change at until_at; the
  -- last piece holds the life's own state (NULL here).
  pieces(item_id, from_at, until_at, state) AS (
    SELECT item_id, prev_at, at, state_before FROM changes
    UNION ALL
    SELECT k.item_id, (SELECT c.at FROM changes c
                        WHERE c.item_id = k.item_id AND c.last), NULL, NULL
      FROM temp.span_keys k)
SELECT l.item_id, l.removal, l.document_id, l.first_seen, l.gone_at,
       p.from_at, p.until_at, coalesce(p.state, l.state)
  FROM lives l JOIN pieces p ON p.item_id = l.item_id;
UPDATE item_span_mark SET last_event = (SELECT coalesce(max(id), 0) FROM event);
