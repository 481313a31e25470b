-- 0008_real_path (reserved number 0013; renumber on merge): a document is its file, however the file was reached.
-- `ingest docs`, `ingest $PWD/docs`, `ingest docs/../docs`, a link to
-- docs and `ingest .` name the same files; keyed by the root as typed
-- they were counted once per spelling.  real_path is the file's absolute
-- path with every link resolved; ingest finds documents by it, and root
-- and path stay as first named, for display.  Documents stored before it
-- get it the next time an ingest sees them under their old names.
ALTER TABLE document ADD COLUMN real_path TEXT
  /* the file's absolute path, links resolved: what makes it one document; NULL until an ingest since 0013 saw it (ingest --git leaves it NULL) */;
CREATE UNIQUE INDEX document_real_path ON document(real_path);
