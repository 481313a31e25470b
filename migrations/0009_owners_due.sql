-- 0009_owners_due:
-- who owns an item.  Written on the item (@name, Owner: / Assignee:
-- labels, [owner:: ]) or inherited from its parent item, the nearest
-- heading that names one, or the document (front matter owner:, an
-- **Owner**: line before the first heading).
ALTER TABLE item ADD COLUMN owner TEXT
  /* who owns it, as written ('alice'); NULL: nobody named */;
