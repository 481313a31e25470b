#!/usr/bin/env python3
"""push.py PROGDB SHARED - `progdb push` and --server against a real
PostgreSQL server that the test starts itself (tests/pg/pgserver.py).

Pushes the databases of the three real repositories of
SHARED/corpus/repos (cloned from their bundles, ingested with --git) and
of a generated tree, and checks that:
  - the canned answers read from the server equal the local ones, one
    repository at a time and all together, and the server's views count
    what the local views count;
  - a second push changes no row; a push after a new ingest brings the
    server up to it;
  - four pushes at once (into an empty server, so they also race to create
    the schema) lose nothing;
  - a push killed with -9 before it commits leaves the server as it was;
  - a newer progdb migrates a server an older one created, and refuses a
    server newer than itself;
  - a bad URL, a refused connection and a wrong password exit 5 with a
    clear message that never shows the password; ~/.pgpass (PGPASSFILE)
    supplies one.
Skips (77) when PostgreSQL is not installed or progdb was built without
libpq.  Standard library only.
"""
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgserver  # noqa: E402

PROGDB = os.path.abspath(sys.argv[1])
SHARED = os.path.abspath(sys.argv[2])
TABLES = ["ingest_run", "document", "section", "doc_table", "table_row",
          "metadata", "diagnostic", "risk", "tech_debt", "burndown",
          "log_entry", "claim", "event", "item", "item_link"]
VIEWS = ["v_document", "v_open_items", "v_completions", "v_open_risks",
         "v_item_life", "v_item_change", "v_milestone_progress",
         "table_cell", "v_dependency", "v_dependency_cycle", "v_spec_link",
         "v_item_flow"]
WINDOW = ["--since", "2024-01-01", "--until", "2026-06-01"]
QUERIES = [["weekly"] + WINDOW, ["weekly", "--format", "json"] + WINDOW,
           ["status"], ["milestones"], ["items"], ["risks"], ["debt"],
           ["report", "--as-of", "2026-06-01"] + WINDOW[:2],
           ["sql", "SELECT state, count(*) FROM item GROUP BY state"],
           ["next"], ["due"], ["flow", "--format", "json", "--since", "2024-01-01"],
           ["sql", "SELECT ref, dep_id FROM v_dependency ORDER BY 1, 2"],
           # Looking back reads item_span, derived again in --server's copy.
           ["milestones", "--as-of", "2025-09-15"],
           ["items", "--open", "--as-of", "2025-09-15"]]
# Answers with charts, bars or a whole report stay one per repository.
PER_REPO = ("milestones", "report", "burndown")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def progdb(*args, env=None, cwd=None):
    return subprocess.run([PROGDB] + list(args), capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=600)


def sqlite_count(db, sql):
    r = progdb("--db", db, "sql", "--format", "csv", sql)
    return r.stdout.splitlines()[1]


def ingest_git(bundle, tmp):
    name = os.path.basename(bundle)[:-len(".bundle")]
    src = os.path.join(tmp, "src", name)
    subprocess.run(["git", "clone", "-q", bundle, src], check=True,
                   capture_output=True)
    db = os.path.join(tmp, name + ".db")
    r = progdb("--db", db, "-q", "ingest", "--git", ".", cwd=src)
    check(r.returncode in (0, 3), "ingest --git %s: %s" % (name, r.stderr))
    # The statistics ingest --git leaves make weekly over a long window take
    # minutes on ClaudeDirector; fresh ones make it take a second.
    progdb("--db", db, "sql", "--write", "ANALYZE")
    return name, db


def write_tree(root, step):
    """A generated tree of checklists; each step completes and adds some."""
    os.makedirs(root, exist_ok=True)
    for d in range(6):
        lines = ["# Plan %d\n" % d, "**Status**: In Progress\n"]
        for m in range(3):
            lines.append("\n## Milestone %d.%d\n\n" % (d, m))
            for i in range(8):
                done = (i + d + m) % 4 < step + 1
                lines.append("- [%s] Task %d.%d.%d\n" % ("x" if done else " ",
                                                         d, m, i))
            if step > 0:
                lines.append("- [ ] New task %d.%d in step %d\n" % (d, m, step))
        lines.append("\n## Risks\n\n| ID | Risk | Impact | Status |\n"
                     "|----|------|--------|--------|\n"
                     "| R-%d | Risk %d | High | %s |\n"
                     % (d, d, "Open" if step == 0 else "Resolved"))
        with open(os.path.join(root, "plan%d.md" % d), "w") as f:
            f.writelines(lines)


def ingest_tree(root, db, step, at):
    write_tree(root, step)
    r = progdb("--db", db, "-q", "ingest", "--as-of", at, root)
    check(r.returncode in (0, 3), "ingest generated tree: %s" % r.stderr)


def push(url, db, repo, env=None):
    return progdb("--db", db, "push", "--repo", repo, url, env=env)


def table_counts(srv, dbname, repo):
    return [srv.psql("SELECT count(*) FROM %s WHERE repo = '%s'"
                     % (t, repo), dbname)[0][0] for t in TABLES]


def local_counts(db):
    return [sqlite_count(db, "SELECT count(*) FROM %s" % t) for t in TABLES]


def max_xmin(srv, dbname):
    """The newest transaction that wrote any row still there."""
    sql = " UNION ALL ".join("SELECT max(xmin::text::bigint) FROM %s" % t
                             for t in TABLES + ["progdb_repo"])
    return max(int(r[0] or 0) for r in srv.psql(sql, dbname))


ROWS = {"item": "id, document_id, state, text, line",
        "section": "id, document_id, title, subtree_done",
        "event": "id, run_id, entity_id, kind",
        "document": "id, changed_run, items_done",
        "risk": "id, document_id, state", "table_row": "table_id, row, cells"}


def check_rows(srv, repo, db):
    """The server holds the same rows as the database, not just as many."""
    for t, cols in ROWS.items():
        r = progdb("--db", db, "sql", "--format", "csv",
                   "SELECT %s FROM %s ORDER BY 1, 2" % (cols, t))
        local = list(csv.reader(io.StringIO(r.stdout)))[1:]
        got = srv.psql("SELECT %s FROM %s WHERE repo = '%s' ORDER BY 1, 2"
                       % (cols, t, repo), "progress")
        check(local == got, "%s of %s: the server's rows differ" % (t, repo))


def check_answers(url, repos, union_too=True):
    """Each canned query: per repository, then across all of them."""
    for q in QUERIES:
        union = []
        for name, db in sorted(repos):
            local = progdb("--db", db, *q)
            remote = progdb(*q, "--server", url, "--repo", name)
            check(remote.returncode == local.returncode and
                  remote.stdout == local.stdout,
                  "%s --server --repo %s differs from the local answer (%d/%d)"
                  " %s" % (" ".join(q), name, remote.returncode,
                           local.returncode, remote.stderr))
            union.append("==> %s <==\n%s" % (name, local.stdout))
        if not union_too:
            continue
        if q[0] in PER_REPO:
            remote = progdb(*q, "--server", url)
            check(remote.stdout == "\n".join(union),
                  "%s --server: not the union of the local answers"
                  % " ".join(q))
        elif "json" in q:
            check_gathered_json(url, q, repos)
        elif q[0] != "weekly":
            check_gathered_csv(url, q, repos)


def check_gathered_csv(url, q, repos):
    """One table: a repo column, then each repository's rows in turn."""
    want = []
    for name, db in sorted(repos):
        rows = list(csv.reader(io.StringIO(
            progdb("--db", db, *q, "--format", "csv").stdout)))
        want = want or [["repo"] + rows[0]]
        want += [[name] + r for r in rows[1:]]
    got = list(csv.reader(io.StringIO(
        progdb(*q, "--format", "csv", "--server", url).stdout)))
    check(got == want, "%s --server: not one table of the local answers "
          "with a repo column" % " ".join(q))


def check_gathered_json(url, q, repos):
    """A multi-part answer: each part holds every repository's rows, the
    repo after the headline."""
    want = {}
    for name, db in sorted(repos):
        local = json.loads(progdb("--db", db, *q).stdout)
        for key, value in local.items():
            if not isinstance(value, list):
                want.setdefault(key, value)
                continue
            rows = want.setdefault(key, [])
            for r in value:
                k = list(r.items())
                rows.append(dict(k[:1] + [("repo", name)] + k[1:]))
    got = json.loads(progdb(*q, "--server", url).stdout)
    check(got == want, "%s --server: not the local answers gathered"
          % " ".join(q))


def check_views(srv, dbname, repos):
    db = repos[0][1]
    for v in progdb("--db", db, "sql", "--format", "csv", "SELECT name FROM "
                    "sqlite_master WHERE type = 'view' ORDER BY 1"
                    ).stdout.split()[1:]:
        local = progdb("--db", db, "sql", "--format", "csv", "SELECT name "
                       "FROM pragma_table_info('%s')" % v).stdout.split()[1:]
        got = [r[0] for r in srv.psql(
            "SELECT column_name FROM information_schema.columns WHERE "
            "table_name = '%s' ORDER BY ordinal_position" % v, dbname)]
        check(got == ["repo"] + local, "view %s: the server's columns %s, "
              "local %s" % (v, got, local))
    for name, db in repos:
        for v in VIEWS:
            want = sqlite_count(db, "SELECT count(*) FROM %s" % v)
            got = srv.psql("SELECT count(*) FROM %s WHERE repo = '%s'"
                           % (v, name), dbname)[0][0]
            check(want == got, "%s of %s: %s rows on the server, %s local"
                  % (v, name, got, want))


def test_real(srv, tmp, gen_db):
    srv.psql("CREATE DATABASE progress")
    url = srv.url("progress")
    bundles = sorted(os.path.join(SHARED, "corpus", "repos", b)
                     for b in os.listdir(os.path.join(SHARED, "corpus", "repos"))
                     if b.endswith(".bundle"))
    repos = [ingest_git(b, tmp) for b in bundles] + [("generated", gen_db)]
    for name, db in repos:
        r = push(url, db, name)
        check(r.returncode == 0, "push %s: %d %s" % (name, r.returncode,
                                                     r.stderr))
        check(table_counts(srv, "progress", name) == local_counts(db),
              "push %s: the server's row counts differ" % name)
    check_answers(url, repos)
    check_views(srv, "progress", repos)

    before = max_xmin(srv, "progress")
    for name, db in repos:
        r = push(url, db, name)
        check(r.returncode == 0 and "up to date" in r.stdout,
              "second push of %s: %d %s" % (name, r.returncode, r.stdout))
    check(max_xmin(srv, "progress") == before, "a second push wrote rows")
    return url, repos


def test_incremental_and_kill(srv, url, tmp, gen_db):
    tree = os.path.join(tmp, "tree")
    ingest_tree(tree, gen_db, 2, "2026-03-10 09:00")
    before = table_counts(srv, "progress", "generated")
    last = srv.psql("SELECT last_run FROM progdb_repo WHERE repo = "
                    "'generated'", "progress")
    flag = os.path.join(tmp, "paused")
    env = dict(os.environ, PROGDB_PUSH_PAUSE=flag)
    p = subprocess.Popen([PROGDB, "--db", gen_db, "push", "--repo",
                          "generated", url], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(6000):
        if os.path.exists(flag) or p.poll() is not None:
            break
        time.sleep(0.01)
    check(os.path.exists(flag), "the paused push never reached its commit")
    check(table_counts(srv, "progress", "generated") == before,
          "an uncommitted push is visible")
    p.send_signal(signal.SIGKILL)
    p.wait()
    check(table_counts(srv, "progress", "generated") == before and
          srv.psql("SELECT last_run FROM progdb_repo WHERE repo = "
                   "'generated'", "progress") == last,
          "a push killed with -9 changed the server")
    r = push(url, gen_db, "generated")
    check(r.returncode == 0 and "(incremental)" in r.stdout,
          "push after the kill: %d %s %s" % (r.returncode, r.stdout, r.stderr))
    check(table_counts(srv, "progress", "generated") == local_counts(gen_db),
          "the incremental push left the server behind the local database")
    check_rows(srv, "generated", gen_db)
    # Only the changed documents' rows were sent: one plan file changes.
    write_tree(tree, 2)
    with open(os.path.join(tree, "plan3.md"), "a") as f:
        f.write("\n## Later\n\n- [ ] Task after the push\n")
    r = progdb("--db", gen_db, "-q", "ingest", "--as-of", "2026-03-11 09:00",
               tree)
    r = push(url, gen_db, "generated")
    rows = int(r.stdout.split(", ")[-1].split()[0]) if r.returncode == 0 else -1
    check("(incremental)" in r.stdout and 0 < rows < 120,
          "an incremental push of one changed file: %s" % r.stdout)
    check(table_counts(srv, "progress", "generated") == local_counts(gen_db),
          "the push of one changed file left the server behind")
    check_rows(srv, "generated", gen_db)
    check_answers(url, [("generated", gen_db)], union_too=False)


def test_concurrent(srv, tmp, repos):
    srv.psql("CREATE DATABASE conc")
    url = srv.url("conc")
    names = ["team-%d" % i for i in range(4)]
    dbs = [repos[i % len(repos)][1] for i in range(4)]
    procs = [subprocess.Popen([PROGDB, "--db", db, "push", "--repo", n, url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for n, db in zip(names, dbs)]
    for n, p in zip(names, procs):
        out, err = p.communicate(timeout=600)
        check(p.returncode == 0, "concurrent push %s: %d %s"
              % (n, p.returncode, err))
    for n, db in zip(names, dbs):
        check(table_counts(srv, "conc", n) == local_counts(db),
              "concurrent push %s lost rows" % n)


def test_migration(srv, gen_db):
    srv.psql("CREATE DATABASE old")
    url = srv.url("old")
    env = dict(os.environ, PROGDB_PG_MIGRATE_TO="1")
    r = push(url, gen_db, "generated", env=env)
    check(r.returncode == 0, "push with schema 1: %s" % r.stderr)
    check(srv.psql("SELECT version FROM progdb_schema", "old") == [["1"]] and
          srv.psql("SELECT to_regclass('v_open_items') IS NULL", "old")
          == [["t"]], "PROGDB_PG_MIGRATE_TO=1 made more than schema 1")
    r = push(url, gen_db, "generated")
    check(r.returncode == 0, "push migrating to the newest schema: %s"
          % r.stderr)
    check(srv.psql("SELECT version FROM progdb_schema", "old") == [["4"]],
          "the server was not migrated")
    got = srv.psql("SELECT count(*) FROM v_open_items", "old")[0][0]
    check(got == sqlite_count(gen_db, "SELECT count(*) FROM v_open_items"),
          "the views of a migrated server do not see the rows pushed before")
    srv.psql("UPDATE progdb_schema SET version = 99", "old")
    r = push(url, gen_db, "generated")
    check(r.returncode == 5 and "newer" in r.stderr,
          "a newer server schema: %d %s" % (r.returncode, r.stderr))


def test_errors(srv, tmp, gen_db):
    secret = "pa55-w0rd%zz"
    cases = [
        ("bad URL", "postgresql://u:%s@127.0.0.1:5432/x" % secret,
         "not a PostgreSQL URL"),
        ("bad port", "postgresql://u@127.0.0.1:notaport/x", "port"),
        ("refused", "postgresql://u:pa55@127.0.0.1:%d/x"
         % pgserver.free_port(), "Connection refused"),
        ("wrong password", srv.url("progress", "Wr0ng-Pass"),
         "password authentication failed"),
    ]
    for what, url, msg in cases:
        r = push(url, gen_db, "generated")
        check(r.returncode == 5 and msg in r.stderr,
              "%s: exit %d, %s" % (what, r.returncode, r.stderr))
        check("pa55" not in r.stderr + r.stdout and
              "Wr0ng" not in r.stderr + r.stdout,
              "%s: the password was printed" % what)
        r = progdb("status", "--server", url)
        check(r.returncode == 5 and msg in r.stderr,
              "status --server, %s: exit %d" % (what, r.returncode))
    passfile = os.path.join(tmp, "pgpass")
    with open(passfile, "w") as f:
        f.write("127.0.0.1:%d:*:postgres:%s\n" % (srv.port, pgserver.PASSWORD))
    os.chmod(passfile, 0o600)
    env = dict(os.environ, PGPASSFILE=passfile)
    env.pop("PGPASSWORD", None)
    r = push("postgresql://postgres@127.0.0.1:%d/progress" % srv.port,
             gen_db, "generated", env=env)
    check(r.returncode == 0, "push with PGPASSFILE: %s" % r.stderr)
    r = progdb("push", "--repo", "a b", "postgresql://x/y")
    check(r.returncode == 2, "a repository name with a space: %d"
          % r.returncode)


README_URL = "postgresql://progdb@db.internal/progress"


def readme_blocks():
    """The code blocks of the README's section "Many repositories"."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("\n## Many repositories\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```\n")[1::2]


def run_shell(cmd, cwd, env):
    return subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_readme(srv, tmp, bindir):
    """The README's examples and its cron and CI recipes, as written but
    for the server's URL and the checkouts' place."""
    srv.psql("CREATE DATABASE readme")
    path = os.path.join(tmp, "readme-bin")
    os.makedirs(path)
    os.symlink(PROGDB, os.path.join(path, "progdb"))
    os.symlink(os.path.join(bindir, "psql"), os.path.join(path, "psql"))
    env = dict(os.environ, PATH=path + os.pathsep + os.environ["PATH"],
               PGHOST="127.0.0.1", PGPORT=str(srv.port), PGUSER="postgres",
               PGPASSWORD=pgserver.PASSWORD, GITHUB_REPOSITORY="org/ci-repo")

    def fix(cmd):
        return cmd.replace(README_URL, srv.url("readme")).replace(
            "psql progress", "psql readme").replace(
            "/srv/repos/*", os.path.join(tmp, "repos", "*"))

    example, recipes = readme_blocks()[:2]
    work = os.path.join(tmp, "readme")
    write_tree(os.path.join(work, "docs"), 1)
    for cmd in example.splitlines():
        r = run_shell(fix(cmd), work, env)
        check(r.returncode == 0, "README: %s: %d %s" % (cmd, r.returncode,
                                                       r.stderr))
    check("payments-api" in run_shell(fix(example.splitlines()[1]), work,
                                      env).stdout,
          "README: the rollup does not show the pushed repository")
    cron = [line for line in recipes.splitlines() if line.startswith("*/")]
    ci = [line for line in recipes.splitlines() if line.startswith("- run:")]
    for name in ("team-a", "team-b"):
        write_tree(os.path.join(tmp, "repos", name, "docs"), 1)
    r = run_shell(fix(cron[0].split(None, 5)[5]), tmp, env)
    check(r.returncode == 0, "README cron recipe: %s" % r.stderr)
    ci_dir = os.path.join(tmp, "ci-repo")
    write_tree(os.path.join(ci_dir, "docs"), 1)
    for git in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c",
                "user.email=t@t", "commit", "-qm", "plans"]):
        subprocess.run(["git"] + git, cwd=ci_dir, check=True,
                       capture_output=True)
    r = run_shell(fix(ci[0][len("- run:"):]), ci_dir, env)
    check(r.returncode == 0, "README CI recipe: %s" % r.stderr)
    got = srv.psql("SELECT repo FROM progdb_repo ORDER BY repo", "readme")
    check(got == [["ci-repo"], ["payments-api"], ["team-a"], ["team-b"]],
          "README recipes pushed %s" % got)


def main():
    bindir = pgserver.find_bin()
    if bindir is None:
        print("SKIP: PostgreSQL is not installed (scripts/setup --test)")
        return 77
    r = progdb("push", "--repo", "x", "postgresql://127.0.0.1:1/x")
    if "built without" in r.stderr:
        print("SKIP: progdb was built without libpq")
        return 77
    if not os.path.isdir(os.path.join(SHARED, "corpus", "repos")):
        print("SKIP: %s/corpus/repos is missing" % SHARED)
        return 77
    tmp = tempfile.mkdtemp(prefix="progdb-pg-")
    srv = None
    try:
        srv = pgserver.Server(tmp, bindir)
        gen_db = os.path.join(tmp, "generated.db")
        ingest_tree(os.path.join(tmp, "tree"), gen_db, 0, "2026-03-01 09:00")
        ingest_tree(os.path.join(tmp, "tree"), gen_db, 1, "2026-03-05 09:00")
        url, repos = test_real(srv, tmp, gen_db)
        test_incremental_and_kill(srv, url, tmp, gen_db)
        test_concurrent(srv, tmp, repos)
        test_migration(srv, gen_db)
        test_errors(srv, tmp, gen_db)
        test_readme(srv, tmp, bindir)
    finally:
        if srv is not None:
            srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
