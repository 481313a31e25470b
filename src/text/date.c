/*
 * date.c - the calendar arithmetic, the scanner that finds dates written in
 * documents, and the parser for times given on the command line (see
 * date.h).  Everything is ASCII-only and independent of the locale; local
 * time comes from the C library and so follows TZ.
 */
#define _POSIX_C_SOURCE 200809L

#include "progdb/date.h"

#include <string.h>
#include <time.h>

#include "progdb/words.h"

_Static_assert(sizeof(time_t) >= 8, "progdb needs a 64-bit time_t");

#define SECS_PER_DAY	86400
/* 0001-01-01 and 9999-12-31, the range date_valid() accepts. */
#define DAY_MIN		(-719162)
#define DAY_MAX		2932896
#define TIME_MIN	((int64_t)DAY_MIN * SECS_PER_DAY)
#define TIME_MAX	((int64_t)DAY_MAX * SECS_PER_DAY + SECS_PER_DAY - 1)

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* A read position in text; the matchers take it by value to backtrack. */
struct scan {
	const unsigned char	*s;
	size_t			 n;
	size_t			 i;
};

struct civil {
	int	y, m, d;
};

static int
is_digit(int c)
{
	return (unsigned)c - '0' < 10;
}

/* ASCII letters differ from their capitals only in bit 0x20. */
static int
is_alpha(int c)
{
	return ((unsigned)c | 0x20) - 'a' < 26;
}

static int
is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static int
is_gap(int c)
{
	return c == ' ' || c == '\t';
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int64_t
clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

int64_t
date_days_from_civil(int y, int m, int d)
{
	/* Years start on March 1 so that the leap day ends the year. */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
date_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
date_valid(int y, int m, int d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

int
date_weekday(int64_t days)
{
	/* Day 0 was a Thursday. */
	return (int)((days % 7 + 10) % 7) + 1;
}

static void
put_digits(char *p, int v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void
put_day(char *p, int y, int m, int d)
{
	put_digits(p, y, 4);
	p[4] = '-';
	put_digits(p + 5, m, 2);
	p[7] = '-';
	put_digits(p + 8, d, 2);
	p[10] = '\0';
}

static void
put_time(char *p, int h, int mi, int s)
{
	p[0] = ' ';
	put_digits(p + 1, h, 2);
	p[3] = ':';
	put_digits(p + 4, mi, 2);
	p[6] = ':';
	put_digits(p + 7, s, 2);
	p[9] = '\0';
}

void
date_format_day(int64_t days, char out[11])
{
	struct civil c;

	date_civil_from_days(clamp(days, DAY_MIN, DAY_MAX), &c.y, &c.m, &c.d);
	put_day(out, c.y, c.m, c.d);
}

void
date_format_utc(int64_t t, char out[20])
{
	int64_t days, secs;

	t = clamp(t, TIME_MIN, TIME_MAX);
	days = floor_div(t, SECS_PER_DAY);
	secs = t - days * SECS_PER_DAY;
	date_format_day(days, out);
	put_time(out + 10, (int)(secs / 3600), (int)(secs / 60 % 60),
	    (int)(secs % 60));
}

/*
 * The public local-time functions clamp t a day inside the supported range
 * so that the local year, whatever the offset, still has four digits.
 */
static int64_t
clamp_local(int64_t t)
{
	return clamp(t, TIME_MIN + SECS_PER_DAY, TIME_MAX - SECS_PER_DAY);
}

static void
local_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if (localtime_r(&tt, tm) == NULL)
		gmtime_r(&tt, tm);
}

static int64_t
local_day(int64_t t)
{
	struct tm tm;

	local_tm(t, &tm);
	return date_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

void
date_format_local(int64_t t, char out[20])
{
	struct tm tm;

	tzset();
	local_tm(clamp_local(t), &tm);
	put_day(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	put_time(out + 10, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int64_t
date_local_day(int64_t t)
{
	tzset();
	return local_day(clamp_local(t));
}

/* Local wall-clock time to a time; -1 if mktime() cannot represent it. */
static int
local_mktime(int y, int m, int d, int h, int mi, int s, int64_t *t)
{
	/* (time_t)-1 is also a valid time; tm_wday tells them apart. */
	struct tm tm = {
		.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = mi, .tm_sec = s,
		.tm_isdst = -1, .tm_wday = -1
	};
	time_t tt = mktime(&tm);

	if (tm.tm_wday == -1)
		return -1;
	*t = (int64_t)tt;
	return 0;
}

int64_t
date_local_midnight(int64_t days)
{
	struct civil c;
	int64_t guess, lo, hi, mid;

	tzset();
	days = clamp(days, DAY_MIN, DAY_MAX);
	date_civil_from_days(days, &c.y, &c.m, &c.d);
	if (local_mktime(c.y, c.m, c.d, 0, 0, 0, &guess) != 0)
		guess = days * SECS_PER_DAY;
	if (local_day(guess) == days && local_day(guess - 1) < days)
		return guess;
	/*
	 * A transition skipped or repeated midnight (or the whole day): search
	 * for the first second whose local day is not before days.
	 */
	lo = guess - 2 * SECS_PER_DAY;
	hi = guess + 2 * SECS_PER_DAY;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (local_day(mid) >= days)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

static int
peek(const struct scan *sc)
{
	return sc->i < sc->n ? sc->s[sc->i] : -1;
}

static int
read_char(struct scan *sc, int c)
{
	if (peek(sc) != c)
		return 0;
	sc->i++;
	return 1;
}

/* Reads a run of minw..maxw digits that is not followed by another digit. */
static int
read_num(struct scan *sc, int minw, int maxw, int *v)
{
	int w = 0;

	*v = 0;
	while (is_digit(peek(sc))) {
		if (++w > maxw)
			return 0;
		*v = *v * 10 + (peek(sc) - '0');
		sc->i++;
	}
	return w >= minw;
}

/* Reads exactly w digits, whatever follows them. */
static int
read_fixed(struct scan *sc, int w, int *v)
{
	*v = 0;
	while (w-- > 0) {
		if (!is_digit(peek(sc)))
			return 0;
		*v = *v * 10 + (peek(sc) - '0');
		sc->i++;
	}
	return 1;
}

/* Reads digits whose value must not exceed limit; overflow-safe. */
static int
read_bounded(struct scan *sc, int64_t limit, int64_t *v)
{
	size_t start = sc->i;
	int digit;

	*v = 0;
	while (is_digit(peek(sc))) {
		digit = peek(sc) - '0';
		if (*v > (limit - digit) / 10)
			return 0;
		*v = *v * 10 + digit;
		sc->i++;
	}
	return sc->i > start;
}

static int
eq_lower(const unsigned char *w, const char *lower, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (to_lower(w[k]) != lower[k])
			return 0;
	return 1;
}

/* Index + 1 of the name that w is, in full or as its first three letters. */
static int
find_name(const char *const *names, int count, const unsigned char *w,
    size_t len)
{
	/* w holds no NUL, so eq_lower() stops at the end of a shorter name. */
	for (int k = 0; k < count; k++)
		if (eq_lower(w, names[k], len) &&
		    (len == 3 || names[k][len] == '\0'))
			return k + 1;
	return 0;
}

/* A month name, then an optional '.'. */
static int
read_month(struct scan *sc, int *m)
{
	size_t start = sc->i, len;

	while (is_alpha(peek(sc)))
		sc->i++;
	len = sc->i - start;
	if (len < 3)
		return 0;
	*m = find_name(month_names, 12, sc->s + start, len);
	if (*m == 0 && len == 4 && eq_lower(sc->s + start, "sept", 4))
		*m = 9;
	read_char(sc, '.');
	return *m != 0;
}

/* Spaces or tabs, optionally after a comma; something must be there. */
static int
read_gap(struct scan *sc, int comma_ok)
{
	size_t start = sc->i;

	if (comma_ok)
		read_char(sc, ',');
	while (is_gap(peek(sc)))
		sc->i++;
	return sc->i > start;
}

/* 2025-09-01, 2025/09/01 */
static int
match_ymd(struct scan sc, int sep, struct civil *c, size_t *end)
{
	if (!read_num(&sc, 4, 4, &c->y) || !read_char(&sc, sep) ||
	    !read_num(&sc, 1, 2, &c->m) || !read_char(&sc, sep) ||
	    !read_num(&sc, 1, 2, &c->d))
		return 0;
	*end = sc.i;
	return 1;
}

/* 20/11/2025, 11/20/2025, 20.11.2025: the order must be unambiguous. */
static int
match_numeric(struct scan sc, int sep, struct civil *c, size_t *end)
{
	int a, b;

	if (!read_num(&sc, 1, 2, &a) || !read_char(&sc, sep) ||
	    !read_num(&sc, 1, 2, &b) || !read_char(&sc, sep) ||
	    !read_num(&sc, 4, 4, &c->y))
		return 0;
	if (a == b || b > 12) {
		c->m = a;
		c->d = b;
	} else if (a > 12) {
		c->d = a;
		c->m = b;
	} else
		return 0;
	*end = sc.i;
	return 1;
}

/* Nov 20, 2025 */
static int
match_month_first(struct scan sc, struct civil *c, size_t *end)
{
	if (!read_month(&sc, &c->m) || !read_gap(&sc, 0) ||
	    !read_num(&sc, 1, 2, &c->d) || !read_gap(&sc, 1) ||
	    !read_num(&sc, 4, 4, &c->y))
		return 0;
	*end = sc.i;
	return 1;
}

/* 20 Nov 2025, 20 November, 2025 */
static int
match_day_first(struct scan sc, struct civil *c, size_t *end)
{
	if (!read_num(&sc, 1, 2, &c->d) || !read_gap(&sc, 0) ||
	    !read_month(&sc, &c->m) || !read_gap(&sc, 1) ||
	    !read_num(&sc, 4, 4, &c->y))
		return 0;
	*end = sc.i;
	return 1;
}

/* Nothing alphanumeric may follow, except the time in 2025-09-01T10:00. */
static int
ends_cleanly(const struct scan *sc, size_t end, int time_ok)
{
	if (end == sc->n || !is_alnum(sc->s[end]))
		return 1;
	return time_ok && to_lower(sc->s[end]) == 't' && end + 1 < sc->n &&
	    is_digit(sc->s[end + 1]);
}

/* Fills m for a date read from sc->i to end, if it may end there. */
static int
accept(const struct scan *sc, const struct civil *c, size_t end,
    int time_ok, struct pdb_date_match *m)
{
	if (!ends_cleanly(sc, end, time_ok) || !date_valid(c->y, c->m, c->d))
		return 0;
	m->start = sc->i;
	m->end = end;
	m->days = date_days_from_civil(c->y, c->m, c->d);
	return 1;
}

/* The forms that start with the number sc.s[sc.i..run_end). */
static int
match_number(struct scan sc, size_t run_end, struct pdb_date_match *m)
{
	size_t len = run_end - sc.i, end;
	int after = run_end < sc.n ? sc.s[run_end] : -1;
	struct civil c;

	if (len == 4 && (after == '-' || after == '/'))
		return match_ymd(sc, after, &c, &end) &&
		    accept(&sc, &c, end, 1, m);
	if (len <= 2 && (after == '/' || after == '.'))
		return match_numeric(sc, after, &c, &end) &&
		    accept(&sc, &c, end, 0, m);
	if (len <= 2 && is_gap(after))
		return match_day_first(sc, &c, &end) &&
		    accept(&sc, &c, end, 0, m);
	return 0;
}

/* A month-first date whose day is the number at sc.i ("Nov. 20, 2025"). */
static int
match_month_before(struct scan sc, struct pdb_date_match *m)
{
	size_t k = sc.i, word_end, end;
	struct civil c;

	while (k > 0 && is_gap(sc.s[k - 1]))
		k--;
	if (k == sc.i)
		return 0;
	if (k > 0 && sc.s[k - 1] == '.')
		k--;
	/* Month names have at most 9 letters; stop looking back after 10. */
	word_end = k;
	while (k > 0 && is_alpha(sc.s[k - 1]) && word_end - k < 10)
		k--;
	if (k > 0 && is_alnum(sc.s[k - 1]))
		return 0;
	sc.i = k;
	return match_month_first(sc, &c, &end) && accept(&sc, &c, end, 0, m);
}

int
date_find(const char *text, size_t n, struct pdb_date_match *m)
{
	struct scan sc = { (const unsigned char *)text, n, 0 };
	size_t run_end;

	/*
	 * Every form has a number, and starts either with it or with the
	 * month name just before it, so only numbers need looking for.
	 */
	for (;;) {
		while (n - sc.i >= 8 && !word_has_digit(word_at(sc.s + sc.i)))
			sc.i += 8;
		while (sc.i < n && !is_digit(sc.s[sc.i]))
			sc.i++;
		if (sc.i == n)
			return 0;
		run_end = sc.i + 1;
		while (run_end < n && is_alnum(sc.s[run_end]))
			run_end++;
		if ((sc.i == 0 || !is_alnum(sc.s[sc.i - 1])) &&
		    (match_month_before(sc, m) || match_number(sc, run_end, m)))
			return 1;
		sc.i = run_end;
	}
}

int
date_find_at_start(const char *text, size_t n, struct pdb_date_match *m)
{
	unsigned char c = n > 0 ? (unsigned char)text[0] : 0;

	/* A date starts with its number or with the month's name. */
	if (!is_digit(c) && !(is_alpha(c) && strchr("jfmasond", c | 0x20)))
		return 0;
	return date_find(text, n, m) && m->start == 0;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
date_parse(const char *text, size_t n, int64_t *days)
{
	struct pdb_date_match m;

	while (n > 0 && is_blank((unsigned char)*text)) {
		text++;
		n--;
	}
	while (n > 0 && is_blank((unsigned char)text[n - 1]))
		n--;
	if (!date_find(text, n, &m) || m.start != 0 || m.end != n)
		return -1;
	*days = m.days;
	return 0;
}

/* @1700000000, @-86400 */
static int
cli_epoch(struct scan sc, int64_t *t)
{
	int neg;

	if (!read_char(&sc, '@'))
		return 0;
	neg = read_char(&sc, '-');
	if (!read_bounded(&sc, neg ? -TIME_MIN : TIME_MAX, t) ||
	    sc.i != sc.n)
		return 0;
	if (neg)
		*t = -*t;
	return 1;
}

static int64_t
unit_seconds(int c)
{
	switch (c) {
	case 'w':
		return 7 * SECS_PER_DAY;
	case 'd':
		return SECS_PER_DAY;
	case 'h':
		return 3600;
	case 'm':
		return 60;
	default:
		return 0;
	}
}

/* 7d 2w 12h 30m */
static int
cli_relative(struct scan sc, int64_t now, int64_t *t)
{
	int64_t amount, unit;

	if (!read_bounded(&sc, TIME_MAX - TIME_MIN, &amount) ||
	    sc.i + 1 != sc.n || (unit = unit_seconds(peek(&sc))) == 0)
		return 0;
	/* Checked in this order, nothing can overflow. */
	if (amount > (TIME_MAX - TIME_MIN) / unit ||
	    now < TIME_MIN + amount * unit || now - amount * unit > TIME_MAX)
		return 0;
	*t = now - amount * unit;
	return 1;
}

/* Z, +02:00, -0500: sets *off to seconds east of UTC. */
static int
read_utc_offset(struct scan *sc, int64_t *off)
{
	int sign, h, mi;

	if (read_char(sc, 'Z') || read_char(sc, 'z')) {
		*off = 0;
		return 1;
	}
	sign = peek(sc);
	if ((sign != '+' && sign != '-') || !read_char(sc, sign) ||
	    !read_fixed(sc, 2, &h) || h > 23)
		return 0;
	read_char(sc, ':');
	if (!read_fixed(sc, 2, &mi) || mi > 59)
		return 0;
	*off = (sign == '-' ? -1 : 1) * (int64_t)(h * 3600 + mi * 60);
	return 1;
}

/* 2025-11-17, 2025-11-17T10:00[:05][Z|+02:00|-0500] */
static int
cli_datetime(struct scan sc, int64_t *t, int *whole_day)
{
	struct civil c;
	int h, mi, s = 0, sep;
	int64_t off;

	if (!read_num(&sc, 4, 4, &c.y) || !read_char(&sc, '-') ||
	    !read_num(&sc, 2, 2, &c.m) || !read_char(&sc, '-') ||
	    !read_num(&sc, 2, 2, &c.d) || !date_valid(c.y, c.m, c.d))
		return 0;
	if (sc.i == sc.n) {
		*t = date_local_midnight(date_days_from_civil(c.y, c.m, c.d));
		*whole_day = 1;
		return 1;
	}
	sep = peek(&sc);
	if ((sep != 'T' && sep != 't' && sep != ' ') || !read_char(&sc, sep) ||
	    !read_num(&sc, 2, 2, &h) || h > 23 || !read_char(&sc, ':') ||
	    !read_num(&sc, 2, 2, &mi) || mi > 59)
		return 0;
	if (read_char(&sc, ':') && (!read_num(&sc, 2, 2, &s) || s > 59))
		return 0;
	if (sc.i == sc.n)
		return local_mktime(c.y, c.m, c.d, h, mi, s, t) == 0;
	if (!read_utc_offset(&sc, &off) || sc.i != sc.n)
		return 0;
	*t = date_days_from_civil(c.y, c.m, c.d) * SECS_PER_DAY +
	    h * 3600 + mi * 60 + s - off;
	return 1;
}

static int
is_word(struct scan sc, const char *lower)
{
	return sc.n == strlen(lower) && eq_lower(sc.s, lower, sc.n);
}

/* this-week, last-week: the local midnight starting that week's Monday. */
static int
cli_week(struct scan sc, int64_t now, int64_t *t, int *days)
{
	int64_t today = date_local_day(now);
	int64_t monday = today - (date_weekday(today) - 1);

	if (is_word(sc, "last-week"))
		monday -= 7;
	else if (!is_word(sc, "this-week"))
		return 0;
	*t = date_local_midnight(monday);
	*days = 7;
	return 1;
}

/* now, today, yesterday, monday ... sunday (case-insensitive) */
static int
cli_word(struct scan sc, int64_t now, int64_t *t, int *whole_day)
{
	int64_t today = date_local_day(now);
	int back, wd;

	if (is_word(sc, "now")) {
		*t = now;
		return 1;
	}
	if (cli_week(sc, now, t, whole_day))
		return 1;
	if (is_word(sc, "today"))
		back = 0;
	else if (is_word(sc, "yesterday"))
		back = 1;
	else if ((wd = find_name(weekday_names, 7, sc.s, sc.n)) != 0)
		back = (date_weekday(today) - wd + 7) % 7;
	else
		return 0;
	*t = date_local_midnight(today - back);
	*whole_day = 1;
	return 1;
}

int
date_parse_cli(const char *s, int64_t now, int64_t *t, int *days)
{
	struct scan sc = { (const unsigned char *)s, strlen(s), 0 };
	int whole_day = 0;
	int64_t v;

	if (!cli_epoch(sc, &v) && !cli_relative(sc, now, &v) &&
	    !cli_datetime(sc, &v, &whole_day) &&
	    !cli_word(sc, now, &v, &whole_day))
		return -1;
	*t = v;
	if (days != NULL)
		*days = whole_day;
	return 0;
}
