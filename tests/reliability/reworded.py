#!/usr/bin/env python3
# tests/reliability/reworded.py PROGDB
#
# Issue 14.5: re-ingesting a document whose items were all reworded must
# cost time in proportion to its size (it was quadratic: 1,000 items
# 1.2 s, 4,000 items 24 s, under the write lock).  A document of n items
# (six rare words and two common ones each) is ingested, every item gets
# one word replaced, and the re-ingest is timed at n and 4n by its own CPU
# time (wait4(2)), the best of three: t(4n) / t(n) <= 10, where linear
# growth is 4 and quadratic 16.  Every reworded item must keep its
# identity (no removed event, the same ids).
import os
import sys

import rel

MAX_RATIO = 10.0
FLOOR_S = 0.05


def word(k):
    """A word of letters only (numbers are not words to the matcher)."""
    w = ""
    k += 26 * 27
    while k:
        w += chr(ord("a") + k % 26)
        k //= 26
    return w


def document(n, reworded):
    lines = ["# Plan", "", "## Work", ""]
    x = 12345
    for i in range(n):
        words = []
        for _ in range(6):
            x = (x * 1103515245 + 12345) % (1 << 31)
            words.append(word(x % (8 * n)))
        if reworded:
            words[i % 6] = word(8 * n + i)
        lines.append("- [ ] Implement the %s" % " ".join(words))
    return "\n".join(lines) + "\n"


def reingest(progdb, work, n, trial):
    d = os.path.join(work, "n%d-%d" % (n, trial))
    db = os.path.join(d, "t.db")
    rel.write(os.path.join(d, "docs", "plan.md"), document(n, False))
    r = rel.run([progdb, "--db", db, "ingest", "docs"], cwd=d)
    if r.rc != 0:
        return r, db
    rel.write(os.path.join(d, "docs", "plan.md"), document(n, True))
    return rel.run([progdb, "--db", db, "ingest", "docs"], cwd=d), db


def main():
    progdb = rel.progdb_path()
    s = rel.Suite("reworded")
    work = rel.scratch("reworded")
    n = 4000 if rel.SLOW else 1000
    times = []
    for size in (n, 4 * n):
        best = None
        for trial in range(3):
            r, db = reingest(progdb, work, size, trial)
            if not s.check(r.rc == 0, "n=%d: re-ingest succeeds" % size,
                           repr(r)):
                break
            best = r.cpu if best is None else min(best, r.cpu)
            if best > 1.0:
                break
        if best is None:
            s.exit()
        times.append(best)
        removed = rel.query(db, "SELECT count(*) FROM event "
                            "WHERE kind = 'removed'")[0][0]
        ids = rel.query(db, "SELECT count(*), max(id) FROM item")[0]
        s.check(removed == 0 and ids == (size, size),
                "n=%d: every reworded item keeps its identity (%d removed, "
                "%d items, highest id %d)" % (size, removed, ids[0], ids[1]))
        s.figure("n=%d: re-ingest %.3f s CPU" % (size, best))
    ratio = max(times[1], FLOOR_S) / max(times[0], FLOOR_S)
    s.check(ratio <= MAX_RATIO, "t(4n)/t(n) = %.3f/%.3f = %.1f <= %.0f" %
            (times[1], times[0], ratio, MAX_RATIO))
    s.exit()


if __name__ == "__main__":
    main()
