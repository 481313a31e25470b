#!/usr/bin/env python3
"""repos_answers.py PROGDB SHARED

The answers a lead relies on, on the real repositories of
../shared/corpus/repos/*.bundle (issue 16).  Each bundle is cloned and
ingested as a lead would: `ingest --git .`, then the working tree under
four spellings (`.`, `$PWD`, a directory named twice through `..`, a link
to the clone).  Checks that

  - every run exits 0, and no file is two documents (one row per real
    path, as many as a single plain `ingest .` into a fresh database makes);
  - for the busiest weeks of the history and its last week, `weekly
    --format json` lists exactly the completions of v_completions in that
    week (an item completed twice in it once), and prints no negative
    count;
  - `weekly` text starts with its summary line and shows no empty part;
  - `status` text stays within a screen's reach (no line over 8 columns
    per column of 24, whatever one document's cells hold), while
    `status --format json` keeps every cell whole;
  - `milestones` fits in 400 lines, the HTML report in 1 MB, and `check
    --format sarif` / `--format github` carry SARIF 2.1.0's required
    fields / one workflow annotation per finding;
  - `due`, `due --slipped`, `flow`, `next` and `status --by owner` (issue
    20) give no negative duration or count (due's days aside), and no
    count above its total.

Exits 77 (skip) without the bundles, 1 on any failure.  Standard library
only.
"""
import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(progdb, db, args, cwd):
    r = subprocess.run([progdb, "--db", db] + args, cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=dict(os.environ, TZ="UTC", NO_COLOR="1",
                                LC_ALL="C.UTF-8"))
    return r.returncode, r.stdout.decode("utf-8", "replace")


def sql(progdb, db, query):
    rc, out = run(progdb, db, ["sql", "--format", "json", query], "/")
    return json.loads(out) if rc == 0 else []


def weeks(progdb, db):
    """The eight weeks with the most completions, and the last week of the
    history."""
    rows = sql(progdb, db, "SELECT date(completed_at, 'weekday 1', '-7 days')"
               " AS monday, count(*) AS n FROM v_completions GROUP BY 1 "
               "ORDER BY 2 DESC, 1 LIMIT 8")
    last = sql(progdb, db, "SELECT date(max(observed_at), 'weekday 1', "
               "'-7 days') AS monday FROM ingest_run")
    mondays = sorted({r["monday"] for r in rows + last if r["monday"]})
    for m in mondays:
        day = dt.date.fromisoformat(m)
        yield day.isoformat(), (day + dt.timedelta(days=6)).isoformat()


def negatives(answer):
    return [(k, r) for k, rows in answer.items() if isinstance(rows, list)
            for r in rows for v in r.values()
            if isinstance(v, int) and not isinstance(v, bool) and v < 0]


def check_weeks(progdb, db, name):
    differ, negative, n = [], [], 0
    for since, until in weeks(progdb, db):
        rc, out = run(progdb, db, ["weekly", "--since", since, "--until",
                                   until, "--format", "json"], "/")
        answer = json.loads(out)
        # weekly lists an item completed twice in the window (a reverted
        # tick) once
        view = sql(progdb, db, "SELECT count(DISTINCT item_id) AS n "
                   "FROM v_completions "
                   "WHERE is_template = 0 AND ((length(completed_at) = 10 "
                   "AND completed_at BETWEEN '%s' AND '%s') OR "
                   "(length(completed_at) > 10 AND completed_at >= '%s' "
                   "AND completed_at < datetime('%s', '+1 day')))"
                   % (since, until, since, until))[0]["n"]
        if view != len(answer["completed"]):
            differ.append((since, view, len(answer["completed"])))
        negative += negatives(answer)
        n += 1
    check(not differ, "%s: weekly = v_completions in each of %d weeks %s"
          % (name, n, differ[:3]))
    check(not negative, "%s: no negative count in %d weeks %s"
          % (name, n, negative[:2]))


def check_text(progdb, db, name):
    since = sql(progdb, db, "SELECT date(max(observed_at), '-6 days') AS d "
                "FROM ingest_run")[0]["d"]
    rc, out = run(progdb, db, ["weekly", "--since", since, "--until",
                               "now"], "/")
    lines = out.split("\n")
    check(rc == 0 and len(lines) > 2 and lines[2].endswith("risks resolved.")
          and "(none)" not in out, "%s: weekly text starts with its summary "
          "and shows no empty part" % name)
    rc, out = run(progdb, db, ["status"], "/")
    widest = max(len(l) for l in out.split("\n"))
    ncols = len(out.split("\n")[0].split())
    check(rc == 0 and widest <= 24 * ncols + 2 * ncols, "%s: status text "
          "at most %d columns wide (%d)" % (name, 26 * ncols, widest))
    rc, out = run(progdb, db, ["status", "--format", "json"], "/")
    whole = sql(progdb, db, "SELECT coalesce(max(length(status)), 0) AS n "
                "FROM v_document")[0]["n"]
    longest = max([len(r["status"] or "") for r in json.loads(out)] or [0])
    check(longest == whole, "%s: status json keeps cells whole (%d)"
          % (name, longest))


SARIF_RESULT = ("ruleId", "message", "locations")


def check_sizes(progdb, db, name, tmp):
    """Answers sized for a person: milestones in a few screens, a report
    under 1 MB, check output a CI system reads."""
    rc, out = run(progdb, db, ["milestones"], "/")
    check(rc == 0 and out.count("\n") <= 400, "%s: milestones in at most "
          "400 lines (%d)" % (name, out.count("\n")))
    html = os.path.join(tmp, name + ".html")
    rc, _ = run(progdb, db, ["report", "--format", "html", "-o", html], "/")
    size = os.path.getsize(html) if os.path.exists(html) else -1
    check(rc == 0 and 0 < size <= 1 << 20, "%s: html report of %d bytes "
          "(at most 1 MB)" % (name, size))
    rc, out = run(progdb, db, ["check", "--format", "sarif"], "/")
    try:
        sarif = json.loads(out)
        results = sarif["runs"][0]["results"]
        ok = (sarif["version"] == "2.1.0" and "$schema" in sarif and
              sarif["runs"][0]["tool"]["driver"]["name"] == "progdb" and
              all(all(k in r for k in SARIF_RESULT) and
                  r["locations"][0]["physicalLocation"]["artifactLocation"]
                  ["uri"] for r in results))
    except (ValueError, KeyError, IndexError, TypeError):
        ok, results = False, []
    check(rc in (0, 1) and ok, "%s: check --format sarif has SARIF 2.1.0's "
          "required fields (%d results)" % (name, len(results)))
    rc, out = run(progdb, db, ["check", "--format", "github"], "/")
    lines = [l for l in out.split("\n") if l]
    check(rc in (0, 1) and len(lines) == len(results) and
          all(l.startswith("::warning file=") or l.startswith("::error file=")
              for l in lines), "%s: check --format github, one annotation "
          "per finding (%d)" % (name, len(lines)))


def answer(progdb, db, args):
    rc, out = run(progdb, db, args + ["--format", "json"], "/")
    try:
        return rc, json.loads(out)
    except ValueError:
        return rc, None


def rows_of(a, key=None):
    rows = a.get(key, []) if isinstance(a, dict) else a
    return rows if isinstance(rows, list) else []


def check_flow(progdb, db, name):
    """Issue 20's answers: due, due --slipped, flow, next and status --by
    owner exit 0 with non-negative durations and counts (due's days
    aside: overdue is negative), and no count above its total."""
    first = sql(progdb, db, "SELECT date(min(observed_at)) AS d "
                "FROM ingest_run")[0]["d"]
    done = sql(progdb, db, "SELECT count(*) AS n FROM v_item_flow "
               "WHERE done IS NOT NULL")[0]["n"]
    got = {
        "due": answer(progdb, db, ["due"]),
        "slipped": answer(progdb, db, ["due", "--slipped"]),
        "flow": answer(progdb, db, ["flow", "--since", first]),
        "next": answer(progdb, db, ["next"]),
        "owners": answer(progdb, db, ["status", "--by", "owner"]),
    }
    bad = [k for k, (rc, a) in got.items() if rc != 0 or a is None]
    check(not bad, "%s: due, due --slipped, flow, next, status --by owner "
          "exit 0 with json %s" % (name, bad))
    flow = got["flow"][1] or {}
    slipped = rows_of(got["slipped"][1])
    owners = rows_of(got["owners"][1])
    negative = [r for k in ("slipped", "owners", "next")
                for r in rows_of(got[k][1]) for v in r.values()
                if isinstance(v, (int, float)) and not isinstance(v, bool)
                and v < 0]
    negative += [r for part in ("throughput", "cycle_time", "aging",
                                "cycle_items")
                 for r in rows_of(flow, part) for v in r.values()
                 if isinstance(v, (int, float)) and not isinstance(v, bool)
                 and v < 0]
    check(not negative, "%s: no negative duration or count in due "
          "--slipped, flow, next, status --by owner %s" % (name, negative[:2]))
    over = [r for r in slipped if not r["slips"] <= r["changes"] or
            r["days_slipped"] < r["slips"] or r["first_due"] is None]
    over += [r for r in owners if r["done"] > r["total"] or
             not 0 <= (r["percent"] or 0) <= 100]
    over += [r for r in rows_of(flow, "cycle_time") if r["with_lead"] >
             r["items"] or (r["cycle_median"] or 0) > (r["cycle_p85"] or 0)
             or (r["lead_median"] or 0) > (r["lead_p85"] or 0)]
    completed = sum(r["completed"] for r in rows_of(flow, "throughput"))
    check(not over and completed <= done, "%s: counts within their totals "
          "(slips <= changes, done <= total, with_lead <= items, median <= "
          "p85, %d completed of %d done items) %s"
          % (name, completed, done, over[:2]))
    due = rows_of(got["due"][1])
    check(all(r["status"] == ("overdue" if r["days"] < 0 else "due")
              for r in due), "%s: due: overdue exactly when days < 0 (%d "
          "items)" % (name, len(due)))
    nxt = rows_of(got["next"][1])
    check(all(r["state"] in ("open", "in_progress") for r in nxt),
          "%s: next lists open items only (%d)" % (name, len(nxt)))


def one_bundle(progdb, bundle, tmp):
    name = os.path.basename(bundle).split(".")[0]
    clone = os.path.join(tmp, name)
    subprocess.run(["git", "clone", "-q", bundle, clone], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.symlink(clone, clone + "-link")
    db, fresh = clone + ".db", clone + "-fresh.db"
    sub = sorted(d for d in os.listdir(clone)
                 if os.path.isdir(os.path.join(clone, d)) and d[0] != ".")
    spellings = [["ingest", "--git", "."], ["ingest", "."],
                 ["ingest", clone], ["ingest", clone + "-link"]]
    if sub:
        spellings.append(["ingest", sub[0], "%s/../%s" % (sub[0], sub[0])])
    codes = [run(progdb, db, ["-q"] + s, clone)[0] for s in spellings]
    check(all(c == 0 for c in codes), "%s: %d ingests exit 0 %s"
          % (name, len(codes), codes))
    run(progdb, fresh, ["-q", "ingest", "."], clone)
    docs = sql(progdb, db, "SELECT count(*) AS n, count(DISTINCT real_path) "
               "AS reals FROM document WHERE removed_run IS NULL")[0]
    want = sql(progdb, fresh, "SELECT count(*) AS n FROM document")[0]["n"]
    check(docs["n"] == docs["reals"] == want, "%s: %d documents, one per "
          "file (%d real paths, %d from one ingest)"
          % (name, docs["n"], docs["reals"], want))
    check_weeks(progdb, db, name)
    check_text(progdb, db, name)
    check_sizes(progdb, db, name, tmp)
    check_flow(progdb, db, name)


def main(argv):
    progdb, shared = os.path.abspath(argv[1]), argv[2]
    bundles = sorted(glob.glob(os.path.join(shared, "corpus", "repos",
                                            "*.bundle")))
    if not bundles:
        print("skip: no bundles in %s/corpus/repos" % shared)
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        for b in bundles:
            one_bundle(progdb, b, tmp)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
