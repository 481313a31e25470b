/*
 * extract_table_util.c - what the readers of table rows share
 * (extract_tables.c, extract_registers.c, extract_claims.c,
 * extract_context.c): a column by its role, a cell, and the level and
 * resolved words of a value.  It calls none of them, so calls between
 * them go one way: tables -> context -> registers, tables -> claims.
 */
#include "extract_int.h"

int
ex_table_column(const struct pdb_facts *f, int32_t t, const int *roles,
    enum pdb_col_role role)
{
	for (unsigned c = 0; c < f->tables.v[t].ncols; c++)
		if (roles[c] == (int)role)
			return (int)c;
	return -1;
}

struct pdb_str
ex_table_cell(const struct pdb_facts *f, int32_t t, unsigned r, int col)
{
	const struct pdb_table_fact *tb = &f->tables.v[t];

	return col < 0 ? ex_str_make(NULL, 0) : tb->cells[r * tb->ncols + col];
}

struct pdb_str
ex_role_cell(const struct pdb_facts *f, int32_t t, unsigned r,
    const int *roles, enum pdb_col_role role)
{
	return ex_table_cell(f, t, r, ex_table_column(f, t, roles, role));
}

/* A word and its length, so the lookups below take no strlen().  The
 * table is sorted by first byte, which level_words_from() looks up by
 * halves; no word matches where another does (the byte after it must
 * not be a letter or digit), so their order says nothing else. */
#define LW(w, l)	{w, sizeof(w) - 1, l}

static const struct {
	const char	*word;
	size_t		 len;
	enum pdb_level	 level;
} level_words[] = {
	LW("alta", PDB_LEVEL_HIGH), LW("alto", PDB_LEVEL_HIGH),
	LW("blocker", PDB_LEVEL_CRITICAL), LW("baja", PDB_LEVEL_LOW),
	LW("bajo", PDB_LEVEL_LOW), LW("baixa", PDB_LEVEL_LOW),
	LW("baixo", PDB_LEVEL_LOW), LW("critical", PDB_LEVEL_CRITICAL),
	LW("crítico", PDB_LEVEL_CRITICAL), LW("crítica", PDB_LEVEL_CRITICAL),
	LW("critico", PDB_LEVEL_CRITICAL), LW("faible", PDB_LEVEL_LOW),
	LW("gering", PDB_LEVEL_LOW), LW("highest", PDB_LEVEL_CRITICAL),
	LW("high", PDB_LEVEL_HIGH), LW("h", PDB_LEVEL_HIGH),
	LW("hoch", PDB_LEVEL_HIGH), LW("kritisch", PDB_LEVEL_CRITICAL),
	LW("low", PDB_LEVEL_LOW), LW("lowest", PDB_LEVEL_LOW),
	LW("l", PDB_LEVEL_LOW), LW("major", PDB_LEVEL_HIGH),
	LW("medium", PDB_LEVEL_MEDIUM), LW("med", PDB_LEVEL_MEDIUM),
	LW("moderate", PDB_LEVEL_MEDIUM), LW("minor", PDB_LEVEL_LOW),
	LW("m", PDB_LEVEL_MEDIUM), LW("mittel", PDB_LEVEL_MEDIUM),
	LW("media", PDB_LEVEL_MEDIUM), LW("medio", PDB_LEVEL_MEDIUM),
	LW("média", PDB_LEVEL_MEDIUM), LW("médio", PDB_LEVEL_MEDIUM),
	LW("moyen", PDB_LEVEL_MEDIUM), LW("normal", PDB_LEVEL_MEDIUM),
	LW("niedrig", PDB_LEVEL_LOW), LW("p0", PDB_LEVEL_CRITICAL),
	LW("p1", PDB_LEVEL_HIGH), LW("p2", PDB_LEVEL_MEDIUM),
	LW("p3", PDB_LEVEL_LOW), LW("p4", PDB_LEVEL_LOW),
	LW("very high", PDB_LEVEL_CRITICAL), LW("very low", PDB_LEVEL_LOW),
	LW("wichtig", PDB_LEVEL_MEDIUM), LW("élevé", PDB_LEVEL_HIGH),
	LW("высокий", PDB_LEVEL_HIGH), LW("низкий", PDB_LEVEL_LOW),
	LW("критический", PDB_LEVEL_CRITICAL), LW("средний", PDB_LEVEL_MEDIUM),
	LW("中", PDB_LEVEL_MEDIUM), LW("低", PDB_LEVEL_LOW),
	LW("高", PDB_LEVEL_HIGH), LW("높음", PDB_LEVEL_HIGH),
	LW("낮음", PDB_LEVEL_LOW), LW("중간", PDB_LEVEL_MEDIUM),
};

static const struct {
	const char	*emoji;
	enum pdb_level	 level;
} level_emoji[] = {
	{"\xF0\x9F\x94\xB4", PDB_LEVEL_CRITICAL},	/* 🔴 */
	{"\xF0\x9F\x9F\xA0", PDB_LEVEL_HIGH},		/* 🟠 */
	{"\xF0\x9F\x9F\xA1", PDB_LEVEL_MEDIUM},		/* 🟡 */
	{"\xF0\x9F\x9F\xA2", PDB_LEVEL_LOW},		/* 🟢 */
};

/* Index of the first level word whose first byte is c or above. */
static size_t
level_words_from(unsigned char c)
{
	size_t lo = 0, hi = sizeof(level_words) / sizeof(*level_words);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((unsigned char)level_words[mid].word[0] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The first word of the value decides ("High - data loss" is high), a
 * word after a colour emoji too ("🔴 HIGH" is high, "🔴" critical);
 * a number alone is read on a 1-5 scale (5 critical, 4 high, 3 medium,
 * 1-2 low).
 */
enum pdb_level
ex_level_of(const char *s, size_t n)
{
	struct pdb_str v = ex_str_trim(s, n);
	char low[32];
	size_t w, first;

	for (size_t i = 0; i < sizeof(level_emoji) / sizeof(*level_emoji);
	    i++) {
		enum pdb_level word;

		if (v.n < 4 || memcmp(v.p, level_emoji[i].emoji, 4) != 0)
			continue;
		/* "🔴 HIGH": the word after the colour decides. */
		word = v.n > 4 ? ex_level_of(v.p + 4, v.n - 4) : PDB_LEVEL_NONE;
		return word != PDB_LEVEL_NONE ? word : level_emoji[i].level;
	}
	if (v.n == 1 && v.p[0] >= '1' && v.p[0] <= '5') {
		static const enum pdb_level scale[] = {PDB_LEVEL_LOW,
		    PDB_LEVEL_LOW, PDB_LEVEL_MEDIUM, PDB_LEVEL_HIGH,
		    PDB_LEVEL_CRITICAL};

		return scale[v.p[0] - '1'];
	}
	/* Compared lower-cased, Cyrillic and accented capitals too; most
	 * values start with a letter no word starts with. */
	if (v.n == 0)
		return PDB_LEVEL_NONE;
	w = utf8_len(v.p, v.n);
	ex_lower_letter(v.p, w, low);
	first = level_words_from((unsigned char)low[0]);
	if (first == sizeof(level_words) / sizeof(*level_words) ||
	    level_words[first].word[0] != low[0])
		return PDB_LEVEL_NONE;
	while (w < v.n && w + 4 < sizeof(low)) {
		unsigned char c = (unsigned char)v.p[w];

		if (c < 0x80) {	/* what ex_lower_letter() does, inline */
			low[w++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
			continue;
		}
		ex_lower_letter(v.p + w, utf8_len(v.p + w, v.n - w), low + w);
		w += utf8_len(v.p + w, v.n - w);
	}
	for (size_t i = first; i < sizeof(level_words) / sizeof(*level_words)
	    && level_words[i].word[0] == low[0]; i++) {
		size_t l = level_words[i].len;

		if (l <= w && memcmp(low, level_words[i].word, l) == 0 &&
		    (l == v.n || !ex_is_ascii_alnum((unsigned char)v.p[l])))
			return level_words[i].level;
	}
	return PDB_LEVEL_NONE;
}

int
ex_resolved_word(const char *s, size_t n)
{
	static const char *const done[] = {"resolved", "closed", "done",
	    "mitigated", "complete", "completed", "fixed", "retired",
	    "eliminated", "✅", NULL};
	static const char *const open[] = {"open", "active", "monitoring",
	    "mitigating", "escalated", "in progress", "in_progress", "new",
	    "planned", "accepted", "tracking", "watching", NULL};
	struct pdb_str v = ex_str_trim(s, n);

	/* A colour or icon before the word ("🟡 Active") says nothing. */
	while (v.n > 0 && (unsigned char)v.p[0] >= 0xF0) {
		size_t l = utf8_len(v.p, v.n);

		v = ex_str_trim(v.p + l, v.n - l);
		if (v.n >= 3 && memcmp(v.p, "\xEF\xB8\x8F", 3) == 0)
			v = ex_str_trim(v.p + 3, v.n - 3);
	}
	for (int i = 0; done[i] != NULL; i++)
		if (ex_starts_with_ci(v.p, v.n, done[i]))
			return 1;
	for (int i = 0; open[i] != NULL; i++)
		if (ex_starts_with_ci(v.p, v.n, open[i]))
			return 0;
	return -1;
}
