/*
 * query.c - canned queries with named parameters, and time windows (see
 * query.h).  Values are only ever bound, never pasted into SQL.
 */
#include "progdb/query.h"

#include <stdio.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/config.h"
#include "progdb/date.h"

int
query_prepare(struct pdb_store *st, const char *name,
    const struct pdb_param *params, size_t nparams, sqlite3_stmt **stmt)
{
	int rc = store_prepare_query(st, name, stmt);

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < nparams; i++) {
		int at = sqlite3_bind_parameter_index(*stmt, params[i].name);

		if (at == 0)
			continue;
		switch (params[i].type) {
		case PDB_PARAM_NULL:
			sqlite3_bind_null(*stmt, at);
			break;
		case PDB_PARAM_TEXT:
			sqlite3_bind_text(*stmt, at, params[i].text, -1,
			    SQLITE_TRANSIENT);
			break;
		case PDB_PARAM_INT:
			sqlite3_bind_int64(*stmt, at, params[i].i);
			break;
		}
	}
	return 0;
}

void
query_window(struct pdb_window *w)
{
	date_format_utc(w->since, w->since_at);
	date_format_utc(w->until, w->until_at);
	date_format_day(date_local_day(w->since), w->since_day);
	date_format_day(date_local_day(w->until - 1), w->until_day);
}

int
query_present(struct pdb_store *st, int *runs, int *docs)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (store_prepare_query(st, "lists.present", &s) != 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*runs = sqlite3_column_int(s, 0);
		*docs = sqlite3_column_int(s, 1);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

const char *
query_milestones_as_of(struct pdb_store *st, const char *at)
{
	const struct pdb_param params[] = {PDB_TEXT(":at", at)};
	const char *name = NULL;
	sqlite3_stmt *s;

	if (query_prepare(st, "milestones.as_of_plan", params, 1, &s) != 0)
		return NULL;
	if (sqlite3_step(s) == SQLITE_ROW)
		name = sqlite3_column_int(s, 0) ? "milestones.as_of_changes" :
		    "milestones.as_of";
	else
		store_fail(st, "choosing how to look back");
	sqlite3_finalize(s);
	return name;
}

int
query_load_config(struct pdb_store *st, const char *config_path,
    struct pdb_config *c)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (config_path != NULL)
		return config_load(c, config_path, 1);
	if (config_load_dir(c, ".") != 0)
		return -1;
	if (query_prepare(st, "check.roots", NULL, 0, &s) != 0)
		return -1;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *root = (const char *)sqlite3_column_text(s, 0);

		if (root != NULL && strcmp(root, ".") != 0)
			rc = config_load_dir(c, root);
	}
	sqlite3_finalize(s);
	return rc;
}

char *
query_ignore_list(const struct pdb_config *c)
{
	struct pdb_buf b = {0};

	if (c->nignores == 0)
		return NULL;
	buf_putc(&b, ',');
	for (size_t i = 0; i < c->nignores; i++)
		buf_printf(&b, "%s,", c->ignores[i]);
	return buf_detach(&b);
}
