/*
 * store.c - opening progdb databases and reporting SQLite errors (see
 * store.h).  Migration lives here too: it is part of opening.
 */
#include "progdb/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progdb/diag.h"
#include "progdb/sqltext.h"
#include "progdb/xmem.h"

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

/* Refuses files that are not progdb databases, or are too new. */
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
	return 0;
}

/*
 * Reads every page of a database up to QUICK_CHECK_MAX bytes (about 4 ms
 * per MB), so that damage anywhere is reported by every command before
 * anything is written, not only by the query that happens to reach it.
 */
#define QUICK_CHECK_MAX		(256 << 20)

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
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, NULL);
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

/*
 * A database file that exists must be one: SQLite takes an empty file for
 * an empty database, and would write a new one over what was perhaps
 * truncated by accident.  New databases are never left empty (see
 * create_database()).
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
	if (*exists && S_ISREG(sb.st_mode) && sb.st_size == 0) {
		diag_error(path, 0, "the database file is empty (0 bytes), so "
		    "not a progdb database; nothing was changed (remove it to "
		    "start a new database)");
		return PDB_EXIT_DB;
	}
	return 0;
}

/*
 * A new database is made complete under a temporary name and then linked
 * into place, so that a process killed while creating it leaves no empty
 * or half-made file at path (which the next run would refuse).  Two
 * processes creating it at once: one link wins, the other uses its file.
 */
static int
create_database(struct pdb_store *st)
{
	char *tmp = xasprintf("%s.new-%ld", st->path, (long)getpid());
	struct pdb_store t = {.path = tmp, .writable = 1,
	    .lock_timeout_ms = st->lock_timeout_ms};
	int rc;

	unlink(tmp);
	if (sqlite3_open_v2(tmp, &t.db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		rc = store_fail(&t, "creating the database");
	} else if ((rc = configure(&t)) == 0 &&
	    (rc = store_exec(&t, "PRAGMA journal_mode = WAL",
	    "creating the database")) == 0) {
		rc = store_migrate(&t);
	}
	/* Closing checkpoints the WAL into the file and removes it. */
	if (t.db != NULL && sqlite3_close(t.db) != SQLITE_OK && rc == 0)
		rc = store_fail(&t, "creating the database");
	if (rc == 0 && link(tmp, st->path) != 0 && errno != EEXIST) {
		diag_error(st->path, 0, "cannot create the database: %s",
		    strerror(errno));
		rc = PDB_EXIT_DB;
	}
	unlink(tmp);
	free(tmp);
	return rc;
}

int
store_open(const char *path, enum pdb_open_mode mode, struct pdb_store *st)
{
	int flags, version, rc, exists;

	*st = (struct pdb_store){.path = xstrdup(path),
	    .writable = mode == PDB_OPEN_WRITE};
	if ((rc = lock_timeout(&st->lock_timeout_ms)) != 0 ||
	    (rc = check_file(path, mode, &exists)) != 0)
		return rc;
	if (!exists && (rc = create_database(st)) != 0)
		return rc;
	flags = mode == PDB_OPEN_WRITE ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		return store_fail(st, "opening the database");
	if ((rc = configure(st)) != 0 ||
	    (rc = check_identity(st, &version)) != 0 ||
	    (rc = quick_check(st)) != 0)
		return rc;
	if (mode == PDB_OPEN_WRITE)
		return configure_writer(st);
	if (version < store_schema_version()) {
		diag_error(path, 0, "the database has schema version %d and "
		    "this progdb needs %d; upgrade it by running 'progdb "
		    "ingest' once", version, store_schema_version());
		return PDB_EXIT_DB;
	}
	return 0;
}

void
store_close(struct pdb_store *st)
{
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st->path);
	*st = (struct pdb_store){0};
}
