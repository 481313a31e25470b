/*
 * extract_registers.c - risks, technical debt and burndown rows, from
 * table rows (classified in extract_tables.c) and from list items:
 *
 *   1. **Risk**: Redis memory pressure          a risk; the nested
 *      - **Severity**: High                     **Field**: value items
 *      - **Mitigation**: eviction policy        fill it in
 *   - Blocker: staging access                   a blocker (a risk too)
 *     - **ETA**: 2025-11-21
 *   - TD-004: retries hard-coded                tech debt
 *
 * Severity, probability, impact and priority are kept as written and as
 * an ordinal (enum pdb_level); a word we do not know stays unrated.  A
 * risk is resolved when its status says so, else when its section is
 * about resolved or closed risks.
 */
#include "extract_int.h"

#include <stdio.h>

#include "progdb/date.h"
#include "progdb/hash.h"

#define KEY_SEED_RISK	0x7269736b
#define KEY_SEED_DEBT	0x64656274

/* The nearest section that says its risks are resolved (1) or open (0). */
static int
section_resolves(const struct pdb_facts *f, int32_t s)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent) {
		struct pdb_str t = f->sections.v[s].title;

		if (ex_find_ci(t.p, t.n, "resolved") < t.n ||
		    ex_find_ci(t.p, t.n, "closed") < t.n ||
		    ex_find_ci(t.p, t.n, "mitigated") < t.n ||
		    ex_find_ci(t.p, t.n, "retired") < t.n)
			return 1;
		if (ex_find_ci(t.p, t.n, "active") < t.n ||
		    ex_find_ci(t.p, t.n, "open") < t.n ||
		    ex_find_ci(t.p, t.n, "blocker") < t.n)
			return 0;
	}
	return 0;
}

static int32_t
first_date(struct pdb_str v)
{
	struct pdb_date_match m;

	if (v.n > 0 && date_find(v.p, v.n, &m) && m.days > INT32_MIN &&
	    m.days <= INT32_MAX)
		return (int32_t)m.days;
	return PDB_NO_DATE;
}

/* "R-03: Redis memory" -> id "R-03", rest "Redis memory". */
static struct pdb_str
split_leading_id(struct pdb_str v, struct pdb_str *id)
{
	size_t i = 0;

	while (i < v.n && ((v.p[i] >= 'A' && v.p[i] <= 'Z') ||
	    (v.p[i] >= '0' && v.p[i] <= '9')))
		i++;
	if (i == 0 || i >= v.n || v.p[i] != '-' || i + 1 >= v.n ||
	    v.p[i + 1] < '0' || v.p[i + 1] > '9')
		return v;
	for (i++; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
		;
	if (i < v.n && v.p[i] != ':' && v.p[i] != ' ' && v.p[i] != '-')
		return v;
	*id = ex_str_make(v.p, i);
	while (i < v.n && (v.p[i] == ':' || v.p[i] == ' ' || v.p[i] == '-'))
		i++;
	return ex_str_make(v.p + i, v.n - i);
}

/* A cell that is an id: letters, digits and dashes, no spaces, with a
 * digit ("R-03", "TD-001", "7"; not "Auth"). */
static int
looks_like_id(struct pdb_str v)
{
	int digit = 0;

	if (v.n == 0 || v.n > 24)
		return 0;
	for (size_t i = 0; i < v.n; i++) {
		if (!ex_is_ascii_alnum((unsigned char)v.p[i]) &&
		    v.p[i] != '-' && v.p[i] != '_' && v.p[i] != '.')
			return 0;
		digit |= v.p[i] >= '0' && v.p[i] <= '9';
	}
	return digit;
}

static uint64_t
register_key(struct pdb_buf *scratch, struct pdb_str id, struct pdb_str title,
    uint64_t seed)
{
	int gap = 0;

	if (id.n > 0)
		return hash_bytes(id.p, id.n, seed);
	buf_reset(scratch);
	for (size_t i = 0; i < title.n; i++) {
		unsigned char c = (unsigned char)title.p[i];

		if (c < 0x80 && !ex_is_ascii_alnum(c)) {
			gap = 1;
			continue;
		}
		if (gap && scratch->len > 0)
			buf_putc(scratch, ' ');
		gap = 0;
		buf_putc(scratch, (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c));
	}
	return hash_bytes(scratch->data ? scratch->data : "", scratch->len,
	    seed ^ 1);
}

/* "[Description]": a placeholder where a title should be. */
static int
is_bracketed(struct pdb_str v)
{
	v = ex_str_trim(v.p, v.n);
	return v.n >= 2 && v.p[0] == '[' && v.p[v.n - 1] == ']';
}

void
ex_register_finish_risk(struct pdb_xctx *x, struct pdb_risk_fact *r)
{
	int res = r->status.n > 0 ? ex_resolved_word(r->status.p, r->status.n) :
	    -1;

	r->resolved = res >= 0 ? res : r->resolution.n > 0 ||
	    r->resolved_date != PDB_NO_DATE ? 1 :
	    section_resolves(x->f, r->section);
	r->probability_level = ex_level_of(r->probability.p, r->probability.n);
	r->impact_level = ex_level_of(r->impact.p, r->impact.n);
	r->severity_level = ex_level_of(r->severity.p, r->severity.n);
	r->key = register_key(x->scratch, r->ext_id, r->title, KEY_SEED_RISK);
}

void
ex_risk_from_row(struct pdb_xctx *x, int32_t t, unsigned row, const int *roles)
{
	const struct pdb_facts *f = x->f;
	struct pdb_risk_fact *r = PDB_VEC_PUSH(x->f->risks);
	int idc = ex_table_column(f, t, roles, EX_COL_ID);
	struct pdb_str title = ex_role_cell(f, t, row, roles, EX_COL_RISK);

	if (title.n == 0)
		title = ex_role_cell(f, t, row, roles, EX_COL_DESCRIPTION);
	r->section = x->section;
	r->table = t;
	r->line = f->tables.v[t].row_lines[row];
	r->source = PDB_SOURCE_TABLE;
	if (idc >= 0 && looks_like_id(ex_table_cell(f, t, row, idc)))
		r->ext_id = ex_table_cell(f, t, row, idc);
	r->title = r->ext_id.n > 0 ? title : split_leading_id(title, &r->ext_id);
	if (r->title.n == 0)
		r->title = r->ext_id;
	r->probability = ex_role_cell(f, t, row, roles, EX_COL_PROBABILITY);
	r->impact = ex_role_cell(f, t, row, roles, EX_COL_IMPACT);
	r->severity = ex_role_cell(f, t, row, roles, EX_COL_SEVERITY);
	if (r->severity.n == 0)
		r->severity = ex_role_cell(f, t, row, roles, EX_COL_PRIORITY);
	r->mitigation = ex_role_cell(f, t, row, roles, EX_COL_MITIGATION);
	r->owner = ex_role_cell(f, t, row, roles, EX_COL_OWNER);
	r->status = ex_role_cell(f, t, row, roles, EX_COL_STATUS);
	r->due_date = first_date(ex_role_cell(f, t, row, roles, EX_COL_DUE));
	r->resolved_date = first_date(ex_role_cell(f, t, row, roles,
	    EX_COL_RESOLVED));
	if (is_bracketed(r->title))
		x->f->risks.n--;	/* "[Brief risk name]": a template row */
	else
		ex_register_finish_risk(x, r);
}

void
ex_register_finish_debt(struct pdb_xctx *x, struct pdb_debt_fact *d)
{
	int res = d->status.n > 0 ? ex_resolved_word(d->status.p, d->status.n) :
	    -1;

	d->resolved = res > 0 || d->resolved_date != PDB_NO_DATE;
	if (d->resolved && d->resolved_date == PDB_NO_DATE)
		d->resolved_date = first_date(d->status);
	d->impact_level = ex_level_of(d->impact.p, d->impact.n);
	d->priority_level = ex_level_of(d->priority.p, d->priority.n);
	d->key = register_key(x->scratch, d->ext_id, d->description,
	    KEY_SEED_DEBT);
}

void
ex_debt_from_row(struct pdb_xctx *x, int32_t t, unsigned row, const int *roles)
{
	const struct pdb_facts *f = x->f;
	struct pdb_debt_fact *d = PDB_VEC_PUSH(x->f->debts);
	int idc = ex_table_column(f, t, roles, EX_COL_ID);
	struct pdb_str desc = ex_role_cell(f, t, row, roles, EX_COL_DEBT);

	if (desc.n == 0)
		desc = ex_role_cell(f, t, row, roles, EX_COL_DESCRIPTION);
	if (idc < 0 && f->tables.v[t].ncols > 0 &&
	    looks_like_id(ex_table_cell(f, t, row, 0)))
		idc = 0;
	d->section = x->section;
	d->table = t;
	d->line = f->tables.v[t].row_lines[row];
	d->source = PDB_SOURCE_TABLE;
	if (idc >= 0 && looks_like_id(ex_table_cell(f, t, row, idc)))
		d->ext_id = ex_table_cell(f, t, row, idc);
	d->description = d->ext_id.n > 0 ? desc :
	    split_leading_id(desc, &d->ext_id);
	d->impact = ex_role_cell(f, t, row, roles, EX_COL_IMPACT);
	d->priority = ex_role_cell(f, t, row, roles, EX_COL_PRIORITY);
	if (d->priority.n == 0)
		d->priority = ex_role_cell(f, t, row, roles, EX_COL_SEVERITY);
	d->planned = ex_role_cell(f, t, row, roles, EX_COL_PLANNED);
	if (d->planned.n == 0)
		d->planned = ex_role_cell(f, t, row, roles, EX_COL_MITIGATION);
	d->status = ex_role_cell(f, t, row, roles, EX_COL_STATUS);
	d->owner = ex_role_cell(f, t, row, roles, EX_COL_OWNER);
	d->resolved_date = first_date(ex_role_cell(f, t, row, roles,
	    EX_COL_RESOLVED));
	if (is_bracketed(d->description))
		x->f->debts.n--;	/* "[Description]": a template row */
	else
		ex_register_finish_debt(x, d);
}

/* The first number in v: "12 (−3)" -> 12, "~40" -> 40; or PDB_NO_NUMBER. */
static int64_t
number_in(struct pdb_str v)
{
	int64_t n = 0;
	size_t i = 0;

	while (i < v.n && !(v.p[i] >= '0' && v.p[i] <= '9')) {
		if (ex_is_ascii_alnum((unsigned char)v.p[i]))
			return PDB_NO_NUMBER;
		i++;
	}
	if (i == v.n)
		return PDB_NO_NUMBER;
	for (; i < v.n && v.p[i] >= '0' && v.p[i] <= '9' && n < 1000000000;
	    i++)
		n = n * 10 + (v.p[i] - '0');
	return n;
}

/* "Day 3", "Week 2", "Sprint 4", "D3", "3" -> 3; 0 when none. */
static int
ordinal_of(struct pdb_str v)
{
	static const char *const words[] = {"day", "week", "sprint",
	    "iteration", "d", "w", NULL};
	size_t i = 0;
	int n = 0;

	for (int k = 0; words[k] != NULL; k++) {
		if (ex_starts_with_ci(v.p, v.n, words[k])) {
			i = strlen(words[k]);
			break;
		}
	}
	while (i < v.n && v.p[i] == ' ')
		i++;
	if (i >= v.n || v.p[i] < '0' || v.p[i] > '9')
		return 0;
	for (; i < v.n && v.p[i] >= '0' && v.p[i] <= '9' && n < 100000; i++)
		n = n * 10 + (v.p[i] - '0');
	return n;
}

/* "None", "-", "n/a" mean no blockers. */
static struct pdb_str
blockers_of(struct pdb_str v)
{
	static const char *const none[] = {"none", "-", "n/a", "na", "—",
	    "–", "no", "0", NULL};

	for (int k = 0; none[k] != NULL; k++)
		if (strlen(none[k]) == v.n && ex_starts_with_ci(v.p, v.n,
		    none[k]))
			return ex_str_make(NULL, 0);
	return v;
}

/* The burndown's milestone: its heading's, else the nearest one above. */
static struct pdb_str
milestone_above(const struct pdb_facts *f, int32_t s)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent)
		if (f->sections.v[s].milestone.n > 0)
			return f->sections.v[s].milestone;
	return ex_str_make(NULL, 0);
}

void
ex_burndown_from_row(struct pdb_xctx *x, int32_t t, unsigned row,
    const int *roles)
{
	const struct pdb_facts *f = x->f;
	struct pdb_burndown_fact *b = PDB_VEC_PUSH(x->f->burndown);
	int64_t day;

	b->section = x->section;
	b->table = t;
	b->line = f->tables.v[t].row_lines[row];
	b->milestone = milestone_above(f, x->section);
	b->label = ex_role_cell(f, t, row, roles, EX_COL_DATE);
	b->date = date_parse(b->label.p, b->label.n, &day) == 0 &&
	    day > INT32_MIN && day <= INT32_MAX ? (int32_t)day : PDB_NO_DATE;
	b->ordinal = b->date == PDB_NO_DATE ? ordinal_of(b->label) : 0;
	b->remaining_text = ex_role_cell(f, t, row, roles, EX_COL_REMAINING);
	b->completed_text = ex_role_cell(f, t, row, roles, EX_COL_COMPLETED);
	b->remaining = number_in(b->remaining_text);
	b->completed = number_in(b->completed_text);
	b->scope = number_in(ex_role_cell(f, t, row, roles, EX_COL_SCOPE));
	b->ideal = number_in(ex_role_cell(f, t, row, roles, EX_COL_IDEAL));
	b->blockers = blockers_of(ex_role_cell(f, t, row, roles,
	    EX_COL_BLOCKERS));
}

/* ---- list items ---- */

/* The **Key**: value at the start of list item node, if any. */
static int
item_field(const struct pdb_doc *doc, uint32_t node, struct pdb_str *key,
    struct pdb_str *value)
{
	uint32_t owner;
	size_t n, after;
	const char *t = model_item_text(doc, node, &n, &owner);
	const struct pdb_node *o = &doc->nodes[owner];
	const struct pdb_span *sp;
	struct pdb_str k;

	if (o->span_count == 0 || doc->nodes[node].task_mark != 0)
		return 0;
	sp = &doc->spans[o->span];
	if (sp->start != 0)
		return 0;
	k = ex_str_trim(t, sp->len);
	after = sp->len;
	if (k.n > 0 && k.p[k.n - 1] == ':') {
		k.n--;
	} else {
		after += ex_skip_spaces(t + after, n - after);
		if (after >= n || t[after] != ':')
			return 0;
		after++;
	}
	*key = ex_str_trim(k.p, k.n);
	*value = ex_str_trim(t + after, n - after);
	return key->n > 0;
}

static int
key_is(struct pdb_str k, const char *name)
{
	return k.n == strlen(name) && ex_starts_with_ci(k.p, k.n, name);
}

/*
 * Steps *i through the **Key**: value items of the list nested directly in
 * list item node.  Returns 1 with the next field, 0 at the end.
 */
static int
next_field(const struct pdb_doc *doc, uint32_t node, uint32_t *i,
    struct pdb_str *k, struct pdb_str *v)
{
	while (++*i < doc->nnodes && model_is_under(doc, *i, node)) {
		const struct pdb_node *nd = &doc->nodes[*i];

		if (nd->kind == PDB_NODE_ITEM &&
		    doc->nodes[nd->parent].parent == node &&
		    item_field(doc, *i, k, v))
			return 1;
	}
	return 0;
}

/* Fills the fields of a risk or blocker from its nested list. */
void
ex_register_risk_fields(const struct pdb_doc *doc, uint32_t node,
    struct pdb_risk_fact *r)
{
	struct pdb_str k, v;

	for (uint32_t i = node; next_field(doc, node, &i, &k, &v);) {
		if (key_is(k, "severity") || key_is(k, "risk level") ||
		    key_is(k, "priority"))
			r->severity = v;
		else if (key_is(k, "probability") || key_is(k, "likelihood"))
			r->probability = v;
		else if (key_is(k, "impact"))
			r->impact = v;
		else if (key_is(k, "mitigation") || key_is(k, "mitigation plan"))
			r->mitigation = v;
		else if (key_is(k, "owner"))
			r->owner = v;
		else if (key_is(k, "status"))
			r->status = v;
		else if (key_is(k, "resolution"))
			r->resolution = v;
		else if (key_is(k, "resolved date") || key_is(k, "resolved"))
			r->resolved_date = first_date(v);
		else if (key_is(k, "lessons learned") || key_is(k, "lessons"))
			r->lessons = v;
		else if (key_is(k, "eta")) {
			r->eta = v;
			r->due_date = first_date(v);
		} else if (key_is(k, "due") || key_is(k, "due date") ||
		    key_is(k, "review date"))
			r->due_date = first_date(v);
		else if (key_is(k, "id"))
			r->ext_id = v;
	}
}

void
ex_register_debt_fields(const struct pdb_doc *doc, uint32_t node,
    struct pdb_debt_fact *d)
{
	struct pdb_str k, v;

	for (uint32_t i = node; next_field(doc, node, &i, &k, &v);) {
		if (key_is(k, "impact"))
			d->impact = v;
		else if (key_is(k, "priority") || key_is(k, "severity"))
			d->priority = v;
		else if (key_is(k, "planned resolution") ||
		    key_is(k, "resolution") || key_is(k, "plan"))
			d->planned = v;
		else if (key_is(k, "status"))
			d->status = v;
		else if (key_is(k, "owner"))
			d->owner = v;
		else if (key_is(k, "resolved date") || key_is(k, "resolved"))
			d->resolved_date = first_date(v);
	}
}

static struct pdb_risk_fact *
new_risk(struct pdb_xctx *x, uint32_t node, enum pdb_register_source src)
{
	struct pdb_risk_fact *r = PDB_VEC_PUSH(x->f->risks);

	r->section = x->section;
	r->table = PDB_NONE;
	r->line = x->doc->nodes[node].line;
	r->source = src;
	r->due_date = r->resolved_date = PDB_NO_DATE;
	return r;
}

/* "Blocker: text" or "**Blocker**: text" (also numbered, any case). */
static int
blocker_title(const char *t, size_t n, struct pdb_str *title)
{
	if (!ex_starts_with_ci(t, n, "blocker") || n < 8 || (t[7] != ':' &&
	    !(t[7] == 's' && n > 8 && t[8] == ':')))
		return 0;
	*title = ex_str_trim(t + (t[7] == ':' ? 8 : 9),
	    n - (t[7] == ':' ? 8 : 9));
	return 1;
}

static int
debt_item(struct pdb_xctx *x, uint32_t node, const char *t, size_t n)
{
	struct pdb_str id = {0}, rest = split_leading_id(ex_str_make(t, n),
	    &id);
	struct pdb_debt_fact *d;

	if (id.n < 4 || (id.p[0] != 'T' && id.p[0] != 't') ||
	    (id.p[1] != 'D' && id.p[1] != 'd') || id.p[2] != '-')
		return 0;
	d = PDB_VEC_PUSH(x->f->debts);
	d->section = x->section;
	d->table = PDB_NONE;
	d->line = x->doc->nodes[node].line;
	d->source = PDB_SOURCE_BULLET;
	d->ext_id = id;
	d->description = ex_str_flatten(&x->f->arena, rest.p, rest.n);
	d->resolved_date = PDB_NO_DATE;
	ex_register_debt_fields(x->doc, node, d);
	ex_register_finish_debt(x, d);
	return 1;
}

int
ex_register_from_item(struct pdb_xctx *x, uint32_t node)
{
	const struct pdb_doc *doc = x->doc;
	struct pdb_str key, value, title;
	struct pdb_risk_fact *r;
	uint32_t owner;
	size_t n;
	const char *t = model_item_text(doc, node, &n, &owner);

	if (doc->nodes[node].task_mark != 0 || n == 0)
		return 0;
	if (item_field(doc, node, &key, &value) && key_is(key, "risk")) {
		if (is_bracketed(value))
			return 1;	/* a template's "[Description]": no risk */
		r = new_risk(x, node, PDB_SOURCE_BULLET);
		r->title = split_leading_id(ex_str_flatten(&x->f->arena,
		    value.p, value.n), &r->ext_id);
		ex_register_risk_fields(doc, node, r);
		ex_register_finish_risk(x, r);
		return 1;
	}
	if (blocker_title(t, n, &title)) {
		if (is_bracketed(title))
			return 1;	/* a template's placeholder */
		r = new_risk(x, node, PDB_SOURCE_BLOCKER);
		r->title = ex_str_flatten(&x->f->arena, title.p, title.n);
		ex_register_risk_fields(doc, node, r);
		ex_register_finish_risk(x, r);
		return 1;
	}
	return debt_item(x, node, t, n);
}
