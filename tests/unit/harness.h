/*
 * harness.h - the unit tests' tiny harness.
 *
 * Each CHECK* records one assertion and prints the failing expression with
 * its file and line.  main() ends with `return harness_done();`, which prints
 * the tally and makes the exit status non-zero when anything failed (or when
 * nothing was checked at all).
 */
#ifndef PROGDB_TEST_HARNESS_H
#define PROGDB_TEST_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int harness_passed;
static int harness_failed;

#define HARNESS_FAIL(...) do {						\
	harness_failed++;						\
	fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);		\
	fprintf(stderr, __VA_ARGS__);					\
	fputc('\n', stderr);						\
} while (0)

#define CHECK(cond) do {						\
	if (cond)							\
		harness_passed++;					\
	else								\
		HARNESS_FAIL("%s", #cond);				\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ == w_)							\
		harness_passed++;					\
	else								\
		HARNESS_FAIL("%s == %lld, want %lld", #got, g_, w_);	\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0)		\
		harness_passed++;					\
	else if (g_ == NULL && w_ == NULL)				\
		harness_passed++;					\
	else								\
		HARNESS_FAIL("%s == \"%s\", want \"%s\"", #got,		\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

#define CHECK_MEM(got, gotlen, want, wantlen) do {			\
	size_t gl_ = (gotlen), wl_ = (wantlen);				\
	if (gl_ == wl_ && memcmp((got), (want), gl_) == 0)		\
		harness_passed++;					\
	else								\
		HARNESS_FAIL("%s == \"%.*s\" (%zu bytes), want \"%.*s\" "	\
		    "(%zu bytes)", #got, (int)gl_, (const char *)(got),	\
		    gl_, (int)wl_, (const char *)(want), wl_);		\
} while (0)

static inline int
harness_done(void)
{
	printf("%d checks passed, %d failed\n", harness_passed,
	    harness_failed);
	if (harness_passed == 0 && harness_failed == 0) {
		fprintf(stderr, "no checks ran\n");
		return 1;
	}
	return harness_failed ? 1 : 0;
}

#endif
