/*
 * test_linemap.c - offsets to lines, searched and stepped to from a hint.
 */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "progdb/linemap.h"

static const char text[] =
    "first\n"
    "\n"
    "third line\n"
    "\n\n\n\n\n\n\n\n\n\n"	/* lines 4-13 empty */
    "line 14\n"
    "last, unterminated";

/* The line of off, counted the slow way. */
static unsigned
counted(size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

static void
test_search(void)
{
	struct pdb_linemap lm = {0};

	linemap_build(&lm, text, strlen(text));
	CHECK_INT(lm.n, 15);
	for (size_t off = 0; off <= strlen(text); off++)
		CHECK_INT(linemap_line(&lm, off), counted(off));
	linemap_free(&lm);
}

/* Forward in small and large steps, backward, and from a stale hint:
 * always the line a search gives. */
static void
test_near(void)
{
	struct pdb_linemap lm = {0};
	size_t len = strlen(text), hint = 0, bad = 0;

	linemap_build(&lm, text, len);
	for (size_t off = 0; off <= len; off++)
		bad += linemap_line_near(&lm, off, &hint) != counted(off);
	CHECK_INT(bad, 0);
	CHECK_INT(hint, 14);
	for (size_t off = len + 1; off-- > 0;)
		bad += linemap_line_near(&lm, off, &hint) != counted(off);
	CHECK_INT(bad, 0);
	hint = 0;
	CHECK_INT(linemap_line_near(&lm, len, &hint), 15);
	hint = 1000;
	CHECK_INT(linemap_line_near(&lm, 7, &hint), 3);
	CHECK_INT(hint, 2);
	linemap_free(&lm);
}

int
main(void)
{
	test_search();
	test_near();
	return harness_done();
}
