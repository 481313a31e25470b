/*
 * escape.h - making untrusted text safe for each place progdb prints it.
 *
 * Document text and file names are untrusted: they may hold control
 * characters, terminal escape sequences, bidi overrides and invalid UTF-8.
 * Each function appends the escaped form of (s, n) to out; s need not be
 * NUL-terminated.
 */
#ifndef PROGDB_ESCAPE_H
#define PROGDB_ESCAPE_H

#include <stddef.h>

#include "progdb/buf.h"

/*
 * For a terminal or a plain-text stream: C0 and C1 controls, DEL, bidi
 * controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and bytes
 * that are not valid UTF-8 are written as visible escapes (\n, \t, \r,
 * \x1b, \x7f, \u{9b}, \u{202e}, \xff).  Everything else, emoji and CJK
 * included, is copied.  Backslash itself is left alone, so the result is
 * for reading, not for decoding back.
 */
void	escape_terminal(const char *s, size_t n, struct pdb_buf *out);
/*
 * Contents of a JSON string literal (no quotes added); always valid JSON.
 * Invalid UTF-8 becomes U+FFFD; controls, DEL, C1, bidi controls, U+2028
 * and U+2029 are written as \uXXXX (or \n, \t and the like).
 */
void	escape_json(const char *s, size_t n, struct pdb_buf *out);
/*
 * One RFC 4180 CSV field, quoted when it holds , " CR or LF or starts or
 * ends with a space or TAB; quotes are doubled.  Text starting with = + - @
 * TAB or CR is prefixed with a single quote so spreadsheets do not run it as
 * a formula (only applied when neutralize_formula is non-zero; callers pass
 * zero for numbers).  Other controls, bidi controls and invalid UTF-8 are
 * escaped as by escape_terminal().
 */
void	escape_csv(const char *s, size_t n, int neutralize_formula,
	    struct pdb_buf *out);
/*
 * A GitHub Markdown table cell that shows text as it is: | \ ` * ~ $
 * backslash-escaped, and _ outside a word and ] before ( or [ (so no
 * emphasis, code, link or image can form), < and & as entities, CR LF, CR
 * and LF as <br>, other controls, bidi controls and invalid UTF-8 as by
 * escape_terminal().
 */
void	escape_md_cell(const char *s, size_t n, struct pdb_buf *out);
/*
 * HTML text or attribute value: & < > " ' escaped; controls other than TAB
 * and LF, and bidi controls, dropped; invalid UTF-8 becomes U+FFFD.
 */
void	escape_html(const char *s, size_t n, struct pdb_buf *out);

/*
 * Display width in terminal columns of valid UTF-8 text, counting East Asian
 * wide characters and emoji as 2 and combining marks, variation selectors
 * and zero-width joiners as 0.  Emoji sequences count as one emoji: VS16
 * makes a narrow symbol 2 ("⚠️"), and ZWJ sequences and skin tones stay 2.
 * Controls count 0 and invalid bytes 1; measure escaped text.
 */
size_t	text_width(const char *s, size_t n);

/*
 * A file name as valid UTF-8 text, for the database, reversibly: each
 * byte that is not part of valid UTF-8 becomes \xHH (lower-case hex, 80 to
 * ff), and a backslash that would otherwise read as the start of such an
 * escape (before another backslash, before xHH, or before such a byte) is
 * doubled.  Other names, valid UTF-8 with no such backslash, are kept as
 * they are.  path_from_text() gives back the bytes.  Both return a new
 * string the caller frees.
 */
char	*path_to_text(const char *raw);
char	*path_from_text(const char *text);

#endif
