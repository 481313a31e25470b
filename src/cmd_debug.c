/*
 * cmd_debug.c - `progdb debug tree|facts FILE`: the parser's document
 * model or the extractor's facts for one file, as stable text, so that
 * golden tests see every change to what parse and extract produce.  Not
 * listed in `progdb --help`; touches no database.
 */
#include <stdio.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/decode.h"
#include "progdb/diag.h"
#include "progdb/escape.h"
#include "progdb/extract.h"
#include "progdb/parse.h"
#include "progdb/walk.h"

static void
put_str(struct pdb_buf *b, const char *key, struct pdb_str s)
{
	if (s.n == 0)
		return;
	buf_printf(b, " %s=\"", key);
	escape_terminal(s.p, s.n, b);
	buf_putc(b, '"');
}

static void
put_date(struct pdb_buf *b, const char *key, int32_t day)
{
	char d[11];

	if (day == PDB_NO_DATE)
		return;
	date_format_day(day, d);
	buf_printf(b, " %s=%s", key, d);
}

static void
put_state(struct pdb_buf *b, const char *key, int state)
{
	if (state >= 0)
		buf_printf(b, " %s=%s", key,
		    facts_state_name((enum pdb_state)state));
}

static void
dump_document(const struct pdb_facts *f, struct pdb_buf *b)
{
	buf_puts(b, "document");
	put_str(b, "title", f->title);
	buf_printf(b, " items=%u/%u", f->items_done, f->items_total);
	if (f->is_template)
		put_str(b, "template", f->template_reason);
	put_str(b, "status", f->status);
	put_state(b, "state", f->status_state);
	put_date(b, "start", f->start_date);
	put_date(b, "date", f->date);
	put_date(b, "updated", f->updated);
	buf_putc(b, '\n');
}

static void
dump_sections(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->sections.n; i++) {
		const struct pdb_section_fact *s = &f->sections.v[i];

		buf_printf(b, "section %zu lines=%u-%u h%u", i, s->line,
		    s->end_line, s->level);
		if (s->parent != PDB_NONE)
			buf_printf(b, " parent=%d", s->parent);
		if (s->items_total > 0)
			buf_printf(b, " items=%u/%u", s->items_done,
			    s->items_total);
		put_state(b, "status", s->status);
		put_str(b, "indicator", s->status_text);
		put_str(b, "milestone", s->milestone);
		put_str(b, "title", s->title);
		if (s->norm_title.n != s->title.n ||
		    memcmp(s->norm_title.p, s->title.p, s->title.n) != 0)
			put_str(b, "norm", s->norm_title);
		buf_putc(b, '\n');
	}
}

static void
dump_items(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->items.n; i++) {
		const struct pdb_item_fact *it = &f->items.v[i];

		buf_printf(b, "item %zu line=%u depth=%u", i, it->line,
		    it->depth);
		if (it->parent != PDB_NONE)
			buf_printf(b, " parent=%d", it->parent);
		if (it->section != PDB_NONE)
			buf_printf(b, " section=%d", it->section);
		buf_printf(b, " %s", facts_state_name(it->state));
		put_str(b, "mark", it->mark);
		if (it->from_emoji)
			buf_puts(b, " emoji");
		if (it->optional)
			buf_puts(b, " optional");
		if (it->current)
			buf_puts(b, " current");
		if (it->priority > 0)
			buf_printf(b, " priority=%d", it->priority);
		put_str(b, "id", it->ext_id);
		put_str(b, "tags", it->tags);
		put_date(b, "done", it->done_date);
		put_date(b, "due", it->due_date);
		put_date(b, "created", it->created_date);
		put_date(b, "start", it->start_date);
		put_date(b, "scheduled", it->scheduled_date);
		put_date(b, "cancelled", it->cancelled_date);
		put_str(b, "label", it->label);
		put_str(b, "text", it->text);
		buf_printf(b, " key=%016llx\n", (unsigned long long)it->key);
	}
}

static void
dump_meta(const struct pdb_facts *f, struct pdb_buf *b)
{
	static const char *const sources[] = {"bold", "block", "front"};

	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];

		buf_printf(b, "meta line=%u %s", m->line, sources[m->source]);
		if (m->section != PDB_NONE)
			buf_printf(b, " section=%d", m->section);
		put_str(b, "key", m->key);
		put_str(b, "value", m->value);
		put_date(b, "date", m->date);
		buf_putc(b, '\n');
	}
	for (size_t i = 0; i < f->unknown_marks.n; i++) {
		buf_printf(b, "unknown-mark line=%u", f->unknown_marks.v[i].line);
		put_str(b, "mark", f->unknown_marks.v[i].mark);
		buf_putc(b, '\n');
	}
}

static void
dump_facts(const struct pdb_facts *f, struct pdb_buf *b)
{
	dump_document(f, b);
	dump_sections(f, b);
	dump_items(f, b);
	dump_meta(f, b);
}

static int
load(const char *path, struct pdb_buf *raw, struct pdb_buf *scratch,
    struct pdb_doc *doc, struct pdb_diaglist *diags)
{
	struct pdb_walk_root root = {0};
	const char *text;
	size_t len;
	int64_t mtime;
	uint64_t size;
	int rc = -1;

	if (walk_root(path, NULL, &root, diags) == 0 && root.nfiles == 1 &&
	    walk_read(root.dir, root.files[0].relpath, 1u << 30,
	    PDB_DECODE_PAD, raw, &mtime, &size, diags) == 0 &&
	    decode_text(raw->data, raw->len, &text, &len, scratch, diags) >= 0)
		rc = parse_markdown(doc, text, len);
	walk_root_free(&root);
	return rc;
}

static int
run_debug(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {PDB_COMMON_OPTIONS};
	struct pdb_buf raw = {0}, scratch = {0}, out = {0};
	struct pdb_diaglist diags = {0};
	struct pdb_doc doc = {0};
	struct pdb_facts facts = {0};
	const char *what, *path;
	int c, status, rc = PDB_EXIT_OK;

	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    &status)) != -1)
		if (c == PDB_OPT_EXIT)
			return status;
	if (argc - optind != 2 || (strcmp(argv[optind], "tree") != 0 &&
	    strcmp(argv[optind], "facts") != 0))
		return cli_usage_error(cli, "expected 'tree FILE' or 'facts "
		    "FILE'");
	what = argv[optind];
	path = argv[optind + 1];
	if (load(path, &raw, &scratch, &doc, &diags) != 0) {
		rc = PDB_EXIT_INPUT;
	} else if (strcmp(what, "tree") == 0) {
		model_dump(&doc, &out);
	} else {
		extract_document(&doc, path, &facts);
		dump_facts(&facts, &out);
	}
	diag_print_list(path, &diags);
	diag_print_list(path, &doc.diags);
	fwrite(buf_cstr(&out), 1, out.len, stdout);
	facts_free(&facts);
	model_free(&doc);
	diaglist_free(&diags);
	buf_free(&raw);
	buf_free(&scratch);
	buf_free(&out);
	return rc;
}

const struct pdb_cmd pdb_cmd_debug = {
	.name = "debug",
	.run = run_debug,
	.synopsis = "debug tree|facts FILE",
	.summary = "show how one file is parsed (for developers)",
	.help = "Prints the document model (tree) or the extracted facts "
	    "(facts) of FILE,\nwithout a database.  For golden tests and bug "
	    "reports.\n",
	.hidden = 1,
};
