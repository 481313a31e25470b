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
	put_str(b, f->is_template ? "template" : "not-template",
	    f->template_reason);
	put_str(b, "status", f->status);
	put_state(b, "state", f->status_state);
	put_date(b, "start", f->start_date);
	put_date(b, "date", f->date);
	put_date(b, "updated", f->updated);
	buf_putc(b, '\n');
}

/* Why entries under a heading are (not) read as a register's:
 * register=risks (its title names one), in=risks (an ancestor's does),
 * entry=risk (it is one entry). */
static void
put_register(struct pdb_buf *b, const struct pdb_section_fact *s)
{
	static const char *const kinds[] = {"", "risks", "tech_debt"};
	static const char *const entries[] = {"", "risk", "tech_debt"};

	if (s->reg_kind <= 0 || s->reg_kind > 2 || s->reg_entry == 2)
		return;
	if (s->reg_entry == 1)
		buf_printf(b, " entry=%s", entries[s->reg_kind]);
	else
		buf_printf(b, " %s=%s%s", s->reg_own ? "register" : "in",
		    kinds[s->reg_kind], s->reg_blocker ? " blockers" : "");
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
		put_str(b, "icon", s->icon);
		if (s->declared.p != s->status_text.p)
			put_str(b, "declared", s->declared);
		if (s->disagrees)
			buf_puts(b, " disagrees");
		put_str(b, "milestone", s->milestone);
		put_register(b, s);
		put_date(b, "date", s->date);
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
		put_str(b, "owner", it->owner);
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
	static const char *const meta_sources[] = {"bold", "block", "front",
	    "table"};

	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];

		buf_printf(b, "meta line=%u %s", m->line,
		    meta_sources[m->source]);
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
	for (size_t i = 0; i < f->judged.n; i++) {
		buf_printf(b, "not-item line=%u", f->judged.v[i].line);
		put_str(b, "mark", f->judged.v[i].mark);
		buf_puts(b, " why=\"a Pros/Cons, Do/Don't, Avoid or Legend "
		    "list\"\n");
	}
}

static void
put_number(struct pdb_buf *b, const char *key, int64_t v)
{
	if (v != PDB_NO_NUMBER)
		buf_printf(b, " %s=%lld", key, (long long)v);
}

static void
put_percent(struct pdb_buf *b, const char *key, double v)
{
	if (v != PDB_NO_PERCENT)
		buf_printf(b, " %s=%g", key, v);
}

static void
put_level(struct pdb_buf *b, const char *key, struct pdb_str raw,
    enum pdb_level level)
{
	put_str(b, key, raw);
	if (level != PDB_LEVEL_NONE)
		buf_printf(b, "(%d)", (int)level);
}

static const char *const sources[] = {"table", "bullet", "blocker",
    "heading", "list", "paragraph"};
static const char *const log_sources[] = {"heading", "date_field", "item"};

static void
dump_tables(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->tables.n; i++) {
		const struct pdb_table_fact *t = &f->tables.v[i];

		buf_printf(b, "table %zu line=%u %s %ux%u", i, t->line,
		    facts_table_kind_name(t->kind), t->ncols, t->nrows);
		for (unsigned c = 0; c < t->ncols; c++)
			put_str(b, "h", t->cells[c]);
		buf_putc(b, '\n');
	}
}

static void
dump_risks(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->risks.n; i++) {
		const struct pdb_risk_fact *r = &f->risks.v[i];

		buf_printf(b, "risk line=%u %s%s", r->line, sources[r->source],
		    r->resolved ? " resolved" : " open");
		put_str(b, "id", r->ext_id);
		put_str(b, "title", r->title);
		put_level(b, "probability", r->probability,
		    r->probability_level);
		put_level(b, "impact", r->impact, r->impact_level);
		put_level(b, "severity", r->severity, r->severity_level);
		put_str(b, "mitigation", r->mitigation);
		put_str(b, "owner", r->owner);
		put_str(b, "status", r->status);
		put_str(b, "resolution", r->resolution);
		put_str(b, "eta", r->eta);
		put_date(b, "due", r->due_date);
		put_date(b, "resolved", r->resolved_date);
		buf_printf(b, " key=%016llx\n", (unsigned long long)r->key);
	}
}

static void
dump_debts(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->debts.n; i++) {
		const struct pdb_debt_fact *d = &f->debts.v[i];

		buf_printf(b, "debt line=%u %s%s", d->line, sources[d->source],
		    d->resolved ? " resolved" : " open");
		put_str(b, "id", d->ext_id);
		put_str(b, "description", d->description);
		put_level(b, "impact", d->impact, d->impact_level);
		put_level(b, "priority", d->priority, d->priority_level);
		put_str(b, "planned", d->planned);
		put_str(b, "status", d->status);
		put_str(b, "owner", d->owner);
		put_date(b, "resolved", d->resolved_date);
		buf_printf(b, " key=%016llx\n", (unsigned long long)d->key);
	}
}

static void
dump_burndown(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->burndown.n; i++) {
		const struct pdb_burndown_fact *r = &f->burndown.v[i];

		buf_printf(b, "burndown line=%u", r->line);
		put_str(b, "milestone", r->milestone);
		put_str(b, "label", r->label);
		put_date(b, "date", r->date);
		if (r->ordinal > 0)
			buf_printf(b, " ordinal=%d", r->ordinal);
		put_number(b, "remaining", r->remaining);
		put_str(b, "remaining_text", r->remaining_text);
		put_number(b, "completed", r->completed);
		put_number(b, "scope", r->scope);
		put_number(b, "ideal", r->ideal);
		put_str(b, "blockers", r->blockers);
		buf_putc(b, '\n');
	}
}

static void
dump_logs(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->logs.n; i++) {
		const struct pdb_log_fact *l = &f->logs.v[i];

		buf_printf(b, "log line=%u %s%s", l->line,
		    log_sources[l->source], l->weekly ? " weekly" : "");
		put_date(b, "date", l->date);
		put_str(b, "title", l->title);
		put_str(b, "milestone", l->milestone);
		put_str(b, "component", l->component);
		buf_putc(b, '\n');
	}
}

static void
dump_claims(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < f->claims.n; i++) {
		const struct pdb_claim_fact *c = &f->claims.v[i];

		buf_printf(b, "claim line=%u %s", c->line,
		    facts_claim_kind_name(c->kind));
		put_str(b, "subject", c->subject);
		put_number(b, "done", c->done);
		put_number(b, "total", c->total);
		put_percent(b, "percent", c->percent);
		put_percent(b, "target", c->target);
		put_str(b, "value", c->value);
		put_str(b, "status", c->status);
		put_state(b, "state", c->state);
		buf_putc(b, '\n');
	}
}

/* What `progdb debug facts` prints, in this order: one printer per kind
 * of fact (a new kind adds its printer here). */
static void (*const dumps[])(const struct pdb_facts *, struct pdb_buf *) = {
	dump_document, dump_sections, dump_items, dump_meta, dump_tables,
	dump_risks, dump_debts, dump_burndown, dump_logs, dump_claims,
};

static void
dump_facts(const struct pdb_facts *f, struct pdb_buf *b)
{
	for (size_t i = 0; i < sizeof(dumps) / sizeof(*dumps); i++)
		dumps[i](f, b);
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
