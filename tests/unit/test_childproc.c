/*
 * test_childproc.c - unit tests for childproc.c: feeding and reading a
 * child, its stderr on the side, exit statuses, a missing program, the
 * CPU limit, set at the start or renewed per request (a child that spins
 * ends by SIGXCPU or SIGKILL), and the wall-clock limit (a child that
 * sleeps makes reads fail with ETIMEDOUT).
 * Nothing here depends on how fast the machine is.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "harness.h"
#include "progdb/childproc.h"

static void
test_round_trip(void)
{
	const char *argv[] = {"sh", "-c", "echo oops >&2; tr a-z A-Z", NULL};
	struct pdb_child_spec spec = {.argv = argv, .with_stdin = 1};
	struct pdb_child c;
	struct pdb_buf out = {0};

	CHECK_INT(childproc_start(&c, &spec), 0);
	CHECK_INT(childproc_write(&c, "hello\nworld", 11), 0);
	childproc_close_stdin(&c);
	CHECK_INT(childproc_read_all(&c, &out), 0);
	CHECK_MEM(out.data, out.len, "HELLO\nWORLD", 11);
	CHECK_INT(childproc_finish(&c, 0), 0);
	CHECK_STR(childproc_errline(&c), "oops");
	childproc_free(&c);
	buf_free(&out);
}

static void
test_status(void)
{
	const char *argv[] = {"sh", "-c", "printf 'a\\0b\\0'; exit 3", NULL};
	struct pdb_child_spec spec = {.argv = argv, .path = "/bin/sh"};
	struct pdb_child c;
	struct pdb_buf tok = {0};

	CHECK_INT(childproc_start(&c, &spec), 0);
	CHECK_INT(childproc_read_token(&c, '\0', &tok), 1);
	CHECK_STR(buf_cstr(&tok), "a");
	CHECK_INT(childproc_read_token(&c, '\0', &tok), 1);
	CHECK_STR(buf_cstr(&tok), "b");
	CHECK_INT(childproc_read_token(&c, '\0', &tok), 0);
	CHECK_INT(childproc_finish(&c, 0), 3);
	CHECK_STR(childproc_errline(&c), "");
	childproc_free(&c);
	buf_free(&tok);
}

static void
test_missing(void)
{
	const char *argv[] = {"progdb-no-such-program", NULL};
	struct pdb_child_spec spec = {.argv = argv};
	struct pdb_child c;

	errno = 0;
	CHECK_INT(childproc_start(&c, &spec), -1);
	CHECK_INT(errno, ENOENT);
	CHECK_INT(c.pid, 0);
}

static void
test_cpu_limit(void)
{
	const char *argv[] = {"sh", "-c", "while :; do :; done", NULL};
	struct pdb_child_spec spec = {.argv = argv, .cpu_s = 1};
	struct pdb_child c;
	struct pdb_buf out = {0};
	int status;

	CHECK_INT(childproc_start(&c, &spec), 0);
	CHECK_INT(childproc_read_all(&c, &out), 0);
	status = childproc_finish(&c, 0);
	CHECK(status == 128 + SIGXCPU || status == 128 + SIGKILL);
	childproc_free(&c);
	buf_free(&out);
}

/* A child that served one request and spins on the next is stopped by the
 * limit renewed for that request. */
static void
test_renewed_limit(void)
{
	const char *argv[] = {"sh", "-c", "read x; echo $x; while :; do :; done",
	    NULL};
	struct pdb_child_spec spec = {.argv = argv, .with_stdin = 1};
	struct pdb_child c;
	struct pdb_buf tok = {0};
	int status;

	CHECK_INT(childproc_start(&c, &spec), 0);
	CHECK_INT(childproc_limit(&c, 1, 0), 0);
	CHECK_INT(childproc_write(&c, "one\n", 4), 0);
	CHECK_INT(childproc_read_token(&c, '\n', &tok), 1);
	CHECK_STR(buf_cstr(&tok), "one");
	CHECK_INT(childproc_limit(&c, 1, 0), 0);
	CHECK_INT(childproc_read_token(&c, '\n', &tok), 0);
	status = childproc_finish(&c, 0);
	CHECK(status == 128 + SIGXCPU || status == 128 + SIGKILL);
	childproc_free(&c);
	buf_free(&tok);
}

static void
test_wall_limit(void)
{
	const char *argv[] = {"sleep", "30", NULL};
	struct pdb_child_spec spec = {.argv = argv, .wall_s = 1};
	struct pdb_child c;
	struct pdb_buf out = {0};

	CHECK_INT(childproc_start(&c, &spec), 0);
	errno = 0;
	CHECK_INT(childproc_read_all(&c, &out), -1);
	CHECK_INT(errno, ETIMEDOUT);
	CHECK_INT(childproc_finish(&c, SIGKILL), 128 + SIGKILL);
	childproc_free(&c);
	buf_free(&out);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_round_trip();
	test_status();
	test_missing();
	test_cpu_limit();
	test_renewed_limit();
	test_wall_limit();
	return harness_done();
}
