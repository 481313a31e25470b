#!/usr/bin/env python3
"""query_plans.py PROGDB SOURCE_ROOT

Listings that must come out of their indexes already in order: ingests the
registers fixture (tests/golden/registers/docs) and checks that the plans
of the named statements below have no sort of their own at the top level
(USE TEMP B-TREE FOR ORDER BY).  `burndown` at 10,000 files sorted 60,000
wide rows by path before migration 0013 gave it document(file) and
burndown(document_id, line): a third of its CPU time.

`items --as-of` sorted every item there was at a time (132,948 rows on
the generated 1,000-commit history) by path: it reads the documents in
path order and sorts each one's rows by line only (USE TEMP B-TREE FOR
RIGHT PART OF ORDER BY, allowed for the statements of BY_DOCUMENT).

`milestones --as-of` (milestones.as_of) reads item_span whole (SCAN p):
seeking each span begun before the time through item_span_first cost
more, even early in a history.

The first 25 rows of `weekly`'s open blockers and current steps in text
(weekly.blockers_first, weekly.current_steps_first) read the documents in
path order and stop there (SCAN d USING INDEX document_file): sorting all
5,595 and 1,591 of them on the 10k tree was half of `weekly`'s
instructions.

And statements that must find their rows by an index, not by reading a
whole table: each plan must have a line matching a pattern and none
matching another.  flow.throughput read all 650,000 items of the 10k tree
(a billion instructions of `report`) before migration 0018 indexed the
times it looks for; weekly.baseline read each risk of the first ingest to
test its state before risk_first_run gained it.

Plans, not times: nothing here depends on the machine's speed.  Exits 1 on
any failure.  Standard library only.
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

# (query file, statement name, parameters)
UNSORTED = [
    ("lists", "burndown", {"templates": 0, "milestone": None}),
    ("report", "burndown_tables", {}),
]
AS_OF = {"templates": 0, "open": 0, "state": None, "doc": None,
         "section": None, "current": 0, "owner": None,
         "at": "2030-01-01 00:00:00"}
BY_DOCUMENT = [
    ("lists", "items_as_of", AS_OF),
]
# (query file, statement name, parameters, a step its plan must hold)
WINDOW = {"since_at": "2024-01-01 00:00:00", "until_at": "2024-01-08 00:00:00",
          "since_day": "2024-01-01", "until_day": "2024-01-07",
          "templates": 0, "baseline": 0, "by": "milestone"}
STEPS = [
    ("milestones", "as_of", {"at": "2030-01-01 00:00:00", "doc": None,
                             "dir": None, "templates": 0}, "SCAN p"),
    ("weekly", "blockers_first", dict(WINDOW, limit=25),
     "SCAN d USING INDEX document_file"),
    ("weekly", "current_steps_first", dict(WINDOW, limit=25),
     "SCAN d USING INDEX document_file"),
]
# (query file, statement name, parameters, a plan line must match,
#  no plan line may match)
INDEXED = [
    ("flow", "throughput", WINDOW, r"^SEARCH i USING INDEX item_done_at",
     r"^SCAN i\b"),
    ("weekly", "baseline", WINDOW,
     r"^SEARCH k USING COVERING INDEX risk_first_run \(first_run=\? AND "
     r"state=\?\)", r"^SCAN k\b"),
]


def statements(root, name):
    with open(os.path.join(root, "schema", "queries", name + ".sql"),
              encoding="utf-8") as fh:
        parts = re.split(r"^-- name: (\S+)\s*$", fh.read(), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def main():
    progdb, root = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="progdb-plans-")
    failures = 0
    try:
        docs = os.path.join(tmp, "docs")
        shutil.copytree(os.path.join(root, "tests", "golden", "registers",
                                     "docs"), docs)
        db = os.path.join(tmp, "t.db")
        subprocess.run([progdb, "--db", db, "-q", "ingest", docs], check=True)
        con = sqlite3.connect(db)
        for fname, name, params in UNSORTED + BY_DOCUMENT:
            sql = statements(root, fname)[name]
            plan = con.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            top = [r[3] for r in plan if r[1] == 0]
            blocks = (fname, name, params) in BY_DOCUMENT
            if any(t.startswith("USE TEMP B-TREE FOR") and "ORDER BY" in t
                   and not (blocks and "RIGHT PART" in t) for t in top):
                print("FAIL %s.%s sorts its rows:\n  %s"
                      % (fname, name, "\n  ".join(top)))
                failures += 1
            else:
                print("ok   %s.%s: %s" % (fname, name, "; ".join(top)))
        for fname, name, params, step in STEPS:
            sql = statements(root, fname)[name]
            plan = [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql,
                                              params)]
            ok = step in plan
            print("%s %s.%s: %s" % ("ok  " if ok else "FAIL", fname, name,
                                    step if ok else "; ".join(plan)))
            failures += not ok
        for fname, name, params, must, mustnt in INDEXED:
            sql = statements(root, fname)[name]
            lines = [r[3] for r in
                     con.execute("EXPLAIN QUERY PLAN " + sql, params)]
            if (not any(re.search(must, t) for t in lines)
                    or any(re.search(mustnt, t) for t in lines)):
                print("FAIL %s.%s does not find its rows by index:\n  %s"
                      % (fname, name, "\n  ".join(lines)))
                failures += 1
            else:
                print("ok   %s.%s: by index" % (fname, name))
        con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
