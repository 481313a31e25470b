/*
 * test_date.c - unit tests for date.c: calendar arithmetic, dates found in
 * text, command-line times, and local time under several TZ settings.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <time.h>

#include "progdb/date.h"
#include "progdb/words.h"
#include "harness.h"

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static int64_t
day(int y, int m, int d)
{
	return date_days_from_civil(y, m, d);
}

/* Seconds since the epoch of a UTC wall-clock time. */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	return day(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* date_find() on a C string, as "YYYY-MM-DD@start-end" or "none". */
static const char *
found(char *out, size_t size, const char *text)
{
	struct pdb_date_match m;
	char d[11];

	if (!date_find(text, strlen(text), &m))
		return "none";
	date_format_day(m.days, d);
	snprintf(out, size, "%s@%zu-%zu", d, m.start, m.end);
	return out;
}

#define FOUND(text) found(b, sizeof(b), (text))

/* date_parse_cli() as "YYYY-MM-DD HH:MM:SS" (UTC), " day" for a day, " week"
 * for a week. */
static const char *
cli(char *out, size_t size, const char *s, int64_t now)
{
	char f[20];
	int64_t t;
	int only = -1;

	if (date_parse_cli(s, now, &t, &only) != 0)
		return "error";
	date_format_utc(t, f);
	snprintf(out, size, "%s%s", f, only == 7 ? " week" : only ? " day" : "");
	return out;
}

#define CLI(s, now) cli(b, sizeof(b), (s), (now))

static int
naive_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void
test_civil_walk(void)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t n = day(1600, 1, 1);
	int bad = 0, y2, m2, d2;

	/* Count days one by one from 1600 to 2400 and compare both ways. */
	for (int y = 1600; y <= 2400; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= mdays[m - 1] +
			    (m == 2 && naive_leap(y)); d++, n++) {
				date_civil_from_days(n, &y2, &m2, &d2);
				bad += day(y, m, d) != n || y2 != y ||
				    m2 != m || d2 != d || !date_valid(y, m, d);
			}
	CHECK_INT(bad, 0);
	CHECK_INT(n, day(2401, 1, 1));
}

static void
test_civil(void)
{
	int y, m, d, bad = 0, wd = date_weekday(-4000000);

	CHECK_INT(day(1970, 1, 1), 0);
	CHECK_INT(day(1969, 12, 31), -1);
	CHECK_INT(day(2000, 3, 1), 11017);
	CHECK_INT(day(2000, 2, 29), 11016);
	CHECK_INT(day(2025, 9, 1), 20332);
	CHECK_INT(day(1900, 1, 1), -25567);
	CHECK_INT(day(1, 1, 1), -719162);
	CHECK_INT(day(9999, 12, 31), 2932896);
	CHECK_INT(day(0, 3, 1) - day(0, 2, 28), 2);	/* year 0 is leap */
	CHECK_INT(day(-1, 12, 31), day(0, 1, 1) - 1);

	date_civil_from_days(0, &y, &m, &d);
	CHECK(y == 1970 && m == 1 && d == 1);
	date_civil_from_days(-719162, &y, &m, &d);
	CHECK(y == 1 && m == 1 && d == 1);
	date_civil_from_days(-719163, &y, &m, &d);
	CHECK(y == 0 && m == 12 && d == 31);

	/* Round trips and a steady weekday cycle over about +-11,000 years. */
	for (int64_t n = -4000000; n <= 4000000; n += 7) {
		date_civil_from_days(n, &y, &m, &d);
		bad += day(y, m, d) != n || date_weekday(n) != wd;
	}
	CHECK_INT(bad, 0);
	date_civil_from_days(day(-100000, 2, 29), &y, &m, &d);
	CHECK(y == -100000 && m == 2 && d == 29);
	date_civil_from_days(day(1000000, 12, 31), &y, &m, &d);
	CHECK(y == 1000000 && m == 12 && d == 31);

	CHECK_INT(date_weekday(day(2025, 9, 1)), 1);
	CHECK_INT(date_weekday(0), 4);
	CHECK_INT(date_weekday(-1), 3);
	CHECK_INT(date_weekday(day(2000, 1, 1)), 6);
	CHECK_INT(date_weekday(day(1900, 1, 1)), 1);
	CHECK_INT(date_weekday(day(2025, 11, 16)), 7);
	CHECK_INT(date_weekday(day(1, 1, 1)), 1);
	CHECK(date_weekday(INT64_MIN) >= 1 && date_weekday(INT64_MIN) <= 7);
	CHECK(date_weekday(INT64_MAX) >= 1 && date_weekday(INT64_MAX) <= 7);
}

static void
test_valid(void)
{
	CHECK(date_valid(2024, 2, 29));
	CHECK(!date_valid(2025, 2, 29));
	CHECK(date_valid(2000, 2, 29));
	CHECK(!date_valid(1900, 2, 29));
	CHECK(!date_valid(2100, 2, 29));
	CHECK(date_valid(2400, 2, 29));
	CHECK(!date_valid(2025, 2, 30));
	CHECK(date_valid(2025, 1, 31));
	CHECK(!date_valid(2025, 4, 31));
	CHECK(!date_valid(2025, 11, 31));
	CHECK(date_valid(2025, 12, 31));
	CHECK(!date_valid(2025, 0, 1));
	CHECK(!date_valid(2025, 13, 1));
	CHECK(!date_valid(2025, 1, 0));
	CHECK(!date_valid(2025, 1, 32));
	CHECK(!date_valid(2025, -1, 1));
	CHECK(date_valid(1, 1, 1));
	CHECK(!date_valid(0, 1, 1));
	CHECK(date_valid(9999, 12, 31));
	CHECK(!date_valid(10000, 1, 1));
	CHECK(!date_valid(-4, 2, 29));
}

static void
test_format(void)
{
	char d[11], t[20];

	set_tz("UTC");
	date_format_day(0, d);
	CHECK_STR(d, "1970-01-01");
	date_format_day(day(2025, 9, 1), d);
	CHECK_STR(d, "2025-09-01");
	date_format_day(day(33, 3, 3), d);
	CHECK_STR(d, "0033-03-03");
	date_format_day(INT64_MIN, d);
	CHECK_STR(d, "0001-01-01");
	date_format_day(INT64_MAX, d);
	CHECK_STR(d, "9999-12-31");

	date_format_utc(0, t);
	CHECK_STR(t, "1970-01-01 00:00:00");
	date_format_utc(1700000000, t);
	CHECK_STR(t, "2023-11-14 22:13:20");
	date_format_utc(-1, t);
	CHECK_STR(t, "1969-12-31 23:59:59");
	date_format_utc(utc(2024, 2, 29, 23, 59, 59), t);
	CHECK_STR(t, "2024-02-29 23:59:59");
	date_format_utc(INT64_MIN, t);
	CHECK_STR(t, "0001-01-01 00:00:00");
	date_format_utc(INT64_MAX, t);
	CHECK_STR(t, "9999-12-31 23:59:59");

	date_format_local(1700000000, t);
	CHECK_STR(t, "2023-11-14 22:13:20");
	set_tz("America/New_York");
	date_format_local(1700000000, t);
	CHECK_STR(t, "2023-11-14 17:13:20");
	date_format_local(INT64_MAX, t);
	CHECK(strlen(t) == 19 && t[4] == '-');
	set_tz("Asia/Kolkata");
	date_format_local(1700000000, t);
	CHECK_STR(t, "2023-11-15 03:43:20");
	set_tz("Pacific/Kiritimati");	/* +14:00 */
	date_format_local(INT64_MAX, t);
	CHECK(strlen(t) == 19 && strncmp(t, "9999-12-", 8) == 0);
}

static void
test_find_forms(void)
{
	char b[64];

	CHECK_STR(FOUND("2025-09-01"), "2025-09-01@0-10");
	CHECK_STR(FOUND("2025/09/01"), "2025-09-01@0-10");
	CHECK_STR(FOUND("2025-9-1"), "2025-09-01@0-8");
	CHECK_STR(FOUND("(2025-09-01)"), "2025-09-01@1-11");
	CHECK_STR(FOUND("**2025-09-01**"), "2025-09-01@2-12");
	CHECK_STR(FOUND("2025-09-01:"), "2025-09-01@0-10");
	CHECK_STR(FOUND("\xe2\x9c\x85 2025-09-01"), "2025-09-01@4-14");
	CHECK_STR(FOUND("\xe2\x9c\x85" "2025-09-01"), "2025-09-01@3-13");
	CHECK_STR(FOUND("at 2025-09-01T10:00"), "2025-09-01@3-13");
	CHECK_STR(FOUND("2025-09-01t10:00:00z"), "2025-09-01@0-10");
	CHECK_STR(FOUND("**Unit tests created**: 25 comprehensive tests "
	    "\xe2\x9c\x85 2025-09-01"), "2025-09-01@51-61");
	CHECK_STR(FOUND("- [x] Ship it (done 2024-02-29)."),
	    "2024-02-29@20-30");
	CHECK_STR(FOUND("from 2025-09-01 to 2025-09-05"), "2025-09-01@5-15");
	CHECK_STR(FOUND("_2025-09-01_"), "2025-09-01@1-11");

	CHECK_STR(FOUND("Nov 20, 2025"), "2025-11-20@0-12");
	CHECK_STR(FOUND("November 20 2025"), "2025-11-20@0-16");
	CHECK_STR(FOUND("due nov. 3, 2025!"), "2025-11-03@4-16");
	CHECK_STR(FOUND("NOVEMBER 20,2025"), "2025-11-20@0-16");
	CHECK_STR(FOUND("Sept 3 2025"), "2025-09-03@0-11");
	CHECK_STR(FOUND("Sept. 3, 2025"), "2025-09-03@0-13");
	CHECK_STR(FOUND("sep 30 2025"), "2025-09-30@0-11");
	CHECK_STR(FOUND("May 1 2025"), "2025-05-01@0-10");
	CHECK_STR(FOUND("Jan 1, 2025"), "2025-01-01@0-11");
	CHECK_STR(FOUND("February 29, 2024"), "2024-02-29@0-17");
	CHECK_STR(FOUND("Mar\t7  2025"), "2025-03-07@0-11");

	CHECK_STR(FOUND("20 Nov 2025"), "2025-11-20@0-11");
	CHECK_STR(FOUND("20 November, 2025"), "2025-11-20@0-17");
	CHECK_STR(FOUND("Released on 1 May 2024."), "2024-05-01@12-22");
	CHECK_STR(FOUND("3 Sept. 2025"), "2025-09-03@0-12");
	CHECK_STR(FOUND("31 dec 1999"), "1999-12-31@0-11");
	CHECK_STR(FOUND("7 jul., 2025"), "2025-07-07@0-12");

	CHECK_STR(FOUND("20/11/2025"), "2025-11-20@0-10");
	CHECK_STR(FOUND("11/20/2025"), "2025-11-20@0-10");
	CHECK_STR(FOUND("20.11.2025"), "2025-11-20@0-10");
	CHECK_STR(FOUND("06/06/2025"), "2025-06-06@0-10");
	CHECK_STR(FOUND("31.12.2025."), "2025-12-31@0-10");
	CHECK_STR(FOUND("on 1/13/2025"), "2025-01-13@3-12");
	CHECK_STR(FOUND("on 13.1.2025"), "2025-01-13@3-12");

	/* A rejected candidate does not hide a later date. */
	CHECK_STR(FOUND("v2025-09-01x then 2025-09-02"), "2025-09-02@18-28");
	CHECK_STR(FOUND("05/06/2025 or 2025-06-05"), "2025-06-05@14-24");
	CHECK_STR(FOUND("Nov 31, 2025 / Dec 1, 2025"), "2025-12-01@15-26");
	CHECK_STR(FOUND("25 tests, 3 may 2025"), "2025-05-03@10-20");
}

static void
test_find_rejects(void)
{
	char b[64];
	struct pdb_date_match m;
	static const char exact[10] = {
		'2', '0', '2', '5', '-', '0', '9', '-', '0', '1'
	};

	CHECK_STR(FOUND(""), "none");
	CHECK_STR(FOUND("no dates here, 42 of them"), "none");
	CHECK_STR(FOUND("YYYY-MM-DD"), "none");
	CHECK_STR(FOUND("[YYYY-MM-DD]"), "none");
	CHECK_STR(FOUND("[Date]"), "none");
	CHECK_STR(FOUND("2025-XX-XX"), "none");
	CHECK_STR(FOUND("2025-09-XX"), "none");
	CHECK_STR(FOUND("XX/XX/2025"), "none");
	CHECK_STR(FOUND("Month DD, YYYY"), "none");

	CHECK_STR(FOUND("v2025-09-01"), "none");
	CHECK_STR(FOUND("2025-09-01x"), "none");
	CHECK_STR(FOUND("v2025-09-01x"), "none");
	CHECK_STR(FOUND("x2025-09-01"), "none");
	CHECK_STR(FOUND("2025-09-011"), "none");
	CHECK_STR(FOUND("12025-09-01"), "none");
	CHECK_STR(FOUND("2025-009-01"), "none");
	CHECK_STR(FOUND("2025-09-01T"), "none");
	CHECK_STR(FOUND("2025-09-01Tx"), "none");
	CHECK_STR(FOUND("a20/11/2025"), "none");
	CHECK_STR(FOUND("20/11/20251"), "none");
	CHECK_STR(FOUND("120/11/2025"), "none");
	CHECK_STR(FOUND("Nov 20, 2025x"), "none");
	CHECK_STR(FOUND("xNov 20, 2025"), "none");
	CHECK_STR(FOUND("120 Nov 2025"), "none");
	CHECK_STR(FOUND("Nov 20, 20251"), "none");

	CHECK_STR(FOUND("05/06/2025"), "none");
	CHECK_STR(FOUND("5.6.2025"), "none");
	CHECK_STR(FOUND("13/13/2025"), "none");
	CHECK_STR(FOUND("20/11/25"), "none");
	CHECK_STR(FOUND("Nov 20, 25"), "none");
	CHECK_STR(FOUND("20 Nov 25"), "none");
	CHECK_STR(FOUND("20-11-2025"), "none");
	CHECK_STR(FOUND("2025.09.01"), "none");
	CHECK_STR(FOUND("2025-09/01"), "none");
	CHECK_STR(FOUND("20/11.2025"), "none");

	CHECK_STR(FOUND("2025-02-30"), "none");
	CHECK_STR(FOUND("2025-02-29"), "none");
	CHECK_STR(FOUND("1900-02-29"), "none");
	CHECK_STR(FOUND("2025-13-01"), "none");
	CHECK_STR(FOUND("2025-00-10"), "none");
	CHECK_STR(FOUND("2025-01-00"), "none");
	CHECK_STR(FOUND("0000-01-01"), "none");
	CHECK_STR(FOUND("Nov 31, 2025"), "none");
	CHECK_STR(FOUND("Feb 29, 2025"), "none");
	CHECK_STR(FOUND("31 Apr 2025"), "none");
	CHECK_STR(FOUND("31/02/2025"), "none");

	CHECK_STR(FOUND("Novel 20 2025"), "none");
	CHECK_STR(FOUND("No 20 2025"), "none");
	CHECK_STR(FOUND("Septe 3 2025"), "none");
	CHECK_STR(FOUND("Nov20 2025"), "none");
	CHECK_STR(FOUND("Nov.20 2025"), "none");
	CHECK_STR(FOUND("20Nov 2025"), "none");
	CHECK_STR(FOUND("Nov 20"), "none");
	CHECK_STR(FOUND("Nov 2025"), "none");
	CHECK_STR(FOUND("Nov, 20 2025"), "none");
	CHECK_STR(FOUND("20 Nov"), "none");
	CHECK_STR(FOUND("5Nov 20, 2025"), "none");
	CHECK_STR(FOUND("xSeptember 20 2025"), "none");
	CHECK_STR(FOUND("a.September 20 2025"), "2025-09-20@2-19");

	/* Only text[0..n) is read; the buffer has no NUL for ASan to see. */
	CHECK_INT(date_find(exact, sizeof(exact), &m), 1);
	CHECK_INT(m.end, 10);
	CHECK_INT(date_find(exact, 9, &m), 0);
	CHECK_INT(date_find("2025-09-011", 10, &m), 1);
	CHECK_INT(date_find("x2025-09-01", 0, &m), 0);
	CHECK_INT(date_find("2025-09-01T1", 11, &m), 0);
}

/* Next value of a small deterministic generator (xorshift32). */
static uint32_t
next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/*
 * Texts spliced from date-like pieces: whatever date_find() reports must lie
 * inside the text and parse on its own to the same day.  The text sits in a
 * heap block of exactly its length, so ASan catches any read past it.
 */
static void
test_find_random(void)
{
	static const char *const pieces[] = {
		"2025", "1999", "-", "/", ".", "09", "1", "20", "31", "13",
		" ", ", ", "Nov", "sept.", "February", "x", "T10", "05",
		"\xe2\x9c\x85", "(", "**", "0", "2024-02-29",
	};
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	struct pdb_date_match m;
	char text[128];
	uint32_t state = 2463534242u;
	int hits = 0, bad = 0;
	int64_t d;

	for (int i = 0; i < 200000; i++) {
		size_t n = 0, count = 1 + next_random(&state) % 8;
		char *copy;

		for (size_t k = 0; k < count; k++) {
			const char *p = pieces[next_random(&state) % npieces];

			memcpy(text + n, p, strlen(p));
			n += strlen(p);
		}
		copy = malloc(n);
		memcpy(copy, text, n);
		if (date_find(copy, n, &m)) {
			hits++;
			bad += m.start >= m.end || m.end > n ||
			    date_parse(copy + m.start, m.end - m.start,
			    &d) != 0 || d != m.days;
		}
		free(copy);
	}
	CHECK_INT(bad, 0);
	CHECK(hits > 1000);
}

static void
test_parse(void)
{
	int64_t d = -1;

	CHECK_INT(date_parse("2025-09-01", 10, &d), 0);
	CHECK_INT(d, day(2025, 9, 1));
	CHECK_INT(date_parse("  2025-09-02 \t\n", 15, &d), 0);
	CHECK_INT(d, day(2025, 9, 2));
	CHECK_INT(date_parse(" Nov 20, 2025 ", 14, &d), 0);
	CHECK_INT(d, day(2025, 11, 20));
	CHECK_INT(date_parse("20.11.2025", 10, &d), 0);
	CHECK_INT(d, day(2025, 11, 20));
	CHECK_INT(date_parse("2025-09-01xyz", 10, &d), 0);
	CHECK_INT(d, day(2025, 9, 1));

	d = 7;
	CHECK_INT(date_parse("", 0, &d), -1);
	CHECK_INT(date_parse("   ", 3, &d), -1);
	CHECK_INT(date_parse("2025-09-01 junk", 15, &d), -1);
	CHECK_INT(date_parse("2025-09-01junk", 14, &d), -1);
	CHECK_INT(date_parse("on 2025-09-01", 13, &d), -1);
	CHECK_INT(date_parse("[2025-09-01]", 12, &d), -1);
	CHECK_INT(date_parse("2025-09-01T10:00", 16, &d), -1);
	CHECK_INT(date_parse("2025-09-01 2025-09-02", 21, &d), -1);
	CHECK_INT(date_parse("2025-02-30", 10, &d), -1);
	CHECK_INT(date_parse("05/06/2025", 10, &d), -1);
	CHECK_INT(date_parse("YYYY-MM-DD", 10, &d), -1);
	CHECK_INT(d, 7);
}

static void
test_cli_utc(void)
{
	char b[64];
	/* Wednesday 2025-11-19 15:30:00 */
	int64_t now = utc(2025, 11, 19, 15, 30, 0);
	int64_t t = 0;

	set_tz("UTC");
	CHECK_STR(CLI("2025-11-17", now), "2025-11-17 00:00:00 day");
	CHECK_STR(CLI("2024-02-29", now), "2024-02-29 00:00:00 day");
	CHECK_STR(CLI("2025-11-17T10:00", now), "2025-11-17 10:00:00");
	CHECK_STR(CLI("2025-11-17t10:00", now), "2025-11-17 10:00:00");
	CHECK_STR(CLI("2025-11-17 10:00:05", now), "2025-11-17 10:00:05");
	CHECK_STR(CLI("2025-11-17T10:00:05Z", now), "2025-11-17 10:00:05");
	CHECK_STR(CLI("2025-11-17T10:00z", now), "2025-11-17 10:00:00");
	CHECK_STR(CLI("2025-11-17T10:00:05+02:00", now),
	    "2025-11-17 08:00:05");
	CHECK_STR(CLI("2025-11-17T10:00-0500", now), "2025-11-17 15:00:00");
	CHECK_STR(CLI("2025-11-17 01:00+05:30", now), "2025-11-16 19:30:00");
	CHECK_STR(CLI("@1700000000", now), "2023-11-14 22:13:20");
	CHECK_STR(CLI("@0", now), "1970-01-01 00:00:00");
	CHECK_STR(CLI("@-86400", now), "1969-12-31 00:00:00");
	CHECK_STR(CLI("now", now), "2025-11-19 15:30:00");
	CHECK_STR(CLI("NOW", now), "2025-11-19 15:30:00");
	CHECK_STR(CLI("today", now), "2025-11-19 00:00:00 day");
	CHECK_STR(CLI("Yesterday", now), "2025-11-18 00:00:00 day");
	CHECK_STR(CLI("7d", now), "2025-11-12 15:30:00");
	CHECK_STR(CLI("0d", now), "2025-11-19 15:30:00");
	CHECK_STR(CLI("2w", now), "2025-11-05 15:30:00");
	CHECK_STR(CLI("12h", now), "2025-11-19 03:30:00");
	CHECK_STR(CLI("30m", now), "2025-11-19 15:00:00");
	CHECK_STR(CLI("007d", now), "2025-11-12 15:30:00");
	CHECK_STR(CLI("monday", now), "2025-11-17 00:00:00 day");
	CHECK_STR(CLI("Mon", now), "2025-11-17 00:00:00 day");
	CHECK_STR(CLI("wednesday", now), "2025-11-19 00:00:00 day");
	CHECK_STR(CLI("WED", now), "2025-11-19 00:00:00 day");
	CHECK_STR(CLI("thursday", now), "2025-11-13 00:00:00 day");
	CHECK_STR(CLI("tue", now), "2025-11-18 00:00:00 day");
	CHECK_STR(CLI("Fri", now), "2025-11-14 00:00:00 day");
	CHECK_STR(CLI("saturday", now), "2025-11-15 00:00:00 day");
	CHECK_STR(CLI("sun", now), "2025-11-16 00:00:00 day");
	/* Weeks start on Monday: this week's, or the one before. */
	CHECK_STR(CLI("this-week", now), "2025-11-17 00:00:00 week");
	CHECK_STR(CLI("Last-Week", now), "2025-11-10 00:00:00 week");
	/* On a Monday, monday and this-week are today. */
	CHECK_STR(CLI("monday", utc(2025, 11, 17, 8, 0, 0)),
	    "2025-11-17 00:00:00 day");
	CHECK_STR(CLI("this-week", utc(2025, 11, 17, 8, 0, 0)),
	    "2025-11-17 00:00:00 week");
	CHECK_STR(CLI("last-week", utc(2025, 11, 17, 8, 0, 0)),
	    "2025-11-10 00:00:00 week");
	CHECK_STR(CLI("last-week", utc(2025, 11, 23, 23, 0, 0)),
	    "2025-11-10 00:00:00 week");

	/* date_only may be NULL, and is cleared for non-day forms. */
	CHECK_INT(date_parse_cli("today", now, &t, NULL), 0);
	CHECK_INT(t, utc(2025, 11, 19, 0, 0, 0));
}

static void
test_cli_rejects(void)
{
	static const char *const bad[] = {
		"", " ", "x' OR 1=1", "2025-13-01", "2025-11-17junk",
		"2025-11-31", "2025-02-29", "0000-01-01", "2025-1-17",
		"25-11-17", "2025/11/17", "Nov 17, 2025", " 2025-11-17",
		"2025-11-17 ", "2025-11-17T", "2025-11-17T10",
		"2025-11-17T1:00",
		"2025-11-17T24:00", "2025-11-17T10:60", "2025-11-17T10:00:60",
		"2025-11-17T10:00:5", "2025-11-17  10:00", "2025-11-17X10:00",
		"2025-11-17T10:00Zjunk", "2025-11-17T10:00+2:00",
		"2025-11-17T10:00+02", "2025-11-17T10:00+24:00",
		"2025-11-17T10:00+02:60", "2025-11-17T10:00 Z",
		"2025-11-17T10:00-05:000", "2025-11-17T10:00-050",
		"2025-11-17T10:00+02:00Z",
		"7", "-7d", "+7d", "7D", "7x", "7 d", "d", "7dd", "1.5d",
		"99999999999999999999d", "9999999999999d", "400000000w",
		"@", "@-", "@12x", "@ 12", "@+12", "@99999999999999999999",
		"@999999999999999", "@-999999999999999",
		"mo", "mondays", "mond", "now ", " now", "nowx", "tomorrow",
		"todays", "yester", "week",
	};
	int64_t now = utc(2025, 11, 19, 15, 30, 0), t = 42;
	int only = 42, accepted = 0;

	set_tz("UTC");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (date_parse_cli(bad[i], now, &t, &only) == 0) {
			fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
			accepted++;
		}
	}
	CHECK_INT(accepted, 0);
	CHECK_INT(t, 42);
	CHECK_INT(only, 42);

	/* Ranges: relative times may not leave the years 0001-9999. */
	CHECK_INT(date_parse_cli("100000000w", now, &t, NULL), -1);
	CHECK_INT(date_parse_cli("1d", INT64_MIN, &t, NULL), -1);
	CHECK_INT(date_parse_cli("1d", INT64_MAX, &t, NULL), -1);
	CHECK_INT(date_parse_cli("0d", utc(10000, 1, 1, 0, 0, 0), &t, NULL),
	    -1);
	CHECK_INT(date_parse_cli("1d", utc(1, 1, 1, 23, 59, 59), &t, NULL),
	    -1);
	CHECK_INT(date_parse_cli("1d", utc(1, 1, 2, 0, 0, 0), &t, NULL), 0);
	CHECK_INT(t, utc(1, 1, 1, 0, 0, 0));
	CHECK_INT(date_parse_cli("@253402300799", now, &t, NULL), 0);
	CHECK_INT(date_parse_cli("@253402300800", now, &t, NULL), -1);
	CHECK_INT(date_parse_cli("@-62135596800", now, &t, NULL), 0);
	CHECK_INT(date_parse_cli("@-62135596801", now, &t, NULL), -1);
}

static void
test_cli_local(void)
{
	char b[64];
	/* Sunday 2025-11-02 22:30 EST, the evening after DST ended. */
	int64_t now = utc(2025, 11, 3, 3, 30, 0);

	set_tz("America/New_York");
	CHECK_STR(CLI("today", now), "2025-11-02 04:00:00 day");
	CHECK_STR(CLI("sunday", now), "2025-11-02 04:00:00 day");
	CHECK_STR(CLI("yesterday", now), "2025-11-01 04:00:00 day");
	CHECK_STR(CLI("sat", now), "2025-11-01 04:00:00 day");
	CHECK_STR(CLI("monday", now), "2025-10-27 04:00:00 day");
	CHECK_STR(CLI("2025-11-03", now), "2025-11-03 05:00:00 day");
	CHECK_STR(CLI("2025-11-17T10:00", now), "2025-11-17 15:00:00");
	CHECK_STR(CLI("2025-07-01 10:00:30", now), "2025-07-01 14:00:30");
	CHECK_STR(CLI("2025-07-01T10:00Z", now), "2025-07-01 10:00:00");
	CHECK_STR(CLI("1d", now), "2025-11-02 03:30:00");
	CHECK_STR(CLI("12h", now), "2025-11-02 15:30:00");

	set_tz("Europe/Berlin");
	CHECK_STR(CLI("today", now), "2025-11-02 23:00:00 day");
	CHECK_STR(CLI("2025-03-30", now), "2025-03-29 23:00:00 day");
	CHECK_STR(CLI("2025-03-30T12:00", now), "2025-03-30 10:00:00");
	CHECK_STR(CLI("2025-03-30T12:00+01:00", now), "2025-03-30 11:00:00");
}

static void
test_local_dst(void)
{
	char t[20];

	set_tz("UTC");
	CHECK_INT(date_local_day(utc(2025, 9, 1, 23, 59, 59)),
	    day(2025, 9, 1));
	CHECK_INT(date_local_day(-1), -1);
	CHECK_INT(date_local_midnight(day(2025, 9, 1)),
	    utc(2025, 9, 1, 0, 0, 0));

	set_tz("America/New_York");
	/* Spring forward 2025-03-09 02:00 EST; back 2025-11-02 02:00 EDT. */
	CHECK_INT(date_local_midnight(day(2025, 3, 9)), 1741496400);
	CHECK_INT(date_local_midnight(day(2025, 3, 10)), 1741579200);
	CHECK_INT(date_local_midnight(day(2025, 3, 10)) -
	    date_local_midnight(day(2025, 3, 9)), 23 * 3600);
	CHECK_INT(date_local_midnight(day(2025, 11, 2)), 1762056000);
	CHECK_INT(date_local_midnight(day(2025, 11, 3)) -
	    date_local_midnight(day(2025, 11, 2)), 25 * 3600);
	date_format_local(utc(2025, 3, 9, 6, 59, 59), t);
	CHECK_STR(t, "2025-03-09 01:59:59");
	date_format_local(utc(2025, 3, 9, 7, 0, 0), t);
	CHECK_STR(t, "2025-03-09 03:00:00");
	date_format_local(utc(2025, 11, 2, 5, 30, 0), t);
	CHECK_STR(t, "2025-11-02 01:30:00");
	date_format_local(utc(2025, 11, 2, 6, 30, 0), t);
	CHECK_STR(t, "2025-11-02 01:30:00");
	CHECK_INT(date_local_day(utc(2025, 11, 3, 4, 59, 59)),
	    day(2025, 11, 2));
	CHECK_INT(date_local_day(utc(2025, 11, 3, 5, 0, 0)), day(2025, 11, 3));

	set_tz("Europe/Berlin");
	/* Spring forward 2025-03-30 02:00 CET; fall back 2025-10-26 03:00. */
	CHECK_INT(date_local_midnight(day(2025, 3, 30)), 1743289200);
	CHECK_INT(date_local_midnight(day(2025, 3, 31)), 1743372000);
	CHECK_INT(date_local_midnight(day(2025, 10, 26)), 1761429600);
	CHECK_INT(date_local_midnight(day(2025, 10, 27)), 1761519600);
	CHECK_INT(date_local_day(1743289200), day(2025, 3, 30));
	CHECK_INT(date_local_day(1743289199), day(2025, 3, 29));
	date_format_local(utc(2025, 3, 30, 1, 0, 0), t);
	CHECK_STR(t, "2025-03-30 03:00:00");
	date_format_local(utc(2025, 10, 26, 0, 30, 0), t);
	CHECK_STR(t, "2025-10-26 02:30:00");
	date_format_local(utc(2025, 10, 26, 1, 30, 0), t);
	CHECK_STR(t, "2025-10-26 02:30:00");

	/* DST began at midnight: 2018-11-04 started at 01:00 (03:00Z). */
	set_tz("America/Sao_Paulo");
	CHECK_INT(date_local_midnight(day(2018, 11, 4)), 1541300400);
	CHECK_INT(date_local_midnight(day(2018, 11, 3)), 1541214000);
	/* Samoa skipped 2011-12-30 entirely. */
	set_tz("Pacific/Apia");
	CHECK_INT(date_local_midnight(day(2011, 12, 30)), 1325239200);
	CHECK_INT(date_local_midnight(day(2011, 12, 31)), 1325239200);

	/* POSIX TZ strings work too, and a change of TZ is noticed. */
	set_tz("EST5EDT,M3.2.0,M11.1.0");
	CHECK_INT(date_local_midnight(day(2025, 3, 9)), 1741496400);
	setenv("TZ", "UTC", 1);
	CHECK_INT(date_local_midnight(day(2025, 3, 9)),
	    utc(2025, 3, 9, 0, 0, 0));
}

/* A date after any run of non-digit bytes, found where it starts: the
 * scan skips 8 bytes at a time while none is a digit. */
static void
test_find_skips_words(void)
{
	char text[64];
	int wrong = 0, words = 0;

	for (int v = 0; v < 256; v++) {
		int digit = v >= '0' && v <= '9';

		for (size_t at = 0; at < 8; at++) {
			memset(text, 'x', 8);
			text[at] = (char)v;
			words += (word_has_digit(word_at(text)) != 0) != digit;
		}
		if (digit)
			continue;
		for (size_t k = 0; k <= 20; k++) {
			struct pdb_date_match m;

			memset(text, v, k);
			memcpy(text + k, " 2025-03-04", 11);
			wrong += !date_find(text, k + 11, &m) ||
			    m.start != k + 1 || m.end != k + 11;
		}
	}
	CHECK_INT(words, 0);
	CHECK_INT(wrong, 0);
}

int
main(void)
{
	test_civil_walk();
	test_civil();
	test_valid();
	test_format();
	test_find_forms();
	test_find_rejects();
	test_find_random();
	test_find_skips_words();
	test_parse();
	test_cli_utc();
	test_cli_rejects();
	test_cli_local();
	test_local_dst();
	return harness_done();
}
