/*
 * store.c - opening progdb databases and reporting SQLite errors (see
 * store.h).  Migration lives here too: it is part of opening.
 */
#define _GNU_SOURCE	/* sync_file_range */

#include "progdb/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progdb/diag.h"
#include "progdb/sqltext.h"
#include "progdb/xmem.h"
#include "store_int.h"

int
store_fail(struct pdb_store *st, const char *doing)
{
	int code = st->db != NULL ? sqlite3_errcode(st->db) : SQLITE_ERROR;
	const char *msg = st->db != NULL ? sqlite3_errmsg(st->db) :
	    "cannot open";

	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		diag_error(st->path, 0, "%s: the database is locked by another "
		    "process (waited %d s): %s", doing,
		    st->lock_timeout_ms / 1000, msg);
		return PDB_EXIT_BUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		diag_error(st->path, 0, "%s: the database is corrupt or not a "
		    "SQLite file: %s", doing, msg);
		return PDB_EXIT_DB;
	case SQLITE_FULL:
		diag_error(st->path, 0, "%s: the disk is full: %s", doing, msg);
		return PDB_EXIT_DB;
	case SQLITE_READONLY:
		diag_error(st->path, 0, "%s: the database is read-only: %s",
		    doing, msg);
		return PDB_EXIT_DB;
	default:
		diag_error(st->path, 0, "%s: %s", doing, msg);
		return PDB_EXIT_DB;
	}
}

int
store_exec(struct pdb_store *st, const char *sql, const char *doing)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, doing);
	return 0;
}

int
store_prepare(struct pdb_store *st, const char *sql, sqlite3_stmt **stmt)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    stmt, NULL) != SQLITE_OK)
		return store_fail(st, "preparing a query");
	return 0;
}

int
store_prepare_query(struct pdb_store *st, const char *name,
    sqlite3_stmt **stmt)
{
	const char *sql = sqltext_query(name);

	if (sql == NULL) {
		diag_error(NULL, 0, "internal error: no query named %s", name);
		return PDB_EXIT_DB;
	}
	return store_prepare(st, sql, stmt);
}

int
store_schema_version(void)
{
	return (int)pdb_nmigrations;
}

static int
pragma_int(struct pdb_store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* A database with no tables and no version is new, whatever made it. */
static int
is_empty(struct pdb_store *st, int *empty)
{
	return pragma_int(st, "SELECT count(*) = 0 FROM sqlite_schema", empty);
}

static int
apply_migration(struct pdb_store *st, int version)
{
	char *sql;
	int current, rc;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_fail(st, "upgrading the database");
	if (pragma_int(st, "PRAGMA user_version", &current) != 0) {
		rc = store_fail(st, "upgrading the database");
		goto rollback;
	}
	if (current >= version) {
		/* Another process got there first. */
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return 0;
	}
	sql = xasprintf("%s\nPRAGMA user_version = %d;\n"
	    "PRAGMA application_id = %d;\n",
	    pdb_migrations[version - 1].text, version, PDB_APPLICATION_ID);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		char *doing = xasprintf("applying migration %s",
		    pdb_migrations[version - 1].name);

		rc = store_fail(st, doing);
		free(doing);
		goto rollback;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(st, "upgrading the database");
		goto rollback;
	}
	return 0;
rollback:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
store_migrate(struct pdb_store *st)
{
	int version, rc;

	if (pragma_int(st, "PRAGMA user_version", &version) != 0)
		return store_fail(st, "reading the schema version");
	for (int v = version + 1; v <= store_schema_version(); v++)
		if ((rc = apply_migration(st, v)) != 0)
			return rc;
	return 0;
}

/* A new database: the newest schema at once (schema/schema.sql, which a
 * test keeps equal to what the migrations make), not every migration. */
static int
create_schema(struct pdb_store *st)
{
	char *sql = xasprintf("BEGIN IMMEDIATE;\n%s\nPRAGMA user_version = %d;"
	    "\nPRAGMA application_id = %d;\nCOMMIT;", pdb_schema,
	    store_schema_version(), PDB_APPLICATION_ID);
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	free(sql);
	if (rc == SQLITE_OK)
		return 0;
	rc = store_fail(st, "creating the database");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Sets *missing to the first table or view ("table item") that schema
 * version `version` has and st's database lacks, or to NULL; the caller
 * frees it.  What a version has is what its migrations make in memory,
 * less SQLite's own tables: sqlite_sequence, left there by a table with
 * AUTOINCREMENT that a later migration dropped, is absent from a database
 * created from schema/schema.sql.
 */
static int
find_missing(struct pdb_store *st, int version, char **missing)
{
	sqlite3 *ref = NULL;
	sqlite3_stmt *want = NULL, *have = NULL;
	int rc = -1, step;

	*missing = NULL;
	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK)
		goto out;
	for (int v = 0; v < version; v++)
		if (sqlite3_exec(ref, pdb_migrations[v].text, NULL, NULL,
		    NULL) != SQLITE_OK)
			goto out;
	if (sqlite3_prepare_v2(ref, "SELECT type || ' ' || name FROM "
	    "sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE "
	    "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
	    -1, &want, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema WHERE "
	    "type || ' ' || name = ?1", -1, &have, NULL) != SQLITE_OK)
		goto out;
	while ((step = sqlite3_step(want)) == SQLITE_ROW && *missing == NULL) {
		const char *name = (const char *)sqlite3_column_text(want, 0);

		sqlite3_reset(have);
		sqlite3_bind_text(have, 1, name, -1, SQLITE_TRANSIENT);
		if ((step = sqlite3_step(have)) == SQLITE_DONE)
			*missing = xstrdup(name);
		else if (step != SQLITE_ROW)
			break;
	}
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_finalize(want);
	sqlite3_finalize(have);
	sqlite3_close(ref);
	return rc;
}

/*
 * A database whose version says it has tables it lacks (made by hand, or
 * by another program that set user_version) would fail half-way through
 * a migration: refused before anything is written.  Building the version's
 * schema in memory costs about 10 ms, so it is done only when the
 * database has no tables at all or is about to be migrated; an up-to-date
 * database pays nothing.
 */
static int
check_tables(struct pdb_store *st, int version, int empty)
{
	char *missing;

	if (version == 0 || (!empty && version == store_schema_version()))
		return 0;
	if (find_missing(st, version, &missing) != 0)
		return store_fail(st, "opening the database");
	if (missing == NULL)
		return 0;
	diag_error(st->path, 0, "the database says schema version %d but has "
	    "no %s, so it is not a complete progdb database; nothing was "
	    "changed", version, missing);
	free(missing);
	return PDB_EXIT_DB;
}

/* Refuses files that are not progdb databases, are too new, or lack the
 * tables their version has. */
static int
check_identity(struct pdb_store *st, int *version)
{
	int app, empty;

	if (pragma_int(st, "PRAGMA application_id", &app) != 0 ||
	    pragma_int(st, "PRAGMA user_version", version) != 0 ||
	    is_empty(st, &empty) != 0)
		return store_fail(st, "opening the database");
	if (app != PDB_APPLICATION_ID && !(app == 0 && empty)) {
		diag_error(st->path, 0, "not a progdb database (a SQLite file "
		    "written by another program); nothing was changed");
		return PDB_EXIT_DB;
	}
	if (*version > store_schema_version()) {
		diag_error(st->path, 0, "the database was written by a newer "
		    "progdb (schema version %d; this progdb knows up to %d); "
		    "nothing was changed", *version, store_schema_version());
		return PDB_EXIT_DB;
	}
	return check_tables(st, *version, empty);
}

/*
 * Reads every page of a database up to QUICK_CHECK_MAX bytes (about 4 ms
 * per MB), so that damage anywhere is reported by every command before
 * anything is written, not only by the query that happens to reach it.
 * Larger databases would make every command slow: there SQLite reports
 * damage in the pages a command reads.
 */
#define QUICK_CHECK_MAX		(8 << 20)

static int
quick_check(struct pdb_store *st)
{
	sqlite3_stmt *s;
	struct stat sb;
	int rc;

	if (stat(st->path, &sb) != 0 || sb.st_size > QUICK_CHECK_MAX)
		return 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s,
	    NULL) != SQLITE_OK)
		return store_fail(st, "checking the database");
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_fail(st, "checking the database");
	}
	if (strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0) {
		diag_error(st->path, 0, "the database is corrupt (%s); nothing "
		    "was changed", (const char *)sqlite3_column_text(s, 0));
		rc = PDB_EXIT_DB;
	} else {
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int
configure(struct pdb_store *st)
{
	sqlite3_busy_timeout(st->db, st->lock_timeout_ms);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	/* REFERENCES say how tables relate; enforcing them would cost a scan
	 * of every referencing table per deleted section.  The tests check
	 * the database with PRAGMA foreign_key_check instead. */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
	/* Debian builds SQLite with the two-argument fts3_tokenizer() on:
	 * it takes a raw pointer. */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0,
	    NULL);
	sqlite3_extended_result_codes(st->db, 1);
	return store_exec(st, "PRAGMA cache_size = -16384",
	    "opening the database");
}

static int
in_wal_mode(struct pdb_store *st)
{
	sqlite3_stmt *s;
	int wal = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		wal = sqlite3_column_text(s, 0) != NULL &&
		    strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
	sqlite3_finalize(s);
	return wal;
}

/*
 * Switching to WAL needs the file to itself for a moment, and SQLite
 * answers "busy" at once, without waiting, while another process has it
 * open: retry within the lock timeout.
 */
static int
set_wal_mode(struct pdb_store *st)
{
	const int step_ms = 20;

	for (int waited = 0; !in_wal_mode(st); waited += step_ms) {
		int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= st->lock_timeout_ms)
			return store_fail(st, "opening the database for writing");
		sqlite3_sleep(step_ms);
	}
	return 0;
}

/* Only once the file is known to be ours: these write to it. */
static int
configure_writer(struct pdb_store *st)
{
	int rc;

	if ((rc = set_wal_mode(st)) != 0 ||
	    (rc = store_exec(st, "PRAGMA synchronous = NORMAL",
	    "opening the database for writing")) != 0)
		return rc;
	return store_migrate(st);
}

/* PROGDB_LOCK_TIMEOUT, in seconds, when set; else the default. */
static int
lock_timeout(int *ms)
{
	const char *v = getenv("PROGDB_LOCK_TIMEOUT");
	char *end;
	long s;

	*ms = PDB_DEFAULT_LOCK_TIMEOUT_MS;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	s = strtol(v, &end, 10);
	if (*end != '\0' || errno != 0 || s < 0 || s > 86400) {
		diag_error(NULL, 0, "PROGDB_LOCK_TIMEOUT: '%s' is not a number "
		    "of seconds (0-86400)", v);
		return PDB_EXIT_USAGE;
	}
	*ms = (int)s * 1000;
	return 0;
}

static const char *
file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a file";
}

/*
 * A database file that exists must be one: a regular file (SQLite would
 * make /dev/null-journal beside a device), and not empty - SQLite takes an
 * empty file for an empty database, and would write a new one over what
 * was perhaps truncated by accident.  New databases are never left empty
 * (see create_database()).  A symbolic link to a database is followed.
 */
static int
check_file(const char *path, enum pdb_open_mode mode, int *exists)
{
	struct stat sb;

	*exists = stat(path, &sb) == 0;
	if (!*exists && (errno != ENOENT || mode == PDB_OPEN_READ)) {
		diag_error(path, 0, "no database here (%s)%s", strerror(errno),
		    errno == ENOENT ? "; create it with 'progdb ingest "
		    "PATH...'" : "");
		return PDB_EXIT_DB;
	}
	if (*exists && !S_ISREG(sb.st_mode)) {
		diag_error(path, 0, "not a regular file (%s), so not a "
		    "database; nothing was changed", file_kind(sb.st_mode));
		return PDB_EXIT_DB;
	}
	if (*exists && sb.st_size == 0) {
		diag_error(path, 0, "the database file is empty (0 bytes), so "
		    "not a progdb database; nothing was changed (remove it to "
		    "start a new database)");
		return PDB_EXIT_DB;
	}
	return 0;
}

/* "DIR/progdb.db.new-1234": where this process builds a new database. */
static char *
private_path(const char *path)
{
	return xasprintf("%s.new-%ld", path, (long)getpid());
}

/*
 * Private files of processes that are gone (killed while building a new
 * database next to path) are removed before another is made.
 */
static void
remove_stale_builds(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t nbase = strlen(base);
	DIR *d;
	struct dirent *e;

	if (slash != NULL)
		*slash = '\0';
	if ((d = opendir(slash != NULL ? (dir[0] ? dir : "/") : ".")) == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *end;
		long pid;

		if (strncmp(e->d_name, base, nbase) != 0 ||
		    strncmp(e->d_name + nbase, ".new-", 5) != 0)
			continue;
		pid = strtol(e->d_name + nbase + 5, &end, 10);
		if (*end == '\0' && pid > 0 && kill((pid_t)pid, 0) != 0 &&
		    errno == ESRCH) {
			char *stale = slash != NULL ? xasprintf("%s/%s", dir,
			    e->d_name) : xstrdup(e->d_name);

			unlink(stale);
			free(stale);
		}
	}
	closedir(d);
	free(dir);
}

/*
 * The page size of a new database.  16 KiB rather than SQLite's 4 KiB: a
 * cold ingest writes a few hundred megabytes, and with pages four times
 * larger its B-trees split a quarter as often and the file takes a
 * quarter of the writes (on the 10k bench tree about an eighth less CPU
 * for the whole ingest).  An existing database keeps the size it has.
 */
#define PAGE_SIZE_TEXT	"16384"

/*
 * A new database (schema/schema.sql) in file, open in t, with journal
 * (a PRAGMA journal_mode statement), or with no journal at all when NULL: for a
 * private build, which is thrown away whole when anything fails.  SQLite's
 * defensive mode refuses journal_mode OFF, so it is set before that mode
 * goes on.
 */
static int
make_database(struct pdb_store *t, const char *file, const char *journal)
{
	int rc;

	unlink(file);
	if (sqlite3_open_v2(file, &t->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		return store_fail(t, "creating the database");
	if ((rc = store_exec(t, "PRAGMA page_size = " PAGE_SIZE_TEXT,
	    "creating the database")) != 0)
		return rc;
	if (journal == NULL && (rc = store_exec(t, "PRAGMA journal_mode = OFF",
	    "creating the database")) != 0)
		return rc;
	if ((rc = configure(t)) != 0 || (journal != NULL &&
	    (rc = store_exec(t, journal, "creating the database")) != 0))
		return rc;
	return create_schema(t);
}

/* Makes the file at from durable and links it to to; EEXIST is reported
 * as PDB_STORE_LOST_RACE, without a message. */
static int
link_into_place(const char *from, const char *to)
{
	int fd = open(from, O_RDONLY);

	if (fd < 0 || fsync(fd) != 0) {
		diag_error(to, 0, "cannot create the database: %s",
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return PDB_EXIT_DB;
	}
	close(fd);
	if (link(from, to) == 0)
		return 0;
	if (errno == EEXIST)
		return PDB_STORE_LOST_RACE;
	diag_error(to, 0, "cannot create the database: %s", strerror(errno));
	return PDB_EXIT_DB;
}

/*
 * A new database is made complete under a private name and then linked
 * into place, so that a process killed while creating it leaves no empty
 * or half-made file at path (which the next run would refuse).  Two
 * processes creating it at once: one link wins, the other uses its file.
 */
static int
create_database(struct pdb_store *st)
{
	char *file = private_path(st->path);
	/* Messages name the database the user gave, not the private file. */
	struct pdb_store t = {.path = st->path, .writable = 1,
	    .lock_timeout_ms = st->lock_timeout_ms};
	int rc;

	remove_stale_builds(st->path);
	rc = make_database(&t, file, "PRAGMA journal_mode = WAL");
	/* Closing checkpoints the WAL into the file and removes it. */
	if (t.db != NULL && sqlite3_close(t.db) != SQLITE_OK && rc == 0)
		rc = store_fail(&t, "creating the database");
	if (rc == 0 && (rc = link_into_place(file, st->path)) ==
	    PDB_STORE_LOST_RACE)
		rc = 0;
	unlink(file);
	free(file);
	return rc;
}

/* PDB_OPEN_INGEST of a database that does not exist yet: st is left open
 * on a private file, with no journal and no syncing until published. */
static int
build_privately(struct pdb_store *st)
{
	/* Messages name the database the user gave, not the private file. */
	struct pdb_store t = {.path = st->path, .writable = 1,
	    .lock_timeout_ms = st->lock_timeout_ms};
	int rc;

	remove_stale_builds(st->path);
	st->building = private_path(st->path);
	if ((rc = make_database(&t, st->building, NULL)) == 0)
		rc = store_exec(&t, "PRAGMA synchronous = OFF",
		    "creating the database");
	st->db = t.db;
	return rc;
}

/* The statements an ingest run left for the next (store_ingest.c,
 * store_spans.c). */
static void
finalize_kept(struct pdb_store *st)
{
	for (size_t i = 0; i < st->nkept; i++)
		sqlite3_finalize(st->kept[i]);
	free(st->kept);
	st->kept = NULL;
	st->nkept = 0;
	for (size_t i = 0; i < st->nspans; i++)
		sqlite3_finalize(st->spans[i]);
	free(st->spans);
	st->spans = NULL;
	st->nspans = 0;
	for (size_t i = 0; i < st->nspans_new; i++)
		sqlite3_finalize(st->spans_new[i]);
	free(st->spans_new);
	st->spans_new = NULL;
	st->nspans_new = 0;
	store_ingest_forget_known(st);
}

int
store_publish(struct pdb_store *st)
{
	int rc;

	if (st->building == NULL)
		return 0;
	finalize_kept(st);
	rc = st->run_open ? store_exec(st, "COMMIT", "creating the database") :
	    0;
	st->run_open = 0;
	if (rc == 0)
		rc = store_exec(st, "PRAGMA journal_mode = WAL",
		    "creating the database");
	if (sqlite3_close(st->db) != SQLITE_OK && rc == 0)
		rc = store_fail(st, "creating the database");
	st->db = NULL;
	if (rc == 0)
		rc = link_into_place(st->building, st->path);
	unlink(st->building);
	free(st->building);
	st->building = NULL;
	return rc;
}

void
store_write_back(struct pdb_store *st)
{
#ifdef SYNC_FILE_RANGE_WRITE
	int fd;

	if (st->building == NULL || (fd = open(st->building, O_RDONLY |
	    O_CLOEXEC)) == -1)
		return;
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	close(fd);
#else
	(void)st;
#endif
}

/* Before SQLite's first use: progdb never asks how much memory it uses,
 * and counting it costs a global mutex per allocation. */
static void
configure_library(void)
{
	static int done;

	if (!done)
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	done = 1;
}

int
store_open(const char *path, enum pdb_open_mode mode, struct pdb_store *st)
{
	int flags, version = 0, rc, exists;

	configure_library();
	*st = (struct pdb_store){.path = xstrdup(path),
	    .writable = mode != PDB_OPEN_READ};
	if ((rc = lock_timeout(&st->lock_timeout_ms)) != 0 ||
	    (rc = check_file(path, mode, &exists)) != 0)
		return rc;
	if (!exists && mode == PDB_OPEN_INGEST)
		return build_privately(st);
	if (!exists && (rc = create_database(st)) != 0)
		return rc;
	flags = mode != PDB_OPEN_READ ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		return store_fail(st, "opening the database");
	if ((rc = configure(st)) != 0 ||
	    (rc = check_identity(st, &version)) != 0 ||
	    (rc = quick_check(st)) != 0)
		return rc;
	if (mode != PDB_OPEN_READ)
		return configure_writer(st);
	if (version < store_schema_version()) {
		diag_error(path, 0, "the database has schema version %d and "
		    "this progdb needs %d; upgrade it by running 'progdb "
		    "ingest' once", version, store_schema_version());
		return PDB_EXIT_DB;
	}
	return 0;
}

/*
 * A writer's close empties the WAL into the file when no reader is in a
 * transaction.  SQLite does so itself only when the closing connection is
 * the last; a WAL left behind (a reader of this or another process still
 * open) would be read whole by every later command's first open (15 ms
 * for a first search's 38 MB at 10k files).  No waiting: with a reader
 * busy, the WAL stays for a later writer.
 */
static void
empty_wal(struct pdb_store *st)
{
	if (!st->writable || st->building != NULL || st->db == NULL)
		return;
	sqlite3_busy_timeout(st->db, 0);
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL);
}

void
store_close(struct pdb_store *st)
{
	finalize_kept(st);
	empty_wal(st);
	if (st->db != NULL)
		sqlite3_close(st->db);
	if (st->building != NULL)
		unlink(st->building);
	free(st->building);
	free(st->path);
	*st = (struct pdb_store){0};
}
