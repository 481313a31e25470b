#!/usr/bin/env python3
# tests/reliability/concurrency.py PROGDB
#
# Two writers and four readers loop against one database (10 s; 60 s with
# PROGDB_SLOW=1): no user-visible "locked" or "busy" error, every command
# succeeds, and every run a writer completed is recorded (no lost runs).
import os
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
    s.exit()


if __name__ == "__main__":
    main()
