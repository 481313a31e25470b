/*
 * extract_owner.c - who owns each item.
 *
 * An owner is written as a mention (@alice; not an e-mail address, a
 * decorator or one of a list of three or more handles), as a label (Owner: Alice, Assignee: bob, assigned to Carol,
 * Dataview [owner:: dave]) in an item's text or a heading's title, or as a
 * metadata line (**Owner**: Alice, front matter owner:).  An item's owner
 * is its own, else its parent item's, else the nearest heading's that names
 * one (the heading's title, else the first owner line under it), else the
 * document's (front matter or an owner line before the first heading or
 * under the H1): the item overrides what it inherits.
 */
#include "extract_int.h"

#include "progdb/date.h"

#define MAX_OWNER	48	/* longest owner kept, in bytes */

static const char *const owner_words[] = {"owner", "owners", "assignee",
    "assignees", "assigned to", "assigned", "responsible", "dri", NULL};

/* "TBD", "none", "-": a placeholder, nobody. */
static int
no_one(struct pdb_str v)
{
	static const char *const words[] = {"tbd", "tba", "none", "n/a", "-",
	    "?", "unassigned", "nobody", "name", NULL};

	for (int i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == v.n && ex_starts_with_ci(v.p, v.n,
		    words[i]))
			return 1;
	return 0;
}

static int
name_char(unsigned char c)
{
	return ex_is_ascii_alnum(c) || c == '_' || c == '-' || c >= 0x80;
}

/* "@alice" at t[i]: the name, or empty.  A mention follows a space, an
 * opening bracket or a comma (not "x@", "'%@"), and is not followed by
 * "(", "/", or "." or ":" and more of a word (a decorator, a path, an
 * address: "@patch()", "@test.dk", "@user:server"). */
static struct pdb_str
mention_at(const char *t, size_t n, size_t i)
{
	size_t e = i + 1;

	if (i > 0 && strchr(" ([,;", t[i - 1]) == NULL)
		return ex_str_make(NULL, 0);
	if (e >= n || !(((t[e] | 0x20) >= 'a' && (t[e] | 0x20) <= 'z') ||
	    (unsigned char)t[e] >= 0x80))
		return ex_str_make(NULL, 0);
	while (e < n && e - i <= MAX_OWNER && name_char((unsigned char)t[e]))
		e++;
	while (e > i + 1 && t[e - 1] == '-')
		e--;
	if (e < n && (t[e] == '(' || t[e] == '/' || ((t[e] == '.' ||
	    t[e] == ':') && e + 1 < n && ex_is_ascii_alnum((unsigned char)t[e +
	    1]))))
		return ex_str_make(NULL, 0);
	return ex_str_make(t + i + 1, e - i - 1);
}

/* Three or more "@" words list handles ("@components, @utils, @hooks"),
 * they name no owner. */
static int
lists_handles(const char *t, size_t n)
{
	size_t k = 0;

	for (const char *p = t; (p = memchr(p, '@', n - (size_t)(p - t))) !=
	    NULL && k < 3; p++)
		k++;
	return k >= 3;
}

static size_t
words(struct pdb_str v)
{
	size_t k = 1;

	for (size_t i = 1; i < v.n; i++)
		k += v.p[i] == ' ' && v.p[i - 1] != ' ';
	return k;
}

/* The value after a label: up to , ; ) ] | or the end, trimmed; a name
 * is at most three words ("Ask the product owner: is it ok?" names
 * nobody). */
static struct pdb_str
label_value(const char *t, size_t n)
{
	size_t e = 0;
	struct pdb_str v;

	while (e < n && strchr(",;)]|(", t[e]) == NULL && t[e] != '\n')
		e++;
	v = ex_str_trim(t, e);
	while (v.n > 0 && (v.p[0] == '@' || v.p[0] == '*' || v.p[0] == '_')) {
		v.p++;
		v.n--;
	}
	while (v.n > 0 && strchr("*_.", v.p[v.n - 1]) != NULL)
		v.n--;
	if (v.n == 0 || v.n > MAX_OWNER || no_one(v) || words(v) > 3)
		return ex_str_make(NULL, 0);
	return v;
}

/* A label word at t[i] followed by ':' or '::' ("assigned to" needs
 * none): the value after it, or empty. */
static struct pdb_str
label_at(const char *t, size_t n, size_t i)
{
	if (i > 0 && ex_is_ascii_alnum((unsigned char)t[i - 1]))
		return ex_str_make(NULL, 0);
	for (int k = 0; owner_words[k] != NULL; k++) {
		size_t m, j;

		if ((t[i] | 0x20) != owner_words[k][0] || i + 1 >= n ||
		    (t[i + 1] | 0x20) != owner_words[k][1])
			continue;
		m = strlen(owner_words[k]);
		j = i + m;
		if (!ex_starts_with_ci(t + i, n - i, owner_words[k]) ||
		    (j < n && ex_is_ascii_alnum((unsigned char)t[j])))
			continue;
		while (j < n && (t[j] == '*' || t[j] == '_'))
			j++;
		if (j < n && t[j] == ':')
			j += j + 1 < n && t[j + 1] == ':' ? 2 : 1;
		else if (strcmp(owner_words[k], "assigned to") != 0)
			continue;
		return label_value(t + j, n - j);
	}
	return ex_str_make(NULL, 0);
}

struct pdb_str
ex_owner_in_text(const char *t, size_t n)
{
	struct pdb_str v;
	int mentions;

	/* A mention holds '@', a label ':' but for "assigned to". */
	if (memchr(t, '@', n) == NULL && memchr(t, ':', n) == NULL &&
	    ex_find_ci(t, n, "assigned to") == n)
		return ex_str_make(NULL, 0);
	mentions = !lists_handles(t, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '@' && mentions)
			v = mention_at(t, n, i);
		else if (!ex_is_ascii_alnum(c))
			continue;
		else {
			/* A label starts a word: the rest of it is skipped. */
			c |= 0x20;
			v = c == 'o' || c == 'a' || c == 'r' || c == 'd' ?
			    label_at(t, n, i) : ex_str_make(NULL, 0);
			while (i + 1 < n &&
			    ex_is_ascii_alnum((unsigned char)t[i + 1]))
				i++;
		}
		if (v.n > 0)
			return v;
	}
	return ex_str_make(NULL, 0);
}

/* A metadata key that names an owner: "Owner", "Assignee", ... */
static int
owner_key(struct pdb_str k)
{
	k = ex_str_trim(k.p, k.n);
	for (int i = 0; owner_words[i] != NULL; i++)
		if (strlen(owner_words[i]) == k.n &&
		    ex_starts_with_ci(k.p, k.n, owner_words[i]))
			return 1;
	return 0;
}

/* A line that starts with an owner label ("Owner: Alice"). */
static int
owner_key_line(struct pdb_str v)
{
	return label_at(v.p, v.n, 0).n > 0;
}

/* Each section's own owner (title, else its first owner line), the
 * document's in *doc. */
static void
own_owners(const struct pdb_facts *f, struct pdb_str *sec,
    struct pdb_str *doc)
{
	for (size_t i = 0; i < f->sections.n; i++)
		sec[i] = ex_owner_in_text(f->sections.v[i].title.p,
		    f->sections.v[i].title.n);
	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];
		struct pdb_str v;

		if (!owner_key(m->key) || (v = label_value(m->value.p,
		    m->value.n)).n == 0)
			continue;
		if (m->source == PDB_META_FRONT || m->section == PDB_NONE ||
		    f->sections.v[m->section].level <= 1) {
			if (doc->n == 0)
				*doc = v;
		} else if (sec[m->section].n == 0) {
			sec[m->section] = v;
		}
	}
}

void
ex_items_find_owners(struct pdb_facts *f)
{
	struct pdb_str *sec = arena_alloc(&f->arena, (f->sections.n + 1) *
	    sizeof(*sec)), doc = ex_str_make(NULL, 0);

	own_owners(f, sec, &doc);
	/* Parents come before their children. */
	for (size_t i = 0; i < f->sections.n; i++)
		if (sec[i].n == 0 && f->sections.v[i].parent != PDB_NONE)
			sec[i] = sec[f->sections.v[i].parent];
	for (size_t i = 0; i < f->items.n; i++) {
		struct pdb_item_fact *it = &f->items.v[i];

		struct pdb_str own = ex_owner_in_text(it->text.p, it->text.n);

		if (own.n > 0)
			it->owner = own;
		if (it->owner.n == 0 && it->parent != PDB_NONE)
			it->owner = f->items.v[it->parent].owner;
		if (it->owner.n == 0 && it->section != PDB_NONE)
			it->owner = sec[it->section];
		if (it->owner.n == 0)
			it->owner = doc;
	}
}

/* "Due: 2025-12-01", "ETA: 2025-W50", "Deadline: ...": the day, else
 * PDB_NO_DATE. */
static int32_t
due_line(const char *t, size_t n)
{
	static const char *const keys[] = {"due date", "due", "deadline",
	    "eta", "target date", NULL};

	for (int k = 0; keys[k] != NULL; k++) {
		size_t j = strlen(keys[k]);

		if (!ex_starts_with_ci(t, n, keys[k]))
			continue;
		while (j < n && (t[j] == '*' || t[j] == '_'))
			j++;
		if (j >= n || t[j] != ':')
			continue;
		return ex_due_of_value(t + j + 1, n - j - 1);
	}
	return PDB_NO_DATE;
}

int32_t
ex_due_of_value(const char *t, size_t n)
{
	struct pdb_date_match m;
	size_t s, e;
	int64_t day;

	if (date_find(t, n, &m) && m.days >= INT32_MIN + 1 &&
	    m.days <= INT32_MAX)
		return (int32_t)m.days;
	if (ex_due_period_find(t, n, &s, &e, &day))
		return (int32_t)day;
	return PDB_NO_DATE;
}

struct pdb_str
ex_owner_of_value(const char *t, size_t n)
{
	return label_value(t, n);
}

int
ex_item_field_line(struct pdb_facts *f, int32_t item, const char *t, size_t n)
{
	struct pdb_item_fact *it;
	struct pdb_str v;
	int32_t day;

	if (item == PDB_NONE || n == 0)
		return 0;
	it = &f->items.v[item];
	v = ex_str_trim(t, n);
	if ((day = due_line(v.p, v.n)) != PDB_NO_DATE) {
		if (it->due_date == PDB_NO_DATE)
			it->due_date = day;
		return 1;
	}
	if (!owner_key_line(v))
		return 0;
	if (it->owner.n == 0)
		it->owner = label_at(v.p, v.n, 0);
	return 1;
}
