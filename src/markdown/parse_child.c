/*
 * parse_child.c - parsing a large body in a child process (see
 * markdown_int.h), so that an input costlier than tame.c foresees, or one
 * that crashes md4c, costs one warning and a document without structure,
 * not the run.
 *
 * The child is this same program (self_path()), started again through
 * childproc.h (posix_spawn, then exec: nothing but async-signal-safe steps
 * run between the fork and the exec, so forking from a threaded process
 * is safe) with PARSE_CHILD_ENV set and nothing else in its environment.  A
 * constructor sees that variable before main() runs, in progdb and in any
 * test program linked with the core library alike, and from then on the
 * process parses the texts it reads on stdin and writes their models to
 * stdout, until stdin ends.  Each parsing thread keeps one such child
 * (starting a program costs ~8 ms of CPU, more than most parses), whose
 * CPU-time and wall-clock limits are renewed for every body.
 *
 * The protocol, in the machine's byte order (both ends are one binary),
 * per body:
 *   parent: struct sent_input, then the text (src_len bytes);
 *   child:  the length of the rest (uint64_t), struct sent_model, the
 *           nodes, the spans, the text, then per diagnostic a struct
 *           sent_diag, its code and its message.
 */
#define _POSIX_C_SOURCE 200809L

#include "markdown_int.h"

#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progdb/childproc.h"
#include "progdb/decode.h"
#include "progdb/parse.h"
#include "progdb/xmem.h"

#define PARSE_CHILD_ENV		"PROGDB_PARSE_CHILD"
#define PARSE_CPU_S		2
#define PARSE_CPU_PER		(4u << 20)

struct sent_input {
	uint64_t	src_len;
	uint64_t	body;
};

struct sent_model {
	int32_t		rc;
	uint32_t	nnodes;
	uint32_t	nspans;
	uint32_t	ndiags;
	uint64_t	text_len;
};

struct sent_diag {
	int32_t		sev;
	uint32_t	line;
	uint32_t	code_len;
	uint32_t	msg_len;
};

/* ---- the child ---- */

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
pack_model(const struct pdb_doc *doc, int rc, struct pdb_buf *out)
{
	struct sent_model m = {.rc = rc, .nnodes = (uint32_t)doc->nnodes,
	    .nspans = (uint32_t)doc->nspans, .ndiags = (uint32_t)doc->diags.n,
	    .text_len = doc->text.len};

	buf_append(out, &m, sizeof(m));
	buf_append(out, doc->nodes, doc->nnodes * sizeof(*doc->nodes));
	buf_append(out, doc->spans, doc->nspans * sizeof(*doc->spans));
	buf_append(out, doc->text.data, doc->text.len);
	for (size_t i = 0; i < doc->diags.n; i++) {
		const struct pdb_diag *d = &doc->diags.v[i];
		struct sent_diag sd = {.sev = d->sev, .line = d->line,
		    .code_len = (uint32_t)strlen(d->code),
		    .msg_len = (uint32_t)strlen(d->msg)};

		buf_append(out, &sd, sizeof(sd));
		buf_append(out, d->code, sd.code_len);
		buf_append(out, d->msg, sd.msg_len);
	}
}

/* Reads exactly n bytes of fd into dst.  Returns 1, 0 at the end of the
 * input before the first byte, or -1. */
static int
read_exact(int fd, void *dst, size_t n)
{
	char *d = dst;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, d + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 && got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* Parses one text from stdin onto stdout.  Returns 1, 0 at the end of
 * the input, or -1. */
static int
child_one(struct pdb_doc *doc, struct pdb_buf *in, struct pdb_buf *out)
{
	struct sent_input si;
	uint64_t len;
	int got = read_exact(0, &si, sizeof(si)), rc;

	if (got <= 0 || si.body > si.src_len || si.src_len > PDB_PARSE_MAX)
		return got;
	buf_reset(in);
	buf_reserve(in, (size_t)si.src_len + PDB_DECODE_PAD);
	if (read_exact(0, in->data, (size_t)si.src_len) < 0)
		return -1;
	memset(in->data + si.src_len, 0, PDB_DECODE_PAD);
	model_reset(doc);
	doc->src = in->data;
	doc->src_len = (size_t)si.src_len;
	doc->body = (size_t)si.body;
	linemap_build(&doc->lines, doc->src, doc->src_len);
	rc = parse_body(doc);
	buf_reset(out);
	pack_model(doc, rc, out);
	len = out->len;
	return write_all(1, &len, sizeof(len)) == 0 &&
	    write_all(1, out->data, out->len) == 0 ? 1 : -1;
}

/* The child's whole life: texts from stdin to models on stdout until the
 * parent closes stdin.  Returns its exit status. */
static int
child_run(void)
{
	struct pdb_buf in = {0}, out = {0};
	struct pdb_doc doc = {0};
	int rc;

	while ((rc = child_one(&doc, &in, &out)) > 0)
		;
	return rc == 0 ? 0 : 2;
}

__attribute__((constructor)) static void
child_entry(void)
{
	const char *v = getenv(PARSE_CHILD_ENV);

	if (v != NULL && strcmp(v, "1") == 0)
		_exit(child_run());
}

/* ---- the parent ---- */

/* Takes n bytes from *p into out; -1 when fewer than n are left. */
static int
take(const char **p, const char *end, void *out, size_t n)
{
	if ((size_t)(end - *p) < n)
		return -1;
	memcpy(out, *p, n);
	*p += n;
	return 0;
}

/* Whether n elements of size are left at p. */
static int
fits(const char *p, const char *end, size_t n, size_t size)
{
	return (size_t)(end - p) / size >= n;
}

/* Copies the n elements of size at *p into v, grown to hold them. */
static void *
take_array(const char **p, void *v, size_t n, size_t size)
{
	v = xreallocarray(v, n ? n : 1, size);
	memcpy(v, *p, n * size);
	*p += n * size;
	return v;
}

static int
take_diag(struct pdb_doc *doc, const char **p, const char *end)
{
	struct sent_diag sd;
	const char *code;

	if (take(p, end, &sd, sizeof(sd)) != 0 ||
	    (size_t)(end - *p) < (size_t)sd.code_len + sd.msg_len ||
	    (code = markdown_code(*p, sd.code_len)) == NULL)
		return -1;
	*p += sd.code_len;
	diaglist_add(&doc->diags, (enum pdb_severity)sd.sev, sd.line, code,
	    "%.*s", (int)sd.msg_len, *p);
	*p += sd.msg_len;
	return 0;
}

/* Rebuilds doc (holding only its front matter) from what the child sent. */
static int
unpack_model(struct pdb_doc *doc, const struct pdb_buf *in, int *rc)
{
	const char *p = in->data, *end = in->data + in->len;
	struct sent_model m;

	if (take(&p, end, &m, sizeof(m)) != 0 ||
	    !fits(p, end, m.nnodes, sizeof(*doc->nodes)))
		return -1;
	doc->nodes = take_array(&p, doc->nodes, m.nnodes, sizeof(*doc->nodes));
	doc->nodes_cap = m.nnodes ? m.nnodes : 1;
	doc->nnodes = m.nnodes;
	if (!fits(p, end, m.nspans, sizeof(*doc->spans)))
		return -1;
	doc->spans = take_array(&p, doc->spans, m.nspans, sizeof(*doc->spans));
	doc->spans_cap = m.nspans ? m.nspans : 1;
	doc->nspans = m.nspans;
	if ((uint64_t)(end - p) < m.text_len)
		return -1;
	buf_append(&doc->text, p, (size_t)m.text_len);
	p += m.text_len;
	for (uint32_t i = 0; i < m.ndiags; i++)
		if (take_diag(doc, &p, end) != 0)
			return -1;
	*rc = m.rc;
	return p == end ? 0 : -1;
}

/* Feeds the child doc's text and collects its answer in out.  Returns 0,
 * or -1 when the child did not take it all or answer in time. */
static int
talk(struct pdb_child *c, const struct pdb_doc *doc, struct pdb_buf *out)
{
	struct sent_input si = {.src_len = doc->src_len, .body = doc->body};
	uint64_t len;

	if (childproc_write(c, &si, sizeof(si)) != 0 ||
	    childproc_write(c, doc->src, doc->src_len) != 0 ||
	    childproc_read_exact(c, &len, sizeof(len)) != 0 ||
	    len > SIZE_MAX / 2)
		return -1;
	buf_reserve(out, (size_t)len);
	if (childproc_read_exact(c, out->data, (size_t)len) != 0)
		return -1;
	out->len = (size_t)len;
	return 0;
}

/*
 * This program's file, as /proc/self/exe names it: running /proc/self/exe
 * itself would run valgrind's tool under valgrind, which answers
 * readlink() with the program's own path.  "/proc/self/exe" when that
 * fails or the file is gone (replaced by a new build, say).
 */
static const char *
self_path(char *buf, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
	static const char gone[] = " (deleted)";

	if (n <= 0 || (size_t)n >= cap - 1 || (n >= (ssize_t)sizeof(gone) - 1 &&
	    memcmp(buf + n - (sizeof(gone) - 1), gone, sizeof(gone) - 1) == 0))
		return "/proc/self/exe";
	buf[n] = '\0';
	return buf;
}

/* Leaves doc without structure, with a warning saying why. */
static void
give_up(struct pdb_doc *doc, int status, unsigned cpu_s)
{
	doc->nnodes = doc->nspans = 0;
	buf_reset(&doc->text);
	diaglist_clear(&doc->diags);
	parse_root(doc);
	if (status == 128 + SIGXCPU || status == 128 + SIGKILL)
		diaglist_add(&doc->diags, PDB_SEV_WARNING, 0, "parse-limit",
		    "parsing took more than %u s of CPU time: the Markdown "
		    "structure is ignored (no sections or items)", cpu_s);
	else
		diaglist_add(&doc->diags, PDB_SEV_WARNING, 0, "parse-crash",
		    "the Markdown parser failed (%s %d): the Markdown "
		    "structure is ignored (no sections or items)",
		    status > 128 ? "signal" : "status",
		    status > 128 ? status - 128 : status);
}

/*
 * Each thread that parses large bodies keeps one child, started at its
 * first and ended when the thread ends (or, for the main thread, when the
 * process exits and the child reads the end of its stdin).  A child that
 * runs out of time or fails is ended and replaced at the next body.
 */
struct server {
	struct pdb_child c;
	int		 up;
};

static pthread_key_t server_key;
static pthread_once_t server_once = PTHREAD_ONCE_INIT;

static void
server_end(void *p)
{
	struct server *s = p;

	if (s->up)
		(void)childproc_finish(&s->c, 0);
	childproc_free(&s->c);
	free(s);
}

static void
server_key_make(void)
{
	if (pthread_key_create(&server_key, server_end) != 0)
		abort();
}

/* Starts the child of s.  Returns 0 or -1. */
static int
server_start(struct server *s)
{
	static const char *const argv[] = {"progdb-parse", NULL};
	static char *const envp[] = {PARSE_CHILD_ENV "=1", NULL};
	char path[PATH_MAX];
	struct pdb_child_spec spec = {.argv = argv,
	    .path = self_path(path, sizeof(path)), .envp = envp,
	    .with_stdin = 1};

	if (childproc_start(&s->c, &spec) != 0)
		return -1;
	s->up = 1;
	return 0;
}

/* This thread's child, started if need be, or NULL. */
static struct server *
server_get(void)
{
	struct server *s;

	(void)pthread_once(&server_once, server_key_make);
	if ((s = pthread_getspecific(server_key)) == NULL) {
		s = xcalloc(1, sizeof(*s));
		if (pthread_setspecific(server_key, s) != 0) {
			free(s);
			return NULL;
		}
	}
	if (!s->up && server_start(s) != 0)
		return NULL;
	return s;
}

int
parse_in_child(struct pdb_doc *doc)
{
	unsigned cpu_s = PARSE_CPU_S +
	    (unsigned)((doc->src_len - doc->body) / PARSE_CPU_PER);
	struct server *s = server_get();
	struct pdb_buf in = {0};
	int got, status, rc = 0;

	if (s == NULL)
		return -1;
	if (childproc_limit(&s->c, cpu_s, 2 * cpu_s) != 0) {
		(void)childproc_finish(&s->c, SIGKILL);	/* gone already? */
		s->up = 0;
		return -1;
	}
	got = talk(&s->c, doc, &in);
	if (got == 0 && unpack_model(doc, &in, &rc) == 0) {
		buf_free(&in);
		return rc;
	}
	status = childproc_finish(&s->c, SIGKILL);
	s->up = 0;
	if (got == 0)
		status = 1;			/* it answered nonsense */
	else if (status == 0)
		status = 128 + SIGKILL;		/* out of time */
	give_up(doc, status, cpu_s);
	buf_free(&in);
	return 0;
}
