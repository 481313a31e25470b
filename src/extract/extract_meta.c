/*
 * extract_meta.c - metadata: `**Key**: value` lines anywhere, blocks of
 * plain `Key: value` lines, YAML front matter, and from them the status
 * and dates a document declares about itself.
 */
#include "extract_int.h"

#include "progdb/date.h"

#define MAX_KEY	48

/* Keys recognised on a line of their own even without bold. */
static const char *const known_keys[] = {
	"last updated", "updated", "status", "date", "start date", "owner",
	"version", "document version", NULL
};

static int32_t
value_date(const char *v, size_t n)
{
	struct pdb_date_match m;

	if (date_find_at_start(v, n, &m) &&
	    m.days >= INT32_MIN + 1 && m.days <= INT32_MAX)
		return (int32_t)m.days;
	return PDB_NO_DATE;
}

void
ex_meta_add(struct pdb_facts *f, int32_t section, unsigned line,
    struct pdb_str key, struct pdb_str value, enum pdb_meta_source source)
{
	struct pdb_meta_fact *m = PDB_VEC_PUSH(f->meta);

	m->section = section;
	m->line = line;
	m->key = key;
	m->value = value;
	m->date = value_date(value.p, value.n);
	m->source = source;
}

/* A bold span at the start of the line that ends in or before a colon. */
static int
bold_key(const char *t, size_t ls, size_t le, const struct pdb_span *sp,
    struct pdb_str *key, struct pdb_str *value)
{
	size_t after = sp->start + sp->len;
	struct pdb_str k = ex_str_trim(t + sp->start, sp->len);

	if (sp->start != ls || after > le)
		return 0;
	if (k.n > 0 && k.p[k.n - 1] == ':') {
		k.n--;
	} else {
		after += ex_skip_spaces(t + after, le - after);
		if (after >= le || t[after] != ':')
			return 0;
		after++;
	}
	k = ex_str_trim(k.p, k.n);
	if (k.n == 0 || k.n > MAX_KEY)
		return 0;
	*key = k;
	*value = ex_str_trim(t + after, le - after);
	return 1;
}

/* "Key: value" with a short key that starts with a capital letter. */
static int
plain_key(const char *t, size_t ls, size_t le, struct pdb_str *key,
    struct pdb_str *value)
{
	const char *colon;
	struct pdb_str k;

	if (ls >= le || t[ls] < 'A' || t[ls] > 'Z')
		return 0;
	colon = memchr(t + ls, ':', le - ls);
	if (colon == NULL || (size_t)(colon - (t + ls)) > MAX_KEY)
		return 0;
	for (const char *p = t + ls; p < colon; p++)
		if (!ex_is_ascii_alnum((unsigned char)*p) && *p != ' ' &&
		    *p != '-' && *p != '_' && *p != '/' && *p != '(' &&
		    *p != ')')
			return 0;
	k = ex_str_trim(t + ls, (size_t)(colon - (t + ls)));
	*key = k;
	*value = ex_str_trim(colon + 1, (size_t)(t + le - colon - 1));
	return k.n > 0 && value->n > 0;
}

static int
is_known_key(struct pdb_str k)
{
	for (int i = 0; known_keys[i] != NULL; i++)
		if (strlen(known_keys[i]) == k.n &&
		    ex_starts_with_ci(k.p, k.n, known_keys[i]))
			return 1;
	return 0;
}

/*
 * Visits the lines of node's text.  With f NULL only counts lines and
 * plain `Key: value` lines; otherwise adds bold-key lines, and plain ones
 * when they form a block (every line of the paragraph) or name a key that
 * is recognised alone.
 */
static void
scan_lines(const struct pdb_doc *doc, uint32_t node, int32_t section,
    struct pdb_facts *f, int block, size_t *lines, size_t *plain)
{
	const struct pdb_node *nd = &doc->nodes[node];
	size_t n, s = 0;
	const char *t = model_text(doc, node, &n);
	struct pdb_str key, value;

	*lines = *plain = 0;
	for (size_t ls = 0; ls < n; (*lines)++) {
		const char *nl = memchr(t + ls, '\n', n - ls);
		size_t le = nl != NULL ? (size_t)(nl - t) : n;
		unsigned line = nd->line + (unsigned)*lines;

		while (s < nd->span_count &&
		    doc->spans[nd->span + s].start < ls)
			s++;
		if (s < nd->span_count &&
		    bold_key(t, ls, le, &doc->spans[nd->span + s], &key,
		    &value)) {
			if (f != NULL)
				ex_meta_add(f, section, line, key, value,
				    PDB_META_BOLD);
		} else if (plain_key(t, ls, le, &key, &value)) {
			(*plain)++;
			if (f != NULL && (block || is_known_key(key)))
				ex_meta_add(f, section, line, key, value,
				    PDB_META_BLOCK);
		}
		ls = le + 1;
	}
}

void
ex_meta_from_node(const struct pdb_doc *doc, uint32_t node, int32_t section,
    struct pdb_facts *f)
{
	size_t lines, plain, n;
	const char *t = model_text(doc, node, &n);
	int block = 0;

	/* One line is no block: only text of more is counted first. */
	if (memchr(t, '\n', n) != NULL) {
		scan_lines(doc, node, section, NULL, 0, &lines, &plain);
		block = lines >= 2 && plain == lines;
	}
	scan_lines(doc, node, section, f, block, &lines, &plain);
}

void
ex_meta_from_front(const struct pdb_doc *doc, struct pdb_facts *f)
{
	for (size_t i = 0; i < doc->nfront; i++) {
		const struct pdb_front *fr = &doc->front[i];

		ex_meta_add(f, PDB_NONE, fr->line,
		    ex_str_make(fr->key, fr->key_len),
		    ex_str_make(fr->value, fr->value_len), PDB_META_FRONT);
	}
}

static int
key_is(struct pdb_str k, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == k.n && ex_starts_with_ci(k.p, k.n,
		    names[i]))
			return 1;
	return 0;
}

/* Document-level: front matter, text before any heading, or under H1. */
static int
at_document_level(const struct pdb_facts *f, const struct pdb_meta_fact *m)
{
	return m->source == PDB_META_FRONT || m->section == PDB_NONE ||
	    f->sections.v[m->section].level <= 1;
}

void
ex_meta_document_fields(struct pdb_facts *f)
{
	static const char *const status_keys[] = {"status", NULL};
	static const char *const start_keys[] = {"start date", "start_date",
	    "started", "start", NULL};
	static const char *const date_keys[] = {"date", NULL};
	static const char *const updated_keys[] = {"last updated",
	    "last_updated", "updated", "last update", "lastmod", "modified",
	    NULL};
	int status_front = 0, front;

	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];
		int doc_level = at_document_level(f, m);

		front = m->source == PDB_META_FRONT;
		if (doc_level && key_is(m->key, status_keys) &&
		    (f->status.n == 0 || (front && !status_front))) {
			f->status = m->value;
			f->status_state = ex_status_of_value(m->value.p,
			    m->value.n);
			status_front = front;
		}
		if (doc_level && key_is(m->key, start_keys) &&
		    f->start_date == PDB_NO_DATE)
			f->start_date = m->date;
		if (doc_level && key_is(m->key, date_keys) &&
		    f->date == PDB_NO_DATE)
			f->date = m->date;
		if (key_is(m->key, updated_keys) && f->updated == PDB_NO_DATE)
			f->updated = m->date;
	}
}
