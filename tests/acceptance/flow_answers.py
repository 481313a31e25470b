#!/usr/bin/env python3
"""flow_answers.py PROGDB

History-derived figures against a generated history with known answers
(issue 20): gen_flow_history.py writes a git repository (owners, due
dates that slip or are pulled in, items added, in progress and done on
known days) and its answers; `progdb ingest --git` reads it, and `flow
--format json` (throughput per week, cycle and lead time per milestone,
aging work in progress) and `due --slipped --format json` must give
exactly those answers.  Three seeds.  Exits 1 on any difference.
Standard library only; needs git.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def progdb(exe, db, *args):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", NO_COLOR="1")
    env.pop("PROGDB_DB", None)
    r = subprocess.run([exe, "--db", db] + list(args), env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("progdb %s: exit %d: %s" % (" ".join(args),
                                                     r.returncode, r.stderr))
    return r.stdout


def num(v):
    return None if v is None else round(float(v), 1)


def compare_flow(got, want, seed):
    check([(w["week"], w["starts"], w["completed"], w["added"])
           for w in got["throughput"]] ==
          [(w["week"], w["starts"], w["completed"], w["added"])
           for w in want["throughput"]],
          "seed %d: throughput per week (%d weeks)" %
          (seed, len(want["throughput"])))
    keys = ("items", "cycle_median", "cycle_p85", "with_lead",
            "lead_median", "lead_p85")
    g = {c["name"]: tuple(num(c[k]) for k in keys) for c in got["cycle_time"]}
    w = {c["name"]: tuple(num(c[k]) for k in keys)
         for c in want["cycle_time"]}
    check(g == w, "seed %d: cycle and lead time per milestone and (all) %s"
          % (seed, w.get("(all)")))
    if g != w:
        print("     got  %s\n     want %s" % (g, w))
    g = sorted((a["item"], a["since"], a["age_days"]) for a in got["aging"])
    w = sorted((a["item"], a["since"], a["age_days"]) for a in want["aging"])
    check(g == w, "seed %d: aging work in progress (%d items)" %
          (seed, len(w)))
    if g != w:
        print("     got  %s\n     want %s" % (g, w))


def compare_slipped(got, want, seed):
    keys = ("text", "path", "owner", "first_due", "due", "slips", "changes",
            "days_slipped", "last_change")
    g = sorted(tuple(r[k] for k in keys) for r in got)
    w = sorted(tuple(r[k] for k in keys) for r in want)
    check(g == w, "seed %d: due --slipped (%d items, %d days in all)" %
          (seed, len(w), sum(r["days_slipped"] for r in want)))
    if g != w:
        for row in sorted(set(g) ^ set(w)):
            print("     %s %s" % ("got " if row in g else "want", row))


def one(exe, seed):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(HERE,
                        "gen_flow_history.py"), tmp, "--seed", str(seed)],
                       check=True)
        with open(os.path.join(tmp, "expected.json"), encoding="utf-8") as f:
            want = json.load(f)
        db = os.path.join(tmp, "flow.db")
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            progdb(exe, db, "ingest", "--git", "repo/docs")
            flow = json.loads(progdb(exe, db, "flow", "--since",
                                     want["since"], "--as-of", want["as_of"],
                                     "--format", "json"))
            slipped = json.loads(progdb(exe, db, "due", "--slipped",
                                        "--format", "json"))
        finally:
            os.chdir(cwd)
        compare_flow(flow, want, seed)
        compare_slipped(slipped, want["slipped"], seed)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    exe = os.path.abspath(sys.argv[1])
    for seed in (20, 21, 22):
        one(exe, seed)
    if failures:
        print("%d failures" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
