#!/usr/bin/env python3
# tests/reliability/sql_guard.py PROGDB
#
# `progdb sql` without --write changes nothing, whatever the SQL: every
# write form is refused (exit 2, a message naming --write), the database's
# content and bytes stay the same, and no file appears next to it.  Reads
# still work; endless queries stop at the time limit; memory is bounded.
import os
import resource
import subprocess

import rel

WRITES = [
    # DML, RETURNING, CTE-wrapped, upserts.
    "DELETE FROM item",
    "UPDATE item SET state = 'done'",
    "INSERT INTO metadata(document_id, line, key, value, source) "
    "VALUES (1, 1, 'k', 'v', 'bold')",
    "REPLACE INTO item SELECT * FROM item",
    "INSERT OR IGNORE INTO document SELECT * FROM document",
    "DELETE FROM item RETURNING *",
    "UPDATE document SET title = 'x' RETURNING id",
    "WITH x AS (SELECT 1) DELETE FROM item",
    "WITH x(a) AS (SELECT 1) UPDATE item SET state = 'done' "
    "WHERE id IN (SELECT a FROM x)",
    "WITH RECURSIVE r(n) AS (SELECT 1) INSERT INTO diagnostic "
    "SELECT 1, n, 'x', 'y' FROM r",
    # DDL, triggers, views, indexes, temporary objects.
    "CREATE TABLE t(x)",
    "CREATE TEMP TABLE t(x)",
    "CREATE TABLE t AS SELECT * FROM item",
    "DROP TABLE item",
    "DROP TABLE IF EXISTS nothing_here",
    "ALTER TABLE item RENAME TO x",
    "ALTER TABLE item ADD COLUMN z",
    "CREATE INDEX i ON item(text)",
    "DROP INDEX item_document",
    "CREATE VIEW v AS SELECT 1",
    "CREATE TEMP VIEW v AS SELECT 1",
    "CREATE TRIGGER tr AFTER INSERT ON item BEGIN DELETE FROM item; END",
    "CREATE TEMP TRIGGER tr AFTER INSERT ON item BEGIN SELECT 1; END",
    "CREATE VIRTUAL TABLE f USING fts5(a)",
    "CREATE VIRTUAL TABLE temp.f USING fts5(a)",
    "UPDATE sqlite_schema SET sql = 'x' WHERE name = 'item'",
    # ATTACH in every form, DETACH.
    "ATTACH 'other.db' AS o",
    "ATTACH DATABASE 'other.db' AS o",
    "ATTACH 'file:other.db?mode=rwc' AS o",
    "ATTACH 'file:other.db?mode=rw' AS o",
    "ATTACH 'file:t.db?mode=rwc' AS o",
    "ATTACH 't.db' AS again",
    "ATTACH ':memory:' AS m",
    "ATTACH '' AS e",
    "ATTACH 'file::memory:?cache=shared' AS m",
    "/* c */ ATTACH 'other.db' AS o",
    "DETACH temp",
    # VACUUM, maintenance.
    "VACUUM",
    "VACUUM main",
    "VACUUM INTO 'copy.db'",
    "VACUUM main INTO 'copy.db'",
    "VACUUM INTO 'file:copy.db?mode=rwc'",
    "REINDEX",
    "ANALYZE",
    # Pragmas that set something (or write).
    "PRAGMA writable_schema = 1",
    "PRAGMA writable_schema = ON",
    "PRAGMA query_only = 0",
    "PRAGMA query_only = off",
    "PRAGMA main.query_only = false",
    "pragma QUERY_ONLY=0",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA journal_mode = OFF",
    "PRAGMA user_version = 7",
    "PRAGMA application_id = 1",
    "PRAGMA schema_version = 99",
    "PRAGMA wal_checkpoint",
    "PRAGMA wal_checkpoint(TRUNCATE)",
    "PRAGMA optimize",
    "PRAGMA incremental_vacuum",
    "PRAGMA auto_vacuum = 1",
    "PRAGMA foreign_keys = 0",
    "PRAGMA defer_foreign_keys = 1",
    "PRAGMA secure_delete = 0",
    "PRAGMA locking_mode = EXCLUSIVE",
    "PRAGMA temp_store = FILE",
    "PRAGMA mmap_size = 1000000",
    "PRAGMA cache_size = 1",
    "PRAGMA synchronous = OFF",
    "PRAGMA trusted_schema = 1",
    "PRAGMA recursive_triggers = 1",
    "PRAGMA shrink_memory",
    "PRAGMA case_sensitive_like = 1",
    "PRAGMA encoding = 'UTF-16'",
    "PRAGMA page_size = 512",
    # Extensions and raw pointers.
    "SELECT load_extension('x')",
    "SELECT LOAD_EXTENSION('/lib/x86_64-linux-gnu/libc.so.6')",
    "SELECT (SELECT load_extension('x', 'y'))",
    "SELECT fts3_tokenizer('simple')",
    "SELECT fts3_tokenizer('evil', x'4141414141414141')",
    # Transactions and savepoints.
    "BEGIN",
    "BEGIN IMMEDIATE",
    "BEGIN EXCLUSIVE",
    "COMMIT",
    "END",
    "ROLLBACK",
    "SAVEPOINT s",
    "RELEASE s",
    "ROLLBACK TO s",
    # Multi-statement and comment smuggling.
    "SELECT 1; DELETE FROM item",
    "SELECT 1 /* ; */; DROP TABLE item",
    "SELECT 1 -- ;\n; DELETE FROM item",
    "VALUES (1); ATTACH 'other.db' AS o",
    "SELECT ';'; UPDATE item SET text = 'x'",
    "SELECT 1;;; DELETE FROM item",
    "EXPLAIN DELETE FROM item",
    "EXPLAIN QUERY PLAN DELETE FROM item",
]

READS = [
    "SELECT count(*) FROM item",
    "PRAGMA table_info(item)",
    "PRAGMA integrity_check",
    "PRAGMA user_version",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
    "WHERE n < 100) SELECT sum(n) FROM r",
    "SELECT json_object('a', 1)",
    # Table-valued functions and pragmas that only report, each as the
    # first statement of its run (their first use declares a table).
    "SELECT * FROM json_each('[1, 2]')",
    "SELECT * FROM json_tree('{\"a\": [1]}')",
    "SELECT j.value FROM table_row r, json_each(r.cells) j LIMIT 3",
    "SELECT name FROM pragma_table_info('item')",
    "SELECT * FROM pragma_index_list('item')",
    "SELECT * FROM pragma_journal_mode",
    "SELECT * FROM pragma_function_list",
    "SELECT name, pageno FROM dbstat LIMIT 3",
    "PRAGMA journal_mode",
    "PRAGMA main.journal_mode",
    "PRAGMA busy_timeout",
    "PRAGMA cache_size",
    "PRAGMA query_only",
]

# A refusal says why: (SQL, words the message must hold).
REASONS = [
    ("DELETE FROM item", b"DELETE on item"),
    ("PRAGMA busy_timeout = 5", b"PRAGMA busy_timeout with a value"),
    ("PRAGMA wal_checkpoint", b"PRAGMA wal_checkpoint is not one of"),
    ("ATTACH 'other.db' AS o", b"ATTACH"),
    ("SELECT load_extension('x')", b"load_extension()"),
    ("CREATE TABLE t(x)", b"schema change"),
    ("SAVEPOINT s", b"savepoint"),
    # Names quoted from the SQL are escaped for the terminal.
    ('PRAGMA "a\x1b[31mb"', b"PRAGMA a\\x1b[31mb is not one of"),
]


def snapshot(work, db):
    """Content, bytes, and the files beside it (a reader may create an
    empty -wal and a -shm, which hold nothing)."""
    files = sorted(f for f in os.listdir(work) if not f.endswith("-shm") and
                   not (f.endswith("-wal") and
                        os.path.getsize(os.path.join(work, f)) == 0))
    return rel.fingerprint(db), rel.file_hash(db), files


def limit_memory():
    """In the child: 1 GB of address space, which text output that held
    a 600 MB result (and doubled its buffer) would need more than."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def sanitized(progdb):
    """ASan reserves terabytes of address space: no RLIMIT_AS there."""
    with open(progdb, "rb") as fh:
        return b"__asan_init" in fh.read()


def big(rows):
    return ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
            "WHERE n < %d) SELECT n, printf('%%.*c', 1000000, 'x') AS big "
            "FROM r" % rows)


def big_results(progdb, s, work, db):
    """Text and md hold a result to align it: past their cap they stop
    with a message that points to csv and json, which stream (counted,
    under the same memory limit)."""
    limit = None if sanitized(progdb) else limit_memory
    for fmt in ("text", "md"):
        r = rel.run([progdb, "--db", db, "sql", "--format", fmt, big(600)],
                    cwd=work, timeout=120, preexec=limit)
        s.check(r.rc == 5 and r.out == b"" and b"csv or json" in r.err,
                "600 MB result in %s: refused with a message" % fmt,
                repr(r))
    for fmt, rows in (("csv", 300), ("json", 300)):
        p = subprocess.Popen([progdb, "--db", db, "sql", "--format", fmt,
                              big(rows)], cwd=work, env=rel.ENV,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL,
                             preexec_fn=limit)
        lines = sum(chunk.count(b"\n") for chunk in
                    iter(lambda: p.stdout.read(1 << 20), b""))
        rc = p.wait()
        s.check(rc == 0 and lines == rows + (1 if fmt == "csv" else 2),
                "300 MB result streams in %s (%d lines)" % (fmt, lines),
                "exit %s" % rc)


def main():
    progdb = rel.progdb_path()
    s = rel.Suite("sql_guard")
    work = rel.scratch("sql")
    rel.make_tree(os.path.join(work, "docs"), 5)
    db = os.path.join(work, "t.db")
    r = rel.run([progdb, "--db", db, "ingest", "docs"], cwd=work)
    if not s.check(r.rc == 0, "ingest", repr(r)):
        s.exit()
    before = snapshot(work, db)
    refused = 0
    for sql in WRITES:
        r = rel.run([progdb, "--db", db, "sql", sql], cwd=work, timeout=30)
        ok = r.rc == 2 and b"--write" in r.err
        refused += ok
        s.check(ok, "refused: %r" % sql, repr(r))
        # The same through stdin.
        r = rel.run([progdb, "--db", db, "sql"], cwd=work, timeout=30,
                    stdin=sql.encode())
        ok = r.rc == 2 and b"--write" in r.err
        refused += ok
        s.check(ok, "refused on stdin: %r" % sql, repr(r))
    after = snapshot(work, db)
    s.check(after[0] == before[0], "content unchanged and intact")
    s.check(after[1] == before[1], "database bytes unchanged")
    s.check(after[2] == before[2], "no new file next to the database",
            "%s -> %s" % (before[2], after[2]))
    s.figure("read-only attempts refused: %d of %d" %
             (refused, 2 * len(WRITES)))
    for sql in READS:
        r = rel.run([progdb, "--db", db, "sql", sql], cwd=work)
        s.check(r.rc == 0 and r.out != b"", "read allowed: %r" % sql,
                repr(r))
    for sql, words in REASONS:
        r = rel.run([progdb, "--db", db, "sql", sql], cwd=work)
        s.check(r.rc == 2 and words in r.err and b"--write" in r.err,
                "refusal names the reason: %r" % sql, repr(r))

    # Endless queries stop at the limit (default 30 s, slow variant only).
    endless = ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
               "FROM r) SELECT count(*) FROM r")
    # The limit is wall clock; a busy machine makes the run longer, so
    # what is checked is that it stopped there and did not spin beyond.
    r = rel.run([progdb, "--db", db, "sql", "--timeout", "2", endless],
                cwd=work, timeout=120)
    s.check(r.rc == 5 and b"time limit" in r.err and r.cpu < 8,
            "endless query stopped by --timeout 2 in %.1f s (%.1f s CPU)"
            % (r.secs, r.cpu), repr(r))
    s.figure("endless query with --timeout 2 stopped after %.1f s" % r.secs)
    r = rel.run([progdb, "--db", db, "sql", "--timeout", "2", "--format",
                 "csv", endless.replace("count(*)", "n")], cwd=work,
                timeout=120)
    s.check(r.rc == 5 and r.cpu < 8, "endless output stopped in %.1f s "
            "CPU" % r.cpu, "exit %s" % r.rc)
    if rel.SLOW:
        r = rel.run([progdb, "--db", db, "sql", endless], cwd=work,
                    timeout=300)
        s.check(r.rc == 5 and r.secs >= 29 and r.cpu < 40, "default limit: "
                "stopped after %.1f s (%.1f s CPU)" % (r.secs, r.cpu),
                repr(r))
        s.figure("endless query, default limit: stopped after %.1f s" %
                 r.secs)

    # Memory: SQLite's heap is capped, so these fail instead of growing.
    for sql in [
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
        "WHERE n < 5000) SELECT length(group_concat(randomblob(1000000))) "
        "FROM r",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
        "WHERE n < 2000) SELECT count(*) FROM (SELECT randomblob(1000000) "
        "AS b FROM r ORDER BY b)",
        "SELECT length(zeroblob(2000000000))",
    ]:
        r = rel.run([progdb, "--db", db, "sql", "--timeout", "20", sql],
                    cwd=work, timeout=60)
        s.check(r.rc not in (0, "timeout") and r.rc > 0 and r.rc < 128,
                "memory-hungry query fails cleanly: %s" % sql[:60],
                repr(r))
    big_results(progdb, s, work, db)
    maxrss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    s.figure("largest resident size of any progdb run: %.0f MB" % maxrss_mb)
    s.check(maxrss_mb < 1500, "memory bounded (%.0f MB)" % maxrss_mb)
    s.check(snapshot(work, db)[:2] == before[:2], "still unchanged")
    s.exit()


if __name__ == "__main__":
    main()
