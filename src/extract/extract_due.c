/*
 * extract_due.c - due dates written as periods: an ISO week (2025-W48)
 * or a quarter (2025-Q4, Q4 2025).  A period is due on its last day: the
 * Sunday of the week, the last day of the quarter.  Like dates, a period
 * must not be glued to ASCII letters or digits around it.
 */
#include "extract_int.h"

#include "progdb/date.h"
#include "progdb/words.h"

static int
glued(const char *t, size_t n, size_t start, size_t end)
{
	return (start > 0 && ex_is_ascii_alnum((unsigned char)t[start - 1])) ||
	    (end < n && ex_is_ascii_alnum((unsigned char)t[end]));
}

/* Four digits at t[i] as a year 1000-9999, else -1. */
static int
year_at(const char *t, size_t n, size_t i)
{
	int y = 0;

	if (i + 4 > n)
		return -1;
	for (size_t k = i; k < i + 4; k++) {
		if (t[k] < '0' || t[k] > '9')
			return -1;
		y = y * 10 + (t[k] - '0');
	}
	return y >= 1000 ? y : -1;
}

/* Sunday of ISO week w of year y, or INT64_MIN when y has no such week. */
static int64_t
week_end(int y, int w)
{
	int64_t jan4 = date_days_from_civil(y, 1, 4);
	int64_t monday = jan4 - (date_weekday(jan4) - 1) + 7 * (w - 1);
	int yy, m, d;

	/* The week belongs to the year its Thursday is in. */
	date_civil_from_days(monday + 3, &yy, &m, &d);
	if (w < 1 || yy != y)
		return INT64_MIN;
	return monday + 6;
}

static int64_t
quarter_end(int y, int q)
{
	return date_days_from_civil(q == 4 ? y + 1 : y, q == 4 ? 1 : 3 * q + 1,
	    1) - 1;
}

/* "2025-W48", "2025-Q4" or "2025 Q4" at t[i]: its length, else 0. */
static size_t
year_first(const char *t, size_t n, size_t i, int64_t *day)
{
	int y = year_at(t, n, i), v;

	if (y < 0 || i + 6 > n || (t[i + 4] != '-' && t[i + 4] != ' '))
		return 0;
	if ((t[i + 5] == 'W' || t[i + 5] == 'w') && t[i + 4] == '-' &&
	    i + 6 < n && t[i + 6] >= '0' && t[i + 6] <= '9') {
		size_t e = i + 7;

		v = t[i + 6] - '0';
		if (e < n && t[e] >= '0' && t[e] <= '9')
			v = v * 10 + (t[e++] - '0');
		if ((*day = week_end(y, v)) == INT64_MIN)
			return 0;
		return e - i;
	}
	if ((t[i + 5] == 'Q' || t[i + 5] == 'q') && i + 6 < n &&
	    t[i + 6] >= '1' && t[i + 6] <= '4') {
		*day = quarter_end(y, t[i + 6] - '0');
		return 7;
	}
	return 0;
}

/* "Q4 2025" or "Q4-2025" at t[i]: its length, else 0. */
static size_t
quarter_first(const char *t, size_t n, size_t i, int64_t *day)
{
	int y;

	if (i + 7 > n || (t[i] != 'Q' && t[i] != 'q') || t[i + 1] < '1' ||
	    t[i + 1] > '4' || (t[i + 2] != ' ' && t[i + 2] != '-'))
		return 0;
	if ((y = year_at(t, n, i + 3)) < 0)
		return 0;
	*day = quarter_end(y, t[i + 1] - '0');
	return 7;
}

int
ex_due_period_find(const char *t, size_t n, size_t *start, size_t *end,
    int64_t *day)
{
	for (size_t i = 0; i < n; i++) {
		size_t m = 0;

		/* Only a digit or a Q starts a period: skip 8 bytes with
		 * neither, else to the first of them. */
		if (n - i >= 8) {
			uint64_t w = word_at(t + i);
			uint64_t marks = word_has_digit(w) | word_has(w, 'Q') |
			    word_has(w, 'q');

			if (marks == 0) {
				i += 7;
				continue;
			}
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* Each mark is exact: the first byte is lowest. */
			i += (size_t)__builtin_ctzll(marks) / 8;
#endif
		}
		if (t[i] >= '1' && t[i] <= '9')
			m = year_first(t, n, i, day);
		else if (t[i] == 'Q' || t[i] == 'q')
			m = quarter_first(t, n, i, day);
		if (m > 0 && !glued(t, n, i, i + m)) {
			*start = i;
			*end = i + m;
			return 1;
		}
	}
	return 0;
}
