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
