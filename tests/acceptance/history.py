#!/usr/bin/env python3
"""history.py PROGDB SHARED [--files N] [--commits K] [--seed S] [--git]

Builds a git repository with ../shared/bench/gencorpus.py --history (commits
that tick boxes over simulated weeks, with a truth file of completions per
ISO week), replays every commit with `progdb ingest --as-of <commit time>`
(checking each one out), or with --git in one `progdb ingest --git`, and
checks that `progdb weekly` for every week gives the truth's counts of
completed, reopened and added items.  Exits 77 (skip) without SHARED, 1 on
any difference.  Standard library only.
"""
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile


def arg(argv, name, default):
    return argv[argv.index(name) + 1] if name in argv else default


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True,
                          stdout=subprocess.PIPE, text=True).stdout.strip()


def week_bounds(iso_week):
    year, week = iso_week.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(week), 1)
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()


def main(argv):
    progdb, shared = os.path.abspath(argv[1]), argv[2]
    gen = os.path.join(shared, "bench", "gencorpus.py")
    if not os.path.exists(gen):
        print(f"skip: {gen} not found")
        return 77
    env = dict(os.environ, TZ="UTC")
    with tempfile.TemporaryDirectory() as tmp:
        repo, db = os.path.join(tmp, "repo"), os.path.join(tmp, "h.db")
        subprocess.run([sys.executable, gen, repo, "--files",
                        arg(argv, "--files", "60"), "--seed",
                        arg(argv, "--seed", "3"), "--history", "--commits",
                        arg(argv, "--commits", "14")],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(repo, ".truth-history.json")) as fh:
            truth = json.load(fh)
        commits = git(repo, "rev-list", "--reverse", "HEAD").split()
        if "--git" in argv:
            rc = subprocess.run([progdb, "--db", db, "-q", "ingest", "--git",
                                 "."], cwd=repo, env=env).returncode
            if rc not in (0, 3):
                print(f"ingest --git failed with status {rc}")
                return 1
            commits_to_replay = []
        else:
            commits_to_replay = commits
        for sha in commits_to_replay:
            git(repo, "checkout", "-q", sha)
            when = git(repo, "show", "-s", "--format=%cI", sha)
            rc = subprocess.run([progdb, "--db", db, "-q", "ingest",
                                 "--as-of", when, repo], env=env).returncode
            if rc not in (0, 3):
                print(f"ingest of {sha} failed with status {rc}")
                return 1
        weeks = {}
        for c in truth["commits"]:
            w = weeks.setdefault(c["iso_week"], {"completed": 0,
                                                 "reopened": 0, "added": 0})
            w["completed"] += c["completed"]
            w["reopened"] += c["reopened"]
            w["added"] += c["added_open"] + c["added_done"]
        errors = 0
        for week, want in sorted(weeks.items()):
            since, until = week_bounds(week)
            out = subprocess.run([progdb, "--db", db, "weekly", "--since",
                                  since, "--until", until, "--format",
                                  "json", "--include-templates"],
                                 env=env, check=True, stdout=subprocess.PIPE)
            got = json.loads(out.stdout)
            # The truth counts GFM task items: [ ], [x] and [X].
            have = {k: sum(1 for r in got[k]
                           if r["mark"] in ("[ ]", "[x]", "[X]"))
                    for k in want}
            status = "ok" if have == want else "DIFFERS"
            errors += have != want
            print(f"{week}: {status} truth {want} progdb {have}")
    print(f"{len(commits)} commits, {len(weeks)} weeks: {errors} weeks differ")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
