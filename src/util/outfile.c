/*
 * outfile.c - writing a command's whole output to the file -o names (see
 * outfile.h): straight to devices, FIFOs and standard output, atomically
 * over regular files, keeping what a reader of the file relies on.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include "progdb/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progdb/buf.h"
#include "progdb/diag.h"
#include "progdb/exit.h"
#include "progdb/xmem.h"

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
failed(const char *path, const char *doing, int err)
{
	diag_error(path, 0, "cannot %s: %s", doing, strerror(err));
	return PDB_EXIT_INPUT;
}

static int
to_stdout(const char *data, size_t len)
{
	fflush(stdout);
	if (write_all(STDOUT_FILENO, data, len) != 0)
		return failed(NULL, "write to standard output", errno);
	return PDB_EXIT_OK;
}

/* A device, FIFO or terminal: opened as it is, never created or replaced. */
static int
write_straight(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return failed(path, "open it for writing", errno);
	if (write_all(fd, data, len) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0 && errno != EINTR)
		err = errno;
	return err == 0 ? PDB_EXIT_OK : failed(path, "write to it", err);
}

/* A regular file another user owns: rewritten where it is. */
static int
rewrite_in_place(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return failed(path, "open it for writing", errno);
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err == 0 ? PDB_EXIT_OK : failed(path, "write to it", err);
}

/* "dir/.name.XXXXXX" beside path, for mkstemp(). */
static char *
temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xasprintf(".%s.XXXXXX", path);
	return xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path,
	    slash + 1);
}

/*
 * Gives the new file fd what the old one had (old, or NULL for a new
 * file: 0666 less the umask).  Returns 0, or an errno.
 */
static int
take_attributes(int fd, const struct stat *old)
{
	mode_t mask;

	if (old == NULL) {
		mask = umask(0);
		umask(mask);
		return fchmod(fd, 0666 & ~mask) == 0 ? 0 : errno;
	}
	/* chown first: it clears the set-id bits that chmod then restores. */
	if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
	    fchown(fd, old->st_uid, old->st_gid) != 0)
		return errno;
	return fchmod(fd, old->st_mode & 07777) == 0 ? 0 : errno;
}

/*
 * Writes data to a temporary file beside path, then renames it over path,
 * so that a reader (a web server, a cron job's next run) sees the old page
 * or the new one, never half of one.
 */
static int
replace(const char *path, const struct stat *old, const char *data,
    size_t len)
{
	char *tmp = temp_name(path);
	int fd, err;

	if ((fd = mkstemp(tmp)) < 0) {
		free(tmp);
		return failed(path, "create a file beside it", errno);
	}
	err = take_attributes(fd, old);
	if (err == EPERM) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return rewrite_in_place(path, data, len);
	}
	if (err == 0 && (write_all(fd, data, len) != 0 || fsync(fd) != 0))
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0)
		unlink(tmp);
	free(tmp);
	return err == 0 ? PDB_EXIT_OK : failed(path, "write it", err);
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int
outfile_write(const char *path, const char *data, size_t len)
{
	struct stat sb, out;
	char *target;
	int rc;

	if (strcmp(path, "-") == 0)
		return to_stdout(data, len);
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return failed(path, "write to it", errno);
		return replace(path, NULL, data, len);
	}
	if (fstat(STDOUT_FILENO, &out) == 0 && same_file(&sb, &out))
		return to_stdout(data, len);
	if (!S_ISREG(sb.st_mode))
		return write_straight(path, data, len);
	/* A link stays a link: what it points to is replaced. */
	if ((target = realpath(path, NULL)) == NULL)
		return failed(path, "follow it", errno);
	rc = replace(target, &sb, data, len);
	free(target);
	return rc;
}

/* ---- outfile_splice ---- */

#define MARK_BEGIN	"<!-- progdb:begin -->"
#define MARK_END	"<!-- progdb:end -->"

/* Reads fd to its end into b. */
static int
read_whole(int fd, struct pdb_buf *b)
{
	char chunk[65536];
	ssize_t r;

	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		buf_append(b, chunk, (size_t)r);
	}
	return 0;
}

/* Whether line [p, p + n), less surrounding blanks, is exactly mark. */
static int
is_marker(const char *p, size_t n, const char *mark)
{
	size_t m = strlen(mark);

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r'))
		n--;
	return n == m && memcmp(p, mark, m) == 0;
}

struct markers {
	size_t	after_begin;	/* offset just past the begin line */
	size_t	end;		/* offset of the end line */
	int	begins, ends, order_ok;
};

/* Finds the marker lines of text (len bytes). */
static void
find_markers(const char *text, size_t len, struct markers *m)
{
	size_t at = 0;

	memset(m, 0, sizeof(*m));
	m->order_ok = 1;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;
		size_t next = nl != NULL ? at + n + 1 : len;

		if (is_marker(text + at, n, MARK_BEGIN)) {
			m->begins++;
			m->after_begin = next;
			if (m->ends > 0)
				m->order_ok = 0;
		} else if (is_marker(text + at, n, MARK_END)) {
			m->ends++;
			m->end = at;
			if (m->begins == 0)
				m->order_ok = 0;
		}
		at = next;
	}
}

static int
refuse(const char *path, const struct markers *m)
{
	if (m->begins == 0 && m->ends == 0)
		diag_error(path, 0, "no '%s' ... '%s' block to fill in: add "
		    "the two marker lines where the report goes", MARK_BEGIN,
		    MARK_END);
	else
		diag_error(path, 0, "the markers do not pair up (%d '%s', "
		    "%d '%s'): expected one of each, the begin line first, "
		    "each on a line of its own", m->begins, MARK_BEGIN,
		    m->ends, MARK_END);
	return PDB_EXIT_INPUT;
}

/* text with [m->after_begin, m->end) replaced by block; into out. */
static void
splice(const char *text, size_t len, const struct markers *m,
    const char *block, size_t blen, struct pdb_buf *out)
{
	buf_append(out, text, m->after_begin);
	if (m->after_begin > 0 && text[m->after_begin - 1] != '\n')
		buf_append(out, "\n", 1);
	buf_append(out, block, blen);
	/* A blank line ends the block's last table or paragraph. */
	while (blen > 0 && !(out->len >= 2 && out->data[out->len - 1] == '\n' &&
	    out->data[out->len - 2] == '\n'))
		buf_append(out, "\n", 1);
	buf_append(out, text + m->end, len - m->end);
}

/* The file target (path's, whose stat is sb) with its block replaced. */
static int
splice_file(const char *path, const char *target, const struct stat *sb,
    const char *text, size_t len, const char *block, size_t blen)
{
	struct markers m;
	struct pdb_buf out = {0};
	int rc;

	find_markers(text, len, &m);
	if (m.begins != 1 || m.ends != 1 || !m.order_ok)
		return refuse(path, &m);
	splice(text, len, &m, block, blen, &out);
	if (out.len == len && memcmp(out.data, text, len) == 0)
		rc = PDB_EXIT_OK;	/* unchanged: the file is left alone */
	else
		rc = replace(target, sb, out.data, out.len);
	buf_free(&out);
	return rc;
}

/* Opens path's target for reading; -1 after saying why. */
static int
open_regular(const char *path, const char *target, struct stat *sb)
{
	int fd = open(target, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		failed(path, "read it", errno);
		return -1;
	}
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		diag_error(path, 0, "cannot fill in a block: not a regular "
		    "file");
		close(fd);
		return -1;
	}
	return fd;
}

int
outfile_splice(const char *path, const char *block, size_t blen)
{
	struct pdb_buf text = {0};
	struct stat sb;
	char *target;
	int fd, rc = PDB_EXIT_INPUT;

	if ((target = realpath(path, NULL)) == NULL)
		return failed(path, "read it", errno);
	if ((fd = open_regular(path, target, &sb)) >= 0) {
		if (read_whole(fd, &text) != 0)
			rc = failed(path, "read it", errno);
		else
			rc = splice_file(path, target, &sb, text.data,
			    text.len, block, blen);
		close(fd);
	}
	buf_free(&text);
	free(target);
	return rc;
}
