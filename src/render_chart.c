/*
 * render_chart.c - bars and charts drawn with characters, for terminals
 * and Markdown: Unicode blocks, or plain ASCII where the character set is
 * not UTF-8 (or --ascii).
 */
#include <langinfo.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/render.h"

int
render_utf8_terminal(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

void
render_bar(struct pdb_buf *b, double fraction, int width, int ascii)
{
	int full;

	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	full = (int)(fraction * width + 0.5);
	for (int i = 0; i < width; i++)
		buf_puts(b, i < full ? (ascii ? "#" : "\xE2\x96\x88") :
		    (ascii ? "." : "\xE2\x96\x91"));
}
