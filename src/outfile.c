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
