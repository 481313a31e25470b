/*
 * extract_status.c - what a heading or a status value declares: status
 * emoji and status words, and the milestone a title names.
 *
 * Decorative emoji (🚀 ⚙️ 🔗 🎯 📋 🚨) are not statuses.  Status words in a
 * heading count when they follow a status emoji ("⏸️ NOT STARTED"), when
 * written in capitals ("Implementation Checklist ✅ COMPLETE", "LAYER 1
 * COMPLETE"), or when they end the title after a separator ("Phase 2 - In
 * Progress", "Layer 3 (Done)"), so that "Completion & Documentation" or
 * "Active Risks" declare nothing.
 */
#include "extract_int.h"

enum {
	DONE = PDB_STATE_DONE,
	PROG = PDB_STATE_IN_PROGRESS,
	NOTS = PDB_STATE_NOT_STARTED,
	BLOK = PDB_STATE_BLOCKED,
	CANC = PDB_STATE_CANCELLED,
	DEFR = PDB_STATE_DEFERRED,
};

static const char *const status_emoji[] = {
	"\xE2\x9C\x85",		/* ✅ */
	"\xE2\x9C\x94",		/* ✔ */
	"\xE2\x98\x91",		/* ☑ */
	"\xE2\x8F\xB3",		/* ⏳ */
	"\xF0\x9F\x94\x84",	/* 🔄 */
	"\xF0\x9F\x9A\xA7",	/* 🚧 */
	"\xE2\x8F\xB8",		/* ⏸ */
	"\xE2\xAC\x9C",		/* ⬜ */
	"\xE2\x9D\x8C",		/* ❌ */
	"\xF0\x9F\x94\x92",	/* 🔒 */
	"\xE2\x9B\x94",		/* ⛔ */
	"\xF0\x9F\x9B\x91",	/* 🛑 */
	"\xF0\x9F\x9A\xAB",	/* 🚫 */
	NULL
};
static const int emoji_state[] = {
	DONE, DONE, DONE, PROG, PROG, PROG, NOTS, NOTS, NOTS,
	BLOK, BLOK, BLOK, BLOK,
};

struct phrase {
	const char	*text;		/* lower case */
	int		 state;
	int		 value_only;	/* too common in titles to count there */
};

/* Longer phrases first where one starts another ("not started"). */
static const struct phrase phrases[] = {
	{"not yet started", NOTS, 0}, {"not started", NOTS, 0},
	{"to do", NOTS, 1}, {"todo", NOTS, 0}, {"pending", NOTS, 0},
	{"planned", NOTS, 0}, {"backlog", NOTS, 1},
	{"in progress", PROG, 0}, {"in-progress", PROG, 0},
	{"wip", PROG, 0}, {"ongoing", PROG, 0}, {"in review", PROG, 0},
	{"under review", PROG, 0}, {"active", PROG, 1},
	{"started", PROG, 1}, {"initiated", PROG, 1},
	{"completed", DONE, 0}, {"complete", DONE, 0}, {"done", DONE, 0},
	{"finished", DONE, 0}, {"closed", DONE, 1}, {"resolved", DONE, 1},
	{"blocked", BLOK, 0}, {"on hold", BLOK, 0},
	{"cancelled", CANC, 0}, {"canceled", CANC, 0}, {"dropped", CANC, 1},
	{"deferred", DEFR, 0}, {"postponed", DEFR, 0},
};

static int
word_start(const char *t, size_t i)
{
	return i == 0 || !is_ascii_alnum((unsigned char)t[i - 1]);
}

/* The phrase starting at t[i] on word boundaries, or NULL. */
static const struct phrase *
phrase_at(const char *t, size_t n, size_t i, int in_value)
{
	unsigned char c = (unsigned char)(t[i] | 0x20);

	if (c < 'a' || c > 'z' || !word_start(t, i))
		return NULL;
	for (size_t k = 0; k < sizeof(phrases) / sizeof(*phrases); k++) {
		const struct phrase *p = &phrases[k];
		size_t m;

		if ((unsigned char)p->text[0] != c || (p->value_only &&
		    !in_value))
			continue;
		m = strlen(p->text);
		if (starts_with_ci(t + i, n - i, p->text) &&
		    (i + m == n || !is_ascii_alnum((unsigned char)t[i + m])))
			return p;
	}
	return NULL;
}

static int
has_no_lower(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
	return 1;
}

/* Length of a run of capitalised words (A-Z, digits, '-') from t[i]. */
static size_t
caps_run(const char *t, size_t n, size_t i)
{
	size_t j = i, end = i;

	while (j < n) {
		size_t w = j;

		while (w < n && ((t[w] >= 'A' && t[w] <= 'Z') ||
		    (t[w] >= '0' && t[w] <= '9') || t[w] == '-'))
			w++;
		if (w == j)
			break;
		end = w;
		if (w < n && t[w] == ' ')
			j = w + 1;
		else
			break;
	}
	return end - i;
}

/* After an emoji: status words, or a run of capitals holding one. */
static size_t
words_after_emoji(const char *t, size_t n, size_t i, int *state)
{
	const struct phrase *p = phrase_at(t, n, i, 0);
	size_t run;

	if (p != NULL) {
		*state = p->state;
		return strlen(p->text);
	}
	run = caps_run(t, n, i);
	for (size_t k = i; k < i + run; k++) {
		p = phrase_at(t, i + run, k, 0);
		if (p != NULL) {
			*state = p->state;
			return run;
		}
	}
	return 0;
}

/* 1 if only spaces and closing punctuation follow t[i..]. */
static int
at_title_end(const char *t, size_t n, size_t i)
{
	for (; i < n; i++)
		if (!is_space((unsigned char)t[i]) && t[i] != ')' &&
		    t[i] != ']' && t[i] != '.' && t[i] != '!' && t[i] != '*')
			return 0;
	return 1;
}

/* Offset of a separator ending just before t[i] (spaces between), or n. */
static size_t
separator_before(const char *t, size_t n, size_t i)
{
	static const char *const seps[] = {"\xE2\x80\x93", "\xE2\x80\x94",
	    "-", ":", "|", "(", "[", ",", NULL};

	while (i > 0 && t[i - 1] == ' ')
		i--;
	for (int k = 0; seps[k] != NULL; k++) {
		size_t m = strlen(seps[k]);

		if (i >= m && memcmp(t + i - m, seps[k], m) == 0)
			return i - m;
	}
	return n;
}

size_t
status_in_title(const char *t, size_t n, struct pdb_status_hit *hits,
    size_t max)
{
	size_t nh = 0, i = 0;

	while (i < n && nh < max) {
		const struct phrase *p;
		int which, state;
		size_t m, sep;

		if ((unsigned char)t[i] >= 0xE2 &&
		    (m = match_emoji(t + i, n - i, status_emoji, &which)) > 0) {
			size_t j = i + m + skip_spaces(t + i + m, n - i - m);
			size_t w;

			state = emoji_state[which];
			w = words_after_emoji(t, n, j, &state);
			hits[nh++] = (struct pdb_status_hit){i,
			    w > 0 ? j + w - i : m, state};
			i = w > 0 ? j + w : i + m;
			continue;
		}
		p = phrase_at(t, n, i, 0);
		if (p == NULL) {
			i += utf8_len(t + i, n - i);
			continue;
		}
		m = strlen(p->text);
		if (has_no_lower(t + i, m) && !(i == 0 && at_title_end(t, n, m)))
			hits[nh++] = (struct pdb_status_hit){i, m, p->state};
		else if (at_title_end(t, n, i + m) &&
		    (sep = separator_before(t, n, i)) < n)
			hits[nh++] = (struct pdb_status_hit){sep, n - sep,
			    p->state};
		i += m;
	}
	return nh;
}

int
status_of_value(const char *v, size_t n)
{
	int first = -1, mixed = 0, blocked = 0;

	for (size_t i = 0; i < n;) {
		const struct phrase *p;
		int which, state = -1;
		size_t m;

		if ((unsigned char)v[i] >= 0xE2 &&
		    (m = match_emoji(v + i, n - i, status_emoji, &which)) > 0) {
			state = emoji_state[which];
		} else if ((p = phrase_at(v, n, i, 1)) != NULL) {
			state = p->state;
			m = strlen(p->text);
		} else {
			m = utf8_len(v + i, n - i);
		}
		if (state >= 0) {
			blocked |= state == BLOK;
			if (first < 0)
				first = state;
			else if (state != first)
				mixed = 1;
		}
		i += m;
	}
	/* "Layer 2 Complete - Code Review in Progress": work goes on. */
	if (blocked)
		return BLOK;
	return mixed ? PROG : first;
}

static int
is_leading_junk(unsigned char c)
{
	return is_space(c) || c == '-' || c == ':' || c == '|' || c == ',';
}

static int
is_trailing_junk(unsigned char c)
{
	return is_leading_junk(c) || c == '(' || c == '[';
}

size_t
title_without(const char *t, size_t n, const struct pdb_status_hit *hits,
    size_t nhits, char *out)
{
	size_t o = 0, h = 0, a, b;

	for (size_t i = 0; i < n;) {
		if (h < nhits && i == hits[h].start) {
			i += hits[h++].len;
			continue;
		}
		if (t[i] == ' ' && o > 0 && out[o - 1] == ' ') {
			i++;
			continue;
		}
		out[o++] = t[i++];
	}
	if (nhits == 0)
		return o;
	/* What separated the removed status from the rest goes too. */
	for (a = 0; a < o && is_leading_junk((unsigned char)out[a]); a++)
		;
	for (b = o; b > a && is_trailing_junk((unsigned char)out[b - 1]); b--)
		;
	while (b - a >= 3 && (memcmp(out + b - 3, "\xE2\x80\x93", 3) == 0 ||
	    memcmp(out + b - 3, "\xE2\x80\x94", 3) == 0)) {
		b -= 3;
		while (b > a && is_trailing_junk((unsigned char)out[b - 1]))
			b--;
	}
	memmove(out, out + a, b - a);
	return b - a;
}

static const char *const milestone_words[] = {
	"Phase", "Milestone", "Layer", "Sprint", "Week", "Step", "Stage",
	"Iteration", NULL
};

/* Length of "12" or "5.1.2" at t[i], 0 if none; must end on a boundary. */
static size_t
version_number(const char *t, size_t n, size_t i)
{
	size_t j = i;

	for (;;) {
		size_t d = j;

		while (d < n && t[d] >= '0' && t[d] <= '9' && d - j < 4)
			d++;
		if (d == j)
			return 0;
		j = d;
		if (j + 1 < n && t[j] == '.' && t[j + 1] >= '0' &&
		    t[j + 1] <= '9')
			j++;
		else
			break;
	}
	/* "Milestone 5.X": a milestone's sub-steps taken together. */
	if (j + 1 < n && t[j] == '.' && (t[j + 1] == 'X' || t[j + 1] == 'x') &&
	    (j + 2 == n || !is_ascii_alnum((unsigned char)t[j + 2])))
		j += 2;
	if (j < n && is_ascii_alnum((unsigned char)t[j]))
		return 0;
	return j - i;
}

size_t
milestone_key(const char *t, size_t n, char *out, size_t cap)
{
	for (size_t i = 0; i < n; i++) {
		size_t num;

		if (!word_start(t, i) || !is_ascii_alnum((unsigned char)t[i]))
			continue;
		if (t[i] == 'M' && (num = version_number(t, n, i + 1)) > 0 &&
		    num + 1 < cap) {
			memcpy(out, t + i, num + 1);
			return num + 1;
		}
		for (int k = 0; milestone_words[k] != NULL; k++) {
			const char *w = milestone_words[k];
			size_t m = strlen(w), j = i + m, sp;

			if (!starts_with_ci(t + i, n - i, w))
				continue;
			sp = 0;
			while (j + sp < n && t[j + sp] == ' ')
				sp++;
			if (sp == 0 || j + sp >= n)
				continue;
			num = version_number(t, n, j + sp);
			if (num == 0 || m + 1 + num >= cap)
				continue;
			memcpy(out, w, m);
			out[m] = ' ';
			memcpy(out + m + 1, t + j + sp, num);
			return m + 1 + num;
		}
	}
	return 0;
}
