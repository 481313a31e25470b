/*
 * cmd_sql.c - `progdb sql`: ad-hoc SQL for leads.
 *
 * Without --write nothing can change the database, whatever the SQL: the
 * connection is opened read-only with query_only set, an authorizer lets
 * through only reading (no INSERT/UPDATE/DELETE, DDL, ATTACH, VACUUM,
 * transactions, savepoints, load_extension, or pragmas that set
 * something), and every statement must also be read-only by
 * sqlite3_stmt_readonly() - or be one bare pragma from the list of those
 * that only report, which SQLite sometimes counts as writes.  A time
 * limit stops runaway queries: SQLite is interrupted at the limit, and
 * should one step not return, the process ends HARD_STOP_S seconds later.
 * SQLite's memory is capped at HEAP_LIMIT and its temporary tables are
 * kept in it, not on disk; text and md output, which hold every row to
 * align them, stop at TABLE_LIMIT.
 */
#define _POSIX_C_SOURCE 200809L	/* alarm, signal, strcasecmp */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/diag.h"
#include "progdb/escape.h"
#include "progdb/render.h"
#include "progdb/store.h"

#define DEFAULT_TIMEOUT_S	30
#define HEAP_LIMIT		(512LL << 20)
#define TABLE_LIMIT		(256LL << 20)	/* text and md cells */
#define HARD_STOP_S		5

enum {
	OPT_WRITE = OPT_FIRST_COMMAND_OPTION,
	OPT_TIMEOUT,
};

struct param {
	const char	*name;
	const char	*value;
};

struct sql_opts {
	enum pdb_format	 format;
	int		 write;
	int		 timeout_s;
	struct param	*params;
	size_t		 nparams;
};

/*
 * What the authorizer saw while one statement was prepared: why it refused
 * (for the error message), whether the statement is one bare pragma it let
 * through, and whether the schema table was written to.
 */
struct guard {
	char		 denied[160];	/* the reason, or "" */
	int		 read_only;	/* no --write */
	int		 calls;		/* authorizer calls for this statement */
	int		 pragma_read;	/* an allowed pragma was one of them */
	int		 schema_write;	/* sqlite_master was written to */
	time_t		 deadline;
};

/* Pragmas that, given no value, only report something. */
static const char *const readable_pragmas[] = {
	"table_list", "database_list", "collation_list", "function_list",
	"module_list", "pragma_list", "compile_options", "user_version",
	"application_id", "schema_version", "data_version", "page_count",
	"page_size", "freelist_count", "encoding", "foreign_keys",
	"journal_mode", "integrity_check", "quick_check", "foreign_key_check",
	"table_info", "table_xinfo", "index_list", "index_info",
	"index_xinfo", "foreign_key_list", "busy_timeout", "cache_size",
	"cache_spill", "synchronous", "temp_store", "locking_mode",
	"auto_vacuum", "secure_delete", "mmap_size", "query_only",
	"recursive_triggers", "defer_foreign_keys", "trusted_schema",
	"automatic_index", "cell_size_check", "journal_size_limit",
	"max_page_count", "wal_autocheckpoint", "soft_heap_limit",
	"hard_heap_limit", "threads", "analysis_limit", "legacy_alter_table",
	"reverse_unordered_selects", "ignore_check_constraints",
	"writable_schema", "fullfsync", "checkpoint_fullfsync", NULL
};

/* Pragmas whose argument names a table or a limit instead of setting. */
static const char *const pragmas_with_argument[] = {
	"table_info", "table_xinfo", "index_list", "index_info",
	"index_xinfo", "foreign_key_list", "foreign_key_check",
	"integrity_check", "quick_check", NULL
};

static int
in_list(const char *name, const char *const *list)
{
	for (int i = 0; list[i] != NULL; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
is_schema_table(const char *table)
{
	return table != NULL && (strcasecmp(table, "sqlite_master") == 0 ||
	    strcasecmp(table, "sqlite_temp_master") == 0);
}

/* Why the statement is refused: what it would do, in words. */
static void
describe(struct guard *g, int action, const char *a, const char *b)
{
	static const char changes[] = "would change the database";
	char *d = g->denied;
	size_t n = sizeof(g->denied);

	switch (action) {
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		snprintf(d, n, "%s on %s %s", action == SQLITE_INSERT ?
		    "INSERT" : action == SQLITE_UPDATE ? "UPDATE" : "DELETE",
		    a != NULL ? a : "a table", changes);
		break;
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		snprintf(d, n, "%s would open or close a database file",
		    action == SQLITE_ATTACH ? "ATTACH" : "DETACH");
		break;
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
		snprintf(d, n, "transactions and savepoints are for writing");
		break;
	case SQLITE_FUNCTION:
		snprintf(d, n, "%s() would load or register code", b);
		break;
	case SQLITE_PRAGMA:
		snprintf(d, n, "PRAGMA %s %s", a != NULL ? a : "", b != NULL ?
		    "with a value would change a setting" :
		    "is not one of the pragmas that only report");
		break;
	case SQLITE_ANALYZE:
	case SQLITE_REINDEX:
		snprintf(d, n, "%s %s", action == SQLITE_ANALYZE ? "ANALYZE" :
		    "REINDEX", changes);
		break;
	default:
		snprintf(d, n, "a schema change (CREATE, DROP, ALTER, VACUUM) "
		    "%s", changes);
		break;
	}
}

static int
deny(struct guard *g, int action, const char *a, const char *b)
{
	if (g->denied[0] == '\0')
		describe(g, action, a, b);
	return SQLITE_DENY;
}

static int
authorize(void *ud, int action, const char *a, const char *b,
    const char *db, const char *trigger)
{
	struct guard *g = ud;

	(void)db;
	(void)trigger;
	g->calls++;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		/* fts3_tokenizer() with two arguments takes a raw pointer. */
		if (b != NULL && (strcasecmp(b, "load_extension") == 0 ||
		    strcasecmp(b, "fts3_tokenizer") == 0))
			return deny(g, action, a, b);
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		if (a != NULL && in_list(a, readable_pragmas) &&
		    (b == NULL || in_list(a, pragmas_with_argument))) {
			g->pragma_read = 1;
			return SQLITE_OK;
		}
		return deny(g, action, a, b);
	case SQLITE_UPDATE:
		/*
		 * The first use of a table-valued function (json_each,
		 * pragma_table_info, dbstat) declares its table, which SQLite
		 * 3.40 reports as an UPDATE of sqlite_master.  Let it through
		 * and let sqlite3_stmt_readonly() judge the statement.
		 */
		if (is_schema_table(a)) {
			g->schema_write = 1;
			return SQLITE_OK;
		}
		return deny(g, action, a, b);
	case SQLITE_INSERT:
	case SQLITE_DELETE:
		/* CREATE and DROP show up as writes to the schema table. */
		if (is_schema_table(a))
			action = SQLITE_CREATE_TABLE;
		return deny(g, action, a, b);
	default:
		return deny(g, action, a, b);
	}
}

/*
 * Whether the statement just prepared may run without --write: SQLite says
 * it only reads, or it is one bare pragma the allow-list let through
 * (SQLite counts PRAGMA journal_mode as a write even when it only asks).
 */
static int
reads_only(const struct guard *g, sqlite3_stmt *s)
{
	if (sqlite3_stmt_readonly(s))
		return 1;
	return g->calls == 1 && g->pragma_read;
}

/* The last resort when a single step outlasts the time limit. */
static void
hard_stop(int sig)
{
	static const char msg[] = "progdb sql: the query was stopped after "
	    "the time limit (--timeout)\n";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(PDB_EXIT_DB);
}

static int
over_time(void *ud)
{
	const struct guard *g = ud;

	return g->deadline != 0 && time(NULL) >= g->deadline;
}

static int
read_stdin(struct pdb_buf *b)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_append(b, chunk, n);
	return ferror(stdin) ? -1 : 0;
}

static int
bind_params(const struct pdb_cli *cli, sqlite3_stmt *s,
    const struct sql_opts *o)
{
	int n = sqlite3_bind_parameter_count(s);

	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		const struct param *p = NULL;
		char *end;
		long long v;

		if (name == NULL)
			return cli_usage_error(cli, "parameter ?%d: only named "
			    "parameters (:name) can be given with -p", i);
		for (size_t k = 0; k < o->nparams; k++)
			if (strcmp(o->params[k].name, name + 1) == 0)
				p = &o->params[k];
		if (p == NULL)
			return cli_usage_error(cli, "parameter %s has no value "
			    "(give it with -p %s=VALUE)", name, name + 1);
		errno = 0;
		v = strtoll(p->value, &end, 10);
		if (*p->value != '\0' && *end == '\0' && errno == 0)
			sqlite3_bind_int64(s, i, v);
		else
			sqlite3_bind_text(s, i, p->value, -1, SQLITE_STATIC);
	}
	return 0;
}

/* "progdb sql: ", head, msg (which may quote names from the SQL: escaped
 * for a terminal) and tail. */
static void
print_error(const char *head, const char *msg, const char *tail)
{
	struct pdb_buf b = {0};

	escape_terminal(msg, strlen(msg), &b);
	fprintf(stderr, "progdb sql: %s%s%s\n", head, buf_cstr(&b), tail);
	buf_free(&b);
}

static int
report_sql_error(struct pdb_store *st, struct guard *g, int rc)
{
	/* SQLite refuses some writes itself, before the authorizer. */
	if (g->denied[0] == '\0' && g->read_only &&
	    ((rc & 0xff) == SQLITE_READONLY ||
	    strstr(sqlite3_errmsg(st->db), "may not be modified") != NULL))
		snprintf(g->denied, sizeof(g->denied), "%s",
		    sqlite3_errmsg(st->db));
	if (g->denied[0] != '\0') {
		print_error("refused: ", g->denied,
		    "; use --write to allow it");
		return PDB_EXIT_USAGE;
	}
	if ((rc & 0xff) == SQLITE_INTERRUPT) {
		fprintf(stderr, "progdb sql: the query was stopped after the "
		    "time limit (--timeout)\n");
		return PDB_EXIT_DB;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_CORRUPT ||
	    (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_FULL ||
	    (rc & 0xff) == SQLITE_READONLY)
		return store_fail(st, "running the SQL");
	print_error("", sqlite3_errmsg(st->db), "");
	return PDB_EXIT_USAGE;
}

/* A write that returns no rows reports how many it changed. */
static int
render_changes(struct pdb_store *st, const struct pdb_render_opts *ro)
{
	sqlite3_stmt *s;
	long n;

	if (sqlite3_prepare_v2(st->db, "SELECT ?1 AS rows_affected", -1, &s,
	    NULL) != SQLITE_OK)
		return store_fail(st, "reporting changes");
	sqlite3_bind_int64(s, 1, sqlite3_changes64(st->db));
	n = render_stmt(s, ro, stdout);
	sqlite3_finalize(s);
	return n < 0 ? PDB_EXIT_DB : 0;
}

static int
run_one(const struct pdb_cli *cli, struct pdb_store *st, struct guard *g,
    sqlite3_stmt *s, const struct sql_opts *o)
{
	struct pdb_render_opts ro = {.format = o->format,
	    .table_max = TABLE_LIMIT};
	long rows;
	int rc;

	if ((rc = bind_params(cli, s, o)) != 0)
		return rc;
	if (sqlite3_column_count(s) == 0) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return report_sql_error(st, g, sqlite3_errcode(st->db));
		return o->write ? render_changes(st, &ro) : 0;
	}
	if ((rows = render_stmt(s, &ro, stdout)) == PDB_RENDER_TOO_BIG) {
		fprintf(stderr, "progdb sql: the result is larger than the "
		    "%lld MB that --format text and md hold to align it; use "
		    "--format csv or json, which stream any size\n",
		    TABLE_LIMIT >> 20);
		return PDB_EXIT_DB;
	}
	if (rows < 0) {
		if (ferror(stdout)) {
			fprintf(stderr, "progdb sql: cannot write the output\n");
			return PDB_EXIT_INPUT;
		}
		return report_sql_error(st, g, sqlite3_errcode(st->db));
	}
	return 0;
}

/*
 * Prepares every statement before running any, so that read-only SQL is
 * refused as a whole ("SELECT 1; DELETE ..." prints nothing).  With --write
 * each statement is prepared when its turn comes, since it may use a table
 * an earlier one creates.
 */
static int
run_all(const struct pdb_cli *cli, struct pdb_store *st, const char *sql,
    const struct sql_opts *o)
{
	struct guard g = {.read_only = !o->write};
	sqlite3_stmt **v = NULL;
	const char *tail = sql;
	size_t n = 0, done = 0;
	int rc = 0;

	if ((rc = store_exec(st, "PRAGMA temp_store = MEMORY",
	    "opening the database")) != 0)
		return rc;
	if (!o->write) {
		if ((rc = store_exec(st, "PRAGMA query_only = 1",
		    "opening the database")) != 0)
			return rc;
		sqlite3_set_authorizer(st->db, authorize, &g);
	}
	if (o->timeout_s > 0) {
		g.deadline = time(NULL) + o->timeout_s;
		signal(SIGALRM, hard_stop);
		alarm((unsigned)(o->timeout_s + HARD_STOP_S));
	}
	sqlite3_progress_handler(st->db, 10000, over_time, &g);
	while (rc == 0 && *tail != '\0') {
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(st->db, tail, -1, &s, &tail) !=
		    SQLITE_OK) {
			rc = report_sql_error(st, &g, sqlite3_errcode(st->db));
			break;
		}
		if (s == NULL)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = s;
		if (!o->write && !reads_only(&g, s)) {
			snprintf(g.denied, sizeof(g.denied), "%s", g.schema_write ?
			    "UPDATE on sqlite_master would change the database" :
			    "SQLite counts this statement as a write");
			rc = report_sql_error(st, &g, SQLITE_AUTH);
		}
		g.calls = g.pragma_read = g.schema_write = 0;
		for (; o->write && rc == 0 && done < n; done++)
			rc = run_one(cli, st, &g, v[done], o);
	}
	for (; rc == 0 && done < n; done++)
		rc = run_one(cli, st, &g, v[done], o);
	if (rc == 0 && n == 0)
		rc = cli_usage_error(cli, "no SQL statement given");
	for (size_t i = 0; i < n; i++)
		sqlite3_finalize(v[i]);
	free(v);
	return rc;
}

static int
add_param(const struct pdb_cli *cli, struct sql_opts *o, char *arg)
{
	char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		return cli_usage_error(cli, "-p: expected NAME=VALUE, got '%s'",
		    arg);
	*eq = '\0';
	o->params = xreallocarray(o->params, o->nparams + 1,
	    sizeof(*o->params));
	o->params[o->nparams++] = (struct param){arg, eq + 1};
	return 0;
}

/* Returns 0 to go on, or -1 to stop with *status (after --help or a
 * usage error). */
static int
read_options(struct pdb_cli *cli, int argc, char **argv, struct sql_opts *o,
    int *status)
{
	static const struct option longopts[] = {
		{"write", no_argument, NULL, OPT_WRITE},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"param", required_argument, NULL, 'p'},
		PDB_COMMON_OPTIONS
	};
	int c;
	char *end;
	long v;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT "p:",
	    longopts, status)) != -1) {
		switch (c) {
		case PDB_OPT_EXIT:
			return -1;
		case OPT_WRITE:
			o->write = 1;
			break;
		case OPT_FORMAT:
			if (cli_parse_format(cli, optarg, &o->format) != 0)
				return -1;
			break;
		case OPT_TIMEOUT:
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 86400) {
				cli_usage_error(cli, "--timeout: '%s' is not a "
				    "number of seconds (0-86400)", optarg);
				return -1;
			}
			o->timeout_s = (int)v;
			break;
		case 'p':
			if (add_param(cli, o, optarg) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

static int
run_sql(struct pdb_cli *cli, int argc, char **argv)
{
	struct sql_opts o = {.format = PDB_FORMAT_TEXT,
	    .timeout_s = DEFAULT_TIMEOUT_S};
	struct pdb_buf sql = {0};
	struct pdb_store st;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		goto out;
	rc = 0;
	if (argc - optind > 1) {
		rc = cli_usage_error(cli, "give the SQL as one argument (quote "
		    "it) or on stdin");
		goto out;
	}
	if (optind == argc || strcmp(argv[optind], "-") == 0) {
		if (read_stdin(&sql) != 0) {
			fprintf(stderr, "progdb sql: cannot read stdin: %s\n",
			    strerror(errno));
			rc = PDB_EXIT_INPUT;
			goto out;
		}
	} else {
		buf_puts(&sql, argv[optind]);
	}
	sqlite3_hard_heap_limit64(HEAP_LIMIT);
	rc = store_open(cli->db_path, o.write ? PDB_OPEN_WRITE : PDB_OPEN_READ,
	    &st);
	if (rc == 0)
		rc = run_all(cli, &st, buf_cstr(&sql), &o);
	store_close(&st);
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, "progdb sql: cannot write the output\n");
		rc = PDB_EXIT_INPUT;
	}
out:
	buf_free(&sql);
	free(o.params);
	return rc;
}

const struct pdb_cmd pdb_cmd_sql = {
	.name = "sql",
	.run = run_sql,
	.synopsis = "sql [options] [SQL | -]",
	.summary = "run ad-hoc SQL against the database (read-only by default)",
	.help =
	    "Runs SQL (one or more statements, from the argument or from stdin)\n"
	    "and prints each result.  The database is read-only unless --write\n"
	    "is given: statements that would change anything (INSERT, UPDATE,\n"
	    "DELETE, DDL, ATTACH, VACUUM, transactions, pragmas that set values,\n"
	    "load_extension) are refused.  See schema/schema.sql for the tables.\n"
	    "\n"
	    "Options:\n"
	    "  --format FMT      text (aligned, default), csv (RFC 4180), json\n"
	    "                    (array of objects) or md (GitHub table)\n"
	    "  -p, --param NAME=VALUE\n"
	    "                    bind :NAME in the SQL (repeatable); integers\n"
	    "                    are bound as numbers, anything else as text\n"
	    "  --timeout SECONDS stop a query running longer (default 30; 0: no\n"
	    "                    limit)\n"
	    "  --write           allow statements that change the database\n"
	    "\n"
	    "Examples:\n"
	    "  progdb sql \"SELECT state, count(*) FROM item GROUP BY state\"\n"
	    "  progdb sql --format json \"SELECT * FROM section WHERE title LIKE "
	    "'%Phase%'\"\n"
	    "  progdb sql -p doc=docs/plan.md \"SELECT * FROM item JOIN document d "
	    "ON d.id = document_id WHERE d.path = :doc\"\n",
};
