-- 0011_query_speed: indexes for `check` at 10,000 files (issue 19).
--   item_open_due    open items with a due date, the only ones past-due
--                    and due-after-milestone look at (a few percent of
--                    all items), with the columns those findings print;
--   metadata_dated   fields holding a date, of which milestones' end
--                    dates are read;
--   burndown_table   burndown rows in table and line order, as
--                    burndown-up reads them (no sort, no table lookups).
CREATE INDEX item_open_due
  ON item(due_date, document_id, section_id, line, owner, text)
  WHERE due_date IS NOT NULL AND state NOT IN ('done', 'cancelled');
CREATE INDEX metadata_dated
  ON metadata(section_id, document_id, key, date_value, line)
  WHERE date_value IS NOT NULL;
CREATE INDEX burndown_table
  ON burndown(table_id, line, document_id, milestone, remaining, scope);

-- search_index: the words of every item's text, section's title, risk's
-- title and mitigation and tech-debt description, for `search` (FTS5).
-- Contentless: the rows stay in their tables; an entry's rowid names its
-- row, id * 4 + 0 (item), 1 (section), 2 (risk) or 3 (tech debt).  '%' and
-- '_' are word characters ('100%', 'snake_case' are one word each).  The
-- triggers below keep it in step with every write.
CREATE VIRTUAL TABLE search_index USING fts5(
  text, content = '',
  tokenize = "unicode61 remove_diacritics 2 tokenchars '%_'");
-- 8 MB of new entries held before they are written: a bulk load's fill
-- writes fewer, larger segments (a quarter less CPU than the 1 MB default).
INSERT INTO search_index(search_index, rank) VALUES ('hashsize', 8388608);

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

INSERT INTO search_index(rowid, text) SELECT id * 4, text FROM item;
INSERT INTO search_index(rowid, text) SELECT id * 4 + 1, title FROM section;
INSERT INTO search_index(rowid, text)
  SELECT id * 4 + 2, title || ' ' || coalesce(mitigation, '') FROM risk;
INSERT INTO search_index(rowid, text)
  SELECT id * 4 + 3, description FROM tech_debt;
