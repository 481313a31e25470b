/*
 * extract_log.c - dated log entries, and the date every section, item and
 * risk inherits from the log entry it sits under.
 *
 * A log entry is a heading that carries a date (## 2025-11-20 - Milestone
 * 5.1 - Cache layer, ### Research Phase (2025-09-01), ## Week of
 * 2025-11-17 - Weekly Summary), a heading followed by a **Date**: field,
 * or a list item that starts with a date.  A date after "due", "target",
 * "deadline" or "ETA" is a plan, not a log.  Placeholder dates never
 * match (date.h).
 */
#include "extract_int.h"

#include <stdlib.h>

#include "progdb/date.h"

static const char *const plan_words[] = {"due", "deadline", "target",
    "eta", "by", "until", NULL};

/* 1 if the date at t[at] follows a word that makes it a plan. */
static int
is_planned(const char *t, size_t at)
{
	size_t e = at, w;

	while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == ':' || t[e - 1] == '('))
		e--;
	for (w = e; w > 0 && ((t[w - 1] | 0x20) >= 'a' &&
	    (t[w - 1] | 0x20) <= 'z'); w--)
		;
	for (int i = 0; plan_words[i] != NULL; i++)
		if (strlen(plan_words[i]) == e - w &&
		    ex_starts_with_ci(t + w, e - w, plan_words[i]))
			return 1;
	return 0;
}

static int
is_separator(const char *t, size_t n, size_t i, size_t *len)
{
	static const char *const seps[] = {" - ", " \xE2\x80\x93 ",
	    " \xE2\x80\x94 ", " | ", ": ", NULL};

	for (int k = 0; seps[k] != NULL; k++) {
		size_t m = strlen(seps[k]);

		if (i + m <= n && memcmp(t + i, seps[k], m) == 0) {
			*len = m;
			return 1;
		}
	}
	return 0;
}

/*
 * A log entry's title: the heading without its date when the date opens
 * it ("2025-11-20 - Milestone 5.1 - Cache layer") or closes it ("Research
 * Phase (2025-09-01)"); as written when the date sits inside ("Week of
 * 2025-11-17 - Weekly Summary").
 */
static struct pdb_str
title_around(struct pdb_str t, size_t start, size_t end)
{
	struct pdb_str before = ex_str_trim(t.p, start);
	struct pdb_str after = ex_str_trim(t.p + end, t.n - end);

	if (before.n == 0) {
		for (;;) {
			if (after.n > 0 && strchr("-:|,", after.p[0]) != NULL)
				after = ex_str_trim(after.p + 1, after.n - 1);
			else if (after.n >= 3 && (memcmp(after.p,
			    "\xE2\x80\x93", 3) == 0 || memcmp(after.p,
			    "\xE2\x80\x94", 3) == 0))
				after = ex_str_trim(after.p + 3, after.n - 3);
			else
				return after;
		}
	}
	if (after.n == 0 || (after.n == 1 && after.p[0] == ')' &&
	    before.p[before.n - 1] == '(')) {
		if (after.n == 1)
			before = ex_str_trim(before.p, before.n - 1);
		while (before.n > 0 && strchr("-:|,", before.p[before.n - 1]))
			before = ex_str_trim(before.p, before.n - 1);
		return before;
	}
	return t;
}

/*
 * In "Milestone 5.1 - Cache layer": what follows the milestone part.
 * milestone is NUL-terminated (extract.c makes it with arena_strndup).
 */
static struct pdb_str
component_of(struct pdb_str title, struct pdb_str milestone)
{
	size_t at, len;

	if (milestone.n == 0 ||
	    (at = ex_find_ci(title.p, title.n, milestone.p)) == title.n)
		return ex_str_make(NULL, 0);
	for (size_t i = at + milestone.n; i < title.n; i++)
		if (is_separator(title.p, title.n, i, &len))
			return ex_str_trim(title.p + i + len,
			    title.n - i - len);
	return ex_str_make(NULL, 0);
}

static void
add_entry(struct pdb_facts *f, int32_t section, unsigned line, int32_t date,
    struct pdb_str title, enum pdb_log_source source)
{
	struct pdb_log_fact *l = PDB_VEC_PUSH(f->logs);
	struct pdb_str ms = section != PDB_NONE && source != PDB_LOG_ITEM ?
	    f->sections.v[section].milestone : ex_str_make(NULL, 0);

	l->section = section;
	l->line = line;
	l->date = date;
	l->source = source;
	l->title = title;
	l->weekly = ex_starts_with_ci(title.p, title.n, "week of") ||
	    ex_find_ci(title.p, title.n, "weekly") < title.n;
	l->milestone = ms;
	l->component = component_of(title, ms);
}

void
ex_log_from_heading(struct pdb_xctx *x, int32_t s)
{
	struct pdb_section_fact *sec = &x->f->sections.v[s];
	struct pdb_date_match m;

	if (!date_find(sec->title.p, sec->title.n, &m) ||
	    is_planned(sec->title.p, m.start) || m.days <= INT32_MIN ||
	    m.days > INT32_MAX)
		return;
	sec->date = (int32_t)m.days;
	add_entry(x->f, s, sec->line, sec->date, title_around(sec->title,
	    m.start, m.end), PDB_LOG_HEADING);
}

int
ex_log_from_item(struct pdb_xctx *x, uint32_t node)
{
	struct pdb_date_match m;
	uint32_t owner;
	size_t n;
	const char *t = model_item_text(x->doc, node, &n, &owner);
	struct pdb_str flat;

	if (x->doc->nodes[node].task_mark != 0 ||
	    !date_find_at_start(t, n, &m) || m.days <= INT32_MIN ||
	    m.days > INT32_MAX)
		return 0;
	flat = ex_str_flatten(&x->f->arena, t, n);
	add_entry(x->f, x->section, x->doc->nodes[node].line, (int32_t)m.days,
	    title_around(flat, m.start, m.end), PDB_LOG_ITEM);
	return 1;
}

static int
cmp_logs(const void *a, const void *b)
{
	const struct pdb_log_fact *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

void
ex_log_finish(struct pdb_facts *f)
{
	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];
		struct pdb_section_fact *sec;

		if (m->section == PDB_NONE || m->source == PDB_META_FRONT ||
		    m->date == PDB_NO_DATE || m->key.n != 4 ||
		    !ex_starts_with_ci(m->key.p, m->key.n, "date"))
			continue;
		sec = &f->sections.v[m->section];
		if (sec->date != PDB_NO_DATE)
			continue;
		sec->date = m->date;
		add_entry(f, m->section, sec->line, m->date, sec->title,
		    PDB_LOG_FIELD);
	}
	for (size_t s = 0; s < f->sections.n; s++) {
		struct pdb_section_fact *sec = &f->sections.v[s];

		sec->context_date = sec->date != PDB_NO_DATE ? sec->date :
		    sec->parent != PDB_NONE ?
		    f->sections.v[sec->parent].context_date : PDB_NO_DATE;
	}
	for (size_t i = 0; i < f->items.n; i++) {
		int32_t s = f->items.v[i].section;

		f->items.v[i].context_date = s != PDB_NONE ?
		    f->sections.v[s].context_date : PDB_NO_DATE;
	}
	if (f->logs.n > 1)
		qsort(f->logs.v, f->logs.n, sizeof(*f->logs.v), cmp_logs);
}
