#!/usr/bin/env python3
"""realworld.py PROGDB SHARED - ingest ../shared/corpus/realworld (45 real
progress documents) and score the database with ../shared/corpus/score.py
against its answer key.  Fails when any dimension falls below the floor
that the extraction issue set; skips (77) when SHARED is absent.

The floors: item counts agree >= 0.995; emoji items F1 >= 0.97; status
headings, risks, tech debt and burndown rows F1 >= 0.95 each, with the
state (or remaining work) of matched entries agreeing >= 0.95; tables
F1 >= 0.99; no document judged a template wrongly.  Standard library only.
"""
import os
import re
import subprocess
import sys
import tempfile

F1_FLOOR = {"emoji_items": 0.97, "status_headings": 0.95, "risks": 0.95,
            "tech_debt": 0.95, "burndown": 0.95, "tables": 0.99}
AGREE_FLOOR = {"status_headings": 0.95, "risks": 0.95, "tech_debt": 0.95,
               "burndown": 0.95}
ITEMS_FLOOR = 0.995

DIM = re.compile(r"^\s+(\w+)\s+P [\d.]+ R [\d.]+ F1 ([\d.]+)\s+\((\d+)/(\d+)/(\d+)\)"
                 r"\s+\w+ agrees (\d+)/(\d+)")


def parse(report):
    """{dim: (f1, agree)}, items agreement and templates wrong, from score.py."""
    dims, items, wrong = {}, None, None
    for line in report.splitlines():
        m = DIM.match(line)
        if m:
            agreed, matched = int(m.group(6)), int(m.group(7))
            dims[m.group(1)] = (float(m.group(2)),
                                agreed / matched if matched else 0.0)
        m = re.match(r"^\s+overall\s+agreement ([\d.]+)", line)
        if m:
            items = float(m.group(1))
        m = re.match(r"^templates wrong: (\d+)", line)
        if m:
            wrong = int(m.group(1))
    return dims, items, wrong


def check(dims, items, wrong):
    """The failed floors, as lines."""
    fails = []
    if items is None or items < ITEMS_FLOOR:
        fails.append("items agreement %s < %.3f" % (items, ITEMS_FLOOR))
    for dim, floor in F1_FLOOR.items():
        f1 = dims.get(dim, (0.0, 0.0))[0]
        if f1 < floor:
            fails.append("%s F1 %.3f < %.2f" % (dim, f1, floor))
    for dim, floor in AGREE_FLOOR.items():
        agree = dims.get(dim, (0.0, 0.0))[1]
        if agree < floor:
            fails.append("%s agreement %.3f < %.2f" % (dim, agree, floor))
    if wrong != 0:
        fails.append("templates wrong: %s" % wrong)
    return fails


def main(progdb, shared):
    corpus = os.path.join(shared, "corpus")
    score = os.path.join(corpus, "score.py")
    if not os.path.isfile(score) or not os.path.isdir(os.path.join(corpus, "realworld")):
        print("skip: %s not found" % score)
        return 77
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "rw.db")
        run = subprocess.run([progdb, "--db", db, "-q", "ingest",
                              os.path.join(corpus, "realworld")])
        if run.returncode not in (0, 3):
            print("FAIL: ingest exited %d" % run.returncode)
            return 1
        out = subprocess.run([sys.executable, score, db, "--files"],
                             stdout=subprocess.PIPE, text=True, check=True).stdout
    print(out)
    fails = check(*parse(out))
    for f in fails:
        print("FAIL: " + f)
    print("%d floors failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
