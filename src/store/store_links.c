/*
 * store_links.c - writing a document's dependency and coverage links
 * (struct pdb_link_fact) to item_link, after its items have their ids.
 */
#include "store_int.h"

int
store_write_links(struct pdb_ingest *in, int64_t doc,
    const struct pdb_facts *f)
{
	sqlite3_stmt *s = in->s[S_INSERT_LINK];
	int rc;

	for (size_t i = 0; i < f->links.n; i++) {
		const struct pdb_link_fact *l = &f->links.v[i];

		sqlite3_bind_int64(s, 1, doc);
		bind_id(s, 2, l->item != PDB_NONE ? in->item_ids[l->item] : 0);
		sqlite3_bind_int(s, 3, (int)l->line);
		bind_cstr(s, 4, facts_link_kind_name(l->kind));
		bind_str(s, 5, l->ref);
		bind_str(s, 6, l->text);
		if ((rc = store_step(in, S_INSERT_LINK, "storing a link")) != 0)
			return rc;
	}
	return 0;
}
