#!/usr/bin/env python3
"""gen_flow_history.py OUT_DIR [--seed N] [--items N]

Writes a git repository OUT_DIR/repo whose history has known flow answers
(issue 20), and OUT_DIR/expected.json with them.  One commit a day at
10:00 UTC, on the days something changes, from Monday 2025-09-01 (day 0):

  - day 0 is the baseline: four items already there (no known start);
    two of them are done later (they count in throughput, not in cycle or
    lead time);
  - every other item is added on a later day (open), may go in progress
    ([/]) on a later day, and may be done ([x]) on a later day still;
  - every item is owned (@name in its text) and has a due date (📅) that
    may move later (a slip) or earlier (a change, no slip) on days between
    its adding and its end;
  - some items move to the other file on a day their due date slips.

The items live under "## Milestone 1" (docs/core.md) and "## Milestone 2"
(docs/ui.md).  expected.json holds, for `flow --since SINCE --as-of ASOF`
and `due --slipped`:

  throughput  per ISO week: completed, added;
  cycle_time  per milestone and (all): items, median and 85th percentile
              (nearest rank) of cycle time (done - started, else added)
              and lead time (done - added), in days;
  aging       the items in progress at the end: since, age_days;
  slipped     per item whose due date moved later: owner, first_due,
              due, slips, changes, days_slipped, last_change.

Deterministic for a seed.  Standard library only; needs git.
"""
import argparse
import datetime as dt
import json
import os
import random
import subprocess

START = dt.date(2025, 9, 1)
LAST_DAY = 63
OWNERS = ["ana", "bob", "carol"]
# Every item has two words no other item has: the history's matching of
# reworded items must not take one item for another.
WORDS = """parser importer exporter cache index search login billing reports
sync backup metrics tokenizer planner scheduler mailer webhook gateway
router ledger invoice receipt wallet badge avatar banner sitemap crawler
linter formatter bundler compiler debugger profiler tracer sampler
shader texture mesh skeleton rig camera lens shutter sensor antenna
modem relay switch bridge tunnel proxy firewall vault keyring token
cookie session ticket queue topic stream buffer socket packet frame
codec muxer decoder lexer grammar""".split()
FILES = {"Milestone 1": "docs/core.md", "Milestone 2": "docs/ui.md"}


def day(d):
    return START + dt.timedelta(days=d)


def plan_items(rng, n):
    """Each item's life: added, started, done (day numbers or None), its
    first due day and its due date changes [(day, new due day)], its
    owner and milestone."""
    items = []
    for i in range(1, n + 5):
        base = i <= 4
        added = 0 if base else rng.randint(1, 40)
        started = None
        if not base and rng.random() < 0.7:
            started = rng.randint(added + 1, added + 10)
        after = started if started is not None else added
        done = None
        if (base and i <= 2) or (not base and rng.random() < 0.8):
            done = rng.randint(after + 1, after + 20)
            if done > LAST_DAY:
                done = None
        end = done - 1 if done is not None else LAST_DAY
        first_due = due = added + rng.randint(14, 28)
        days = sorted(set(rng.randint(added + 1, end) for _ in
                          range(rng.choice([0, 0, 1, 1, 2, 3]))
                          if end > added))
        # Some items move to the other file on a day their due date
        # slips (issue 20: the slip must not be lost on the way).
        move = None
        if not base and end > added and rng.random() < 0.25:
            move = rng.randint(added + 1, end)
            if move in (started, done):
                move = None
        dues = []
        for when in sorted(set(days) | ({move} - {None})):
            due += 4 if when == move else rng.choice([-3, -2, 2, 3, 5, 7,
                                                      7, 10])
            dues.append((when, due))
        items.append({
            "text": "%s %s" % (WORDS[2 * i - 2], WORDS[2 * i - 1]),
            "owner": OWNERS[i % len(OWNERS)],
            "first_milestone": "Milestone %d" % (1 + i % 2),
            "added": added, "started": started, "done": done,
            "first_due": first_due, "dues": dues, "move": move})
    return items


def state_on(it, d):
    if d < it["added"]:
        return None
    if it["done"] is not None and d >= it["done"]:
        return "x"
    if it["started"] is not None and d >= it["started"]:
        return "/"
    return " "


def due_on(it, d):
    due = it["first_due"]
    for when, new in it["dues"]:
        if when <= d:
            due = new
    return due


def milestone_on(it, d):
    if it["move"] is None or d < it["move"]:
        return it["first_milestone"]
    other = [m for m in FILES if m != it["first_milestone"]]
    return other[0]


def document(items, milestone, d):
    lines = ["# Plan", "",
             "## %s" % milestone, ""]
    for it in items:
        st = state_on(it, d)
        if milestone_on(it, d) != milestone or st is None:
            continue
        lines.append("- [%s] %s @%s \U0001F4C5 %s" % (
            st, it["text"], it["owner"], day(due_on(it, d)).isoformat()))
    return "\n".join(lines) + "\n"


def git(repo, *args, date=None):
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null",
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Gen",
               GIT_AUTHOR_EMAIL="gen@example.org", GIT_COMMITTER_NAME="Gen",
               GIT_COMMITTER_EMAIL="gen@example.org")
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", "-C", repo] + list(args), check=True, env=env,
                   stdout=subprocess.DEVNULL)


def write_history(items, repo):
    os.makedirs(os.path.join(repo, "docs"))
    git(repo, "init", "-q", "-b", "main")
    days = {0}
    for it in items:
        days.update(x for x in (it["added"], it["started"], it["done"])
                    if x is not None)
        days.update(w for w, _ in it["dues"])
    for d in sorted(days):
        for milestone, path in FILES.items():
            with open(os.path.join(repo, path), "w", encoding="utf-8") as f:
                f.write(document(items, milestone, d))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "day %d" % d,
            date="%sT10:00:00Z" % day(d).isoformat())


def nearest_rank(values, p):
    v = sorted(values)
    return v[(len(v) * p + 99) // 100 - 1] if p != 50 else \
        v[(len(v) + 1) // 2 - 1]


def iso_week(monday):
    y, w, _ = monday.isocalendar()
    return "%d-W%02d" % (y, w)


def answers(items, since, asof):
    until = asof + 1
    mondays = []
    m = since - day(since).weekday()
    while m < until:
        mondays.append(m)
        m += 7
    through = []
    for m in mondays:
        through.append({
            "week": iso_week(day(m)), "starts": day(m).isoformat(),
            "completed": sum(1 for it in items if it["done"] is not None
                             and m <= it["done"] < m + 7),
            "added": sum(1 for it in items if it["added"] > 0
                         and m <= it["added"] < m + 7)})
    groups = {}
    for it in items:
        if it["done"] is None or not since <= it["done"] < until:
            continue
        start = it["started"] if it["started"] is not None else \
            (it["added"] if it["added"] > 0 else None)
        if start is None:
            continue
        lead = it["done"] - it["added"] if it["added"] > 0 else None
        for g in (milestone_on(it, LAST_DAY), "(all)"):
            groups.setdefault(g, []).append((it["done"] - start, lead))
    cycle = []
    for name in sorted(g for g in groups if g != "(all)") + ["(all)"]:
        cyc = [c for c, _ in groups[name]]
        lead = [x for _, x in groups[name] if x is not None]
        cycle.append({
            "name": name, "items": len(cyc),
            "cycle_median": nearest_rank(cyc, 50),
            "cycle_p85": nearest_rank(cyc, 85), "with_lead": len(lead),
            "lead_median": nearest_rank(lead, 50) if lead else None,
            "lead_p85": nearest_rank(lead, 85) if lead else None})
    aging = [{"item": "%s @%s \U0001F4C5 %s" % (
        it["text"], it["owner"], day(due_on(it, asof)).isoformat()),
        "since": day(it["started"]).isoformat(),
        "age_days": asof - it["started"]}
        for it in items if state_on(it, LAST_DAY) == "/"]
    slipped = []
    for it in items:
        prev, steps = it["first_due"], []
        for _, new in it["dues"]:
            steps.append(new - prev)
            prev = new
        if not any(s > 0 for s in steps):
            continue
        slipped.append({
            "text": "%s @%s \U0001F4C5 %s" % (it["text"], it["owner"],
                                              day(prev).isoformat()),
            "path": "repo/" + FILES[milestone_on(it, LAST_DAY)],
            "owner": it["owner"],
            "first_due": day(it["first_due"]).isoformat(),
            "due": day(prev).isoformat(),
            "slips": sum(1 for s in steps if s > 0), "changes": len(steps),
            "days_slipped": sum(s for s in steps if s > 0),
            "last_change": day(it["dues"][-1][0]).isoformat()})
    return {"since": day(since).isoformat(), "as_of": day(asof).isoformat(),
            "throughput": through, "cycle_time": cycle, "aging": aging,
            "slipped": slipped}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--items", type=int, default=30,
                    help="at most %d" % (len(WORDS) // 2 - 4))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    items = plan_items(rng, a.items)
    write_history(items, os.path.join(a.out, "repo"))
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump(answers(items, 0, LAST_DAY + 2), f, indent=1,
                  ensure_ascii=False)


if __name__ == "__main__":
    main()
