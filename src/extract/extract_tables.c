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
	{"id", EX_COL_ID}, {"#", EX_COL_ID}, {"risk id", EX_COL_ID},
	{"ref", EX_COL_ID}, {"no", EX_COL_ID}, {"key", EX_COL_ID},
	{"item", EX_COL_ID}, {"debt id", EX_COL_ID}, {"risk", EX_COL_RISK},
	{"risks", EX_COL_RISK}, {"risk description", EX_COL_RISK},
	{"risk name", EX_COL_RISK}, {"risk title", EX_COL_RISK},
	{"threat", EX_COL_RISK}, {"risk issue", EX_COL_RISK},
	{"risks issues", EX_COL_RISK}, {"risiko", EX_COL_RISK},
	{"riesgo", EX_COL_RISK}, {"risco", EX_COL_RISK}, {"риск", EX_COL_RISK},
	{"风险", EX_COL_RISK}, {"リスク", EX_COL_RISK}, {"리스크", EX_COL_RISK},
	{"위험", EX_COL_RISK}, {"description", EX_COL_DESCRIPTION},
	{"summary", EX_COL_DESCRIPTION}, {"title", EX_COL_DESCRIPTION},
	{"name", EX_COL_DESCRIPTION}, {"issue", EX_COL_DESCRIPTION},
	{"problem", EX_COL_DESCRIPTION}, {"descripción", EX_COL_DESCRIPTION},
	{"descrição", EX_COL_DESCRIPTION}, {"beschreibung", EX_COL_DESCRIPTION},
	{"описание", EX_COL_DESCRIPTION}, {"debt", EX_COL_DEBT},
	{"debt item", EX_COL_DEBT}, {"technical debt", EX_COL_DEBT},
	{"tech debt", EX_COL_DEBT}, {"probability", EX_COL_PROBABILITY},
	{"likelihood", EX_COL_PROBABILITY}, {"prob", EX_COL_PROBABILITY},
	{"probability level", EX_COL_PROBABILITY},
	{"wahrscheinlichkeit", EX_COL_PROBABILITY},
	{"probabilidad", EX_COL_PROBABILITY},
	{"probabilidade", EX_COL_PROBABILITY},
	{"вероятность", EX_COL_PROBABILITY}, {"可能性", EX_COL_PROBABILITY},
	{"概率", EX_COL_PROBABILITY}, {"発生確率", EX_COL_PROBABILITY},
	{"impact", EX_COL_IMPACT}, {"impact level", EX_COL_IMPACT},
	{"consequence", EX_COL_IMPACT}, {"auswirkung", EX_COL_IMPACT},
	{"schaden", EX_COL_IMPACT}, {"impacto", EX_COL_IMPACT},
	{"влияние", EX_COL_IMPACT}, {"影响", EX_COL_IMPACT},
	{"影響", EX_COL_IMPACT}, {"영향", EX_COL_IMPACT},
	{"severity", EX_COL_SEVERITY}, {"risk level", EX_COL_SEVERITY},
	{"risk score", EX_COL_SEVERITY}, {"rating", EX_COL_SEVERITY},
	{"score", EX_COL_SEVERITY}, {"priority level", EX_COL_SEVERITY},
	{"exposure", EX_COL_SEVERITY}, {"schweregrad", EX_COL_SEVERITY},
	{"severidad", EX_COL_SEVERITY}, {"severidade", EX_COL_SEVERITY},
	{"серьезность", EX_COL_SEVERITY}, {"严重程度", EX_COL_SEVERITY},
	{"深刻度", EX_COL_SEVERITY}, {"심각도", EX_COL_SEVERITY},
	{"priority", EX_COL_PRIORITY}, {"priorität", EX_COL_PRIORITY},
	{"prioridad", EX_COL_PRIORITY}, {"prioridade", EX_COL_PRIORITY},
	{"приоритет", EX_COL_PRIORITY}, {"优先级", EX_COL_PRIORITY},
	{"優先度", EX_COL_PRIORITY}, {"우선순위", EX_COL_PRIORITY},
	{"mitigation", EX_COL_MITIGATION},
	{"mitigation plan", EX_COL_MITIGATION},
	{"mitigation strategy", EX_COL_MITIGATION},
	{"fix plan", EX_COL_MITIGATION}, {"maßnahme", EX_COL_MITIGATION},
	{"maßnahmen", EX_COL_MITIGATION}, {"mitigación", EX_COL_MITIGATION},
	{"mitigação", EX_COL_MITIGATION}, {"应对措施", EX_COL_MITIGATION},
	{"対策", EX_COL_MITIGATION}, {"대응", EX_COL_MITIGATION},
	{"response", EX_COL_MITIGATION}, {"contingency", EX_COL_MITIGATION},
	{"next action", EX_COL_MITIGATION}, {"owner", EX_COL_OWNER},
	{"assignee", EX_COL_OWNER}, {"responsible", EX_COL_OWNER},
	{"status", EX_COL_STATUS}, {"state", EX_COL_STATUS},
	{"estado", EX_COL_STATUS}, {"stand", EX_COL_STATUS},
	{"статус", EX_COL_STATUS}, {"状态", EX_COL_STATUS},
	{"状態", EX_COL_STATUS}, {"상태", EX_COL_STATUS},
	{"結果", EX_COL_STATUS}, {"due", EX_COL_DUE}, {"due date", EX_COL_DUE},
	{"review date", EX_COL_DUE}, {"eta", EX_COL_DUE},
	{"target date", EX_COL_DUE}, {"deadline", EX_COL_DUE},
	{"ddl", EX_COL_DUE}, {"planned resolution", EX_COL_PLANNED},
	{"resolution", EX_COL_PLANNED}, {"plan", EX_COL_PLANNED},
	{"fix version", EX_COL_PLANNED}, {"resolved", EX_COL_RESOLVED},
	{"resolved date", EX_COL_RESOLVED}, {"date resolved", EX_COL_RESOLVED},
	{"date", EX_COL_DATE}, {"day", EX_COL_DATE}, {"week", EX_COL_DATE},
	{"sprint", EX_COL_DATE}, {"iteration", EX_COL_DATE},
	{"remaining", EX_COL_REMAINING}, {"remaining items", EX_COL_REMAINING},
	{"remaining points", EX_COL_REMAINING},
	{"remaining tasks", EX_COL_REMAINING},
	{"items remaining", EX_COL_REMAINING},
	{"points remaining", EX_COL_REMAINING},
	{"tasks remaining", EX_COL_REMAINING}, {"open", EX_COL_REMAINING},
	{"open items", EX_COL_REMAINING}, {"left", EX_COL_REMAINING},
	{"to do", EX_COL_REMAINING}, {"todo", EX_COL_REMAINING},
	{"actual remaining", EX_COL_REMAINING},
	{"remaining actual", EX_COL_REMAINING},
	{"sp remaining", EX_COL_REMAINING}, {"remaining sp", EX_COL_REMAINING},
	{"story points remaining", EX_COL_REMAINING},
	{"remaining story points", EX_COL_REMAINING},
	{"hours remaining", EX_COL_REMAINING},
	{"remaining hours", EX_COL_REMAINING},
	{"remaining work", EX_COL_REMAINING},
	{"work remaining", EX_COL_REMAINING}, {"completed", EX_COL_COMPLETED},
	{"completed today", EX_COL_COMPLETED}, {"done", EX_COL_COMPLETED},
	{"done today", EX_COL_COMPLETED}, {"burned", EX_COL_COMPLETED},
	{"completed items", EX_COL_COMPLETED}, {"closed", EX_COL_COMPLETED},
	{"scope", EX_COL_SCOPE}, {"total", EX_COL_SCOPE},
	{"total items", EX_COL_SCOPE}, {"committed", EX_COL_SCOPE},
	{"ideal", EX_COL_IDEAL}, {"ideal remaining", EX_COL_IDEAL},
	{"planned remaining", EX_COL_IDEAL},
	{"remaining planned", EX_COL_IDEAL}, {"ideal burndown", EX_COL_IDEAL},
	{"blockers", EX_COL_BLOCKERS}, {"blocker", EX_COL_BLOCKERS},
	{"blocked by", EX_COL_BLOCKERS}, {"impediments", EX_COL_BLOCKERS},
	{"field", EX_COL_FIELD}, {"property", EX_COL_FIELD},
	{"attribute", EX_COL_FIELD}, {"aspect", EX_COL_FIELD},
	{"metadata", EX_COL_FIELD}, {"parameter", EX_COL_FIELD},
	{"atributo", EX_COL_FIELD}, {"aspecto", EX_COL_FIELD},
	{"campo", EX_COL_FIELD}, {"propiedad", EX_COL_FIELD},
	{"eigenschaft", EX_COL_FIELD}, {"merkmal", EX_COL_FIELD},
	{"feld", EX_COL_FIELD}, {"項目", EX_COL_FIELD}, {"项目", EX_COL_FIELD},
	{"항목", EX_COL_FIELD}, {"параметр", EX_COL_FIELD},
	{"value", EX_COL_VALUE}, {"detail", EX_COL_VALUE},
	{"details", EX_COL_VALUE}, {"valor", EX_COL_VALUE},
	{"wert", EX_COL_VALUE}, {"значение", EX_COL_VALUE},
	{"值", EX_COL_VALUE}, {"値", EX_COL_VALUE}, {"内容", EX_COL_VALUE},
	{"값", EX_COL_VALUE}, {"detalle", EX_COL_VALUE},
	{"baseline", EX_COL_BASELINE}, {"current", EX_COL_CURRENT},
	{"target", EX_COL_TARGET}, {"goal", EX_COL_TARGET},
	{"measurement", EX_COL_MEASUREMENT}, {"actual", EX_COL_ACTUAL},
	{"result", EX_COL_ACTUAL}, {"test", EX_COL_TEST},
	{"test id", EX_COL_TEST}, {"test case", EX_COL_TEST},
	{"test name", EX_COL_TEST}, {"expected", EX_COL_TEST},
	{"expected result", EX_COL_TEST}, {"steps", EX_COL_TEST},
	{"test steps", EX_COL_TEST}, {"pass fail", EX_COL_TEST},
	{"metric", EX_COL_METRIC}, {"metrics", EX_COL_METRIC},
	{"kpi", EX_COL_METRIC}, {"指標", EX_COL_METRIC},
	{"指标", EX_COL_METRIC}, {"지표", EX_COL_METRIC},
	{"métrica", EX_COL_METRIC}, {"metrik", EX_COL_METRIC},
	{"kennzahl", EX_COL_METRIC}, {"task", EX_COL_TASK},
	{"tasks", EX_COL_TASK}, {"action item", EX_COL_TASK},
	{"action", EX_COL_TASK}, {"deliverable", EX_COL_TASK},
	{"work item", EX_COL_TASK}, {"todo item", EX_COL_TASK},
	{"count", EX_COL_NUMBER}, {"number", EX_COL_NUMBER},
	{"qty", EX_COL_NUMBER}, {"quantity", EX_COL_NUMBER},
	{"anzahl", EX_COL_NUMBER}, {"cantidad", EX_COL_NUMBER},
	{"件数", EX_COL_NUMBER}, {"数量", EX_COL_NUMBER},
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
		if (synonyms[i].name[0] == h[0] &&
		    strlen(synonyms[i].name) == n &&
		    memcmp(synonyms[i].name, h, n) == 0)
			return synonyms[i].role;
	return EX_COL_NONE;
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
	    EX_COL_RISK);

	if (title < 0)
		title = ex_table_column(x->f, (int32_t)(t - x->f->tables.v),
		    roles, EX_COL_DESCRIPTION);
	if (have[EX_COL_TEST] || rows_are_levels(t, 0) ||
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
	unsigned risk_fields = have[EX_COL_PROBABILITY] + have[EX_COL_IMPACT] +
	    have[EX_COL_SEVERITY] + have[EX_COL_MITIGATION];

	if (not_a_register(x, t, roles, have))
		return PDB_TABLE_OTHER;
	if ((have[EX_COL_RISK] || (have[EX_COL_ID] && t->ncols > 0 &&
	    ex_find_ci(t->cells[0].p, t->cells[0].n, "risk") <
	    t->cells[0].n)) &&
	    risk_fields + have[EX_COL_OWNER] + have[EX_COL_STATUS] +
	    have[EX_COL_DUE] + have[EX_COL_PRIORITY] > 0)
		return PDB_TABLE_RISK;
	if (have[EX_COL_DESCRIPTION] && risk_fields >= 2 &&
	    heading_mentions(x->f, x->section, "risk"))
		return PDB_TABLE_RISK;
	if (have[EX_COL_DEBT] || first_column_has_debt_ids(t) ||
	    (have[EX_COL_ID] && have[EX_COL_DESCRIPTION] &&
	    have[EX_COL_IMPACT] && have[EX_COL_PRIORITY]) ||
	    ((have[EX_COL_DESCRIPTION] || have[EX_COL_ID]) &&
	    heading_mentions(x->f, x->section, "debt")))
		return PDB_TABLE_DEBT;
	return PDB_TABLE_OTHER;
}

static enum pdb_table_kind
classify(const struct pdb_xctx *x, const struct pdb_table_fact *t,
    const int *roles)
{
	unsigned have[EX_COL_COUNT] = {0};
	unsigned metrics;
	enum pdb_table_kind k;

	for (unsigned c = 0; c < t->ncols; c++)
		have[roles[c]]++;
	metrics = have[EX_COL_BASELINE] + have[EX_COL_CURRENT] +
	    have[EX_COL_TARGET] + have[EX_COL_ACTUAL] + have[EX_COL_MEASUREMENT];
	if (have[EX_COL_DATE] && have[EX_COL_REMAINING])
		return PDB_TABLE_BURNDOWN;
	if ((k = register_kind(x, t, roles, have)) != PDB_TABLE_OTHER)
		return k;
	if (metrics >= 2 || have[EX_COL_METRIC])
		return PDB_TABLE_METRIC;
	if (have[EX_COL_STATUS])
		return PDB_TABLE_STATUS;
	if (t->ncols == 2 && have[EX_COL_FIELD] &&
	    (have[EX_COL_VALUE] || have[EX_COL_DESCRIPTION]))
		return PDB_TABLE_FIELDS;
	if (have[EX_COL_NUMBER] || mostly_numbers(t))
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
	    x->f, ti, roles, EX_COL_TASK)];
	int sc = ex_table_column(x->f, ti, roles, EX_COL_STATUS);
	int oc = ex_table_column(x->f, ti, roles, EX_COL_OWNER);
	int dc = ex_table_column(x->f, ti, roles, EX_COL_DUE);
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
	    ex_table_column(x->f, ti, roles, EX_COL_TASK) >= 0)
		for (unsigned r = 1; r <= t->nrows; r++)
			item_from_row(x, t, r, roles);
}
