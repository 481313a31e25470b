/*
 * hist_words.c - what a text says for identity: its words (any script,
 * stemmed, without dates, numbers and completion markers), the ids it
 * names, and hashes of its whole wording.
 */
#include <stdlib.h>
#include <string.h>

#include "progdb/date.h"
#include "progdb/hash.h"
#include "progdb/ident.h"
#include "progdb/xmem.h"
#include "history_int.h"

#define MAX_IDS		8
#define KEY_SEED_BURN	0x6275726e

/* English endings a light rewording changes: "check", "checks",
 * "checked" and "checking" are one word here, and so are "update" and
 * "updated". */
static size_t
stem_length(const char *w, size_t wl)
{
	size_t n = wl;

	if (wl >= 6 && memcmp(w + wl - 3, "ing", 3) == 0)
		n = wl - 3;
	else if (wl >= 5 && memcmp(w + wl - 2, "ed", 2) == 0)
		n = wl - 2;
	else if (wl >= 4 && w[wl - 1] == 's' && w[wl - 2] != 's')
		n = wl - 1;
	return n >= 4 && w[n - 1] == 'e' ? n - 1 : n;
}

/* What code point cp is in a word: 0 none (space, punctuation, symbols,
 * emoji, fullwidth punctuation), 1 a letter or digit of a script that
 * spaces its words, 2 a letter of one that does not (Chinese, Japanese:
 * such a run is a word of its own, "OWNERSHIP映射" is two). */
static int
word_char(uint32_t cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
		    (cp >= '0' && cp <= '9');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || ident_is_symbol(cp) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return 0;
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 &&
	    cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF) ? 2 : 1;
}

/* The word that starts at t[i] (a word character), lower-cased into
 * w[0..*wl) (at most cap - 1 bytes kept), and whether it has letters and
 * digits; returns where it ends. */
static size_t
word_at(const char *t, size_t n, size_t i, char *w, size_t cap,
    size_t *wl, int *letters, int *digits)
{
	uint32_t cp;
	size_t len = ident_decode(t + i, n - i, &cp);
	int kind = word_char(cp);

	*wl = 0;
	*letters = *digits = 0;
	while (i < n && word_char(cp) == kind) {
		int digit = cp >= '0' && cp <= '9';

		*digits |= digit;
		*letters |= !digit;
		for (size_t k = 0; k < len && *wl < cap - 1; k++)
			w[(*wl)++] = cp >= 'A' && cp <= 'Z' ? (char)(cp | 0x20) :
			    t[i + k];
		i += len;
		if (i < n)
			len = ident_decode(t + i, n - i, &cp);
	}
	w[*wl] = '\0';
	return i;
}

/*
 * The words of a text, in any script, lower-cased and stemmed, without
 * numbers, dates and the markers completion adds ("✅", "done",
 * "completed"), so that "Write tests" and "Write test ✅ 2025-09-01" read
 * the same.
 */
size_t
hist_words(const char *t, size_t n, uint64_t *out, size_t max)
{
	static const char *const noise[] = {"done", "completed", "complete",
	    "current", "step", "task", "added", NULL};
	size_t nw = 0;

	for (size_t i = 0; i < n && nw < max;) {
		char w[64];
		size_t wl;
		int digits, letters;
		uint32_t cp;
		size_t len = ident_decode(t + i, n - i, &cp);

		if (word_char(cp) == 0) {
			i += len;
			continue;
		}
		i = word_at(t, n, i, w, sizeof(w), &wl, &letters, &digits);
		if (!letters || (digits && wl < 3))
			continue;
		for (int k = 0; noise[k] != NULL; k++)
			if (strcmp(w, noise[k]) == 0)
				letters = 0;
		if (letters)
			out[nw++] = hash_bytes(w, stem_length(w, wl), 0x77);
	}
	return nw;
}

/*
 * The identity of an item's text wherever it stands: its identifying form
 * (ident.h), dates and numbers kept, so that only the same wording
 * matches an item that left another file.
 */
uint64_t
hist_text_hash(const char *t, size_t n)
{
	char *norm = xmalloc(n + 1);
	uint64_t h = hash_bytes(norm, ident_normalize(t, n, norm), 0x5157);

	free(norm);
	return h;
}

/*
 * hist_text_hash() of an item's text with the dates it names left out: a due
 * date that slipped while the item moved to another file is the same item.
 */
uint64_t
hist_text_hash_undated(const char *t)
{
	size_t n = strlen(t), pos = 0;
	char *copy = xmalloc(n + 1);
	struct pdb_date_match m;
	uint64_t h;

	memcpy(copy, t, n + 1);
	while (pos < n && date_find(copy + pos, n - pos, &m)) {
		memset(copy + pos + m.start, ' ', m.end - m.start);
		pos += m.end;
	}
	h = hist_text_hash(copy, n);
	free(copy);
	return h;
}
/* Hashes of the ids a text names, at least 3 characters: words of letters
 * and digits both (UX100-B4, T012, abc123), and dotted numbers (the 28.3
 * of "Task 28.3", the 2.1 of "Phase 2.1"); a number followed by letters
 * only (500ms, 50MB, 1.5GB) is a quantity, not an id. */
static size_t
ids_of(const char *t, size_t n, uint64_t *out)
{
	size_t nid = 0;

	for (size_t i = 0; i < n && nid < MAX_IDS;) {
		size_t j = i;
		int digits = 0, letters = 0, dotted = 0, late = 0;
		char w[32];
		size_t wl = 0;

		while (j < n && (((t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z') ||
		    (t[j] >= '0' && t[j] <= '9') || (j > i && (t[j] == '-' ||
		    t[j] == '_' || t[j] == '.') && j + 1 < n &&
		    (t[j + 1] | 0x20) >= '0' && (t[j + 1] | 0x20) <= 'z'))) {
			int digit = t[j] >= '0' && t[j] <= '9';

			late |= digit && letters;	/* a digit after a letter */
			digits |= digit;
			letters |= (t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z';
			dotted |= t[j] == '.';
			if (wl < sizeof(w))
				w[wl++] = (char)(t[j] | (t[j] >= 'A' &&
				    t[j] <= 'Z' ? 0x20 : 0));
			j++;
		}
		if (letters && !late && t[i] >= '0' && t[i] <= '9')
			digits = 0;	/* a quantity */
		if (digits && (letters || dotted) && wl >= 3)
			out[nid++] = hash_bytes(w, wl, 0x6964);
		i = j > i ? j : i + 1;
	}
	return nid;
}

/* 1 when the texts name an id in common, -1 when both name ids but
 * none in common, 0 when one names none. */
/* 1 when the texts name an id in common, -1 when both name ids but
 * none in common, 0 when one names none. */
int
hist_share_an_id(const char *a, size_t na, const char *b, size_t nb)
{
	uint64_t x[MAX_IDS], y[MAX_IDS];
	size_t nx = ids_of(a, na, x), ny = ids_of(b, nb, y);

	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			if (x[i] == y[j])
				return 1;
	return nx > 0 && ny > 0 ? -1 : 0;
}

int64_t
hist_burndown_key(const char *s, size_t n)
{
	return (int64_t)hash_bytes(s, n, KEY_SEED_BURN);
}

int64_t
hist_burndown_row_key(struct pdb_buf *b, struct pdb_str milestone,
    struct pdb_str label)
{
	buf_reset(b);
	buf_append(b, milestone.p ? milestone.p : "", milestone.n);
	buf_putc(b, 31);
	buf_append(b, label.p ? label.p : "", label.n);
	return hist_burndown_key(b->data, b->len);
}
