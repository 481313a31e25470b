/*
 * cmd_push.c - `progdb push URL --repo NAME`: the command line of push
 * (the work is in pg_push.c); `--server URL [--repo GLOB]` of the reading
 * commands (the copying is in pg_server.c); and what push and --server say
 * when progdb was built without libpq.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/cli.h"
#include "progdb/pg.h"
#include "progdb/xmem.h"

enum {
	OPT_REPO = OPT_FIRST_COMMAND_OPTION,
};

#ifndef PDB_HAVE_LIBPQ
static int
no_libpq(void)
{
	fprintf(stderr, "progdb: this progdb was built without PostgreSQL "
	    "support; install libpq-dev and rebuild\n(meson setup build "
	    "-Dlibpq=enabled && ninja -C build)\n");
	return PDB_EXIT_DB;
}

int
pg_push(const char *db_path, int quiet, const char *url, const char *repo)
{
	(void)db_path, (void)quiet, (void)url, (void)repo;
	return no_libpq();
}

int
cli_server_run(struct pdb_cli *cli, int argc, char **argv, int *handled)
{
	(void)cli;
	*handled = 0;
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--server", 8) == 0) {
			*handled = 1;
			return no_libpq();
		}
	return 0;
}
#else
/* The commands that only read the database; with several repositories
 * those of the first line give one answer with a repo column
 * (pg_gather.c), the others (charts, bars, a report) one per repository. */
static const char *const readers[] = {
	"debt", "due", "flow", "items", "next", "risks", "search", "sql",
	"status", "weekly",
	"burndown", "milestones", "report", NULL,
};
static const size_t ngathered = 10;

struct server_args {
	const char	*url;
	const char	*glob;
};

/* Takes --server and --repo (either form) out of argv; returns the new
 * argc, or -1 when one lacks its value. */
static int
take_options(int argc, char **argv, struct server_args *a)
{
	int out = 0;

	for (int i = 0; i < argc; i++) {
		const char **dst = strncmp(argv[i], "--server", 8) == 0 ?
		    &a->url : strncmp(argv[i], "--repo", 6) == 0 ? &a->glob : NULL;
		size_t n = dst == &a->url ? 8 : 6;

		if (i == 0 || strcmp(argv[i], "--") == 0) {
			argv[out++] = argv[i];
			if (i > 0)
				while (++i < argc)
					argv[out++] = argv[i];
			continue;
		}
		if (dst == NULL || (argv[i][n] != '\0' && argv[i][n] != '=')) {
			argv[out++] = argv[i];
			continue;
		}
		if (argv[i][n] == '=')
			*dst = argv[i] + n + 1;
		else if (i + 1 < argc)
			*dst = argv[++i];
		else
			return -1;
	}
	argv[out] = NULL;
	return out;
}

/* 0 if not a reader, 1 for one answer per repository, 2 for one answer. */
static int
is_reader(const char *name)
{
	for (size_t i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i], name) == 0)
			return i < ngathered ? 2 : 1;
	return 0;
}

/* The command to run on each repository's copy. */
struct server_run {
	struct pdb_cli	*cli;
	int		 argc;
	char		**argv;
};

/* Runs the command on one repository's copy; its exit status. */
static int
run_on(void *arg, const char *path)
{
	struct server_run *r = arg;
	char **args = xcalloc((size_t)r->argc + 1, sizeof(*args));
	int rc;

	memcpy(args, r->argv, (size_t)r->argc * sizeof(*args));
	r->cli->db_path = path;
	optind = 0;
	rc = r->cli->cmd->run(r->cli, r->argc, args);
	fflush(stdout);
	free(args);
	return rc;
}

int
cli_server_run(struct pdb_cli *cli, int argc, char **argv, int *handled)
{
	struct server_args a = {NULL, NULL};
	struct server_run r;

	*handled = 0;
	for (int i = 1; i < argc && a.url == NULL; i++)
		if (strncmp(argv[i], "--server", 8) == 0 &&
		    (argv[i][8] == '\0' || argv[i][8] == '='))
			a.url = argv[i];
	if (a.url == NULL || strcmp(cli->cmd->name, "push") == 0)
		return 0;
	*handled = 1;
	a.url = NULL;
	if (!is_reader(cli->cmd->name))
		return cli_usage_error(cli, "--server works with the commands "
		    "that read: burndown, debt, due, flow, items, milestones, "
		    "next, report, risks, search, sql, status, weekly");
	argc = take_options(argc, argv, &a);
	if (argc < 0 || a.url == NULL)
		return cli_usage_error(cli, "--server and --repo need a value");
	r = (struct server_run){cli, argc, argv};
	return pg_server_each(a.url, a.glob, is_reader(cli->cmd->name) == 2,
	    run_on, &r);
}
#endif

/* A repository name: printable ASCII but space, at most 200 bytes. */
static int
valid_repo(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 200)
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s >= 0x7f)
			return 0;
	return 1;
}

static int
run_push(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"repo", required_argument, NULL, OPT_REPO},
		PDB_COMMON_OPTIONS
	};
	const char *repo = NULL;
	int c, status;

	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    &status)) != -1) {
		if (c == PDB_OPT_EXIT)
			return status;
		if (c == OPT_REPO)
			repo = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, optind == argc ? "no server URL "
		    "given" : "one server URL at a time");
	if (repo == NULL)
		return cli_usage_error(cli, "--repo NAME is required: the name "
		    "the server keeps this repository's rows under");
	if (!valid_repo(repo))
		return cli_usage_error(cli, "--repo: '%s' is not a repository "
		    "name (1-200 printable ASCII characters, no spaces)", repo);
	return pg_push(cli->db_path, cli->quiet, argv[optind], repo);
}

const struct pdb_cmd pdb_cmd_push = {
	.name = "push",
	.run = run_push,
	.synopsis = "push [options] --repo NAME URL",
	.summary = "copy the database into a PostgreSQL server, as repository NAME",
	.help =
	    "Copies what the database holds that the server does not yet have\n"
	    "into PostgreSQL, under the repository name NAME: every table gets a\n"
	    "repo column, and the views (v_open_items, v_completions,\n"
	    "v_milestone_progress, ...) are there too.  One server transaction:\n"
	    "a push that fails or is killed changes nothing.  When the server\n"
	    "already has the database's last ingest run, nothing is sent;\n"
	    "otherwise only the runs since the one it has, their events and the\n"
	    "rows of the documents they changed.  The server's schema is created\n"
	    "and migrated by push.  URL is a libpq URL\n"
	    "or connection string; the password comes from it, PGPASSWORD or\n"
	    "~/.pgpass (PGPASSFILE), and PGHOST, PGUSER, ... fill in the rest.\n"
	    "The query commands read the server with --server URL [--repo GLOB],\n"
	    "one answer with a repo column over the repositories that match.\n"
	    "\n"
	    "Options:\n"
	    "  --repo NAME       the repository's name on the server (required)\n"
	    "\n"
	    "Examples:\n"
	    "  progdb push --repo payments-api postgresql://progdb@db/progress\n"
	    "  progdb weekly --server postgresql://progdb@db/progress --repo 'pay*'\n",
};
