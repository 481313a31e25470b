/*
 * date.h - calendar dates written in documents, and times given on the
 * command line.
 *
 * A calendar date is a day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before).  A time is seconds since the Unix
 * epoch (UTC).  Local time follows the TZ environment variable, as the C
 * library does.  Nothing here reads the clock: "now" is always passed in,
 * so that --as-of and tests can pin it.
 */
#ifndef PROGDB_DATE_H
#define PROGDB_DATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Day number of a civil date; m is 1-12, d 1-31 (not validated).  Both
 * directions are exact for any year that fits in an int.
 */
int64_t	date_days_from_civil(int y, int m, int d);
void	date_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 1 if y-m-d is a real calendar date (and 1 <= y <= 9999). */
int	date_valid(int y, int m, int d);
/* ISO weekday of a day number: 1 = Monday ... 7 = Sunday. */
int	date_weekday(int64_t days);

/*
 * The functions below clamp their argument to the years 0001-9999, so that
 * formatted output always has its fixed width.
 *
 * "YYYY-MM-DD" into out (11 bytes with the NUL).
 */
void	date_format_day(int64_t days, char out[11]);
/* "YYYY-MM-DD HH:MM:SS" in UTC into out (20 bytes); SQLite's own format. */
void	date_format_utc(int64_t t, char out[20]);
/* The same in local time. */
void	date_format_local(int64_t t, char out[20]);
/* Local calendar day (day number) that contains time t. */
int64_t	date_local_day(int64_t t);
/*
 * Time of local midnight at the start of day number days: the first second
 * of that local day, even where a DST change skips midnight itself.
 */
int64_t	date_local_midnight(int64_t days);

/*
 * A date found in running text.  Forms recognised (case-insensitive month
 * names, full or three letters, optional trailing '.'):
 *   2025-09-01   2025/09/01            ISO order
 *   Nov 20, 2025   November 20 2025    month first
 *   20 Nov 2025    20 November, 2025   day first
 *   20/11/2025  11/20/2025  20.11.2025 numeric, only when unambiguous
 *                                      (one of the first two fields > 12,
 *                                      or both equal)
 * Numeric months and days may have one digit (2025-9-1); years have four.
 * A date must not be glued to surrounding ASCII digits or letters
 * ("x2025-09-01", "2025-09-011" are not dates), except that a Y-M-D date
 * may be followed by 'T' and a digit (2025-09-01T10:00).  It must be a real
 * day (2025-02-30 is not), and placeholder forms (YYYY-MM-DD, [Date],
 * 2025-XX-XX) never match.  Only ASCII is examined: other bytes, such as
 * UTF-8 emoji, act as separators.
 */
struct pdb_date_match {
	size_t	start;	/* byte offset of the first character */
	size_t	end;	/* byte offset just past the last one */
	int64_t	days;	/* the day number */
};

/* Finds the first date in text[0..n).  Returns 1 and fills m, or 0. */
int	date_find(const char *text, size_t n, struct pdb_date_match *m);
/* date_find() when that first date starts at text[0], else 0: at once
 * when text[0] starts neither a number nor a month's name. */
int	date_find_at_start(const char *text, size_t n,
	    struct pdb_date_match *m);
/*
 * Parses text[0..n) (surrounding white space allowed) as exactly one date
 * in any form date_find() knows.  Returns 0 and sets *days, or -1.
 */
int	date_parse(const char *text, size_t n, int64_t *days);

/*
 * A time given on the command line (--since, --until, --as-of), relative to
 * now:
 *   2025-11-17                  local midnight starting that day
 *   2025-11-17T10:00[:05]       local time ('T' or one space)
 *   2025-11-17T10:00:05Z        UTC; also +02:00 / -0500 offsets
 *   @1700000000                 seconds since the epoch (may be negative)
 *   now  today  yesterday       (today/yesterday: local midnight)
 *   7d  2w  12h  30m            that long before now (lower-case d, w, h,
 *                               m units; m is minutes)
 *   monday ... sunday           local midnight of the most recent such
 *                               day (today if today is that day); also
 *                               three-letter forms
 *   this-week  last-week        local midnight of this week's Monday (today
 *                               on a Monday), or of the Monday before it
 * Words are case-insensitive.  Returns 0 and sets *t, or -1 for anything
 * else (including surrounding spaces, trailing garbage, out-of-range fields,
 * and @ or relative times outside the years 0001-9999).  When days is not
 * NULL it is set to the number of whole days the form names (1 for a date,
 * today, yesterday and weekdays, 7 for the weeks, 0 for the other forms),
 * so that --until can include all of them.
 */
int	date_parse_cli(const char *s, int64_t now, int64_t *t, int *days);

#endif
