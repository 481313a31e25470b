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

#endif
