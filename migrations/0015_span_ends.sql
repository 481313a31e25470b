-- 0015_span_ends (issue 19): a document's item spans by when they end,
-- so that `weekly`'s milestone step reads the spans of the documents it
-- looks at that were alive somewhere in the window, not every span they
-- ever had.  The key is a lower bound of a span's end: the earlier of
-- gone_at and until_at, a written date (until_at of 10 characters, a local
-- day) taken a day early, as its time in UTC may be up to that much
-- before; '9' (after every time) for a span not ended.  A span alive at
-- :at has the key >= date(:at, '-3 days').  After it, a lower bound of
-- its start: the later of first_seen and from_at (a written date taken a
-- day early too), < :at for a span alive then.  The query keeps its exact
-- tests besides.
CREATE INDEX item_span_document_ends ON item_span(document_id,
  min(coalesce(gone_at, '9'),
      CASE WHEN until_at IS NULL THEN '9'
           WHEN length(until_at) = 10 THEN date(until_at, '-1 day')
           ELSE until_at END),
  max(first_seen,
      CASE WHEN from_at IS NULL THEN ''
           WHEN length(from_at) = 10 THEN date(from_at, '-1 day')
           ELSE from_at END));
