-- search.sql: building search_index (see 0011_query_speed), the FTS5
-- index `search` reads.  A bulk load (the first ingest into an empty
-- database) drops its triggers and leaves it unbuilt: filling it would
-- cost the load a fifth more CPU.  The first `search` builds it (fill,
-- then triggers) under the write lock; from then on the triggers keep it
-- in step with every ingest.  Built means: its triggers exist.

-- name: built
-- 1 when search_index is built (its triggers exist), else 0.
SELECT count(*) > 0 FROM sqlite_master
 WHERE type = 'trigger' AND name = 'search_item_insert';

-- name: build
-- Builds search_index from the tables and creates the triggers that keep
-- it in step: run in one write transaction, once built() says 0.  The
-- triggers are those of 0011_query_speed.
INSERT INTO search_index(search_index) VALUES ('delete-all');
INSERT INTO search_index(rowid, text)
SELECT id * 4, text FROM item
UNION ALL
SELECT id * 4 + 1, title FROM section
UNION ALL
SELECT id * 4 + 2, title || ' ' || coalesce(mitigation, '') FROM risk
UNION ALL
SELECT id * 4 + 3, description FROM tech_debt;

CREATE TRIGGER search_item_insert AFTER INSERT ON item BEGIN
  INSERT INTO search_index(rowid, text) VALUES (new.id * 4, new.text);
END;
CREATE TRIGGER search_item_delete AFTER DELETE ON item BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4, old.text);
END;
CREATE TRIGGER search_item_update AFTER UPDATE OF id, text ON item BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4, old.text);
  INSERT INTO search_index(rowid, text) VALUES (new.id * 4, new.text);
END;

CREATE TRIGGER search_section_insert AFTER INSERT ON section BEGIN
  INSERT INTO search_index(rowid, text) VALUES (new.id * 4 + 1, new.title);
END;
CREATE TRIGGER search_section_delete AFTER DELETE ON section BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4 + 1, old.title);
END;
CREATE TRIGGER search_section_update AFTER UPDATE OF id, title ON section
BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4 + 1, old.title);
  INSERT INTO search_index(rowid, text) VALUES (new.id * 4 + 1, new.title);
END;

CREATE TRIGGER search_risk_insert AFTER INSERT ON risk BEGIN
  INSERT INTO search_index(rowid, text)
    VALUES (new.id * 4 + 2, new.title || ' ' || coalesce(new.mitigation, ''));
END;
CREATE TRIGGER search_risk_delete AFTER DELETE ON risk BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4 + 2,
            old.title || ' ' || coalesce(old.mitigation, ''));
END;
CREATE TRIGGER search_risk_update AFTER UPDATE OF id, title, mitigation
  ON risk BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4 + 2,
            old.title || ' ' || coalesce(old.mitigation, ''));
  INSERT INTO search_index(rowid, text)
    VALUES (new.id * 4 + 2, new.title || ' ' || coalesce(new.mitigation, ''));
END;

CREATE TRIGGER search_debt_insert AFTER INSERT ON tech_debt BEGIN
  INSERT INTO search_index(rowid, text)
    VALUES (new.id * 4 + 3, new.description);
END;
CREATE TRIGGER search_debt_delete AFTER DELETE ON tech_debt BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4 + 3, old.description);
END;
CREATE TRIGGER search_debt_update AFTER UPDATE OF id, description
  ON tech_debt BEGIN
  INSERT INTO search_index(search_index, rowid, text)
    VALUES ('delete', old.id * 4 + 3, old.description);
  INSERT INTO search_index(rowid, text)
    VALUES (new.id * 4 + 3, new.description);
END;

-- name: temp_index
-- On a database file this process may not write: a private copy of
-- search_index for this connection only, built by temp_fill (it shadows
-- the file's own, unbuilt one).  Seconds at 10,000 files.
CREATE VIRTUAL TABLE temp.search_index USING fts5(
  text, content = '',
  tokenize = "unicode61 remove_diacritics 2 tokenchars '%_'");

-- name: temp_fill
INSERT INTO temp.search_index(rowid, text)
SELECT id * 4, text FROM main.item
UNION ALL
SELECT id * 4 + 1, title FROM main.section
UNION ALL
SELECT id * 4 + 2, title || ' ' || coalesce(mitigation, '') FROM main.risk
UNION ALL
SELECT id * 4 + 3, description FROM main.tech_debt;
