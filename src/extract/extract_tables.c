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
#include "progdb/hash.h"
#include "progdb/ident.h"

#define MAX_HEADER	64

static const struct {
	const char		*name;
	enum pdb_col_role	 role;
} synonyms[] = {
	{"id", COL_ID}, {"#", COL_ID}, {"risk id", COL_ID}, {"ref", COL_ID},
	{"no", COL_ID}, {"key", COL_ID}, {"item", COL_ID}, {"debt id", COL_ID},
	{"risk", COL_RISK}, {"risks", COL_RISK}, {"risk description", COL_RISK},
	{"risk name", COL_RISK}, {"risk title", COL_RISK},
	{"threat", COL_RISK}, {"risk issue", COL_RISK}, {"risks issues", COL_RISK},
	{"risiko", COL_RISK}, {"riesgo", COL_RISK}, {"risco", COL_RISK},
	{"риск", COL_RISK}, {"风险", COL_RISK}, {"リスク", COL_RISK},
	{"리스크", COL_RISK}, {"위험", COL_RISK},
	{"description", COL_DESCRIPTION}, {"summary", COL_DESCRIPTION},
	{"title", COL_DESCRIPTION}, {"name", COL_DESCRIPTION},
	{"issue", COL_DESCRIPTION}, {"problem", COL_DESCRIPTION},
	{"descripción", COL_DESCRIPTION}, {"descrição", COL_DESCRIPTION},
	{"beschreibung", COL_DESCRIPTION}, {"описание", COL_DESCRIPTION},
	{"debt", COL_DEBT}, {"debt item", COL_DEBT},
	{"technical debt", COL_DEBT}, {"tech debt", COL_DEBT},
	{"probability", COL_PROBABILITY}, {"likelihood", COL_PROBABILITY},
	{"prob", COL_PROBABILITY}, {"probability level", COL_PROBABILITY},
	{"wahrscheinlichkeit", COL_PROBABILITY},
	{"probabilidad", COL_PROBABILITY}, {"probabilidade", COL_PROBABILITY},
	{"вероятность", COL_PROBABILITY}, {"可能性", COL_PROBABILITY},
	{"概率", COL_PROBABILITY}, {"発生確率", COL_PROBABILITY},
	{"impact", COL_IMPACT}, {"impact level", COL_IMPACT},
	{"consequence", COL_IMPACT}, {"auswirkung", COL_IMPACT},
	{"schaden", COL_IMPACT}, {"impacto", COL_IMPACT},
	{"влияние", COL_IMPACT}, {"影响", COL_IMPACT}, {"影響", COL_IMPACT},
	{"영향", COL_IMPACT},
	{"severity", COL_SEVERITY}, {"risk level", COL_SEVERITY},
	{"risk score", COL_SEVERITY}, {"rating", COL_SEVERITY},
	{"score", COL_SEVERITY}, {"priority level", COL_SEVERITY},
	{"exposure", COL_SEVERITY}, {"schweregrad", COL_SEVERITY},
	{"severidad", COL_SEVERITY}, {"severidade", COL_SEVERITY},
	{"серьезность", COL_SEVERITY}, {"严重程度", COL_SEVERITY},
	{"深刻度", COL_SEVERITY}, {"심각도", COL_SEVERITY},
	{"priority", COL_PRIORITY}, {"priorität", COL_PRIORITY},
	{"prioridad", COL_PRIORITY}, {"prioridade", COL_PRIORITY},
	{"приоритет", COL_PRIORITY}, {"优先级", COL_PRIORITY},
	{"優先度", COL_PRIORITY}, {"우선순위", COL_PRIORITY},
	{"mitigation", COL_MITIGATION}, {"mitigation plan", COL_MITIGATION},
	{"mitigation strategy", COL_MITIGATION}, {"fix plan", COL_MITIGATION},
	{"maßnahme", COL_MITIGATION}, {"maßnahmen", COL_MITIGATION},
	{"mitigación", COL_MITIGATION}, {"mitigação", COL_MITIGATION},
	{"应对措施", COL_MITIGATION}, {"対策", COL_MITIGATION},
	{"대응", COL_MITIGATION},
	{"response", COL_MITIGATION}, {"contingency", COL_MITIGATION},
	{"next action", COL_MITIGATION},
	{"owner", COL_OWNER}, {"assignee", COL_OWNER},
	{"responsible", COL_OWNER},
	{"status", COL_STATUS}, {"state", COL_STATUS}, {"estado", COL_STATUS},
	{"stand", COL_STATUS}, {"статус", COL_STATUS}, {"状态", COL_STATUS},
	{"状態", COL_STATUS}, {"상태", COL_STATUS}, {"結果", COL_STATUS},
	{"due", COL_DUE}, {"due date", COL_DUE}, {"review date", COL_DUE},
	{"eta", COL_DUE},
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
	{"actual remaining", COL_REMAINING}, {"remaining actual", COL_REMAINING},
	{"sp remaining", COL_REMAINING}, {"remaining sp", COL_REMAINING},
	{"story points remaining", COL_REMAINING},
	{"remaining story points", COL_REMAINING},
	{"hours remaining", COL_REMAINING}, {"remaining hours", COL_REMAINING},
	{"remaining work", COL_REMAINING}, {"work remaining", COL_REMAINING},
	{"completed", COL_COMPLETED}, {"completed today", COL_COMPLETED},
	{"done", COL_COMPLETED}, {"done today", COL_COMPLETED},
	{"burned", COL_COMPLETED}, {"completed items", COL_COMPLETED},
	{"closed", COL_COMPLETED},
	{"scope", COL_SCOPE}, {"total", COL_SCOPE}, {"total items", COL_SCOPE},
	{"committed", COL_SCOPE},
	{"ideal", COL_IDEAL}, {"ideal remaining", COL_IDEAL},
	{"planned remaining", COL_IDEAL}, {"remaining planned", COL_IDEAL},
	{"ideal burndown", COL_IDEAL},
	{"blockers", COL_BLOCKERS}, {"blocker", COL_BLOCKERS},
	{"blocked by", COL_BLOCKERS}, {"impediments", COL_BLOCKERS},
	{"field", COL_FIELD}, {"property", COL_FIELD},
	{"attribute", COL_FIELD}, {"aspect", COL_FIELD},
	{"metadata", COL_FIELD}, {"parameter", COL_FIELD},
	{"atributo", COL_FIELD}, {"aspecto", COL_FIELD}, {"campo", COL_FIELD},
	{"propiedad", COL_FIELD}, {"eigenschaft", COL_FIELD},
	{"merkmal", COL_FIELD}, {"feld", COL_FIELD}, {"項目", COL_FIELD},
	{"项目", COL_FIELD}, {"항목", COL_FIELD}, {"параметр", COL_FIELD},
	{"value", COL_VALUE}, {"detail", COL_VALUE}, {"details", COL_VALUE},
	{"valor", COL_VALUE}, {"wert", COL_VALUE}, {"значение", COL_VALUE},
	{"值", COL_VALUE}, {"値", COL_VALUE}, {"内容", COL_VALUE},
	{"값", COL_VALUE}, {"detalle", COL_VALUE},
	{"baseline", COL_BASELINE}, {"current", COL_CURRENT},
	{"target", COL_TARGET}, {"goal", COL_TARGET},
	{"measurement", COL_MEASUREMENT}, {"actual", COL_ACTUAL},
	{"result", COL_ACTUAL},
	{"test", COL_TEST}, {"test id", COL_TEST}, {"test case", COL_TEST},
	{"test name", COL_TEST}, {"expected", COL_TEST},
	{"expected result", COL_TEST}, {"steps", COL_TEST},
	{"test steps", COL_TEST}, {"pass fail", COL_TEST},
	{"metric", COL_METRIC}, {"metrics", COL_METRIC}, {"kpi", COL_METRIC},
	{"指標", COL_METRIC}, {"指标", COL_METRIC}, {"지표", COL_METRIC},
	{"métrica", COL_METRIC}, {"metrik", COL_METRIC}, {"kennzahl", COL_METRIC},
	{"task", COL_TASK}, {"tasks", COL_TASK}, {"action item", COL_TASK},
	{"action", COL_TASK}, {"deliverable", COL_TASK},
	{"work item", COL_TASK}, {"todo item", COL_TASK},
	{"count", COL_NUMBER}, {"number", COL_NUMBER},
	{"qty", COL_NUMBER}, {"quantity", COL_NUMBER}, {"anzahl", COL_NUMBER},
	{"cantidad", COL_NUMBER}, {"件数", COL_NUMBER}, {"数量", COL_NUMBER},
};

/* Bytes of a letter at s[0] (ASCII, or a UTF-8 letter of a Latin,
 * Cyrillic, CJK, kana or Hangul script), else 0: symbols (U+2000-U+2BFF),
 * fullwidth punctuation and emoji separate words. */
static size_t
letter_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t l = utf8_len(s, n);

	if (c < 0x80)
		return ex_is_ascii_alnum(c) || c == '#' ? 1 : 0;
	if (l == 2 && c >= 0xC3)
		return 2;
	if (l == 3 && c >= 0xE3 && c <= 0xED)
		return 3;
	return 0;
}

/* Lower-cased words of a header cell: "Remaining Items:" -> "remaining
 * items", "Priorität" -> "priorität".  Emoji and punctuation other than
 * '#' separate words. */
static size_t
normalise_header(const char *s, size_t n, char *out)
{
	size_t o = 0, l;
	int gap = 0;

	for (size_t i = 0; i < n; i += l ? l : utf8_len(s + i, n - i)) {
		l = letter_len(s + i, n - i);
		if (l == 0) {
			gap = 1;
			continue;
		}
		if (o + l + 2 >= MAX_HEADER)
			break;
		if (gap && o > 0)
			out[o++] = ' ';
		gap = 0;
		ex_lower_letter(s + i, l, out + o);
		o += l;
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

/* 1 if the heading above the table (or one of its ancestors' titles)
 * mentions word. */
static int
heading_mentions(const struct pdb_facts *f, int32_t s, const char *word)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent) {
		const struct pdb_section_fact *sec = &f->sections.v[s];

		if (ex_find_ci(sec->title.p, sec->title.n, word) < sec->title.n)
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

/* A cell that states a number: "12", "~40", "2,465+", "90%", "< 1.2s". */
static int
is_number_cell(struct pdb_str c)
{
	size_t i = 0;

	while (i < c.n && (c.p[i] == '*' || c.p[i] == '~' || c.p[i] == '<' ||
	    c.p[i] == '>' || c.p[i] == '+' || c.p[i] == '$' || c.p[i] == ' '))
		i++;
	return i < c.n && c.p[i] >= '0' && c.p[i] <= '9';
}

/* Most cells right of the first column state numbers. */
static int
mostly_numbers(const struct pdb_table_fact *t)
{
	unsigned num = 0, all = 0;

	for (unsigned r = 1; r <= t->nrows; r++)
		for (unsigned c = 1; c < t->ncols; c++) {
			all++;
			num += is_number_cell(t->cells[r * t->ncols + c]);
		}
	return all > 0 && num * 3 >= all * 2;
}

/* Every row of column c is only a level (Low, 🔴 High): a priority
 * matrix or a legend, not a register. */
static int
rows_are_levels(const struct pdb_table_fact *t, unsigned c)
{
	for (unsigned r = 1; r <= t->nrows; r++) {
		struct pdb_str v = t->cells[r * t->ncols + c];
		unsigned words = 1;

		for (size_t i = 0; i < v.n; i++)
			words += v.p[i] == ' ';
		if (words > 2 || v.n == 0 || (v.p[0] >= '0' && v.p[0] <= '9') ||
		    ex_level_of(v.p, v.n) == PDB_LEVEL_NONE)
			return 0;
	}
	return t->nrows > 0;
}

/* Every row of column c says Pass or Fail (after an icon): a test
 * plan's result column. */
static int
rows_pass_fail(const struct pdb_table_fact *t, unsigned c)
{
	static const char *const words[] = {"pass", "fail", "passed",
	    "failed", "skipped", NULL};

	for (unsigned r = 1; r <= t->nrows; r++) {
		struct pdb_str v = t->cells[r * t->ncols + c];
		int hit = 0;

		while (v.n > 0 && ((unsigned char)v.p[0] >= 0xE2 ||
		    v.p[0] == ' ' || v.p[0] == '*')) {
			size_t l = utf8_len(v.p, v.n);

			v = ex_str_make(v.p + l, v.n - l);
		}
		while (v.n > 0 && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '*'))
			v.n--;
		for (int k = 0; words[k] != NULL && !hit; k++)
			hit = v.n == strlen(words[k]) &&
			    ex_starts_with_ci(v.p, v.n, words[k]);
		if (!hit)
			return 0;
	}
	return t->nrows > 0;
}

/* A heading above s names tests ("Test plan", "Testing"; not "Latest"). */
static int
heading_about_tests(const struct pdb_facts *f, int32_t s)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent) {
		struct pdb_str t = f->sections.v[s].title;

		for (size_t i = ex_find_ci(t.p, t.n, "test"); i < t.n;
		    i += 4 + ex_find_ci(t.p + i + 4, t.n - i - 4, "test"))
			if (i == 0 ||
			    !ex_is_ascii_alnum((unsigned char)t.p[i - 1]))
				return 1;
	}
	return 0;
}

/*
 * A table that lists no entries although its columns look like a
 * register's: a test plan (a Test / Expected / Steps column, a Pass/Fail
 * column, or TD-001 ids under a heading about tests), or a matrix or
 * legend whose row titles are levels.
 */
static int
not_a_register(const struct pdb_xctx *x, const struct pdb_table_fact *t,
    const int *roles, const unsigned *have)
{
	int title = ex_table_column(x->f, (int32_t)(t - x->f->tables.v), roles,
	    COL_RISK);

	if (title < 0)
		title = ex_table_column(x->f, (int32_t)(t - x->f->tables.v),
		    roles, COL_DESCRIPTION);
	if (have[COL_TEST] || rows_are_levels(t, 0) ||
	    (title > 0 && rows_are_levels(t, (unsigned)title)))
		return 1;
	for (unsigned c = 1; c < t->ncols; c++)
		if (rows_pass_fail(t, c))
			return 1;
	return first_column_has_debt_ids(t) && heading_about_tests(x->f,
	    x->section);
}

static enum pdb_table_kind
register_kind(const struct pdb_xctx *x, const struct pdb_table_fact *t,
    const int *roles, const unsigned *have)
{
	unsigned risk_fields = have[COL_PROBABILITY] + have[COL_IMPACT] +
	    have[COL_SEVERITY] + have[COL_MITIGATION];

	if (not_a_register(x, t, roles, have))
		return PDB_TABLE_OTHER;
	if ((have[COL_RISK] || (have[COL_ID] && t->ncols > 0 &&
	    ex_find_ci(t->cells[0].p, t->cells[0].n, "risk") <
	    t->cells[0].n)) &&
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
	return PDB_TABLE_OTHER;
}

static enum pdb_table_kind
classify(const struct pdb_xctx *x, const struct pdb_table_fact *t,
    const int *roles)
{
	unsigned have[COL_COUNT] = {0};
	unsigned metrics;
	enum pdb_table_kind k;

	for (unsigned c = 0; c < t->ncols; c++)
		have[roles[c]]++;
	metrics = have[COL_BASELINE] + have[COL_CURRENT] + have[COL_TARGET] +
	    have[COL_ACTUAL] + have[COL_MEASUREMENT];
	if (have[COL_DATE] && have[COL_REMAINING])
		return PDB_TABLE_BURNDOWN;
	if ((k = register_kind(x, t, roles, have)) != PDB_TABLE_OTHER)
		return k;
	if (metrics >= 2 || have[COL_METRIC])
		return PDB_TABLE_METRIC;
	if (have[COL_STATUS])
		return PDB_TABLE_STATUS;
	if (t->ncols == 2 && have[COL_FIELD] &&
	    (have[COL_VALUE] || have[COL_DESCRIPTION]))
		return PDB_TABLE_FIELDS;
	if (have[COL_NUMBER] || mostly_numbers(t))
		return PDB_TABLE_METRIC;
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
			t->cells[(r - 1) * cols + c++] = ex_str_flatten(
			    &x->f->arena, ex_str_trim(s, n).p,
			    ex_str_trim(s, n).n);
		}
	}
}

/* The item state a Status cell declares: open when it declares none. */
static enum pdb_state
row_state(struct pdb_str status)
{
	int s = status.n > 0 ? ex_status_of_value(status.p, status.n) : -1;

	switch (s) {
	case PDB_STATE_DONE: case PDB_STATE_CANCELLED:
	case PDB_STATE_DEFERRED: case PDB_STATE_BLOCKED:
		return (enum pdb_state)s;
	case PDB_STATE_IN_PROGRESS: case PDB_STATE_PARTIAL:
		return PDB_STATE_IN_PROGRESS;
	default:
		return PDB_STATE_OPEN;
	}
}

/* Row r of a status table with a Task column is an item: its state from
 * the Status cell, its owner and due date from those columns. */
static void
item_from_row(struct pdb_xctx *x, const struct pdb_table_fact *t,
    unsigned r, const int *roles)
{
	int32_t ti = (int32_t)(t - x->f->tables.v);
	struct pdb_str text = t->cells[r * t->ncols + (unsigned)ex_table_column(
	    x->f, ti, roles, COL_TASK)];
	int sc = ex_table_column(x->f, ti, roles, COL_STATUS);
	int oc = ex_table_column(x->f, ti, roles, COL_OWNER);
	int dc = ex_table_column(x->f, ti, roles, COL_DUE);
	struct pdb_section_fact *s = x->section != PDB_NONE ?
	    &x->f->sections.v[x->section] : NULL;
	struct pdb_item_fact it = {
		.section = x->section, .parent = PDB_NONE,
		.line = t->row_lines[r], .depth = 1, .from_table = 1,
		.text = text, .done_date = PDB_NO_DATE, .created_date =
		PDB_NO_DATE, .start_date = PDB_NO_DATE, .scheduled_date =
		PDB_NO_DATE, .cancelled_date = PDB_NO_DATE,
		.context_date = PDB_NO_DATE,
	};

	if (text.n == 0)
		return;
	it.mark = sc >= 0 ? t->cells[r * t->ncols + (unsigned)sc] :
	    ex_str_make(NULL, 0);
	it.state = row_state(it.mark);
	if (it.mark.n == 0)	/* the mark is the Status cell, "-" when empty */
		it.mark = ex_str_make("-", 1);
	it.owner = oc < 0 ? ex_str_make(NULL, 0) : ex_owner_of_value(
	    t->cells[r * t->ncols + (unsigned)oc].p,
	    t->cells[r * t->ncols + (unsigned)oc].n);
	it.due_date = dc < 0 ? PDB_NO_DATE : ex_due_of_value(
	    t->cells[r * t->ncols + (unsigned)dc].p,
	    t->cells[r * t->ncols + (unsigned)dc].n);
	buf_reserve(x->scratch, text.n + 1);
	it.key = hash_bytes(x->scratch->data, ident_normalize(text.p, text.n,
	    x->scratch->data), s != NULL ? s->key : 0);
	if (it.state != PDB_STATE_CANCELLED) {
		x->f->items_total++;
		x->f->items_done += it.state == PDB_STATE_DONE;
		if (s != NULL) {
			s->items_total++;
			s->items_done += it.state == PDB_STATE_DONE;
		}
	}
	*PDB_VEC_PUSH(x->f->items) = it;
}

static void
add_field_rows(struct pdb_xctx *x, const struct pdb_table_fact *t)
{
	for (unsigned r = 1; r <= t->nrows; r++)
		if (t->cells[r * 2].n > 0)
			ex_meta_add(x->f, x->section, t->row_lines[r],
			    t->cells[r * 2], t->cells[r * 2 + 1],
			    PDB_META_TABLE);
}

void
ex_table_from_node(struct pdb_xctx *x, uint32_t node)
{
	struct pdb_table_fact *t = PDB_VEC_PUSH(x->f->tables);
	int32_t ti = (int32_t)(x->f->tables.n - 1);
	int *roles, summary;

	t->section = x->section;
	t->line = x->doc->nodes[node].line;
	read_cells(x, node, t);
	if (t->ncols == 0)
		return;
	roles = arena_alloc(&x->f->arena, t->ncols * sizeof(*roles));
	for (unsigned c = 0; c < t->ncols; c++)
		roles[c] = (int)role_of(t->cells[c]);
	t->kind = classify(x, t, roles);
	summary = ex_context_restates(x, t->kind, t->nrows);
	/* A register written as a table: the section's bullets are notes. */
	if ((t->kind == PDB_TABLE_RISK || t->kind == PDB_TABLE_DEBT) &&
	    x->section != PDB_NONE)
		x->f->sections.v[x->section].reg_explicit = 1;
	for (unsigned r = 1; r <= t->nrows && !summary; r++) {
		switch (t->kind) {
		case PDB_TABLE_RISK:
			ex_risk_from_row(x, ti, r, roles);
			break;
		case PDB_TABLE_DEBT:
			ex_debt_from_row(x, ti, r, roles);
			break;
		case PDB_TABLE_BURNDOWN:
			ex_burndown_from_row(x, ti, r, roles);
			break;
		case PDB_TABLE_METRIC:
			ex_claim_from_metric_row(x, ti, r, roles);
			break;
		default:
			break;
		}
	}
	if (t->kind == PDB_TABLE_FIELDS)
		add_field_rows(x, t);
	if (t->kind == PDB_TABLE_STATUS && !summary &&
	    ex_table_column(x->f, ti, roles, COL_TASK) >= 0)
		for (unsigned r = 1; r <= t->nrows; r++)
			item_from_row(x, t, r, roles);
}
