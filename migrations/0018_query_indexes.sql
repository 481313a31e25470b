-- 0018_query_indexes (issue 19): indexes for `weekly` and the report's
-- flow part.
--
-- A run's open risks (weekly.baseline counts them) by the run and state,
-- not by reading each risk the run found: risk_first_run gains state.
DROP INDEX risk_first_run;
CREATE INDEX risk_first_run ON risk(first_run, state);

-- Items done at a known time, by that time, and items by their written
-- creation date, so that flow.throughput reads the items of its window
-- (item_written_done has those done at a written time).
CREATE INDEX item_done_at ON item(completed_at)
  WHERE state = 'done' AND completed_source IS NOT 'written'
    AND completed_at IS NOT NULL;
CREATE INDEX item_created ON item(created_date)
  WHERE created_date IS NOT NULL;
