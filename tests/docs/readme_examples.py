#!/usr/bin/env python3
"""tests/docs/readme_examples.py - run every example of README.md.

    readme_examples.py PROGDB SOURCE_ROOT

Every fenced block of README.md is either run or named below as not run
(building, installing, testing and benchmarking progdb: what this suite
itself does).  A block of `$ ` lines is run line by line in one bash, from
a scratch tree made so that what the README shows is true: docs/ (a tracker
whose Phase 1 is marked done with an item open, a plan, risks, debt, a
burndown, teams/payments and plans/ directories), notes/, seeds/ and repo/
(a git repository of docs/).  Paths outside the tree (/srv/team.db,
/var/www/...) are moved into it.  Each command must exit 0 (`check`: 1,
having found the README's finding).  Lines the README shows after a
command must appear in its output, numbers and commit ids aside; an `sql`
example must return rows.  The cron block is run as cron would, with
PROGDB_DB set and `mail` writing a file that must not be empty.

Prints one line per problem and exits 1 if there is any.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

errors = []

# Blocks whose first word is one of these are not run here: they build,
# install, test or benchmark progdb.
NOT_RUN = ("scripts/demo", "scripts/setup", "scripts/bench")

# Paths the README uses outside the working tree, and where they go.
MOVED = [
    ("/srv/team.db", "team.db"),
    ("/var/www/progress/index.html", "www/index.html"),
    ("/var/lib/progdb/team.db", "cron.db"),
    ("/srv/repo", "."),
]

# Owners and due dates; the launch post's due date slips from 2025-11-20
# (the first ingest) to 2025-11-25 (the README's).
TEAM = """# Team plan

**Owner**: Alice

## Phase 3: Launch

- [ ] Write the launch post 📅 2025-11-25
- [ ] Book the venue -> 2025-W48
- [ ] Check the DNS @dana 📅 2025-11-22
"""

FILES = {
    "docs/tracker.md": """# Payments Tracker

**Status**: In Progress

The team's tracker.
## Phase 1: Foundation ✅

- [x] Schema ✅ 2025-11-03
- [x] API skeleton
- [ ] Load test ← CURRENT STEP

## Phase 2: Build

- [ ] Redis cache for sessions
- [x] Exporter ✅ 2025-11-18
""",
    "docs/plan.md": """# Plan

## Phase 2

- [ ] Write the importer
- [x] Design the schema
""",
    "docs/payments/plan.md": """# Payments plan

## Phase 1: Foundation ✅

- [x] Ledger schema
- [x] Card tokens

## Phase 2: Rollout

### Step 2.1: Canary

- [x] Canary in one region
- [ ] Canary everywhere

## Phase 4 ⏸️ NOT STARTED

## Open questions

- [ ] Who owns refunds?
""",
    "docs/team.md": TEAM.replace("📅 2025-11-25", "📅 2025-11-20"),
    "README.md": "# Payments\n\n<!-- progdb:begin -->\n<!-- progdb:end -->\n",
    "docs/ops.md": "# Ops\n\n- [DONE] Rotate keys\n- [DONE] Renew certificates\n",
    "docs/plans/q4.md": """# Q4

## Phase 2: Scale

- [ ] Shard the ledger
- [ ] Move to redis streams
""",
    "docs/teams/payments/roadmap.md": """# Payments roadmap

## Milestone 2.1: Refunds

- [x] Refund API
- [ ] Refund UI
""",
    "docs/risks.md": """# Risks

| ID | Risk | Probability | Impact | Mitigation | Owner | Status |
|----|------|-------------|--------|------------|-------|--------|
| R1 | Card processor outage | High | High | Second processor | Ana | Open |
| R2 | Redis memory | Low | Medium | Eviction policy | Bo | Open |
""",
    "docs/debt.md": """# Tech debt

| Item | Description | Impact | Priority | Planned Resolution | Status |
|------|-------------|--------|----------|--------------------|--------|
| TD-001 | Retry logic copied twice | Bugs | High | Q1 | Open |
""",
    "docs/burndown.md": """# Burndown

## Milestone 2.1: Refunds

| Date | Remaining Items | Completed Today | Blockers |
|------|-----------------|-----------------|----------|
| 2025-11-17 | 5 | 1 | None |
| 2025-11-18 | 4 | 1 | None |
""",
    "docs/archive/old.md": "# Old\n\n- [x] Done long ago\n",
    "notes/meeting.md": "# Meeting\n\n- [ ] Follow up on redis\n",
    "seeds/seed.txt": "# Seed\n\n- [ ] A seed item\n",
}


def error(msg):
    errors.append(msg)
    print("readme: " + msg)


def blocks(text):
    """The fenced blocks of text: (first line number, [lines])."""
    out, cur, start = [], None, 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("```"):
            if cur is None:
                cur, start = [], n + 1
            else:
                out.append((start, cur))
                cur = None
        elif cur is not None:
            cur.append(line)
    return out


def move_paths(cmd):
    for old, new in MOVED:
        cmd = cmd.replace(old, new)
    return cmd


def shape(line):
    """A regex for an output line the README shows: numbers and commit ids
    stand for any."""
    parts = re.split(r"([0-9a-f]{12}|[0-9][0-9,]*(?:\.[0-9]+)?)", line)
    rx = ""
    for i, p in enumerate(parts):
        if i % 2 == 0:
            rx += re.escape(p)
        elif re.fullmatch(r"[0-9a-f]{12}", p) and not p.isdigit():
            rx += "[0-9a-f]{12}"
        else:
            rx += r"[0-9][0-9,]*(?:\.[0-9]+)?"
    return re.compile(rx)


def git(tree, *args, date="2025-06-15T10:00:00Z"):
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null",
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Ana",
               GIT_AUTHOR_EMAIL="ana@example.org", GIT_COMMITTER_NAME="Ana",
               GIT_COMMITTER_EMAIL="ana@example.org", GIT_AUTHOR_DATE=date,
               GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", os.path.join(tree, "repo")] + list(args),
                   env=env, check=True, stdout=subprocess.DEVNULL)


def make_tree(tree):
    for path, text in FILES.items():
        full = os.path.join(tree, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(tree, "www"))
    shutil.copytree(os.path.join(tree, "docs"),
                    os.path.join(tree, "repo", "docs"))
    git(tree, "init", "-q", "-b", "main")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "Tracker")
    tick = os.path.join(tree, "repo", "docs", "plan.md")
    with open(tick, encoding="utf-8") as f:
        text = f.read()
    with open(tick, "w", encoding="utf-8") as f:
        f.write(text.replace("- [ ] Write the importer",
                             "- [x] Write the importer"))
    git(tree, "commit", "-q", "-a", "-m", "Importer", date="2025-09-03T10:00:00Z")


def expected_status(cmd):
    """0; `check` 1 too; a command the README marks `# exit N`, N."""
    m = re.search(r"#\s*exit (\d+)\s*$", cmd)
    if m:
        return (int(m.group(1)),)
    return (0, 1) if re.search(r"progdb( -q)? check\b", cmd) else (0,)


def run_block(tree, env, start, lines):
    """Runs the $ lines of one block in one bash; checks each."""
    cmds = []           # (README line, command, [lines shown after it])
    for i, line in enumerate(lines):
        if line.startswith("$ "):
            cmds.append((start + i, move_paths(line[2:]), []))
        elif line.strip() and cmds:
            cmds[-1][2].append(line)
        elif line.strip():
            error("line %d: output with no command before it" % (start + i))
    script = ""
    for n, cmd, _ in cmds:
        script += "echo '@@begin %d' >&2\n%s\necho \"@@end %d $?\" >&2\n" % (
            n, cmd, n)
    r = subprocess.run(["bash", "-c", "exec 2>&1\n" + script], cwd=tree,
                       env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=300)
    out = r.stdout.decode("utf-8", "replace")
    for n, cmd, shown in cmds:
        m = re.search(r"@@begin %d\n(.*?)@@end %d (\d+)\n" % (n, n), out,
                      re.S)
        if m is None:
            error("line %d: %s: did not finish" % (n, cmd))
            continue
        text, rc = m.group(1), int(m.group(2))
        if rc not in expected_status(cmd):
            error("line %d: %s: exit %d\n%s" % (n, cmd, rc, text))
        for want in shown:
            rx = shape(want)
            if not any(rx.fullmatch(got) for got in text.split("\n")):
                error("line %d: %s: no output line like %r\n%s"
                      % (n, cmd, want, text))
        if re.match(r"(echo .*\| )?progdb sql", cmd.split("#")[0].strip()):
            rows = [l for l in text.split("\n") if l.strip()]
            if len(rows) < 3 and not re.search(r"\{", text):
                error("line %d: %s: no rows\n%s" % (n, cmd, text))


def run_cron(tree, env, start, lines):
    """The crontab block: each entry's command, as cron runs it."""
    env = dict(env)
    script = "mail() { cat >>mailed.txt; }\n"
    for i, line in enumerate(lines):
        m = re.match(r"([A-Z_]+)=(\S+)$", line)
        if m:
            env[m.group(1)] = move_paths(m.group(2))
            continue
        m = re.match(r"(?:\S+\s+){5}(.*)$", line)
        if not m:
            error("line %d: not a crontab entry: %r" % (start + i, line))
            continue
        script += "( %s ) || echo \"@@failed %d\"\n" % (
            move_paths(m.group(1)), start + i)
    r = subprocess.run(["bash", "-c", script], cwd=tree, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=300)
    out = r.stdout.decode("utf-8", "replace")
    for m in re.finditer(r"@@failed (\d+)", out):
        error("line %s: the cron entry failed\n%s" % (m.group(1), out))
    mailed = os.path.join(tree, "mailed.txt")
    if not os.path.exists(mailed) or os.path.getsize(mailed) == 0:
        error("line %d: the cron job mailed nothing" % start)
    if not os.path.exists(os.path.join(tree, "www", "index.html")):
        error("line %d: the cron job wrote no report" % start)


def run_config(tree, env, start, lines):
    """A .progdb example: an ingest with it as --config must accept it."""
    path = os.path.join(tree, "example.progdb")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    r = subprocess.run(["progdb", "--db", "config.db", "-q", "ingest",
                        "--config", path, "docs"], cwd=tree, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        error("line %d: the configuration is refused (exit %d)\n%s" % (
            start, r.returncode, r.stdout.decode("utf-8", "replace")))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: readme_examples.py PROGDB SOURCE_ROOT")
    progdb = os.path.abspath(sys.argv[1])
    with open(os.path.join(sys.argv[2], "README.md"), encoding="utf-8") as f:
        readme = f.read()
    if shutil.which("git") is None:
        print("readme: git is not installed")
        return 77
    work = tempfile.mkdtemp(prefix="readme-")
    try:
        bindir = os.path.join(work, "bin")
        os.makedirs(bindir)
        os.symlink(progdb, os.path.join(bindir, "progdb"))
        tree = os.path.join(work, "tree")
        make_tree(tree)
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
                   TZ="UTC", LC_ALL="C.UTF-8", NO_COLOR="1")
        env.pop("PROGDB_DB", None)
        # The state the examples describe: a week of history.
        subprocess.run([progdb, "-q", "ingest", "--as-of",
                        "2025-11-10T09:00:00Z", "docs"], cwd=tree, env=env,
                       check=True)
        with open(os.path.join(tree, "docs", "team.md"), "w",
                  encoding="utf-8") as f:
            f.write(TEAM)
        ran = 0
        for start, lines in blocks(readme):
            first = next((l for l in lines if l.strip()), "")
            if first.split(" ")[0] in NOT_RUN or first.startswith("ninja") \
                    or first.startswith("meson"):
                continue
            # push and --server need a PostgreSQL server: tests/pg/push.py
            # runs them against one it starts.
            if any("postgresql://" in l for l in lines):
                continue
            if any(l.startswith("$ ") for l in lines):
                run_block(tree, env, start, lines)
            elif first.startswith("PROGDB_DB="):
                run_cron(tree, env, start, lines)
            elif first.startswith("- run: "):
                # a CI workflow step: its command
                run_block(tree, env, start, ["$ " + first[7:]])
            elif first.startswith("# ") and first.endswith(".progdb"):
                run_config(tree, env, start, lines)
            else:
                error("line %d: a block this test does not know how to run "
                      "(add it here)" % start)
                continue
            ran += 1
        print("readme: %d blocks of examples run, %d problem(s)"
              % (ran, len(errors)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
