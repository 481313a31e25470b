/*
 * outfile.h - writing a command's whole output to the file -o names.
 */
#ifndef PROGDB_OUTFILE_H
#define PROGDB_OUTFILE_H

#include <stddef.h>

/*
 * Writes data (len bytes, borrowed) to path and returns a pdb_exit status,
 * having printed why on failure:
 *  - "-", or a path that names what standard output already writes to
 *    (/dev/stdout, /dev/fd/1, the file it was redirected to): standard
 *    output;
 *  - anything else that is not a regular file (a device such as
 *    /dev/null, a FIFO, a terminal): opened and written as it is;
 *  - a regular file: replaced atomically by a file written beside it and
 *    renamed over it, with its mode, owner and group; a symbolic link is
 *    followed and its target replaced, so the link stays a link.  When
 *    the owner or group cannot be kept (not root), the file is rewritten
 *    in place instead;
 *  - a path where nothing is: created atomically, 0666 less the umask.
 */
int	outfile_write(const char *path, const char *data, size_t len);

/*
 * Replaces what lies between the two lines "<!-- progdb:begin -->" and
 * "<!-- progdb:end -->" of the regular file path (its target, if a link)
 * with block (blen bytes, borrowed) and a blank line after it,
 * atomically as outfile_write() does, keeping every other byte, its mode,
 * owner and group.  A marker line is one that holds the marker and only
 * blanks besides.  Refuses, changing nothing, unless there is exactly one
 * of each with the begin line first.  A file that would not change is not
 * rewritten.  Returns a pdb_exit status, having printed why on failure.
 */
int	outfile_splice(const char *path, const char *block, size_t blen);

#endif
