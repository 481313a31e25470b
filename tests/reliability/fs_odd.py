#!/usr/bin/env python3
# tests/reliability/fs_odd.py PROGDB
#
# File-system oddities under an ingest root: symbolic link loops, dangling
# links, links leading outside the root (not followed: nothing outside is
# read), FIFOs and device files (no hang), unreadable files and
# directories (as nobody, since root reads everything), odd names, paths
# longer than PATH_MAX, and one directory with many files (10,000; 100,000
# with PROGDB_SLOW=1).
import os
import sqlite3
import subprocess

import rel

OK_DOC = "# Ordinary\n\n- [x] one\n- [ ] two\n- [ ] three\n"
SECRET = "# Secret\n\n- [ ] outside the root\n"


def paths(db):
    return sorted(p for (p,) in rel.query(
        db, "SELECT rel_path FROM document WHERE removed_run IS NULL"))


def can_be_nobody():
    try:
        return subprocess.run(["setpriv", "--reuid=nobody",
                               "--regid=nogroup", "--clear-groups", "true"]
                              ).returncode == 0
    except OSError:
        return False


def odd_databases(progdb, s, work):
    """Database paths that are not regular files are refused before SQLite
    opens them (no -journal appears beside them); a database whose
    user_version says N but that lacks N's tables is refused by name and
    left as it was (not switched to WAL)."""
    d = os.path.join(work, "odd-db")
    rel.write(os.path.join(d, "docs", "ok.md"), OK_DOC)
    os.mkfifo(os.path.join(d, "fifo.db"))
    odd = ["fifo.db", "."]
    try:
        os.mknod(os.path.join(d, "null.db"), 0o666 | 0o020000,
                 os.makedev(1, 3))
        odd.append("null.db")
    except OSError:
        print("cannot make a device node: /dev/null case skipped")
    for name in odd:
        for cmd in (["ingest", "docs"], ["status"]):
            env = dict(rel.ENV, PROGDB_DB=name)
            r = rel.run([progdb] + cmd, cwd=d, env=env, timeout=20)
            s.check(r.rc == 5 and b"not a regular file" in r.err,
                    "database %s: %s refused" % (name, cmd[0]), repr(r))
    left = sorted(f for f in os.listdir(d) if f not in
                  ("docs", "fifo.db", "null.db"))
    s.check(left == [], "nothing made beside odd database paths",
            repr(left))
    for version in (3, 7):
        db = os.path.join(d, "v%d.db" % version)
        c = sqlite3.connect(db)
        c.execute("PRAGMA user_version = %d" % version)
        c.close()
        before = rel.file_hash(db)
        r = rel.run([progdb, "--db", db, "ingest", "docs"], cwd=d)
        s.check(r.rc == 5 and db.encode() in r.err and
                b"schema version %d" % version in r.err and
                b"no table" in r.err,
                "user_version %d without tables: refused by name" % version,
                repr(r))
        mode = rel.query(db, "PRAGMA journal_mode")[0][0]
        s.check(rel.file_hash(db) == before and mode == "delete" and
                not os.path.exists(db + "-wal"),
                "user_version %d without tables: left unchanged" % version,
                "journal_mode %s" % mode)


def main():
    progdb = rel.progdb_path()
    s = rel.Suite("fs_odd")
    work = rel.scratch("fs")
    docs = os.path.join(work, "docs")
    rel.write(os.path.join(docs, "ok.md"), OK_DOC)
    rel.write(os.path.join(work, "outside", "secret.md"), SECRET)
    os.makedirs(os.path.join(docs, "loop"))
    os.symlink("..", os.path.join(docs, "loop", "up"))
    os.symlink(".", os.path.join(docs, "loop", "self"))
    os.symlink("a.md", os.path.join(docs, "b.md"))
    os.symlink("b.md", os.path.join(docs, "a.md"))
    os.symlink("nowhere.md", os.path.join(docs, "dangling.md"))
    os.symlink("../outside/secret.md", os.path.join(docs, "escape.md"))
    os.symlink(os.path.join(work, "outside"), os.path.join(docs, "escdir"))
    os.symlink("/etc/passwd", os.path.join(docs, "passwd.md"))
    os.symlink("ok.md", os.path.join(docs, "inside-link.md"))
    os.mkfifo(os.path.join(docs, "fifo.md"))
    try:
        os.mknod(os.path.join(docs, "zero.md"), 0o644 | 0o020000,
                 os.makedev(1, 5))
    except OSError:
        os.symlink("/dev/zero", os.path.join(docs, "zero.md"))
    os.symlink("/dev/stdin", os.path.join(docs, "stdin.md"))
    for name in ["sp ace.md", "-leading-dash.md", "--db.md", "new\nline.md",
                 "esc\x1b[2J.md", "tab\t.md"]:
        rel.write(os.path.join(docs, "names", name), OK_DOC)
    rel.write(os.path.join(docs.encode(), b"names", b"bad\xff\xfe.md"),
              OK_DOC)
    # A path longer than PATH_MAX (4096), 40 directories deep: deeper than
    # the walk keeps descriptors open for (32), with a sibling directory
    # after the deep chain at level 36, reached by opening its parent again.
    fd = os.open(docs, os.O_RDONLY | os.O_DIRECTORY)
    for i in range(40):
        name = ("d%02d" % i) + "x" * 100
        os.mkdir(name, dir_fd=fd)
        if i == 36:
            os.mkdir("zz-sibling", dir_fd=fd)
            f = os.open("zz-sibling/sib.md", os.O_WRONLY | os.O_CREAT, 0o644,
                        dir_fd=fd)
            os.write(f, OK_DOC.encode())
            os.close(f)
        sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = sub
    f = os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(f, OK_DOC.encode())
    os.close(f)
    os.close(fd)
    db = os.path.join(work, "t.db")
    r = rel.run([progdb, "--db", db, "ingest", "--strict", "docs"], cwd=work, timeout=60)
    s.check(r.rc == 3 and r.cpu < 10, "ingest: exit 3, no hang (%.2f s "
            "CPU)" % r.cpu, repr(r))
    got = paths(db)
    print("stored: %r" % [x[:60] for x in got])
    s.check(not any("outside" in x or "secret" in x for x in got) and
            rel.query(db, "SELECT count(*) FROM item WHERE text = "
                      "'outside the root'")[0][0] == 0,
            "nothing outside the root is read")
    s.check("passwd.md" not in got, "a link to /etc/passwd is not followed")
    for special in ("fifo.md", "zero.md", "stdin.md", "dangling.md", "a.md",
                    "b.md"):
        s.check(special not in got, "%s is skipped" % special)
    # A link to a file of the tree is that file: one document, ok.md.
    s.check("inside-link.md" not in got, "a link to ok.md is ok.md")
    for name in ("ok.md", "names/sp ace.md",
                 "names/-leading-dash.md", "names/--db.md",
                 "names/new\nline.md", "names/esc\x1b[2J.md",
                 "names/tab\t.md"):
        s.check(name in got, "%r is stored" % name)
    s.check(any(x.endswith("/deep.md") and len(x) > 4096 for x in got),
            "a path longer than PATH_MAX is stored")
    s.check(any(x.endswith("/zz-sibling/sib.md") and x.count("/") == 37
                for x in got),
            "a directory after a deep chain, 37 levels down, is walked")
    for word in (b"loop", b"dangling", b"escape.md", b"fifo.md"):
        s.check(word in r.err, "a warning mentions %s" % word.decode(),
                repr(r))

    # Unreadable files and directories: root reads everything, so as nobody.
    if can_be_nobody():
        d = os.path.join(work, "perm")
        rel.write(os.path.join(d, "docs", "ok.md"), OK_DOC, 0o644)
        rel.write(os.path.join(d, "docs", "secret.md"), SECRET, 0o600)
        rel.write(os.path.join(d, "docs", "closed", "in.md"), SECRET, 0o644)
        os.chmod(os.path.join(d, "docs", "closed"), 0o700)
        os.chmod(os.path.join(d, "docs"), 0o755)
        os.chmod(d, 0o777)
        pdb = os.path.join(d, "t.db")
        r = rel.run([progdb, "--db", pdb, "ingest", "--strict", "docs"], cwd=d,
                    user="nobody")
        s.check(r.rc == 3 and b"secret.md" in r.err and b"closed" in r.err,
                "unreadable file and directory: warnings, exit 3", repr(r))
        if r.rc == 3:
            s.check(rel.items_of(pdb, "ok.md") == 3, "unreadable: the "
                    "readable file is stored")
            # The directory could not be walked in full: nothing under it
            # is marked removed on the next run either.
            r = rel.run([progdb, "--db", pdb, "ingest", "--strict", "docs"], cwd=d,
                        user="nobody")
            s.check(r.rc == 3, "unreadable: the next run too", repr(r))
    else:
        print("cannot run as nobody: unreadable-file cases skipped")

    odd_databases(progdb, s, work)

    # Many files in one directory.
    n = 100000 if rel.SLOW else 10000
    d = os.path.join(work, "many", "docs")
    os.makedirs(d)
    body = OK_DOC.encode()
    for i in range(n):
        with open(os.path.join(d, "f%06d.md" % i), "wb") as fh:
            fh.write(body)
    mdb = os.path.join(work, "many", "t.db")
    r = rel.run([progdb, "--db", mdb, "-q", "ingest", "docs"],
                cwd=os.path.join(work, "many"), timeout=1200)
    s.check(r.rc == 0, "%d files in one directory" % n, repr(r))
    s.figure("%d files in one directory: %.1f s" % (n, r.secs))
    r = rel.run([progdb, "--db", mdb, "-q", "ingest", "docs"],
                cwd=os.path.join(work, "many"), timeout=1200)
    s.check(r.rc == 0, "again, unchanged", repr(r))
    s.figure("%d files unchanged, again: %.1f s" % (n, r.secs))
    s.exit()


if __name__ == "__main__":
    main()
