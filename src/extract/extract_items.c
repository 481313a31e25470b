/*
 * extract_items.c - what a checklist item is, and what its line says.
 *
 * An item is a list item (bulleted or numbered, at any depth, also inside
 * block quotes) that starts with
 *   - a GFM task mark md4c recognised: [ ] open, [x] [X] done;
 *   - a mark md4c leaves as text: [/] [~] in progress, [-] cancelled,
 *     [>] deferred, [!] blocked, [?] question, and Kiro's optional "[ ]*";
 *   - a status emoji: ✅ ✔️ ☑️ done, 🚧 ⏳ 🔄 in progress, ❌ ⬜ open.
 * A bracketed capital or digit ("[P] tasks = different files", "[1]") is
 * a tag, not a mark; any other single character in brackets is a mark we
 * do not know, reported and not guessed, and so is a word of capitals in
 * brackets ("[DONE]") that starts two or more list items of a document
 * (once, as in "[ALTA] priority", it is a tag).  Markers the tree's .progdb declares (config.h) come
 * before all of these.  Rating emoji (🔴 🟡 🟢 ⚠️) make
 * no item.
 *
 * From the text after the mark: the label (a leading bold span), explicit
 * ids (spec-kit T012 with [P] [US1] tags, Kiro 1.2, Obsidian 🆔, TD-004),
 * dates with their meaning (✅ / done / completed / [completion:: ] for
 * done; 📅 / due / ETA / an arrow for due, or a week or quarter it names
 * (extract_due.c); Obsidian ➕ 🛫 ⏳ ❌ and Dataview fields), priority
 * emoji and the current-step marker.
 */
#include "extract_int.h"

#include "progdb/config.h"
#include "progdb/date.h"
#include "progdb/xmem.h"

enum field {
	F_DONE, F_DUE, F_CREATED, F_START, F_SCHEDULED, F_CANCELLED, F_NONE
};

static const char *const item_emoji[] = {
	"\xE2\x9C\x85",		/* ✅ */
	"\xE2\x9C\x94",		/* ✔ */
	"\xE2\x98\x91",		/* ☑ */
	"\xF0\x9F\x9A\xA7",	/* 🚧 */
	"\xE2\x8F\xB3",		/* ⏳ */
	"\xF0\x9F\x94\x84",	/* 🔄 */
	"\xE2\x9D\x8C",		/* ❌ */
	"\xE2\xAC\x9C",		/* ⬜ */
	NULL
};
static const enum pdb_state item_emoji_state[] = {
	PDB_STATE_DONE, PDB_STATE_DONE, PDB_STATE_DONE,
	PDB_STATE_IN_PROGRESS, PDB_STATE_IN_PROGRESS, PDB_STATE_IN_PROGRESS,
	PDB_STATE_OPEN, PDB_STATE_OPEN,
};

/* Obsidian Tasks' date emoji, in enum field order where they map. */
static const char *const field_emoji[] = {
	"\xE2\x9C\x85",		/* ✅ done */
	"\xF0\x9F\x93\x85",	/* 📅 due */
	"\xF0\x9F\x93\x86",	/* 📆 due */
	"\xF0\x9F\x97\x93",	/* 🗓 due */
	"\xE2\x9E\x95",		/* ➕ created */
	"\xF0\x9F\x9B\xAB",	/* 🛫 start */
	"\xE2\x8F\xB3",		/* ⏳ scheduled */
	"\xE2\x9D\x8C",		/* ❌ cancelled */
	NULL
};
static const enum field field_emoji_field[] = {
	F_DONE, F_DUE, F_DUE, F_DUE, F_CREATED, F_START, F_SCHEDULED,
	F_CANCELLED,
};

static const struct {
	const char	*word;
	enum field	 field;
} field_words[] = {
	{"done", F_DONE}, {"completed", F_DONE}, {"complete", F_DONE},
	{"completion", F_DONE}, {"finished", F_DONE}, {"closed", F_DONE},
	{"due", F_DUE}, {"deadline", F_DUE}, {"eta", F_DUE},
	{"created", F_CREATED},
	{"added", F_CREATED}, {"start", F_START}, {"started", F_START},
	{"scheduled", F_SCHEDULED}, {"cancelled", F_CANCELLED},
	{"canceled", F_CANCELLED},
};

static const char *const priority_emoji[] = {
	"\xE2\x8F\xAC",		/* ⏬ lowest */
	"\xF0\x9F\x94\xBD",	/* 🔽 low */
	"\xF0\x9F\x94\xBC",	/* 🔼 medium */
	"\xE2\x8F\xAB",		/* ⏫ high */
	"\xF0\x9F\x94\xBA",	/* 🔺 highest */
	NULL
};

#define ID_EMOJI	"\xF0\x9F\x86\x94"	/* 🆔 */
#define MAX_NOISE	24

/* Parts of the text left out of its normalised form (dates, markers). */
struct noise {
	size_t	start[MAX_NOISE];
	size_t	end[MAX_NOISE];
	size_t	n;
};

static void
add_noise(struct noise *ns, size_t start, size_t end)
{
	if (ns->n < MAX_NOISE) {
		ns->start[ns->n] = start;
		ns->end[ns->n] = end;
		ns->n++;
	}
}

static int
in_noise(const struct noise *ns, size_t i)
{
	for (size_t k = 0; k < ns->n; k++)
		if (i >= ns->start[k] && i < ns->end[k])
			return 1;
	return 0;
}

/* State of a single-character mark: >= 0 a state, -1 unknown, -2 a tag. */
static int
mark_state(unsigned char c)
{
	switch (c) {
	case ' ':		return PDB_STATE_OPEN;
	case 'x': case 'X':	return PDB_STATE_DONE;
	case '/': case '~':	return PDB_STATE_IN_PROGRESS;
	case '-':		return PDB_STATE_CANCELLED;
	case '>':		return PDB_STATE_DEFERRED;
	case '!':		return PDB_STATE_BLOCKED;
	case '?':		return PDB_STATE_QUESTION;
	default:
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c >= 0x80 || c < 0x20)
			return -2;
		return -1;
	}
}

static const char *const mark_text[] = {
	[PDB_STATE_OPEN] = "[ ]", [PDB_STATE_DONE] = "[x]",
	[PDB_STATE_IN_PROGRESS] = "[/]", [PDB_STATE_CANCELLED] = "[-]",
	[PDB_STATE_DEFERRED] = "[>]", [PDB_STATE_BLOCKED] = "[!]",
	[PDB_STATE_QUESTION] = "[?]",
};

/* Length of a word marker such as "[DONE]" or "[WIP]" (two to twelve
 * capital letters in brackets, then a space or the end) at t, else 0. */
static size_t
word_mark(const char *t, size_t n)
{
	size_t i = 1;

	while (i < n && i <= 12 && t[i] >= 'A' && t[i] <= 'Z')
		i++;
	if (i < 3 || i >= n || t[i] != ']')
		return 0;
	if (i + 1 < n && !ex_is_space((unsigned char)t[i + 1]))
		return 0;
	return i + 1;
}

struct mark_ref {
	struct pdb_str	 mark;
	size_t		 i;
};

static int
same_mark(struct pdb_str a, struct pdb_str b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* By mark, then by position. */
static int
cmp_mark_ref(const void *a, const void *b)
{
	const struct mark_ref *x = a, *y = b;
	size_t n = x->mark.n < y->mark.n ? x->mark.n : y->mark.n;
	int c = memcmp(x->mark.p, y->mark.p, n);

	if (c != 0)
		return c;
	if (x->mark.n != y->mark.n)
		return x->mark.n < y->mark.n ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
ex_items_finish_marks(struct pdb_facts *f)
{
	size_t n = f->unknown_marks.n, k = 0;
	struct mark_ref *r;
	unsigned char *drop;

	if (n == 0)
		return;
	r = xreallocarray(NULL, n, sizeof(*r));
	drop = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		r[i] = (struct mark_ref){f->unknown_marks.v[i].mark, i};
	qsort(r, n, sizeof(*r), cmp_mark_ref);
	for (size_t i = 0; i < n; i++)
		drop[r[i].i] = r[i].mark.n > 3 &&
		    (i == 0 || !same_mark(r[i - 1].mark, r[i].mark)) &&
		    (i + 1 == n || !same_mark(r[i + 1].mark, r[i].mark));
	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			f->unknown_marks.v[k++] = f->unknown_marks.v[i];
	f->unknown_marks.n = k;
	free(drop);
	free(r);
}

static void
note_unknown(struct pdb_item_ctx *ctx, const struct pdb_node *node,
    const char *t, size_t m)
{
	struct pdb_mark_fact *u = PDB_VEC_PUSH(ctx->facts->unknown_marks);

	u->line = node->line;
	u->mark = ex_str_make(t, m);
}

/*
 * Logseq's (and org-mode's) workflow keywords opening a block, in
 * capitals and followed by the task: "- DOING start menu design".
 * Returns the keyword's length and sets *state, or 0.
 */
static size_t
keyword_mark(const char *t, size_t n, int *state)
{
	static const struct {
		const char	*word;
		int		 state;
	} words[] = {
		{"TODO", PDB_STATE_OPEN}, {"LATER", PDB_STATE_OPEN},
		{"DOING", PDB_STATE_IN_PROGRESS}, {"NOW", PDB_STATE_IN_PROGRESS},
		{"DONE", PDB_STATE_DONE}, {"WAITING", PDB_STATE_BLOCKED},
		{"CANCELED", PDB_STATE_CANCELLED},
		{"CANCELLED", PDB_STATE_CANCELLED},
	};

	if (n == 0 || t[0] < 'A' || t[0] > 'Z')
		return 0;	/* every keyword is in capitals */
	for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++) {
		size_t m;

		if (t[0] != words[k].word[0])
			continue;
		m = strlen(words[k].word);
		if (m + 1 < n && memcmp(t, words[k].word, m) == 0 &&
		    t[m] == ' ' && !ex_is_space((unsigned char)t[m + 1])) {
			*state = words[k].state;
			return m;
		}
	}
	return 0;
}

/*
 * Recognises the mark at the start of text t.  Returns the offset where the
 * item's own text begins, or -1 when t is no item.
 */
static long
read_mark(struct pdb_item_ctx *ctx, const struct pdb_node *node,
    const char *t, size_t n, struct pdb_item_fact *it)
{
	const struct pdb_marker *dm;
	int which, st;
	size_t m;

	/* A marker the tree's .progdb declares comes first. */
	if (node->task_mark == 0 &&
	    (dm = config_marker(config_active(), t, n)) != NULL) {
		it->state = dm->state;
		it->mark = ex_str_make(t, dm->len);
		return (long)(dm->len + ex_skip_spaces(t + dm->len,
		    n - dm->len));
	}
	if (node->task_mark != 0) {
		it->state = node->task_mark == ' ' ? PDB_STATE_OPEN :
		    PDB_STATE_DONE;
		it->mark = ex_str_make(node->task_mark == 'X' ? "[X]" :
		    mark_text[it->state], 3);
		return (long)ex_skip_spaces(t, n);
	}
	if (n >= 3 && t[0] == '[' && t[2] == ']') {
		m = 3;
		if (n > 3 && t[3] == '*') {
			it->optional = 1;
			m = 4;
		}
		if (m < n && !ex_is_space((unsigned char)t[m]))
			return -1;
		st = mark_state((unsigned char)t[1]);
		if (st == -1) {
			note_unknown(ctx, node, t, 3);
			return -1;
		}
		if (st < 0)
			return -1;
		it->state = (enum pdb_state)st;
		it->mark = ex_str_make(t, m);
		return (long)(m + ex_skip_spaces(t + m, n - m));
	}
	if (n > 0 && t[0] == '[' && (m = word_mark(t, n)) > 0) {
		note_unknown(ctx, node, t, m);
		return -1;
	}
	if (n > 0 && (unsigned char)t[0] >= 0xE2 &&
	    (m = ex_match_emoji(t, n, item_emoji, &which)) > 0) {
		it->state = item_emoji_state[which];
		it->from_emoji = 1;
		it->mark = ex_str_make(t, m);
		return (long)(m + ex_skip_spaces(t + m, n - m));
	}
	if ((m = keyword_mark(t, n, &st)) > 0) {
		it->state = (enum pdb_state)st;
		it->mark = ex_str_make(t, m);
		return (long)(m + ex_skip_spaces(t + m, n - m));
	}
	return -1;
}

/* Length of an arrow ("->", "→") ending at t[i], else 0: what it points
 * to is when the item is due. */
static size_t
arrow_before(const char *t, size_t i)
{
	if (i >= 2 && t[i - 2] == '-' && t[i - 1] == '>')
		return 2;
	if (i >= 3 && memcmp(t + i - 3, "\xE2\x86\x92", 3) == 0)
		return 3;
	return 0;
}

/* Which field a date at t[at] belongs to, from what is written before it;
 * *from is set to where that context starts. */
static enum field
date_field(const char *t, size_t at, size_t *from)
{
	size_t i = at, w;
	int which;

	while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == ':'))
		i--;
	if ((w = arrow_before(t, i)) > 0) {
		*from = i - w;
		return F_DUE;
	}
	if (i >= 3 && memcmp(t + i - 3, "\xEF\xB8\x8F", 3) == 0)
		i -= 3;
	/* Each of them is 3 bytes from 0xE2 or 4 from 0xF0. */
	for (int k = 0; ((i >= 3 && (unsigned char)t[i - 3] == 0xE2) ||
	    (i >= 4 && (unsigned char)t[i - 4] == 0xF0)) &&
	    field_emoji[k] != NULL; k++) {
		size_t m = strlen(field_emoji[k]);

		if (i >= m && ex_match_emoji(t + i - m, m, field_emoji,
		    &which) && which == k) {
			*from = i - m;
			return field_emoji_field[k];
		}
	}
	for (w = i; w > 0 && ((t[w - 1] | 0x20) >= 'a' &&
	    (t[w - 1] | 0x20) <= 'z'); w--)
		;
	if (w == i || (w > 0 && ex_is_ascii_alnum((unsigned char)t[w - 1])))
		return F_NONE;
	for (size_t k = 0; k < sizeof(field_words) / sizeof(*field_words);
	    k++) {
		if (strlen(field_words[k].word) == i - w &&
		    ex_starts_with_ci(t + w, i - w, field_words[k].word)) {
			*from = w;
			return field_words[k].field;
		}
	}
	return F_NONE;
}

static void
set_field(struct pdb_item_fact *it, enum field f, int32_t day)
{
	int32_t *slot[] = {
		[F_DONE] = &it->done_date, [F_DUE] = &it->due_date,
		[F_CREATED] = &it->created_date, [F_START] = &it->start_date,
		[F_SCHEDULED] = &it->scheduled_date,
		[F_CANCELLED] = &it->cancelled_date,
	};

	if (*slot[f] == PDB_NO_DATE)
		*slot[f] = day;
}

static void
read_dates(const char *t, size_t n, struct pdb_item_fact *it,
    struct noise *ns)
{
	struct pdb_date_match m;
	size_t pos = 0, from;

	while (pos < n && date_find(t + pos, n - pos, &m)) {
		size_t at = pos + m.start, end = pos + m.end;
		enum field f = date_field(t, at, &from);

		if (f != F_NONE && m.days >= INT32_MIN + 1 &&
		    m.days <= INT32_MAX) {
			set_field(it, f, (int32_t)m.days);
			/* What closing an item appends is not part of what
			 * the item is, nor is a due date that may slip; an
			 * added date is. */
			if (f == F_DONE || f == F_CANCELLED || f == F_DUE)
				add_noise(ns, from, end);
		}
		pos = end;
	}
}

/* The current-step marker: an arrow, then "current step/task". */
static void
read_current(const char *t, size_t n, struct pdb_item_fact *it,
    struct noise *ns)
{
	static const char *const arrows[] = {"\xE2\x86\x90", "\xE2\xAC\x85",
	    "<--", "<-", NULL};

	for (size_t i = 0; (i += ex_find_either(t + i, n - i, '<', '\xE2')) < n;
	    i++) {
		int which;
		size_t m, j;

		m = ex_match_emoji(t + i, n - i, arrows, &which);
		if (m == 0)
			continue;
		j = i + m + ex_skip_spaces(t + i + m, n - i - m);
		if (!ex_starts_with_ci(t + j, n - j, "current"))
			continue;
		j += strlen("current");
		if (ex_starts_with_ci(t + j, n - j, " step") ||
		    ex_starts_with_ci(t + j, n - j, " task"))
			j += 5;
		it->current = 1;
		add_noise(ns, i, j);
		return;
	}
}

static void
read_priority_and_id(const char *t, size_t n, struct pdb_item_fact *it,
    struct noise *ns)
{
	/* Every priority emoji and the id emoji start with one of these. */
	for (size_t i = 0; (i += ex_find_either(t + i, n - i, '\xE2', '\xF0')) <
	    n; i++) {
		int which;
		size_t m;

		if ((m = ex_match_emoji(t + i, n - i, priority_emoji,
		    &which))) {
			it->priority = which + 1;
			add_noise(ns, i, i + m);
		} else if (n - i >= 4 && memcmp(t + i, ID_EMOJI, 4) == 0) {
			size_t s = i + 4 + ex_skip_spaces(t + i + 4, n - i - 4);
			size_t e = s;

			while (e < n &&
			    (ex_is_ascii_alnum((unsigned char)t[e]) ||
			    t[e] == '_' || t[e] == '-'))
				e++;
			if (e > s) {
				it->ext_id = ex_str_make(t + s, e - s);
				add_noise(ns, i, e);
			}
		}
	}
}

/* Dataview inline fields: [due:: 2025-10-01] or (completion:: ...). */
static void
read_inline_fields(const char *t, size_t n, struct pdb_item_fact *it,
    struct noise *ns)
{
	for (size_t i = 0; i + 1 < n; i++) {
		const char *colon = memchr(t + i, ':', n - 1 - i);
		size_t k, close;
		int64_t day;
		enum field f;

		if (colon == NULL)
			break;
		i = (size_t)(colon - t);
		if (t[i + 1] != ':')
			continue;
		for (k = i; k > 0 &&
		    (ex_is_ascii_alnum((unsigned char)t[k - 1]) ||
		    t[k - 1] == '-' || t[k - 1] == '_'); k--)
			;
		if (k == 0 || (t[k - 1] != '[' && t[k - 1] != '('))
			continue;
		for (close = i + 2; close < n && t[close] != ']' &&
		    t[close] != ')'; close++)
			;
		if (close == n)
			continue;
		f = F_NONE;
		for (size_t w = 0; w < sizeof(field_words) /
		    sizeof(*field_words); w++)
			if (strlen(field_words[w].word) == i - k &&
			    ex_starts_with_ci(t + k, i - k,
			    field_words[w].word))
				f = field_words[w].field;
		if (f != F_NONE && date_parse(t + i + 2, close - i - 2,
		    &day) == 0) {
			set_field(it, f, (int32_t)day);
			if (f == F_DONE || f == F_CANCELLED || f == F_DUE)
				add_noise(ns, k - 1, close + 1);
		}
		i = close;
	}
}

/* A week or quarter the item names, when no day is written as its due
 * date: due on the period's last day ("-> 2025-W48", "Q4 2025"). */
static void
read_due_period(const char *t, size_t n, struct pdb_item_fact *it,
    struct noise *ns)
{
	size_t s, e, b;
	int64_t day;

	if (it->due_date != PDB_NO_DATE || !ex_due_period_find(t, n, &s, &e,
	    &day))
		return;
	it->due_date = (int32_t)day;
	for (b = s; b > 0 && t[b - 1] == ' '; b--)
		;
	add_noise(ns, s - (arrow_before(t, b) > 0 ? s - b +
	    arrow_before(t, b) : 0), e);
}

static size_t
digits(const char *t, size_t n, size_t i, size_t max)
{
	size_t j = i;

	while (j < n && j - i < max && t[j] >= '0' && t[j] <= '9')
		j++;
	return j - i;
}

/* spec-kit "T012 [P] [US1] ...": the id, then its tags. */
static size_t
read_speckit_id(struct pdb_arena *a, const char *t, size_t n,
    struct pdb_item_fact *it)
{
	struct pdb_buf tags = {0};
	size_t d = digits(t, n, 1, 6), i;

	if (n < 4 || t[0] != 'T' || d < 3 || (1 + d < n && t[1 + d] != ' '))
		return 0;
	it->ext_id = ex_str_make(t, 1 + d);
	for (i = 1 + d; i < n;) {
		size_t s = i + ex_skip_spaces(t + i, n - i), e;

		if (s >= n || t[s] != '[')
			break;
		for (e = s + 1; e < n && e - s <= 12 &&
		    ex_is_ascii_alnum((unsigned char)t[e]); e++)
			;
		if (e >= n || t[e] != ']' || e == s + 1)
			break;
		if (tags.len > 0)
			buf_putc(&tags, ' ');
		buf_append(&tags, t + s + 1, e - s - 1);
		i = e + 1;
	}
	if (tags.len > 0)
		it->tags = ex_str_make(arena_strndup(a, tags.data, tags.len),
		    tags.len);
	buf_free(&tags);
	return i;
}

/* Kiro "1. Set up" / "1.2 Write tests": a task number. */
static size_t
read_number_id(const char *t, size_t n, struct pdb_item_fact *it)
{
	size_t i = 0, d, dots = 0;

	while ((d = digits(t, n, i, 3)) > 0) {
		i += d;
		if (i + 1 < n && t[i] == '.' && t[i + 1] >= '0' &&
		    t[i + 1] <= '9') {
			i++;
			dots++;
			continue;
		}
		break;
	}
	if (i == 0)
		return 0;
	if (i + 1 < n && t[i] == '.' && t[i + 1] == ' ') {
		it->ext_id = ex_str_make(t, i);
		return i + 1;
	}
	if (dots > 0 && (i == n || t[i] == ' ')) {
		it->ext_id = ex_str_make(t, i);
		return i;
	}
	return 0;
}

/* Tracker ids such as TD-004, R-03, JIRA-123. */
static size_t
read_ticket_id(const char *t, size_t n, struct pdb_item_fact *it)
{
	size_t i = 1, d;

	if (n < 3 || t[0] < 'A' || t[0] > 'Z')
		return 0;
	while (i < n && i <= 10 && ((t[i] >= 'A' && t[i] <= 'Z') ||
	    (t[i] >= '0' && t[i] <= '9')))
		i++;
	if (i >= n || t[i] != '-' || (d = digits(t, n, i + 1, 8)) == 0)
		return 0;
	i += 1 + d;
	if (i < n && t[i] != ' ' && t[i] != ':' && t[i] != ',')
		return 0;
	it->ext_id = ex_str_make(t, i);
	return i;
}

static void
read_leading_id(struct pdb_arena *a, const char *t, size_t n,
    struct pdb_item_fact *it)
{
	if (read_speckit_id(a, t, n, it) == 0 &&
	    read_number_id(t, n, it) == 0)
		read_ticket_id(t, n, it);
}

static void
read_label(const struct pdb_doc *doc, uint32_t owner, size_t body_off,
    const char *owner_text, struct pdb_item_fact *it)
{
	const struct pdb_node *o = &doc->nodes[owner];
	const struct pdb_span *sp;
	struct pdb_str l;

	if (o->span_count == 0)
		return;
	sp = &doc->spans[o->span];
	if (sp->start != body_off)
		return;
	l = ex_str_trim(owner_text + sp->start, sp->len);
	while (l.n > 0 && (l.p[l.n - 1] == ':' || ex_is_space(
	    (unsigned char)l.p[l.n - 1])))
		l.n--;
	it->label = l;
}

/* Lower-cased ASCII words joined by single spaces, noise left out. */
static void
normalise(const char *t, size_t n, const struct noise *ns,
    struct pdb_buf *out)
{
	int gap = 0, noisy = ns->n > 0;	/* read once: o aliases all */
	size_t len = 0;
	char *o;

	/* A space stands for one or more bytes dropped: never longer. */
	buf_reset(out);
	buf_reserve(out, n);
	o = out->data;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = ex_fold[(unsigned char)t[i]];

		if (noisy && in_noise(ns, i))
			continue;
		if (c == 0) {
			gap = 1;
			continue;
		}
		if (gap && len > 0)
			o[len++] = ' ';
		gap = 0;
		o[len++] = (char)c;
	}
	o[len] = '\0';
	out->len = len;
}

int
ex_item_from_node(struct pdb_item_ctx *ctx, uint32_t node,
    struct pdb_item_fact *it, struct pdb_str *norm)
{
	const struct pdb_doc *doc = ctx->doc;
	struct noise ns;	/* not zeroed: only n counts */
	uint32_t owner;
	size_t n;
	long off;
	const char *t = model_item_text(doc, node, &n, &owner);
	struct pdb_str body;
	const char *first;

	ns.n = 0;
	it->done_date = it->due_date = it->created_date = PDB_NO_DATE;
	it->start_date = it->scheduled_date = it->cancelled_date = PDB_NO_DATE;
	it->line = doc->nodes[node].line;
	off = read_mark(ctx, &doc->nodes[node], t, n, it);
	if (off < 0)
		return 0;
	body = ex_str_trim(t + off, n - (size_t)off);
	/* A Logseq block's further lines are its properties and logbook. */
	if (it->mark.n > 0 && it->mark.p[0] >= 'A' && it->mark.p[0] <= 'Z' &&
	    memchr(body.p, '\n', body.n) != NULL)
		body = ex_str_trim(body.p, (size_t)((const char *)memchr(body.p,
		    '\n', body.n) - body.p));
	it->text = ex_str_flatten(&ctx->facts->arena, body.p, body.n);
	read_label(doc, owner, (size_t)(body.p - t), t, it);
	read_leading_id(&ctx->facts->arena, body.p, body.n, it);
	read_priority_and_id(body.p, body.n, it, &ns);
	read_inline_fields(body.p, body.n, it, &ns);
	read_dates(body.p, body.n, it, &ns);
	read_due_period(body.p, body.n, it, &ns);
	read_current(body.p, body.n, it, &ns);
	/* Identity is the first line: continuation lines are detail. */
	first = memchr(body.p, '\n', body.n);
	normalise(body.p, first != NULL ? (size_t)(first - body.p) : body.n,
	    &ns, ctx->scratch);
	*norm = ex_str_make(ctx->scratch->data ? ctx->scratch->data : "",
	    ctx->scratch->len);
	return 1;
}
