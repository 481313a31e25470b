/*
 * extract.c - the walk over a document model that turns it into facts.
 *
 * One pass in document order: headings open and close sections (a heading
 * closes every open section of the same or a deeper level), list items
 * become checklist items with their section, parent item and depth,
 * paragraphs give metadata, and every piece of text is scanned for
 * template placeholders.  The rules themselves live in extract_*.c.
 */
#include "progdb/extract.h"

#include <stdlib.h>

#include "extract_int.h"
#include "progdb/hash.h"
#include "progdb/ident.h"

#define MAX_STATUS_HITS	8
#define KEY_SEED_ID	0x1d
#define KEY_SEED_DUP	0x2f

struct walk {
	const struct pdb_doc	*doc;
	struct pdb_facts	*f;
	int32_t			 open[7];	/* open section per level 1-6 */
	int32_t			 current;	/* innermost open section */
	int32_t			*node_item;	/* item index per node, or -1 */
	uint32_t		 fields_end;	/* nodes before this one are the
						 * fields of a register entry */
	struct pdb_buf		 scratch;
	struct pdb_buf		 scratch2;	/* for register keys */
	struct pdb_template_scan ts;
	int			 kiro;		/* a Kiro spec: "[-]" started */
};

/* The context extract_*.c share, at the walk's current position. */
static struct pdb_xctx
xctx(struct walk *w)
{
	return (struct pdb_xctx){w->doc, w->f, w->current, &w->scratch2};
}

/* Claims on every line of a node's text. */
static void
claims_in_lines(struct walk *w, const char *t, size_t n, unsigned line)
{
	struct pdb_xctx x = xctx(w);

	for (size_t ls = 0; ls < n; line++) {
		const char *nl = memchr(t + ls, '\n', n - ls);
		size_t le = nl != NULL ? (size_t)(nl - t) : n;

		ex_claims_from_line(&x, t + ls, le - ls, line);
		ls = le + 1;
	}
}

/*
 * A checkbox's own text ("- [ ] Website 100% complete") is a piece of
 * work, not a claim about its section: its progress claims, from claim
 * from on, go.
 */
static void
drop_progress_claims(struct pdb_facts *f, size_t from)
{
	size_t o = from;

	for (size_t k = from; k < f->claims.n; k++)
		if (f->claims.v[k].kind != PDB_CLAIM_PROGRESS)
			f->claims.v[o++] = f->claims.v[k];
	f->claims.n = o;
}

static unsigned
last_line(const struct pdb_doc *doc)
{
	unsigned n = (unsigned)doc->lines.n;

	if (n > 1 && doc->src_len > 0 && doc->src[doc->src_len - 1] == '\n')
		n--;
	return n;
}

static void
close_sections(struct walk *w, unsigned level, unsigned end_line)
{
	for (unsigned l = level; l <= 6; l++) {
		if (w->open[l] != PDB_NONE) {
			w->f->sections.v[w->open[l]].end_line = end_line;
			w->open[l] = PDB_NONE;
		}
	}
	w->current = PDB_NONE;
	for (unsigned l = level; l-- > 1;) {
		if (w->open[l] != PDB_NONE) {
			w->current = w->open[l];
			break;
		}
	}
}

static void
describe_section(struct walk *w, struct pdb_section_fact *s)
{
	struct pdb_status_hit hits[MAX_STATUS_HITS];
	size_t nh = ex_status_in_title(s->title.p, s->title.n, hits,
	    MAX_STATUS_HITS);
	char *norm = arena_alloc(&w->f->arena, s->title.n + 1);
	char key[64];
	size_t kn;

	s->status = -1;
	for (size_t k = nh; k-- > 0;) {
		struct pdb_str *to = hits[k].state >= 0 ? &s->status_text :
		    &s->icon;

		if (hits[k].state >= 0)
			s->status = hits[k].state;
		*to = ex_str_make(s->title.p + hits[k].start, hits[k].len);
	}
	s->norm_title = ex_str_make(norm, ex_title_without(s->title.p,
	    s->title.n, hits, nh, norm));
	norm[s->norm_title.n] = '\0';
	kn = ex_milestone_key(s->norm_title.p, s->norm_title.n, key,
	    sizeof(key));
	if (kn > 0)
		s->milestone = ex_str_make(arena_strndup(&w->f->arena, key, kn),
		    kn);
}

static void
on_heading(struct walk *w, uint32_t i)
{
	const struct pdb_node *nd = &w->doc->nodes[i];
	unsigned level = nd->level >= 1 && nd->level <= 6 ? nd->level : 6;
	struct pdb_section_fact *s;
	size_t n;
	const char *t = model_text(w->doc, i, &n);
	struct pdb_str title = ex_str_trim(t, n);
	struct pdb_xctx x;
	uint64_t parent_key;

	close_sections(w, level, nd->line > 1 ? nd->line - 1 : 1);
	s = PDB_VEC_PUSH(w->f->sections);
	s->parent = w->current;
	s->level = level;
	s->line = nd->line;
	s->title = ex_str_flatten(&w->f->arena, title.p, title.n);
	describe_section(w, s);
	parent_key = s->parent != PDB_NONE ?
	    w->f->sections.v[s->parent].key : 0;
	buf_reserve(&w->scratch, s->norm_title.n);
	s->key = hash_bytes(w->scratch.data, ident_normalize(s->norm_title.p,
	    s->norm_title.n, w->scratch.data), parent_key);
	s->date = s->context_date = PDB_NO_DATE;
	w->current = w->open[level] = (int32_t)(w->f->sections.n - 1);
	if (level == 1 && w->f->title.n == 0)
		w->f->title = s->title;
	ex_template_section(&w->ts, w->f, w->current);
	ex_template_scan(&w->ts, title.p, title.n, 0, nd->line);
	x = xctx(w);
	ex_context_heading(&x, w->current);
	ex_log_from_heading(&x, w->current);
	ex_claims_from_heading(&x, w->current);
}

/* The first node after node's subtree. */
static uint32_t
subtree_end(const struct pdb_doc *doc, uint32_t node)
{
	uint32_t end = node + 1;

	while (end < doc->nnodes && model_is_under(doc, end, node))
		end++;
	return end;
}

/* List nesting of node (top level = 1) and its nearest item ancestor. */
static void
place_item(const struct walk *w, uint32_t i, struct pdb_item_fact *it)
{
	const struct pdb_node *nodes = w->doc->nodes;

	it->depth = 0;
	it->parent = PDB_NONE;
	for (uint32_t p = nodes[i].parent; p != PDB_NO_NODE;
	    p = nodes[p].parent) {
		if (nodes[p].kind == PDB_NODE_LIST)
			it->depth++;
		if (it->parent == PDB_NONE && w->node_item[p] != PDB_NONE)
			it->parent = w->node_item[p];
	}
}

/* A **Risk**: / Blocker: / TD-001: block at item i: its nested items are
 * its fields, and its section's other bullets are no entries. */
static void
explicit_entry(struct walk *w, uint32_t i)
{
	w->fields_end = subtree_end(w->doc, i);
	if (w->current != PDB_NONE)
		w->f->sections.v[w->current].reg_explicit = 1;
}

/*
 * Words that head a list of judgements, not of work: under "**Cons:**",
 * "Avoid:" or "## Pros and Cons", ✅/❌ mean good/bad, not done/open.
 */
static const char *const judgement_words[] = {"pros", "cons", "do's",
	"dos", "don't", "don\xE2\x80\x99t", "dont", "do not", "avoid",
	"legend", "good", "bad", "advantages", "disadvantages", "drawbacks",
	"anti-patterns", "antipatterns", NULL};

/* 1 if t opens with a judgement word ("Cons", "Do's and Don'ts"); in a
 * heading "Good" and "Bad" are too common ("Good First Issues"). */
static int
opens_with_judgement(const char *t, size_t n, int heading)
{
	struct pdb_str s = ex_str_trim(t, n);

	for (int k = 0; judgement_words[k] != NULL; k++) {
		size_t m = strlen(judgement_words[k]);

		if (heading && (strcmp(judgement_words[k], "good") == 0 ||
		    strcmp(judgement_words[k], "bad") == 0))
			continue;
		if (ex_starts_with_ci(s.p, s.n, judgement_words[k]) &&
		    (m == s.n || !ex_is_ascii_alnum((unsigned char)s.p[m])))
			return 1;
	}
	/* "Do" alone, or "Do:" - not "Done", not "Do the thing". */
	return s.n >= 2 && ex_starts_with_ci(s.p, s.n, "do") && (s.n == 2 ||
	    s.p[2] == ':');
}

/* A short label ending in a colon: "**Cons:**", "Avoid:", "Legend:". */
static int
is_judgement_label(const char *t, size_t n)
{
	struct pdb_str s = ex_str_trim(t, n);

	return s.n > 0 && s.n <= 40 && memchr(s.p, '\n', s.n) == NULL &&
	    s.p[s.n - 1] == ':' && opens_with_judgement(s.p, s.n, 0);
}

/*
 * 1 if the list holding item i judges rather than tracks: its heading
 * opens with a judgement word, or a judgement label introduces it (the
 * paragraph just before the list, or the item the list is nested in).
 */
static int
in_judgement_list(const struct walk *w, uint32_t i)
{
	const struct pdb_doc *doc = w->doc;
	uint32_t list = doc->nodes[i].parent, up, k;
	size_t n;
	const char *t;

	if (w->current != PDB_NONE) {
		struct pdb_str t = w->f->sections.v[w->current].norm_title;

		if (opens_with_judgement(t.p, t.n, 1))
			return 1;
	}
	if (list == PDB_NO_NODE || (up = doc->nodes[list].parent) ==
	    PDB_NO_NODE)
		return 0;
	if (doc->nodes[up].kind == PDB_NODE_ITEM) {
		t = model_item_text(doc, up, &n, &k);
		return is_judgement_label(t, n);
	}
	for (k = list; k-- > up + 1 && doc->nodes[k].parent != up;)
		;
	if (k <= up || doc->nodes[k].kind != PDB_NODE_PARA)
		return 0;
	t = model_text(doc, k, &n);
	return is_judgement_label(t, n);
}

/* 1 (and noted for debug facts) if emoji item it judges, not tracks. */
static int
judged(struct walk *w, uint32_t i, const struct pdb_item_fact *it)
{
	if (!in_judgement_list(w, i))
		return 0;
	*PDB_VEC_PUSH(w->f->judged) = (struct pdb_mark_fact){it->line,
	    it->mark};
	return 1;
}

/* 1 if an item's text says its work was given up: "❌ sharding
 * (dropped)", "❌ won't do". */
static int
says_dropped(struct pdb_str t)
{
	static const char *const words[] = {"dropped", "won't",
	    "won\xE2\x80\x99t", "will not", "cancelled", "canceled",
	    "abandoned", "descoped", "out of scope", NULL};

	for (int k = 0; words[k] != NULL; k++)
		if (ex_find_ci(t.p, t.n, words[k]) < t.n)
			return 1;
	return 0;
}

/*
 * A plain bullet: a Kiro acceptance criterion, or links written under the
 * checklist item it is nested in (item, list, bullet).
 */
static void
links_of_bullet(struct walk *w, uint32_t i, const char *t, size_t n)
{
	uint32_t list = w->doc->nodes[i].parent;
	uint32_t up = list != PDB_NO_NODE ? w->doc->nodes[list].parent :
	    PDB_NO_NODE;

	ex_deps_criterion(w->f, w->doc, i, w->current, t, n);
	if (up != PDB_NO_NODE && w->node_item[up] != PDB_NONE)
		ex_deps_from_text(w->f, w->node_item[up], t, n,
		    w->doc->nodes[i].line);
}

static void
on_item(struct walk *w, uint32_t i)
{
	struct pdb_item_ctx ctx = {w->doc, w->f, &w->scratch};
	struct pdb_item_fact it = {0};
	struct pdb_str norm;
	struct pdb_section_fact *s;
	struct pdb_xctx x = xctx(w);
	size_t n, c0;
	const char *t = model_text(w->doc, i, &n);

	/* A loose item's text is in its paragraph: on_para sees it. */
	ex_template_scan(&w->ts, t, n, 0, w->doc->nodes[i].line);
	if (i < w->fields_end)
		return;
	c0 = w->f->claims.n;
	claims_in_lines(w, t, n, w->doc->nodes[i].line);
	if (!ex_item_from_node(&ctx, i, &it, &norm) ||
	    (it.from_emoji && judged(w, i, &it))) {
		place_item(w, i, &it);
		links_of_bullet(w, i, t, n);
		if (ex_item_field_line(w->f, it.parent, t, n))
			return;
		if (n > 0 && ex_register_from_item(&x, i))
			explicit_entry(w, i);
		else if (n > 0 && !ex_context_item(&x, i) &&
		    !ex_log_from_item(&x, i))
			ex_meta_from_node(w->doc, i, w->current, w->f);
		return;
	}
	if (!it.from_emoji)
		drop_progress_claims(w->f, c0);
	if (it.from_emoji && it.mark.n >= 3 &&
	    memcmp(it.mark.p, "\xE2\x9D\x8C", 3) == 0 && says_dropped(it.text))
		it.state = PDB_STATE_CANCELLED;
	/* Kiro writes "- [-]" for a task it has started. */
	if (w->kiro && it.state == PDB_STATE_CANCELLED)
		it.state = PDB_STATE_IN_PROGRESS;
	place_item(w, i, &it);
	it.section = w->current;
	s = it.section != PDB_NONE ? &w->f->sections.v[it.section] : NULL;
	if (it.ext_id.n > 0)
		it.key = hash_bytes(it.ext_id.p, it.ext_id.n, KEY_SEED_ID);
	else
		it.key = hash_bytes(norm.p, norm.n, s != NULL ? s->key : 0);
	if (it.state != PDB_STATE_CANCELLED) {
		w->f->items_total++;
		w->f->items_done += it.state == PDB_STATE_DONE;
		if (s != NULL) {
			s->items_total++;
			s->items_done += it.state == PDB_STATE_DONE;
		}
	}
	w->node_item[i] = (int32_t)w->f->items.n;
	*PDB_VEC_PUSH(w->f->items) = it;
	ex_deps_from_text(w->f, w->node_item[i], t, n, w->doc->nodes[i].line);
}

/* A paragraph that carries a checklist item's own text. */
static int
is_item_text(const struct walk *w, uint32_t i)
{
	uint32_t p = w->doc->nodes[i].parent;

	return p != PDB_NO_NODE && p + 1 == i && w->node_item[p] != PDB_NONE;
}

static void
on_para(struct walk *w, uint32_t i)
{
	size_t n, c0;
	const char *t = model_text(w->doc, i, &n);
	uint32_t p = w->doc->nodes[i].parent;
	struct pdb_xctx x = xctx(w);

	ex_template_scan(&w->ts, t, n, 0, w->doc->nodes[i].line);
	if (i < w->fields_end)
		return;
	c0 = w->f->claims.n;
	claims_in_lines(w, t, n, w->doc->nodes[i].line);
	if (is_item_text(w, i)) {
		if (!w->f->items.v[w->node_item[p]].from_emoji)
			drop_progress_claims(w->f, c0);
		return;
	}
	/* A loose list item's first paragraph speaks for the item. */
	if (p != PDB_NO_NODE && p + 1 == i &&
	    w->doc->nodes[p].kind == PDB_NODE_ITEM) {
		if (ex_register_from_item(&x, p)) {
			explicit_entry(w, p);
			return;
		}
		if (ex_context_item(&x, p) || ex_log_from_item(&x, p))
			return;
	} else {
		ex_context_para(&x, i);
	}
	ex_meta_from_node(w->doc, i, w->current, w->f);
}

/*
 * Totals over each heading's whole subtree.  Every item counts once,
 * parents and their nested items alike: a parent is a piece of work too,
 * and a document that ticks parents and children consistently reads the
 * same either way.
 */
static void
sum_subtrees(struct pdb_facts *f)
{
	for (size_t i = 0; i < f->sections.n; i++) {
		f->sections.v[i].subtree_total = f->sections.v[i].items_total;
		f->sections.v[i].subtree_done = f->sections.v[i].items_done;
	}
	/* Children come after their parents: add them in backwards. */
	for (size_t i = f->sections.n; i-- > 0;) {
		const struct pdb_section_fact *s = &f->sections.v[i];

		if (s->parent != PDB_NONE) {
			f->sections.v[s->parent].subtree_total +=
			    s->subtree_total;
			f->sections.v[s->parent].subtree_done +=
			    s->subtree_done;
		}
	}
}

static int
cmp_key_index(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* A slot of the table separate_duplicate_keys() counts keys in. */
struct key_count {
	uint64_t	key;
	uint64_t	seen;		/* items with it so far; 0: slot free */
};

/*
 * Two items with the same key (identical lines in one section) stay two
 * items: the second and later ones, in document order, get keys derived
 * from their rank among them.
 */
static void
separate_duplicate_keys(struct pdb_facts *f)
{
	struct key_count *tab;
	size_t n = f->items.n, cap = 4;

	if (n < 2)
		return;
	while (cap < 2 * n)
		cap *= 2;
	tab = xcalloc(cap, sizeof(*tab));
	for (size_t i = 0; i < n; i++) {
		uint64_t key = f->items.v[i].key;
		size_t rank;
		size_t h = (size_t)(key ^ key >> 32) & (cap - 1);

		while (tab[h].seen != 0 && tab[h].key != key)
			h = (h + 1) & (cap - 1);
		tab[h].key = key;
		rank = (size_t)tab[h].seen++;
		if (rank > 0)
			f->items.v[i].key = hash_bytes(&rank, sizeof(rank),
			    key ^ KEY_SEED_DUP);
	}
	free(tab);
}

/*
 * A heading title repeated three times or more with nothing but a status
 * emoji ("#### ✅ Tests" under every step) wears an icon, not a status.
 */
static void
repeated_icons(struct pdb_facts *f)
{
	uint64_t (*ti)[2] = xreallocarray(NULL, f->sections.n + 1,
	    sizeof(*ti));
	size_t n = 0;

	for (size_t i = 0; i < f->sections.n; i++) {
		const struct pdb_section_fact *s = &f->sections.v[i];

		if (s->status >= 0 && ex_status_is_emoji(s->status_text.p,
		    s->status_text.n)) {
			ti[n][0] = hash_bytes(s->title.p, s->title.n, 0);
			ti[n++][1] = i;
		}
	}
	qsort(ti, n, sizeof(*ti), cmp_key_index);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && ti[b][0] == ti[a][0]; b++)
			;
		for (size_t k = a; b - a >= 3 && k < b; k++) {
			struct pdb_section_fact *s = &f->sections.v[ti[k][1]];

			s->icon = s->status_text;
			s->status_text = (struct pdb_str){0};
			s->status = -1;
		}
	}
	free(ti);
}

/* 1 if path lies under a .kiro directory, where Kiro keeps its specs. */
static int
is_kiro_path(const char *path)
{
	const char *k = strstr(path, ".kiro/");

	return k != NULL && (k == path || k[-1] == '/');
}

void
extract_document(const struct pdb_doc *doc, const char *path,
    struct pdb_facts *f)
{
	struct walk w = {.doc = doc, .f = f, .current = PDB_NONE,
	    .kiro = is_kiro_path(path)};
	const char *name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
	    path;
	struct pdb_xctx x;

	facts_reset(f);
	for (int l = 0; l <= 6; l++)
		w.open[l] = PDB_NONE;
	w.node_item = xreallocarray(NULL, doc->nnodes ? doc->nnodes : 1,
	    sizeof(*w.node_item));
	for (size_t i = 0; i < doc->nnodes; i++)
		w.node_item[i] = PDB_NONE;
	ex_meta_from_front(doc, f);
	for (uint32_t i = 1; i < doc->nnodes; i++) {
		const struct pdb_node *nd = &doc->nodes[i];
		size_t n;
		const char *t;

		switch (nd->kind) {
		case PDB_NODE_HEADING:
			on_heading(&w, i);
			break;
		case PDB_NODE_ITEM:
			on_item(&w, i);
			break;
		case PDB_NODE_PARA:
			on_para(&w, i);
			break;
		case PDB_NODE_CELL:
			t = model_text(doc, i, &n);
			ex_template_scan(&w.ts, t, n, 0, nd->line);
			break;
		case PDB_NODE_TABLE:
			x = xctx(&w);
			ex_table_from_node(&x, i);
			break;
		case PDB_NODE_CODE:
			ex_template_scan(&w.ts, doc->src + nd->src, nd->src_len,
			    1, nd->line + ((nd->flags & PDB_NODEF_FENCED) != 0));
			break;
		default:
			break;
		}
	}
	close_sections(&w, 1, last_line(doc));
	x = xctx(&w);
	ex_context_finish(&x);
	repeated_icons(f);
	sum_subtrees(f);
	separate_duplicate_keys(f);
	ex_items_finish_marks(f);
	ex_items_find_owners(f);
	if (f->title.n == 0)
		f->title = ex_str_make(arena_strndup(&f->arena, name,
		    strlen(name)), strlen(name));
	ex_meta_document_fields(f);
	ex_template_decide(&w.ts, f);
	ex_log_finish(f);
	ex_claims_finish(f);
	buf_free(&w.scratch);
	buf_free(&w.scratch2);
	free(w.node_item);
}
