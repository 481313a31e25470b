#!/usr/bin/env python3
# tests/reliability/output_safety.py PROGDB
#
# Document text and file names full of terminal escape sequences, C1
# controls and bidi overrides: stored losslessly, printed escaped (text and
# Markdown output, warnings), JSON always valid and exact, CSV cells that a
# spreadsheet would run as formulas neutralized.
import csv
import io
import json
import os
import sqlite3
import stat
import threading

import rel

NASTY = [
    "\x1b]0;pwned\x07",         # set the window title
    "\x1b]52;c;cHduZWQ=\x07",   # write the clipboard
    "\x1b[2J\x1b[H",            # clear the screen, move the cursor
    "\x1b[31mred\x1b[0m",
    "\x9b31m",                  # C1 CSI
    "\x85\x8d\x90",             # other C1 controls
    "\u202eevil\u202c",         # right-to-left override
    "\u2066iso\u2069\u200f\u061c",
    "\x08\x7f\r",
]
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
            "=HYPERLINK(\"http://x\")"]
NAMES = ["esc\x1b]0;t\x07.md", "c1\xc2\x9b31m.md", "bidi\u202egnp.md",
         "-rf.md", "new\nline.md", "sp ace.md", "bad\xff\xfe.md",
         "tab\tname.md", "lit\\xff.md"]

FORBIDDEN = [chr(c) for c in range(0, 32) if c not in (9, 10)] + \
    [chr(0x7f)] + [chr(c) for c in range(0x80, 0xa0)] + \
    [chr(c) for c in (0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066,
                      0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c)]


def valid_utf8(b):
    try:
        b.decode("utf-8", "strict")
        return True
    except UnicodeDecodeError:
        return False


def path_from_text(t):
    """progdb's reading of a stored file name: \\ is a backslash, \\xHH
    (80-ff) a byte."""
    out, i = bytearray(), 0
    while i < len(t):
        if t[i:i + 2] == b"\\\\":
            out += b"\\"
            i += 2
        elif (t[i:i + 2] == b"\\x" and len(t) >= i + 4 and
              all(chr(x) in "0123456789abcdef" for x in t[i + 2:i + 4]) and
              t[i + 2:i + 3] >= b"8"):
            out.append(int(t[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(t[i])
            i += 1
    return bytes(out)


def legacy_names(progdb, s, work, db):
    """A database written before names were stored as valid UTF-8 holds
    the raw bytes: its files are still found (not duplicated), and a
    changed one is updated in place (a document keeps the name it was
    first stored under)."""
    w = sqlite3.connect(db)
    w.execute("UPDATE document SET rel_path = CAST(? AS TEXT) "
              "WHERE rel_path = 'bad\\xff\\xfe.md'", (b"bad\xff\xfe.md",))
    w.commit()
    w.close()
    r = rel.run([progdb, "--db", db, "ingest", "docs"], cwd=work)
    n = rel.query(db, "SELECT count(*) FROM document")[0][0]
    s.check(r.rc == 0 and n == len(NAMES) + 1, "legacy raw name: found, "
            "not duplicated", "%d documents, %r" % (n, r))
    path = os.path.join(work.encode(), b"docs", b"bad\xff\xfe.md")
    with open(path, "ab") as fh:
        fh.write(b"- [ ] added\n")
    r = rel.run([progdb, "--db", db, "ingest", "docs"], cwd=work)
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    c.text_factory = bytes
    rows = c.execute("SELECT rel_path, items_total FROM document "
                     "WHERE rel_path LIKE 'bad%'").fetchall()
    n = c.execute("SELECT count(*) FROM document").fetchone()[0]
    c.close()
    s.check(rows == [(b"bad\xff\xfe.md", 2)] and n == len(NAMES) + 1,
            "legacy raw name: the changed file is updated, not duplicated",
            "%r %d %r" % (rows, n, r))


def raw_controls(data):
    """The forbidden characters found in printed bytes."""
    text = data.decode("utf-8", "replace")
    return sorted({"U+%04X" % ord(c) for c in text if c in FORBIDDEN})


def report_output(progdb, s, work, db):
    """report -o writes straight to what is not a regular file (a device, a
    FIFO, standard output under any name) and replaces a regular file
    atomically, keeping its mode, owner and group; a link stays a link."""
    d = os.path.join(work, "o")
    os.makedirs(d)

    def report(out, **kw):
        return rel.run([progdb, "--db", db, "report", "--as-of",
                        "2025-11-21", "-o", out], cwd=d, **kw)
    want = rel.run([progdb, "--db", db, "report", "--as-of", "2025-11-21"],
                   cwd=d).out
    s.check(want.startswith(b"# "), "report to stdout", repr(want[:40]))
    try:
        os.mknod(os.path.join(d, "null"), 0o666 | stat.S_IFCHR,
                 os.makedev(1, 3))
        r = report("null")
        s.check(r.rc == 0 and stat.S_ISCHR(os.lstat(os.path.join(
            d, "null")).st_mode), "-o to a device node writes to it, "
            "which stays a device", repr(r))
    except PermissionError:
        print("cannot make a device node: that case skipped")
    # Only names inside the scratch directory: a progdb with the bug would
    # replace /dev/stdout itself.
    os.symlink("/proc/self/fd/1", os.path.join(d, "stdout"))
    os.symlink("/dev/fd/1", os.path.join(d, "fd1"))
    for name in ("stdout", "fd1", "-"):
        r = report(name)
        s.check(r.rc == 0 and r.out == want, "-o %s prints the report" %
                name, repr(r))
    s.check(os.path.islink(os.path.join(d, "stdout")) and
            not os.path.exists(os.path.join(d, "-")),
            "-o stdout link stays a link; no file named -")
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(
        open(fifo, "rb").read()), daemon=True)
    reader.start()
    r = report("fifo")
    reader.join(30)
    if reader.is_alive() and stat.S_ISFIFO(os.lstat(fifo).st_mode):
        os.close(os.open(fifo, os.O_WRONLY))   # let the reader go
    s.check(r.rc == 0 and got == [want] and
            stat.S_ISFIFO(os.lstat(fifo).st_mode),
            "-o to a FIFO writes into it, which stays a FIFO", repr(r))
    path = os.path.join(d, "private.md")
    rel.write(path, "old\n", 0o600)
    owner = (1, 2) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(path, *owner)
    r = report("private.md")
    st = os.stat(path)
    s.check(r.rc == 0 and stat.S_IMODE(st.st_mode) == 0o600 and
            (st.st_uid, st.st_gid) == owner and
            open(path, "rb").read() == want,
            "-o replaces a 0600 file keeping mode, owner and group",
            "%o %d:%d %r" % (st.st_mode, st.st_uid, st.st_gid, r))
    rel.write(os.path.join(d, "real", "index.md"), "old\n", 0o640)
    os.symlink("real/index.md", os.path.join(d, "link.md"))
    r = report("link.md")
    s.check(r.rc == 0 and os.path.islink(os.path.join(d, "link.md")) and
            open(os.path.join(d, "real", "index.md"), "rb").read() == want
            and stat.S_IMODE(os.stat(os.path.join(
                d, "real", "index.md")).st_mode) == 0o640,
            "-o through a link replaces its target; the link stays",
            repr(r))
    left = [f for f in os.listdir(d) + os.listdir(os.path.join(d, "real"))
            if f.startswith(".")]
    s.check(left == [], "no temporary file left", repr(left))


def main():
    progdb = rel.progdb_path()
    s = rel.Suite("output_safety")
    work = rel.scratch("out")
    docs = os.path.join(work, "docs")
    body = ["# Title %s" % NASTY[0], ""]
    for i, n in enumerate(NASTY):
        body.append("- [ ] item %d %s end" % (i, n))
    for f in FORMULAS:
        body.append("- [ ] %s" % f)
    body.append('- [ ] quotes " and \\ and \u2028 and \x00 nul')
    rel.write(os.path.join(docs, "nasty.md"), "\n".join(body) + "\n")
    for n in NAMES:
        name = n.encode("utf-8", "surrogateescape") if "\xff" not in n \
            else n.encode("latin-1")
        path = os.path.join(docs.encode(), name)
        # Not UTF-8 inside, so that a warning names the file.
        rel.write(path.decode("utf-8", "surrogateescape"),
                  b"# x\n\n- [ ] bad \xff byte\n")
    db = os.path.join(work, "t.db")
    r = rel.run([progdb, "--db", db, "ingest", "--strict", "docs"], cwd=work)
    s.check(r.rc == 3, "ingest: exit 3 (warnings)", repr(r))
    s.check(raw_controls(r.err) == [], "warnings print file names escaped",
            str(raw_controls(r.err)))
    s.check(r.err.count(b"[cp1252]") >= len(NAMES),
            "a warning for each nasty file name", repr(r))

    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    c.text_factory = bytes
    stored = sorted(p for (p,) in c.execute("SELECT rel_path FROM document"))
    on_disk = sorted(os.listdir(docs.encode()))
    invalid = [p for p in stored if not valid_utf8(p)]
    s.check(invalid == [], "file names stored as valid UTF-8", repr(invalid))
    s.check(sorted(path_from_text(p) for p in stored) == on_disk,
            "file names stored losslessly (\\xHH for bytes not UTF-8)",
            "%r vs %r" % (stored, on_disk))
    r = rel.run([progdb, "--db", db, "ingest", "docs"], cwd=work)
    again = sorted(p for (p,) in c.execute("SELECT rel_path FROM document"))
    s.check(again == stored and b"%d unchanged" % len(on_disk) in r.err,
            "ingest again: every file found unchanged, none duplicated",
            repr(r))
    legacy_names(progdb, s, work, db)

    queries = ["SELECT rel_path, title FROM document ORDER BY rel_path",
               "SELECT text FROM item ORDER BY document_id, line",
               "SELECT message FROM diagnostic"]
    for q in queries:
        for fmt in ("text", "md"):
            r = rel.run([progdb, "--db", db, "sql", "--format", fmt, q],
                        cwd=work)
            s.check(r.rc == 0 and raw_controls(r.out) == [],
                    "%s output escaped: %s" % (fmt, q),
                    "%s %s" % (raw_controls(r.out), r))
        r = rel.run([progdb, "--db", db, "sql", "--format", "json", q],
                    cwd=work)
        try:
            rows = json.loads(r.out.decode("utf-8", "strict"))
            valid = True
        except ValueError as e:
            rows, valid = None, False
            print("json error: %s" % e)
        s.check(r.rc == 0 and valid, "json valid: %s" % q, repr(r))
        if valid:
            want = [tuple(x.decode("utf-8", "replace") for x in row)
                    for row in c.execute(q)]
            got = [tuple(row.values()) for row in rows]
            s.check(got == want, "json exact: %s" % q)
    r = rel.run([progdb, "--db", db, "sql", "--format", "csv",
                 "SELECT text FROM item ORDER BY line"], cwd=work)
    cells = [row[0] for row in csv.reader(io.StringIO(r.out.decode()))][1:]
    risky = [x for x in cells if x[:1] in ("=", "+", "-", "@")]
    s.check(r.rc == 0 and risky == [], "csv: no cell starts a formula",
            repr(risky))
    for f in FORMULAS:
        s.check(("'" + f) in cells, "csv keeps %r behind a quote" % f)
    c.close()
    report_output(progdb, s, work, db)
    s.exit()


if __name__ == "__main__":
    main()
