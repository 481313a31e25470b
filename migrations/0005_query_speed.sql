-- 0005_query_speed: what the canned queries need to answer in
-- milliseconds on trees of 10,000 files: each section's declared status
-- and its disagreement stored at ingest (instead of looked up in claims
-- per row), and partial indexes for the few rows some queries want.
-- Documents stored before this are read again by the next ingest
-- (PDB_EXTRACT_VERSION 2), which fills the new columns.

ALTER TABLE section ADD COLUMN declared TEXT
  /* what the section declares of itself, as written: its heading's indicator, else its first **Status**, else its first progress claim */;
ALTER TABLE section ADD COLUMN declared_state TEXT
  /* that status normalised (done, in_progress, not_started, ...), from the heading or the first **Status** */;
ALTER TABLE section ADD COLUMN disagrees INTEGER NOT NULL DEFAULT 0
  /* 1: declared done with items open, declared not started with items done, or a progress claim the items belie */;

-- Milestone-like sections, in document order.
CREATE INDEX section_progress ON section(document_id, ord)
  WHERE milestone IS NOT NULL OR items_total > 0;
-- Blocked items, current steps, and sub-items (for check).
CREATE INDEX item_blocked ON item(document_id) WHERE state = 'blocked';
CREATE INDEX item_current ON item(document_id) WHERE is_current = 1;
CREATE INDEX item_parent ON item(parent_id) WHERE parent_id IS NOT NULL;

DROP VIEW v_milestone_progress;
-- Milestone-like sections (naming a milestone, or holding items) with
-- done/total over their whole subtree (every item counts once, parents and
-- children alike; cancelled items left out), what they declare (heading
-- status, **Status**, progress claims) and whether the two disagree.
CREATE VIEW v_milestone_progress AS
SELECT s.id AS section_id, d.file AS path, d.path AS rel_path, s.line,
       s.title AS section, s.milestone,
       s.subtree_done AS done, s.subtree_total AS total,
       CASE WHEN s.subtree_total > 0
            THEN CAST(round(100.0 * s.subtree_done / s.subtree_total)
                      AS INTEGER) END AS percent,
       s.declared, s.declared_state, s.disagrees,
       d.is_template, d.id AS document_id, s.ord, d.root
  FROM document d
  JOIN section s ON s.document_id = d.id
 WHERE (s.milestone IS NOT NULL OR s.items_total > 0)
   AND d.removed_run IS NULL;
