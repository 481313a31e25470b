#!/usr/bin/env python3
"""history_speed.py PROGDB SHARED

Looking back in time on a database built run by run: replays the
ClaudeDirector bundle of ../shared/corpus/repos (225 runs, 1,838 items,
4,546 events) with `progdb ingest --git`, then checks that

  - the planner's statistics count the runs within a factor of two (taken
    only after the first run, they said one run forever), and
  - past-window `weekly` and `milestones`, `items` and `risks --as-of`
    each take under 2 s of CPU time (they took 7 to 47 s when the history
    queries scanned every run for every item and event; they take
    milliseconds now).

CPU time of the child alone (wait4), never wall-clock time, with a margin
of two orders of magnitude.  Exits 77 (skip) without SHARED or git, 1 on
any failure.  Standard library only.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading

BUNDLE = "chriscantu__ClaudeDirector.bundle"
CPU_LIMIT_S = 2.0
# Each slow query ran 7 s of CPU or more before; a run that far past the
# limit is stopped (and fails) rather than waited for.
WALL_STOP_S = 120

QUERIES = [
    ["weekly", "--since", "2025-08-04", "--until", "2025-08-10"],
    ["weekly", "--since", "2025-09-01", "--until", "2025-09-07"],
    ["weekly", "--since", "2025-10-13", "--until", "2025-10-19", "--all"],
    ["milestones", "--as-of", "2025-08-05"],
    ["milestones", "--as-of", "2025-09-07"],
    ["items", "--as-of", "2025-09-07"],
    ["items", "--open", "--as-of", "2025-08-05"],
    ["risks", "--as-of", "2025-09-07"],
]


def cpu_run(argv):
    """Runs argv; returns (exit status, CPU seconds of the child)."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    stop = threading.Timer(WALL_STOP_S, p.kill)
    stop.start()
    _, status, ru = os.wait4(p.pid, 0)
    stop.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, ru.ru_utime + ru.ru_stime


def main(argv):
    progdb, shared = os.path.abspath(argv[1]), argv[2]
    bundle = os.path.join(shared, "corpus", "repos", BUNDLE)
    if not os.path.exists(bundle) or shutil.which("git") is None:
        print(f"skip: {bundle} or git not found")
        return 77
    failed = 0
    with tempfile.TemporaryDirectory(prefix="progdb-hspeed-") as tmp:
        repo, db = os.path.join(tmp, "repo"), os.path.join(tmp, "p.db")
        subprocess.run(["git", "clone", "-q", bundle, repo], check=True)
        subprocess.run([progdb, "--db", db, "-q", "ingest", "--git", repo],
                       check=True)
        con = sqlite3.connect(db)
        runs = con.execute("SELECT count(*) FROM ingest_run").fetchone()[0]
        stat = con.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = "
                           "'ingest_run' AND idx IS NULL").fetchone()
        con.close()
        counted = int(stat[0].split()[0]) if stat else 0
        ok = 2 * counted > runs
        print(f"{'ok' if ok else 'FAIL'}: {runs} runs, statistics count "
              f"{counted}")
        failed += not ok
        for q in QUERIES:
            rc, cpu = cpu_run([progdb, "--db", db] + q)
            ok = rc == 0 and cpu < CPU_LIMIT_S
            print(f"{'ok' if ok else 'FAIL'}: {' '.join(q)}: exit {rc}, "
                  f"{cpu:.2f} s CPU (limit {CPU_LIMIT_S} s)")
            failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
