#!/usr/bin/env python3
# tests/reliability/concurrency.py PROGDB
#
# Two writers and four readers loop against one database (10 s; 60 s with
# PROGDB_SLOW=1): no user-visible "locked" or "busy" error, every command
# succeeds, and every run a writer completed is recorded (no lost runs).
# Then two `ingest --git` of one history at once, three times: each commit
# is stored once, and the events are those of one replay (counts only);
# the same into a database neither finds (the one that publishes second
# replays into the other's, as a plain ingest does).
import os
import shutil
import subprocess
import threading
import time

import rel

QUERIES = [
    "SELECT count(*) FROM item",
    "SELECT state, count(*) FROM item GROUP BY state",
    "SELECT d.path, count(i.id) FROM document d LEFT JOIN item i "
    "ON i.document_id = d.id GROUP BY d.id",
    "SELECT max(id) FROM ingest_run",
]


GIT_COMMITS = 40


def git(repo, *args, date=None):
    env = dict(rel.ENV, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Ana", GIT_AUTHOR_EMAIL="ana@example.org",
               GIT_COMMITTER_NAME="Ana",
               GIT_COMMITTER_EMAIL="ana@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", repo] + list(args), env=env, check=True,
                   stdout=subprocess.DEVNULL)


def make_history(repo):
    """docs/a.md ticks one item a commit, unticks five at the end;
    docs/b.md never changes after the first commit."""
    os.makedirs(os.path.join(repo, "docs"))
    git(repo, "init", "-q", "-b", "main")
    done = set()
    for c in range(GIT_COMMITS):
        if c > 0 and c < GIT_COMMITS - 5:
            done.add(c)
        elif c >= GIT_COMMITS - 5:
            done.discard(c - GIT_COMMITS + 6)
        rel.write(os.path.join(repo, "docs", "a.md"), "# A\n\n" + "".join(
            "- [%s] task a%d\n" % ("x" if i in done else " ", i)
            for i in range(1, 60)))
        if c == 0:
            rel.write(os.path.join(repo, "docs", "b.md"), "# B\n\n" +
                      "".join("- [ ] task b%d\n" % i for i in range(50)))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "c%d" % c,
            date="%d +0000" % (1756720800 + 86400 * c))


def summary(db):
    return rel.query(db, "SELECT (SELECT count(*) FROM ingest_run), "
                     "(SELECT count(DISTINCT commit_id) FROM ingest_run), "
                     "(SELECT count(*) FROM document WHERE removed_run IS NULL), "
                     "(SELECT count(*) FROM event WHERE kind = 'completed'), "
                     "(SELECT count(*) FROM event WHERE kind = 'reopened'), "
                     "(SELECT count(*) FROM event WHERE kind = 'removed')")[0]


def git_variant(s, progdb, work):
    """Two ingest --git of the same history at once."""
    if shutil.which("git") is None:
        print("git variant skipped: no git")
        return
    repo = os.path.join(work, "repo")
    make_history(repo)
    one = os.path.join(work, "one.db")
    r = rel.run([progdb, "--db", one, "-q", "ingest", "--git", "docs"],
                cwd=repo)
    s.check(r.rc == 0, "--git: a single replay", repr(r))
    want = summary(one)
    s.check(want[0] == GIT_COMMITS and want[3] == GIT_COMMITS - 6 and
            want[4] == 5, "--git: one replay stores %d commits, %d "
            "completions, 5 reopenings" % (GIT_COMMITS, GIT_COMMITS - 6),
            repr(want))
    for trial in range(3):
        db = os.path.join(work, "two%d.db" % trial)
        r = rel.run([progdb, "--db", db, "-q", "ingest", "--git", "--rev",
                     "HEAD~%d" % (GIT_COMMITS - 1), "docs"], cwd=repo)
        s.check(r.rc == 0, "--git trial %d: first commit" % trial, repr(r))
        procs = [subprocess.Popen([progdb, "--db", db, "-q", "ingest",
                                   "--git", "docs"], cwd=repo, env=rel.ENV,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        rcs = [p.returncode for p in procs]
        s.check(rcs == [0, 0], "--git trial %d: both replays succeed" %
                trial, repr((rcs, [o[1][-300:] for o in outs])))
        got = summary(db)
        s.check(got == want, "--git trial %d: runs, commits, documents, "
                "completed, reopened, removed = %r as one replay %r" %
                (trial, got, want))
    for trial in range(3):
        db = os.path.join(work, "new%d.db" % trial)
        procs = [subprocess.Popen([progdb, "--db", db, "-q", "ingest",
                                   "--git", "docs"], cwd=repo, env=rel.ENV,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        rcs = [p.returncode for p in procs]
        s.check(rcs == [0, 0], "--git new database, trial %d: both "
                "replays succeed" % trial,
                repr((rcs, [o[1][-300:] for o in outs])))
        got = summary(db)
        s.check(got == want, "--git new database, trial %d: %r as one "
                "replay %r" % (trial, got, want))
    s.figure("two ingest --git at once, 3 trials of %d commits: %d runs "
             "each, as one replay" % (GIT_COMMITS, want[0]))


def wal_left(progdb, s, work):
    """A writer that closes while a reader of the same database is open
    (the first `search` builds its index while its own reader is open)
    empties the WAL: left full, every later command would read it whole
    when it opens the database."""
    d = os.path.join(work, "wal")
    rel.make_tree(os.path.join(d, "docs"), 40, items=10)
    db = os.path.join(d, "t.db")
    r = rel.run([progdb, "--db", db, "-q", "ingest", "docs"], cwd=d)
    s.check(r.rc == 0, "wal: ingest", repr(r))
    r = rel.run([progdb, "--db", db, "search", "thing"], cwd=d)
    wal = db + "-wal"
    size = os.path.getsize(wal) if os.path.exists(wal) else 0
    s.check(r.rc == 0 and size == 0,
            "first search builds its index and leaves no WAL behind",
            "rc %d, WAL %d bytes" % (r.rc, size))


def main():
    progdb = rel.progdb_path()
    seconds = 60 if rel.SLOW else 10
    s = rel.Suite("concurrency")
    work = rel.scratch("conc")
    db = os.path.join(work, "t.db")
    for w in ("a", "b"):
        rel.make_tree(os.path.join(work, w), 150, items=15)
    r = rel.run([progdb, "--db", db, "-q", "ingest", "a", "b"], cwd=work)
    s.check(r.rc == 0, "first ingest", repr(r))
    runs0 = rel.query(db, "SELECT count(*) FROM ingest_run")[0][0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    stats = {"runs": 0, "reads": 0, "errors": [], "locked": 0}

    def record(res, what):
        with lock:
            text = res.err.lower()
            if b"locked" in text or b"busy" in text:
                stats["locked"] += 1
            if res.rc != 0:
                stats["errors"].append("%s: %r" % (what, res))

    def writer(w):
        k = 0
        while time.monotonic() < stop:
            k += 1
            i = k % 150
            rel.write(os.path.join(work, w, "team%d" % (i % 7),
                                   "doc%04d.md" % i), rel.doc(i + k, 5 + k % 20))
            res = rel.run([progdb, "--db", db, "-q", "ingest", w], cwd=work)
            record(res, "ingest " + w)
            if res.rc == 0:
                with lock:
                    stats["runs"] += 1

    def reader(n):
        k = n
        while time.monotonic() < stop:
            k += 1
            res = rel.run([progdb, "--db", db, "sql", QUERIES[k % 4]],
                          cwd=work)
            record(res, "sql")
            with lock:
                stats["reads"] += 1
    threads = [threading.Thread(target=writer, args=(w,)) for w in "ab"] + \
        [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runs = rel.query(db, "SELECT count(*) FROM ingest_run")[0][0] - runs0
    for e in stats["errors"][:5]:
        print(e)
    s.check(stats["locked"] == 0, "no locked/busy error (%d)" %
            stats["locked"])
    s.check(stats["errors"] == [], "every command succeeded (%d failed)" %
            len(stats["errors"]))
    s.check(runs == stats["runs"], "no lost runs: %d completed, %d recorded"
            % (stats["runs"], runs))
    s.check(rel.fingerprint(db)[0], "integrity_check ok")
    s.figure("%d s, 2 writers + 4 readers: %d runs, %d reads, %d "
             "locked/busy errors, %d failed commands, %d lost runs" %
             (seconds, stats["runs"], stats["reads"], stats["locked"],
              len(stats["errors"]), stats["runs"] - runs))
    git_variant(s, progdb, work)
    wal_left(progdb, s, work)
    s.exit()


if __name__ == "__main__":
    main()
