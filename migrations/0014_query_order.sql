-- 0014_query_order (issue 19):
-- indexes that let listings come out in path order without a sort.
--   document_file          documents by the path every listing orders by;
--   burndown_line          (replaces burndown_document) a document's
--                          burndown rows in line order: `burndown` walks
--                          documents by path and each one's rows by line.
CREATE INDEX document_file ON document(file);
DROP INDEX burndown_document;
CREATE INDEX burndown_line ON burndown(document_id, line);
-- And for looking back over a past week (`weekly --since`), reads bounded
-- by the window instead of every item or every event since:
--   item_written_done      items done with a written completion date, by
--                          that date (weekly's completed_earlier);
--   event_removed          removal events by the run that first saw what
--                          they removed (weekly's added: items first seen
--                          in the window and removed since).
CREATE INDEX item_written_done ON item(completed_at)
  WHERE state = 'done' AND completed_source = 'written';
CREATE INDEX event_removed ON event(first_run) WHERE kind = 'removed';
