/*
 * extract_context.c - risk and technical-debt entries read from the
 * section they sit in, the way a lead reads a register written as prose:
 *
 *   ## Risks                            a heading that names a register
 *   1. **Vendor lock-in** - ...         each top-level list item is one
 *      - **Mitigation:** ...            entry, its sub-items its fields
 *   ### Redis memory             a sub-heading with an id, a number
 *   **Severity**: High                  or a severity mark is one entry;
 *   **Status**: Resolved                **Key**: value lines are its fields
 *   **TD-04** - Polling loop            a paragraph led by a bold id too
 *
 * A heading names a register when its title holds a word for risks,
 * blockers or technical debt in one of the languages we know, and no word
 * that makes it about the register's process (Risk Management, Risk
 * Matrix, Debt Categories ...); a heading naming opportunities ends the
 * risk context.  Entries are under the nearest heading that decides.
 */
#include "extract_int.h"

#include "progdb/hash.h"

#define KEY_SEED_RISK	0x7269736b
#define KEY_SEED_DEBT	0x64656274

/* s lower-cased into out (cap bytes, NUL-terminated). */
static size_t
lower_copy(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0, l;

	for (size_t i = 0; i < n; i += l) {
		unsigned char c = (unsigned char)s[i];

		l = c < 0x80 ? 1 : utf8_len(s + i, n - i);
		if (o + l + 1 > cap)
			break;
		if (l == 1)	/* ASCII: what ex_lower_letter() does, inline */
			out[o] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		else
			ex_lower_letter(s + i, l, out + o);
		o += l;
	}
	out[o] = '\0';
	return o;
}

/* 1 if word occurs in t (lower-cased) at the start of a word. */
static int
has_word(const char *t, const char *word)
{
	for (const char *p = strstr(t, word); p != NULL;
	    p = strstr(p + 1, word))
		if (p == t || (unsigned char)p[-1] >= 0x80 ||
		    !ex_is_ascii_alnum((unsigned char)p[-1]))
			return 1;
	return 0;
}

/* The bytes that start a word of t (see has_word), as a set, and the
 * pairs of bytes that do, hashed into a set of WS_PAIRS bits. */
#define WS_PAIRS	1024

struct wstarts {
	uint64_t	 m[4];
	uint64_t	 pairs[WS_PAIRS / 64];
};

static unsigned
pair_hash(unsigned char a, unsigned char b)
{
	return ((unsigned)a << 5 ^ b) % WS_PAIRS;
}

static void
word_starts(const char *t, struct wstarts *ws)
{
	*ws = (struct wstarts){{0}, {0}};
	for (size_t i = 0; t[i] != '\0'; i++) {
		unsigned char c = (unsigned char)t[i];
		unsigned h;

		if (i == 0 || (unsigned char)t[i - 1] >= 0x80 ||
		    !ex_is_ascii_alnum((unsigned char)t[i - 1])) {
			ws->m[c >> 6] |= (uint64_t)1 << (c & 63);
			h = pair_hash(c, (unsigned char)t[i + 1]);
			ws->pairs[h / 64] |= (uint64_t)1 << (h % 64);
		}
	}
}

/*
 * 1 if one of words occurs in t at the start of a word.  A word can only
 * start with a byte, and a pair of bytes, that start a word of t (ws):
 * the others are not searched.
 */
static int
has_in(const char *t, const struct wstarts *ws, const char *const *words)
{
	for (int i = 0; words[i] != NULL; i++) {
		unsigned char c = (unsigned char)words[i][0];
		unsigned h = pair_hash(c, (unsigned char)words[i][1]);

		if ((ws->m[c >> 6] >> (c & 63) & 1) && (words[i][1] == '\0' ||
		    (ws->pairs[h / 64] >> (h % 64) & 1)) &&
		    has_word(t, words[i]))
			return 1;
	}
	return 0;
}

static int
has_any(const char *t, const char *const *words)
{
	struct wstarts ws;

	word_starts(t, &ws);
	return has_in(t, &ws, words);
}

/* Words (prefixes of words) naming risks or blockers. */
static const char *const risk_words[] = {
	"risk", "blocker", "risiko", "risiken", "riesgo", "risco", "rischi",
	"risque", "impediment", "parking lot", "риск", "блокер", "风险",
	"風險", "リスク", "리스크", "위험", NULL,
};

/* Words naming technical debt or known issues. */
static const char *const debt_words[] = {
	"tech debt", "technical debt", "debt", "deuda técnica",
	"dívida técnica", "divida tecnica", "technische schuld",
	"technische schulden", "dette technique", "debito tecnico",
	"технический долг", "техдолг", "技术债", "技術債", "技術的負債",
	"技術負債", "기술 부채", "기술부채", "known issues", "known issue",
	NULL,
};

/* Words that make a heading about a register's process, not the register. */
static const char *const process_words[] = {
	"management", "monitoring", "matrix", "framework", "strateg",
	"response", "categor", "level", "scoring", "score", "procedure",
	"escalation", "review", "maintenance", "template", "prevention",
	"discovery", "method", "metric", "process", "polic", "legend",
	"guideline", "report", "definition", "adding", "how to", "format",
	"criteria", "appetite", "tolerance", "owner", "glossary", NULL,
};

/* Words naming a neighbouring list that is not a register of risks. */
static const char *const other_words[] = {
	"opportunit", "oportunidad", "oportunidade", "chancen", "opportunité",
	"возможност", "机会", "機会", "기회", NULL,
};

/* The risk words that are not blockers. */
static const char *const risk_nouns[] = {
	"risk", "risiko", "risiken", "riesgo", "risco", "rischi", "risque",
	"риск", "风险", "風險", "リスク", "리스크", "위험", NULL,
};

/* Words naming blockers (entries under them are blockers). */
static const char *const blocker_words[] = {
	"blocker", "impediment", "блокер", "阻塞", "ブロッカー", NULL,
};

enum {
	HEAD_NONE,	/* says nothing about registers */
	HEAD_RISK,
	HEAD_DEBT,
	HEAD_BREAK,	/* about a register's process, or opportunities */
};

static int	is_bucket(const char *low);

/* What heading t (lower-cased, word starts ws) names; bucket:
 * is_bucket(t). */
static int
heading_names(const char *t, const struct wstarts *ws, int bucket)
{
	int risk, debt;

	if (bucket)
		return HEAD_NONE;
	risk = has_in(t, ws, risk_words);
	debt = has_in(t, ws, debt_words);
	if (has_in(t, ws, other_words))
		return HEAD_BREAK;
	if (!risk && !debt)
		return HEAD_NONE;
	if (has_in(t, ws, process_words))
		return HEAD_BREAK;
	/* "Risks and technical debt" is read as risks. */
	return risk ? HEAD_RISK : HEAD_DEBT;
}

/* ---- the shape of an entry heading ---- */

/* Length of an id at the start of t: "R-003", "TD-01", "R01", "KI-001",
 * "CWR-001" (capitals, an optional dash, digits); 0 when none. */
static size_t
leading_id(const char *t, size_t n)
{
	size_t i = 0, d;

	while (i < n && t[i] >= 'A' && t[i] <= 'Z')
		i++;
	if (i == 0 || i > 6)
		return 0;
	if (i < n && (t[i] == '-' || t[i] == '_'))
		i++;
	for (d = i; i < n && t[i] >= '0' && t[i] <= '9'; i++)
		;
	if (i == d || (i < n && ex_is_ascii_alnum((unsigned char)t[i])))
		return 0;
	return i;
}

/* "1. Title", "1) Title", "#1 Title", "Risk 1: Title". */
static int
leading_number(const char *t, size_t n)
{
	size_t i = 0;

	if (i < n && t[i] == '#')
		i++;
	if (i >= n || t[i] < '0' || t[i] > '9')
		return 0;
	while (i < n && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.'))
		i++;
	return i < n && (t[i] == ' ' || t[i] == ')' || t[i - 1] == '.');
}

static int
word_number(const char *low, size_t n)
{
	static const char *const words[] = {"risk ", "risiko ", "riesgo ",
	    "risco ", "debt ", "blocker ", "issue ", "td ", NULL};

	for (int k = 0; words[k] != NULL; k++) {
		size_t w = strlen(words[k]);

		if (n > w && strncmp(low, words[k], w) == 0 &&
		    low[w] >= '0' && low[w] <= '9')
			return 1;
	}
	return 0;
}

static const char *const level_emoji[] = {
	"\xF0\x9F\x94\xB4", "\xF0\x9F\x9F\xA0", "\xF0\x9F\x9F\xA1",
	"\xF0\x9F\x9F\xA2", NULL,	/* 🔴 🟠 🟡 🟢 */
};

/* Severity words as people write them in capitals or after a colon. */
#define MARK(w, l)	{w, sizeof(w) - 1, l}

static const struct {
	const char	*word;
	size_t		 len;
	enum pdb_level	 level;
} marks[] = {
	MARK("CRITICAL", PDB_LEVEL_CRITICAL),
	MARK("KRITISCH", PDB_LEVEL_CRITICAL),
	MARK("CRÍTICO", PDB_LEVEL_CRITICAL),
	MARK("CRITICO", PDB_LEVEL_CRITICAL),
	MARK("HIGH", PDB_LEVEL_HIGH), MARK("HOCH", PDB_LEVEL_HIGH),
	MARK("ALTA", PDB_LEVEL_HIGH), MARK("ALTO", PDB_LEVEL_HIGH),
	MARK("WICHTIG", PDB_LEVEL_MEDIUM), MARK("MEDIUM", PDB_LEVEL_MEDIUM),
	MARK("MITTEL", PDB_LEVEL_MEDIUM), MARK("MEDIA", PDB_LEVEL_MEDIUM),
	MARK("MEDIO", PDB_LEVEL_MEDIUM), MARK("LOW", PDB_LEVEL_LOW),
	MARK("NIEDRIG", PDB_LEVEL_LOW), MARK("BAJA", PDB_LEVEL_LOW),
	MARK("BAJO", PDB_LEVEL_LOW), MARK("BAIXA", PDB_LEVEL_LOW),
};

/* The severity a title marks with 🔴/🟠/🟡/🟢 or a level word in
 * capitals ("🔴 HIGH: ...", "... 🟡 WICHTIG", "...: ⚠️ MEDIUM"), with
 * where the mark is in *at; PDB_LEVEL_NONE when it marks none. */
static enum pdb_level
title_mark(const char *t, size_t n, struct pdb_str *at)
{
	int which;

	for (size_t i = 0; i < n; i += utf8_len(t + i, n - i)) {
		unsigned char c = (unsigned char)t[i];

		/* The colours start with 0xF0, the words with a capital
		 * after no letter or digit: other places hold no mark. */
		if (c == 0xF0 &&
		    ex_match_emoji(t + i, n - i, level_emoji, &which) > 0) {
			*at = ex_str_make(t + i, n - i);
			return ex_level_of(t + i, n - i);
		}
		if (c < 'A' || c > 'Z' ||
		    (i > 0 && ex_is_ascii_alnum((unsigned char)t[i - 1])))
			continue;
		for (size_t k = 0; k < sizeof(marks) / sizeof(*marks); k++) {
			size_t w = marks[k].len;

			if (i + w <= n && memcmp(t + i, marks[k].word, w) == 0 &&
			    (i + w == n ||
			    !ex_is_ascii_alnum((unsigned char)t[i + w]))) {
				*at = ex_str_make(t + i, n - i);
				return marks[k].level;
			}
		}
	}
	return PDB_LEVEL_NONE;
}

/* The mark alone: "🔴 HIGH: Real-Time ..." -> "🔴 HIGH", "🟡" -> "🟡". */
static struct pdb_str
mark_text(struct pdb_str at)
{
	size_t i = 0, w;

	if (at.n > 0 && (unsigned char)at.p[0] >= 0xF0) {
		i = utf8_len(at.p, at.n);
		if (at.n - i >= 3 && memcmp(at.p + i, "\xEF\xB8\x8F", 3) == 0)
			i += 3;
		while (i < at.n && at.p[i] == ' ')
			i++;
	}
	for (w = i; w < at.n && at.p[w] != ' ' && at.p[w] != ':' &&
	    at.p[w] != '(' && at.p[w] != ','; w++)
		;
	if (w > i && ex_level_of(at.p + i, w - i) == PDB_LEVEL_NONE)
		w = i;	/* an emoji alone, then the title goes on */
	return ex_str_trim(at.p, w);
}

/* A heading that is only a level: "High Priority", "🔴 Critical (blocks
 * pilots)", "Low": a bucket of entries, not an entry. */
static int
is_bucket(const char *low)
{
	static const char *const rest[] = {"priority", "severity",
	    "risks", "risk", "items", "debt", "issues", "impact",
	    "priorität", "prioridad", "prioridade", NULL};
	const char *p = low;
	size_t w;

	while (*p != '\0' && !ex_is_ascii_alnum((unsigned char)*p))
		p++;
	if (ex_level_of(p, strlen(p)) == PDB_LEVEL_NONE)
		return 0;
	w = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
	p += w;
	while (*p == ' ' || *p == '-')
		p++;
	for (int k = 0; rest[k] != NULL; k++) {
		size_t rl = strlen(rest[k]);

		if (strncmp(p, rest[k], rl) == 0 && (p[rl] == '\0' ||
		    p[rl] == ' ' || p[rl] == '(' || p[rl] == ':'))
			return 1;
	}
	return *p == '(' || *p == '\0';
}

/* A bracketed placeholder, "[Risk Name]", or nothing: not an entry. */
static int
is_placeholder(struct pdb_str t)
{
	t = ex_str_trim(t.p, t.n);
	return t.n == 0 || (t.p[0] == '[' && t.p[t.n - 1] == ']');
}

static int
is_bracketed(struct pdb_str t)
{
	t = ex_str_trim(t.p, t.n);
	return t.n > 0 && t.p[0] == '[' && t.p[t.n - 1] == ']';
}

/* The title without a leading id and its separator. */
static struct pdb_str
after_id(struct pdb_str t, size_t idn)
{
	size_t i = idn;

	while (i < t.n && (t.p[i] == ' ' || t.p[i] == ':' || t.p[i] == '-' ||
	    t.p[i] == '.' || (unsigned char)t.p[i] == 0xE2))
		i += (unsigned char)t.p[i] == 0xE2 ? utf8_len(t.p + i,
		    t.n - i) : 1;
	return ex_str_make(t.p + i, t.n - i);
}

/* ---- making entries ---- */

static struct pdb_risk_fact *
push_risk(struct pdb_xctx *x, unsigned line, enum pdb_register_source src)
{
	struct pdb_risk_fact *r = PDB_VEC_PUSH(x->f->risks);

	r->section = x->section;
	r->table = PDB_NONE;
	r->line = line;
	r->source = src;
	r->due_date = r->resolved_date = PDB_NO_DATE;
	return r;
}

static struct pdb_debt_fact *
push_debt(struct pdb_xctx *x, unsigned line, enum pdb_register_source src)
{
	struct pdb_debt_fact *d = PDB_VEC_PUSH(x->f->debts);

	d->section = x->section;
	d->table = PDB_NONE;
	d->line = line;
	d->source = src;
	d->resolved_date = PDB_NO_DATE;
	return d;
}

/*
 * Whether heading s (title lower-cased in low) is one entry of the
 * register around it: it has an id ("R-003"), names its number ("Risk
 * 4:"), sits in a severity bucket, carries a severity mark, or is
 * numbered below a chapter ("#### 1. Title"; "## 1. Scope" right under
 * the document title is a chapter).
 */
static int
entry_shaped(const struct pdb_section_fact *s,
    const struct pdb_section_fact *p, const char *low, size_t idn,
    enum pdb_level mark)
{
	int chapter = p->level < 2;

	if (!(idn > 0 || word_number(low, strlen(low)) || p->reg_bucket ||
	    mark != PDB_LEVEL_NONE || (!chapter && !s->reg_own &&
	    leading_number(s->title.p, s->title.n))))
		return 0;
	return !(idn > 0 ? is_bracketed(after_id(s->title, idn)) :
	    is_placeholder(s->title));
}

/* Stores heading s (section si) as an entry of a register of kind. */
static void
heading_entry(struct pdb_xctx *x, int32_t si, int kind, size_t idn,
    struct pdb_str at, enum pdb_level mark)
{
	const struct pdb_section_fact *s = &x->f->sections.v[si];
	struct pdb_str level = mark != PDB_LEVEL_NONE ? mark_text(at) :
	    ex_str_make(NULL, 0);
	/* Without a severity mark, a check mark or "(Resolved)" in the
	 * title is its state: "R-3 ✅". */
	struct pdb_str state = mark == PDB_LEVEL_NONE &&
	    s->status == PDB_STATE_DONE ? s->status_text : ex_str_make(NULL, 0);

	if (kind == HEAD_RISK) {
		struct pdb_risk_fact *r = push_risk(x, s->line,
		    PDB_SOURCE_HEADING);

		r->section = si;
		r->title = s->title;
		r->ext_id = ex_str_make(s->title.p, idn);
		r->severity = level;
		r->status = state;
	} else {
		struct pdb_debt_fact *d = push_debt(x, s->line,
		    PDB_SOURCE_HEADING);

		d->section = si;
		d->description = s->title;
		d->ext_id = ex_str_make(s->title.p, idn);
		d->priority = level;
		d->status = state;
	}
}

void
ex_context_heading(struct pdb_xctx *x, int32_t si)
{
	struct pdb_section_fact *s = &x->f->sections.v[si];
	const struct pdb_section_fact *p = s->parent != PDB_NONE ?
	    &x->f->sections.v[s->parent] : NULL;
	char low[512];
	struct wstarts ws;
	int own, ctx, bucket;
	struct pdb_str at = {0};
	size_t idn;
	enum pdb_level mark;

	if (p != NULL && p->reg_entry) {
		s->reg_entry = 2;	/* a part of an entry, not a register */
		return;
	}
	lower_copy(s->title.p, s->title.n, low, sizeof(low));
	bucket = is_bucket(low);
	word_starts(low, &ws);
	own = heading_names(low, &ws, bucket);
	ctx = p != NULL ? p->reg_kind : HEAD_NONE;
	s->reg_kind = own == HEAD_BREAK ? HEAD_NONE : own != HEAD_NONE ? own :
	    ctx;
	s->reg_own = own == HEAD_RISK || own == HEAD_DEBT;
	/* "Blockers" lists blockers; "Risks and blockers" lists risks. */
	s->reg_blocker = s->reg_own ? has_in(low, &ws, blocker_words) &&
	    !has_in(low, &ws, risk_nouns) : p != NULL && p->reg_blocker;
	if ((ctx != HEAD_RISK && ctx != HEAD_DEBT) || own == HEAD_BREAK)
		return;
	if (bucket) {
		s->reg_bucket = 1;	/* its sub-headings are entries */
		return;
	}
	idn = leading_id(s->title.p, s->title.n);
	mark = title_mark(s->title.p, s->title.n, &at);
	if (!entry_shaped(s, p, low, idn, mark))
		return;
	s->reg_entry = 1;
	s->reg_kind = ctx;
	s->reg_own = 0;
	heading_entry(x, si, ctx, idn, at, mark);
}

/* "None", "None currently.", "No risks", "无技术债务": the section names
 * none. */
static int
says_none(const char *t, size_t n)
{
	static const char *const none[] = {"none", "n/a", "nothing", "keine",
	    "kein", "ninguno", "ninguna", "nenhum", "nenhuma", "aucun",
	    "нет", "无", "没有", "なし", "없음", "-", "—", NULL};
	static const char *const no[] = {"no ", "keine ", "sin ", "sem ",
	    "нет ", "无", "没有", NULL};
	char low[256];
	size_t ln = lower_copy(t, n, low, sizeof(low));

	while (ln > 0 && (low[ln - 1] == '.' || low[ln - 1] == ' ' ||
	    low[ln - 1] == '!'))
		low[--ln] = '\0';
	for (int k = 0; none[k] != NULL; k++) {
		size_t w = strlen(none[k]);

		if (strncmp(low, none[k], w) == 0 && (low[w] == '\0' ||
		    (low[w] == ' ' && ln < w + 24) || low[w] == ',' ||
		    low[w] == ':' || low[w] == '('))
			return 1;
	}
	for (int k = 0; no[k] != NULL; k++)
		if (strncmp(low, no[k], strlen(no[k])) == 0 &&
		    (has_any(low, risk_words) || has_any(low, debt_words) ||
		    has_word(low, "issue") || has_word(low, "blocker")))
			return 1;
	return 0;
}

/* Source text of line (1-based), without its leading list or heading
 * marker. */
static struct pdb_str
source_line(const struct pdb_doc *doc, unsigned line)
{
	size_t a, b;

	if (line == 0 || line > doc->lines.n)
		return ex_str_make(NULL, 0);
	a = doc->lines.starts[line - 1];
	b = line < doc->lines.n ? doc->lines.starts[line] : doc->src_len;
	while (a < b && (doc->src[a] == ' ' || doc->src[a] == '\t' ||
	    doc->src[a] == '>' || doc->src[a] == '#'))
		a++;
	if (a < b && (doc->src[a] == '-' || doc->src[a] == '*' ||
	    doc->src[a] == '+'))
		a++;
	else
		while (a < b && ((doc->src[a] >= '0' && doc->src[a] <= '9') ||
		    doc->src[a] == '.' || doc->src[a] == ')'))
			a++;
	while (a < b && doc->src[a] == ' ')
		a++;
	return ex_str_make(doc->src + a, b - a);
}

/* An entry resolved by its own words: struck through, ✅ first, a
 * closing "(Resolved)", or opening with Resolved / Closed / Mitigated. */
static int
resolved_by_text(const struct pdb_doc *doc, unsigned line, const char *t,
    size_t n)
{
	struct pdb_str src = source_line(doc, line);

	if (src.n >= 2 && src.p[0] == '~' && src.p[1] == '~')
		return 1;
	if (n >= 3 && memcmp(t, "\xE2\x9C\x85", 3) == 0)	/* ✅ */
		return 1;
	/* "... (Resolved)", "... [CLOSED]" */
	for (size_t i = n; i-- > 0;)
		if (t[i] == '(' || t[i] == '[') {
			if (ex_resolved_word(t + i + 1, n - i - 1) == 1)
				return 1;
			break;
		}
	return ex_resolved_word(t, n) == 1 && n > 0 &&
	    (t[0] >= 'A' && t[0] <= 'Z');
}

/* The first line of t, or its leading bold span. */
static struct pdb_str
entry_title(const struct pdb_doc *doc, uint32_t owner, const char *t,
    size_t n)
{
	const struct pdb_node *o = &doc->nodes[owner];
	const char *nl = memchr(t, '\n', n);

	if (o->span_count > 0 && doc->spans[o->span].start == 0 &&
	    doc->spans[o->span].len > 0)
		return ex_str_trim(t, doc->spans[o->span].len);
	return ex_str_trim(t, nl != NULL ? (size_t)(nl - t) : n);
}

/* A list item that states a field ("**Mitigation:** ...") rather than an
 * entry. */
static int
is_field_item(const char *t, size_t n)
{
	static const char *const keys[] = {"mitigation", "impact", "status",
	    "owner", "severity", "priority", "probability", "likelihood",
	    "note", "notes", "action", "actions", "plan", "risiko",
	    "maßnahme", "mitigación", "impacto", "estado", NULL};

	for (int k = 0; keys[k] != NULL; k++) {
		size_t w = strlen(keys[k]);

		if (ex_starts_with_ci(t, n, keys[k]) && w < n && (t[w] == ':' ||
		    (t[w] == '*' && w + 2 < n && t[w + 2] == ':')))
			return 1;
	}
	return 0;
}

/*
 * A list right after a label paragraph that names a legend, a format,
 * criteria, mitigations, actions or notes ("Legend:", "**Mitigation:**")
 * lists those, not entries.
 */
static int
under_other_label(const struct pdb_doc *doc, uint32_t list)
{
	static const char *const labels[] = {"legend", "key", "format",
	    "field", "column", "definition", "criteria", "mitigation",
	    "action", "note", "example", "scale", "level", "categor", "pros",
	    "cons", "step", "rule", "how", "success", "maßnahme", "mitigación",
	    NULL};
	uint32_t prev = list - 1;
	size_t n;
	const char *t;
	char low[128];

	while (prev > 0 && doc->nodes[prev].parent != doc->nodes[list].parent)
		prev--;
	if (prev == 0 || doc->nodes[prev].kind != PDB_NODE_PARA)
		return 0;
	t = model_text(doc, prev, &n);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n'))
		n--;
	if (n == 0 || n > 80 || t[n - 1] != ':')
		return 0;
	lower_copy(t, n, low, sizeof(low));
	return has_any(low, labels) || has_any(low, process_words);
}

/* A top-level list item in a section whose heading names a register,
 * unless the section writes its entries as a table or as **Risk**: /
 * TD-001: blocks (then its other bullets are notes). */
int
ex_context_item(struct pdb_xctx *x, uint32_t node)
{
	const struct pdb_doc *doc = x->doc;
	const struct pdb_section_fact *s;
	uint32_t owner, list = doc->nodes[node].parent;
	unsigned line = doc->nodes[node].line;
	struct pdb_str title;
	const char *t;
	size_t n;
	int res;

	if (x->section == PDB_NONE)
		return 0;
	s = &x->f->sections.v[x->section];
	if (!s->reg_own || s->reg_entry || s->reg_explicit ||
	    list == PDB_NO_NODE ||
	    doc->nodes[list].parent == PDB_NO_NODE ||
	    doc->nodes[doc->nodes[list].parent].kind == PDB_NODE_ITEM)
		return 0;
	t = model_item_text(doc, node, &n, &owner);
	if (n == 0 || says_none(t, n) || is_field_item(t, n) ||
	    under_other_label(doc, list))
		return 0;
	title = entry_title(doc, owner, t, n);
	if (is_placeholder(title))
		return 0;
	res = resolved_by_text(doc, line, t, n);
	if (s->reg_kind == HEAD_RISK) {
		struct pdb_risk_fact *r = push_risk(x, line, s->reg_blocker ?
		    PDB_SOURCE_BLOCKER : PDB_SOURCE_LIST);

		r->title = ex_str_flatten(&x->f->arena, title.p, title.n);
		r->ext_id = ex_str_make(title.p, leading_id(title.p, title.n));
		ex_register_risk_fields(doc, node, r);
		ex_register_finish_risk(x, r);
		r->resolved |= res;
	} else {
		struct pdb_debt_fact *d = push_debt(x, line, PDB_SOURCE_LIST);

		d->description = ex_str_flatten(&x->f->arena, title.p, title.n);
		d->ext_id = ex_str_make(title.p, leading_id(title.p, title.n));
		ex_register_debt_fields(doc, node, d);
		ex_register_finish_debt(x, d);
		d->resolved |= res;
	}
	return 1;
}

/* A paragraph led by a bold id ("**TD-04** - Polling loop") in a
 * register. */
int
ex_context_para(struct pdb_xctx *x, uint32_t node)
{
	const struct pdb_doc *doc = x->doc;
	const struct pdb_node *nd = &doc->nodes[node];
	const struct pdb_section_fact *s;
	struct pdb_str id, title;
	const char *t;
	size_t n, idn;

	if (x->section == PDB_NONE || nd->span_count == 0)
		return 0;
	s = &x->f->sections.v[x->section];
	if ((s->reg_kind != HEAD_RISK && s->reg_kind != HEAD_DEBT) ||
	    s->reg_entry)
		return 0;
	t = model_text(doc, node, &n);
	if (doc->spans[nd->span].start != 0)
		return 0;
	id = ex_str_trim(t, doc->spans[nd->span].len);
	idn = leading_id(id.p, id.n);
	if (idn == 0 || idn != id.n)
		return 0;
	title = ex_str_trim(t, memchr(t, '\n', n) != NULL ?
	    (size_t)((const char *)memchr(t, '\n', n) - t) : n);
	if (is_bracketed(after_id(title, idn)))
		return 0;
	if (s->reg_kind == HEAD_RISK) {
		struct pdb_risk_fact *r = push_risk(x, nd->line,
		    PDB_SOURCE_PARAGRAPH);

		r->ext_id = id;
		r->title = ex_str_flatten(&x->f->arena, title.p, title.n);
		ex_register_finish_risk(x, r);
	} else {
		struct pdb_debt_fact *d = push_debt(x, nd->line,
		    PDB_SOURCE_PARAGRAPH);

		d->ext_id = id;
		d->description = ex_str_flatten(&x->f->arena, title.p, title.n);
		ex_register_finish_debt(x, d);
	}
	return 1;
}

int
ex_context_restates(const struct pdb_xctx *x, enum pdb_table_kind kind,
    unsigned rows)
{
	unsigned n = 0;

	if (kind == PDB_TABLE_RISK)
		for (size_t i = 0; i < x->f->risks.n; i++)
			n += x->f->risks.v[i].source == PDB_SOURCE_HEADING;
	else if (kind == PDB_TABLE_DEBT)
		for (size_t i = 0; i < x->f->debts.n; i++)
			n += x->f->debts.v[i].source == PDB_SOURCE_HEADING;
	return n > 0 && rows <= n;
}

/* ---- after the walk ---- */

/* 1 if section s is e or lies under it. */
static int
within(const struct pdb_facts *f, int32_t s, int32_t e)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent)
		if (s == e)
			return 1;
	return 0;
}

static int
key_in(struct pdb_str k, const char *const *names)
{
	char low[64];
	size_t n = lower_copy(k.p, k.n, low, sizeof(low));

	for (int i = 0; names[i] != NULL; i++)
		if (n == strlen(names[i]) && memcmp(low, names[i], n) == 0)
			return 1;
	return 0;
}

static const char *const status_keys[] = {"status", "state", "stand",
    "estado", "статус", "状态", "状態", "상태", NULL};
static const char *const severity_keys[] = {"severity", "risk level",
    "priority", "priorität", "prioridad", "prioridade", "schweregrad",
    "severidad", "приоритет", "优先级", "優先度", "우선순위", "level",
    NULL};
static const char *const impact_keys[] = {"impact", "auswirkung",
    "impacto", "影响", "影響", NULL};
static const char *const owner_keys[] = {"owner", "verantwortlich",
    "responsable", "responsável", "负责人", "担当", "담당", NULL};
static const char *const mitigation_keys[] = {"mitigation", "maßnahme",
    "mitigación", "mitigação", "mitigation plan", NULL};

/* The **Key**: value lines under a heading entry fill its fields. */
static void
heading_risk_fields(struct pdb_facts *f, struct pdb_risk_fact *r)
{
	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];

		if (m->line <= r->line || !within(f, m->section, r->section))
			continue;
		if (key_in(m->key, status_keys) && r->status.n == 0)
			r->status = m->value;
		else if (key_in(m->key, severity_keys) && r->severity.n == 0)
			r->severity = m->value;
		else if (key_in(m->key, impact_keys) && r->impact.n == 0)
			r->impact = m->value;
		else if (key_in(m->key, owner_keys) && r->owner.n == 0)
			r->owner = m->value;
		else if (key_in(m->key, mitigation_keys) &&
		    r->mitigation.n == 0)
			r->mitigation = m->value;
	}
}

static void
heading_debt_fields(struct pdb_facts *f, struct pdb_debt_fact *d)
{
	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];

		if (m->line <= d->line || !within(f, m->section, d->section))
			continue;
		if (key_in(m->key, status_keys) && d->status.n == 0)
			d->status = m->value;
		else if (key_in(m->key, severity_keys) && d->priority.n == 0)
			d->priority = m->value;
		else if (key_in(m->key, impact_keys) && d->impact.n == 0)
			d->impact = m->value;
		else if (key_in(m->key, owner_keys) && d->owner.n == 0)
			d->owner = m->value;
	}
}

/* The level of the nearest bucket heading above s ("### High Priority"),
 * as written. */
static struct pdb_str
bucket_level(const struct pdb_facts *f, int32_t s)
{
	for (; s != PDB_NONE; s = f->sections.v[s].parent) {
		const struct pdb_section_fact *sec = &f->sections.v[s];
		char low[256];

		lower_copy(sec->title.p, sec->title.n, low, sizeof(low));
		if (is_bucket(low))
			return sec->title;
		if (sec->reg_own)
			break;
	}
	return ex_str_make(NULL, 0);
}

/* Two entries with the same id are one: the first written. */
static int
same_id(struct pdb_str a, struct pdb_str b)
{
	if (a.n == 0 || a.n != b.n)
		return 0;
	for (size_t i = 0; i < a.n; i++)
		if ((a.p[i] | 0x20) != (b.p[i] | 0x20))
			return 0;
	return 1;
}

/* Fields, severity and state of the risks; one entry per id. */
static void
finish_risks(struct pdb_xctx *x)
{
	struct pdb_facts *f = x->f;
	size_t o = 0;

	for (size_t i = 0; i < f->risks.n; i++) {
		struct pdb_risk_fact *r = &f->risks.v[i];
		int dup = 0;

		for (size_t j = 0; r->source != PDB_SOURCE_TABLE &&
		    r->ext_id.n > 0 && j < o && !dup; j++)
			dup = same_id(f->risks.v[j].ext_id, r->ext_id);
		if (dup)
			continue;
		if (r->source == PDB_SOURCE_HEADING) {
			heading_risk_fields(f, r);
			if (r->severity.n == 0)
				r->severity = bucket_level(f, r->section);
			ex_register_finish_risk(x, r);
			r->resolved |= resolved_by_text(x->doc, r->line,
			    r->title.p, r->title.n);
		} else if (r->source == PDB_SOURCE_PARAGRAPH &&
		    r->severity.n == 0) {
			r->severity = bucket_level(f, r->section);
			r->severity_level = ex_level_of(r->severity.p,
			    r->severity.n);
		}
		f->risks.v[o++] = *r;
	}
	f->risks.n = o;
}

static void
finish_debts(struct pdb_xctx *x)
{
	struct pdb_facts *f = x->f;
	size_t o = 0;

	for (size_t i = 0; i < f->debts.n; i++) {
		struct pdb_debt_fact *d = &f->debts.v[i];
		int dup = 0;

		for (size_t j = 0; d->source != PDB_SOURCE_TABLE &&
		    d->ext_id.n > 0 && j < o && !dup; j++)
			dup = same_id(f->debts.v[j].ext_id, d->ext_id);
		if (dup)
			continue;
		if (d->source == PDB_SOURCE_HEADING) {
			heading_debt_fields(f, d);
			if (d->priority.n == 0)
				d->priority = bucket_level(f, d->section);
			ex_register_finish_debt(x, d);
			d->resolved |= resolved_by_text(x->doc, d->line,
			    d->description.p, d->description.n);
		} else if (d->source == PDB_SOURCE_PARAGRAPH &&
		    d->priority.n == 0) {
			d->priority = bucket_level(f, d->section);
			d->priority_level = ex_level_of(d->priority.p,
			    d->priority.n);
		}
		f->debts.v[o++] = *d;
	}
	f->debts.n = o;
}

void
ex_context_finish(struct pdb_xctx *x)
{
	finish_risks(x);
	finish_debts(x);
}
