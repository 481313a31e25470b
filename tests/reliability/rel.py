# tests/reliability/rel.py - what the reliability tests share: running
# progdb, scratch directories, reading a database without changing it,
# a fingerprint of a database's state, and reporting.
#
# Every test is a script `NAME.py PROGDB` that prints one line per check
# ("ok ..." or "FAIL ..."), then its figures, and exits 0, 1 (a check
# failed) or 77 (skipped, with the reason printed).  PROGDB_SLOW=1 (the
# meson test setup 'slow') selects the long variants the issue asks for.
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

SLOW = os.environ.get("PROGDB_SLOW") == "1"
SKIP = 77

# The environment progdb runs in: pinned, and no database from outside.
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", NO_COLOR="1")
ENV.pop("PROGDB_DB", None)


class Suite:
    """Counts checks; prints each one; exit() ends the script."""

    def __init__(self, name):
        self.name = name
        self.failed = 0
        self.passed = 0
        self.figures = []

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print("ok   %s" % what)
        else:
            self.failed += 1
            print("FAIL %s%s" % (what, (": " + detail) if detail else ""))
        sys.stdout.flush()
        return cond

    def figure(self, text):
        self.figures.append(text)
        print("figure: %s" % text)
        sys.stdout.flush()

    def exit(self):
        print("%s: %d checks passed, %d failed" %
              (self.name, self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


def skip(reason):
    print("skipped: %s" % reason)
    sys.exit(SKIP)


def progdb_path():
    if len(sys.argv) < 2:
        sys.exit("usage: %s PROGDB [args]" % sys.argv[0])
    return os.path.abspath(sys.argv[1])


class Result:
    """A finished child: rc, out, err (bytes), secs (wall clock, for
    figures only: a busy machine stretches it) and cpu (its own user +
    system seconds from wait4(2), which is what assertions use)."""

    def __init__(self, rc, out, err, secs, cpu):
        self.rc = rc
        self.out = out
        self.err = err
        self.secs = secs
        self.cpu = cpu

    def __repr__(self):
        return "exit %s in %.2f s (%.2f s CPU), stderr %r" % (
            self.rc, self.secs, self.cpu, self.err[-600:])


def _drain(f, sink):
    sink.append(f.read())
    f.close()


def run(cmd, cwd=None, timeout=300, env=None, stdin=None, user=None,
        preexec=None):
    """Runs cmd (a list); returns a Result with bytes out/err.  rc is
    'timeout' when it had to be killed after timeout seconds of wall
    clock (a guard against hangs, not a speed check).  user='nobody'
    runs it through setpriv as that user.  The child is reaped with
    wait4(2), so cpu is its own, even with other children running."""
    if user is not None:
        cmd = ["setpriv", "--reuid=" + user, "--regid=nogroup",
               "--clear-groups", "--"] + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, env=env or ENV,
                         stdin=subprocess.PIPE if stdin is not None
                         else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=preexec)
    out, err = [], []
    threads = [threading.Thread(target=_drain, args=(p.stdout, out)),
               threading.Thread(target=_drain, args=(p.stderr, err))]
    if stdin is not None:
        def feed():
            try:
                p.stdin.write(stdin)
                p.stdin.close()
            except OSError:
                pass
        threads.append(threading.Thread(target=feed))
    for th in threads:
        th.daemon = True
        th.start()
    rc = None
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - t0 > timeout:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            rc = "timeout"
            break
        time.sleep(0.002)
    p.returncode = os.waitstatus_to_exitcode(status)
    for th in threads:
        th.join(30)
    secs = time.monotonic() - t0
    if rc is None:
        rc = p.returncode
    return Result(rc, b"".join(out), b"".join(err), secs,
                  ru.ru_utime + ru.ru_stime)


def scratch(prefix):
    """A scratch directory removed at exit (made world-readable, so that
    tests running as nobody can use what they are meant to)."""
    d = tempfile.mkdtemp(prefix="progdb-" + prefix + "-")
    os.chmod(d, 0o755)
    import atexit
    atexit.register(shutil.rmtree, d, True)
    return d


def write(path, data, mode=None):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data.encode() if isinstance(data, str) else data)
    if mode is not None:
        os.chmod(path, mode)


def file_hash(path):
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except FileNotFoundError:
        return None


def ro_connect(path):
    """A connection that cannot write the database file; text that is not
    UTF-8 (file names may not be) comes back with surrogate escapes."""
    c = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)
    c.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
    return c


def query(path, sql, args=()):
    c = ro_connect(path)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


# Columns whose value depends on the clock, not on what was ingested.
CLOCK_COLUMNS = {"started_at", "finished_at", "observed_at", "duration_ms"}


def fingerprint(path):
    """A hash of everything the database holds, clock columns left out;
    plus integrity_check's answer."""
    c = ro_connect(path)
    try:
        ok = c.execute("PRAGMA integrity_check").fetchall()
        h = hashlib.sha256()
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for t in tables:
            cols = [r[1] for r in c.execute("PRAGMA table_info(%s)" % t)]
            keep = [x for x in cols if x not in CLOCK_COLUMNS]
            h.update(("%s(%s)\n" % (t, ",".join(keep))).encode())
            rows = c.execute("SELECT %s FROM %s" %
                             (",".join('"%s"' % k for k in keep), t))
            for row in sorted(rows, key=repr):
                h.update(repr(row).encode())
        version = c.execute("PRAGMA user_version").fetchone()[0]
        h.update(str(version).encode())
        return ok == [("ok",)], h.hexdigest()
    finally:
        c.close()


def copy_db(src, dst):
    """Copies a database with its -wal and -shm files."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.unlink(dst + suffix)
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)


def doc(i, items=8, done_every=3):
    """A small realistic progress document."""
    lines = ["# Tracker %d" % i, "", "**Status**: In Progress", "",
             "## Phase 1: Build", ""]
    for k in range(items):
        mark = "x" if k % done_every == 0 else " "
        lines.append("- [%s] Task %d.%d: do the thing %d" % (mark, i, k, k))
    lines += ["", "## Phase 2: Ship", "", "- [ ] Release %d" % i, ""]
    return "\n".join(lines)


def make_tree(root, n, items=8, start=0):
    for i in range(start, start + n):
        write(os.path.join(root, "team%d" % (i % 7), "doc%04d.md" % i),
              doc(i, items))


def items_of(db, path_like):
    rows = query(db, "SELECT count(*) FROM item JOIN document d "
                 "ON d.id = item.document_id WHERE d.rel_path LIKE ?",
                 (path_like,))
    return rows[0][0]
