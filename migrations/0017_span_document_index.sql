-- 0017_span_document_index (issue 19): item_span_document (document_id)
-- is a prefix of item_span_document_ends (0015), which serves every lookup
-- of a document's spans as well; keeping both cost a cold ingest about
-- 3.5% of the writer's work (an index entry per span).
DROP INDEX item_span_document;
