/*
 * extract_claims.c - what documents say about their own progress, kept so
 * it can be checked against what they contain:
 *
 *   **Progress**: 7/9 items (78%)          progress of the section
 *   Milestone 5.1: 12/20 items - 60% complete
 *   ## Phase 2 [3/5]     ## Phase 2 [60%]  a heading's cookie
 *   **Status**: Complete                   a declared status
 *   Current Coverage: 45% → Target: 80%+   coverage with a target
 *   - 🔴 `src/main.py` - 0%                one module's coverage
 *   199/199 tests passing, 11/11 passing, 25 tests pass
 *   | Operation | Baseline | Current | Target | Status |   metric rows
 *
 * A claim names its subject: the label before the colon, else the section
 * it sits in ("Progress" and "Status" alone name nothing).
 */
#include "extract_int.h"

#include <stdlib.h>

#include "progdb/words.h"
#include "progdb/xmem.h"

static const char *const generic_labels[] = {"progress", "status",
    "overall", "completion", "overall progress", "total", "result",
    "results", "tests", "test results", NULL};

static const char *const rating_emoji[] = {
	"\xF0\x9F\x94\xB4",	/* 🔴 */
	"\xF0\x9F\x9F\xA0",	/* 🟠 */
	"\xF0\x9F\x9F\xA1",	/* 🟡 */
	"\xF0\x9F\x9F\xA2",	/* 🟢 */
	"\xE2\x9A\xA0",		/* ⚠ */
	"\xE2\x9C\x85",		/* ✅ */
	"\xE2\x9D\x8C",		/* ❌ */
	NULL
};

/*
 * A claim keeps at most this much of its line: a line holding thousands of
 * claims must not store itself thousands of times over.
 */
#define CLAIM_TEXT_MAX	512

/* The line ex_claims_from_line() reads. */
struct cline {
	const char	*t;
	size_t		 n;
	unsigned	 line;
	size_t		 colon;		/* offset of its first ':', or n */
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads an unsigned integer at t[*i], at most 9 digits. */
static int
read_int(const char *t, size_t n, size_t *i, int64_t *v)
{
	size_t s = *i;

	*v = 0;
	while (*i < n && is_digit(t[*i]) && *i - s < 9)
		*v = *v * 10 + (t[(*i)++] - '0');
	return *i > s && (*i == n || !is_digit(t[*i]));
}

/* 1 if t holds an ASCII digit; 8 bytes at a time. */
static int
has_digit(const char *t, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8)
		if (word_has_digit(word_at(t + i)))
			return 1;
	for (; i < n; i++)
		if (is_digit(t[i]))
			return 1;
	return 0;
}

/* "45", "45.5" followed by '%' at t[*i]; returns 1 and the value. */
static int
read_percent(const char *t, size_t n, size_t *i, double *v)
{
	size_t j = *i;
	double frac = 0, scale = 1;
	int64_t whole;

	if (!read_int(t, n, &j, &whole)) {
		if (j >= n || t[j] != '.')
			return 0;
	}
	if (j < n && t[j] == '.') {
		for (j++; j < n && is_digit(t[j]); j++) {
			scale /= 10;
			frac += (t[j] - '0') * scale;
		}
	}
	if (j >= n || t[j] != '%')
		return 0;
	*v = (double)whole + frac;
	*i = j + 1;
	return 1;
}

/* Does a word from words start at t[i] (after spaces)? */
static int
word_follows(const char *t, size_t n, size_t i, const char *const *words)
{
	i += ex_skip_spaces(t + i, n - i);
	for (int k = 0; words[k] != NULL; k++)
		if (ex_starts_with_ci(t + i, n - i, words[k]))
			return 1;
	return 0;
}

static struct pdb_str
section_subject(const struct pdb_xctx *x)
{
	if (x->section != PDB_NONE)
		return x->f->sections.v[x->section].norm_title;
	return x->f->title;
}

/* The label before the line's first colon (when that is before offset
 * before), unless generic or too long. */
static struct pdb_str
subject_of(const struct pdb_xctx *x, const struct cline *l, size_t before)
{
	struct pdb_str label;

	if (l->colon >= before)
		return section_subject(x);
	label = ex_str_trim(l->t, l->colon);
	for (int k = 0; generic_labels[k] != NULL; k++)
		if (strlen(generic_labels[k]) == label.n &&
		    ex_starts_with_ci(label.p, label.n, generic_labels[k]))
			return section_subject(x);
	return label.n > 0 && label.n <= 80 ? label : section_subject(x);
}

/* "Progress: 1/3": a line labelled as progress needs no "items" word. */
static int
labelled_progress(const struct cline *l, size_t before)
{
	static const char *const labels[] = {"progress", "overall progress",
	    "completion", "done", "completed", NULL};
	struct pdb_str label;

	if (l->colon >= before)
		return 0;
	label = ex_str_trim(l->t, l->colon);
	for (int k = 0; labels[k] != NULL; k++)
		if (strlen(labels[k]) == label.n &&
		    ex_starts_with_ci(label.p, label.n, labels[k]))
			return 1;
	return 0;
}

/* s cut to at most max bytes, at the start of a character. */
static struct pdb_str
str_cut(struct pdb_str s, size_t max)
{
	if (s.n <= max)
		return s;
	s.n = max;
	while (s.n > 0 && ((unsigned char)s.p[s.n] & 0xC0) == 0x80)
		s.n--;
	return s;
}

static struct pdb_claim_fact *
new_claim(struct pdb_xctx *x, enum pdb_claim_kind kind, unsigned line,
    const char *t, size_t n)
{
	struct pdb_claim_fact *c = PDB_VEC_PUSH(x->f->claims);
	struct pdb_str text = str_cut(ex_str_trim(t, n), CLAIM_TEXT_MAX);

	c->section = x->section;
	c->line = line;
	c->kind = kind;
	c->done = c->total = PDB_NO_NUMBER;
	c->percent = c->target = PDB_NO_PERCENT;
	c->state = -1;
	c->text = ex_str_flatten(&x->f->arena, text.p, text.n);
	return c;
}

static struct pdb_claim_fact *
line_claim(struct pdb_xctx *x, enum pdb_claim_kind kind,
    const struct cline *l)
{
	return new_claim(x, kind, l->line, l->t, l->n);
}

/* "Coverage: 45% → Target: 80%+". */
static int
coverage_claim(struct pdb_xctx *x, const struct cline *l)
{
	const char *t = l->t;
	size_t n = l->n;
	size_t at = ex_find_ci(t, n, "coverage"), i, tg;
	double pct, target;
	struct pdb_claim_fact *c;

	if (at == n)
		return 0;
	for (i = at; i < n; i++)
		if (is_digit(t[i]) && (i == 0 || !is_digit(t[i - 1])) &&
		    read_percent(t, n, &(size_t){i}, &pct))
			break;
	if (i == n)
		return 0;
	c = line_claim(x, PDB_CLAIM_COVERAGE, l);
	c->subject = subject_of(x, l, i);
	if (c->subject.n == 0 || c->subject.p == x->f->title.p)
		c->subject = ex_str_make("coverage", 8);
	c->percent = pct;
	tg = ex_find_ci(t + i, n - i, "target");
	for (size_t j = i + tg; j < n; j++)
		if (is_digit(t[j]) && read_percent(t, n, &(size_t){j}, &target)) {
			c->target = target;
			break;
		}
	return 1;
}

/* "🔴 `src/main.py` - 0% (121 lines)": one line of a coverage list. */
static int
rated_percent_claim(struct pdb_xctx *x, const struct cline *l)
{
	const char *t = l->t;
	size_t n = l->n;
	int which;
	size_t m = ex_match_emoji(t, n, rating_emoji, &which), dash, i;
	struct pdb_claim_fact *c;
	double pct;

	for (dash = n; dash > m + 2; dash--)
		if (t[dash - 3] == ' ' && t[dash - 2] == '-' &&
		    t[dash - 1] == ' ')
			break;
	if (dash <= m + 2)
		return 0;
	i = dash;
	if (!read_percent(t, n, &i, &pct))
		return 0;
	i += ex_skip_spaces(t + i, n - i);
	if (i < n && t[i] != '(')
		return 0;
	c = line_claim(x, PDB_CLAIM_COVERAGE, l);
	c->subject = ex_str_trim(t + m, dash - 3 - m);
	c->percent = pct;
	if (m > 0)
		c->status = ex_str_make(t, m);
	return 1;
}

static const char *const test_words[] = {"test", "passing", "pass",
    "passed", NULL};
static const char *const progress_words[] = {"item", "task", "done",
    "complete", "checked", "step", "subtask", NULL};

/* The percent that follows: " (78%)", " - 60% complete". */
static int
percent_after(const char *t, size_t n, size_t i, double *pct)
{
	for (size_t j = i; j < n && j < i + 24; j++)
		if (is_digit(t[j]) && !is_digit(t[j - 1]) &&
		    read_percent(t, n, &(size_t){j}, pct))
			return 1;
	return 0;
}

/* "X/Y" claims: tests, or progress. */
static void
fraction_claims(struct pdb_xctx *x, const struct cline *l)
{
	const char *t = l->t;
	size_t n = l->n;

	for (size_t i = 0; i < n; i++) {
		size_t j = i, k;
		int64_t a, b;
		struct pdb_claim_fact *c;
		enum pdb_claim_kind kind;
		double pct = PDB_NO_PERCENT;

		if (!is_digit(t[i]) || (i > 0 && (is_digit(t[i - 1]) ||
		    t[i - 1] == '/' || t[i - 1] == '.')) ||
		    !read_int(t, n, &j, &a) || j >= n || t[j] != '/')
			continue;
		k = j + 1;
		if (!read_int(t, n, &k, &b) || b == 0 || a > b ||
		    (k < n && (t[k] == '/' || ex_is_ascii_alnum(
		    (unsigned char)t[k]))))
			continue;
		if (word_follows(t, n, k, test_words))
			kind = PDB_CLAIM_TESTS;
		else if (word_follows(t, n, k, progress_words) ||
		    percent_after(t, n, k, &pct) || labelled_progress(l, i))
			kind = PDB_CLAIM_PROGRESS;
		else
			continue;
		c = line_claim(x, kind, l);
		c->subject = subject_of(x, l, i);
		c->done = a;
		c->total = b;
		if (kind == PDB_CLAIM_PROGRESS && pct == PDB_NO_PERCENT)
			percent_after(t, n, k, &pct);
		c->percent = pct;
		i = k;
	}
}

/* "25 tests pass", "199 tests passing" (no fraction). */
static void
count_claims(struct pdb_xctx *x, const struct cline *l)
{
	const char *t = l->t;
	size_t n = l->n;
	static const char *const pass[] = {"pass", NULL};

	for (size_t i = 0; i < n; i++) {
		size_t j = i, w;
		int64_t a;
		struct pdb_claim_fact *c;

		if (!is_digit(t[i]) || (i > 0 && (is_digit(t[i - 1]) ||
		    t[i - 1] == '/')) || !read_int(t, n, &j, &a) ||
		    (j < n && t[j] == '/'))
			continue;
		w = j + ex_skip_spaces(t + j, n - j);
		if (!ex_starts_with_ci(t + w, n - w, "test"))
			continue;
		w += 4;
		if (w < n && t[w] == 's')
			w++;
		if (!word_follows(t, n, w, pass))
			continue;
		c = line_claim(x, PDB_CLAIM_TESTS, l);
		c->subject = subject_of(x, l, i);
		c->done = a;
		i = j;
	}
}

/* "60% complete" without a fraction. */
static void
percent_claims(struct pdb_xctx *x, const struct cline *l, size_t first)
{
	const char *t = l->t;
	size_t n = l->n;
	static const char *const words[] = {"complete", "done", NULL};

	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		double pct;
		struct pdb_claim_fact *c;

		if (!is_digit(t[i]) || (i > 0 && is_digit(t[i - 1])) ||
		    !read_percent(t, n, &j, &pct) || !word_follows(t, n, j,
		    words))
			continue;
		/* Already part of an X/Y claim on this line. */
		if (x->f->claims.n > first)
			return;
		c = line_claim(x, PDB_CLAIM_PROGRESS, l);
		c->subject = subject_of(x, l, i);
		c->percent = pct;
		return;
	}
}

void
ex_claims_from_line(struct pdb_xctx *x, const char *t, size_t n, unsigned line)
{
	size_t first = x->f->claims.n;
	const char *colon;
	struct cline l = {.t = t, .n = n, .line = line};
	int pct = memchr(t, '%', n) != NULL, slash;

	/* Every claim holds a '%' or a digit, and a '%', a '/' or "test";
	 * a percentage holds a '%', a fraction a '/'. */
	if (!pct && !has_digit(t, n))
		return;
	slash = memchr(t, '/', n) != NULL;
	if (!pct && !slash && ex_find_ci(t, n, "test") == n)
		return;
	colon = memchr(t, ':', n);
	l.colon = colon != NULL ? (size_t)(colon - t) : n;
	if (pct && (coverage_claim(x, &l) || rated_percent_claim(x, &l)))
		return;
	if (slash)
		fraction_claims(x, &l);
	count_claims(x, &l);
	if (pct)
		percent_claims(x, &l, first);
}

/* 1 if " Complete)" or " done)" follows t[j]: "(85% Complete)". */
static int
done_word_closes(const char *t, size_t n, size_t j)
{
	static const char *const words[] = {" complete)", " completed)",
	    " done)", NULL};

	for (int k = 0; words[k] != NULL; k++)
		if (ex_starts_with_ci(t + j, n - j, words[k]))
			return 1;
	return 0;
}

/* A [3/5] or [60%] cookie, or a "(85% Complete)", in a heading. */
void
ex_claims_from_heading(struct pdb_xctx *x, int32_t s)
{
	struct pdb_section_fact *sec = &x->f->sections.v[s];
	const char *t = sec->title.p;
	size_t n = sec->title.n;

	for (size_t i = 0; i + 2 < n; i++) {
		size_t j = i + 1, k;
		int64_t a, b;
		double pct;
		struct pdb_claim_fact *c;

		if ((t[i] != '[' && t[i] != '(') || !is_digit(t[j]))
			continue;
		if (t[i] == '[' && read_int(t, n, &j, &a) && j < n &&
		    t[j] == '/') {
			k = j + 1;
			if (!read_int(t, n, &k, &b) || k >= n || t[k] != ']' ||
			    b == 0 || a > b)
				continue;
			c = new_claim(x, PDB_CLAIM_PROGRESS, sec->line, t, n);
			c->done = a;
			c->total = b;
		} else if (j = i + 1, read_percent(t, n, &j, &pct) && j < n &&
		    (t[j] == ']' || (t[i] == '(' &&
		    done_word_closes(t, n, j)))) {
			c = new_claim(x, PDB_CLAIM_PROGRESS, sec->line, t, n);
			c->percent = pct;
		} else {
			continue;
		}
		c->section = s;
		c->subject = sec->norm_title;
	}
}

static double
number_or_percent(struct pdb_str v)
{
	for (size_t i = 0; i < v.n; i++) {
		size_t j = i;
		double pct;
		int64_t whole;

		if (!is_digit(v.p[i]))
			continue;
		if (read_percent(v.p, v.n, &j, &pct))
			return pct;
		j = i;
		if (read_int(v.p, v.n, &j, &whole))
			return (double)whole;
		return PDB_NO_PERCENT;
	}
	return PDB_NO_PERCENT;
}

void
ex_claim_from_metric_row(struct pdb_xctx *x, int32_t t, unsigned r,
    const int *roles)
{
	const struct pdb_table_fact *tb = &x->f->tables.v[t];
	struct pdb_str *row = tb->cells + r * tb->ncols;
	struct pdb_claim_fact *c;
	int cur = ex_table_column(x->f, t, roles, EX_COL_CURRENT);
	int tgt = ex_table_column(x->f, t, roles, EX_COL_TARGET);
	int st = ex_table_column(x->f, t, roles, EX_COL_STATUS);
	size_t j = 0;
	double pct;

	if (cur < 0)
		cur = ex_table_column(x->f, t, roles, EX_COL_ACTUAL);
	/* A table of counts ("Category | Count") claims nothing to check. */
	if (row[0].n == 0 || (cur < 0 && tgt < 0 && st < 0))
		return;
	c = new_claim(x, PDB_CLAIM_METRIC, tb->row_lines[r], row[0].p,
	    row[0].n);
	c->subject = row[0];
	if (cur >= 0) {
		c->value = row[cur];
		if (read_percent(row[cur].p, row[cur].n, &j, &pct))
			c->percent = pct;
	}
	if (tgt >= 0)
		c->target = number_or_percent(row[tgt]);
	if (st >= 0) {
		c->status = row[st];
		c->state = ex_status_of_value(row[st].p, row[st].n);
	}
}

static int
cmp_claims(const void *a, const void *b)
{
	const struct pdb_claim_fact *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

/* A claim names the section it sits in ("Progress: 3/5" under it, a
 * [3/5] cookie in its heading), not another milestone. */
static int
is_about(const struct pdb_claim_fact *c, const struct pdb_section_fact *s)
{
	return c->subject.n == s->norm_title.n &&
	    memcmp(c->subject.p, s->norm_title.p, c->subject.n) == 0;
}

/* A progress claim that the section's items (its whole subtree, when it
 * has any) belie: another x/y, or a percent more than a point off. */
static int
claim_differs(const struct pdb_claim_fact *c,
    const struct pdb_section_fact *s)
{
	if (s->subtree_total == 0)
		return 0;
	if (c->total != PDB_NO_NUMBER)
		return c->done != (int64_t)s->subtree_done ||
		    c->total != (int64_t)s->subtree_total;
	if (c->percent == PDB_NO_PERCENT)
		return 0;
	double diff = c->percent - 100.0 * s->subtree_done / s->subtree_total;

	return diff > 1.0 || diff < -1.0;
}

/*
 * What each section declares of itself: its heading's status, else its
 * first **Status** claim, else (as text only) its first progress claim
 * about itself;
 * and whether it disagrees with its items: declared done with items open,
 * declared not started with items done, or a progress claim that differs.
 * Claims are in line order.
 */
static void
declare_sections(struct pdb_facts *f)
{
	int32_t *status = xreallocarray(NULL, f->sections.n + 1,
	    sizeof(*status));
	int32_t *progress = xreallocarray(NULL, f->sections.n + 1,
	    sizeof(*progress));

	for (size_t i = 0; i < f->sections.n; i++)
		status[i] = progress[i] = -1;
	for (size_t i = 0; i < f->claims.n; i++) {
		const struct pdb_claim_fact *c = &f->claims.v[i];

		if (c->section == PDB_NONE)
			continue;
		if (c->kind == PDB_CLAIM_STATUS && status[c->section] < 0)
			status[c->section] = (int32_t)i;
		if (c->kind == PDB_CLAIM_PROGRESS &&
		    is_about(c, &f->sections.v[c->section])) {
			if (progress[c->section] < 0)
				progress[c->section] = (int32_t)i;
			f->sections.v[c->section].disagrees |=
			    claim_differs(c, &f->sections.v[c->section]);
		}
	}
	for (size_t i = 0; i < f->sections.n; i++) {
		struct pdb_section_fact *s = &f->sections.v[i];
		const struct pdb_claim_fact *st = status[i] >= 0 ?
		    &f->claims.v[status[i]] : NULL;

		s->declared_state = s->status >= 0 ? s->status :
		    st != NULL ? st->state : -1;
		s->declared = s->status_text.n > 0 ? s->status_text :
		    st != NULL ? st->status : progress[i] >= 0 ?
		    f->claims.v[progress[i]].text : (struct pdb_str){0};
		s->disagrees |= (s->declared_state == PDB_STATE_DONE &&
		    s->subtree_done < s->subtree_total) ||
		    (s->declared_state == PDB_STATE_NOT_STARTED &&
		    s->subtree_done > 0);
	}
	free(status);
	free(progress);
}

void
ex_claims_finish(struct pdb_facts *f)
{
	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];
		struct pdb_claim_fact *c;

		if (m->key.n != 6 || !ex_starts_with_ci(m->key.p, 6,
		    "status") || m->value.n == 0)
			continue;
		c = PDB_VEC_PUSH(f->claims);
		c->section = m->section;
		c->line = m->line;
		c->kind = PDB_CLAIM_STATUS;
		c->subject = m->section != PDB_NONE ?
		    f->sections.v[m->section].norm_title : f->title;
		c->done = c->total = PDB_NO_NUMBER;
		c->percent = c->target = PDB_NO_PERCENT;
		c->status = m->value;
		c->state = ex_status_of_value(m->value.p, m->value.n);
		c->text = m->value;
	}
	/* Before the title was known (no H1), claims named nothing. */
	for (size_t i = 0; i < f->claims.n; i++)
		if (f->claims.v[i].subject.n == 0)
			f->claims.v[i].subject = f->title;
	if (f->claims.n > 1)
		qsort(f->claims.v, f->claims.n, sizeof(*f->claims.v),
		    cmp_claims);
	declare_sections(f);
}
