/*
 * extract_status.c - what a heading or a status value declares: status
 * emoji and status words, and the milestone a title names.
 *
 * Decorative emoji (🚀 ⚙️ 🔗 🎯 📋 🚨) are not statuses, nor are status
 * emoji used as icons ("🔄 Updates", "Risks: ✅ LOW").  Status words in a
 * heading count when they follow a status emoji ("⏸️ NOT STARTED"), when
 * written in capitals ("Implementation Checklist ✅ COMPLETE", "LAYER 1
 * COMPLETE", not "TODO List"), when they end the title after a separator
 * or in brackets ("Phase 2 - In Progress", "Layer 3 (Done)", "(Active)",
 * "（完了: 2026-02-12）"), when they open a bucket title ("Completed
 * Features", "Fixed Issues") or are the whole title ("In Progress"), so
 * that "Completion & Documentation" or "Active Risks" declare nothing.
 * Words of other languages count in the same places.
 */
#include "extract_int.h"

#include "progdb/config.h"

enum {
	DONE = PDB_STATE_DONE,
	PROG = PDB_STATE_IN_PROGRESS,
	NOTS = PDB_STATE_NOT_STARTED,
	BLOK = PDB_STATE_BLOCKED,
	CANC = PDB_STATE_CANCELLED,
	DEFR = PDB_STATE_DEFERRED,
	PART = PDB_STATE_PARTIAL,
};

static const char *const status_emoji[] = {
	"\xE2\x9C\x85",		/* ✅ */
	"\xE2\x9C\x94",		/* ✔ */
	"\xE2\x9C\x93",		/* ✓ */
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
	DONE, DONE, DONE, DONE, PROG, PROG, PROG, NOTS, NOTS, NOTS,
	BLOK, BLOK, BLOK, BLOK,
};
/* Emoji also used as icons: 🔄 "Updates", 🔒 "Security". */
#define EMOJI_CYCLE	5
#define EMOJI_LOCK	10

/* Where else a phrase counts in a title: nowhere, opening a bucket title
 * ("Completed Features"), opening one when tracked work follows ("Fixed
 * Issues", not "Fixed Costs"), or as the whole title. */
enum { LEAD_NO, LEAD_BUCKET, LEAD_WORK, LEAD_ALONE };

struct phrase {
	const char	*text;		/* lower case */
	int		 state;
	int		 value_only;	/* too common in titles to count there */
	int		 leads;		/* LEAD_* */
};

/*
 * Sorted by first letter, which phrase_at() looks up by halves; longer
 * phrases first where one starts another ("not started").
 */
static const struct phrase phrases[] = {
	{"active", PROG, 1, LEAD_NO},
	{"abgeschlossen", DONE, 0, LEAD_NO},
	{"already implemented", DONE, 0, LEAD_NO},
	{"backlog", NOTS, 1, LEAD_NO},
	{"blocked", BLOK, 0, LEAD_WORK},
	{"completed", DONE, 0, LEAD_BUCKET},
	{"complete", DONE, 0, LEAD_ALONE},
	{"completado", DONE, 0, LEAD_NO},
	{"completada", DONE, 0, LEAD_NO},
	{"conclu\xC3\xAD" "do", DONE, 0, LEAD_NO}, /* concluído */
	{"closed", DONE, 1, LEAD_WORK},
	{"cancelled", CANC, 0, LEAD_WORK},
	{"canceled", CANC, 0, LEAD_WORK},
	{"done", DONE, 0, LEAD_ALONE},
	{"dropped", CANC, 1, LEAD_NO},
	{"deferred", DEFR, 0, LEAD_WORK},
	{"en progreso", PROG, 0, LEAD_NO},
	{"en curso", PROG, 0, LEAD_NO},
	{"em andamento", PROG, 0, LEAD_NO},
	{"en cours", PROG, 0, LEAD_NO},
	{"erledigt", DONE, 0, LEAD_NO},
	{"finished", DONE, 0, LEAD_BUCKET},
	{"fixed", DONE, 1, LEAD_WORK},
	{"in progress", PROG, 0, LEAD_BUCKET},
	{"in-progress", PROG, 0, LEAD_BUCKET},
	{"in arbeit", PROG, 0, LEAD_NO},
	{"in bearbeitung", PROG, 0, LEAD_NO},
	{"in review", PROG, 0, LEAD_NO},
	{"initiated", PROG, 1, LEAD_NO},
	{"implemented", DONE, 0, LEAD_NO},
	{"not yet started", NOTS, 0, LEAD_BUCKET},
	{"not started", NOTS, 0, LEAD_BUCKET},
	{"not yet implemented", NOTS, 0, LEAD_BUCKET},
	{"not implemented", NOTS, 0, LEAD_BUCKET},
	{"ongoing", PROG, 0, LEAD_NO},
	{"on hold", BLOK, 0, LEAD_WORK},
	{"pending", NOTS, 0, LEAD_NO},
	{"pendiente", NOTS, 0, LEAD_NO},
	{"pendente", NOTS, 0, LEAD_NO},
	{"planned", NOTS, 0, LEAD_NO},
	{"partially complete", PART, 0, LEAD_NO},
	{"partially done", PART, 0, LEAD_NO},
	{"partial", PART, 0, LEAD_NO},
	{"postponed", DEFR, 0, LEAD_WORK},
	{"resolved", DONE, 1, LEAD_BUCKET},
	{"started", PROG, 1, LEAD_NO},
	{"to do", NOTS, 1, LEAD_NO},
	{"todo", NOTS, 0, LEAD_NO},
	{"terminado", DONE, 0, LEAD_NO},
	{"termin\xC3\xA9", DONE, 0, LEAD_NO}, /* terminé */
	{"under review", PROG, 0, LEAD_NO},
	{"wip", PROG, 0, LEAD_NO},
};

/*
 * Status words of scripts without spaces between words (and Cyrillic,
 * Hangul): matched anywhere, so they count only where a separator, an
 * emoji or the title's start puts them.  Longer ones first ("一部完了").
 */
static const struct phrase wide_phrases[] = {
	/* 一部完了 */
	{"\xE4\xB8\x80\xE9\x83\xA8\xE5\xAE\x8C\xE4\xBA\x86", PART, 0, LEAD_NO},
	/* 未完了 */
	{"\xE6\x9C\xAA\xE5\xAE\x8C\xE4\xBA\x86", NOTS, 0, LEAD_NO},
	/* 完了済み */
	{"\xE5\xAE\x8C\xE4\xBA\x86"
	    "\xE6\xB8\x88\xE3\x81\xBF", DONE, 0, LEAD_ALONE},
	{"\xE5\xAE\x8C\xE4\xBA\x86", DONE, 0, LEAD_ALONE},	/* 完了 */
	{"\xE5\xB7\xB2\xE5\xAE\x8C\xE6\x88\x90", DONE, 0, LEAD_ALONE}, /* 已完成 */
	/* 未完成 */
	{"\xE6\x9C\xAA\xE5\xAE\x8C\xE6\x88\x90", NOTS, 0, LEAD_NO},
	{"\xE5\xAE\x8C\xE6\x88\x90", DONE, 0, LEAD_ALONE},	/* 完成 */
	{"\xE8\xBF\x9B\xE8\xA1\x8C\xE4\xB8\xAD", PROG, 0, LEAD_ALONE}, /* 进行中 */
	{"\xE9\x80\xB2\xE8\xA1\x8C\xE4\xB8\xAD", PROG, 0, LEAD_ALONE}, /* 進行中 */
	{"\xE5\xAF\xBE\xE5\xBF\x9C\xE4\xB8\xAD", PROG, 0, LEAD_ALONE}, /* 対応中 */
	{"\xE6\x9C\xAA\xE7\x9D\x80\xE6\x89\x8B", NOTS, 0, LEAD_ALONE}, /* 未着手 */
	{"\xE6\x9C\xAA\xE5\xBC\x80\xE5\xA7\x8B", NOTS, 0, LEAD_ALONE}, /* 未开始 */
	{"\xEC\x99\x84\xEB\xA3\x8C", DONE, 0, LEAD_ALONE},	/* 완료 */
	/* 진행 중 */
	{"\xEC\xA7\x84\xED\x96\x89 \xEC\xA4\x91", PROG, 0, LEAD_ALONE},
	{"\xEC\xA7\x84\xED\x96\x89\xEC\xA4\x91", PROG, 0, LEAD_ALONE}, /* 진행중 */
	{"\xEA\xB3\x84\xED\x9A\x8D", NOTS, 0, LEAD_NO},	/* 계획 */
	{"\xEB\x8C\x80\xEA\xB8\xB0", NOTS, 0, LEAD_NO},	/* 대기 */
	/* выполнено */
	{"\xD0\xB2\xD1\x8B\xD0\xBF\xD0\xBE\xD0"
	    "\xBB\xD0\xBD\xD0\xB5\xD0\xBD\xD0\xBE", DONE, 0, LEAD_ALONE},
	/* завершено */
	{"\xD0\xB7\xD0\xB0\xD0\xB2\xD0\xB5\xD1"
	    "\x80\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBE", DONE, 0, LEAD_ALONE},
	/* в работе */
	{"\xD0\xB2 \xD1\x80\xD0\xB0"
	    "\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB5", PROG, 0, LEAD_ALONE},
};

static int
word_start(const char *t, size_t i)
{
	return i == 0 || !ex_is_ascii_alnum((unsigned char)t[i - 1]);
}

/* Where a phrase is looked for: which of them may count there. */
enum { IN_TITLE, IN_VALUE, AT_START };

/*
 * 1 if the character before t[i] is a letter of a script without spaces
 * (or Cyrillic, Hangul): "計画策定完了" is "planning done", a compound, not
 * a status.  Punctuation, emoji and ASCII before it are fine.
 */
static int
in_compound(const char *t, size_t i)
{
	size_t k = i;
	unsigned char c;

	while (k > 0 && ((unsigned char)t[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0 || k == i)
		return 0;
	c = (unsigned char)t[--k];
	if (c == 0xEF && (unsigned char)t[k + 1] == 0xBC)
		return 0;	/* full-width punctuation （：，） */
	if (c == 0xE3 && (unsigned char)t[k + 1] == 0x80)
		return 0;	/* CJK symbols 、。【】「」 */
	return c == 0xD0 || c == 0xD1 || (c >= 0xE3 && c <= 0xED);
}

/* The wide phrase starting at t[i], or NULL. */
static const struct phrase *
wide_phrase_at(const char *t, size_t n, size_t i)
{
	if (in_compound(t, i))
		return NULL;
	for (size_t k = 0; k < sizeof(wide_phrases) / sizeof(*wide_phrases);
	    k++) {
		size_t m = strlen(wide_phrases[k].text);

		if (m <= n - i && memcmp(t + i, wide_phrases[k].text, m) == 0)
			return &wide_phrases[k];
	}
	return NULL;
}

/* The phrase starting at t[i] on word boundaries, or NULL; value-only
 * phrases count IN_VALUE and AT_START. */
static const struct phrase *
phrase_at(const char *t, size_t n, size_t i, int where)
{
	unsigned char c = (unsigned char)(t[i] | 0x20);

	if ((unsigned char)t[i] >= 0xC0)
		return wide_phrase_at(t, n, i);
	size_t lo = 0, hi = sizeof(phrases) / sizeof(*phrases);

	if (c < 'a' || c > 'z' || !word_start(t, i))
		return NULL;
	/* The first phrase starting with c or a later letter. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((unsigned char)phrases[mid].text[0] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < sizeof(phrases) / sizeof(*phrases) &&
	    (unsigned char)phrases[k].text[0] == c; k++) {
		const struct phrase *p = &phrases[k];
		size_t m;

		if ((p->value_only && where == IN_TITLE) ||
		    !ex_starts_with_ci(t + i, n - i, p->text))
			continue;
		m = strlen(p->text);
		if (i + m == n || !ex_is_ascii_alnum((unsigned char)t[i + m]))
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
	const struct phrase *p = phrase_at(t, n, i, IN_TITLE);
	size_t run;

	if (p != NULL) {
		*state = p->state;
		return strlen(p->text);
	}
	run = caps_run(t, n, i);
	for (size_t k = i; k < i + run; k++) {
		p = phrase_at(t, i + run, k, IN_TITLE);
		if (p != NULL) {
			*state = p->state;
			return run;
		}
	}
	return 0;
}

/* Bytes of a full-width closing bracket or colon at t[i] ）】」：, else 0. */
static size_t
wide_closer(const char *t, size_t n, size_t i)
{
	static const char *const closers[] = {"\xEF\xBC\x89", "\xE3\x80\x91",
	    "\xE3\x80\x8D", "\xEF\xBC\x9A", NULL};

	for (int k = 0; closers[k] != NULL; k++)
		if (i + 3 <= n && memcmp(t + i, closers[k], 3) == 0)
			return 3;
	return 0;
}

/* 1 if only spaces, closing punctuation and a date ("完了: 2026-02-12）",
 * "COMPLETED 2026-01-09") follow t[i..]. */
static int
at_title_end(const char *t, size_t n, size_t i)
{
	while (i < n) {
		size_t w = wide_closer(t, n, i);

		if (w > 0) {
			i += w;
			continue;
		}
		if (!ex_is_space((unsigned char)t[i]) && t[i] != ')' &&
		    t[i] != ']' && t[i] != '.' && t[i] != '!' && t[i] != '*' &&
		    t[i] != ':' && t[i] != '-' && t[i] != '/' &&
		    (t[i] < '0' || t[i] > '9'))
			return 0;
		i++;
	}
	return 1;
}

/* Offset of a separator ending just before t[i] (spaces between), or n. */
static size_t
separator_before(const char *t, size_t n, size_t i)
{
	static const char *const seps[] = {"\xE2\x80\x93", "\xE2\x80\x94",
	    "\xEF\xBC\x88", "\xEF\xBC\x9A", "\xE3\x80\x90",	/* （：【 */
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

/* 1 if t[i] opens a bracket: "(", "[", "（", "【". */
static int
is_opening(const char *t, size_t n, size_t i)
{
	return t[i] == '(' || t[i] == '[' || (i + 3 <= n &&
	    (memcmp(t + i, "\xEF\xBC\x88", 3) == 0 ||
	    memcmp(t + i, "\xE3\x80\x90", 3) == 0));
}

/* 1 if a severity word ends the title at t[i]: "Risks: ✅ LOW" rates, it
 * is no state ("❌ CRITICAL FAILURES" is). */
static int
level_word_at(const char *t, size_t n, size_t i)
{
	static const char *const levels[] = {"low", "medium", "high",
	    "critical", NULL};

	for (int k = 0; levels[k] != NULL; k++) {
		size_t m = strlen(levels[k]);

		if (ex_starts_with_ci(t + i, n - i, levels[k]) && (i + m == n ||
		    (!ex_is_ascii_alnum((unsigned char)t[i + m]) &&
		    at_title_end(t, n, i + m))))
			return 1;
	}
	return 0;
}

/* 1 if a word and a number start t[i..]: "MVP 3", "Phase 4", "Sprint 2". */
static int
numbered_work_at(const char *t, size_t n, size_t i)
{
	size_t w = i;

	while (w < n && ((t[w] | 0x20) >= 'a' && (t[w] | 0x20) <= 'z'))
		w++;
	return w > i && w + 1 < n && t[w] == ' ' && t[w + 1] >= '0' &&
	    t[w + 1] <= '9';
}

/*
 * 1 if the status emoji at t[i] (words after it: w bytes from j) is a
 * status, 0 when it is an icon: 🔄 or 🔒 opening a title that has no
 * status words after it and names no numbered piece of work ("🔄 Updates",
 * "🔒 Security Risks", but "🔒 Phase 4", "🔄 MVP 4"), or an emoji rating a
 * level ("Risks: ✅ LOW").
 */
static int
emoji_is_status(const char *t, size_t n, size_t i, int which, size_t j,
    size_t w)
{
	char key[64];

	if (w > 0)
		return 1;
	if (i == 0 && (which == EMOJI_CYCLE || which == EMOJI_LOCK))
		return numbered_work_at(t, n, j) ||
		    ex_milestone_key(t, n, key, sizeof(key)) > 0;
	return !level_word_at(t, n, j);
}

/* 1 if a word naming tracked work starts t[i..] ("Issues", "Debt"). */
static int
names_work(const char *t, size_t n, size_t i)
{
	static const char *const work[] = {"issue", "bug", "item", "debt",
	    "risk", "task", "ticket", "defect", "problem", "finding",
	    "blocker", "work", "feature", "story", "stories", NULL};

	for (int k = 0; work[k] != NULL; k++)
		if (ex_starts_with_ci(t + i, n - i, work[k]))
			return 1;
	return 0;
}

/* A title opening with a status: a bucket ("Completed Features",
 * "Closed/Resolved Risks") or the status alone ("In Progress", "完了"). */
static size_t
status_at_start(const char *t, size_t n, struct pdb_status_hit *hit)
{
	const struct phrase *p = phrase_at(t, n, 0, AT_START);
	size_t m, j;

	if (p == NULL || p->leads == LEAD_NO)
		return 0;
	m = strlen(p->text);
	if (!at_title_end(t, n, m) && (p->leads == LEAD_ALONE ||
	    m == n || ex_is_ascii_alnum((unsigned char)t[m])))
		return 0;
	/* The word after it, past "/Resolved" in "Closed/Resolved Risks". */
	for (j = m; j < n && t[j] != ' '; j++)
		;
	if (p->leads == LEAD_WORK && !at_title_end(t, n, m) &&
	    !names_work(t, n, j + ex_skip_spaces(t + j, n - j)))
		return 0;
	*hit = (struct pdb_status_hit){0, m, p->state, 1};
	return m;
}

/* "Step 5.1: Auth Store (0/3)": a count of none done ends the title. */
static int
zero_count_at_end(const char *t, size_t n, struct pdb_status_hit *hit)
{
	size_t e = n, d;

	while (e > 0 && t[e - 1] == ' ')
		e--;
	if (e < 5 || t[e - 1] != ')')
		return 0;
	for (d = e - 1; d > 0 && t[d - 1] >= '0' && t[d - 1] <= '9'; d--)
		;
	if (d == e - 1 || d < 4 || memcmp(t + d - 3, "(0/", 3) != 0 ||
	    t[d] == '0')
		return 0;
	*hit = (struct pdb_status_hit){d - 3, n - (d - 3), NOTS, 0};
	return 1;
}

/* 1 if a word in lower case or in another script follows t[i..]. */
static int
word_follows(const char *t, size_t n, size_t i)
{
	unsigned char c;

	while (i < n && t[i] == ' ')
		i++;
	if (i == n)
		return 0;
	c = (unsigned char)t[i];
	if ((c >= 0xC0 && c <= 0xE1) || (c >= 0xE3 && c <= 0xEF))
		return 1;	/* not an emoji (E2, F0) */
	for (; i < n && ex_is_ascii_alnum((unsigned char)t[i]); i++)
		if (t[i] >= 'a' && t[i] <= 'z')
			return 1;
	return 0;
}

/* A status phrase p at t[i] (m bytes): its hit, if its place makes it one. */
static int
phrase_hit(const char *t, size_t n, size_t i, const struct phrase *p,
    struct pdb_status_hit *hit)
{
	size_t m = strlen(p->text), sep;

	/* Capitals anywhere ("LAYER 1 COMPLETE"), not alone ("TODO") nor
	 * naming what follows ("TODO List"). */
	if ((unsigned char)t[i] < 0x80 && !p->value_only &&
	    has_no_lower(t + i, m) && !(i == 0 && at_title_end(t, n, m)) &&
	    !word_follows(t, n, i + m)) {
		*hit = (struct pdb_status_hit){i, m, p->state, 0};
		return 1;
	}
	if (!at_title_end(t, n, i + m) ||
	    (sep = separator_before(t, n, i)) == n)
		return 0;
	/* "(Active)": a word too common to count elsewhere, bracketed. */
	if (p->value_only && !is_opening(t, n, sep))
		return 0;
	*hit = (struct pdb_status_hit){sep, n - sep, p->state, 0};
	return 1;
}

static int
has_state(const struct pdb_status_hit *hits, size_t nh)
{
	for (size_t k = 0; k < nh; k++)
		if (hits[k].state >= 0)
			return 1;
	return 0;
}

int
ex_status_is_emoji(const char *s, size_t n)
{
	int which;

	return n > 0 && ex_match_emoji(s, n, status_emoji, &which) == n;
}

size_t
ex_status_in_title(const char *t, size_t n, struct pdb_status_hit *hits,
    size_t max)
{
	size_t nh = 0, i = status_at_start(t, n, &hits[0]);

	nh = i > 0;
	while (i < n && nh < max) {
		const struct phrase *p;
		int which, state;
		size_t m;

		if ((unsigned char)t[i] >= 0xE2 &&
		    (m = ex_match_emoji(t + i, n - i, status_emoji,
		    &which)) > 0) {
			size_t j = i + m + ex_skip_spaces(t + i + m, n - i - m);
			size_t w;

			state = emoji_state[which];
			w = words_after_emoji(t, n, j, &state);
			if (!emoji_is_status(t, n, i, which, j, w))
				state = -1;
			hits[nh++] = (struct pdb_status_hit){i,
			    w > 0 ? j + w - i : m, state, 0};
			i = w > 0 ? j + w : i + m;
			continue;
		}
		/* What phrase_at() rules out first, without the call: ASCII
		 * that is no letter starting a word. */
		if ((unsigned char)t[i] < 0x80 && ((t[i] | 0x20) < 'a' ||
		    (t[i] | 0x20) > 'z' || !word_start(t, i))) {
			i++;
			continue;
		}
		p = phrase_at(t, n, i, IN_VALUE);
		if (p == NULL) {
			i += utf8_len(t + i, n - i);
			continue;
		}
		nh += phrase_hit(t, n, i, p, &hits[nh]);
		i += strlen(p->text);
	}
	if (nh < max && !has_state(hits, nh))
		nh += zero_count_at_end(t, n, &hits[nh]);
	return nh;
}

/* 1 if v holds a percentage below 100 ("80% Complete"). */
static int
has_part_percent(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned val = 0;
		size_t d = i;

		if (v[i] < '0' || v[i] > '9' || (i > 0 && (ex_is_ascii_alnum(
		    (unsigned char)v[i - 1]) || v[i - 1] == '.')))
			continue;
		while (d < n && v[d] >= '0' && v[d] <= '9' && d - i < 4)
			val = val * 10 + (unsigned)(v[d++] - '0');
		if (d < n && v[d] == '.')	/* "99.5%" */
			while (++d < n && v[d] >= '0' && v[d] <= '9')
				;
		if (d < n && v[d] == '%' && val < 100)
			return 1;
		i = d;
	}
	return 0;
}

int
ex_status_of_value(const char *v, size_t n)
{
	int first = -1, mixed = 0, blocked = 0;

	for (size_t i = 0; i < n;) {
		const struct phrase *p;
		int which, state = -1;
		size_t m;

		if ((unsigned char)v[i] >= 0xE2 &&
		    (m = ex_match_emoji(v + i, n - i, status_emoji,
		    &which)) > 0) {
			state = emoji_state[which];
		} else if ((p = phrase_at(v, n, i, IN_VALUE)) != NULL) {
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
	if (mixed)
		return PROG;
	/* "80% Complete (4/5 Milestones)" is part of the way, not done. */
	return first == DONE && has_part_percent(v, n) ? PART : first;
}

static int
is_leading_junk(unsigned char c)
{
	return ex_is_space(c) || c == '-' || c == ':' || c == '|' || c == ',';
}

static int
is_trailing_junk(unsigned char c)
{
	return is_leading_junk(c) || c == '(' || c == '[';
}

size_t
ex_title_without(const char *t, size_t n, const struct pdb_status_hit *hits,
    size_t nhits, char *out)
{
	size_t o = 0, h = 0, a, b;

	for (size_t i = 0; i < n;) {
		while (h < nhits && hits[h].named)
			h++;
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
	    (j + 2 == n || !ex_is_ascii_alnum((unsigned char)t[j + 2])))
		j += 2;
	if (j < n && ex_is_ascii_alnum((unsigned char)t[j]))
		return 0;
	return j - i;
}

/* "Word 3" at t[i] (any case) copied to out as "Word 3": its length, or 0. */
static size_t
word_number(const char *t, size_t n, size_t i, const char *w, char *out,
    size_t cap)
{
	size_t m, j, sp = 0, num;

	if (!ex_starts_with_ci(t + i, n - i, w))
		return 0;
	m = strlen(w);
	j = i + m;
	while (j + sp < n && t[j + sp] == ' ')
		sp++;
	if (sp == 0 || j + sp >= n)
		return 0;
	num = version_number(t, n, j + sp);
	if (num == 0 || m + 1 + num >= cap)
		return 0;
	memcpy(out, w, m);
	out[m] = ' ';
	memcpy(out + m + 1, t + j + sp, num);
	return m + 1 + num;
}

size_t
ex_milestone_key(const char *t, size_t n, char *out, size_t cap)
{
	const struct pdb_config *c = config_active();

	for (size_t i = 0; i < n; i++) {
		size_t num;

		if (!word_start(t, i) ||
		    !ex_is_ascii_alnum((unsigned char)t[i]))
			continue;
		if (t[i] == 'M' && (num = version_number(t, n, i + 1)) > 0 &&
		    num + 1 < cap) {
			memcpy(out, t + i, num + 1);
			return num + 1;
		}
		for (int k = 0; milestone_words[k] != NULL; k++)
			if ((t[i] | 0x20) == (milestone_words[k][0] | 0x20) &&
			    (num = word_number(t, n, i, milestone_words[k], out,
			    cap)) > 0)
				return num;
		/* Keywords the tree's .progdb declares. */
		for (size_t k = 0; c != NULL && k < c->nkeywords; k++)
			if ((num = word_number(t, n, i, c->keywords[k], out,
			    cap)) > 0)
				return num;
	}
	return 0;
}
