/*
 * parse_floor.c - the parse-only floor that progdb's ingest is measured
 * against (scripts/bench).
 *
 *	parse_floor DIR...
 *
 * Walks each DIR for *.md and *.markdown files the way progdb does (hidden
 * directories and node_modules are skipped, symbolic links are not
 * followed), reads each file into one reused buffer followed by zero bytes
 * (md4c 0.4.8 reads a few bytes past the end), drops a UTF-8 byte order
 * mark and runs md_parse with the GitHub dialect and callbacks that do
 * nothing but count task items.  No decoding, no model, no database: what
 * is left is the cost of walking, reading and parsing.
 *
 * Prints one line of key=value pairs:
 *
 *	files=N bytes=N tasks=N seconds=S read_seconds=S parse_seconds=S
 *
 * seconds covers everything after start-up; read_seconds the walk and the
 * reads, parse_seconds md_parse alone.  Exit status 0, 1 if a file or
 * directory could not be read or parsed (it is reported and skipped), 2 on
 * a usage error.
 *
 * Only md4c and libc are used, so the floor does not move when progdb does.
 */
#define _DEFAULT_SOURCE	/* d_type on glibc */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <md4c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAD		16	/* zero bytes after the text, as progdb does */
#define MAX_DEPTH	256	/* directories below a root; deeper is skipped */
#define MAX_PATH	4096	/* only for messages */

struct floor {
	char		*buf;		/* the one file buffer, reused */
	size_t		 cap;
	uint64_t	 files;
	uint64_t	 bytes;
	uint64_t	 tasks;
	double		 parse_sec;
	int		 failed;	/* something was skipped */
};

static double
now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		perror("parse_floor: clock_gettime");
		exit(2);
	}
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
warn_path(struct floor *f, const char *path, const char *name,
    const char *what)
{
	fprintf(stderr, "parse_floor: %s/%s: %s\n", path, name, what);
	f->failed = 1;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
is_markdown(const char *name)
{
	return has_suffix(name, ".md") || has_suffix(name, ".markdown");
}

/* Makes room for n bytes of text and the padding after them. */
static int
reserve(struct floor *f, size_t n)
{
	size_t cap;
	char *p;

	if (n > SIZE_MAX - PAD)
		return -1;
	if (n + PAD <= f->cap)
		return 0;
	cap = f->cap ? f->cap : 65536;
	while (cap < n + PAD)
		cap *= 2;
	p = realloc(f->buf, cap);
	if (p == NULL)
		return -1;
	f->buf = p;
	f->cap = cap;
	return 0;
}

/* Reads all of fd into f->buf; returns its length or -1 with errno set. */
static ssize_t
read_all(struct floor *f, int fd)
{
	struct stat st;
	size_t len = 0;
	ssize_t n;

	if (fstat(fd, &st) != 0)
		return -1;
	if (reserve(f, (size_t)st.st_size + 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		if (len + PAD >= f->cap && reserve(f, f->cap) != 0) {
			errno = ENOMEM;
			return -1;
		}
		n = read(fd, f->buf + len, f->cap - PAD - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	memset(f->buf + len, 0, PAD);
	return (ssize_t)len;
}

static int
cb_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct floor *f = userdata;

	if (type == MD_BLOCK_LI && ((MD_BLOCK_LI_DETAIL *)detail)->is_task)
		f->tasks++;
	return 0;
}

static int
cb_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	(void)type;
	(void)detail;
	(void)userdata;
	return 0;
}

static int
cb_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	(void)type;
	(void)detail;
	(void)userdata;
	return 0;
}

static int
cb_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	(void)type;
	(void)text;
	(void)size;
	(void)userdata;
	return 0;
}

static int
parse(struct floor *f, const char *text, size_t len)
{
	static const MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_GITHUB,
		.enter_block = cb_enter_block,
		.leave_block = cb_leave_block,
		.enter_span = cb_span,
		.leave_span = cb_span,
		.text = cb_text,
	};
	double t0 = now();
	int rc;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (len > (MD_SIZE)-1)
		return -1;
	rc = md_parse(text, (MD_SIZE)len, &parser, f);
	f->parse_sec += now() - t0;
	return rc;
}

static void
do_file(struct floor *f, int dfd, const char *path, const char *name)
{
	ssize_t len;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		warn_path(f, path, name, strerror(errno));
		return;
	}
	len = read_all(f, fd);
	if (len < 0)
		warn_path(f, path, name, strerror(errno));
	if (close(fd) != 0)
		warn_path(f, path, name, strerror(errno));
	if (len < 0)
		return;
	f->files++;
	f->bytes += (uint64_t)len;
	if (parse(f, f->buf, (size_t)len) != 0)
		warn_path(f, path, name, "md_parse failed");
}

/* The type of e, asking the file system only when readdir does not say. */
static int
entry_type(int dfd, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type;
	if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return DT_UNKNOWN;
	if (S_ISDIR(st.st_mode))
		return DT_DIR;
	if (S_ISREG(st.st_mode))
		return DT_REG;
	return DT_UNKNOWN;
}

static int
skipped_dir(const char *name)
{
	return name[0] == '.' || strcmp(name, "node_modules") == 0;
}

/* Walks the directory open as dfd (and closes it); path is for messages. */
static void
walk(struct floor *f, int dfd, const char *path, int depth)
{
	char sub[MAX_PATH];
	struct dirent *e;
	DIR *d;
	int cfd, n;

	d = fdopendir(dfd);
	if (d == NULL) {
		warn_path(f, path, ".", strerror(errno));
		if (close(dfd) != 0)
			warn_path(f, path, ".", strerror(errno));
		return;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (e == NULL)
			break;
		switch (entry_type(dfd, e)) {
		case DT_REG:
			if (is_markdown(e->d_name))
				do_file(f, dfd, path, e->d_name);
			break;
		case DT_DIR:
			if (skipped_dir(e->d_name))
				break;
			if (depth >= MAX_DEPTH) {
				warn_path(f, path, e->d_name, "too deep");
				break;
			}
			cfd = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				warn_path(f, path, e->d_name, strerror(errno));
				break;
			}
			n = snprintf(sub, sizeof(sub), "%s/%s", path,
			    e->d_name);
			if (n < 0 || (size_t)n >= sizeof(sub))
				strcpy(sub, "...");
			walk(f, cfd, sub, depth + 1);
			break;
		default:
			break;
		}
	}
	if (errno != 0)
		warn_path(f, path, ".", strerror(errno));
	if (closedir(d) != 0)
		warn_path(f, path, ".", strerror(errno));
}

int
main(int argc, char **argv)
{
	struct floor f = {0};
	double t0, total;
	int i, fd;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: parse_floor DIR...\n");
		return 2;
	}
	t0 = now();
	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "parse_floor: %s: %s\n", argv[i],
			    strerror(errno));
			f.failed = 1;
			continue;
		}
		walk(&f, fd, argv[i], 0);
	}
	total = now() - t0;
	free(f.buf);
	if (printf("files=%llu bytes=%llu tasks=%llu seconds=%.6f "
	    "read_seconds=%.6f parse_seconds=%.6f\n",
	    (unsigned long long)f.files, (unsigned long long)f.bytes,
	    (unsigned long long)f.tasks, total, total - f.parse_sec,
	    f.parse_sec) < 0 || fflush(stdout) != 0) {
		perror("parse_floor: stdout");
		return 2;
	}
	return f.failed ? 1 : 0;
}
