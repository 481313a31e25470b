-- 0014_query_order (issue 19):
-- indexes that let listings come out in path order without a sort.
--   document_file          documents by the path every listing orders by;
--   burndown_line          (replaces burndown_document) a document's
--                          burndown rows in line order: `burndown` walks
--                          documents by path and each one's rows by line.
CREATE INDEX document_file ON document(file);
DROP INDEX burndown_document;
CREATE INDEX burndown_line ON burndown(document_id, line);
