/*
 * decode.h - from the raw bytes of a file to the text progdb parses.
 *
 * The text handed to the parser is always valid UTF-8 with no byte order
 * mark, '\n' line ends only, no NUL bytes, and followed by at least
 * PDB_DECODE_PAD zero bytes (md4c 0.4.8 reads a few bytes past the end of
 * its input).  Decoding never changes line numbers: line N of the text is
 * line N of the file, so diagnostics and extracted rows point at the file.
 *
 * What is repaired, each with a warning naming the line where it applies:
 *   - a UTF-8 BOM is removed (silently: it is legal, just unwanted);
 *   - CR LF and lone CR line ends become LF (silently);
 *   - UTF-16 (with a BOM, or detected without one) is converted;
 *   - UTF-8 that was mis-decoded as Mac OS Roman or Windows-1252 and saved
 *     again ("‚úÖ" or "âœ…" for "✅") is turned back into what was meant,
 *     including 4-byte sequences whose first byte was lost ("üî¥" for "🔴");
 *   - a file that is not UTF-8 at all but reads as Windows-1252/Latin-1 is
 *     converted from it;
 *   - any other invalid UTF-8 (lone continuation bytes, overlong forms,
 *     surrogates, code points above U+10FFFF, truncated sequences) and NUL
 *     bytes become U+FFFD.
 * A binary file (not text in any of these encodings) is refused.  Other
 * control characters are left for the renderers to escape.
 *
 * Warning codes: "utf16" and "binary" are about the whole file (line 0);
 * "cp1252", "mojibake" and "nul-byte" come once per file, at the first line
 * concerned; "invalid-utf8" (or "invalid-utf16") once for each of the first
 * five lines with invalid input, then once more with the number of others.
 * The heuristics (binary, UTF-16 without a BOM, cp1252, mojibake) are
 * described where they are implemented, in decode.c.
 */
#ifndef PROGDB_DECODE_H
#define PROGDB_DECODE_H

#include <stddef.h>

#include "progdb/buf.h"
#include "progdb/diag.h"

/* Zero bytes guaranteed after decoded text (and required after raw input). */
#define PDB_DECODE_PAD	16

/* What decode_text() did, as a bitmask. */
enum pdb_decode_flags {
	PDB_DECODE_BOM		= 1 << 0,	/* UTF-8 BOM removed */
	PDB_DECODE_CR		= 1 << 1,	/* CR LF or CR line ends normalised */
	PDB_DECODE_UTF16	= 1 << 2,	/* converted from UTF-16 */
	PDB_DECODE_MOJIBAKE	= 1 << 3,	/* mis-decoded UTF-8 repaired */
	PDB_DECODE_CP1252	= 1 << 4,	/* converted from Windows-1252 */
	PDB_DECODE_INVALID	= 1 << 5,	/* invalid UTF-8 replaced by U+FFFD */
	PDB_DECODE_NUL		= 1 << 6,	/* NUL bytes replaced by U+FFFD */
};

/*
 * Decodes raw[0..len), which must be followed by PDB_DECODE_PAD readable
 * zero bytes.  On success sets *text and *text_len and returns the flags
 * (0 when the input was already clean).  *text then points either into raw
 * itself (clean input, perhaps past a BOM: nothing is copied) or into
 * scratch, which is reset first; either way (*text)[*text_len] and the
 * PDB_DECODE_PAD - 1 bytes after it are zero, and *text is valid as long as
 * raw and scratch are.  Warnings are appended to diags.
 *
 * Returns -1, with a warning in diags, when the input is binary.
 */
int	decode_text(const char *raw, size_t len, const char **text,
	    size_t *text_len, struct pdb_buf *scratch,
	    struct pdb_diaglist *diags);

#endif
