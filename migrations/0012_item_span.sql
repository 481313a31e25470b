-- 0012_item_span: each item's state as intervals of time (issue 19), so
-- that "where were we on date D" reads the rows valid at D instead of
-- undoing every change made since.
--   item_span       one row per life of an item (its row now, or a
--                   removal event) and piece of its state history: the
--                   state it had for times in (from_at, until_at] while
--                   alive, (first_seen, gone_at].  from_at and until_at
--                   are event.at as stored: a written date 'YYYY-MM-DD'
--                   is turned into a time (its local midnight, as
--                   v_item_change does) only when a query compares it.
--   item_span_mark  the last event the spans account for.
-- Kept in step by schema/queries/spans.sql at the end of every run; filled
-- here for the runs already stored.
CREATE TABLE item_span (
  item_id     INTEGER NOT NULL,         -- item.id (kept after the row is gone)
  removal     INTEGER,                  -- the removal event ending this life; NULL: the item row now
  document_id INTEGER NOT NULL,         -- its document then (a move to another file is an event, and derives the spans again)
  first_seen  TEXT NOT NULL,            -- observed_at of the run that first saw it (exclusive)
  gone_at     TEXT,                     -- observed_at of the run that saw it gone (inclusive); NULL: there now
  from_at     TEXT,                     -- the change before this piece (exclusive); NULL: from the start
  until_at    TEXT,                     -- the change ending it (inclusive); NULL: until now
  state       TEXT NOT NULL             -- the state then
) STRICT;
CREATE INDEX item_span_item ON item_span(item_id);
CREATE INDEX item_span_document ON item_span(document_id);
-- The spans starting or ending in a window (weekly's milestone progress).
CREATE INDEX item_span_first ON item_span(first_seen);
CREATE INDEX item_span_gone ON item_span(gone_at) WHERE gone_at IS NOT NULL;
CREATE INDEX item_span_until ON item_span(until_at) WHERE until_at IS NOT NULL;
CREATE TABLE item_span_mark (last_event INTEGER NOT NULL) STRICT;
INSERT INTO item_span_mark VALUES (0);

CREATE TEMP TABLE span_keys(item_id INTEGER PRIMARY KEY);
INSERT INTO temp.span_keys SELECT id FROM item;
INSERT OR IGNORE INTO temp.span_keys
  SELECT entity_id FROM event WHERE entity = 'item' AND kind = 'removed';
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
      FROM temp.span_keys k
      CROSS JOIN event e ON e.entity = 'item' AND e.entity_id = k.item_id
      CROSS JOIN ingest_run fr ON fr.id = e.first_run
      CROSS JOIN ingest_run rr ON rr.id = e.run_id
     WHERE e.kind = 'removed'),
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
              FROM temp.span_keys k
              CROSS JOIN event e ON e.entity = 'item' AND e.entity_id = k.item_id
             WHERE e.kind IN ('completed', 'reopened', 'state'))),
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
DROP TABLE temp.span_keys;
