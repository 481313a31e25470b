/*
 * extract_template.c - telling templates from real documents.
 *
 * A template is made of placeholders: [SCENARIO_NAME], [YYYY-MM-DD],
 * [Date], {object_name}, [X/Y items], [Brief description of ...].  Fenced
 * Markdown examples count too (a guide whose templates sit in code fences
 * is a template), but braces only in prose, since code is full of them.
 * Ordinary bracketed text ([P] tags, [1] references, [ALTA]) is not a
 * placeholder.  Front matter `template: true|false` has the last word.
 */
#include "extract_int.h"

#include <stdio.h>

#include "progdb/hash.h"
#include "progdb/words.h"

#define MIN_DISTINCT		3	/* different placeholders */
#define MIN_EVIDENCE		6	/* prose + code / CODE_WEIGHT */
#define MIN_EVIDENCE_DONE	8	/* in prose, with items ticked */
#define CODE_WEIGHT		4
/* Room for a reason: its fixed words (82 bytes), three numbers of up to
 * 10 digits and ts->first (63 bytes at most), so nothing is ever cut. */
#define REASON_CAP		192

static const char *const placeholder_words[] = {
	"name", "role", "date", "owner", "description", "objective",
	"details", "title", "version", "number", "percentage", "filename",
	"category", "component", "milestone", "team", "project", "link",
	"url", "email", "value", "summary", "comments", "notes", "reason",
	"status", "time", "duration", "impact", "mitigation", "item", NULL
};

static int
is_placeholder_word(const char *c, size_t n)
{
	for (int i = 0; placeholder_words[i] != NULL; i++)
		if (strlen(placeholder_words[i]) == n &&
		    ex_starts_with_ci(c, n, placeholder_words[i]))
			return 1;
	return 0;
}

struct shape {
	size_t	upper, lower, digit, under, space, slash, other;
};

static struct shape
shape_of(const char *c, size_t n)
{
	struct shape s = {0};

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)c[i];

		if (ch >= 'A' && ch <= 'Z')
			s.upper++;
		else if (ch >= 'a' && ch <= 'z')
			s.lower++;
		else if (ch >= '0' && ch <= '9')
			s.digit++;
		else if (ch == '_')
			s.under++;
		else if (ch == ' ')
			s.space++;
		else if (ch == '/')
			s.slash++;
		else if (ch != '-' && ch != '.')
			s.other++;
	}
	return s;
}

/*
 * Words of another script in brackets, "[프로젝트명]", "[Phase 이름]": a
 * phrase (spaces, or four characters or more, no digits), not a short
 * tag like "[重要]".
 */
static int
wide_placeholder(const char *c, size_t n, const struct shape *s)
{
	size_t chars = 0, wide = 0;

	if (s->digit > 0)
		return 0;
	for (size_t i = 0; i < n; i += utf8_len(c + i, n - i)) {
		unsigned char ch = (unsigned char)c[i];

		chars++;
		if (ch >= 0xC0)
			wide++;
		else if (ch >= 0x80 || (ch != ' ' && !ex_is_ascii_alnum(ch)))
			return 0;
	}
	return wide > 0 && (s->space > 0 || chars >= 4);
}

/* The text between [ and ] names something to fill in. */
static int
bracket_placeholder(const char *c, size_t n)
{
	struct shape s;

	if (n < 2 || n > 80)
		return 0;
	if (ex_find_ci(c, n, "yyyy") < n || ex_find_ci(c, n, "x/y") < n ||
	    ex_find_ci(c, n, "x.y") < n)
		return 1;
	s = shape_of(c, n);
	if (s.under > 0 && s.other == 0 && s.upper + s.lower > 0)
		return 1;
	if (wide_placeholder(c, n, &s))
		return 1;
	if (is_placeholder_word(c, n))
		return 1;
	if (s.lower == 0 && s.upper >= 2 && (s.slash > 0 || s.space > 0) &&
	    s.other == 0)
		return 1;
	if (c[0] >= 'A' && c[0] <= 'Z' && s.digit == 0 && s.other == 0 &&
	    (s.space >= 2 || s.slash >= 2))
		return 1;
	/* Two Title Case words: [Component Name], [Start Date]. */
	if (s.space == 1 && s.upper == 2 && s.digit == 0 && s.other == 0 &&
	    c[0] >= 'A' && c[0] <= 'Z') {
		const char *sp = memchr(c, ' ', n);

		return sp[1] >= 'A' && sp[1] <= 'Z';
	}
	return 0;
}

static int
brace_placeholder(const char *c, size_t n)
{
	struct shape s;

	if (n < 3 || n > 40 || c[0] < 'a' || c[0] > 'z')
		return 0;
	s = shape_of(c, n);
	return s.upper == 0 && s.space == 0 && s.other == 0 &&
	    s.slash == 0 && (s.under > 0 || is_placeholder_word(c, n));
}

static int	in_template_section(const struct pdb_facts *f,
		    int32_t section);

static void
found(struct pdb_template_scan *ts, const char *p, size_t n, int in_code,
    unsigned line)
{
	uint64_t h = hash_bytes(p, n, 0);
	unsigned k;

	if (!in_code && ts->embedded < 0)
		ts->embedded = in_template_section(ts->f, ts->section);
	if (in_code || ts->embedded) {
		ts->code++;
	} else {
		ts->prose++;
		if (ts->nkept < PDB_PLACEHOLDERS_KEPT)
			ts->kept[ts->nkept++] = (struct pdb_mark_fact){line,
			    ex_str_make(p, n)};
	}
	if (ts->prose + ts->code == 1)
		snprintf(ts->first, sizeof(ts->first), "%.*s",
		    (int)utf8_cut(p, n, 60), p);
	for (k = 0; k < ts->distinct && k < 16; k++)
		if (ts->seen[k] == h)
			return;
	if (ts->distinct < 16)
		ts->seen[ts->distinct] = h;
	ts->distinct++;
}

/* Offset of the closing char for an opening one at s[i], or n. */
static size_t
closing(const char *s, size_t n, size_t i, char open, char close)
{
	for (size_t j = i + 1; j < n && j - i <= 82; j++) {
		if (s[j] == close)
			return j;
		if (s[j] == open || s[j] == '\n')
			return n;
	}
	return n;
}

/*
 * 1 if a format label leads to s[i] on its line: "格式：YYYY-MM-DD",
 * "Format: `YYYY-MM-DD HH:MM`" describe a format, they are no blanks.
 */
static int
after_format_label(const char *s, size_t i)
{
	/* format 格式 形式 書式 형식 */
	static const char *const labels[] = {"format",
	    "\xE6\xA0\xBC\xE5\xBC\x8F", "\xE5\xBD\xA2\xE5\xBC\x8F",
	    "\xE6\x9B\xB8\xE5\xBC\x8F", "\xED\x98\x95\xEC\x8B\x9D", NULL};

	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '`' || s[i - 1] == '*'))
		i--;
	if (i >= 3 && memcmp(s + i - 3, "\xEF\xBC\x9A", 3) == 0)	/* ： */
		i -= 3;
	else if (i > 0 && s[i - 1] == ':')
		i--;
	else
		return 0;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '*'))
		i--;
	for (int k = 0; labels[k] != NULL; k++) {
		size_t m = strlen(labels[k]);

		if (i >= m && ex_starts_with_ci(s + i - m, m, labels[k]))
			return 1;
	}
	return 0;
}

/* The first byte ex_template_scan() stops at ('\n', 'Y', '[' or '{') at
 * or after s[i], or n; the rest of the text is skipped. */
static size_t
next_stop(const char *s, size_t n, size_t i)
{
	return i + word_find4(s + i, n - i, '\n', 'Y', '[', '{');
}

void
ex_template_scan(struct pdb_template_scan *ts, const char *s, size_t n,
    int in_code, unsigned line)
{
	ts->blocks += !in_code;
	for (size_t i = 0; (i = next_stop(s, n, i)) < n; i++) {
		size_t j;

		if (s[i] == '\n')
			line++;

		if (s[i] == 'Y' && n - i >= 10 && memcmp(s + i, "YYYY-MM-DD",
		    10) == 0 && (i == 0 || s[i - 1] != '[') &&
		    !after_format_label(s, i)) {
			found(ts, s + i, 10, in_code, line);
			i += 9;
			continue;
		}
		if (s[i] != '[' && (s[i] != '{' || in_code))
			continue;
		/* arr[i], f(x)[k], ][ : indexing and link syntax; [[wiki
		 * links]]; ${var}, a variable. */
		if (i > 0 && (ex_is_ascii_alnum((unsigned char)s[i - 1]) ||
		    s[i - 1] == '_' || s[i - 1] == ']' || s[i - 1] == ')' ||
		    s[i - 1] == '[' || s[i - 1] == '$'))
			continue;
		j = closing(s, n, i, s[i], s[i] == '[' ? ']' : '}');
		if (j == n || (j + 1 < n && s[j + 1] == ']'))
			continue;
		/* /api/jobs/{job_id}: a parameter of a path or URL. */
		if (s[i] == '{' && ((i > 0 && s[i - 1] == '/') ||
		    (j + 1 < n && s[j + 1] == '/')))
			continue;
		if (s[i] == '[' ? bracket_placeholder(s + i + 1, j - i - 1) &&
		    (j + 1 >= n || (s[j + 1] != '(' && s[j + 1] != '[')) :
		    brace_placeholder(s + i + 1, j - i - 1)) {
			found(ts, s + i, j - i + 1, in_code, line);
			i = j;
		}
	}
}

static int
names_template(struct pdb_str t)
{
	static const char *const words[] = {"template", "vorlage", "plantilla",
	    "\xE6\xA8\xA1\xE6\x9D\xBF",				/* 模板 */
	    "\xE3\x83\x86\xE3\x83\xB3\xE3\x83\x97\xE3\x83\xAC"
	    "\xE3\x83\xBC\xE3\x83\x88",				/* テンプレート */
	    "\xED\x85\x9C\xED\x94\x8C\xEB\xA6\xBF",		/* 템플릿 */
	    "\xD1\x88\xD0\xB0\xD0\xB1\xD0\xBB\xD0\xBE\xD0\xBD",	/* шаблон */
	    NULL};

	for (int k = 0; words[k] != NULL; k++)
		if (ex_find_ci(t.p, t.n, words[k]) < t.n)
			return 1;
	return 0;
}

void
ex_template_section(struct pdb_template_scan *ts, const struct pdb_facts *f,
    int32_t section)
{
	ts->f = f;
	ts->section = section;
	ts->embedded = -1;
}

/* 1 if the section or one of its parents below level 1 names a
 * template. */
static int
in_template_section(const struct pdb_facts *f, int32_t section)
{
	for (int32_t s = section; s != PDB_NONE; s = f->sections.v[s].parent)
		if (f->sections.v[s].level > 1 &&
		    names_template(f->sections.v[s].title))
			return 1;
	return 0;
}

static int
front_template_flag(const struct pdb_facts *f)
{
	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];

		if (m->source != PDB_META_FRONT || m->key.n != 8 ||
		    !ex_starts_with_ci(m->key.p, m->key.n, "template"))
			continue;
		if (ex_starts_with_ci(m->value.p, m->value.n, "true") ||
		    ex_starts_with_ci(m->value.p, m->value.n, "yes") ||
		    (m->value.n == 1 && m->value.p[0] == '1'))
			return 1;
		return 0;
	}
	return -1;
}

/*
 * Placeholders in code blocks weigh a quarter: real documents often carry
 * a fenced block to copy ("Copy this block into the log"), while a guide
 * made of such blocks has dozens.  A short document is a template when a
 * quarter of its prose blocks hold one.  A document with ticked items shows
 * real progress, so there only placeholders in its prose count.
 */
void
ex_template_decide(const struct pdb_template_scan *ts, struct pdb_facts *f)
{
	int flag = front_template_flag(f);
	unsigned evidence = ts->prose + ts->code / CODE_WEIGHT;
	char *why;

	if (flag >= 0) {
		f->is_template = flag;
		why = arena_strndup(&f->arena, "front matter", 12);
		f->template_reason = ex_str_make(why, strlen(why));
		return;
	}
	if (ts->distinct < MIN_DISTINCT)
		goto not_template;
	if (f->items_done > 0 ? ts->prose < MIN_EVIDENCE_DONE :
	    evidence < MIN_EVIDENCE && ts->prose * 4 < ts->blocks)
		goto not_template;
	f->is_template = 1;
	why = arena_alloc(&f->arena, REASON_CAP);
	snprintf(why, REASON_CAP, "%u placeholders (%u in code blocks or template "
	    "sections) such as %s",
	    ts->prose + ts->code, ts->code, ts->first);
	f->template_reason = ex_str_make(why, strlen(why));
	return;
not_template:
	if (ts->prose + ts->code > 0) {
		why = arena_alloc(&f->arena, REASON_CAP);
		snprintf(why, REASON_CAP, "too few placeholders: %u (%u in code "
		    "blocks or template sections, %u different) such as %s",
		    ts->prose + ts->code, ts->code, ts->distinct, ts->first);
		f->template_reason = ex_str_make(why, strlen(why));
	}
	/* A real document with a placeholder left in it: worth a look. */
	for (unsigned k = 0; k < ts->nkept; k++)
		*PDB_VEC_PUSH(f->placeholders) = ts->kept[k];
}
