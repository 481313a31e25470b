/*
 * childproc.c - one child process and its three streams (see
 * childproc.h).  Knows nothing of what the child does: git's commands are
 * gitlog.c's, the parse child's protocol is parse_child.c's.
 */
#define _GNU_SOURCE	/* pipe2, prlimit */

#include "progdb/childproc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define READ_CHUNK	65536

extern char **environ;

static void
close_fd(int *fd)
{
	if (*fd != -1) {
		(void)close(*fd);
		*fd = -1;
	}
}

/* The child's end of each stream is in child[], the parent's in *p. */
static int
make_streams(struct pdb_child *p, int with_stdin, int child[3])
{
	int fds[2];

	if (with_stdin) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
		    fds) != 0)
			return -1;
		p->in = fds[0];
		child[0] = fds[1];
	}
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	p->out = fds[0];
	child[1] = fds[1];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	p->err = fds[0];
	child[2] = fds[1];
	return 0;
}

/* Spawns what spec says with child[] as its stdin, stdout and stderr
 * (stdin /dev/null when child[0] is -1), signals at their defaults. */
static int
spawn(pid_t *pid, const struct pdb_child_spec *spec, const int child[3])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, pipe_sig;
	int rc;

	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		return rc;
	if ((rc = posix_spawnattr_init(&attr)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return rc;
	}
	sigemptyset(&none);
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	sigaddset(&pipe_sig, SIGXCPU);
	if (child[0] != -1)
		rc = posix_spawn_file_actions_adddup2(&fa, child[0], 0);
	else
		rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		    O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, child[1], 1);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, child[2], 2);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(&attr, &pipe_sig);
	if (rc == 0)
		rc = posix_spawnattr_setflags(&attr,
		    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (rc == 0 && spec->path != NULL)
		rc = posix_spawn(pid, spec->path, &fa, &attr,
		    (char *const *)spec->argv, spec->envp ? spec->envp : environ);
	else if (rc == 0)
		rc = posix_spawnp(pid, spec->argv[0], &fa, &attr,
		    (char *const *)spec->argv, spec->envp ? spec->envp : environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Sets the CPU and wall-clock limits of a started child. */
static int
set_limits(struct pdb_child *c, const struct pdb_child_spec *spec)
{
	if (spec->cpu_s > 0) {
		struct rlimit cpu = {.rlim_cur = spec->cpu_s,
		    .rlim_max = spec->cpu_s + 1};

		if (prlimit(c->pid, RLIMIT_CPU, &cpu, NULL) != 0)
			return errno;
	}
	if (spec->wall_s > 0) {
		clock_gettime(CLOCK_MONOTONIC, &c->deadline);
		c->deadline.tv_sec += (time_t)spec->wall_s;
	}
	return 0;
}

int
childproc_start(struct pdb_child *c, const struct pdb_child_spec *spec)
{
	int child[3] = {-1, -1, -1};
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->in = c->out = c->err = -1;
	if (make_streams(c, spec->with_stdin, child) != 0)
		rc = errno;
	else
		rc = spawn(&c->pid, spec, child);
	for (int i = 0; i < 3; i++)
		close_fd(&child[i]);
	if (rc == 0) {
		c->rbuf = xmalloc(READ_CHUNK);
		if ((rc = set_limits(c, spec)) == 0)
			return 0;
		(void)childproc_finish(c, SIGKILL);
	}
	c->pid = 0;
	close_fd(&c->in);
	close_fd(&c->out);
	close_fd(&c->err);
	buf_free(&c->errtext);
	errno = rc;
	return -1;
}

/* Milliseconds to wait in poll(): -1 without a deadline; 0 once it has
 * passed, with errno ETIMEDOUT. */
static int
poll_wait(const struct pdb_child *p)
{
	struct timespec now;
	long long ms;

	if (p->deadline.tv_sec == 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(p->deadline.tv_sec - now.tv_sec) * 1000 +
	    (p->deadline.tv_nsec - now.tv_nsec) / 1000000;
	if (ms <= 0) {
		errno = ETIMEDOUT;
		return 0;
	}
	return ms < INT_MAX ? (int)ms : INT_MAX;
}

/* Waits until the child's stdin takes more.  Returns 0 or -1. */
static int
wait_writable(const struct pdb_child *p)
{
	for (;;) {
		struct pollfd pfd = {.fd = p->in, .events = POLLOUT};
		int ms = poll_wait(p), ready;

		if (ms == 0)
			return -1;
		ready = poll(&pfd, 1, ms);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0)
			errno = ETIMEDOUT;
		return ready > 0 ? 0 : -1;
	}
}

int
childproc_limit(struct pdb_child *c, unsigned cpu_s, unsigned wall_s)
{
	struct timespec used;
	struct rlimit cpu;
	clockid_t clock;
	int rc;

	if ((rc = clock_getcpuclockid(c->pid, &clock)) != 0) {
		errno = rc;
		return -1;
	}
	if (clock_gettime(clock, &used) != 0 ||
	    prlimit(c->pid, RLIMIT_CPU, NULL, &cpu) != 0)
		return -1;
	cpu.rlim_cur = (rlim_t)used.tv_sec + 1 + cpu_s;
	if (cpu.rlim_max != RLIM_INFINITY && cpu.rlim_cur > cpu.rlim_max)
		cpu.rlim_cur = cpu.rlim_max;
	if (prlimit(c->pid, RLIMIT_CPU, &cpu, NULL) != 0)
		return -1;
	c->deadline = (struct timespec){0};
	if (wall_s > 0) {
		clock_gettime(CLOCK_MONOTONIC, &c->deadline);
		c->deadline.tv_sec += (time_t)wall_s;
	}
	return 0;
}

int
childproc_write(struct pdb_child *p, const void *data, size_t n)
{
	const char *s = data;

	if (p->in == -1) {
		errno = EPIPE;
		return -1;
	}
	while (n > 0) {
		ssize_t w;

		if (p->deadline.tv_sec != 0 && wait_writable(p) != 0)
			return -1;
		w = send(p->in, s, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

void
childproc_close_stdin(struct pdb_child *p)
{
	close_fd(&p->in);
}

/* Keeps the start of stderr, drops the rest; closes it at EOF. */
static int
drain_err(struct pdb_child *p)
{
	char chunk[4096];
	ssize_t n = read(p->err, chunk, sizeof(chunk));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (n == 0) {
		close_fd(&p->err);
		return 0;
	}
	if (p->errtext.len < CHILDPROC_ERR_KEEP)
		buf_append(&p->errtext, chunk, (size_t)n <
		    CHILDPROC_ERR_KEEP - p->errtext.len ? (size_t)n :
		    CHILDPROC_ERR_KEEP - p->errtext.len);
	return 0;
}

/*
 * Reads into dst (at most cap bytes) from stdout, collecting stderr while
 * waiting.  Returns the byte count, 0 at the end of stdout, or -1.
 */
static ssize_t
read_out(struct pdb_child *p, char *dst, size_t cap)
{
	while (p->out != -1) {
		struct pollfd pfd[2] = {
			{ .fd = p->out, .events = POLLIN },
			{ .fd = p->err, .events = POLLIN },
		};
		int ms = poll_wait(p), ready;

		if (ms == 0)
			return -1;
		ready = poll(pfd, p->err != -1 ? 2 : 1, ms);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0)
			errno = ETIMEDOUT;
		if (ready <= 0)
			return -1;
		if (p->err != -1 && pfd[1].revents != 0 && drain_err(p) != 0)
			return -1;
		if (pfd[0].revents != 0) {
			ssize_t n = read(p->out, dst, cap);

			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n < 0)
				return -1;
			if (n == 0)
				close_fd(&p->out);
			return n;
		}
	}
	return 0;
}

/* Makes sure unread bytes are buffered.  Returns 1, 0 at EOF, or -1. */
static int
fill(struct pdb_child *p)
{
	ssize_t n;

	if (p->rpos < p->rlen)
		return 1;
	p->rpos = p->rlen = 0;
	if ((n = read_out(p, p->rbuf, READ_CHUNK)) <= 0)
		return (int)n;
	p->rlen = (size_t)n;
	return 1;
}

int
childproc_read_token(struct pdb_child *p, int delim, struct pdb_buf *tok)
{
	int got = 0, rc;

	buf_reset(tok);
	while ((rc = fill(p)) == 1) {
		const char *start = p->rbuf + p->rpos;
		size_t avail = p->rlen - p->rpos;
		const char *end = memchr(start, delim, avail);
		size_t take = end != NULL ? (size_t)(end - start) : avail;

		buf_append(tok, start, take);
		p->rpos += take;
		got = 1;
		if (end != NULL) {
			p->rpos++;
			return 1;
		}
	}
	return rc < 0 ? -1 : got;
}

int
childproc_read_all(struct pdb_child *p, struct pdb_buf *out)
{
	int rc;

	while ((rc = fill(p)) == 1) {
		buf_append(out, p->rbuf + p->rpos, p->rlen - p->rpos);
		p->rpos = p->rlen;
	}
	return rc;
}

int
childproc_read_exact(struct pdb_child *p, void *dst, size_t n)
{
	char *d = dst;

	while (n > 0) {
		size_t take;
		ssize_t got;

		if (p->rpos < p->rlen || dst == NULL || n < READ_CHUNK) {
			int rc = fill(p);

			if (rc <= 0) {
				if (rc == 0)
					errno = EPIPE;
				return -1;
			}
			take = p->rlen - p->rpos < n ? p->rlen - p->rpos : n;
			if (d != NULL) {
				memcpy(d, p->rbuf + p->rpos, take);
				d += take;
			}
			p->rpos += take;
			n -= take;
			continue;
		}
		/* A large read with nothing buffered goes straight to dst. */
		if ((got = read_out(p, d, n)) <= 0) {
			if (got == 0)
				errno = EPIPE;
			return -1;
		}
		d += got;
		n -= (size_t)got;
	}
	return 0;
}

static int
wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

int
childproc_finish(struct pdb_child *p, int sig)
{
	int status;

	if (p->pid == 0)
		return -1;
	close_fd(&p->in);
	if (sig != 0)
		(void)kill(p->pid, sig);
	p->rpos = p->rlen = 0;
	while (p->out != -1 && fill(p) == 1)
		p->rpos = p->rlen;
	close_fd(&p->out);
	while (p->err != -1)
		if (drain_err(p) != 0)
			close_fd(&p->err);
	status = wait_child(p->pid);
	p->pid = 0;
	free(p->rbuf);
	p->rbuf = NULL;
	return status;
}

const char *
childproc_errline(struct pdb_child *p)
{
	char *s = p->errtext.data, *nl;

	if (s == NULL)
		return "";
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		p->errtext.len = (size_t)(nl - s);
	}
	return s;
}

void
childproc_free(struct pdb_child *p)
{
	if (p->pid != 0)
		(void)childproc_finish(p, SIGTERM);
	free(p->rbuf);
	p->rbuf = NULL;
	buf_free(&p->errtext);
}
