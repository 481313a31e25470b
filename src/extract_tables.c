/*
 * extract_tables.c - every table as written, and what kind of table it is.
 *
 * Each GFM table outside code is kept cell by cell (plain text, emoji
 * kept), so any table can be queried.  Its kind comes from its header
 * (case-insensitive, trimmed, with synonyms) and the heading above it:
 *   burndown  a date/day/week column and a remaining column;
 *   risk      a Risk column (or Risk ID) and one of probability,
 *             likelihood, impact, severity, mitigation, owner, status, due;
 *             or, under a heading about risks, a description column and two
 *             of those;
 *   tech_debt a Debt column, TD-nnn ids in the first column, the
 *             Item | Description | Impact | Priority shape, or a
 *             description column under a heading about technical debt;
 *   metric    two of baseline, current, target, actual, measurement;
 *   fields    two columns named like Field | Value.
 * Rows of the known kinds are handed to extract_registers.c and
 * extract_claims.c.
 */
#include "extract_int.h"

#include "progdb/arena.h"

#define MAX_HEADER	48

static const struct {
	const char		*name;
	enum pdb_col_role	 role;
} synonyms[] = {
	{"id", COL_ID}, {"#", COL_ID}, {"risk id", COL_ID}, {"ref", COL_ID},
	{"no", COL_ID}, {"key", COL_ID}, {"item", COL_ID}, {"debt id", COL_ID},
	{"risk", COL_RISK}, {"risks", COL_RISK}, {"risk description", COL_RISK},
	{"risk name", COL_RISK}, {"risk title", COL_RISK},
	{"threat", COL_RISK},
	{"description", COL_DESCRIPTION}, {"summary", COL_DESCRIPTION},
	{"title", COL_DESCRIPTION}, {"name", COL_DESCRIPTION},
	{"issue", COL_DESCRIPTION}, {"problem", COL_DESCRIPTION},
	{"debt", COL_DEBT}, {"debt item", COL_DEBT},
	{"technical debt", COL_DEBT}, {"tech debt", COL_DEBT},
	{"probability", COL_PROBABILITY}, {"likelihood", COL_PROBABILITY},
	{"prob", COL_PROBABILITY}, {"probability level", COL_PROBABILITY},
	{"impact", COL_IMPACT}, {"impact level", COL_IMPACT},
	{"consequence", COL_IMPACT},
	{"severity", COL_SEVERITY}, {"risk level", COL_SEVERITY},
	{"risk score", COL_SEVERITY}, {"rating", COL_SEVERITY},
	{"score", COL_SEVERITY}, {"priority level", COL_SEVERITY},
	{"exposure", COL_SEVERITY},
	{"priority", COL_PRIORITY},
	{"mitigation", COL_MITIGATION}, {"mitigation plan", COL_MITIGATION},
	{"mitigation strategy", COL_MITIGATION}, {"fix plan", COL_MITIGATION},
	{"response", COL_MITIGATION}, {"contingency", COL_MITIGATION},
	{"next action", COL_MITIGATION},
	{"owner", COL_OWNER}, {"assignee", COL_OWNER},
	{"responsible", COL_OWNER},
	{"status", COL_STATUS}, {"state", COL_STATUS},
	{"due", COL_DUE}, {"due date", COL_DUE}, {"review date", COL_DUE},
	{"target date", COL_DUE}, {"deadline", COL_DUE}, {"ddl", COL_DUE},
	{"planned resolution", COL_PLANNED}, {"resolution", COL_PLANNED},
	{"plan", COL_PLANNED}, {"fix version", COL_PLANNED},
	{"resolved", COL_RESOLVED}, {"resolved date", COL_RESOLVED},
	{"date resolved", COL_RESOLVED},
	{"date", COL_DATE}, {"day", COL_DATE}, {"week", COL_DATE},
	{"sprint", COL_DATE}, {"iteration", COL_DATE},
	{"remaining", COL_REMAINING}, {"remaining items", COL_REMAINING},
	{"remaining points", COL_REMAINING},
	{"remaining tasks", COL_REMAINING}, {"items remaining", COL_REMAINING},
	{"points remaining", COL_REMAINING},
	{"tasks remaining", COL_REMAINING}, {"open", COL_REMAINING},
	{"open items", COL_REMAINING}, {"left", COL_REMAINING},
	{"to do", COL_REMAINING}, {"todo", COL_REMAINING},
	{"completed", COL_COMPLETED}, {"completed today", COL_COMPLETED},
	{"done", COL_COMPLETED}, {"done today", COL_COMPLETED},
	{"burned", COL_COMPLETED}, {"completed items", COL_COMPLETED},
	{"closed", COL_COMPLETED},
	{"scope", COL_SCOPE}, {"total", COL_SCOPE}, {"total items", COL_SCOPE},
	{"committed", COL_SCOPE},
	{"ideal", COL_IDEAL}, {"ideal remaining", COL_IDEAL},
	{"blockers", COL_BLOCKERS}, {"blocker", COL_BLOCKERS},
	{"blocked by", COL_BLOCKERS}, {"impediments", COL_BLOCKERS},
	{"field", COL_FIELD}, {"property", COL_FIELD},
	{"attribute", COL_FIELD}, {"aspect", COL_FIELD},
	{"metadata", COL_FIELD}, {"parameter", COL_FIELD},
	{"value", COL_VALUE}, {"detail", COL_VALUE}, {"details", COL_VALUE},
	{"baseline", COL_BASELINE}, {"current", COL_CURRENT},
	{"target", COL_TARGET}, {"goal", COL_TARGET},
	{"measurement", COL_MEASUREMENT}, {"actual", COL_ACTUAL},
	{"result", COL_ACTUAL},
};

/* Lower-cased words of a header cell: "Remaining Items:" -> "remaining
 * items".  Emoji and punctuation other than '#' separate words. */
static size_t
normalise_header(const char *s, size_t n, char *out)
{
	size_t o = 0;
	int gap = 0;

	for (size_t i = 0; i < n && o + 1 < MAX_HEADER; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_ascii_alnum(c) || c == '#') {
			if (gap && o > 0) {
				if (o + 2 >= MAX_HEADER)
					break;
				out[o++] = ' ';
			}
			gap = 0;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		} else {
			gap = 1;
		}
	}
	out[o] = '\0';
	return o;
}

static enum pdb_col_role
role_of(struct pdb_str header)
{
	char h[MAX_HEADER];
	size_t n = normalise_header(header.p, header.n, h);

	for (size_t i = 0; i < sizeof(synonyms) / sizeof(*synonyms); i++)
		if (strlen(synonyms[i].name) == n &&
		    memcmp(synonyms[i].name, h, n) == 0)
			return synonyms[i].role;
	return COL_NONE;
}

int
table_column(const struct pdb_facts *f, int32_t t, const int *roles,
    enum pdb_col_role role)
{
	for (unsigned c = 0; c < f->tables.v[t].ncols; c++)
		if (roles[c] == (int)role)
			return (int)c;
	return -1;
}

/* 1 if the heading above the table (or one of its ancestors' titles)
 * mentions word. */
static int
heading_mentions(const struct pdb_facts *f, int32_t s, const char *word)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent) {
		const struct pdb_section_fact *sec = &f->sections.v[s];

		if (find_ci(sec->title.p, sec->title.n, word) < sec->title.n)
			return 1;
	}
	return 0;
}

/* "TD-001", "TD-12": the first column holds tech-debt ids. */
static int
first_column_has_debt_ids(const struct pdb_table_fact *t)
{
	if (t->nrows == 0)
		return 0;
	for (unsigned r = 1; r <= t->nrows; r++) {
		struct pdb_str c = t->cells[r * t->ncols];

		if (c.n >= 4 && (c.p[0] == 'T' || c.p[0] == 't') &&
		    (c.p[1] == 'D' || c.p[1] == 'd') && c.p[2] == '-' &&
		    c.p[3] >= '0' && c.p[3] <= '9')
			return 1;
	}
	return 0;
}

static enum pdb_table_kind
classify(const struct pdb_xctx *x, const struct pdb_table_fact *t,
    const int *roles)
{
	unsigned have[COL_COUNT] = {0};
	unsigned risk_fields, metrics;

	for (unsigned c = 0; c < t->ncols; c++)
		have[roles[c]]++;
	risk_fields = have[COL_PROBABILITY] + have[COL_IMPACT] +
	    have[COL_SEVERITY] + have[COL_MITIGATION];
	metrics = have[COL_BASELINE] + have[COL_CURRENT] + have[COL_TARGET] +
	    have[COL_ACTUAL] + have[COL_MEASUREMENT];
	if (have[COL_DATE] && have[COL_REMAINING])
		return PDB_TABLE_BURNDOWN;
	if ((have[COL_RISK] || (have[COL_ID] && t->ncols > 0 &&
	    find_ci(t->cells[0].p, t->cells[0].n, "risk") < t->cells[0].n)) &&
	    risk_fields + have[COL_OWNER] + have[COL_STATUS] + have[COL_DUE] +
	    have[COL_PRIORITY] > 0)
		return PDB_TABLE_RISK;
	if (have[COL_DESCRIPTION] && risk_fields >= 2 &&
	    heading_mentions(x->f, x->section, "risk"))
		return PDB_TABLE_RISK;
	if (have[COL_DEBT] || first_column_has_debt_ids(t) ||
	    (have[COL_ID] && have[COL_DESCRIPTION] && have[COL_IMPACT] &&
	    have[COL_PRIORITY]) ||
	    ((have[COL_DESCRIPTION] || have[COL_ID]) &&
	    heading_mentions(x->f, x->section, "debt")))
		return PDB_TABLE_DEBT;
	if (metrics >= 2)
		return PDB_TABLE_METRIC;
	if (t->ncols == 2 && have[COL_FIELD] && have[COL_VALUE])
		return PDB_TABLE_FIELDS;
	return PDB_TABLE_OTHER;
}

/* Reads the rows and cells below table node into t. */
static void
read_cells(struct pdb_xctx *x, uint32_t node, struct pdb_table_fact *t)
{
	const struct pdb_doc *doc = x->doc;
	unsigned rows = 0, cols = 0, r = 0, c = 0;
	uint32_t end;

	for (end = node + 1; end < doc->nnodes &&
	    model_is_under(doc, end, node); end++) {
		if (doc->nodes[end].kind == PDB_NODE_ROW)
			rows++;
		else if (doc->nodes[end].kind == PDB_NODE_CELL && rows == 1)
			cols++;
	}
	t->ncols = cols;
	t->nrows = rows > 0 ? rows - 1 : 0;
	t->cells = arena_alloc(&x->f->arena, (size_t)(rows ? rows : 1) *
	    (cols ? cols : 1) * sizeof(*t->cells));
	t->row_lines = arena_alloc(&x->f->arena, (rows ? rows : 1) *
	    sizeof(*t->row_lines));
	for (uint32_t i = node + 1; i < end; i++) {
		const struct pdb_node *nd = &doc->nodes[i];
		size_t n;
		const char *s;

		if (nd->kind == PDB_NODE_ROW) {
			t->row_lines[r++] = nd->line;
			c = 0;
		} else if (nd->kind == PDB_NODE_CELL && r > 0 && c < cols) {
			s = model_text(doc, i, &n);
			t->cells[(r - 1) * cols + c++] = str_flatten(
			    &x->f->arena, str_trim(s, n).p, str_trim(s, n).n);
		}
	}
}

static void
add_field_rows(struct pdb_xctx *x, const struct pdb_table_fact *t)
{
	for (unsigned r = 1; r <= t->nrows; r++)
		if (t->cells[r * 2].n > 0)
			meta_add(x->f, x->section, t->row_lines[r],
			    t->cells[r * 2], t->cells[r * 2 + 1],
			    PDB_META_TABLE);
}

void
table_from_node(struct pdb_xctx *x, uint32_t node)
{
	struct pdb_table_fact *t = PDB_VEC_PUSH(x->f->tables);
	int32_t ti = (int32_t)(x->f->tables.n - 1);
	int *roles;

	t->section = x->section;
	t->line = x->doc->nodes[node].line;
	read_cells(x, node, t);
	if (t->ncols == 0)
		return;
	roles = arena_alloc(&x->f->arena, t->ncols * sizeof(*roles));
	for (unsigned c = 0; c < t->ncols; c++)
		roles[c] = (int)role_of(t->cells[c]);
	t->kind = classify(x, t, roles);
	for (unsigned r = 1; r <= t->nrows; r++) {
		switch (t->kind) {
		case PDB_TABLE_RISK:
			risk_from_row(x, ti, r, roles);
			break;
		case PDB_TABLE_DEBT:
			debt_from_row(x, ti, r, roles);
			break;
		case PDB_TABLE_BURNDOWN:
			burndown_from_row(x, ti, r, roles);
			break;
		case PDB_TABLE_METRIC:
			claim_from_metric_row(x, ti, r, roles);
			break;
		default:
			break;
		}
	}
	if (t->kind == PDB_TABLE_FIELDS)
		add_field_rows(x, t);
}
