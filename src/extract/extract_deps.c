/*
 * extract_deps.c - dependencies between items and the requirements they
 * cover, in the dialects people write them (see struct pdb_link_fact):
 *
 *   Obsidian Tasks   ⛔ abc,def            (the ids are 🆔 abc)
 *   Dataview         [dependsOn:: abc, def] or (dependsOn:: abc)
 *   spec-kit         (depends on T001, T002)
 *   cc-sdd           _Depends: 1.1, 1.2_
 *   Kiro             _Requirements: 1.2, 2.1_ (covers requirement 1.2)
 *
 * and Kiro's acceptance criteria: the numbered list under an "Acceptance
 * Criteria" heading inside "Requirement N" makes criteria N.1, N.2, ...
 * A link is found in an item's own text, or in a plain bullet nested
 * right under a checklist item (where Kiro and cc-sdd write them).
 */
#include "extract_int.h"

#include <stdio.h>

#include "progdb/arena.h"

#define NO_ENTRY	"\xE2\x9B\x94"	/* ⛔ U+26D4 */
#define VS16		"\xEF\xB8\x8F"	/* emoji presentation selector */

/*
 * The emphasis of "_Depends: 1.2_" is gone from the plain text: those
 * forms are "Depends:" and "Requirements:" starting a line.
 */
#define FORM(o)	o, sizeof(o) - 1

static const struct {
	const char		*opener;	/* matched case-insensitively */
	size_t			 len;		/* its bytes */
	char			 closer;	/* ends the list; 0: see read_ids */
	int			 line_start;	/* only at the start of a line */
	enum pdb_link_kind	 kind;
} forms[] = {
	{FORM("[dependsOn::"), ']', 0, PDB_LINK_DEPENDS},
	{FORM("(dependsOn::"), ')', 0, PDB_LINK_DEPENDS},
	{FORM("(depends on "), ')', 0, PDB_LINK_DEPENDS},
	{FORM("Depends:"), '\n', 1, PDB_LINK_DEPENDS},
	{FORM("Requirements:"), '\n', 1, PDB_LINK_COVERS},
	{FORM(NO_ENTRY), 0, 0, PDB_LINK_DEPENDS},
};

static int
id_char(unsigned char c)
{
	return ex_is_ascii_alnum(c) || c == '_' || c == '-' || c == '.';
}

static void
push_link(struct pdb_facts *f, int32_t item, unsigned line,
    enum pdb_link_kind kind, const char *p, size_t n)
{
	struct pdb_link_fact *l;

	while (n > 0 && p[n - 1] == '.')	/* "T001." ends a sentence */
		n--;
	if (n == 0)
		return;
	l = PDB_VEC_PUSH(f->links);
	l->item = item;
	l->line = line;
	l->kind = kind;
	l->ref = ex_str_make(p, n);
}

/*
 * The ids in t[0..n): words of letters, digits, '_', '-' and '.', apart
 * by commas, blanks, "and" or quotes.  For ⛔ (closer 0), only the first
 * comma-joined run counts: text goes on after it.
 */
static size_t
read_ids(struct pdb_facts *f, int32_t item, unsigned line,
    enum pdb_link_kind kind, const char *t, size_t n, char closer)
{
	size_t i = ex_skip_spaces(t, n);

	while (i < n && t[i] != closer) {
		size_t s = i;

		while (i < n && id_char((unsigned char)t[i]))
			i++;
		if (i > s && !(i - s == 3 && ex_starts_with_ci(t + s, 3,
		    "and")))
			push_link(f, item, line, kind, t + s, i - s);
		if (closer == 0 && (i >= n || t[i] != ','))
			break;
		if (i == s)
			i++;	/* a separator */
	}
	return i;
}

/*
 * Where form k's opener next occurs in t[at..n), or n.  An opener that
 * only counts at the start of a line is looked for there alone (it holds
 * no newline, so no line starts inside an occurrence elsewhere).
 */
static size_t
find_opener(size_t k, const char *t, size_t n, size_t at)
{
	const char *nl;

	if (!forms[k].line_start)
		return at + ex_find_ci(t + at, n - at, forms[k].opener);
	while (at < n && ((at > 0 && t[at - 1] != '\n') ||
	    !ex_starts_with_ci(t + at, n - at, forms[k].opener))) {
		nl = memchr(t + at, '\n', n - at);
		at = nl != NULL ? (size_t)(nl - t) + 1 : n;
	}
	return at;
}

void
ex_deps_from_text(struct pdb_facts *f, int32_t item, const char *t, size_t n,
    unsigned line)
{
	/* The openers led by a bracket go on with a 'd': most texts hold no
	 * "[d" or "(d", and then none of them is looked for. */
	int bracket = 0;

	for (size_t i = 0; !bracket && (i += ex_find_either(t + i, n - i,
	    '[', '(')) + 1 < n; i++)
		bracket = (t[i + 1] | 0x20) == 'd';

	for (size_t k = 0; k < sizeof(forms) / sizeof(*forms); k++) {
		size_t len = forms[k].len, at = 0, hit;

		if (!bracket && (forms[k].opener[0] == '[' ||
		    forms[k].opener[0] == '('))
			continue;

		while (at < n && (hit = find_opener(k, t, n, at)) < n) {
			at = hit + len;
			if (n - at >= 3 && memcmp(t + at, VS16, 3) == 0)
				at += 3;
			if (forms[k].closer == 0)
				at += ex_skip_spaces(t + at, n - at);
			at += read_ids(f, item, line, forms[k].kind, t + at,
			    n - at, forms[k].closer);
		}
	}
}

/* N from a section titled "Requirement N" (N digits), or 0. */
static unsigned
requirement_number(const struct pdb_facts *f, int32_t s)
{
	const struct pdb_str *t;
	unsigned n = 0;
	size_t i;

	if (s == PDB_NONE)
		return 0;
	t = &f->sections.v[s].title;
	if (!ex_starts_with_ci(t->p, t->n, "Requirement "))
		return 0;
	for (i = strlen("Requirement "); i < t->n && t->p[i] >= '0' &&
	    t->p[i] <= '9' && n < 100000; i++)
		n = n * 10 + (unsigned)(t->p[i] - '0');
	return n;
}

/* 1-based position of list item node among its list's items. */
static unsigned
ordinal(const struct pdb_doc *doc, uint32_t node)
{
	uint32_t list = doc->nodes[node].parent;
	unsigned k = 1;

	for (uint32_t j = list + 1; j < node; j++)
		k += doc->nodes[j].parent == list;
	return k;
}

void
ex_deps_criterion(struct pdb_facts *f, const struct pdb_doc *doc,
    uint32_t node, int32_t section, const char *t, size_t n)
{
	const struct pdb_section_fact *s;
	uint32_t list = doc->nodes[node].parent;
	unsigned req;
	char ref[32];
	struct pdb_link_fact *l;

	if (section == PDB_NONE || list == PDB_NO_NODE ||
	    !(doc->nodes[list].flags & PDB_NODEF_ORDERED))
		return;
	s = &f->sections.v[section];
	if (s->title.n != strlen("Acceptance Criteria") ||
	    !ex_starts_with_ci(s->title.p, s->title.n, "Acceptance Criteria") ||
	    (req = requirement_number(f, s->parent)) == 0)
		return;
	snprintf(ref, sizeof(ref), "%u.%u", req, ordinal(doc, node));
	l = PDB_VEC_PUSH(f->links);
	l->item = PDB_NONE;
	l->line = doc->nodes[node].line;
	l->kind = PDB_LINK_CRITERION;
	l->ref = ex_str_make(arena_strndup(&f->arena, ref, strlen(ref)),
	    strlen(ref));
	l->text = ex_str_make(t, n);
}
