-- deps.sql - `progdb next`, from item_link (extract_deps.c) and
-- v_dependency (0008_flow.sql); check.sql has the dependency findings.
--
-- A dependency is satisfied when the item it names is done or cancelled.

-- name: next
-- Open items (open or in progress) that take part in dependencies (they
-- name one, or one names them) and whose dependencies are all satisfied.
SELECT i.text AS item, d.file AS path, i.line, i.ext_id AS id, i.state,
       (SELECT group_concat(v.ref, ', ') FROM v_dependency v
         WHERE v.item_id = i.id) AS after
  FROM item i
  JOIN document d ON d.id = i.document_id
 WHERE i.state IN ('open', 'in_progress')
   AND d.removed_run IS NULL AND (d.is_template = 0 OR :templates)
   AND (EXISTS (SELECT 1 FROM item_link l
                 WHERE l.item_id = i.id AND l.kind = 'depends')
        OR EXISTS (SELECT 1 FROM v_dependency v WHERE v.dep_id = i.id))
   AND NOT EXISTS (SELECT 1 FROM v_dependency v
                    LEFT JOIN item x ON x.id = v.dep_id
                   WHERE v.item_id = i.id
                     AND (x.id IS NULL OR x.state NOT IN ('done', 'cancelled')))
 ORDER BY d.file, i.line;
