#!/usr/bin/env python3
"""check_floors.py PROGDB PARSE_FLOOR EXTRACT_FLOOR DIR

The benchmark's two floors have to measure the work they claim to.  On DIR
(the golden extract fixtures, mis-encoded ones included): extract_floor
must see the files, items and sections a real `progdb ingest` stores, and
parse_floor the same files and bytes.  Each exits 2 on a usage error, and
1, naming the root, when a root cannot be read.
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


def key_values(out):
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", out)}


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


def stored(progdb, tree):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "t.db")
        r = run([progdb, "--db", db, "ingest", "-q", tree])
        check(r.returncode in (0, 3), f"progdb ingest exits 0 or 3 (got {r.returncode})")
        con = sqlite3.connect(db)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("document", "item", "section")}
        con.close()
    return counts


def main():
    progdb, parse_floor, extract_floor, tree = sys.argv[1:5]
    want = stored(progdb, tree)
    check(want["item"] > 0 and want["section"] > 0, f"the fixtures hold items and sections: {want}")

    r = run([extract_floor, tree])
    got = key_values(r.stdout)
    check(r.returncode == 0, f"extract_floor exits 0 (got {r.returncode})")
    check(got.get("files") == want["document"],
          f"extract_floor files {got.get('files')} = stored documents {want['document']}")
    check(got.get("items") == want["item"], f"extract_floor items {got.get('items')} = {want['item']}")
    check(got.get("sections") == want["section"],
          f"extract_floor sections {got.get('sections')} = {want['section']}")
    check(got.get("seconds", -1) >= 0, "extract_floor reports seconds")

    r = run([parse_floor, tree])
    pf = key_values(r.stdout)
    check(r.returncode == 0, f"parse_floor exits 0 (got {r.returncode})")
    check(pf.get("files") == want["document"],
          f"parse_floor files {pf.get('files')} = stored documents {want['document']}")
    size = sum(os.path.getsize(os.path.join(tree, f)) for f in os.listdir(tree)
               if f.endswith(".md"))
    check(pf.get("bytes") == size, f"parse_floor bytes {pf.get('bytes')} = {size}")

    missing = os.path.join(tree, "no-such-dir")
    for prog in (parse_floor, extract_floor):
        name = os.path.basename(prog)
        r = run([prog])
        check(r.returncode == 2 and "usage" in r.stderr, f"{name} with no root: usage, exit 2")
        r = run([prog, missing])
        check(r.returncode == 1 and "no-such-dir" in r.stderr,
              f"{name} on a missing root: exit 1, names it (got {r.returncode})")

    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
